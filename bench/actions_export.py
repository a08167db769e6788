"""The actions export off the request (issue 19): the page a person waits on, and the job.

Makes ``--actions`` actions (20,000 by default, the national figure) in the database it is given
if it holds fewer, then prints, in milliseconds: the export page (GET: what the file will hold),
starting the job (POST), and the job building the CSV and the Excel file. Never fails on time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch> \\
        .venv/bin/python bench/actions_export.py [--actions 20000]

The database must be migrated first (``manage.py migrate``). It writes bench rows into it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def _data(n: int):  # noqa: ANN202
    import datetime

    from actionplan.models import Action, Objective, Plan
    from users.models import User
    from users.roles import Role

    staff, _made = User.objects.get_or_create(username="bench-export-staff")
    from django.contrib.auth.models import Group

    staff.groups.add(Group.objects.get_or_create(name=Role.STAFF)[0])
    # Staff must have two-factor sign-in set up, or every page sends them to set it up.
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(staff, generate_totp_secret())
    have = Action.objects.count()
    if have < n:
        plan = Plan.objects.create(
            title="Bench plan",
            starts_on=datetime.date(2026, 4, 1),
            ends_on=datetime.date(2028, 3, 31),
            created_by=staff,
        )
        objective = Objective.objects.create(plan=plan, number=1, title="Bench", term="short")
        due = datetime.date(2027, 1, 1)
        Action.objects.bulk_create(
            [
                Action(
                    objective=objective,
                    title=f"Bench action {i}",
                    description="Written for the bench. " * 5,
                    owner=staff,
                    due_on=due + datetime.timedelta(days=i % 400),
                    created_by=staff,
                )
                for i in range(n - have)
            ],
            batch_size=2000,
        )
    return staff


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201


def _ms(func) -> tuple[float, int]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        func()
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed, len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=20_000)
    args = parser.parse_args()
    setup_test_environment()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-export-")
    settings.ALLOWED_HOSTS = ["*"]
    from actionplan import jobs as action_jobs
    from actionplan.models import Action
    from core import jobs
    from core.models import Job

    staff = _data(args.actions)
    _say(f"{Action.objects.count():,} actions")
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    url = reverse("actionplan:export-csv")
    assert client.get(url).status_code == 200, "the export page did not answer"
    elapsed, queries = _ms(lambda: client.get(url))
    _say(f"export page (GET):            {elapsed:8.1f} ms  ({queries} queries)")
    Job.objects.filter(kind=action_jobs.EXPORT, status__in=Job.ACTIVE).delete()
    response = None

    def start() -> None:
        nonlocal response
        response = client.post(url)

    elapsed, queries = _ms(start)
    _say(f"start the job (POST):         {elapsed:8.1f} ms  ({queries} queries)")
    for fmt in ("csv", "xlsx"):
        Job.objects.filter(kind=action_jobs.EXPORT, status__in=Job.ACTIVE).delete()
        job = action_jobs.start(user=staff, fmt=fmt, filters=action_jobs.filters_from({}))
        elapsed, queries = _ms(lambda j=job: jobs.run(j.pk))
        job.refresh_from_db()
        size = job.result_file.size if job.result_file else 0
        _say(
            f"job builds the {fmt.upper():4} file:     {elapsed:8.1f} ms  ({queries} queries, "
            f"{size / 1e6:.1f} MB, {job.status})"
        )


if __name__ == "__main__":
    main()
