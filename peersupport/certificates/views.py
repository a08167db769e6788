"""Certificate pages: a person's certificates, one certificate, the public check, and the
rules staff edit. Thin: check the form, get the object, call the service."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.http import AuthedRequest, form_page
from core.ratelimit import rate_limited
from peersupport import permissions, selectors, services
from peersupport.certificates import forms
from peersupport.models import CertificateRule, CertificateRuleKind, MentorProfile
from users.permissions import role_required
from users.roles import MEMBER_ROLES, Role

PEER_STAFF = Role.STAFF


# --- Certificates ------------------------------------------------------------------------


@role_required(*MEMBER_ROLES)
@require_http_methods(["GET", "POST"])
def certificate_list(request: AuthedRequest) -> HttpResponse:
    profile = MentorProfile.objects.filter(user=request.user).first()
    form = forms.CertificateNameForm(
        request.POST or None, initial={"name": profile.certificate_name if profile else ""}
    )
    return form_page(
        request,
        form,
        lambda: services.certificate_name_set(user=request.user, name=form.cleaned_data["name"]),
        template="peersupport/certificates/certificate_list.html",
        # A queryset: read only when the page is drawn.
        context={"certificates": selectors.certificates_for(user=request.user), "profile": profile},
        success=_("Your name for new certificates is saved."),
        redirect_to="peersupport:certificate-list",
    )


@role_required(*MEMBER_ROLES, PEER_STAFF)
@require_GET
def certificate_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    certificate = permissions.get_certificate_for_user(user=request.user, pk=pk)
    verify_url = request.build_absolute_uri(reverse("peersupport:certificate-verify"))
    return render(
        request,
        "peersupport/certificates/certificate_detail.html",
        {"certificate": certificate, "verify_url": verify_url},
    )


@require_GET
@never_cache
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Public: an employer types a code and learns whether it is genuine, and nothing more."""
    form = forms.VerifyForm(request.GET or None)
    result = None
    status = 200
    if request.GET:
        if rate_limited(request, "certificate-verify", limit=20, period=600):
            form.is_valid()  # bound and checked, so the message can be added and input kept
            form.add_error(None, _("Too many checks. Wait ten minutes and try again."))
            status = 429
        elif form.is_valid():
            certificate = services.certificate_find(code=form.cleaned_data["code"])
            result = {"found": certificate is not None, "certificate": certificate}
    response = render(
        request,
        "peersupport/certificates/certificate_verify.html",
        {"form": form, "result": result},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@role_required(PEER_STAFF)
@require_GET
def rule_list(request: AuthedRequest) -> HttpResponse:
    rules = CertificateRule.objects.order_by("name")
    return render(
        request,
        "peersupport/certificates/certificaterule_list.html",
        {"rules": rules, "SESSIONS": CertificateRuleKind.SESSIONS},
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(CertificateRule, pk=pk)
    form = forms.CertificateRuleForm(
        request.POST or None,
        initial={"every": rule.every, "wording": rule.wording, "is_active": rule.is_active},
    )
    return form_page(
        request,
        form,
        lambda: services.certificate_rule_update(
            rule=rule, actor=request.user, **form.cleaned_data
        ),
        template="peersupport/certificates/certificaterule_edit.html",
        context={"rule": rule},
        success=_("Rule saved. Certificates already given do not change."),
        redirect_to="peersupport:rule-list",
    )
