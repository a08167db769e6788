"""Every URL, every role: the declared table of access is what the site does."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.access import Rule

pytestmark = pytest.mark.django_db

WHO = [
    "anonymous",
    "outsider",
    "member",
    "mentor",
    "representative",
    "staff",
    "senior_manager",
    "returning_officer",
    "data_steward",
    "administrator",
]


def _access_modules():
    for info in pkgutil.iter_modules(tests.__path__):
        if not info.ispkg:
            continue
        try:
            yield importlib.import_module(f"tests.{info.name}.access")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{info.name}.access":
                raise


def _all_url_names(resolver=None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            inner = f"{namespace}{ns}:" if ns else namespace
            names |= _all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def _rules_and_exempt() -> tuple[list[Rule], dict[str, str], list]:
    rules: list[Rule] = []
    exempt: dict[str, str] = {}
    builders = []
    names = _all_url_names()
    for module in _access_modules():
        rules.extend(getattr(module, "RULES", []))
        exempt.update(getattr(module, "EXEMPT", {}))
        for prefix in getattr(module, "EXEMPT_PREFIXES", {}):
            exempt.update({name: prefix for name in names if name.startswith(prefix)})
        if hasattr(module, "objects"):
            builders.append(module.objects)
    return rules, exempt, builders


def test_every_url_is_in_the_table():
    rules, exempt, _ = _rules_and_exempt()
    declared = {r.url_name for r in rules} | set(exempt)
    missing = sorted(_all_url_names() - declared)
    assert not missing, f"URLs with no row in any tests/<app>/access.py: {missing}"
    stale = sorted(declared - _all_url_names())
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def _is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302):
        return False
    location = response.headers.get("Location", "")
    return location.startswith(reverse("account_login")) or location.startswith("/admin/login")


def _modules_with_rules():
    return [m for m in _access_modules() if getattr(m, "RULES", None)]


@pytest.mark.parametrize("module", _modules_with_rules(), ids=lambda m: m.__name__.split(".")[1])
def test_every_role_gets_what_the_table_says(client, role_users, module):
    """One case per app (``-k council`` runs one): each role against each declared URL."""
    objects: dict = {}
    if hasattr(module, "objects"):
        objects.update(module.objects(role_users) or {})
    failures = []
    for rule in module.RULES:
        kwargs = rule.kwargs(objects) if rule.kwargs else {}
        url = reverse(rule.url_name, kwargs=kwargs)
        for who in WHO:
            client.logout()
            if who != "anonymous":
                client.force_login(role_users[who])
            call = client.post if rule.method == "POST" else client.get
            response = call(url, rule.data)
            refused = response.status_code in (401, 403, 404) or _is_login_redirect(response)
            if who in rule.allowed and (refused or response.status_code >= 500):
                failures.append(f"{who} should reach {rule.method} {url}: {response.status_code}")
            if who not in rule.allowed and not refused:
                failures.append(
                    f"{who} should be refused {rule.method} {url}: {response.status_code}"
                )
            if (
                who == "anonymous"
                and who not in rule.allowed
                and not _is_login_redirect(response)
                and response.status_code not in (403, 404)
            ):
                failures.append(f"anonymous {url}: expected login redirect")
    assert not failures, "\n".join(failures)
