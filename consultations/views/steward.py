"""The data steward's pages: find a pseudonymous answer by reference and, with a written
reason and a fresh sign-in, learn who wrote it.

Re-authentication is checked here directly (not only through allauth's
``ACCOUNT_REAUTHENTICATION_REQUIRED`` setting), so it cannot be switched off by a setting. When
it is missing, allauth's middleware keeps the submitted form, asks for the password again and
then replays the request, so the reason the steward typed is not lost.
"""

from __future__ import annotations

from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from allauth.core.exceptions import ReauthenticationRequired
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from consultations import permissions, services
from consultations.forms.steward import ReferenceLookupForm, ReidentifyForm
from consultations.permissions import data_steward_required
from core.http import acting_user


@data_steward_required
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    form = ReferenceLookupForm(request.GET or None)
    form.helper.form_method = "get"
    if request.GET and form.is_valid():
        return redirect(
            "consultations:steward-reidentify", reference=form.cleaned_data["reference"]
        )
    return render(request, "consultations/steward_lookup.html", {"form": form})


@data_steward_required
@require_http_methods(["GET", "POST"])
def reidentify(request: HttpRequest, reference: str) -> HttpResponse:
    submission = permissions.get_submission_for_steward(user=request.user, reference=reference)
    form = ReidentifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not did_recently_reauthenticate(request):
            raise ReauthenticationRequired()
        try:
            result = services.submission_reidentify(
                actor=acting_user(request),
                submission=submission,
                reason=form.cleaned_data["reason"],
                tell_person=not form.cleaned_data["dont_tell"],
                not_told_reason=form.cleaned_data["not_told_reason"],
                request=request,
            )
        except services.ConsultationError as exc:
            field = "not_told_reason" if form.cleaned_data["dont_tell"] else "reason"
            form.add_error(field, str(exc))
        else:
            # Rendered, never redirected or stored: the answer exists only in this response.
            return render(request, "consultations/steward_result.html", {"result": result})
    return render(
        request,
        "consultations/steward_reidentify.html",
        {"submission": submission, "form": form},
    )
