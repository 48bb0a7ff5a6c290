"""The `duban` command: `duban extract` runs without Django; every other subcommand is Django's.

Heavy modules are imported inside the functions that need them so that `duban extract --help`
starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

EXTRACT_HELP = "read task-allocation documents and print their tasks as JSON (spec/extraction.md)"


def build_extract_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duban extract", description=EXTRACT_HELP)
    parser.add_argument("paths", nargs="+", metavar="PATH", help=".txt .docx .xlsx .html .pdf (.doc/.wps with LibreOffice)")
    parser.add_argument("--out", metavar="FILE", help="write the JSON to FILE instead of standard output")
    parser.add_argument("--text", action="store_true", help="print the neutral text form (numbered lines) instead")
    return parser


def run_extract(argv: list[str]) -> int:
    """Extract every path; report unreadable ones on stderr and keep going with the rest."""
    args = build_extract_parser().parse_args(argv)
    from duban.extract import extract_document
    from duban.extract.model import ExtractError
    from duban.intake import IntakeError, read_document

    outputs, failed = [], False
    for path in args.paths:
        try:
            doc = read_document(path)
            outputs.append(doc.text if args.text else extract_document(doc).to_dict())
        except (IntakeError, ExtractError) as exc:
            print(f"duban extract: {exc.path}: {exc.reason}", file=sys.stderr)
            failed = True
    if args.text:
        rendered = "\n".join(outputs) + ("\n" if outputs else "")
    else:
        payload = outputs[0] if len(args.paths) == 1 and outputs else outputs
        rendered = json.dumps(payload, ensure_ascii=False, indent=1) + "\n" if outputs else ""
    write_output(rendered, args.out)
    return 1 if failed else 0


def write_output(rendered: str, out: str | None) -> None:
    if not rendered:
        return
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(rendered)
    else:
        sys.stdout.write(rendered)


def run_django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["duban", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in {"-h", "--help"}:
        print("usage: duban extract PATH… [--out FILE] [--text]\n"
              "       duban import FILE… | duban demo | duban <django-admin command> …\n\n"
              f"extract   {EXTRACT_HELP}")
        return 0
    if argv[0] == "extract":
        return run_extract(argv[1:])
    return run_django(argv)


if __name__ == "__main__":
    sys.exit(main())
