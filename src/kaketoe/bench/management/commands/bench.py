"""Benchmark the main pages on fresh databases of synthetic families (issue 9).

For each size: a fresh database (SQLite under var/bench/, or `<name>_bench` on the PostgreSQL
server of DATABASE_URL), migrate, seed_synthetic, then in a separate process per size:
queries per request and p50/p95 server time through the whole middleware stack (Django's test
Client, logged in with two factors), the factor-grid PDF, and requests/second against gunicorn on
loopback from a separate load-generator process. One table is printed and written to
docs/benchmarks.md (a section per database engine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

ROOT = Path(settings.ROOT_DIR)
BENCH_DIR = Path(settings.VAR_DIR) / "bench"
LOAD_SCRIPT = Path(__file__).resolve().parents[2] / "load.py"
PROTECTED_DATABASES = {"test", "test_test", "postgres", "template0", "template1"}
# (page key, who) measured under load against gunicorn.
LOAD_PAGES = [("trivial", "cm"), ("caseload_cm", "cm"), ("caseload_lead", "lead")]


class Command(BaseCommand):
    help = "Measure queries, server time and throughput of the main pages at several sizes."

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, nargs="+", default=[1000, 20000])
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
        parser.add_argument("--gunicorn-workers", type=int, default=2)
        parser.add_argument(
            "--instances",
            type=int,
            default=1,
            help="also load N gunicorn instances (1 worker each) on one database at once",
        )
        parser.add_argument("--load-seconds", type=float, default=8.0)
        parser.add_argument("--concurrency", type=int, default=8, help="load-generator threads")
        parser.add_argument("--no-load", action="store_true", help="skip the gunicorn part")
        parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
        parser.add_argument("--measure-one", type=int, help=argparse.SUPPRESS)
        parser.add_argument("--json", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["measure_one"]:
            return self._measure_one(options)
        if min(options["families"]) < 40:
            raise CommandError("--families must be at least 40 (the case manager's caseload)")
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        target = Target.from_environment()
        self.stdout.write(f"kaketoe bench: {target.kind}, sizes {options['families']}")
        self._collectstatic(target)
        results = []
        for families in options["families"]:
            url = target.fresh(families)
            env = bench_env(url)
            out = BENCH_DIR / f"{target.kind}-{families}.json"
            self.stdout.write(f"  {families} families: seeding and measuring in-process …")
            run(
                [
                    sys.executable,
                    "manage.py",
                    "bench",
                    "--measure-one",
                    str(families),
                    "--seed",
                    str(options["seed"]),
                    "--requests",
                    str(options["requests"]),
                    "--json",
                    str(out),
                ],
                env,
            )
            result = json.loads(out.read_text())
            result["load"] = {} if options["no_load"] else self._load(result, env, options)
            out.write_text(json.dumps(result, indent=2))
            results.append(result)
        table = render(results, options)
        self.stdout.write(table)
        write_section(Path(options["output"]), target.kind, table)
        self.stdout.write(self.style.SUCCESS(f"written to {options['output']}"))

    def _measure_one(self, options):
        from kaketoe.bench import measure

        result = measure.run(options["measure_one"], options["seed"], options["requests"])
        Path(options["json"]).write_text(json.dumps(result, indent=2))

    def _collectstatic(self, target):
        env = bench_env(target.fresh_url_for_static())
        run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)

    def _load(self, result, env, options) -> dict:
        measured = {}
        with Gunicorn(env, workers=options["gunicorn_workers"]) as server:
            for key, who in LOAD_PAGES:
                self.stdout.write(f"  load on {key} ({server.workers} workers) …")
                measured[key] = load(
                    [server.url(result["urls"][key])], result["sessions"][who], options
                )
        if options["instances"] > 1:
            servers = [Gunicorn(env, workers=1) for _ in range(options["instances"])]
            try:
                for server in servers:
                    server.start()
                for key, who in LOAD_PAGES:
                    self.stdout.write(f"  load on {key} ({len(servers)} instances × 1 worker) …")
                    measured[f"{key}@instances"] = load(
                        [s.url(result["urls"][key]) for s in servers],
                        result["sessions"][who],
                        options,
                    )
            finally:
                for server in servers:
                    server.stop()
        return measured


def run(command: list[str], env: dict) -> None:
    completed = subprocess.run(command, cwd=ROOT, env=env)  # noqa: S603
    if completed.returncode:
        raise CommandError(f"{' '.join(command[:4])} … failed ({completed.returncode})")


def bench_env(database_url: str) -> dict:
    return dict(
        os.environ,
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="kaketoe.bench.settings",
        KAKETOE_SECURE="0",  # plain HTTP on loopback
        KAKETOE_DEBUG="0",
    )


def load(urls: list[str], cookies: list[str], options) -> dict:
    command = [
        sys.executable,
        str(LOAD_SCRIPT),
        "--processes",
        "2",
        "--threads",
        str(max(1, options["concurrency"] // 2)),
        "--seconds",
        str(options["load_seconds"]),
        "--max-requests",
        "50000",
    ]
    for url in urls:
        command += ["--url", url]
    for cookie in cookies:
        command += ["--cookie", f"sessionid={cookie}"]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(completed.stdout)


class Target:
    """Where the fresh benchmark databases live."""

    def __init__(self, kind: str, base_url: str | None = None):
        self.kind, self.base_url = kind, base_url

    @classmethod
    def from_environment(cls) -> Target:
        url = os.environ.get("DATABASE_URL", "")
        if not url or url.startswith("sqlite"):
            return cls("sqlite")
        if urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
            raise CommandError("bench runs on SQLite or PostgreSQL only")
        return cls("postgresql", url)

    def bench_name(self) -> str:
        name = urlsplit(self.base_url).path.lstrip("/") or "kaketoe"
        bench = f"{name}_bench"
        if bench in PROTECTED_DATABASES or not re.fullmatch(r"[A-Za-z0-9_]+", bench):
            raise CommandError(f"refusing to use the database name {bench!r}")
        return bench

    def fresh_url_for_static(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{BENCH_DIR / 'static.sqlite3'}"
        return self._url(self.bench_name())

    def fresh(self, families: int) -> str:
        if self.kind == "sqlite":
            path = BENCH_DIR / f"bench-{families}.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        import psycopg

        name = self.bench_name()
        parts = urlsplit(self.base_url)
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self._url(name)

    def _url(self, name: str) -> str:
        parts = urlsplit(self.base_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


class Gunicorn:
    """gunicorn with the bench settings on a free loopback port."""

    def __init__(self, env: dict, workers: int):
        self.env, self.workers, self.process = env, workers, None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--pythonpath",
                str(ROOT / "src"),
                "--log-level",
                "warning",
                "kaketoe.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise CommandError("gunicorn did not start (is it installed? see requirements.txt)")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        ram = "RAM unknown"
    return f"{os.cpu_count()} CPUs (nproc), {ram}, {cpu}; {platform.system()} {platform.release()}"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _cell(value, unit: str = "") -> str:
    return "–" if value is None else f"{value}{unit}"


def render(results: list[dict], options) -> str:
    first = results[0]
    sizes = ", ".join(f"{r['families']:,}" for r in results)
    lines = [
        f"- date: {date.today().isoformat()}",
        f"- machine: {machine()}; load average at the end {load_average()} "
        f"(other work on the machine inflates the times)",
        f"- database: {first['database']}; Python {first['python']}",
        f"- sizes: {sizes} families (seed {first['seed']}); {options['requests']} timed requests "
        f"per page after {3} warm-up requests, in one process through every middleware",
        f"- load: gunicorn {options['gunicorn_workers']} sync workers on 127.0.0.1, "
        f"{options['concurrency']} client threads in 2 processes of `kaketoe/bench/load.py` "
        f"on the same cores, {options['load_seconds']:g} s per page, one session per thread",
    ]
    for r in results:
        counts = ", ".join(f"{k} {v:,}" for k, v in r["counts"].items())
        lines.append(f"- {r['families']:,} families: {counts}; seeded in {r['seed_seconds']} s")
    lines += [
        "",
        "| page | families | queries | p50 ms | p95 ms | p50 × floor | req/s (gunicorn) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    keys = list(first["pages"]) + [k for k in ("pdf", "plan_pdf") if k in first]
    for key in keys:
        for r in results:
            page = r[key] if key in ("pdf", "plan_pdf") else r["pages"][key]
            floor = r["pages"]["trivial"]["p50_ms"]
            ratio = round(page["p50_ms"] / floor, 1) if floor else None
            rps = r.get("load", {}).get(key, {}).get("req_per_s")
            lines.append(
                f"| {page['label']} | {r['families']:,} | {page['queries']} | {page['p50_ms']} | "
                f"{page['p95_ms']} | {_cell(ratio)} | {_cell(rps)} |"
            )
    if "export" in first:
        lines += [
            "",
            "Export (whole download consumed chunk by chunk; "
            "peak is Python memory by tracemalloc):",
            "",
            "| export | families | streamed | size | seconds | peak MB |",
            "|---|---:|---|---:|---:|---:|",
        ]
        for r in results:
            e = r["export"]
            lines.append(
                f"| {e['label']} | {r['families']:,} | {'yes' if e['streaming'] else 'no'} | "
                f"{e['bytes']:,} B | {e['seconds']} | {e['peak_mb']} |"
            )
    extra = [(r, key, value) for r in results for key, value in r.get("load", {}).items()]
    if extra:
        lines += [
            "",
            "Under load (server side as seen by the client, loopback):",
            "",
            "| page | families | servers | req/s | p50 ms | p95 ms | errors |",
            "|---|---:|---|---:|---:|---:|---:|",
        ]
        for r, key, value in extra:
            page_key, _sep, instances = key.partition("@")
            servers = (
                f"{options['instances']} instances × 1 worker"
                if instances
                else f"1 instance × {options['gunicorn_workers']} workers"
            )
            lines.append(
                f"| {r['pages'][page_key]['label']} | {r['families']:,} | {servers} | "
                f"{value['req_per_s']} | {value['p50_ms']} | {value['p95_ms']} | "
                f"{value['errors']} |"
            )
    return "\n".join(lines) + "\n"


INTRO = """# Benchmarks

Made by `./kaketoe bench` (see `src/kaketoe/bench/`): a fresh database per size, synthetic
families from `seed_synthetic` (a case manager on ~40 families, a team lead who sees every case
of the organisation, a privacy officer), ten audit events per family, one family's instruments
filled in. *queries* is the number of SQL statements one request sends (session, user, two
factors, page, audit write). *p50/p95* is server time in one process through every middleware,
measured with Django's test client. *p50 × floor* compares with a view that does nothing
behind the same middleware. *req/s* is gunicorn under load from a separate process on loopback.
Run `DATABASE_URL=postgres://postgres@127.0.0.1:5432/kaketoe ./kaketoe bench` for PostgreSQL
(it uses a fresh database `kaketoe_bench`). Targets (issue 9): queries do not grow with the
data; p95 ≤ 100 ms at 20,000 families for every page.
"""


def write_section(path: Path, kind: str, table: str) -> None:
    text = path.read_text() if path.exists() else INTRO
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[kind]
    start, end = f"<!-- bench:{kind} -->", f"<!-- /bench:{kind} -->"
    section = f"{start}\n## {title}\n\n{table}{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
