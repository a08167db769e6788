"""Make the election log append-only in the database itself (PostgreSQL).

Like the audit log (core/migrations/0003): UPDATE, DELETE and TRUNCATE are refused unless the
connection has set ``portal.allow_audit_purge`` to ``on``, which only the test settings do
(so the test runner can empty tables between tests).
"""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION council_electionlog_refuse_change() RETURNS trigger AS $$
BEGIN
    IF current_setting('portal.allow_audit_purge', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'council_electionlogentry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER council_electionlog_append_only
    BEFORE UPDATE OR DELETE ON council_electionlogentry
    FOR EACH ROW EXECUTE FUNCTION council_electionlog_refuse_change();
CREATE TRIGGER council_electionlog_no_truncate
    BEFORE TRUNCATE ON council_electionlogentry
    FOR EACH STATEMENT EXECUTE FUNCTION council_electionlog_refuse_change();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS council_electionlog_no_truncate ON council_electionlogentry;
DROP TRIGGER IF EXISTS council_electionlog_append_only ON council_electionlogentry;
DROP FUNCTION IF EXISTS council_electionlog_refuse_change();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_UP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_DOWN)


class Migration(migrations.Migration):
    dependencies = [("council", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
