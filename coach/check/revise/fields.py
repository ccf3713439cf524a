"""Unfilled macro fields ("{{ticket.requester.first_name}}", "[REFUND_REASON]", "<customer name>"):
the customer's name where coach knows it and the field asks for it, else a prompt to fill it in."""

from __future__ import annotations

from coach import regexcache
from coach.check.revise.edits import Edit
from coach.check.revise.placeholders import prompt
from coach.check.revise.scene import Scene, scene_edit
from coach.model import Finding
from coach.rules import Rule

# A field that asks for the customer's name (not the agent's, the order's or the company's).
_NAME_FIELD = regexcache.compile(
    r"(?i)^(?:ticket[._ ])?(?:requester|customer|client|user|recipient|kunde|kundin|cliente)?[._ ]?"
    r"(?P<first>first[._ ]?name|firstname|vorname)?(?P<full>(?:full[._ ]?)?name|nome)?$"
)


def fill_field(scene: Scene, f: Finding, rule: Rule) -> list[Edit]:
    """The field replaced by the customer's name (first name when it asks for that) or a prompt."""
    start, end = f.span
    inner = scene.text[start:end].strip("{}[]<>% \t").strip()
    m = _NAME_FIELD.match(inner)
    if m is None or not (m.group("first") or m.group("full")):
        return [scene_edit(scene, start, end, prompt("field", rule.lang), rule)]
    name = scene.customer_name
    if not name:  # short, so "Hi [customer's name]," still reads as a greeting
        return [scene_edit(scene, start, end, prompt("name-field", rule.lang), rule)]
    return [scene_edit(scene, start, end, name.split()[0] if m.group("first") else name, rule)]
