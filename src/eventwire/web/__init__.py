"""The web UI and REST API over an eventwire database (`eventwire serve`)."""
from .app import create_app

__all__ = ["create_app"]
