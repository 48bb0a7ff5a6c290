"""What the import preview shows from crossdoc: the documents the upload matches (the same
document again, or a revision of it)."""

from __future__ import annotations

from duban.crossdoc.services.matching import find_matches


def preview_panel(preview: dict) -> dict:
    """The crossdoc part of an import preview (a JSON-ready dict; see the preview template's
    ``crossdoc/preview_panel.html``)."""
    extraction = preview.get("extraction") or {}
    return {"matches": [m.to_dict() for m in find_matches(extraction)]}
