"""`duban import`, `duban demo` and the other ledger commands."""
