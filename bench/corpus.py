"""Synthetic press releases for benchmarks: seeded, reproducible and varied.

``generate(n, seed, out_dir)`` writes ``n`` English press releases (UTF-8 .txt)
about internationally funded security, justice and migration programmes. Each
document is built from its own ``random.Random`` seeded by ``(seed, index)``,
so a corpus of 200 documents is the first 200 of a corpus of 1000 with the same
seed, and the same call always writes the same bytes.

The texts mix what the pipeline meets in real releases: programme names built
from parts with acronyms defined in the text, phases, funder and implementer
sentences, fact boxes, officials (apposition, title before the name, quotes
with "said"), amounts in several currencies and notations with qualifiers,
dates and header layouts in several formats, durations and periods, distractor
numbers (percentages, counts, phone numbers, references) and web-page chrome.
Lengths range from about 150 to 1500 words.
"""

from __future__ import annotations

import hashlib
import random
import re
from datetime import date, timedelta
from pathlib import Path

# --------------------------------------------------------------------------- vocabulary

#: (theme word, focus words, the field in running text, the crime it fights)
THEMES = [
    ("Border", ["Management", "Security", "Control"], "border management", "Migrant Smuggling"),
    ("Maritime", ["Security", "Surveillance", "Cooperation"], "maritime security", "Piracy"),
    ("Cybercrime", ["Response", "Cooperation", "Capacity"], "cybercrime", "Cybercrime"),
    ("Justice", ["Reform", "Cooperation", "Access"], "criminal justice", "Organised Crime"),
    ("Migration", ["Governance", "Management", "Dialogue"], "migration governance", "Human Trafficking"),
    ("Drug", ["Policy", "Monitoring", "Control"], "drug policy", "Drug Trafficking"),
    ("Customs", ["Modernisation", "Cooperation", "Enforcement"], "customs enforcement", "Smuggling"),
    ("Firearms", ["Control", "Trafficking Prevention", "Tracing"], "firearms control", "Firearms Trafficking"),
    ("Counter-Terrorism", ["Cooperation", "Response", "Financing"], "counter-terrorism", "Terrorism"),
    ("Police", ["Cooperation", "Training", "Reform"], "police cooperation", "Organised Crime"),
    ("Anti-Corruption", ["Enforcement", "Investigation", "Integrity"], "anti-corruption", "Corruption"),
    ("Human Trafficking", ["Prevention", "Response", "Protection"], "anti-trafficking", "Human Trafficking"),
    ("Forensic", ["Science", "Capacity", "Cooperation"], "forensic science", "Serious Crime"),
    ("Prison", ["Reform", "Management", "Rehabilitation"], "prison reform", "Radicalisation"),
    ("Financial Crime", ["Investigation", "Intelligence", "Prevention"], "financial investigation", "Money Laundering"),
    ("Environmental Crime", ["Enforcement", "Prevention", "Response"], "environmental protection", "Wildlife Trafficking"),
]

HEADS = ["Programme", "Project", "Initiative", "Facility", "Partnership", "Action"]

#: regions written with "the" in running text
THE_REGIONS = {"Western Balkans", "Sahel", "Eastern Partnership", "Southern Neighbourhood", "Caribbean",
               "Horn of Africa", "Black Sea", "Gulf of Guinea", "Indian Ocean", "Silk Route"}

REGIONS = [
    ("Central Asia", ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]),
    ("Western Balkans", ["Albania", "Bosnia and Herzegovina", "Kosovo", "Montenegro", "North Macedonia", "Serbia"]),
    ("Sahel", ["Burkina Faso", "Chad", "Mali", "Mauritania", "Niger"]),
    ("West Africa", ["Benin", "Côte d'Ivoire", "Ghana", "Guinea", "Nigeria", "Senegal", "Togo"]),
    ("Eastern Partnership", ["Armenia", "Azerbaijan", "Georgia", "Moldova", "Ukraine"]),
    ("Southern Neighbourhood", ["Algeria", "Egypt", "Jordan", "Lebanon", "Morocco", "Tunisia"]),
    ("Latin America", ["Argentina", "Brazil", "Colombia", "Ecuador", "Panama", "Peru"]),
    ("Caribbean", ["Barbados", "Dominican Republic", "Jamaica", "Trinidad and Tobago"]),
    ("Horn of Africa", ["Djibouti", "Ethiopia", "Kenya", "Somalia", "Sudan"]),
    ("South East Asia", ["Cambodia", "Indonesia", "Malaysia", "Philippines", "Thailand", "Viet Nam"]),
    ("Black Sea", ["Bulgaria", "Georgia", "Romania", "Türkiye", "Ukraine"]),
    ("Gulf of Guinea", ["Cameroon", "Gabon", "Ghana", "Nigeria", "São Tomé and Príncipe"]),
    ("Indian Ocean", ["Comoros", "Madagascar", "Mauritius", "Seychelles"]),
    ("Silk Route", ["Afghanistan", "Bangladesh", "Iran", "Iraq", "Pakistan"]),
]

CITIES = {
    "Kazakhstan": "Almaty", "Kyrgyzstan": "Bishkek", "Tajikistan": "Dushanbe", "Uzbekistan": "Tashkent",
    "Turkmenistan": "Ashgabat", "Albania": "Tirana", "Bosnia and Herzegovina": "Sarajevo",
    "Kosovo": "Pristina", "Montenegro": "Podgorica", "North Macedonia": "Skopje", "Serbia": "Belgrade",
    "Burkina Faso": "Ouagadougou", "Chad": "N'Djamena", "Mali": "Bamako", "Mauritania": "Nouakchott",
    "Niger": "Niamey", "Benin": "Cotonou", "Côte d'Ivoire": "Abidjan", "Ghana": "Accra",
    "Guinea": "Conakry", "Nigeria": "Abuja", "Senegal": "Dakar", "Togo": "Lomé", "Armenia": "Yerevan",
    "Azerbaijan": "Baku", "Georgia": "Tbilisi", "Moldova": "Chișinău", "Ukraine": "Kyiv",
    "Algeria": "Algiers", "Egypt": "Cairo", "Jordan": "Amman", "Lebanon": "Beirut", "Morocco": "Rabat",
    "Tunisia": "Tunis", "Argentina": "Buenos Aires", "Brazil": "Brasília", "Colombia": "Bogotá",
    "Ecuador": "Quito", "Panama": "Panama City", "Peru": "Lima", "Barbados": "Bridgetown",
    "Dominican Republic": "Santo Domingo", "Jamaica": "Kingston", "Trinidad and Tobago": "Port of Spain",
    "Djibouti": "Djibouti", "Ethiopia": "Addis Ababa", "Kenya": "Nairobi", "Somalia": "Mogadishu",
    "Sudan": "Khartoum", "Cambodia": "Phnom Penh", "Indonesia": "Jakarta", "Malaysia": "Kuala Lumpur",
    "Philippines": "Manila", "Thailand": "Bangkok", "Viet Nam": "Hanoi", "Bulgaria": "Sofia",
    "Romania": "Bucharest", "Türkiye": "Ankara", "Cameroon": "Yaoundé", "Gabon": "Libreville",
    "São Tomé and Príncipe": "São Tomé", "Comoros": "Moroni", "Madagascar": "Antananarivo",
    "Mauritius": "Port Louis", "Seychelles": "Victoria", "Afghanistan": "Kabul", "Bangladesh": "Dhaka",
    "Iran": "Tehran", "Iraq": "Baghdad", "Pakistan": "Islamabad",
}
HQ_CITIES = ["Brussels", "Vienna", "Lyon", "The Hague", "Lisbon", "Madrid", "Budapest", "Warsaw",
             "Rome", "Paris", "Berlin", "Geneva", "New York"]

FUNDERS = [
    ("European Union", "EU"), ("European Commission", None),
    ("Directorate-General for Neighbourhood and Enlargement Negotiations", "DG NEAR"),
    ("Directorate-General for International Partnerships", "DG INTPA"),
    ("Service for Foreign Policy Instruments", "FPI"),
    ("German Federal Foreign Office", None), ("United Kingdom Home Office", None),
    ("Government of Japan", None), ("Netherlands Ministry of Foreign Affairs", None),
    ("Government of Canada", None), ("Norwegian Ministry of Foreign Affairs", None),
    ("United States Department of State", None),
]
IMPLEMENTERS = [
    ("International Criminal Police Organization", "INTERPOL"),
    ("United Nations Office on Drugs and Crime", "UNODC"),
    ("International Centre for Migration Policy Development", "ICMPD"),
    ("International Organization for Migration", "IOM"),
    ("European Union Agency for Law Enforcement Training", "CEPOL"),
    ("Deutsche Gesellschaft für Internationale Zusammenarbeit", "GIZ"),
    ("International and Ibero-American Foundation for Administration and Public Policies", "FIIAPP"),
    ("Expertise France", None), ("CIVIPOL", None),
    ("Organization for Security and Co-operation in Europe", "OSCE"),
    ("United Nations Development Programme", "UNDP"),
    ("World Customs Organization", "WCO"),
    ("Council of Europe", None), ("Europol", None), ("Frontex", None),
]
INSTRUMENTS = [
    "the Neighbourhood, Development and International Cooperation Instrument (NDICI-Global Europe)",
    "the Instrument contributing to Stability and Peace (IcSP)",
    "the European Neighbourhood Instrument (ENI)",
    "the Instrument for Pre-accession Assistance (IPA III)",
    "the EU Emergency Trust Fund for Africa",
    "the Development Cooperation Instrument (DCI)",
]

FIRST_F = ["Anna", "Fatima", "Olena", "María", "Aigerim", "Elira", "Sofia", "Nadia", "Amina", "Priya",
           "Ingrid", "Katarzyna", "Hélène", "Nino", "Grace", "Leila", "Claudia", "Miriam", "Zarina",
           "Aïcha", "Eva", "Rania", "Mei", "Thi Lan"]
FIRST_M = ["Marco", "Ahmed", "Jean-Pierre", "Luis", "Bakyt", "Dragan", "Thomas", "Kwame", "Ibrahim",
           "Chen", "Rafael", "Lars", "Piotr", "Giorgi", "Samuel", "Youssef", "Diego", "Oleksandr",
           "Tomás", "Stefan", "Mohammed", "Juan Carlos", "Van Minh"]
LAST = ["Müller", "Rossi", "Benali", "Kovalenko", "Dubois", "García López", "Nurlanovna",
        "Jovanović", "Çela", "Lindqvist", "Okafor", "Mensah", "Diallo", "Haddad", "Tran",
        "Sharma", "Fernandes", "Johansson", "Nowak", "Kowalski", "Beridze", "Abashidze", "Ochieng",
        "El Amrani", "Mansour", "Herrera", "Castillo", "Schneider", "Van den Berg", "O'Connell",
        "Petrov", "Ismailova", "Sørensen", "De Luca", "Marín", "Kamara", "Traoré", "Sy", "Bakiev"]
HONORIFICS = {"f": ["Ms", "Ms.", "Mrs", "Dr", "Prof.", "H.E.", "Colonel", "Judge", ""],
              "m": ["Mr", "Mr.", "Dr", "Prof.", "H.E.", "Colonel", "General", "Judge", ""]}
POSTS = [
    "Director of {org}", "Head of the EU Delegation to {country}", "EU Ambassador to {country}",
    "Minister of Interior of {country}", "Minister of Justice of {country}",
    "Head of the Border Police of {country}", "Programme Manager at {org}",
    "Deputy Director General of {org}", "Executive Director of {org}",
    "Head of Unit for regional cooperation at the European Commission",
    "Team Leader of the {short}", "Chief Prosecutor of {country}",
    "Director General of Customs of {country}", "Head of Cooperation at the EU Delegation to {country}",
    "Senior Adviser at {org}", "Regional Coordinator of {org}",
]
TITLED = ["Minister", "Ambassador", "Director", "Commissioner", "Prosecutor General",
          "Police Commissioner", "Deputy Minister", "Secretary General"]

CURRENCIES = {"EUR": ("EUR", "€", "euros"), "USD": ("USD", "US$", "dollars"),
              "GBP": ("GBP", "£", "pounds"), "CHF": ("CHF", "CHF", "Swiss francs")}
QUALIFIERS = ["", "", "", "up to ", "around ", "approximately ", "more than ", "over ", "some ",
              "nearly ", "at least ", "about ", "almost "]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
                8: "eight", 9: "nine", 10: "ten", 12: "twelve", 18: "eighteen", 24: "twenty-four",
                36: "thirty-six", 48: "forty-eight"}
ORDINALS = ["first", "second", "third", "fourth", "fifth"]
ROMAN = ["I", "II", "III", "IV", "V"]
SMALL = {"for", "in", "of", "the", "and", "to", "on", "against"}


# --------------------------------------------------------------------------- formatting helpers

def _group(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def money(rng: random.Random, value: int, cur: str) -> str:
    """``value`` units of ``cur`` in one of several notations."""
    code, symbol, word = CURRENCIES[cur]
    millions = value / 1_000_000
    m = f"{millions:.2f}".rstrip("0").rstrip(".")
    style = rng.randrange(11)
    if value < 1_000_000 and style in (1, 2, 5, 6):
        style = 0
    if style == 0:
        return f"{code} {_group(value, rng.choice([' ', ',', ' ']))}"
    if style == 1:
        return f"{symbol}{m} million" if symbol != "CHF" else f"CHF {m} million"
    if style == 2:
        return f"{m} million {word}"
    if style == 3:
        return f"{_group(value, '.')},00 {code}"
    if style == 4:
        return f"{code} {_group(value, ',')}.00"
    if style == 5:
        return f"{code} {m}m" if rng.random() < 0.5 else f"{symbol}{m}m"
    if style == 6:
        return f"{code} {m} million"
    if style == 7:
        return f"{symbol}{_group(value, ',')}" if symbol != "CHF" else f"CHF {_group(value, ',')}"
    if style == 8 and value % 1000 == 0 and value < 1_000_000:
        return f"{symbol}{value // 1000}k" if symbol != "CHF" else f"CHF {value // 1000}k"
    if style == 9 and value >= 1_000_000_000:
        return f"{code} {value / 1e9:.1f} billion"
    return f"{code} {_group(value, ' ')}"


def round_value(rng: random.Random, lo: float, hi: float) -> int:
    """A plausible budget figure between ``lo`` and ``hi`` (rounded like real budgets)."""
    v = rng.uniform(lo, hi)
    step = rng.choice([1_000_000, 500_000, 100_000, 50_000, 10_000]) if v > 1_000_000 else 10_000
    return max(step, int(round(v / step)) * step)


def fmt_date(rng: random.Random, d: date, styles: str = "dmy") -> str:
    style = rng.choice(styles)
    if style == "d":
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    if style == "m":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def duration_noun(rng: random.Random, months: int) -> str:
    """'36 months', 'three years', 'eighteen months', 'four and a half years'."""
    options = [f"{months} months" if months != 1 else "one month"]
    if months % 12 == 0:
        y = months // 12
        options.append(f"{NUMBER_WORDS.get(y, y)} year{'s' if y > 1 else ''}")
    elif months % 12 == 6 and months > 12:
        options.append(f"{NUMBER_WORDS.get(months // 12)} and a half years")
    if months in NUMBER_WORDS:
        options.append(f"{NUMBER_WORDS[months]} months")
    return rng.choice(options)


def duration_adj(rng: random.Random, months: int) -> str:
    """'a 36-month', 'a three-year', 'an 18-month'."""
    options = [f"{months}-month"]
    if months % 12 == 0:
        options.append(f"{NUMBER_WORDS.get(months // 12, months // 12)}-year")
    phrase = rng.choice(options)
    return ("an " if phrase[:1] in "8e" or phrase.startswith(("11", "18")) else "a ") + phrase


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def acronym_of(name: str) -> str:
    """Initials of the significant words: 'Border Security Programme for Central Asia' -> 'BSPCA'."""
    parts = []
    for word in re.split(r"[\s\-]+", name):
        if not word or word.lower() in SMALL:
            continue
        if word.isupper() and len(word) <= 4:
            parts.append(word)
        else:
            parts.append(word[0].upper())
    return "".join(parts)


# --------------------------------------------------------------------------- one document

class Release:
    """Everything one press release talks about, drawn once; rendered by ``text``."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        theme, focuses, self.field, self.crime = rng.choice(THEMES)
        self.theme = theme
        self.focus = rng.choice(focuses)
        self.head = rng.choice(HEADS)
        self.region, countries = rng.choice(REGIONS)
        self.countries = rng.sample(countries, k=min(len(countries), rng.randint(2, 5)))
        self.country = self.countries[0]
        self.the_region = ("the " if self.region in THE_REGIONS else "") + self.region
        form = rng.randrange(7)
        if form == 0:
            name = f"{self.region} {theme} {self.focus} {self.head}"
        elif form == 1:
            name = f"{theme} {self.focus} {self.head} for {self.region}"
        elif form == 2:
            name = f"EU-{self.region} {theme} {self.focus} {self.head}"
        elif form == 3:
            name = f"Support to {theme} {self.focus} in {self.the_region}"
        elif form == 4:
            name = f"{self.head} against {self.crime} in {self.the_region}"
        elif form == 5:
            name = f"Countering {self.crime} in {self.the_region}"
        else:
            name = f"{theme} {self.focus} {self.head} in {self.country}"
        self.name = name
        self.acronym = acronym_of(name)
        if rng.random() < 0.15:
            self.acronym = "EU4" + theme.split()[0].replace("-", "")
        self.phase = rng.choice([1, 1, 2, 2, 2, 3, 4])
        self.roman = ROMAN[self.phase - 1]
        self.short = f"{self.acronym} {self.roman}" if self.phase > 1 else self.acronym
        self.full = f"{self.name} {self.roman}" if self.phase > 1 else self.name
        self.funder = rng.choice(FUNDERS[:5]) if rng.random() < 0.75 else rng.choice(FUNDERS)
        self.cofunder = rng.choice(FUNDERS[5:]) if rng.random() < 0.35 else None
        self.implementers = rng.sample(IMPLEMENTERS, k=rng.choice([1, 1, 2, 3]))
        self.instrument = rng.choice(INSTRUMENTS) if rng.random() < 0.4 else None
        self.currency = rng.choices(list(CURRENCIES), weights=[70, 20, 6, 4])[0]
        self.budget = round_value(rng, 800_000, 60_000_000)
        self.months = rng.choice([12, 18, 24, 30, 36, 36, 42, 48, 48, 60])
        self.start = date(rng.randint(2012, 2025), rng.randint(1, 12), 1)
        self.end = add_months(self.start, self.months) - timedelta(days=1)
        self.published = self.start + timedelta(days=rng.randint(-40, 400))
        self.city = CITIES.get(self.country, rng.choice(HQ_CITIES)) if rng.random() < 0.7 else rng.choice(HQ_CITIES)
        self.people = [self._person() for _ in range(rng.randint(1, 4))]
        self.used_people: set[int] = set()

    # -- pieces --------------------------------------------------------------

    def _person(self) -> dict:
        rng = self.rng
        org_long, org_short = rng.choice(self.implementers + [self.funder] + IMPLEMENTERS[:4])
        if org_short:
            org = org_short
        elif org_long.startswith(("Expertise", "CIVIPOL", "Europol", "Frontex")):
            org = org_long
        else:
            org = f"the {org_long}"
        post = rng.choice(POSTS).format(org=org, country=rng.choice(self.countries), short=self.short)
        sex = rng.choice("fm")
        first, last = rng.choice(FIRST_F if sex == "f" else FIRST_M), rng.choice(LAST)
        return {"first": first, "last": last, "hon": rng.choice(HONORIFICS[sex]), "post": post,
                "titled": rng.choice(TITLED), "he": "she" if sex == "f" else "he"}

    def amount(self, value: int | None = None, qualifier: bool = True) -> str:
        rng = self.rng
        value = value if value is not None else round_value(rng, 50_000, self.budget)
        q = rng.choice(QUALIFIERS) if qualifier else ""
        return q + money(rng, value, self.currency)

    def org(self, pair: tuple[str, str | None], define: bool = False) -> str:
        long, short = pair
        the = "the " if not long.startswith(("Expertise", "CIVIPOL", "Europol", "Frontex", "Deutsche")) else ""
        if short and define:
            return f"{the}{long} ({short})"
        if short and self.rng.random() < 0.6:
            return short
        return the + long

    def any_date(self, d: date | None = None) -> str:
        rng = self.rng
        d = d or self.published + timedelta(days=rng.randint(-200, 200))
        r = rng.random()
        if r < 0.45:
            return "on " + fmt_date(rng, d, "ddm")
        if r < 0.6:
            return f"on {d.day} {MONTHS[d.month - 1]}"
        if r < 0.75:
            return f"in {MONTHS[d.month - 1]} {d.year}"
        if r < 0.85:
            return f"on {WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} {d.year}"
        if r < 0.92:
            return f"in mid-{d.year}"
        return f"in {d.year}"

    def period(self) -> str:
        rng, s, e = self.rng, self.start, self.end
        style = rng.randrange(7)
        if style == 0:
            return f"from {MONTHS[s.month - 1]} {s.year} to {MONTHS[e.month - 1]} {e.year}"
        if style == 1:
            return f"between {MONTHS[s.month - 1]} {s.year} and {MONTHS[e.month - 1]} {e.year}"
        if style == 2:
            return f"from {s.day} {MONTHS[s.month - 1]} {s.year} to {e.day} {MONTHS[e.month - 1]} {e.year}"
        if style == 3:
            return f"over the period {s.year}–{e.year}"
        if style == 4:
            return f"from {s:%d/%m/%Y} until {e:%d/%m/%Y}"
        if style == 5:
            return f"for {duration_noun(rng, self.months)}"
        return f"until {MONTHS[e.month - 1]} {e.year}"

    def speaker(self, intro: bool) -> tuple[str, str, dict]:
        """(first mention, later mention, person) of a speaker not yet introduced if possible."""
        rng = self.rng
        fresh = [i for i in range(len(self.people)) if i not in self.used_people]
        i = rng.choice(fresh) if fresh and intro else rng.randrange(len(self.people))
        p = self.people[i]
        name = f"{p['first']} {p['last']}"
        if i in self.used_people:
            later = rng.choice([p["last"], f"{p['hon']} {p['last']}".strip(), name])
            return later, later, p
        self.used_people.add(i)
        style = rng.randrange(4)
        hon = f"{p['hon']} " if p["hon"] else ""
        if style == 0:
            first = f"{hon}{name}, {p['post']}"
        elif style == 1:
            first = f"{p['titled']} {name}"
        elif style == 2:
            first = f"{p['post']} {name}"
        else:
            first = f"{hon}{name} ({p['post']})"
        return first, p["last"], p

    def quote(self) -> str:
        rng = self.rng
        q = rng.choice(QUOTES).format(**self.slots())
        first, later, p = self.speaker(intro=True)
        o, c = rng.choice([("“", "”"), ('"', '"')])
        style = rng.randrange(4)
        if style == 0:
            return f"{o}{q}{c} said {first}."
        if style == 1:
            return f"{o}{q}{c}, said {first}."
        if style == 2:
            return f"{first} said: {o}{q}{c}"
        second = rng.choice(QUOTES).format(**self.slots())
        return f"{o}{q}{c} said {first}. {o}{second}{c} {later} added."

    def slots(self) -> dict:
        rng = self.rng
        c1, c2 = rng.sample(self.countries, 2)
        y0 = self.published.year - rng.randint(2, 8)
        return {
            "name": self.name, "full": self.full, "short": self.short, "acr": self.acronym,
            "theme": self.field, "crime": self.crime.lower(),
            "region": self.region, "the_region": self.the_region, "country": c1,
            "country2": c2, "countries": _join(self.countries),
            "year0": y0, "year1": y0 + rng.randint(2, 6),
            "future_date": self.any_date(self.published + timedelta(days=rng.randint(10, 400))),
            "past_date": self.any_date(self.published - timedelta(days=rng.randint(1, 300))),
            "bare_amount": self.amount(qualifier=False),
            "bare_small": self.amount(round_value(rng, 20_000, 900_000), qualifier=False),
            "n": rng.choice([12, 15, 20, 25, 30, 40, 45, 60, 75, 80, 120, 150, 200, 350]),
            "pct": rng.choice([18, 23, 30, 35, 38, 40, 45, 52, 60, 70, 85]),
            "amount": self.amount(), "date": self.any_date(), "year": self.published.year,
            "funder": self.org(self.funder), "impl": self.org(rng.choice(self.implementers)),
            "Funder": _cap(self.org(self.funder)), "Impl": _cap(self.org(rng.choice(self.implementers))),
            "city": self.city, "ord": ORDINALS[self.phase - 1], "head": self.head.lower(),
            "phone": f"+{rng.choice([32, 43, 33, 31, 351, 36])} {rng.randint(1, 99)} {rng.randint(100, 999)} "
                     f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
            "ref": f"{rng.choice(['IP', 'PR', 'MEMO', 'REF'])}/{self.published.year % 100}/{rng.randint(100, 9999)}",
            "hours": rng.choice([8, 12, 16, 24, 40, 72]),
            "dur": duration_noun(rng, rng.choice([3, 6, 9, 12, 18, 24])),
            "small_amount": self.amount(round_value(rng, 20_000, 900_000)),
        }

    # -- parts of the text -----------------------------------------------------

    def header(self) -> list[str]:
        rng, d = self.rng, self.published
        impl = self.implementers[0]
        lines: list[str] = []
        style = rng.randrange(6)
        title = rng.choice(TITLES).format(**self.slots())
        if style in (1, 2, 3) and rng.random() < 0.7:
            lines.append(impl[0] + (f" ({impl[1]})" if impl[1] else ""))
            lines.append(rng.choice(["Home > Newsroom > News", "Home › News centre › Project news",
                                     "Projects > " + self.short + " > News", "Skip to main content",
                                     "Home | About us | Our work | News | Contact"]))
            lines.append("")
        if style == 1:
            lines += [f"{d:%d/%m/%Y} - {rng.randint(8, 18):02d}:{rng.choice(['00', '15', '30', '45'])}", "", title, ""]
        elif style == 2:
            lines += [d.isoformat(), "", title, ""]
            if rng.random() < 0.5:
                lines += [f"Text: {rng.choice(FIRST_F + FIRST_M)} {rng.choice(LAST)}", ""]
        elif style == 3:
            lines += [f"{d.isoformat()} › {title}", ""]
        elif style == 4:
            lines += [rng.choice(["Press release", "News release", "Joint press release"]) + f" | {fmt_date(rng, d, 'dm')}",
                      "", title, ""]
        elif style == 5:
            lines += [title, "", f"{self.city}, {fmt_date(rng, d, 'dm')}", ""]
        else:
            if rng.random() < 0.5:
                lines += [title, ""]
        self.dateline = style == 0 or (style in (1, 2, 4) and rng.random() < 0.4)
        return lines

    def lead(self) -> str:
        rng, s = self.rng, self.slots()
        d = self.published
        prefix = ""
        if self.dateline:
            city = self.city.upper() if rng.random() < 0.7 else self.city
            where = f"{city} ({self.country})" if rng.random() < 0.2 and self.city in CITIES.values() else city
            prefix = f"{where}, {fmt_date(rng, d, 'dm')} {rng.choice(['–', '-', '—'])} "
        funder = self.org(self.funder, define=True)
        impl = _join([self.org(p, define=True) for p in self.implementers])
        verb = rng.choice(["launched", "opened", "signed", "presented", "kicked off"])
        phase_txt = ""
        if self.phase > 1:
            phase_txt = rng.choice([f", the {ORDINALS[self.phase - 1]} phase of the {self.head.lower()}",
                                    f", the follow-up to the {ORDINALS[self.phase - 2]} phase"
                                    f" ({self.acronym}{' ' + ROMAN[self.phase - 2] if self.phase > 2 else ''})",
                                    ""])
        dur = duration_adj(rng, self.months)
        templates = [
            f"{prefix}{_cap(funder)} and {impl} today {verb} the {self.full} ({self.short}){phase_txt}, "
            f"{dur} {self.head.lower()} to strengthen {s['theme']} in {_join(self.countries)}.",
            f"{prefix}The {self.full} ({self.short}){phase_txt} was {verb} {self.any_date()} in {self.city}. "
            f"The {self.head.lower()} is funded by {funder} and implemented by {impl}.",
            f"{prefix}{_cap(impl)} {verb} {rng.choice(['today', 'this week', 'yesterday'])} the {self.full} "
            f"({self.short}){phase_txt}, with {self.amount(self.budget)} from {funder}.",
            f"{prefix}Representatives of {_join(self.countries)} met in {self.city} to mark the start of the "
            f"{self.full} ({self.short}){phase_txt}, which {funder} finances and {impl} implements.",
        ]
        return rng.choice(templates)

    def funding(self) -> str:
        rng = self.rng
        b = self.amount(self.budget)
        parts = [rng.choice([
            f"The {self.short} has a total budget of {b} and will run {self.period()}.",
            f"With {b} from {self.org(self.funder)}, {self.short} will run {self.period()}.",
            f"The {self.head.lower()} is backed by {b} and runs {self.period()}.",
            f"The total budget of the {self.head.lower()} amounts to {b}, for a period of {duration_noun(rng, self.months)}.",
            f"{_cap(self.org(self.funder))} contributes {b} to {self.short}, which is planned {self.period()}.",
        ])]
        if self.cofunder:
            parts.append(f"{_cap(self.org(self.cofunder))} adds {self.amount(round_value(rng, 100_000, self.budget / 3))} "
                         f"in co-funding.")
        if self.instrument:
            parts.append(f"It is financed through {self.instrument}.")
        if self.phase > 1:
            prev = f"{self.name} {ROMAN[self.phase - 2]}" if self.phase > 2 else self.name
            y0 = self.start.year - rng.randint(3, 5)
            parts.append(rng.choice([
                f"It builds on the {ORDINALS[self.phase - 2]} phase, {prev}, which ran from {y0} to {self.start.year - 1} "
                f"with {self.amount(round_value(rng, 500_000, self.budget))}.",
                f"The previous phase was implemented between {MONTHS[rng.randrange(12)]} {y0} and "
                f"{MONTHS[rng.randrange(12)]} {self.start.year - 1}.",
            ]))
        return " ".join(parts)

    def fact_box(self) -> list[str]:
        rng = self.rng
        lines = [rng.choice(["Key facts", "Fact box", "About the project", "At a glance", "Project facts"])]
        lines.append(f"{rng.choice(['Project', 'Programme', 'Title'])}: {self.full}")
        if rng.random() < 0.6:
            lines.append(f"Acronym: {self.short}")
        lines.append(f"{rng.choice(['Budget', 'Total budget', 'EU contribution', 'Total volume'])}: "
                     f"{money(rng, self.budget, self.currency)}")
        if self.cofunder and rng.random() < 0.6:
            lines.append(f"Co-financing: {money(rng, round_value(rng, 100_000, self.budget / 3), self.currency)}")
        lines.append(f"Duration: {self.months} months")
        style = rng.randrange(3)
        if style == 0:
            lines.append(f"Implementation period: {self.start:%d/%m/%Y} - {self.end:%d/%m/%Y}")
        elif style == 1:
            lines.append(f"Start date: {fmt_date(rng, self.start, 'dmy')}")
        else:
            lines.append(f"Period: {MONTHS[self.start.month - 1]} {self.start.year} – {MONTHS[self.end.month - 1]} {self.end.year}")
        lines.append(f"Funded by: {self.org(self.funder)}")
        lines.append(f"Implemented by: {', '.join(p[1] or p[0] for p in self.implementers)}")
        if self.instrument and rng.random() < 0.5:
            lines.append(f"Funding instrument: {self.instrument[4:]}")
        lines.append(f"Partner countries: {', '.join(self.countries)}")
        return lines

    def bullets(self) -> list[str]:
        rng = self.rng
        mark = rng.choice(["  • ", "  - ", "* ", "– "])
        items = rng.sample(BULLETS, k=rng.randint(3, 5))
        head = rng.choice(["Activities in the coming years will include:", "The project focuses on:",
                           "Main components:", "What the programme does"])
        return [head] + [mark + b.format(**self.slots()) for b in items]

    def closing(self) -> list[str]:
        rng = self.rng
        s = self.slots()
        out: list[str] = []
        if rng.random() < 0.5:
            out += ["", rng.choice(["Notes to editors", "For more information", "Media contact"]),
                    rng.choice([
                        f"Media enquiries: press office, tel. {s['phone']}.",
                        f"Contact: {self.short} team, Rue Belliard {rng.randint(1, 200)}, 1040 Brussels | tel. {s['phone']}",
                        f"Press contact: {self.implementers[0][1] or self.implementers[0][0]} Communications, {rng.choice(HQ_CITIES)} | Ref. {s['ref']}",
                    ])]
        if rng.random() < 0.3:
            out += ["", f"Tags: #{self.theme.replace(' ', '').replace('-', '')} #{self.region.replace(' ', '')} #CapacityBuilding"]
        if rng.random() < 0.3:
            out += ["", rng.choice(["Share:  Facebook  |  X  |  LinkedIn  |  Email  |  Print",
                                    f"© {self.implementers[0][1] or 'EU'} {self.published.year}  |  Privacy policy  |  Cookie settings",
                                    "# # #", "ENDS"])]
        return out

    def text(self, target_words: int) -> str:
        rng = self.rng
        lines = self.header()
        paragraphs = [self.lead()]
        pool = list(range(len(PARAGRAPHS)))
        rng.shuffle(pool)
        extras = ["quote", "quote", "bullets", "quote"]
        rng.shuffle(extras)
        words = _words(lines) + _words(paragraphs)
        fact_box = rng.random() < 0.35
        box_words = 40 if fact_box else 0
        steps = 0
        while words + box_words < target_words or steps < 2:
            steps += 1
            kind = extras.pop() if extras and rng.random() < 0.45 else "para"
            if steps == 1:
                kind = "funding"
            if kind == "funding":
                para = self.funding()
            elif kind == "quote":
                para = self.quote()
            elif kind == "bullets":
                para = "\n".join(self.bullets())
            else:
                if not pool:
                    pool = list(range(len(PARAGRAPHS)))
                    rng.shuffle(pool)
                sents = PARAGRAPHS[pool.pop()]
                k = rng.randint(2, len(sents))
                para = " ".join(t.format(**self.slots()) for t in sents[:k])
                if rng.random() < 0.25:
                    para += " " + self.quote()
            paragraphs.append(para)
            words += len(para.split())
        body = "\n\n".join(paragraphs)
        if rng.random() < 0.12:  # some sources use single line breaks between paragraphs
            body = body.replace("\n\n", "\n")
        tail: list[str] = []
        if fact_box:
            tail = [""] + self.fact_box()
        tail += self.closing()
        return "\n".join(lines) + ("\n" if lines else "") + body + "\n" + "\n".join(tail).rstrip() + "\n"


def _words(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def _join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


# --------------------------------------------------------------------------- sentence pools

TITLES = [
    "{short} gets under way in {country}",
    "New EU-funded {head} to tackle {crime} in {the_region}",
    "{Funder} and {Impl} launch {short}",
    "Partners review progress of the {full}",
    "{short}: {n} officials trained in {city}",
    "Regional conference on {theme} closes in {city}",
    "{country} and {country2} step up cooperation under {short}",
]

QUOTES = [
    "This {head} shows what partners can achieve when they share information and trust each other",
    "Organised crime does not stop at borders, and neither can our response",
    "We are grateful to {funder} for its continued support to {country}",
    "The {ord} phase will put more weight on national ownership and on results that last",
    "Two years ago we would have sent a letter and waited months for an answer. Today we pick up the phone",
    "Our officers now have the tools they need, when and where they need them",
    "Training builds trust, and trust is what makes cooperation work at two in the morning",
    "{short} is a practical answer to a shared threat",
    "We trained {n} officers this year, and {pct}% of them were women",
    "The investment of {amount} is a clear sign of commitment to the region",
]

PARAGRAPHS = [
    ["The {head} will work with police, customs and prosecution services in {countries}.",
     "It will place long-term advisers in national institutions and fund regional exchanges.",
     "More than {n} experts from EU Member States are expected to take part.",
     "A steering committee will meet twice a year to review progress."],
    ["Over the past year, {impl} organised {n} training sessions for frontline officers.",
     "Around {pct}% of participants came from border and customs services.",
     "Each course lasted {dur} and combined classroom work with field exercises.",
     "Evaluations showed that {pct} per cent of participants applied the new procedures within three months."],
    ["The launch event took place {past_date} in {city} and brought together some {n} participants.",
     "Delegations from {countries} presented their national priorities.",
     "The meeting also agreed on a work plan for the next {dur}.",
     "A follow-up meeting is scheduled {future_date}."],
    ["Since {year0}, the region has seen a sharp increase in {crime} cases.",
     "Authorities in {country} reported {n} seizures last year, a rise of {pct}% compared with the previous year.",
     "Criminal networks increasingly use encrypted messaging and cryptocurrencies.",
     "Experts estimate that illicit flows in the region exceed {bare_amount} a year."],
    ["Equipment worth {small_amount} was handed over {past_date} to the authorities of {country}.",
     "The delivery included vehicles, forensic kits and IT equipment for {n} border crossing points.",
     "A further tranche of {small_amount} is planned for next year.",
     "Maintenance will be ensured by the national authorities for at least {dur}."],
    ["{short} also supports the exchange of information through secure channels.",
     "Access to international databases has been extended to {n} sites in {country}.",
     "Queries run {hours} hours a day, seven days a week.",
     "The number of hits has tripled since the start of the {head}."],
    ["A regional study on {crime} will be published {future_date}.",
     "It is based on interviews with {n} practitioners in {countries}.",
     "The study costs {small_amount} and is carried out with a university partner.",
     "Its findings will feed into the national strategies for {year}–{year1}."],
    ["Civil society organisations play a key role in the {head}.",
     "Small grants of up to {bare_small} each are available for local projects.",
     "The first call for proposals attracted {n} applications, of which {pct}% came from women-led organisations.",
     "The deadline for the second call is {future_date}."],
    ["The {head} builds on earlier EU support to {the_region}.",
     "Between {year0} and {year1}, the EU committed {amount} to security and justice in the region.",
     "Lessons learned from the previous phase were discussed at a workshop {past_date}.",
     "The mid-term evaluation is planned after {dur}."],
    ["Participants visited the joint operations centre in {city}, which has been operational since {year0}.",
     "The centre coordinates the work of {n} liaison officers from {countries}.",
     "Its hotline, {phone}, is open around the clock.",
     "In the first half of the year it handled {n} requests."],
    ["Gender equality and human rights are mainstreamed across all activities.",
     "At least {pct}% of training places are reserved for women officers.",
     "A code of conduct was adopted by the partner institutions {past_date}.",
     "Independent monitors will report on its application every {dur}."],
    ["The {head} is part of a wider Team Europe effort in {the_region}.",
     "EU Member States contribute their own expertise through twinning and study visits.",
     "{Funder} coordinates closely with other donors to avoid overlaps.",
     "A donor coordination meeting took place {past_date} in {city}."],
    ["In {country}, the focus is on legislative reform.",
     "A new law on {crime} was drafted with support from {impl} and submitted to parliament {past_date}.",
     "The draft was reviewed by {n} legal experts.",
     "Secondary legislation is expected within {dur}."],
    ["The results so far are encouraging.",
     "Joint operations supported by {short} led to {n} arrests and the seizure of assets worth {amount}.",
     "Investigators from {country} and {country2} set up {n} joint investigation teams.",
     "Around {pct}% of cases were referred to prosecution, according to press release {ref}."],
]

BULLETS = [
    "training of {n} officers in risk analysis and profiling;",
    "a regional network of {crime} focal points;",
    "equipment for {n} border crossing points worth {small_amount};",
    "study visits to EU Member States;",
    "support to national strategies on {theme};",
    "joint exercises with {impl};",
    "an online course followed by more than {n} participants;",
    "a threat assessment to be published {future_date}.",
]


# --------------------------------------------------------------------------- corpus

def _target_words(rng: random.Random) -> int:
    """150 to 1500 words, most releases between 300 and 800."""
    return int(min(1500, max(150, rng.lognormvariate(6.15, 0.5))))


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:40]


def generate(n: int, seed: int, out_dir) -> list[Path]:
    """Write ``n`` press releases to ``out_dir`` and return their paths (in file-name order).

    Document ``i`` depends only on ``(seed, i)``; no two documents have the same bytes.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    seen: set[str] = set()
    for i in range(n):
        attempt = 0
        while True:
            rng = random.Random(f"bench:{seed}:{i}:{attempt}")
            release = Release(rng)
            text = release.text(_target_words(rng))
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if digest not in seen:
                break
            attempt += 1
        seen.add(digest)
        path = out / f"{i:05d}_{_slug(release.short)}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # python bench/corpus.py N SEED OUT_DIR
    import sys

    count, seed_, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    written = generate(count, seed_, folder)
    print(f"{len(written)} documents in {folder}")
