"""The ledger (台账): documents, tasks, units and their aliases, progress reports, change history."""
