"""What a fix strategy reads: the current text, its findings and the reply's voice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from coach import regexcache
from coach.draft.clean import CleanDraft
from coach.model import Finding
from coach.check.revise.edits import Edit, Source
from coach.check.revise.voice import Voice
from coach.rules import Rule
from coach.draft.text import Segment, sentences

WORD = regexcache.compile(r"[\w'’-]+")


@dataclass
class Scene:
    """The current text and what strategies read from it."""

    draft: CleanDraft
    findings: tuple[Finding, ...]
    voice: Voice
    customer_name: str = ""  # when known (Zendesk's requester): an unfilled name field can be filled

    @property
    def text(self) -> str:
        return self.draft.plain

    @cached_property
    def sentences(self) -> list[Segment]:
        d = self.draft
        return sentences(d.judged, d.greeting_end, max(d.greeting_end, d.body_end))

    def sentence_at(self, pos: int) -> Segment | None:
        return next((s for s in self.sentences if s.start <= pos < s.end), None)


Strategy = Callable[[Scene, Finding, Rule], list[Edit]]


def scene_edit(scene: Scene, start: int, end: int, after: str, rule: Rule, source: Source = Source.STRATEGY, *, exact: bool = False) -> Edit:
    """An edit of ``scene``'s text for ``rule`` (what it replaces is read from the text)."""
    return Edit(start, end, after, rule.id, scene.text[start:end], source, exact)

