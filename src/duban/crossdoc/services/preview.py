"""What the import preview shows from crossdoc: the documents the upload matches (the same
document again, or a revision of it) and the intake quality findings."""

from __future__ import annotations

from duban.crossdoc.services.matching import find_matches
from duban.crossdoc.services.quality import quality_check, summary


def preview_panel(preview: dict) -> dict:
    """The crossdoc part of an import preview (a JSON-ready dict; see the preview template's
    ``crossdoc/preview_panel.html``)."""
    extraction = preview.get("extraction") or {}
    findings = quality_check(extraction)
    return {"matches": [m.to_dict() for m in find_matches(extraction)],
            "quality": [f.to_dict() for f in findings], "quality_summary": summary(findings)}
