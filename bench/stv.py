"""Time the STV count on seeded, generated ballots: 10,000, 100,000 and 1,000,000 papers.

    python bench/stv.py [--seed N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python bench/stv.py --end-to-end


Ten candidates, three seats. Each voter ranks between one and ten candidates; how many and in
what order follow fixed popularity weights (a Plackett-Luce draw), which is how real ranked
ballots look: most people rank a few, popular candidates come first more often. Only the
count is timed (grouping identical rankings included), not making the ballots. Prints one
line per size, the last one ``1000000 ballots: X.XXX s``. It never fails on time.

``--end-to-end`` (issue 19) times instead what the returning officer's two buttons do, in the
database that DATABASE_URL names (migrated; PostgreSQL for a figure that means anything):
100,000 sealed ballots (``--ballots``; ``--seal sealed_box`` for the older format) in an
election with voting open, then "Close voting now" (open every sealed ballot, mix and
rewrite the box) and "Run the count" (seal check, read the rankings, count, write the BLT
file and store the result), each through a background job (``core.jobs``) run in this
process as the worker would. Making the ballots
is not timed. The bench election stays in the database (its council is named
``bench-stv-<time>``). The last line is ``... end to end: X.XXX s``.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from concurrent.futures import ThreadPoolExecutor

import _harness

_harness.setup()

from council import stv  # noqa: E402

CANDIDATES = [f"Candidate {letter}" for letter in "ABCDEFGHIJ"]
WEIGHTS = [30, 22, 15, 10, 7, 5, 4, 3, 2, 2]
# How many candidates a voter ranks: 1 to 10.
LENGTH_WEIGHTS = [22, 24, 20, 12, 7, 5, 4, 2, 2, 2]


def make_ballots(number: int, seed: int) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    lengths = rng.choices(range(1, 11), weights=LENGTH_WEIGHTS, k=number)
    ballots = []
    for length in lengths:
        names = list(CANDIDATES)
        weights = list(WEIGHTS)
        ranking = []
        for _ in range(length):
            i = rng.choices(range(len(names)), weights=weights)[0]
            ranking.append(names.pop(i))
            weights.pop(i)
        ballots.append(tuple(ranking))
    return ballots


def _process_cpu(pid: int) -> float:
    """CPU seconds used so far by process ``pid`` of this machine (the database server's
    process for this connection, when it runs here); 0 if it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def end_to_end(number: int, seed: int, seal_format: str) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from core import jobs
    from core.models import Job
    from council import jobs as council_jobs
    from council import sealing
    from council.models import Constituency, Council, Election, HeldBallot, Nomination

    made = time.perf_counter()
    tag = f"bench-stv-{int(time.time())}"
    council = Council.objects.create(name=tag, slug=tag)
    place = Constituency.objects.create(council=council, name=f"{tag} place")
    people = get_user_model().objects.bulk_create(
        [
            get_user_model()(username=f"{tag}-{i}", display_name=name)
            for i, name in enumerate(CANDIDATES)
        ]
    )
    now = timezone.now()
    election = Election.objects.create(
        council=council,
        constituency=place,
        title=f"{tag} election",
        seats=3,
        status=Election.Status.VOTING_OPEN,
        frozen_at=now,
        voting_opened_at=now,
        roll_size=number,
    )
    election.ballot_key_salt = sealing.new_salt()
    election.ballot_public_key = sealing.public_key_hex(
        election_id=election.pk, salt=election.ballot_key_salt
    )
    election.ballot_seal = seal_format
    election.save(update_fields=["ballot_key_salt", "ballot_public_key", "ballot_seal"])
    Nomination.objects.bulk_create(
        [
            Nomination(
                election=election,
                nominee=person,
                ballot_name=name,
                status=Nomination.Status.ACCEPTED,
            )
            for person, name in zip(people, CANDIDATES, strict=True)
        ]
    )
    ids = dict(Nomination.objects.filter(election=election).values_list("ballot_name", "pk"))
    # Sealed as ballot_cast seals them, in the election's format (--seal).
    seal = sealing.sealer(
        scheme=election.ballot_seal,
        election_id=election.pk,
        salt=election.ballot_key_salt,
        public_key=election.ballot_public_key,
        size=sealing.sealed_size(ids.values()),
    )

    def sealed(numbered: list[tuple[int, tuple[str, ...]]]) -> list[HeldBallot]:
        return [
            HeldBallot(election=election, sealed=seal([ids[name] for name in ranking], f"{n:064x}"))
            for n, ranking in numbered
        ]

    numbered = list(enumerate(make_ballots(number, seed)))
    # Sealing is libsodium work that releases the GIL: two threads make the ballots faster.
    with ThreadPoolExecutor(max_workers=2) as pool:
        batches = [numbered[start : start + 10_000] for start in range(0, number, 10_000)]
        for rows in pool.map(sealed, batches):
            HeldBallot.objects.bulk_create(rows, batch_size=2000)
    _harness.say(
        f"# {number} sealed ballots made in {time.perf_counter() - made:.1f} s (not timed), "
        f"database {_harness.database()}"
    )
    actor = people[0]
    # No broker: this process is the worker (jobs.run below), so nothing is sent.
    jobs._send = lambda job_id: None
    # A worker that has run a job before has its URLs loaded (the first reverse() imports
    # every view, about 2 s here): load them now, as it would have.
    from django.urls import reverse

    reverse("council:election-manage", kwargs={"pk": election.pk})
    total = 0.0
    with connection.cursor() as cursor:
        postgresql = connection.vendor == "postgresql"
        cursor.execute("SELECT pg_backend_pid()" if postgresql else "SELECT 0")
        backend = cursor.fetchone()[0]
    for kind, label in (
        (council_jobs.CLOSE_VOTING, "close + seal"),
        (council_jobs.COUNT, "count + store"),
    ):
        job = jobs.start(kind=kind, user=actor, subject=jobs.subject_key(election))
        # What the worker's task does (core.tasks.run_job), in this process.
        db_cpu = _process_cpu(backend)
        timing = _harness.measure(jobs.run, job.pk)
        db_cpu = _process_cpu(backend) - db_cpu
        total += timing.ms / 1000
        job = Job.objects.get(pk=job.pk)
        _harness.say(
            f"# {label}: {timing.ms / 1000:.3f} s, {timing.queries} queries, this process's "
            f"CPU {timing.cpu_ms / 1000:.3f} s"
            + (f", database server CPU {db_cpu:.3f} s" if backend else "")
            + f" (job {timing.result}"
            f"{': ' + job.error if job.error else ''})"
        )
    election.refresh_from_db()
    elected = ", ".join(
        Nomination.objects.filter(election=election, elected_order__isnull=False)
        .order_by("elected_order")
        .values_list("ballot_name", flat=True)
    )
    _harness.say(f"# status {election.status}; elected {elected}")
    _harness.say(
        f"{number} ballots close + seal + count + store through the job, end to end: {total:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--end-to-end", action="store_true")
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument(
        "--seal",
        choices=["aead", "sealed_box"],
        default="aead",
        help="How the held ballots are sealed (Election.ballot_seal): sealed_box is the format "
        "of elections opened before issue 19's symmetric seal.",
    )
    parser.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="Ballot counts to time without the database, comma-separated.",
    )
    args = parser.parse_args()
    if args.end_to_end:
        end_to_end(args.ballots, args.seed, args.seal)
        return
    for size in (int(n) for n in args.sizes.split(",")):
        ballots = make_ballots(size, args.seed)
        started, cpu = time.perf_counter(), time.process_time()
        result = stv.count(candidates=CANDIDATES, ballots=ballots, seats=3, seed=args.seed)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        groups = len(stv.group_ballots(ballots))
        # Wall time is what counts; CPU time shows how much of it other processes took.
        _harness.say(
            f"# {size} ballots in {groups} distinct rankings, {len(result.stages)} stages, "
            f"elected {', '.join(result.elected)}; cpu {cpu:.3f} s"
        )
        _harness.say(f"{size} ballots: {elapsed:.3f} s")


if __name__ == "__main__":
    main()
