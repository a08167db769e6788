"""Checking a BLT file of paper ballots before a single ballot is built from it.

A BLT line's weight says how many papers it stands for, so a few bytes can ask for a
billion ballots. Everything is therefore checked on the file as written, with the weights
kept as numbers: the size in bytes (by the upload form, before the file is read), the number
of candidates and of ballot lines (while it is read, by ``stv.parse_blt``, which never
expands a weight), the candidates and seats against the ballot paper, and then every weight
and their running sum against the paper votes marked and not yet entered. Only a file that
passes all of that is turned into one ranking per paper, and then there are at most as many
as people the returning officer has marked as voting on paper. Any problem names the line
and nothing is entered (``paper_ballots_enter`` writes the whole batch in one transaction).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from council import stv
from council.models import Election, Nomination, Participation

# The upload form refuses a larger file before reading it. 5 MB is about 500,000 ballot
# lines written one paper per line ("1 3 1 2 0"), far more than any constituency's paper
# votes, and small enough to read into memory at once.
BLT_MAX_BYTES = 5 * 1024 * 1024
# A council ballot paper has a handful of candidates; 100 is far more than any paper has
# had, and the file must match this election's paper anyway.
BLT_MAX_CANDIDATES = 100
# Each ballot line costs a little memory while the file is read (its line number and
# weight). 100,000 lines is more than the paper votes of any constituency (the largest
# is a few thousand members); a bigger batch can be split into several files.
BLT_MAX_BALLOT_LINES = 100_000


def _paper_counts(election: Election) -> tuple[int, int]:
    """(paper votes marked, paper ballots already entered) for the election."""
    marked = Participation.objects.filter(
        election=election, channel=Participation.Channel.PAPER
    ).count()
    entered = Election.objects.values_list("paper_ballots_entered", flat=True).get(pk=election.pk)
    return marked, entered


def _weight_error(line: int, weight: str, marked: int, entered: int) -> str:
    if entered:
        return _(
            "Line %(line)s: the weight %(weight)s is more than the %(room)s paper votes marked "
            "and not yet entered (%(marked)s marked, %(entered)s already entered)."
        ) % {
            "line": line,
            "weight": weight,
            "room": max(marked - entered, 0),
            "marked": marked,
            "entered": entered,
        }
    return _(
        "Line %(line)s: the weight %(weight)s is more than the %(marked)s paper votes marked."
    ) % {"line": line, "weight": weight, "marked": marked}


def _parse_error(exc: stv.BltError) -> str:
    """The parser's message, in the portal's words (and language) for the limits."""
    if exc.code == "candidates":
        return _(
            "Line %(line)s: the file says there are %(n)s candidates. A ballot paper here has "
            "at most %(limit)s."
        ) % {"line": exc.line, **exc.params}
    if exc.code == "ballot_lines":
        return _(
            "Line %(line)s: the file has more than %(limit)s ballot lines. Split it into "
            "smaller files and import them one after another."
        ) % {"line": exc.line, **exc.params}
    if exc.code == "weight":
        return _(
            "Line %(line)s: the weight %(weight)s is far too large to be a number of papers."
        ) % {"line": exc.line, **exc.params}
    return str(exc)


def blt_rankings(*, election: Election, text: str) -> list[list[int]]:
    """Check a BLT file against the election and return one ranking per paper.

    Raises ``ValidationError({"file": ...})`` naming the line at the first problem; builds
    the list only once the weights are known to add up to no more than the paper votes
    marked and not yet entered.
    """
    try:
        parsed = stv.parse_blt(
            text, max_candidates=BLT_MAX_CANDIDATES, max_ballot_lines=BLT_MAX_BALLOT_LINES
        )
    except stv.BltError as exc:
        raise ValidationError({"file": _parse_error(exc)}) from None
    by_name = dict(
        Nomination.objects.filter(election=election, status=Nomination.Status.ACCEPTED).values_list(
            "ballot_name", "pk"
        )
    )
    names = set(parsed.candidates) | set(parsed.withdrawn)
    if set(parsed.candidates) != set(by_name) or parsed.withdrawn:
        raise ValidationError(
            {
                "file": _(
                    "The candidates in the file do not match this election's ballot paper. "
                    "The file has: %(file)s. The ballot paper has: %(paper)s."
                )
                % {"file": ", ".join(sorted(names)), "paper": ", ".join(sorted(by_name))}
            }
        )
    if parsed.seats != election.seats:
        raise ValidationError(
            {
                "file": _("The file is for %(n)s seat(s), but this election has %(m)s.")
                % {"n": parsed.seats, "m": election.seats}
            }
        )
    marked, entered = _paper_counts(election)
    room = max(marked - entered, 0)
    total = 0
    for line, weight in parsed.weights:
        if weight > room:
            raise ValidationError({"file": _weight_error(line, str(weight), marked, entered)})
        total += weight
        if total > room:
            raise ValidationError(
                {
                    "file": _(
                        "Line %(line)s: the weights up to this line add up to %(total)s paper "
                        "ballots, more than the %(room)s paper votes marked and not yet entered. "
                        "Mark everyone who voted on paper first."
                    )
                    % {"line": line, "total": total, "room": room}
                }
            )
    # Checked: at most ``room`` papers, so this list is no longer than the paper roll.
    rankings: list[list[int]] = []
    for ranking, number in parsed.ballots.items():
        rankings.extend([by_name[name] for name in ranking] for _copy in range(number))
    return rankings
