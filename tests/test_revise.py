"""The suggested revision: a reply the buddy would send as it is.

Unit tests for each fix strategy (coach.check.revise.strategies), the guarded phrase edits
(coach.check.revise.phrases), the slip checks (coach.check.revise.slips), openers and closers inside the
letter (coach.check.revise.openers), placeholders, and the re-check that drops harmful edits; then the
failures measured in issue 12, verbatim, through the whole pack.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from coach.check.checker import Checker
from coach.draft.clean import clean
from coach.check.engine import evaluate
from coach.model import Context, Finding, Revision
from coach.check.revise import revise
from coach.check.revise.openers import frame
from coach.check.revise.placeholders import PROMPTS, placeholders_in
from coach.check.revise.slips import Slip, introduced, needs_an, slips
from coach.check.revise.strategies import STRATEGIES, Scene
from coach.check.revise.wording import base_form
from coach.check.revise.voice import Voice, in_voice, voice_of

CHECKER = Checker()
RULES = {r.id: r for r in CHECKER.rules.rules}
RENDER = CHECKER.templates.render_revision


def _finding(text: str, phrase: str, rule: str, *, suggestion: str | None = None, severity: str = "warning", nth: int = 0) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    end = start + len(phrase)
    return Finding(rule, rule.split(".")[0], severity, "m", start, end, 1, start + 1, phrase, suggestion, (start, end))


def _strategy(name: str, text: str, *findings: Finding) -> str:
    """``text`` after one strategy's edits for the first finding (other findings give context)."""
    from coach.check.revise.edits import apply, without_overlaps

    draft = clean(text)
    scene = Scene(draft, findings, voice_of(text))
    rule = replace(RULES[findings[0].rule], params={**RULES[findings[0].rule].params, "fix": name})
    return apply(draft.plain, without_overlaps(STRATEGIES[name](scene, findings[0], rule)))


def _revised(text: str, customer: str | None = None, **context: str) -> Revision:
    return CHECKER.check(text, context=Context(customer_message=customer, **context)).revision


# --------------------------------------------------------------------------- slips


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Click the the button.", "doubled-word"),
        ("Our sorry for the trouble.", "determiner"),
        ("It takes a hour to sync.", "article"),
        ("Open a account page to see it.", "article"),
        ("Your refund is on its way .", "space-before-punctuation"),
        ("The refund is done. it will reach your card soon.", "lowercase-start"),
        ("I have refunded the charge today. I have refunded the charge today.", "repeated-sentence"),
    ],
)
def test_each_slip_is_found(text: str, kind: str) -> None:
    assert kind in {s.kind for s in slips(text)}


@pytest.mark.parametrize(
    "text",
    [
        "It takes an hour, and a user can open an SSO session or a URL.",
        "That that is fine, e.g. the export. Then it ends.",
        "A one-time code and an FAQ page are on their way.",
    ],
)
def test_good_text_has_no_slip(text: str) -> None:
    assert not slips(text)


def test_only_introduced_slips_count() -> None:
    assert introduced("Click the the button.", "Click the the button now.") == []
    assert introduced("Click the button.", "Click the the button.") == [Slip("doubled-word", "the")]


@pytest.mark.parametrize(("word", "an"), [("hour", True), ("user", False), ("SSO", True), ("URL", False), ("apple", True), ("one-off", False)])
def test_a_or_an_follows_the_sound(word: str, an: bool) -> None:
    assert needs_an(word) is an


# --------------------------------------------------------------------------- phrase edits in context


def _one_fix(text: str, phrase: str, rule: str, suggestion: str) -> str:
    """``text`` revised for one hand-made finding (so the test does not depend on the pack's tuning)."""
    from coach.rules import RuleSet

    draft = clean(text)
    alone = RuleSet(lang="en", rules=(RULES[rule],))
    found = [*evaluate(draft, alone).findings, _finding(text, phrase, rule, suggestion=suggestion)]
    return revise(draft, found, alone, RENDER).text


def test_a_possessive_before_a_swap_goes_with_it() -> None:
    text = "Your files are back in the shared folder. Our apologies for any inconvenience."
    revised = _one_fix(text, "apologies for any inconvenience", "direct.filler", "sorry for the trouble")
    assert revised == "Your files are back in the shared folder. Sorry for the trouble."


def test_just_meaning_only_stays_and_just_softening_an_instruction_goes() -> None:
    kept = "Hi Dana,\n\nThe error showed up three times on Monday. Or did you just notice it once?\n\nBest,\nSam"
    assert "did you just notice it once?" in _revised(kept).text
    assert "skins just need a sync" in _revised("The skins just need a sync to show up in your inventory.").text
    assert "Click Save." in _revised("Just click Save.").text


def test_a_mass_noun_swapped_for_a_count_noun_takes_the_plural() -> None:
    assert "similar features." in _revised("Other apps may offer similar functionality.").text


def test_a_compound_keeps_its_noun() -> None:
    text = "I've added wheelchair assistance to your booking, and priority boarding is free for assistance passengers."
    assert _revised(text).text.count("assistance") == 2


def test_as_clearly_stated_keeps_as_stated() -> None:
    text = "As clearly stated at checkout, free shipping only applies to orders over £50."
    revised = _one_fix(text, "As clearly", "empathetic.condescending", "")
    assert revised == "As stated at checkout, free shipping only applies to orders over £50."


def test_facts_are_never_edited() -> None:
    text = "Please see https://example.com/in-order-to and write to help@example.com in order to reset it."
    draft = clean(text)
    inside = _finding(text, "in-order-to", "direct.filler", suggestion="to")
    revised = revise(draft, [inside], CHECKER.rules, RENDER).text
    assert "https://example.com/in-order-to" in revised and "help@example.com" in revised


def test_an_edit_that_adds_a_slip_is_dropped() -> None:
    text = "Open the the menu in order to export."
    draft = clean(text)
    doubled = _finding(text, "in order to", "direct.filler", suggestion="to to")
    assert revise(draft, [doubled], CHECKER.rules, RENDER).text == text


def test_an_edit_that_makes_a_rule_fire_is_dropped() -> None:
    text = "Open the menu in order to export the list."
    draft = clean(text)
    hedged = _finding(text, "in order to", "direct.filler", suggestion="maybe to")
    found = list(evaluate(draft, CHECKER.rules).findings) + [hedged]
    assert "maybe" not in revise(draft, found, CHECKER.rules, RENDER).text


# --------------------------------------------------------------------------- strategies


def test_sentence_case_keeps_acronyms() -> None:
    text = "YOU MUST NOT CHANGE THE SSO SETTINGS AGAIN."
    assert _strategy("sentence-case", text, _finding(text, text[:-1], "empathetic.shouting")) == "You must not change the SSO settings again."


def test_shouting_with_a_run_of_exclamations_is_calm_after_revision() -> None:
    revised = _revised("Hi Sam,\n\nI've reset it for you.\n\nYOU MUST NOT CHANGE THE SETTINGS AGAIN!!\n\nBest,\nAnn").text
    assert "You must not change the settings again!" in revised and "!!" not in revised


def test_a_run_on_sentence_splits_at_a_clause_boundary() -> None:
    text = (
        "I have checked your account and the payment failed because the card on file expired last month, "
        "and the subscription was paused so your team lost access this morning."
    )
    out = _strategy("split-sentence", text, _finding(text, text, "readable.sentence-length"))
    assert out == (
        "I have checked your account and the payment failed because the card on file expired last month. "
        "The subscription was paused so your team lost access this morning."
    )


def test_a_conditional_is_not_split_at_its_comma() -> None:
    text = "If you need a higher limit for a one-off migration next week, we will raise it for the whole of that week."
    assert _strategy("split-sentence", text, _finding(text, text, "readable.sentence-length")) == text


def test_a_wall_of_text_gets_paragraphs() -> None:
    sentence = "The sync stopped on Tuesday when the password on the Google account was changed by your admin. "
    text = sentence * 6
    out = _strategy("paragraphs", text.strip(), _finding(text.strip(), text.strip(), "readable.wall-of-text"))
    assert out.count("\n\n") >= 1 and out.replace("\n\n", " ").split() == text.split()


def test_a_sequence_of_actions_becomes_numbered_steps() -> None:
    text = (
        "To reconnect the calendar, use the app. First, open Settings and go to the Integrations tab. "
        "Then tap Google Calendar and choose Disconnect. Once it has disconnected, tap Connect again. "
        "Finally, pick the calendars you want to sync. Reply here if any are missing."
    )
    out = _strategy("steps", text, _finding(text, text, "readable.wall-of-text"))
    assert out == (
        "To reconnect the calendar, use the app.\n\n1. Open Settings and go to the Integrations tab.\n"
        "2. Tap Google Calendar and choose Disconnect.\n3. Once it has disconnected, tap Connect again.\n"
        "4. Pick the calendars you want to sync.\n\nReply here if any are missing."
    )


def test_stacked_hedges_become_one_plain_statement() -> None:
    text = "I think it might possibly be the cache on your laptop."
    found = (_finding(text, "I think", "direct.hedging", severity="info"), _finding(text, "might possibly", "direct.hedging", severity="info"))
    assert _strategy("plain-statement", text, *found) == "It might be the cache on your laptop."


def test_a_single_hedge_keeps_its_advice() -> None:
    text = "I think the cache is the cause."
    assert _strategy("plain-statement", text, _finding(text, "I think", "direct.hedging", severity="info")) == text


@pytest.mark.parametrize(
    ("participle", "base"),
    [("read", "read"), ("moved", "move"), ("checked", "check"), ("updated", "update"), ("stopped", "stop"),
     ("tried", "try"), ("opened", "open"), ("changed", "change"), ("added", "add"), ("cancelled", "cancel")],
)
def test_base_form(participle: str, base: str) -> None:
    assert base_form(participle) == base


def test_blame_becomes_a_general_tip() -> None:
    text = "As I said in my last email, you should have read the documentation before changing the SSO settings."
    revised = _revised(text).text
    assert "should" not in revised and "have read" not in revised
    assert "It helps to read the documentation" in revised and "before changing the SSO settings" in revised


def test_a_refusal_leads_with_the_offer_that_follows_it() -> None:
    text = (
        "Unfortunately, the Starter plan only runs PHP and static sites. Node.js is available from the Pro plan, "
        "which is €6 more per month."
    )
    refusal = _finding(text, "Unfortunately", "empathetic.negative-framing", severity="info")
    assert _strategy("lead-with-can", text, refusal) == (
        "Node.js is available from the Pro plan, which is €6 more per month. The Starter plan only runs PHP and static sites."
    )


def test_a_refusal_without_an_offer_gets_a_prompt_for_one_and_for_the_reason() -> None:
    revised = _revised("Unfortunately we can't restore the deleted group because of our policy. Please refer to the documentation.")
    assert PROMPTS["lead-with-can"] + " We can't restore the deleted group because " + PROMPTS["reason"] in revised.text
    assert "Unfortunately" not in revised.text
    assert {p.rule for p in revised.placeholders} >= {"empathetic.negative-framing", "direct.deflection"}


def test_a_pointer_to_the_docs_asks_for_the_exact_section() -> None:
    text = "Please refer to the documentation."
    out = _strategy("exact-answer", text, _finding(text, "refer to the documentation", "direct.deflection"))
    assert out == "Please refer to the documentation " + PROMPTS["exact-answer"] + "."


def test_a_vague_time_in_a_promise_becomes_a_prompt_but_a_wish_stays() -> None:
    promise = "We will send you an update soon."
    assert _strategy("when", promise, _finding(promise, "soon", "direct.vague-time")) == "We will send you an update " + PROMPTS["when"] + "."
    wish = "I hope she's feeling better soon."
    assert _strategy("when", wish, _finding(wish, "soon", "direct.vague-time")) == wish


# --------------------------------------------------------------------------- placeholders


def test_placeholders_are_listed_and_the_revision_is_not_complete() -> None:
    text = "Hi Jo,\n\nThe team is looking at the payslip emails and an update will be shared as soon as possible.\n\nBest,\nAnn"
    revision = _revised(text)
    assert PROMPTS["when"] in revision.text
    assert not revision.complete
    data = revision.to_dict()
    assert {"rule": "direct.vague-time", "text": PROMPTS["when"], "start": revision.text.index(PROMPTS["when"])} in data["placeholders"]
    assert json.dumps(data)


def test_a_revision_with_prompts_is_recognised_as_unfinished() -> None:
    from coach.check.revise.placeholders import has_prompts

    assert has_prompts(f"We will call {PROMPTS['when']}.")
    assert not has_prompts("We will call [tomorrow] by 3pm.")  # the trainee's own brackets are not coach's prompts


def test_placeholders_in_finds_each_prompt_with_its_rule() -> None:
    text = f"We will call {PROMPTS['when']}. {PROMPTS['next-step']}"
    assert [(p.rule, p.text) for p in placeholders_in(text, CHECKER.rules.rules)] == [
        ("direct.vague-time", PROMPTS["when"]), ("direct.next-step", PROMPTS["next-step"]),
    ]


# --------------------------------------------------------------------------- openers and closers

REFUND = "I've refunded the charge, and it will reach your card within 5 business days. The receipt is in your inbox as well, with the order number on it."


@pytest.mark.parametrize("signoff", ["-Shawn", "^BV", "/RB", "Rgds, Amit", "Thanks - Ian", "– Marta", "Best,\nSam"])
def test_the_closer_goes_before_the_signoff(signoff: str) -> None:
    revised = _revised(f"Hi Laura,\n\n{REFUND}\n\n{signoff}").text
    assert revised.endswith("\n\n" + signoff)
    assert "let me know" in revised.lower()


def test_the_opener_goes_after_an_inline_greeting() -> None:
    text = f"Hi Alex, the login servers are back and {REFUND[0].lower()}{REFUND[1:]}\n\n– Marta"
    draft = clean(text)
    assert frame(draft).inline_greeting
    revised = _revised(text, customer="I was charged twice and nobody answers!!").text
    assert revised.startswith("Hi Alex,\n\nI'm sorry about the trouble.\n\nThe login servers are back")


def test_no_opener_when_the_reply_already_thanks() -> None:
    text = "Hi, thanks for getting in touch. Please send us your order number and the email address you used at checkout so that we can look into the missing parcel."
    revised = _revised(text).text
    assert revised.count("hanks") == 1 and "let me know" not in revised.lower() and "let us know" not in revised.lower()


def test_no_closer_on_a_resolved_thread_or_after_a_thank_you() -> None:
    text = "Hi Laura,\n\nGreat to hear it works now, and thanks for letting us know it was the browser extension all along. Have a lovely day!\n\nBest,\nSam"
    revision = _revised(text, customer="It works now, thanks!")
    assert revision.text == clean(text).plain.replace("day!", "day!")
    assert not revision.placeholders


def test_openers_fit_the_situation_and_the_voice() -> None:
    upset = _revised(f"Hi Laura,\n\n{REFUND}\n\nBest,\nSam", customer="I was charged TWICE AGAIN. This is ridiculous.").text
    assert "I'm sorry about the trouble." in upset
    question = _revised("Hi Laura,\n\nThe Team plan includes SSO for every member, and it also covers audit logs and priority support for the whole workspace.\n\nBest,\nSam", customer="Does the Team plan include SSO?").text
    assert "Let me know if you have any other questions." in question
    we = _revised("Hi Laura,\n\nWe've refunded the charge and we will email the receipt; we checked the order and we can confirm the card is fine.\n\nBest,\nSam", customer="Why was I charged twice?").text
    assert "let us know" in we.lower()


def test_voice() -> None:
    assert voice_of("We've checked it and we can help.") is Voice.WE
    assert voice_of("I've checked it.") is Voice.I
    assert in_voice("I'm sorry for the trouble", Voice.WE) == "we're sorry for the trouble"


# --------------------------------------------------------------------------- the whole revision


@pytest.mark.parametrize("name", ["shadow-day.txt", "trainee-good.txt", "zendesk-note.html"])
def test_revising_a_revision_changes_nothing(name: str) -> None:
    from pathlib import Path

    path = Path(__file__).parent / "data" / "drafts" / name
    first = CHECKER.check(path.read_text(encoding="utf-8"), html=name.endswith(".html")).revision
    again = CHECKER.check(first.text, html=False).revision
    assert again.text == first.text
    assert [p.text for p in again.placeholders] == [p.text for p in first.placeholders]


def test_shadow_day_revision_has_no_blame_no_shouting_and_keeps_its_facts() -> None:
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "drafts" / "shadow-day.txt").read_text(encoding="utf-8")
    revised = CHECKER.check(text).revision.text
    assert "should have" not in revised and "AGAIN" not in revised and "!!" not in revised
    assert '"Re-sync users"' in revised and revised.endswith("Thanks,\nSam\n")


def test_no_rule_fires_on_a_revision_that_did_not_fire_on_the_draft() -> None:
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "drafts" / "shadow-day.txt").read_text(encoding="utf-8")
    result = CHECKER.check(text)
    from coach.check.revise.placeholders import masked

    again = evaluate(masked(clean(result.revision.text)), CHECKER.rules)
    assert {f.rule for f in again.findings} <= {f.rule for f in result.findings}


def test_a_rule_may_name_only_a_known_fix_strategy(tmp_path) -> None:
    from coach.errors import RuleError
    from coach.rules.kinds import FIXES
    from coach.rules import load_rule

    assert set(STRATEGIES) | {"next-step"} == set(FIXES)
    rule = (
        'dimension = "direct"\nkind = "existence"\nseverity = "info"\nfix = "{fix}"\nmessage = "m"\n'
        'why = "w"\nphrases = ["foo"]\n[examples]\ngood = ["a", "b"]\nbad = ["foo", "foo bar"]\n'
    )
    path = tmp_path / "direct.x.toml"
    path.write_text(rule.format(fix="when"), encoding="utf-8")
    assert load_rule(path, pack="t", lang="en").params["fix"] == "when"
    path.write_text(rule.format(fix="rewrite-everything"), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rule(path, pack="t", lang="en")
    assert info.value.key == "fix"


@pytest.mark.parametrize("pressed", [False, True])
@pytest.mark.parametrize("situation", ["upset", "problem", "question", "action", "general"])
@pytest.mark.parametrize("voice", ["I", "we"])
@pytest.mark.parametrize("rule_id", ["empathetic.acknowledge", "follow_up.invitation"])
def test_every_opener_and_closer_satisfies_its_rule_and_trips_no_other(rule_id: str, situation: str, voice: str, pressed: bool) -> None:
    rule = RULES[rule_id]
    variables = {"customer_name": "", "first_name": "", "subject": "SSO sync", "has_greeting": True, "situation": situation, "voice": voice, "pressed": pressed}
    text = " ".join(RENDER(rule.template, variables).split())
    assert rule.compiled.matcher.search(text), text
    words = set(text.replace(".", " ").replace(",", " ").split())
    assert not words & ({"me", "I'm"} if voice == "we" else {"us", "We're"}), text
    tripped = [f.rule for f in evaluate(clean(text), CHECKER.rules).findings]
    assert not tripped, f"{text!r} trips {tripped}"


def test_strategies_work_only_in_the_languages_they_know() -> None:
    from coach.check.revise.strategies import strategy_edits

    text = "BITTE BEACHTEN SIE: Ihr Konto ist gesperrt."
    scene = Scene(clean(text), (_finding(text, "BITTE BEACHTEN SIE", "empathetic.shouting"),), Voice.WE)
    german = replace(RULES["empathetic.shouting"], lang="de")
    assert [e.after for e in strategy_edits(scene, {german.id: german}, structural=False)] == ["Bitte beachten Sie"]
    french = replace(RULES["empathetic.shouting"], lang="fr")  # no word lists in French: the advice stays
    assert strategy_edits(scene, {french.id: french}, structural=False) == []
    nouns = "BITTE KONTO PRÜFEN: der Zugang ist gesperrt."  # "KONTO" is a noun: its capital can't be guessed
    scene = Scene(clean(nouns), (_finding(nouns, "BITTE KONTO PRÜFEN", "empathetic.shouting"),), Voice.WE)
    assert strategy_edits(scene, {german.id: german}, structural=False) == []


def test_the_draft_decides_what_the_letter_needs() -> None:
    # Cutting both "Unfortunately"s and masking the policy prompt leaves fewer words than the
    # required rules' min_words: the reply still gets the opener, next step and closer it lacked.
    text = (
        "Hi Jasmine,\n\nUnfortunately, we're unable to increase limits over email. Unfortunately, limits above "
        "£10,000 can't be changed on the same day due to our security policy.\n\nRegards,\nAdrian"
    )
    revision = _revised(text, customer="I need to increase my daily transfer limit today. Please help, the deadline is 5pm.")
    assert revision.text.startswith("Hi Jasmine,\n\nSorry, I know time is short.\n\n")
    assert PROMPTS["next-step"] in revision.text
    assert revision.text.endswith("If anything is still not right, let me know.\n\nRegards,\nAdrian")
    assert "£10,000" in revision.text


def test_stock_lines_in_own_words() -> None:
    text = "Thank you for contacting Telwave. Your satisfaction is our top priority. We apologize for any inconvenience this may have caused."
    found = tuple(
        _finding(text, phrase, "empathetic.canned")
        for phrase in ("Thank you for contacting Telwave.", "satisfaction is our top priority", "apologize for any inconvenience this may have caused")
    )
    # the stock thank-you goes: the reply apologises anyway
    assert _strategy("own-words", text, *found) == "Your satisfaction is our top priority. We apologize for any inconvenience this may have caused."
    alone = "Thank you for your email. Your parcel left our warehouse today."
    thanks = _finding(alone, "Thank you for your email.", "empathetic.canned")
    assert _strategy("own-words", alone, thanks) == PROMPTS["own-words"] + " Your parcel left our warehouse today."
    apology = _strategy("own-words", text, found[2], *found[:2])
    assert apology.endswith("We're sorry " + PROMPTS["sorry-about"] + ".")  # the reply's voice
    assert _strategy("own-words", "Dear Valued Customer", _finding("Dear Valued Customer", "Dear Valued Customer", "empathetic.canned")) == "Hello"


def test_a_status_without_owner_or_time_asks_for_both() -> None:
    text = "The issue has been passed on and is being looked into. We will be in touch."
    found = (_finding(text, "passed on", "direct.vague-status"), _finding(text, "being looked into", "direct.vague-status"))
    out = _strategy("owner-and-time", text, *found)
    assert out == "The issue has been passed on and is being looked into. " + PROMPTS["owner-and-time"] + " We will be in touch."


def test_a_run_up_is_cut_so_the_news_leads() -> None:
    text = "I just wanted to reach out to let you know that I have received your message about the error."
    run_up = _finding(text, "wanted to reach out to let you know that", "direct.filler-opener")
    assert _strategy("cut-opener", text, run_up) == "I have received your message about the error."
    thanks = "Thank you for taking the time to contact us today regarding your query about switching, we value you."
    long_thanks = _finding(thanks, "Thank you for taking the time to contact us today regarding your query", "direct.filler-opener")
    assert _strategy("cut-opener", thanks, long_thanks) == thanks


def test_technical_terms_ask_for_plain_words_once_a_paragraph() -> None:
    text = "Your site uses an OAuth handshake with a SameSite cookie. The JWT expires hourly.\n\nI've reset it."
    found = (_finding(text, "OAuth handshake", "readable.technical-terms"), _finding(text, "JWT", "readable.technical-terms"))
    out = _strategy("plain-words", text, *found)
    assert out == text.replace("SameSite cookie.", "SameSite cookie. " + PROMPTS["plain-words"])
    assert _strategy("plain-words", text, found[1], found[0]) == text  # the paragraph has its prompt


def test_a_reply_that_plays_down_the_impact_starts_from_it() -> None:
    text = "The rollback only affected about 2% of players. Your progress is gone."
    out = _strategy("impact-first", text, _finding(text, "only affected about 2%", "empathetic.minimising"))
    assert out == PROMPTS["impact"] + " " + text


def test_implicit_blame_keeps_its_facts_and_asks_for_a_neutral_account() -> None:
    text = "The refund was delayed because you didn't include the return form. I've found it now."
    out = _strategy("neutral-account", text, _finding(text, "didn't include", "empathetic.implicit-blame"))
    assert out == text.replace("return form.", "return form. " + PROMPTS["neutral-account"])


def test_a_revision_with_a_placeholder_is_never_ready() -> None:
    from coach.check.checker import Checker
    from coach.config import Config
    from coach.model import Context

    draft = "Hi Sam,\n\nThanks for the details. We will look into the refund soon.\n\nBest,\nJo"
    result = Checker(Config(lang="en")).check(draft, context=Context(customer_message="Where is my refund? It has been two weeks."))
    assert result.revision.placeholders, "this draft's vague time should leave a prompt to fill"
    assert result.verdict == "revise"


def test_unfilled_macro_fields_are_filled_with_the_customers_name_or_a_prompt() -> None:
    from coach.check.checker import Checker
    from coach.check.revise.placeholders import has_prompts, prompt
    from coach.config import Config
    from coach.model import Context

    checker = Checker(Config(lang="en"))
    draft = (
        "Hi {{ticket.requester.first_name}},\n\nYour refund for [REFUND_REASON] went out today and reaches "
        "your card within 5 days. Let me know if anything is unclear.\n\nBest,\n{{agent.name}}"
    )
    known = checker.check(draft, context=Context(customer_name="Maria Lopez")).revision.text
    assert known.startswith("Hi Maria,\n") and "{{" not in known and "[REFUND_REASON]" not in known
    assert prompt("field") in known and has_prompts(known)
    unknown = checker.check(draft).revision.text
    assert unknown.startswith(f"Hi {prompt('name-field')},\n")  # still a greeting: the opener goes below it
    german = Checker(Config(lang="de")).check(
        "Hallo {{ticket.requester.first_name}},\n\nIhre Erstattung ist heute rausgegangen. Melden Sie sich gern, wenn etwas unklar ist.\n\nViele Grüße\nJo"
    ).revision.text
    assert prompt("name-field", "de") in german and "{{" not in german


def test_stacked_apologies_keep_the_first_and_any_that_say_what_is_wrong() -> None:
    text = (
        "Hi Dana,\n\nI'm sorry your order is late. Sorry again for the trouble. We apologise for any inconvenience. "
        "I've sent a replacement by express today.\n\nI'm sorry that it took three emails to get here.\n\nBest,\nRon"
    )
    revised = _revised(text).text
    assert "Sorry again" not in revised and "We apologise" not in revised
    assert "I'm sorry your order is late." in revised and "I'm sorry that it took three emails" in revised
    assert "empathetic.over-apology" not in {f.rule for f in CHECKER.check(revised).findings}
    assert _revised(revised).text == revised


def test_a_ticket_closed_line_gives_way_to_an_invitation() -> None:
    text = "Hi Omar,\n\nI've reset your password; the link works for 24 hours.\n\nTicket closed.\n\nEve"
    revised = _revised(text).text
    assert "Ticket closed" not in revised
    assert not {f.rule for f in CHECKER.check(revised).findings} & {"follow_up.closed-ending", "follow_up.invitation"}
    assert _revised(revised).text == revised


def test_a_pasted_log_is_followed_by_a_prompt_to_explain_it() -> None:
    text = (
        "Hi Omar,\n\nhere is the error from our logs:\n\nTypeError: Cannot read properties of undefined (reading 'total')\n"
        "    at renderInvoice (invoice.js:41:12)\n\nThe fix ships tomorrow.\n\nBest,\nEve"
    )
    assert "readable.unexplained-log" in {f.rule for f in CHECKER.check(text).findings}
    revised = _revised(text).text
    assert "(invoice.js:41:12)\n\n" + PROMPTS["explain-code"] + "\n\n" in revised
    assert _revised(revised).text == revised
