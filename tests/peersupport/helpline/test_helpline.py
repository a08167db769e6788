"""The helpline rota: shifts, sign-up, drop and swap rules, cover, the gap job, reminders."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent, Notification
from peersupport import services
from peersupport.helpline.selectors import coverage, free_mentors
from peersupport.models import (
    Shift,
    ShiftSignUp,
    ShiftSignUpStatus,
    ShiftSwap,
    SignUp,
    SwapStatus,
)
from tests.factories import make_user
from tests.peersupport.factories import active_mentor, first_occurrence, make_series
from tests.peersupport.practice_factories import (
    first_shift,
    helpline_mentor,
    make_pattern,
    move_shift,
    shift_in,
)

pytestmark = pytest.mark.django_db


# --- Generation -----------------------------------------------------------------------


def test_shifts_generated_ahead_idempotently_at_local_time_across_clock_change(staff):
    # Saturdays from mid-March 2027 across the change to BST on 28 March.
    pattern = make_pattern(
        staff,
        anchor_date=date(2027, 3, 20),
        rrule="FREQ=WEEKLY;BYDAY=SA",
        start_time=time(20, 0),
        duration_minutes=300,
        today=date(2027, 3, 15),
    )
    shifts = list(pattern.shifts.order_by("starts_at"))
    assert len(shifts) == 4
    local = [timezone.localtime(s.starts_at).time() for s in shifts]
    assert set(local) == {time(20, 0)}
    # Five real hours from 8pm: 1am, except on the night the clocks go forward (2am).
    assert all(s.ends_at - s.starts_at == timedelta(hours=5) for s in shifts)
    ends = {s.local_date: timezone.localtime(s.ends_at).time() for s in shifts}
    assert ends.pop(date(2027, 3, 27)) == time(2, 0)
    assert set(ends.values()) == {time(1, 0)}
    again = services.shifts_generate(pattern_id=pattern.pk, today=date(2027, 3, 15))
    assert again["created"] == 0
    assert pattern.shifts.count() == 4


def test_ending_a_pattern_removes_only_shifts_nobody_took(staff):
    mentor = helpline_mentor(staff)
    pattern = make_pattern(staff, weeks_ahead=4)
    shifts = list(pattern.shifts.order_by("starts_at"))
    services.shift_signup(shift=shifts[-1], user=mentor)
    services.pattern_update(pattern=pattern, actor=staff, ends_on=shifts[0].local_date)
    remaining = set(pattern.shifts.values_list("pk", flat=True))
    assert remaining == {shifts[0].pk, shifts[-1].pk}  # the signed-up one stays for staff


def test_pattern_change_moves_number_needed_on_future_shifts(staff):
    pattern = make_pattern(staff, mentors_needed=2)
    services.pattern_update(pattern=pattern, actor=staff, mentors_needed=3, title="Friday late")
    assert set(pattern.shifts.values_list("mentors_needed", "title")) == {(3, "Friday late")}


# --- Sign-up --------------------------------------------------------------------------


def test_only_helpline_trained_active_mentors_may_sign_up(staff):
    shift = first_shift(make_pattern(staff))
    untrained = active_mentor(staff)
    with pytest.raises(ValidationError, match="Helpline trained"):
        services.shift_signup(shift=shift, user=untrained)
    with pytest.raises(ValidationError, match="Only active peer mentors"):
        services.shift_signup(shift=shift, user=make_user("member", "mentor"))
    trained = helpline_mentor(staff)
    signup = services.shift_signup(shift=shift, user=trained)
    assert signup.status == ShiftSignUpStatus.ON_ROTA
    assert AuditEvent.objects.filter(action="peersupport.shift.sign_up").exists()


def test_a_full_shift_refuses_more_and_twice_is_refused(staff):
    shift = first_shift(make_pattern(staff, mentors_needed=1))
    a, b = helpline_mentor(staff), helpline_mentor(staff)
    services.shift_signup(shift=shift, user=a)
    with pytest.raises(ValidationError, match="already on the rota"):
        services.shift_signup(shift=shift, user=a)
    with pytest.raises(ValidationError, match="already has the 1 mentors it needs"):
        services.shift_signup(shift=shift, user=b)


def test_shift_clashes_with_another_shift_and_with_a_session_both_ways(staff):
    mentor = helpline_mentor(staff)
    friday = first_shift(make_pattern(staff)).local_date
    a = first_shift(make_pattern(staff, title="A", anchor_date=friday))
    b = first_shift(make_pattern(staff, title="B", anchor_date=friday, start_time=time(20, 0)))
    services.shift_signup(shift=a, user=mentor)
    with pytest.raises(ValidationError, match="clashes with 'A'"):
        services.shift_signup(shift=b, user=mentor)
    # A session at the same time as the shift the mentor is on.
    session = first_occurrence(
        make_series(staff, anchor_date=friday, start_time=time(19, 0), title="Group")
    )
    with pytest.raises(ValidationError, match="helpline shift"):
        services.signup_create(occurrence=session, user=mentor)
    # And the other way: a session first, then the shift.
    other = helpline_mentor(staff)
    services.signup_create(occurrence=session, user=other)
    with pytest.raises(ValidationError, match="clashes with 'Group'"):
        services.shift_signup(shift=a, user=other)


def test_staff_assign_tells_the_mentor(staff):
    mentor = helpline_mentor(staff)
    shift = first_shift(make_pattern(staff))
    services.shift_signup(shift=shift, user=mentor, actor=staff)
    note = Notification.objects.get(user=mentor, kind="peersupport_shift_booked")
    assert shift.title in note.subject


# --- Drop -----------------------------------------------------------------------------


def test_drop_needs_a_reason_and_is_refused_after_the_cut_off(staff):
    mentor = helpline_mentor(staff)
    shift = shift_in(staff, 100)  # cut-off 48 hours before
    signup = services.shift_signup(shift=shift, user=mentor)
    with pytest.raises(ValidationError, match="Say why"):
        services.shift_drop(signup=signup, actor=mentor, reason="  ")
    late = timezone.now() + timedelta(hours=60)  # 40 hours before the start
    with pytest.raises(ValidationError, match="too late to drop"):
        services.shift_drop(signup=signup, actor=mentor, reason="Ill", now=late)
    services.shift_drop(signup=signup, actor=mentor, reason="Family visit")
    signup.refresh_from_db()
    assert signup.status == ShiftSignUpStatus.DROPPED
    assert signup.drop_reason == "Family visit"


def test_staff_can_take_someone_off_after_the_cut_off_and_they_are_told(staff):
    mentor = helpline_mentor(staff)
    shift = shift_in(staff, 10)
    signup = services.shift_signup(shift=shift, user=mentor)
    services.shift_drop(signup=signup, actor=staff, reason="Paused after a lapse")
    signup.refresh_from_db()
    assert signup.status == ShiftSignUpStatus.REMOVED
    assert Notification.objects.filter(user=mentor, kind="peersupport_shift_removed").exists()


def test_dropping_close_to_the_shift_tells_the_coordinator_at_once(staff):
    coordinator = make_user("staff")
    mentor = helpline_mentor(staff)
    shift = shift_in(staff, 60, coordinator=coordinator, drop_cutoff_hours=24)
    signup = services.shift_signup(shift=shift, user=mentor)
    services.shift_drop(signup=signup, actor=mentor, reason="Working late")
    note = Notification.objects.get(user=coordinator, kind="peersupport_shift_dropped")
    assert "2 more mentors" in note.body
    # Far ahead: the daily job will cover it, nobody is told now.
    later = first_shift(make_pattern(staff, title="Later", coordinator=coordinator))
    later = move_shift(later, timezone.now() + timedelta(days=10))
    services.shift_drop(
        signup=services.shift_signup(shift=later, user=mentor), actor=mentor, reason="Away"
    )
    assert Notification.objects.filter(kind="peersupport_shift_dropped").count() == 1


# --- Swap -----------------------------------------------------------------------------


def test_swap_offered_then_taken_by_another_eligible_mentor(staff):
    a, b = helpline_mentor(staff), helpline_mentor(staff)
    shift = shift_in(staff, 30)  # past the cut-off: a swap is the way out
    signup = services.shift_signup(shift=shift, user=a)
    swap = services.swap_offer(signup=signup, actor=a, note="Phone in the drawer")
    assert Notification.objects.filter(user=b, kind="peersupport_swap_offered").exists()
    with pytest.raises(ValidationError, match="already offered"):
        services.swap_offer(signup=signup, actor=a)
    with pytest.raises(ValidationError, match="your own shift"):
        services.swap_accept(swap=swap, user=a)
    taken = services.swap_accept(swap=swap, user=b)
    assert taken.user == b and taken.status == ShiftSignUpStatus.ON_ROTA
    signup.refresh_from_db()
    assert signup.status == ShiftSignUpStatus.SWAPPED_OUT
    swap.refresh_from_db()
    assert swap.status == SwapStatus.TAKEN and swap.taken_by == b
    assert Notification.objects.filter(user=a, kind="peersupport_swap_taken").exists()
    c = helpline_mentor(staff)
    with pytest.raises(ValidationError, match="already taken"):
        services.swap_accept(swap=swap, user=c)


def test_swap_refused_to_the_untrained_and_to_someone_busy_then(staff):
    a = helpline_mentor(staff)
    shift = shift_in(staff, 30)
    swap = services.swap_offer(signup=services.shift_signup(shift=shift, user=a), actor=a)
    with pytest.raises(ValidationError, match="Helpline trained"):
        services.swap_accept(swap=swap, user=active_mentor(staff))
    busy = helpline_mentor(staff)
    other = shift_in(staff, 31, title="Overlapping")
    services.shift_signup(shift=other, user=busy)
    with pytest.raises(ValidationError, match="clashes"):
        services.swap_accept(swap=swap, user=busy)
    assert ShiftSwap.objects.get(pk=swap.pk).status == SwapStatus.OPEN


def test_withdrawing_an_offer_and_dropping_withdraws_it(staff):
    a = helpline_mentor(staff)
    shift = shift_in(staff, 100)
    signup = services.shift_signup(shift=shift, user=a)
    swap = services.swap_offer(signup=signup, actor=a)
    services.swap_withdraw(swap=swap, actor=a)
    assert ShiftSwap.objects.get(pk=swap.pk).status == SwapStatus.WITHDRAWN
    swap = services.swap_offer(signup=signup, actor=a)
    services.shift_drop(signup=signup, actor=a, reason="Moving away")
    assert ShiftSwap.objects.get(pk=swap.pk).status == SwapStatus.WITHDRAWN


# --- Free mentors, unavailability and cover --------------------------------------------


def test_free_mentors_respect_unavailability_other_shifts_and_sessions(staff):
    shift = first_shift(make_pattern(staff))  # Friday 6pm to 10pm
    day = shift.local_date
    free = helpline_mentor(staff, display_name="Free")
    not_fridays = helpline_mentor(staff, display_name="Not Fridays")
    services.unavailability_add(user=not_fridays, weekday=4, valid_from=day - timedelta(days=7))
    mornings_only = helpline_mentor(staff, display_name="Mornings only")
    services.unavailability_add(
        user=mornings_only,
        weekday=None,
        start_time=time(9, 0),
        end_time=time(12, 0),
        valid_from=day,
    )  # not the evening: still free
    late = helpline_mentor(staff, display_name="Late evenings")
    services.unavailability_add(
        user=late,
        weekday=day.weekday(),
        start_time=time(21, 30),
        end_time=time(23, 0),
        valid_from=day,
    )
    expired = helpline_mentor(staff, display_name="Was away")
    services.unavailability_add(
        user=expired,
        weekday=None,
        valid_from=day - timedelta(days=30),
        valid_until=day - timedelta(days=1),
    )
    on_session = helpline_mentor(staff, display_name="At a group")
    session = first_occurrence(make_series(staff, anchor_date=day, start_time=time(17, 0)))
    services.signup_create(occurrence=session, user=on_session)
    on_shift = helpline_mentor(staff, display_name="On it")
    services.shift_signup(shift=shift, user=on_shift)
    active_mentor(staff, display_name="Untrained")
    names = {u.display_name for u in free_mentors(shift)}
    assert names == {"Free", "Mornings only", "Was away"}
    assert free.display_name in names


def test_overnight_shift_checks_both_days(staff):
    shift = first_shift(make_pattern(staff, start_time=time(22, 0), duration_minutes=360))
    saturday = helpline_mentor(staff, display_name="Not Saturday mornings")
    services.unavailability_add(
        user=saturday,
        weekday=(shift.local_date.weekday() + 1) % 7,
        start_time=time(0, 0),
        end_time=time(6, 0),
        valid_from=shift.local_date,
    )
    helpline_mentor(staff, display_name="Free")
    assert {u.display_name for u in free_mentors(shift)} == {"Free"}


def test_unavailability_input_is_checked(mentor):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="both a start and an end"):
        services.unavailability_add(user=mentor, weekday=1, start_time=time(9), valid_from=today)
    with pytest.raises(ValidationError, match="after the start"):
        services.unavailability_add(
            user=mentor, weekday=1, start_time=time(22), end_time=time(2), valid_from=today
        )


def test_invite_free_mentors_once_each(staff):
    shift = first_shift(make_pattern(staff))
    a, b = helpline_mentor(staff), helpline_mentor(staff)
    assert services.shift_invite_free(shift=shift, actor=staff) == (2, 0)
    assert services.shift_invite_free(shift=shift, actor=staff) == (0, 2)
    assert Notification.objects.filter(kind="peersupport_shift_cover").count() == 2
    services.shift_signup(shift=shift, user=a)
    services.shift_signup(shift=shift, user=b)
    with pytest.raises(ValidationError, match="already has the mentors"):
        services.shift_invite_free(shift=shift, actor=staff)


def test_coverage_shows_filled_and_short(staff):
    pattern = make_pattern(staff, mentors_needed=2, weeks_ahead=2)
    shifts = list(pattern.shifts.order_by("starts_at"))
    a, b = helpline_mentor(staff), helpline_mentor(staff)
    services.shift_signup(shift=shifts[0], user=a)
    services.shift_signup(shift=shifts[0], user=b)
    services.shift_signup(shift=shifts[1], user=a)
    found = coverage(weeks=3)
    by_pk = {s.pk: s for day in found.days for s in day.shifts}
    assert by_pk[shifts[0].pk].short == 0
    assert by_pk[shifts[1].pk].short == 1
    assert [u.pk for u in by_pk[shifts[1].pk].free] == [b.pk]
    assert found.short_shifts == len(shifts) - 1
    assert found.places_short == sum(2 for _ in shifts[2:]) + 1


# --- The daily gap job ----------------------------------------------------------------


def test_gap_job_warns_coordinators_of_short_shifts_in_72_hours_once_a_day(staff):
    coordinator = make_user("staff", display_name="Coordinator")
    soon = shift_in(staff, 30, coordinator=coordinator, title="Soon")
    full = shift_in(staff, 40, coordinator=coordinator, title="Full", mentors_needed=1)
    services.shift_signup(shift=full, user=helpline_mentor(staff))
    shift_in(staff, 100, coordinator=coordinator, title="Later")  # outside 72 hours
    assert services.shift_gaps_warn() == 1
    note = Notification.objects.get(user=coordinator, kind="peersupport_shift_gaps")
    assert "Soon" in note.body and "Full" not in note.body and "Later" not in note.body
    assert "2 more mentors" in note.body
    assert services.shift_gaps_warn() == 0  # the same day: nothing more
    assert Notification.objects.filter(kind="peersupport_shift_gaps").count() == 1
    # The next day it is still short: warned again.
    tomorrow = timezone.now() + timedelta(days=1)
    Shift.objects.filter(pk=soon.pk).update(starts_at=tomorrow + timedelta(hours=5))
    assert services.shift_gaps_warn(now=tomorrow) == 1


def test_gap_job_goes_to_coordinators_by_permission_or_every_staff_member(staff):
    from django.contrib.auth.models import Permission

    other_staff = make_user("staff")
    shift_in(staff, 20)
    services.shift_gaps_warn()
    told = set(
        Notification.objects.filter(kind="peersupport_shift_gaps").values_list("user_id", flat=True)
    )
    assert told == {staff.pk, other_staff.pk}
    Notification.objects.all().delete()
    Shift.objects.update(gap_warned_on=None)
    other_staff.user_permissions.add(Permission.objects.get(codename="coordinate_helpline"))
    services.shift_gaps_warn()
    told = set(
        Notification.objects.filter(kind="peersupport_shift_gaps").values_list("user_id", flat=True)
    )
    assert told == {other_staff.pk}


# --- Reminders and the lifecycle ------------------------------------------------------


def test_shift_reminder_sent_once_a_day_before(staff):
    mentor = helpline_mentor(staff)
    shift = shift_in(staff, 20)
    services.shift_signup(shift=shift, user=mentor)
    assert services.shift_reminders_send() == 1
    assert services.shift_reminders_send() == 0
    ShiftSignUp.objects.update(reminded_for=None)  # as if a worker lost its claim
    services.shift_reminders_send()
    assert Notification.objects.filter(kind="peersupport_shift_reminder").count() == 1


def test_pausing_a_mentor_takes_them_off_future_shifts(staff):
    mentor = helpline_mentor(staff)
    shift = first_shift(make_pattern(staff))
    services.shift_signup(shift=shift, user=mentor)
    services.mentor_pause(
        profile=mentor.mentor_profile,
        actor=staff,
        reason="A lapse",
        review_date=timezone.localdate() + timedelta(days=30),
    )
    signup = ShiftSignUp.objects.get(user=mentor)
    assert signup.status == ShiftSignUpStatus.REMOVED
    assert not SignUp.objects.filter(user=mentor, status="confirmed").exists()


def test_cancelling_a_shift_tells_the_rota(staff):
    mentor = helpline_mentor(staff)
    shift = first_shift(make_pattern(staff))
    services.shift_signup(shift=shift, user=mentor)
    services.shift_cancel(shift=shift, actor=staff, reason="Phone line down")
    assert ShiftSignUp.objects.get(user=mentor).status == ShiftSignUpStatus.SHIFT_CANCELLED
    note = Notification.objects.get(user=mentor, kind="peersupport_shift_cancelled")
    assert "Phone line down" in note.body
    with pytest.raises(ValidationError, match="already cancelled"):
        services.shift_cancel(shift=shift, actor=staff, reason="Again")


def test_shifts_are_in_the_calendar_feed_and_cancelled_when_off_the_rota(staff):
    mentor = helpline_mentor(staff)
    shift = shift_in(staff, 100, title="Friday; late")
    signup = services.shift_signup(shift=shift, user=mentor)
    feed = services.calendar_render(user=mentor)
    assert f"UID:peer-shift-{shift.pk}@" in feed
    assert "SUMMARY:Friday\\; late" in feed and "STATUS:CONFIRMED" in feed
    services.shift_drop(signup=signup, actor=mentor, reason="Away")
    feed = services.calendar_render(user=mentor)
    assert "STATUS:CANCELLED" in feed and "SEQUENCE:1" in feed
