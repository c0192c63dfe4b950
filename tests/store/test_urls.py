"""One masking function for store locations: a password is never shown, logged or kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import open_store
from app.errors import CuratorError
from app.store.urls import mask_secrets, mask_url, passwords


@pytest.mark.parametrize(("location", "shown"), [
    ("postgresql+psycopg://ann:p%40ss@db.example:5432/curation?sslmode=require",
     "postgresql+psycopg://ann:***@db.example:5432/curation?sslmode=require"),
    ("postgresql://ann:a/b:c@db/curation", "postgresql://ann:***@db/curation"),
    ("postgresql://db/curation?user=ann&password=s3cret&sslmode=require",
     "postgresql://db/curation?user=ann&password=***&sslmode=require"),
    ("postgresql://ann@db/curation", "postgresql://ann@db/curation"),
    ("postgresql://ann:@db/curation", "postgresql://ann:@db/curation"),
    ("/home/ann/my:store@2026.db", "/home/ann/my:store@2026.db"),
    ("sqlite:////home/ann/curator.db", "sqlite:////home/ann/curator.db"),
])
def test_mask_url(location: str, shown: str) -> None:
    assert mask_url(location) == shown
    assert mask_url(shown) == shown


def test_mask_secrets_hides_the_password_as_written_and_decoded() -> None:
    url = "postgresql://ann:p%40ss@db/curation"
    assert passwords(url) == ["p%40ss", "p@ss"]
    assert mask_secrets("auth failed for p@ss (p%40ss)", url) == "auth failed for *** (***)"
    assert mask_secrets("nothing to hide", "/a/b.db") == "nothing to hide"


@pytest.mark.parametrize("bad", [
    "postgresql://ann:s3cret-pw@127.0.0.1:notaport/curation",
    "nosuchdriver://ann:s3cret-pw@127.0.0.1/curation",
])
def test_an_unusable_url_is_one_clear_error_without_the_password(bad: str) -> None:
    with pytest.raises(CuratorError) as info:
        open_store(bad)
    assert "s3cret-pw" not in str(info.value)
    assert "ann:***@127.0.0.1" in str(info.value)


def test_the_store_shows_its_location_masked(tmp_path: Path) -> None:
    s = open_store(tmp_path / "s.db")
    try:
        assert s.display_name == mask_url(s.url) == s.url
    finally:
        s.close()
