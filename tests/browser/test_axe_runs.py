"""The accessibility audit is real: a page with a known failure must fail it."""

import pytest

from tests.browser_support import axe_violations

pytestmark = pytest.mark.browser


def test_axe_finds_an_input_without_a_label(page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>'
        '<body><main><h1>Broken</h1><input type="text" name="x"></main></body></html>'
    )
    count, report = axe_violations(page)
    assert count >= 1
    assert "label" in report


def test_axe_finds_low_contrast_text(page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Faint</title>'
        "<style>p { color: #ccc; background: #fff; }</style></head>"
        "<body><main><h1>Faint</h1><p>Hard to read</p></main></body></html>"
    )
    count, report = axe_violations(page)
    assert count >= 1
    assert "color-contrast" in report


def test_axe_passes_a_good_page(page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>Fine</title></head>'
        '<body><main><h1>Fine</h1><label for="x">Name</label>'
        '<input type="text" id="x" name="x"></main></body></html>'
    )
    count, report = axe_violations(page)
    assert count == 0, report


def test_browser_problems_are_caught(page, problems):
    """The audit also fails a page whose inline style or script the CSP refuses."""
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>Styled</title></head><body><main>'
        '<h1 style="color: red">Styled</h1><script>document.title = "ran";</script>'
        "</main></body></html>"
    )
    page.route(
        "http://portal.test/",
        lambda route: route.fulfill(
            body=html,
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'; style-src 'self'"},
        ),
    )
    page.goto("http://portal.test/")
    found = " ".join(problems.take())
    assert "Content Security Policy" in found
    assert "inline style" in found
    assert "inline script" in found
