"""Kind behaviour the English pack relies on: the greeting and signature (scope "all"), references in jargon, signal examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.check.checker import run_alone
from coach.draft.clean import clean
from coach.check.engine import evaluate
from coach.model import Context
from coach.rules import Rule, RuleSet, load_rule

PLACEHOLDER = '''\
dimension = "empathetic"
kind = "existence"
severity = "error"
{scope}
message = "Unfilled field {{match}}."
why = "A field left in the text tells the customer nobody read their message, which undoes the reply."
patterns = ['\\{{\\{{[^{{}}\\n]{{1,80}}\\}}\\}}']

[examples]
good = ["Hi Maya, your order shipped.", "Your order shipped today."]
bad = ["Your order {{{{order.id}}}} shipped.", "We refunded {{{{amount}}}} today."]
'''

JARGON = '''\
dimension = "readable"
kind = "jargon"
severity = "warning"
max_per_sentence = 3
max_per_draft = 4
message = "Jargon: {{terms}}."
why = "Technical shapes a customer does not know make a sentence hard to follow, so explain or cut them."

[examples]
good = ["Your booking is confirmed.", "The refund is on its way."]
bad = ["The OLT and ONT show BIP errors on the PON.", "The DSLAM logs CRC and FEC errors on the SNR margin."]
'''

SIGNAL = '''\
dimension = "empathetic"
kind = "signal"
severity = "info"
credit = {credit}
max_credit = 6
message = "A courtesy signal."
why = "Courtesy markers change how a reply is read, so they move the score without being a finding."
phrases = ["thanks"]

[examples]
good = ["Thanks for the screenshots."]
bad = ["Here is the file."]
'''

LETTER = "Hi {{ticket.requester.first_name}},\n\nYour order shipped today and arrives on Friday.\n\nBest,\n{{current_user.name}}"


def _rule(tmp_path: Path, name: str, text: str) -> Rule:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return load_rule(path, pack="test", lang="en")


def _found(rule: Rule, text: str, customer: str | None = None) -> list[str]:
    rules = RuleSet(lang="en", rules=(rule,))
    return [f.text for f in evaluate(clean(text), rules, context=Context(customer_message=customer)).findings]


def test_existence_reads_the_greeting_and_signature_only_with_scope_all(tmp_path: Path) -> None:
    body_only = _rule(tmp_path, "empathetic.body", PLACEHOLDER.format(scope=""))
    letter = _rule(tmp_path, "empathetic.letter", PLACEHOLDER.format(scope='scope = "all"'))
    assert _found(body_only, LETTER) == []
    assert _found(letter, LETTER) == ["{{ticket.requester.first_name}}", "{{current_user.name}}"]


def test_scope_all_finds_in_the_body_too(tmp_path: Path) -> None:
    letter = _rule(tmp_path, "empathetic.letter", PLACEHOLDER.format(scope='scope = "all"'))
    assert _found(letter, "Hi Maya,\n\nYour order {{order.id}} shipped today.") == ["{{order.id}}"]


def test_jargon_skips_references_the_customer_needs(tmp_path: Path) -> None:
    rule = _rule(tmp_path, "readable.jargon-test", JARGON)
    refs = "Your booking HX7Q2L is on flight TP1351, case CXL-20931, and the refund DSP-44102 is done."
    assert _found(rule, refs) == []
    assert _found(rule, "The OLT and ONT show BIP errors on the PON.")


@pytest.mark.parametrize(("credit", "good", "bad"), [(2, "Thanks for the screenshots.", "Here is the file."),
                                                     (-2, "Here is the file.", "Thanks for the screenshots.")])
def test_signal_examples_read_as_rewarded_or_not_penalised(tmp_path: Path, credit: int, good: str, bad: str) -> None:
    rule = _rule(tmp_path, "empathetic.signal-test", SIGNAL.format(credit=credit).replace(
        'good = ["Thanks for the screenshots."]\nbad = ["Here is the file."]', f'good = ["{good}"]\nbad = ["{bad}"]'))
    assert run_alone(rule, good) == []
    assert len(run_alone(rule, bad)) == 1
