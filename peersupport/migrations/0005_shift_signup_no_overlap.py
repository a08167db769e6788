"""On PostgreSQL, the database itself refuses two overlapping helpline shifts for one person.

Like migration 0002 for session sign-ups: an exclusion constraint over (person, time range)
for places on the rota, with ``int8range(user_id, user_id, '[]')`` standing in for equality
so plain GiST works without the btree_gist extension. SQLite has no such constraint; the
service's own check (with the person's row locked) covers it there.
"""

from django.db import migrations

CREATE = """
ALTER TABLE peersupport_shiftsignup ADD CONSTRAINT peer_shift_signup_no_overlap
EXCLUDE USING gist (
    int8range(user_id, user_id, '[]') WITH &&,
    tstzrange(starts_at, ends_at, '[)') WITH &&
) WHERE (status = 'on_rota')
"""
DROP = "ALTER TABLE peersupport_shiftsignup DROP CONSTRAINT IF EXISTS peer_shift_signup_no_overlap"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("peersupport", "0004_helpline_matching_expenses")]

    operations = [migrations.RunPython(forwards, backwards)]
