"""Schemathesis over the whole OpenAPI document, signed in, against the real server: no
request it makes from the schema gets a 5xx (measured on main before: three did)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.serving import netcanvas, served

PASSWORD = "fuzzing the whole api"
ST = Path(sys.executable).with_name("st")


def sign_in(url: str) -> str:
    body = json.dumps({"username": "fuzz", "password": PASSWORD}).encode()
    request = urllib.request.Request(
        f"{url}/api/auth/login", data=body, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        token: str = json.loads(answer.read())["token"]
        return token


def test_no_generated_request_gets_a_server_error(tmp_path: Path) -> None:
    accounts = {"NETCANVAS_AUTH": "accounts"}
    # a teacher: every route of a student's answers them as well, and the class view too
    netcanvas(
        tmp_path, "users", "add", "fuzz", "--role", "teacher", "--password-stdin",
        stdin=PASSWORD, env=accounts,
    )  # fmt: skip
    with served(tmp_path, env=accounts) as url:
        token = sign_in(url)
        run = subprocess.run(
            [str(ST), "run", f"{url}/openapi.json", "--checks", "not_a_server_error",
             "--max-examples", "5", "--seed", "1", "--workers", "1", "--request-timeout", "30",
             "--header", f"Authorization: Bearer {token}", "--no-color",
             "--exclude-path", "/api/auth/logout"],  # it would end the fuzzer's own session
            capture_output=True, text=True, timeout=600, cwd=tmp_path,
        )  # fmt: skip
    summary = run.stdout[-4000:]
    assert run.returncode == 0, summary
    assert "Tested: " in summary and " passed" in summary
    assert "Authentication failed" not in summary  # it went past the sign-in
