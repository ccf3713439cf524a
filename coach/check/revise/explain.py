"""A log or stack trace pasted for the customer is followed by a prompt to say what it means:
only the trainee knows what the error means for this customer (coach never edits the log)."""

from __future__ import annotations

from coach.model import Finding
from coach.check.revise.edits import Edit, Source
from coach.check.revise.placeholders import holds, prompt
from coach.check.revise.scene import Scene, scene_edit
from coach.rules import Rule


def explain_code(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """A paragraph with the prompt after the log's last line (once for the reply)."""
    if next(g for g in scene.findings if g.rule == f.rule) is not f:
        return []
    text = scene.text
    end = text.find("\n", f.span[1])
    end = len(text) if end < 0 else end
    if end > scene.draft.body_end or holds(text, "explain-code", 0, len(text), rule.lang):
        return []
    return [scene_edit(scene, end, end, "\n\n" + prompt("explain-code", rule.lang), rule, Source.PLACEHOLDER)]
