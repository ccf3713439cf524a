"""Kinds that look for words: existence, substitution, occurrence, required, signal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from coach.rules.kinds.base import Analysis, Compiled, Hit, any_match, body_matches, signature_matches
from coach.draft.text import Segment


def existence(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    """Each match in the body, the greeting line (``scope = "greeting"``), or both and the signature (``"all"``)."""
    replacement = params.get("replacement")
    where = params.get("scope", "body")
    names = where == "body"
    # the body on its own, so its tokens serve (a search from 0 would scan the whole text)
    found = [] if where == "greeting" else body_matches(params, compiled, analysis, names=names)
    if where != "body" and analysis.body_start > 0:
        found = body_matches(params, compiled, analysis, 0, analysis.body_start, names=False) + found
    if where == "all":
        found += signature_matches(params, compiled, analysis)
    hits = [Hit(m.start(), m.end(), replacement) for m in found]
    return stacked(hits, params.get("stack"), analysis)


def substitution(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    swap = compiled.swap
    hits = [
        Hit(m.start(), m.end(), swap.get(" ".join(m.group().lower().split())))
        for m in body_matches(params, compiled, analysis)
    ]
    return stacked(hits, params.get("stack"), analysis)


def occurrence(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    limit = params["max"]
    matches = body_matches(params, compiled, analysis)
    values = {"count": len(matches), "limit": limit}
    return [Hit(m.start(), m.end(), params.get("replacement"), values) for m in matches[limit:]]


def stacked(hits: list[Hit], stack: Mapping[str, Any] | None, analysis: Analysis) -> list[Hit]:
    """Hits with the ``stack`` severity where they pile up: ``sentence`` or more in one sentence,
    or ``draft`` or more in the whole draft (one hedge is a hint; a stack of them is a problem)."""
    if not stack or not hits:
        return hits
    severity = stack.get("severity", "warning")
    if len(hits) >= stack.get("draft", 1 << 30):
        return [h._replace(severity=severity) for h in hits]
    per_sentence = stack.get("sentence")
    if per_sentence is None:
        return hits
    where = [analysis.sentence_at(h.start) for h in hits]
    counts = Counter(s.start for s in where if s is not None)
    return [
        h._replace(severity=severity) if s is not None and counts[s.start] >= per_sentence else h
        for h, s in zip(hits, where)
    ]


def required(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    if not is_needed(params, compiled, analysis):
        return []
    segs = scope_sentences(params, analysis)
    if any_match(params, compiled, analysis, segs):
        return []
    scope = params["scope"]
    anchor = segs[0] if scope == "opening" else segs[-1]
    return [Hit(anchor.start, anchor.end, None, {"scope": scope})]


def satisfied(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> bool:
    """True when a ``required`` rule's act is present (what earns its ``credit``)."""
    segs = scope_sentences(params, analysis)
    return bool(segs) and any_match(params, compiled, analysis, segs)


def is_needed(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> bool:
    """Whether a ``required`` rule applies to this draft at all.

    Not for very short drafts when the customer's message is unknown (when it is known, it
    decides); not when the draft matches ``skip_if`` (a reply that closes a
    resolved thread needs no invitation); and, when the customer's message is known, not when
    it matches ``skip_if_customer`` (a thank-you) or fails ``needed_if_customer`` (a plain
    question needs no apology).
    """
    if not analysis.sentences:
        return False
    customer = analysis.customer
    if customer is None and analysis.body_words < params["min_words"]:
        return False  # without the customer's message, a very short note is not judged
    if compiled.search("skip_if", analysis.plain, analysis.body_start, analysis.body_end):
        return False
    if customer is None:
        return True
    if compiled.search("skip_if_customer", customer.text):
        return False
    if "needed_if_customer" in compiled.regexes:
        return compiled.search("needed_if_customer", customer.text)
    return True


def scope_sentences(params: Mapping[str, Any], analysis: Analysis) -> list[Segment]:
    n = params.get("sentences", 2)
    scope = params.get("scope", "body")
    if scope == "opening":
        return analysis.sentences[:n]
    if scope == "closing":
        return analysis.sentences[-n:]
    return analysis.sentences


def signal(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    """Matches that earn (or cost) their dimension ``credit`` points each; never a finding."""
    return [Hit(m.start(), m.end()) for m in body_matches(params, compiled, analysis)]
