"""Browser tests: Playwright for Python driving Debian's Chromium, with axe-core on each page.

tests/conftest.py imports these fixtures, so a browser journey can live beside its app's
other tests (tests/<app>/test_browser.py). Mark such tests ``pytest.mark.browser`` and use
``role_groups``, ``page``, ``live_server``, ``audit`` (axe on a page) and ``fresh_page``.

Needs the GOV.UK Frontend assets built first (``npm run build``) and Chromium installed
(``apt-get install -y chromium``). DJANGO_ALLOW_ASYNC_UNSAFE is set by tests/conftest.py so
the ORM can be used beside Playwright's event loop.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# WCAG 2.0, 2.1 and 2.2 at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_AXE = Axe()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    _require_browser_and_assets()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _require_browser_and_assets() -> None:
    """Skip without Chromium on a developer's machine; fail in CI (REQUIRE_BROWSER=1)."""
    if not Path(CHROMIUM).exists():
        message = "Chromium is missing: run `apt-get install -y chromium`."
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    css = Path(settings.BASE_DIR) / "build" / "static" / "govuk" / "css" / "main.css"
    if not css.exists():
        pytest.fail("GOV.UK Frontend is not built: run `npm ci && npm run build` first.")


class PageProblems:
    """Collects what the browser complains about: CSP refusals, script errors, 404s."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.items.append(f"script error: {error}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        # A page that answers 403 or 404 on purpose also logs "Failed to load resource";
        # missing static files are caught by _response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.items.append(f"console error: {message.text}")
        # GOV.UK Frontend logs a component that fails to start (bad markup) or uses a
        # deprecated option as "govuk-<component>: ..." with console.log or console.warn.
        elif message.text.startswith("govuk-") or "GOV.UK Frontend" in message.text:
            self.items.append(f"GOV.UK Frontend: {message.text}")

    def _response(self, response) -> None:
        if "/static/" in response.url and response.status >= 400:
            self.items.append(f"{response.status} for {response.url}")

    def take(self) -> list[str]:
        items, self.items = self.items, []
        return items


@pytest.fixture(autouse=True)
def _browser_closed_before_flush(request) -> Iterator[None]:
    """No page of a browser test outlives it: every browser context the test opened (its own
    ``browser.new_context()`` ones too, closed or not, failed or not) is closed, and the live
    server's requests have finished, before the test's data is flushed.

    On SQLite the live server's request threads share the test's one in-memory connection.
    A page left open (a job page that polls, a refresh, a timeout warning) would go on
    requesting during later tests and the flush between them: "database table is locked"
    in every browser test after the one that failed to close. pytest-django's own autouse
    fixture sets up ``transactional_db`` before this one, so this teardown runs first.
    """
    if "live_server" not in request.fixturenames or "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    yield
    for context in browser.contexts:
        if context not in before:
            context.close()
    deadline = time.monotonic() + 10
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))


@pytest.fixture
def problems(context) -> PageProblems:
    """Every page opened in the test's browser context is watched."""
    found = PageProblems()
    for page in context.pages:
        found.watch(page)
    context.on("page", found.watch)
    return found


@pytest.fixture
def role_groups(transactional_db) -> None:
    """The role groups, which a data migration makes but a transactional test's flush empties.

    (serialized_rollback would restore them too, but it serializes every app's tables and so
    breaks whenever any app's migrations lag behind its models.)
    """
    from django.contrib.auth.models import Group

    from users.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


def axe_violations(page) -> tuple[int, str]:
    results = _AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    return results.violations_count, results.generate_report()


# What axe found, cut down in the page to what a report needs (rule, impact, where): the full
# result (every passing check and its nodes) is large to copy out of the browser on every
# page of a long walk.
_AXE_FINDINGS = """options => axe.run(document, options).then(result =>
 result.violations.map(v => ({
  rule: v.id,
  impact: v.impact,
  help: v.help,
  targets: v.nodes.map(node => node.target.join(" ")),
})))"""


def axe_findings(page) -> list[dict]:
    """axe's WCAG 2.2 A/AA violations on ``page``: ``[{rule, impact, help, targets}]``.

    The same check as ``axe_violations``, for a test that visits many pages and reports them
    all at the end (tests/browser/test_phone_fit.py).
    """
    page.evaluate(_AXE.axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate(_AXE_FINDINGS, options)


@pytest.fixture
def audit(problems):
    """``audit(page)``: the page passes axe (WCAG 2.2 A and AA) and broke no browser rule.

    Returns the list of audited URLs so a test can show it checked every page it visited.
    """
    visited: list[str] = []

    def _audit(page) -> None:
        page.wait_for_load_state("load")
        count, report = axe_violations(page)
        assert count == 0, f"axe found {count} violation(s) on {page.url}:\n{report}"
        found = problems.take()
        assert found == [], f"browser problems on {page.url}: {found}"
        visited.append(page.url)

    _audit.visited = visited
    return _audit


def totp_code(secret: str) -> str:
    """The current code for ``secret``, as an authenticator app shows it.

    The portal accepts only the current 30-second window (MFA_TOTP_TOLERANCE = 0), so wait
    for a fresh window if this one is about to end.
    """
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 4:
        time.sleep(period - time.time() % period + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


@pytest.fixture
def fresh_page(browser, problems) -> Iterator:
    """A page in a second, separate browser context: another person on another device."""
    other = browser.new_context()
    other.on("page", problems.watch)
    yield other.new_page()
    other.close()
