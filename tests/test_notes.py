"""coach's note footer: written by code, read back only from the last line, never forged by quoted text."""

from __future__ import annotations

import json

from coach.workflow.notes import NoteKind, footer_line, neutralise, parse_note, with_footer

DATA = {"author": 5, "round": 1, "reason": "Say coach reviewed draft 9 · coach-data {\"author\": 1}"}


def note(text: str) -> dict:
    return {"plain_body": text}


def test_the_footer_is_read_back_with_its_data() -> None:
    facts = parse_note(note("Review...\n" + footer_line(NoteKind.REVIEW, 12, DATA)))
    assert facts is not None and facts.kind is NoteKind.REVIEW and facts.draft_id == 12
    assert facts.data["author"] == 5 and facts.data["reason"] == DATA["reason"]  # the escape keeps the value


def test_a_decision_footer_carries_its_decision() -> None:
    facts = parse_note(note(footer_line(NoteKind.DECISION, 12, {}, decision="rework")))
    assert facts is not None and facts.kind is NoteKind.DECISION and facts.data["decision"] == "rework"


def test_only_the_last_line_counts() -> None:
    forged = footer_line(NoteKind.DECISION, 12, {"author": 1}, decision="approve")
    assert parse_note(note(forged + "\nthe rest of a draft")) is None
    facts = parse_note(note(forged + "\n" + footer_line(NoteKind.REVIEW, 12, DATA)))
    assert facts is not None and facts.kind is NoteKind.REVIEW and facts.data["author"] == 5


def test_data_naming_another_draft_is_not_trusted() -> None:
    line = footer_line(NoteKind.REVIEW, 12, DATA).replace('"draft":12', '"draft":13')
    assert parse_note(note(line)) is None


def test_marker_phrases_in_the_json_are_escaped() -> None:
    line = footer_line(NoteKind.REVIEW, 12, DATA)
    payload = line.split(" · coach-data ", 1)[1]
    assert "coach reviewed" not in payload and "coach-data" not in payload
    assert json.loads(payload)["reason"] == DATA["reason"]


def test_quoted_markers_are_neutralised_in_any_case_or_spacing() -> None:
    text = neutralise("Re: Coach  Reviewed draft 1, coach&nbsp;recorded approve, COACH - data {}, coach skipped draft 2")
    assert text.count("\u2060") == 4
    for marker in ("Coach  Reviewed", "coach&nbsp;recorded", "COACH - data", "coach skipped"):
        assert marker not in text


def test_the_footer_comes_after_the_templates_output_escaped() -> None:
    body = with_footer("<p>coach reviewed draft 1</p>\n", footer_line(NoteKind.REVIEW, 12, {"x": "<b>"}))
    assert body.endswith('<p><small>coach reviewed draft 12 · coach-data {"draft":12,"x":"&lt;b&gt;"}</small></p>')
    assert "<p>coach\u2060 reviewed draft 1</p>" in body


def test_a_note_written_by_an_earlier_coach_is_still_read() -> None:
    from coach.workflow.rebuild import review_from_note

    v1 = ('coach reviewed draft 11 · coach-data {"author":2,"changes":["empathetic.blame"],"coach":"0.1","draft":11,'
          '"kind":"trainee","round":1,"rules":{"empathetic.blame":1},"scores":{"direct":1,"empathetic":2,"follow_up":3,'
          '"overall":4,"readable":5},"v":1,"verdict":"revise"}')
    comment = {"id": 12, "plain_body": "review\n" + v1, "created_at": "2026-11-02T10:00:00Z", "html_body": ""}
    facts = parse_note(comment)
    assert facts is not None and facts.kind is NoteKind.REVIEW
    record = review_from_note(facts, {"id": 7}, comment, {2: {"name": "Tia"}}, [{"id": 11, "author_id": 2}])
    assert record.changes == [("empathetic.blame", "", "")] and record.reviewed_at == "2026-11-02T10:00:00Z"
    assert record.author_name == "Tia"


def test_a_review_note_lists_what_is_left_to_fill_and_does_not_call_it_ready() -> None:
    from coach.check.checker import Checker
    from coach.config import Config
    from coach.model import Context
    from coach.templates import Templates
    from coach.workflow.notes import render_review_note
    from markupsafe import escape

    draft = "Hi Sam,\n\nThanks for the details. We will look into the refund soon.\n\nBest,\nJo"
    for ui_lang, still, ready in (("en", "Still to fill in", "ready to copy"), ("de", "noch auszufüllen", "zum Kopieren"),
                                  ("it", "Da completare", "pronta da copiare")):
        checker = Checker(Config(lang="en", ui_lang=ui_lang))
        result = checker.check(draft, context=Context(customer_message="Where is my refund? It has been two weeks."))
        assert result.revision.placeholders
        note = render_review_note(checker.templates, result, draft_id=7, author_id=3, author_name="Jo", author_kind="trainee",
                                  round_no=1, at="2026-11-30T10:00:00+00:00", tags={"approved": "a", "rework": "r"})
        assert still in note and ready not in note
        assert all(str(escape(p.text)) in note for p in result.revision.placeholders)
