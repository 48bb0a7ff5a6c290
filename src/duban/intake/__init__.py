"""Intake: read .txt/.docx/.xlsx/.html/.pdf (and .doc/.wps via LibreOffice) into one neutral form."""

from duban.intake.model import IntakeError, NeutralDocument, Source, Table

__all__ = ["IntakeError", "NeutralDocument", "Source", "Table", "read_document"]


def read_document(path: str) -> NeutralDocument:
    """Sniff the format of ``path`` from its content and read it with the matching reader."""
    from duban.intake.readers import read_path

    return read_path(path)
