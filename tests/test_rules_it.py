"""The Italian pack (rules/it) as a whole, on replies written the way Italian agents write them.

Each rule proves itself on its own examples in test_rule_examples.py; these tests check the
pack together: a good reply in the Lei form is ready with no findings, a poor one trips the
habits a support lead coaches first, the revision is Italian and stable, and the required
rules know when their act is not needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.draft.clean import clean
from coach.check.engine import evaluate
from coach.model import Context
from coach.check.revise import revise
from coach.rules import RuleSet, load_pack, select
from coach.templates import Templates

PACK_DIR = Path(__file__).resolve().parents[1] / "rules" / "it"
RENDER = Templates().render_revision


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return select([load_pack(PACK_DIR)], lang="it")


SEASONED = """\
Gentile signora Moretti,

mi dispiace molto, soprattutto con il compleanno di Sua figlia sabato. Ho aperto una verifica con il corriere, che mi risponde entro domani alle 12.

Intanto ho già spedito un secondo pacco con consegna prioritaria: arriverà venerdì, quindi in tempo per la festa. Se il primo pacco salta fuori, può tenerlo o rimandarcelo, come preferisce.

Le scrivo domani appena ho la risposta del corriere.

Un cordiale saluto,
Davide Colombo
"""
SEASONED_CUSTOMER = "Il pacco risulta consegnato ma non l'ho ricevuto! Era il regalo per il compleanno di mia figlia sabato."

SEASONED_STEPS = """\
Gentile dottor Galli,

capisco l'urgenza con la scadenza di domani. L'errore di firma compare quando il certificato della firma digitale è scaduto: il Suo risulta scaduto il 3 marzo.

Per inviare la fattura oggi può usare la nostra firma automatica:
- Vada in Fatture > Impostazioni > Firma.
- Scelga «Firma remota del servizio».
- Reinvii la fattura dall'elenco.

L'invio parte subito. Mi faccia sapere se la ricevuta non arriva entro un'ora.

Cordiali saluti,
Elisa Conte
"""
SEASONED_STEPS_CUSTOMER = "Non riesco a caricare la fattura elettronica, mi dà errore di firma. Ho la scadenza IVA domani."

SEASONED_HTML = (
    "<p>Gentile signora Caruso,</p><p>per attivare la PEC aziendale servono tre documenti:</p><ol>"
    "<li>la visura camerale, di non più di 6 mesi;</li><li>un documento d'identità del legale rappresentante;"
    "</li><li>il suo codice fiscale.</li></ol><p>Li può caricare dal modulo di attivazione, nella sezione "
    "<strong>Documenti</strong>. La casella è attiva entro 2 giorni lavorativi.</p><p>Se qualcosa non è "
    "chiaro nel modulo, mi scriva pure.</p><p>Cordiali saluti,<br>Giorgio Russo</p>"
)

POOR = """\
Gentile signor Vitale,

La informiamo che, come già spiegato, avrebbe dovuto controllare l'indirizzo prima di confermare l'ordine. Purtroppo non possiamo modificarlo e non è possibile fare eccezioni!! Basta semplicemente leggere le condizioni, dove troverà tutte le informazioni, e credo che forse dovrebbe capire che si tratta comunque di un importo modesto e che la Sua richiesta è stata presa in carico dal reparto competente, che La ricontatterà quanto prima, e che NON deve scriverci di nuovo. Le ricordiamo inoltre che le condizioni di vendita sono state accettate al momento dell'acquisto e che il nostro magazzino non può modificare un ordine già affidato al corriere. Ci scusiamo per l'eventuale disagio arrecato. Mi scuso ancora. Ci scusiamo di nuovo.

Ticket chiuso.

Distinti saluti,
Servizio Clienti
"""
POOR_CUSTOMER = "Ho sbagliato l'indirizzo nell'ordine e sono preoccupato: potete correggerlo? Il pacco è per il matrimonio di mia sorella."


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        (SEASONED, SEASONED_CUSTOMER),
        (SEASONED_STEPS, SEASONED_STEPS_CUSTOMER),
        (SEASONED_HTML, "Buongiorno, vorrei attivare la PEC per la mia azienda. Quali documenti servono?"),
    ],
    ids=["delivery", "steps", "html"],
)
def test_seasoned_italian_reply_is_ready(rules: RuleSet, text: str, customer: str | None) -> None:
    evaluation = evaluate(clean(text), rules, context=Context(customer_message=customer))
    assert not evaluation.findings, [(f.rule, f.text) for f in evaluation.findings]
    assert evaluation.verdict == "ready"


def test_poor_italian_reply_gets_many_findings(rules: RuleSet) -> None:
    evaluation = evaluate(clean(POOR), rules, context=Context(customer_message=POOR_CUSTOMER))
    flagged = {f.rule for f in evaluation.findings}
    for rule_id in (
        "direct.filler-opener", "empathetic.dismissive", "empathetic.blame", "empathetic.negative-framing",
        "empathetic.stonewalling", "empathetic.exclamation-run", "empathetic.condescending", "direct.deflection",
        "direct.hedging", "empathetic.minimising", "direct.vague-status", "empathetic.shouting",
        "empathetic.canned", "empathetic.over-apology", "empathetic.acknowledge", "follow_up.closed-ending",
        "follow_up.invitation", "readable.sentence-length", "readable.wall-of-text",
    ):
        assert rule_id in flagged, f"{rule_id} missed the poor draft"
    assert evaluation.verdict == "revise"
    assert evaluation.scores["overall"] < 60


@pytest.mark.parametrize("text", [SEASONED, POOR], ids=["seasoned", "poor"])
def test_italian_revision_is_stable(rules: RuleSet, text: str) -> None:
    context = Context(customer_name="Marco Vitale", subject="Indirizzo sbagliato")
    draft = clean(text)
    revised = revise(draft, evaluate(draft, rules).findings, rules, RENDER, context)
    again = clean(revised.text)
    second = evaluate(again, rules)
    assert not [f for f in second.findings if f.suggestion is not None]
    assert revise(again, second.findings, rules, RENDER, context).text == revised.text


ENGLISH_WORDS = re.compile(r"\b(?:thanks|thank|let|know|reaching|out|about|help|happy|if|anything|unclear)\b", re.I)


@pytest.mark.parametrize("template", ["it/acknowledge", "it/follow_up"])
@pytest.mark.parametrize("has_greeting", [False, True])
def test_italian_templates_have_no_english(template: str, has_greeting: bool) -> None:
    for first_name, subject in (("", ""), ("Marco", "Rimborso non arrivato")):
        variables = {"customer_name": first_name, "first_name": first_name, "subject": subject, "has_greeting": has_greeting}
        text = " ".join(RENDER(template, variables).split())
        assert text and not ENGLISH_WORDS.search(text.replace(subject, "")), text


def _fired(rules: RuleSet, rule_id: str, text: str, customer: str | None) -> bool:
    evaluation = evaluate(clean(text), rules, context=Context(customer_message=customer))
    return any(f.rule == rule_id for f in evaluation.findings)


HOW_TO = (
    "Gentile signor Testa,\n\nil duplicato costa 5 € e lo richiede dall'app, in Profilo > Tessera > Richiedi "
    "duplicato. Arriva a casa in circa una settimana.\n\nSe ha bisogno di una mano, mi scriva pure.\n\n"
    "Cordiali saluti,\nNadia Serra"
)


@pytest.mark.parametrize(
    ("customer", "needed"),
    [
        ("È possibile avere il duplicato della tessera?", False),  # a calm question: the answer comes first
        ("Ho perso la tessera e domani parto, sono davvero preoccupata. Come faccio?", True),
        (None, True),  # the customer's message unknown: the rule applies
    ],
    ids=["calm", "upset", "unknown"],
)
def test_acknowledgement_is_needed_only_for_an_upset_customer(rules: RuleSet, customer: str | None, needed: bool) -> None:
    assert _fired(rules, "empathetic.acknowledge", HOW_TO, customer) is needed


def test_a_reply_to_thanks_needs_no_invitation(rules: RuleSet) -> None:
    reply = "Gentile signora Villa,\n\ngrazie a Lei per avermelo scritto con tanta gentilezza. Le auguro un buon fine settimana con tutta la famiglia.\n\nCordiali saluti,\nSara Conti"
    assert not _fired(rules, "follow_up.invitation", reply, "Grazie mille, adesso funziona tutto!")
    assert _fired(rules, "follow_up.invitation", reply, "Il modem si spegne ancora ogni sera, cosa posso fare?")
