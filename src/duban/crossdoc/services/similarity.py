"""Chinese text similarity of task texts: normalization, character n-gram TF-IDF, alignment.

Task texts of the same work differ in punctuation, full/half width, a 市/县 prefix and small
edits; character n-grams (``char_wb`` 1–3) need no word segmentation and no model download.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
LEADING_NUMBER = re.compile(r"^[（(]?[0-9一二三四五六七八九十]+[)）、.．]+")
# Level prefixes of a unit or region do not tell one task from another: a county re-issue
# writes 县 where the city wrote 市.
LEVEL_WORDS = re.compile(r"[省市县区]")


def normalize(text: str | None) -> str:
    """Width-folded, lower-cased text without spaces, punctuation or a leading item number."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = LEADING_NUMBER.sub("", text.strip())
    return PUNCT.sub("", text)


def task_text(content: str | None) -> str:
    """The text compared between tasks: normalized, level words dropped."""
    return LEVEL_WORDS.sub("", normalize(content))


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True,
                           dtype=np.float32)


def similarity_matrix(left: list[str], right: list[str]):
    """Cosine similarity (rows: ``left``, columns: ``right``) of the task texts, as a sparse
    matrix; the vocabulary is fitted on both sides."""
    a = [task_text(t) for t in left]
    b = [task_text(t) for t in right]
    if not a or not b:
        return np.zeros((len(a), len(b)), dtype=np.float32)
    model = vectorizer().fit(a + b)
    return model.transform(a) @ model.transform(b).T


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
    sims = similarity_matrix(left, right)
    result = []
    k = min(k, len(right))
    # Row blocks keep the dense working set small for a 1,000 × 5,000 match.
    for start in range(0, len(left), 512):
        block = dense(sims[start:start + 512])
        best = np.argpartition(-block, k - 1, axis=1)[:, :k]
        for row, picks in zip(block, best, strict=True):
            ordered = sorted(picks, key=lambda j: -row[j])
            result.append([Candidate(int(j), float(row[j])) for j in ordered])
    return result


def align(left: list[str], right: list[str], threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """One-to-one pairs ``(i, j, score)`` of ``left`` and ``right`` maximizing total similarity
    (Hungarian assignment), keeping pairs at or above ``threshold``; ordered by ``i``."""
    if not left or not right:
        return []
    sims = dense(similarity_matrix(left, right))
    rows, cols = linear_sum_assignment(-sims)
    pairs = [(int(i), int(j), float(sims[i, j])) for i, j in zip(rows, cols, strict=True)]
    return sorted(p for p in pairs if p[2] >= threshold)
