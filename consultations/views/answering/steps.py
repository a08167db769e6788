"""Answering a consultation: members, open links and the staff preview share one flow.

The GOV.UK question-page pattern: one question on each page (staff may put a question on
the same page as the one before when they belong together), the question is the page's
heading, then "Check your answers" with a "Change" link for each, then "Send".

The answers in progress travel in the form as a signed (tamper-proof) blob, so nothing about
an anonymous respondent is kept on the server until they press "Send". Signed-in respondents
to pseudonymous and named consultations also get a server-side draft (keyed by an HMAC, not
their id), written on every page change, so neither leaving nor being signed out for doing
nothing loses their answers. Sending deletes the draft in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations import identifying, selectors, services
from consultations.forms.answering import AnswersForm, ConsentForm, ProfileForm, initial_for
from consultations.models import Answer, Consultation, Draft, Question
from consultations.services import question_field_name
from core import timeout
from core.http import MAX_PAGE, acting_user, int_param
from core.ratelimit import rate_limited

STATE_SALT = "consultations.answering"
# The "About you" answers ride in the draft's answers under a key no question id can have.
_PROFILE_KEY = "about_you"
_SAVED_MESSAGE = gettext_lazy(
    "Your answers are saved. You can sign out and finish them later, until it closes."
)
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
        """One question a page, unless staff put a question with the one before it."""
        pages: list[list[Question]] = []
        for question in self.questions:
            if pages and question.same_page_as_previous:
                pages[-1].append(question)
            else:
                pages.append([question])
        return pages or [[]]

    @property
    def has_profile_page(self) -> bool:
        return self.consultation.ask_profile

    @property
    def total_pages(self) -> int:
        return len(self.question_pages) + (1 if self.has_profile_page else 0)

    @property
    def check_page(self) -> int:
        """The step after the last page: "Check your answers"."""
        return self.total_pages

    def first_number(self, page: int) -> int:
        """The number of the first question on ``page`` (1 for the first question)."""
        return 1 + sum(len(p) for p in self.question_pages[:page])

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


def member_flow(consultation: Consultation) -> Flow:
    return Flow(
        consultation,
        "member",
        reverse("consultations:start", kwargs={"pk": consultation.pk}),
        reverse("consultations:answer", kwargs={"pk": consultation.pk}),
    )


def open_flow(consultation: Consultation) -> Flow:
    token = consultation.open_link_token
    return Flow(
        consultation,
        "open",
        reverse("consultations:open-start", kwargs={"token": token}),
        reverse("consultations:open-answer", kwargs={"token": token}),
    )


def preview_flow(consultation: Consultation) -> Flow:
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
    return max(0, min(page, flow.check_page))


def _form_for_page(flow: Flow, page: int, state: dict[str, Any], data=None):
    if page < len(flow.question_pages):
        questions = flow.question_pages[page]
        return AnswersForm(
            data, initial=initial_for(questions, state["a"]), questions=questions, heading=True
        )
    return ProfileForm(data, initial=state["p"], consultation=flow.consultation)


def _merge(state: dict[str, Any], flow: Flow, page: int, values: dict[str, Any]) -> None:
    if page < len(flow.question_pages):
        for question in flow.question_pages[page]:
            state["a"].pop(str(question.pk), None)
        state["a"].update(values)
    else:
        state["p"] = values


def _render_page(
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
        return _render_check(request, flow, state)
    form = form or _form_for_page(flow, page, state)
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


def _render_check(request: HttpRequest, flow: Flow, state: dict[str, Any]) -> HttpResponse:
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


def _keep_draft(request: HttpRequest, flow: Flow, state: dict[str, Any], page: int) -> None:
    """Save the answers so far (pseudonymous and named consultations only)."""
    if flow.can_keep_draft(request):
        services.draft_save(
            consultation=flow.consultation,
            user=request.user,
            answers={**state["a"], _PROFILE_KEY: state["p"]} if state["p"] else state["a"],
            page=page,
            consent_version_id=state.get("v"),
        )


_FINDINGS = {
    identifying.EMAIL: gettext_lazy("an e-mail address"),
    identifying.PHONE: gettext_lazy("a phone number"),
    identifying.POSTCODE: gettext_lazy("a postcode"),
    identifying.BIRTH_DATE: gettext_lazy("a date of birth"),
    identifying.NAME: gettext_lazy("a name"),
    identifying.ADDRESS: gettext_lazy("an address"),
}


def _and_list(items: list[str]) -> str:
    """ "a, b and c" """
    if len(items) < 2:
        return "".join(items)
    return _("%(most)s and %(last)s") % {"most": ", ".join(items[:-1]), "last": items[-1]}


def _identifying_findings(flow: Flow, page: int, values: dict[str, Any]) -> list[str]:
    if page >= len(flow.question_pages):
        return []
    found: list[str] = []
    for question in flow.question_pages[page]:
        if question.is_text:
            for finding in identifying.findings(str(values.get(str(question.pk)) or "")):
                if finding not in found:
                    found.append(finding)
    return found


def _render_start(
    request: HttpRequest, flow: Flow, form: ConsentForm | None = None, state: dict | None = None
) -> HttpResponse:
    consultation = flow.consultation
    consent = services.current_consent_version(consultation)
    context = {
        "consultation": consultation,
        "flow": flow,
        "consent": consent,
        "form": form
        or ConsentForm(needs_code=_needs_code(flow), statement=consent.consent_statement),
        "state": _state_dump(state) if state else "",
        "question_count": len(flow.questions),
        "preview": flow.kind == "preview",
    }
    return render(request, "consultations/consultation_start.html", context)


def _needs_code(flow: Flow) -> bool:
    return flow.kind == "open" and flow.consultation.require_access_code


def _bound_from_state(flow: Flow, page: int, state: dict[str, Any]) -> AnswersForm:
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


# --- The steps ------------------------------------------------------------------------


def start(request: HttpRequest, flow: Flow) -> HttpResponse:
    if request.method != "POST":
        return _resume(request, flow) or _render_start(request, flow)
    if flow.kind == "open" and rate_limited(request, "consultation-open", limit=30, period=300):
        form = ConsentForm(
            request.POST,
            needs_code=_needs_code(flow),
            statement=services.current_consent_version(flow.consultation).consent_statement,
        )
        form.is_valid()
        form.add_error(
            None, _("Too many tries from this connection. Wait five minutes and try again.")
        )
        return _render_start(request, flow, form)
    previous = _state_load(request.POST.get("state", ""), flow)
    form = ConsentForm(
        request.POST,
        needs_code=_needs_code(flow),
        statement=services.current_consent_version(flow.consultation).consent_statement,
    )
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
    draft = _draft(request, flow) if previous is None else None
    if draft is not None:
        _restore(state, draft)
        page = min(draft.page, flow.check_page)
        messages.info(request, _("We kept the answers you saved before. Check them and carry on."))
        _keep_draft(request, flow, state, page)
    return _render_page(request, flow, state, page)


def _draft(request: HttpRequest, flow: Flow) -> Draft | None:
    if not flow.can_keep_draft(request):
        return None
    return Draft.objects.filter(
        consultation=flow.consultation,
        owner_key=services.draft_owner_key(consultation=flow.consultation, user=request.user),
    ).first()


def _restore(state: dict[str, Any], draft: Draft) -> None:
    answers = dict(draft.answers)
    profile = answers.pop(_PROFILE_KEY, {})
    state["a"] = answers
    state["p"] = profile if isinstance(profile, dict) else {}


def _resume(request: HttpRequest, flow: Flow) -> HttpResponse | None:
    """Carry on where a draft left off, if the person agreed to the consent text now shown.

    This is how someone signed out for doing nothing gets back to the page they were on.
    """
    draft = _draft(request, flow)
    consent = services.current_consent_version(flow.consultation)
    if draft is None or draft.consent_version_id != consent.pk:
        return None
    state = {"c": flow.consultation.pk, "k": flow.kind, "a": {}, "p": {}}
    _restore(state, draft)
    state["v"] = consent.pk
    state["code"] = ""
    messages.info(request, _("We kept your answers. Check them and carry on."))
    return _render_page(request, flow, state, min(draft.page, flow.check_page))


def answer(request: HttpRequest, flow: Flow) -> HttpResponse:
    if request.method != "POST":
        return redirect(flow.start_url)
    state = _state_load(request.POST.get("state", ""), flow)
    if state is None or "v" not in state:
        messages.error(request, _("We could not carry on from that page. Please start again."))
        return redirect(flow.start_url)
    page = _page_number(request, flow)
    action = request.POST.get("action", "next")
    checking = request.POST.get("checking") == "1"

    if page >= flow.check_page:
        if action == "timeout":
            _keep_draft(request, flow, state, page)
            return timeout.sign_out_idle(request, next_url=flow.start_url)
        change = request.POST.get("change")
        if change is not None:
            try:
                target = int_param(change, min_value=0, max_value=flow.check_page - 1)
            except ValueError:
                target = None
            if target is not None:
                return _render_page(request, flow, state, target, checking=True)
        if action == "back":
            return _render_page(request, flow, state, flow.check_page - 1)
        if action == "save" and flow.can_keep_draft(request):
            _keep_draft(request, flow, state, page)
            messages.success(request, _SAVED_MESSAGE)
        if action == "send":
            return _finish(request, flow, state)
        return _render_check(request, flow, state)

    form = _form_for_page(flow, page, state, data=request.POST)
    on_profile = page >= len(flow.question_pages)

    if action == "timeout":
        # The timeout warning went unanswered: keep what was typed, then sign out.
        kept = form.partial_profile() if on_profile else form.partial_answers()
        _merge(state, flow, page, kept)
        _keep_draft(request, flow, state, page)
        if flow.kind == "open":
            return redirect(flow.start_url)
        return timeout.sign_out_idle(request, next_url=flow.start_url)

    if action in ("back", "save"):
        kept = form.partial_profile() if on_profile else form.partial_answers()
        _merge(state, flow, page, kept)
        if action == "back":
            target = flow.check_page if checking else max(0, page - 1)
            _keep_draft(request, flow, state, target)
            return _render_page(request, flow, state, target)
        _keep_draft(request, flow, state, page)
        if flow.can_keep_draft(request):
            messages.success(request, _SAVED_MESSAGE)
        return _render_page(
            request,
            flow,
            state,
            page,
            form if form.is_bound and not form.is_valid() else None,
            checking=checking,
        )

    if not form.is_valid():
        return _render_page(request, flow, state, page, form, checking=checking)
    values = form.profile() if on_profile else form.answers()
    _merge(state, flow, page, values)
    found = _identifying_findings(flow, page, values)
    if found and request.POST.get("warned") != "1":
        # Warn once; a second "Continue" keeps the answer as it is.
        _keep_draft(request, flow, state, page)
        what = _and_list([str(_FINDINGS[f]) for f in found])
        return _render_page(request, flow, state, page, form, checking=checking, identifying=what)
    target = flow.check_page if checking else page + 1
    _keep_draft(request, flow, state, target)
    return _render_page(request, flow, state, target)


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
        return _render_check(request, flow, state)
    try:
        created = services.submission_create(
            consultation=consultation,
            answers=state["a"],
            consented=True,
            # The member pages are behind role_required: a signed-in person.
            respondent=acting_user(request) if flow.kind == "member" else None,
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
        return _render_page(request, flow, state, page, form, checking=True)
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
