"""A server that accepts the connection but never answers (a host that hangs, a cut network)
is one clear error after libpq's connect timeout, never a window frozen for minutes."""

from __future__ import annotations

import socket
import threading

import pytest

from app import open_store
from app.errors import CuratorError
from app.store import engine


def test_a_silent_server_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("psycopg")
    monkeypatch.setitem(engine.NETWORK_DEFAULTS, "connect_timeout", 2)
    with socket.socket() as server:  # the kernel completes the handshake; nobody ever replies
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        port = server.getsockname()[1]
        errors: list[BaseException] = []

        def opening() -> None:
            try:
                open_store(f"postgresql+psycopg://ann:pw@127.0.0.1:{port}/curation")
            except BaseException as exc:  # noqa: BLE001  (what the test looks at)
                errors.append(exc)

        t = threading.Thread(target=opening, daemon=True)
        t.start()
        t.join(60)  # liveness, not speed: without a timeout libpq waits forever
        assert not t.is_alive(), "open_store still waiting on a server that never answers"
    (exc,) = errors
    assert isinstance(exc, CuratorError) and "timeout" in str(exc).lower(), exc
    assert "pw" not in str(exc).replace("password", "")
