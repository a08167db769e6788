from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreForSignedInMiddleware:
    """Pages shown to a signed-in person must not stay in a shared or back-button cache.

    Many members use a shared or borrowed phone; a cached page could show the next person
    what the last one saw.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response
