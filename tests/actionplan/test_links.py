"""Source and evidence links (issue 14 item 5): http(s) or a page on this site, nothing else."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from actionplan import services
from actionplan.models import ActionSource, ActionUpdate
from tests.actionplan.factories import create_action

pytestmark = pytest.mark.django_db

REFUSED = [
    "/\\evil.example",  # browsers read the backslash as a slash: //evil.example
    "/\\/evil.example",
    "\\\\evil.example",
    "//evil.example",
    "///evil.example",
    "/\t/evil.example",
    "/ /evil.example",
    "/page\x00",
    "/page\x7f",
    "/\u202epage",  # right-to-left override
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.org/report.pdf",
    "https://example.org\\@evil.example",
    "https:evil.example",
    "evil.example",
]
ACCEPTED = [
    "/consultations/3/",
    "/action-plan/board/?theme=housing#top",
    "https://example.org/report.pdf",
    "http://example.org/",
    "https://www.gov.uk/government/publications/probation",
]


@pytest.mark.parametrize("link", REFUSED)
def test_links_that_leave_the_site_in_disguise_are_refused(link):
    with pytest.raises(ValidationError) as caught:
        services.clean_link(link)
    assert "a page on this site starting with a single /" in caught.value.messages[0]


@pytest.mark.parametrize("link", ACCEPTED)
def test_pages_on_this_site_and_web_addresses_are_kept(link):
    assert services.clean_link(f"  {link} ") == link


def test_the_source_page_refuses_a_backslash_link_and_keeps_what_was_typed(client_for, staff):
    action = create_action(by=staff)
    response = client_for(staff).post(
        f"/action-plan/actions/{action.pk}/sources/new/",
        {
            "source_kind": "consultation_code",
            "source_summary": "Housing is hard to understand",
            "source_link": "/\\evil.example",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "a page on this site starting with a single /" in page
    assert "Housing is hard to understand" in page
    assert not ActionSource.objects.filter(action=action).exists()


@pytest.mark.parametrize(
    "link", ["/\\evil.example", "ftp://example.org/x", "https://example.org\\@evil.example"]
)
def test_the_update_page_refuses_bad_evidence_links(client_for, staff, link):
    action = create_action(by=staff)
    response = client_for(staff).post(
        f"/action-plan/actions/{action.pk}/update/",
        {"note": "Typed note", "status": "in_progress", "progress": "10", "evidence_link": link},
    )
    assert response.status_code == 200
    assert "Enter a web address" in response.content.decode()
    assert not ActionUpdate.objects.exists()


def test_the_update_service_checks_evidence_links_too(staff):
    """The CSV import goes through the service, not the form."""
    action = create_action(by=staff)
    with pytest.raises(ValidationError) as caught:
        services.update_post(action=action, actor=staff, note="n", evidence_link="/\\evil.example")
    assert "evidence_link" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:  # a URLField: full addresses only
        services.update_post(action=action, actor=staff, note="n", evidence_link="/reports/1/")
    assert "Enter a web address starting with https://" in caught.value.messages[0]
    link = "https://example.org/report.pdf"
    update = services.update_post(action=action, actor=staff, note="n", evidence_link=link)
    assert update.evidence_link == link
