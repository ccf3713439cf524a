"""The values that flow through coach: context in, findings and a result out.

``Result.to_dict`` is the stable JSON contract documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from coach import __version__

SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
DIMENSIONS: tuple[str, ...] = ("direct", "empathetic", "follow_up", "readable")
SCORE_KEYS: tuple[str, ...] = ("overall", *DIMENSIONS)  # the keys of Result.scores
# The verdict of a draft in a language without a rule pack: nothing was judged.
UNCHECKED = "unchecked"
# The overall score a draft needs for the verdict "ready" (``ready_at`` in coach.toml).
DEFAULT_READY_AT = 75


@dataclass(frozen=True, slots=True)
class Context:
    """What is known about the ticket a draft answers (all optional)."""

    customer_name: str | None = None
    subject: str | None = None
    customer_message: str | None = None  # the message the draft answers, when known
    locale: str | None = None  # the customer's locale (Zendesk's requester locale), a hint for the draft's language


class Finding(NamedTuple):
    """One problem in a draft (a named tuple: cheap to build, and a draft may have many).

    ``start``/``end``/``line``/``column`` point into the original input (the
    HTML source for HTML drafts); ``span`` is the same place in the plain text
    the revision edits. ``suggestion`` is the replacement text ("" means
    delete), or None when the rule has no automatic fix.
    """

    rule: str
    dimension: str
    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int
    text: str
    suggestion: str | None = None
    span: tuple[int, int] = (0, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "dimension": self.dimension,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """One edit of the suggested revision, and the rule that asked for it."""

    rule: str
    before: str
    after: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A visible "[...]" prompt in the revision for what only the trainee knows (the next step,
    a time, the exact article), the rule that asked for it, and where it is in the revision."""

    rule: str
    text: str
    start: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "text": self.text, "start": self.start}


@dataclass(frozen=True, slots=True)
class Revision:
    """The suggested reply, the changes that produced it, and the placeholders still to fill."""

    text: str
    changes: tuple[Change, ...] = ()
    placeholders: tuple[Placeholder, ...] = ()

    @property
    def complete(self) -> bool:
        """True when nothing is left to fill in (a revision with a placeholder is never ready)."""
        return not self.placeholders

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "changes": [c.to_dict() for c in self.changes],
            "placeholders": [p.to_dict() for p in self.placeholders],
        }


@dataclass(frozen=True, slots=True)
class Result:
    """Everything ``coach check`` knows about one draft."""

    source: str
    verdict: str
    scores: dict[str, int]
    findings: tuple[Finding, ...]
    readability: dict[str, float | int]
    revision: Revision
    original: str = field(default="", repr=False)
    plain: str = field(default="", repr=False)
    lang: str = "en"  # the language the draft was checked in (or, when unchecked, detected)
    notice: str | None = None  # why a draft was not checked

    def to_dict(self) -> dict[str, Any]:
        out = {
            "version": __version__,
            "source": self.source,
            "lang": self.lang,
            "verdict": self.verdict,
            "scores": dict(self.scores),
            "findings": [f.to_dict() for f in self.findings],
            "readability": dict(self.readability),
            "revision": self.revision.to_dict(),
        }
        if self.notice is not None:
            out["notice"] = self.notice
        return out
