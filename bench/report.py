"""What bench/http.py drives, and the Markdown it prints from its results."""

# name: (wrk.lua mode, path, load-generator data file written by bench/dataset.py)
ENDPOINTS = {
    "floor_1": ("status", "/bench/floor1/test_status", "interviews.tsv"),
    "floor_2": ("status", "/bench/floor2/test_status", "interviews.tsv"),
    "test_status": ("status", "/api/ats/test_status", "interviews.tsv"),
    # The same view, mounted outside the partner routes (bench/urls.py): its calls are not counted.
    "test_status_uncounted": ("status", "/bench/uncounted/test_status", "interviews.tsv"),
    "list_tests": ("list", "/api/ats/list_tests", "keys.tsv"),
    "send_test": ("send", "/api/ats/send_test", "keys.tsv"),
    "floor_3": ("send", "/bench/floor3/send_test", "keys.tsv"),
}
LABELS = {
    "floor_1": "floor 1: bare Django JSON view, no database",
    "floor_2": "floor 2: floor 1 + the indexed interview read",
    "test_status": "`GET test_status`",
    "test_status_uncounted": "`GET test_status` without the call counting (integration health)",
    "list_tests": "`GET list_tests`",
    "floor_3": "floor 3: a bare view reading the JSON body, one INSERT and its commit",
    "send_test": "`POST send_test`",
}
# Targets of the benchmark's issue.
STATUS_VS_FLOOR_1 = 0.70
STATUS_VS_FLOOR_2 = 0.75
# Counting partner API calls (integration health) may cost test_status less than this.
COUNTING_LOSS = 0.05
SEND_VS_FLOOR_3 = 0.50
HALF_LOAD_P99_MS = 25.0
SCALE_P50_RATIO = 1.2


def _wrk(connections: int, pace: str = "") -> str:
    return f"wrk, 1 thread, {connections} connection{'s' if connections != 1 else ''}{pace}"


def http_table(result: dict) -> str:
    endpoints, half = result["endpoints"], result["half_load"]
    runs = len(endpoints["test_status"]["runs"])
    seconds = endpoints["test_status"]["runs"][0]["seconds"]
    connections = endpoints["test_status"]["runs"][0]["connections"]
    data = result["data"]
    lines = [
        f"{data['interviews']:,} interviews, {data['organizations']} organizations; gunicorn 2 sync workers, "
        f"PostgreSQL, Redis; each figure the median of {runs} runs of {seconds} s, endpoints alternating.",
        "",
        "| endpoint | load generator | requests/s | p50 ms | p99 ms | vs floor 1 | vs floor 2 | vs floor 3 "
        "| SQL queries/request | CPU ms/request in-process |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in [name for name in LABELS if name in endpoints]:
        e = endpoints[name]
        vs_floor_3 = f"{e['vs_floor_3']:.0%}" if "vs_floor_3" in e else ""
        # The test client in one process, time.process_time: a figure the machine's load barely moves.
        cpu = f"{e['cpu_ms_per_request_in_process']:.2f}" if "cpu_ms_per_request_in_process" in e else ""
        lines.append(
            f"| {LABELS[name]} | {_wrk(connections)} | {e['rps']:,.0f} | {e['p50_ms']:.1f} | {e['p99_ms']:.1f} | "
            f"{e['vs_floor_1']:.0%} | {e['vs_floor_2']:.0%} | {vs_floor_3} | "
            f"{e.get('sql_queries_per_request', 0):.2g} | {cpu} |"
        )
    pace = f", each paced to {half['rps']:,.0f} req/s in all"
    lines.append(
        f"| `GET test_status` at half its top throughput | {_wrk(half['connections'], pace)} | {half['rps']:,.0f} | "
        f"{half['p50_ms']:.1f} | {half['p99_ms']:.1f} | | | | | |"
    )
    if "counting" in result:
        c = result["counting"]
        lines += [
            "",
            "Counting the calls (integration health): test_status "
            f"{c['test_status_vs_floor_2']:.0%} of floor 2 with it, {c['uncounted_vs_floor_2']:.0%} without; "
            f"throughput lost {c['throughput_loss']:.1%} (median of rounds). "
            f"CPU per request in-process (time.process_time, {c['requests_each']:,} each): "
            f"{c['test_status_cpu_us']:.0f} us counted, {c['test_status_uncounted_cpu_us']:.0f} us uncounted "
            f"({c['counting_cpu_cost']:+.1%}).",
        ]
    lines += ["", "| process | resident memory (VmRSS) MiB | peak (VmHWM) MiB |", "| --- | --- | --- |"]
    for role, processes in result["memory_mib"].items():
        for process in processes:
            lines.append(f"| {role} | {process.get('VmRSS', 0):.0f} | {process.get('VmHWM', 0):.0f} |")
    status = endpoints["test_status"]
    lines += [
        "",
        _target(
            f"test_status throughput >= {STATUS_VS_FLOOR_1:.0%} of floor 1's",
            status["vs_floor_1"] >= STATUS_VS_FLOOR_1,
            f"{status['vs_floor_1']:.0%} (of floor 2's: {status['vs_floor_2']:.0%})",
        ),
        _target(
            f"test_status p99 < {HALF_LOAD_P99_MS:.0f} ms at half its top throughput",
            half["p99_ms"] < HALF_LOAD_P99_MS,
            f"{half['p99_ms']:.1f} ms at {half['rps']:,.0f} req/s",
        ),
    ]
    send = endpoints.get("send_test", {})
    if "vs_floor_3" in send:
        lines.append(
            _target(
                f"send_test throughput >= {SEND_VS_FLOOR_3:.0%} of floor 3's",
                send["vs_floor_3"] >= SEND_VS_FLOOR_3,
                f"{send['vs_floor_3']:.0%} (the worker paused during the send_test and floor 3 runs; it then "
                f"sent the queued invitations at {send['worker_cpu_ms_per_invitation']:.1f} ms of worker CPU each)",
            )
        )
    return "\n".join(lines)


def scale_table(result: dict) -> str:
    sizes = list(result["sizes"])
    first = result["sizes"][sizes[0]]["test_status"]["runs"][0]
    lines = [
        f"Each figure the median of {len(result['sizes'][sizes[0]]['test_status']['runs'])} runs of "
        f"{first['seconds']} s; one stack per size, side by side, driven in turn.",
        "",
        "| interviews | endpoint | load generator | requests/s | p50 ms | p99 ms |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for size in sizes:
        for name, e in result["sizes"][size].items():
            label = LABELS.get(name, LABELS["test_status"])
            lines.append(
                f"| {int(size):,} | {label} | {_wrk(e['runs'][0]['connections'])} | {e['rps']:,.0f} | "
                f"{e['p50_ms']:.2f} | {e['p99_ms']:.2f} |"
            )
    ratio, unloaded = result["test_status_p50_ratio"], result["test_status_1_connection_p50_ratio"]
    lines += [
        "",
        _target(
            f"test_status p50 at {int(sizes[-1]):,} within {SCALE_P50_RATIO}x of that at {int(sizes[0]):,}",
            max(ratio, unloaded) <= SCALE_P50_RATIO,
            f"{ratio:.2f}x at {first['connections']} connections, {unloaded:.2f}x at 1 connection "
            f"(floor 2: {result['floor_2_p50_ratio']:.2f}x)",
        ),
    ]
    return "\n".join(lines)


def _target(what: str, met: bool, figure: str) -> str:
    return f"- {'met' if met else 'MISSED'}: {what}: {figure}"
