"""Kinds for technical text a customer may not follow: jargon density and unexplained logs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from coach import regexcache
from coach.rules.kinds.base import Analysis, Compiled, Hit, body_matches
from coach.draft.text import Segment

# Shapes of a technical term, each a reason a lead would give:
_TECHNICAL = regexcache.compile(
    r"(?<![\w./-])(?:"  # (after an apostrophe too: Italian "dell'OLT")
    r"[A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]+)?s?(?![a-z])"  # an acronym or code: DSLAM, CRC, EU261, PNR, 2FA
    r"|[A-Z0-9]{2,}(?:_[A-Z0-9]+)+"  # a constant: EXCEPTION_ACCESS_VIOLATION, ERR_WEBHOOK_REG
    r"|[a-z0-9]+(?:_[a-z0-9]+)+"  # an identifier: cost_center_id
    r"|[a-z]+[A-Z][A-Za-z0-9]*"  # camelCase: getLocale (names such as iPhone go in `exceptions`)
    r"|[A-Z][a-z]+[A-Z][A-Za-z0-9]*"  # inner capitals: SameSite, NullPointer
    r"|[A-Z]{2}[a-z]+"  # OAuth
    r"|\w+(?:Error|Exception)"  # an error class: TypeError
    r"|0x[0-9A-Fa-f]{4,}"  # an address: 0x00007FF6
    r"|(?:/[\w.-]+){2,}/?"  # a path: /var/log/app
    r"|[A-Za-z]:\\[\w\\.-]+"  # a Windows path
    r")(?![\w'’-])"
)
# A reference the customer needs to quote (booking, order, flight or case number): letters and
# digits mixed, six characters or more ("HX7Q2L", "CXL-20931", "TP1351"); not jargon.
_REFERENCE = regexcache.compile(r"(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)*")
# Three or more words in capitals: shouting, which the shouting rule judges, not jargon.
_SHOUTED_SENTENCE = regexcache.compile(r"[A-Z]{3,}(?:\W+[A-Z]{2,}){2,}")


def technical_terms(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> dict[Segment, list[re.Match[str]]]:
    """The technical terms a customer would not know, by sentence (one pass over the body)."""
    allow: frozenset[str] = compiled.exceptions
    known = analysis.customer.words if analysis.customer is not None else frozenset()
    text = analysis.judged
    by_sentence: dict[Segment, list[re.Match[str]]] = {}
    shapes = _TECHNICAL.finditer(text, analysis.body_start, analysis.body_end)
    for m in [*shapes, *body_matches(params, compiled, analysis)]:  # shapes, then the pack's own phrases
        s = analysis.sentence_at(m.start())
        term = m.group()
        if s is None or term.lower() in known or not _unknown(term, allow, known, text, m, s):
            continue
        by_sentence.setdefault(s, []).append(m)
    # capitals for emphasis are the shouting rule's business, not jargon
    return {s: t for s, t in by_sentence.items() if not _SHOUTED_SENTENCE.search(text, s.start, s.end)}


def _unknown(term: str, allow: frozenset[str], known: frozenset[str], text: str, m: re.Match[str], s: Segment) -> bool:
    """A shape of a technical term that is not one everyone knows, not the customer's, not
    explained beside it, and not a reference code the customer has to quote."""
    key = term.lower().rstrip("s") if term.isupper() else term.lower()
    if term in allow or key in allow or key in known or _explained(text, m, s):
        return False
    return not (len(term) >= 6 and _REFERENCE.fullmatch(term))


def _explained(text: str, m: re.Match[str], s: Segment) -> bool:
    """An acronym with its meaning in brackets beside it: "PNR (booking reference)",
    "booking reference (PNR)"."""
    after = text[m.end() : min(s.end, m.end() + 3)]
    before = text[max(s.start, m.start() - 2) : m.start()]
    return after.lstrip().startswith("(") or before.endswith("(")


def jargon(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    """Sentences with ``max_per_sentence`` or more technical terms, or a draft with ``max_per_draft``
    or more, for a customer who did not write technically (``technical_customer`` says who did)."""
    customer = analysis.customer
    if customer is not None and compiled.search("technical_customer", customer.text):
        return []
    per_sentence = technical_terms(params, compiled, analysis)
    total = sum(len(t) for t in per_sentence.values())
    hits = []
    for s, terms in sorted(per_sentence.items()):
        if len(terms) >= params["max_per_sentence"] or total >= params["max_per_draft"]:
            shown = ", ".join(dict.fromkeys(m.group() for m in terms))
            hits.append(Hit(s.start, s.end, None, {"terms": shown, "count": len(terms)}))
    return hits


def unexplained_code(params: Mapping[str, Any], compiled: Compiled, analysis: Analysis) -> list[Hit]:
    """A pasted log or stack trace (a code region matching ``patterns``) with no sentence that says,
    in plain words, what it means (``explained_by``)."""
    logs = list(_log_regions(compiled, analysis))
    if not logs:
        return []
    body = (analysis.body_start, analysis.body_end)
    if compiled.search("explained_by", analysis.judged, *body):
        return []
    return [Hit(start, end, None, {}) for start, end in logs]


def _log_regions(compiled: Compiled, analysis: Analysis) -> Iterator[tuple[int, int]]:
    if compiled.matcher is None:
        return
    for r in analysis.regions:
        if r.reason != "code" or r.end <= analysis.body_start:
            continue
        if any(p.rx.search(analysis.plain, r.start, r.end) for p in compiled.matcher.patterns):
            yield r.start, r.end
