"""Every URL, as a role that may use it, with odd values in every integer path argument and
every query parameter the view reads: no response is a 5xx (issue 14 item 2).

The URLs and who may use them come from the permission matrix (``tests/<app>/access.py``). The
parameters each view reads are found by reading its source: ``request.GET.get("x")``,
``.getlist("x")``, ``request.GET["x"]``, ``get_int_or_400(request.GET, "x")``, the fields of a
form bound to ``request.GET``, in the view and in the module's own helpers it calls. So a new
view or a new parameter is covered without anyone adding it here.

One case per app (``-k council`` runs one).
"""

from __future__ import annotations

import inspect
import re
from functools import cache
from types import FunctionType

import pytest
from django import forms
from django.urls import NoReverseMatch, resolve, reverse

from tests.test_permission_matrix import WHO, _modules_with_rules

pytestmark = pytest.mark.django_db

ODD = ["²", "-1", "0", "99999999999999999999", "", "\x00", "9" * 10_000]
# What an <int:...> path converter lets through of ODD (the others cannot reach a view).
ODD_IN_PATH = ["0", "99999999999999999999", "²", "-1", "\x00", "x" * 10_000]

_READS = [
    # request.GET.get("x"), request.POST.getlist("x"), self.request.GET.get("x")
    re.compile(r"request\.(GET|POST)\.(?:get|getlist)\(\s*[\"']([^\"']+)[\"']"),
    # request.GET["x"]
    re.compile(r"request\.(GET|POST)\[\s*[\"']([^\"']+)[\"']\s*\]"),
    # get_int_or_400(request.GET, "x") and other helpers given the QueryDict and a key
    re.compile(r"request\.(GET|POST),\s*[\"']([^\"']+)[\"']"),
]
_FORM_ON_GET = re.compile(r"([\w.]+)\(\s*request\.GET\b")
_CALL = re.compile(r"\b([A-Za-z_]\w*)\(")


def _unwrap(func):
    view_class = getattr(func, "view_class", None)
    if view_class is not None:
        return view_class
    return inspect.unwrap(func)


@cache
def _reads(func) -> dict[str, frozenset[str]]:
    """{"GET": names, "POST": names} that the view (and its module's helpers) read."""
    target = _unwrap(func)
    module = inspect.getmodule(target)
    found: dict[str, set[str]] = {"GET": set(), "POST": set()}
    seen: set[object] = set()

    def scan(obj, depth: int) -> None:
        if obj in seen:
            return
        seen.add(obj)
        try:
            source = inspect.getsource(obj)
        except (OSError, TypeError):
            return
        for pattern in _READS:
            for method, key in pattern.findall(source):
                found[method].add(key)
        for name in _FORM_ON_GET.findall(source):
            form_class = _lookup(module, name)
            if isinstance(form_class, type) and issubclass(form_class, forms.BaseForm):
                found["GET"].update(form_class.base_fields)
        if depth == 0 or module is None:
            return
        for name in _CALL.findall(source):
            helper = getattr(module, name, None)
            if isinstance(helper, FunctionType) and helper.__module__ == module.__name__:
                scan(helper, depth - 1)

    scan(target, 2)
    return {k: frozenset(v) for k, v in found.items()}


def _lookup(module, dotted: str):
    obj = module
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _who(rule) -> str:
    for who in WHO:
        if who in rule.allowed and who != "anonymous":
            return who
    return "anonymous"


def _call(client, rule, url: str, query: dict, post: dict):
    if rule.method == "POST":
        if query:
            from urllib.parse import urlencode

            url = f"{url}?{urlencode(query)}"
        return client.post(url, {**rule.data, **post})
    return client.get(url, {**rule.data, **query})


@pytest.mark.parametrize("module", _modules_with_rules(), ids=lambda m: m.__name__.split(".")[1])
def test_odd_values_never_give_a_server_error(client, role_users, module):
    objects: dict = {}
    if hasattr(module, "objects"):
        objects.update(module.objects(role_users) or {})
    client.raise_request_exception = False  # a 500 is recorded, and the walk goes on
    failures: list[str] = []
    tried = 0
    for rule in module.RULES:
        kwargs = rule.kwargs(objects) if rule.kwargs else {}
        url = reverse(rule.url_name, kwargs=kwargs)
        who = _who(rule)
        client.logout()
        if who != "anonymous":
            client.force_login(role_users[who])
        reads = _reads(resolve(url).func)

        def check(response, what: str, who=who, rule=rule) -> None:
            if response.status_code >= 500:
                failures.append(f"{who} {rule.method} {what}: {response.status_code}")

        # Path arguments: every value the URL's converter lets through.
        for name in kwargs:
            for value in ODD_IN_PATH:
                try:
                    odd_url = reverse(rule.url_name, kwargs={**kwargs, name: value})
                except NoReverseMatch:
                    continue
                tried += 1
                check(
                    _call(client, rule, odd_url, {}, {}), f"{odd_url[:80]} ({name}={value[:8]!r})"
                )
        # Query and form parameters the view reads, one at a time.
        for method, names in reads.items():
            for name in sorted(names):
                for value in ODD:
                    tried += 1
                    query, post = ({name: value}, {}) if method == "GET" else ({}, {name: value})
                    check(_call(client, rule, url, query, post), f"{url} {name}={value[:8]!r}")
    assert tried, "nothing was tried"
    assert not failures, "\n".join(failures)


def test_the_source_reader_finds_the_parameters():
    """The discovery itself: if this fails, the walker above is testing nothing."""
    from actionplan.views import actions as actionplan_views
    from council.views import minutes as views_minutes
    from peersupport.matching import views as views_matching

    assert "objective" in _reads(actionplan_views.action_create)["GET"]
    assert {"contact", "match"} <= _reads(views_matching.concern_create)["GET"]
    assert "item" in _reads(views_minutes.decision_create)["GET"]
    from core import views as core_views

    assert "notification" in _reads(core_views.inbox_mark_read)["POST"]
