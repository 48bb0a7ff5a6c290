"""Reliability tests: concurrency, optimistic locking, faults, backup and restore."""
