"""When to retry a Zendesk request, and how long to wait: pure functions, no I/O.

Rules (in the style of the stripe and slack SDKs):

* 429: any method; wait ``Retry-After`` when given, else back off.
  Zendesk did not process a rate-limited request, so even a write is safe.
* 500/502/503/504, timeouts and read errors: only for safe methods (GET, HEAD).
  A PUT may have landed: the caller re-reads the ticket and decides again.
* Connect errors (the request never left): any method.
* Exponential backoff with full jitter, capped at ``max_delay``; give up after
  ``max_attempts`` attempts or when the total wait would exceed ``budget``.
"""

from __future__ import annotations

import email.utils
import math
import time
from dataclasses import dataclass
from datetime import timezone

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES = frozenset({500, 502, 503, 504})

#: ``error`` values understood by :func:`retry_delay`.
CONNECT = "connect"  # no connection was made: the request was never sent
TIMEOUT = "timeout"  # sent, but no answer in time
READ = "read"  # sent, connection broke while waiting for or reading the answer


@dataclass(frozen=True)
class RetryPolicy:
    """Limits for retries: attempts in all, backoff base and cap, and seconds spent waiting.

    ``budget`` bounds the waiting for one request; ``run_budget`` the waiting of one
    client (a whole ``coach review`` run), so a rate-limited cron job ends instead of
    dragging on: what is left fails and the next run picks it up.
    """

    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    budget: float = 120.0
    run_budget: float = 600.0


def retry_delay(
    policy: RetryPolicy,
    *,
    attempt: int,
    method: str,
    status: int | None,
    error: str | None,
    retry_after: float | None,
    waited: float,
    rand: float,
) -> float | None:
    """Seconds to wait before the next attempt, or ``None`` to give up.

    ``attempt`` is the number of attempts made so far (1 after the first),
    ``waited`` the seconds already spent waiting, ``rand`` a number in [0, 1).
    """
    if attempt >= policy.max_attempts or not _retryable(method.upper(), status, error):
        return None
    if retry_after is not None and status in (429, 503):
        delay = max(0.0, retry_after)
    else:
        cap = min(policy.max_delay, policy.base_delay * 2 ** max(0, attempt - 1))
        delay = min(max(rand, 0.0), 1.0) * cap
    if waited + delay > policy.budget:
        return None
    return delay


def _retryable(method: str, status: int | None, error: str | None) -> bool:
    if status == 429 or error == CONNECT:
        return True
    if status in RETRY_STATUSES or error in (TIMEOUT, READ):
        return method in SAFE_METHODS
    return False


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP-date); ``None`` if absent or unreadable."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # "-0000": UTC, by RFC 5322
            when = when.replace(tzinfo=timezone.utc)
        seconds = when.timestamp() - (time.time() if now is None else now)
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)
