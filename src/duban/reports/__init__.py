"""Reports out of the ledger: a document's ledger as Excel (in its source table's layout) or CSV."""

from duban.reports.ledger import ledger_csv, ledger_rows, ledger_xlsx

__all__ = ["ledger_csv", "ledger_rows", "ledger_xlsx"]
