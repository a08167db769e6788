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

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consultations import selectors, services
from consultations.forms.answering import ConsentForm
from consultations.models import Draft
from consultations.services import question_field_name
from consultations.views.answering.flow import (
    PROFILE_KEY,
    SAVED_MESSAGE,
    Flow,
)
from consultations.views.answering.pages import (
    FINDINGS,
    and_list,
    bound_from_state,
    form_for_page,
    identifying_findings,
    keep_draft,
    merge,
    needs_code,
    page_number,
    render_check,
    render_page,
    render_start,
    state_load,
)
from core import timeout
from core.http import acting_user, int_param
from core.ratelimit import rate_limited


def start(request: HttpRequest, flow: Flow) -> HttpResponse:
    if request.method != "POST":
        return _resume(request, flow) or render_start(request, flow)
    if flow.kind == "open" and rate_limited(request, "consultation-open", limit=30, period=300):
        form = ConsentForm(
            request.POST,
            needs_code=needs_code(flow),
            statement=services.current_consent_version(flow.consultation).consent_statement,
        )
        form.is_valid()
        form.add_error(
            None, _("Too many tries from this connection. Wait five minutes and try again.")
        )
        return render_start(request, flow, form)
    previous = state_load(request.POST.get("state", ""), flow)
    form = ConsentForm(
        request.POST,
        needs_code=needs_code(flow),
        statement=services.current_consent_version(flow.consultation).consent_statement,
    )
    if not form.is_valid():
        return render_start(request, flow, form, previous)
    code = form.cleaned_data.get("access_code", "")
    if code and not selectors.access_code_is_unused(flow.consultation, code):
        form.add_error("access_code", str(services.InvalidAccessCode()))
        return render_start(request, flow, form, previous)
    state = previous or {"c": flow.consultation.pk, "k": flow.kind, "a": {}, "p": {}}
    state["v"] = services.current_consent_version(flow.consultation).pk
    state["code"] = code
    page = 0
    draft = _draft(request, flow) if previous is None else None
    if draft is not None:
        _restore(state, draft)
        page = min(draft.page, flow.check_page)
        messages.info(request, _("We kept the answers you saved before. Check them and carry on."))
        keep_draft(request, flow, state, page)
    return render_page(request, flow, state, page)


def _draft(request: HttpRequest, flow: Flow) -> Draft | None:
    if not flow.can_keep_draft(request):
        return None
    return Draft.objects.filter(
        consultation=flow.consultation,
        owner_key=services.draft_owner_key(consultation=flow.consultation, user=request.user),
    ).first()


def _restore(state: dict[str, Any], draft: Draft) -> None:
    answers = dict(draft.answers)
    profile = answers.pop(PROFILE_KEY, {})
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
    return render_page(request, flow, state, min(draft.page, flow.check_page))


def answer(request: HttpRequest, flow: Flow) -> HttpResponse:
    if request.method != "POST":
        return redirect(flow.start_url)
    state = state_load(request.POST.get("state", ""), flow)
    if state is None or "v" not in state:
        messages.error(request, _("We could not carry on from that page. Please start again."))
        return redirect(flow.start_url)
    page = page_number(request, flow)
    action = request.POST.get("action", "next")
    checking = request.POST.get("checking") == "1"

    if page >= flow.check_page:
        if action == "timeout":
            keep_draft(request, flow, state, page)
            return timeout.sign_out_idle(request, next_url=flow.start_url)
        change = request.POST.get("change")
        if change is not None:
            try:
                target = int_param(change, min_value=0, max_value=flow.check_page - 1)
            except ValueError:
                target = None
            if target is not None:
                return render_page(request, flow, state, target, checking=True)
        if action == "back":
            return render_page(request, flow, state, flow.check_page - 1)
        if action == "save" and flow.can_keep_draft(request):
            keep_draft(request, flow, state, page)
            messages.success(request, SAVED_MESSAGE)
        if action == "send":
            return _finish(request, flow, state)
        return render_check(request, flow, state)

    form = form_for_page(flow, page, state, data=request.POST)
    on_profile = page >= len(flow.question_pages)

    if action == "timeout":
        # The timeout warning went unanswered: keep what was typed, then sign out.
        kept = form.partial_profile() if on_profile else form.partial_answers()
        merge(state, flow, page, kept)
        keep_draft(request, flow, state, page)
        if flow.kind == "open":
            return redirect(flow.start_url)
        return timeout.sign_out_idle(request, next_url=flow.start_url)

    if action in ("back", "save"):
        kept = form.partial_profile() if on_profile else form.partial_answers()
        merge(state, flow, page, kept)
        if action == "back":
            target = flow.check_page if checking else max(0, page - 1)
            keep_draft(request, flow, state, target)
            return render_page(request, flow, state, target)
        keep_draft(request, flow, state, page)
        if flow.can_keep_draft(request):
            messages.success(request, SAVED_MESSAGE)
        return render_page(
            request,
            flow,
            state,
            page,
            form if form.is_bound and not form.is_valid() else None,
            checking=checking,
        )

    if not form.is_valid():
        return render_page(request, flow, state, page, form, checking=checking)
    values = form.profile() if on_profile else form.answers()
    merge(state, flow, page, values)
    found = identifying_findings(flow, page, values)
    if found and request.POST.get("warned") != "1":
        # Warn once; a second "Continue" keeps the answer as it is.
        keep_draft(request, flow, state, page)
        what = and_list([str(FINDINGS[f]) for f in found])
        return render_page(request, flow, state, page, form, checking=checking, identifying=what)
    target = flow.check_page if checking else page + 1
    keep_draft(request, flow, state, target)
    return render_page(request, flow, state, target)


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
        return render_check(request, flow, state)
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
        form = bound_from_state(flow, page, state)
        form.is_valid()
        return render_page(request, flow, state, page, form, checking=True)
    except services.InvalidAccessCode as exc:
        # The code was spent by someone else meanwhile: ask for another, keeping the answers.
        messages.error(request, str(exc))
        return render_start(request, flow, None, state)
    except services.ConsentChanged as exc:
        messages.error(request, str(exc))
        return render_start(request, flow, None, state)
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
