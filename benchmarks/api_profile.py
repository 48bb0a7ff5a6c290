"""CPU per API request, in process: where the server's time goes, without gunicorn or a client.

Runs after ``api_bench.py --load-only`` (the ``duban_bench`` database), calls the WSGI
application directly for each scenario of the benchmark and prints the CPU milliseconds per
request and the number of SQL statements; ``--profile SCENARIO`` prints the functions that took
the most time (cProfile) for that scenario.

    .venv/bin/python benchmarks/api_profile.py
    .venv/bin/python benchmarks/api_profile.py --profile task_detail --top 40
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_bench  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per scenario")
    parser.add_argument("--profile", help="scenario to profile (or 'mixed')")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--db-url", default=api_bench.parse_args([]).db_url)
    return parser.parse_args(argv)


def environ_for(path: str, token: str) -> dict:
    route, _, query = quote(path, safe="/?&=:").partition("?")
    return {"REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8765", "HTTP_HOST": "127.0.0.1",
            "HTTP_AUTHORIZATION": f"Bearer {token}", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr}


def call(application, path: str, token: str) -> int:
    status = []
    body = application(environ_for(path, token), lambda s, h, e=None: status.append(s))
    b"".join(body)
    body.close()
    return int(status[0].split()[0])


def paths_of(scenario: str, fx: dict, count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    picks = [api_bench.pick_mixed(rng) if scenario == "mixed" else scenario for _ in range(count)]
    return [api_bench.request_for(kind, fx, rng)[1] for kind in picks]


def machine_cpu_seconds() -> float:
    """CPU seconds every process of the machine has used (user + system), from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = stat.readline().split()[1:]
    return (int(fields[0]) + int(fields[1]) + int(fields[2])) / os.sysconf("SC_CLK_TCK")


def measure(application, paths: list[str], token: str) -> tuple[float, float, float]:
    """(CPU ms per request in this process, in the whole machine (the database's share too),
    SQL statements per request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path in paths[:20]:
        call(application, path, token)
    with CaptureQueriesContext(connection) as queries:
        started, machine_started = time.process_time(), machine_cpu_seconds()
        for path in paths:
            assert call(application, path, token) == 200, path
        cpu = time.process_time() - started
        machine = machine_cpu_seconds() - machine_started
    count = len(paths)
    return cpu * 1000 / count, machine * 1000 / count, len(queries) / count


def profile(application, paths: list[str], token: str, top: int) -> None:
    for path in paths[:20]:
        call(application, path, token)
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        call(application, path, token)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main(argv=None) -> int:
    args = parse_args(argv)
    bench_args = api_bench.parse_args(["--db-url", args.db_url])
    api_bench.setup_django(bench_args)
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.DEBUG = False
    application = get_wsgi_application()
    fx = api_bench.prepare_fixtures(random.Random(1))
    token = fx["office_token"]
    if args.profile:
        profile(application, paths_of(args.profile, fx, args.requests), token, args.top)
        return 0
    print(f"{'CPU ms per request':<28}{'Django':>8}{'machine':>9}{'SQL':>6}")
    for scenario in [*api_bench.TARGETS, "mixed"]:
        cpu, machine, sql = measure(application, paths_of(scenario, fx, args.requests), token)
        print(f"{scenario:<28}{cpu:>8.2f}{machine:>9.2f}{sql:>6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
