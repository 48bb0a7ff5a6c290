"""Across documents: the same document again, revisions and next year's plan as diffs, one unit's
whole load, county ↔ city ↔ province linking, intake quality checks and closing evidence."""
