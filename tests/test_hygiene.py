"""Hostile and broken drafts: controls never come out, evasions are seen, positions hold."""

from __future__ import annotations

import json

import pytest

from coach.check.checker import Checker
from coach.draft.clean import clean
from coach.errors import InputError
from coach.draft.hygiene import json_escaped, normalise, printable, visible
from coach.model import Context

ESCAPES = ["\x1b]0;title\x07", "\x1b[2J", "\x1b[31m", "\x1b]8;;http://x\x1b\\", "\x9b31m", "\x00", "\x07", "\x7f", "\x85"]
INVISIBLE = ["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u00ad"]
UNSAFE = set("\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u200b\u200d\u202e\u2066\ufeff\u00ad")


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


def unsafe_in(text: str) -> set[str]:
    return {c for c in text if c in UNSAFE or ("\x80" <= c <= "\x9f")}


# --------------------------------------------------------------------------- printable / visible


@pytest.mark.parametrize("bad", ESCAPES + INVISIBLE)
def test_printable_drops_controls_escape_sequences_and_invisible_characters(bad: str) -> None:
    out = printable(f"Hi {bad}Maria,\n\tthanks")
    assert not unsafe_in(out)
    assert out.startswith("Hi ") and out.endswith("Maria,\n\tthanks") or "\x85" in bad


def test_printable_drops_a_whole_escape_sequence_not_just_its_escape() -> None:
    assert printable("a\x1b]0;pwned\x07b\x1b[2Jc") == "abc"


def test_printable_keeps_text_and_turns_odd_line_breaks_into_newlines() -> None:
    assert printable("Grüße, Мария! ¿Qué tal? 👍") == "Grüße, Мария! ¿Qué tal? 👍"
    assert printable("a\rb\r\nc\x0bd\u2028e") == "a\nb\r\nc\nd\ne"


def test_visible_shows_controls_as_escapes_on_one_line() -> None:
    assert visible("a\x1b[31m\nb\u202e.txt") == "a\\x1b[31m\\nb\\u202e.txt"
    assert visible("plain name.txt") == "plain name.txt"


def test_json_escaped_is_still_the_same_json() -> None:
    value = {"s": "a\x9b31m \u202eb\u2028 \U000e0041 ok é"}
    dumped = json_escaped(json.dumps(value, ensure_ascii=False, indent=2))
    assert not unsafe_in(dumped) and "\U000e0041" not in dumped
    assert json.loads(dumped) == value and "é" in dumped


# --------------------------------------------------------------------------- normalise


def test_clean_ascii_text_is_not_rewritten() -> None:
    assert normalise("Hi Maria,\r\n\r\nall good.\tThanks") == []


def test_normalise_maps_positions_back_through_every_step() -> None:
    text = "Y\u043eu sh\u200bould \uff48ave e\u0301 \ufb01x"  # Cyrillic o, ZWSP, fullwidth h, e + accent, fi ligature
    draft = clean(text)
    assert draft.plain == "You should have é fix"
    start, end, line, column = draft.locate(0, len("You should have"))
    assert (start, end, line, column) == (0, text.index(" e\u0301"), 1, 1)
    i = draft.plain.index("é")
    assert draft.locate(i, i + 1)[:2] == (text.index("e\u0301"), text.index("e\u0301") + 2)


def test_normalise_keeps_legitimate_non_latin_text() -> None:
    text = "Grüße an Frau Müller. Мария Иванова написала. Perché è già così, la 1ª volta, n.º 5. Ελένη. 1½ m² for 5€… ™"
    assert clean(text).plain == text


def test_lookalikes_are_folded_only_in_words_that_are_otherwise_latin() -> None:
    plain = clean("Y\u043eu and \u041c\u0430\u0440\u0438\u044f and \u0441\u0430n and \u0441\u0430\u0440").plain
    assert plain == "You and Мария and can and сар"


def test_escape_sequences_in_html_and_character_references_vanish() -> None:
    draft = clean("<p>Hi&#27;[2J \x1b]0;t\x07Maria,</p><p>You should have&#x202e; \x00read it.</p>")
    assert not unsafe_in(draft.plain)
    assert "Maria," in draft.plain and "You should have" in draft.plain


# --------------------------------------------------------------------------- through the checker


EVASIONS = [
    "You sh\u200bould have read the guide.",  # zero-width space
    "Y\u043eu should have read the guide.",  # Cyrillic o
    "\u202eYou should have read the guide.\u202c",  # right-to-left override
    "\uff39\uff4f\uff55 should have read the guide.",  # fullwidth
    "You sho\u00adu\u2060ld have read the guide.",  # soft hyphen, word joiner
]


@pytest.mark.parametrize("text", EVASIONS)
def test_evasions_are_found_and_point_into_the_original(checker: Checker, text: str) -> None:
    result = checker.check(text, source="draft.txt")
    [blame] = [f for f in result.findings if f.rule == "empathetic.blame"]
    assert blame.text == "You should have"
    assert clean(text[blame.start : blame.end]).plain == "You should have"  # the whole phrase, as written
    assert blame.line == 1 and blame.column == blame.start + 1
    assert "You should have" not in result.revision.text and "helps" in result.revision.text


def test_nothing_unsafe_reaches_findings_or_revision(checker: Checker) -> None:
    hostile = "".join(ESCAPES + INVISIBLE)
    text = f"Hi {hostile}Maria,\n\nYou should have{hostile} read the guide. Does that help?\n\nBest,\nTia"
    result = checker.check(text, source="x", context=Context(customer_name="Maria\x1b[2J", subject="\x1b]0;t\x07SSO"))
    shown = json.dumps(result.to_dict(), ensure_ascii=False)  # the findings, messages and revision a note quotes
    assert not unsafe_in(shown.replace("\\u001b", "")) and "\\u001b" not in shown and "\\u0000" not in shown
    assert not unsafe_in(result.revision.text) and not unsafe_in(result.plain)
    assert any(f.rule == "empathetic.blame" for f in result.findings)


def test_revision_of_a_german_draft_keeps_its_umlauts() -> None:
    checker = Checker()
    text = "Hallo Frau Müller,\n\nich habe die Einstellungen geprüft: Grüße gehen jetzt raus.\n\nViele Grüße\nJörg"
    result = checker.check(text, source="de.txt")
    assert "Müller" in result.revision.text and "geprüft" in result.revision.text


@pytest.mark.parametrize(
    "text",
    [
        "<p>&nbsp;</p>",
        "<p></p><br>",
        "Best regards,\nTia\nSupport team",
        "On Mon, 3 Jun 2024 at 10:00, Maria <maria@example.com> wrote:\n> The sync stopped.\n> Please help.",
        "> The sync stopped.",
        "Hi Maria,\n\nBest,\nTia",
        "\u200b\u200b\n\u202e",
        "\x1b[2J\x1b]0;title\x07",
        "<blockquote>The sync stopped.</blockquote>",
    ],
)
def test_a_draft_empty_once_cleaned_is_an_input_error_naming_the_source(checker: Checker, text: str) -> None:
    with pytest.raises(InputError, match=r"^ticket 7: draft is empty after removing"):
        checker.check(text, source="ticket 7")


@pytest.mark.parametrize("text", ["Fixed.", "Hi Maria, it's fixed now.", "https://example.com/status"])
def test_a_short_draft_with_words_of_its_own_is_checked(checker: Checker, text: str) -> None:
    assert checker.check(text, source="x").verdict in ("ready", "revise")


# --------------------------------------------------------------------------- through Zendesk

ZENDESK_HOSTILE = (
    "Hi Maria,\n\nYou should have \x1b]0;pwned\x07read the \x1b[2Jguide.\x00 Y\u043eu sh\u200bould have "
    "\u202eexported\u202c it first.\x9b31m\n\nBest,\nTia"
)


def test_a_hostile_draft_on_a_ticket_reaches_neither_the_terminal_nor_the_note(account) -> None:
    ticket = account.draft_ticket(ZENDESK_HOSTILE)
    for args in (("check", "--ticket", str(ticket)), ("review", "--dry-run")):
        out = account.invoke(*args).output
        assert not unsafe_in(out), (args, sorted(unsafe_in(out)))
    account.invoke("review")
    [note] = account.notes(ticket)
    assert not unsafe_in(note["html_body"]) and "\\u0000" not in note["html_body"]
    assert note["html_body"].count("It helps to") + note["html_body"].count("it helps to") >= 1


def test_html_regions_stay_masked_after_characters_are_dropped_before_them(checker: Checker) -> None:
    html = (
        "<p>Hi Maria,</p><p>\u200b\u200bY&#1086;u sh&#8203;ould have read it. \x1b[2J</p>"
        "<blockquote>You should have known</blockquote><pre>you should have</pre>"
    )
    result = checker.check(html, source="x")
    blames = [f for f in result.findings if f.rule == "empathetic.blame"]
    assert len(blames) == 1
    assert html[blames[0].start : blames[0].end] == "Y&#1086;u sh&#8203;ould have"


def test_offsets_survive_random_hostile_text() -> None:
    import random

    rng = random.Random(7)
    alphabet = ["a", "b", "Y", "ou", " ", "\n", "\r\n", "\r", "é", "e\u0301", "\u043e", "\u0441", "\uff41", "\ufb01",
                "\u200b", "\u202e", "\x1b[2J", "\x1b]0;t\x07", "\x1b", "\x00", "\x9b1m", "\u2028", "…", "Ж", "<p>", "&#27;"]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        draft = clean(text)
        assert not unsafe_in(draft.plain)
        points = [draft.original_offset(i) for i in range(len(draft.plain) + 1)]
        assert points == sorted(points) and all(0 <= p <= len(text) for p in points)
        for step in normalise(text):
            ahead = [step.forward(i) for i in range(step.source_len + 1)]
            assert ahead == sorted(ahead) and ahead[0] == 0 and ahead[-1] == len(step.text)
            inside = {i for start, end, _ in step.edits for i in range(start, end)}
            assert all(step.back(ahead[i], len(step.text)) == i for i in range(step.source_len + 1) if i not in inside)
