"""The partner API under load, on the production stack of this machine, beside its floors.

    python -m bench.http [--interviews 100000] [--organizations 50] [--duration 20] [--connections 16]
    python -m bench.http --scale [--scale-sizes 10000,1000000]

Loads realistic data into PostgreSQL (bench/dataset.py: default database `mariohr_bench`, or
DATABASE_URL), starts gunicorn and a Celery worker on Redis as the Procfile does (bench/stack.py),
and drives each endpoint from wrk, a separate process (1 thread, N connections, fixed duration),
alternating endpoints and floors round by round (bench/floors.py, ../shared/BENCHMARK.md). Reports
requests/s, p50 and p99, the ratio to both floors, SQL queries per request (counted in this process
through Django's test client against the same database), test_status at half its top throughput,
and the memory of every web and worker process. Writes bench/results/http.json; prints Markdown.

--scale measures test_status (and floor 2) on two stacks side by side, one per database size
(databases `<name>_scale_<size>`, kept between runs), alternating, and prints the ratio of p50s.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

from bench.counting import cpu_per_request
from bench.report import ENDPOINTS, http_table, scale_table
from bench.stack import (
    DEFAULT_BROKER_URL,
    PROJECT_DIR,
    Stack,
    setup_django,
    stack_env,
    wait_for_empty_queue,
    write_results,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mariohr_bench"
LUA = PROJECT_DIR / "bench" / "wrk.lua"
# In the order of a round; the floors sit beside what they are the floor of.
ALL_ENDPOINTS = ("floor_1", "test_status", "floor_2", "test_status_uncounted", "list_tests", "floor_3", "send_test")
ALWAYS = ("floor_1", "floor_2", "test_status")
# Web paths measured with the worker paused (see _alternate and bench/README.md).
PAUSED_WORKER_ENDPOINTS = ("floor_3", "send_test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interviews", type=int, default=100_000)
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each endpoint, alternating")
    parser.add_argument("--scale", action="store_true", help="test_status p50 at each of --scale-sizes")
    parser.add_argument("--scale-sizes", default="10000,1000000")
    parser.add_argument("--reload", action="store_true", help="load the interviews even if already there")
    parser.add_argument(
        "--endpoints",
        default=",".join(ALL_ENDPOINTS),
        help="which to drive, comma-separated (floor_1, floor_2 and test_status always)",
    )
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER_URL)
    workdir = Path(tempfile.mkdtemp(prefix="mariohr-bench-http-"))
    print(f"logs and load-generator data in {workdir}", flush=True)
    if args.scale:
        _scale(args, workdir)
    else:
        _full(args, workdir)


def _full(args, workdir: Path) -> None:
    database_url = os.environ["DATABASE_URL"]
    data = _load(database_url, args.interviews, args.organizations, workdir / "data", args.reload)
    with Stack(database_url, workdir) as stack:
        _smoke(stack.url, workdir / "data")
        queries, cpu = _queries_per_request(database_url, workdir / "data")
        counting_cpu = cpu_per_request(workdir / "data")
        print(f"call counting, CPU in-process: {counting_cpu}", flush=True)
        runs = _alternate(
            stack,
            workdir / "data",
            args,
            [name for name in ALL_ENDPOINTS if name in {*args.endpoints.split(","), *ALWAYS}],
        )
        half = _half_load(stack.url, workdir / "data", args, _median(runs["test_status"], "rps"))
        stack.check_alive()
        memory = stack.memory()
    result = {
        "command": "python -m bench.http " + " ".join(sys.argv[1:]),
        "load_generator": f"wrk 4.1, 1 thread, {args.connections} connections, {args.duration} s per run, "
        f"{args.rounds} alternating runs per endpoint",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "data": data,
        "endpoints": {name: _summary(runs[name], runs, queries.get(name), cpu.get(name)) for name in runs},
        "half_load": half,
        "memory_mib": memory,
        **({"counting": _counting_cost(runs, counting_cpu)} if "test_status_uncounted" in runs else {}),
    }
    write_results("http.json", result)
    print("\n" + http_table(result))


def _counting_cost(runs: dict[str, list[dict]], cpu: dict) -> dict:
    """What counting the calls costs test_status: its throughput against the uncounted view's (each
    as a ratio to floor 2, round by round), and CPU per request measured in this process."""
    with_counting = [run["rps"] / floor["rps"] for run, floor in zip(runs["test_status"], runs["floor_2"], strict=True)]
    without = [
        run["rps"] / floor["rps"] for run, floor in zip(runs["test_status_uncounted"], runs["floor_2"], strict=True)
    ]
    loss = [
        1 - run["rps"] / bare["rps"]
        for run, bare in zip(runs["test_status"], runs["test_status_uncounted"], strict=True)
    ]
    return {
        "test_status_vs_floor_2": statistics.median(with_counting),
        "uncounted_vs_floor_2": statistics.median(without),
        "throughput_loss": statistics.median(loss),
        **cpu,
    }


def _scale(args, workdir: Path) -> None:
    base = os.environ["DATABASE_URL"]
    sizes = [int(s) for s in args.scale_sizes.split(",")]
    # Saturated (the benchmark's connections) and unloaded (one connection: latency alone).
    series = {"floor_2": ("floor_2", args.connections), "test_status": ("test_status", args.connections)}
    series["test_status_1_connection"] = ("test_status", 1)
    stacks, urls = {}, {}
    for size in sizes:
        urls[size] = f"{base}_scale_{size}"
        _load(urls[size], size, args.organizations, workdir / f"data-{size}", args.reload)
    with ExitStack() as running:
        # One stack per size, side by side; only one is driven at a time.
        for size in sizes:
            stacks[size] = running.enter_context(Stack(urls[size], workdir, worker=False, name=f"web-{size}"))
            _smoke(stacks[size].url, workdir / f"data-{size}")
        runs = {(size, name): [] for size in sizes for name in series}
        for warm in (True, *([False] * args.rounds)):
            for size in sizes:
                for name, (endpoint, connections) in series.items():
                    seconds = 3 if warm else args.duration
                    run = _wrk(stacks[size].url, workdir / f"data-{size}", endpoint, connections, seconds)
                    stacks[size].check_alive()
                    if not warm:
                        runs[(size, name)].append(run)
                        print(f"{size:>9} {name:26} {_line(run)}", flush=True)
    result = {
        "command": "python -m bench.http " + " ".join(sys.argv[1:]),
        "load_generator": f"wrk 4.1, 1 thread, {args.connections} or 1 connections, {args.duration} s per run, "
        f"{args.rounds} alternating runs per size",
        "sizes": {str(size): {name: _summary(runs[(size, name)]) for name in series} for size in sizes},
    }
    small, large = str(sizes[0]), str(sizes[-1])
    for name in series:
        result[f"{name}_p50_ratio"] = result["sizes"][large][name]["p50_ms"] / result["sizes"][small][name]["p50_ms"]
    write_results("http_scale.json", result)
    print("\n" + scale_table(result))


def _load(database_url: str, interviews: int, organizations: int, out: Path, reload: bool) -> dict:
    command = [
        sys.executable,
        "-m",
        "bench.dataset",
        "--interviews",
        str(interviews),
        "--organizations",
        str(organizations),
        "--out",
        str(out),
        *(["--reload"] if reload else []),
    ]
    env = {**stack_env(database_url), "MARIOHR_URLCONF": "mariohr.urls"}
    output = subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True, capture_output=True, text=True)
    summary = json.loads(output.stdout.strip().splitlines()[-1])
    print(f"data: {summary}", flush=True)
    return summary


def _alternate(stack: Stack, data: Path, args, names: list[str]) -> dict[str, list[dict]]:
    """A short warm-up of each endpoint, then `rounds` rounds of every endpoint in turn, every other
    round in reverse order: a run measured just after a heavier or lighter one (the page cache, the
    database's background work) is then each endpoint's luck in turn, not always the same one's."""
    runs = {name: [] for name in names}
    for round_number, warm in enumerate((True, *([False] * args.rounds))):
        for name in names if round_number % 2 else reversed(names):
            # A warm-up only warms: a process's first send_test (its first broker connection) can
            # pass wrk's 2 s timeout on a loaded machine, and is not measured anyway.
            # send_test and floor 3 are measured as web paths: the worker, which emails every
            # invitation send_test queues, is paused meanwhile (in production it runs elsewhere,
            # not on the web processes' cores); its CPU per invitation is measured after the run.
            paused = name in PAUSED_WORKER_ENDPOINTS
            if paused:
                stack.pause_worker()
            try:
                seconds = 3 if warm else args.duration
                run = _wrk(stack.url, data, name, args.connections, seconds, tolerate_timeouts=warm)
            finally:
                if paused:
                    stack.resume_worker()
            stack.check_alive()
            if name == "send_test":
                # Let the worker email every invitation before the next run, or it would compete
                # for the CPU with another endpoint's measurement.
                cpu_before = stack.worker_cpu_seconds()
                drain = wait_for_empty_queue(stack, stack.env["CELERY_BROKER_URL"])
                # The queue is empty once the worker has taken every message, not sent every
                # invitation: it holds up to a prefetch of messages, each a batch of them.
                drain += stack.wait_for_idle_worker()
                run["worker_drain_s"] = round(drain, 1)
                # Every request of the run queued one invitation (each has a new callback url).
                run["worker_cpu_ms_per_invitation"] = 1000 * (stack.worker_cpu_seconds() - cpu_before) / run["requests"]
            if not warm:
                runs[name].append(run)
                print(f"{name:12} {_line(run)}", flush=True)
    return runs


def _half_load(url: str, data: Path, args, top_rps: float) -> dict:
    """test_status at half its top throughput: each connection paced (wrk's delay()) to that rate.

    The pace is calibrated by a short run first: the wait per request is the connection's cycle
    at the target rate minus the time the server takes to answer.
    """
    target = top_rps / 2
    cycle_ms = 1000 * args.connections / target
    pace = cycle_ms
    for _ in range(2):
        probe = _wrk(url, data, "test_status", args.connections, 5, pace_ms=pace)
        answer_ms = 1000 * args.connections / probe["rps"] - pace
        pace = max(0.0, cycle_ms - answer_ms)
    run = _wrk(url, data, "test_status", args.connections, args.duration, pace_ms=pace)
    print(f"{'half load':12} {_line(run)} (target {target:.0f}/s)", flush=True)
    return {**run, "target_rps": target, "top_rps": top_rps, "pace_ms": pace}


def _wrk(
    url: str,
    data: Path,
    endpoint: str,
    connections: int,
    seconds: int,
    pace_ms: float = 0,
    tolerate_timeouts: bool = False,
) -> dict:
    mode, path, datafile = ENDPOINTS[endpoint]
    nonce = uuid.uuid4().hex[:12]
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(LUA),
        url,
        "--",
        mode,
        str(data / datafile),
        path,
        nonce,
        f"{pace_ms:.3f}",
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    errors = {kind: count for kind, count in raw["errors"].items() if not (tolerate_timeouts and kind == "timeout")}
    if any(errors.values()):
        raise SystemExit(f"{endpoint}: wrk saw errors {raw['errors']}:\n{output}")
    latency = raw["latency_us"]
    return {
        "endpoint": endpoint,
        "connections": connections,
        "seconds": seconds,
        "requests": raw["requests"],
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": latency["p50"] / 1000,
        "p90_ms": latency["p90"] / 1000,
        "p99_ms": latency["p99"] / 1000,
        "max_ms": latency["max"] / 1000,
    }


def _line(run: dict) -> str:
    return f"{run['rps']:8.0f} req/s  p50 {run['p50_ms']:6.2f} ms  p99 {run['p99_ms']:6.2f} ms"


def _median(runs: list[dict], field: str) -> float:
    return statistics.median(run[field] for run in runs)


def _summary(
    runs: list[dict], all_runs: dict | None = None, queries: float | None = None, cpu_ms: float | None = None
) -> dict:
    """Medians over the rounds: a burst of load from elsewhere on the machine spoils one round,
    not the figure. A ratio to a floor is taken round by round (the runs sit side by side)."""
    summary = {field: _median(runs, field) for field in ("rps", "p50_ms", "p99_ms")}
    if all_runs:
        for floor in ("floor_1", "floor_2"):
            ratios = [run["rps"] / floor_run["rps"] for run, floor_run in zip(runs, all_runs[floor], strict=True)]
            summary[f"vs_{floor}"] = statistics.median(ratios)
        if "floor_3" in all_runs and runs[0]["endpoint"] in ("send_test", "floor_3"):
            # send_test's floor: a bare view doing its one INSERT and commit (bench/floors.py).
            ratios = [run["rps"] / floor_run["rps"] for run, floor_run in zip(runs, all_runs["floor_3"], strict=True)]
            summary["vs_floor_3"] = statistics.median(ratios)
    if queries is not None:
        summary["sql_queries_per_request"] = queries
    if cpu_ms is not None:
        summary["cpu_ms_per_request_in_process"] = cpu_ms
    if "worker_cpu_ms_per_invitation" in runs[0]:
        summary["worker_cpu_ms_per_invitation"] = _median(runs, "worker_cpu_ms_per_invitation")
    return {**summary, "runs": runs}


def _smoke(url: str, data: Path) -> None:
    """Each endpoint answers 200 with the key the load generator sends, before anything is timed."""
    import urllib.request

    header, public_id = (data / "interviews.tsv").read_text().splitlines()[0].split("\t")
    bodies = {}
    for name in ("floor_1", "floor_2", "test_status"):
        request = urllib.request.Request(
            f"{url}{ENDPOINTS[name][1]}?partner_interview_id={public_id}", headers={"Authorization": header}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            bodies[name] = json.loads(response.read())
    if (
        set(bodies["test_status"]) != set(bodies["floor_1"])
        or bodies["floor_2"]["partner_status"] != bodies["test_status"]["partner_status"]
    ):
        raise SystemExit(f"the floors do not answer test_status's shape: {bodies}")


def _queries_per_request(database_url: str, data: Path) -> tuple[dict[str, float], dict[str, float]]:
    """SQL queries per request, counted in this process with Django's test client on the same
    database and cache: the mean over 50 requests of each endpoint after one warm-up request.
    Also the CPU ms per request of floor 3 and send_test in this process (_cpu_per_request)."""
    os.environ.update(stack_env(database_url))
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    interviews = [line.split("\t") for line in (data / "interviews.tsv").read_text().splitlines()[:51]]
    keys = [line.split("\t") for line in (data / "keys.tsv").read_text().splitlines()]
    nonce = uuid.uuid4().hex[:12]
    # One client for every request: a new one loads the middleware again (WhiteNoise scans its
    # folders), work no server does per request.
    client = Client()
    requests = {
        "test_status": lambda n: client.get(
            ENDPOINTS["test_status"][1],
            {"partner_interview_id": interviews[n][1]},
            HTTP_AUTHORIZATION=interviews[n][0],
        ),
        "test_status_uncounted": lambda n: client.get(
            ENDPOINTS["test_status_uncounted"][1],
            {"partner_interview_id": interviews[n][1]},
            HTTP_AUTHORIZATION=interviews[n][0],
        ),
        "list_tests": lambda n: client.get(ENDPOINTS["list_tests"][1], HTTP_AUTHORIZATION=keys[n % len(keys)][0]),
        "send_test": lambda n: client.post(
            ENDPOINTS["send_test"][1],
            {
                "partner_test_id": keys[n % len(keys)][1],
                "candidate": {"email": f"q{n}@example.com"},
                "url": f"https://93.184.215.14/queries-{nonce}-{n}",
            },
            content_type="application/json",
            HTTP_AUTHORIZATION=keys[n % len(keys)][0],
        ),
        "floor_1": lambda n: client.get(ENDPOINTS["floor_1"][1], {"partner_interview_id": interviews[n][1]}),
        "floor_2": lambda n: client.get(ENDPOINTS["floor_2"][1], {"partner_interview_id": interviews[n][1]}),
        "floor_3": lambda n: client.post(
            ENDPOINTS["floor_3"][1],
            {"candidate": {"email": f"q{n}@example.com"}, "url": f"https://93.184.215.14/floor3-{nonce}-{n}"},
            content_type="application/json",
        ),
    }
    # Each key records its use at most once a minute (a write): use every key first, so that the
    # counts are those of the steady state.
    for n in range(len(keys)):
        assert requests["list_tests"](n).status_code == 200
    counts = {}
    for name, send in requests.items():
        assert send(0).status_code == 200, name
        per_request = []
        for n in range(1, 51):
            with CaptureQueriesContext(connection) as queries:
                response = send(n)
            assert response.status_code == 200, (name, response.content)
            per_request.append(len(queries))
        counts[name] = statistics.fmean(per_request)
    cpu = _cpu_per_request({name: requests[name] for name in PAUSED_WORKER_ENDPOINTS})
    connection.close()
    return counts, cpu


def _cpu_per_request(requests: dict, count: int = 200, rounds: int = 3) -> dict[str, float]:
    """This process's CPU ms per request (time.process_time, which a loaded machine's waits do
    not inflate), through the test client: the median of `rounds` alternating runs of `count`."""
    runs = {name: [] for name in requests}
    for round_ in range(rounds):
        for name, send in requests.items():
            started = time.process_time()
            for n in range(count):
                send(1000 + round_ * count + n)
            runs[name].append(1000 * (time.process_time() - started) / count)
    return {name: statistics.median(values) for name, values in runs.items()}


if __name__ == "__main__":
    main()
