"""A 100k-callback backlog drained by ONE Celery worker process, its memory sampled all the way.

    python -m bench.backlog [--deliveries 100000] [--delay-ms 50] [--concurrency 32]

Same set-up as bench/callbacks.py (its own PostgreSQL database, Redis, a local HTTPS sink in its
own process): creates N due deliveries whose messages are lost, as after a broker restart, has the
sweep queue them all (in its chunks, as beat's sweep would), and every few seconds records
how many are delivered and the worker's resident memory (VmRSS). Memory is flat when the worker
holds no more at the end than once it has warmed up: the report compares the mean of the second
tenth of the samples (after the connection pools and caches have filled) with the last tenth.
Prints a Markdown table; writes bench/results/backlog.json.
"""

import argparse
import statistics
import time
from pathlib import Path

from bench.callbacks import prepare, queue, start_worker, stop
from bench.stack import status_mib, write_results
from tests.support.bulk_data import BENCH_ORGANIZATION, create_result_deliveries
from tests.support.https_sink import SinkProcess

SAMPLE_EVERY = 5.0
# Flat: the worker's memory at the end within this share of its memory once warmed up.
FLAT_WITHIN = 0.10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deliveries", type=int, default=100_000)
    parser.add_argument("--delay-ms", type=float, default=50.0, help="the sink's answer delay")
    parser.add_argument("--concurrency", type=int, default=32, help="worker threads (the Procfile's default)")
    args = parser.parse_args()
    workdir, cert = prepare("mariohr-bench-backlog-")
    result = drain(args.deliveries, args.delay_ms, args.concurrency, cert, workdir)
    write_results("backlog.json", result)
    print(table(result))


def drain(count: int, delay_ms: float, concurrency: int, cert: str, workdir: Path) -> dict:
    from callbacks.models import Delivery, DeliveryStatus

    sink = SinkProcess(cert, delay_ms=delay_ms)
    worker = None
    try:
        print(f"creating {count:,} deliveries", flush=True)
        ids = create_result_deliveries(sink.url, count)
        worker = start_worker(concurrency, workdir)
        started = time.monotonic()
        queue("sweep", ids)
        queued_in = time.monotonic() - started
        delivered = Delivery.objects.filter(
            interview__organization__slug=BENCH_ORGANIZATION, status=DeliveryStatus.SUCCEEDED
        )
        samples = []
        while True:
            if worker.poll() is not None:
                raise SystemExit(f"the worker exited; see {workdir / 'worker.log'}")
            done = delivered.count()
            rss = status_mib(worker.pid, "VmRSS")["VmRSS"]
            samples.append({"seconds": round(time.monotonic() - started, 1), "delivered": done, "rss_mib": rss})
            print(f"{samples[-1]['seconds']:7.1f} s  {done:7,} delivered  worker {rss} MiB", flush=True)
            if done >= count:
                break
            time.sleep(SAMPLE_EVERY)
        seconds = time.monotonic() - started
        peak = status_mib(worker.pid, "VmHWM")["VmHWM"]
    finally:
        stop(worker, sink.process)
    tenth = max(len(samples) // 10, 1)
    warmed = statistics.mean(s["rss_mib"] for s in samples[tenth : 2 * tenth])
    last = statistics.mean(s["rss_mib"] for s in samples[-tenth:])
    return {
        "command": "python -m bench.backlog",
        "deliveries": count,
        "sink_delay_ms": delay_ms,
        "worker_threads": concurrency,
        "seconds_to_queue": round(queued_in, 1),
        "seconds_to_drain": round(seconds, 1),
        "per_second": count / seconds,
        "rss_mib": {"warmed_up": round(warmed, 1), "last": round(last, 1), "peak": peak},
        "growth": (last - warmed) / warmed,
        "flat": (last - warmed) / warmed <= FLAT_WITHIN,
        "samples": samples,
    }


def table(r: dict) -> str:
    rss = r["rss_mib"]
    return (
        "| deliveries | sink delay | worker threads | seconds to drain | callbacks/s | worker RSS warmed up | "
        "at the end | peak | growth | flat (within 10%) |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        f"| {r['deliveries']:,} | {r['sink_delay_ms']:.0f} ms | {r['worker_threads']} | {r['seconds_to_drain']:,.0f} | "
        f"{r['per_second']:.0f} | {rss['warmed_up']} MiB | {rss['last']} MiB | {rss['peak']} MiB | "
        f"{r['growth']:+.1%} | {'yes' if r['flat'] else 'NO'} |"
    )


if __name__ == "__main__":
    main()
