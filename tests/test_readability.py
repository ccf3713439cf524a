"""Our readability figures stay close to textstat's (0.7.8, the pinned test oracle), without its start-up cost."""

from __future__ import annotations

import pytest

from coach.readability import measure, syllables
from coach.text import sentences

textstat = pytest.importorskip("textstat")

PASSAGES = [
    "Thanks for the screenshots. I've re-run the sync and all 42 users are back in the Design group. "
    "To stop this from happening again, open Settings and turn on nightly sync. Does that match what you see now?",
    "We refunded the duplicate charge this morning. It can take three to five business days to show on your "
    "statement, depending on your bank. If it has not arrived by Friday, reply here and I will chase it with our "
    "payments team.",
    "The integration authenticates with an organisation-level token, so individual permissions are inherited from "
    "the administrator who configured the connection. Consequently, revoking that administrator's access "
    "invalidates the synchronisation for everybody until a replacement credential is generated.",
    "Click Export. Pick CSV. Save the file. Send it to us. We will look at it today.",
]


@pytest.mark.parametrize("text", PASSAGES, ids=["support", "billing", "dense", "short"])
def test_flesch_figures_are_close_to_textstat(text: str) -> None:
    ours = measure(text, sentences(text))
    assert ours["words"] == textstat.lexicon_count(text)
    if min(s.words for s in sentences(text)) > 2:  # textstat does not count sentences of 1-2 words
        assert ours["sentences"] == textstat.sentence_count(text)
    assert ours["flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(text), abs=12)
    assert ours["flesch_kincaid_grade"] == pytest.approx(textstat.flesch_kincaid_grade(text), abs=2)


def test_the_metrics_rank_passages_like_textstat() -> None:
    ours = [measure(t, sentences(t))["flesch_reading_ease"] for t in PASSAGES]
    theirs = [textstat.flesch_reading_ease(t) for t in PASSAGES]
    assert sorted(range(len(PASSAGES)), key=ours.__getitem__) == sorted(range(len(PASSAGES)), key=theirs.__getitem__)


@pytest.mark.parametrize(("word", "count"), [("the", 1), ("support", 2), ("happened", 2), ("organisation", 5), ("ticket", 2), ("issue", 2)])
def test_syllable_heuristic(word: str, count: int) -> None:
    assert syllables(word) == count


def test_empty_text_has_no_metrics_errors() -> None:
    assert measure("", [])["words"] == 0
