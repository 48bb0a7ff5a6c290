"""The REST API (``/api/v1/``): django-ninja routers over the ledger and supervision services.

Delivery only: every route fetches with the ledger's permission helpers and calls the same
service verbs the web views call; the one model here is the per-user API token.
"""
