""" "Needs your attention": first on the page, at most six items, each rule on the page, and
no query per item."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from actionplan.models import Status
from consultations.models import Consultation
from dashboards import attention, services
from dashboards.headline import METRICS
from dashboards.models import Dimension, Snapshot
from dashboards.periods import presets
from peersupport import services as peer_services
from peersupport.models import SafeguardingConcern
from tests.dashboards import factories as f
from tests.peersupport.practice_factories import shift_in

pytestmark = pytest.mark.django_db


def _every_rule_met(staff, administrator):
    """One council where each of the six rules finds something."""
    today = timezone.localdate()
    council = f.make_council("Attention")
    city = f.place(council)
    # Members: 30 men and 5 women (14%), against a caseload that is 40% women.
    f.members(city, 30, gender="man", on=today - timedelta(days=100))
    f.members(city, 5, gender="woman", on=today - timedelta(days=100))
    services.caseload_set(
        council=council,
        figures_by_category={
            (Dimension.TOTAL, ""): 100,
            (Dimension.GENDER, "man"): 60,
            (Dimension.GENDER, "woman"): 40,
        },
        as_of=today,
        actor=administrator,
    )
    # Two overdue actions, owned by staff.
    objective = f.objective()
    decided = f.decision(council)
    for _ in range(2):
        f.action(
            objective,
            staff,
            status=Status.IN_PROGRESS,
            due_on=today - timedelta(days=5),
            decision=decided,
        )
    # A helpline shift tomorrow with nobody on it.
    shift_in(staff, 30, mentors_needed=2)
    # A safeguarding concern raised 10 days ago, still open.
    concern = peer_services.concern_raise(actor=staff, severity="low", description="Worried")
    SafeguardingConcern.objects.filter(pk=concern.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    # A consultation closing in 2 days that 1 of 35 members has answered.
    consultation, question = f.consultation(city, opened=today - timedelta(days=20))
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.OPEN, closes_at=timezone.now() + timedelta(days=2)
    )
    f.respond(consultation, question, on=today - timedelta(days=1))
    # Every constituency of the council has no representative: seats are vacant.
    return council


def _page(client, url) -> tuple[str, int]:
    client.get(url)  # counts the figures and records the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_attention_comes_first_with_six_items_each_with_its_rule(
    client_for, senior_manager, staff, administrator
):
    council = _every_rule_met(staff, administrator)
    client = client_for(senior_manager)
    html, _queries = _page(client, reverse("dashboards:council", kwargs={"slug": council.slug}))
    # The list comes before the headline figures and every section.
    first = html.index('id="attention-heading"')
    assert first < html.index('id="headline-heading"') < html.index('id="membership-heading"')
    assert first < html.index('id="period-heading"')
    snapshot = Snapshot.objects.get(
        scope=str(council.pk), date_from=presets(timezone.localdate())[2].period.start
    )
    found = attention.items(snapshot.data, dashboard_url="/d/")
    assert [i.key for i in found] == [
        "concerns",
        "helpline",
        "overdue",
        "closing",
        "vacant",
        "under",
    ]
    text = {i.key: i.text for i in found}
    assert text["overdue"].startswith("2 actions are overdue (")
    assert "2 owned by staff" in text["overdue"]
    assert text["helpline"].startswith("1 of 1 helpline shifts in the next 7 days is not fully")
    assert text["concerns"].startswith("1 safeguarding concern has been open for more than 7 days")
    assert "closes in 2 days with 3% of the 35 people invited" in text["closing"]
    assert text["under"].startswith("Woman: 14% of members but 40% of the caseload")
    for item in found:
        assert escape(item.text) in html
        assert item.link
    # Each rule and its threshold is written on the page.
    for rule in attention.rules():
        assert escape(rule.shown_when) in html
    # A safeguarding item is a count only: nothing of the concern itself.
    assert "Worried" not in html


def test_no_query_per_item(client_for, senior_manager, staff, administrator):
    """The same number of queries with nothing to show and with all six items."""
    client = client_for(senior_manager)
    quiet = f.make_council("Quiet")
    url = reverse("dashboards:index")
    _html, none_queries = _page(client, url)
    Snapshot.objects.all().delete()
    _every_rule_met(staff, administrator)
    html, six_queries = _page(client, url)
    assert html.count('class="dash-attention__item"') == 6
    assert six_queries == none_queries
    assert quiet  # (a council with no figures at all)


def test_at_most_six_items_and_nothing_shown_says_so(client_for, senior_manager):
    data_less = {
        "peer": {"helpline": None},
        "actions": {"overdue": 0},
        "representation": {"dimensions": []},
        "attention": {"old_concerns": 0, "closing": [], "vacant": []},
    }
    assert attention.items(data_less, dashboard_url="/") == []
    assert attention.MAX_ITEMS == 6 and len(attention.rules()) == 6
    f.make_council("Calm")
    html, _queries = _page(client_for(senior_manager), reverse("dashboards:index"))
    assert "Needs your attention" in html


def test_direction_in_words_against_the_previous_period():
    assert attention._direction(5, 2) == "up from 2 in the previous period"
    assert attention._direction(1, 3) == "down from 3 in the previous period"
    assert attention._direction(3, 3) == "the same as in the previous period"
    assert attention._direction(3, None) == "no figure for the previous period"


def test_headline_figures_show_the_change_in_words_and_arrows(client_for, senior_manager, staff):
    today = timezone.localdate()
    council = f.make_council("Changes")
    objective = f.objective()
    # Overdue at the end of the previous period: one; now: three (worse).
    f.action(objective, staff, status=Status.IN_PROGRESS, due_on=today - timedelta(days=400))
    for _ in range(2):
        f.action(objective, staff, status=Status.IN_PROGRESS, due_on=today - timedelta(days=3))
    html, _q = _page(client_for(senior_manager), reverse("dashboards:index"))
    assert "up 2 from 1 in the previous period (worse)" in html
    assert "▲" in html
    assert council


def test_monthly_figures_kept_by_the_job_draw_the_trend(client_for, senior_manager, staff):
    today = timezone.localdate()
    f.make_council("Trends")
    assert services.monthly_figures_refresh(today=today) == 12
    # Finished months counted after their end are kept; only the current month again.
    assert services.monthly_figures_refresh(today=today) == 1
    html, _queries = _page(client_for(senior_manager), reverse("dashboards:index"))
    # A chart for every figure the months have (no elections or helpline here).
    assert html.count('aria-labelledby="chart-trend-') == len(METRICS) - 2
    assert 'id="chart-trend-members-title"' in html
    month = date(today.year, today.month, 1)
    assert month.strftime("%b %Y") in html
