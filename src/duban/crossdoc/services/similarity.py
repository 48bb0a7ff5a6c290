"""Chinese text similarity of task texts: normalization, character n-gram TF-IDF, alignment.

Task texts of the same work differ in punctuation, full/half width, a 市/县 prefix and small
edits; character n-grams (``char_wb`` 1–3) need no word segmentation and no model download.

scipy and scikit-learn are imported by the functions that use them, not with this module: the
web app and the parse worker import it through the import preview's URLs and would otherwise
carry about 100 MB of libraries that reading a document never uses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
LEADING_NUMBER = re.compile(r"^[（(]?[0-9一二三四五六七八九十]+[)）、.．]+")
# Level prefixes of a unit or region do not tell one task from another: a county re-issue
# writes 县 where the city wrote 市.
LEVEL_WORDS = re.compile(r"[省市县区]")
LARGE_SET = 2000
COMMON_NGRAMS = 0.1


def normalize(text: str | None) -> str:
    """Width-folded, lower-cased text without spaces, punctuation or a leading item number."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = LEADING_NUMBER.sub("", text.strip())
    return PUNCT.sub("", text)


def unit_name(name: str | None) -> str:
    """A unit name as written, without the spaces a conversion put into it."""
    return "".join((name or "").split())


def task_text(content: str | None) -> str:
    """The text compared between tasks: normalized, level words dropped."""
    return LEVEL_WORDS.sub("", normalize(content))


CODE_BITS = 21  # every Unicode code point is below 2**21, so three fit one int64
HASH_BITS = 22
HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def ngram_rows(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text index, n-gram code) of every character 1-, 2- and 3-gram of each text padded
    with a space at each end (what scikit-learn's ``char_wb`` analyzer makes of one word);
    all texts at once, as int64 codes of up to three code points."""
    padded = "".join(f" {t} " for t in texts)
    chars = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    lengths = np.fromiter((len(t) + 2 for t in texts), dtype=np.int64, count=len(texts))
    rows = np.repeat(np.arange(len(texts)), lengths)
    position = np.arange(len(chars)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    remaining = lengths[rows] - position  # characters from here to the text's end
    bigrams = (chars[:-1] << CODE_BITS) | chars[1:]
    trigrams = (bigrams[:-1] << CODE_BITS) | chars[2:]
    two, three = remaining[:-1] >= 2, remaining[:-2] >= 3
    return (np.concatenate([rows, rows[:-1][two], rows[:-2][three]]),
            np.concatenate([chars, bigrams[two], trigrams[three]]))


def tfidf(texts: list[str], max_df: float = 1.0):
    """Rows of sublinear-tf, smooth-idf, l2-normalized character n-gram TF-IDF vectors (as
    ``TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)`` gives),
    counted with numpy: the analyzer's Python loop is what made a 6,000-text fit take seconds.
    ``max_df`` drops n-grams found in more than that share of the texts."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer

    rows, codes = ngram_rows(texts)
    # Hashed columns (a multiplicative hash into 2**22 buckets) instead of a sorted vocabulary:
    # a sort of a million codes took longer than all the rest; collisions are negligible.
    columns = (codes.astype(np.uint64) * HASH_MULTIPLIER) >> np.uint64(64 - HASH_BITS)
    counts = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32),
                                (rows, columns.astype(np.int64))),
                               shape=(len(texts), 1 << HASH_BITS))
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    keep = df > 0
    if max_df < 1.0:
        keep &= df <= max_df * len(texts)
    counts = counts[:, np.flatnonzero(keep)]
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts).astype(np.float32)


def vectors(left: list[str], right: list[str], max_df: float = 1.0):
    """TF-IDF rows of the task texts of both sides, fitted together."""
    a = [task_text(t) for t in left]
    b = [task_text(t) for t in right]
    matrix = tfidf(a + b, max_df).tocsr()
    return matrix[: len(a)], matrix[len(a):]


def vectorizer() -> TfidfVectorizer:
    """The scikit-learn vectorizer ``tfidf`` reproduces, for whole-document texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True,
                           dtype=np.float32)


def similarity_matrix(left: list[str], right: list[str]):
    """Cosine similarity (rows: ``left``, columns: ``right``) of the task texts, as a sparse
    matrix; the vocabulary is fitted on both sides."""
    if not left or not right:
        return np.zeros((len(left), len(right)), dtype=np.float32)
    a, b = vectors(left, right)
    return a @ b.T


def dense(matrix) -> np.ndarray:
    return matrix.toarray() if hasattr(matrix, "toarray") else np.asarray(matrix)


@dataclass(frozen=True)
class Candidate:
    index: int
    score: float


def top_k(left: list[str], right: list[str], k: int = 3) -> list[list[Candidate]]:
    """For each text of ``left``, the ``k`` most similar texts of ``right``, best first."""
    if not left:
        return []
    if not right:
        return [[] for _ in left]
    # In a large set the n-grams most texts share (医疗, 推进 …) cost most of the product and
    # tell tasks apart least.
    max_df = COMMON_NGRAMS if len(left) + len(right) >= LARGE_SET else 1.0
    left_vectors, right_vectors = vectors(left, right, max_df)
    right_t = right_vectors.T.tocsc()
    k = min(k, len(right))
    result = []
    # Row blocks keep the dense working set small for a 1,000 × 5,000 match.
    for start in range(0, len(left), 256):
        block = dense(left_vectors[start:start + 256] @ right_t)
        best = np.argpartition(-block, k - 1, axis=1)[:, :k]
        for row, picks in zip(block, best, strict=True):
            ordered = sorted(picks, key=lambda j: -row[j])
            result.append([Candidate(int(j), float(row[j])) for j in ordered])
    return result


def align(left: list[str], right: list[str], threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """One-to-one pairs ``(i, j, score)`` of ``left`` and ``right`` maximizing total similarity
    (Hungarian assignment), keeping pairs at or above ``threshold``; ordered by ``i``."""
    from scipy.optimize import linear_sum_assignment

    if not left or not right:
        return []
    sims = dense(similarity_matrix(left, right))
    rows, cols = linear_sum_assignment(-sims)
    pairs = [(int(i), int(j), float(sims[i, j])) for i, j in zip(rows, cols, strict=True)]
    return sorted(p for p in pairs if p[2] >= threshold)
