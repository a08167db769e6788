"""The dashboard pages: what a senior manager sees, CSV files, periods, bad input, caseload."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from dashboards import services, tables
from dashboards.models import CaseloadFigure, Dimension, Snapshot
from dashboards.periods import Period, presets
from tests.dashboards import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def north():
    council = f.make_council("North")
    today = timezone.localdate()
    men = f.members(f.place(council), 12, gender="man", on=today - timedelta(days=400))
    f.members(f.place(council, 1), 7, gender="woman", on=today - timedelta(days=400))
    f.election(f.place(council), opens=today - timedelta(days=5), roll_size=12, voters=men[:6])
    f.mentor(men[0])
    return council


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    # core.exports streams the file, with a byte-order mark for spreadsheet programs.
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_senior_manager_sees_every_section_with_tables_and_charts(
    client_for, senior_manager, north
):
    response = client_for(senior_manager).get(reverse("dashboards:index"))
    assert response.status_code == 200
    page = response.content.decode()
    for heading in (
        "Membership and activity",
        "Is involvement representative?",
        "Elections",
        "Consultations",
        "Top themes by quarter",
        "Action plan",
        "Peer support",
        "Figures as of",
    ):
        assert heading in page, heading
    assert page.count("<svg") >= 5  # charts with nothing to draw are left out
    assert page.count('role="img"') == page.count("<svg")
    # Every chart sits in a row with its table.
    assert page.count("<table") > page.count("<svg")
    assert "North" in page
    assert reverse("dashboards:council", kwargs={"slug": north.slug}) in page
    assert "style=" not in page  # the CSP allows no inline styles


def test_council_page(client_for, administrator, north):
    response = client_for(administrator).get(
        reverse("dashboards:council", kwargs={"slug": north.slug})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">North</h1>' in page
    assert "50%" in page  # turnout: 6 of 12
    assert "fewer than 5" in page  # one mentor


def test_unknown_council_is_404(client_for, senior_manager):
    response = client_for(senior_manager).get(
        reverse("dashboards:council", kwargs={"slug": "nowhere"})
    )
    assert response.status_code == 404


def test_every_table_downloads_as_csv(client_for, senior_manager, north):
    client = client_for(senior_manager)
    snapshot = services.snapshot_refresh(period=presets(timezone.localdate())[2].period)
    keys = tables.table_keys(snapshot[str(north.pk)].data)
    assert {
        "membership",
        "representation-gender",
        "representation-ethnic_group",
        "representation-area",
        "turnout",
        "upcoming",
        "consultations",
        "themes",
        "actions-status",
        "actions-rag",
        "actions-summary",
        "peer-summary",
        "sessions",
    } <= set(keys)
    for key in keys:
        url = reverse("dashboards:council-export", kwargs={"slug": north.slug, "table": key})
        rows = _csv(client.get(url, {"period": "four_quarters"}))
        assert rows[0], key
    all_keys = tables.table_keys(snapshot["all"].data)
    assert "councils" in all_keys and "turnout-councils" in all_keys
    for key in all_keys:
        assert client.get(reverse("dashboards:export", kwargs={"table": key})).status_code == 200
    assert client.get(reverse("dashboards:export", kwargs={"table": "nonsense"})).status_code == 404


def test_csv_numbers_match_the_page_and_hide_small_counts(client_for, senior_manager, north):
    client = client_for(senior_manager)
    rows = _csv(
        client.get(
            reverse(
                "dashboards:council-export",
                kwargs={"slug": north.slug, "table": "representation-gender"},
            )
        )
    )
    assert rows[0][:3] == ["gender", "members", "members_percent"]
    by_label = {row[0]: row for row in rows[1:]}
    assert by_label["Man"][1:3] == ["12", "63.2"]
    assert by_label["Woman"][1:3] == ["7", "36.8"]
    assert by_label["Man"][7] == "fewer than 5"  # mentors: a group of 1


def test_csv_cells_cannot_become_formulas(client_for, senior_manager, north):
    f.consultation(
        f.place(north), opened=timezone.localdate() - timedelta(days=3), title="=HYPERLINK(1)"
    )
    rows = _csv(
        client_for(senior_manager).get(
            reverse(
                "dashboards:council-export", kwargs={"slug": north.slug, "table": "consultations"}
            )
        )
    )
    assert rows[1][0] == "'=HYPERLINK(1)"


def _custom(date_from=None, date_to=None, **extra):
    """A custom period as the two GOV.UK date inputs post it: (day, month, year) boxes."""
    query = {"period": "custom", **extra}
    for name, boxes in (("date_from", date_from), ("date_to", date_to)):
        if boxes is not None:
            query.update({f"{name}_{i}": part for i, part in enumerate(boxes)})
    return query


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (_custom(("1", "5", "2026"), ("1", "1", "2026")), "must be the same as or after"),
        (_custom(("31", "2", "2026"), ("1", "3", "2026")), "First date must be a real date"),
        (_custom(("yesterday", "", ""), ("", "", "")), "First date must include a month and year"),
        (_custom(("1", "1", "2026")), "Enter the last day of the period"),
        (_custom(date_to=("1", "1", "2026")), "Enter the first day of the period"),
        (_custom(("1", "1", "1999"), ("1", "1", "2000")), "2000 or later"),
        (_custom(("1", "1", "2001"), ("1", "1", "2020")), "5 years or less"),
        (_custom(("1", "1", "2026"), ("1", "1", "2099")), "cannot be after today"),
        ({"period": "every-year"}, "Choose a period from the list"),
    ],
)
def test_bad_periods_get_a_plain_message_and_keep_what_was_typed(
    client_for, senior_manager, query, message
):
    response = client_for(senior_manager).get(reverse("dashboards:index"), query)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "govuk-error-summary" in page
    assert "Correct the dates to see the figures" in page
    for name, value in query.items():
        if name.startswith("date_") and value:
            assert f'name="{name}" value="{value}"' in page or f'value="{value}"' in page


def test_dates_alone_choose_a_custom_period(client_for, senior_manager, north):
    today = timezone.localdate()
    start = today - timedelta(days=10)
    response = client_for(senior_manager).get(
        reverse("dashboards:index"), {"date_from": start.isoformat(), "date_to": today.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["period"] == Period(start, today)
    assert Snapshot.objects.filter(date_from=start, date_to=today, scope="all").exists()


def test_a_bad_period_on_a_download_sends_you_back(client_for, senior_manager):
    response = client_for(senior_manager).get(
        reverse("dashboards:export", kwargs={"table": "membership"}),
        {"period": "custom", "date_from": "x"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboards:index"))


def test_a_fresh_snapshot_is_reused(client_for, senior_manager, north):
    client = client_for(senior_manager)
    url = reverse("dashboards:council", kwargs={"slug": north.slug})
    client.get(url)
    start = presets(timezone.localdate())[2].period.start
    computed = Snapshot.objects.get(scope=str(north.pk), date_from=start).computed_at
    f.members(f.place(north), 3, gender="man")
    client.get(url)
    assert Snapshot.objects.get(scope=str(north.pk), date_from=start).computed_at == computed


def test_count_again_queues_a_recount_for_the_worker(
    client_for, senior_manager, north, django_capture_on_commit_callbacks
):
    client = client_for(senior_manager)
    url = reverse("dashboards:council", kwargs={"slug": north.slug})
    client.get(url)
    f.members(f.place(north), 3, gender="man")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("dashboards:refresh"), {"period": "four_quarters", "council": north.slug}
        )
    assert len(callbacks) == 1  # the task, queued after the commit
    assert response.status_code == 302
    assert response["Location"] == f"{url}?period=four_quarters"
    page = client.get(response["Location"]).content.decode()
    assert "The figures are being counted again" in page
    assert "15 (68%)" in page  # 12 + 3 men of 22 members


def test_old_figures_are_shown_while_the_worker_counts_again(
    client_for, senior_manager, north, django_capture_on_commit_callbacks
):
    client = client_for(senior_manager)
    client.get(reverse("dashboards:index"))
    Snapshot.objects.update(computed_at=timezone.now() - timedelta(minutes=90))
    f.members(f.place(north), 3, gender="man")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = client.get(reverse("dashboards:index")).content.decode()
        again = client.get(reverse("dashboards:index")).content.decode()
    assert "being counted again" in page and "being counted again" in again
    assert len(callbacks) == 1  # queued once, not on every visit
    assert "being counted again" not in client.get(reverse("dashboards:index")).content.decode()


def test_very_old_figures_are_counted_while_the_page_waits(client_for, senior_manager, north):
    client = client_for(senior_manager)
    client.get(reverse("dashboards:index"))
    Snapshot.objects.update(computed_at=timezone.now() - timedelta(hours=5))
    page = client.get(reverse("dashboards:index")).content.decode()
    assert "being counted again" not in page
    assert Snapshot.objects.filter(computed_at__lt=timezone.now() - timedelta(hours=1)).count() == 0


def test_refresh_with_a_bad_period_just_goes_back(client_for, senior_manager):
    response = client_for(senior_manager).post(
        reverse("dashboards:refresh"), {"period": "custom", "date_from": "x"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:index")


# --- Caseload figures -----------------------------------------------------------------------


def test_administrator_enters_caseload_figures(client_for, administrator, north):
    client = client_for(administrator)
    assert "North" in client.get(reverse("dashboards:caseload-list")).content.decode()
    url = reverse("dashboards:caseload-edit", kwargs={"slug": north.slug})
    page = client.get(url).content.decode()
    assert "North City" in page and "Woman" in page
    city = f.place(north)
    response = client.post(
        url,
        {
            "as_of": "2026-03-31",
            "total": "1000",
            "gender_woman": "150",
            "gender_man": "840",
            f"area_{city.pk}": "600",
        },
    )
    assert response.status_code == 302
    figures = {
        (c.dimension, c.category): c.count for c in CaseloadFigure.objects.filter(council=north)
    }
    assert figures == {
        (Dimension.TOTAL, ""): 1000,
        (Dimension.GENDER, "woman"): 150,
        (Dimension.GENDER, "man"): 840,
        (Dimension.AREA, str(city.pk)): 600,
    }
    assert AuditEvent.objects.filter(action="dashboards.caseload.set").count() == 1
    # Blank removes a figure; the form shows what is there.
    page = client.get(url).content.decode()
    assert 'value="840"' in page
    client.post(url, {"as_of": "2026-06-30", "total": "1000", "gender_woman": "150"})
    assert not CaseloadFigure.objects.filter(council=north, category="man").exists()
    # The dashboard compares with them.
    page = client.get(reverse("dashboards:council", kwargs={"slug": north.slug})).content.decode()
    assert "150 (15%)" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"as_of": "", "total": "10"}, "Enter the date the figures describe"),
        (
            {"as_of_0": "30", "as_of_1": "2", "as_of_2": "2026", "total": "10"},
            "Date the figures describe must be a real date",
        ),
        ({"as_of": "2099-01-01", "total": "10"}, "cannot be in the future"),
        ({"as_of": "2026-01-01", "total": "ten"}, "Enter a whole number"),
        ({"as_of": "2026-01-01", "total": "-4"}, "Enter 0 or more"),
        (
            {"as_of": "2026-01-01", "total": "10", "gender_woman": "8", "gender_man": "8"},
            "add up to more than the whole caseload",
        ),
    ],
)
def test_bad_caseload_figures_get_a_plain_message(client_for, administrator, north, data, message):
    response = client_for(administrator).post(
        reverse("dashboards:caseload-edit", kwargs={"slug": north.slug}), data
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "govuk-error-summary" in page
    assert not CaseloadFigure.objects.exists()
    if data["total"]:
        assert f'value="{data["total"]}"' in page


def test_drawn_figures_are_kept_for_their_snapshot_only(client_for, senior_manager, north):
    """The tables, charts and trends are drawn once per snapshot (a fragment cache, see
    dashboard_detail.html): the same figures until the snapshot is counted again, then the
    new ones at once."""
    client = client_for(senior_manager)
    url = reverse("dashboards:council", kwargs={"slug": north.slug}) + "?period=four_quarters"
    first = client.get(url).content.decode()
    f.members(f.place(north), 3, gender="man")
    assert client.get(url).content.decode().count("15 (68%)") == first.count("15 (68%)") == 0
    period = next(p.period for p in presets(timezone.localdate()) if p.key == "four_quarters")
    services.snapshot_refresh(period=period)
    assert "15 (68%)" in client.get(url).content.decode()


def test_csv_download_is_named_as_before_and_audited(client_for, senior_manager, north):
    """The download goes through core.exports: same file name, and one audit event."""
    client = client_for(senior_manager)
    url = reverse("dashboards:council-export", kwargs={"slug": north.slug, "table": "turnout"})
    response = client.get(url, {"period": "four_quarters"})
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="dashboard-{north.slug}-turnout-20')
    assert disposition.endswith('.csv"')
    _csv(response)
    event = AuditEvent.objects.filter(action="dashboards.table.export").get()
    assert event.actor == senior_manager
    assert event.detail["table"] == "turnout"
    assert event.detail["format"] == "csv"
