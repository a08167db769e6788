"""Counters for the coding reports, kept exact by the database (see ``coding.models``).

``FinalCodeCount`` and ``CodingItemCount`` get one row of net change per key from triggers
on ``consultations_finalcode`` and ``consultations_codingitem``, so every writer keeps them
right: services, the demo, the national seeder's ``COPY``, the admin, cascading deletes.

* PostgreSQL: statement-level ``AFTER INSERT / UPDATE / DELETE`` triggers with transition
  tables. Each statement *inserts* its net change per key (never updates a shared row), so
  a bulk load of millions of rows costs one ``GROUP BY`` and concurrent coders never lock,
  wait on or deadlock over a counter row. ``AFTER TRUNCATE`` empties the counters. The
  triggers are ``ENABLE ALWAYS``: the national seeder loads as superuser with
  ``session_replication_role = replica`` (to skip foreign-key checks), which would otherwise
  silence them. (Should the coding tables ever be logically replicated, replicate the
  counted tables, not the counters, or the subscriber would count twice.)
* SQLite: row-level triggers that add to the key's one row (or make it).

Existing rows are counted once when the migration runs.
"""

# Table and column names are this module's own constants, never input.
# ruff: noqa: S608
import django.db.models.deletion
from django.db import migrations, models

FINAL = "consultations_finalcode"
FINAL_COUNT = "consultations_finalcodecount"
ITEM = "consultations_codingitem"
ITEM_COUNT = "consultations_codingitemcount"

# The counted key of a final code and of a coding item; ``r`` is the row (or transition
# table) it is read from. Only answers coded by both coders of a double-coded answer
# (``paired``) keep their two code sets in the key, as the agreement figures need.
FINAL_KEYS = ("question_id", "code_id")
ITEM_KEYS = ("question_id", "state", "paired", "first_codes", "second_codes")


def _final_key(r: str) -> list[str]:
    return [f"{r}.question_id", f"{r}.code_id"]


def _item_key(r: str) -> list[str]:
    paired = f"({r}.is_double AND {r}.passes_done = 2)"
    return [
        f"{r}.question_id",
        f"{r}.state",
        paired,
        f"CASE WHEN {paired} THEN {r}.first_codes ELSE '' END",
        f"CASE WHEN {paired} THEN {r}.second_codes ELSE '' END",
    ]


def _final_values(r: str, sign: str) -> list[str]:
    return [f"{sign}1", f"{sign}(CASE WHEN {r}.is_exemplar THEN 1 ELSE 0 END)"]


def _item_values(r: str, sign: str) -> list[str]:
    return [f"{sign}1"]


TABLES = (
    # (counted table, counter table, key columns, key of, value columns, values of)
    (FINAL, FINAL_COUNT, FINAL_KEYS, _final_key, ("answers", "exemplars"), _final_values),
    (ITEM, ITEM_COUNT, ITEM_KEYS, _item_key, ("items",), _item_values),
)


def _delta_select(keys, key_of, value_cols, values_of, sources) -> str:
    """Net change per key from ``sources`` [(transition table, sign)], zero changes left out."""
    parts = []
    for table, sign in sources:
        cols = [f"{e} AS {c}" for e, c in zip(key_of("r"), keys, strict=True)]
        cols += [f"{e} AS {c}" for e, c in zip(values_of("r", sign), value_cols, strict=True)]
        parts.append(f"SELECT {', '.join(cols)} FROM {table} r")
    sums = ", ".join(f"sum({c})" for c in value_cols)
    nonzero = " OR ".join(f"sum({c}) <> 0" for c in value_cols)
    return (
        f"SELECT {', '.join(keys)}, {sums} FROM ({' UNION ALL '.join(parts)}) d "
        f"GROUP BY {', '.join(keys)} HAVING {nonzero}"
    )


def _pg_up() -> list[str]:
    sql = []
    for counted, counter, keys, key_of, value_cols, values_of in TABLES:
        insert = f"INSERT INTO {counter} ({', '.join(keys)}, {', '.join(value_cols)}) "
        for op, sources in (
            ("insert", [("coding_new", "")]),
            ("update", [("coding_new", ""), ("coding_old", "-")]),
            ("delete", [("coding_old", "-")]),
        ):
            name = f"{counter}_{op}"
            select = _delta_select(keys, key_of, value_cols, values_of, sources)
            referencing = {
                "insert": "NEW TABLE AS coding_new",
                "update": "NEW TABLE AS coding_new OLD TABLE AS coding_old",
                "delete": "OLD TABLE AS coding_old",
            }[op]
            sql.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$\n"
                f"BEGIN\n    {insert}{select};\n    RETURN NULL;\nEND;\n$$ LANGUAGE plpgsql"
            )
            sql.append(
                f"CREATE TRIGGER {name} AFTER {op.upper()} ON {counted} "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
            sql.append(f"ALTER TABLE {counted} ENABLE ALWAYS TRIGGER {name}")
        sql.append(
            f"CREATE OR REPLACE FUNCTION {counter}_truncate() RETURNS trigger AS $$\n"
            f"BEGIN\n    DELETE FROM {counter};\n    RETURN NULL;\nEND;\n$$ LANGUAGE plpgsql"
        )
        sql.append(
            f"CREATE TRIGGER {counter}_truncate AFTER TRUNCATE ON {counted} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {counter}_truncate()"
        )
        sql.append(f"ALTER TABLE {counted} ENABLE ALWAYS TRIGGER {counter}_truncate")
    return sql


def _pg_down() -> list[str]:
    sql = []
    for counted, counter, *_rest in TABLES:
        for op in ("insert", "update", "delete", "truncate"):
            sql.append(f"DROP TRIGGER IF EXISTS {counter}_{op} ON {counted}")
            sql.append(f"DROP FUNCTION IF EXISTS {counter}_{op}()")
    return sql


def _sqlite_add(counter, keys, key_exprs, value_cols, value_exprs) -> str:
    """Add to the key's one row, or make it."""
    match = " AND ".join(f"{c} = {e}" for c, e in zip(keys, key_exprs, strict=True))
    sets = ", ".join(f"{c} = {c} + {e}" for c, e in zip(value_cols, value_exprs, strict=True))
    return (
        f"UPDATE {counter} SET {sets} WHERE id = (SELECT min(id) FROM {counter} WHERE {match});\n"
        f"INSERT INTO {counter} ({', '.join(keys)}, {', '.join(value_cols)}) "
        f"SELECT {', '.join(key_exprs)}, {', '.join(value_exprs)} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {counter} WHERE {match});"
    )


def _sqlite_up() -> list[str]:
    sql = []
    for counted, counter, keys, key_of, value_cols, values_of in TABLES:
        add_new = _sqlite_add(counter, keys, key_of("NEW"), value_cols, values_of("NEW", ""))
        take_old = _sqlite_add(counter, keys, key_of("OLD"), value_cols, values_of("OLD", "-"))
        changed = " OR ".join(
            f"{o} IS NOT {n}"
            for o, n in zip(
                key_of("OLD") + values_of("OLD", ""),
                key_of("NEW") + values_of("NEW", ""),
                strict=True,
            )
        )
        sql.append(
            f"CREATE TRIGGER {counter}_insert AFTER INSERT ON {counted} BEGIN\n{add_new}\nEND"
        )
        sql.append(
            f"CREATE TRIGGER {counter}_update AFTER UPDATE ON {counted} WHEN {changed} BEGIN\n"
            f"{take_old}\n{add_new}\nEND"
        )
        sql.append(
            f"CREATE TRIGGER {counter}_delete AFTER DELETE ON {counted} BEGIN\n{take_old}\nEND"
        )
    return sql


def _sqlite_down() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {counter}_{op}"
        for _counted, counter, *_rest in TABLES
        for op in ("insert", "update", "delete")
    ]


def _fill() -> list[str]:
    """Count the rows already there."""
    sql = []
    for counted, counter, keys, key_of, value_cols, values_of in TABLES:
        sql.append(f"DELETE FROM {counter}")
        select = _delta_select(keys, key_of, value_cols, values_of, [(counted, "")])
        sql.append(f"INSERT INTO {counter} ({', '.join(keys)}, {', '.join(value_cols)}) {select}")
    return sql


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _pg_up()
    elif vendor == "sqlite":
        statements = _sqlite_up()
    else:
        raise NotImplementedError(f"No coding counter triggers for {vendor}")
    for statement in [*statements, *_fill()]:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = _pg_down() if vendor == "postgresql" else _sqlite_down()
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0002_coding"),
    ]

    operations = [
        migrations.CreateModel(
            name="CodingItemCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("to_code", "Still to code"),
                            ("awaiting_second", "Waiting for a second coder"),
                            ("disagreement", "Coders disagree: waiting for a lead coder"),
                            ("done", "Coded"),
                        ],
                        max_length=20,
                    ),
                ),
                ("paired", models.BooleanField(default=False)),
                ("first_codes", models.CharField(blank=True, max_length=500)),
                ("second_codes", models.CharField(blank=True, max_length=500)),
                ("items", models.IntegerField(default=0)),
                (
                    "question",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="consultations.question",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["question", "state", "paired", "first_codes", "second_codes"],
                        name="coding_item_count_idx",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="FinalCodeCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("answers", models.IntegerField(default=0)),
                ("exemplars", models.IntegerField(default=0)),
                (
                    "code",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="consultations.code",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="consultations.question",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["question", "code"],
                        name="coding_final_count_idx",
                    )
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
