"""marsad's web app: reader pages and a JSON API over a store (``marsad serve``).

from marsad.web import create_app, serve_main
"""

from __future__ import annotations

from marsad.web.app import create_app
from marsad.web.cli import serve_main

__all__ = ["create_app", "serve_main"]
