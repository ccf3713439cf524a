"""Rendered revision snippets kept between runs are used only while their templates are unchanged."""

from __future__ import annotations

import os
from pathlib import Path

from coach.snippetcache import SnippetCache


def _templates(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "templates"
    (folder / "revision").mkdir(parents=True, exist_ok=True)
    (folder / "revision" / "hello.txt.j2").write_text(text)
    return folder


def test_a_later_run_reads_what_an_earlier_one_rendered(tmp_path: Path) -> None:
    folder = _templates(tmp_path, "Hi {{ name }}")
    first = SnippetCache(tmp_path / "cache", [folder])
    first.put("k", "Hi Ann")
    first.save()
    assert SnippetCache(tmp_path / "cache", [folder]).get("k") == "Hi Ann"


def test_an_edited_or_added_template_starts_afresh(tmp_path: Path) -> None:
    folder = _templates(tmp_path, "Hi {{ name }}")
    first = SnippetCache(tmp_path / "cache", [folder])
    first.put("k", "Hi Ann")
    first.save()
    (folder / "revision" / "hello.txt.j2").write_text("Hello {{ name }}!")
    os.utime(folder / "revision" / "hello.txt.j2", ns=(1, 1))
    assert SnippetCache(tmp_path / "cache", [folder]).get("k") is None
    first.save()  # nothing new: the old entry is not written back over the fresh start
    (folder / "revision" / "de").mkdir()
    (folder / "revision" / "de" / "hello.txt.j2").write_text("Hallo")
    assert SnippetCache(tmp_path / "cache", [folder]).get("k") is None


def test_off_or_unwritable_only_costs_time(tmp_path: Path) -> None:
    folder = _templates(tmp_path, "x")
    off = SnippetCache(None, [folder])
    off.put("k", "v")
    assert off.get("k") is None
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = SnippetCache(blocked, [folder])
    cache.put("k", "v")
    cache.save()  # no error


def test_checking_twice_gives_the_same_revision_from_the_store(tmp_path: Path, monkeypatch) -> None:
    from coach.check.checker import Checker

    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    draft = "The export is under Reports. Choose CSV, pick the dates and click Export; it downloads in a minute."
    first = Checker()
    text = first.check(draft).revision.text
    first.templates._stored.save()
    assert (tmp_path / "cache" / "snippets.json").is_file()
    again = Checker()
    assert again.check(draft).revision.text == text
