from __future__ import annotations

import sys
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core import glossary, health, selectors, services, timeout
from core.audit_actions import AuditAction
from core.audit_words import audit_sentence
from core.form_fields import date_field
from core.home import public_sections, sections_for, todos_for
from core.http import acting_user, get_int_or_400, paginate
from core.middleware import DatabaseUnavailableMiddleware
from core.templatetags.portal_dates import clock


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/home_public.html", {"public_sections": public_sections()})
    return render(
        request,
        "core/home.html",
        {"todos": todos_for(request.user), "sections": sections_for(request.user)},
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
def glossary_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/glossary.html", {"terms": glossary.all_terms()})


@login_required
@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" on the timeout warning: any request restarts the 30 minutes.

    The dialog calls it with ``fetch`` and gets JSON; the same button in a plain form (no
    JavaScript) goes back to the page it was on.
    """
    request.session.modified = True
    if "next" in request.POST:
        return HttpResponseRedirect(timeout.safe_next(request, request.POST.get("next")))
    return JsonResponse({"signed_in": True, "signs_out_at": clock(timeout.signs_out_at())})


@require_POST
def session_timeout(request: HttpRequest) -> HttpResponse:
    """The warning went unanswered: sign out, and come back here after signing in."""
    return timeout.sign_out_idle(request, next_url=request.POST.get("next", ""))


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose health checks: 200 when every part works, else 503,
    naming the part that is down. No sign-in and no personal data."""
    checks = health.run_checks()
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": checks}, status=200 if healthy else 503
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.inbox_for(user=acting_user(request)), 25)
    context = {
        "page": page,
        "delivery_problems": selectors.delivery_problems(user=acting_user(request)),
    }
    return render(request, "core/notification_list.html", context)


@login_required
@require_POST
def inbox_mark_read(request: HttpRequest) -> HttpResponse:
    notification_id = get_int_or_400(request.POST, "notification")
    services.notification_mark_read(user=acting_user(request), notification_id=notification_id)
    messages.success(request, _("Marked as read."))
    return redirect("core:inbox")


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=gettext_lazy("Action code starts with"),
        required=False,
        max_length=80,
        help_text=gettext_lazy(
            "For example council.election for everything about elections. "
            "Select a code in the list to see only that action."
        ),
    )
    actor = forms.CharField(label=gettext_lazy("Username"), required=False, max_length=150)
    object_type = forms.CharField(label=gettext_lazy("Record type"), required=False, max_length=80)
    object_id = forms.CharField(label=gettext_lazy("Record id"), required=False, max_length=64)
    date_from = date_field(
        gettext_lazy("From"), required=False, what=gettext_lazy("the first date")
    )
    date_to = date_field(gettext_lazy("To"), required=False, what=gettext_lazy("the last date"))


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    from users.roles import Role  # here, not at the top: core imports no app at load time

    if not acting_user(request).has_role(Role.ADMINISTRATOR):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events_filtered(**filters)
    page = paginate(request, events, 50)
    for event in page.object_list:
        # A periodic job records no person: "The portal awarded a certificate".
        event.sentence = audit_sentence(event.action, by_someone=event.actor_id is not None)
    return render(request, "core/auditevent_list.html", {"form": form, "page": page})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        # The database dropped out somewhere the middleware does not see (another
        # middleware, a template): the same "try again" page.
        response = DatabaseUnavailableMiddleware(lambda r: HttpResponse()).process_exception(
            request, exception
        )
        if response is not None:  # always, for these two exceptions
            return response
    return render(request, "500.html", status=500)


# --- background jobs (core/jobs.py) ------------------------------------------------------------


def _job_for(request: HttpRequest, public_id: Any) -> Any:
    from django.http import Http404

    from core import jobs
    from core.models import Job

    job = Job.objects.filter(public_id=public_id).first()
    # Someone who may not see the job is told it does not exist (its id says nothing).
    if job is None or not jobs.can_see(request.user, job):
        raise Http404
    return job


@login_required
@require_GET
@never_cache
def job_status(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The progress page: updates itself until the job is done, then links to the result."""
    from core import jobs

    job = _job_for(request, public_id)
    spec = jobs.kind(job.kind) if job.kind in jobs._KINDS else None
    context = {
        "job": job,
        "title": spec.title if spec else job.kind,
        "percent": jobs.progress_of(job),
        "refresh_seconds": 2,
        "downloadable": spec.downloadable if spec else True,
    }
    if request.headers.get("HX-Request"):
        return render(request, "core/_job_panel.html", context)
    return render(request, "core/job.html", context)


@login_required
@require_GET
def job_download(request: HttpRequest, public_id: Any) -> HttpResponseBase:
    """The result file, for the person who started the job and those its kind allows.

    Each download is audited (the job that made the file recorded its own export event,
    for the person who started it; this records whoever takes the file afterwards)."""
    from django.http import FileResponse, Http404

    from core import jobs

    job = _job_for(request, public_id)
    spec = jobs.kind(job.kind) if job.kind in jobs._KINDS else None
    if job.status != job.Status.DONE or not job.result_file or (spec and not spec.downloadable):
        raise Http404
    services.audit_record(
        actor=acting_user(request),
        action=AuditAction.CORE_JOB_DOWNLOAD,
        obj=job,
        detail={"kind": job.kind},
        request=request,
    )
    name = job.result_file.name.rsplit("/", 1)[-1]
    response = FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
