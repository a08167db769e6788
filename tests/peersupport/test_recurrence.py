"""Series and occurrences: wall-clock times across clock changes, bank holidays, regeneration."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Notification
from peersupport import services
from peersupport.models import Occurrence, OccurrenceStatus, SessionType
from tests.peersupport.factories import active_mentor, first_occurrence, make_series

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_six_pm_stays_six_pm_across_both_clock_changes(staff):
    # Weekly on Tuesdays from early October 2026 to mid-April 2027: the clocks go back on
    # 25 October 2026 and forward on 28 March 2027.
    series = make_series(
        staff,
        anchor_date=date(2026, 10, 6),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        weeks_ahead=30,
        today=date(2026, 10, 1),
    )
    occurrences = list(series.occurrences.order_by("starts_at"))
    assert occurrences[0].local_date == date(2026, 10, 6)
    assert occurrences[-1].local_date == date(2027, 4, 27)
    for occurrence in occurrences:
        local = occurrence.starts_at.astimezone(LONDON)
        assert (local.hour, local.minute) == (18, 0), occurrence.local_date
        assert occurrence.ends_at - occurrence.starts_at == timedelta(hours=2)
    by_date = {o.local_date: o.starts_at.astimezone(ZoneInfo("UTC")).hour for o in occurrences}
    assert by_date[date(2026, 10, 20)] == 17  # British Summer Time: 18:00 is 17:00 UTC
    assert by_date[date(2026, 10, 27)] == 18  # Greenwich Mean Time
    assert by_date[date(2027, 3, 23)] == 18
    assert by_date[date(2027, 3, 30)] == 17


def test_session_on_the_night_the_clocks_change(staff):
    """A session that spans 01:00 on 25 October lasts its real length."""
    series = make_series(
        staff,
        anchor_date=date(2026, 10, 24),
        rrule="FREQ=DAILY;COUNT=1",
        start_time=time(23, 30),
        duration_minutes=180,
        today=date(2026, 10, 1),
    )
    occurrence = first_occurrence(series)
    assert occurrence.ends_at - occurrence.starts_at == timedelta(hours=3)


def test_bank_holidays_skipped_when_asked(staff):
    # Mondays through spring 2027: Easter Monday 29 March, May Day 3 May, Spring 31 May.
    kwargs = dict(
        anchor_date=date(2027, 3, 22),
        rrule="FREQ=WEEKLY;BYDAY=MO",
        weeks_ahead=20,
        ends_on=date(2027, 6, 7),
        today=date(2027, 3, 1),
    )
    skipping = make_series(staff, title="Skips", skip_bank_holidays=True, **kwargs)
    keeping = make_series(staff, title="Keeps", skip_bank_holidays=False, **kwargs)
    skipped_dates = set(skipping.occurrences.values_list("local_date", flat=True))
    kept_dates = set(keeping.occurrences.values_list("local_date", flat=True))
    bank = {date(2027, 3, 29), date(2027, 5, 3), date(2027, 5, 31)}
    assert bank <= kept_dates
    assert not bank & skipped_dates
    assert kept_dates - skipped_dates == bank


def test_generation_is_idempotent(staff):
    series = make_series(staff, weeks_ahead=12)
    count = series.occurrences.count()
    assert count >= 5
    result = services.occurrences_generate(series_id=series.pk)
    assert result == {"created": 0, "removed": 0}
    assert series.occurrences.count() == count


def test_generation_rolls_forward(staff):
    today = timezone.localdate()
    series = make_series(staff, weeks_ahead=4, today=today)
    before = series.occurrences.count()
    services.occurrences_generate(series_id=series.pk, today=today + timedelta(weeks=4))
    assert series.occurrences.count() > before


def test_regeneration_never_deletes_an_occurrence_with_signups(staff):
    mentor = active_mentor(staff)
    series = make_series(staff, weeks_ahead=12)
    dates = list(series.occurrences.order_by("local_date").values_list("local_date", flat=True))
    kept = series.occurrences.get(local_date=dates[3])
    services.signup_create(occurrence=kept, user=mentor)
    # End the series after its second date: later dates go, except the one with a sign-up.
    services.series_update(series=series, actor=staff, ends_on=dates[1])
    remaining = set(series.occurrences.values_list("local_date", flat=True))
    assert remaining == {dates[0], dates[1], dates[3]}
    # Withdrawn sign-ups still count as history: the row stays.
    services.signup_withdraw(signup=kept.signups.get(), actor=mentor)
    services.occurrences_generate(series_id=series.pk)
    assert series.occurrences.filter(pk=kept.pk).exists()


def test_series_time_change_moves_future_dates_and_tells_people(staff):
    mentor = active_mentor(staff)
    series = make_series(staff)
    occurrence = first_occurrence(series)
    signup = services.signup_create(occurrence=occurrence, user=mentor)
    services.series_update(series=series, actor=staff, start_time=time(17, 0))
    occurrence.refresh_from_db()
    signup.refresh_from_db()
    assert occurrence.starts_at.astimezone(LONDON).hour == 17
    assert signup.starts_at == occurrence.starts_at
    assert occurrence.sequence == 1
    assert Notification.objects.filter(user=mentor, kind="peersupport_changed").count() == 1


def test_detached_occurrence_keeps_its_own_time(staff):
    series = make_series(staff)
    occurrence = first_occurrence(series)
    start = occurrence.starts_at + timedelta(days=1)
    services.occurrence_update(
        occurrence=occurrence,
        actor=staff,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Elsewhere",
        facilitator=None,
        mentor_places=2,
        participant_places=0,
    )
    services.series_update(series=series, actor=staff, place="New room")
    occurrence.refresh_from_db()
    assert occurrence.place == "Elsewhere"
    assert occurrence.is_detached
    assert series.occurrences.exclude(pk=occurrence.pk).filter(place="New room").exists()


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "FREQ=HOURLY",
        "FREQ=WEEKLY;BYDAY=XX",
        "nonsense",
        "DTSTART:20260101\nRRULE:FREQ=DAILY",
        "FREQ=DAILY;BYHOUR=3",
        "FREQ=WEEKLY;INTERVAL=zero",
    ],
)
def test_bad_rules_are_refused_in_plain_english(rule):
    with pytest.raises(ValidationError) as caught:
        services.rule_parse(rule, date(2026, 1, 6))
    assert caught.value.messages[0][0].isupper()


def test_fortnightly_alternate_weeks(staff):
    anchor = date(2027, 1, 5)
    group = make_series(
        staff, anchor_date=anchor, rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", today=date(2027, 1, 1)
    )
    supervision = make_series(
        staff,
        title="Supervision",
        session_type=SessionType.SUPERVISION,
        anchor_date=anchor + timedelta(weeks=1),
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        mentor_places=0,
        participant_places=4,
        today=date(2027, 1, 1),
    )
    g = sorted(group.occurrences.values_list("local_date", flat=True))
    s = sorted(supervision.occurrences.values_list("local_date", flat=True))
    assert not set(g) & set(s)
    assert all((b - a).days == 7 for a, b in zip(g, s, strict=False))


def test_monthly_consultation_group(staff):
    series = make_series(
        staff,
        title="Consultation Group",
        session_type=SessionType.CONSULTATION_GROUP,
        anchor_date=date(2027, 1, 7),
        rrule="FREQ=MONTHLY;BYDAY=+1TH",
        mentor_places=0,
        participant_places=10,
        weeks_ahead=20,
        today=date(2027, 1, 1),
    )
    assert series.is_minuted
    days = list(series.occurrences.order_by("local_date").values_list("local_date", flat=True))
    assert days[:3] == [date(2027, 1, 7), date(2027, 2, 4), date(2027, 3, 4)]


def test_cancel_tells_everyone_once(staff):
    mentor = active_mentor(staff)
    series = make_series(staff, mentor_places=1)
    occurrence = first_occurrence(series)
    services.signup_create(occurrence=occurrence, user=mentor)
    with pytest.raises(ValidationError, match="Say why"):
        services.occurrence_cancel(occurrence=occurrence, actor=staff, reason="  ")
    services.occurrence_cancel(occurrence=occurrence, actor=staff, reason="Room flooded")
    occurrence.refresh_from_db()
    assert occurrence.status == OccurrenceStatus.CANCELLED
    with pytest.raises(ValidationError, match="already cancelled"):
        services.occurrence_cancel(occurrence=occurrence, actor=staff, reason="again")
    messages = Notification.objects.filter(user=mentor, kind="peersupport_cancelled")
    assert messages.count() == 1
    assert "Room flooded" in messages.get().body
    # Regeneration does not bring a cancelled date back or remove it.
    services.occurrences_generate(series_id=series.pk)
    assert Occurrence.objects.get(pk=occurrence.pk).status == OccurrenceStatus.CANCELLED
