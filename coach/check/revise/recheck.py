"""Do no harm: every revision is checked again, and an edit that makes it worse is dropped.

Worse means a rule fires more often than before the edits (a new rule, or more of one), or a
slip appears (a doubled word, "a"/"an" before the wrong sound, a space before punctuation, a
lowercase sentence start, a repeated sentence), or a sentence loses its verb.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from coach import regexcache
from coach.draft.clean import CleanDraft, clean
from coach.check.engine import evaluate
from coach.model import Context, Finding
from coach.check.revise.edits import Edit, apply, without_overlaps
from coach.check.revise.placeholders import masked
from coach.check.revise.slips import Slip, slips
from coach.rules import RuleSet
from coach.draft.text import sentences


@dataclass(frozen=True)
class Look:
    """A text as the engine sees it: cleaned, its findings, and what a later edit must not add."""

    draft: CleanDraft
    findings: tuple[Finding, ...]
    counts: Counter[str]
    slips: Counter[Slip]

    def worse(self, other: Look, tolerate: frozenset[str] = frozenset(), floor: Counter[str] | None = None) -> bool:
        """Whether ``other`` (a later revision) has a finding or a slip this text had not
        (``tolerate``: rules that may count more, as a long sentence split into two long ones;
        ``floor``: counts a rule may come back up to, as the draft's own)."""
        floor = floor or Counter()
        if any(n > max(self.counts[rule], floor[rule]) for rule, n in other.counts.items() if rule not in tolerate):
            return True
        return bool(other.slips - self.slips)


class Rechecker:
    """Runs the engine on revisions, with the draft's rules, context and protected terms."""

    def __init__(self, rules: RuleSet, context: Context, protected: tuple[str, ...]) -> None:
        self.rules = rules
        self.context = context
        self.protected = protected
        # A required rule may fire again as often as it did on the draft: whether it applies at
        # all can turn on the reply's length (``min_words``), which the edits change.
        self.floor: Counter[str] = Counter()

    def look(self, text: str, draft: CleanDraft | None = None, findings: tuple[Finding, ...] | None = None) -> Look:
        """``text`` cleaned and checked (the draft and findings as given, when already known)."""
        if draft is None:
            draft = masked(clean(text, html=False, protected=self.protected))
        if findings is None:
            findings = evaluate(draft, self.rules, context=self.context, findings_only=True).findings
        body = draft.judged[draft.greeting_end : max(draft.greeting_end, draft.body_end)]
        found = slips(body, self.rules.lang)
        if self.rules.lang == "en":  # the verb list is English
            found.update(Slip("verbless-sentence", "") for _ in range(verbless(body)))
        return Look(draft, findings, Counter(f.rule for f in findings), found)

    def select(self, current: Look, edits: list[Edit], tolerate: frozenset[str] = frozenset()) -> tuple[list[Edit], Look]:
        """The edits that do no harm together, and the text they make (all of them when they can)."""
        candidates = without_overlaps(edits)
        if not candidates:
            return [], current
        text = current.draft.plain
        trial = self.look(apply(text, candidates))
        if not current.worse(trial, tolerate, self.floor):
            return candidates, trial
        groups = _groups(candidates)
        if len(groups) == 1:
            return [], current
        mid = len(groups) // 2
        kept, first = self._harmless(current, text, [], groups[:mid], tolerate)
        kept, second = self._harmless(current, text, kept, groups[mid:], tolerate)
        return kept, second or first or current

    def _harmless(
        self, current: Look, text: str, kept: list[Edit], groups: list[list[Edit]], tolerate: frozenset[str]
    ) -> tuple[list[Edit], Look | None]:
        """``kept`` plus the groups that do no harm with it, found by halving: a batch that does no
        harm costs one check, so a draft with one bad edit among many needs few (None: none added)."""
        trial = without_overlaps(kept + [e for g in groups for e in g])
        attempt = self.look(apply(text, trial))
        if not current.worse(attempt, tolerate, self.floor):
            return trial, attempt
        if len(groups) == 1:
            return kept, None
        mid = len(groups) // 2
        kept, first = self._harmless(current, text, kept, groups[:mid], tolerate)
        kept, second = self._harmless(current, text, kept, groups[mid:], tolerate)
        return kept, second or first


def _groups(edits: list[Edit]) -> list[list[Edit]]:
    """Edits that belong together (one rule's edits of one sentence: a list of steps, a
    placeholder and the word it replaces) are tried together; other edits one by one."""
    groups: dict[tuple[str, int], list[Edit]] = {}
    order: list[tuple[str, int]] = []
    for e in edits:
        key = (e.rule, e.group) if e.group >= 0 else (e.rule, -1 - len(order))
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(e)
    return [groups[k] for k in order]


_VERBISH = regexcache.compile(
    r"(?i)\b(?:am|is|are|was|were|be|been|being|do|does|did|done|have|has|had|can|could|will|would|shall|should|may|might|must"
    r"|need|needs|let|get|gets|got|go|goes|went|see|sees|make|makes|made|take|takes|took|give|gives|gave|keep|send|sent|use"
    r"|uses|work|works|try|help|helps|know|want|say|says|said|find|found|show|shows|click|open|pick|choose|add|remove|pay"
    r"|cost|costs|come|comes|stay|stays|run|runs|look|looks|feel|feels|hope|thank|thanks|apologi[sz]e|appreciate|understand"
    r"|sorry|welcome|please|congratulations"
    r"|\w+(?:ed|ing|[^s\W]s|['’](?:s|re|ve|ll|d|m)|n['’]t))\b"
)


def verbless(body: str) -> int:
    """How many sentences of four or more words have no verb (a rough count, for comparing: any
    word ending in -s, -ed or -ing passes, so it misses more than it finds)."""
    return sum(
        1
        for s in sentences(body)
        if s.words >= 4 and not _VERBISH.search(body, s.start, s.end) and not body[s.start : s.end].lstrip().startswith("[")
    )
