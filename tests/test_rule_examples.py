"""Every shipped rule proves itself on its own examples.

Each rule file under ``rules/`` carries ``[examples] good = [...]`` and
``bad = [...]``. Run alone (a RuleSet holding just that rule), every bad example
must raise at least one finding of the rule and every good one none. Where a
rule can fix what it finds, the suggested revision must no longer raise it, and
revising the revision must change nothing.

The rule files are discovered at collection time, so a new rule is tested as
soon as its file exists (ids look like ``en/empathetic.blame:bad[0]``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coach.check.checker import run_alone
from coach.draft.clean import clean
from coach.check.engine import evaluate
from coach.model import Context, Finding
from coach.check.revise import _template_vars, revise
from coach.rules import Example, Pack, Rule, RuleSet, load_pack, select
from coach.templates import Templates

RULES_ROOT = Path(__file__).resolve().parents[1] / "rules"
PACKS: list[Pack] = [load_pack(d) for d in sorted(RULES_ROOT.iterdir()) if d.is_dir()]
RULES: list[tuple[str, Rule]] = [(Path(p.path).name, r) for p in PACKS for r in p.rules]
TEMPLATES = Templates()
RENDER = TEMPLATES.render_revision


def _alone(rule: Rule) -> RuleSet:
    return RuleSet(lang=rule.lang, rules=(replace(rule, enabled=True),))


_findings = run_alone  # the same check `coach rules --check` runs on any pack


def _show(findings: list[Finding]) -> str:
    return "; ".join(f"{f.text!r} -> {f.suggestion!r}" for f in findings) or "(none)"


def _example_params() -> list[object]:
    params = []
    for folder, rule in RULES:
        for which in ("bad", "good"):
            for i, example in enumerate(getattr(rule, which)):
                params.append(pytest.param(rule, which, example, id=f"{folder}/{rule.id}:{which}[{i}]"))
    return params


def _fixable(rule: Rule) -> bool:
    if rule.kind == "substitution":
        return True
    if rule.kind in ("existence", "occurrence"):
        return rule.params.get("replacement") is not None
    return bool(rule.template)


def _revision_params() -> list[object]:
    return [
        pytest.param(rule, example, id=f"{folder}/{rule.id}:bad[{i}]")
        for folder, rule in RULES
        if _fixable(rule)
        for i, example in enumerate(rule.bad)
    ]


@pytest.mark.parametrize(("rule", "which", "example"), _example_params())
def test_rule_example(rule: Rule, which: str, example: Example) -> None:
    found = _findings(rule, example)
    if which == "bad":
        assert found, f"{rule.id} should flag its bad example: {example.text!r}"
    else:
        assert not found, f"{rule.id} flags its good example {example.text!r}: {_show(found)}"


@pytest.mark.parametrize(("folder", "rule"), [pytest.param(f, r, id=f"{f}/{r.id}") for f, r in RULES])
def test_rule_is_documented(folder: str, rule: Rule) -> None:
    assert len(rule.good) >= 2, "add at least two good examples"
    assert len(rule.bad) >= 2, "add at least two bad examples"
    assert len(set(rule.good)) == len(rule.good) and len(set(rule.bad)) == len(rule.bad), "duplicate examples"
    assert rule.why.strip() and len(rule.why.split()) >= 15, "explain why, for a trainee"
    assert rule.message.strip()
    assert rule.id.split(".")[0] == rule.dimension, "rule ids start with their dimension"
    if rule.template:
        assert TEMPLATES.exists(f"revision/{rule.template}.txt.j2"), f"missing template {rule.template!r}"


@pytest.mark.parametrize(("rule", "example"), _revision_params())
def test_revision_fixes_and_is_idempotent(rule: Rule, example: Example) -> None:
    rules = _alone(rule)
    text, context = example.text, Context(customer_message=example.customer)
    draft = clean(text)
    findings = evaluate(draft, rules, context=context).findings
    fixable = [f for f in findings if f.suggestion is not None or rule.template]
    assert fixable, f"{rule.id} found nothing fixable in {text!r}"
    revised = revise(draft, findings, rules, RENDER, context).text
    assert revised != draft.plain

    again = clean(revised)
    left = evaluate(again, rules, context=context).findings
    assert not left, f"{rule.id} still flags its own revision {revised!r}: {_show(list(left))}"
    assert revise(again, left, rules, RENDER, context).text == revised, "revising the revision changed it"


# --------------------------------------------------------------------------- templates

CONTEXTS = [
    Context(),
    Context(customer_name="Priya Raman", subject="Invoice charged twice"),
    Context(customer_name="Sam", subject="Re: Fwd: export to CSV not working"),
    Context(customer_name="Alex Smith", subject="URGENT!!! NOTHING WORKS"),
    Context(customer_name="Jo", subject="Can I change my plan?"),
]


def _template_rules() -> list[object]:
    return [pytest.param(r, id=f"{f}/{r.id}") for f, r in RULES if r.template]


@pytest.mark.parametrize("rule", _template_rules())
@pytest.mark.parametrize("has_greeting", [False, True])
@pytest.mark.parametrize("context", CONTEXTS, ids=lambda c: c.subject or "no-subject")
def test_template_satisfies_its_rule_and_trips_no_other(rule: Rule, context: Context, has_greeting: bool) -> None:
    # the variables revise() really passes, for a draft with or without a greeting line
    draft = clean("Hi there,\n\nYour refund is on its way." if has_greeting else "Your refund is on its way.")
    variables = _template_vars(draft, context)
    assert variables["has_greeting"] is has_greeting
    text = " ".join(RENDER(rule.template, variables).split())  # type: ignore[arg-type]
    assert text
    assert rule.compiled.matcher.search(text), f"{rule.template!r} renders {text!r}, which {rule.id} would not accept"
    everything = select(PACKS, lang=rule.lang, enable=[r.id for p in PACKS if p.lang == rule.lang for r in p.rules])
    tripped = [f for f in evaluate(clean(text), everything).findings]
    assert not tripped, f"{text!r} trips {_show(tripped)} ({[f.rule for f in tripped]})"


# --------------------------------------------------------------------------- the whole pack on real drafts

SEASONED = """\
Hi Priya,

Thanks for the screenshots, they made this quick to track down. I'm sorry you were charged twice this month.

The second charge came from the five seats added on the 8th. Our system billed them as a new plan instead of adding them to your existing one. I've refunded that charge in full, and it should reach your card within 5 business days.

I've also merged the seats into your main plan, so from next month you'll get a single invoice. Both corrected invoices are attached for your finance team.

Let me know if the refund hasn't arrived by next Friday.

Best,
Sam
"""

SEASONED_TECHNICAL = """\
Hi Marco,

Sorry the calendar sync stopped right before your team's planning week. That's a frustrating time for it to break.

The sync stopped on Tuesday, when the password on the Google account changed. Our app kept using the old password, so Google blocked it. Nothing was deleted, and all your events are safe in Google.

To reconnect:
1. Open Settings > Integrations.
2. Click Disconnect next to Google Calendar.
3. Click Connect and sign in with the new password.

The events from this week will show up within a few minutes. Does that bring everything back?

Thanks,
Dana
"""

SEASONED_HTML = (
    "<p>Hi Priya,</p><p>Thanks for the screenshots, they made this quick to track down. I'm sorry you were"
    " charged twice this month.</p><p>I've refunded the second charge in full, and it should reach your card"
    " within 5 business days. To download the corrected invoice:</p><ol><li>Open <b>Settings &gt; Billing</b>."
    "</li><li>Click <i>Invoices</i>.</li></ol><p>Let me know if the refund hasn't arrived by next Friday.</p>"
    "<p>Best,<br>Sam</p><blockquote>On Monday Priya wrote: WHY WAS I CHARGED TWICE!!! You obviously don't care."
    " Unfortunately I will have to cancel.</blockquote>"
)

# The customer's own words, quoted below the reply, are never judged as the agent's.
SEASONED_WITH_HISTORY = """\
Hi Priya,

Thanks for your patience, and I'm sorry you were charged twice this month. I've refunded the second charge in full, and it should reach your card within 5 business days.

Let me know if the refund hasn't arrived by next Friday.

Best,
Sam

On Mon, 3 Jun 2024 at 10:02, Priya Raman <priya@example.com> wrote:
> WHY WAS I CHARGED TWICE!!! You obviously don't care.
> Unfortunately I will have to cancel. As I said, I think you should have told me.
"""

POOR = """\
Hello,

Please be advised that as I mentioned in my previous email, you should have read the documentation before upgrading. Unfortunately, we cannot reverse the upgrade at this point in time due to the fact that it is against our policy!! It's easy to do this right, you simply need to follow the steps in our documentation, which obviously explains everything that you need to know in order to complete the migration successfully and I think that maybe it would be worth reading it again. PLEASE DO NOT contact us again about this!!! We apologize for any inconvenience this may have caused. Sorry! Sorry again!

Regards,
Support Team
"""


def _pack_rules() -> RuleSet:
    return select(PACKS, lang="en")


@pytest.mark.parametrize(
    "text",
    [SEASONED, SEASONED_TECHNICAL, SEASONED_HTML, SEASONED_WITH_HISTORY],
    ids=["billing", "technical", "html", "with-history"],
)
def test_seasoned_reply_is_ready(text: str) -> None:
    evaluation = evaluate(clean(text), _pack_rules())
    assert not evaluation.findings, _show(list(evaluation.findings)) + str([f.rule for f in evaluation.findings])
    assert evaluation.verdict == "ready"


def test_poor_reply_gets_many_findings() -> None:
    rules = _pack_rules()
    draft = clean(POOR)
    evaluation = evaluate(draft, rules)
    flagged = {f.rule for f in evaluation.findings}
    assert evaluation.verdict == "revise"
    for rule_id in (
        "direct.filler", "empathetic.dismissive", "empathetic.blame", "empathetic.negative-framing",
        "empathetic.exclamation", "empathetic.exclamation-run", "empathetic.condescending",
        "direct.hedging", "empathetic.shouting", "empathetic.acknowledge", "follow_up.invitation",
        "readable.sentence-length", "readable.wall-of-text", "direct.deflection", "direct.next-step",
        "empathetic.over-apology",
    ):
        assert rule_id in flagged, f"{rule_id} missed the poor draft"
    assert len(evaluation.findings) >= 20
    assert evaluation.scores["overall"] < 50


@pytest.mark.parametrize("text", [SEASONED, SEASONED_TECHNICAL, POOR], ids=["billing", "technical", "poor"])
def test_whole_pack_revision_is_idempotent(text: str) -> None:
    rules = _pack_rules()
    draft = clean(text)
    first = evaluate(draft, rules)
    revised = revise(draft, first.findings, rules, RENDER, Context(customer_name="Priya Raman"))
    again = clean(revised.text)
    second = evaluate(again, rules)
    fixed_once = {f.rule for f in second.findings if f.suggestion is not None}
    assert not fixed_once, f"fixes left to apply after one revision: {_show([f for f in second.findings if f.suggestion is not None])}"
    assert len(second.findings) <= len(first.findings)
    assert revise(again, second.findings, rules, RENDER, Context(customer_name="Priya Raman")).text == revised.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a deleted opener, then a replacement: the replacement now starts the sentence
        ("Please be advised that you must have missed the email.", "You may have missed the email."),
        # two deletions in a row at the start of a sentence
        ("Please be advised that, as I mentioned, the fee is $5 per seat.", "The fee is $5 per seat."),
        ("Obviously, basically the export is under Reports.", "The export is under Reports."),
        ("Thanks!! Basically, you can simply export it.", "Thanks! You can export it."),
    ],
)
def test_neighbouring_fixes_read_as_one_sentence(text: str, expected: str) -> None:
    # one-line drafts: leave out the rules that add an opener or a closer, which these don't test
    rules = RuleSet(lang="en", rules=tuple(r for r in _pack_rules().rules if r.kind != "required"))
    draft = clean(text)
    assert revise(draft, evaluate(draft, rules).findings, rules, RENDER).text == expected


@pytest.mark.parametrize(
    ("rule_id", "text", "flagged"),
    [
        # "I" starts a sentence's worth of phrases; it is never a name
        ("direct.hedging", "The sync failed, and I think it was the token.", True),
        ("empathetic.acknowledge", "Thanks for waiting, and I understand the menu moved. It is under Settings now, next to Billing, since the last release.", False),
        # an instruction that opens a paragraph counts as a next step
        ("direct.next-step", "Hi Sam,\n\nThe plugin on your site is out of date, which is why the sync stops halfway.\n\nPlease update the plugin to 4.2 from Settings > Plugins, then run the sync again.", False),
    ],
)
def test_phrases_in_context(rule_id: str, text: str, flagged: bool) -> None:
    rule = next(r for folder, r in RULES if r.id == rule_id and folder == "en")
    assert bool(_findings(rule, text)) is flagged
