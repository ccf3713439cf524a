"""retry_delay and parse_retry_after: table-driven."""

from __future__ import annotations

import email.utils

import pytest

from coach.zendesk.retry import (
    CONNECT,
    READ,
    TIMEOUT,
    RetryPolicy,
    parse_retry_after,
    retry_delay,
)

P = RetryPolicy()  # 5 attempts, base 0.5 s, cap 30 s, budget 120 s


def delay(*, attempt=1, method="GET", status=None, error=None, retry_after=None, waited=0.0, rand=0.5, policy=P):
    return retry_delay(policy, attempt=attempt, method=method, status=status, error=error, retry_after=retry_after, waited=waited, rand=rand)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # 429: any method; Retry-After wins over backoff
        ({"status": 429, "retry_after": 7.0}, 7.0),
        ({"status": 429, "retry_after": 7.0, "method": "PUT"}, 7.0),
        ({"status": 429, "retry_after": 0.0}, 0.0),
        ({"status": 429}, 0.25),  # backoff: 0.5 * 2**0 * rand
        ({"status": 429, "method": "PUT", "attempt": 3}, 1.0),  # 0.5 * 2**2 * 0.5
        # 5xx: GET yes, PUT no
        ({"status": 503}, 0.25),
        ({"status": 500, "method": "HEAD"}, 0.25),
        ({"status": 502, "attempt": 2}, 0.5),
        ({"status": 504, "method": "get"}, 0.25),
        ({"status": 503, "retry_after": 4.0}, 4.0),
        ({"status": 503, "method": "PUT"}, None),
        ({"status": 500, "method": "POST"}, None),
        ({"status": 503, "method": "PUT", "retry_after": 1.0}, None),
        # not retried at all
        ({"status": 501}, None),
        ({"status": 400}, None),
        ({"status": 404}, None),
        ({"status": 409, "method": "PUT"}, None),
        ({"status": 422, "method": "PUT"}, None),
        # transport errors
        ({"error": TIMEOUT}, 0.25),
        ({"error": READ}, 0.25),
        ({"error": TIMEOUT, "method": "PUT"}, None),
        ({"error": READ, "method": "PUT"}, None),
        ({"error": CONNECT, "method": "PUT"}, 0.25),
        ({"error": CONNECT}, 0.25),
        ({"error": "something else"}, None),
        # limits
        ({"status": 429, "attempt": 5}, None),  # max attempts reached
        ({"status": 503, "attempt": 4}, 2.0),  # last retry allowed
        ({"status": 429, "retry_after": 30.0, "waited": 100.0}, None),  # budget exceeded
        ({"status": 429, "retry_after": 20.0, "waited": 100.0}, 20.0),  # exactly at budget
        ({"status": 429, "retry_after": 200.0}, None),  # longer than the whole budget
        ({"status": 503, "attempt": 4, "rand": 0.99, "waited": 118.5}, None),  # 0.5*8*0.99 = 3.96 > 1.5 left
    ],
)
def test_retry_delay_table(kwargs, expected):
    got = delay(**kwargs)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_backoff_is_capped():
    policy = RetryPolicy(max_attempts=50, max_delay=30.0, budget=10_000)
    assert delay(status=503, attempt=20, rand=0.999999, policy=policy) == pytest.approx(30.0, abs=1e-3)


@pytest.mark.parametrize("attempt", [1, 2, 3, 4])
@pytest.mark.parametrize("rand", [0.0, 0.001, 0.5, 0.999999])
def test_full_jitter_bounds(attempt, rand):
    cap = min(P.max_delay, P.base_delay * 2 ** (attempt - 1))
    got = delay(status=503, attempt=attempt, rand=rand)
    assert 0.0 <= got < cap or (rand == 0.0 and got == 0.0)
    assert got == pytest.approx(rand * cap)


def test_policy_is_frozen_with_defaults():
    assert (P.max_attempts, P.base_delay, P.max_delay, P.budget) == (5, 0.5, 30.0, 120.0)
    with pytest.raises(AttributeError):
        P.max_attempts = 3  # type: ignore[misc]


NOW = 1_700_000_000.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5.0),
        (" 12 ", 12.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("-3", 0.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("nan", None),
        ("inf", None),
        (email.utils.formatdate(NOW + 30, usegmt=True), 30.0),
        (email.utils.formatdate(NOW - 30, usegmt=True), 0.0),
        (email.utils.formatdate(NOW + 90), 90.0),  # "-0000" zone: naive, read as UTC
        ("Wed, 32 Foo 2015 07:28:00 GMT", None),
    ],
)
def test_parse_retry_after(value, expected):
    got = parse_retry_after(value, now=NOW)
    assert got == pytest.approx(expected) if expected is not None else got is None
