"""Task-by-task diff of two documents: new, carried over, dropped, and for each carried-over
task which fields changed (content, lead units, participating units, deadline, milestones,
target). Works on TaskRecords, so an extraction (a preview) and a ledger document compare alike.
"""

from __future__ import annotations

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


def comparable(record: TaskRecord, name: str):
    """The value of one field as compared: order of units and wording of dates do not count."""
    if name == "content":
        return normalize(record.content)
    if name in ("lead", "participating"):
        return frozenset(getattr(record, name))
    if name == "deadline":
        if record.deadline_due:
            return record.deadline_due
        return normalize(record.deadline_text)
    if name == "milestones":
        return tuple((due, normalize(text)) for due, text in record.milestones)
    return normalize(record.target), frozenset(record.indicators)


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


def changed_fields(old: TaskRecord, new: TaskRecord) -> list[str]:
    return [name for name in FIELDS if comparable(old, name) != comparable(new, name)]


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
                 threshold: float = SAME_TASK) -> DocumentDiff:
    """Align ``new`` on ``old`` by task text and report each task's fate, in the new
    document's order with dropped tasks after the task they followed."""
    pairs = align([r.content for r in old], [r.content for r in new], threshold)
    new_to_old = {j: (i, score) for i, j, score in pairs}
    matched_old = {i for i, _, _ in pairs}
    items: list[TaskDiff] = []
    for j, record in enumerate(new):
        if j in new_to_old:
            i, score = new_to_old[j]
            items.append(TaskDiff(CARRIED, old[i], record, score, changed_fields(old[i], record)))
        else:
            items.append(TaskDiff(NEW, None, record))
    dropped = [TaskDiff(DROPPED, record, None) for i, record in enumerate(old)
               if i not in matched_old]
    return DocumentDiff(items + dropped)
