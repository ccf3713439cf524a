"""Kinds that measure the draft's shape: sentence, paragraph and reply length, readability,
and where the answer stands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coach.rules.kinds.base import Analysis, Compiled, Hit, body_matches


def sentence_length(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    limit = params["max_words"]
    return [Hit(s.start, s.end, None, {"words": s.words, "limit": limit}) for s in analysis.sentences if s.words > limit]


def paragraph_length(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    max_words = params["max_words"]
    max_sentences = params.get("max_sentences")
    hits = []
    for p in analysis.paragraphs:
        if p.words <= max_words and max_sentences is None:
            continue
        n_sent = sum(1 for s in analysis.sentences if p.start <= s.start < p.end)
        if p.words > max_words or (max_sentences is not None and n_sent > max_sentences):
            hits.append(Hit(p.start, p.end, None, {"words": p.words, "sentences": n_sent, "limit": max_words}))
    return hits


def readability(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    if analysis.body_words < params["min_words"] or not analysis.sentences:
        return []
    value = analysis.readability.get(params["metric"])
    if value is None:  # a metric of another language
        return []
    lo, hi = params.get("min"), params.get("max")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        limit = lo if lo is not None and value < lo else hi
        return [Hit(analysis.sentences[0].start, analysis.sentences[-1].end, None, {"value": value, "limit": limit})]
    return []


def reply_length(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    """A reply of ``max_words`` words or fewer to a customer message of ``customer_min_words`` or more
    ("Done." to a long complaint). Needs the customer's message; silent without it."""
    customer = analysis.customer
    if customer is None or customer.word_count < params["customer_min_words"]:
        return []
    if analysis.body_words > params["max_words"] or not analysis.sentences:
        return []
    if compiled.search("skip_if_customer", customer.text):
        return []
    first, last = analysis.sentences[0], analysis.sentences[-1]
    return [Hit(first.start, last.end, None, {"words": analysis.body_words, "customer_words": customer.word_count})]


def buried_answer(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    """The answer (a phrase or pattern such as "So yes, ...") comes after more than
    ``max_words_before`` words of background."""
    matches = body_matches(params, compiled, analysis)
    if not matches:
        return []
    first = matches[0]
    before = analysis.words_before(first.start())
    if before <= params["max_words_before"]:
        return []
    s = analysis.sentence_at(first.start())
    start, end = (s.start, s.end) if s else first.span()
    return [Hit(start, end, None, {"words": before, "limit": params["max_words_before"]})]
