"""The staff admin of the record store, one module per area. Django's autodiscovery imports this
package; importing each module registers its admins on the staff site (portal.staff_site).

store: regions, departments, subjects, every record kind, rules, list types, measures
workflow, review, queue: publication states, revisions under review, the review queue
lists: the serious-dishonesty list procedure; commitments: online commitments
cases: typical cases of joint measures (credit repair and objections: records/appeals/admin.py)
exchange: API tokens, ingested batches, exports to 信用中国; agencies: rating agencies
staff, accounts: staff accounts and roles, account applications; audit: the audit trail
scoping, text, views: department scoping, Chinese admin text, staff pages that are not lists
"""

from records.admin import (  # noqa: F401
    accounts,
    agencies,
    audit,
    cases,
    exchange,
    lists,
    review,
    staff,
    store,
)
from records.appeals import admin as appeals_admin  # noqa: E402,F401
