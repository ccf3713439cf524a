"""Credentials from ZENDESK_* variables: parsing, errors, redaction."""

from __future__ import annotations

import base64

import pytest

from coach.errors import CredentialsError, ZendeskError
from coach.zendesk.auth import Credentials

TOKEN = "s3cr3tT0kenValue1234567890abcdef"
BASE = {"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_EMAIL": "agent@acme.test", "ZENDESK_API_TOKEN": TOKEN}


def creds(**env: str) -> Credentials:
    merged = {**BASE, **env}
    return Credentials.from_env({k: v for k, v in merged.items() if v is not None})


def test_api_token_from_subdomain():
    c = creds()
    assert (c.base_url, c.email, c.token, c.kind) == ("https://acme.zendesk.com", "agent@acme.test", TOKEN, "api_token")
    expected = base64.b64encode(f"agent@acme.test/token:{TOKEN}".encode()).decode()
    assert c.auth_header() == f"Basic {expected}"


def test_oauth_token_is_bearer():
    c = Credentials.from_env({"ZENDESK_SUBDOMAIN": "acme", "ZENDESK_OAUTH_TOKEN": TOKEN})
    assert c.kind == "oauth" and c.email is None
    assert c.auth_header() == f"Bearer {TOKEN}"


def test_values_are_stripped_and_other_variables_ignored():
    c = Credentials.from_env({"ZENDESK_SUBDOMAIN": " Acme\n", "ZENDESK_EMAIL": " agent@acme.test ", "ZENDESK_API_TOKEN": f"{TOKEN}\n", "HOME": "/x"})
    assert (c.base_url, c.email, c.token) == ("https://acme.zendesk.com", "agent@acme.test", TOKEN)


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"ZENDESK_SUBDOMAIN": ""}, ["ZENDESK_SUBDOMAIN", "ZENDESK_URL"]),
        ({"ZENDESK_EMAIL": ""}, ["ZENDESK_EMAIL"]),
        ({"ZENDESK_API_TOKEN": ""}, ["ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN"]),
        ({"ZENDESK_OAUTH_TOKEN": "other"}, ["ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN"]),
    ],
)
def test_missing_or_conflicting_variables_are_named(env, names):
    with pytest.raises(CredentialsError) as info:
        creds(**env)
    assert isinstance(info.value, ZendeskError)
    for name in names:
        assert name in str(info.value)
    assert TOKEN not in str(info.value)


def test_empty_environment():
    with pytest.raises(CredentialsError, match="ZENDESK_SUBDOMAIN"):
        Credentials.from_env({})


@pytest.mark.parametrize("sub", ["acme.zendesk.com", "https://acme", "ac me", "-acme", "acme-", "a_b", "x" * 64, "acme/..", "é"])
def test_subdomain_must_be_a_plain_label(sub):
    with pytest.raises(CredentialsError, match="ZENDESK_SUBDOMAIN"):
        creds(ZENDESK_SUBDOMAIN=sub)


@pytest.mark.parametrize("email", ["agent@acme.test/token", "not-an-email", "a b@acme.test"])
def test_bad_email(email):
    with pytest.raises(CredentialsError, match="ZENDESK_EMAIL"):
        creds(ZENDESK_EMAIL=email)


def test_token_with_inner_whitespace_is_refused_without_echo():
    with pytest.raises(CredentialsError) as info:
        creds(ZENDESK_API_TOKEN="abc def")
    assert "abc def" not in str(info.value)


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("https://support.example.com", "https://support.example.com"),
        ("https://ACME.zendesk.com/", "https://acme.zendesk.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost:5000/", "http://localhost:5000"),
        ("http://[::1]:9000", "http://[::1]:9000"),
    ],
)
def test_url_overrides_subdomain(url, base):
    assert creds(ZENDESK_URL=url).base_url == base


@pytest.mark.parametrize(
    "url",
    [
        "http://acme.zendesk.com",  # plain http off loopback
        "http://10.0.0.1:8080",
        "http://localhost.evil.test",
        "ftp://acme.zendesk.com",
        "acme.zendesk.com",
        "https://user:pw@acme.zendesk.com",
        "https://acme.zendesk.com/api/v2",
        "https://acme.zendesk.com/?x=1",
        "https://acme.zendesk.com:notaport",
    ],
)
def test_unsafe_or_malformed_url_refused(url):
    with pytest.raises(CredentialsError, match="ZENDESK_URL"):
        creds(ZENDESK_URL=url)


def test_repr_and_str_hide_the_token():
    c = creds()
    for text in (repr(c), str(c), f"{c}", repr([c])):
        assert TOKEN not in text
        assert "***" in text and "acme.zendesk.com" in text


def test_redact_token_and_basic_form():
    c = creds()
    basic = c.auth_header().removeprefix("Basic ")
    text = f"token={TOKEN} header=Authorization: Basic {basic} done"
    out = c.redact(text)
    assert TOKEN not in out and basic not in out
    assert out == "token=*** header=Authorization: Basic *** done"


def test_redact_oauth_and_url_encoded():
    c = Credentials("https://acme.zendesk.com", None, "a+b/c=", "oauth")
    assert c.redact("Bearer a+b/c= and a%2Bb%2Fc%3D") == "Bearer *** and ***"


def test_constructor_checks():
    with pytest.raises(CredentialsError):
        Credentials("https://acme.zendesk.com", None, TOKEN, "api_token")
    with pytest.raises(CredentialsError):
        Credentials("https://acme.zendesk.com", "a@b.c", TOKEN, "password")  # type: ignore[arg-type]
