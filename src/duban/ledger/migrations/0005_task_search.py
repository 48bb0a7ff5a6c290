"""Text search: one TaskSearch row per task, filled for the existing tasks; on PostgreSQL the
``duban_search_keys`` function and the GIN index over it (see ``ledger.services.search``)."""

import django.db.models.deletion
from django.db import migrations, models

# Every character and every pair of adjacent characters of seq, newline, text: the pairs at
# even and at odd offsets, cut apart at \x01. Built-in C functions only, so an index build
# stays cheap. PARALLEL RESTRICTED: parallel workers scanning for a page of 50 each run far past
# it (they do not see the LIMIT), and this machine class has two cores. The FROM keeps
# PostgreSQL from inlining the body, so that attribute holds.
CREATE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION duban_search_keys(text text, seq text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL RESTRICTED AS $$
  SELECT regexp_split_to_array(body, '')
      || string_to_array(regexp_replace(body, '(..)', E'\\1\x01', 'g'), E'\x01')
      || string_to_array(regexp_replace(substr(body, 2), '(..)', E'\\1\x01', 'g'), E'\x01')
  FROM (SELECT seq || E'\n' || text AS body) AS joined
$$
"""
CREATE_INDEX = (
    "CREATE INDEX ledger_tasksearch_keys ON ledger_tasksearch "
    "USING gin (duban_search_keys(text, seq))"
)
DROP = [
    "DROP INDEX IF EXISTS ledger_tasksearch_keys",
    "DROP FUNCTION IF EXISTS duban_search_keys(text, text)",
]


def fill_search_text(apps, schema_editor):
    from duban.ledger.services.search import refresh_search_text

    refresh_search_text(apps=apps)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)
        schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # GIN builds in memory
        schema_editor.execute(CREATE_INDEX)
        schema_editor.execute("ANALYZE ledger_tasksearch")


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0004_assignment_report_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaskSearch",
            fields=[
                (
                    "task",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="ledger.task",
                    ),
                ),
                ("seq", models.CharField(blank=True, max_length=20, verbose_name="序号")),
                ("text", models.TextField(blank=True, verbose_name="检索文本")),
            ],
            options={
                "verbose_name": "任务检索文本",
                "verbose_name_plural": "任务检索文本",
            },
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
