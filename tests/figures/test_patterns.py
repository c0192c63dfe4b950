"""The development set of figure patterns (issue 16), table-driven.

Every rule of the detector for ranges, signs, basis and percentage points, Indian grouping,
fractions of scales, hyphenated figures, multipliers, fractions, rates and minor currency units
is tuned here, on sentences written for this file. The held-out corpus
(tests/data/figures/heldout/) is only scored (test_heldout.py): a pattern seen failing there is
added here first, in new words, and fixed against this table.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.figures import detect, normalise

N = None
# (sentence, span, label, value, unit, other attributes expected)
PATTERNS: list[tuple[str, str, str, Any, Any, dict[str, Any]]] = [
    # ranges: one figure, value = midpoint, low/high
    ("Inflation should settle between 2% and 4% by then.", "between 2% and 4%", "PERCENT", 3, "%", {"low": 2, "high": 4, "qualifier": "between"}),
    ("Analysts see growth of 3%-5% next year.", "3%-5%", "PERCENT", 4, "%", {"low": 3, "high": 5}),
    ("a band of 2.25%–2.5% for now", "2.25%–2.5%", "PERCENT", 2.375, "%", {"low": 2.25, "high": 2.5}),
    ("It expects sales of $10bn to $12bn this year.", "$10bn to $12bn", "MONEY", 11e9, "USD", {"low": 10e9, "high": 12e9}),
    ("a bill of between £3m and £4m for the council", "between £3m and £4m", "MONEY", 3.5e6, "GBP", {"low": 3e6, "high": 4e6}),
    ("output of 0.75 to 1.25 per cent", "0.75 to 1.25 per cent", "PERCENT", 1, "%", {"low": 0.75, "high": 1.25}),
    ("a rise of 1-1.5% in wages", "1-1.5%", "PERCENT", 1.25, "%", {"low": 1, "high": 1.5}),
    ("costs of €4-6 billion", "€4-6 billion", "MONEY", 5e9, "EUR", {"low": 4e9, "high": 6e9}),
    # basis points and percentage points (distinct from percent)
    ("The bank lifted rates by 50bp on Tuesday.", "50bp", "PERCENT", 50, "bp", {}),
    ("spreads widened 25bps overnight", "25bps", "PERCENT", 25, "bp", {}),
    ("a cut of 75 basis points", "75 basis points", "PERCENT", 75, "bp", {}),
    ("The rate rose half a percentage point to 6%.", "half a percentage point", "PERCENT", 0.5, "pp", {}),
    ("It delivered a quarter-point increase.", "quarter-point", "PERCENT", 0.25, "pp", {}),
    ("markets expect a quarter point cut", "quarter point", "PERCENT", 0.25, "pp", {}),
    ("a half-point move was debated", "half-point", "PERCENT", 0.5, "pp", {}),
    ("turnout fell 4.5 percentage points", "4.5 percentage points", "PERCENT", 4.5, "pp", {}),
    ("The index lost 312.4 points on the day.", "312.4 points", "QUANTITY", 312.4, "pt", {}),
    # written signs are in the value; "down" is not
    ("The economy shrank, posting -2.1% growth.", "-2.1%", "PERCENT", -2.1, "%", {}),
    ("prices moved −0.4 per cent in May", "−0.4 per cent", "PERCENT", -0.4, "%", {}),
    ("real rates at minus 3 percent hurt savers", "minus 3 percent", "PERCENT", -3, "%", {}),
    ("overnight lows of minus 12 degrees Celsius", "minus 12 degrees Celsius", "QUANTITY", -12, "°C", {}),
    ("The balance stood at -$4.2bn.", "-$4.2bn", "MONEY", -4.2e9, "USD", {}),
    ("The fund's cash flow was negative $38 million.", "negative $38 million", "MONEY", -38e6, "USD", {}),
    ("The survey is accurate to plus or minus 3% overall.", "plus or minus 3%", "PERCENT", 3, "%", {"qualifier": "plus or minus"}),
    ("Exports were down 2.1% on the year.", "2.1%", "PERCENT", 2.1, "%", {}),
    # Indian digit grouping, lakh and crore
    ("an outlay of Rs 2,40,000 crore for railways", "Rs 2,40,000 crore", "MONEY", 2.4e12, "INR", {}),
    ("a fine of ₹1,20,000 was imposed", "₹1,20,000", "MONEY", 120000, "INR", {}),
    ("deposits of Rs 12,34,56,789 in the account", "Rs 12,34,56,789", "MONEY", 123456789, "INR", {}),
    ("a plan worth ₹3.5 lakh crore", "₹3.5 lakh crore", "MONEY", 3.5e12, "INR", {}),
    ("some 4.2 lakh farmers signed up", "some 4.2 lakh", "CARDINAL", 420000, N, {}),
    ("revenue of Rs 850 crore", "Rs 850 crore", "MONEY", 8.5e9, "INR", {}),
    # fractions of a scale
    ("half a million visitors came", "half a million", "CARDINAL", 500000, N, {}),
    ("it spent almost half a billion dollars", "almost half a billion dollars", "MONEY", 5e8, "USD", {"qualifier": "almost"}),
    ("a quarter of a million homes lost power", "a quarter of a million", "CARDINAL", 250000, N, {}),
    ("three quarters of a million tonnes of grain", "three quarters of a million tonnes", "QUANTITY", 750000, "t", {}),
    # hyphenated figures
    ("a $1.2-billion expansion", "$1.2-billion", "MONEY", 1.2e9, "USD", {}),
    ("its C$3.4-million grant", "C$3.4-million", "MONEY", 3.4e6, "CAD", {}),
    # a currency word inside the hyphenated amount
    ("Tokyo unveiled a 450-billion-yen relief plan", "450-billion-yen", "MONEY", 450e9, "JPY", {}),
    ("a 75-million-euro credit line", "75-million-euro", "MONEY", 75e6, "EUR", {}),
    ("the 1.6-billion-dollar pipeline", "1.6-billion-dollar", "MONEY", 1.6e9, "USD", {}),
    ("a 90-million-pound stadium", "90-million-pound", "MONEY", 90e6, "GBP", {}),
    ("a new 62,000-seat stadium", "62,000", "CARDINAL", 62000, N, {"counted": "seat"}),
    ("a 2.5-GW plant", "2.5-GW", "QUANTITY", 2.5, "GW", {}),
    ("one-in-three households", "one-in-three", "CARDINAL", 1 / 3, "ratio", {}),
    # multipliers: a ratio, never a bare count
    ("Profits rose 15-fold in a decade.", "15-fold", "CARDINAL", 15, "ratio", {}),
    ("The shares trade at 3.5x book value.", "3.5x", "CARDINAL", 3.5, "ratio", {}),
    ("demand is three times higher than in spring", "three times", "CARDINAL", 3, "ratio", {}),
    ("Costs doubled over the period.", "doubled", "CARDINAL", 2, "ratio", {}),
    ("Sales have tripled since the launch.", "tripled", "CARDINAL", 3, "ratio", {}),
    ("Its debt more than quadrupled.", "more than quadrupled", "CARDINAL", 4, "ratio", {"qualifier": "more than"}),
    ("a fivefold jump in orders", "fivefold", "CARDINAL", 5, "ratio", {}),
    ("prices nearly twice as high", "nearly twice", "CARDINAL", 2, "ratio", {"qualifier": "nearly"}),
    ("Imports halved last month.", "halved", "CARDINAL", 0.5, "ratio", {}),
    # fractions
    ("A tenth of the staff left.", "A tenth", "CARDINAL", 0.1, "ratio", {}),
    ("about two-fifths of voters", "about two-fifths", "CARDINAL", 0.4, "ratio", {}),
    ("nearly 1/3 of the land", "nearly 1/3", "CARDINAL", 1 / 3, "ratio", {}),
    ("one in five children", "one in five", "CARDINAL", 0.2, "ratio", {}),
    ("roughly one-sixth of output", "roughly one-sixth", "CARDINAL", 1 / 6, "ratio", {}),
    # rates and units: a compound unit
    ("pumping 1.5 million barrels per day", "1.5 million barrels per day", "QUANTITY", 1.5e6, "bbl/d", {}),
    ("a 300,000 bpd refinery", "300,000 bpd", "QUANTITY", 300000, "bbl/d", {}),
    ("output of 2.1 million barrels a day", "2.1 million barrels a day", "QUANTITY", 2.1e6, "bbl/d", {}),
    ("a crop of 3.9 billion bushels", "3.9 billion bushels", "QUANTITY", 3.9e9, "bu", {}),
    ("yields of 51.2 bushels per acre", "51.2 bushels per acre", "QUANTITY", 51.2, "bu/acre", {}),
    ("winds of 90 knots", "90 knots", "QUANTITY", 90, "kn", {}),
    ("a 450MW solar farm", "450MW", "QUANTITY", 450, "MW", {}),
    ("another 2.2GW of wind", "2.2GW", "QUANTITY", 2.2, "GW", {}),
    ("demand of 310 TWh", "310 TWh", "QUANTITY", 310, "TWh", {}),
    ("about 45 terawatt hours of power", "about 45 terawatt hours", "QUANTITY", 45, "TWh", {}),
    ("a 7.5 mtpa LNG train", "7.5 mtpa", "QUANTITY", 7.5e6, "t/yr", {}),
    ("exports of 12.3mt of coal", "12.3mt", "QUANTITY", 12.3e6, "t", {}),
    ("a ship of 24,000 TEU", "24,000 TEU", "QUANTITY", 24000, "TEU", {}),
    ("iron ore at $118 per tonne", "$118 per tonne", "MONEY", 118, "USD/t", {}),
    ("wheat at $6.10 a bushel", "$6.10 a bushel", "MONEY", 6.1, "USD/bu", {}),
    ("Brent fell to $81.40 a barrel", "$81.40 a barrel", "MONEY", 81.4, "USD/bbl", {}),
    ("earnings of $2.35 a share", "$2.35 a share", "MONEY", 2.35, "USD/share", {}),
    ("GDP of $12,400 per capita", "$12,400 per capita", "MONEY", 12400, "USD/person", {}),
    ("a levy of £30 a head", "£30 a head", "MONEY", 30, "GBP/person", {}),
    ("a cost of £2.4 billion a year", "£2.4 billion a year", "MONEY", 2.4e9, "GBP/yr", {}),
    ("charter rates of $95,000 a day", "$95,000 a day", "MONEY", 95000, "USD/d", {}),
    ("the dollar bought 148 yen per dollar", "148 yen per dollar", "MONEY", 148, "JPY/USD", {}),
    ("power at £62.10 per megawatt hour", "£62.10 per megawatt hour", "MONEY", 62.1, "GBP/MWh", {}),
    ("gold near $1,980 an ounce", "near $1,980 an ounce", "MONEY", 1980, "USD/oz", {"qualifier": "near"}),
    ("6.2 million ounces of gold", "6.2 million ounces", "QUANTITY", 6.2e6, "oz", {}),
    ("data use of 18.5 GB a month", "18.5 GB a month", "QUANTITY", 18.5, "GB/mo", {}),
    ("about 1.1 million barrels of oil equivalent per day", "about 1.1 million barrels of oil equivalent per day", "QUANTITY", 1.1e6, "boe/d", {}),
    ("a cargo of 8,000 pounds", "8,000 pounds", "QUANTITY", 8000, "lb", {"confidence": "low"}),
    ("The mercury hit 38.5C on Sunday.", "38.5C", "QUANTITY", 38.5, "°C", {}),
    # minor currency units: money in major units
    ("up 12 cents at the close", "12 cents", "MONEY", 0.12, "USD", {}),
    ("a stamp now costs 50 pence", "50 pence", "MONEY", 0.5, "GBP", {}),
    ("shares fell 20 paise", "20 paise", "MONEY", 0.2, "INR", {}),
    ("a loaf at 85p", "85p", "MONEY", 0.85, "GBP", {}),
    ("the Aussie at US67.5c", "US67.5c", "MONEY", 0.675, "USD", {}),
    ("fuel at 148.9p a litre", "148.9p a litre", "MONEY", 1.489, "GBP/L", {}),
    ("a dividend of 31 cents per share", "31 cents per share", "MONEY", 0.31, "USD/share", {}),
    # currencies of African, Asian and other wires
    ("a budget of KSh 3.6 trillion", "KSh 3.6 trillion", "MONEY", 3.6e12, "KES", {}),
    ("revenue of Sh412 billion", "Sh412 billion", "MONEY", 412e9, "KES", {}),
    ("a GH¢12 billion bond", "GH¢12 billion", "MONEY", 12e9, "GHS", {}),
    ("₦4.2 trillion in loans", "₦4.2 trillion", "MONEY", 4.2e12, "NGN", {}),
    ("a R58 billion bailout", "R58 billion", "MONEY", 58e9, "ZAR", {}),
    # Gulf and Nigerian prefixes glued or spaced ("N" only where the text names naira or Nigeria)
    ("Emaar booked Dh4.2 billion in sales", "Dh4.2 billion", "MONEY", 4.2e9, "AED", {}),
    ("a parking fine of Dhs850 in Sharjah", "Dhs850", "MONEY", 850, "AED", {}),
    ("the Dh 60 million terminal", "Dh 60 million", "MONEY", 60e6, "AED", {}),
    ("a AED 2.7bn rail contract", "AED 2.7bn", "MONEY", 2.7e9, "AED", {}),
    ("Riyadh set aside SR14 billion for housing", "SR14 billion", "MONEY", 14e9, "SAR", {}),
    ("a SAR 3.9bn bond", "SAR 3.9bn", "MONEY", 3.9e9, "SAR", {}),
    ("Diesel in Kano sold at N1,180 per litre as the naira slid.", "N1,180 per litre", "MONEY", 1180, "NGN/L", {"context": True}),
    ("Abuja's Nigerian budget of N49.7 trillion passed.", "N49.7 trillion", "MONEY", 49.7e12, "NGN", {"context": True}),
    ("Some firm owed N6.1 billion to its lenders.", "N6.1 billion", "MONEY", 6.1e9, "NGN", {"context": True, "confidence": "low"}),
    ("Petrol now costs N730 per litre at most stations.", "N730 per litre", "MONEY", 730, "NGN/L", {"context": True, "confidence": "low"}),
    ("A cook earns N85,000 at the hotel.", "N85,000", "MONEY", 85000, "NGN", {"context": True, "confidence": "low"}),
    ("a profit of 9.1 billion Swedish crowns", "9.1 billion Swedish crowns", "MONEY", 9.1e9, "SEK", {}),
    ("a deficit of 80 billion Argentine pesos", "80 billion Argentine pesos", "MONEY", 80e9, "ARS", {}),
    ("a fee of 25,000 cedis", "25,000 cedis", "MONEY", 25000, "GHS", {}),
    ("a RM1.8 billion contract", "RM1.8 billion", "MONEY", 1.8e9, "MYR", {}),
    ("a loss of 3.2 billion Danish crown", "3.2 billion Danish crown", "MONEY", 3.2e9, "DKK", {}),
    # units and rate denominators of commodity, farm and freight reports
    ("feeder cattle at $301 per hundredweight", "$301 per hundredweight", "MONEY", 301, "USD/cwt", {}),
    ("a support price of ₹2,275 per quintal", "₹2,275 per quintal", "MONEY", 2275, "INR/quintal", {}),
    ("freight at $2,900 per container", "$2,900 per container", "MONEY", 2900, "USD/container", {}),
    ("ore fines at US$96 per dry metric tonne", "US$96 per dry metric tonne", "MONEY", 96, "USD/t", {}),
    ("emissions of 2,340 kilotonnes", "2,340 kilotonnes", "QUANTITY", 2340, "kt", {}),
    ("rainfall of more than 450 millimetres", "more than 450 millimetres", "QUANTITY", 450, "mm", {}),
    ("a tariff of 31 cents per kWh", "31 cents per kWh", "MONEY", 0.31, "USD/kWh", {}),
    ("school fees of ₹9,000 a year", "₹9,000 a year", "MONEY", 9000, "INR/yr", {}),
    ("The state spends $3.1 billion a year on roads.", "$3.1 billion a year", "MONEY", 3.1e9, "USD/yr", {}),
    ("a pension of £221 a week", "£221 a week", "MONEY", 221, "GBP/wk", {}),
    ("supply of 1.9 crore litres a day", "1.9 crore litres a day", "QUANTITY", 1.9e7, "L/d", {}),
    # exchange rates: the currency named before in the sentence, per dollar
    ("The won weakened 0.4% to 1,342.5 per dollar.", "1,342.5 per dollar", "MONEY", 1342.5, "KRW/USD", {"context": True}),
    ("the rupee closed at 83.1 rupees per dollar on Monday", "83.1 rupees per dollar", "MONEY", 83.1, "INR/USD", {}),
    ("the naira traded at 1,210 naira per dollar", "1,210 naira per dollar", "MONEY", 1210, "NGN/USD", {"context": True}),
    ("Chile's peso fell to 940 pesos per dollar.", "940 pesos per dollar", "MONEY", 940, "CLP/USD", {"context": True}),
    ("The lira sank to 34.2 to the dollar in Istanbul trading.", "34.2 to the dollar", "MONEY", 34.2, "TRY/USD", {"context": True}),
    ("the rand firmed to 17.45 to the US dollar", "17.45 to the US dollar", "MONEY", 17.45, "ZAR/USD", {"context": True}),
    ("The forint ended at 395.6 to the euro.", "395.6 to the euro", "MONEY", 395.6, "/EUR", {"context": True, "confidence": "low"}),
    ("The cedi closed at 15.35 against the dollar on Tuesday.", "15.35 against the dollar", "MONEY", 15.35, "GHS/USD", {"context": True}),
    ("Traders quoted the naira at N1,495 to the dollar.", "N1,495 to the dollar", "MONEY", 1495, "NGN/USD", {"context": True}),
    ("a shilling at KSh 129.1 to the dollar", "KSh 129.1 to the dollar", "MONEY", 129.1, "KES/USD", {}),
    ("The baht settled at 35.8 a dollar in Bangkok.", "35.8 a dollar", "MONEY", 35.8, "THB/USD", {"context": True}),
    # qualifiers and rates that are no rates
    ("shares traded near $14.20 on Friday", "near $14.20", "MONEY", 14.2, "USD", {"qualifier": "near"}),
    ("compared with $4.1bn a year earlier", "$4.1bn", "MONEY", 4.1e9, "USD", {}),
    ("up from 310,000 tonnes a year ago", "310,000 tonnes", "QUANTITY", 310000, "t", {}),
    # minor units with a country, and the text's own dollar
    ("the kiwi bought 59.4 US cents", "59.4 US cents", "MONEY", 0.594, "USD", {}),
    ("the loonie at 71.05 U.S. cents", "71.05 U.S. cents", "MONEY", 0.7105, "USD", {}),
    ("Calgary-based Cenovus earned C$410 million and paid 14 cents a share.", "14 cents a share", "MONEY", 0.14, "CAD/share", {"context": True}),
    ("Ottawa will spend C$2 billion on housing and $85-million on transit.", "$85-million", "MONEY", 85e6, "CAD", {"context": True}),
    ("The Singapore lender earned S$1.3 billion, or 41 cents a share.", "41 cents a share", "MONEY", 0.41, "SGD/share", {"context": True}),
    ("The Bank of Canada held rates; Ottawa will borrow $12-billion more and the loonie bought 72 U.S. cents.", "$12-billion", "MONEY", 12e9, "CAD", {"context": True, "confidence": "low"}),
    ("Cenovus earned C$2.2 billion, or 61 cents, in the quarter and US$1 billion abroad.", "61 cents", "MONEY", 0.61, "CAD", {"context": True}),
    ("Singapore's port charged $2,100 per container.", "$2,100 per container", "MONEY", 2100, "USD/container", {}),
    ("Suncor earned C$1.2 billion, its U.S. arm US$300 million, and it pays 57 cents a share.", "57 cents a share", "MONEY", 0.57, "CAD/share", {"context": True}),
    ("Tokyo-based Sony said operating profit rose to ¥1.2 trillion.", "¥1.2 trillion", "MONEY", 1.2e12, "JPY", {"context": True}),
    ("Beijing approved ¥800 billion for railways.", "¥800 billion", "MONEY", 800e9, "CNY", {"context": True}),
    # ranges with the unit once after "from" stay ranges; with the unit twice they are a change
    ("a range of 1 to 2 per cent, down from 1.5 to 2.5 per cent", "1.5 to 2.5 per cent", "PERCENT", 2, "%", {"low": 1.5, "high": 2.5}),
]

# sentences whose figures are exactly these spans (a change is two figures, not a range)
EXACT = [
    ("Unemployment rose from 3% to 5%.", ["3%", "5%"]),
    ("Sales climbed from $2bn to $3bn.", ["$2bn", "$3bn"]),
    ("The Aussie bought US$0.66 and A$1.52 bought a euro.", ["US$0.66", "A$1.52"]),
    ("it flew 12 A321 jets", ["12"]),
    ("Staff numbers fell by 1,200 to 48,900.", ["1,200", "48,900"]),
    ("It fell 2% against the dollar and 3 against the euro.", ["2%", "3"]),
    ("Vendors sold 40 a dollar, then 12 a euro.", ["40", "12"]),
    ("The index has risen 11 times since March.", ["11"]),
    ("Ministry of Defence 9 is no count, but the Fed moved 9 times.", ["9"]),
    ("Airlines took 27 787 Dreamliners.", ["27"]),
    ("It built 40 737 MAX jets and will raise 737 output.", ["40"]),
]

# figures that are never suggested (or never as MONEY/PERCENT)
NOT_FIGURES = [
    "the 10-year bond yield", "a two-year note", "the 30-year mortgage rate", "in the third quarter",
    "the tenth straight month", "for a third consecutive year", "twice a week", "a double-digit rise",
    "the 24/7 service", "a 5-year-old boy", "Airbus A350 jets", "the Boeing 777X", "in the 1980s",
    "Galaxy S23 phones", "flight BA117", "on 12/03/2024", "version 4.1.2", "Tier 2 cities",
    "For tickets call 9876 5432.", "ring the helpline on 0800 123 456", "dial 13 14 50 now",
    "the Bravo Two platform", 'the so-called "big four" auditors', "a category four storm",
    "a category 5 hurricane",
    # names, grades, short phone numbers and spans of time (issue 16, second held-out set)
    "a rebate under Section 24B of the tax code", "relief claimed under section 12A",
    "drivers filled up with 91 octane fuel", "In an emergency dial 999 at once.",
    "tenants can call 211 for advice", "nearly a quarter of a century ago",
    "half a century of trading",
    "staff wore N95 masks", "a N7 motorway", "Grade N2 steel", "the N2.5 gauge",
]


def test_a_bare_dollar_stays_usd_where_the_text_writes_us_dollars() -> None:
    found = detect("Qantas earned A$1.1 billion; fuel cost US$2 billion and $300 million went on jets.")
    assert [(s.text, s.attributes["unit"]) for s in found] == [
        ("A$1.1 billion", "AUD"), ("US$2 billion", "USD"), ("$300 million", "USD"),
    ]
    assert found[2].attributes["confidence"] == "low"  # a bare $ beside both A$ and US$
    [us] = detect("Washington will spend $2 billion, Canada's envoy said.")
    assert us.attributes["unit"] == "USD" and "confidence" not in us.attributes


@pytest.mark.parametrize("sentence,spans", EXACT)
def test_exact_figures(sentence: str, spans: list[str]) -> None:
    assert [s.text for s in detect(sentence)] == spans


@pytest.mark.parametrize("sentence,span,label,value,unit,extra", PATTERNS)
def test_pattern(sentence: str, span: str, label: str, value: Any, unit: Any, extra: dict[str, Any]) -> None:
    found = detect(sentence)
    hits = [s for s in found if s.text == span]
    assert hits, [(s.text, s.label, s.attributes) for s in found]
    s = hits[0]
    assert sentence[s.start:s.end] == span
    assert s.label == label, s.attributes
    assert s.attributes["value"] == pytest.approx(value, rel=1e-6), s.attributes
    assert s.attributes["unit"] == unit, s.attributes
    for key, want in extra.items():
        if key == "context":
            continue  # the unit comes from the rest of the text
        got = s.attributes.get(key)
        assert got == (pytest.approx(want, rel=1e-6) if isinstance(want, float) else want), s.attributes
    # nothing else overlaps the figure
    assert [x.text for x in found if x is not s and x.start < s.end and s.start < x.end] == []


@pytest.mark.parametrize("sentence,span,label,value,unit,extra", PATTERNS)
def test_pattern_normalised_alone(sentence: str, span: str, label: str, value: Any, unit: Any, extra: dict[str, Any]) -> None:
    if extra.get("context"):
        pytest.skip("the unit is read from the rest of the sentence")
    attrs = normalise(span, label)
    assert attrs["value"] == pytest.approx(value, rel=1e-6), attrs
    assert attrs["unit"] == unit, attrs


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_money_or_percent(text: str) -> None:
    assert detect(text) == [], [(s.text, s.label) for s in detect(text)]
