"""Rule files are validated when they are loaded; ``select`` applies a team's configuration.

Every broken file must fail at load time with a RuleError that names the file
and the offending key, so a typo in a team pack is caught by ``coach rules``
(or CI) rather than silently disabling a rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.errors import ConfigError, RuleError
from coach.rules import Pack, Rule, load_pack, load_rule, select

VALID = '''\
dimension = "direct"
kind = "existence"
severity = "warning"
message = "Avoid “{match}”."
why = "Because it is vague."
source = "https://www.plainlanguage.gov/guidelines/"
phrases = ["foo", "bar baz"]

[examples]
good = ["Nothing to see here.", "Still nothing."]
bad = ["This has foo in it.", "This has bar baz in it."]
'''


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _load(tmp_path: Path, text: str, name: str = "direct.test-rule") -> Rule:
    return load_rule(_write(tmp_path, name, text), pack="team", lang="en")


def _replace_line(text: str, key: str, new: str | None) -> str:
    """Replace (or, with None, drop) the top-level line ``key = ...``."""
    pattern = re.compile(rf"^{re.escape(key)} = .*\n", re.MULTILINE)
    assert pattern.search(text), key
    return pattern.sub("" if new is None else new + "\n", text, count=1)


def test_valid_rule_loads(tmp_path: Path) -> None:
    rule = _load(tmp_path, VALID)
    assert rule.id == "direct.test-rule"
    assert (rule.pack, rule.lang, rule.kind, rule.severity) == ("team", "en", "existence", "warning")
    assert [e.text for e in rule.good] == ["Nothing to see here.", "Still nothing."]
    assert [e.text for e in rule.bad] == ["This has foo in it.", "This has bar baz in it."]
    assert all(e.customer is None for e in (*rule.good, *rule.bad))
    assert rule.public_params["phrases"] == ["foo", "bar baz"]
    assert rule.enabled is True


# --------------------------------------------------------------------------- broken files


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        pytest.param(_replace_line(VALID, "why", None), "why", "missing", id="missing-why"),
        pytest.param(_replace_line(VALID, "kind", None), "kind", "missing", id="missing-kind"),
        pytest.param(_replace_line(VALID, "message", 'message = "   "'), "message", "non-empty", id="blank-message"),
        pytest.param(_replace_line(VALID, "kind", 'kind = "regex"'), "kind", "not one of", id="unknown-kind"),
        pytest.param(_replace_line(VALID, "severity", 'severity = "critical"'), "severity", "not one of", id="bad-severity"),
        pytest.param(_replace_line(VALID, "dimension", 'dimension = "polite"'), "dimension", "not one of", id="bad-dimension"),
        pytest.param(
            _replace_line(VALID, "phrases", "patterns = ['ok', '(unclosed']"), "patterns[1]", "regular expression", id="bad-regex"
        ),
        pytest.param(
            _replace_line(VALID, "phrases", "phrases = ['foo']\nunless = ['[a-']"), "unless[0]", "regular expression", id="bad-unless-regex"
        ),
        pytest.param(
            _replace_line(VALID, "phrases", "phrases = ['foo']\nmax_words = 20"), "max_words", "unknown key", id="unknown-key-for-kind"
        ),
        pytest.param(_replace_line(VALID, "phrases", "phrases = ['foo']\ncolour = 'red'"), "colour", "unknown key", id="unknown-key"),
        pytest.param(_replace_line(VALID, "phrases", None), "phrases", "at least one of", id="no-phrases-or-patterns"),
        pytest.param(_replace_line(VALID, "phrases", "phrases = 'foo'"), "phrases", "list", id="phrases-not-a-list"),
        pytest.param(_replace_line(VALID, "phrases", "phrases = ['foo', '']"), "phrases", "list", id="empty-phrase"),
        pytest.param(_replace_line(VALID, "source", "source = 3"), "source", "string", id="source-not-a-string"),
        pytest.param(_replace_line(VALID, "source", "enabled = 'yes'"), "enabled", "true or false", id="enabled-not-bool"),
        pytest.param(VALID.replace('good = ["Nothing to see here.", "Still nothing."]', "good = []"), "examples.good", "non-empty", id="empty-good"),
        pytest.param(VALID.replace('bad = ["This has foo in it.", "This has bar baz in it."]', 'bad = [""]'), "examples.bad[0]", "non-empty", id="blank-bad"),
        pytest.param(VALID.split("[examples]")[0], "examples", "missing", id="no-examples"),
        pytest.param(VALID + 'ugly = ["x"]\n', "examples.ugly", "unknown key", id="unknown-examples-key"),
    ],
)
def test_broken_rule_names_file_and_key(tmp_path: Path, text: str, key: str, problem: str) -> None:
    with pytest.raises(RuleError) as info:
        _load(tmp_path, text)
    err = info.value
    assert err.path.endswith("direct.test-rule.toml")
    assert err.key == key
    assert problem in err.problem
    assert "direct.test-rule.toml" in str(err) and key in str(err)


@pytest.mark.parametrize(
    ("kind_block", "key", "problem"),
    [
        pytest.param('kind = "occurrence"\nphrases = ["foo"]', "max", "required", id="occurrence-without-max"),
        pytest.param('kind = "readability"\nmetric = "flesch_reading_ease"', "min", "at least one of", id="readability-without-bound"),
        pytest.param('kind = "readability"\nmetric = "gunning_fog"\nmin = 50', "metric", "not one of", id="unknown-metric"),
        pytest.param('kind = "sentence_length"\nmax_words = "25"', "max_words", "whole number", id="max-words-string"),
        pytest.param('kind = "sentence_length"\nmax_words = -1', "max_words", "whole number", id="max-words-negative"),
        pytest.param('kind = "sentence_length"\nmax_words = true', "max_words", "whole number", id="max-words-bool"),
        pytest.param('kind = "required"\nphrases = ["thanks"]\nscope = "middle"', "scope", "not one of", id="bad-scope"),
        pytest.param('kind = "substitution"\nswap = {}', "swap", "table", id="empty-swap"),
        pytest.param('kind = "substitution"\nswap = { utilize = 1 }', "swap", "table", id="swap-not-strings"),
        pytest.param('kind = "substitution"\nswap = { utilize = "use" }\npatterns = ["x"]', "patterns", "unknown key", id="substitution-patterns"),
    ],
)
def test_broken_kind_parameters(tmp_path: Path, kind_block: str, key: str, problem: str) -> None:
    text = _replace_line(_replace_line(VALID, "phrases", None), "kind", kind_block)
    with pytest.raises(RuleError) as info:
        _load(tmp_path, text)
    assert info.value.path.endswith("direct.test-rule.toml")
    assert info.value.key == key
    assert problem in info.value.problem


def test_bad_toml_syntax_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as info:
        _load(tmp_path, VALID.replace('severity = "warning"', "severity = warning"))
    assert info.value.path.endswith("direct.test-rule.toml")
    assert info.value.key is None
    assert "invalid TOML" in info.value.problem


def test_file_name_must_be_a_valid_rule_id(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as info:
        _load(tmp_path, VALID, name="Direct Test")
    assert "Direct Test.toml" in info.value.path
    assert "rule id" in info.value.problem


def test_rule_error_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        _load(tmp_path, VALID.replace('kind = "existence"', 'kind = "nope"'))


def test_broken_file_fails_the_whole_pack(tmp_path: Path) -> None:
    pack = tmp_path / "team"
    _write(pack, "direct.ok", VALID)
    _write(pack, "direct.broken", VALID.replace('severity = "warning"', 'severity = "loud"'))
    with pytest.raises(RuleError) as info:
        load_pack(pack)
    assert info.value.path.endswith("direct.broken.toml")
    assert info.value.key == "severity"


def test_pack_meta(tmp_path: Path) -> None:
    pack_dir = tmp_path / "team"
    _write(pack_dir, "direct.ok", VALID)
    _write(pack_dir, "pack", 'name = "acme"\nlang = "de"\ndescription = "x"\n')
    pack = load_pack(pack_dir)
    assert (pack.name, pack.lang) == ("acme", "de")
    assert [r.id for r in pack.rules] == ["direct.ok"]
    assert pack.rules[0].lang == "de" and pack.rules[0].pack == "acme"


def test_pack_meta_unknown_key(tmp_path: Path) -> None:
    pack_dir = tmp_path / "team"
    _write(pack_dir, "pack", 'name = "acme"\nlanguage = "de"\n')
    with pytest.raises(RuleError) as info:
        load_pack(pack_dir)
    assert info.value.path.endswith("pack.toml")
    assert info.value.key == "language"


def test_missing_pack_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as info:
        load_pack(tmp_path / "nope")
    assert "not found" in info.value.problem


def test_shipped_packs_load() -> None:
    root = Path(__file__).resolve().parents[1] / "rules"
    packs = [load_pack(d) for d in sorted(root.iterdir()) if d.is_dir()]
    en = next(p for p in packs if p.name == "en")
    assert en.lang == "en"
    ids = {r.id for r in en.rules}
    for required in (
        "empathetic.condescending", "direct.hedging", "direct.filler", "empathetic.blame", "direct.deflection",
        "direct.next-step", "readable.sentence-length", "readable.wall-of-text", "empathetic.shouting",
        "empathetic.exclamation", "empathetic.acknowledge", "empathetic.negative-framing", "empathetic.dismissive",
        "empathetic.over-apology", "follow_up.invitation", "readable.flesch", "readable.grade",
    ):
        assert required in ids
    for rule in en.rules:
        assert rule.id.split(".")[0] == rule.dimension, rule.id


# --------------------------------------------------------------------------- select()


def _pack(tmp_path: Path, name: str = "team", lang: str = "en", extra: dict[str, str] | None = None) -> Pack:
    folder = tmp_path / name
    files = {
        "direct.vague": VALID,
        "direct.vague-time": VALID,
        "readable.long": VALID.replace('kind = "existence"', 'kind = "sentence_length"')
        .replace('phrases = ["foo", "bar baz"]', "max_words = 25")
        .replace('dimension = "direct"', 'dimension = "readable"'),
        "readable.off": VALID.replace('dimension = "direct"', 'dimension = "readable"') + "",
    }
    files["readable.off"] = _replace_line(files["readable.off"], "source", 'source = "x"\nenabled = false')
    files.update(extra or {})
    for rule_id, text in files.items():
        _write(folder, rule_id, text)
    _write(folder, "pack", f'name = "{name}"\nlang = "{lang}"\n')
    return load_pack(folder)


def _enabled(ruleset) -> set[str]:  # type: ignore[no-untyped-def]
    return {r.id for r in ruleset.active}


def test_select_defaults(tmp_path: Path) -> None:
    rs = select([_pack(tmp_path)], lang="en")
    assert [r.id for r in rs.rules] == sorted(r.id for r in rs.rules)
    assert _enabled(rs) == {"direct.vague", "direct.vague-time", "readable.long"}
    assert rs.get("readable.off") is not None and rs.get("nope") is None


def test_select_disable_by_id_does_not_touch_siblings(tmp_path: Path) -> None:
    rs = select([_pack(tmp_path)], lang="en", disable=["direct.vague"])
    assert _enabled(rs) == {"direct.vague-time", "readable.long"}


@pytest.mark.parametrize("selector", ["readable.", "readable"])
def test_select_disable_by_prefix(tmp_path: Path, selector: str) -> None:
    rs = select([_pack(tmp_path)], lang="en", disable=[selector])
    assert _enabled(rs) == {"direct.vague", "direct.vague-time"}


def test_select_prefix_is_whole_segments(tmp_path: Path) -> None:
    rs = select([_pack(tmp_path)], lang="en", disable=["read"])
    assert _enabled(rs) == {"direct.vague", "direct.vague-time", "readable.long"}


def test_select_enable_wins_and_turns_on_disabled_rules(tmp_path: Path) -> None:
    rs = select([_pack(tmp_path)], lang="en", disable=["readable"], enable=["readable.off"])
    assert _enabled(rs) == {"direct.vague", "direct.vague-time", "readable.off"}
    rs = select([_pack(tmp_path)], lang="en", disable=["direct."], enable=["direct"])
    assert "direct.vague" in _enabled(rs)


def test_select_severity_override(tmp_path: Path) -> None:
    rs = select([_pack(tmp_path)], lang="en", severity={"direct.vague": "error"})
    assert rs.get("direct.vague").severity == "error"  # type: ignore[union-attr]
    assert rs.get("direct.vague-time").severity == "warning"  # type: ignore[union-attr]


def test_select_bad_severity_override_names_the_configuration(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as info:
        select([_pack(tmp_path)], lang="en", severity={"direct.vague": "fatal"}, origin="coach.toml")
    assert info.value.path == "coach.toml"
    assert info.value.key == "rules.severity.direct.vague"
    assert "not one of" in info.value.problem


def test_with_options_without_origin_names_the_rule_file(tmp_path: Path) -> None:
    rule = _pack(tmp_path).rules[0]
    with pytest.raises(RuleError) as info:
        rule.with_options(severity="fatal")
    assert info.value.path == rule.path and info.value.key == "severity"
    with pytest.raises(RuleError) as info:
        rule.with_options(options={"phrases": "foo"})
    assert info.value.path == rule.path and info.value.key == "options.phrases"
    assert rule.with_options(severity="info").severity == "info"


def test_select_unknown_rule_in_configuration(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as info:
        select([_pack(tmp_path)], lang="en", severity={"direct.nope": "error"}, origin="coach.toml")
    assert (info.value.path, info.value.key) == ("coach.toml", "rules.severity.direct.nope")
    with pytest.raises(RuleError) as info:
        select([_pack(tmp_path)], lang="en", options={"direct.nope": {"max_words": 3}})
    assert info.value.key == "rules.options.direct.nope"


def test_select_options_override(tmp_path: Path) -> None:
    rs = select([_pack(tmp_path)], lang="en", options={"readable.long": {"max_words": 30}})
    assert rs.get("readable.long").params["max_words"] == 30  # type: ignore[union-attr]
    # options replace the phrases and recompile the matcher
    rs = select([_pack(tmp_path)], lang="en", options={"direct.vague": {"phrases": ["qux"]}})
    rx = rs.get("direct.vague").compiled.matcher  # type: ignore[union-attr]  (a Matcher)
    assert rx.search("a qux b") and not rx.search("a foo b")


@pytest.mark.parametrize(
    ("options", "key"),
    [
        ({"readable.long": {"max_words": "thirty"}}, "max_words"),
        ({"readable.long": {"max_words": -3}}, "max_words"),
        ({"readable.long": {"phrases": ["x"]}}, "phrases"),
        ({"direct.vague": {"patterns": ["(oops"]}}, "patterns[0]"),
        ({"direct.vague": {"phrases": [], "patterns": []}}, "phrases"),
    ],
)
def test_select_options_are_validated(tmp_path: Path, options: dict, key: str) -> None:  # type: ignore[type-arg]
    rule_id = next(iter(options))
    with pytest.raises(RuleError) as info:
        select([_pack(tmp_path)], lang="en", options=options, origin="coach.toml")
    assert info.value.path == "coach.toml"
    assert info.value.key == f"rules.options.{rule_id}.{key}"


def test_select_later_pack_overrides_and_other_languages_are_ignored(tmp_path: Path) -> None:
    base = _pack(tmp_path, "base")
    team = _pack(tmp_path, "team", extra={"direct.vague": VALID.replace('severity = "warning"', 'severity = "info"')})
    german = _pack(tmp_path, "de", lang="de", extra={"direct.nur-deutsch": VALID})
    rs = select([base, team, german], lang="en")
    assert rs.get("direct.vague").severity == "info"  # type: ignore[union-attr]
    assert rs.get("direct.vague").pack == "team"  # type: ignore[union-attr]
    assert rs.get("direct.nur-deutsch") is None
    assert rs.lang == "en"
