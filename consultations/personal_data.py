"""What consultations hold about a person, for "download my data".

Registered through foreign keys: consultations and access codes a member of staff made, the
interviews they typed in, a member's *named* answers, and the anonymous consultations they
were let in to.

Not reachable through a foreign key, by design: a member's *pseudonymous* answers and their
saved drafts. Those are found by recomputing the HMAC of (person, consultation), which only
the running portal can do. ``export_pseudonymous_answers`` does that; it is handed to the
registry through ``registry.register_exporter``. Anonymous answers are never exported:
nothing links them to anyone. Deleting an account withdraws the person's answers
(``erase_answers``).
"""

from __future__ import annotations

from typing import Any

from consultations.models import (
    AccessCodeBatch,
    AnonymousInvitation,
    AnonymousPending,
    Answer,
    AnswerChoice,
    Consultation,
    Draft,
    NamedRespondent,
    StaffEntry,
)
from core.personal_data import registry

registry.register(
    Consultation,
    user_field="created_by",
    fields=["title", "status", "anonymity", "created_at"],
    title="Consultations you created",
)
registry.register(
    AccessCodeBatch,
    user_field="created_by",
    fields=["consultation__title", "label", "size", "created_at"],
    title="Access codes you printed",
)
registry.register(
    StaffEntry,
    user_field=("entered_by", "interviewer"),
    fields=[
        "submission__consultation__title",
        "submission__reference",
        "submission__method",
        "submission__submitted_on",
        "interviewer_name",
    ],
    title="Interviews and paper forms you typed in or ran",
    description="The answers belong to the people who gave them, so they are not included here.",
)
registry.register(
    NamedRespondent,
    user_field="respondent",
    fields=[
        "consultation__title",
        "submission__reference",
        "submission__submitted_on",
        "submission__consented_at",
        "submission__consent_method",
    ],
    title="Consultations you answered with your name",
)
registry.register(
    Answer,
    user_field="submission__named__respondent",
    fields=["submission__consultation__title", "question__text", "text_value", "number_value"],
    title="Your named answers",
)
registry.register(
    AnswerChoice,
    user_field="answer__submission__named__respondent",
    fields=["answer__submission__consultation__title", "answer__question__text", "choice__label"],
    title="What you chose in your named answers",
)
registry.register(
    AnonymousInvitation,
    user_field="user",
    fields=["consultation__title"],
    title="Anonymous consultations you were invited to answer",
    description="We keep no link to your answers, so they cannot be included.",
)
registry.register(
    AnonymousPending,
    user_field="user",
    fields=["consultation__title"],
    title="Anonymous consultations you have not answered yet",
)


def export_pseudonymous_answers(user: Any) -> list[dict[str, Any]]:
    """A person's pseudonymous answers and saved drafts, found by recomputing their HMAC."""
    from consultations import identity, selectors

    records: list[dict[str, Any]] = []
    for own in selectors.own_answers(user):
        submission = own.submission
        if submission.anonymity != Consultation.Anonymity.PSEUDONYMOUS:
            continue
        records.append(
            {
                "consultation": own.consultation.title,
                "reference": submission.reference,
                "submitted_on": submission.submitted_on.isoformat(),
                "answers": [
                    {
                        "question": answer.question.text,
                        "answer": answer.text_value
                        or (answer.number_value if answer.number_value is not None else None)
                        or [ac.choice.label for ac in answer.answer_choices.all()],
                    }
                    for answer in submission.answers.all()
                ],
            }
        )
    open_ids = list(
        Consultation.objects.exclude(anonymity=Consultation.Anonymity.ANONYMOUS)
        .filter(status=Consultation.Status.OPEN)
        .values_list("pk", "title")
    )
    keys = {
        identity.draft_key_for(user_id=user.pk, consultation_id=pk): title for pk, title in open_ids
    }
    for draft in Draft.objects.filter(owner_key__in=list(keys)):
        records.append(
            {"consultation": keys[draft.owner_key], "draft": True, "answers": draft.answers}
        )
    return records


registry.register_exporter(
    "consultations.pseudonymous_answers",
    export_pseudonymous_answers,
    title="Your pseudonymous answers",
    description=(
        "Staff cannot see that these are yours. We found them for you by recomputing your "
        "pseudonym; they are not linked to your account in our database."
    ),
)


def erase_answers(user: Any) -> None:
    """Deleting an account withdraws the person's named and pseudonymous answers and drafts.

    Withdrawal is what the consent statement promises "at any time, without a reason"; an
    account deletion is the strongest form of it. Anonymous answers cannot be found, so stay.
    """
    from consultations import identity, selectors, services

    for own in selectors.own_answers(user):
        services.submission_withdraw_own(consultation=own.consultation, actor=user)
    keys = [
        identity.draft_key_for(user_id=user.pk, consultation_id=pk)
        for pk in Consultation.objects.values_list("pk", flat=True)
    ]
    Draft.objects.filter(owner_key__in=keys).delete()
    AnonymousPending.objects.filter(user=user).delete()


registry.add_eraser(erase_answers)


# --- Coding: what staff did as coders. Nothing here leads to who wrote an answer. -------------

from consultations.coding.models import (  # noqa: E402
    Codebook,
    CodeMerge,
    Coding,
    CodingItem,
    CodingLead,
    CodingPass,
    CodingProject,
    QuestionCoding,
    SharedTheme,
    SharedThemeLink,
)

registry.register(
    Codebook,
    user_field="created_by",
    fields=["name", "created_at"],
    title="Codebooks you created",
)
registry.register(
    SharedTheme,
    user_field="created_by",
    fields=["name", "created_at"],
    title="Shared themes you made",
)
registry.register(
    SharedThemeLink,
    user_field="linked_by",
    fields=["code__codebook__name", "code__name", "theme__name", "linked_at"],
    title="Codes you linked to a shared theme",
)
registry.register(
    CodeMerge,
    user_field="merged_by",
    fields=["codebook__name", "source_name", "target__name", "merged_at"],
    title="Codes you merged",
)
registry.register(
    CodingProject,
    user_field="themes_published_by",
    fields=["consultation__title", "themes_published_at"],
    title="Consultation themes you published",
)
registry.register(
    CodingLead,
    user_field=("user", "added_by"),
    fields=["consultation__title", "created_at"],
    title="Consultations whose coding you lead (or added a lead to)",
)
registry.register(
    QuestionCoding,
    user_field="updated_by",
    fields=["question__consultation__title", "question__text", "codebook__name", "updated_at"],
    title="Questions you set up for coding",
)
registry.register(
    CodingPass,
    user_field="coder",
    fields=["question__consultation__title", "question__text", "memo", "updated_at"],
    title="Answers you coded",
    description="Your memos and when you coded. The answers belong to the people who gave them.",
)
registry.register(
    Coding,
    user_field="coder",
    fields=["question__consultation__title", "question__text", "code__name", "created_at"],
    title="Codes you applied",
)
registry.register(
    CodingItem,
    user_field=("first_coder", "settled_by", "claimed_by"),
    fields=["question__consultation__title", "question__text", "state", "settled_at"],
    title="Answers you coded first, settled or have open in the coding queue",
)
