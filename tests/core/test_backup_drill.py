"""Backups that restore (issue 19): the drill, on PostgreSQL, with the real scripts.

Demo data and uploads go in; ``ops/backup.sh`` writes the archive; the database is dropped
and the uploads folder deleted; ``ops/restore.sh`` brings both back. Every table must have
the same number of rows and every upload the same checksum.
"""

import hashlib
import io
import os
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "ops" / script), *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def _checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_drill_drop_the_database_and_restore_everything(tmp_path, settings):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    call_command("seed_demo", not_production=True, stdout=io.StringIO())
    uploads = storages["default"]
    uploads.save("peersupport/receipts/2026/12/ticket.pdf", ContentFile(b"%PDF-1.4 ticket"))
    uploads.save("actionplan/evidence/photo name.png", ContentFile(bytes(range(256)) * 40))
    uploads.save("actionplan/evidence/empty.txt", ContentFile(b""))
    rows_before = _row_counts()
    files_before = _checksums(media)
    assert rows_before["users_user"] >= 8 and sum(rows_before.values()) > 100
    assert len(files_before) == 3

    backups = tmp_path / "backups"
    env = {"DATABASE_URL": _database_url(), "MEDIA_DIR": str(media), "BACKUP_DIR": str(backups)}
    made = _run("backup.sh", **env)
    assert made.returncode == 0, made.stderr
    [archive] = list(backups.glob("portal-*.tar"))
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # personal data: owner only

    # Disaster: the database is dropped and the uploads folder is gone.
    name = connection.settings_dict["NAME"]
    connections.close_all()
    admin = _database_url().rsplit("/", 1)[0] + "/postgres"
    pg = psycopg2.connect(admin)
    pg.autocommit = True
    with pg.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    pg.close()
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    media.rmdir()

    refused = _run("restore.sh", str(archive), **env)  # no CONFIRM=yes: nothing happens
    assert refused.returncode != 0 and "CONFIRM=yes" in refused.stderr
    assert not media.exists()

    restored = _run("restore.sh", str(archive), CONFIRM="yes", **env)
    assert restored.returncode == 0, restored.stderr
    assert _row_counts() == rows_before
    assert _checksums(media) == files_before


def test_backup_refuses_anything_but_postgresql_in_plain_words(tmp_path):
    result = _run("backup.sh", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode == 2
    assert "only with PostgreSQL" in result.stderr
    assert not (ROOT / "backups").exists() or not list((ROOT / "backups").glob("*.partial"))


def test_restore_refuses_without_confirmation(tmp_path):
    archive = tmp_path / "portal-x.tar"
    archive.write_bytes(b"")
    result = _run("restore.sh", str(archive), DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing")
    assert result.returncode == 2
    assert "run it again with CONFIRM=yes" in result.stderr
