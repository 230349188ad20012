"""`mkdocs serve` for contributors: a broken case is reported to every page it serves, and a busy port says so."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebook.site.preview import SCRIPT_URI, STATUS_URI
from conftest import copy_project, stop_server
from test_hostile_input import _fetch, _free_port, _mkdocs_env, _serve

pytestmark = pytest.mark.slow


def _wait_for(url: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while True:
        html = _fetch(url, deadline)
        if text in html or time.monotonic() > deadline:
            return html
        time.sleep(0.5)


def test_a_broken_case_is_reported_to_every_page_and_the_server_keeps_serving_the_last_good_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    case = root / "cases" / "galaxy-note7-battery.yml"
    good = case.read_text(encoding="utf-8")
    port = _free_port()
    server = _serve(root, port)
    home = f"http://127.0.0.1:{port}/"
    try:
        assert "Casebook" in _fetch(home, time.monotonic() + 120)
        case.write_text(good.replace("\ndomain: ", "\ndomain: no-such-"), encoding="utf-8")
        status = _wait_for(home + STATUS_URI, "no-such-", 120)
        [error] = json.loads(status)["errors"]
        assert error.startswith("cases/galaxy-note7-battery.yml:") and "no-such-" in error
        # Every page loads the script that shows it (tests/browser/test_preview_banner.py watches it in Chromium),
        # and the pages are the last good site's, not stand-ins.
        for url in (home, home + "newcomers/", home + "cases/galaxy-note7-battery/"):
            html = _fetch(url, time.monotonic() + 10)
            assert SCRIPT_URI in html and "案例库有" not in html, url
        case.write_text(good, encoding="utf-8")
        assert json.loads(_wait_for(home + STATUS_URI, '"errors": []', 120))["errors"] == []
        assert "经过" in _fetch(home + "cases/galaxy-note7-battery/", time.monotonic() + 10)
    finally:
        err = stop_server(server)
    assert b"Traceback" not in err, err.decode("utf-8", "replace")


def test_a_busy_port_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            capture_output=True,
            text=True,
            env=_mkdocs_env(),
            timeout=120,
            check=False,
        )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"127.0.0.1:{port} is busy" in output and f"make serve PORT={port + 1}" in output
    assert "Traceback" not in output
