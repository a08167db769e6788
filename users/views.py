from __future__ import annotations

import json
from typing import TYPE_CHECKING

from allauth.account.utils import perform_login
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import selectors as core_selectors
from core.audit_actions import AuditAction
from core.confirm import confirm_page, is_confirmed
from core.forms import add_service_errors
from core.http import acting_user, paginate
from core.personal_data import registry
from core.phone import can_take_texts
from core.ratelimit import rate_limited
from core.services import audit_record
from users import selectors, services
from users.forms import AccountDetailsForm, ClaimForm, DeletionRequestForm, MemberCreateForm
from users.models import DeletionRequest, User
from users.permissions import get_person_for_invite, role_required
from users.roles import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- Staff: accounts and invite slips -------------------------------------------------


@role_required(Role.STAFF)
def member_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.users_for_staff_list(search=search), 50)
    return render(request, "users/user_list.html", {"page": page, "search": search})


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    staff = acting_user(request)
    allowed: list[tuple[str, StrOrPromise]] = [(Role.MEMBER.value, Role.MEMBER.label)]
    if staff.has_role(Role.ADMINISTRATOR):
        allowed = list(Role.choices)
    form = MemberCreateForm(request.POST or None, allowed_roles=allowed)
    if request.method == "POST" and form.is_valid():
        user = services.member_create(
            created_by=staff,
            display_name=form.cleaned_data["display_name"],
            roles=tuple(form.cleaned_data["roles"]),
        )
        issued = services.invite_slip_issue(user=user, issued_by=staff)
        # Rendered, not redirected: the code exists only in this response.
        return render(request, "users/inviteslip_detail.html", {"issued": issued})
    return render(request, "users/user_create.html", {"form": form})


@role_required(Role.STAFF)
@require_POST
def invite_slip_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    staff = acting_user(request)
    user = get_person_for_invite(user=staff, pk=pk)
    issued = services.invite_slip_issue(user=user, issued_by=staff)
    return render(request, "users/inviteslip_detail.html", {"issued": issued})


# --- Members: claiming an account -----------------------------------------------------


@require_http_methods(["GET", "POST"])
def invite_claim(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    form = ClaimForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST":
        if rate_limited(request, "invite-claim", limit=10, period=300):
            form.add_error(None, _("Too many tries. Wait five minutes and try again."))
        elif form.is_valid():
            try:
                user = services.invite_slip_claim(
                    code=form.cleaned_data["code"],
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                )
            except services.ClaimError as exc:
                form.add_error("code", str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your account is ready. You are signed in."))
                return perform_login(request, user, redirect_url="/")
    return render(request, "users/inviteslip_claim.html", {"form": form})


# --- My account -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_account(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = AccountDetailsForm(
        request.POST or None,
        initial={
            "display_name": user.display_name,
            "phone": user.phone,
            "messages_by": user.messages_by,
            "gender": user.gender,
            "ethnic_group": user.ethnic_group,
        },
    )
    if request.method == "POST" and form.is_valid():
        User.objects.filter(pk=user.pk).update(**form.cleaned_data)
        audit_record(actor=user, action=AuditAction.USERS_DETAILS_UPDATE, obj=user)
        messages.success(request, _("Your details are saved."))
        return redirect("users:my-account")
    context = {
        "form": form,
        # A number stored before numbers were checked, that we cannot text (see migration 0006).
        "phone_unusable": not form.is_bound
        and bool(user.phone)
        and user.messages_by in (User.MessagesBy.SMS, User.MessagesBy.BOTH)
        and not can_take_texts(user.phone),
        "mfa_enabled": is_mfa_enabled(user),
        "delivery_problems": core_selectors.delivery_problems(user=user),
        "open_deletion": DeletionRequest.objects.filter(
            user=user, status=DeletionRequest.Status.OPEN
        ).first(),
    }
    return render(request, "users/user_account.html", context)


@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    data = {
        "service": "Probation Council Portal",
        "exported_at": timezone.now().isoformat(),
        "username": user.username,
        "data": registry.export_for(user),
    }
    audit_record(actor=user, action=AuditAction.USERS_PERSONAL_DATA_EXPORT, obj=user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_account_delete(request: HttpRequest) -> HttpResponse:
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.deletion_request_create(
            user=acting_user(request), reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("We have your request. An administrator will delete your account within 30 days."),
        )
        return redirect("users:my-account")
    return render(request, "users/user_delete.html", {"form": form})


@login_required
@require_POST
def my_account_delete_cancel(request: HttpRequest) -> HttpResponse:
    services.deletion_request_cancel(user=acting_user(request))
    messages.success(request, _("Your request to delete your account is cancelled."))
    return redirect("users:my-account")


@role_required(Role.ADMINISTRATOR)
def deletion_request_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "users/deletionrequest_list.html",
        {"requests": selectors.deletion_requests_open()},
    )


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def deletion_request_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET (or a POST without ``confirm``) asks first: a deleted account cannot come back."""
    deletion = get_object_or_404(DeletionRequest, pk=pk, status=DeletionRequest.Status.OPEN)
    person = deletion.user
    if person is None:  # the column is SET_NULL; an open request whose account is gone
        raise Http404
    if not is_confirmed(request):
        name = person.display_name or person.username
        return confirm_page(
            request,
            title=_("Delete this account?"),
            consequence=_(
                "%(name)s will no longer be able to sign in, and their personal details will be "
                "removed for good."
            )
            % {"name": name},
            details=[(_("Account"), f"{name} ({person.username})")],
            yes_label=_("Yes, delete the account"),
            back_url=reverse("users:deletion-requests"),
            destructive=True,
        )
    services.account_delete(request=deletion, handled_by=acting_user(request))
    messages.success(request, _("The account is deleted."))
    return redirect("users:deletion-requests")
