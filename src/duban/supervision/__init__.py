"""Supervision (督查督办): status lights, reporting cadence, reminders, review, dispatch, assessment."""
