"""A local SMTP server for the mail tests: aiosmtpd with STARTTLS required and AUTH, on a
certificate made for the test (openssl), optionally refusing the first few messages."""

from __future__ import annotations

import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "polku"
PASSWORD = "smtp-test-password"


@dataclass
class Inbox:
    """What the server received, and how many more messages it refuses (451, try later)."""

    messages: list[bytes] = field(default_factory=list)
    refuse: int = 0
    logins: list[str] = field(default_factory=list)
    tls_seen: list[bool] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.tls_seen.append(session.ssl is not None)
        if self.refuse:
            self.refuse -= 1
            return "451 Try again later"
        self.messages.append(envelope.content)
        return "250 OK"


def _certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(directory: Path, refuse: int = 0) -> Iterator[tuple[Inbox, dict]]:
    """Serve on localhost; yields the inbox and the mail settings that reach it."""
    cert, key = _certificate(directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox(refuse=refuse)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (USER, PASSWORD)
        if ok:
            inbox.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)

    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticate,
        auth_required=True,
        server_hostname="localhost",
    )
    controller.start()
    try:
        yield (
            inbox,
            {
                "MAIL_SERVER": "localhost",
                "MAIL_PORT": port,
                "MAIL_USE_TLS": True,
                "MAIL_USERNAME": USER,
                "MAIL_PASSWORD": PASSWORD,
                "MAIL_CA_FILE": str(cert),
                "MAIL_TIMEOUT": 5,
            },
        )
    finally:
        controller.stop()
