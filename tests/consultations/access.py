"""Who may reach each consultations URL (read by tests/test_permission_matrix.py)."""

from __future__ import annotations

from consultations import services
from consultations.models import Consultation, Submission
from tests.access import EVERYONE, MEMBERS, Rule
from tests.consultations.factories import answer, make_consultation

STAFF = frozenset({"staff", "administrator"})
READERS = frozenset({"staff", "senior_manager", "administrator"})
STEWARD = frozenset({"data_steward"})


def objects(users):
    """Keys are prefixed: the site-wide matrix merges every app's objects into one dict."""
    staff = users["staff"]
    open_pseudo = make_consultation(staff, title="Matrix: open pseudonymous")
    draft = make_consultation(staff, status=Consultation.Status.DRAFT, title="Matrix: draft")
    scheduled = make_consultation(
        staff, status=Consultation.Status.SCHEDULED, title="Matrix: later"
    )
    to_close = make_consultation(staff, title="Matrix: to close")
    open_link = make_consultation(
        staff,
        anonymity="anonymous",
        audience=Consultation.Audience.OPEN_LINK,
        require_access_code=True,
        title="Matrix: open link",
    )
    closed_named = make_consultation(staff, anonymity="named", title="Matrix: named")
    answer(closed_named, users["member"])
    services.consultation_close(consultation_id=closed_named.pk)
    paper = answer(open_pseudo, None, method=Submission.Method.PAPER, entered_by=staff)
    return {
        "consultations_open_pseudo": open_pseudo,
        "consultations_draft": draft,
        "consultations_draft_question": draft.questions.first(),
        "consultations_scheduled": scheduled,
        "consultations_to_close": to_close,
        "consultations_open_link": open_link,
        "consultations_closed_named": closed_named,
        "consultations_pseudo_reference": paper.submission.reference,
    }


def _pk(name):
    return lambda o: {"pk": o[name].pk}


def _question(o):
    return {"pk": o["consultations_draft"].pk, "question_pk": o["consultations_draft_question"].pk}


RULES = [
    # Members
    Rule("consultations:list", MEMBERS | {"administrator"}),
    Rule("consultations:start", MEMBERS, kwargs=_pk("consultations_open_pseudo")),
    Rule("consultations:answer", MEMBERS, kwargs=_pk("consultations_open_pseudo")),
    Rule("consultations:my-answers", MEMBERS | {"administrator"}),
    Rule("consultations:my-withdraw", MEMBERS, kwargs=_pk("consultations_closed_named")),
    # Anyone, signed in or not
    Rule("consultations:withdraw", EVERYONE),
    Rule(
        "consultations:open-start",
        EVERYONE,
        kwargs=lambda o: {"token": o["consultations_open_link"].open_link_token},
    ),
    Rule(
        "consultations:open-answer",
        EVERYONE,
        kwargs=lambda o: {"token": o["consultations_open_link"].open_link_token},
    ),
    # Staff
    Rule("consultations:manage-list", READERS),
    Rule("consultations:create", STAFF),
    Rule("consultations:manage-detail", READERS, kwargs=_pk("consultations_draft")),
    Rule("consultations:edit", STAFF, kwargs=_pk("consultations_draft")),
    Rule("consultations:preview", STAFF, kwargs=_pk("consultations_draft")),
    Rule("consultations:preview-answer", STAFF, kwargs=_pk("consultations_draft")),
    Rule("consultations:question-create", STAFF, kwargs=_pk("consultations_draft")),
    Rule("consultations:question-edit", STAFF, kwargs=_question),
    Rule("consultations:question-delete", STAFF, kwargs=_question),
    Rule("consultations:question-move", STAFF, kwargs=_question, method="POST"),
    Rule("consultations:staff-entry", STAFF, kwargs=_pk("consultations_open_pseudo")),
    Rule("consultations:responses", READERS, kwargs=_pk("consultations_open_pseudo")),
    Rule("consultations:results", READERS, kwargs=_pk("consultations_open_pseudo")),
    Rule("consultations:export-csv", READERS, kwargs=_pk("consultations_open_pseudo")),
    Rule("consultations:export-xlsx", READERS, kwargs=_pk("consultations_open_pseudo")),
    Rule("consultations:access-codes", STAFF, kwargs=_pk("consultations_open_link")),
    Rule("consultations:duplicate", STAFF, kwargs=_pk("consultations_draft"), method="POST"),
    Rule("consultations:publish", STAFF, kwargs=_pk("consultations_draft"), method="POST"),
    Rule("consultations:open-now", STAFF, kwargs=_pk("consultations_scheduled"), method="POST"),
    Rule("consultations:close-now", STAFF, kwargs=_pk("consultations_to_close"), method="POST"),
    # The data steward only — administrators included in nothing here.
    Rule("consultations:steward-lookup", STEWARD),
    Rule(
        "consultations:steward-reidentify",
        STEWARD,
        kwargs=lambda o: {"reference": o["consultations_pseudo_reference"]},
    ),
]
