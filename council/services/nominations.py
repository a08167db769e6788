"""Nominations: a member nominates themselves or another member, the person nominated agrees
or declines, the returning officer accepts or rejects, and a candidate may withdraw until voting
opens. Each step is written to the election log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from council.models import Election, Nomination
from council.services.elections import is_current_member
from council.services.log import election_log_append
from users.models import User

S = Election.Status


def word_count(text: str) -> int:
    return len(text.split())


def _check_statement(election: Election, statement: str) -> str:
    statement = statement.strip()
    if word_count(statement) > election.statement_word_limit:
        raise ValidationError(
            {
                "statement": _(
                    "Your statement has %(n)s words. Keep it to %(limit)s words or fewer."
                )
                % {"n": word_count(statement), "limit": election.statement_word_limit}
            }
        )
    return statement


@transaction.atomic
def nomination_create(
    *, actor: User, election: Election, nominee: User, statement: str = ""
) -> Nomination:
    """Nominate yourself, or another member of the constituency (who must then agree)."""
    if election.status != S.NOMINATIONS_OPEN:
        raise ValidationError(_("Nominations are not open for this election."))
    if not is_current_member(user=actor, constituency=election.constituency):
        raise ValidationError(
            _("Only members of %(place)s can make nominations in this election.")
            % {"place": election.constituency}
        )
    if not is_current_member(user=nominee, constituency=election.constituency):
        raise ValidationError(
            {
                "nominee": _("That person is not a member of %(place)s, so they cannot stand here.")
                % {"place": election.constituency}
            }
        )
    statement = _check_statement(election, statement)
    is_self = nominee.pk == actor.pk
    nomination = Nomination(
        election=election,
        nominee=nominee,
        nominated_by=actor,
        ballot_name=(nominee.display_name or nominee.username)[:100],
        statement=statement if is_self else "",
        status=Nomination.Status.PENDING if is_self else Nomination.Status.AWAITING_NOMINEE,
    )
    nomination.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError:
        raise ValidationError(
            {
                "nominee": _("%(name)s has already been nominated in this election.")
                % {"name": nominee}
            }
        ) from None
    if not is_self:
        notify(
            user=nominee,
            kind=NotificationKind.COUNCIL_NOMINATED,
            context={"election": election, "nominated_by": actor},
            dedupe_key=f"council:nomination:{nomination.pk}:asked",
            link=reverse("council:nomination-respond", kwargs={"pk": nomination.pk}),
        )
    election_log_append(
        election=election,
        action="nomination made",
        message=_("A nomination was made."),
        actor_label=_("A member"),
        detail={"nomination": nomination.pk, "self": is_self},
    )
    return nomination


@transaction.atomic
def nomination_respond(
    *, actor: User, nomination: Nomination, accept: bool, statement: str = ""
) -> Nomination:
    """The person nominated by someone else agrees to stand (with their statement) or declines."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("election")
        .get(pk=nomination.pk)
    )
    if nomination.nominee_id != actor.pk:
        raise ValidationError(_("Only the person nominated can answer this nomination."))
    if nomination.status != Nomination.Status.AWAITING_NOMINEE:
        raise ValidationError(_("This nomination has already been answered."))
    if nomination.election.status != S.NOMINATIONS_OPEN:
        raise ValidationError(_("Nominations have closed."))
    if accept:
        nomination.statement = _check_statement(nomination.election, statement)
        nomination.status = Nomination.Status.PENDING
    else:
        nomination.status = Nomination.Status.DECLINED
    nomination.full_clean(validate_constraints=False)
    nomination.save()
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor: User, nomination: Nomination) -> Nomination:
    """A candidate withdraws. Possible until voting opens (then the ballot paper is frozen)."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("election")
        .get(pk=nomination.pk)
    )
    if nomination.nominee_id != actor.pk:
        raise ValidationError(_("Only the candidate can withdraw their nomination."))
    if nomination.status not in Nomination.LIVE:
        raise ValidationError(_("This nomination is no longer live."))
    if nomination.election.is_frozen or nomination.election.status not in (
        S.NOMINATIONS_OPEN,
        S.NOMINATIONS_CLOSED,
    ):
        raise ValidationError(_("Voting has opened, so it is too late to withdraw."))
    was_candidate = nomination.status == Nomination.Status.ACCEPTED
    nomination.status = Nomination.Status.WITHDRAWN
    nomination.save(update_fields=["status", "updated_at"])
    election_log_append(
        election=nomination.election,
        action="nomination withdrawn",
        message=(
            _("%(name)s withdrew as a candidate.") % {"name": nomination.ballot_name}
            if was_candidate
            else _("A nomination was withdrawn.")
        ),
        actor_label=_("A member"),
        detail={"nomination": nomination.pk},
    )
    return nomination


@transaction.atomic
def nomination_decide(
    *, actor: User, nomination: Nomination, accept: bool, reason: str = "", ballot_name: str = ""
) -> Nomination:
    """The returning officer accepts or rejects a nomination; a rejection needs a reason."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("election", "nominee")
        .get(pk=nomination.pk)
    )
    election = nomination.election
    if election.is_frozen or election.status not in (S.NOMINATIONS_OPEN, S.NOMINATIONS_CLOSED):
        raise ValidationError(_("Nominations can only be decided before voting opens."))
    if nomination.status != Nomination.Status.PENDING:
        raise ValidationError(_("This nomination is not waiting for a decision."))
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Give a reason. The person nominated will see it.")})
    nomination.status = Nomination.Status.ACCEPTED if accept else Nomination.Status.REJECTED
    nomination.decision_reason = reason
    nomination.decided_by = actor
    nomination.decided_at = timezone.now()
    if ballot_name.strip():
        nomination.ballot_name = ballot_name.strip()
    nomination.full_clean(validate_constraints=False)
    nomination.save()
    notify(
        user=nomination.nominee,
        kind=NotificationKind.COUNCIL_NOMINATION_DECIDED,
        context={"election": election, "nomination": nomination, "accepted": accept},
        dedupe_key=f"council:nomination:{nomination.pk}:decided",
        link=reverse("council:my-nominations"),
    )
    election_log_append(
        election=election,
        action="nomination accepted" if accept else "nomination rejected",
        message=(
            _("%(name)s is standing as a candidate.") % {"name": nomination.ballot_name}
            if accept
            else _("A nomination was not accepted.")
        ),
        actor=actor,
        detail={"nomination": nomination.pk},
    )
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_NOMINATION_ACCEPT
        if accept
        else AuditAction.COUNCIL_NOMINATION_REJECT,
        obj=nomination,
        detail={"reason": reason},
    )
    return nomination
