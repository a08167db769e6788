"""Page times at national scale: the dashboards and every list and report page, as the roles
that use them. Prints a table of median and 95th-percentile server time; never fails on time.

Run it against a database loaded by ``seed_national`` (see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dashboards_national \\
        .venv/bin/python bench/pages.py [--runs 20] [--only dashboards] [--csv out.csv]

"Server time" is the time Django takes to answer one request in this process (middleware,
view, queries, template), measured with Django's test client signed in as the bench
account of each role (``national-<role>``, made by ``seed_national``). It leaves out the
network and the WSGI server. Each page is requested twice to warm up, then ``--runs`` times.

Targets: every page under 200 ms at p95, the dashboard included (issue 18; issue 10 allowed
the dashboard 300 ms).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any, NamedTuple

import _harness

_harness.setup(debug=False)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

DASHBOARD_TARGET_MS = 200  # issue 18 (issue 10 allowed 300 ms)
PAGE_TARGET_MS = 200

Kwargs = Callable[[], dict[str, Any] | None]


def _first(queryset, **fields) -> Any:
    return queryset.filter(**fields).order_by("pk").first()


def _council() -> dict | None:
    from council.models import Council

    council = _first(Council.objects, slug__startswith="national-")
    return {"slug": council.slug} if council else None


def _election(status: str) -> Kwargs:
    def find() -> dict | None:
        from council.models import Election

        election = _first(Election.objects, status=status, council__slug__startswith="national-")
        return {"pk": election.pk} if election else None

    return find


def _consultation() -> dict | None:
    from consultations.models import Consultation

    consultation = (
        Consultation.objects.filter(status=Consultation.Status.OPEN).order_by("-pk").first()
    )
    return {"pk": consultation.pk} if consultation else None


def _question() -> dict | None:
    from consultations.models import QuestionCoding

    setup = (
        QuestionCoding.objects.filter(question__consultation__status="open")
        .select_related("question")
        .order_by("-question__consultation_id")
        .first()
    )
    if not setup:
        return None
    return {"pk": setup.question.consultation_id, "question_pk": setup.question_id}


def _pk(model_path: str, **fields) -> Kwargs:
    def find() -> dict | None:
        from django.apps import apps

        model = apps.get_model(model_path)
        found = _first(model.objects, **fields)
        return {"pk": found.pk} if found else None

    return find


def _place() -> dict | None:
    from council.models import Constituency

    place = _first(
        Constituency.objects, council__slug__startswith="national-", kind=Constituency.Kind.PLACE
    )
    return {"pk": place.pk} if place else None


def _table(name: str) -> Kwargs:
    return lambda: {"table": name}


def _none() -> dict:
    return {}


class Page(NamedTuple):
    label: str
    role: str
    url_name: str
    kwargs: Kwargs = _none
    query: str = ""


PAGES: list[Page] = [
    Page("Dashboard: all councils", "senior_manager", "dashboards:index"),
    Page("Dashboard: one council", "senior_manager", "dashboards:council", _council),
    Page(
        "Dashboard: this quarter", "senior_manager", "dashboards:index", query="period=this_quarter"
    ),
    Page("Dashboard: board pack", "senior_manager", "dashboards:board-pack"),
    Page("Dashboard CSV: turnout", "senior_manager", "dashboards:export", _table("turnout")),
    Page("Caseload figures", "administrator", "dashboards:caseload-list"),
    Page("Home", "member", "core:home"),
    Page("Messages", "member", "core:inbox"),
    Page("My data", "member", "users:my-data"),
    Page("Audit log", "administrator", "core:audit-log"),
    Page("People (staff list)", "staff", "users:user-list"),
    Page("Deletion requests", "administrator", "users:deletion-requests"),
    Page("Councils", "member", "council:council-list"),
    Page("Council page", "member", "council:council-detail", _council),
    Page("Representatives", "member", "council:representative-list", _council),
    Page("Elections", "member", "council:election-list"),
    Page("Election page", "member", "council:election-detail", _election("published")),
    Page("Election results", "member", "council:election-results", _election("published")),
    Page("Published ballots", "member", "council:election-ballots", _election("published")),
    Page("Receipts", "member", "council:election-receipts", _election("published")),
    Page("Election log", "member", "council:election-log", _election("published")),
    Page("Ballot page", "member", "council:vote", _election("voting_open")),
    Page("Constituency members", "staff", "council:constituency-members", _place),
    Page(
        "Election: manage", "returning_officer", "council:election-manage", _election("voting_open")
    ),
    Page("My nominations", "member", "council:my-nominations"),
    Page("Meetings", "senior_manager", "council:meeting-list"),
    Page("Meeting page", "staff", "council:meeting-detail", _pk("council.Meeting")),
    Page("Meeting attendance", "staff", "council:meeting-attendance", _pk("council.Meeting")),
    Page("Issues inbox", "representative", "council:issue-inbox"),
    Page("My issues", "member", "council:issue-mine"),
    Page("Consultations (member)", "member", "consultations:list"),
    Page("My answers", "member", "consultations:my-answers"),
    Page("Consultations (staff)", "staff", "consultations:manage-list"),
    Page("Consultation page", "staff", "consultations:manage-detail", _consultation),
    Page("Responses", "staff", "consultations:responses", _consultation),
    Page("Results", "staff", "consultations:results", _consultation),
    Page("Codebooks", "staff", "consultations:codebook-list"),
    Page("Codebook page", "staff", "consultations:codebook-detail", _pk("consultations.Codebook")),
    Page("Coding overview", "staff", "consultations:coding-overview", _consultation),
    Page("Coding queue", "staff", "consultations:coding-queue", _question),
    Page("Coding agreement", "staff", "consultations:coding-agreement", _question),
    Page("Coding review", "staff", "consultations:coding-review", _consultation),
    Page("Coding report", "staff", "consultations:coding-report", _consultation),
    Page("Coding report: question", "staff", "consultations:coding-report-question", _question),
    Page("Steward look-up", "data_steward", "consultations:steward-lookup"),
    Page("Sessions", "mentor", "peersupport:occurrence-list"),
    Page("Session page", "staff", "peersupport:occurrence-detail", _pk("peersupport.Occurrence")),
    Page("My sessions", "mentor", "peersupport:my-schedule"),
    Page("My certificates", "mentor", "peersupport:certificate-list"),
    Page("Published minutes", "member", "peersupport:minutes-list"),
    Page("Peer support: staff", "staff", "peersupport:staff-home"),
    Page("Mentors", "staff", "peersupport:mentor-list"),
    Page("Mentor page", "staff", "peersupport:mentor-detail", _pk("peersupport.MentorProfile")),
    Page("Session series", "staff", "peersupport:series-list"),
    Page("Series page", "staff", "peersupport:series-detail", _pk("peersupport.SessionSeries")),
    Page("Certificate rules", "staff", "peersupport:rule-list"),
    Page("Helpline shifts", "mentor", "peersupport:shift-list"),
    Page("Helpline cover", "staff", "peersupport:shift-coverage"),
    Page("When I cannot", "mentor", "peersupport:unavailability-list"),
    Page("Mentoring (mentor)", "mentor", "peersupport:mentoring"),
    Page("My mentor requests", "member", "peersupport:my-requests"),
    Page("My travel claims", "mentor", "peersupport:claim-list"),
    Page("Travel claims (staff)", "staff", "peersupport:expenses-staff"),
    Page("Mentoring (staff)", "staff", "peersupport:matching-home"),
    Page("Safeguarding concerns", "staff", "peersupport:concern-list"),
    Page("Do-not-match list", "staff", "peersupport:do-not-match-list"),
    Page("You said, we did", "member", "actionplan:board"),
    Page(
        "Board: one action",
        "member",
        "actionplan:board-detail",
        _pk("actionplan.Action", is_public=True),
    ),
    Page("Plans", "staff", "actionplan:plan-list"),
    Page("Plan page", "staff", "actionplan:plan-detail", _pk("actionplan.Plan")),
    Page("All actions", "staff", "actionplan:action-list"),
    Page("My actions", "staff", "actionplan:my-actions"),
    Page("Action page", "staff", "actionplan:action-detail", _pk("actionplan.Action")),
    Page("Action history", "staff", "actionplan:action-history", _pk("actionplan.Action")),
    Page("Actions export page", "staff", "actionplan:export-csv"),
]


def _clients() -> dict[str, Client]:
    from users.models import User

    clients = {}
    for user in User.objects.filter(username__startswith="national-"):
        role = user.username.removeprefix("national-").replace("-", "_")
        # A page that fails is reported as a 500 in the table, not raised.
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[role] = client
    return clients


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def measure(runs: int, only: str = "") -> list[dict[str, Any]]:
    clients = _clients()
    if not clients:
        sys.exit("No bench accounts: load the data first with `manage.py seed_national`.")
    results = []
    for label, role, name, kwargs, query in PAGES:
        if only and only not in name and only.lower() not in label.lower():
            continue
        row = {"page": label, "role": role, "url": "", "status": "", "median": None, "p95": None}
        row.update({"queries": None, "kb": None})
        try:
            found = kwargs()
            if found is None:
                row["status"] = "no data"
                results.append(row)
                continue
            url = reverse(name, kwargs=found) + (f"?{query}" if query else "")
        except NoReverseMatch:
            row["status"] = "no such page"
            results.append(row)
            continue
        row["url"] = url
        client = clients.get(role)
        if client is None:
            row["status"] = f"no {role} account"
            results.append(row)
            continue
        for _ in range(2):
            client.get(url)
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                # A streamed download (core.exports) is timed until its last byte.
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                times.append((time.perf_counter() - started) * 1000)
        row.update(
            {
                "status": response.status_code,
                "median": statistics.median(times),
                "p95": _percentile(times, 0.95),
                "queries": len(queries),
                "kb": len(body) // 1024,
            }
        )
        results.append(row)
    return results


def _target(row: dict[str, Any]) -> int:
    return DASHBOARD_TARGET_MS if row["page"].startswith("Dashboard") else PAGE_TARGET_MS


def _print(results: list[dict[str, Any]]) -> None:
    out = sys.stdout
    out.write(
        f"{'page':<30} {'role':<18} {'status':>7} {'median ms':>10} {'p95 ms':>8} "
        f"{'queries':>8} {'KB':>5}  target\n"
    )
    for r in results:
        if r["median"] is None:
            out.write(f"{r['page']:<30} {r['role']:<18} {r['status']!s:>7}\n")
            continue
        target = _target(r)
        verdict = "ok" if r["p95"] <= target else f"OVER {target} ms"
        out.write(
            f"{r['page']:<30} {r['role']:<18} {r['status']!s:>7} {r['median']:>10.1f} "
            f"{r['p95']:>8.1f} {r['queries']:>8} {r['kb']:>5}  {verdict}\n"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", default="", help="Only pages whose URL name or label has this.")
    parser.add_argument("--csv", default="", help="Also write the figures to this CSV file.")
    args = parser.parse_args()
    setup_test_environment()
    started = time.perf_counter()
    results = measure(args.runs, args.only)
    _print(results)
    if args.csv:
        with open(args.csv, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(results[0]))
            writer.writeheader()
            writer.writerows(results)
    measured = [r for r in results if r["median"] is not None]
    over = [r["page"] for r in measured if r["p95"] > _target(r)]
    worst = max(measured, key=lambda r: r["p95"] / _target(r), default=None)
    sys.stdout.write(
        f"\n{connection.vendor}, {args.runs} runs a page, {time.perf_counter() - started:.0f} s\n"
    )
    # The headline (last line).
    sys.stdout.write(
        f"{len(measured) - len(over)} of {len(measured)} pages within target at p95"
        + (f"; over: {', '.join(over)}" if over else "")
        + (f"; furthest from target: p95 {worst['p95']:.0f} ms ({worst['page']})" if worst else "")
        + "\n"
    )


if __name__ == "__main__":
    main()
