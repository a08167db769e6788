"""A bounded load run: gunicorn with several workers on 127.0.0.1, and many clients at once
asking for the member home page, the ballot page and the coding queue.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dashboards_national \\
        .venv/bin/python bench/load.py [--workers 4] [--clients 16] [--seconds 30]

Needs the national data set (``manage.py seed_national``): it signs in as its bench accounts
(``national-member``, on the roll of an election open for voting, and ``national-staff``,
who codes). Prints requests per second, median and 99th-percentile latency and the number
of errors (any answer but 200, or a refused connection) for each page and overall. Stops
after ``--seconds``; never fails on time. The server runs with DEBUG off.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict

import _harness

_harness.setup(debug=False)

ROOT = _harness.ROOT

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_cookie(username: str) -> str:
    """Sign in as ``username`` the way the test client does, and return the session id."""
    from users.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _targets() -> list[tuple[str, str, str]]:
    """(label, path, session cookie) for the three pages."""
    from consultations.models import QuestionCoding
    from council.models import Election

    election = (
        Election.objects.filter(status="voting_open", council__slug__startswith="national-")
        .order_by("pk")
        .first()
    )
    setup = (
        QuestionCoding.objects.filter(question__consultation__status="open")
        .order_by("-question__consultation_id")
        .first()
    )
    if election is None or setup is None:
        sys.exit("No national data: run `manage.py seed_national` first.")
    member = _session_cookie("national-member")
    coder = _session_cookie("national-staff")
    queue = reverse(
        "consultations:coding-queue",
        kwargs={"pk": setup.question.consultation_id, "question_pk": setup.question_id},
    )
    return [
        ("Member home", reverse("core:home"), member),
        ("Ballot page", reverse("council:vote", kwargs={"pk": election.pk}), member),
        ("Coding queue", queue, coder),
    ]


def _wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not start")


def _client(port, targets, stop_at, results, lock, offset) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = offset
    local = defaultdict(list)
    errors = defaultdict(int)
    while time.time() < stop_at:
        label, path, cookie = targets[i % len(targets)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request(
                "GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
            )
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        if ok:
            local[label].append(elapsed)
        else:
            errors[label] += 1
    with lock:
        for label, times in local.items():
            results["times"][label].extend(times)
        for label, n in errors.items():
            results["errors"][label] += n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    setup_test_environment()
    targets = _targets()
    port = _free_port()
    env = {**os.environ, "DJANGO_DEBUG": "false"}
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        _wait_for(port)
        # Warm every worker up before the clock starts.
        warm_until = time.time() + 3
        lock = threading.Lock()
        _client(
            port,
            targets,
            warm_until,
            {"times": defaultdict(list), "errors": defaultdict(int)},
            lock,
            0,
        )
        results = {"times": defaultdict(list), "errors": defaultdict(int)}
        stop_at = time.time() + args.seconds
        threads = [
            threading.Thread(target=_client, args=(port, targets, stop_at, results, lock, k))
            for k in range(args.clients)
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    out = sys.stdout
    out.write(
        f"gunicorn {args.workers} workers, {args.clients} clients, {elapsed:.0f} s\n"
        f"{'page':<14} {'requests':>9} {'req/s':>7} {'median ms':>10} {'p99 ms':>8} {'errors':>7}\n"
    )
    everything: list[float] = []
    for label, _path, _cookie in targets:
        times = results["times"][label]
        everything += times
        out.write(_line(label, times, results["errors"][label], elapsed))
    out.write(_line("All", everything, sum(results["errors"].values()), elapsed))


def _line(label: str, times: list[float], errors: int, elapsed: float) -> str:
    if not times:
        return f"{label:<14} {0:>9} {0:>7} {'-':>10} {'-':>8} {errors:>7}\n"
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"{label:<14} {len(times):>9} {len(times) / elapsed:>7.1f} "
        f"{statistics.median(times):>10.1f} {p99:>8.1f} {errors:>7}\n"
    )


if __name__ == "__main__":
    main()
