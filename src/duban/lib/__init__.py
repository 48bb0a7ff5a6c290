"""Tiny helpers shared by every layer above ``extract``: no models, no business rules."""
