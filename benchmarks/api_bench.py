"""API benchmark: a synthetic province in PostgreSQL behind gunicorn (2 workers), driven by a
small asyncio/httpx client with concurrent requests.

    .venv/bin/python benchmarks/api_bench.py --tasks 10000 --reports 100000
    .venv/bin/python benchmarks/api_bench.py --tasks 100000 --reports 1000000 --duration 20

Reads are driven by a bare asyncio HTTP/1.1 keep-alive client (``Connection``), report
submissions by httpx. Steps: (re)create the database ``duban_bench`` and load it with ``duban seed-demo`` (skipped
with ``--reuse``), issue API tokens, start gunicorn on 127.0.0.1, measure p50/p95/p99 and
throughput of each scenario alone and of the mixed reads together (8 clients, each sending its
next request as soon as the last one is answered: the server's capacity), then of the mixed
reads arriving at a steady 200 per second (the acceptance's load: latency at that rate), time
report submission, the dispatch report of a city's document and the status recomputation of
every task (cold: no stored status; the next day: the daily run; the same day again), then
print the figures and write ``benchmarks/results/api.json`` (with the machine's core count).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "api.json"
LOAD_RESULTS = ROOT / "benchmarks" / "results" / "api_load.json"
BIN = Path(sys.executable).parent
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "duban_bench"
TODAY = "2026-11-24"
# (scenario, target p95 in ms) from issue 5's acceptance
TARGETS = {"responsibility_list": 50, "responsibility_list_deep": 50, "task_detail": 50,
           "dashboard": 100, "search": 200, "overdue_list": 50}
MIXED_WEIGHTS = {"responsibility_list": 25, "responsibility_list_deep": 10, "task_detail": 30,
                 "dashboard": 10, "overdue_list": 10, "search": 15}
MIXED_TARGET_RPS = 200
RECOMPUTE_TARGET_S = 5.0
SEARCH_WORDS = ["医保", "支付方式", "分级诊疗", "公立医院", "家庭医生", "药品", "绩效考核",
                "医共体", "信息化", "人才", "中医药", "公共卫生", "DRG", "集中采购", "薪酬"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--regions", type=int, default=15)
    parser.add_argument("--counties", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the data already loaded")
    parser.add_argument("--load-only", action="store_true", help="load the data and stop")
    parser.add_argument("--db-url", default=f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per worker (gthread, keeping connections alive); more "
                             "threads cost CPU in switching and in waiting for the GIL (on this "
                             "2-core machine 4 threads served about 30%% fewer mixed reads)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario")
    parser.add_argument("--writes", type=int, default=300, help="report submissions to time")
    parser.add_argument("--recompute-timeout", type=float, default=900.0)
    parser.add_argument("--recompute-jobs", type=int, default=os.cpu_count() or 1,
                        help="processes of `duban status --recompute` (default: one per core)")
    parser.add_argument("--out", default=str(RESULTS))
    return parser.parse_args(argv)


def child_env(args) -> dict:
    return dict(os.environ, DATABASE_URL=args.db_url, PYTHONPATH=str(ROOT / "src"),
               DJANGO_SETTINGS_MODULE="duban.settings", DEBUG="False", DB_CONN_MAX_AGE="600",
               ALLOWED_HOSTS="127.0.0.1,localhost", LOG_LEVEL="ERROR",
               CACHE_URL=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/2"))


def duban(args, *command: str, timeout: float | None = None) -> str:
    result = subprocess.run([str(BIN / "duban"), *command], env=child_env(args), cwd=ROOT,
                            capture_output=True, text=True, timeout=timeout, check=True)
    return result.stdout


def recreate_database(args) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


# Short OLTP queries on a 2-core machine: starting parallel workers or JIT-compiling costs more
# than the query itself.
DATABASE_SETTINGS = {"max_parallel_workers_per_gather": "0", "jit": "off"}


def tune_database(args) -> dict:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        for name, value in DATABASE_SETTINGS.items():
            conn.execute(f"ALTER DATABASE {BENCH_DB} SET {name} = {value}")
    return DATABASE_SETTINGS


def load_data(args) -> dict:
    """Fresh database, migrations, the synthetic province; seconds each step took."""
    timings = {}
    started = time.perf_counter()
    recreate_database(args)
    duban(args, "migrate", "-v0")
    timings["migrate_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    out = duban(args, "seed-demo", "--regions", str(args.regions), "--counties",
                str(args.counties), "--tasks", str(args.tasks), "--reports", str(args.reports),
                "--seed", str(args.seed), "--today", TODAY)
    timings["seed_s"] = round(time.perf_counter() - started, 1)
    timings["seed_output"] = out.strip().splitlines()[0]
    started = time.perf_counter()
    import psycopg

    with psycopg.connect(args.db_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    timings["vacuum_analyze_s"] = round(time.perf_counter() - started, 1)
    return timings


def setup_django(args) -> None:
    os.environ.update(child_env(args))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def prepare_fixtures(rng: random.Random) -> dict:
    """Tokens, and the ids the scenarios draw from (units with many tasks, tasks, cursors)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from duban.api.pagination import encode_cursor
    from duban.api.tokens import issue_token
    from duban.ledger.models import Assignment, Task

    users = get_user_model().objects
    office = users.get(username="demo-office")
    busy = (Assignment.objects.filter(role="lead").values("unit_id")
            .annotate(n=Count("pk")).order_by("-n")[:200])
    units = [row["unit_id"] for row in busy]
    deep = {}
    for unit_id in units:
        ids = list(Assignment.objects.filter(unit_id=unit_id, role="lead")
                   .order_by("task_id").values_list("task_id", flat=True))
        deep[unit_id] = encode_cursor(ids[int(len(ids) * 0.8)])
    task_ids = list(Task.objects.values_list("pk", flat=True))
    reporters = {}
    for row in (Assignment.objects.filter(role="lead", unit_id__in=units[:50])
                .values("task_id", "unit_id")[:2000]):
        reporters.setdefault(row["unit_id"], []).append(row["task_id"])
    reporter_tokens = {unit_id: issue_token(users.get(username=f"u{unit_id}"), "bench")[1]
                       for unit_id in reporters}
    return {"office_token": issue_token(office, "bench")[1], "units": units, "deep": deep,
            "task_ids": rng.sample(task_ids, min(len(task_ids), 5000)),
            "reporter_tasks": reporters, "reporter_tokens": reporter_tokens}


def start_gunicorn(args) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "duban.wsgi:application", "--workers", str(args.workers),
               "--threads", str(args.threads), "--worker-class", "gthread",
               "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning",
               "--backlog", "2048"]
    return subprocess.Popen(command, env=child_env(args), cwd=ROOT, start_new_session=True)


def wait_until_up(base: str, timeout: float = 30.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not come up")


def request_for(scenario: str, fx: dict, rng: random.Random) -> tuple[str, str, dict | None]:
    """(method, path, json body) of one request of ``scenario``."""
    unit = rng.choice(fx["units"])
    if scenario == "responsibility_list":
        return "GET", f"/api/v1/units/{unit}/tasks?role=lead&limit=50", None
    if scenario == "responsibility_list_deep":
        return "GET", f"/api/v1/units/{unit}/tasks?role=lead&limit=50&cursor={fx['deep'][unit]}", None
    if scenario == "task_detail":
        return "GET", f"/api/v1/tasks/{rng.choice(fx['task_ids'])}", None
    if scenario == "dashboard":
        return "GET", "/api/v1/dashboard", None
    if scenario == "overdue_list":
        return "GET", "/api/v1/tasks/overdue?limit=50", None
    if scenario == "search":
        return "GET", f"/api/v1/tasks?q={rng.choice(SEARCH_WORDS)}&limit=50", None
    raise ValueError(scenario)


class Connection:
    """A bare HTTP/1.1 keep-alive connection on asyncio streams: the load generator shares the
    machine's cores with gunicorn and PostgreSQL, so it must cost far less per request than
    the server does (httpx costs about as much as a cached API response)."""

    def __init__(self, host: str, port: int, token: str):
        self.host, self.port, self.token = host, port, token
        self.reader = self.writer = None

    async def request(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (f"GET {quote(path, safe='/?&=:')} HTTP/1.1\r\nHost: {self.host}\r\n"
                f"Authorization: Bearer {self.token}\r\n\r\n")
        self.writer.write(head.encode())
        status = int((await self.reader.readline()).split()[1])
        length, close = None, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                close = True
        await (self.reader.readexactly(length) if length is not None else self.reader.read())
        if close or length is None:
            self.writer.close()
            self.writer = None
        return status


async def run_load(base: str, fx: dict, pick, duration: float, concurrency: int) -> dict:
    """Keep ``concurrency`` requests in flight for ``duration`` seconds; latencies per kind."""
    rng = random.Random(7)
    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    host, port = base.rsplit("//", 1)[1].split(":")
    stop = time.perf_counter() + duration

    async def worker():
        connection = Connection(host, int(port), fx["office_token"])
        while time.perf_counter() < stop:
            kind = pick(rng)
            _method, path, _body = request_for(kind, fx, rng)
            started = time.perf_counter()
            try:
                ok = await connection.request(path) < 400
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
                connection.writer, ok = None, False
            latencies.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
            if not ok:
                errors[kind] = errors.get(kind, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {kind: summarize(values, errors.get(kind, 0), elapsed)
            for kind, values in latencies.items()}


async def run_rate(base: str, fx: dict, rate: float, duration: float,
                   connections: int = 32) -> dict:
    """Mixed reads arriving at a steady ``rate`` per second (open loop, as users arrive, not
    as fast as the server answers): latency counts from each request's scheduled start, so a
    request that waited for a free connection counts its wait."""
    rng = random.Random(13)
    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    host, port = base.rsplit("//", 1)[1].split(":")
    pool: asyncio.Queue = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(Connection(host, int(port), fx["office_token"]))

    async def one(kind: str, path: str, scheduled: float):
        connection = await pool.get()
        try:
            ok = await connection.request(path) < 400
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            connection.writer, ok = None, False
        finally:
            pool.put_nowait(connection)
        latencies.setdefault(kind, []).append((time.perf_counter() - scheduled) * 1000)
        if not ok:
            errors[kind] = errors.get(kind, 0) + 1

    started = time.perf_counter()
    pending, n = [], 0
    while (scheduled := started + n / rate) < started + duration:
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        kind = pick_mixed(rng)
        pending.append(asyncio.create_task(one(kind, request_for(kind, fx, rng)[1], scheduled)))
        n += 1
    await asyncio.gather(*pending)
    elapsed = time.perf_counter() - started
    return {kind: summarize(values, errors.get(kind, 0), elapsed)
            for kind, values in latencies.items()}


def summarize(values: list[float], errors: int, elapsed: float) -> dict:
    ordered = sorted(values)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)

    return {"requests": len(values), "errors": errors, "p50_ms": pct(50), "p95_ms": pct(95),
            "p99_ms": pct(99), "mean_ms": round(statistics.fmean(values), 1),
            "rps": round(len(values) / elapsed, 1)}


async def run_writes(base: str, fx: dict, count: int, concurrency: int) -> dict:
    """Reporters submit progress reports on their units' tasks (the ledger's submit service)."""
    import httpx

    rng = random.Random(11)
    units = list(fx["reporter_tasks"])
    latencies, errors = [], 0
    semaphore = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:

        async def submit(n: int):
            nonlocal errors
            unit = rng.choice(units)
            task = rng.choice(fx["reporter_tasks"][unit])
            headers = {"Authorization": f"Bearer {fx['reporter_tokens'][unit]}"}
            body = {"text": f"基准测试报送 {n}", "percent": rng.randint(0, 100)}
            async with semaphore:
                started = time.perf_counter()
                response = await client.post(f"/api/v1/tasks/{task}/reports", json=body,
                                             headers=headers)
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 201:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(submit(n) for n in range(count)))
        elapsed = time.perf_counter() - started
    return summarize(latencies, errors, elapsed)


def pick_one(kind: str):
    return lambda rng: kind


def pick_mixed(rng: random.Random) -> str:
    return rng.choices(list(MIXED_WEIGHTS), weights=list(MIXED_WEIGHTS.values()))[0]


def time_dispatch() -> dict:
    """Build the dispatch report (data, .docx and .xlsx) of the largest city document."""
    import datetime as dt

    from django.db.models import Count

    from duban.ledger.models import Document
    from duban.supervision.reports.dispatch import dispatch_docx, dispatch_xlsx
    from duban.supervision.services.dispatch import build_dispatch

    document = (Document.objects.filter(region__level="city").annotate(n=Count("tasks"))
                .order_by("-n").first())
    today = dt.date.fromisoformat(TODAY)
    started = time.perf_counter()
    report = build_dispatch(document, today, today)
    dispatch_docx(report)
    dispatch_xlsx(report)
    return {"document_tasks": document.n, "seconds": round(time.perf_counter() - started, 2)}


def timed_recompute(args, *extra: str, day: str = TODAY) -> float | None:
    """Seconds ``duban status --recompute`` takes in a child process (None: over the limit)."""
    started = time.perf_counter()
    try:
        duban(args, "status", "--recompute", "--date", day, "--jobs", str(args.recompute_jobs),
              *extra, timeout=args.recompute_timeout)
    except subprocess.TimeoutExpired:
        return None
    return round(time.perf_counter() - started, 2)


def forget_statuses(args) -> None:
    """Drop every stored status (not timed), so the next recompute writes them all anew."""
    import psycopg

    with psycopg.connect(args.db_url, autocommit=True) as conn:
        conn.execute("DELETE FROM supervision_milestonestatus")
        conn.execute("DELETE FROM supervision_taskstatus")
        conn.execute("VACUUM ANALYZE supervision_milestonestatus, supervision_taskstatus")


def time_recompute(args) -> dict:
    """``duban status --recompute`` of the largest document, then of every task: cold (no
    stored status: every row written, on the day before), the next day (the daily run: the
    statuses that changed overnight written) and the same day again (nothing to write)."""
    import datetime as dt

    from django.db.models import Count

    from duban.ledger.models import Document

    document = Document.objects.annotate(n=Count("tasks")).order_by("-n").first()
    one = timed_recompute(args, "--document", str(document.pk))
    forget_statuses(args)
    day_before = (dt.date.fromisoformat(TODAY) - dt.timedelta(days=1)).isoformat()
    cold = timed_recompute(args, day=day_before)
    next_day = timed_recompute(args)
    same_day = timed_recompute(args)
    return {"one_document": {"tasks": document.n, "seconds": one},
            "all_tasks_cold_seconds": cold, "all_tasks_next_day_seconds": next_day,
            "all_tasks_same_day_again_seconds": same_day,
            "jobs": args.recompute_jobs, "time_limit_s": args.recompute_timeout}


def machine() -> dict:
    import psycopg
    from django.db import connection

    return {"cores": os.cpu_count(), "load_average_1_5_15": os.getloadavg(),
            "python": platform.python_version(),
            "platform": platform.platform(), "postgresql": connection.pg_version,
            "psycopg": psycopg.__version__}


def print_table(title: str, rows: dict) -> None:
    print(f"\n{title}")
    print(f"  {'scenario':<26}{'n':>7}{'err':>5}{'p50':>8}{'p95':>8}{'p99':>8}{'rps':>8}  target")
    for kind, r in rows.items():
        target = TARGETS.get(kind)
        verdict = "" if target is None else ("ok" if r["p95_ms"] < target else "MISS") + \
            f" p95<{target}"
        print(f"  {kind:<26}{r['requests']:>7}{r['errors']:>5}{r['p50_ms']:>8}{r['p95_ms']:>8}"
              f"{r['p99_ms']:>8}{r['rps']:>8}  {verdict}")


def main(argv=None) -> int:
    args = parse_args(argv)
    results = {"args": vars(args) | {"out": None}, "today": TODAY}
    if not args.reuse:
        print(f"loading {args.tasks} tasks / {args.reports} reports into {BENCH_DB} …")
        load = load_data(args) | {"tasks": args.tasks, "reports": args.reports}
        LOAD_RESULTS.parent.mkdir(parents=True, exist_ok=True)
        LOAD_RESULTS.write_text(json.dumps(load, ensure_ascii=False, indent=1) + "\n")
        print(load)
        if args.load_only:
            return 0
    if LOAD_RESULTS.exists():
        results["load"] = json.loads(LOAD_RESULTS.read_text())
    results["database_settings"] = tune_database(args)
    setup_django(args)
    results["machine"] = machine()
    fx = prepare_fixtures(random.Random(args.seed))
    base = f"http://127.0.0.1:{args.port}"
    server = start_gunicorn(args)
    try:
        wait_until_up(base)
        asyncio.run(run_load(base, fx, pick_mixed, 3.0, args.concurrency))  # warm-up
        alone = {}
        for kind in MIXED_WEIGHTS:
            alone[kind] = asyncio.run(
                run_load(base, fx, pick_one(kind), args.duration, args.concurrency))[kind]
        print_table(f"each scenario alone ({args.concurrency} concurrent clients)", alone)
        mixed = asyncio.run(run_load(base, fx, pick_mixed, args.duration * 2, args.concurrency))
        total = {"requests": sum(r["requests"] for r in mixed.values()),
                 "errors": sum(r["errors"] for r in mixed.values()),
                 "rps": round(sum(r["rps"] for r in mixed.values()), 1)}
        print_table("mixed reads", mixed)
        print(f"  total: {total['requests']} requests, {total['errors']} errors, "
              f"{total['rps']} requests/s (target ≥ {MIXED_TARGET_RPS})")
        at_rate = asyncio.run(run_rate(base, fx, MIXED_TARGET_RPS, args.duration * 2))
        rate_total = {"requests": sum(r["requests"] for r in at_rate.values()),
                      "errors": sum(r["errors"] for r in at_rate.values()),
                      "rps": round(sum(r["rps"] for r in at_rate.values()), 1)}
        print_table(f"mixed reads arriving at {MIXED_TARGET_RPS}/s (open loop)", at_rate)
        print(f"  total: {rate_total['requests']} requests, {rate_total['errors']} errors, "
              f"{rate_total['rps']} requests/s served")
        writes = asyncio.run(run_writes(base, fx, args.writes, args.concurrency))
        print_table("report submission", {"report_submission": writes})
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    results.update(scenarios=alone, mixed=mixed, mixed_total=total, mixed_at_target_rate=at_rate,
                   mixed_at_target_rate_total=rate_total, report_submission=writes)
    results["dispatch_report"] = time_dispatch()
    print(f"\ndispatch report of a city document: {results['dispatch_report']}")
    results["load_average_after"] = os.getloadavg()
    results["status_recompute"] = time_recompute(args)
    print(f"status recomputation of every task: {results['status_recompute']}")
    results["targets_met"] = {
        **{f"{k}_alone": alone[k]["p95_ms"] < t for k, t in TARGETS.items() if k in alone},
        **{f"{k}_at_{MIXED_TARGET_RPS}_rps": at_rate[k]["p95_ms"] < t
           for k, t in TARGETS.items() if k in at_rate},
        "mixed_rps": total["rps"] >= MIXED_TARGET_RPS,
        "zero_errors": total["errors"] == 0 and writes["errors"] == 0
        and rate_total["errors"] == 0,
        "recompute_cold_under_5s": (results["status_recompute"]["all_tasks_cold_seconds"]
                                    or 1e9) < RECOMPUTE_TARGET_S,
        "recompute_next_day_under_5s": (results["status_recompute"]["all_tasks_next_day_seconds"]
                                        or 1e9) < RECOMPUTE_TARGET_S,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n",
                   encoding="utf-8")
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
