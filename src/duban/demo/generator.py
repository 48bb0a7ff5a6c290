"""A synthetic province for demos and benchmarks, reproducible from a seed.

One province, its cities and counties (names from ``reference/demo_province.yaml``), the same
departments in every region, one reporter account per department, and documents whose tasks are
drawn from the seed documents' extractions (their categories, contents, deadline kinds,
milestones and indicators), re-dated into the year of ``today``. Each task's lead unit reports
with a behaviour (on time, late, mostly missing) and the progress reports are spread to reach
the requested total. States and lights are set as the dates and reports imply, so the ledger
looks judged without running the status engine (benchmarks time that separately).

Everything is written with ``bulk_create`` in batches (the tasks' search text too); audit rows
are not written for synthetic data.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from duban.ledger.choices import (
    AssignmentRole,
    DeadlineKind,
    ProgressState,
    RegionLevel,
    Role,
    TaskState,
)
from duban.ledger.models import (
    Assignment,
    Document,
    Indicator,
    IndicatorValue,
    Milestone,
    Profile,
    ProgressReport,
    Region,
    Task,
    Unit,
    UnitKind,
    UnitKindForm,
)
from duban.ledger.services.search import refresh_search_text
from duban.ledger.unitnames import kind_of
from duban.reference import load
from duban.supervision.choices import Light
from duban.supervision.models import TaskStatus

BATCH = 5000
LEVEL_PREFIX = {RegionLevel.PROVINCE: "省", RegionLevel.CITY: "市", RegionLevel.COUNTY: "县"}
DUE_SOON_DAYS = 14
DEMO_PASSWORD = "demo-password-123"
SEED_DEMO = "seed-demo"  # the demo mark of its accounts (security.demo)


class SeedError(Exception):
    """The demo province cannot be built (already there, or no templates)."""


@dataclass
class SeedOptions:
    cities: int = 15
    counties: int = 100
    tasks: int = 100_000
    reports: int = 1_000_000
    seed: int = 1
    today: dt.date = field(default_factory=timezone.localdate)
    password: str = DEMO_PASSWORD


@dataclass
class Department:
    unit_id: int
    kind: str
    user_id: int | None = None


@dataclass
class TaskPlan:
    """A task about to be inserted, with what hangs off it (inserted after its id is known)."""

    task: Task
    lead: Department
    participating: list[Department]
    milestones: list[tuple[dt.date | None, str]]
    indicators: list[dict]
    behaviour: str


@dataclass
class SeedSummary:
    regions: int = 0
    units: int = 0
    users: int = 0
    documents: int = 0
    tasks: int = 0
    assignments: int = 0
    milestones: int = 0
    indicators: int = 0
    reports: int = 0


def vocabulary() -> dict:
    return load("demo_province")


def batched(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert(model, rows: Iterable) -> list:
    """bulk_create in batches of BATCH; returns the saved rows (with their ids)."""
    saved = []
    for batch in batched(rows):
        saved.extend(model.objects.bulk_create(batch, batch_size=BATCH))
    return saved


@contextmanager
def explicit_timestamps(*models):
    """Let bulk inserts keep the ``created``/``last_updated`` values the generator sets."""
    fields = [f for m in models for f in m._meta.concrete_fields
              if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


# --- templates -------------------------------------------------------------------------------

def load_templates(seed_dir: Path) -> list[dict]:
    """The extractions of the seed documents (the shapes synthetic documents copy)."""
    from duban.extract import extract_path

    templates = []
    for path in sorted(seed_dir.glob("*")):
        try:
            extraction = extract_path(str(path)).to_dict()
        except ValueError:
            continue
        if extraction["tasks"]:
            templates.append(extraction)
    if not templates:
        raise SeedError(f"no seed document could be read in {seed_dir}")
    return templates


# --- regions, units, accounts ----------------------------------------------------------------

def region_names(rng: random.Random, count: int, suffixes: list[str], taken: set[str]) -> list:
    vocab = vocabulary()
    names = []
    while len(names) < count:
        name = rng.choice(vocab["name_first"]) + rng.choice(vocab["name_second"])
        name += rng.choice(suffixes)
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def build_regions(rng: random.Random, options: SeedOptions) -> list[Region]:
    """The province, its cities and the counties spread unevenly over the cities."""
    vocab = vocabulary()
    if Region.objects.filter(name=vocab["province"]).exists():
        raise SeedError(f"{vocab['province']} is already in the database")
    taken = set(Region.objects.values_list("name", flat=True)) | {vocab["province"]}
    province = Region.objects.create(name=vocab["province"], level=RegionLevel.PROVINCE)
    cities = insert(Region, (Region(name=n, level=RegionLevel.CITY, parent=province)
                             for n in region_names(rng, options.cities, ["市"], taken)))
    weights = [rng.uniform(0.5, 1.5) for _ in cities]
    parents = rng.choices(cities, weights=weights, k=options.counties) if cities else []
    names = region_names(rng, len(parents), vocab["county_suffixes"], taken)
    counties = insert(Region, (Region(name=n, level=RegionLevel.COUNTY, parent=p)
                               for n, p in zip(names, parents, strict=True)))
    return [province, *cities, *counties]


def build_units(regions: list[Region]) -> dict[int, dict[str, Department]]:
    """Every region's departments (and the province's generic units): region id -> kind -> unit."""
    vocab = vocabulary()
    kinds = dict(UnitKind.objects.values_list("name", "pk"))
    missing = [name for name in vocab["departments"] if name not in kinds]
    for name in missing:
        kinds[name] = UnitKind.objects.create(name=name).pk
    rows = [Unit(name=LEVEL_PREFIX[r.level] + short, region=r, kind_id=kinds[kind])
            for r in regions for kind, short in vocab["departments"].items()]
    rows += [Unit(name=name, region=regions[0], kind_id=kinds[kind], is_generic=True)
             for kind, name in vocab["generic_kinds"].items()]
    names = {kinds[k]: k for k in vocab["departments"]}
    departments: dict[int, dict[str, Department]] = {}
    for unit in insert(Unit, rows):
        if not unit.is_generic:
            departments.setdefault(unit.region_id, {})[names[unit.kind_id]] = Department(
                unit.pk, names[unit.kind_id])
    return departments


def build_accounts(departments: dict[int, dict[str, Department]], password: str) -> int:
    """One reporter per department (``u<unit id>``), an office and a leader account."""
    user_model = get_user_model()
    hashed = make_password(password)
    all_departments = [d for by_kind in departments.values() for d in by_kind.values()]
    users = insert(user_model, (user_model(username=f"u{d.unit_id}", password=hashed)
                                for d in all_departments))
    for department, user in zip(all_departments, users, strict=True):
        department.user_id = user.pk
    insert(Profile, (Profile(user_id=d.user_id, role=Role.REPORTER, unit_id=d.unit_id,
                             demo_account=SEED_DEMO) for d in all_departments))
    staff = [("demo-office", Role.OFFICE), ("demo-leader", Role.LEADER)]
    for username, role in staff:
        user, _ = user_model.objects.get_or_create(username=username)
        user.password = hashed
        user.save(update_fields=["password"])
        Profile.objects.update_or_create(user=user, defaults={"role": role, "unit": None,
                                                              "demo_account": SEED_DEMO})
    return len(users) + len(staff)


# --- documents and tasks ---------------------------------------------------------------------

def document_slots(regions: list[Region]) -> list[tuple[Region, int]]:
    """(issuing region, task weight) for every synthetic document."""
    vocab = vocabulary()
    slots = []
    for region in regions:
        for _ in range(vocab["documents_per_region"][region.level]):
            slots.append((region, vocab["task_weight_per_document"][region.level]))
    return slots


def split_total(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """``total`` split in proportion to ``weights``, rounding at random (sums exactly)."""
    whole = sum(weights) or 1
    shares = [total * w / whole for w in weights]
    counts = [math.floor(s) for s in shares]
    remainder = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], rng.random()))
    for i in order[:remainder]:
        counts[i] += 1
    return counts


def random_sha(rng: random.Random) -> str:
    return f"{rng.getrandbits(256):064x}"


def build_documents(rng, regions, templates, year: int) -> list[tuple[Document, dict]]:
    """One Document per slot, each copying the metadata shape of a template."""
    slots = document_slots(regions)
    rows, chosen = [], []
    for n, (region, _weight) in enumerate(slots):
        template = templates[n % len(templates)]
        issued = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(10, 60))
        moment = stamp(rng, issued)
        rows.append(Document(
            title=f"{region.name}{year}年{template_topic(template)}（示范{n + 1}）",
            issuer=f"{region.name}深化医药卫生体制改革领导小组",
            doc_number=f"{region.name[:2]}医改发〔{year}〕{n + 1}号",
            issued_on=issued, imported_at=moment, created=moment, last_updated=moment,
            region=region, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
            filename=f"demo-{n + 1}.txt", format="txt", sha256=random_sha(rng)))
        chosen.append(template)
    return list(zip(insert(Document, rows), chosen, strict=True))


def template_topic(template: dict) -> str:
    title = template["document"].get("title") or "重点任务分解表"
    for marker in ("年度", "年"):
        if marker in title:
            title = title.split(marker, 1)[1] or title
    return title.lstrip("全市县度")[:40] or "重点任务分解表"


def redate(text: str | None, year: int) -> dt.date | None:
    """A template date moved into ``year`` (same month and day; 29 Feb becomes 28 Feb)."""
    if not text:
        return None
    old = dt.date.fromisoformat(text)
    day = min(old.day, 28) if old.month == 2 else old.day
    return dt.date(year, old.month, day)


def pick_department(rng, by_kind: dict[str, Department], name: str, forms) -> Department:
    kind_id = kind_of(name, forms)
    kind = forms.get("__names__", {}).get(kind_id)
    if kind in by_kind:
        return by_kind[kind]
    return by_kind[rng.choice(sorted(by_kind))]


def task_dates(rng, template_task: dict, year: int, today: dt.date):
    """(kind, start, due) of a synthetic task: the template's kind, a due date in the year."""
    kind = (template_task.get("deadline") or {}).get("kind") or DeadlineKind.NONE
    if kind in (DeadlineKind.ONGOING, DeadlineKind.NONE):
        return kind, None, None
    if kind == DeadlineKind.YEAR:
        return kind, dt.date(year, 1, 1), dt.date(year, 12, 31)
    due = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(45, 364))
    start = dt.date(year, 1, 1) if kind == DeadlineKind.RANGE else None
    return kind, start, due


def judged_state(rng, due: dt.date | None, behaviour: str, today: dt.date) -> str:
    """The state the status engine would most likely give such a task on ``today``."""
    if due is not None and due < today:
        done_share = {"on_time": 0.85, "late": 0.5, "missing": 0.15}[behaviour]
        return TaskState.DONE if rng.random() < done_share else TaskState.OVERDUE
    if due is not None and (due - today).days <= DUE_SOON_DAYS:
        return TaskState.DUE_SOON
    if behaviour == "missing":
        return TaskState.NOT_STARTED
    return TaskState.DONE if rng.random() < 0.08 else TaskState.ON_TRACK


def plan_task(rng, document, template, order, by_kind, forms, behaviours, today) -> TaskPlan:
    source = rng.choice(template["tasks"])
    year = document.period_start.year
    kind, start, due = task_dates(rng, source, year, today)
    behaviour = rng.choices(list(behaviours), weights=[b["weight"] for b in behaviours.values()])[0]
    effective_due = due or (document.period_end if kind == DeadlineKind.NONE else None)
    state = judged_state(rng, effective_due, behaviour, today)
    lead_names = source.get("lead_units") or ["医改办"]
    lead = pick_department(rng, by_kind, lead_names[0], forms)
    low, high = vocabulary()["participating_units"]
    others = [d for d in by_kind.values() if d is not lead]
    participating = rng.sample(others, min(len(others), rng.randint(low, high)))
    task = Task(
        document=document, seq=str(order + 1), category=(source.get("category") or "")[:300],
        content=source["content"], order=order,
        deadline_text=((source.get("deadline") or {}).get("text") or "")[:200],
        deadline_kind=kind, deadline_start=start, deadline_due=due,
        target=source.get("target") or "", state=state,
        closed_at=stamp(rng, min(effective_due or today, today)) if state == TaskState.DONE
        else None,
        created=stamp(rng, document.issued_on), last_updated=stamp(rng, today))
    milestones = [(redate(m.get("due"), year), m.get("text") or "") for m in
                  source.get("milestones") or []]
    return TaskPlan(task, lead, participating, milestones, source.get("indicators") or [],
                    behaviour)


def stamp(rng, day: dt.date) -> dt.datetime:
    """An aware moment during office hours of ``day``."""
    moment = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)))
    return timezone.make_aware(moment)


def light_of(state: str) -> str:
    return {TaskState.OVERDUE: Light.RED, TaskState.DUE_SOON: Light.YELLOW}.get(state, Light.GREEN)


# --- progress reports ------------------------------------------------------------------------

def report_days(rng, plan: TaskPlan, count: int, today: dt.date, report_day: int) -> list:
    """``count`` report dates from the document's issue to ``today``, near monthly report days."""
    behaviour = vocabulary()["report_behaviours"][plan.behaviour]
    first = plan.task.document.issued_on
    months = [(first.year, m) for m in range(first.month, today.month + 1)] or [
        (today.year, today.month)]
    days = []
    for n in range(count):
        year, month = months[n % len(months)] if count <= len(months) else rng.choice(months)
        low, high = behaviour["delay"]
        day = dt.date(year, month, min(report_day, 28)) + dt.timedelta(days=rng.randint(low, high))
        days.append(min(max(day, first), today))
    return sorted(days)


def reports_for(rng, plan: TaskPlan, count: int, today: dt.date, texts, reviews) -> list:
    days = report_days(rng, plan, count, today, plan.task.document.report_day)
    rows = []
    for n, day in enumerate(days, 1):
        final = n == len(days) and plan.task.state == TaskState.DONE
        moment = stamp(rng, day)
        rows.append(ProgressReport(
            task_id=plan.task.pk, unit_id=plan.lead.unit_id, author_id=plan.lead.user_id,
            text=rng.choice(texts), percent=100 if final else min(95, round(100 * n / (count + 1))),
            state=ProgressState.DONE if final else ProgressState.IN_PROGRESS,
            review_status=rng.choices(list(reviews), weights=list(reviews.values()))[0],
            created=moment, last_updated=moment))
    return rows


def report_counts(rng, plans: list[TaskPlan], total: int) -> list[int]:
    behaviours = vocabulary()["report_behaviours"]
    return split_total(total, [behaviours[p.behaviour]["share"] for p in plans], rng)


# --- the whole province ----------------------------------------------------------------------

def insert_task_batch(rng, plans: list[TaskPlan], n_reports: int, options, summary) -> None:
    """Insert a batch of planned tasks and everything that hangs off them."""
    vocab = vocabulary()
    today = options.today
    insert(Task, [p.task for p in plans])
    insert(TaskStatus, (TaskStatus(task_id=p.task.pk, state=p.task.state,
                                   light=light_of(p.task.state), reasons=[],
                                   due=p.task.deadline_due or p.task.document.period_end,
                                   computed_on=today) for p in plans))
    assignments = []
    for p in plans:
        assignments.append(Assignment(task_id=p.task.pk, unit_id=p.lead.unit_id,
                                      role=AssignmentRole.LEAD, order=1))
        assignments += [Assignment(task_id=p.task.pk, unit_id=d.unit_id, order=n,
                                   role=AssignmentRole.PARTICIPATING)
                        for n, d in enumerate(p.participating, 2)]
    summary.assignments += len(insert(Assignment, assignments))
    milestones = [Milestone(task_id=p.task.pk, due=due, text=text, order=n,
                            state=milestone_state(p.task.state, due, today))
                  for p in plans for n, (due, text) in enumerate(p.milestones)]
    summary.milestones += len(insert(Milestone, milestones))
    refresh_search_text(p.task.pk for p in plans)
    indicators = [Indicator(task_id=p.task.pk, text=i.get("text") or "", order=n,
                            value=Decimal(str(i.get("value") or 0)), unit=i.get("unit") or "",
                            op=i.get("op") or ">=")
                  for p in plans for n, i in enumerate(p.indicators)]
    summary.indicators += len(insert(Indicator, indicators))
    counts = report_counts(rng, plans, n_reports)
    reports = []
    for plan, count in zip(plans, counts, strict=True):
        reports += reports_for(rng, plan, count, today, vocab["progress_texts"],
                               vocab["review_weights"])
    summary.reports += len(insert(ProgressReport, reports))
    add_indicator_values(rng, indicators, reports)
    summary.tasks += len(plans)


def milestone_state(task_state: str, due: dt.date | None, today: dt.date) -> str:
    """Past milestones of an overdue task are overdue, of any other task done."""
    if due is None:
        return TaskState.DONE if task_state == TaskState.DONE else TaskState.NOT_STARTED
    if due < today:
        return TaskState.OVERDUE if task_state == TaskState.OVERDUE else TaskState.DONE
    return TaskState.DONE if task_state == TaskState.DONE else TaskState.NOT_STARTED


def add_indicator_values(rng, indicators: list[Indicator], reports: list[ProgressReport]):
    """The latest report on a task with indicators states a value for each of them."""
    latest = {}
    for report in reports:
        latest[report.task_id] = report
    values = []
    for indicator in indicators:
        report = latest.get(indicator.task_id)
        if report is None:
            continue
        actual = indicator.value * Decimal(str(round(rng.uniform(0.6, 1.1), 2)))
        values.append(IndicatorValue(indicator=indicator, report=report, value=actual,
                                     reported_on=report.created.date()))
    insert(IndicatorValue, values)


def kind_names() -> dict:
    """Form text -> kind id, plus ``__names__``: kind id -> kind name (for pick_department)."""
    forms = dict(UnitKindForm.objects.values_list("text", "kind_id"))
    forms["__names__"] = dict(UnitKind.objects.values_list("pk", "name"))
    return forms


def seed_province(options: SeedOptions, seed_dir: Path) -> SeedSummary:
    """Build the whole province in one transaction; returns what was created."""
    rng = random.Random(options.seed)
    templates = load_templates(seed_dir)
    summary = SeedSummary()
    models = (Task, ProgressReport, Document)
    with transaction.atomic(), explicit_timestamps(*models):
        regions = build_regions(rng, options)
        departments = build_units(regions)
        summary.regions = len(regions)
        summary.units = sum(len(v) for v in departments.values())
        summary.users = build_accounts(departments, options.password)
        documents = build_documents(rng, regions, templates, options.today.year)
        summary.documents = len(documents)
        weights = [w for _, w in document_slots(regions)]
        task_counts = split_total(options.tasks, weights, rng)
        report_budget = split_total(options.reports, task_counts, rng)
        forms = kind_names()
        behaviours = vocabulary()["report_behaviours"]
        pending, pending_reports = [], 0
        for (document, template), n_tasks, n_reports in zip(
                documents, task_counts, report_budget, strict=True):
            by_kind = departments[document.region_id]
            pending += [plan_task(rng, document, template, order, by_kind, forms, behaviours,
                                  options.today) for order in range(n_tasks)]
            pending_reports += n_reports
            if len(pending) >= BATCH:
                insert_task_batch(rng, pending, pending_reports, options, summary)
                pending, pending_reports = [], 0
        if pending:
            insert_task_batch(rng, pending, pending_reports, options, summary)
    return summary
