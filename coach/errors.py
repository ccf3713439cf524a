"""The exceptions coach raises on purpose.

Library code raises these; only ``coach.cli`` turns them into exit codes
(the table in ``coach/cli/__init__.py`` and the README)::

    CoachError
    ├── InputError            a draft that cannot be checked (missing, binary, empty, too large)
    ├── OutputError           the output cannot be written (disk full, stdout closed)
    ├── ConfigError           coach.toml, a rule file or a template is wrong
    │   └── RuleError         a rule file is invalid (carries file and key)
    ├── HistoryError          the local review history cannot be read or written
    └── ZendeskError          anything that went wrong talking to Zendesk
        ├── CredentialsError  ZENDESK_* variables missing or unsafe
        ├── AuthError         401, or the token authenticates as anonymous
        ├── PermissionDenied  403
        ├── NotFound          404 (a deleted ticket, a wrong id)
        ├── Conflict          409 (the ticket changed under us: re-read and re-decide)
        ├── Unprocessable     422 (validation: closed ticket, comment limit...)
        ├── RateLimited       429 after the wait budget ran out
        ├── ServerError       5xx after retries
        └── TransportError    timeouts, resets, DNS: no HTTP answer at all
"""

from __future__ import annotations


class CoachError(Exception):
    """Base class of every error coach raises on purpose."""


class InputError(CoachError):
    """A draft cannot be checked. The message names the input."""


class OutputError(CoachError):
    """What coach has to say cannot be written (a full disk, a closed stdout)."""


class ConfigError(CoachError):
    """The configuration, a rule pack or a template is invalid."""


class RuleError(ConfigError):
    """A rule file is invalid. ``path`` and ``key`` say where."""

    def __init__(self, path: str, key: str | None, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        where = f"{path}: {key}" if key else path
        super().__init__(f"{where}: {problem}")


class HistoryError(CoachError):
    """The local review history cannot be opened, read or written."""


class ZendeskError(CoachError):
    """A Zendesk request failed. ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, *, status: int | None = None, method: str = "", path: str = "") -> None:
        self.status = status
        self.method = method
        self.path = path
        prefix = f"{method} {path}: " if method else ""
        super().__init__(prefix + message)


class CredentialsError(ZendeskError):
    """ZENDESK_* environment variables are missing, incomplete or unsafe."""


class AuthError(ZendeskError):
    """The credentials were refused (401) or authenticate as an anonymous user."""


class PermissionDenied(ZendeskError):
    """The authenticated user may not do this (403)."""


class NotFound(ZendeskError):
    """The resource does not exist (404), e.g. a deleted ticket."""


class Conflict(ZendeskError):
    """The resource changed since it was read (409 with safe_update)."""


class Unprocessable(ZendeskError):
    """Zendesk rejected the request as invalid (422), e.g. a closed ticket."""


class RateLimited(ZendeskError):
    """Still rate limited (429) when the wait budget ran out."""


class ServerError(ZendeskError):
    """Zendesk kept answering 5xx after the retries."""


class TransportError(ZendeskError):
    """No HTTP answer: timeout, connection reset, DNS failure."""
