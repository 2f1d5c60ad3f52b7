"""Where a webhook may send: an https:// address of a host on the public internet.

A webhook's messages and the start of each answer are shown to the admin, so an address
inside the portal's own network (a private, loopback or link-local one, such as a cloud's
metadata service) would let the portal be used to reach what it alone can reach. The host is
checked when the webhook is made and again before every message, since a name may come to
point elsewhere. ``WEBHOOKS_ALLOW_PRIVATE`` lifts this for development and the test suite,
whose receiving server listens on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.app.rules import RuleError

LONGEST_URL = 2000
NOT_PUBLIC = _l("Enter the address of a server on the public internet.")
UNKNOWN_HOST = _l("No server by that name was found. Check the address.")


class AddressRefused(Exception):
    """The host is not one a message may be sent to; the message says why."""


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_host(url: str) -> None:
    """Raise ``AddressRefused`` unless every address of the URL's host is public (or private
    ones are allowed here)."""
    if current_app.config.get("WEBHOOKS_ALLOW_PRIVATE", False):
        return
    parts = urlsplit(url)
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise AddressRefused(str(UNKNOWN_HOST)) from None
    if not found or not all(_public(info[4][0]) for info in found):
        raise AddressRefused(str(NOT_PUBLIC))


def checked_url(url: str) -> str:
    """The address as stored, or a RuleError at the form's ``url`` saying what is wrong."""
    url = url.strip()
    parts = urlsplit(url)
    plain_allowed = current_app.config.get("WEBHOOKS_ALLOW_HTTP", False)
    if parts.scheme != "https" and not (plain_allowed and parts.scheme == "http"):
        raise RuleError(_l("Enter an address that starts with https://."), "url")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if not parts.hostname or len(url) > LONGEST_URL or port == -1:
        raise RuleError(_l("Enter a whole web address, such as https://example.org/polku."), "url")
    if parts.username or parts.password:
        raise RuleError(_l("Leave the user name and password out of the address."), "url")
    try:
        check_host(url)
    except AddressRefused as refused:
        raise RuleError(str(refused), "url") from None
    return url
