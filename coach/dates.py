"""``--since`` values: an ISO date or datetime, or a span back from now (``90m``, ``24h``, ``7d``, ``2w``)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from coach.errors import InputError

_SPAN_RE = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$", re.I)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, now: datetime) -> datetime:
    """The moment ``value`` names, in UTC. InputError for anything else."""
    m = _SPAN_RE.match(value)
    if m:
        try:
            return now - timedelta(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
        except (OverflowError, ValueError):
            raise InputError(f"--since {value!r}: too far back") from None
    moment = parse_iso(value)
    if moment is None:
        raise InputError(f"--since {value!r}: use an ISO date (2026-11-01), a datetime, or a span like 90m (minutes), 24h, 7d, 2w")
    return moment


def parse_iso(value: str | None) -> datetime | None:
    """An ISO date or timestamp (``...Z``, an offset, or naive = UTC) in UTC; None when it is not one."""
    if not value or not str(value).strip():
        return None
    try:
        moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def zendesk_time(moment: datetime) -> str:
    """The form Zendesk search accepts for ``updated>=``: ``2026-11-01T09:30:00Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
