"""The title rule on import (app.importing.text.title_of): navigation lines and datelines are not
titles. Table-driven: each row is an article's top and the title it must get."""

from __future__ import annotations

import pytest

from app.importing.text import is_navigation, strip_dateline, title_of
from tests.conftest import CORPUS

TITLES = [
    # navigation, breadcrumbs and menus above the headline
    ("Home > News > Content\n\nChina to push forward Shanghai Spirit\n\nBody.", "China to push forward Shanghai Spirit"),
    ("Exhibition News Industry News\nCO expo:Digital economy helps\n\nBody.", "CO expo:Digital economy helps"),
    ("Home | World | Business | Tech\nMarkets rally on rate hopes\nBody.", "Markets rally on rate hopes"),
    ("News » Asia » China\n\nFactory output rises", "Factory output rises"),
    ("Home News Contact\nHeadline here", "Headline here"),
    ("Latest News Top News\n\nRain expected tomorrow", "Rain expected tomorrow"),
    # datelines before the story, and lines that are only a date
    (" date 2021-08-24 CHONGQING, China, Aug. 24, 2021 /PRNewswire/ -- iChongqing- The forum opened.\n",
     "The forum opened."),
    ("BEIJING, Sept. 6 (Xinhua) -- China launched a satellite.\n", "China launched a satellite."),
    ("LONDON (Reuters) - Shares fell on Monday.", "Shares fell on Monday."),
    ("Chongqing, September 6th – In a letter, Xi spoke.", "In a letter, Xi spoke."),
    ("2021-05-27 15:14:37 admin source: share:\n\nTrade talks resume", "Trade talks resume"),
    ("Updated:2021-08-24 11:25:54\nTrade talks resume", "Trade talks resume"),
    # headlines that stay as they are
    ("SCO Secretary-General speaks at 5th Global Cross-Border E-Commerce Conference\n\n2021-05-27 15:14:37",
     "SCO Secretary-General speaks at 5th Global Cross-Border E-Commerce Conference"),
    ("Xinhua News Agency: President Xi Emphasizes Integration\n", "Xinhua News Agency: President Xi Emphasizes Integration"),
    ("News Corp Reports Record Profit\nBody", "News Corp Reports Record Profit"),
    ("Xi Jinping Meets Putin In Moscow\nBody", "Xi Jinping Meets Putin In Moscow"),
    ("Rome - a city of fountains\nBody", "Rome - a city of fountains"),
    ("Profits rose 5% in 2023 - analysts\nBody", "Profits rose 5% in 2023 - analysts"),
    ("中国人民银行 raises ratio\n北京 — body", "中国人民银行 raises ratio"),
    ("\n\n  Plain title  \nbody", "Plain title"),
    ("Home > News > Content\n", "Home > News > Content"),  # nothing else: the first line
    ("", "(untitled)"),
]


@pytest.mark.parametrize(("text", "title"), TITLES)
def test_title_rule(text: str, title: str) -> None:
    assert title_of(text) == title


@pytest.mark.parametrize(("line", "nav"), [
    ("Home > News > Content", True), ("Exhibition News Industry News", True), ("Home | About | Contact", True),
    ("About Us Contact Login", True), ("China to push forward Shanghai Spirit", False),
    ("News Corp Reports Record Profit", False), ("Sports", False), ("Trade, tariffs and talks", False),
])
def test_navigation_lines(line: str, nav: bool) -> None:
    assert is_navigation(line) is nav


@pytest.mark.parametrize(("line", "rest"), [
    ("CHONGQING, China, Aug. 24, 2021 /PRNewswire/ -- The expo opened.", "The expo opened."),
    ("Rome - a city of fountains", "Rome - a city of fountains"),
    ("WASHINGTON —", "WASHINGTON —"),  # nothing would remain
])
def test_datelines(line: str, rest: str) -> None:
    assert strip_dateline(line) == rest


def test_every_sample_article_gets_its_headline() -> None:
    titles = sorted(title_of(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt"))
    assert titles == [
        "CO expo:Digital economy helps empower China's high-quality development",
        "China to push forward Shanghai Spirit",
        "SCO Secretary-General speaks at 5th Global Cross-Border E-Commerce Conference",
        "The China-Shanghai Cooperation Organization (SCO) Forum on the Digital Economy Industry and the Smart China Expo 2021…",
        "Xinhua News Agency: President Xi Jinping Emphasizes the Deep Integration of Digital Technology and the Real Economy",
    ]
