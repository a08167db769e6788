"""Mentoring matches and safeguarding concerns: asking, suggesting, matching, logging, alerting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import drafts
from core.confirm import confirm_page, is_confirmed
from core.http import (
    AuthedRequest,
    flash_error,
    flash_form_errors,
    form_page,
    get_int_or_400,
    paginate,
    run_service,
)
from peersupport import permissions, services
from peersupport.matching import selectors
from peersupport.matching.forms import (
    ConcernForm,
    ConcernUpdateForm,
    ContactForm,
    DoNotMatchForm,
    MatchCreateForm,
    MatchMoveForm,
    MatchProfileForm,
    MatchRequestForm,
    MentorResponseForm,
    StaffReferralForm,
)
from peersupport.matching.selectors import concern_detail, concern_summary, concerns
from peersupport.models import (
    MATCH_MOVES,
    DoNotMatch,
    Match,
    MatchStatus,
    MentorMatchProfile,
    MentorProfile,
    MentorStatus,
    SafeguardingConcern,
)
from users.models import User
from users.permissions import role_required
from users.roles import MEMBER_ROLES, Role

PEER_STAFF = Role.STAFF
# The mentor request's answers between the questions and "Check your answers".
REQUEST_DRAFT = "peersupport.match_request"


def _match_url(pk: int) -> str:
    return reverse("peersupport:match-detail", kwargs={"pk": pk})


def _concern_url(pk: int) -> str:
    return reverse("peersupport:concern-detail", kwargs={"pk": pk})


# --- Members ---------------------------------------------------------------------------


@role_required(*MEMBER_ROLES)
@require_http_methods(["GET", "POST"])
def request_create(request: AuthedRequest) -> HttpResponse:
    """The questions; then "Check your answers" (``request_check``) before it is sent."""
    if request.method == "POST" and request.POST.get("action") == "timeout":
        return drafts.save_and_sign_out(request, key=REQUEST_DRAFT)
    if request.method == "POST":
        form = MatchRequestForm(request.POST)
        if form.is_valid():
            drafts.draft_save(user=request.user, key=REQUEST_DRAFT, data=request.POST)
            return redirect("peersupport:request-check")
    else:
        initial = drafts.draft_initial(
            user=request.user, key=REQUEST_DRAFT, many=("needs", "experience")
        )
        form = MatchRequestForm(initial=initial) if initial else MatchRequestForm()
    form.helper.attrs = {"data-timeout-save": ""}
    return render(request, "peersupport/matching/matchrequest_create.html", {"form": form})


@role_required(*MEMBER_ROLES)
@require_http_methods(["GET", "POST"])
def request_check(request: AuthedRequest) -> HttpResponse:
    """Check your answers, with a "Change" link for each; then send the request."""
    draft = drafts.draft_load(user=request.user, key=REQUEST_DRAFT)
    if not draft:
        return redirect("peersupport:request-create")
    data = MultiValueDict(draft)
    form = MatchRequestForm(data)
    if not form.is_valid():
        return redirect("peersupport:request-create")
    if request.method == "POST":
        try:
            services.match_request_create(
                member=request.user, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            flash_error(request, exc)
            return redirect("peersupport:request-create")
        drafts.draft_delete(user=request.user, key=REQUEST_DRAFT)
        messages.success(
            request,
            _("Thank you. Peer-support staff will look for someone who fits and will be in touch."),
        )
        return redirect("peersupport:my-requests")
    return render(
        request,
        "peersupport/matching/matchrequest_check.html",
        {
            "rows": form.summary(),
            "form_url": reverse("peersupport:request-create"),
            "send_url": reverse("peersupport:request-check"),
        },
    )


@role_required(*MEMBER_ROLES)
@require_GET
def my_requests(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "peersupport/matching/matchrequest_mine.html",
        {"requests": selectors.my_requests(user=request.user)},
    )


@role_required(*MEMBER_ROLES)
@require_POST
def request_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    match_request = permissions.get_own_request(user=request.user, pk=pk)
    return run_service(
        request,
        lambda: services.match_request_withdraw(request=match_request, actor=request.user),
        success=_("You have withdrawn your request."),
        redirect_to="peersupport:my-requests",
    )


# --- Mentors ---------------------------------------------------------------------------


@role_required(Role.MENTOR)
@require_GET
def mentoring_home(request: AuthedRequest) -> HttpResponse:
    profile = MentorMatchProfile.objects.filter(profile__user=request.user).first()
    return render(
        request,
        "peersupport/matching/match_mine.html",
        {"matches": selectors.mentor_matches(user=request.user), "match_profile": profile},
    )


def _match_profile_form(request: AuthedRequest, profile: MentorProfile, *, by_staff: bool):
    existing = MentorMatchProfile.objects.filter(profile=profile).first()
    form = MatchProfileForm(request.POST or None, initial=MatchProfileForm.initial_from(existing))
    return form_page(
        request,
        form,
        lambda: services.match_profile_save(
            profile=profile, actor=request.user, **form.service_kwargs()
        ),
        template="peersupport/matching/mentormatchprofile_edit.html",
        context={"profile": profile, "by_staff": by_staff},
        success=_("Saved."),
        redirect_to=reverse("peersupport:mentor-detail", kwargs={"pk": profile.pk})
        if by_staff
        else "peersupport:mentoring",
        rename={"offers_mentoring": "offers", "emotional": "needs"},
    )


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def match_profile_edit(request: AuthedRequest) -> HttpResponse:
    profile = MentorProfile.objects.filter(user=request.user).select_related("user").first()
    if profile is None or profile.status not in (MentorStatus.ACTIVE, MentorStatus.PAUSED):
        messages.error(request, _("You can say what you offer once you are an active mentor."))
        return redirect("peersupport:mentoring")
    return _match_profile_form(request, profile, by_staff=False)


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def staff_match_profile_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = permissions.get_profile_for_staff(user=request.user, pk=pk)
    return _match_profile_form(request, profile, by_staff=True)


@role_required(Role.MENTOR, PEER_STAFF)
@require_GET
def match_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    match = permissions.get_match_for_user(user=request.user, pk=pk)
    is_staff = permissions.is_peer_staff(request.user)
    is_mentor = match.mentor_id == request.user.pk
    respond_form = (
        MentorResponseForm() if is_mentor and match.status == MatchStatus.PROPOSED else None
    )
    context: dict[str, object] = {
        "match": match,
        "contacts": list(match.contacts.all()[:200]),
        "is_staff": is_staff,
        "is_mentor": is_mentor,
        "respond_form": respond_form,
    }
    if is_staff:
        allowed = MATCH_MOVES.get(match.status, frozenset())
        move_form = MatchMoveForm(allowed=allowed) if allowed else None
        if move_form is not None:
            move_form.helper.form_action = reverse(
                "peersupport:match-move", kwargs={"pk": match.pk}
            )
        context.update({"history": list(match.history.all()), "move_form": move_form})
    if respond_form is not None:
        respond_form.helper.form_action = reverse(
            "peersupport:match-respond", kwargs={"pk": match.pk}
        )
    return render(request, "peersupport/matching/match_detail.html", context)


@role_required(Role.MENTOR)
@require_POST
def match_respond(request: AuthedRequest, pk: int) -> HttpResponse:
    match = permissions.get_match_for_mentor(user=request.user, pk=pk)
    form = MentorResponseForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("peersupport:match-detail", pk=match.pk)
    accept = form.cleaned_data["decision"] == "yes"
    try:
        services.match_move(
            match=match,
            actor=request.user,
            to=MatchStatus.ACTIVE if accept else MatchStatus.ENDED,
            reason=form.cleaned_data.get("reason") or "",
        )
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        if accept:
            messages.success(
                request, _("Thank you. The match has started and they have been told.")
            )
        else:
            messages.success(request, _("Thank you for saying. Staff will find someone else."))
            return redirect("peersupport:mentoring")
    return redirect("peersupport:match-detail", pk=match.pk)


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def contact_create(request: AuthedRequest, pk: int) -> HttpResponse:
    match = permissions.get_match_for_mentor(user=request.user, pk=pk)
    form = ContactForm(
        request.POST or None, initial={"contact_on": timezone.localdate(), "method": "phone"}
    )
    return form_page(
        request,
        form,
        lambda: services.contact_log(match=match, actor=request.user, **form.service_kwargs()),
        template="peersupport/matching/contactlog_create.html",
        context={"match": match},
        success=_("Contact saved."),
        redirect_to=lambda contact: (
            reverse("peersupport:concern-create") + f"?contact={contact.pk}"
            if request.POST.get("then") == "concern"
            else _match_url(match.pk)
        ),
        rename={"emotional": "needs"},
    )


# --- Staff: matching -------------------------------------------------------------------


@role_required(PEER_STAFF)
@require_GET
def matching_home(request: AuthedRequest) -> HttpResponse:
    waiting = paginate(request, selectors.requests_waiting(), 50)
    today = timezone.localdate()
    live = list(selectors.live_matches()[:200])
    return render(
        request,
        "peersupport/matching/matching_home.html",
        {
            "waiting": waiting,
            "live": live,
            "reviews_due": [m for m in live if m.review_date and m.review_date <= today],
            "concerns": concern_summary(),
        },
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def staff_referral(request: AuthedRequest) -> HttpResponse:
    form = StaffReferralForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.match_request_create(actor=request.user, **form.service_kwargs()),
        template="peersupport/matching/matchrequest_refer.html",
        success=_("Referral saved. Now choose a mentor."),
        redirect_to=lambda match_request: reverse(
            "peersupport:request-detail", kwargs={"pk": match_request.pk}
        ),
        rename={"member": "username"},
    )


def _match_form(match_request, suggestions, data=None) -> MatchCreateForm:
    choices = [
        (row.profile.user_id, row.profile.user.display_name or row.profile.user.username)
        for row in suggestions
    ]
    form = MatchCreateForm(data, choices=choices)
    form.helper.form_action = reverse("peersupport:match-create", kwargs={"pk": match_request.pk})
    return form


@role_required(PEER_STAFF)
@require_GET
def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A request with its suggested mentors, ranked, each with the parts of its score."""
    match_request = permissions.get_request_for_staff(user=request.user, pk=pk)
    suggestions = selectors.suggestions(match_request) if match_request.status == "open" else []
    return render(
        request,
        "peersupport/matching/matchrequest_detail.html",
        {
            "req": match_request,
            "suggestions": suggestions,
            "form": _match_form(match_request, suggestions),
        },
    )


@role_required(PEER_STAFF)
@require_POST
def match_create(request: AuthedRequest, pk: int) -> HttpResponse:
    match_request = permissions.get_request_for_staff(user=request.user, pk=pk)
    suggestions = selectors.suggestions(match_request) if match_request.status == "open" else []
    form = _match_form(match_request, suggestions, request.POST)
    if form.is_valid():
        mentor = next(
            row.profile.user
            for row in suggestions
            if row.profile.user_id == form.cleaned_data["mentor"]
        )
        done = run_service(
            request,
            lambda: services.match_create(
                request=match_request,
                mentor=mentor,
                actor=request.user,
                review_date=form.cleaned_data.get("review_date"),
            ),
            success=_("Match proposed. The mentor has been asked if they can take it on."),
            redirect_to=lambda match: _match_url(match.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "peersupport/matching/matchrequest_detail.html",
        {"req": match_request, "suggestions": suggestions, "form": form},
        status=200,
    )


@role_required(PEER_STAFF)
@require_POST
def match_move(request: AuthedRequest, pk: int) -> HttpResponse:
    match = permissions.get_match_for_user(user=request.user, pk=pk)
    form = MatchMoveForm(request.POST, allowed=MATCH_MOVES.get(match.status, frozenset()))
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_match_url(match.pk))
    return run_service(
        request,
        lambda: services.match_move(match=match, actor=request.user, **form.cleaned_data),
        success=_("Match updated. The people in it have been told."),
        redirect_to=_match_url(match.pk),
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def do_not_match_list(request: AuthedRequest) -> HttpResponse:
    form = DoNotMatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.do_not_match_add(actor=request.user, **form.cleaned_data),
            success=_("Recorded. They will not be suggested for each other."),
            redirect_to="peersupport:do-not-match-list",
            form=form,
        )
        if done is not None:
            return done
    page = paginate(request, selectors.do_not_match_entries(), 50)
    return render(
        request, "peersupport/matching/donotmatch_list.html", {"form": form, "page": page}
    )


@role_required(PEER_STAFF)
@require_http_methods(["GET", "POST"])
def do_not_match_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET (or a POST without ``confirm``) asks first."""
    entry = DoNotMatch.objects.select_related("mentor", "member").filter(pk=pk).first()
    if entry is None:
        messages.info(request, _("That entry has already been removed."))
    elif not is_confirmed(request):
        return confirm_page(
            request,
            title=_("Remove this entry?"),
            consequence=_(
                "%(mentor)s and %(member)s may be suggested as a match for each other again."
            )
            % {"mentor": entry.mentor, "member": entry.member},
            details=[(_("Reason recorded"), entry.reason)],
            yes_label=_("Yes, remove the entry"),
            back_url=reverse("peersupport:do-not-match-list"),
            destructive=True,
        )
    else:
        services.do_not_match_remove(entry=entry, actor=request.user)
        messages.success(request, _("Removed."))
    return redirect("peersupport:do-not-match-list")


# --- Safeguarding ----------------------------------------------------------------------


def _after_concern_url(user: User, concern: SafeguardingConcern, match: Match | None) -> str:
    """Staff go on to the concern; a mentor back to the match it is about, or to mentoring."""
    if permissions.is_peer_staff(user):
        return _concern_url(concern.pk)
    if match is not None:
        return _match_url(match.pk)
    return reverse("peersupport:mentoring")


@role_required(Role.MENTOR, PEER_STAFF)
@require_http_methods(["GET", "POST"])
def concern_create(request: AuthedRequest) -> HttpResponse:
    """Raise a concern, on its own, about a match, or from a contact just logged."""
    match = contact = None
    contact_id = get_int_or_400(request.GET, "contact")
    match_id = get_int_or_400(request.GET, "match")
    if contact_id is not None:
        contact = permissions.get_contact_for_user(user=request.user, pk=contact_id)
        match = contact.match
    elif match_id is not None:
        match = permissions.get_match_for_user(user=request.user, pk=match_id)
    form = ConcernForm(request.POST or None)
    # Posts back to this address, so the match or contact in the query string comes too.
    form.helper.form_action = request.get_full_path()
    return form_page(
        request,
        form,
        lambda: services.concern_raise(
            actor=request.user,
            match=match,
            contact=contact,
            request=request,
            **form.cleaned_data,
        ),
        template="peersupport/matching/safeguardingconcern_create.html",
        context={"match": match, "contact": contact},
        success=lambda concern: (
            _(
                "Thank you. Your concern (reference %(ref)s) has been sent to the "
                "safeguarding staff now."
            )
            % {"ref": concern.reference}
        ),
        redirect_to=lambda concern: _after_concern_url(request.user, concern, match),
    )


@role_required(PEER_STAFF)
@require_GET
def concern_list(request: AuthedRequest) -> HttpResponse:
    include_closed = request.GET.get("closed") == "1"
    page = paginate(request, concerns(include_closed=include_closed), 50)
    services.concern_viewed_list(actor=request.user, request=request, count=len(page.object_list))
    return render(
        request,
        "peersupport/matching/safeguardingconcern_list.html",
        {"page": page, "include_closed": include_closed, "concerns": concern_summary()},
    )


@role_required(PEER_STAFF)
@require_GET
def concern_detail_view(request: AuthedRequest, pk: int) -> HttpResponse:
    concern = permissions.get_concern_for_staff(user=request.user, pk=pk)
    services.concern_viewed(concern=concern, actor=request.user, request=request)
    form = ConcernUpdateForm()
    form.helper.form_action = reverse("peersupport:concern-update", kwargs={"pk": concern.pk})
    return render(
        request,
        "peersupport/matching/safeguardingconcern_detail.html",
        {"concern": concern, "form": form},
    )


@role_required(PEER_STAFF)
@require_POST
def concern_update(request: AuthedRequest, pk: int) -> HttpResponse:
    concern = permissions.get_concern_for_staff(user=request.user, pk=pk)
    form = ConcernUpdateForm(request.POST)
    if form.is_valid():
        done = run_service(
            request,
            lambda: services.concern_update(
                concern=concern, actor=request.user, request=request, **form.cleaned_data
            ),
            success=_("Note added."),
            redirect_to=_concern_url(concern.pk),
            form=form,
        )
        if done is not None:
            return done
    services.concern_viewed(concern=concern, actor=request.user, request=request)
    concern = concern_detail(pk=concern.pk)
    form.helper.form_action = reverse("peersupport:concern-update", kwargs={"pk": concern.pk})
    return render(
        request,
        "peersupport/matching/safeguardingconcern_detail.html",
        {"concern": concern, "form": form},
    )
