"""The normaliser, table-driven: every figure phrase of the five sample articles, then edge cases."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.figures import normalise

N = None
# (text, value, unit, qualifier, other attributes expected)
CORPUS_PHRASES = [
    # 2021-05-27 SCO Secretary-General
    ("8 percent", 8, "%", N, {}),
    ("nearly 38 trillion yuan", 38_000_000_000_000, "CNY", "nearly", {}),
    ("One fifth", 0.2, "ratio", N, {}),
    ("29.9 percent", 29.9, "%", N, {}),
    ("21.9 percent", 21.9, "%", N, {}),
    ("Eleven out of thirteen", 11, N, N, {"out_of": 13}),
    ("Eleven out of thirteen world leading e-commerce companies", 11, N, N, {"out_of": 13, "counted": "companies"}),
    ("50 large projects", 50, N, N, {"counted": "projects"}),
    ("50", 50, N, N, {}),
    ("18.6 billion yuan", 18_600_000_000, "CNY", N, {}),
    ("four parallel forums", 4, N, N, {"counted": "forums"}),
    ("over 100,000 goods", 100_000, N, "over", {"counted": "goods"}),
    ("more than 70 countries", 70, N, "more than", {"counted": "countries"}),
    # 2021-08-24 China-SCO forum opens
    ("all 18 SCO countries", 18, N, N, {"counted": "countries"}),
    ("four pillar sectors", 4, N, N, {"counted": "sectors"}),
    ("6 forums", 6, N, N, {"counted": "forums"}),
    ("5 competitions", 5, N, N, {"counted": "competitions"}),
    ("over 100 release events", 100, N, "over", {"counted": "events"}),
    ("over 610 enterprises", 610, N, "over", {"counted": "enterprises"}),
    ("31 countries", 31, N, N, {"counted": "countries"}),
    ("70,000 square meters", 70_000, "m2", N, {}),
    # 2021-08-24 Shanghai Spirit
    ("39 trillion yuan", 39_000_000_000_000, "CNY", N, {}),
    ("$6 trillion", 6_000_000_000_000, "USD", N, {}),
    ("38 percent", 38, "%", N, {}),
    ("about half", 0.5, "ratio", "about", {}),
    ("More than 610 companies", 610, N, "more than", {"counted": "companies"}),
    # 2023-09-07 Xi
    ("over 240 influential industrial Internet platforms", 240, N, "over", {"counted": "platforms"}),
    ("45 major categories", 45, N, N, {"counted": "categories"}),
    ("84 major projects", 84, N, N, {"counted": "projects"}),
    ("213.86 billion yuan", 213_860_000_000, "CNY", N, {}),
    # undated digital economy
    ("1 million electronic research and development (R&D) engineers", 1_000_000, N, N, {"counted": "engineers"}),
    ("1 million engineers", 1_000_000, N, N, {"counted": "engineers"}),
    ("100,000 upstream and downstream factories", 100_000, N, N, {"counted": "factories"}),
    ("more than 210 countries", 210, N, "more than", {"counted": "countries"}),
    ("11 trillion yuan", 11_000_000_000_000, "CNY", N, {}),
    ("$1.6 trillion", 1_600_000_000_000, "USD", N, {}),
    ("45.5 trillion yuan", 45_500_000_000_000, "CNY", N, {}),
    ("More than 300 digital economy insiders", 300, N, "more than", {"counted": "insiders"}),
    ("39.8 percent", 39.8, "%", N, {}),
    # the same counts as the gold spans hold them (number and qualifier, without the noun)
    ("four", 4, N, N, {}),
    ("18", 18, N, N, {}),
    ("6", 6, N, N, {}),
    ("5", 5, N, N, {}),
    ("31", 31, N, N, {}),
    ("45", 45, N, N, {}),
    ("84", 84, N, N, {}),
    ("100,000", 100_000, N, N, {}),
    ("1 million", 1_000_000, N, N, {}),
    ("over 100", 100, N, "over", {}),
    ("over 610", 610, N, "over", {}),
    ("over 240", 240, N, "over", {}),
    ("over 100,000", 100_000, N, "over", {}),
    ("more than 70", 70, N, "more than", {}),
    ("more than 210", 210, N, "more than", {}),
    ("More than 610", 610, N, "more than", {}),
    ("More than 300", 300, N, "more than", {}),
]

EDGE_CASES = [
    # money: ISO 4217, symbols, codes, words
    ("RMB 5 billion", 5_000_000_000, "CNY", N, {}),
    ("5 billion renminbi", 5_000_000_000, "CNY", N, {}),
    ("5 billion RMB", 5_000_000_000, "CNY", N, {}),
    ("CNY 12.5 million", 12_500_000, "CNY", N, {}),
    ("¥300", 300, "CNY", N, {}),
    ("300 dollars", 300, "USD", N, {}),
    ("2.5 billion US dollars", 2_500_000_000, "USD", N, {}),
    ("US$6 trillion", 6_000_000_000_000, "USD", N, {}),
    ("USD 40 million", 40_000_000, "USD", N, {}),
    ("40 million USD", 40_000_000, "USD", N, {}),
    ("€3.2m", 3_200_000, "EUR", N, {}),
    ("5bn euros", 5_000_000_000, "EUR", N, {}),
    ("1.2 billion euro", 1_200_000_000, "EUR", N, {}),
    ("EUR 7", 7, "EUR", N, {}),
    ("£450k", 450_000, "GBP", N, {}),
    ("£1.25bn", 1_250_000_000, "GBP", N, {}),
    ("$120", 120, "USD", N, {}),
    ("$ 7.5 bn", 7_500_000_000, "USD", N, {}),
    ("$0.99", 0.99, "USD", N, {}),
    ("HK$2.3 billion", 2_300_000_000, "HKD", N, {}),
    ("S$400 million", 400_000_000, "SGD", N, {}),
    ("₹80,000 crore", 800_000_000_000, "INR", N, {}),
    ("Rs 5 lakh", 500_000, "INR", N, {}),
    ("500 million roubles", 500_000_000, "RUB", N, {}),
    ("3 trillion won", 3_000_000_000_000, "KRW", N, {}),
    ("1.2 trillion yen", 1_200_000_000_000, "JPY", N, {}),
    ("20 billion tenge", 20_000_000_000, "KZT", N, {}),
    ("9 million somoni", 9_000_000, "TJS", N, {}),
    ("15 million Swiss francs", 15_000_000, "CHF", N, {}),
    ("100 pounds sterling", 100, "GBP", N, {}),
    ("$5-7 billion", 6_000_000_000, "USD", N, {"low": 5_000_000_000, "high": 7_000_000_000}),
    ("between $2 million and $3 million", 2_500_000, "USD", "between", {"low": 2_000_000, "high": 3_000_000}),
    # exact decimals
    ("213.86 billion", 213_860_000_000, N, N, {}),
    ("0.1 billion yuan", 100_000_000, "CNY", N, {}),
    ("1.005 million", 1_005_000, N, N, {}),
    ("3.3 percent", 3.3, "%", N, {}),
    ("0.3 trillion yuan", 300_000_000_000, "CNY", N, {}),
    ("12.345 billion", 12_345_000_000, N, N, {}),
    ("7.77 trillion yuan", 7_770_000_000_000, "CNY", N, {}),
    ("1,234.56 dollars", 1234.56, "USD", N, {}),
    ("1,000,000", 1_000_000, N, N, {}),
    (".5 percent", 0.5, "%", N, {}),
    ("70\u00a0000 square meters", 70_000, "m2", N, {}),
    # scale words and abbreviations
    ("2 thousand", 2000, N, N, {}),
    ("3k", 3000, N, N, {}),
    ("3K", 3000, N, N, {}),
    ("4.5m", 4_500_000, N, N, {}),
    ("7 mln", 7_000_000, N, N, {}),
    ("2bn", 2_000_000_000, N, N, {}),
    ("1.1 tn", 1_100_000_000_000, N, N, {}),
    ("five hundred million", 500_000_000, N, N, {}),
    ("one hundred million yuan", 100_000_000, "CNY", N, {}),
    ("a million", 1_000_000, N, N, {}),
    ("a dozen companies", 12, N, N, {"counted": "companies"}),
    # percent and percentage points
    ("29.9%", 29.9, "%", N, {}),
    ("29.9 %", 29.9, "%", N, {}),
    ("5 per cent", 5, "%", N, {}),
    ("12 pct", 12, "%", N, {}),
    ("2 percentage points", 2, "pp", N, {}),
    ("0.5 percentage point", 0.5, "pp", N, {}),
    ("25 basis points", 25, "bp", N, {}),
    ("between 5 and 7 percent", 6, "%", "between", {"low": 5, "high": 7}),
    ("5 to 7 percent", 6, "%", N, {"low": 5, "high": 7}),
    ("5-7%", 6, "%", N, {"low": 5, "high": 7}),
    ("up to 30 percent", 30, "%", "up to", {}),
    ("nearly 40 percent", 40, "%", "nearly", {}),
    ("almost 12%", 12, "%", "almost", {}),
    # quantities
    ("3 km", 3, "km", N, {}),
    ("12 kilometers", 12, "km", N, {}),
    ("800 kilometres", 800, "km", N, {}),
    ("40 kg", 40, "kg", N, {}),
    ("1.5 million tons", 1_500_000, "t", N, {}),
    ("20 tonnes", 20, "t", N, {}),
    ("5 t", 5, "t", N, {}),
    ("6,000 square metres", 6000, "m2", N, {}),
    ("150 sq m", 150, "m2", N, {}),
    ("25 m2", 25, "m2", N, {}),
    ("25 m²", 25, "m2", N, {}),
    ("1,200 square kilometers", 1200, "km2", N, {}),
    ("300 hectares", 300, "ha", N, {}),
    ("50 cubic meters", 50, "m3", N, {}),
    ("2 million barrels", 2_000_000, "bbl", N, {}),
    ("100 megawatts", 100, "MW", N, {}),
    ("3.5 GW", 3.5, "GW", N, {}),
    ("1,000 TEUs", 1000, "TEU", N, {}),
    ("400 meters", 400, "m", N, {}),
    ("10 litres", 10, "L", N, {}),
    ("about 200 miles", 200, "mi", "about", {}),
    ("at least 5 terabytes", 5, "TB", "at least", {}),
    # counts, qualifiers
    ("610 companies", 610, N, N, {"counted": "companies"}),
    ("at least 12 people", 12, N, "at least", {"counted": "people"}),
    ("around 3,000 staff", 3000, N, "around", {"counted": "staff"}),
    ("almost 90 cities", 90, N, "almost", {"counted": "cities"}),
    ("up to 500 participants", 500, N, "up to", {"counted": "participants"}),
    ("approximately 75 delegates", 75, N, "approximately", {"counted": "delegates"}),
    ("roughly 1,500 firms", 1500, N, "roughly", {"counted": "firms"}),
    ("fewer than 20 members", 20, N, "fewer than", {"counted": "members"}),
    ("less than 1 percent", 1, "%", "less than", {}),
    ("as many as 40 countries", 40, N, "as many as", {"counted": "countries"}),
    ("close to 900 exhibitors", 900, N, "close to", {"counted": "exhibitors"}),
    ("no more than 10 days", 10, N, "no more than", {"counted": "days"}),
    ("in excess of $1 billion", 1_000_000_000, "USD", "in excess of", {}),
    ("More Than 60 nations", 60, N, "more than", {"counted": "nations"}),
    # number words
    ("one fifth", 0.2, "ratio", N, {}),
    ("one-fifth", 0.2, "ratio", N, {}),
    ("two thirds", 0.6666666666666666, "ratio", N, {}),
    ("three quarters", 0.75, "ratio", N, {}),
    ("a quarter", 0.25, "ratio", N, {}),
    ("a third", 0.3333333333333333, "ratio", N, {}),
    ("half", 0.5, "ratio", N, {}),
    ("one half", 0.5, "ratio", N, {}),
    ("one in five", 0.2, "ratio", N, {}),
    ("three tenths", 0.3, "ratio", N, {}),
    ("eleven", 11, N, N, {}),
    ("twenty-five", 25, N, N, {}),
    ("twenty five companies", 25, N, N, {"counted": "companies"}),
    ("ninety-nine", 99, N, N, {}),
    ("one hundred and five", 105, N, N, {}),
    ("two hundred", 200, N, N, {}),
    ("three thousand", 3000, N, N, {}),
    ("two million", 2_000_000, N, N, {}),
    ("seven out of ten", 7, N, N, {"out_of": 10}),
    ("3 out of 4 respondents", 3, N, N, {"out_of": 4, "counted": "respondents"}),
    ("one and a half million", 1_500_000, N, N, {}),
    ("2.5", 2.5, N, N, {}),
    ("23-25", 24, N, N, {"low": 23, "high": 25}),
    ("23–25", 24, N, N, {"low": 23, "high": 25}),
    ("between 10 and 20 projects", 15, N, "between", {"low": 10, "high": 20, "counted": "projects"}),
    ("10 to 12 million", 11_000_000, N, N, {"low": 10_000_000, "high": 12_000_000}),
    # text around the figure
    ("worth nearly 38 trillion yuan", 38_000_000_000_000, "CNY", "nearly", {}),
    ("  45.5 trillion yuan ", 45_500_000_000_000, "CNY", N, {}),
]


def check(text, value, unit, qualifier, extra):  # type: ignore[no-untyped-def]
    got = normalise(text)
    assert got["value"] == value and type(got["value"]) is type(value), (text, got)
    assert got["unit"] == unit, (text, got)
    assert got["qualifier"] == qualifier, (text, got)
    for k, v in extra.items():
        assert got.get(k) == v and type(got.get(k)) is type(v), (text, k, got)
    for k in ("low", "high", "out_of", "counted"):
        if k not in extra:
            assert k not in got, (text, k, got)


@pytest.mark.parametrize("row", CORPUS_PHRASES, ids=[r[0] for r in CORPUS_PHRASES])
def test_corpus_phrase(row):  # type: ignore[no-untyped-def]
    check(*row)


@pytest.mark.parametrize("row", EDGE_CASES, ids=[r[0] for r in EDGE_CASES])
def test_edge_case(row):  # type: ignore[no-untyped-def]
    check(*row)


def test_every_gold_span_of_the_corpus_normalises(gold_spans):  # type: ignore[no-untyped-def]
    """Each hand-annotated figure of the five articles normalises, to the value in the table."""
    table = {r[0]: r for r in CORPUS_PHRASES}
    for _doc, span in gold_spans:
        got = normalise(span["text"], span["label"])
        assert span["text"] in table, span["text"]
        _, value, unit, qualifier, _ = table[span["text"]]
        assert (got["value"], got["unit"], got["qualifier"]) == (value, unit, qualifier)


def test_decimal_precision_does_not_drift():
    assert normalise("213.86 billion yuan")["value"] == 213860000000
    assert normalise("0.07 trillion")["value"] == 70000000000
    assert normalise("1.1 billion")["value"] == 1100000000  # 1.1 * 1e9 in floats is 1100000000.0000002
    assert normalise("4.35 trillion yuan")["value"] == 4350000000000


def test_percent_label_hint():
    assert normalise("38", "PERCENT")["unit"] == "%"


@pytest.mark.parametrize("text", ["", "no figure here", "percent", "yuan"])
def test_no_number_is_a_clear_error(text):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="no number"):
        normalise(text)


def test_prefill_never_raises():
    from app.figures import prefill

    assert prefill("nearly 38 trillion yuan", "MONEY")["value"] == 38_000_000_000_000
    assert prefill("Xi Jinping", "MONEY") == {}
