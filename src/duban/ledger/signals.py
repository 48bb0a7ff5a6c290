"""The ledger's own signals, for the layers above it (the ledger never imports them).

``document_landed``: a document and all its tasks were written by an import (bulk inserts, so
no ``post_save`` per task); sent inside the import's transaction, so what a receiver writes
lands or fails with the import.
"""

from django.dispatch import Signal

document_landed = Signal()  # kwargs: document
