"""Who may reach each consultations URL (read by tests/test_permission_matrix.py)."""

from __future__ import annotations

from consultations import services
from consultations.models import Consultation, Submission
from tests.access import EVERYONE, MEMBERS, Rule
from tests.consultations.coding_factories import coding_objects
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
    paper = answer(open_pseudo, None, method=Submission.Method.PAPER, actor=staff)
    coding = coding_objects(users)
    return {
        **coding,
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


def _coding_question(o):
    return {
        "pk": o["consultations_coding"].pk,
        "question_pk": o["consultations_coding_question"].pk,
    }


def _coding_item(name):
    return lambda o: {"pk": o["consultations_coding"].pk, "item_id": str(o[name].pk)}


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
    Rule("consultations:publish", STAFF, kwargs=_pk("consultations_draft")),
    Rule("consultations:publish", STAFF, kwargs=_pk("consultations_draft"), method="POST"),
    Rule("consultations:open-now", STAFF, kwargs=_pk("consultations_scheduled"), method="POST"),
    Rule("consultations:close-now", STAFF, kwargs=_pk("consultations_to_close"), method="POST"),
    # Coding: codebooks are staff's; lead coders (here the consultation's creator, staff, and
    # administrators) set up, settle and publish; senior managers read reports.
    Rule("consultations:codebook-list", STAFF),
    Rule("consultations:codebook-create", STAFF),
    Rule("consultations:codebook-import", STAFF),
    Rule("consultations:codebook-detail", STAFF, kwargs=_pk("consultations_coding_codebook")),
    Rule("consultations:codebook-edit", STAFF, kwargs=_pk("consultations_coding_codebook")),
    Rule(
        "consultations:codebook-shared-theme",
        STAFF,
        method="POST",
        kwargs=_pk("consultations_coding_codebook"),
    ),
    Rule("consultations:codebook-export", STAFF, kwargs=_pk("consultations_coding_codebook")),
    Rule("consultations:code-create", STAFF, kwargs=_pk("consultations_coding_codebook")),
    Rule("consultations:code-edit", STAFF, kwargs=_pk("consultations_coding_code")),
    Rule("consultations:code-merge", STAFF, kwargs=_pk("consultations_coding_code")),
    Rule("consultations:coding-overview", READERS, kwargs=_pk("consultations_coding")),
    Rule("consultations:coding-leads", STAFF, kwargs=_pk("consultations_coding")),
    Rule("consultations:coding-sync", STAFF, kwargs=_pk("consultations_coding"), method="POST"),
    Rule(
        "consultations:coding-publish",
        STAFF,
        kwargs=_pk("consultations_coding"),
        method="POST",
        data={"publish": "yes"},
    ),
    Rule("consultations:coding-setup", STAFF, kwargs=_coding_question),
    Rule("consultations:coding-queue", STAFF, kwargs=_coding_question),
    Rule("consultations:coding-queue", STAFF, kwargs=_coding_question, method="POST"),
    Rule("consultations:coding-agreement", READERS, kwargs=_coding_question),
    Rule("consultations:coding-item", STAFF, kwargs=_coding_item("consultations_coding_agreed")),
    Rule("consultations:coding-review", STAFF, kwargs=_pk("consultations_coding")),
    Rule(
        "consultations:coding-settle",
        STAFF,
        kwargs=_coding_item("consultations_coding_disagreement"),
    ),
    Rule("consultations:coding-export-qdpx", STAFF, kwargs=_pk("consultations_coding")),
    Rule("consultations:coding-report", READERS, kwargs=_pk("consultations_coding")),
    Rule("consultations:coding-report-question", READERS, kwargs=_coding_question),
    Rule(
        "consultations:coding-report-breakdown",
        READERS,
        kwargs=_coding_question,
        method="POST",
        data={"by": "gender"},
    ),
    Rule("consultations:coding-export-csv", READERS, kwargs=_coding_question),
    Rule("consultations:coding-export-xlsx", READERS, kwargs=_pk("consultations_coding")),
    # Published themes are for everyone, signed in or not.
    Rule(
        "consultations:theme",
        EVERYONE,
        kwargs=lambda o: {
            "pk": o["consultations_coding_code"].pk,
            "question_pk": o["consultations_coding_question"].pk,
        },
    ),
    # The data steward only — administrators included in nothing here.
    Rule("consultations:steward-lookup", STEWARD),
    Rule(
        "consultations:steward-reidentify",
        STEWARD,
        kwargs=lambda o: {"reference": o["consultations_pseudo_reference"]},
    ),
]
