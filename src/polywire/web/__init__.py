"""The web UI and REST API: ``polywire serve``."""

from polywire.web.app import create_app

__all__ = ["create_app"]
