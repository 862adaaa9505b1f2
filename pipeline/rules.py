"""Rules and lexicons: the data files under ``models/``, loaded and validated in one place.

Layout of a models folder::

    models/
      patterns/<kind>.jsonl   one rule per line: {"id": ..., "pattern": <regex>, ...}
      lexicons/<name>.txt     one entry per line; lines starting with '#' are comments
      lexicons/<name>.json    a mapping (for example currency symbol -> ISO code)

A pattern may use ``{name}`` placeholders naming a ``.txt`` lexicon; each is
replaced by a regex alternation of the lexicon's entries (escaped, longest
first). Patterns are compiled with ``re.IGNORECASE`` only when the rule says
``"ignore_case": true``. A rule whose matches never cross a line break may give
a ``"line_trigger"``: a cheap pattern every match's line must contain (a digit
for amounts); the rule then runs only over such lines, which finds the same
matches in less time. Every other key of a rule is kept in ``Rule.attrs`` for
the extractor that owns the kind.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

#: The models folder shipped with the project.
DEFAULT_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class RulesError(ValueError):
    """A rule or lexicon file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    regex: re.Pattern
    #: when set, the rule only runs over the lines this cheaper pattern finds something in
    trigger: re.Pattern | None = field(default=None, compare=False)
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Rules:
    """All rules and lexicons of one models folder."""

    root: Path
    patterns: dict[str, list[Rule]]
    lexicons: dict[str, list[str]]
    mappings: dict[str, dict[str, Any]]
    fingerprint: str

    def kind(self, kind: str) -> list[Rule]:
        """The rules of one kind (the stem of a patterns file), in file order."""
        return self.patterns.get(kind, [])

    def lexicon(self, name: str) -> list[str]:
        try:
            return self.lexicons[name]
        except KeyError:
            raise RulesError(f"{self.root}/lexicons/{name}.txt: no such lexicon") from None

    def mapping(self, name: str) -> dict[str, Any]:
        try:
            return self.mappings[name]
        except KeyError:
            raise RulesError(f"{self.root}/lexicons/{name}.json: no such mapping") from None

    def alternation(self, name: str) -> str:
        """A regex alternation matching any entry of a lexicon (longest first)."""
        return _alternation(tuple(self.lexicon(name)))


@lru_cache(maxsize=None)
def _alternation(entries: tuple[str, ...]) -> str:
    ordered = sorted(set(entries), key=lambda s: (-len(s), s))
    return "(?:" + "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in ordered) + ")"


def _read_lexicon(path: Path) -> list[str]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries.append(line)
    if not entries:
        raise RulesError(f"{path}: lexicon is empty")
    return entries


def _expand(pattern: str, lexicons: dict[str, list[str]], where: str) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in lexicons:
            raise RulesError(f"{where}: unknown lexicon {{{name}}}")
        return _alternation(tuple(lexicons[name]))

    return _PLACEHOLDER.sub(sub, pattern)


def _compile(pattern: str, flags: int, lexicons: dict[str, list[str]], where: str) -> re.Pattern:
    try:
        return re.compile(_expand(pattern, lexicons, where), flags)
    except re.error as exc:
        raise RulesError(f"{where} does not compile: {exc}") from None


def load_rules(root: str | Path | None = None) -> Rules:
    """Load and validate every rule and lexicon file under ``root``.

    Raises :class:`RulesError` naming the file and line of the first problem.
    """
    root = Path(root) if root is not None else DEFAULT_MODELS_DIR
    return _load_rules(root.resolve())


@lru_cache(maxsize=8)
def _load_rules(root: Path) -> Rules:
    if not root.is_dir():
        raise RulesError(f"{root}: models folder not found")
    digest = hashlib.sha256()
    lexicons: dict[str, list[str]] = {}
    mappings: dict[str, dict[str, Any]] = {}
    lex_dir = root / "lexicons"
    for path in sorted(lex_dir.glob("*")) if lex_dir.is_dir() else []:
        if path.suffix == ".txt":
            lexicons[path.stem] = _read_lexicon(path)
        elif path.suffix == ".json":
            try:
                mappings[path.stem] = json.loads(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise RulesError(f"{path}: invalid JSON: {exc}") from None
        else:
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes())

    patterns: dict[str, list[Rule]] = {}
    seen: dict[str, str] = {}
    pat_dir = root / "patterns"
    for path in sorted(pat_dir.glob("*.jsonl")) if pat_dir.is_dir() else []:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        kind = path.stem
        rules = patterns.setdefault(kind, [])
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            where = f"{path}:{lineno}"
            try:
                spec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RulesError(f"{where}: invalid JSON: {exc}") from None
            if not isinstance(spec, dict) or "id" not in spec or "pattern" not in spec:
                raise RulesError(f'{where}: a rule needs "id" and "pattern"')
            rule_id = spec.pop("id")
            if rule_id in seen:
                raise RulesError(f"{where}: duplicate rule id {rule_id!r} (first in {seen[rule_id]})")
            seen[rule_id] = where
            flags = re.UNICODE | (re.IGNORECASE if spec.pop("ignore_case", False) else 0)
            regex = _compile(spec.pop("pattern"), flags, lexicons, f"{where}: rule {rule_id!r}")
            trigger = None
            if "line_trigger" in spec:
                trigger = _compile(spec.pop("line_trigger"), flags, lexicons, f"{where}: trigger of {rule_id!r}")
            rules.append(Rule(id=rule_id, kind=kind, regex=regex, trigger=trigger, attrs=spec))
    return Rules(root=root, patterns=patterns, lexicons=lexicons, mappings=mappings,
                 fingerprint=digest.hexdigest()[:16])
