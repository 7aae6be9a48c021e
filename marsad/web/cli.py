"""``marsad serve``: put a store online (uvicorn serving :func:`marsad.web.app.create_app`)."""

from __future__ import annotations

import ipaddress
import logging
import sys
import threading
from pathlib import Path

__all__ = ["serve_main"]

logger = logging.getLogger(__name__)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_main(
    db: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    config: Path | None = None,
    *,
    warm_writer: bool = True,
) -> int:
    """Serve the store in ``db`` until interrupted; the exit status for the CLI.

    Args:
        db: the SQLite store (made by ``marsad digest``); created empty if missing.
        host: interface to listen on (loopback by default).
        port: TCP port.
        token: when set, writes (``POST /api/articles``) need ``Authorization: Bearer TOKEN``.
        config: a TOML settings file layered over the defaults (used to ingest posts).
        warm_writer: replay the store for posts in a background thread at startup (minutes
            and about 1.5 GB for 30K articles), so the first post does not wait for it.

    Returns:
        0 after a clean shutdown, 2 when the settings or the token are unusable.
    """
    import uvicorn

    from marsad.config import load_settings
    from marsad.web.app import create_app

    try:
        settings = load_settings(config)
    except (OSError, ValueError) as exc:
        print(f"marsad serve: settings: {exc}", file=sys.stderr)
        return 2
    if not db.exists():
        print(f"marsad serve: no store at {db}; starting an empty one", file=sys.stderr)
    if token is None and not _is_loopback(host):
        print(
            f"marsad serve: listening on {host} without --token: anyone who can reach it can post articles",
            file=sys.stderr,
        )
    try:
        app = create_app(db, settings, token=token)
    except ValueError as exc:
        print(f"marsad serve: {exc}", file=sys.stderr)
        return 2
    if warm_writer:
        threading.Thread(target=app.state.writer.prepare, name="marsad-writer-warmup", daemon=True).start()
    print(f"marsad serve: http://{host}:{port}/ (store {db})", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)
    return 0
