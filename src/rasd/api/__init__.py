"""The REST API (FastAPI): JSON twins of the web pages, over `rasd.query`."""

from rasd.api.app import create_app

__all__ = ["create_app"]
