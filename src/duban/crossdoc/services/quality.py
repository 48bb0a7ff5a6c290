"""Intake quality check at preview: what the office sends back to the issuer before the
document becomes the ledger — rows without a lead unit, vague or missing deadlines, a unit both
lead and participating, deadlines outside the document's period, duplicated rows, and prose
items of the notice that repeat annex rows with different units. Printable as a .docx."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from rapidfuzz import fuzz

from duban.crossdoc.services.similarity import normalize, top_k, unit_name
from duban.reference import load

LEVEL_PREFIX = re.compile(r"^(各级|各地|省|市|县|区)")
BODY_SUFFIX = re.compile(r"(部门|委员会|委|局|办公室|办|厅)$")
LABELS = {
    "no_lead": "无牵头单位",
    "missing_deadline": "未注明完成时限",
    "vague_deadline": "完成时限不明确",
    "lead_and_participating": "同一单位既牵头又参与",
    "outside_period": "完成时限超出文件执行期",
    "duplicate": "重复任务",
    "prose_conflict": "正文与附表责任单位不一致",
}


@dataclass
class Finding:
    code: str
    index: int
    seq: str
    content: str
    detail: str

    @property
    def label(self) -> str:
        return LABELS[self.code]

    def to_dict(self) -> dict:
        return asdict(self) | {"label": self.label}


def rules() -> dict:
    return load("intake_quality")


def parse(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def deadline_findings(index: int, task: dict, period: dict) -> list[tuple[str, str]]:
    deadline = task.get("deadline") or {}
    text, kind = deadline.get("text") or "", deadline.get("kind") or "none"
    found = []
    if not text and kind == "none" and not (period.get("end")):
        found.append(("missing_deadline", "文件未注明执行期，该任务也未写完成时限"))
    vague = [w for w in rules()["vague_words"] if w in text]
    if text and (kind == "none" or (vague and not deadline.get("due"))):
        found.append(("vague_deadline", f"“{text}”无法确定截止日期"))
    start, end = parse(period.get("start")), parse(period.get("end"))
    due = parse(deadline.get("due"))
    if due and end and due > end:
        found.append(("outside_period", f"截止 {due} 晚于文件执行期末 {end}"))
    elif due and start and due < start:
        found.append(("outside_period", f"截止 {due} 早于文件执行期初 {start}"))
    return found


def unit_findings(task: dict) -> list[tuple[str, str]]:
    found = []
    if not task.get("lead_units"):
        found.append(("no_lead", "请明确牵头单位"))
    lead = {unit_name(n) for n in task.get("lead_units") or []}
    both = [n for n in task.get("participating_units") or [] if unit_name(n) in lead]
    if both:
        found.append(("lead_and_participating", f"{'、'.join(both)} 同时列为牵头和参与单位"))
    return found


def duplicate_findings(tasks: list[dict]) -> list[Finding]:
    texts = [t.get("content") or "" for t in tasks]
    threshold = rules()["duplicate_similarity"]
    found = []
    for i, candidates in enumerate(top_k(texts, texts, k=min(3, len(texts)))):
        for candidate in candidates:
            j = candidate.index
            if j < i and candidate.score >= threshold and normalize(texts[i]):
                other = tasks[j].get("seq") or str(j + 1)
                found.append(finding("duplicate", i, tasks[i],
                                     f"与第 {other} 项内容重复（相似度 {candidate.score:.0%}）"))
                break
    return found


def prose_findings(tasks: list[dict], prose: list[dict]) -> list[Finding]:
    """Annex rows whose text a prose item of the notice repeats while naming other units."""
    overlap = rules()["prose_overlap"]
    found = []
    for index, task in enumerate(tasks):
        content = task.get("content") or ""
        if len(normalize(content)) < 6:
            continue
        for number, item in enumerate(prose, start=1):
            if fuzz.partial_ratio(normalize(content), normalize(item.get("content"))) < overlap:
                continue
            names = item.get("lead_units") or item.get("participating_units") or []
            lead = [n for n in task.get("lead_units") or [] if not named_in(n, names)]
            if names and lead:
                found.append(finding(
                    "prose_conflict", index, task,
                    f"正文第 {number} 项写明由{'、'.join(names)}牵头，"
                    f"附表牵头单位为{'、'.join(task.get('lead_units'))}"))
            break
    return found


def unit_core(name: str | None) -> str:
    """A unit name without its level and its kind of body: 各级卫生健康部门 and 市卫生健康委
    are both 卫生健康, so a generic name in the prose is not a different unit from the
    city's department in the table."""
    core = LEVEL_PREFIX.sub("", unit_name(name))
    return BODY_SUFFIX.sub("", core) or core


def named_in(name: str, names: list[str]) -> bool:
    """Whether the prose names the unit, by its core (see ``unit_core``) inside one of them."""
    core = unit_core(name)
    return any(core in unit_name(other) or unit_core(other) in unit_name(name)
               for other in names)


def finding(code: str, index: int, task: dict, detail: str) -> Finding:
    return Finding(code, index, str(task.get("seq") or index + 1),
                   task.get("content") or "", detail)


def quality_check(extraction: dict, prose: list[dict] | None = None) -> list[Finding]:
    """Every finding of an extraction, in task order. ``prose``: the notice's own numbered
    items (see ``prose_items``) when the document has both a notice and an annexed table."""
    tasks = extraction.get("tasks") or []
    period = (extraction.get("document") or {}).get("period") or {}
    found = []
    for index, task in enumerate(tasks):
        for code, detail in unit_findings(task) + deadline_findings(index, task, period):
            found.append(finding(code, index, task, detail))
    found += duplicate_findings(tasks)
    found += prose_findings(tasks, prose or [])
    order = list(LABELS)
    return sorted(found, key=lambda f: (f.index, order.index(f.code)))


def prose_items(data: bytes, filename: str, year: int | None = None) -> list[dict]:
    """The numbered prose items of a document that also has a task table (empty when the
    prose items are the tasks themselves or there are none)."""
    from duban.extract.assemble import rows_to_tasks
    from duban.extract.noise import without_noise
    from duban.extract.prose import prose_rows
    from duban.intake import read_document

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{Path(filename).suffix or '.bin'}"
        path.write_bytes(data)
        try:
            document = read_document(str(path))
        except ValueError:
            return []
    tasks = rows_to_tasks(prose_rows(without_noise(document.lines)), year)
    return [{"content": t.content, "lead_units": list(t.lead_units),
             "participating_units": list(t.participating_units)} for t in tasks]


def summary(findings: list[Finding]) -> list[tuple[str, int]]:
    counts = {code: 0 for code in LABELS}
    for item in findings:
        counts[item.code] += 1
    return [(LABELS[code], n) for code, n in counts.items() if n]


def checklist_docx(info: dict, filename: str, findings: list[Finding]) -> bytes:
    """The checklist as a Word document the office sends back to the issuer."""
    import docx

    document = docx.Document()
    title = info.get("title") or filename
    document.add_heading(f"《{title}》任务分解表核对意见", level=1)
    lines = [f"文件：{filename}"]
    if info.get("doc_number"):
        lines.append(f"文号：{info['doc_number']}")
    if info.get("issuer"):
        lines.append(f"发文单位：{info['issuer']}")
    for line in lines:
        document.add_paragraph(line)
    if not findings:
        document.add_paragraph("经核对，未发现需要发文单位补充或更正的问题。")
    else:
        document.add_paragraph("经核对，以下事项请发文单位予以明确或更正：")
        for label, count in summary(findings):
            document.add_paragraph(f"{label}：{count} 处", style="List Bullet")
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["序号", "任务内容", "问题", "说明"],
                              strict=True):
            cell.text = text
        for item in findings:
            row = table.add_row().cells
            row[0].text, row[1].text = item.seq, item.content[:200]
            row[2].text, row[3].text = item.label, item.detail
    document.add_paragraph("")
    document.add_paragraph("医改办（督查室）")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
