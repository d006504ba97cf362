"""Schemathesis, with every default check, against the production stack on this machine.

    python -m bench.fuzz [--cases 1000] [--seed 2026]

Uses DATABASE_URL (default: the local PostgreSQL database `mariohr_fuzz`, created if missing and
migrated), CELERY_BROKER_URL and REDIS_URL (default: Redis databases 9 and 10, apart from the
other benchmarks'). It provisions an organization, the demo catalog and an API key with the
provisioning commands, starts gunicorn and a Celery worker as the Procfile does (bench/stack.py),
opens one interview per assessment through send_test, then runs `schemathesis run --checks all`
on /api/schema/ with a fixed seed and enough examples per operation for --cases test cases.
Prints two Markdown tables and writes bench/results/fuzz.json. Exits non-zero on any failed
check (the audit of RULES_THE_SCHEMA_CANNOT_STATE included), on any 5xx or traceback in the
servers' logs, or on fewer test cases than asked for. Schemathesis's reports (JUnit, NDJSON,
JSON) and the servers' logs stay in a temporary folder whose name it prints first.
"""

import argparse
import base64
import json
import math
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import requests

from bench.stack import PROJECT_DIR, Stack, prepare_database, setup_django, venv_command, write_results

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mariohr_fuzz"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/9"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/10"
DEFAULT_SEED = 2026
ORGANIZATION = "fuzz"
CATALOG = PROJECT_DIR / "assessments" / "demo" / "catalog.json"
# Rules a JSON Schema cannot state, so a schema-valid request may rightly be refused for them, with
# the status each operation answers then: send_test's url host must resolve, now, to a public
# address (schemathesis draws hosts at random, which resolve nowhere, and nothing resolves on a
# machine without DNS), and a scored event's score must not exceed its max (400); Ashby's
# assessment.start cannot start an assessment type the organization may not send (generated uuids
# name none), an application that is Hired or Archived, or an email address Django's validator
# refuses although it has the schema's `format: email` (422, contract section 7). Schemathesis
# accepts that status from these operations; every such answer is audited after the run, which
# fails if a schema-valid request was refused for anything else.
RULES_THE_SCHEMA_CANNOT_STATE = {
    "POST /api/ats/send_test": (
        400,
        re.compile(r"url: (host '.*' is .+|longer than 2048 characters once encoded for the wire)", re.DOTALL),
    ),
    # A score over its max; a time in the future or before the step it follows (contract section 4:
    # times in the future beyond a minute of skew, or out of order, answer 400).
    "POST /api/runtime/interviews/{partner_interview_id}/events": (
        400,
        re.compile(
            r"breakdown\.\d+\.score: Must not exceed max \(.*\)\."
            r"|(entries\.\d+\.)?at: (Must not be in the future .*|.* is before .*)",
            re.DOTALL,
        ),
    ),
    "POST /api/ashby/assessment.start": (
        422,
        re.compile(
            r"This assessment is not available to your organization in MarioHR\. .*"
            r"|MarioHR does not start assessments for applications that are (Hired|Archived)\."
            r"|MarioHR could not start the assessment: the candidate's email address is not valid\.",
            re.DOTALL,
        ),
    ),
}
ACCESS_LINE = re.compile(r'"(?P<request>[A-Z]+ \S+) HTTP/[\d.]+" (?P<status>\d{3}) ')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1000, help="test cases to generate at least")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER_URL)
    os.environ.setdefault("REDIS_URL", DEFAULT_CACHE_URL)
    # Read by gunicorn (bench/stack.py copies this environment) and handed to schemathesis.
    os.environ["RUNTIME_API_TOKEN"] = secrets.token_urlsafe(32)
    # Our own interviews call back to localhost, which the address check otherwise refuses.
    os.environ["CALLBACK_ALLOWED_PRIVATE_HOSTS"] = "localhost"
    started = datetime.now(UTC)
    workdir = Path(tempfile.mkdtemp(prefix="mariohr-fuzz-"))
    print(f"reports and logs: {workdir}", flush=True)
    prepare_database()
    key = _provision()
    with _refusing_port() as callback_port, Stack(os.environ["DATABASE_URL"], workdir, name="fuzz") as stack:
        run = _fuzz(stack, workdir, key=key, callback_port=callback_port, cases=args.cases, seed=args.seed)

    result = {
        "command": " ".join(["python -m bench.fuzz", *sys.argv[1:]]),
        **run,
        **_read_reports(workdir / "reports", run["operations_in_schema"]),
        "gunicorn_log": _scan_log(workdir / "fuzz-gunicorn.log"),
        "celery_log": _scan_log(workdir / "fuzz-celery.log"),
        "callback_attempts": _callback_attempts(since=started),
    }
    problems = _problems(result, args.cases)
    result["green"] = not problems
    write_results("fuzz.json", result)
    print(_markdown(result))
    for problem in problems:
        print(f"- FAILED: {problem}")
    sys.exit(1 if problems else 0)


def _fuzz(stack: Stack, workdir: Path, *, key: str, callback_port: int, cases: int, seed: int) -> dict:
    """Run schemathesis on the stack's schema; its reports go to workdir/reports."""
    schema = requests.get(f"{stack.url}/api/schema/?format=json", timeout=30).json()
    operations = sorted(f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item)
    # The fuzzing phase alone then draws about `cases`; the other phases add their own.
    max_examples = math.ceil(cases / len(operations))
    callbacks = [f"https://localhost:{callback_port}/fuzz/{n}" for n in range(3)]
    interviews = [_send_test(stack.url, key, test_id, callbacks[0]) for test_id in _catalog_ids()]
    config = _write_config(workdir, interviews=interviews, callbacks=callbacks)
    arguments = [
        *("--config-file", str(config), "run", f"{stack.url}/api/schema/"),
        *("--checks", "all", "--max-examples", str(max_examples), "--seed", str(seed)),
        # One worker keeps the order of requests, hence the run, the same for the same seed.
        *("--workers", "1", "--generation-database", "none"),
        # A failure does not end its operation's fuzzing, so it cannot hide the next one.
        "--continue-on-failure",
        *("--report", "junit,ndjson,json", "--report-dir", str(workdir / "reports")),
    ]
    env = {**os.environ, "MARIOHR_FUZZ_API_KEY": key, "MARIOHR_FUZZ_RUNTIME_TOKEN": os.environ["RUNTIME_API_TOKEN"]}
    started = time.monotonic()
    # From the work folder: schemathesis keeps its caches in the working directory.
    exit_code = subprocess.run([*venv_command("schemathesis"), *arguments], cwd=workdir, env=env).returncode
    seconds = time.monotonic() - started
    stack.check_alive()
    shown = [a.replace(str(workdir), "$WORKDIR").replace(stack.url, "http://127.0.0.1:$PORT") for a in arguments]
    return {
        "schemathesis": " ".join(["st", *shown]),
        "seed": seed,
        "max_examples_per_operation": max_examples,
        "seconds": round(seconds, 1),
        "schemathesis_exit_code": exit_code,
        "operations_in_schema": operations,
    }


def _manage(*arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=PROJECT_DIR, check=True, capture_output=True, text=True
    )
    return done.stdout


def _catalog_ids() -> list[str]:
    return [entry["partner_test_id"] for entry in json.loads(CATALOG.read_text())]


def _provision() -> str:
    """The organization, its catalog and a fresh key, as an operator would set them up (contract 5)."""
    _manage("create_organization", ORGANIZATION, "--name", "Fuzz Company")
    _manage("import_catalog", str(CATALOG))
    _manage("enable_assessments", ORGANIZATION, *_catalog_ids())
    return _manage("issue_api_key", ORGANIZATION, "--label", "bench.fuzz").strip().splitlines()[-1]


@contextmanager
def _refusing_port():
    """A local port that refuses every connection: the callbacks of the run go there and fail.

    Bound but not listening, the port is ours for the whole run (no other process takes it) and a
    connection to it is refused at once, so a delivery attempt never waits and never leaves the
    machine.
    """
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        yield reserved.getsockname()[1]


def _send_test(base_url: str, key: str, test_id: str, callback: str) -> str:
    body = {"partner_test_id": test_id, "candidate": {"email": f"{test_id}@example.com"}, "url": callback}
    response = requests.post(f"{base_url}/api/ats/send_test", json=body, auth=(key, ""), timeout=30)
    response.raise_for_status()
    return response.json()["partner_interview_id"]


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"  # a JSON string is a TOML string


def _write_config(workdir: Path, *, interviews: list[str], callbacks: list[str]) -> Path:
    """schemathesis.toml: each security scheme's credentials, and real ids mixed into the inputs.

    Without real ids every test_status and runtime event stops at 404, and without a callback URL
    that passes the address check every send_test stops at 400: half the drawn values are real.
    """
    config = workdir / "schemathesis.toml"
    config.write_text(f"""\
[auth.openapi.organizationKey]
username = "${{MARIOHR_FUZZ_API_KEY}}"
password = ""

[auth.openapi.runtimeToken]
bearer = "${{MARIOHR_FUZZ_RUNTIME_TOKEN}}"

[dictionaries.interviews]
values = {_toml_list(interviews)}

[dictionaries.callbacks]
values = {_toml_list(callbacks)}

[dictionaries.tests]
values = {_toml_list(_catalog_ids())}

[parameters]
"query.partner_interview_id" = {{ dictionary = "interviews", probability = 0.5 }}
"path.partner_interview_id" = {{ dictionary = "interviews", probability = 0.5 }}
"body.url" = {{ dictionary = "callbacks", probability = 0.5 }}
"body.candidate.url" = {{ dictionary = "callbacks", probability = 0.5 }}
"body.partner_test_id" = {{ dictionary = "tests", probability = 0.5 }}

# See RULES_THE_SCHEMA_CANNOT_STATE in bench/fuzz.py: what is accepted here is audited after the run.
{_refusals_config()}
""")
    return config


def _refusals_config() -> str:
    """Each audited operation also accepts, for schema-valid requests, the status of its rule."""
    default = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
    return "\n".join(
        f"[[operations]]\ninclude-name = {json.dumps(label)}\n"
        f"checks.positive_data_acceptance.expected-statuses = {_toml_list([*default, str(status)])}\n"
        for label, (status, _) in RULES_THE_SCHEMA_CANNOT_STATE.items()
    )


def _read_reports(reports: Path, operations: list[str]) -> dict:
    """The figures from schemathesis's own reports: its JSON verdict and its NDJSON events."""
    verdict = json.loads(_report(reports, "json-*.json").read_text())
    checks: dict[str, Counter] = defaultdict(Counter)
    cases, statuses = Counter(), defaultdict(Counter)
    refused_by_rule: Counter = Counter()
    unexplained: list[dict] = []
    with _report(reports, "ndjson-*.ndjson").open() as events:
        for line in events:
            scenario = json.loads(line).get("ScenarioFinished")
            if not scenario:
                continue
            recorder = scenario["recorder"]
            for case_id, entry in recorder.get("cases", {}).items():
                case = entry["value"]
                label = f"{case['method']} {case['path']}"
                label = label if label in operations else "methods outside the schema"
                cases[(scenario["phase"], label)] += 1
                for check in recorder["checks"].get(case_id, []):
                    checks[check["name"]][check["status"]] += 1
                interaction = recorder["interactions"].get(case_id) or {}
                response = interaction.get("response")
                statuses[label][str(response["status_code"]) if response else "no response"] += 1
                mode = case.get("meta", {}).get("generation", {}).get("mode")
                status, rule = RULES_THE_SCHEMA_CANNOT_STATE.get(label, (None, None))
                if rule and mode == "positive" and response and response["status_code"] == status:
                    errors = _errors(response)
                    if errors and all(rule.fullmatch(e) for e in errors):
                        refused_by_rule[label] += 1
                    else:
                        unexplained.append({"request": _body(interaction["request"]), "errors": errors})
    by_phase = Counter()
    for (phase, _), count in cases.items():
        by_phase[phase] += count
    return {
        "cases": verdict["test_cases"]["generated"],
        "cases_by_phase": dict(by_phase),
        "operations": verdict["operations"],
        "cases_by_operation": {label: sum(n for (_, lb), n in cases.items() if lb == label) for label in statuses},
        "statuses_by_operation": {label: dict(sorted(counts.items())) for label, counts in sorted(statuses.items())},
        "checks": {name: dict(counts) for name, counts in sorted(checks.items())},
        "unique_failures": verdict["failures"],
        "errors": verdict["errors"],
        "warnings": verdict["warnings"],
        # Schema-valid requests refused by a rule the schema cannot state (expected) or not (a bug).
        "valid_refused_by_rule": dict(refused_by_rule),
        "valid_refused_otherwise": {"count": len(unexplained), "first": unexplained[:20]},
    }


def _report(reports: Path, pattern: str) -> Path:
    found = sorted(reports.glob(pattern))
    if not found:
        raise SystemExit(f"schemathesis wrote no {pattern} in {reports}: see its output above")
    return found[-1]


def _errors(response: dict) -> list[str]:
    """The messages of an error body: `{"errors": [...]}`, or Ashby's 422 `{"message"}`."""
    try:
        body = json.loads(base64.b64decode(response["content"]["$base64"]))
        return [body["message"]] if "message" in body else list(body["errors"])
    except (KeyError, TypeError, ValueError):
        return []


def _body(request: dict) -> str:
    body = base64.b64decode(request["body"]["$base64"])[:500].decode(errors="replace") if request.get("body") else ""
    return f"{request['method']} {urlsplit(request['uri']).path} {body or '(no body)'}"


def _scan_log(path: Path) -> dict:
    """5xx answers and tracebacks in one server log; the first few requests that got a 5xx."""
    text = path.read_text(errors="replace") if path.exists() else ""
    errors = [m["request"] + " -> " + m["status"] for m in ACCESS_LINE.finditer(text) if m["status"][0] == "5"]
    tracebacks = text.count("Traceback (most recent call last)")
    return {"responses_5xx": len(errors), "tracebacks": tracebacks, "first_5xx": errors[:20]}


def _callback_attempts(since: datetime) -> dict:
    """The callbacks this run tried, and where to: nowhere but localhost, we expect."""
    setup_django()
    from callbacks.models import DeliveryAttempt

    attempts = DeliveryAttempt.objects.filter(
        delivery__interview__organization__slug=ORGANIZATION, started_at__gte=since
    ).select_related("delivery")
    return {
        "count": len(attempts),
        "hosts": dict(Counter(urlsplit(a.delivery.url).hostname for a in attempts)),
        "outcomes": dict(Counter(f"{a.outcome} {a.error_kind}".strip() for a in attempts)),
    }


def _problems(result: dict, wanted_cases: int) -> list[str]:
    problems = [f"{name}: {c['failure']} failed" for name, c in result["checks"].items() if c.get("failure")]
    problems += [f"schemathesis {f['code']} {f['title']}: {f['count']}" for f in result["unique_failures"]]
    problems += [f"schemathesis error {e['title']}: {e['count']}" for e in result["errors"]]
    if result["schemathesis_exit_code"]:
        problems.append(f"schemathesis exited with {result['schemathesis_exit_code']}")
    if result["valid_refused_otherwise"]["count"]:
        problems.append(f"schema-valid requests refused: {result['valid_refused_otherwise']['count']}")
        examples = result["valid_refused_otherwise"]["first"][:5]
        problems += [f"  refused {case['errors']} for {case['request'][:300]}" for case in examples]
    for log in ("gunicorn_log", "celery_log"):
        if result[log]["tracebacks"] or result[log]["responses_5xx"]:
            problems.append(f"{log}: {result[log]['responses_5xx']} 5xx, {result[log]['tracebacks']} tracebacks")
    if result["cases"] < wanted_cases:
        problems.append(f"only {result['cases']} test cases, fewer than {wanted_cases}")
    return problems


def _markdown(r: dict) -> str:
    """Two tables: what was sent and what came back, then every check's results."""
    refused = r["valid_refused_otherwise"]["count"]
    audited = sum(r["valid_refused_by_rule"].values()) + refused
    rows = [
        (
            "test cases (schemathesis's count)",
            f"{r['cases']}: " + ", ".join(f"{p} {n}" for p, n in r["cases_by_phase"].items()),
        ),
        ("operations tested", f"{r['operations']['tested']} of {r['operations']['selected']}"),
        *(
            (f"`{op}`", f"{r['cases_by_operation'][op]} cases, statuses {counts}")
            for op, counts in r["statuses_by_operation"].items()
        ),
        ("unique failures (schemathesis)", len(r["unique_failures"])),
        ("gunicorn 5xx / tracebacks", f"{r['gunicorn_log']['responses_5xx']} / {r['gunicorn_log']['tracebacks']}"),
        (
            "callback attempts",
            f"{r['callback_attempts']['count']}, to {', '.join(r['callback_attempts']['hosts']) or 'nobody'}",
        ),
        (
            "seed; examples per operation; seconds",
            f"{r['seed']}; {r['max_examples_per_operation']}; {r['seconds']:.0f}",
        ),
    ]
    checks = [(name, sum(c.values()), c.get("failure", 0)) for name, c in r["checks"].items()]
    checks.append(("positive_data_acceptance, its refusals accepted for unstated rules (audit)", audited, refused))
    return "\n".join(
        [
            "\n| measure | value |\n| --- | --- |",
            *(f"| {a} | {b} |" for a, b in rows),
            "\n| check | results | failed |\n| --- | --- | --- |",
            *(f"| {name} | {results} | {failed} |" for name, results, failed in checks),
        ]
    )


if __name__ == "__main__":
    main()
