"""Talking to Zendesk: credentials, the retry policy and the API client."""

from coach.zendesk.auth import Credentials
from coach.zendesk.client import ZendeskClient
from coach.zendesk.retry import RetryPolicy, parse_retry_after, retry_delay

__all__ = ["Credentials", "RetryPolicy", "ZendeskClient", "parse_retry_after", "retry_delay"]
