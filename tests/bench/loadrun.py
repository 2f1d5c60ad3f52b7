"""Servers, sign-ins and wrk runs for the load test (``test_load.py``)."""

from __future__ import annotations

import http.cookiejar
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
#: A WSGI entry point with the portal, and a bare Flask route (no session, no extensions)
#: served by the same gunicorn workers under /bench-bare/.
BENCH_WSGI = """
from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from wsgi import app as portal

bare = Flask("bare")
bare.add_url_rule("/", "hello", lambda: "hello")
app = DispatcherMiddleware(portal, {"/bench-bare": bare})
"""


def find_wrk() -> str | None:
    """wrk from Debian, installed here when missing and apt-get can."""
    if shutil.which("wrk") is None and shutil.which("apt-get"):
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"], capture_output=True, timeout=300, check=False
        )
    return shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    base: str

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(gunicorn: str, root: Path, env: dict[str, str], workers: int, log: Path) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [
            gunicorn,
            *("-c", str(root / "gunicorn.conf.py"), "-b", f"127.0.0.1:{port}"),
            *("-w", str(workers), "bench_wsgi:app"),
        ],
        cwd=root,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(server.base + "/livez", timeout=10) as answer:  # noqa: S310
                if answer.status == 200:
                    return server
        except OSError:  # not listening yet, or the workers still loading the app
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"gunicorn did not start: {log.read_text()[-2000:]}")


class Visitor:
    """A browser's cookies over urllib: sign in on one server, go on on another."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(url, timeout=30) as answer:
                return answer.status, answer.geturl(), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode()

    def sign_in(self, base: str, email: str, password: str) -> int:
        _status, _url, page = self.get(base + "/login")
        fields = dict(HIDDEN.findall(page)) | {"email": email, "password": password}
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(base + "/login", data=data, timeout=30) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(binary: str, url: str, cookie: str, seconds: int, connections: int) -> WrkResult:
    out = subprocess.run(
        [
            binary,
            *("-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s"),
            *(("-H", f"Cookie: {cookie}") if cookie else ()),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    ).stdout
    if re.search(r"\b0 requests in", out):  # none finished in time: no latency to read
        return WrkResult(rps=0.0, p50_ms=float("inf"), p99_ms=float("inf"), errors=0)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: (.*)", out)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return WrkResult(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        p99_ms=_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        errors=errors,
    )
