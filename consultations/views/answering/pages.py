"""The state that travels in the form (signed), and drawing the question pages, "Check your
answers" and the start page from it."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations import identifying, selectors, services
from consultations.forms.answering import AnswersForm, ConsentForm, ProfileForm, initial_for
from consultations.models import Answer, Question
from consultations.services import question_field_name
from consultations.views.answering.flow import (
    PROFILE_KEY,
    STATE_MAX_AGE,
    STATE_SALT,
    Flow,
)
from core.http import MAX_PAGE, int_param


def _state_dump(state: dict[str, Any]) -> str:
    return signing.dumps(state, salt=STATE_SALT, compress=True)


def state_load(token: str, flow: Flow) -> dict[str, Any] | None:
    try:
        state = signing.loads(token, salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(state, dict) or state.get("c") != flow.consultation.pk:
        return None
    if state.get("k") != flow.kind:
        return None
    state.setdefault("a", {})
    state.setdefault("p", {})
    return state


def page_number(request: HttpRequest, flow: Flow) -> int:
    try:
        page = int_param(request.POST.get("page"), min_value=0, max_value=MAX_PAGE) or 0
    except ValueError:
        page = 0
    return max(0, min(page, flow.check_page))


def form_for_page(flow: Flow, page: int, state: dict[str, Any], data=None):
    if page < len(flow.question_pages):
        questions = flow.question_pages[page]
        return AnswersForm(
            data, initial=initial_for(questions, state["a"]), questions=questions, heading=True
        )
    return ProfileForm(data, initial=state["p"], consultation=flow.consultation)


def merge(state: dict[str, Any], flow: Flow, page: int, values: dict[str, Any]) -> None:
    if page < len(flow.question_pages):
        for question in flow.question_pages[page]:
            state["a"].pop(str(question.pk), None)
        state["a"].update(values)
    else:
        state["p"] = values


def render_page(
    request: HttpRequest,
    flow: Flow,
    state: dict[str, Any],
    page: int,
    form=None,
    status=200,
    *,
    checking: bool = False,
    identifying: str = "",
) -> HttpResponse:
    """One question page (or "About you"); ``checking``: "Continue" returns to the check."""
    if page >= flow.check_page:
        return render_check(request, flow, state)
    form = form or form_for_page(flow, page, state)
    questions = flow.question_pages[page] if page < len(flow.question_pages) else []
    first = flow.first_number(page)
    context = {
        "consultation": flow.consultation,
        "flow": flow,
        "form": form,
        "state": _state_dump(state),
        "page": page,
        "questions": questions,
        "first_number": first,
        "last_number": first + len(questions) - 1,
        "question_count": len(flow.questions),
        "is_profile_page": page >= len(flow.question_pages),
        "checking": checking,
        "identifying": identifying,
        "can_keep_draft": flow.can_keep_draft(request),
        "preview": flow.kind == "preview",
    }
    return render(request, "consultations/answer_page.html", context, status=status)


def _display(question: Question, value: Any) -> str:
    """An answer as the person would read it back."""
    if isinstance(value, str) and value in Answer.Declined.values and not question.is_text:
        return str(Answer.Declined(value).label)
    if question.is_text:
        return str(value)
    if question.kind == Question.Kind.SCALE:
        return selectors.scale_label(question, int(value))
    labels = {c.pk: c.label for c in question.choices.all()}
    values = value if isinstance(value, list) else [value]
    return ", ".join(
        str(Answer.Declined(v).label) if v in Answer.Declined.values else labels.get(v, "")
        for v in values
    )


def render_check(request: HttpRequest, flow: Flow, state: dict[str, Any]) -> HttpResponse:
    rows = []
    for page, questions in enumerate(flow.question_pages):
        for question in questions:
            value = state["a"].get(str(question.pk))
            rows.append(
                {
                    "key": question.text,
                    "value": None if value in (None, "", []) else _display(question, value),
                    "page": page,
                    "field": question_field_name(question),
                }
            )
    profile_rows = []
    if flow.has_profile_page:
        form = ProfileForm(consultation=flow.consultation)
        for name, field in form.fields.items():
            # Every "about you" field is a ChoiceField with flat (value, label) choices
            # (consultations.forms.answering.profile_fields).
            choices = cast(forms.ChoiceField, field).choices
            chosen = dict(cast("list[tuple[str, str]]", choices)).get(state["p"].get(name, ""))
            profile_rows.append(
                {
                    "key": field.label,
                    "value": chosen if state["p"].get(name) else None,
                    "page": len(flow.question_pages),
                    "field": name,
                }
            )
    context = {
        "consultation": flow.consultation,
        "flow": flow,
        "state": _state_dump(state),
        "page": flow.check_page,
        "rows": rows,
        "profile_rows": profile_rows,
        "can_keep_draft": flow.can_keep_draft(request),
        "preview": flow.kind == "preview",
    }
    return render(request, "consultations/answer_check.html", context)


def keep_draft(request: HttpRequest, flow: Flow, state: dict[str, Any], page: int) -> None:
    """Save the answers so far (pseudonymous and named consultations only)."""
    if flow.can_keep_draft(request):
        services.draft_save(
            consultation=flow.consultation,
            user=request.user,
            answers={**state["a"], PROFILE_KEY: state["p"]} if state["p"] else state["a"],
            page=page,
            consent_version_id=state.get("v"),
        )


FINDINGS = {
    identifying.EMAIL: gettext_lazy("an e-mail address"),
    identifying.PHONE: gettext_lazy("a phone number"),
    identifying.POSTCODE: gettext_lazy("a postcode"),
    identifying.BIRTH_DATE: gettext_lazy("a date of birth"),
    identifying.NAME: gettext_lazy("a name"),
    identifying.ADDRESS: gettext_lazy("an address"),
}


def and_list(items: list[str]) -> str:
    """ "a, b and c" """
    if len(items) < 2:
        return "".join(items)
    return _("%(most)s and %(last)s") % {"most": ", ".join(items[:-1]), "last": items[-1]}


def identifying_findings(flow: Flow, page: int, values: dict[str, Any]) -> list[str]:
    if page >= len(flow.question_pages):
        return []
    found: list[str] = []
    for question in flow.question_pages[page]:
        if question.is_text:
            for finding in identifying.findings(str(values.get(str(question.pk)) or "")):
                if finding not in found:
                    found.append(finding)
    return found


def render_start(
    request: HttpRequest, flow: Flow, form: ConsentForm | None = None, state: dict | None = None
) -> HttpResponse:
    consultation = flow.consultation
    consent = services.current_consent_version(consultation)
    context = {
        "consultation": consultation,
        "flow": flow,
        "consent": consent,
        "form": form
        or ConsentForm(needs_code=needs_code(flow), statement=consent.consent_statement),
        "state": _state_dump(state) if state else "",
        "question_count": len(flow.questions),
        "preview": flow.kind == "preview",
    }
    return render(request, "consultations/consultation_start.html", context)


def needs_code(flow: Flow) -> bool:
    return flow.kind == "open" and flow.consultation.require_access_code


def bound_from_state(flow: Flow, page: int, state: dict[str, Any]) -> AnswersForm:
    """Rebuild a page as if its answers had just been typed, so the checks run again."""
    data: MultiValueDict[str, Any] = MultiValueDict()
    for question in flow.question_pages[page]:
        value = state["a"].get(str(question.pk))
        name = question_field_name(question)
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        elif value is not None:
            data[name] = str(value)
    return AnswersForm(data, questions=flow.question_pages[page], heading=True)
