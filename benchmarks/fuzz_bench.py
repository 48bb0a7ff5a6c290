"""Fuzzing every reader and the extractor with mutated documents; prints the run's counts.

Seeds are genuine small documents of every format (.docx .xlsx .html .pdf built from a made-up
plan, the shared seed texts in UTF-8, GB18030 and UTF-16). Each input is a seed mutated at the
byte level (flips, overwrites, cuts, splices, inserted tokens) or, for the zip formats, inside
one archive member before re-zipping, so the damage reaches the XML parsers and not only the
zip reader. The input goes through the format sniffer, the reader it selects and, when read,
the extractor.

Outcomes: ``extracted`` (read and extracted), ``clean errors`` (IntakeError / ExtractError, or
a library error that ``read_path`` turns into IntakeError), ``crashes`` (any other exception out
of the extractor, or an input taking longer than the per-input time limit). The goal is zero
crashes.

    python benchmarks/fuzz_bench.py                     # 100 000 inputs, all cores
    python benchmarks/fuzz_bench.py --count 2000 --workers 1 --seed 7
    python benchmarks/fuzz_bench.py --engine atheris --count 100000   # coverage-guided

Results go to benchmarks/results/fuzz.json (with the core count).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import sys
import time
import traceback
import zipfile
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT / "src", ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

NAMES = {"txt": "plan.txt", "docx": "plan.docx", "xlsx": "plan.xlsx", "html": "plan.html",
         "pdf": "plan.pdf"}
LEGACY = {"doc", "wps", "xls"}
TIME_LIMIT_SECONDS = 20
TOKENS = [b"<table>", b"<tr><td rowspan=\"99999\" colspan=\"999\">", b"</td>", b"<![CDATA[",
          b"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", b"&e;", b"\xef\xbb\xbf",
          "牵头单位：".encode(), "2022年13月32日前".encode(), "（一）".encode(), b"\x00" * 16,
          b"<w:tc><w:p><w:r><w:t>", b"<w:gridSpan w:val=\"99999\"/>", b"<w:vMerge/>",
          b"<c r=\"XFD1048576\"><v>1</v></c>", b"obj << /Length 999999 >> stream", b"%%EOF",
          "第一百万条".encode("gb18030"), b"\xff\xfe", "\u202e".encode()]
CRASH_EXAMPLES = 5
CRASH_DIR = Path(os.environ.get("DUBAN_FUZZ_CRASH_DIR", "/tmp/duban-fuzz-crashes"))

CLEAN = ("intake_error", "extract_error", "library_error")


# --- seeds -----------------------------------------------------------------------------------

def seed_corpus() -> list[tuple[str, bytes]]:
    """(format, bytes) of every seed document."""
    import tempfile

    from builders import BUILDERS, SHARED, sample_gold

    corpus = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, build in sorted(BUILDERS.items()):
            for count in (3, 8):
                corpus.append((fmt, build(sample_gold(count=count), Path(tmp) / f"s{count}.{fmt}")
                               .read_bytes()))
    for path in sorted((SHARED / "seeds").glob("*.txt"))[:2]:
        text = path.read_text(encoding="utf-8")[:6000]
        for encoding in ("utf-8", "gb18030", "utf-16"):
            corpus.append(("txt", text.encode(encoding)))
    return corpus


# --- mutations -------------------------------------------------------------------------------

def flip_bits(data: bytearray, rng: random.Random) -> bytearray:
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
    return data


def overwrite(data: bytearray, rng: random.Random) -> bytearray:
    i = rng.randrange(len(data))
    data[i:i + 4] = rng.randbytes(rng.randint(1, 4))
    return data


def cut(data: bytearray, rng: random.Random) -> bytearray:
    i = rng.randrange(len(data))
    del data[i:i + rng.randint(1, max(1, len(data) // 8))]
    return data


def truncate(data: bytearray, rng: random.Random) -> bytearray:
    return data[:rng.randrange(len(data))]


def insert_token(data: bytearray, rng: random.Random) -> bytearray:
    i = rng.randrange(len(data) + 1)
    data[i:i] = rng.choice(TOKENS) * rng.choice((1, 1, 2, 50))
    return data


def duplicate(data: bytearray, rng: random.Random) -> bytearray:
    i = rng.randrange(len(data))
    chunk = data[i:i + rng.randint(1, 256)]
    j = rng.randrange(len(data) + 1)
    data[j:j] = chunk * rng.randint(1, 8)
    return data


BYTE_MUTATIONS = [flip_bits, overwrite, cut, truncate, insert_token, duplicate]


def mutate_bytes(data: bytes, rng: random.Random, rounds: int | None = None) -> bytes:
    out = bytearray(data or b"\0")
    for _ in range(rounds or rng.choice((1, 1, 2, 3, 8))):
        if not out:
            out = bytearray(b"\0")
        out = rng.choice(BYTE_MUTATIONS)(out, rng)
    return bytes(out)


def mutate_zip_member(data: bytes, rng: random.Random) -> bytes:
    """Mutate one member of a zip (docx/xlsx) and zip it again, so the XML parsers see it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            members = [(info.filename, src.read(info)) for info in src.infolist()]
    except Exception:
        return mutate_bytes(data, rng)
    target = rng.randrange(len(members))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for index, (name, body) in enumerate(members):
            if index == target:
                body = mutate_bytes(body, rng)
            if index != target or rng.random() > 0.05:  # sometimes drop the member
                dst.writestr(name, body)
    return out.getvalue()


def splice(a: bytes, b: bytes, rng: random.Random) -> bytes:
    return a[:rng.randrange(len(a) + 1)] + b[rng.randrange(len(b) + 1):]


def make_input(corpus, rng: random.Random) -> tuple[str, bytes]:
    """One fuzz input: a file name (its suffix is only a hint) and bytes."""
    fmt, data = rng.choice(corpus)
    roll = rng.random()
    if roll < 0.02:
        data = rng.randbytes(rng.randint(0, 2048))
    elif roll < 0.10:
        data = splice(data, rng.choice(corpus)[1], rng)
    elif fmt in ("docx", "xlsx") and roll < 0.55:
        data = mutate_zip_member(data, rng)
    else:
        data = mutate_bytes(data, rng)
    name_fmt = fmt if rng.random() < 0.8 else rng.choice(sorted(NAMES))
    return NAMES[name_fmt], data


# --- running one input -----------------------------------------------------------------------

class TooSlow(Exception):
    pass


def on_alarm(signum, frame):
    raise TooSlow


def fuzz_one(name: str, data: bytes) -> tuple[str, str | None]:
    """The outcome of one input and, for a crash, its traceback."""
    from duban.extract import extract_document
    from duban.extract.model import ExtractError
    from duban.intake import IntakeError
    from duban.intake.readers import READERS, sniff

    signal.alarm(TIME_LIMIT_SECONDS)
    try:
        if not data.strip():
            return "intake_error", None  # read_bytes refuses an empty file
        try:
            fmt = sniff(data, name)
            reader = READERS.get(fmt)
            if reader is None or fmt in LEGACY:
                return "intake_error", None  # unsupported here (LibreOffice formats)
            document = reader(name, data)
        except IntakeError:
            return "intake_error", None
        except TooSlow:
            raise
        except Exception:
            return "library_error", None  # read_path wraps it as IntakeError
        try:
            extract_document(document)
        except ExtractError:
            return "extract_error", None
        return "extracted", None
    except TooSlow:
        return "crash", f"over {TIME_LIMIT_SECONDS} s: {name} ({len(data)} bytes)"
    except Exception:
        return "crash", traceback.format_exc(limit=8)
    finally:
        signal.alarm(0)


# --- the mutation engine ---------------------------------------------------------------------

CORPUS: list[tuple[str, bytes]] = []


def init_worker() -> None:
    global CORPUS
    CORPUS = seed_corpus()
    signal.signal(signal.SIGALRM, on_alarm)


def run_chunk(args: tuple[int, int]) -> tuple[Counter, list[str]]:
    seed, count = args
    rng = random.Random(seed)
    counts: Counter = Counter()
    crashes: list[str] = []
    for _ in range(count):
        name, data = make_input(CORPUS, rng)
        outcome, detail = fuzz_one(name, data)
        counts[outcome] += 1
        if detail:
            kept = keep_crash(name, data)
            if len(crashes) < CRASH_EXAMPLES:
                crashes.append(f"{kept}\n{detail}")
    return counts, crashes


def keep_crash(name: str, data: bytes) -> Path:
    """Save a crashing input under CRASH_DIR (its sha256 as the name) to reproduce it."""
    import hashlib

    CRASH_DIR.mkdir(parents=True, exist_ok=True)
    path = CRASH_DIR / f"{hashlib.sha256(data).hexdigest()[:16]}-{name}"
    path.write_bytes(data)
    return path


def run(count: int, seed: int = 1, workers: int = 1, chunk: int = 500) -> dict:
    """Fuzz ``count`` inputs; returns the summary (counts, crash examples, timing)."""
    chunks = [(seed * 1_000_003 + i, min(chunk, count - i * chunk))
              for i in range((count + chunk - 1) // chunk)]
    start = time.perf_counter()
    counts: Counter = Counter()
    crashes: list[str] = []
    if workers <= 1:
        init_worker()
        results = map(run_chunk, chunks)
    else:
        pool = Pool(workers, initializer=init_worker)
        results = pool.imap_unordered(run_chunk, chunks)
    for part, examples in results:
        counts.update(part)
        crashes.extend(examples[:CRASH_EXAMPLES - len(crashes)])
    if workers > 1:
        pool.close()
        pool.join()
    return summary(counts, crashes, time.perf_counter() - start, engine="mutation", seed=seed)


def summary(counts: Counter, crashes: list[str], seconds: float, **extra) -> dict:
    tried = sum(counts.values())
    return {"inputs": tried, "extracted": counts["extracted"],
            "clean_errors": sum(counts[k] for k in CLEAN), "crashes": counts["crash"],
            "outcomes": dict(sorted(counts.items())), "crash_examples": crashes,
            "seconds": round(seconds, 1), "inputs_per_second": round(tried / max(seconds, 1e-9)),
            "cores": os.cpu_count(), **extra}


# --- the coverage-guided engine (atheris, optional) ------------------------------------------

def run_atheris(count: int, out: Path) -> None:
    """libFuzzer through atheris over the same harness; the first byte picks the file name."""
    import atheris

    with atheris.instrument_imports(include=["duban"]):
        import duban.extract  # noqa: F401
        import duban.intake.readers  # noqa: F401
    names = sorted(NAMES.values())
    counts: Counter = Counter()
    crashes: list[str] = []
    start = time.perf_counter()
    signal.signal(signal.SIGALRM, on_alarm)

    def test_one_input(raw: bytes) -> None:
        name = names[raw[0] % len(names)] if raw else names[0]
        outcome, detail = fuzz_one(name, raw[1:])
        counts[outcome] += 1
        if detail and len(crashes) < CRASH_EXAMPLES:
            crashes.append(detail)
        if sum(counts.values()) >= count:
            report(summary(counts, crashes, time.perf_counter() - start, engine="atheris"), out)
            os._exit(1 if counts["crash"] else 0)

    corpus_dir = Path(os.environ.get("TMPDIR", "/tmp")) / "duban-fuzz-corpus"
    corpus_dir.mkdir(exist_ok=True)
    for index, (fmt, data) in enumerate(seed_corpus()):
        (corpus_dir / f"seed{index}").write_bytes(bytes([names.index(NAMES[fmt])]) + data)
    atheris.Setup([sys.argv[0], str(corpus_dir), "-max_len=200000", f"-runs={count * 2}"],
                  test_one_input)
    atheris.Fuzz()


def report(result: dict, out: Path | None) -> None:
    print(f"fuzz ({result['engine']}): {result['inputs']} inputs tried, "
          f"{result['extracted']} extracted, {result['clean_errors']} clean errors, "
          f"{result['crashes']} crashes ({result['seconds']} s, "
          f"{result['inputs_per_second']}/s, {result['cores']} cores)")
    print("outcomes:", json.dumps(result["outcomes"]))
    for example in result["crash_examples"]:
        print("--- crash ---\n" + example)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--engine", choices=("mutation", "atheris"), default="mutation")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "fuzz.json"))
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else None
    if args.engine == "atheris":
        run_atheris(args.count, out)
        return 0
    result = run(args.count, seed=args.seed, workers=args.workers)
    report(result, out)
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
