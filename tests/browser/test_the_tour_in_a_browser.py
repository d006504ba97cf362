"""The tour `make run` prints, followed as a newcomer would: `make run` itself starts gunicorn, a real
Celery worker, beat and the demo ATS receiver (honcho) on free ports, with its local state in a
folder of its own; the printed commands go to a shell, the invitation link from the worker's log
opens on a phone, the callback reaches the demo ATS, and the printed login opens it and the report
in the admin.

With DATABASE_URL set (PostgreSQL, Redis), `make run` runs on the test database, and the login is
the one the tour says how to make.
"""

import json
import os
import re
import shlex
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import DESKTOP, PHONE, open_page
from tests.support.celery_processes import PROJECT_DIR, database_url_for_processes
from tests.support.waiting import wait_until

pytestmark = pytest.mark.needs_browser

# What `make run` reads from the environment besides the services: a value set here would win over
# the one it sets, and the tour is about the local defaults.
LOCAL_SETTINGS = (
    "PORT",
    "DEMO_ATS_PORT",
    "PUBLIC_BASE_URL",
    "CALLBACK_ALLOWED_PRIVATE_HOSTS",
    "CALLBACK_CA_BUNDLE",
    "RUNTIME_API_TOKEN",
    "EMAIL_URL",
    "EMAIL_BACKEND",
    "SECRET_KEY",
    "DEBUG",
    "PROCESSES",
)
LOGIN = re.compile(r"Admin +(\S+) +(\S+@\S+) / (\S+) +\(account manager")
LOGIN_TO_MAKE = re.compile(r"for a login: (.+create_staff_user .+)$", re.MULTILINE)
STARTED = re.compile(r"^\S+ system +\| \S+ started \(pid=(\d+)\)$", re.MULTILINE)


@dataclass
class Tour:
    base: str
    printed: str
    log: Path
    env: dict[str, str]

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def shell(self, commands: str) -> list[str]:
        """Run pasted commands in bash from the project folder; returns the lines they printed."""
        done = subprocess.run(
            ["bash", "-c", commands], cwd=PROJECT_DIR, env=self.env, capture_output=True, text=True, timeout=30
        )
        assert done.returncode == 0, done.stderr
        assert "curl:" not in done.stderr, done.stderr  # curl reached the server every time
        return done.stdout.splitlines()


def free_port_pair() -> int:
    """A port free on the loopback address whose next one is free too (the demo ATS's)."""
    for _ in range(50):
        with socket.socket() as web, socket.socket() as demo_ats:
            web.bind(("127.0.0.1", 0))
            port = web.getsockname()[1]
            with suppress(OSError):
                demo_ats.bind(("127.0.0.1", port + 1))
                return port
    raise AssertionError("no two free ports in a row")


@pytest.fixture
def tour(request, tmp_path) -> Iterator[Tour]:
    """`make run PORT=<free>` until the web, worker and demo ATS are up; stopped with one SIGTERM, as
    with one Ctrl-C."""
    env = {name: value for name, value in os.environ.items() if name not in LOCAL_SETTINGS}
    env["MARIOHR_VAR_DIR"] = str(tmp_path / "var")
    env["WEB_CONCURRENCY"] = "1"  # gunicorn's one worker is plenty for one browser, and starts sooner
    (tmp_path / "var").mkdir()
    if env.get("DATABASE_URL"):
        request.getfixturevalue("transactional_db")
        env["DATABASE_URL"] = database_url_for_processes()
    port, log = free_port_pair(), tmp_path / "make-run.log"
    # `-o`: the virtualenv this test runs in is the one `make run` would set up; not reinstalled.
    with open(log, "wb") as out:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "run", f"PORT={port}"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    tour = Tour(f"http://localhost:{port}", "", log, env)
    try:

        def up() -> bool:
            assert make.poll() is None, tour.output()
            text = tour.output()
            return "Listening at:" in text and " ready." in text and "Demo ATS receiver listening on" in text

        wait_until(up, timeout=45, what="make run's web, worker and demo ATS")
        text = tour.output()
        tour.printed = text[text.index("Demo organization") : text.index('echo "The report, for the browser')]
        yield tour
    finally:
        os.killpg(make.pid, signal.SIGTERM)  # make and honcho: honcho stops what it started
        try:
            make.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait(5)
        for pid in STARTED.findall(tour.output()):  # each in a group of its own; gone unless honcho was killed
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(int(pid), signal.SIGKILL)
        print(tour.output()[-8000:])  # shown when the test fails


@pytest.fixture
def pages(browser) -> Iterator:
    """Open pages in fresh contexts (their own cookies), all closed after the test."""
    opened: list[Iterator[Page]] = []

    def open_one(base: str, **options) -> Page:
        opened.append(open_page(browser, base, **options))
        return next(opened[-1])

    yield open_one
    for page in opened:
        next(page, None)  # resumed past its yield, open_page closes the context


def the_login(tour: Tour) -> tuple[str, str]:
    """The account manager's login the tour prints, or, on a real database, the one it says how to make."""
    if found := LOGIN.search(tour.printed):
        assert found.group(1) == f"{tour.base}/admin/"
        return found.group(2), found.group(3)
    command = LOGIN_TO_MAKE.search(tour.printed).group(1)
    made = tour.shell(command)
    return shlex.split(command)[3], made[-1].removeprefix("Password (shown once): ")


def test_the_tour_takes_an_interview_from_send_test_to_the_report_in_a_browser(tour: Tour, pages):
    commands = tour.printed[tour.printed.index("# Paste into another shell") :]
    # The tour's three parts: the ATS's calls; the candidate's page or the engine's started and
    # completed; the engine's score. The candidate takes the page here.
    ats, rest = commands.split("# The invitation email is in the worker's log")
    score = rest[rest.index("# Then the engine scores the interview") :]
    shell_state = [line for line in ats.splitlines() if line.startswith(("KEY=", "H="))]

    # 1. The ATS: list_tests, send_test with the demo ATS as the callback, test_status.
    tests, public_id, sent = tour.shell(ats)
    assert "py-fastapi-review" in [t["partner_test_id"] for t in json.loads(tests)]
    assert json.loads(sent)["partner_status"] == "sent"

    # 2. The candidate opens the link of the invitation email, printed in the worker's log, on a phone.
    link = re.compile(rf"{re.escape(tour.base)}/i/[\w-]+/")
    wait_until(lambda: link.search(tour.output()), timeout=20, what="the invitation email in the worker's log")
    phone = pages(tour.base, **PHONE)
    phone.goto(link.search(tour.output()).group(0))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Python FastAPI Code Review")
    expect(phone.get_by_text("Repo-based exercise for backend roles.")).to_be_visible()
    phone.get_by_role("button", name="Start the assessment").click()
    expect(phone.get_by_text("You started this assessment")).to_be_visible()
    expect(phone.get_by_text("demo-staging-pass-1234")).to_be_visible()
    phone.get_by_role("button", name="Submit").click()
    expect(phone.get_by_role("heading", name="Thank you, Alex Kim")).to_be_visible()
    expect(phone.locator("body")).not_to_contain_text("demo-staging-pass-1234")

    # 3. The assessment engine scores it; the ATS sees the score and the report.
    key, engine = shell_state
    scored, complete, report = tour.shell(f"{key}\nID={public_id}\n{engine}\n{score}")
    assert json.loads(scored)["status"] == "complete"
    assert json.loads(complete)["partner_score"] == 82
    assert json.loads(complete)["partner_profile_url"] == f"{tour.base}/api/report/{public_id}"
    assert json.loads(report)["scoring"]["total"] == 82

    # 4. The callback reaches the demo ATS, which prints it in the log.
    callback = re.compile(rf"demo_ats.*PATCH /callbacks/demo.*{public_id}.*status=complete score=82")
    wait_until(lambda: callback.search(tour.output()), timeout=20, what="the callback at the demo ATS")

    # 5. The account manager logs in to the admin, sees the callback the demo ATS received, and the report.
    email, password = the_login(tour)
    admin = pages(tour.base, **DESKTOP)
    admin.goto("/admin/")
    admin.get_by_label("Username").fill(email)
    admin.get_by_label("Password").fill(password)
    admin.get_by_role("button", name="Log in").click()
    admin.get_by_role("link", name="Received callbacks").click()
    row = admin.locator("#result_list tbody tr", has_text=public_id)
    expect(row).to_contain_text("Results callback")
    expect(row).to_contain_text("/callbacks/demo")
    expect(row).to_contain_text("complete")
    expect(row).to_contain_text("82")

    admin.goto("/admin/")
    admin.get_by_role("link", name="Interviews").first.click()
    admin.locator("#result_list tbody tr", has_text="alex@example.com").get_by_role("link").first.click()
    with admin.context.expect_page() as opened:
        admin.get_by_role("link", name="Open the report").click()
    report_page = opened.value
    expect(report_page.get_by_role("heading", level=1)).to_have_text("Alex Kim")
    assert report_page.url == f"{tour.base}/api/report/{public_id}"
    expect(report_page.get_by_text("82 / 100").first).to_be_visible()
    breakdown = report_page.get_by_role("table")
    expect(breakdown.get_by_role("row", name="Correctness 45 / 60 Found the bug.")).to_be_visible()
    expect(breakdown.get_by_role("row", name="Communication 37 / 40 Clear.")).to_be_visible()
    expect(breakdown.get_by_role("row", name="Total 82 / 100")).to_be_visible()
