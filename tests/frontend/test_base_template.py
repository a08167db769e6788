"""base.html and the shared includes, checked on server-rendered HTML (no browser needed).

The CSP (django-csp) allows scripts only from our own files or with the per-response nonce,
and no inline styles at all: these tests read every page's HTML for anything it would block.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from lxml import html as lxml_html

from core.models import Notification

PAGES = {
    "anonymous": ["/", "/accounts/login/", "/claim/", "/privacy/", "/accessibility/"],
    "member": ["/", "/account/", "/account/delete/", "/messages/", "/accounts/2fa/"],
    "staff": ["/people/", "/people/new/"],
    "administrator": ["/audit-log/", "/people/deletion-requests/"],
}


def csp_nonce(response) -> str:
    match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert match, response["Content-Security-Policy"]
    return match.group(1)


def check_page(response) -> list[str]:
    """What on this page the CSP would block, or what breaks the page template's promises."""
    assert response.status_code == 200, response.status_code
    doc = lxml_html.fromstring(response.content)
    nonce = csp_nonce(response)
    problems = []
    if doc.get("lang") != "en-GB":
        problems.append("html lang is not en-GB")
    problems += [f"style attribute on <{el.tag}>" for el in doc.xpath("//*[@style]")]
    problems += [f"inline <style>: {el.text[:40]!r}" for el in doc.xpath("//style")]
    problems += [
        f"{name} handler on <{el.tag}>"
        for el in doc.xpath("//*")
        for name in el.attrib
        if name.startswith("on")
    ]
    for script in doc.xpath("//script"):
        if script.get("type") == "application/json":
            continue
        if script.get("src") is None and script.get("nonce") != nonce:
            problems.append(f"inline script without the nonce: {script.text[:40]!r}")
        if script.get("src") and not script.get("src").startswith("/static/"):
            problems.append(f"script from elsewhere: {script.get('src')}")
    if not doc.xpath("//a[@class='govuk-skip-link'][@href='#main-content']"):
        problems.append("no skip link")
    if len(doc.xpath("//main[@id='main-content']")) != 1:
        problems.append("no main#main-content")
    if len(doc.xpath("//h1")) != 1:
        problems.append(f"{len(doc.xpath('//h1'))} h1 elements")
    if not doc.findtext(".//title", "").strip().endswith("– Probation Council Portal"):
        problems.append(f"title {doc.findtext('.//title')!r}")
    if doc.xpath("//*[contains(@class, 'govuk-header__logo')]"):
        problems.append("GOV.UK crown logo")
    ids = [el.get("id") for el in doc.xpath("//*[@id]")]
    problems += [f"duplicate id {i}" for i in {i for i in ids if ids.count(i) > 1}]
    return problems


@pytest.mark.parametrize("role", list(PAGES))
def test_pages_keep_to_the_csp_and_the_page_template(role, client, role_users):
    if role != "anonymous":
        client.force_login(role_users[role])
    for path in PAGES[role]:
        response = client.get(path)
        assert check_page(response) == [], path


def test_header_for_a_signed_in_member(client, member):
    Notification.objects.create(user=member, kind="test", subject="Hello", body="Hi")
    client.force_login(member)
    doc = lxml_html.fromstring(client.get("/account/").content)
    nav = doc.xpath("//nav[@class='govuk-service-navigation__wrapper']")[0]
    assert "Messages (1 unread)" in " ".join(nav.text_content().split())
    # Signing out is a POST with a CSRF token, not a link.
    form = nav.xpath(".//form")[0]
    assert form.get("method") == "post"
    assert form.get("action") == "/accounts/logout/"
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']")
    assert form.xpath(".//button[@type='submit']")[0].text_content().strip() == "Sign out"
    footer_links = doc.xpath("//footer//a/@href")
    assert footer_links == ["/account/", "/accessibility/", "/privacy/", "/words-we-use/"]
    phase = doc.xpath("//*[contains(@class, 'govuk-phase-banner')]")[0].text_content()
    assert "Beta" in phase


@pytest.mark.django_db  # the visitor's home lists the published themes and the board
def test_header_for_a_visitor_offers_sign_in_only(client):
    doc = lxml_html.fromstring(client.get("/").content)
    links = doc.xpath("//ul[@id='navigation']//a")
    assert [a.text_content().strip() for a in links] == ["Sign in"]
    assert not doc.xpath("//form[@action='/accounts/logout/']")


def test_active_navigation_item_is_marked(client, staff):
    client.force_login(staff)
    doc = lxml_html.fromstring(client.get("/people/").content)
    active = doc.xpath("//li[contains(@class, 'govuk-service-navigation__item--active')]/a")
    assert [a.text_content().strip() for a in active] == ["People"]
    assert active[0].get("aria-current") == "page"


def _render_with_messages(*messages_):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.base import Message

    request.user = AnonymousUser()
    request.csp_nonce = "n"
    return render_to_string(
        "includes/messages.html",
        {"messages": [Message(level, text) for level, text in messages_]},
        request=request,
    )


def test_messages_become_notification_banners():
    page = lxml_html.fromstring(
        "<div>"
        + _render_with_messages(
            (constants.SUCCESS, "Saved."), (constants.INFO, "Heads up."), (constants.ERROR, "No.")
        )
        + "</div>"
    )
    banners = page.find_class("govuk-notification-banner")
    assert len(banners) == 3
    success, info, error = banners
    assert "govuk-notification-banner--success" in success.get("class")
    assert success.get("role") == "alert"
    assert info.get("role") == "region" and error.get("role") == "region"
    for banner in banners:
        title_id = banner.get("aria-labelledby")
        assert banner.xpath(f".//*[@id='{title_id}']"), title_id


def test_error_prefix_in_the_title_when_a_form_has_errors(client, staff):
    client.force_login(staff)
    response = client.post("/people/new/", {"display_name": ""})
    doc = lxml_html.fromstring(response.content)
    assert doc.findtext(".//title").startswith("Error: Add a person")
    assert doc.find_class("govuk-error-summary")


def _pagination(number: int, query: str = "") -> list[str]:
    request = RequestFactory().get(f"/people/?{query}")
    page = Paginator(range(1000), 10).get_page(number)
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    doc = lxml_html.fromstring(f"<div>{html}</div>")
    return [a.text_content().strip() or a.get("href") for a in doc.xpath("//li/a")] + [
        li.text_content().strip() for li in doc.find_class("govuk-pagination__item--ellipsis")
    ]


def test_pagination_is_short_and_keeps_filters():
    assert _pagination(1) == ["1", "2", "100", "⋯"]
    assert _pagination(50) == ["1", "49", "50", "51", "100", "⋯", "⋯"]
    assert _pagination(100) == ["1", "99", "100", "⋯"]
    request = RequestFactory().get("/people/?q=sam&page=3")
    page = Paginator(range(100), 10).get_page(3)
    html = render_to_string("includes/pagination.html", {"page": page}, request=request)
    assert 'href="?q=sam&amp;page=4"' in html
    assert 'aria-current="page"' in html
    assert (
        render_to_string(
            "includes/pagination.html",
            {"page": Paginator(range(5), 10).get_page(1)},
            request=request,
        ).strip()
        == ""
    )


def test_role_labels_are_plain_english(member, mentor, outsider):
    assert render_to_string("includes/role_labels.html", {"person": mentor}).strip() in (
        "Member, Peer mentor",
        "Peer mentor, Member",
    )
    assert render_to_string("includes/role_labels.html", {"person": outsider}).strip() == "No role"


def test_staff_get_no_new_slip_button_for_staff_accounts(client, staff, member, data_steward):
    client.force_login(staff)
    page = client.get("/people/").content.decode()
    assert f"/people/{member.pk}/invite/" in page
    assert f"/people/{data_steward.pk}/invite/" not in page
    assert f"/people/{staff.pk}/invite/" not in page


def test_administrators_get_a_new_slip_button_for_everyone(client, administrator, data_steward):
    client.force_login(administrator)
    page = client.get("/people/").content.decode()
    assert f"/people/{data_steward.pk}/invite/" in page
