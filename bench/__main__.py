"""Every benchmark of the project, one after the other, then the table of targets.

    python -m bench [--only http,scale,callbacks,backlog,drills,fuzz]

Each part is also a command of its own (`python -m bench.http`, `bench.http --scale`,
`bench.callbacks`, `bench.backlog`, `bench.drills`, `bench.fuzz`) with its own options and its
results file in bench/results/; this runs them with their defaults and then `bench.summary`.
All of them on the 2-core development machine: about 40 minutes, most of it loading the 1M
interviews of --scale the first time. Stops at the first part that fails.
"""

import argparse
import subprocess
import sys

from bench.stack import PROJECT_DIR
from bench.summary import main as print_summary

PARTS = {
    "http": ["bench.http"],
    "scale": ["bench.http", "--scale"],
    "callbacks": ["bench.callbacks", "--delays-ms", "0,50"],
    "backlog": ["bench.backlog"],
    "drills": ["bench.drills"],
    "fuzz": ["bench.fuzz"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated parts to run")
    chosen = parser.parse_args().only.split(",")
    unknown = set(chosen) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}; choose from {', '.join(PARTS)}")
    for part in chosen:
        print(f"\n== python -m {' '.join(PARTS[part])}", flush=True)
        subprocess.run([sys.executable, "-m", *PARTS[part]], cwd=PROJECT_DIR, check=True)
    print()
    print_summary()


if __name__ == "__main__":
    main()
