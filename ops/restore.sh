#!/usr/bin/env bash
# Restore a backup made by ops/backup.sh: the database and the uploads folder.
# Usage: CONFIRM=yes DATABASE_URL=postgres://... ops/restore.sh backups/portal-....tar
#        (or: make restore FILE=backups/portal-....tar CONFIRM=yes)
# It REPLACES what is there: every table in the database, and the uploads folder (the old
# folder is kept beside it as <folder>.before-restore-<time>). The database is created if
# it does not exist. The database restore is one transaction: all of it or none of it.
# Stop the web app and the workers first, so nothing writes while it runs.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "restore: $*" >&2; exit 2; }

FILE="${1:-${FILE:-}}"
[ -n "$FILE" ] || fail "say which backup to restore: make restore FILE=backups/portal-....tar CONFIRM=yes"
[ -f "$FILE" ] || fail "there is no file $FILE"
DATABASE_URL="${DATABASE_URL:-}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) fail "set DATABASE_URL to the PostgreSQL database to restore into (postgres://user@host:5432/name)." ;;
esac
if [ "${CONFIRM:-}" != "yes" ]; then
  fail "this replaces the database at DATABASE_URL and the uploads folder with the backup $FILE. If that is what you want, run it again with CONFIRM=yes."
fi
command -v pg_restore >/dev/null || fail "pg_restore is not installed (Debian: apt-get install postgresql-client)."

PY="${PY:-.venv/bin/python}"
[ -x "$PY" ] || PY=python3
if [ -z "${MEDIA_DIR:-}" ]; then
  MEDIA_DIR="$("$PY" -c 'import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup()
from django.conf import settings
print(settings.MEDIA_ROOT)')"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xf "$FILE" -C "$work"
[ -f "$work/database.dump" ] || fail "$FILE is not a portal backup (no database.dump in it)."

echo "restore: checking the uploads against the backup's checksums"
if [ -s "$work/uploads.sha256" ]; then
  (cd "$work/media" && sha256sum --quiet --strict -c "$work/uploads.sha256") \
    || fail "the uploads in $FILE do not match their checksums; nothing was changed."
fi

# Create the database if it is not there (a new server, or one dropped by the drill).
read -r admin_url db_name < <("$PY" - "$DATABASE_URL" <<'PY'
import sys
from urllib.parse import urlsplit, urlunsplit
url = urlsplit(sys.argv[1])
print(urlunsplit(url._replace(path="/postgres")), url.path.lstrip("/"))
PY
)
exists="$(psql "$admin_url" -XAt -v name="$db_name" <<<"SELECT 1 FROM pg_database WHERE datname = :'name'")"
if [ "$exists" != "1" ]; then
  echo "restore: creating database $db_name"
  createdb --maintenance-db="$admin_url" "$db_name"
fi

echo "restore: database"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname="$DATABASE_URL" "$work/database.dump"

echo "restore: uploads into $MEDIA_DIR"
if [ -e "$MEDIA_DIR" ]; then
  kept="$MEDIA_DIR.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
  mv "$MEDIA_DIR" "$kept"
  echo "restore: the old uploads folder is kept at $kept (delete it when you are sure)"
fi
mkdir -p "$(dirname "$MEDIA_DIR")"
mv "$work/media" "$MEDIA_DIR"
echo "restore: done from $FILE"
