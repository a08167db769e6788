"""Who takes part, counted by council, gender, ethnic group and place.

Four groups of people:

* **members**: people with a council membership current on the period's last day;
* **voters**: people who voted in an election of the council whose voting opened in the
  period, read from ``Participation`` (who has voted) and **never** from ballots;
* **respondents**: answers to the council's consultations sent in the period, read from
  the optional "about you" answers on each ``Submission`` (which has no link to a
  person). A consultation belongs to a council when it was sent to that council's
  constituencies; consultations for all members count on the all-councils page only;
* **mentors**: active peer mentors, by the councils they are members of (on the
  all-councils page: every active mentor).

A person's area is the place constituency they belong to; a respondent's is the area they
chose, matched by name to the council's places.

Members of several councils count once on the all-councils page. At national scale the
membership table is the largest these counts read, so members, their activity and the
mentors among them come from **one** statement that reads it once: an inner ``GROUP BY``
makes one row per (council, person) (and per person, for all councils), and the outer one
counts those rows by gender and ethnic group. That needs a subquery in ``FROM``, which the
ORM cannot write, so it is SQL (portable: PostgreSQL and SQLite), with every table and
column name taken from the models.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q

from consultations.models import ConsultationConstituency, Submission
from council.models import Constituency, Election, Membership, Participation
from dashboards.figures.context import ALL, Context, current_memberships
from peersupport.models import MentorProfile, MentorStatus
from users.models import User

# "Active": signed in within this many days before now.
ACTIVE_DAYS = 90
POPULATIONS = ("members", "voters", "respondents", "mentors")
# Elections whose votes have been (or are being) cast.
VOTED_STATUSES = (
    Election.Status.VOTING_OPEN,
    Election.Status.VOTING_CLOSED,
    Election.Status.COUNTED,
    Election.Status.PUBLISHED,
)

Counts = dict[str, dict[str, Any]]


def _q(name: str | None) -> str:
    # Every name given is a table or a concrete field's column: never None.
    assert name is not None
    return connection.ops.quote_name(name)


def _tables() -> dict[str, str]:
    """Quoted table and column names, from the models (never from input)."""
    m, c, u = Membership._meta, Constituency._meta, User._meta
    p, e, mp = Participation._meta, Election._meta, MentorProfile._meta
    return {
        "membership": _q(m.db_table),
        "m_user": _q(m.get_field("user").column),
        "m_const": _q(m.get_field("constituency").column),
        "joined": _q(m.get_field("joined_on").column),
        "left": _q(m.get_field("left_on").column),
        "constituency": _q(c.db_table),
        "c_council": _q(c.get_field("council").column),
        "c_kind": _q(c.get_field("kind").column),
        "user": _q(u.db_table),
        "gender": _q(u.get_field("gender").column),
        "ethnic": _q(u.get_field("ethnic_group").column),
        "last_login": _q(u.get_field("last_login").column),
        "participation": _q(p.db_table),
        "p_voter": _q(p.get_field("voter").column),
        "p_election": _q(p.get_field("election").column),
        "election": _q(e.db_table),
        "e_council": _q(e.get_field("council").column),
        "e_status": _q(e.get_field("status").column),
        "e_opens": _q(e.get_field("voting_opened_at").column),
        "mentor": _q(mp.db_table),
        "mp_user": _q(mp.get_field("user").column),
        "mp_status": _q(mp.get_field("status").column),
    }


def _rows(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _date(value):
    return connection.ops.adapt_datefield_value(value)


def _moment(value):
    return connection.ops.adapt_datetimefield_value(value)


def _empty(ctx: Context) -> Counts:
    return {
        "total": {scope: 0 for scope in ctx.scopes},
        "gender": {scope: defaultdict(int) for scope in ctx.scopes},
        "ethnic_group": {scope: defaultdict(int) for scope in ctx.scopes},
        "area": {scope: defaultdict(int) for scope in ctx.scopes},
    }


def _scope(council_id: int | None) -> str:
    return ALL if council_id is None else str(council_id)


def _add(counts: Counts, scope: str, gender: str, ethnic: str, n: int) -> None:
    if scope not in counts["total"] or not n:
        return
    counts["gender"][scope][gender or ""] += n
    counts["ethnic_group"][scope][ethnic or ""] += n
    counts["total"][scope] += n


_MEMBERS_SQL = """
SELECT pairs.scope, u.{gender}, u.{ethnic},
       COUNT(*),
       SUM(CASE WHEN u.{last_login} >= %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN pairs.first_joined >= %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN pairs.has_place = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN mp.{mp_user} IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN mp.{mp_user} IS NOT NULL AND pairs.has_place = 0 THEN 1 ELSE 0 END)
FROM (
    SELECT c.{c_council} AS scope, m.{m_user} AS person, MIN(m.{joined}) AS first_joined,
           MAX(CASE WHEN {current} THEN 1 ELSE 0 END) AS is_current,
           MAX(CASE WHEN {current} AND c.{c_kind} = %s THEN 1 ELSE 0 END) AS has_place
    FROM {membership} m INNER JOIN {constituency} c ON c.id = m.{m_const}
    GROUP BY c.{c_council}, m.{m_user}
    UNION ALL
    SELECT CAST(NULL AS INTEGER), m.{m_user}, MIN(m.{joined}),
           MAX(CASE WHEN {current} THEN 1 ELSE 0 END),
           MAX(CASE WHEN {current} AND c.{c_kind} = %s THEN 1 ELSE 0 END)
    FROM {membership} m INNER JOIN {constituency} c ON c.id = m.{m_const}
    GROUP BY m.{m_user}
) pairs
INNER JOIN {user} u ON u.id = pairs.person
LEFT OUTER JOIN {mentor} mp ON mp.{mp_user} = pairs.person AND mp.{mp_status} = %s
WHERE pairs.is_current = 1
GROUP BY pairs.scope, u.{gender}, u.{ethnic}
"""
_CURRENT = "m.{joined} <= %s AND (m.{left} IS NULL OR m.{left} > %s)"


def members_and_mentors(ctx: Context) -> tuple[Counts, Counts, dict[str, dict[str, int]]]:
    """Members and the active mentors among them, by gender, ethnic group and place; and,
    per scope, how many members there are, how many signed in within 90 days, and how
    many first joined the council in the period. Three queries."""
    names = _tables()
    end = _date(ctx.period.end)
    current = _CURRENT.format(**names)
    sql = _MEMBERS_SQL.format(current=current, **names)
    params = [
        _moment(ctx.now - timedelta(days=ACTIVE_DAYS)),
        _date(ctx.period.start),
        end,
        end,
        end,
        end,
        Constituency.Kind.PLACE,
        end,
        end,
        end,
        end,
        Constituency.Kind.PLACE,
        MentorStatus.ACTIVE,
    ]
    people, mentors = _empty(ctx), _empty(ctx)
    activity = {scope: {"members": 0, "active": 0, "new": 0} for scope in ctx.scopes}
    no_place: dict[str, int] = defaultdict(int)
    mentors_no_place: dict[str, int] = defaultdict(int)
    for council, gender, ethnic, n, active, new, lone, mentor_n, mentor_lone in _rows(sql, params):
        scope = _scope(council)
        if scope not in activity:
            continue
        _add(people, scope, gender, ethnic, n)
        activity[scope]["members"] += n
        activity[scope]["active"] += active or 0
        activity[scope]["new"] += new or 0
        no_place[scope] += lone or 0
        if scope != ALL:
            _add(mentors, scope, gender, ethnic, mentor_n or 0)
            mentors_no_place[scope] += mentor_lone or 0
    # Per place: members and mentors (people can belong to two places, so these are
    # counted apart from the totals above).
    for row in (
        current_memberships(ctx)
        .filter(constituency__kind=Constituency.Kind.PLACE)
        .values("constituency_id")
        .annotate(
            n=Count("user", distinct=True),
            mentors=Count(
                "user", distinct=True, filter=Q(user__mentor_profile__status=MentorStatus.ACTIVE)
            ),
        )
    ):
        council = ctx.place_council.get(row["constituency_id"])
        if council is not None:
            people["area"][str(council)][str(row["constituency_id"])] += row["n"]
            mentors["area"][str(council)][str(row["constituency_id"])] += row["mentors"]
    # Every active mentor, whether or not they belong to a council, for all councils.
    with_council = 0
    for row in (
        MentorProfile.objects.filter(status=MentorStatus.ACTIVE)
        .order_by()
        .values(g=F("user__gender"), e=F("user__ethnic_group"))
        .annotate(n=Count("pk"))
    ):
        _add(mentors, ALL, row["g"], row["e"], row["n"])
    for info in ctx.councils:
        people["area"][info.scope][""] += no_place[info.scope]
        mentors["area"][info.scope][""] += mentors_no_place[info.scope]
        people["area"][ALL][info.scope] = people["total"][info.scope]
        mentors["area"][ALL][info.scope] = mentors["total"][info.scope]
        with_council += mentors["total"][info.scope]
    mentors["area"][ALL][""] = max(mentors["total"][ALL] - with_council, 0)
    return people, mentors, activity


_VOTERS = """
    SELECT DISTINCT {select} FROM {participation} p
    INNER JOIN {election} e ON e.id = p.{p_election}
    WHERE e.{e_status} IN ({statuses}) AND e.{e_opens} >= %s AND e.{e_opens} < %s
"""


def voters(ctx: Context) -> Counts:
    """Who voted, from the table that says *that* someone voted (never from ballots).

    A voter's place is their place constituency in the council they voted in, on the
    period's last day; a voter who has since left counts under "not known".
    """
    names = _tables()
    statuses = ", ".join(["%s"] * len(VOTED_STATUSES))
    window = [*VOTED_STATUSES, _moment(ctx.start_at), _moment(ctx.end_before)]
    per_council = _VOTERS.format(
        select=f"e.{names['e_council']} AS scope, p.{names['p_voter']} AS person",
        statuses=statuses,
        **names,
    )
    everyone = _VOTERS.format(
        select=f"CAST(NULL AS INTEGER) AS scope, p.{names['p_voter']} AS person",
        statuses=statuses,
        **names,
    )
    counts = _empty(ctx)
    # Every name in these statements comes from the models (``_tables``), never from input.
    for council, gender, ethnic, n in _rows(
        f"SELECT v.scope, u.{names['gender']}, u.{names['ethnic']}, COUNT(*) "  # noqa: S608
        f"FROM ({per_council} UNION ALL {everyone}) v "
        f"INNER JOIN {names['user']} u ON u.id = v.person "
        f"GROUP BY v.scope, u.{names['gender']}, u.{names['ethnic']}",
        window + window,
    ):
        _add(counts, _scope(council), gender, ethnic, n)
    current = _CURRENT.format(**names)
    end = _date(ctx.period.end)
    for council, place, n in _rows(
        f"SELECT v.scope, pl.place, COUNT(DISTINCT v.person) FROM ({per_council}) v "  # noqa: S608
        f"LEFT OUTER JOIN (SELECT m.{names['m_user']} AS person, m.{names['m_const']} AS place, "
        f"c.{names['c_council']} AS council FROM {names['membership']} m "
        f"INNER JOIN {names['constituency']} c ON c.id = m.{names['m_const']} "
        f"WHERE c.{names['c_kind']} = %s AND {current}) pl "
        "ON pl.person = v.person AND pl.council = v.scope "
        "GROUP BY v.scope, pl.place",
        [*window, Constituency.Kind.PLACE, end, end],
    ):
        scope = _scope(council)
        if scope in counts["area"]:
            counts["area"][scope][str(place) if place else ""] += n
    for info in ctx.councils:
        counts["area"][ALL][info.scope] = counts["total"][info.scope]
    return counts


def consultation_councils(ctx: Context) -> dict[int, set[int]]:
    """Which councils each consultation was sent to (through its constituencies)."""
    found: dict[int, set[int]] = defaultdict(set)
    for consultation_id, constituency_id in ConsultationConstituency.objects.values_list(
        "consultation_id", "constituency_id"
    ):
        council = ctx.constituency_council.get(constituency_id)
        if council is not None:
            found[consultation_id].add(council)
    return found


def respondents(ctx: Context, linked: dict[int, set[int]]) -> Counts:
    """Answers sent in the period, by the optional "about you" answers on each one.

    Submissions have no link to a person, so each answer counts once: someone who
    answered two consultations counts twice.
    """
    counts = _empty(ctx)
    sent = Submission.objects.filter(ctx.day_in_period("submitted_on")).order_by()
    for row in sent.values("consultation_id", g=F("gender"), e=F("ethnic_group")).annotate(
        n=Count("pk")
    ):
        for council in linked.get(row["consultation_id"], ()):
            _add(counts, str(council), row["g"], row["e"], row["n"])
        _add(counts, ALL, row["g"], row["e"], row["n"])
    place_ids = {
        council: {name.strip().lower(): pk for pk, name in places}
        for council, places in ctx.places.items()
    }
    for by_area in sent.values("consultation_id", "area").annotate(n=Count("pk")):
        councils = linked.get(by_area["consultation_id"], ())
        for council in councils:
            place = place_ids.get(council, {}).get((by_area["area"] or "").strip().lower())
            counts["area"][str(council)][str(place) if place else ""] += by_area["n"]
        if not councils:
            counts["area"][ALL][""] += by_area["n"]
    for info in ctx.councils:
        counts["area"][ALL][info.scope] = counts["total"][info.scope]
    return counts


def plain(counts: Counts) -> dict[str, Any]:
    """The counts as plain dicts (JSON), without ``defaultdict``s."""
    return {
        "total": dict(counts["total"]),
        **{
            dim: {scope: dict(cells) for scope, cells in counts[dim].items()}
            for dim in ("gender", "ethnic_group", "area")
        },
    }
