"""The audit trail: every change, from every channel, in the same transaction as the change.

Two ways in, one table (records.models.AuditEntry):

* Single saves and deletes (admin forms and actions, the publication workflow, corrections,
  repairs, token and delegation changes, public applications) are caught by model signals for
  every *registered* model: at start-up every model of an audited app is registered (so a model
  added later is covered without further code), except staging rows and the batch log, which
  are not records. `register(model)` adds a model of another app. Signals fire only while an
  AuditContext is active: records.middleware opens one for every request (channel admin for
  staff, public otherwise, api for the department API), `acting(...)` opens one for a service
  or a command. The staff admin runs its POST views in a transaction, so the entry commits with
  the change.
* Bulk writes (the push API, the upload page, `import_records`, `expire_publications`) never
  go through save(): they are multi-row INSERT/UPDATE statements. The service that writes them
  already holds each row's values before and after, so it hands them to `write_bulk()` in the
  same transaction, which adds the entries with one COPY per chunk on PostgreSQL (bulk_create
  on SQLite). Push throughput stays above 5,000 new rows/s (docs/benchmarks.md).

Why not triggers (django-pghistory): they would catch bulk writes for free, but only on
PostgreSQL (SQLite, the embedded default, would still need this path), and a trigger knows
neither the token, the channel nor the batch unless every writer sets session variables
first. Why not django-auditlog: it is signal based and misses bulk writes like the signals here.
What the database does enforce: on PostgreSQL a trigger refuses UPDATE and DELETE of audit rows
(records migration 0010); TRUNCATE, which only a database owner's flush or test teardown runs,
is not a row change and stays possible.
"""

from records.audit.bulk import Change, write_bulk, write_created
from records.audit.context import AuditContext, acting, client_ip, current, set_token
from records.audit.entries import (
    AUDITED_APPS,
    IGNORED_FIELDS,
    MASKED,
    NOT_AUDITED,
    SECRET_FIELDS,
    audit_log,
    diff,
    snapshot,
)
from records.audit.signals import connect, is_audited, register

__all__ = [
    "AUDITED_APPS",
    "IGNORED_FIELDS",
    "MASKED",
    "NOT_AUDITED",
    "SECRET_FIELDS",
    "AuditContext",
    "Change",
    "acting",
    "audit_log",
    "client_ip",
    "connect",
    "current",
    "diff",
    "is_audited",
    "register",
    "set_token",
    "snapshot",
    "write_bulk",
    "write_created",
]
