"""CSP on real pages (issue 14 item 5): nothing inline that the policy would block.

The policy (config/settings/base.py CONTENT_SECURITY_POLICY) is strict: ``script-src 'self'
'nonce-…'`` and ``style-src 'self'`` with no nonce and no 'unsafe-inline'. So on every page:

- an inline ``<script>`` (no ``src``) must carry this response's nonce;
- there is no ``<style>`` element at all (style-src has no nonce, so even a nonced one is
  blocked) and no ``style="…"`` attribute;
- no ``on…=`` event-handler attribute and no ``javascript:`` link, which no nonce allows.

The pages are the permission matrix's (tests/<app>/access.py), GET only, each requested as
every role that may see it, so a page that differs by role is checked for each. A browser
would block what this finds; the test finds it first, without a browser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from tests.test_permission_matrix import WHO, _modules_with_rules

pytestmark = pytest.mark.django_db

# <script type=…> values that are data, not code (browsers do not run them).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class InlineFinder(HTMLParser):
    def __init__(self, nonce: str) -> None:
        super().__init__(convert_charrefs=True)
        self.nonce = nonce or None
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        shown = self.get_starttag_text() or tag
        for name, value in attrs:
            if re.fullmatch(r"on[a-z]+", name):
                self.problems.append(f"event-handler attribute {name}: {shown}")
            if name == "style":
                self.problems.append(f"style attribute: {shown}")
            if name in URL_ATTRIBUTES and re.match(r"\s*javascript:", value or "", re.I):
                self.problems.append(f"javascript: link: {shown}")
        if tag == "style":
            self.problems.append(f"<style> element (style-src has no nonce): {shown}")
        if tag == "script" and "src" not in values:
            kind = (values.get("type") or "").strip().lower()
            if kind not in DATA_SCRIPT_TYPES and values.get("nonce") != self.nonce:
                self.problems.append(f"inline <script> without this response's nonce: {shown}")

    handle_startendtag = handle_starttag


def inline_problems(response) -> list[str]:
    policy = response.headers.get("Content-Security-Policy", "")
    if "script-src" not in policy:
        return ["no Content-Security-Policy header"]
    # django-csp names the nonce only on pages that used it; without one, no inline script runs.
    found = re.search(r"'nonce-([^']+)'", policy)
    finder = InlineFinder(found.group(1) if found else "")
    finder.feed(response.content.decode())
    finder.close()
    return finder.problems


def test_the_policy_forbids_inline_styles_and_unnonced_scripts():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert not any("nonce" in str(source) for source in directives["style-src"])


def test_the_finder_finds_what_the_policy_blocks(rf):
    class Page:
        headers = {"Content-Security-Policy": "script-src 'self' 'nonce-abc123'"}
        content = (
            b'<script nonce="abc123">ok()</script><script src="/static/a.js"></script>'
            b'<script type="application/json">{"a": 1}</script>'
            b'<script>bad()</script><script nonce="other">bad()</script>'
            b"<style>p{}</style><p style='color:red'>x</p><img src=x onerror=alert(1)>"
            b'<a href=" JavaScript:alert(1)">x</a><button onClick="x()">y</button>'
        )

    problems = inline_problems(Page())
    assert len(problems) == 7, problems


def _html(response) -> bool:
    if response.status_code in (301, 302, 303, 307, 308):
        return False
    return response.headers.get("Content-Type", "").startswith("text/html") and not getattr(
        response, "streaming", False
    )


@pytest.mark.parametrize("module", _modules_with_rules(), ids=lambda m: m.__name__.split(".")[1])
def test_no_page_carries_inline_code_the_policy_would_block(client, role_users, module):
    objects: dict = {}
    if hasattr(module, "objects"):
        objects.update(module.objects(role_users) or {})
    failures: list[str] = []
    pages = 0
    for rule in module.RULES:
        if rule.method != "GET":
            continue
        url = reverse(rule.url_name, kwargs=rule.kwargs(objects) if rule.kwargs else {})
        for who in WHO:
            if who not in rule.allowed:
                continue
            client.logout()
            if who != "anonymous":
                client.force_login(role_users[who])
            response = client.get(url, rule.data)
            if not _html(response):
                continue
            pages += 1
            failures += [f"{who} {url}: {p}" for p in inline_problems(response)]
    assert pages, "no HTML pages were checked"
    assert not failures, "\n".join(failures)


def test_admin_and_error_pages_carry_no_inline_code(client, administrator, member):
    """The Django admin is outside the matrix (tests/core/test_admin.py walks it); a sample."""
    client.force_login(administrator)
    urls = [
        "/admin/",
        "/admin/users/user/",
        f"/admin/users/user/{member.pk}/change/",
        f"/admin/users/user/{member.pk}/history/",
        "/admin/users/user/add/",
        "/admin/auth/group/",
        "/no-such-page/",
    ]
    failures = [f"{url}: {p}" for url in urls for p in inline_problems(client.get(url))]
    assert not failures, "\n".join(failures)
