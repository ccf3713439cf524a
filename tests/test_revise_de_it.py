"""The fix strategies and their "[...]" prompts in German (Sie-form) and Italian (Lei-form).

Every sentence here is written for these tests (none is from the dev set). A revision speaks the
draft's language: no English word may appear in a German or Italian revision.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import pytest

from coach.check.checker import Checker
from coach.check.engine import evaluate
from coach.check.revise import revise
from coach.check.revise.placeholders import PROMPTS, PROMPTS_BY_LANG, has_prompts, masked, placeholders_in
from coach.config import Config
from coach.draft.clean import clean
from coach.model import Context
from coach.rules import RuleSet
from coach.templates import Templates

# Words a German or Italian revision must never hold (the English prompts' and snippets' words).
ENGLISH = frozenset(
    "the and what when who next step exactly e.g. lead with your offer instead say happened plain words "
    "sorry thanks hello please let me know because reason answer section start meant customer".split()
)


RENDER = Templates().render_revision


@cache
def _checker(lang: str) -> Checker:
    return Checker(Config(lang=lang))


def _revised(lang: str, text: str) -> str:
    return _checker(lang).check(text).revision.text


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w.'’]+", text)}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # sentence-case: German only where no noun can lose its capital
        ("de", "BITTE BEACHTEN SIE: Der Gutschein gilt nur einmal.", "Bitte beachten Sie: Der Gutschein gilt nur einmal."),
        ("it", "NON condivida questo codice con nessuno.", "Non condivida questo codice con nessuno."),
        # plain-statement: stacked hedges go where the sentence stays whole
        (
            "de",
            "Ich glaube, die Lieferung hängt eventuell noch im Verteilzentrum in Kassel fest.",
            "Die Lieferung hängt noch im Verteilzentrum in Kassel fest.",
        ),
        (
            "de",
            "Die Reparatur Ihres Fahrrads ist vielleicht wahrscheinlich nächste Woche fertig, ich prüfe das.",
            "Die Reparatur Ihres Fahrrads ist nächste Woche fertig, ich prüfe das.",
        ),
        ("it", "Forse il ritardo dipende probabilmente dal corriere di Bologna.", "Il ritardo dipende dal corriere di Bologna."),
        # a hedge closing the sentence goes with its comma
        ("de", "Ihre Fotos sollten dabei eventuell nicht verloren gehen, soweit ich weiß.", "Ihre Fotos sollten dabei nicht verloren gehen."),
        ("it", "Il rimborso arriva forse già domani, se non sbaglio.", "Il rimborso arriva già domani."),
        # ... with the word that links it
        ("it", "Il rimborso arriva forse già domani, anche se non ne sono del tutto sicuro.", "Il rimborso arriva già domani."),
        ("it", "Il pacco arriva probabilmente lunedì, ma non posso garantirlo.", "Il pacco arriva lunedì."),
        # lead-with-can: the offer moves first (its "aber"/"però" goes with the move)
        (
            "de",
            "Leider können wir den Flug nicht kostenlos umbuchen. Wir können Ihnen aber einen Gutschein über 50 € anbieten.",
            "Wir können Ihnen einen Gutschein über 50 € anbieten. Leider können wir den Flug nicht kostenlos umbuchen.",
        ),
    ],
)
def test_word_strategies(lang: str, text: str, expected: str) -> None:
    assert _revised(lang, text) == expected


@pytest.mark.parametrize(
    ("lang", "text", "prompt", "after"),
    [
        ("de", "Wir schicken Ihnen die korrigierte Rechnung zeitnah per Post.", "when", "korrigierte Rechnung "),
        ("it", "Le invieremo la nuova fattura a breve.", "when", "la nuova fattura "),
        ("de", "Ihr Antrag ist in Bearbeitung.", "owner-and-time", "in Bearbeitung. "),
        ("it", "La Sua richiesta è in lavorazione.", "owner-and-time", "in lavorazione. "),
        ("de", "Bitte lesen Sie dazu unsere FAQ.", "exact-answer", "unsere FAQ "),
        ("it", "La invitiamo a consultare le nostre FAQ.", "exact-answer", "le nostre FAQ "),
    ],
)
def test_prompt_strategies_speak_the_drafts_language(lang: str, text: str, prompt: str, after: str) -> None:
    revised = _revised(lang, text)
    assert after + PROMPTS_BY_LANG[lang][prompt] in revised
    assert not _words(revised) & ENGLISH, revised


def test_a_promise_is_prompted_but_a_wish_is_not() -> None:
    assert _revised("de", "Ich hoffe, das Paket kommt bald an.") == "Ich hoffe, das Paket kommt bald an."
    assert _revised("it", "Spero che il pacco arrivi a breve.") == "Spero che il pacco arrivi a breve."


@pytest.mark.parametrize(
    ("lang", "sentence", "pieces"),
    [
        (
            "de",
            "Die Abholung Ihrer Waschmaschine verschiebt sich noch um einen ganzen Tag, aber der Fahrer bringt "
            "Ihnen die Ersatzteile für den Wäschetrockner am Mittwochvormittag direkt bis an die Wohnungstür im dritten Stock.",
            ". Aber der Fahrer",
        ),
        (
            "it",
            "La spedizione della Sua lavastoviglie è partita soltanto ieri sera dal magazzino di Piacenza, perché il corriere "
            "ha dovuto recuperare il ritardo accumulato durante lo sciopero regionale della settimana scorsa in tutta l'Emilia.",
            ". Questo perché il corriere",
        ),
    ],
)
def test_long_sentences_split_at_clause_boundaries(lang: str, sentence: str, pieces: str) -> None:
    revised = _revised(lang, sentence)
    assert pieces in revised
    assert "readable.sentence-length" not in {f.rule for f in _checker(lang).check(revised).findings}


def test_german_subordinate_clauses_stay_whole() -> None:
    # after "weil" the verb comes last: a sentence of its own would need rewording
    sentence = (
        "Die Gutschrift über den vollen Betrag erscheint erst in drei bis fünf Werktagen auf Ihrem Kontoauszug, weil "
        "die Bank jede Rückbuchung aus dem Ausland zusätzlich prüft und erst danach an die Filiale in Ihrer Stadt weitergibt."
    )
    assert ". Weil" not in _revised("de", sentence) and ", weil die Bank" in _revised("de", sentence)


def test_german_shouting_keeps_nouns_capitalised_or_keeps_its_advice() -> None:
    # a noun coach knows keeps its capital; one it doesn't know leaves the run (and its advice) alone
    text = "ÄNDERN SIE DIE EINSTELLUNGEN NICHT: der Zugang wird sonst gesperrt."
    assert _revised("de", text).startswith("Ändern Sie die Einstellungen nicht:")
    text = "LEGEN SIE DEN SCHLÜSSEL NIE UNTER DIE MATTE: das ist unsicher."
    assert _revised("de", text).startswith("LEGEN SIE DEN SCHLÜSSEL NIE UNTER DIE MATTE")


def test_a_stock_german_greeting_becomes_a_plain_one() -> None:
    text = "Sehr geehrte Kundin, sehr geehrter Kunde,\n\nIhr Paket wird morgen bis 12 Uhr zugestellt."
    assert _revised("de", text).startswith("Guten Tag,\n\n")


def test_german_hedge_opening_a_sentence_stays() -> None:
    # "Vielleicht hilft es ..." needs its first word: the verb comes second
    text = "Vielleicht hilft es eventuell, den Router neu zu starten."
    assert _revised("de", text).startswith("Vielleicht hilft es")


@pytest.mark.parametrize("lang", ["de", "it"])
def test_prompts_are_found_masked_and_attributed(lang: str) -> None:
    prompts = PROMPTS_BY_LANG[lang]
    assert set(prompts) == set(PROMPTS)
    for text in prompts.values():
        assert has_prompts(f"Satz {text}.")
        assert "?" not in text  # the letter would read it as a question to the customer
        assert not _words(text) & ENGLISH, text
    rules = _checker(lang).rules.rules
    found = placeholders_in("x " + prompts["when"], rules)
    assert [p.rule for p in found] == ["direct.vague-time"]
    draft = clean("Wir melden uns " + prompts["when"] + ".")
    assert prompts["when"] in draft.plain and prompts["when"] not in masked(draft).judged


# Strategies that act on every finding they get (the others decline where an edit would be unsafe).
ALWAYS_ACT = frozenset({"exact-answer", "owner-and-time", "plain-words", "sentence-case", "when"})


def _fix_rules(lang: str) -> list:
    return [r for r in _checker(lang).rules.rules if r.params.get("fix") and r.kind != "required"]


def _fix_params() -> list[object]:
    return [
        pytest.param(lang, rule.id, i, id=f"{lang}/{rule.id}:bad[{i}]")
        for lang in ("de", "it")
        for rule in _fix_rules(lang)
        for i in range(len(rule.bad))
    ]


@pytest.mark.parametrize(("lang", "rule_id", "i"), _fix_params())
def test_each_fixable_bad_example_is_fixed_or_prompted_once(lang: str, rule_id: str, i: int) -> None:
    """The rule alone on its bad example: the revision raises it no more often (and, for the
    strategies that always act, no longer or with a prompt in its place); revising twice changes
    nothing; no English word comes in. A hedge that cannot go without breaking its sentence, or a
    refusal with nothing to move, keeps its advice."""
    checker = _checker(lang)
    rule = replace(next(r for r in checker.rules.rules if r.id == rule_id), enabled=True)
    alone = RuleSet(lang=lang, rules=(rule,))
    example = rule.bad[i]
    context = Context(customer_message=example.customer)
    draft = clean(example.text)
    revision = revise(draft, evaluate(draft, alone, context=context).findings, alone, RENDER, context)
    again = masked(clean(revision.text))
    left = [f for f in evaluate(again, alone, context=context).findings if f.rule == rule_id]
    before = [f for f in evaluate(draft, alone, context=context).findings if f.rule == rule_id]
    assert len(left) <= len(before), f"{example.text!r} -> {revision.text!r}"
    if rule.params["fix"] in ALWAYS_ACT:
        assert not left or revision.placeholders, f"{example.text!r} -> {revision.text!r}"
    second = revise(clean(revision.text), evaluate(again, alone, context=context).findings, alone, RENDER, context)
    assert second.text == revision.text
    assert not (_words(revision.text) - _words(example.text)) & ENGLISH, revision.text




def test_a_prompt_belongs_to_the_rule_that_wrote_it() -> None:
    # both blame rules leave the neutral-account prompt: each is listed with its own rule
    rules = _checker("it").rules.rules
    prompt = PROMPTS_BY_LANG["it"]["neutral-account"]
    text = f"Primo. {prompt} Secondo."
    assert [p.rule for p in placeholders_in(text, rules)] == ["empathetic.blame"]
    assert [p.rule for p in placeholders_in(text, rules, [("empathetic.implicit-blame", prompt)])] == ["empathetic.implicit-blame"]


@pytest.mark.parametrize(
    ("lang", "text", "gone", "kept"),
    [
        (
            "de",
            "Guten Tag Frau Brandt,\n\nes tut mir leid, dass die Lieferung so lange dauert. Bitte entschuldigen Sie auch den "
            "Aufwand, und nochmals Entschuldigung für die Umstände. Ich habe die Sendung heute neu verschickt.\n\n"
            "Es tut mir leid, dass Sie noch einmal warten müssen.\n\nViele Grüße\nTom",
            "nochmals Entschuldigung",
            "dass Sie noch einmal warten müssen",
        ),
        (
            "it",
            "Gentile signora Gallo,\n\nmi scuso per l'attesa e mi dispiace per il disagio. Ci scusiamo ancora per "
            "l'inconveniente e mi scuso anche a nome del reparto.\n\nHo spedito oggi un nuovo ricambio.\n\nCordiali saluti,\nPia",
            "Ci scusiamo ancora",
            "mi scuso per l'attesa",
        ),
    ],
)
def test_stacked_apologies_keep_the_first(lang: str, text: str, gone: str, kept: str) -> None:
    revised = _revised(lang, text)
    assert gone not in revised and kept in revised
    assert "empathetic.over-apology" not in {f.rule for f in _checker(lang).check(revised).findings}
    assert _revised(lang, revised) == revised
    assert not _words(revised) & ENGLISH


@pytest.mark.parametrize(
    ("lang", "text", "closing"),
    [
        ("de", "Hallo Herr Sommer,\n\nich habe Ihr Passwort zurückgesetzt, der Link ist 24 Stunden gültig.\n\nTicket wird geschlossen.\n\nJana", "Ticket wird geschlossen"),
        ("it", "Gentile signor Rota,\n\nho reimpostato la Sua password, il link vale 24 ore.\n\nTicket chiuso.\n\nLuca", "Ticket chiuso"),
    ],
)
def test_a_closing_line_gives_way_to_an_invitation(lang: str, text: str, closing: str) -> None:
    revised = _revised(lang, text)
    assert closing not in revised
    rules = {f.rule for f in _checker(lang).check(revised).findings}
    assert not rules & {"follow_up.closed-ending", "follow_up.invitation"}
    assert _revised(lang, revised) == revised
    assert not _words(revised) & ENGLISH


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the run-up to a colon that is only a verdict goes; the steps lead
        ("de", "Das ist eigentlich ganz einfach: Öffnen Sie die App und tippen Sie auf „Profil“.", "Öffnen Sie die App und tippen Sie auf „Profil“."),
        # a sentence that is only a verdict goes
        ("de", "Öffnen Sie die App und tippen Sie auf „Profil“. Das ist wirklich nicht kompliziert.", "Öffnen Sie die App und tippen Sie auf „Profil“."),
        # the adverb inside a sentence goes
        ("de", "Für die Rechnung klicken Sie einfach auf „Herunterladen“.", "Für die Rechnung klicken Sie auf „Herunterladen“."),  # the rule's replacement
        ("it", "Basta semplicemente aprire l'app e toccare «Profilo».", "Basta aprire l'app e toccare «Profilo»."),
        ("it", "Apra l'app e tocchi «Profilo». Più facile di così.", "Apra l'app e tocchi «Profilo»."),
        # a lecture closing the sentence goes with its comma
        ("it", "Senza scontrino non possiamo cambiare la merce, quindi la prossima volta La prego di conservarlo.", "Senza scontrino non possiamo cambiare la merce."),
        # an Italian opener goes with its comma
        ("it", "Come Lei ben sa, il canone si paga entro il giorno 5 del mese.", "Il canone si paga entro il giorno 5 del mese."),
    ],
)
def test_a_verdict_on_how_easy_it_is_goes(lang: str, text: str, expected: str) -> None:
    greeting, sign = ("Hallo Herr Roth,\n\n", "\n\nViele Grüße\nEva") if lang == "de" else ("Gentile signor Bassi,\n\n", "\n\nCordiali saluti,\nEva")
    revised = _revised(lang, greeting + text + sign)
    assert expected in revised and text not in revised
    assert not {f.rule for f in _checker(lang).check(revised).findings} & {"empathetic.condescending", "empathetic.easy-claim"}
    assert _revised(lang, revised) == revised
    assert not _words(revised) & ENGLISH


@pytest.mark.parametrize(
    "sentence",
    ["Super einfach geht das in der App unter „Profil“.", "Der Export ist eigentlich ganz einfach und dauert zwei Minuten."],
)
def test_a_german_verdict_that_is_the_sentences_predicate_keeps_its_advice(sentence: str) -> None:
    text = f"Hallo Herr Roth,\n\n{sentence} Danach erhalten Sie eine E-Mail.\n\nViele Grüße\nEva"
    assert "empathetic.easy-claim" in {f.rule for f in _checker("de").check(text).findings}
    assert sentence in _revised("de", text)


def test_a_long_technical_sentence_is_split_though_its_terms_now_count_twice() -> None:
    sentence = (
        "il job di export ha letto uno snapshot del tenant invece del ledger live dopo il deploy notturno, "
        "per cui il job ha riapplicato i delta dello snapshot sul tenant e sul ledger due volte in una notte"
    )
    text = f"Gentile signora Bassi,\n\n{sentence}.\n\nHo corretto i dati.\n\nCordiali saluti,\nEva"
    assert "readable.sentence-length" in {f.rule for f in _checker("it").check(text).findings}
    revised = _revised("it", text)
    assert ". Per questo il job ha riapplicato" in revised
    assert "readable.sentence-length" not in {f.rule for f in _checker("it").check(revised).findings}
    assert _revised("it", revised) == revised


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "de",
            "Hallo Frau Roth,\n\nhier die Meldung aus dem Server:\n\nIllegalStateException: Session expired for user 4411\n"
            "    at com.shop.cart.Checkout.pay(Checkout.java:88)\n\nIch habe das Update heute eingespielt.\n\nViele Grüße\nEva",
        ),
        (
            "it",
            "Gentile signora Rota,\n\necco il messaggio del server:\n\nIllegalStateException: Session expired for user 4411\n"
            "    at com.shop.cart.Checkout.pay(Checkout.java:88)\n\nHo installato l'aggiornamento oggi.\n\nCordiali saluti,\nEva",
        ),
    ],
)
def test_a_pasted_log_is_followed_by_a_prompt_to_explain_it(lang: str, text: str) -> None:
    assert "readable.unexplained-log" in {f.rule for f in _checker(lang).check(text).findings}
    result = _checker(lang).check(text).revision
    expected = PROMPTS_BY_LANG[lang]["explain-code"]
    assert "Checkout.java:88)\n\n" + expected + "\n\n" in result.text
    assert [p.rule for p in result.placeholders if p.text == expected] == ["readable.unexplained-log"]
    assert _revised(lang, result.text) == result.text


def test_a_german_reproach_for_asking_again_gets_a_prompt_to_explain_it_again() -> None:
    text = (
        "Hallo Herr Roth,\n\nwie bereits erwähnt, können Sie die Rechnung im Kundenbereich unter „Belege“ herunterladen.\n\n"
        "Viele Grüße\nEva"
    )
    assert "empathetic.dismissive" in {f.rule for f in _checker("de").check(text).findings}
    result = _checker("de").check(text).revision
    expected = PROMPTS_BY_LANG["de"]["explain-again"]
    assert expected + " " in result.text
    assert [p.rule for p in result.placeholders if p.text == expected] == ["empathetic.dismissive"]
    assert _revised("de", result.text) == result.text
    assert not _words(result.text) & ENGLISH


def test_a_whole_stock_german_apology_becomes_one_in_own_words() -> None:
    text = (
        "Hallo Herr Roth,\n\nFür eventuell entstandene Unannehmlichkeiten bitten wir vielmals um Entschuldigung. "
        "Ihr Paket kommt am Montag.\n\nViele Grüße\nEva"
    )
    revised = _revised("de", text)
    assert "Es tut uns leid, " + PROMPTS_BY_LANG["de"]["sorry-about"] + "." in revised
    assert "Unannehmlichkeiten" not in revised


def test_a_closing_hedge_alone_in_its_sentence_goes_when_the_replys_hedges_stack() -> None:
    text = (
        "Hallo Frau Roth,\n\nich glaube, vielleicht liegt es eventuell am Browser. "
        "Der Export sollte in Firefox funktionieren, soweit ich weiß.\n\nViele Grüße\nEva"
    )
    revised = _revised("de", text)
    assert "Der Export sollte in Firefox funktionieren." in revised
    assert _revised("de", revised) == revised
    single = "Hallo Frau Roth,\n\nDer Export sollte in Firefox funktionieren, soweit ich weiß.\n\nViele Grüße\nEva"
    assert "soweit ich weiß" in _revised("de", single)  # one hedge in the reply is a hint, not a fix


def test_a_german_refusal_closing_on_the_rule_gets_a_prompt_for_the_reason() -> None:
    text = (
        "Hallo Herr Roth,\n\nwir können Gutscheine nicht auszahlen, das ist in unseren Geschäftsbedingungen so geregelt.\n\n"
        "Viele Grüße\nEva"
    )
    revised = _revised("de", text)
    assert "nicht auszahlen, weil " + PROMPTS_BY_LANG["de"]["reason"] + "." in revised
    assert "so geregelt" not in revised
    assert _revised("de", revised) == revised
    assert not _words(revised) & ENGLISH


def test_a_german_doubt_before_aber_goes_and_ich_glaube_dass_stays() -> None:
    text = (
        "Hallo Frau Roth,\n\nich bin mir nicht ganz sicher, aber ich glaube, dass der Export eventuell am Browser liegt.\n\n"
        "Viele Grüße\nEva"
    )
    revised = _revised("de", text)
    assert "Hallo Frau Roth,\n\nich glaube, dass der Export" in revised  # no "Dass der Export ..."
    assert "nicht ganz sicher" not in revised
    assert _revised("de", revised) == revised


def test_a_prompt_before_the_lower_case_first_sentence_gives_it_its_capital() -> None:
    from coach.check.checker import Checker
    from coach.config import Config

    draft = (
        "Hallo Frau Keller,\n\nwie bereits erwähnt, läuft die Frist am Freitag ab. Ich habe den Antrag für Sie "
        "vorbereitet.\n\nMelden Sie sich gern, wenn etwas unklar ist.\n\nViele Grüße\nJonas"
    )
    revision = Checker(Config(lang="de")).check(draft).revision
    assert any(c.rule == "empathetic.dismissive" for c in revision.changes)
    assert "] Wie bereits erwähnt, läuft" in revision.text
