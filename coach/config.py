"""``coach.toml``: found from the working directory upwards (or given with --config), validated.

Every key is optional; ``coach config`` prints the effective values. Paths in
the file are relative to the file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from coach.errors import ConfigError
from coach.i18n import DEFAULT_UI_LANG, UI_LANGS
from coach.model import DEFAULT_READY_AT, SEVERITIES

CONFIG_NAME = "coach.toml"
AUTO = "auto"  # lang: detect each draft's language
FAIL_ON = (*SEVERITIES, "never")


def default_history_path(env: Mapping[str, str] = os.environ) -> Path:
    """``$XDG_DATA_HOME/coach/history.sqlite3`` (``~/.local/share`` when unset)."""
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "coach" / "history.sqlite3"


@dataclass(frozen=True)
class ZendeskSettings:
    """The Zendesk conventions (tags, who writes drafts); see README "Zendesk"."""

    draft_tag: str = "coach_draft"
    reviewed_tag: str = "coach_reviewed"
    shadow_tag: str = "shadow_day"
    approved_tag: str = "coach_approved"
    rework_tag: str = "coach_rework"
    decided_tag: str = "coach_decided"
    author_groups: tuple[str | int, ...] = ()
    publish_on_approve: bool = False


@dataclass(frozen=True)
class Config:
    """The effective configuration."""

    path: Path | None = None
    lang: str = "auto"  # "auto": each draft in its own language; or a pack's language for every draft
    ui_lang: str = DEFAULT_UI_LANG  # the language of what people read: notes, macros, reports (coach.i18n)
    fail_on: str = "error"
    ready_at: int = DEFAULT_READY_AT
    max_draft_chars: int = 100_000
    protected: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    packs: tuple[Path, ...] = ()
    templates: tuple[Path, ...] = ()
    zendesk: ZendeskSettings = field(default_factory=ZendeskSettings)
    history: Path = field(default_factory=default_history_path)


def find_config(start: Path) -> Path | None:
    """The nearest ``coach.toml`` in ``start`` or a parent folder."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None = None, *, cwd: Path | None = None) -> Config:
    """Load ``path`` (or the nearest coach.toml); defaults when there is none."""
    if path is None:
        path = find_config((cwd or Path.cwd()).resolve())
        if path is None:
            return Config()
    elif not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    import tomllib  # only when there is a coach.toml (importing it costs ~15 ms)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_config(data, path)


def parse_config(data: Mapping[str, Any], path: Path) -> Config:
    """Validate a parsed coach.toml; errors name the file and the key."""
    p = _Reader(path)
    p.only(data, "", {"lang", "ui_lang", "fail_on", "ready_at", "max_draft_chars", "protected", "rules", "packs", "templates", "zendesk", "history"})
    rules = p.table(data, "rules")
    p.only(rules, "rules.", {"disable", "enable", "severity", "options"})
    severity = p.table(rules, "severity", "rules.")
    for rule_id, value in severity.items():
        p.choice(value, f"rules.severity.{rule_id}", SEVERITIES)
    options = p.table(rules, "options", "rules.")
    for rule_id, value in options.items():
        if not isinstance(value, dict):
            p.fail(f"rules.options.{rule_id}", "must be a table of rule options")
    zd = p.table(data, "zendesk")
    zd_fields = {f.name for f in fields(ZendeskSettings)}
    p.only(zd, "zendesk.", zd_fields)
    groups = zd.get("author_groups", [])
    if not isinstance(groups, list) or not all(isinstance(g, (str, int)) and not isinstance(g, bool) for g in groups):
        p.fail("zendesk.author_groups", "must be a list of group names or ids")
    for key in zd_fields - {"author_groups", "publish_on_approve"}:
        if key in zd:
            p.string(zd[key], f"zendesk.{key}")
    if not isinstance(zd.get("publish_on_approve", False), bool):
        p.fail("zendesk.publish_on_approve", "must be true or false")
    packs = p.table(data, "packs")
    p.only(packs, "packs.", {"paths"})
    templates = p.table(data, "templates")
    p.only(templates, "templates.", {"path"})
    history = p.table(data, "history")
    p.only(history, "history.", {"path"})
    base = path.parent
    template_path = templates.get("path")
    return Config(
        path=path,
        lang=p.string(data.get("lang", AUTO), "lang"),
        ui_lang=p.choice(data.get("ui_lang", DEFAULT_UI_LANG), "ui_lang", UI_LANGS),
        fail_on=p.choice(data.get("fail_on", "error"), "fail_on", FAIL_ON),
        ready_at=p.integer(data.get("ready_at", DEFAULT_READY_AT), "ready_at", 0, 100),
        max_draft_chars=p.integer(data.get("max_draft_chars", 100_000), "max_draft_chars", 1, 10_000_000),
        protected=tuple(p.strings(data.get("protected", []), "protected")),
        disable=tuple(p.strings(rules.get("disable", []), "rules.disable")),
        enable=tuple(p.strings(rules.get("enable", []), "rules.enable")),
        severity=dict(severity),
        options={k: dict(v) for k, v in options.items()},
        packs=tuple(base / x for x in p.strings(packs.get("paths", []), "packs.paths")),
        templates=(base / p.string(template_path, "templates.path"),) if template_path is not None else (),
        zendesk=ZendeskSettings(**{**zd, "author_groups": tuple(groups)}),
        history=base / Path(p.string(history["path"], "history.path")).expanduser() if "path" in history else default_history_path(),
    )


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> None:
        raise ConfigError(f"{self.path}: {key}: {problem}")

    def only(self, table: Mapping[str, Any], prefix: str, allowed: set[str]) -> None:
        unknown = sorted(set(table) - allowed)
        if unknown:
            self.fail(prefix + unknown[0], f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def table(self, data: Mapping[str, Any], key: str, prefix: str = "") -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail(prefix + key, "must be a table")
        return value

    def string(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be a non-empty string")
        return value

    def strings(self, value: Any, key: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, "must be a list of non-empty strings")
        return value

    def integer(self, value: Any, key: str, lo: int, hi: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            self.fail(key, f"must be a whole number from {lo} to {hi}")
        return value

    def choice(self, value: Any, key: str, choices: tuple[str, ...]) -> str:
        if value not in choices:
            self.fail(key, f"{value!r} is not one of: {', '.join(choices)}")
        return value


def to_toml(config: Config) -> str:
    """The effective configuration as TOML (what ``coach config`` prints)."""
    def v(x: Any) -> str:
        if isinstance(x, bool):
            return "true" if x else "false"
        if isinstance(x, (int, float)):
            return str(x)
        if isinstance(x, (list, tuple)):
            return "[" + ", ".join(v(i) for i in x) + "]"
        if isinstance(x, Mapping):
            return "{ " + ", ".join(f"{_key(k)} = {v(i)}" for k, i in x.items()) + " }"
        return '"' + str(x).replace("\\", "\\\\").replace('"', '\\"') + '"'

    z = config.zendesk
    lines = [
        f"# effective configuration; file: {config.path or '(none: defaults)'}",
        f"lang = {v(config.lang)}",
        f"ui_lang = {v(config.ui_lang)}",
        f"fail_on = {v(config.fail_on)}",
        f"ready_at = {config.ready_at}",
        f"max_draft_chars = {config.max_draft_chars}",
        f"protected = {v(config.protected)}",
        "",
        "[rules]",
        f"disable = {v(config.disable)}",
        f"enable = {v(config.enable)}",
        f"severity = {v(config.severity)}",
    ]
    lines += [f"options.{_key(k)} = {v(o)}" for k, o in config.options.items()]
    lines += ["", "[packs]", f"paths = {v([str(p) for p in config.packs])}"]
    lines += ["", "[templates]"] + ([f"path = {v(str(config.templates[0]))}"] if config.templates else ["# path = (shipped templates only)"])
    lines += ["", "[zendesk]"]
    if z.publish_on_approve:
        lines.append("# WARNING: publish_on_approve = true: approved replies are sent to customers as the trainee")
    lines += [f"{f.name} = {v(getattr(z, f.name))}" for f in fields(z)]
    lines += ["", "[history]", f"path = {v(str(config.history))}", ""]
    return "\n".join(lines)


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() else f'"{k}"'
