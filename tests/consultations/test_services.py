"""Services: building, answering in each mode, withdrawal, jobs and retention."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations import identity, services
from consultations.models import (
    AccessCode,
    AnonymousInvitation,
    AnonymousPending,
    Answer,
    AnswerChoice,
    ConsentVersion,
    Consultation,
    Draft,
    NamedRespondent,
    Question,
    StaffEntry,
    Submission,
)
from core.models import AuditEvent, Notification
from tests.consultations.factories import answer, full_answers, make_consultation, questions_of
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db


# --- Building -------------------------------------------------------------------------


def test_create_records_first_consent_version_and_audits(staff):
    c = make_consultation(staff, status=Consultation.Status.DRAFT)
    version = ConsentVersion.objects.get(consultation=c)
    assert version.number == 1
    assert version.consent_statement == c.consent_statement
    assert AuditEvent.objects.filter(
        action="consultations.consultation.create", object_id=str(c.pk)
    ).exists()


def test_changing_consent_text_makes_a_new_version(staff):
    c = make_consultation(staff, status=Consultation.Status.DRAFT)
    services.consultation_update(consultation=c, actor=staff, title="Renamed")
    assert c.consent_versions.count() == 1
    services.consultation_update(consultation=c, actor=staff, consent_statement="New words")
    assert list(c.consent_versions.values_list("number", flat=True)) == [2, 1]
    assert services.current_consent_version(c).consent_statement == "New words"


def test_anonymity_and_audience_lock_after_publishing(staff):
    c = make_consultation(staff)
    with pytest.raises(services.ConsultationError, match="cannot change after publishing"):
        services.consultation_update(
            consultation=c, actor=staff, anonymity=Consultation.Anonymity.NAMED
        )
    # Unchanged values and other fields are fine.
    services.consultation_update(
        consultation=c, actor=staff, anonymity=c.anonymity, title="Still fine"
    )


def test_open_link_must_be_anonymous_by_constraint(staff):
    with pytest.raises(ValidationError):
        services.consultation_create(
            actor=staff,
            title="x",
            purpose="x",
            information_sheet="x",
            consent_statement="x",
            audience=Consultation.Audience.OPEN_LINK,
            anonymity=Consultation.Anonymity.NAMED,
        )


def test_publish_needs_questions(staff):
    c = make_consultation(staff, status=Consultation.Status.DRAFT, questions=[])
    with pytest.raises(services.ConsultationError, match="at least one question"):
        services.consultation_publish(consultation=c, actor=staff)


def test_publish_with_future_opening_waits_for_the_job(staff):
    c = make_consultation(staff, status=Consultation.Status.SCHEDULED)
    assert c.status == Consultation.Status.SCHEDULED
    assert services.consultations_open_due() == []
    later = c.opens_at + timedelta(minutes=1)
    assert services.consultations_open_due(now=later) == [c.pk]
    # Running the job again changes nothing.
    assert services.consultations_open_due(now=later) == []
    c.refresh_from_db()
    assert c.status == Consultation.Status.OPEN
    assert c.opened_at == c.opens_at


def test_close_job_is_safe_to_run_twice(staff):
    c = make_consultation(staff)
    services.consultation_update(
        consultation=c, actor=staff, closes_at=timezone.now() + timedelta(hours=1)
    )
    later = timezone.now() + timedelta(hours=2)
    assert services.consultations_close_due(now=later) == [c.pk]
    assert services.consultations_close_due(now=later) == []
    assert AuditEvent.objects.filter(action="consultations.consultation.close").count() == 1


def test_opening_notifies_members_once(staff, member, mentor, django_capture_on_commit_callbacks):
    c = make_consultation(staff, status=Consultation.Status.SCHEDULED)
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_open(consultation_id=c.pk)
    assert Notification.objects.filter(kind="consultations_open").count() == 2
    assert services.consultation_notify_opened(consultation_id=c.pk) == 0  # deduplicated
    assert Notification.objects.filter(kind="consultations_open").count() == 2
    assert not Notification.objects.filter(kind="consultations_open", user=staff).exists()


def test_questions_reorder(staff):
    c = make_consultation(staff, status=Consultation.Status.DRAFT)
    first, second = questions_of(c)[:2]
    services.question_move(question=second, direction="up", actor=staff)
    assert [q.pk for q in questions_of(c)][:2] == [second.pk, first.pk]
    services.question_move(question=second, direction="up", actor=staff)  # already top
    assert [q.pk for q in questions_of(c)][:2] == [second.pk, first.pk]


def test_choices_lock_after_first_answer(staff, member):
    c = make_consultation(staff)
    choice_q = next(q for q in questions_of(c) if q.kind == Question.Kind.SINGLE_CHOICE)
    services.question_update(
        question=choice_q,
        actor=staff,
        kind=choice_q.kind,
        text=choice_q.text,
        choices=["A", "B"],
    )
    answer(c, member)
    with pytest.raises(services.ConsultationError, match="already answered"):
        services.question_update(
            question=choice_q, actor=staff, kind=choice_q.kind, text="x", choices=["A", "C"]
        )
    # Rewording is still allowed.
    services.question_update(
        question=choice_q, actor=staff, kind=choice_q.kind, text="Reworded", choices=["A", "B"]
    )
    with pytest.raises(services.ConsultationError):
        services.question_delete(question=choice_q, actor=staff)
    with pytest.raises(services.ConsultationError, match="cannot be added"):
        services.question_create(
            consultation=c, actor=staff, kind=Question.Kind.SHORT_TEXT, text="New"
        )


def test_yes_no_gets_fixed_choices(staff):
    c = make_consultation(
        staff, status=Consultation.Status.DRAFT, questions=[{"kind": "yes_no", "text": "OK?"}]
    )
    assert [ch.label for ch in questions_of(c)[0].choices.all()] == ["Yes", "No"]


def test_choice_question_needs_two_choices(staff):
    c = make_consultation(staff, status=Consultation.Status.DRAFT, questions=[])
    with pytest.raises(ValidationError):
        services.question_create(
            consultation=c,
            actor=staff,
            kind=Question.Kind.SINGLE_CHOICE,
            text="Pick",
            choices=["Only one", "only ONE"],
        )


def test_duplicate_copies_questions_not_answers(staff, member):
    c = make_consultation(staff)
    answer(c, member)
    copy = services.consultation_duplicate(consultation=c, actor=staff)
    assert copy.status == Consultation.Status.DRAFT
    assert copy.duplicated_from == c
    assert [(q.kind, q.text) for q in questions_of(copy)] == [
        (q.kind, q.text) for q in questions_of(c)
    ]
    assert [[ch.label for ch in q.choices.all()] for q in questions_of(copy)] == [
        [ch.label for ch in q.choices.all()] for q in questions_of(c)
    ]
    assert copy.submissions.count() == 0


# --- Answering ------------------------------------------------------------------------


def test_required_questions_are_checked_with_plain_messages(staff, member):
    c = make_consultation(staff)
    with pytest.raises(ValidationError) as caught:
        services.submission_create(consultation=c, answers={}, consented=True, respondent=member)
    messages = caught.value.message_dict
    short_q = questions_of(c)[0]
    assert messages[f"q_{short_q.pk}"] == [
        "Enter an answer to ‘Describe your relationship with your probation officer’"
    ]
    assert all("required" not in m[0] for m in messages.values())


def test_bad_choice_ids_are_refused(staff, member):
    c = make_consultation(staff)
    answers = full_answers(c)
    single = next(q for q in questions_of(c) if q.kind == Question.Kind.SINGLE_CHOICE)
    answers[single.pk] = 999999
    with pytest.raises(ValidationError):
        services.submission_create(
            consultation=c, answers=answers, consented=True, respondent=member
        )


def test_consent_is_required(staff, member):
    c = make_consultation(staff)
    with pytest.raises(services.ConsultationError, match="agree"):
        services.submission_create(
            consultation=c, answers=full_answers(c), consented=False, respondent=member
        )


def test_pseudonymous_answer_is_keyed_by_hmac_and_once_per_person(staff, member):
    c = make_consultation(staff)
    created = answer(c, member)
    s = created.submission
    assert s.pseudonym == identity.pseudonym_for(user_id=member.pk, consultation_id=c.pk)
    assert s.consented_at is None
    assert s.submitted_on == timezone.localdate()
    assert s.consent_method == Submission.ConsentMethod.ONLINE
    assert s.consent_version == services.current_consent_version(c)
    assert not NamedRespondent.objects.exists()
    with pytest.raises(services.AlreadyAnswered):
        answer(c, member)
    # No audit event or notification was written about the member answering.
    assert not AuditEvent.objects.filter(actor=member).exists()
    assert not Notification.objects.filter(user=member).exists()


def test_answers_are_stored_per_question(staff, member):
    c = make_consultation(staff)
    s = answer(c, member).submission
    qs = questions_of(c)
    assert Answer.objects.filter(submission=s).count() == len(qs)
    multi = next(q for q in qs if q.kind == Question.Kind.MULTIPLE_CHOICE)
    assert AnswerChoice.objects.filter(answer__question=multi).count() == 2
    scale = next(q for q in qs if q.kind == Question.Kind.SCALE)
    assert Answer.objects.get(question=scale).number_value == 4


def test_named_answer_records_person_consent_time_and_audit(staff, member):
    c = make_consultation(staff, anonymity=Consultation.Anonymity.NAMED)
    s = answer(c, member).submission
    assert s.named.respondent == member
    assert s.consented_at is not None
    assert s.pseudonym is None
    assert AuditEvent.objects.filter(actor=member, action="consultations.answers.submit").exists()
    with pytest.raises(services.AlreadyAnswered):
        answer(c, member)


def test_anonymous_member_answer_spends_pending_row(staff, member):
    c = make_consultation(staff, anonymity=Consultation.Anonymity.ANONYMOUS)
    assert AnonymousPending.objects.filter(consultation=c, user=member).exists()
    s = answer(c, member).submission
    assert not AnonymousPending.objects.filter(consultation=c, user=member).exists()
    assert AnonymousInvitation.objects.filter(consultation=c, user=member).exists()
    assert s.pseudonym is None and s.consented_at is None
    assert s.submitted_on == c.period_start
    with pytest.raises(services.AlreadyAnswered):
        answer(c, member)


def test_anonymous_late_joiner_waits_for_the_job(staff, member):
    c = make_consultation(staff, anonymity=Consultation.Anonymity.ANONYMOUS)
    late = make_user(Role.MEMBER)
    with pytest.raises(services.NotReady):
        answer(c, late)
    assert services.anonymous_invitations_sync() == 1
    assert services.anonymous_invitations_sync() == 0  # safe to run twice
    answer(c, late)
    # Having answered, the job does not let them in again.
    assert services.anonymous_invitations_sync() == 0
    with pytest.raises(services.AlreadyAnswered):
        answer(c, late)


def test_closing_removes_drafts_and_participation_rows(staff, member):
    c = make_consultation(staff, anonymity=Consultation.Anonymity.ANONYMOUS)
    assert AnonymousPending.objects.filter(consultation=c).exists()
    services.consultation_close(consultation_id=c.pk)
    assert not AnonymousPending.objects.filter(consultation=c).exists()
    assert not AnonymousInvitation.objects.filter(consultation=c).exists()


def test_not_in_audience_cannot_answer(staff, senior_manager):
    c = make_consultation(staff)
    with pytest.raises(services.ConsultationError, match="not open to you"):
        answer(c, senior_manager)


def test_closed_consultation_refuses_online_answers(staff, member):
    c = make_consultation(staff, status=Consultation.Status.CLOSED)
    with pytest.raises(services.NotOpen):
        answer(c, member)


def test_consent_changed_while_answering(staff, member):
    c = make_consultation(staff)
    old = services.current_consent_version(c).pk
    services.consultation_update(consultation=c, actor=staff, information_sheet="Changed")
    with pytest.raises(services.ConsentChanged):
        answer(c, member, consent_version_id=old)


def test_staff_entry_records_interviewer_and_method(staff, member):
    c = make_consultation(staff)
    interviewer = make_user(Role.STAFF)
    created = answer(
        c,
        member,
        method=Submission.Method.INTERVIEW,
        actor=staff,
        interviewer=interviewer,
        submitted_on=date(2026, 1, 5),
    )
    s = created.submission
    entry = StaffEntry.objects.get(submission=s)
    assert entry.entered_by == staff and entry.interviewer == interviewer
    assert s.consent_method == Submission.ConsentMethod.SPOKEN
    assert s.submitted_on == date(2026, 1, 5)
    assert s.pseudonym == identity.pseudonym_for(user_id=member.pk, consultation_id=c.pk)
    # The member can no longer answer online: one answer per person.
    with pytest.raises(services.AlreadyAnswered):
        answer(c, member)


def test_paper_form_without_account_in_pseudonymous_mode(staff):
    c = make_consultation(staff)
    s = answer(c, None, method=Submission.Method.PAPER, actor=staff).submission
    assert s.pseudonym is None
    assert s.consent_method == Submission.ConsentMethod.SIGNED
    answer(c, None, method=Submission.Method.PAPER, actor=staff)  # many paper forms


def test_staff_entry_allowed_after_closing(staff):
    c = make_consultation(staff, anonymity="anonymous", status=Consultation.Status.CLOSED)
    s = answer(c, None, method=Submission.Method.PAPER, actor=staff).submission
    assert s.submitted_on == c.period_start


def test_anonymous_staff_entry_refuses_a_person(staff, member):
    c = make_consultation(staff, anonymity="anonymous")
    with pytest.raises(services.ConsultationError, match="do not record who"):
        answer(c, member, method=Submission.Method.INTERVIEW, actor=staff)


def test_named_staff_entry_needs_a_person(staff):
    c = make_consultation(staff, anonymity="named")
    with pytest.raises(services.ConsultationError, match="Choose the person"):
        answer(c, None, method=Submission.Method.INTERVIEW, actor=staff)


def test_profile_values_are_optional_and_checked(staff, member):
    c = make_consultation(staff, areas="Leicester City\nRutland")
    s = answer(
        c,
        member,
        profile={"gender": "woman", "age_band": "nonsense", "area": "Rutland", "ethnic_group": ""},
    ).submission
    assert (s.gender, s.age_band, s.area, s.ethnic_group) == ("woman", "", "Rutland", "")


# --- Drafts ---------------------------------------------------------------------------


def test_drafts_are_keyed_by_hmac_and_cleared_on_submit(staff, member):
    c = make_consultation(staff)
    services.draft_save(consultation=c, user=member, answers={"1": "x"}, page=1)
    draft = Draft.objects.get()
    assert draft.owner_key == identity.draft_key_for(user_id=member.pk, consultation_id=c.pk)
    assert len(draft.owner_key) == 64
    answer(c, member)
    assert not Draft.objects.exists()


def test_no_drafts_for_anonymous(staff, member):
    c = make_consultation(staff, anonymity="anonymous")
    assert services.draft_save(consultation=c, user=member, answers={"1": "x"}, page=0) is None
    assert not Draft.objects.exists()


# --- Access codes ---------------------------------------------------------------------


def _open_link(staff, **kwargs):
    return make_consultation(
        staff,
        anonymity="anonymous",
        audience=Consultation.Audience.OPEN_LINK,
        require_access_code=True,
        **kwargs,
    )


def test_access_codes_work_once(staff):
    c = _open_link(staff)
    issued = services.access_code_batch_create(
        consultation=c, label="Kirk Lodge", size=3, actor=staff
    )
    assert AccessCode.objects.filter(batch=issued.batch).count() == 3
    assert not AccessCode.objects.filter(code_hash__contains=issued.codes[0]).exists()
    code = issued.codes[0]
    answer(c, None, access_code=code.lower().replace("-", " "))
    assert AccessCode.objects.filter(batch=issued.batch).count() == 2
    with pytest.raises(services.InvalidAccessCode):
        answer(c, None, access_code=code)
    with pytest.raises(services.InvalidAccessCode):
        answer(c, None, access_code="")


def test_access_codes_only_for_open_links(staff):
    c = make_consultation(staff)
    with pytest.raises(services.ConsultationError):
        services.access_code_batch_create(consultation=c, label="x", size=1, actor=staff)


# --- Withdrawal -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["anonymous", "pseudonymous", "named"])
def test_withdraw_by_code_deletes_and_counts(staff, member, mode):
    c = make_consultation(staff, anonymity=mode)
    created = answer(c, member)
    assert services.submission_withdraw_by_code(code="WRONG-CODE") is None
    withdrawn = services.submission_withdraw_by_code(code=created.withdrawal_code)
    assert withdrawn == c
    assert not Submission.objects.filter(consultation=c).exists()
    assert not Answer.objects.filter(submission__consultation=c).exists()
    assert not AnswerChoice.objects.exists()
    c.refresh_from_db()
    assert c.withdrawn_count == 1
    assert services.submission_withdraw_by_code(code=created.withdrawal_code) is None
    event = AuditEvent.objects.get(action="consultations.answers.withdraw")
    assert event.actor is None  # withdrawal by code names nobody


def test_withdraw_own_pseudonymous(staff, member):
    c = make_consultation(staff)
    answer(c, member)
    assert services.submission_withdraw_own(consultation=c, actor=member) is True
    assert not Submission.objects.exists()
    assert services.submission_withdraw_own(consultation=c, actor=member) is False
    # Withdrawn, they may answer again while it is open.
    answer(c, member)


def test_withdrawal_works_after_closing(staff, member):
    c = make_consultation(staff)
    created = answer(c, member)
    services.consultation_close(consultation_id=c.pk)
    assert services.submission_withdraw_by_code(code=created.withdrawal_code) is not None


# --- Retention ------------------------------------------------------------------------


def test_destroy_after_is_five_years_by_default(staff, member):
    c = make_consultation(staff)
    s = answer(c, member).submission
    assert s.destroy_after == services.add_years(s.submitted_on, 5)


def test_add_years_handles_leap_day():
    assert services.add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)


@pytest.mark.parametrize("mode", ["anonymous", "pseudonymous", "named"])
def test_retention_deletes_at_five_years_not_before(staff, member, mode):
    c = make_consultation(staff, anonymity=mode)
    s = answer(c, member).submission
    five_years = services.add_years(s.submitted_on, 5)
    result = services.submissions_retention_run(today=five_years - timedelta(days=1))
    assert result.deleted == 0
    assert Submission.objects.filter(pk=s.pk).exists()
    result = services.submissions_retention_run(today=five_years + timedelta(days=1))
    assert result.deleted == 1
    assert not Submission.objects.filter(pk=s.pk).exists()
    assert not Answer.objects.filter(submission_id=s.pk).exists()
    assert services.submissions_retention_run(today=five_years + timedelta(days=2)).deleted == 0


def test_retention_anonymise_keeps_answers_but_no_link(staff, member):
    c = make_consultation(
        staff, anonymity="named", retention_action=Consultation.RetentionAction.ANONYMISE
    )
    s = answer(c, member, profile={"gender": "man"}).submission
    interview = answer(
        c, make_user(Role.MEMBER), method=Submission.Method.INTERVIEW, actor=staff
    ).submission
    day = services.add_years(s.submitted_on, 5) + timedelta(days=1)
    result = services.submissions_retention_run(today=day)
    assert result.anonymised == 2
    s.refresh_from_db()
    assert s.anonymity == "anonymous" and s.consented_at is None and s.gender == ""
    assert s.withdrawal_code_hash is None and s.destroy_after is None
    assert not NamedRespondent.objects.exists()
    assert not StaffEntry.objects.filter(submission=interview).exists()
    assert Answer.objects.filter(submission=s).exists()
    assert services.submissions_retention_run(today=day).anonymised == 0


def test_retention_works_in_batches(staff):
    c = make_consultation(staff, anonymity="anonymous")
    for _ in range(5):
        answer(c, None, method=Submission.Method.PAPER, actor=staff)
    day = services.add_years(c.period_start, 5)
    assert services.submissions_retention_run(today=day, batch_size=2).deleted == 5
