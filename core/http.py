"""Small helpers every view uses to read a request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

# Reading posted data


def posted(request: HttpRequest) -> Any:
    """The POST data to bind a form with, even when empty (so an empty submit shows errors)."""
    return request.POST if request.method == "POST" else None
