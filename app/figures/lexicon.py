"""Word lists the figure normaliser and detector share: currencies, scales, units, qualifiers,
number words. Keys are lower case unless noted; values are normalised forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal


def wordlist(words: str) -> list[str]:
    """The white-space separated words of ``words``."""
    return words.split()


# -- currencies (ISO 4217) --------------------------------------------------------------------

# symbols written before the amount (case-sensitive)
CURRENCY_SYMBOLS: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "HK$": "HKD", "A$": "AUD", "AU$": "AUD",
    "C$": "CAD", "CA$": "CAD", "NZ$": "NZD", "S$": "SGD", "NT$": "TWD", "R$": "BRL",
    "MX$": "MXN", "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY", "₹": "INR", "₽": "RUB",
    "₩": "KRW", "₺": "TRY", "₸": "KZT", "₱": "PHP", "₫": "VND", "Rs.": "INR", "Rs": "INR",
    "₦": "NGN", "GH¢": "GHS", "GH₵": "GHS", "KSh": "KES", "Ksh": "KES", "Sh": "KES", "RM": "MYR",
    "Rp": "IDR", "R": "ZAR", "US": "USD",
}
# prefixes that are a currency only on some figures: "R" before an amount with a scale, a
# grouping comma or decimals ("R254 billion", not "R2"); "US" only before cents ("US64.10c")
WEAK_PREFIXES = frozenset({"R", "US"})
# prefixes of Gulf and Nigerian wires, before the amount glued or spaced ("Dh75 million", "Dhs 850",
# "SR9 billion"); "N" only glued, and only in a text that names the naira or Nigeria (else a
# scaled "N2 billion" gets confidence "low" and an unscaled "N95" is no figure). Kept out of
# CURRENCY_SYMBOLS: the frozen-output texts are generated from that table
LOCAL_PREFIXES: dict[str, str] = {"Dhs": "AED", "Dh": "AED", "SR": "SAR", "N": "NGN"}
GLUED_ONLY_PREFIXES = frozenset({"N"})
NAIRA_CONTEXT = re.compile(r"naira|nigeria|lagos|abuja|kano\b", re.IGNORECASE)

# ISO 4217 codes accepted before or after the amount (upper case only); RMB is the common alias
CURRENCY_CODES: frozenset[str] = frozenset(wordlist(
    "USD CNY EUR GBP JPY INR RUB KRW HKD AUD CAD CHF SGD NZD TWD BRL MXN ZAR TRY KZT UZS KGS "
    "TJS TMT PKR AFN IRR BYN MNT AED SAR QAR KWD EGP NGN KES IDR MYR THB VND PHP SEK NOK DKK "
    "PLN CZK HUF UAH ILS ARS CLP COP PEN BDT LKR NPR"
))
CODE_ALIASES: dict[str, str] = {"RMB": "CNY"}

# currency words written after the amount (lower case; multi-word first when matching)
CURRENCY_WORDS: dict[str, str] = {
    "us dollars": "USD", "us dollar": "USD", "u.s. dollars": "USD", "u.s. dollar": "USD",
    "american dollars": "USD", "hong kong dollars": "HKD", "hong kong dollar": "HKD",
    "australian dollars": "AUD", "australian dollar": "AUD", "canadian dollars": "CAD",
    "canadian dollar": "CAD", "singapore dollars": "SGD", "singapore dollar": "SGD",
    "new zealand dollars": "NZD", "new taiwan dollars": "TWD", "taiwan dollars": "TWD",
    "dollars": "USD", "dollar": "USD", "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY",
    "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "pound sterling": "GBP",
    "british pounds": "GBP", "sterling": "GBP", "yen": "JPY", "japanese yen": "JPY",
    "indian rupees": "INR", "rupees": "INR", "rupee": "INR", "pakistani rupees": "PKR",
    "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB", "won": "KRW",
    "swiss francs": "CHF", "francs": "CHF", "rand": "ZAR", "lira": "TRY", "liras": "TRY",
    "tenge": "KZT", "somoni": "TJS", "uzbek sums": "UZS", "uzbek soums": "UZS", "soums": "UZS",
    "soum": "UZS", "sums": "UZS", "som": "KGS", "soms": "KGS", "manat": "TMT", "afghanis": "AFN",
    "rials": "IRR", "rial": "IRR", "dirhams": "AED", "dirham": "AED", "riyals": "SAR",
    "riyal": "SAR", "ringgit": "MYR", "baht": "THB", "rupiah": "IDR", "dong": "VND",
    "pesos": "MXN", "reais": "BRL", "real": "BRL", "hryvnias": "UAH", "hryvnia": "UAH",
    "zloty": "PLN", "tugriks": "MNT", "taka": "BDT", "naira": "NGN", "shillings": "KES",
    "kronor": "SEK", "kroner": "NOK", "danish crowns": "DKK", "danish crown": "DKK",
    "danish kroner": "DKK", "swedish crowns": "SEK", "swedish crown": "SEK", "swedish kronor": "SEK",
    "norwegian crowns": "NOK", "norwegian crown": "NOK", "norwegian kroner": "NOK",
    "czech crowns": "CZK", "czech korunas": "CZK", "argentine pesos": "ARS", "argentinian pesos": "ARS",
    "mexican pesos": "MXN", "chilean pesos": "CLP", "colombian pesos": "COP", "philippine pesos": "PHP",
    "cedis": "GHS", "cedi": "GHS", "kwacha": "ZMW", "birr": "ETB", "kenyan shillings": "KES",
    "ugandan shillings": "UGX", "tanzanian shillings": "TZS", "brazilian reais": "BRL",
    "turkish lira": "TRY", "egyptian pounds": "EGP", "south african rand": "ZAR",
    "pakistani rupee": "PKR", "sri lankan rupees": "LKR", "nepalese rupees": "NPR",
}
# currency words several countries use: the unit above is a guess, resolved by a country named
# in the same text when exactly one of the candidates is (else the figure gets confidence "low")
AMBIGUOUS_CURRENCY_WORDS: dict[str, dict[str, str]] = {
    "pesos": {"argentin": "ARS", "mexic": "MXN", "chile": "CLP", "colombia": "COP", "philippin": "PHP",
              "uruguay": "UYU"},
    "shillings": {"kenya": "KES", "uganda": "UGX", "tanzania": "TZS", "somali": "SOS"},
    "rupees": {"india": "INR", "pakistan": "PKR", "sri lanka": "LKR", "nepal": "NPR"},
    "francs": {"swiss": "CHF", "switzerland": "CHF", "cfa": "XOF", "rwanda": "RWF", "congo": "CDF"},
    "crowns": {"denmark": "DKK", "danish": "DKK", "sweden": "SEK", "swedish": "SEK", "norway": "NOK",
               "norwegian": "NOK", "czech": "CZK"},
}
CURRENCY_WORDS.update({"crowns": "DKK", "crown": "DKK", "peso": "MXN"})
for _w in ("peso", "shilling", "rupee", "franc", "crown"):
    AMBIGUOUS_CURRENCY_WORDS[_w] = AMBIGUOUS_CURRENCY_WORDS[_w + "s"]
# minor currency units: (currency, units per major unit); "cents" take the text's dollar
MINOR_UNITS: dict[str, tuple[str, int]] = {
    "cents": ("USD", 100), "cent": ("USD", 100), "pence": ("GBP", 100), "penny": ("GBP", 100),
    "paise": ("INR", 100), "paisa": ("INR", 100), "kobo": ("NGN", 100), "centavos": ("MXN", 100),
    "us cents": ("USD", 100), "us cent": ("USD", 100), "u.s. cents": ("USD", 100),
    "u.s. cent": ("USD", 100), "euro cents": ("EUR", 100), "euro cent": ("EUR", 100),
}
# the dollar prefixes of countries whose own currency is the dollar: in a text that writes one of
# them and never US$, a bare "$" or "cents" is that dollar (Canadian, Australian, Singapore press)
HOME_DOLLARS: dict[str, str] = {
    "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "S$": "SGD", "NZ$": "NZD", "HK$": "HKD",
    "NT$": "TWD",
}

# approximate US dollars per unit, only to flag implausible conversions (factor RATE_TOLERANCE)
USD_PER_UNIT: dict[str, Decimal] = {
    k: Decimal(v) for k, v in {
        "USD": "1", "CNY": "0.145", "EUR": "1.1", "GBP": "1.3", "JPY": "0.008", "INR": "0.013",
        "RUB": "0.015", "KRW": "0.00080", "HKD": "0.128", "AUD": "0.7", "CAD": "0.75",
        "CHF": "1.05", "SGD": "0.74", "NZD": "0.65", "TWD": "0.033", "BRL": "0.2",
        "MXN": "0.052", "ZAR": "0.06", "KZT": "0.0023", "UZS": "0.00009", "KGS": "0.0115",
        "TJS": "0.09", "PKR": "0.005", "AED": "0.272", "SAR": "0.267", "MYR": "0.22",
        "THB": "0.029", "IDR": "0.000068", "VND": "0.000042", "PHP": "0.018", "SEK": "0.1",
        "NOK": "0.1", "DKK": "0.15", "PLN": "0.25", "CZK": "0.044", "ILS": "0.28",
    }.items()
}
RATE_TOLERANCE = Decimal(3)

# -- scales -----------------------------------------------------------------------------------

SCALE_WORDS: dict[str, Decimal] = {
    "hundred": Decimal(100), "thousand": Decimal(1000), "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9, "trillion": Decimal(10) ** 12, "lakh": Decimal(10) ** 5,
    "crore": Decimal(10) ** 7,
}
# abbreviations, matched case-insensitively; the one-letter ones only right after the digits
SCALE_ABBREVS: dict[str, Decimal] = {
    "k": Decimal(1000), "m": Decimal(10) ** 6, "mn": Decimal(10) ** 6, "mln": Decimal(10) ** 6,
    "b": Decimal(10) ** 9, "bn": Decimal(10) ** 9, "bln": Decimal(10) ** 9,
    "tn": Decimal(10) ** 12, "trn": Decimal(10) ** 12,
}

# -- percent ----------------------------------------------------------------------------------

PERCENT_UNITS: dict[str, str] = {
    "%": "%", "percent": "%", "per cent": "%", "pct": "%", "percentage points": "pp",
    "percentage point": "pp", "percent points": "pp", "points percentage": "pp", "pp": "pp",
    "percentage-point": "pp", "basis points": "bp", "basis point": "bp", "bps": "bp", "bp": "bp",
}

# -- measurement units ------------------------------------------------------------------------

UNITS: dict[str, str] = {
    # area
    "square meters": "m2", "square metres": "m2", "square meter": "m2", "square metre": "m2",
    "sq m": "m2", "sq. m": "m2", "sqm": "m2", "m2": "m2", "m²": "m2",
    "square kilometers": "km2", "square kilometres": "km2", "square kilometer": "km2",
    "square kilometre": "km2", "sq km": "km2", "km2": "km2", "km²": "km2",
    "square feet": "ft2", "sq ft": "ft2", "square miles": "mi2", "hectares": "ha",
    "hectare": "ha", "ha": "ha", "acres": "acre", "acre": "acre", "mu": "mu",
    # volume
    "cubic meters": "m3", "cubic metres": "m3", "m3": "m3", "m³": "m3", "liters": "L",
    "litres": "L", "liter": "L", "litre": "L", "barrels": "bbl", "barrel": "bbl",
    # length
    "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km", "km": "km",
    "meters": "m", "metres": "m", "meter": "m", "metre": "m", "m": "m", "centimeters": "cm",
    "centimetres": "cm", "cm": "cm", "millimeters": "mm", "millimetres": "mm", "mm": "mm",
    "miles": "mi", "mile": "mi", "feet": "ft", "nautical miles": "nmi",
    # mass
    "kilograms": "kg", "kilogrammes": "kg", "kilogram": "kg", "kg": "kg", "grams": "g",
    "gram": "g", "g": "g", "metric tons": "t", "metric tonnes": "t", "tons": "t", "tonnes": "t",
    "ton": "t", "tonne": "t", "t": "t", "lbs": "lb", "lb": "lb",
    # energy, power, data, speed, temperature, containers
    "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh", "kilowatt-hours": "kWh",
    "kilowatts": "kW", "kw": "kW", "megawatts": "MW", "mw": "MW", "gigawatts": "GW", "gw": "GW",
    "terabytes": "TB", "tb": "TB", "gigabytes": "GB", "gb": "GB", "petabytes": "PB",
    "mbps": "Mbps", "gbps": "Gbps", "km/h": "km/h", "kilometers per hour": "km/h",
    "degrees celsius": "°C", "°c": "°C", "teu": "TEU", "teus": "TEU",
    "terawatt hours": "TWh", "terawatt-hours": "TWh", "terawatt hour": "TWh",
    "gigawatt hours": "GWh", "gigawatt-hours": "GWh", "megawatt hours": "MWh",
    "megawatt-hours": "MWh", "megawatt hour": "MWh", "kilowatt hours": "kWh", "kilowatt hour": "kWh",
    # agriculture, commodities, shipping, markets
    "bushels": "bu", "bushel": "bu", "knots": "kn", "knot": "kn", "ounces": "oz", "ounce": "oz",
    "troy ounces": "oz", "oz": "oz", "kilotonnes": "kt", "kilotons": "kt", "kt": "kt",
    "quintals": "quintal", "hundredweight": "cwt", "gallons": "gal", "gallon": "gal",
    "barrels of oil equivalent": "boe", "boe": "boe", "bpd": "bbl/d", "b/d": "bbl/d",
    "boepd": "boe/d", "boe/d": "boe/d", "bcm": "bcm", "pounds": "lb", "points": "pt",
    "mt": "t", "mtpa": "t/yr", "Mt": "t",
}
# units that hold a scale ("12.3mt" = 12.3 million tonnes)
UNIT_SCALES: dict[str, Decimal] = {"mt": Decimal(10) ** 6, "mtpa": Decimal(10) ** 6, "Mt": Decimal(10) ** 6}
# units read with a warning: the word has another common meaning (confidence "low" + a note)
DOUBTFUL_UNITS: dict[str, str] = {"pounds": "'pounds' read as a weight (lb); it may be sterling"}

# the denominator of a rate: "$81.40 a barrel" -> USD/bbl, "1.5 million barrels per day" -> bbl/d
RATE_NOUNS: dict[str, str] = {
    "day": "d", "week": "wk", "month": "mo", "year": "yr", "annum": "yr", "hour": "h",
    "barrel": "bbl", "bushel": "bu", "ounce": "oz", "troy ounce": "oz", "share": "share",
    "tonne": "t", "ton": "t", "metric ton": "t", "metric tonne": "t", "dry metric tonne": "t",
    "dry metric ton": "t", "litre": "L", "liter": "L", "gallon": "gal", "kilogram": "kg", "kg": "kg",
    "pound": "lb", "megawatt hour": "MWh", "megawatt-hour": "MWh", "mwh": "MWh", "kwh": "kWh",
    "kilowatt hour": "kWh", "kilowatt-hour": "kWh", "container": "container", "quintal": "quintal",
    "hundredweight": "cwt", "acre": "acre", "hectare": "ha", "person": "person", "head": "person",
    "capita": "person", "dollar": "USD", "us dollar": "USD", "euro": "EUR", "square foot": "ft2",
    "square metre": "m2", "square meter": "m2", "mile": "mi", "km": "km", "kilometre": "km",
    "kilometer": "km", "unit": "unit", "passenger": "passenger", "vehicle": "vehicle",
}
# "a"/"an" rates only with these (per takes any noun): "a day", "a share", not "a company"
RATE_AFTER_A = frozenset(RATE_NOUNS) - {"km", "mwh", "kwh", "kg", "unit", "passenger", "vehicle"}
# units whose abbreviation must be written exactly so (single letters are too ambiguous)
CASE_SENSITIVE_UNITS = {"t", "ha", "mu", "g", "m", "mm", "cm", "km", "kg", "lb", "lbs", "TEU", "mt", "mtpa", "Mt", "kt", "oz", "boe", "bcm", "bpd"}

# -- qualifiers -------------------------------------------------------------------------------

QUALIFIERS: tuple[str, ...] = (
    "no more than", "no less than", "not more than", "not less than", "more than", "less than",
    "fewer than", "greater than", "higher than", "lower than", "in excess of", "upwards of",
    "as many as", "as much as", "as few as", "as little as", "close to", "nearly", "almost",
    "about", "around", "approximately", "roughly", "some", "up to", "at least", "at most",
    "just over", "just under", "well over", "well above", "over", "under", "above", "below",
    "an estimated", "estimated", "circa", "~", "exceeding", "near",
)

# -- number words -----------------------------------------------------------------------------

SMALL_NUMBERS: dict[str, int] = {
    w: i for i, w in enumerate(wordlist("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen")
    )
}
TENS: dict[str, int] = {
    w: 10 * i for i, w in enumerate(wordlist("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
NUMBER_WORDS: dict[str, int] = {**SMALL_NUMBERS, **TENS, "dozen": 12}
# words that are a multiplier on their own (a ratio): "doubled", "fivefold", "twice"
MULTIPLIER_WORDS: dict[str, Decimal] = {
    "doubled": Decimal(2), "doubling": Decimal(2), "tripled": Decimal(3), "trebled": Decimal(3),
    "quadrupled": Decimal(4), "halved": Decimal("0.5"), "twice": Decimal(2), "double": Decimal(2),
    "triple": Decimal(3), "treble": Decimal(3), "quadruple": Decimal(4),
    **{w + "fold": Decimal(n) for w, n in [("two", 2), ("three", 3), ("four", 4), ("five", 5),
       ("six", 6), ("seven", 7), ("eight", 8), ("nine", 9), ("ten", 10), ("twenty", 20),
       ("hundred", 100)]},
}
# multipliers that are also adjectives or frequencies ("twice a week", "double-digit"): a ratio
# only before a comparison (see COMPARISON_AFTER) or after a qualifier ("more than double")
WEAK_MULTIPLIERS = frozenset({"twice", "double", "triple", "treble", "quadruple"})
COMPARISON_AFTER = frozenset(wordlist(
    "as the that what its their his her our this those these from in over since more less higher "
    "lower larger smaller bigger greater faster slower cheaper longer"
))
# denominators of fractions ("one fifth", "two thirds", "three quarters")
DENOMINATORS: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
    "twentieth": 20, "twentieths": 20, "hundredth": 100, "hundredths": 100,
}

MONTHS = wordlist("january february march april may june july august september october november december")
MONTH_ABBREVS = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
MONTH_NUMBERS = {m: i + 1 for i, m in enumerate(MONTHS)} | MONTH_ABBREVS

# nouns after a number that make it a duration or an age (a DATE/TIME, not a figure)
TIME_UNITS = frozenset(wordlist(
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "decade decades century centuries night nights"
))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# besides an ASCII letter's two cases, the characters re.IGNORECASE matches to it
IGNORECASE_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def first_char_alternation(words: Iterable[str], ignorecase: bool = False) -> str:
    """``alternation(words)`` regrouped by first character, each group behind a case-sensitive
    one-character class: ``(?-i:[Mm])(?:ore than|ore)|...``. It matches what ``alternation``
    matches (at most one group can match a character, and groups keep the words' order), but
    ``re`` skips a group whose class fails without entering it: several times faster for a long
    case-insensitive list. First characters must be ASCII or have no case."""
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        c = w[0]
        if ignorecase and not c.isascii() and c.lower() != c.upper():
            raise ValueError(f"{w!r}: a non-ASCII first letter under IGNORECASE")
        groups.setdefault(c.lower() if ignorecase else c, []).append(w)
    parts = []
    for c, ws in groups.items():
        chars = {c, c.upper(), *IGNORECASE_EXTRA.get(c, "")} if ignorecase and c.isalpha() else {c}
        cls = "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"
        parts.append(f"(?-i:{cls})(?:{'|'.join(re.escape(w[1:]) for w in ws)})")
    return "|".join(parts)
