"""Duban (督办): turns task-allocation documents into a supervised task ledger."""

__version__ = "0.1.0"
