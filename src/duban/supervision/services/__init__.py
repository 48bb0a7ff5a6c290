"""Supervision's service verbs, one module per workflow; each write runs under
``transaction.atomic`` and is called alike by views, the CLI and the scheduler."""
