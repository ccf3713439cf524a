"""The closed set of rule kinds: what each kind's parameters are and how it matches.

A kind is a parameter schema plus a pure matcher ``(params, compiled, analysis) -> [hits]``.
Adding a rule never needs code; adding a *kind* is a change here and in the README.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from coach.rules.kinds import phrases, shape, technical
from coach.rules.kinds.base import Analysis, Compiled, Customer, Hit, Region, join_patterns
from coach.rules.matcher import Matcher

__all__ = ["KINDS", "Analysis", "Compiled", "Customer", "Hit", "Kind", "Param", "Region", "compile_rule"]

METRICS = (
    "flesch_reading_ease", "flesch_kincaid_grade",  # English
    "amstad_reading_ease", "wiener_sachtextformel",  # German
    "gulpease", "flesch_vacca",  # Italian
)
SCOPES = ("opening", "closing", "body")
MATCH_SCOPES = ("body", "greeting", "all")  # where an existence rule looks: "all" adds the greeting line and signature
STACK_KEYS = {"sentence": int, "draft": int, "severity": str}
# The restructuring fixes a rule may ask the revision for (``fix = "..."``; coach/check/revise/strategies.py).
FIXES = ("sentence-case", "split-sentence", "paragraphs", "steps", "plain-statement", "neutral-account",
         "lead-with-can", "exact-answer", "when", "next-step", "own-words", "owner-and-time", "cut-opener",
         "plain-words", "impact-first", "fill-field", "one-apology", "drop-closing", "cut-verdict", "explain-code", "explain-again")


@dataclass(frozen=True)
class Param:
    """One parameter of a kind: its type name, whether it is required, its default."""

    type: str  # "strings" | "regexes" | "swap" | "str" | "int" | "number" | "bool" | "stack"
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()


Matcher_ = Callable[[Mapping[str, Any], Compiled, Analysis], list[Hit]]


@dataclass(frozen=True)
class Kind:
    """A rule kind: its parameters, a check across parameters, and its matcher."""

    name: str
    params: Mapping[str, Param]
    match: Matcher_
    one_of: tuple[str, ...] = ()  # at least one of these parameters must be given
    fixable: bool = False  # whether its hits can carry a suggestion
    finds: bool = True  # False for a kind whose hits only move the score (signal)


_WORDS = {
    "phrases": Param("strings", default=[]),
    "patterns": Param("regexes", default=[]),
    "case": Param("bool", default=False),
    "exceptions": Param("strings", default=[]),
    "unless": Param("regexes", default=[]),
}
_STACK = {"stack": Param("stack")}

KINDS: dict[str, Kind] = {
    k.name: replace(k, params={**k.params, "fix": Param("str", choices=FIXES)})
    for k in (
        Kind(
            "existence",
            {**_WORDS, **_STACK, "replacement": Param("str"), "scope": Param("str", default="body", choices=MATCH_SCOPES)},
            phrases.existence,
            ("phrases", "patterns"),
            True,
        ),
        Kind(
            "substitution",
            {"swap": Param("swap", required=True), "case": Param("bool", default=False),
             "exceptions": Param("strings", default=[]), "unless": Param("regexes", default=[]), **_STACK},
            phrases.substitution,
            fixable=True,
        ),
        Kind("occurrence", {**_WORDS, "max": Param("int", required=True), "replacement": Param("str")},
             phrases.occurrence, ("phrases", "patterns"), True),
        Kind(
            "required",
            {
                **_WORDS,
                "scope": Param("str", default="body", choices=SCOPES),
                "sentences": Param("int", default=2),
                "min_words": Param("int", default=0),
                "template": Param("str"),
                "skip_if": Param("regexes", default=[]),
                "skip_if_customer": Param("regexes", default=[]),
                "needed_if_customer": Param("regexes", default=[]),
                "credit": Param("int", default=0),
            },
            phrases.required,
            ("phrases", "patterns"),
        ),
        Kind("signal", {**_WORDS, "credit": Param("number", required=True), "max_credit": Param("number", default=10)},
             phrases.signal, ("phrases", "patterns"), finds=False),
        Kind("sentence_length", {"max_words": Param("int", default=25)}, shape.sentence_length),
        Kind("paragraph_length", {"max_words": Param("int", default=120), "max_sentences": Param("int")},
             shape.paragraph_length),
        Kind(
            "readability",
            {"metric": Param("str", required=True, choices=METRICS), "min": Param("number"), "max": Param("number"),
             "min_words": Param("int", default=40)},
            shape.readability,
            ("min", "max"),
        ),
        Kind(
            "reply_length",
            {"max_words": Param("int", required=True), "customer_min_words": Param("int", required=True),
             "skip_if_customer": Param("regexes", default=[])},
            shape.reply_length,
        ),
        Kind("buried_answer", {**_WORDS, "max_words_before": Param("int", default=60)}, shape.buried_answer,
             ("phrases", "patterns")),
        Kind(
            "jargon",
            {**_WORDS, "max_per_sentence": Param("int", default=3), "max_per_draft": Param("int", default=5),
             "technical_customer": Param("regexes", default=[])},
            technical.jargon,
        ),
        Kind(
            "unexplained_code",
            {"patterns": Param("regexes", required=True), "explained_by": Param("regexes", default=[])},
            technical.unexplained_code,
        ),
    )
}


def compile_rule(kind: Kind, params: Mapping[str, Any]) -> Compiled:
    """The compiled search objects of a rule with these (validated) parameters."""
    case = bool(params.get("case", False))
    swap: dict[str, str] = {}
    matcher = None
    if kind.name == "substitution":
        swap = {" ".join(k.lower().split()): v for k, v in params["swap"].items()}
        matcher = Matcher(list(params["swap"]), [], case)
    elif "patterns" in kind.params:
        matcher = Matcher(params.get("phrases", []), params.get("patterns", []), case)
    regexes = {
        name: join_patterns(params[name])
        for name, spec in kind.params.items()
        if spec.type == "regexes" and name != "patterns" and params.get(name)
    }
    return Compiled(matcher, swap, frozenset(params.get("exceptions", ())), regexes)
