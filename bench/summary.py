"""Every target of the benchmark issue beside its latest figure, from the files in bench/results/.

    python -m bench.summary

Writes bench/results/summary.md (the table the README shows) and prints it. A missing results
file is reported as "not run", never as met.
"""

import json
from pathlib import Path

from bench.report import (
    COUNTING_LOSS,
    HALF_LOAD_P99_MS,
    SCALE_P50_RATIO,
    SEND_VS_FLOOR_3,
    STATUS_VS_FLOOR_1,
    STATUS_VS_FLOOR_2,
)

RESULTS = Path(__file__).resolve().parent / "results"
CALLBACKS_PER_SECOND = 200
CALLBACK_SINK_DELAY_MS = 50
CALLBACK_VS_FLOOR = 0.5
BACKLOG = 100_000
FUZZ_CASES = 1000


def main() -> None:
    text = summary()
    (RESULTS / "summary.md").write_text(text + "\n")
    print(text)


def summary() -> str:
    rows = [*_http_rows(), *_scale_rows(), *_callback_rows(), *_backlog_rows(), *_drill_rows(), *_fuzz_rows()]
    lines = ["| target | figure | met |", "| --- | --- | --- |"]
    lines += [f"| {target} | {figure} | {met} |" for target, figure, met in rows]
    return "\n".join(lines)


def _load(name: str) -> dict | list | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _met(value: bool) -> str:
    return "yes" if value else "**no**"


def _http_rows():
    http = _load("http")
    if http is None:
        yield "`test_status` throughput, p99 at half load (`python -m bench.http`)", "not run", "**no**"
        return
    status, half = http["endpoints"]["test_status"], http["half_load"]
    yield (
        f"`test_status` throughput ≥ {STATUS_VS_FLOOR_1:.0%} of floor 1's (a bare Django JSON view)",
        f"{status['rps']:,.0f} req/s, {status['vs_floor_1']:.0%} of floor 1",
        _met(status["vs_floor_1"] >= STATUS_VS_FLOOR_1),
    )
    yield (
        f"… and ≥ {STATUS_VS_FLOOR_2:.0%} of floor 2's (floor 1 + the one read `test_status` cannot skip)",
        f"{status['vs_floor_2']:.0%} of floor 2",
        _met(status["vs_floor_2"] >= STATUS_VS_FLOOR_2),
    )
    counting = http.get("counting")
    if counting:
        yield (
            f"counting the calls (integration health) costs `test_status` < {COUNTING_LOSS:.0%}",
            f"{counting['throughput_loss']:.1%} of its throughput (median of rounds, beside the same view "
            f"uncounted); CPU in-process {counting['counting_cpu_cost']:+.1%}",
            _met(counting["throughput_loss"] < COUNTING_LOSS),
        )
    yield (
        f"`test_status` p99 < {HALF_LOAD_P99_MS:.0f} ms at half its top throughput",
        f"{half['p99_ms']:.1f} ms at {half['rps']:,.0f} req/s",
        _met(half["p99_ms"] < HALF_LOAD_P99_MS),
    )
    # Floor 3 (../shared/BENCHMARK.md): a bare view doing send_test's one INSERT and commit.
    send_test = http["endpoints"]["send_test"]
    yield (
        f"`send_test` ≥ {SEND_VS_FLOOR_3:.0%} of floor 3's (a bare view: read the JSON body, one INSERT + commit), "
        "the worker paused during both",
        f"{send_test['rps']:,.0f} req/s, {send_test['vs_floor_3']:.0%} of floor 3"
        if "vs_floor_3" in send_test
        else "floor 3 not measured yet",
        _met(send_test.get("vs_floor_3", 0) >= SEND_VS_FLOOR_3),
    )


def _scale_rows():
    scale = _load("http_scale")
    target = f"`test_status` p50 at 1M interviews within {SCALE_P50_RATIO}x of that at 10k"
    if scale is None:
        yield target, "not run (`python -m bench.http --scale`)", "**no**"
        return
    ratio = max(scale["test_status_p50_ratio"], scale["test_status_1_connection_p50_ratio"])
    yield (
        target,
        f"{scale['test_status_p50_ratio']:.2f}x at 16 connections, "
        f"{scale['test_status_1_connection_p50_ratio']:.2f}x at 1",
        _met(ratio <= SCALE_P50_RATIO),
    )


def _callback_rows():
    runs = _load("callbacks") or []
    at_target_delay = [r for r in runs if r["sink_delay_ms"] == CALLBACK_SINK_DELAY_MS and r["path"] != "floor"]
    if not at_target_delay:
        yield f"≥ {CALLBACKS_PER_SECOND} callbacks/s from one worker process", "not run", "**no**"
    for run in at_target_delay:
        how = "a message per result" if run["path"] == "result" else "a backlog, the sweep's chunks"
        yield (
            f"≥ {CALLBACKS_PER_SECOND} callbacks/s from one worker process and ≥ {CALLBACK_VS_FLOOR:.0%} of its "
            f"floor (the same request alone), {CALLBACK_SINK_DELAY_MS} ms sink ({how})",
            f"{run['per_second']:.0f}/s, {run['vs_floor']:.0%} of the floor; "
            f"{run['worker_cpu_ms_per_callback']:.1f} ms of worker CPU each",
            _met(run["per_second"] >= CALLBACKS_PER_SECOND and run["vs_floor"] >= CALLBACK_VS_FLOOR),
        )


def _backlog_rows():
    backlog = _load("backlog")
    target = f"a {BACKLOG:,}-callback backlog drained with flat memory"
    if backlog is None or backlog["deliveries"] < BACKLOG:
        yield target, "not run (`python -m bench.backlog`)", "**no**"
        return
    rss = backlog["rss_mib"]
    yield (
        target,
        f"{backlog['seconds_to_drain']:,.0f} s ({backlog['per_second']:.0f}/s); worker {rss['warmed_up']} MiB "
        f"warmed up, {rss['last']} MiB at the end ({backlog['growth']:+.1%})",
        _met(backlog["flat"]),
    )


def _drill_rows():
    drills = _load("drills")
    if drills is None:
        yield "lost callbacks in every drill: 0", "not run (`python -m bench.drills`)", "**no**"
        return
    totals = drills["totals"]
    names = ", ".join(d["name"] for d in drills["drills"] if not d["skipped"])
    yield (
        f"lost callbacks in every drill: 0 ({names})",
        f"{totals['lost']} lost of {totals['expected']:,}; {totals['duplicates']} duplicate requests",
        _met(totals["lost"] == 0 and totals["not_succeeded"] == 0 and len(names.split(", ")) == 3),
    )
    # The dripping and NUL-answering receivers: every delivery ends, on schedule, within the deadline.
    for check in drills.get("checks", []):
        yield f"drills: {check['check']}", check["figure"], _met(check["met"])


def _fuzz_rows():
    fuzz = _load("fuzz")
    target = f"schemathesis against the running stack, every default check, ≥ {FUZZ_CASES:,} cases"
    if fuzz is None:
        yield target, "not run (`python -m bench.fuzz`)", "**no**"
        return
    yield (
        target,
        f"{fuzz['cases']:,} cases, {'no failure' if fuzz['green'] else 'FAILURES'}",
        _met(fuzz["green"] and fuzz["cases"] >= FUZZ_CASES),
    )


if __name__ == "__main__":
    main()
