"""Giving back to the system the memory a finished job has freed.

A parse worker lives on from one document to the next. When a large document is refused, the
exception's traceback and the frames it holds form reference cycles around the document's
text and parse tree, which only the cyclic garbage collector frees; and glibc's allocator keeps
freed heap memory for later instead of returning it. Either way a worker that has read one
large document (a Word file is parsed whole, hundreds of MB) would stay that large, and the
next large document's peak would come on top. After a job that grew the process, the garbage
is collected and ``malloc_trim(0)`` returns the free pages (glibc only; elsewhere, musl or
macOS, only the collection runs).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import sys
from collections.abc import Iterator

# A full collection scans every object of the process (a third of a second in a worker that
# has loaded Django and the whole site): worth it only after a job that grew the process.
GREW_BYTES = 64 * 2**20


def glibc_malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


MALLOC_TRIM = glibc_malloc_trim()


def resident_bytes() -> int | None:
    """The process's resident memory now (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def release_freed_memory() -> None:
    """Free the garbage held in reference cycles and return the free heap pages to the system."""
    gc.collect()
    if MALLOC_TRIM is not None:
        MALLOC_TRIM(0)


@contextlib.contextmanager
def memory_given_back(grew_bytes: int = GREW_BYTES) -> Iterator[None]:
    """Run a job; if it left the process more than ``grew_bytes`` larger, release what it
    freed."""
    before = resident_bytes()
    try:
        yield
    finally:
        after = resident_bytes()
        if before is not None and after is not None and after - before > grew_bytes:
            release_freed_memory()
