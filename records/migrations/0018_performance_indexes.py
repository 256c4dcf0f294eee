"""Indexes for province-scale reads (issue 16), and none that another index already covers.

Added:
- every record table: (status, decision_date DESC, id DESC) replaces (status, decision_date DESC):
  the public lists (pages, open data) filter on status = published and order newest first, and
  the open-data cursor ((decision_date, id) < (...)) becomes one index range scan;
- every record table and subjects: (updated_at, id) replaces (updated_at): the changes feeds'
  cursor ((updated_at, id) > (...)) is one index range scan even when a million rows share one
  updated_at (as after seeding), instead of a sequential scan and a sort per page;
- penalties: (decision_date DESC, id DESC), the order of the admin change list.

Dropped (each cost every push and every seeded row, and no query needs it):
- the single-column subject_id and department_id indexes of the record tables: the
  (subject, decision_date) and (department, decision_date) indexes start with those columns
  (department also leads the natural key's unique index);
- subjects.updated_at's own index (replaced by (updated_at, id) above);
- subject_name_prefix (PostgreSQL, from 0006): `name varchar_pattern_ops` is exactly the
  `records_subject_name_..._like` index Django creates for the indexed CharField `name`.

Online on PostgreSQL: the record tables hold millions of rows and department systems push all
day. A plain CREATE INDEX holds a SHARE lock on the table for the whole build (pushes and
imports wait tens of seconds per index) and DROP INDEX an ACCESS EXCLUSIVE one, so every index
here is built and dropped CONCURRENTLY. That cannot run inside a transaction, hence
atomic = False: each step commits on its own, and the new indexes are built before the ones
they replace are dropped, so a migration stopped half way leaves every query served. Run again,
it carries on: an index already built is kept, one left INVALID by an interrupted concurrent
build is dropped and built again, and the drops are IF EXISTS. The foreign keys lose their index
through a state-only AlterField plus a DROP INDEX: a database AlterField would drop and re-add
each FOREIGN KEY constraint, re-validating every row of the table under lock. SQLite (tests,
the embedded default) gets the same indexes with plain CREATE/DROP INDEX.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models
from django.db.migrations.operations import AddIndex, RemoveIndex

RECORD_TABLES = [
    "abnormaloperation",
    "administrativeaction",
    "commitment",
    "inspection",
    "listentry",
    "penalty",
    "permit",
    "rating",
]
FK_COLUMNS = ["subject", "department"]


def _postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def _index_state(schema_editor, name: str) -> bool | None:
    """PostgreSQL: None if there is no such index, else whether it is valid (usable)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relname = %s AND pg_catalog.pg_table_is_visible(c.oid)",
            [name],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


class AddIndexOnline(AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL, a plain CREATE INDEX elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _postgres(schema_editor):
            state = _index_state(schema_editor, self.index.name)
            if state:  # built by an earlier, interrupted run
                return None
            if state is False:  # left INVALID by an interrupted concurrent build
                schema_editor.execute(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(self.index.name)}"
                )
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _postgres(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


class RemoveIndexOnline(RemoveIndexConcurrently):
    """DROP INDEX CONCURRENTLY on PostgreSQL, a plain DROP INDEX elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _postgres(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return RemoveIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _postgres(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return RemoveIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


def _single_column_indexes(schema_editor, model, column):
    return schema_editor._constraint_names(model, [column], index=True, unique=False, primary_key=False)


def drop_column_indexes(targets):
    """The plain one-column index of each (model, field), whatever its generated name."""

    def run(apps, schema_editor):
        drop = (
            "DROP INDEX CONCURRENTLY IF EXISTS %s" if _postgres(schema_editor) else "DROP INDEX IF EXISTS %s"
        )
        for model_name, field_name in targets:
            model = apps.get_model("records", model_name)
            column = model._meta.get_field(field_name).column
            for name in _single_column_indexes(schema_editor, model, column):
                schema_editor.execute(drop % schema_editor.quote_name(name))

    return run


def create_column_indexes(targets):
    def run(apps, schema_editor):
        for model_name, field_name in targets:
            model = apps.get_model("records", model_name)
            field = model._meta.get_field(field_name)
            if _single_column_indexes(schema_editor, model, field.column):
                continue
            extra = {"concurrently": True} if _postgres(schema_editor) else {}
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[field], **extra))

    return run


def drop_name_prefix(apps, schema_editor):
    if _postgres(schema_editor):
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS subject_name_prefix")


def create_name_prefix(apps, schema_editor):
    if _postgres(schema_editor):
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS subject_name_prefix"
            " ON records_subject (name varchar_pattern_ops)"
        )


FK_TARGETS = [(model, field) for model in RECORD_TABLES for field in FK_COLUMNS]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("records", "0017_list_procedure"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # 1. The new indexes, before anything they replace goes.
        AddIndexOnline(
            model_name="abnormaloperation",
            index=models.Index(fields=["status", "-decision_date", "-id"], name="abnormaloperation_st_dt_id"),
        ),
        AddIndexOnline(
            model_name="abnormaloperation",
            index=models.Index(fields=["updated_at", "id"], name="abnormaloperation_upd_id"),
        ),
        AddIndexOnline(
            model_name="administrativeaction",
            index=models.Index(
                fields=["status", "-decision_date", "-id"], name="administrativeaction_st_dt_id"
            ),
        ),
        AddIndexOnline(
            model_name="administrativeaction",
            index=models.Index(fields=["updated_at", "id"], name="administrativeaction_upd_id"),
        ),
        AddIndexOnline(
            model_name="commitment",
            index=models.Index(fields=["status", "-decision_date", "-id"], name="commitment_st_dt_id"),
        ),
        AddIndexOnline(
            model_name="commitment",
            index=models.Index(fields=["updated_at", "id"], name="commitment_upd_id"),
        ),
        AddIndexOnline(
            model_name="inspection",
            index=models.Index(fields=["status", "-decision_date", "-id"], name="inspection_st_dt_id"),
        ),
        AddIndexOnline(
            model_name="inspection",
            index=models.Index(fields=["updated_at", "id"], name="inspection_upd_id"),
        ),
        AddIndexOnline(
            model_name="listentry",
            index=models.Index(fields=["status", "-decision_date", "-id"], name="listentry_st_dt_id"),
        ),
        AddIndexOnline(
            model_name="listentry",
            index=models.Index(fields=["updated_at", "id"], name="listentry_upd_id"),
        ),
        AddIndexOnline(
            model_name="penalty",
            index=models.Index(fields=["status", "-decision_date", "-id"], name="penalty_st_dt_id"),
        ),
        AddIndexOnline(
            model_name="penalty",
            index=models.Index(fields=["updated_at", "id"], name="penalty_upd_id"),
        ),
        AddIndexOnline(
            model_name="penalty",
            index=models.Index(fields=["-decision_date", "-id"], name="penalty_date_id"),
        ),
        AddIndexOnline(
            model_name="permit",
            index=models.Index(fields=["status", "-decision_date", "-id"], name="permit_st_dt_id"),
        ),
        AddIndexOnline(
            model_name="permit",
            index=models.Index(fields=["updated_at", "id"], name="permit_upd_id"),
        ),
        AddIndexOnline(
            model_name="rating",
            index=models.Index(fields=["status", "-decision_date", "-id"], name="rating_st_dt_id"),
        ),
        AddIndexOnline(
            model_name="rating",
            index=models.Index(fields=["updated_at", "id"], name="rating_upd_id"),
        ),
        AddIndexOnline(
            model_name="subject",
            index=models.Index(fields=["updated_at", "id"], name="subject_updated_id"),
        ),
        # 2. What they replace.
        RemoveIndexOnline(
            model_name="abnormaloperation",
            name="abnormaloperation_st_date",
        ),
        RemoveIndexOnline(
            model_name="abnormaloperation",
            name="abnormaloperation_updated",
        ),
        RemoveIndexOnline(
            model_name="administrativeaction",
            name="administrativeaction_st_date",
        ),
        RemoveIndexOnline(
            model_name="administrativeaction",
            name="administrativeaction_updated",
        ),
        RemoveIndexOnline(
            model_name="commitment",
            name="commitment_st_date",
        ),
        RemoveIndexOnline(
            model_name="commitment",
            name="commitment_updated",
        ),
        RemoveIndexOnline(
            model_name="inspection",
            name="inspection_st_date",
        ),
        RemoveIndexOnline(
            model_name="inspection",
            name="inspection_updated",
        ),
        RemoveIndexOnline(
            model_name="listentry",
            name="listentry_st_date",
        ),
        RemoveIndexOnline(
            model_name="listentry",
            name="listentry_updated",
        ),
        RemoveIndexOnline(
            model_name="penalty",
            name="penalty_st_date",
        ),
        RemoveIndexOnline(
            model_name="penalty",
            name="penalty_updated",
        ),
        RemoveIndexOnline(
            model_name="permit",
            name="permit_st_date",
        ),
        RemoveIndexOnline(
            model_name="permit",
            name="permit_updated",
        ),
        RemoveIndexOnline(
            model_name="rating",
            name="rating_st_date",
        ),
        RemoveIndexOnline(
            model_name="rating",
            name="rating_updated",
        ),
        # 3. Single-column indexes that a composite one starts with: dropped by name, the field
        #    altered in the state only (see the docstring).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="abnormaloperation",
                    name="department",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.department",
                        verbose_name="数据来源单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="abnormaloperation",
                    name="subject",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.subject",
                        verbose_name="信用主体",
                    ),
                ),
                migrations.AlterField(
                    model_name="administrativeaction",
                    name="department",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.department",
                        verbose_name="数据来源单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="administrativeaction",
                    name="subject",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.subject",
                        verbose_name="信用主体",
                    ),
                ),
                migrations.AlterField(
                    model_name="commitment",
                    name="department",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.department",
                        verbose_name="数据来源单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="commitment",
                    name="subject",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.subject",
                        verbose_name="信用主体",
                    ),
                ),
                migrations.AlterField(
                    model_name="inspection",
                    name="department",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.department",
                        verbose_name="数据来源单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="inspection",
                    name="subject",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.subject",
                        verbose_name="信用主体",
                    ),
                ),
                migrations.AlterField(
                    model_name="listentry",
                    name="department",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.department",
                        verbose_name="数据来源单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="listentry",
                    name="subject",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.subject",
                        verbose_name="信用主体",
                    ),
                ),
                migrations.AlterField(
                    model_name="penalty",
                    name="department",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.department",
                        verbose_name="数据来源单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="penalty",
                    name="subject",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.subject",
                        verbose_name="信用主体",
                    ),
                ),
                migrations.AlterField(
                    model_name="permit",
                    name="department",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.department",
                        verbose_name="数据来源单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="permit",
                    name="subject",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.subject",
                        verbose_name="信用主体",
                    ),
                ),
                migrations.AlterField(
                    model_name="rating",
                    name="department",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.department",
                        verbose_name="数据来源单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="rating",
                    name="subject",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)s_set",
                        to="records.subject",
                        verbose_name="信用主体",
                    ),
                ),
                migrations.AlterField(
                    model_name="subject",
                    name="updated_at",
                    field=models.DateTimeField(auto_now=True, verbose_name="更新时间"),
                ),
            ],
            database_operations=[
                migrations.RunPython(
                    drop_column_indexes([*FK_TARGETS, ("subject", "updated_at")]),
                    create_column_indexes([*FK_TARGETS, ("subject", "updated_at")]),
                ),
            ],
        ),
        migrations.RunPython(drop_name_prefix, create_name_prefix),
    ]
