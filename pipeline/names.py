"""Names of people and places, month and weekday names, and English function words, from
well-kept libraries rather than hand-written lists.

Faker (MIT licence) carries the first names of its person providers for some eighty
locales (Spanish, Polish, Turkish, Romanian, Japanese in Latin letters, ...): about
31,000 names. The officials extractor uses them where the statistical model does not
bound a person: in ``Minister of Infrastructure and Transport Lucía Fernanda Zelaya
Ortiz`` the name starts at the first given name after the title's subject. A given name that
is also the name of a place (``Asia``, ``Georgia``) is not taken for one there: CLDR's English
territory names, through Babel, say which.

The set is read once per process from the installed package; its version is part of
the rules' fingerprint (see :func:`pipeline.rules.load_rules`), so a new version of
either library reprocesses every document.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import pkgutil
from functools import lru_cache
from importlib.metadata import version

#: The attributes of a Faker person provider that hold first names.
_ATTRS = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


def source() -> str:
    """Where the names and words come from, with the versions (``faker 40.63.0, babel 2.19.0, ...``)."""
    from .modelinfo import DEFAULT_MODEL

    try:
        model = f", {DEFAULT_MODEL} {version(DEFAULT_MODEL.replace('_', '-'))}"
    except Exception:   # not installed: no WordNet words (wordnet_words)
        model = ""
    return f"faker {version('faker')}, babel {version('babel')}{model}"


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Every first name of Faker's person providers, as written there (``Lucía``, ``Jørgen``).

    >>> {"Lucía", "Farida", "Kenji"} <= given_names(), "Transport" in given_names()
    (True, False)
    """
    import faker.providers.person as providers

    names: set[str] = set()
    for info in pkgutil.iter_modules(providers.__path__):
        module = importlib.import_module(f"{providers.__name__}.{info.name}")
        provider = getattr(module, "Provider", None)
        for attr in _ATTRS:
            value = vars(provider).get(attr) if provider is not None else None
            if isinstance(value, (dict, tuple, list, set, frozenset)):
                names.update(n for n in value if isinstance(n, str) and n[:1].isupper() and " " not in n)
    return frozenset(names)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common English words, lower case: a name made only of them (``Investment Operations``, ``Public
    Affairs``) is no person's. Faker's English word list and the nouns, verbs, adjectives and adverbs of
    WordNet as spaCy's English pipeline ships them (:func:`wordnet_words`).

    >>> {"investment", "operation", "finance", "affairs"} <= common_words(), "kubota" in common_words()
    (True, False)
    """
    from faker.providers.lorem.en_US import Provider

    return frozenset(w.lower() for w in Provider.word_list) | wordnet_words()


@lru_cache(maxsize=1)
def wordnet_words() -> frozenset[str]:
    """The single-word entries of WordNet's noun, verb, adjective and adverb indexes, as the project's
    default English pipeline ships them in its lemmatizer's ``lemma_index`` table (no download); empty
    when that pipeline is not installed."""
    import glob

    from spacy.lookups import Lookups

    from .modelinfo import DEFAULT_MODEL

    spec = importlib.util.find_spec(DEFAULT_MODEL)
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    found = glob.glob(f"{list(spec.submodule_search_locations)[0]}/*/lemmatizer/lookups")
    if not found:
        return frozenset()
    index = Lookups().from_disk(found[0]).get_table("lemma_index")
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, ()) if w.isalpha())


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """CLDR's English territory names, countries and world regions alike (``Asia``, ``Georgia``,
    ``Sint Maarten``, ``Western Africa``).

    >>> {"Asia", "Georgia", "Sint Maarten"} <= place_names()
    True
    """
    from babel import Locale

    return frozenset(Locale("en").territories.values())


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """The words of CLDR's English territory names: countries and world regions (``Asia``,
    ``Georgia``, ``Western``, ``Africa``).

    >>> {"Asia", "Georgia", "Kosovo"} <= place_words(), "Lucía" in place_words()
    (True, False)
    """
    return frozenset(w for name in place_names() for w in name.replace("-", " ").split() if w[:1].isupper())


#: CLDR territory codes that are no country: groupings and pseudo-locales.
_NOT_COUNTRIES = frozenset(("EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"))


def country_names() -> tuple[str, ...]:
    """CLDR's English names of countries and territories (``Samoa``, ``Solomon Islands``,
    ``Bosnia & Herzegovina`` also as ``Bosnia and Herzegovina``, ``Myanmar`` for ``Myanmar (Burma)``):
    the names of :func:`territory_names`.

    >>> {"Samoa", "Tonga", "Trinidad and Tobago", "Myanmar"} <= set(country_names())
    True
    """
    return tuple(territory_names())


@lru_cache(maxsize=1)
def _english_calendar() -> dict[str, dict[str, int]]:
    """CLDR's month and weekday names of every English locale Babel carries, in Latin letters:
    ``months`` and ``weekdays`` (wide names), ``months_abbr`` and ``weekdays_abbr``
    (abbreviations that are not also a wide name), each name -> its number (months 1 to 12,
    weekdays 0 = Monday to 6 = Sunday, as ``date.weekday()``)."""
    from babel import Locale, localedata

    out: dict[str, dict[str, int]] = {"months": {}, "months_abbr": {}, "weekdays": {}, "weekdays_abbr": {}}
    for ident in sorted(localedata.locale_identifiers()):
        if ident != "en" and not ident.startswith("en_"):
            continue
        locale = Locale.parse(ident)
        for context in ("format", "stand-alone"):
            for key, names in (("months", locale.months[context]), ("weekdays", locale.days[context])):
                for width, target in (("wide", key), ("abbreviated", key + "_abbr")):
                    for number, name in names[width].items():
                        if name.isascii() and name.isalpha():
                            out[target].setdefault(name, number)
    for key in ("months", "weekdays"):
        out[key + "_abbr"] = {n: v for n, v in out[key + "_abbr"].items() if n not in out[key]}
    return out


def month_names() -> dict[str, int]:
    """CLDR's English month names, wide (``January``), -> month number.

    >>> month_names()["September"], len(month_names())
    (9, 12)
    """
    return dict(_english_calendar()["months"])


def month_abbreviations() -> dict[str, int]:
    """CLDR's English month abbreviations that are not a wide name, over the English locales
    (``Sep`` and ``Sept`` alike; ``May`` is a wide name) -> month number.

    >>> sorted(n for n, v in month_abbreviations().items() if v == 9), "May" in month_abbreviations()
    (['Sep', 'Sept'], False)
    """
    return dict(_english_calendar()["months_abbr"])


def weekday_names() -> dict[str, int]:
    """CLDR's English weekday names -> weekday number (0 = Monday, as ``date.weekday()``).

    >>> weekday_names()["Monday"], weekday_names()["Sunday"]
    (0, 6)
    """
    return dict(_english_calendar()["weekdays"])


#: Currencies read are those CLDR says were legal tender in some territory within this window:
#: a fixed window, so what is read does not depend on the day of the run.
CURRENCY_WINDOW = ("2010-01-01", "2035-12-31")


@lru_cache(maxsize=1)
def territory_currencies() -> dict[str, tuple[str, ...]]:
    """CLDR territory code -> the ISO 4217 codes legal tender there within :data:`CURRENCY_WINDOW`.

    >>> territory_currencies()["GH"], territory_currencies()["KE"]
    (('GHS',), ('KES',))
    """
    from datetime import date

    from babel import Locale
    from babel.numbers import get_territory_currencies

    start, end = (date.fromisoformat(d) for d in CURRENCY_WINDOW)
    out = {}
    for code in Locale("en").territories:
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
            found = tuple(get_territory_currencies(code, start, end, tender=True))
            if found:
                out[code] = found
    return out


def _current_currencies() -> frozenset[str]:
    return frozenset(c for codes in territory_currencies().values() for c in codes)


@lru_cache(maxsize=1)
def currency_forms() -> dict[str, tuple[str, ...]]:
    """How English text names the currencies of :func:`territory_currencies` -> their ISO 4217
    codes (several where a form is shared): CLDR's English name and plural and their last word or
    two (the unit: ``cedis``, ``cfa francs``, ``dollars``), lower case; and CLDR's symbols over every
    locale that are written in Latin letters or currency signs, as written (``$``, ``Ksh``, ``GH₵``,
    ``L``).

    >>> currency_forms()["ghanaian cedis"], currency_forms()["cedis"], currency_forms()["Ksh"]
    (('GHS',), ('GHS',), ('KES',))
    >>> "USD" in currency_forms()["dollars"] and "CAD" in currency_forms()["$"]
    True
    """
    import unicodedata

    from babel import Locale, localedata
    from babel.numbers import get_currency_name

    current = _current_currencies()
    found: dict[str, set[str]] = {}

    def add(form: str, code: str) -> None:
        form = re.sub(r"\s+", " ", form.replace("\u202f", " ").replace("\u00a0", " ")).strip()
        if form and "(" not in form:
            found.setdefault(form, set()).add(code)

    english = Locale("en")
    for code in current:
        for name in {english.currencies.get(code), get_currency_name(code, count=1, locale="en"),
                     get_currency_name(code, count=2, locale="en")}:
            if not name or "(" in name:
                continue
            words = name.lower().split()
            for n in range(1, min(len(words), 3) + 1):
                if words[-n][:1].isalpha():
                    add(" ".join(words[-n:]), code)
            add(" ".join(words), code)
    for ident in _currency_locales():
        # each locale's own file: its parents are read as locales of their own
        for code, symbol in localedata.load(ident, merge_inherited=False).get("currency_symbols", {}).items():
            if code in current and symbol != code and all(
                    (ch.isascii() and (ch.isalpha() or ch in "$.")) or unicodedata.category(ch) == "Sc"
                    or ch in " \u202f\u00a0" for ch in symbol):
                add(symbol, code)
    _forget_locale_data()
    return {form: tuple(sorted(codes)) for form, codes in sorted(found.items())}


def _currency_locales() -> list[str]:
    """The locales whose currency symbols are read: the English ones, and those of each territory's
    official languages, there and in general (``es_HN`` writes the lempira ``L``, ``en_KE`` the
    shilling ``Ksh``, ``zh_Hans_SG`` the Singapore dollar ``S$``)."""
    from babel import localedata
    from babel.languages import get_official_languages

    known = set(localedata.locale_identifiers())
    chosen = {ident for ident in known if ident == "en" or ident.startswith("en_")}
    for territory in territory_currencies():
        for language in get_official_languages(territory, de_facto=True):
            chosen.update(ident for ident in known if ident == language or (
                ident.startswith(language + "_") and ident.endswith("_" + territory)))
    return sorted(chosen)


def _forget_locale_data() -> None:
    """Drop the locale data Babel keeps after a read of hundreds of locales (about 250 MB that no
    later step needs); Babel has no public call for it, so this does nothing if its cache moves."""
    from babel import localedata

    cache = getattr(localedata, "_cache", None)
    if isinstance(cache, dict):
        cache.clear()


@lru_cache(maxsize=None)
def currency_digits(code: str) -> int:
    """The ISO 4217 minor-unit digits of a currency (CLDR through Babel): 2 for USD, 0 for JPY.

    >>> currency_digits("USD"), currency_digits("JPY"), currency_digits("KWD")
    (2, 0, 3)
    """
    from babel.numbers import get_currency_precision

    return get_currency_precision(code)


def current_currency_codes() -> tuple[str, ...]:
    """The ISO 4217 codes of :func:`territory_currencies`, sorted."""
    return tuple(sorted(_current_currencies()))


@lru_cache(maxsize=1)
def territory_names() -> dict[str, str]:
    """CLDR's English country names -> territory code (groupings and pseudo-territories left out,
    ``Myanmar`` for ``Myanmar (Burma)``, ``&`` also written ``and``).

    >>> territory_names()["Myanmar"], territory_names()["Trinidad and Tobago"]
    ('MM', 'TT')
    """
    from babel import Locale

    out: dict[str, str] = {}
    for code, name in Locale("en").territories.items():
        if not (len(code) == 2 and code.isalpha()) or code in _NOT_COUNTRIES or " - " in name:
            continue
        name = re.sub(r"\s*\([^)]*\)|\s+SAR China$", "", name)
        out.setdefault(name, code)
        if "&" in name:
            out.setdefault(name.replace("&", "and"), code)
    return out


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (``the``, ``on``, ``two``), imported on first use: importing
    spaCy costs about a second, which a rerun with nothing to do should not pay.

    >>> {"the", "on", "two"} <= stop_words(), "minister" in stop_words()
    (True, False)
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
