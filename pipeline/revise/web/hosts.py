"""Who may talk to the revision page: loopback hosts, same-origin requests, long enough tokens.

Kept apart from the FastAPI app so `bigan serve` can check its options before importing it.
"""

from __future__ import annotations

import ipaddress

MIN_TOKEN_CHARS = 16  # a token is typed into a URL once; shorter ones can be guessed


def is_loopback(host: str) -> bool:
    """'localhost', any 127.0.0.0/8 address or ::1 (with or without IPv6 brackets)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(host: str) -> str:
    """The name in a Host header, without the port ("[::1]:8000" -> "[::1]")."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0]


def same_origin(origin: str | None, scheme: str, host: str) -> bool:
    """A request without Origin (a same-origin GET, curl) or whose Origin is this very page —
    scheme included, so an http page cannot drive an https one and the reverse; "null" is refused."""
    if origin is None:
        return True
    return origin.lower() == f"{scheme}://{host}".lower()
