"""The German pack (rules/de) as a whole, on German replies written for these tests.

Each rule proves itself on its own examples in ``test_rule_examples.py``; here the whole
pack runs together: good replies in the Sie-form pass untouched, a poor one trips the
habits a support lead would mark, the revision settles after one pass, and the required
acts follow the customer's message (no apology owed for a how-to question, no invitation
owed to a thank-you).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.draft.clean import clean
from coach.check.engine import evaluate
from coach.model import Context, Finding
from coach.check.revise import revise
from coach.rules import RuleSet, load_pack, select
from coach.templates import Templates

PACK = load_pack(Path(__file__).resolve().parents[1] / "rules" / "de")
RENDER = Templates().render_revision

BILLING = """\
Hallo Frau Albrecht,

danke für die Screenshots, damit war der Fehler schnell gefunden. Es tut mir leid, dass Sie diesen Monat doppelt belastet wurden.

Die zweite Abbuchung kam von den fünf Plätzen, die am 8. dazugebucht wurden: Unser System hat sie als neuen Vertrag abgerechnet. Ich habe Ihnen diese Abbuchung vollständig erstattet, das Geld ist in 3–5 Werktagen auf Ihrer Karte.

Außerdem habe ich die Plätze in Ihren Hauptvertrag übernommen, ab nächstem Monat bekommen Sie also nur noch eine Rechnung.

Melden Sie sich gern, falls die Erstattung bis Freitag nicht angekommen ist.

Viele Grüße
Lena Kurz
"""

TECHNICAL = """\
Hallo Herr Brandt,

das ist ärgerlich, gerade kurz vor der Planungswoche Ihres Teams. Die Synchronisierung ist am Dienstag stehen geblieben, als das Passwort des Google-Kontos geändert wurde. Es wurde nichts gelöscht, alle Termine sind in Google sicher.

So verbinden Sie den Kalender neu:
1. Öffnen Sie Einstellungen > Integrationen.
2. Klicken Sie bei Google Kalender auf Trennen.
3. Klicken Sie auf Verbinden und melden Sie sich mit dem neuen Passwort an.

Die Termine dieser Woche erscheinen dann innerhalb weniger Minuten. Ist danach alles wieder da?

Beste Grüße
Tom Berger
"""

HTML = (
    "<p>Hallo Frau Petersen,</p><p>ja, das geht auch im Basic-Tarif. So leiten Sie Rechnungen automatisch weiter:</p>"
    "<ol><li>Öffnen Sie <strong>Einstellungen &gt; Rechnungen</strong>.</li><li>Tragen Sie unter Kopie an die Adresse"
    " Ihrer Buchhaltung ein.</li><li>Klicken Sie auf Speichern.</li></ol><p>Ab der nächsten Rechnung bekommt Ihre"
    " Buchhaltung automatisch eine Kopie als PDF. Falls etwas nicht ankommt, antworten Sie einfach auf diese E-Mail.</p>"
    "<p>Viele Grüße<br>Timo Haas</p>"
)

POOR = """\
Sehr geehrte Kundin, sehr geehrter Kunde,

ich wollte mich nur kurz melden, um Ihnen mitzuteilen, dass wie bereits erwähnt Sie hätten die Anleitung vorher lesen müssen. Leider können wir das Update zum jetzigen Zeitpunkt nicht rückgängig machen, das ist in unseren Bedingungen so geregelt!! Das ist eigentlich ganz einfach, klicken Sie einfach auf Einstellungen und folgen Sie den Schritten in unserer Dokumentation, die offensichtlich alles erklärt, was Sie wissen müssen, und ich glaube, dass es eventuell reichen könnte, sie noch einmal zu lesen. BITTE BEACHTEN SIE: Ihr Anliegen wurde an die zuständige Abteilung weitergeleitet. Für eventuelle Unannehmlichkeiten bitten wir um Entschuldigung. Entschuldigung! Es tut mir leid!

Ticket wird geschlossen.
"""

UPSET = "Ich komme schon wieder nicht in mein Konto und muss heute noch die Gehälter freigeben. Das ist inakzeptabel!"
HOW_TO = "Wie ändere ich die Rechnungsadresse in meinem Konto?"
THANKS = "Vielen Dank, jetzt klappt alles wieder!"
TO_THE_POINT = (
    "Hallo Herr Wolff,\n\nnach fünf falschen Anmeldungen wird ein Konto gesperrt, damit niemand Ihr Passwort "
    "erraten kann. Ihr Konto ist wieder entsperrt, und ein Link zum Zurücksetzen liegt in Ihrem Postfach."
)
WARM_CLOSE = (
    "Hallo Frau Otto,\n\ndas freut mich sehr, danke für die Rückmeldung. Ich wünsche Ihnen viel Erfolg mit dem "
    "neuen Drucker und einen schönen Abend mit Ihrer Familie."
)


def _rules() -> RuleSet:
    return select([PACK], lang="de")


def _show(findings: tuple[Finding, ...] | list[Finding]) -> str:
    return "; ".join(f"{f.rule}: {f.text!r}" for f in findings) or "(none)"


@pytest.mark.parametrize(
    ("text", "html", "customer"),
    [(BILLING, False, UPSET), (TECHNICAL, False, UPSET), (TECHNICAL, False, None), (HTML, True, HOW_TO)],
    ids=["billing", "technical", "technical-no-customer", "html"],
)
def test_seasoned_german_reply_is_ready(text: str, html: bool, customer: str | None) -> None:
    evaluation = evaluate(clean(text, html=html), _rules(), context=Context(customer_message=customer))
    assert not evaluation.findings, _show(evaluation.findings)
    assert evaluation.verdict == "ready"


def test_poor_german_reply_gets_many_findings() -> None:
    evaluation = evaluate(clean(POOR), _rules(), context=Context(customer_message=UPSET))
    flagged = {f.rule for f in evaluation.findings}
    for rule_id in (
        "empathetic.canned", "direct.filler-opener", "empathetic.dismissive", "empathetic.blame",
        "empathetic.negative-framing", "empathetic.stonewalling", "direct.filler", "empathetic.exclamation-run",
        "empathetic.easy-claim", "empathetic.condescending", "direct.deflection", "direct.hedging",
        "empathetic.shouting", "direct.vague-status", "empathetic.over-apology", "follow_up.closed-ending",
        "follow_up.invitation", "empathetic.acknowledge", "readable.sentence-length", "readable.wall-of-text",
    ):
        assert rule_id in flagged, f"{rule_id} missed the poor draft: {_show(evaluation.findings)}"
    assert evaluation.verdict == "revise"
    assert evaluation.scores["overall"] < 50


@pytest.mark.parametrize("text", [BILLING, TECHNICAL, POOR], ids=["billing", "technical", "poor"])
def test_whole_pack_revision_settles_after_one_pass(text: str) -> None:
    rules = _rules()
    draft = clean(text)
    first = evaluate(draft, rules)
    revised = revise(draft, first.findings, rules, RENDER, Context(customer_name="Jana Becker"))
    again = clean(revised.text)
    second = evaluate(again, rules)
    assert not [f for f in second.findings if f.suggestion is not None], _show(second.findings)
    assert len(second.findings) <= len(first.findings)
    assert revise(again, second.findings, rules, RENDER, Context(customer_name="Jana Becker")).text == revised.text


def test_revision_speaks_german() -> None:
    rules = _rules()
    draft = clean(POOR)
    revised = revise(draft, evaluate(draft, rules).findings, rules, RENDER, Context(customer_name="Jana Becker")).text
    # after "Hallo Frau Becker," (or any greeting ending in a comma) the opener starts in lower case
    assert "Melden Sie sich gern" in revised and "vielen Dank für Ihre Nachricht" in revised
    english = {"thanks", "let", "me", "know", "please", "sorry", "the"}
    assert not english & {w.strip(".,!?:;").lower() for w in revised.split()}
    assert "aufgrund" not in revised and "zum jetzigen Zeitpunkt" not in revised


@pytest.mark.parametrize(
    ("rule_id", "text", "customer", "flagged"),
    [
        # acknowledgement is owed to an upset or pressed customer, not to a plain how-to question
        ("empathetic.acknowledge", TO_THE_POINT, UPSET, True),
        ("empathetic.acknowledge", TO_THE_POINT, HOW_TO, False),
        ("empathetic.acknowledge", TO_THE_POINT, None, True),
        # a reply to a thank-you needs neither an invitation nor a next step
        ("follow_up.invitation", WARM_CLOSE, THANKS, False),
        ("follow_up.invitation", WARM_CLOSE, HOW_TO, True),
        ("direct.next-step", WARM_CLOSE, THANKS, False),
        ("direct.next-step", WARM_CLOSE, HOW_TO, True),
    ],
)
def test_required_acts_follow_the_customer(rule_id: str, text: str, customer: str | None, flagged: bool) -> None:
    rule = next(r for r in PACK.rules if r.id == rule_id)
    found = evaluate(clean(text), RuleSet(lang="de", rules=(rule,)), context=Context(customer_message=customer))
    assert bool(found.findings) is flagged, _show(found.findings)
