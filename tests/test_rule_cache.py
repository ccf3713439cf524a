"""The rule cache only saves time: what is loaded through it equals what is read from the files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import POOR_DRAFT

from coach import rules as rules_module
from coach.check.checker import Checker, shipped_packs
from coach.errors import RuleError
from coach.rules.cache import FILE_NAME, RuleCache, default_folder
from coach.rules import load_pack

RULE = """dimension = "direct"
kind = "existence"
severity = "warning"
message = "{message}"
why = "Because."
phrases = ["foo bar"]
patterns = ['''(?<![\\w'’-])qux(?![\\w'’-])''']

[examples]
good = ["All fine."]
bad = ["A foo bar here.", "A qux here."]
"""


def _pack(folder: Path, message: str = "Say it plainly.") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "team.plain.toml").write_text(RULE.format(message=message))
    return folder


def _as_data(packs: list) -> list:
    return [(r.id, r.kind, r.severity, r.message, r.public_params, r.good, r.bad, r.enabled) for p in packs for r in p.rules]


def test_a_second_load_reads_the_cache_not_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = RuleCache(tmp_path / "cache")
    fresh = shipped_packs(cache)
    cache.save()
    assert (tmp_path / "cache" / FILE_NAME).is_file()

    def no_toml(path: Path) -> dict:
        raise AssertionError(f"{path} was parsed although it is cached")

    monkeypatch.setattr(rules_module, "_read_toml", no_toml)
    cached = shipped_packs(RuleCache(tmp_path / "cache"))
    assert _as_data(cached) == _as_data(fresh)


def test_results_are_the_same_with_a_cold_and_a_warm_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    cold = Checker().check(POOR_DRAFT).to_dict()
    assert (tmp_path / "cache" / FILE_NAME).is_file()
    assert Checker().check(POOR_DRAFT).to_dict() == cold


def test_a_changed_rule_file_is_read_again(tmp_path: Path) -> None:
    folder = _pack(tmp_path / "team")
    cache = RuleCache(tmp_path / "cache")
    assert load_pack(folder, cache=cache).rules[0].message == "Say it plainly."
    cache.save()
    path = _pack(folder, "Say it in fewer words.") / "team.plain.toml"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # even within one clock tick
    assert load_pack(folder, cache=RuleCache(tmp_path / "cache")).rules[0].message == "Say it in fewer words."


def test_a_broken_rule_file_fails_and_is_not_cached(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "team.broken.toml").write_text(RULE.format(message="x").replace("existence", "nonsense"))
    cache = RuleCache(tmp_path / "cache")
    with pytest.raises(RuleError) as info:
        load_pack(folder, cache=cache)
    assert info.value.key == "kind"
    cache.save()
    assert not (tmp_path / "cache" / FILE_NAME).exists()


@pytest.mark.parametrize("content", ["{not json", '{"stamp": "coach 0.0.1", "files": {}}', '{"stamp": 1, "files": []}'])
def test_a_corrupt_or_foreign_cache_is_rebuilt(tmp_path: Path, content: str) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / FILE_NAME).write_text(content)
    folder = _pack(tmp_path / "team")
    cache = RuleCache(tmp_path / "cache")
    assert load_pack(folder, cache=cache).rules[0].message == "Say it plainly."
    cache.save()
    assert str(folder / "team.plain.toml") in json.loads((tmp_path / "cache" / FILE_NAME).read_text())["files"]


def test_a_damaged_entry_is_read_from_the_file(tmp_path: Path) -> None:
    folder = _pack(tmp_path / "team")
    cache = RuleCache(tmp_path / "cache")
    load_pack(folder, cache=cache)
    cache.save()
    data = json.loads((tmp_path / "cache" / FILE_NAME).read_text())
    entry = data["files"][str(folder / "team.plain.toml")]
    entry["anchors"] = [["qux", 2, {"texts": "not a list of anchors"}]]
    (tmp_path / "cache" / FILE_NAME).write_text(json.dumps(data))
    assert load_pack(folder, cache=RuleCache(tmp_path / "cache")).rules[0].message == "Say it plainly."


def test_an_unwritable_cache_folder_changes_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = RuleCache(blocker)
    assert load_pack(_pack(tmp_path / "team"), cache=cache).rules[0].message == "Say it plainly."
    cache.save()  # no error
    assert blocker.read_text().startswith("a file")


def test_where_the_cache_lives(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "mine"))
    assert default_folder() == tmp_path / "mine"
    monkeypatch.setenv("COACH_CACHE_DIR", "off")
    assert default_folder() is None
    monkeypatch.delenv("COACH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_folder() == tmp_path / "xdg" / "coach"
