"""The council's background jobs: closing voting (opening and mixing the sealed ballots) and
the count. Each is started from a confirmation page and followed on core's progress page.

Both are safe to run again after a crash: each does nothing if the election has already moved
past the step, and each step is one transaction (all of it happens, or none).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import jobs
from core.models import Job
from council import permissions, services
from council.models import Election

S = Election.Status
CLOSE_VOTING = "council.close_voting"
COUNT = "council.count"


def _election(job: Job) -> Election:
    _label, _sep, pk = job.subject.partition(":")
    return Election.objects.get(pk=int(pk))


def _runs_it(user: Any, job: Job) -> bool:
    """Returning officers who may manage the election may follow its jobs."""
    if not permissions.can_run_elections(user):
        return False
    return permissions.can_see_election(user, _election(job))


def _manage_url(election: Election) -> str:
    return reverse("council:election-manage", kwargs={"pk": election.pk})


@jobs.register(CLOSE_VOTING, title=gettext_lazy("Closing voting"), can_see=_runs_it)
def close_voting(job: Job, progress: jobs.Progress) -> jobs.Result:
    election = _election(job)
    progress(5)
    closed = services.election_close_voting(
        election=election,
        actor=job.started_by,
        progress=lambda share: progress(5 + 90 * share),
    )
    election.refresh_from_db()
    if not closed and election.status == S.VOTING_OPEN:
        raise ValidationError(_("Voting could not be closed. Try again."))
    if not closed and election.voting_closed_at is None:
        raise ValidationError(_("Voting was not open, so there was nothing to close."))
    return jobs.Result(
        url=_manage_url(election),
        message=_("Voting is closed and the ballot box is sealed."),
    )


@jobs.register(COUNT, title=gettext_lazy("Running the count"), can_see=_runs_it)
def count(job: Job, progress: jobs.Progress) -> jobs.Result:
    election = _election(job)
    # Run again after a crash that came after the count was stored: nothing to do.
    if election.status not in (S.COUNTED, S.PUBLISHED):
        progress(2)
        services.election_count(
            actor=job.started_by,
            election=election,
            progress=lambda share: progress(int(2 + 96 * share)),
        )
    return jobs.Result(
        url=reverse("council:election-results", kwargs={"pk": election.pk}),
        message=_(
            "The count is done. Only you and other returning officers can see the result "
            "until you release it."
        ),
    )
