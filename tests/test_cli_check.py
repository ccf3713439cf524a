"""`coach check`, `rules`, `explain`, `config` through the CLI: output formats and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import cli
from coach.cli.app import App

DRAFTS = Path(__file__).parent / "data" / "drafts"
POOR = DRAFTS / "shadow-day.txt"
GOOD = DRAFTS / "trainee-good.txt"
HTML = DRAFTS / "zendesk-note.html"
CONTRACT = {"version", "source", "lang", "verdict", "scores", "findings", "readability", "revision"}
FINDING_KEYS = {"rule", "dimension", "severity", "message", "line", "column", "start", "end", "text", "suggestion"}


def team_pack(tmp_path: Path, files: dict[str, str], config: str = "") -> None:
    """Write a team pack "acme" (rule files by name) and a coach.toml that uses it."""
    pack = tmp_path / "acme"
    pack.mkdir()
    for name, text in files.items():
        (pack / name).write_text(text)
    (tmp_path / "coach.toml").write_text('[packs]\npaths = ["acme"]\n' + config)


HUB_RULE = (
    'kind = "existence"\nseverity = "warning"\nmessage = "m"\nwhy = "w"\nphrases = ["the Hub"]\n'
)


def run(*args: str, input: str | bytes | None = None, config: Path | None = None, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), obj=App(config), input=input, env=env, catch_exceptions=False)


@pytest.fixture(autouse=True)
def no_config_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no coach.toml above tmp_path
    monkeypatch.delenv("COACH_CONFIG", raising=False)


def test_json_contract() -> None:
    result = run("check", "--format", "json", str(POOR))
    assert result.exit_code == 1  # error-level findings
    data = json.loads(result.output)
    assert set(data) == CONTRACT
    assert set(data["scores"]) == {"direct", "empathetic", "follow_up", "readable", "overall"}
    assert data["findings"] and all(set(f) == FINDING_KEYS for f in data["findings"])
    assert set(data["revision"]) == {"text", "changes", "placeholders"}
    assert all(set(c) == {"rule", "before", "after"} for c in data["revision"]["changes"])
    assert all(set(p) == {"rule", "text", "start"} for p in data["revision"]["placeholders"])
    assert data["verdict"] == "revise"


def test_findings_point_at_the_original_text() -> None:
    text = POOR.read_text()
    data = json.loads(run("check", "-f", "json", str(POOR)).output)
    lines = text.splitlines()
    for f in data["findings"]:
        assert text[f["start"] : f["end"]] == f["text"]
        if "\n" not in f["text"]:
            assert lines[f["line"] - 1][f["column"] - 1 :].startswith(f["text"])


def test_a_good_draft_is_ready_and_exits_0() -> None:
    result = run("check", "-f", "json", str(GOOD))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["verdict"] == "ready"


def test_jsonl_gives_one_object_per_input_and_reports_a_bad_one(tmp_path: Path) -> None:
    result = run("check", "-f", "jsonl", str(GOOD), str(tmp_path / "missing.txt"), str(POOR))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in lines] == [str(GOOD), str(tmp_path / "missing.txt"), str(POOR)]
    assert lines[1]["error"].endswith("no such file")
    assert result.exit_code == 2


def test_stdin_and_html_detection() -> None:
    result = run("check", "-f", "json", "-", input=HTML.read_text())
    data = json.loads(result.output)
    assert data["source"] == "<stdin>"
    rules = {f["rule"] for f in data["findings"]}
    assert "empathetic.condescending" in rules  # "simply" in a <p>
    simply = next(f for f in data["findings"] if f["rule"] == "empathetic.condescending")
    assert HTML.read_text()[simply["start"] : simply["end"]].lower() == "simply"
    assert not any("coach --reset" in f["text"] for f in data["findings"])  # <code> is not judged


def test_text_report_has_verdict_findings_and_revision_without_colour() -> None:
    out = run("check", str(POOR)).output
    assert "REVISE" in out and "empathetic.blame" in out and "Suggested revision" in out
    assert "\x1b[" not in out


def test_color_flag_and_no_color_env() -> None:
    assert "\x1b[" in run("check", "--color", str(POOR)).output
    assert "\x1b[" not in run("check", str(POOR), env={"NO_COLOR": "1"}).output


def test_diff_shows_a_unified_diff() -> None:
    out = run("check", "--diff", str(POOR)).output
    assert "+++ suggested revision" in out and "\n  -" in out


def test_markdown_format() -> None:
    out = run("check", "-f", "markdown", str(POOR)).output
    assert out.startswith("### ") and "| where | severity | rule | finding |" in out and "```text" in out


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("error", 1), ("warning", 1), ("info", 1)])
def test_fail_on(fail_on: str, code: int) -> None:
    assert run("check", "--fail-on", fail_on, str(POOR)).exit_code == code


def test_fail_on_from_config(tmp_path: Path) -> None:
    (tmp_path / "coach.toml").write_text('fail_on = "never"\n')
    assert run("check", str(POOR)).exit_code == 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "nope.txt", "no such file"),
        (lambda p: p, "is a directory"),
        (lambda p: (p / "bin.txt", (p / "bin.txt").write_bytes(b"\x00\x01\x02abc"))[0], "binary"),
        (lambda p: (p / "latin.txt", (p / "latin.txt").write_bytes("caf\xe9 ok".encode("latin-1")))[0], "not UTF-8"),
        (lambda p: (p / "utf16.txt", (p / "utf16.txt").write_text("Hi Sam, thanks!", encoding="utf-16"))[0], "UTF-16"),
        (lambda p: (p / "empty.txt", (p / "empty.txt").write_text("  \n\t\n"))[0], "draft is empty"),
        (lambda p: (p / "huge.txt", (p / "huge.txt").write_text("word " * 30_000))[0], "limit"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path)
    result = run("check", str(path))
    assert result.exit_code == 2
    assert message in result.output and str(path) in result.output
    assert "Traceback" not in result.output


def test_empty_stdin() -> None:
    result = run("check", "-", input="")
    assert result.exit_code == 2 and "<stdin>: draft is empty" in result.output


def test_usage_errors_exit_2() -> None:
    assert run("check", "--format", "yaml", str(POOR)).exit_code == 2
    assert run("check", "--post", str(POOR)).exit_code == 2


def test_rules_lists_every_rule() -> None:
    out = run("rules").output
    assert "empathetic.blame" in out and "follow_up.invitation" in out and "readable.sentence-length" in out
    rows = json.loads(run("rules", "--format", "json").output)
    assert {r["dimension"] for r in rows} == {"direct", "empathetic", "follow_up", "readable"}


def test_explain_prints_message_why_and_examples() -> None:
    out = run("explain", "empathetic.blame").output
    assert "why:" in out and "good (passes):" in out and "bad (flagged):" in out


def test_explain_unknown_rule_suggests_close_ids() -> None:
    result = run("explain", "blame")
    assert result.exit_code == 2 and "did you mean empathetic.blame" in result.output


def test_config_prints_effective_values(tmp_path: Path) -> None:
    (tmp_path / "coach.toml").write_text('ready_at = 80\n[rules]\ndisable = ["readable.grade"]\n')
    out = run("config").output
    assert "ready_at = 80" in out and 'disable = ["readable.grade"]' in out and str(tmp_path / "coach.toml") in out


def test_disabled_rules_do_not_run(tmp_path: Path) -> None:
    (tmp_path / "coach.toml").write_text('[rules]\ndisable = ["empathetic."]\n')
    data = json.loads(run("check", "-f", "json", str(POOR)).output)
    assert not any(f["dimension"] == "empathetic" for f in data["findings"])


@pytest.mark.parametrize(
    ("toml", "where"),
    [
        ("ready_at = 120\n", "ready_at"),
        ('[rules]\ndisable = ["no.such.rule"]\n', "rules.disable"),
        ('[rules]\nseverity = { "empathetic.blame" = "fatal" }\n', "rules.severity.empathetic.blame"),
        ("colour = true\n", "colour"),
        ("ready_at = \n", "invalid TOML"),
        ('[rules]\noptions."readable.sentence-length" = { max_words = "many" }\n', "max_words"),
    ],
)
def test_config_errors_name_the_key_and_exit_3(tmp_path: Path, toml: str, where: str) -> None:
    (tmp_path / "coach.toml").write_text(toml)
    result = run("check", str(POOR))
    assert result.exit_code == 3, result.output
    assert where in result.output and "coach.toml" in result.output


def test_a_team_pack_adds_and_overrides_rules(tmp_path: Path) -> None:
    team_pack(tmp_path, {
        "pack.toml": 'name = "acme"\nlang = "en"\n',
        "direct.acme-jargon.toml":
            'dimension = "direct"\nkind = "substitution"\nseverity = "warning"\nmessage = "Say {suggestion}."\n'
            'why = "Customers do not know our internal names."\nswap = { "the Hub" = "your dashboard" }\n'
            '[examples]\ngood = ["Open your dashboard."]\nbad = ["Open the Hub."]\n',
        "empathetic.blame.toml":  # same id as a shipped rule: replaces it
            'dimension = "empathetic"\nkind = "substitution"\nseverity = "warning"\nmessage = "Say {suggestion}."\n'
            'why = "House style."\nswap = { "you should have" = "next time, please" }\n'
            '[examples]\ngood = ["Next time, please export first."]\nbad = ["You should have exported first."]\n',
    })
    draft = tmp_path / "d.txt"
    draft.write_text("Hi Sam,\n\nThanks for asking. Open the Hub and click Export. You should have asked.\n\nLet me know how it goes!\n")
    data = json.loads(run("check", "-f", "json", str(draft)).output)
    assert any(f["rule"] == "direct.acme-jargon" and f["suggestion"] == "your dashboard" for f in data["findings"])
    blame = [f for f in data["findings"] if f["rule"] == "empathetic.blame"]
    assert [(f["severity"], f["suggestion"]) for f in blame] == [("warning", "next time, please")]


def test_a_broken_rule_file_names_file_and_key(tmp_path: Path) -> None:
    team_pack(tmp_path, {"direct.broken.toml": 'dimension = "direct"\nkind = "nope"\nseverity = "warning"\nmessage = "m"\nwhy = "w"\n'})
    result = run("check", str(POOR))
    assert result.exit_code == 3 and "direct.broken.toml: kind" in result.output


def test_version() -> None:
    assert run("--version").output.startswith("coach, version ")


def test_a_dimension_selector_disables_team_rules_of_that_dimension_too(tmp_path: Path) -> None:
    team_pack(
        tmp_path,
        {"acme.jargon.toml": 'dimension = "readable"\n' + HUB_RULE + '[examples]\ngood = ["ok"]\nbad = ["Open the Hub."]\n'},
        '[rules]\ndisable = ["readable"]\n',
    )
    draft = tmp_path / "d.txt"
    draft.write_text("Hi Sam,\n\nThanks for asking. Open the Hub and click Export.\n")
    rules = {f["rule"] for f in json.loads(run("check", "-f", "json", str(draft)).output)["findings"]}
    assert "acme.jargon" not in rules and not any(r.startswith("readable.") for r in rules)


@pytest.mark.parametrize(("toml", "where"), [('[packs]\npaths = ["nope"]\n', "packs.paths"), ('[templates]\npath = "nope"\n', "templates.path"), ('lang = "fr"\n', "lang")])
def test_missing_folders_and_languages_name_the_key(tmp_path: Path, toml: str, where: str) -> None:
    (tmp_path / "coach.toml").write_text(toml)
    result = run("check", str(POOR))
    assert result.exit_code == 3 and f"coach.toml: {where}" in result.output


def test_config_prints_before_reporting_a_problem(tmp_path: Path) -> None:
    (tmp_path / "coach.toml").write_text('[packs]\npaths = ["nope"]\n')
    result = run("config")
    assert result.exit_code == 3 and 'paths = ["' in result.output and "no such folder" in result.output


def test_a_single_bad_input_still_gives_a_json_line(tmp_path: Path) -> None:
    result = run("check", "-f", "jsonl", str(tmp_path / "gone.txt"))
    assert result.exit_code == 2 and json.loads(result.stdout) == {"source": str(tmp_path / "gone.txt"), "error": f"{tmp_path / 'gone.txt'}: no such file"}


def test_rules_check_runs_a_team_packs_examples(tmp_path: Path) -> None:
    team_pack(tmp_path, {
        "direct.hub.toml":
            'dimension = "direct"\n' + HUB_RULE + '[examples]\ngood = ["Open your dashboard.", "Open the Hub."]\nbad = ["Open the Hub."]\n',
    })
    result = run("rules", "--check")
    assert result.exit_code == 1
    assert "FAIL  direct.hub" in result.output and "good example flagged: 'Open the Hub.'" in result.output
    assert "ok    empathetic.blame" in result.output


def test_customer_and_subject_personalise_the_revision() -> None:
    data = json.loads(run("check", "-f", "json", "--customer", "Maria Lopez", "--subject", "SSO sync", str(POOR)).output)
    assert "Maria" in data["revision"]["text"] and "SSO sync" in data["revision"]["text"]


def test_windows_line_endings_check_like_unix_ones(tmp_path: Path) -> None:
    unix, windows = tmp_path / "unix.txt", tmp_path / "windows.txt"
    text = POOR.read_text()
    unix.write_text(text)
    windows.write_bytes(text.replace("\n", "\r\n").encode())
    a, b = (json.loads(run("check", "-f", "json", str(p)).output) for p in (unix, windows))
    assert [f["rule"] for f in a["findings"]] == [f["rule"] for f in b["findings"]]
    assert [(f["line"], f["column"]) for f in a["findings"]] == [(f["line"], f["column"]) for f in b["findings"]]


# --------------------------------------------------------------------------- hostile and broken input

ROOT = Path(__file__).resolve().parent.parent


def run_process(*args: str, tmp_path: Path, close: tuple[int, ...] = (), stdout=subprocess.PIPE, timeout: float = 60):
    """``python -m coach`` in a real process (this checkout's coach), with ``close`` fds closed in it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}

    def closing() -> None:
        for fd in close:
            os.close(fd)

    return subprocess.run(
        [sys.executable, "-m", "coach", *args], cwd=tmp_path, env=env, stdout=stdout, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, preexec_fn=closing, timeout=timeout, text=True,
    )


def assert_one_line_error(stderr: str, message: str) -> None:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coach: error: ") and message in lines[0], stderr


def test_closed_stdin_is_an_input_error(tmp_path: Path) -> None:
    for args in (("check", "-"), ("check",)):
        done = run_process(*args, tmp_path=tmp_path, close=(0,))
        assert done.returncode == 2
        assert_one_line_error(done.stderr, "<stdin>: standard input is closed")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_to_a_full_disk_is_exit_7(tmp_path: Path, fmt: str) -> None:
    with open("/dev/full", "w") as full:
        done = run_process("check", "-f", fmt, str(POOR), tmp_path=tmp_path, stdout=full)
    assert done.returncode == 7
    assert_one_line_error(done.stderr, "cannot write the output: No space left on device")


def test_closed_stdout_is_exit_7(tmp_path: Path) -> None:
    done = run_process("check", str(POOR), tmp_path=tmp_path, close=(1,), stdout=None)
    assert done.returncode == 7
    assert_one_line_error(done.stderr, "standard output is closed")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_without_a_writer_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    done = run_process("check", str(fifo), tmp_path=tmp_path, timeout=30)
    assert done.returncode == 2
    assert_one_line_error(done.stderr, f"{fifo}: is a named pipe, not a draft file")


def test_a_device_is_refused() -> None:
    result = run("check", os.devnull)
    assert result.exit_code == 2 and f"{os.devnull}: is a device, not a draft file" in result.output


HOSTILE = "Hi \x1b]0;pwned\x07Maria,\n\nYou should have \x1b[2Jread the \u202eguide\u202c.\x07 \xc2\x9b31m\u200b\n\nBest,\nTia\n"


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "markdown"])
def test_escape_sequences_in_a_draft_never_reach_the_terminal(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "evil\x1b[31m.txt"
    path.write_text(HOSTILE)
    result = run("check", "-f", fmt, "--no-color", "--customer", "Maria\x1b[2J", str(path))
    assert result.exit_code == 1
    assert not [c for c in result.output if (c < " " and c not in "\n\t") or "\x7f" <= c <= "\x9f" or c in "\u200b\u202e\u202c"]
    assert "It helps to" in result.output or "it helps to" in result.output


def test_a_source_name_with_controls_is_shown_escaped(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "no\x1b]0;x\x07pe\n.txt"))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "no\\x1b]0;x\\x07pe\\n.txt: no such file" in result.output


@pytest.mark.parametrize("text", ["<p>&nbsp;</p>", "<p></p><br>", "Best regards,\nTia\n", "On Mon, Maria wrote:\n> help\n"])
def test_an_empty_draft_is_exit_2_not_ready(tmp_path: Path, text: str) -> None:
    result = run("check", "-", input=text)
    assert result.exit_code == 2
    assert result.output.strip() == "coach: error: <stdin>: draft is empty after removing the greeting, quoted history and signature"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [("rules",), ("explain", "empathetic.blame"), ("config",)])
def test_any_command_that_cannot_print_is_exit_7(tmp_path: Path, args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        done = run_process(*args, tmp_path=tmp_path, stdout=full)
    assert done.returncode == 7
    assert_one_line_error(done.stderr, "cannot write the output")
