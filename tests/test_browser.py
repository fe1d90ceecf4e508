"""The review flow in a real browser: a real `datasette serve --root` on 127.0.0.1, driven by
Debian's Chromium through Playwright. Sign in with the one-time root URL, open a claim, record a
verdict, and see it in the history. `CLAIMDESK_UPDATE_SCREENSHOT=1` refreshes docs/claim-page.png,
the README's picture of the claim page, from this run."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time

import pytest

from browser import launch, require_chromium
from claimdesk.db import open_db
from claimdesk.reviews import record_review
from claimdesk.sources import link_source
from test_plugin import CLAIM, ROOT, make_database

SCREENSHOT = ROOT / "docs" / "claim-page.png"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


@pytest.fixture
def server(tmp_path):
    """`datasette serve --root` in a subprocess; yields (base URL, sign-in URL, database path)."""
    db_path = make_database(tmp_path / "claims.db", hostile=False)
    db = open_db(db_path)
    record_review(
        db,
        CLAIM,
        "disputed",
        actor="alice",
        note="Only a press release so far.",
        via="cli",
        at="2025-05-21T09:12:00.000Z",
    )
    link_source(db, CLAIM, "https://council.example/vote", relation="supports", note="The council's own minutes")
    db.close()
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "-m",
        str(ROOT / "datasette-metadata.json"),
        "-c",
        str(ROOT / "datasette.yaml"),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "--root",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        deadline = time.monotonic() + 30
        sign_in = None
        while sign_in is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                if process.poll() is not None:
                    raise RuntimeError(f"datasette exited: {process.stderr.read()}") from None
                continue
            if "/-/auth-token?token=" in line:
                sign_in = line.strip()
        assert sign_in, "datasette did not print the root sign-in URL"
        wait_for_port(port, deadline)
        yield f"http://127.0.0.1:{port}", sign_in, db_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_sign_in_review_and_see_the_history(server):
    require_chromium()
    from playwright.sync_api import sync_playwright

    base, sign_in, db_path = server
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(sign_in)
            page.goto(f"{base}/claims/claims/{CLAIM}")
            assert page.locator(".cd-context mark").inner_text().startswith("In April 2023")
            history = page.locator(".cd-history tr.cd-review-row")
            assert history.count() == 1

            page.select_option(".cd-review-form select[name=status]", "verified")
            page.fill(".cd-review-form textarea[name=note]", "Minutes of 24 April 2023, item 12.")
            with page.expect_navigation():
                page.click(".cd-review-form button[type=submit]")

            assert page.url == f"{base}/claims/claims/{CLAIM}"
            assert history.count() == 2
            newest = history.nth(1)
            assert "verified" in newest.inner_text().lower()
            assert "root" in newest.inner_text()
            assert "Minutes of 24 April 2023, item 12." in newest.inner_text()
            assert page.locator(".cd-claim .cd-status").inner_text().lower() == "verified"
            # Nothing from the archived page ran in ours.
            assert page.title() != "pwned-by-archive"

            shot = page.screenshot(full_page=True)
            assert shot.startswith(b"\x89PNG")
            # The README's picture is refreshed on request only, so a test run leaves no diff.
            if os.environ.get("CLAIMDESK_UPDATE_SCREENSHOT") or not SCREENSHOT.exists():
                SCREENSHOT.parent.mkdir(exist_ok=True)
                SCREENSHOT.write_bytes(shot)
        finally:
            browser.close()

    db = open_db(db_path)
    rows = list(db.query("SELECT actor, status, via FROM reviews ORDER BY at, id"))
    db.close()
    assert rows[-1] == {"actor": "root", "status": "verified", "via": "datasette"}


def test_raw_snapshot_runs_no_script_in_the_browser(server):
    require_chromium()
    from playwright.sync_api import sync_playwright

    base, sign_in, _ = server
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(sign_in)
            response = page.goto(f"{base}/-/claimdesk/snapshot/1/raw")
            assert response.headers["content-security-policy"] == "sandbox"
            page.wait_for_timeout(300)
            assert page.title() == "Council vote"  # the archived script did not rename it
            assert dialogs == []
        finally:
            browser.close()
