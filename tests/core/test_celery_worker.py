"""A real task through a real broker and a real worker (CI runs this against Redis)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery_app import app
from core.models import Notification

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL.startswith("redis://"),
        reason="needs CELERY_BROKER_URL=redis://... (CI's PostgreSQL + Redis run sets it)",
    ),
]


@pytest.fixture
def worker(transactional_db):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        CELERY_TASK_ALWAYS_EAGER="false",
        # The worker must use the database this test wrote to.
        DATABASE_URL=_database_url(),
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            "portal-test",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)


def _database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_notification_is_delivered_by_a_worker_through_the_broker(worker, member):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("an in-memory SQLite database cannot be shared with a worker process")
    member.email = "mo@example.org"
    member.save()
    note = Notification.objects.create(
        user=member, kind="test", subject="s", body="b", email_status="queued"
    )
    app.conf.task_always_eager = False
    try:
        result = app.send_task(
            "core.tasks.deliver_notification", args=[note.pk], queue="portal-test"
        )
        assert result.get(timeout=60) is True
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    note.refresh_from_db()
    assert note.delivered_at is not None
    assert note.email_status == "sent"
