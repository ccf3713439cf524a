"""The kinds that read weight, context and shape: stacks, needs, credits, length, jargon and logs.

Each test builds a one-rule set from TOML, as a team pack would, and checks what the engine
makes of a draft (with and without the customer's message).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.draft.clean import clean
from coach.check.engine import BASE, CREDIT_CAP, evaluate
from coach.errors import RuleError
from coach.model import Context
from coach.rules import RuleSet, load_rule

EXAMPLES = '\n[examples]\ngood = ["a", "b"]\nbad = ["c", "d"]\n'


def rules(tmp_path: Path, **files: str) -> RuleSet:
    loaded = []
    for name, body in files.items():
        rule_id = name.replace("__", ".").replace("_", "-")
        path = tmp_path / f"{rule_id}.toml"
        path.write_text(body + EXAMPLES, encoding="utf-8")
        loaded.append(load_rule(path, pack="t", lang="en"))
    return RuleSet(lang="en", rules=tuple(loaded))


def head(dimension: str, kind: str, severity: str = "warning") -> str:
    return f'dimension = "{dimension}"\nkind = "{kind}"\nseverity = "{severity}"\nmessage = "m"\nwhy = "w"\n'


def findings(rs: RuleSet, text: str, customer: str | None = None):
    return evaluate(clean(text), rs, context=Context(customer_message=customer)).findings


# --------------------------------------------------------------------------- stack


def test_one_hedge_is_a_hint_and_a_stack_is_a_warning(tmp_path: Path) -> None:
    rs = rules(tmp_path, direct__hedging=head("direct", "existence", "info")
               + 'phrases = ["maybe", "I think", "perhaps"]\nstack = { sentence = 2, draft = 3, severity = "warning" }\n')
    assert [f.severity for f in findings(rs, "Maybe the sync failed. Please retry.")] == ["info"]
    stacked = findings(rs, "I think it maybe failed. The rest is fine.")
    assert [f.severity for f in stacked] == ["warning", "warning"]
    spread = findings(rs, "Maybe A. Perhaps B. I think C.")
    assert [f.severity for f in spread] == ["warning"] * 3


def test_a_stack_table_is_validated(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="stack"):
        rules(tmp_path, direct__x=head("direct", "existence") + 'phrases = ["a"]\nstack = { lines = 2 }\n')
    with pytest.raises(RuleError, match="stack.severity"):
        rules(tmp_path, direct__x=head("direct", "existence") + 'phrases = ["a"]\nstack = { draft = 2, severity = "loud" }\n')


# --------------------------------------------------------------------------- required: when it is needed

ACK = head("empathetic", "required") + (
    'phrases = ["sorry", "thanks"]\nscope = "opening"\n'
    'needed_if_customer = ["\\\\b(?:furious|urgent|deadline|still)\\\\b"]\n'
    'skip_if_customer = ["^\\\\W*(?:thanks|thank you)\\\\b[^?]*$"]\nskip_if = ["\\\\bglad it\'s sorted\\\\b"]\n'
)
PLAIN = "The export is under Reports. Choose CSV and click Export to download the file."


def test_required_applies_without_the_customer_message(tmp_path: Path) -> None:
    assert findings(rules(tmp_path, empathetic__ack=ACK), PLAIN)


def test_required_only_when_the_customer_needs_it(tmp_path: Path) -> None:
    rs = rules(tmp_path, empathetic__ack=ACK)
    assert not findings(rs, PLAIN, customer="Where is the CSV export?")
    assert findings(rs, PLAIN, customer="This is urgent, the board meets at 3pm and the export still fails.")


def test_required_is_skipped_for_a_thank_you_and_a_resolved_thread(tmp_path: Path) -> None:
    rs = rules(tmp_path, empathetic__ack=ACK)
    assert not findings(rs, PLAIN, customer="Thanks, that worked! Still smiling.")
    assert not findings(rs, "Glad it's sorted and the export runs again for the whole team now.")


# --------------------------------------------------------------------------- credits and scores


def test_credits_lift_a_warm_reply_above_a_curt_one(tmp_path: Path) -> None:
    rs = rules(
        tmp_path,
        empathetic__please=head("empathetic", "signal") + 'phrases = ["please", "thank you"]\ncredit = 4\nmax_credit = 10\n',
        empathetic__curt=head("empathetic", "signal") + 'phrases = ["you need to"]\ncredit = -6\n',
    )
    warm = evaluate(clean("Thank you! Please restart the app."), rs).scores["empathetic"]
    plain = evaluate(clean("Restart the app."), rs).scores["empathetic"]
    curt = evaluate(clean("You need to restart the app."), rs).scores["empathetic"]
    assert warm == BASE + 8 and plain == BASE and curt == BASE - 6
    assert not evaluate(clean("Thank you! Please restart the app."), rs).findings  # signals never find


def test_credit_is_capped(tmp_path: Path) -> None:
    rs = rules(tmp_path, empathetic__please=head("empathetic", "signal") + 'phrases = ["please"]\ncredit = 10\nmax_credit = 40\n')
    assert evaluate(clean("Please. Please. Please. Please."), rs).scores["empathetic"] == min(100, BASE + CREDIT_CAP)


def test_a_required_act_that_is_present_earns_its_credit(tmp_path: Path) -> None:
    rs = rules(tmp_path, follow_up__invite=head("follow_up", "required") + 'phrases = ["let me know"]\nscope = "closing"\ncredit = 10\n')
    assert evaluate(clean("It is fixed. Let me know if it breaks."), rs).scores["follow_up"] == BASE + 10
    assert evaluate(clean("It is fixed. Have a good day."), rs).scores["follow_up"] == BASE - 12


# --------------------------------------------------------------------------- shape


def test_reply_too_short_for_a_long_complaint(tmp_path: Path) -> None:
    rs = rules(tmp_path, direct__short=head("direct", "reply_length") + "max_words = 5\ncustomer_min_words = 20\n")
    complaint = " ".join(["I have tried everything and the export still fails every single time I run it."] * 2)
    assert findings(rs, "Done.", customer=complaint)
    assert not findings(rs, "Done.", customer="Can you cancel it?")
    assert not findings(rs, "Done.")  # the customer's message is unknown


def test_answer_buried_under_background(tmp_path: Path) -> None:
    rs = rules(tmp_path, direct__buried=head("direct", "buried_answer") + 'patterns = ["\\\\bso yes\\\\b"]\nmax_words_before = 12\n')
    background = "Our billing system was migrated last year and since then invoices are created at night. "
    assert findings(rs, background + "So yes, you can change the date.")
    assert not findings(rs, "So yes, you can change the date. " + background)


# --------------------------------------------------------------------------- technical


JARGON = head("readable", "jargon") + (
    'exceptions = ["PDF", "iPhone"]\nphrases = ["handshake"]\nmax_per_sentence = 2\nmax_per_draft = 4\n'
    'technical_customer = ["\\\\b(?:API|webhook)\\\\b"]\n'
)


def test_jargon_density(tmp_path: Path) -> None:
    rs = rules(tmp_path, readable__jargon=JARGON)
    hit = findings(rs, "The OAuth handshake failed on the DSLAM. Please try again.")
    assert len(hit) == 1 and hit[0].text.startswith("The OAuth")
    assert not findings(rs, "Your PDF invoice is on your iPhone. Please try again.")
    assert not findings(rs, "The PNR (booking reference) and the GDS (booking system) are fine.")


def test_jargon_the_customer_used_first_or_a_technical_reader(tmp_path: Path) -> None:
    rs = rules(tmp_path, readable__jargon=JARGON)
    text = "The OAuth handshake failed on the DSLAM. Please try again."
    assert not findings(rs, text, customer="My DSLAM and OAuth setup broke after the update.")
    assert not findings(rs, text, customer="Our webhook calls fail since the API change.")


LOGS = head("readable", "unexplained_code") + (
    'patterns = ["\\\\w+(?:Error|Exception)\\\\b", "Traceback"]\nexplained_by = ["\\\\bthis means\\\\b"]\n'
)


def test_a_pasted_stack_trace_needs_plain_words(tmp_path: Path) -> None:
    rs = rules(tmp_path, readable__logs=LOGS)
    trace = "Here is what we saw:\n\nTypeError: Cannot read properties of undefined (reading 'map')\n\nWe deployed a fix."
    assert findings(rs, trace)
    assert not findings(rs, trace.replace("We deployed", "This means the page crashed. We deployed"))
    assert not findings(rs, "Run this:\n\n```\ncoach --reset\n```\n\nThen sign in again.")


def test_existence_can_look_at_the_greeting(tmp_path: Path) -> None:
    rs = rules(tmp_path, empathetic__canned=head("empathetic", "existence") + 'phrases = ["valued customer"]\nscope = "greeting"\n')
    assert findings(rs, "Dear Valued Customer,\n\nYour refund is done.")
    assert not findings(rs, "Hi Sam,\n\nYou are a valued customer.")


def test_courtesy_pronouns_in_mid_sentence_are_not_names(tmp_path: Path) -> None:
    rs = rules(tmp_path, empathetic__blame=head("empathetic", "existence") + 'phrases = ["Sie hätten", "Le consigliamo"]\n')
    assert findings(rs, "Das ist schade, aber Sie hätten das prüfen müssen.")
    assert findings(rs, "Buongiorno, Le consigliamo di leggere la guida.")


def test_an_acronym_after_an_elided_article_is_jargon(tmp_path: Path) -> None:
    rs = rules(tmp_path, readable__jargon=JARGON)
    assert findings(rs, "Il guasto dell'OLT e il DSLAM sono risolti.")


def test_min_words_only_guards_replies_whose_customer_message_is_unknown(tmp_path: Path) -> None:
    rule = head("empathetic", "required") + (
        'phrases = ["sorry"]\nscope = "opening"\nmin_words = 12\n'
        'needed_if_customer = ["\\\\b(?:useless|late)\\\\b"]\n'
    )
    rs = rules(tmp_path, empathetic__ack=rule)
    short = "Please DM us your order number. ^NK"
    assert not findings(rs, short)  # a short note, nothing known: not judged
    assert findings(rs, short, customer="Third time late. Useless.")  # an upset customer: it is needed
    assert not findings(rs, short, customer="Where do I find my order number?")
