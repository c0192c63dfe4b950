"""Passwords: taken from libpq's environment or password file, never written or shown.

Runs against the session's own cluster, where every role but the superuser must give a
password (scram-sha-256 on 127.0.0.1).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from app import open_store
from app.errors import CuratorError
from app.store.team import settings_url
from tests import pgserver

PASSWORD = "correct horse 42"


def test_settings_url_drops_only_the_password():
    assert settings_url("postgresql+psycopg://ann:p%40ss@db.example:5432/curation?sslmode=require") == (
        "postgresql+psycopg://ann@db.example:5432/curation?sslmode=require")
    assert settings_url("postgresql+psycopg://ann@db/curation") == "postgresql+psycopg://ann@db/curation"
    assert settings_url("/home/ann/curator.db") == "/home/ann/curator.db"
    assert settings_url("sqlite:////home/ann/curator.db") == "sqlite:////home/ann/curator.db"


@pytest.fixture
def curator_db(pg_url: str, pg_admin: Engine) -> Iterator[str]:
    """A database owned by a password-protected role: its URL, without the password."""
    if pgserver.OWN_CLUSTER is None:
        pytest.skip("needs the tests' own cluster (password auth for non-superusers)")
    role, db = f"curator_{os.getpid()}", f"team_{os.getpid()}"
    with pg_admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'"))
        conn.execute(text(f"CREATE DATABASE {db} OWNER {role}"))
    try:
        yield make_url(pg_url).set(username=role, database=db).render_as_string(hide_password=False)
    finally:
        with pg_admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))


@pytest.mark.postgres
def test_without_a_password_the_error_says_so(curator_db: str, monkeypatch, tmp_path: Path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(CuratorError, match="password"):
        open_store(curator_db)


@pytest.mark.postgres
def test_password_from_pgpassfile(curator_db: str, monkeypatch, tmp_path: Path):
    u = make_url(curator_db)
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"{u.host}:{u.port}:{u.database}:{u.username}:{PASSWORD}\n")
    passfile.chmod(0o600)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    store = open_store(curator_db)
    try:
        store.annotator("ann")
        assert [a.name for a in store.annotators()] == ["ann"]
        assert PASSWORD not in store.display_name and PASSWORD not in settings_url(store.url)
    finally:
        store.close()


@pytest.mark.postgres
def test_password_from_the_environment(curator_db: str, monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    store = open_store(curator_db)
    try:
        assert store.labels()  # created and seeded through the role's own connection
    finally:
        store.close()


@pytest.mark.postgres
def test_a_password_in_the_url_is_hidden_everywhere_it_is_shown(curator_db: str):
    with_pw = make_url(curator_db).set(password=PASSWORD).render_as_string(hide_password=False)
    store = open_store(with_pw)
    try:
        assert PASSWORD not in store.display_name and "***" in store.display_name
        assert settings_url(store.url) == curator_db
    finally:
        store.close()


@pytest.mark.postgres
def test_a_missing_password_is_asked_for_once_and_kept_only_in_the_process(
    curator_db: str, monkeypatch, tmp_path: Path
):
    from app.store.team import open_store_asking

    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return PASSWORD

    store = open_store_asking(curator_db, ask)
    try:
        assert asked == [f"password for {make_url(curator_db).username} on 127.0.0.1: "]
        assert store.url == curator_db and PASSWORD not in store.display_name
    finally:
        store.close()
    monkeypatch.delenv("PGPASSWORD")
    with pytest.raises(CuratorError, match="no password given"):
        open_store_asking(curator_db, lambda _prompt: "")
    with pytest.raises(CuratorError, match="no password supplied"):
        open_store_asking(curator_db, None)  # not a terminal: the server's one line


@pytest.mark.postgres
def test_the_cli_asks_on_a_terminal(curator_db: str, monkeypatch, tmp_path: Path, capsys):
    import app.cli as cli

    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setattr(cli.sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(cli, "_ask_password", lambda prompt: PASSWORD)
    assert cli.main(["--db", curator_db, "stats"]) == 0
    assert "documents    0" in capsys.readouterr().out
