"""The official count, the result release, and the anonymised ballot file."""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.services import audit_record
from council import stv
from council.models import (
    Election,
    ElectionCount,
    HeldBallot,
    Nomination,
    Participation,
)
from council.services.ballot_box import ballot_box_seal, box_rankings
from council.services.councils import representatives_from_result
from council.services.elections import election_create
from council.services.log import election_log_append
from users.models import User

S = Election.Status


def ballot_paper(*, election: Election) -> list[Nomination]:
    """The candidates in ballot-paper order: alphabetical, with RON last."""
    return list(
        Nomination.objects.filter(election=election, status=Nomination.Status.ACCEPTED).order_by(
            "is_ron", "ballot_name", "pk"
        )
    )


def election_rankings(*, election: Election) -> tuple[list[Nomination], list[tuple[str, ...]]]:
    candidates = ballot_paper(election=election)
    names = {c.pk: c.ballot_name for c in candidates}
    # Name each distinct ranking once: 100,000 ballots hold a few thousand distinct ones.
    named: dict[tuple[int, ...], tuple[str, ...]] = {}
    rankings = []
    for ranking in box_rankings(election=election):
        key = tuple(ranking)
        words = named.get(key)
        if words is None:
            words = named[key] = tuple(names[c] for c in key)
        rankings.append(words)
    return candidates, rankings


@transaction.atomic
def election_count(
    *,
    actor: User | None,
    election: Election,
    progress: Callable[[float], object] | None = None,
) -> ElectionCount:
    """Run the one official count. The result stays hidden until ``election_release``.

    ``progress``, if given, is told how far the count has got (0 to 1). ``actor`` is None
    when the count job's starter has since been deleted.

    The random seed for any tie decided by lot is drawn and written to the election log
    *before* counting, so the count (and its draws) can be replayed by anyone.
    """
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != S.VOTING_CLOSED:
        raise ValidationError(_("The count can only be run once, after voting has closed."))
    marked = Participation.objects.filter(
        election=election, channel=Participation.Channel.PAPER
    ).count()
    if election.paper_ballots_entered < marked:
        raise ValidationError(
            _(
                "%(marked)s people voted on paper but only %(entered)s paper ballots have been "
                "entered. Enter the rest before the count."
            )
            % {"marked": marked, "entered": election.paper_ballots_entered}
        )
    step = progress or (lambda share: None)
    if HeldBallot.objects.filter(election=election).exists():
        ballot_box_seal(election=election, progress=lambda share: step(share * 0.3))
    step(0.3)
    candidates, rankings = election_rankings(election=election)
    step(0.45)
    seed = str(secrets.randbits(63))
    election_log_append(
        election=election,
        action="count started",
        message=_("The count started. Seed for any draw by lot: %(seed)s.") % {"seed": seed},
        actor=actor,
        detail={"seed": seed, "ballots": len(rankings), "rules": stv.RULES_NAME},
    )
    names = [c.ballot_name for c in candidates]
    result = stv.count(candidates=names, ballots=rankings, seats=election.seats, seed=seed)
    step(0.75)
    # The published file: one line per paper, shuffled (by the seed, so it is reproducible).
    papers = sorted(rankings)
    random.Random(seed).shuffle(papers)
    blt = stv.write_blt(
        candidates=names, seats=election.seats, ballots=papers, title=election.title
    )
    blt_sha = hashlib.sha256(blt.encode()).hexdigest()
    step(0.9)
    count = ElectionCount(
        election=election,
        seed=seed,
        report=result.as_dict(),
        ballots_blt=blt,
        ballots_sha256=blt_sha,
        counted_at=timezone.now(),
    )
    count.full_clean()
    count.save()
    by_name = {c.ballot_name: c for c in candidates}
    for order, name in enumerate(result.elected, start=1):
        Nomination.objects.filter(pk=by_name[name].pk).update(elected_order=order)
    for tie in result.ties:
        if tie.method == "lot":
            election_log_append(
                election=election,
                action="tie draw",
                message=_(
                    "At stage %(stage)s a tie between %(tied)s was decided by lot: %(chosen)s."
                )
                % {"stage": tie.stage, "tied": ", ".join(tie.tied), "chosen": tie.chosen},
                actor=actor,
                detail=tie.as_dict(),
                private_until_release=True,
            )
    election_log_append(
        election=election,
        action="counted",
        message=_(
            "The count finished. The result is kept private until the returning officer "
            "releases it."
        ),
        actor=actor,
        # The result itself is not in the log until release: the log is public.
        detail={"ballots_sha256": blt_sha, "stages": len(result.stages)},
    )
    election.status = S.COUNTED
    election.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=AuditAction.COUNCIL_ELECTION_COUNT, obj=election)
    return count


@transaction.atomic
def election_release(*, actor: User, election: Election) -> Election:
    """Publish the result, receipts and ballots; elected members become representatives."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != S.COUNTED:
        raise ValidationError(_("Only a counted result can be released."))
    count = election.count
    now = timezone.now()
    election.status = S.PUBLISHED
    election.results_released_at = now
    election.save(update_fields=["status", "results_released_at", "updated_at"])
    reps = representatives_from_result(election=election, on=timezone.localdate())
    report = count.report
    election_log_append(
        election=election,
        action="result released",
        message=_("The result was released. Elected: %(names)s.")
        % {"names": ", ".join(report["elected"]) or "-"},
        actor=actor,
        detail={
            "quota": report["quota"],
            "valid": report["valid"],
            "invalid": report["invalid"],
            "elected": report["elected"],
            "ballots_sha256": count.ballots_sha256,
        },
    )
    ron_seats = Nomination.objects.filter(
        election=election, is_ron=True, elected_order__isnull=False
    ).count()
    if ron_seats:
        rerun = election_create(
            actor=actor,
            council=election.council,
            constituency=election.constituency,
            title=_("%(title)s (nominations re-opened)") % {"title": election.title},
            description=election.description,
            seats=ron_seats,
            include_ron=election.include_ron,
            statement_word_limit=election.statement_word_limit,
            term_months=election.term_months,
        )
        election_log_append(
            election=election,
            action="nominations to re-open",
            message=_(
                "“Re-open nominations (none of these)” won %(n)s seat(s). A new election has "
                "been set up for them."
            )
            % {"n": ron_seats},
            actor=actor,
            detail={"new_election": rerun.pk},
        )
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_ELECTION_RELEASE,
        obj=election,
        detail={"representatives": len(reps)},
    )
    return election
