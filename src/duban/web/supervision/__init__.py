"""Supervision's web pages (dashboard, warnings, reminders, review and closing, dispatch
reports, assessment); included from ``duban.web.urls`` under ``supervision/``."""
