"""On PostgreSQL, the database itself refuses two overlapping sign-ups for one person.

An exclusion constraint over (person, time range) for sign-ups that hold a place or a
waiting-list spot. ``int8range(user_id, user_id, '[]')`` stands in for equality on the
person so that plain GiST works without the btree_gist extension (which needs a superuser).
SQLite has no such constraint; the service's own check covers it there.
"""

from django.db import migrations

CREATE = """
ALTER TABLE peersupport_signup ADD CONSTRAINT peer_signup_no_overlap
EXCLUDE USING gist (
    int8range(user_id, user_id, '[]') WITH &&,
    tstzrange(starts_at, ends_at, '[)') WITH &&
) WHERE (status IN ('confirmed', 'waiting'))
"""
DROP = "ALTER TABLE peersupport_signup DROP CONSTRAINT IF EXISTS peer_signup_no_overlap"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("peersupport", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
