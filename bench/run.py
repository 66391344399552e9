"""The whole benchmark in one run: create its own database, import, seed a county, count queries,
serve the portal with gunicorn and load each page with wrk beside the bare page of the same size,
profile the slowest page, time the reminder sweep at two sizes, print the results against the
targets and save them under var/bench/. The targets are printed as met or short, never asserted."""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PYTHON = sys.executable
SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "localoffer_bench"
PORT = 8123
BASE = f"http://127.0.0.1:{PORT}"

# The county (issue 9).
PROVIDERS, ENTRIES, UNDER_REVIEW, NOTIFICATIONS = 2_000, 10_000, 2_000, 50_000
SWEEP_SIZES = (50_000, 100_000)
# How the portal is served and loaded: the Procfile's three sync workers; one wrk thread with
# one connection more than there are workers, so that no worker waits for the client.
WORKERS, CONNECTIONS = 3, 4

# The targets, printed as met or short.
RATIO_TARGET = 0.3  # of the bare page's throughput, for every public page
P95_TARGET_MS = 150
SWEEP_TARGET_S = 60
QUERIES_TARGET = 12


def _environment() -> dict:
    """The production settings' variables, pointed at the benchmark's own database and at a Redis
    database of its own; mail goes nowhere."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "REDIS_URL": "redis://127.0.0.1:6379/12",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": "dummymail://",
        "PORTAL_BASE_URL": BASE,
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS ends at the proxy in production
        "PYTHONPATH": str(ROOT),
    }


ENV = _environment()


def say(text=""):
    print(text, flush=True)


def phase(name, **arguments) -> dict:
    """One measurement in a fresh Python process, so that its peak memory is its own."""
    done = subprocess.run([PYTHON, "-m", "bench", "phase", name, json.dumps(arguments)], cwd=ROOT, env=ENV,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"The benchmark's {name} step failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def database_create():
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def database_drop():
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def manage(*arguments):
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)


# --- serving and loading -----------------------------------------------------------------

class Gunicorn:
    def __enter__(self):
        try:
            urllib.request.urlopen(BASE, timeout=2)
        except urllib.error.HTTPError:
            answered = True
        except OSError:
            answered = False  # nothing listening: the port is free
        else:
            answered = True
        if answered:
            raise SystemExit(f"Something already answers on {BASE}: stop it, then run the benchmark again.")
        self.log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{PORT}",
             "--workers", str(WORKERS), "--log-level", "warning"],
            cwd=ROOT, env=ENV, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/bench/bare/100/", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer on {BASE}: see {OUT / 'gunicorn.log'}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def wrk(path, *, session=None, seconds=10) -> dict:
    """Load one page for some seconds (after two of warming up) and read wrk's summary."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", "--timeout", "30s", "-s", str(ROOT / "bench" / "report.lua")]
    if session:
        command += ["-H", f"Cookie: sessionid={session}"]
    subprocess.run([*command, "-d2s", BASE + path], capture_output=True, check=True)
    _settle()
    done = subprocess.run([*command, f"-d{seconds}s", BASE + path], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    _settle()
    return result


def _settle(limit=120):
    """Wait until every worker is free: wrk stops sending at once, but a slow page's requests
    still being served would otherwise count against the next measurement."""
    quick, deadline = 0, time.monotonic() + limit
    while quick < 5 and time.monotonic() < deadline:
        started = time.monotonic()
        urllib.request.urlopen(f"{BASE}/bench/bare/100/", timeout=limit).read()
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0


def _pages(seeded) -> list[dict]:
    moderator, provider = seeded["moderator_session"], seeded["provider_session"]
    return [
        {"name": "Search: keyword", "public": True, "path": "/?" + urlencode({"q": "autism support"})},
        {"name": "Search: filters", "public": True,
         "path": "/?" + urlencode({"need": "ASD", "age_from": 5, "age_to": 11, "free": "on", "delivery": "in_person"})},
        {"name": "Search: postcode distance", "public": True,
         "path": "/?" + urlencode({"postcode": "DH1 5UQ", "miles": 5})},
        {"name": "Entry page", "public": True, "path": f"/entries/{seeded['entry_id']}/"},
        {"name": "ORUK /api/v3/services", "public": True,
         "path": "/api/v3/services?" + urlencode({"search": "autism"})},
        {"name": "Moderation queue", "public": False, "path": "/moderation/", "session": moderator},
        {"name": "Provider's dashboard", "public": False, "path": f"/portal/providers/{seeded['provider_id']}/",
         "session": provider},
    ]


# --- the report --------------------------------------------------------------------------

def _machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    with psycopg.connect(f"{SERVER}/postgres") as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("[")[0].strip()
    import django
    import gunicorn

    return {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu,
            "cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1),
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "django": django.get_version(), "postgresql": postgres, "gunicorn": gunicorn.__version__,
            "wrk": wrk_version, "load_average": os.getloadavg()[0]}


def _mark(met: bool) -> str:
    return "met" if met else "SHORT"


def report(results) -> str:
    machine, lines = results["machine"], []
    add = lines.append
    add(f"Run on {machine['date']}: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB, "
        f"{machine['os']}; Python {machine['python']}, Django {machine['django']}, PostgreSQL "
        f"{machine['postgresql']}, gunicorn {machine['gunicorn']} ({WORKERS} sync workers), {machine['wrk']} "
        f"(1 thread, {CONNECTIONS} connections, {results['seconds']} s a page after 2 s warming up). "
        f"Load average (1 minute) {machine['load_average']:.1f} at the start and "
        f"{results['load_average_end']:.1f} at the end: other work on the machine shares its cores.")
    counts = results["seed"]["counts"]
    add(f"\nCounty: {counts['providers']:,} providers, {counts['users']:,} people, {counts['entries']:,} published "
        f"entries, {counts['under_review']:,} revisions under review, {counts['notifications']:,} notifications, "
        f"{counts['transitions']:,} transition log rows; seeded in {results['seed']['seconds']:.0f} s. "
        f"The dashboard is of the provider with most entries ({results['seed']['provider_entries']}).\n")
    add("| page | req/s | median ms | p95 ms | one request alone ms (SQL) | queries | KB | bare req/s | ratio "
        "| targets |")
    add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for page in results["pages"]:
        load, bare = page["load"], page["bare"]
        ratio = load["rps"] / bare["rps"] if bare["rps"] else 0.0
        finished = load["requests"] > 0
        marks = [f"p95 {_mark(finished and load['p95_us'] / 1000 < P95_TARGET_MS)}",
                 f"queries {_mark(page['queries'] <= QUERIES_TARGET)}"]
        if page["public"]:
            marks.insert(0, f"ratio {_mark(ratio >= RATIO_TARGET)}")
        errors = f" ({load['errors'] + load['non_2xx']} errors)" if load["errors"] + load["non_2xx"] else ""
        latency = (f"{load['p50_us'] / 1000:.1f} | {load['p95_us'] / 1000:.1f}" if finished
                   else f"none finished in {results['seconds']} s | none")
        add(f"| {page['name']} | {load['rps']:.1f}{errors} | {latency} | {page['one_ms']:.0f} ({page['sql_ms']:.0f}) "
            f"| {page['queries']} | {page['bytes'] / 1024:.0f} | {bare['rps']:.0f} | {ratio:.2f} | "
            f"{', '.join(marks)} |")
    add("\n| reminder sweep | entries | reminders written | seconds | queries | batches | peak MB (start) | "
        "second run: written, s, queries |")
    add("|---|---:|---:|---:|---:|---:|---:|---|")
    for sweep in results["sweeps"]:
        add(f"| {sweep['entries']:,} entries | {sweep['entries']:,} | {sweep['written']:,} | {sweep['seconds']:.1f} | "
            f"{sweep['queries']:,} | {sweep['batches']} | {sweep['peak_mb']:.0f} ({sweep['baseline_mb']:.0f}) | "
            f"{sweep['again_written']}, {sweep['again_seconds']:.1f}, {sweep['again_queries']:,} |")
    if not results["sweeps"]:
        return "\n".join(lines + _imports_and_profile(results))
    small, large = results["sweeps"]
    growth = large["seconds"] / small["seconds"]
    per_entry = [s["seconds"] / s["entries"] * 1e6 for s in results["sweeps"]]
    add(f"\nSweep growth from {small['entries']:,} to {large['entries']:,} entries: time x{growth:.2f}, queries "
        f"x{large['queries'] / small['queries']:.2f}, reminders x{large['written'] / max(small['written'], 1):.2f} "
        f"({per_entry[0]:.0f} and {per_entry[1]:.0f} microseconds an entry). Target: 100,000 entries under "
        f"{SWEEP_TARGET_S} s: {_mark(large['seconds'] < SWEEP_TARGET_S)}.")
    return "\n".join(lines + _imports_and_profile(results))


def _imports_and_profile(results) -> list[str]:
    lines = ["\n| import | rows | seconds | queries | peak MB (start) |", "|---|---:|---:|---:|---:|"]
    for item in results["imports"]:
        lines.append(f"| {item['what']} | {item['rows'] or ''} | {item['seconds']:.1f} | {item['queries']:,} | "
                     f"{item['peak_mb']:.0f} ({item['baseline_mb']:.0f}) |")
    profile = results["profile"]
    lines.append(f"\nSlowest page, one request alone: {profile['name']}, {profile['per_request_ms']:.0f} ms a request "
                 f"over {profile['requests']} under cProfile (profile and slowest queries in var/bench/profile.txt).")
    return lines


def benchmark(argv) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="how long to load each page (default 10)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--pages-only", action="store_true", help="measure the pages, not the reminder sweep")
    options = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        say("The benchmark needs wrk, the HTTP load generator: install it with 'apt-get install wrk'.")
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    results = {"machine": _machine(), "seconds": options.seconds}
    say(f"Local Offer benchmark, {results['machine']['date']}. Database {DATABASE} (created now, dropped after).")
    database_create()
    try:
        manage("migrate", "--verbosity", "0")
        manage("collectstatic", "--noinput", "--verbosity", "0")
        say("Importing the public registers…")
        results["imports"] = [phase("import", what=what) for what in ("taxonomy", "postcodes", "schools", "health")]
        say("Seeding the county…")
        seeded = results["seed"] = phase("seed", providers=PROVIDERS, entries=ENTRIES, under_review=UNDER_REVIEW,
                                         notifications=NOTIFICATIONS)
        pages = _pages(seeded)
        counted = {row["name"]: row for row in phase("queries", pages=pages)}
        for page in pages:
            if counted[page["name"]]["status"] != 200:
                raise SystemExit(f"{page['name']} answered {counted[page['name']]['status']}, not 200: {page['path']}")
            page.update({key: counted[page["name"]][key] for key in ("queries", "bytes", "one_ms", "sql_ms")})
        with Gunicorn():
            for page in pages:
                say(f"Loading {page['name']}…")
                page["bare"] = wrk(f"/bench/bare/{page['bytes']}/", seconds=options.seconds)
                page["load"] = wrk(page["path"], session=page.get("session"), seconds=options.seconds)
        results["pages"] = pages
        # By one request alone: under load, a page slower than the run finishes no request at all.
        slowest = max(pages, key=lambda page: page["one_ms"])
        results["profile"] = phase("profile", page=slowest)
        (OUT / "profile.txt").write_text(
            f"{slowest['name']} ({slowest['path']})\n\nSlowest queries of one request:\n"
            + "\n".join(f"{q['ms']:.1f} ms: {q['sql']}" for q in results["profile"]["slowest_queries"])
            + "\n\n" + results["profile"]["profile"])
        results["sweeps"] = []
        for size in () if options.pages_only else SWEEP_SIZES:
            say(f"Growing the Local Offer to {size:,} entries and running the reminder sweep…")
            phase("grow", to=size)
            results["sweeps"].append(phase("sweep"))
    finally:
        if not options.keep:
            database_drop()
    results["load_average_end"] = os.getloadavg()[0]
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M")
    for page in results["pages"]:
        page.pop("session", None)  # sessions of a dropped database, but not for the record
    (OUT / f"results-{stamp}.json").write_text(json.dumps(results, indent=2))
    text = report(results)
    (OUT / f"results-{stamp}.md").write_text(text + "\n")
    say("\n" + text + f"\n\nSaved in {OUT}/results-{stamp}.md and .json.")
    return 0
