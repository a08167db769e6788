"""The helpline call log (issue 16): logging, safeguarding, counts, follow-ups, retention."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core import hooks
from core.models import AuditEvent
from peersupport import services
from peersupport.helpline.selectors import call_report, shown_counts
from peersupport.models import HelplineCall, LocalService, SafeguardingConcern
from tests.factories import make_user
from tests.peersupport.practice_factories import (
    first_shift,
    helpline_mentor,
    make_pattern,
    move_shift,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_shift(staff):
    """A mentor on a helpline shift that started an hour ago."""
    mentor = helpline_mentor(staff)
    shift = first_shift(make_pattern(staff))
    services.shift_signup(shift=shift, user=mentor)
    shift = move_shift(shift, timezone.now() - timedelta(hours=1))
    return mentor, shift


def _log(mentor, shift, **kw):
    values = {
        "shift": shift,
        "actor": mentor,
        "started_at": timezone.now() - timedelta(minutes=20),
        "minutes": 8,
        "topic": "housing",
    }
    values.update(kw)
    return services.call_log(**values)


def _post(**overrides):
    data = {
        "started": timezone.localtime(timezone.now() - timedelta(minutes=20)).strftime("%H:%M"),
        "minutes": "12",
        "topic": "emotional",
        "signposted": "no",
        "follow_up": "no",
        "named": "no",
        "safeguarding": "no",
    }
    data.update(overrides)
    return data


# --- The service -------------------------------------------------------------------------


def test_a_mentor_on_the_shift_logs_a_call_and_it_is_audited(on_shift):
    mentor, shift = on_shift
    call = _log(mentor, shift, follow_up=True, follow_up_note="Ring back about the flat")
    assert call.follow_up_open and call.caller is None and call.concern is None
    event = AuditEvent.objects.get(action="peersupport.helpline_call.log")
    assert event.detail["shift"] == shift.pk
    # The audit log never holds what the call was about.
    assert "flat" not in str(event.detail)


def test_a_mentor_not_on_the_shift_cannot_log_a_call(on_shift, staff):
    _, shift = on_shift
    stranger = helpline_mentor(staff)
    with pytest.raises(ValidationError):
        _log(stranger, shift)


def test_a_call_must_be_during_the_shift_and_not_in_the_future(on_shift):
    mentor, shift = on_shift
    with pytest.raises(ValidationError):
        _log(mentor, shift, started_at=shift.starts_at - timedelta(hours=3))
    with pytest.raises(ValidationError):
        _log(mentor, shift, started_at=timezone.now() + timedelta(hours=1))


def test_a_future_shift_takes_no_calls(staff):
    mentor = helpline_mentor(staff)
    shift = first_shift(make_pattern(staff))
    services.shift_signup(shift=shift, user=mentor)
    with pytest.raises(ValidationError):
        _log(mentor, shift, started_at=timezone.now())


def test_signposting_needs_a_service_or_words_and_hidden_services_are_refused(on_shift, staff):
    mentor, shift = on_shift
    with pytest.raises(ValidationError):
        _log(mentor, shift, signposted=True)
    hidden = services.local_service_save(actor=staff, name="Closed service", is_active=False)
    with pytest.raises(ValidationError):
        _log(mentor, shift, signposted=True, service=hidden)
    housing = services.local_service_save(actor=staff, name="Housing advice")
    call = _log(mentor, shift, signposted=True, service=housing, signposted_other="Shelter")
    assert call.service == housing and call.signposted_other == "Shelter"
    # Not signposted: anything chosen is dropped.
    call = _log(mentor, shift, signposted=False, service=housing)
    assert call.service is None


def test_the_safeguarding_flag_raises_a_concern_and_tells_the_leads(on_shift):
    mentor, shift = on_shift
    call = _log(
        mentor, shift, safeguarding=True, severity="high", concern_description="Talked of harm"
    )
    concern = SafeguardingConcern.objects.get()
    assert call.concern == concern and concern.raised_by == mentor
    assert "Talked of harm" in concern.description
    assert AuditEvent.objects.filter(action="peersupport.concern.raise").exists()


def test_only_a_member_can_be_named_as_the_caller(on_shift):
    mentor, shift = on_shift
    member = make_user("member")
    assert _log(mentor, shift, caller=member).caller == member
    with pytest.raises(ValidationError):
        _log(mentor, shift, caller=make_user("staff"))


def test_follow_up_close_is_staff_only_and_runs_once(on_shift, staff):
    mentor, shift = on_shift
    call = _log(mentor, shift, follow_up=True)
    with pytest.raises(ValidationError):
        services.call_follow_up_close(call=call, actor=mentor)
    assert services.call_follow_up_close(call=call, actor=staff) is True
    assert services.call_follow_up_close(call=call, actor=staff) is False
    assert (
        AuditEvent.objects.filter(action="peersupport.helpline_call.close_follow_up").count() == 1
    )


def test_local_services_are_unique_by_name(staff):
    services.local_service_save(actor=staff, name="Job Centre")
    with pytest.raises(ValidationError):
        services.local_service_save(actor=staff, name="  job   centre ")


def test_retention_clears_details_after_two_years_and_keeps_the_count(on_shift):
    mentor, shift = on_shift
    call = _log(mentor, shift, notes="Kept for now", caller=make_user("member"))
    later = timezone.now() + timedelta(days=731)
    assert services.calls_apply_retention(now=later) == 1
    call.refresh_from_db()
    assert call.notes == "" and call.caller is None and call.topic == "housing"
    assert services.calls_apply_retention(now=later) == 0


# --- Counts and suppression ------------------------------------------------------------------


def test_small_counts_are_hidden_and_a_lone_hidden_cell_takes_another_with_it():
    assert shown_counts([0, 12, 7]) == ["0", "12", "7"]
    assert shown_counts([3, 12, 7]) == ["fewer than 5", "12", "not shown"]
    assert shown_counts([3, 2, 9]) == ["fewer than 5", "fewer than 5", "9"]


def test_the_report_counts_by_week_topic_and_shift(on_shift):
    mentor, shift = on_shift
    for _ in range(6):
        _log(mentor, shift, topic="housing")
    _log(mentor, shift, topic="employment", follow_up=True)
    report = call_report(suppress=False)
    assert report.total == 7 and report.follow_ups_open == 1
    topics = {row["label"]: row["calls"] for row in report.topics}
    assert topics["Housing"] == "6" and topics["Employment"] == "1"
    assert report.shifts[0]["calls"] == "7"
    suppressed = call_report(suppress=True)
    topics = {row["label"]: row["calls"] for row in suppressed.topics}
    assert topics["Employment"] == "fewer than 5" and topics["Housing"] == "not shown"


# --- Pages ------------------------------------------------------------------------------------


def test_a_mentor_logs_a_call_from_the_shift_page(on_shift, client_for):
    mentor, shift = on_shift
    client = client_for(mentor)
    page = client.get(reverse("peersupport:shift-detail", args=[shift.pk]))
    url = reverse("peersupport:call-create", args=[shift.pk])
    assert url in page.content.decode()
    response = client.post(url, _post())
    assert response.status_code == 302
    call = HelplineCall.objects.get()
    assert call.topic == "emotional" and call.minutes == 12 and call.logged_by == mentor
    page = client.get(reverse("peersupport:shift-detail", args=[shift.pk]))
    assert "Emotional" in page.content.decode()


def test_the_form_says_what_to_do_for_each_missing_answer(on_shift, client_for):
    mentor, shift = on_shift
    url = reverse("peersupport:call-create", args=[shift.pk])
    response = client_for(mentor).post(url, {})
    text = response.content.decode()
    for message in (
        "Enter the time the call started",
        "Enter how long the call was, in minutes",
        "Select what the call was mainly about",
        "Select yes if you sent them to another service",
        "Select yes if you are worried about anyone",
    ):
        assert message in text.replace("&#x27;", "'")
    assert "This field is required" not in text
    assert not HelplineCall.objects.exists()


def test_safeguarding_on_the_form_needs_how_serious_and_what(on_shift, client_for):
    mentor, shift = on_shift
    url = reverse("peersupport:call-create", args=[shift.pk])
    response = client_for(mentor).post(url, _post(safeguarding="yes"))
    text = response.content.decode()
    assert "Select how serious it is" in text and "Describe what worries you" in text
    response = client_for(mentor).post(
        url, _post(safeguarding="yes", severity="urgent", concern_description="Said goodbye")
    )
    assert response.status_code == 302
    assert HelplineCall.objects.get().concern is not None


def test_identifying_details_warn_once_then_save(on_shift, client_for):
    mentor, shift = on_shift
    url = reverse("peersupport:call-create", args=[shift.pk])
    client = client_for(mentor)
    data = _post(notes="Ring him on 07700 900123")
    response = client.post(url, data)
    assert response.status_code == 200 and "identifying-warning" in response.content.decode()
    assert not HelplineCall.objects.exists()
    response = client.post(url, {**data, "warned": "1"})
    assert response.status_code == 302 and HelplineCall.objects.count() == 1


def test_the_free_text_boxes_say_not_to_write_names(on_shift, client_for):
    mentor, shift = on_shift
    page = client_for(mentor).get(reverse("peersupport:call-create", args=[shift.pk]))
    assert page.content.decode().count("Do not write names") >= 2


def test_a_named_caller_needs_a_username_that_exists(on_shift, client_for):
    mentor, shift = on_shift
    url = reverse("peersupport:call-create", args=[shift.pk])
    response = client_for(mentor).post(url, _post(named="yes"))
    assert "Enter their username" in response.content.decode()
    response = client_for(mentor).post(url, _post(named="yes", caller="nobody-here"))
    assert "There is no member with that username" in response.content.decode()
    # A username given with "No" is dropped: the caller stays anonymous.
    member = make_user("member")
    client_for(mentor).post(url, _post(named="no", caller=member.username))
    assert HelplineCall.objects.get().caller is None


def test_the_senior_manager_sees_counts_with_small_ones_hidden_and_no_follow_ups(
    on_shift, client_for, senior_manager
):
    mentor, shift = on_shift
    _log(mentor, shift, follow_up=True, follow_up_note="Call back about the job")
    text = client_for(senior_manager).get(reverse("peersupport:call-report")).content.decode()
    assert "fewer than 5" in text
    assert "Call back about the job" not in text and "Mark as done" not in text


def test_staff_see_follow_ups_on_the_page_and_their_to_do_list(on_shift, client_for, staff):
    mentor, shift = on_shift
    call = _log(mentor, shift, follow_up=True, follow_up_note="Call back about the job")
    todos = [t.text for t in hooks.todos_for(staff)]
    assert "1 helpline call to follow up" in todos
    client = client_for(staff)
    text = client.get(reverse("peersupport:call-report")).content.decode()
    assert "Call back about the job" in text
    response = client.post(reverse("peersupport:call-follow-up-done", args=[call.pk]))
    assert response.status_code == 302
    assert "helpline call to follow up" not in " ".join(t.text for t in hooks.todos_for(staff))


def test_staff_keep_the_list_of_local_services(client_for, staff):
    client = client_for(staff)
    url = reverse("peersupport:local-service-list")
    response = client.post(url, {"name": "Citizens Advice", "is_active": "on"})
    assert response.status_code == 302
    item = LocalService.objects.get()
    response = client.post(
        reverse("peersupport:local-service-edit", args=[item.pk]), {"name": "Citizens Advice"}
    )
    item.refresh_from_db()
    assert item.is_active is False
    response = client.post(url, {})
    assert "Enter the name of the service" in response.content.decode()


def test_the_call_pages_refuse_the_wrong_method(on_shift, client_for, staff):
    _, shift = on_shift
    client = client_for(staff)
    assert client.post(reverse("peersupport:call-report")).status_code == 405
    assert client.get(reverse("peersupport:call-follow-up-done", args=[1])).status_code == 405


def test_the_report_query_count_does_not_grow_with_calls(on_shift, client_for, staff, query_count):
    mentor, shift = on_shift
    client = client_for(staff)
    url = reverse("peersupport:call-report")
    _log(mentor, shift, follow_up=True)
    few = query_count(client, url)
    for _ in range(5):
        _log(mentor, shift, follow_up=True, caller=make_user("member"))
    other = first_shift(make_pattern(staff, title="Another"))
    services.shift_signup(shift=other, user=mentor)
    # Earlier the same day, not overlapping the shift they are on (PostgreSQL refuses that).
    other = move_shift(other, timezone.now() - timedelta(hours=8))
    _log(mentor, other, started_at=timezone.now() - timedelta(hours=6))
    assert query_count(client, url) == few <= 20


def test_the_mentor_is_asked_to_log_calls_during_and_just_after_the_shift(on_shift):
    mentor, shift = on_shift
    todos = [t for t in hooks.todos_for(mentor) if "Log the calls" in t.text]
    assert len(todos) == 1
    assert todos[0].url == reverse("peersupport:shift-detail", args=[shift.pk])
    move_shift(shift, timezone.now() - timedelta(hours=20), minutes=60)
    assert not [t for t in hooks.todos_for(mentor) if "Log the calls" in t.text]
