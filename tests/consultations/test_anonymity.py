"""The privacy promises, proved: what is (and is not) stored, shown, logged and exported."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from consultations import identity, services
from consultations.models import (
    AnonymousInvitation,
    AnonymousPending,
    Answer,
    AnswerChoice,
    Consultation,
    Draft,
    NamedRespondent,
    StaffEntry,
    Submission,
)
from consultations.personal_data import export_pseudonymous_answers
from core.models import AuditEvent, Notification
from core.personal_data import registry
from tests.consultations.factories import answer, make_consultation
from tests.factories import make_user
from users.models import User
from users.roles import Role

pytestmark = pytest.mark.django_db


def _links_to_user(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if f.is_relation and f.related_model is User and (f.many_to_one or f.one_to_one)
    ]


def test_submission_and_answer_tables_have_no_column_pointing_at_a_person():
    for model in (Submission, Answer, AnswerChoice, Draft):
        assert _links_to_user(model) == [], model
    # Named authors and staff typists live in separate tables.
    assert _links_to_user(NamedRespondent) == ["respondent"]
    assert sorted(_links_to_user(StaffEntry)) == ["entered_by", "interviewer"]


def test_submission_keeps_no_time_of_day():
    times = [
        f.name for f in Submission._meta.concrete_fields if isinstance(f, models.DateTimeField)
    ]
    assert times == ["consented_at"]  # and a check constraint keeps it empty unless named
    assert isinstance(Submission._meta.pk, models.UUIDField)


def _opened_yesterday(staff, **kwargs) -> Consultation:
    c = make_consultation(staff, status=Consultation.Status.SCHEDULED, **kwargs)
    # Midday yesterday, local time: "now minus 27 hours" fell two days back after midnight.
    yesterday = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=1), time(12))
    )
    Consultation.objects.filter(pk=c.pk).update(opens_at=yesterday)
    services.consultations_open_due()
    c.refresh_from_db()
    return c


def test_anonymous_answer_stores_nothing_about_the_person(staff, member, mentor):
    c = _opened_yesterday(staff, anonymity="anonymous")
    events_before = AuditEvent.objects.count()
    first = answer(c, member).submission
    second = answer(c, mentor).submission
    for s in (first, second):
        s.refresh_from_db()
        assert s.pseudonym is None and s.consented_at is None
        # Both carry the period start (yesterday), not the day or time they answered.
        assert s.submitted_on == c.period_start == timezone.localdate() - timedelta(days=1)
        row = Submission.objects.filter(pk=s.pk).values().get()
        text = " ".join(str(v) for v in row.values())
        for person in (member, mentor):
            assert person.username not in text
            assert identity.pseudonym_for(user_id=person.pk, consultation_id=c.pk) not in text
    assert first.destroy_after == second.destroy_after
    assert not NamedRespondent.objects.exists()
    assert not StaffEntry.objects.exists()
    assert AuditEvent.objects.count() == events_before
    assert not Notification.objects.filter(user__in=[member, mentor]).exists()


def test_anonymous_participation_rows_are_never_written_when_answering(staff, member, mentor):
    """The "may still answer" rows are only deleted by answering, never inserted or updated,
    so nothing about them lines up with the answer (order, ids, time)."""
    c = make_consultation(staff, anonymity="anonymous")
    invitations = list(
        AnonymousInvitation.objects.filter(consultation=c).values_list("pk", "user_id")
    )
    pending = list(AnonymousPending.objects.filter(consultation=c).values_list("pk", "user_id"))
    answer(c, mentor)
    answer(c, member)
    assert (
        list(AnonymousInvitation.objects.filter(consultation=c).values_list("pk", "user_id"))
        == invitations
    )
    left = list(AnonymousPending.objects.filter(consultation=c).values_list("pk", "user_id"))
    assert set(left) == {row for row in pending if row[1] not in (member.pk, mentor.pk)}


def test_submission_ids_and_references_do_not_follow_the_order_of_answers(staff):
    c = make_consultation(staff, anonymity="anonymous")
    made = [
        answer(c, None, method=Submission.Method.PAPER, actor=staff).submission for _ in range(12)
    ]
    in_order = [s.pk for s in made]
    assert [s.pk for s in Submission.objects.order_by("pk")] != in_order
    assert [s.pk for s in Submission.objects.order_by("reference")] != in_order


def test_pseudonym_depends_on_the_key_in_settings(staff, member):
    c = make_consultation(staff)
    s = answer(c, member).submission
    assert s.pseudonym == identity.pseudonym_for(user_id=member.pk, consultation_id=c.pk)
    with override_settings(PSEUDONYM_KEY="a-different-key"):
        assert identity.pseudonym_for(user_id=member.pk, consultation_id=c.pk) != s.pseudonym
    # The pseudonym differs between consultations, so answers cannot be joined across them.
    other = make_consultation(staff)
    assert answer(other, member).submission.pseudonym != s.pseudonym


def test_hmac_key_is_not_in_the_database(staff, member, data_steward, client):
    c = make_consultation(staff)
    created = answer(c, member)
    client.force_login(member)
    client.get(reverse("consultations:my-answers"))
    key = settings.PSEUDONYM_KEY
    assert key
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.db_table not in tables:
            continue  # another app's work in progress, not migrated yet
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not text_fields:
            continue
        for row in model._default_manager.values_list(*text_fields):
            assert not any(key in str(value) for value in row), model
    assert created.withdrawal_code not in str(list(Submission.objects.values()))


@pytest.mark.parametrize("mode", ["anonymous", "pseudonymous"])
def test_staff_pages_and_exports_never_show_who_answered(client, staff, senior_manager, mode):
    person = make_user(Role.MEMBER, display_name="Zebedee Quartermaine", username="zebedee.q")
    c = make_consultation(staff, anonymity=mode)
    if mode == "pseudonymous":
        answer(c, person)
    else:
        answer(c, None, method=Submission.Method.PAPER, actor=staff)
    for viewer in (staff, senior_manager):
        client.force_login(viewer)
        for name in ("responses", "results", "export-csv", "export-xlsx", "manage-detail"):
            response = client.get(reverse(f"consultations:{name}", kwargs={"pk": c.pk}))
            assert response.status_code == 200, name
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert b"zebedee" not in body.lower(), name
            assert b"Quartermaine" not in body, name


def test_named_responses_do_show_the_name(client, staff, member):
    c = make_consultation(staff, anonymity="named")
    answer(c, member)
    client.force_login(staff)
    response = client.get(reverse("consultations:responses", kwargs={"pk": c.pk}))
    assert "Mo Member" in response.content.decode()
    # Exports carry no identities even for named consultations.
    export = b"".join(
        client.get(reverse("consultations:export-csv", kwargs={"pk": c.pk})).streaming_content
    )
    assert b"Mo Member" not in export


@pytest.mark.parametrize("mode", ["anonymous", "pseudonymous"])
def test_answering_queues_no_task_and_logs_nothing_about_the_person(
    staff, member, mode, caplog, django_capture_on_commit_callbacks
):
    c = make_consultation(staff, anonymity=mode)
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks() as callbacks:
        answer(c, member)
    assert callbacks == []
    assert member.username not in caplog.text


def test_download_my_data_has_named_answers_and_pseudonymous_ones_via_hmac(staff, member):
    named = make_consultation(staff, anonymity="named", title="Named one")
    pseudo = make_consultation(staff, title="Pseudonymous one")
    anon = make_consultation(staff, anonymity="anonymous", title="Anonymous one")
    answer(named, member)
    answer(pseudo, member, answers=None)
    answer(anon, member)
    exported = registry.export_for(member)
    named_rows = exported["consultations.namedrespondent"]["records"]
    assert [r["consultation__title"] for r in named_rows] == ["Named one"]
    answer_titles = {
        r["submission__consultation__title"] for r in exported["consultations.answer"]["records"]
    }
    assert answer_titles == {"Named one"}  # the registry cannot reach the others, by design
    pseudonymous = export_pseudonymous_answers(member)
    assert [r["consultation"] for r in pseudonymous] == ["Pseudonymous one"]
    assert len(pseudonymous[0]["answers"]) == 6
    assert "Anonymous one" not in str(pseudonymous)
    # Somebody else gets nothing of this member's.
    assert export_pseudonymous_answers(make_user(Role.MEMBER)) == []


def test_every_model_with_a_user_link_is_in_the_registry():
    for model in apps.get_app_config("consultations").get_models():
        if _links_to_user(model):
            assert registry.is_covered(model), model


def test_the_registry_never_reaches_pseudonymous_or_anonymous_answers(staff, member):
    pseudo = make_consultation(staff)
    answer(pseudo, member)
    exported = registry.export_for(member)
    assert exported["consultations.answer"]["records"] == []
    assert exported["consultations.answerchoice"]["records"] == []


def test_withdrawal_code_is_stored_hashed(staff, member):
    c = make_consultation(staff)
    created = answer(c, member)
    s = Submission.objects.get(pk=created.submission.pk)
    assert s.withdrawal_code_hash == identity.code_hash(created.withdrawal_code, purpose="withdraw")
    assert identity.normalise_code(created.withdrawal_code) not in s.withdrawal_code_hash.upper()


def test_administrator_cannot_reidentify(client, staff, member, administrator):
    c = make_consultation(staff)
    s = answer(c, member).submission
    client.force_login(administrator)
    url = reverse("consultations:steward-reidentify", kwargs={"reference": s.reference})
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x" * 40}).status_code == 403


def test_download_my_data_includes_pseudonymous_answers_through_the_registry(staff, member):
    pseudo = make_consultation(staff, title="Pseudonymous one")
    answer(pseudo, member)
    exported = registry.export_for(member)
    rows = exported["consultations.pseudonymous_answers"]["records"]
    assert [r["consultation"] for r in rows] == ["Pseudonymous one"]


def test_deleting_an_account_withdraws_named_and_pseudonymous_answers(staff, member, administrator):
    from consultations.models import Submission
    from users import services as user_services

    named = make_consultation(staff, anonymity="named", title="Named one")
    pseudo = make_consultation(staff, title="Pseudonymous one")
    anon = make_consultation(staff, anonymity="anonymous", title="Anonymous one")
    answer(named, member)
    answer(pseudo, member)
    answer(anon, member)
    other = make_user(Role.MEMBER)
    answer(pseudo, other)
    request = user_services.deletion_request_create(user=member)
    user_services.account_delete(request=request, handled_by=administrator)
    assert not Submission.objects.filter(consultation=named).exists()
    assert Submission.objects.filter(consultation=pseudo).count() == 1  # the other person's
    assert Submission.objects.filter(consultation=anon).count() == 1  # cannot be found: stays
    assert export_pseudonymous_answers(member) == []
