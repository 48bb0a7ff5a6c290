"""Task-by-task diff of two documents: new, carried over, dropped, and for each carried-over
task which fields changed (content, lead units, participating units, deadline, milestones,
target). Works on TaskRecords, so an extraction (a preview) and a ledger document compare alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.crossdoc.services.records import TaskRecord
from duban.crossdoc.services.similarity import align, normalize

NEW, CARRIED, DROPPED = "new", "carried", "dropped"
KIND_LABELS = {NEW: "新增", CARRIED: "延续", DROPPED: "删除"}
FIELDS = ("content", "lead", "participating", "deadline", "milestones", "target")
FIELD_LABELS = {
    "content": "任务内容",
    "lead": "牵头单位",
    "participating": "参与单位",
    "deadline": "完成时限",
    "milestones": "时间节点",
    "target": "目标",
}
# Below this TF-IDF cosine two tasks are different work, not one task reworded.
SAME_TASK = 0.5


YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def unshift(text: str | None, shift: int) -> str:
    """Years in ``text`` moved back by ``shift``: next year's plan compared with this year's
    says 2021 where this one said 2020, which is no change."""
    if not text or not shift:
        return text or ""
    return YEAR.sub(lambda m: str(int(m.group()) - shift), text)


def same_text(old: str | None, new: str | None, shift: int) -> bool:
    """Equal as normalized text, as written or with the new text's years moved back."""
    return normalize(old) == normalize(new) or (
        bool(shift) and normalize(old) == normalize(unshift(new, shift)))


def same_field(old: TaskRecord, new: TaskRecord, name: str, shift: int = 0) -> bool:
    """Whether one field is unchanged: order of units and wording of dates do not count;
    the new record is ``shift`` years later (see ``unshift``)."""
    if name == "content":
        return same_text(old.content, new.content, shift)
    if name in ("lead", "participating"):
        return set(getattr(old, name)) == set(getattr(new, name))
    if name == "deadline":
        if old.deadline_due or new.deadline_due:
            return old.deadline_due == unshift(new.deadline_due, shift)
        return same_text(old.deadline_text, new.deadline_text, shift)
    if name == "milestones":
        return len(old.milestones) == len(new.milestones) and all(
            a_due == unshift(b_due, shift) and same_text(a_text, b_text, shift)
            for (a_due, a_text), (b_due, b_text) in zip(old.milestones, new.milestones,
                                                        strict=True))
    return same_text(old.target, new.target, shift) and set(old.indicators) == set(
        new.indicators)


def display(record: TaskRecord | None, name: str) -> str:
    """A field as shown side by side and exported."""
    if record is None:
        return ""
    if name == "content":
        return record.content
    if name in ("lead", "participating"):
        return "、".join(getattr(record, name))
    if name == "deadline":
        return record.deadline_label
    if name == "milestones":
        return "\n".join(f"{due}：{text}" if due else text for due, text in record.milestones)
    parts = [record.target] if record.target else []
    labels = record.indicator_labels()
    if labels and not record.target:
        parts.append("、".join(labels))
    return "\n".join(parts)


def changed_fields(old: TaskRecord, new: TaskRecord, shift: int = 0) -> list[str]:
    """The fields of ``new`` that differ from ``old`` (``new`` is ``shift`` years later)."""
    return [name for name in FIELDS if not same_field(old, new, name, shift)]


@dataclass
class TaskDiff:
    kind: str
    old: TaskRecord | None
    new: TaskRecord | None
    score: float = 0.0
    changed: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        if self.kind == CARRIED and self.changed:
            return "变更"
        return KIND_LABELS[self.kind]

    @property
    def changed_labels(self) -> list[str]:
        return [FIELD_LABELS[name] for name in self.changed]

    def rows(self) -> list[dict]:
        """Per field: label, old and new value, and whether it changed."""
        return [{"name": name, "label": FIELD_LABELS[name], "old": display(self.old, name),
                 "new": display(self.new, name), "changed": name in self.changed}
                for name in FIELDS]

    @property
    def visible_rows(self) -> list[dict]:
        """The rows with a value on either side (the content row always)."""
        return [r for r in self.rows() if r["old"] or r["new"] or r["name"] == "content"]

    def to_dict(self) -> dict:
        def side(record):
            if record is None:
                return None
            return {"task_id": record.task_id, "seq": record.seq,
                    **{name: display(record, name) for name in FIELDS}}

        return {"kind": self.kind, "score": round(self.score, 3), "changed": self.changed,
                "old": side(self.old), "new": side(self.new)}


@dataclass
class DocumentDiff:
    items: list[TaskDiff]

    def of_kind(self, kind: str) -> list[TaskDiff]:
        return [item for item in self.items if item.kind == kind]

    @property
    def changed(self) -> list[TaskDiff]:
        return [item for item in self.items if item.kind == CARRIED and item.changed]

    @property
    def counts(self) -> dict[str, int]:
        return {
            NEW: len(self.of_kind(NEW)),
            CARRIED: len(self.of_kind(CARRIED)),
            DROPPED: len(self.of_kind(DROPPED)),
            "changed": len(self.changed),
            "unchanged": len(self.of_kind(CARRIED)) - len(self.changed),
        }

    def field_counts(self) -> dict[str, int]:
        return {name: sum(name in item.changed for item in self.changed) for name in FIELDS}

    def field_summary(self) -> list[tuple[str, int]]:
        """(label, count) of the fields that changed in at least one task."""
        return [(FIELD_LABELS[k], n) for k, n in self.field_counts().items() if n]

    def to_dict(self) -> dict:
        return {"counts": self.counts, "fields": self.field_counts(),
                "items": [item.to_dict() for item in self.items]}


def diff_records(old: list[TaskRecord], new: list[TaskRecord],
                 threshold: float = SAME_TASK, shift: int = 0) -> DocumentDiff:
    """Align ``new`` on ``old`` by task text and report each task's fate, in the new
    document's order, dropped tasks last. ``shift``: how many years the new document is later
    (next year's plan: 1), so that dates moved by exactly that are not changes."""
    pairs = align([r.content for r in old], [r.content for r in new], threshold)
    new_to_old = {j: (i, score) for i, j, score in pairs}
    matched_old = {i for i, _, _ in pairs}
    items: list[TaskDiff] = []
    for j, record in enumerate(new):
        if j in new_to_old:
            i, score = new_to_old[j]
            changed = changed_fields(old[i], record, shift)
            items.append(TaskDiff(CARRIED, old[i], record, score, changed))
        else:
            items.append(TaskDiff(NEW, None, record))
    dropped = [TaskDiff(DROPPED, record, None) for i, record in enumerate(old)
               if i not in matched_old]
    return DocumentDiff(items + dropped)


def year_of(period_start, issued_on) -> int | None:
    if period_start:
        return period_start.year
    return issued_on.year if issued_on else None


def year_shift(old_year: int | None, new_year: int | None) -> int:
    """Years between two plans, 0 unless both years are known."""
    return new_year - old_year if old_year and new_year else 0


def diff_documents(old_document, new_document) -> DocumentDiff:
    """The diff of two ledger documents, next year's dates taken as this year's."""
    from duban.crossdoc.services.records import from_document

    shift = year_shift(year_of(old_document.period_start, old_document.issued_on),
                       year_of(new_document.period_start, new_document.issued_on))
    return diff_records(from_document(old_document), from_document(new_document), shift=shift)
