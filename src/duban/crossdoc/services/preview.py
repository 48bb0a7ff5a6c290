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


def undecided_repeat(extraction: dict) -> str | None:
    """Why a plain confirmation may not land this upload: it is a document already in the
    ledger (or a revision of one), which needs the office's choice on the preview; else None."""
    matches = find_matches(extraction)
    if not matches:
        return None
    closest = matches[0]
    return (f"此文件与已导入的《{closest.title}》相符（任务重合 {closest.percent}%）："
            "请在预览页选择“不导入”“作为修订版导入”或“作为独立文件导入（填写理由）”。")
