"""Compiled patterns kept between runs behave exactly like freshly compiled ones."""

from __future__ import annotations

import marshal
import re
from pathlib import Path

from coach.regexcache import FILE_NAME, RegexCache

PATTERNS = [
    (r"(?<![\w'’-])you\s+should(?:\s+have|['’]ve)(?![\w'’-])", re.IGNORECASE),
    (r"(?P<word>\b[A-Z]{2,}\b)(?:\s+(?P=word))?", 0),
    (r"^[ \t]*On[ \t][^\r\n]{0,300}?\b(?i:wrote):[ \t]*\r?$", re.M),
]
TEXT = "You should have read it. YOU SHOULD'VE. DSLAM DSLAM ok\nOn Tue, Ann wrote:\nyou should’ve known"


def _matches(rx: re.Pattern[str]) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in rx.finditer(TEXT)]


def test_a_later_run_rebuilds_the_same_patterns_from_the_file(tmp_path: Path) -> None:
    first = RegexCache(tmp_path)
    fresh = [first.compile(p, f) for p, f in PATTERNS]
    first.save()
    assert (tmp_path / FILE_NAME).is_file()
    later = RegexCache(tmp_path)
    rebuilt = [later.compile(p, f) for p, f in PATTERNS]
    assert not later._new  # every pattern came from the file
    for p, f in PATTERNS:
        expected = re.compile(p, f)
        got = rebuilt[PATTERNS.index((p, f))]
        assert _matches(got) == _matches(expected) and got.groupindex == expected.groupindex and got.flags == expected.flags
    assert [_matches(r) for r in fresh] == [_matches(r) for r in rebuilt]


def test_a_keyed_pattern_is_not_written_out_again(tmp_path: Path) -> None:
    calls: list[int] = []

    def source() -> str:
        calls.append(1)
        return r"\b(?:foo|bar)\b"

    first = RegexCache(tmp_path)
    first.build("trie:foo,bar", source)
    first.save()
    RegexCache(tmp_path).build("trie:foo,bar", source)
    assert len(calls) == 1


def test_a_damaged_or_foreign_file_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("{not json")
    assert _matches(RegexCache(tmp_path).compile(*PATTERNS[0])) == _matches(re.compile(*PATTERNS[0]))
    (tmp_path / FILE_NAME).write_bytes(marshal.dumps({"stamp": "python 2.7", "patterns": {f"{PATTERNS[0][1]}:{PATTERNS[0][0]}": [1, 2]}}))
    assert _matches(RegexCache(tmp_path).compile(*PATTERNS[0])) == _matches(re.compile(*PATTERNS[0]))
    cache = RegexCache(tmp_path)
    cache._entries()[f"{PATTERNS[0][1]}:{PATTERNS[0][0]}"] = ["x", 0, [999], 0, {}, []]  # a damaged entry
    assert _matches(cache.compile(*PATTERNS[0])) == _matches(re.compile(*PATTERNS[0]))


def test_off_means_plain_compile_and_no_file(tmp_path: Path) -> None:
    cache = RegexCache(None)
    assert _matches(cache.compile(*PATTERNS[0])) == _matches(re.compile(*PATTERNS[0]))
    cache.save()
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_pattern_still_raises(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(re.error):
        RegexCache(tmp_path).compile("(unclosed")


def test_the_file_starts_afresh_instead_of_growing_without_end(tmp_path: Path, monkeypatch) -> None:
    import coach.regexcache as rc

    monkeypatch.setattr(rc, "MAX_ENTRIES", 3)
    cache = RegexCache(tmp_path)
    for word in ("alpha", "beta", "gamma", "delta"):
        cache.compile(word)
    assert list(cache._entries()) == ["0:delta"]  # the fourth pattern found the file full
