"""Every page a demo role can reach fits a 390 px phone (issue 17).

The demo data is loaded (what people see when they try the portal: long names, charts,
results), then the permission matrix's objects are made beside it, for a second person in
each role, so that every URL in ``tests/<app>/access.py`` has something to show. For each
role, in one browser context with a 390 x 844 viewport, every page the demo account may GET
(the matrix's URLs and each demo election, council and consultation), then every other matrix
page the matrix's own person in that role may GET, is opened, and:

* the page does not scroll sideways: ``document.documentElement.scrollWidth <= 390``;
* no table is wider than the screen, not even inside a box that scrolls sideways (its last
  column, often the row's action, would be out of sight): tables fit or stack;
* no chart text (``svg text``) is drawn smaller than 12 px once the chart is scaled to fit.

Pages that are not HTML (exports, receipts, calendar feeds) and pages that refuse the person
are left out.

Each kind of page is also checked with axe for WCAG 2.2 A and AA (the same rules as every
browser journey's ``audit``), at 390 px, as it is drawn for the first role that reaches it.
Every violation on every page is collected and reported once at the end (role, page, rule,
the elements at fault). Which pages, out of about 980 visits:

* one page per URL name, whatever the role. A URL name is one view and one template; the
  roles differ in which parts of it they are shown (a button, a column), all of it drawn by
  the same includes and components, so a second role's copy adds little. Checking one per
  URL name and role instead would be about 800 pages, nearly every visit, and would
  triple the check's time (axe takes 0.8 to 1.3 s a page on a busy 2-CPU machine);
* except each role's home page: the navigation and the home sections are the part of the
  frame that really changes with the role;
* and except the demo elections, councils and consultations, each chosen for its state
  (a count released, voting open, a draft): the same URL name, very different content.

That is about 260 pages. The test records ``phone_fit_axe_pages`` and
``phone_fit_axe_seconds`` in the JUnit XML (``--junitxml``) to show what the check costs.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse
from playwright.sync_api import Error as PlaywrightError

from tests.browser_support import axe_findings
from tests.test_permission_matrix import _access_modules

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]

PHONE = {"width": 390, "height": 844}
SMALLEST_CHART_TEXT = 12
ROLES = [
    "member",
    "mentor",
    "representative",
    "staff",
    "senior_manager",
    "returning_officer",
    "data_steward",
    "administrator",
]

# The widest element that sticks out, and the smallest chart text once scaled, as the
# browser draws them.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  let widest = null;
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0 && (!widest || box.right > widest.right)) {
        const name = el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined
          ? "." + String(el.className).trim().split(/\\s+/).join(".") : "");
        widest = {right: Math.round(box.right), name, text: (el.innerText || "").slice(0, 60)};
      }
    }
  }
  let smallest = null;
  for (const text of document.querySelectorAll("svg text")) {
    const svg = text.ownerSVGElement;
    const box = svg.getBoundingClientRect();
    const viewBox = svg.viewBox && svg.viewBox.baseVal;
    const scale = viewBox && viewBox.width ? box.width / viewBox.width : 1;
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (box.width > 0 && (!smallest || size < smallest.size)) {
      smallest = {size: Math.round(size * 10) / 10, text: text.textContent.slice(0, 40)};
    }
  }
  // A table in a sideways-scrolling box keeps the page narrow but hides its last columns.
  const tables = [];
  for (const table of document.querySelectorAll("table")) {
    const box = table.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) {
      const caption = table.caption ? table.caption.textContent.trim().slice(0, 40) : "";
      tables.push({right: Math.round(box.right), caption});
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, widest, smallest, tables};
}"""


def _seed() -> tuple[dict, dict, dict]:
    """The demo accounts and data; a matrix person per role and the matrix's objects."""
    from core import hooks
    from tests.factories import make_user
    from users import demo

    demo_users = demo.seed()
    for loader in hooks.demo_data():
        loader.seed(demo_users)
    # The matrix's objects make their people mentors, claimants, chairs...: the demo
    # accounts already are some of these, so the matrix gets people of its own.
    matrix_users = {role: make_user(role) for role in ROLES}
    matrix_users["outsider"] = make_user()
    for role in ("mentor", "representative"):
        matrix_users[role] = make_user("member", role)
    objects: dict = {}
    for module in _access_modules():
        if hasattr(module, "objects") and getattr(module, "RULES", None):
            objects.update(module.objects(matrix_users) or {})
    return demo_users, matrix_users, objects


def _demo_urls() -> list[str]:
    """Pages of the demo data itself, which the matrix's one object per URL does not show."""
    from consultations.models import Consultation
    from council.models import Council, Election

    # One election and one consultation in each state: the rest look the same.
    urls = []
    for election in _one_per_status(Election.objects.order_by("pk")):
        for name in ("election-detail", "election-results", "election-receipts", "election-log"):
            urls.append(reverse(f"council:{name}", kwargs={"pk": election.pk}))
    for council in Council.objects.all():
        urls.append(reverse("council:council-detail", kwargs={"slug": council.slug}))
        urls.append(reverse("dashboards:council", kwargs={"slug": council.slug}))
    for consultation in _one_per_status(Consultation.objects.order_by("pk")):
        for name in ("manage-detail", "results", "coding-report"):
            urls.append(reverse(f"consultations:{name}", kwargs={"pk": consultation.pk}))
    return urls


def _one_per_status(queryset) -> list:
    found: dict = {}
    for obj in queryset:
        found.setdefault(obj.status, obj)
    return list(found.values())


def _matrix_urls(role: str, objects: dict) -> list[str]:
    urls: list[str] = []
    for module in _access_modules():
        for rule in getattr(module, "RULES", []):
            if rule.method == "GET" and role in rule.allowed:
                kwargs = rule.kwargs(objects) if rule.kwargs else {}
                urls.append(reverse(rule.url_name, kwargs=kwargs))
    return urls


def _sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.clear_cookies()
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _measure(page, url: str) -> dict | None:
    """What the page measures, or None if it is not an HTML page this person may see.

    A page that changes under the measure (a job's page swapping its panel in, a refresh)
    is opened once more before its error counts.
    """
    try:
        return _measure_once(page, url)
    except PlaywrightError as error:
        if "Download is starting" in str(error):  # a file download (an export, a receipt)
            return None
        return _measure_once(page, url)


def _measure_once(page, url: str) -> dict | None:
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        return None
    if not response.headers.get("content-type", "").startswith("text/html"):
        return None
    return page.evaluate(MEASURE)


def _audit_key(role: str, url: str, demo_urls: set[str]) -> tuple[str, ...]:
    """Which pages axe checks: one per page kind, not all ~980 visits (see the docstring)."""
    name = resolve(urlsplit(url).path).view_name
    if name == "core:home":
        return (name, role)  # each role's navigation and home sections
    if url in demo_urls:
        return (url,)  # an election, council or consultation picked for its state
    return (name,)


def _axe_report(findings: list[dict], pages: int) -> str:
    lines = [f"axe found {len(findings)} WCAG 2.2 A/AA violation(s) on {pages} pages checked:"]
    for item in findings:
        lines.append(
            f"{item['role']} {item['url']} [{item['rule']}, {item['impact']}] {item['help']}"
        )
        lines.extend(f"    {target}" for target in item["targets"])
    return "\n".join(lines)


def test_every_page_fits_a_phone(live_server, browser, record_testsuite_property):
    demo_users, matrix_users, objects = _seed()
    demo_urls = set(_demo_urls())
    problems: list[str] = []
    visited = 0
    audited: set[tuple[str, ...]] = set()
    findings: list[dict] = []
    axe_seconds = 0.0
    for role in ROLES:
        matrix = _matrix_urls(role, objects)
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        # The demo account first; then the matrix's person, for the matrix pages about
        # its own things (its claim, its match...) that the demo account may not see.
        to_visit = list(dict.fromkeys(matrix + _demo_urls()))
        for user in (demo_users[role], matrix_users[role]):
            _sign_in(context, live_server, user)
            refused = []
            for url in to_visit:
                try:
                    found = _measure(page, f"{live_server.url}{url}")
                except PlaywrightError as error:  # reported with the rest, the walk goes on
                    problems.append(f"{role} {url}: the browser could not open it: {error}")
                    continue
                if found is None:
                    refused.append(url)
                    continue
                visited += 1
                if found["scrollWidth"] > PHONE["width"]:
                    problems.append(
                        f"{role} {url}: {found['scrollWidth']} px wide; widest {found['widest']}"
                    )
                for table in found["tables"]:
                    problems.append(f"{role} {url}: a table is {table['right']} px wide {table}")
                smallest = found["smallest"]
                if smallest and smallest["size"] < SMALLEST_CHART_TEXT:
                    problems.append(f"{role} {url}: chart text {smallest}")
                key = _audit_key(role, url, demo_urls)
                if key not in audited:
                    audited.add(key)
                    started = time.monotonic()
                    try:
                        found_by_axe = axe_findings(page)
                    except PlaywrightError as error:
                        problems.append(f"{role} {url}: axe could not run: {error}")
                        found_by_axe = []
                    findings += [{"role": role, "url": url, **item} for item in found_by_axe]
                    axe_seconds += time.monotonic() - started
            to_visit = [url for url in refused if url in matrix]
        context.close()
    # In the JUnit XML (--junitxml): what the accessibility check adds to this test's time.
    record_testsuite_property("phone_fit_axe_pages", len(audited))
    record_testsuite_property("phone_fit_axe_seconds", round(axe_seconds, 1))
    assert visited > 200, f"only {visited} pages visited"
    assert len(audited) > 150, f"axe checked only {len(audited)} pages"
    report = []
    if problems:
        report.append(f"{len(problems)} of {visited} pages do not fit a phone:")
        report.extend(problems)
    if findings:
        report.append(_axe_report(findings, len(audited)))
    assert not report, "\n".join(report)
