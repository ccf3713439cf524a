"""Zendesk credentials from ``ZENDESK_*`` environment variables.

The token is a secret: it never appears in ``repr``/``str`` or in an error
message, and :meth:`Credentials.redact` scrubs it (and its Basic-auth form)
from any text that might echo it.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote, urlsplit

from coach.errors import CredentialsError

Kind = Literal["api_token", "oauth"]
REDACTED = "***"

_SUBDOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s/:]+@[^@\s/:]+$")


@dataclass(frozen=True)
class Credentials:
    """Where Zendesk is and how to authenticate: an API token (Basic) or an OAuth token (Bearer)."""

    base_url: str
    email: str | None
    token: str = field(repr=False)
    kind: Kind = "api_token"

    def __post_init__(self) -> None:
        if self.kind not in ("api_token", "oauth"):
            raise CredentialsError(f"unknown credentials kind {self.kind!r}")
        if self.kind == "api_token" and not self.email:
            raise CredentialsError("an API token needs the agent's email address (ZENDESK_EMAIL)")
        if not self.token or any(ch.isspace() or ord(ch) < 32 for ch in self.token):
            raise CredentialsError("the token is empty or contains whitespace or control characters")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Credentials:
        """Read ``ZENDESK_SUBDOMAIN``/``ZENDESK_URL`` and ``ZENDESK_EMAIL`` + ``ZENDESK_API_TOKEN`` or ``ZENDESK_OAUTH_TOKEN``."""
        env = {k: v.strip() for k, v in environ.items() if k.startswith("ZENDESK_") and v.strip()}
        base_url = _base_url(env.get("ZENDESK_URL"), env.get("ZENDESK_SUBDOMAIN"))
        api_token, oauth_token = env.get("ZENDESK_API_TOKEN"), env.get("ZENDESK_OAUTH_TOKEN")
        if api_token and oauth_token:
            raise CredentialsError("both ZENDESK_API_TOKEN and ZENDESK_OAUTH_TOKEN are set: keep only one")
        if oauth_token:
            return cls(base_url, env.get("ZENDESK_EMAIL"), oauth_token, "oauth")
        if not api_token:
            raise CredentialsError(
                "ZENDESK_API_TOKEN is not set (with ZENDESK_EMAIL), nor ZENDESK_OAUTH_TOKEN: "
                "coach needs one of them to talk to Zendesk"
            )
        email = env.get("ZENDESK_EMAIL")
        if not email:
            raise CredentialsError("ZENDESK_EMAIL is not set: an API token is used with the agent's email address")
        if email.lower().endswith("/token"):
            raise CredentialsError("ZENDESK_EMAIL should be the plain address, without '/token' (coach adds it)")
        if not _EMAIL.match(email):
            raise CredentialsError("ZENDESK_EMAIL does not look like an email address")
        return cls(base_url, email, api_token, "api_token")

    def auth_header(self) -> str:
        """The value of the ``Authorization`` header."""
        if self.kind == "oauth":
            return f"Bearer {self.token}"
        return f"Basic {_basic(self.email or '', self.token)}"

    def redact(self, text: str) -> str:
        """``text`` with the token, its URL-encoded and its Basic-auth forms replaced by ``***``."""
        secrets = {self.token, quote(self.token, safe="")}
        if self.kind == "api_token":
            secrets.add(_basic(self.email or "", self.token))
        for secret in sorted(secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        return text

    def __repr__(self) -> str:
        return f"Credentials(base_url={self.base_url!r}, email={self.email!r}, token={REDACTED!r}, kind={self.kind!r})"

    __str__ = __repr__


def _basic(email: str, token: str) -> str:
    return base64.b64encode(f"{email}/token:{token}".encode()).decode("ascii")


def _base_url(url: str | None, subdomain: str | None) -> str:
    if url:
        return _checked_url(url)
    if not subdomain:
        raise CredentialsError(
            "ZENDESK_SUBDOMAIN is not set (e.g. 'acme' for acme.zendesk.com); "
            "or set ZENDESK_URL to the full https:// address"
        )
    if not _SUBDOMAIN.match(subdomain):
        raise CredentialsError(
            f"ZENDESK_SUBDOMAIN must be a plain subdomain label like 'acme', not {subdomain!r}; "
            "use ZENDESK_URL for a full address"
        )
    return f"https://{subdomain.lower()}.zendesk.com"


def _checked_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise CredentialsError("ZENDESK_URL is not a valid URL") from None
    if parts.scheme not in ("https", "http") or not host:
        raise CredentialsError("ZENDESK_URL must look like https://acme.zendesk.com")
    if parts.username is not None or parts.password is not None:
        raise CredentialsError("ZENDESK_URL must not contain a user name or password; use ZENDESK_EMAIL and a token")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise CredentialsError("ZENDESK_URL must be the bare address (scheme and host), without a path or query")
    if parts.scheme == "http" and not _is_loopback(host):
        raise CredentialsError("ZENDESK_URL must use https:// (plain http:// is only allowed for localhost)")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
