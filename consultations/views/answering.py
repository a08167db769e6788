"""Answering a consultation: members, open links and the staff preview share one flow.

The answers in progress travel in the form as a signed (tamper-proof) blob, so nothing about
an anonymous respondent is kept on the server until they press "Send". Signed-in respondents
to pseudonymous and named consultations also get a server-side draft (keyed by an HMAC, not
their id) so they can leave and come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations import permissions, selectors, services
from consultations.forms import (
    AnswersForm,
    ConsentForm,
    ProfileForm,
    WithdrawalForm,
    initial_for,
)
from consultations.models import Consultation, Draft, Question
from consultations.permissions import RESPONDENTS
from consultations.services import question_field_name
from core.http import MAX_PAGE, int_param
from core.ratelimit import rate_limited
from users.permissions import role_required

STATE_SALT = "consultations.answering"
STATE_MAX_AGE = 12 * 60 * 60


@dataclass
class Flow:
    """One way into a questionnaire: ``member`` (signed in), ``open`` (link) or ``preview``."""

    consultation: Consultation
    kind: str
    start_url: str
    answer_url: str

    @cached_property
    def questions(self) -> list[Question]:
        return selectors.questions_plain(self.consultation)

    @cached_property
    def question_pages(self) -> list[list[Question]]:
        size = max(1, self.consultation.questions_per_page)
        qs = self.questions
        return [qs[i : i + size] for i in range(0, len(qs), size)] or [[]]

    @property
    def has_profile_page(self) -> bool:
        return self.consultation.ask_profile

    @property
    def total_pages(self) -> int:
        return len(self.question_pages) + (1 if self.has_profile_page else 0)

    def page_of(self, question_id: int) -> int:
        for index, page in enumerate(self.question_pages):
            if any(q.pk == question_id for q in page):
                return index
        return 0

    def can_keep_draft(self, request: HttpRequest) -> bool:
        return (
            self.kind == "member"
            and request.user.is_authenticated
            and not self.consultation.is_anonymous
        )


def _member_flow(consultation: Consultation) -> Flow:
    return Flow(
        consultation,
        "member",
        reverse("consultations:start", kwargs={"pk": consultation.pk}),
        reverse("consultations:answer", kwargs={"pk": consultation.pk}),
    )


def _open_flow(consultation: Consultation) -> Flow:
    token = consultation.open_link_token
    return Flow(
        consultation,
        "open",
        reverse("consultations:open-start", kwargs={"token": token}),
        reverse("consultations:open-answer", kwargs={"token": token}),
    )


def _preview_flow(consultation: Consultation) -> Flow:
    return Flow(
        consultation,
        "preview",
        reverse("consultations:preview", kwargs={"pk": consultation.pk}),
        reverse("consultations:preview-answer", kwargs={"pk": consultation.pk}),
    )


# --- The state that travels in the form -----------------------------------------------


def _state_dump(state: dict[str, Any]) -> str:
    return signing.dumps(state, salt=STATE_SALT, compress=True)


def _state_load(token: str, flow: Flow) -> dict[str, Any] | None:
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


def _page_number(request: HttpRequest, flow: Flow) -> int:
    try:
        page = int_param(request.POST.get("page"), min_value=0, max_value=MAX_PAGE) or 0
    except ValueError:
        page = 0
    return max(0, min(page, flow.total_pages - 1))


def _form_for_page(flow: Flow, page: int, state: dict[str, Any], data=None):
    if page < len(flow.question_pages):
        questions = flow.question_pages[page]
        return AnswersForm(data, initial=initial_for(questions, state["a"]), questions=questions)
    return ProfileForm(data, initial=state["p"], consultation=flow.consultation)


def _merge(state: dict[str, Any], flow: Flow, page: int, values: dict[str, Any]) -> None:
    if page < len(flow.question_pages):
        for question in flow.question_pages[page]:
            state["a"].pop(str(question.pk), None)
        state["a"].update(values)
    else:
        state["p"] = values


def _render_page(
    request: HttpRequest, flow: Flow, state: dict[str, Any], page: int, form=None, status=200
) -> HttpResponse:
    form = form or _form_for_page(flow, page, state)
    context = {
        "consultation": flow.consultation,
        "flow": flow,
        "form": form,
        "state": _state_dump(state),
        "page": page,
        "page_number": page + 1,
        "total_pages": flow.total_pages,
        "is_last": page == flow.total_pages - 1,
        "is_profile_page": page >= len(flow.question_pages),
        "can_keep_draft": flow.can_keep_draft(request),
        "preview": flow.kind == "preview",
    }
    return render(request, "consultations/answer_page.html", context, status=status)


def _render_start(
    request: HttpRequest, flow: Flow, form: ConsentForm | None = None, state: dict | None = None
) -> HttpResponse:
    consultation = flow.consultation
    context = {
        "consultation": consultation,
        "flow": flow,
        "consent": services.current_consent_version(consultation),
        "form": form or ConsentForm(needs_code=_needs_code(flow)),
        "state": _state_dump(state) if state else "",
        "question_count": len(flow.questions),
        "preview": flow.kind == "preview",
    }
    return render(request, "consultations/consultation_start.html", context)


def _needs_code(flow: Flow) -> bool:
    return flow.kind == "open" and flow.consultation.require_access_code


def _bound_from_state(flow: Flow, page: int, state: dict[str, Any]) -> AnswersForm:
    """Rebuild a page as if its answers had just been typed, so the checks run again."""
    data = MultiValueDict()
    for question in flow.question_pages[page]:
        value = state["a"].get(str(question.pk))
        name = question_field_name(question)
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        elif value is not None:
            data[name] = str(value)
    return AnswersForm(data, questions=flow.question_pages[page])


# --- The steps ------------------------------------------------------------------------


def _start(request: HttpRequest, flow: Flow) -> HttpResponse:
    if request.method != "POST":
        return _render_start(request, flow)
    if flow.kind == "open" and rate_limited(request, "consultation-open", limit=30, period=300):
        form = ConsentForm(request.POST, needs_code=_needs_code(flow))
        form.is_valid()
        form.add_error(
            None, _("Too many tries from this connection. Wait five minutes and try again.")
        )
        return _render_start(request, flow, form)
    previous = _state_load(request.POST.get("state", ""), flow)
    form = ConsentForm(request.POST, needs_code=_needs_code(flow))
    if not form.is_valid():
        return _render_start(request, flow, form, previous)
    code = form.cleaned_data.get("access_code", "")
    if code and not selectors.access_code_is_unused(flow.consultation, code):
        form.add_error("access_code", str(services.InvalidAccessCode()))
        return _render_start(request, flow, form, previous)
    state = previous or {"c": flow.consultation.pk, "k": flow.kind, "a": {}, "p": {}}
    state["v"] = services.current_consent_version(flow.consultation).pk
    state["code"] = code
    page = 0
    if previous is None and flow.can_keep_draft(request):
        draft = Draft.objects.filter(
            consultation=flow.consultation,
            owner_key=services.draft_owner_key(consultation=flow.consultation, user=request.user),
        ).first()
        if draft is not None:
            state["a"] = dict(draft.answers)
            page = min(draft.page, flow.total_pages - 1)
            messages.info(
                request, _("We kept the answers you saved before. Check them and carry on.")
            )
    return _render_page(request, flow, state, page)


def _answer(request: HttpRequest, flow: Flow) -> HttpResponse:
    if request.method != "POST":
        return redirect(flow.start_url)
    state = _state_load(request.POST.get("state", ""), flow)
    if state is None or "v" not in state:
        messages.error(request, _("We could not carry on from that page. Please start again."))
        return redirect(flow.start_url)
    page = _page_number(request, flow)
    action = request.POST.get("action", "next")
    form = _form_for_page(flow, page, state, data=request.POST)
    on_profile = page >= len(flow.question_pages)

    if action in ("back", "save"):
        kept = form.partial_profile() if on_profile else form.partial_answers()
        _merge(state, flow, page, kept)
        if action == "back":
            return _render_page(request, flow, state, max(0, page - 1))
        if flow.can_keep_draft(request):
            services.draft_save(
                consultation=flow.consultation, user=request.user, answers=state["a"], page=page
            )
            messages.success(
                request,
                _(
                    "Your answers are saved. You can sign out and finish them later, "
                    "until it closes."
                ),
            )
        return _render_page(
            request, flow, state, page, form if form.is_bound and not form.is_valid() else None
        )

    if not form.is_valid():
        return _render_page(request, flow, state, page, form)
    _merge(state, flow, page, form.profile() if on_profile else form.answers())
    if page < flow.total_pages - 1:
        if flow.can_keep_draft(request):
            services.draft_save(
                consultation=flow.consultation, user=request.user, answers=state["a"], page=page + 1
            )
        return _render_page(request, flow, state, page + 1)
    return _finish(request, flow, state)


def _finish(request: HttpRequest, flow: Flow, state: dict[str, Any]) -> HttpResponse:
    consultation = flow.consultation
    if flow.kind == "preview":
        return render(
            request,
            "consultations/answer_done.html",
            {"consultation": consultation, "preview": True},
        )
    if flow.kind == "open" and rate_limited(
        request, "consultation-open-send", limit=20, period=300
    ):
        messages.error(
            request, _("Too many answers from this connection. Wait five minutes and try again.")
        )
        return _render_page(request, flow, state, flow.total_pages - 1)
    try:
        created = services.submission_create(
            consultation=consultation,
            answers=state["a"],
            consented=True,
            respondent=request.user if flow.kind == "member" else None,
            profile=state["p"],
            access_code=state.get("code", ""),
            consent_version_id=state["v"],
        )
    except ValidationError as exc:
        names = list(getattr(exc, "error_dict", {}) or {})
        page = 0
        for question in flow.questions:
            if question_field_name(question) in names:
                page = flow.page_of(question.pk)
                break
        form = _bound_from_state(flow, page, state)
        form.is_valid()
        return _render_page(request, flow, state, page, form)
    except services.InvalidAccessCode as exc:
        # The code was spent by someone else meanwhile: ask for another, keeping the answers.
        messages.error(request, str(exc))
        return _render_start(request, flow, None, state)
    except services.ConsentChanged as exc:
        messages.error(request, str(exc))
        return _render_start(request, flow, None, state)
    except services.ConsultationError as exc:
        return render(
            request,
            "consultations/answer_problem.html",
            {"consultation": consultation, "message": str(exc)},
            status=409,
        )
    return render(
        request,
        "consultations/answer_done.html",
        {
            "consultation": consultation,
            "withdrawal_code": created.withdrawal_code,
            "reference": created.submission.reference,
            "signed_in": request.user.is_authenticated and flow.kind == "member",
        },
    )


# --- Members --------------------------------------------------------------------------


@role_required(*RESPONDENTS)
def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "consultations/consultation_list.html",
        {"items": selectors.open_consultations_for_member(request.user)},
    )


@role_required(*RESPONDENTS)
@require_http_methods(["GET", "POST"])
def consultation_start(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_respondent(user=request.user, pk=pk)
    if selectors.has_answered(request.user, consultation):
        return render(request, "consultations/answer_already.html", {"consultation": consultation})
    if consultation.is_anonymous and not selectors.anonymous_place_ready(
        request.user, consultation
    ):
        return render(
            request,
            "consultations/answer_problem.html",
            {"consultation": consultation, "message": str(services.NotReady())},
        )
    return _start(request, _member_flow(consultation))


@role_required(*RESPONDENTS)
@require_http_methods(["GET", "POST"])
def consultation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_respondent(user=request.user, pk=pk)
    return _answer(request, _member_flow(consultation))


# --- Open links (no sign-in) -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def open_start(request: HttpRequest, token: str) -> HttpResponse:
    consultation = permissions.get_consultation_for_open_link(token=token)
    return _start(request, _open_flow(consultation))


@require_http_methods(["GET", "POST"])
def open_answer(request: HttpRequest, token: str) -> HttpResponse:
    consultation = permissions.get_consultation_for_open_link(token=token)
    return _answer(request, _open_flow(consultation))


# --- Staff preview --------------------------------------------------------------------


@role_required(*permissions.MANAGERS)
@require_http_methods(["GET", "POST"])
def preview_start(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    return _start(request, _preview_flow(consultation))


@role_required(*permissions.MANAGERS)
@require_http_methods(["GET", "POST"])
def preview_answer(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    return _answer(request, _preview_flow(consultation))


# --- My answers and withdrawal ----------------------------------------------------------


@role_required(*RESPONDENTS)
def my_answers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "consultations/submission_mine.html",
        {
            "own": selectors.own_answers(request.user),
            "anonymous": selectors.anonymous_answered_open(request.user),
        },
    )


@role_required(*RESPONDENTS)
@require_http_methods(["GET", "POST"])
def my_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_member_history(user=request.user, pk=pk)
    submission = services.own_submission(consultation=consultation, user=request.user)
    if request.method == "POST" and submission is not None:
        services.submission_withdraw_own(consultation=consultation, user=request.user)
        messages.success(
            request,
            _("Your answers to ‘%(title)s’ are deleted.") % {"title": consultation.title},
        )
        return redirect("consultations:my-answers")
    return render(
        request,
        "consultations/submission_withdraw_mine.html",
        {"consultation": consultation, "submission": submission},
    )


@require_http_methods(["GET", "POST"])
def withdraw_by_code(request: HttpRequest) -> HttpResponse:
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, "consultation-withdraw", limit=10, period=300):
            form.is_valid()
            form.add_error(None, _("Too many tries. Wait five minutes and try again."))
        elif form.is_valid():
            actor = request.user if request.user.is_authenticated else None
            consultation = services.submission_withdraw_by_code(
                code=form.cleaned_data["code"], actor=actor
            )
            if consultation is not None:
                return render(
                    request,
                    "consultations/submission_withdrawn.html",
                    {"consultation": consultation},
                )
            form.add_error(
                "code",
                _("We cannot find answers with that code. Check it and try again."),
            )
    return render(request, "consultations/submission_withdraw.html", {"form": form})
