"""``python manage.py seed_national``: load a national-scale data set for dashboards and bench/.

    python manage.py seed_national --not-production            # full size (a few minutes)
    python manage.py seed_national --scale 0.01 --not-production

Refuses to run twice on one database (it would double every figure), and refuses with DEBUG
off unless told this is not a live database (its bench accounts share a published
password). On PostgreSQL it loads with COPY; elsewhere with bulk inserts.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from bench.seeding.national import BENCH_PASSWORD, SLUG_PREFIX, NationalData
from council.models import Council
from dashboards import services
from dashboards.periods import presets


class Command(BaseCommand):
    help = "Load a national-scale data set (250,000 members at --scale 1) for benchmarks."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Share of the full national size to make (default 1; 0.01 for a quick run).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--not-production",
            action="store_true",
            help="Confirm this database is not a live one (needed when DEBUG is off).",
        )
        parser.add_argument(
            "--check-keys",
            action="store_true",
            help="Check every foreign key as rows are copied in (slower; the tests use it).",
        )
        parser.add_argument(
            "--no-snapshots",
            action="store_true",
            help="Do not count the dashboard figures for the usual periods afterwards.",
        )

    def handle(self, *args, scale: float, seed: int, not_production: bool, **options) -> None:
        if not settings.DEBUG and not not_production:
            raise CommandError(
                "The national data set makes bench accounts with a published password. "
                "Refusing with DEBUG off; pass --not-production if this is not a live database."
            )
        if not 0 < scale <= 2:
            raise CommandError("Give a --scale above 0 and at most 2.")
        if Council.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError(
                "The national data set is already loaded in this database. Loading it again "
                "would count everything twice: start from an empty database instead."
            )
        started = time.perf_counter()
        data = NationalData(scale=scale, seed=seed)
        with transaction.atomic():
            report = data.run(check_keys=options["check_keys"])
        loaded = time.perf_counter() - started
        self.stdout.write(f"{'table':<42} {'rows':>10} {'seconds':>8}")
        for label, rows, seconds in report:
            self.stdout.write(f"{label:<42} {rows:>10,} {seconds:>8.1f}")
        self.stdout.write(
            f"Loaded in {loaded:.1f} s (scale {scale}); foreign keys checked: {data.checks}."
        )
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh statistics (or the first counts plan as if the tables were empty) and the
            # visibility map, so counts from an index need not read the table: what
            # autovacuum would do some time after a bulk load.
            vacuumed = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
            self.stdout.write(f"Vacuumed and analysed in {time.perf_counter() - vacuumed:.1f} s.")
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if not options["no_snapshots"]:
            counted = time.perf_counter()
            services.snapshots_refresh_usual()
            self.stdout.write(
                f"Dashboard figures counted for {len(presets(data.today))} periods in "
                f"{time.perf_counter() - counted:.1f} s."
            )
        self.stdout.write(
            "Bench accounts: "
            + ", ".join(u.username for u in data.world.bench.values())
            + f" (password: {BENCH_PASSWORD!r})."
        )
