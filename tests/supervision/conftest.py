"""Supervision's browser tests reuse the web tests' chromium fixtures (``browser``, ``page``)."""

from web.conftest import browser, page  # noqa: F401  (pytest fixtures, re-exported)
