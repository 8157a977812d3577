"""The web surface: a gradio chat page and the HTTP API, served together (``budgetqa serve``)."""

from .server import create_app, serve

__all__ = ["create_app", "serve"]
