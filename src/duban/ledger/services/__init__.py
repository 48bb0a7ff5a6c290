"""The ledger's service verbs: one entry point per workflow for views, API, CLI and commands.

Each verb runs under ``transaction.atomic`` and writes ObjectChange audit rows.
"""

from duban.ledger.services.accounts import save_account
from duban.ledger.services.audit import record_change
from duban.ledger.services.imports import (
    DuplicateDocument,
    ImportFailed,
    ImportPreview,
    build_import_preview,
    confirm_import,
    document_counts,
    preview_from_extraction,
)
from duban.ledger.services.tasks import (
    EditConflict,
    Responsibilities,
    confirm_document,
    delete_document,
    edit_task,
    review_report,
    search_tasks,
    submit_progress_report,
    tasks_in_role,
    units_responsibility_list,
)
from duban.ledger.services.units import (
    add_unit_alias,
    covering_unit_ids,
    create_unit,
    delete_unit_alias,
    get_or_create_region,
    merge_units,
    resolve_unit,
    unit_candidates,
    update_unit,
)

__all__ = [
    "EditConflict",
    "DuplicateDocument",
    "ImportFailed",
    "ImportPreview",
    "Responsibilities",
    "add_unit_alias",
    "build_import_preview",
    "confirm_document",
    "delete_document",
    "confirm_import",
    "covering_unit_ids",
    "create_unit",
    "delete_unit_alias",
    "document_counts",
    "edit_task",
    "get_or_create_region",
    "merge_units",
    "preview_from_extraction",
    "record_change",
    "resolve_unit",
    "review_report",
    "save_account",
    "search_tasks",
    "submit_progress_report",
    "unit_candidates",
    "tasks_in_role",
    "units_responsibility_list",
    "update_unit",
]
