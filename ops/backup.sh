#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and the uploads
# folder (MEDIA_ROOT: action evidence, expense receipts), in one dated archive:
#   backups/portal-YYYYMMDDTHHMMSSZ.tar   (database.dump, uploads.sha256, media/...)
# Usage: DATABASE_URL=postgres://... ops/backup.sh      (or: make backup)
# Optional: BACKUP_DIR (default backups), MEDIA_DIR (default: Django's MEDIA_ROOT).
# The archive holds personal data: it is written readable by its owner only; keep it as
# carefully as the database itself.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "backup: $*" >&2; exit 2; }

DATABASE_URL="${DATABASE_URL:-}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  "") fail "set DATABASE_URL to the PostgreSQL database to back up (postgres://user@host:5432/name). The SQLite demo database is not backed up by this script." ;;
  *) fail "backups work only with PostgreSQL, and DATABASE_URL is not a postgres:// address. The SQLite demo database is not backed up by this script." ;;
esac
command -v pg_dump >/dev/null || fail "pg_dump is not installed (Debian: apt-get install postgresql-client)."

PY="${PY:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3
if [ -z "${MEDIA_DIR:-}" ]; then
  MEDIA_DIR="$("$PY" -c 'import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup()
from django.conf import settings
print(settings.MEDIA_ROOT)')"
fi
BACKUP_DIR="${BACKUP_DIR:-backups}"

umask 077
mkdir -p "$BACKUP_DIR"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
archive="$BACKUP_DIR/portal-$stamp.tar"
work="$(mktemp -d)"
trap 'rm -rf "$work" "$archive.partial"' EXIT

echo "backup: database"
pg_dump --format=custom --no-owner --no-privileges --file="$work/database.dump" "$DATABASE_URL"

echo "backup: uploads from $MEDIA_DIR"
mkdir -p "$work/media"
if [ -d "$MEDIA_DIR" ]; then
  (cd "$MEDIA_DIR" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum) >"$work/uploads.sha256"
else
  echo "backup: (no uploads folder yet)"
  : >"$work/uploads.sha256"
fi
{
  echo "created_utc=$stamp"
  echo "pg_dump=$(pg_dump --version)"
  echo "uploads=$(wc -l <"$work/uploads.sha256")"
} >"$work/ABOUT"

tar -cf "$archive.partial" -C "$work" ABOUT database.dump uploads.sha256 media
if [ -d "$MEDIA_DIR" ]; then
  absolute="$(cd "$(dirname "$archive")" && pwd)/$(basename "$archive").partial"
  (cd "$MEDIA_DIR" && find . -type f -print0 | sort -z \
    | tar -rf "$absolute" --null --no-recursion -T - --transform 's,^\./,media/,')
fi
mv "$archive.partial" "$archive"
echo "backup: written $archive ($(du -h "$archive" | cut -f1))"
