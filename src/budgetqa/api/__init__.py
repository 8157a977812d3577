"""The HTTP API: ``POST /api/ask`` answers with ``Answer.to_json()``, ``GET /api/health`` reports the index."""

from .app import create_api

__all__ = ["create_api"]
