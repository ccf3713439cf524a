"""Rule packs: TOML files under ``rules/<pack>/``, validated when they are loaded.

A pack is a folder with a ``pack.toml`` (``name``, ``lang``, ``description``)
and one file per rule; the file name (without ``.toml``) is the rule id. Any
mistake raises :class:`coach.errors.RuleError` naming the file and the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from coach import regexcache
from coach.errors import RuleError
from coach.rules.kinds import KINDS, STACK_KEYS, Compiled, Kind, Param, compile_rule
from coach.model import DIMENSIONS, SEVERITIES
from coach.rules.cache import RuleCache

RULE_ID_RE = regexcache.compile(r"^[a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*$")
_COMMON_KEYS = {"dimension", "kind", "severity", "message", "why", "source", "enabled", "examples"}


class Example(NamedTuple):
    """A rule's good or bad example, and the customer message it answers (when that matters)."""

    text: str
    customer: str | None = None


@dataclass(frozen=True)
class Rule:
    """One validated rule: where it came from, what it checks, and its examples."""

    id: str
    pack: str
    lang: str
    path: str
    dimension: str
    kind: str
    severity: str
    message: str
    why: str
    source: str | None
    params: Mapping[str, Any] = field(repr=False)
    good: tuple[Example, ...] = ()
    bad: tuple[Example, ...] = ()
    enabled: bool = True

    @property
    def public_params(self) -> dict[str, Any]:
        """The parameters as written (with defaults)."""
        return dict(self.params)

    @cached_property
    def compiled(self) -> Compiled:
        """The rule's search objects, compiled on first use (a draft needs few of them)."""
        return compile_rule(KINDS[self.kind], self.params)

    @property
    def template(self) -> str | None:
        """The revision template a ``required`` rule inserts, if any."""
        return self.params.get("template")

    def with_options(
        self, severity: str | None = None, options: Mapping[str, Any] | None = None, *, origin: str | None = None
    ) -> Rule:
        """A copy with the severity and/or parameters overridden (validated like the file)."""
        rule = self
        if severity is not None:
            _check_choice(origin or self.path, f"rules.severity.{self.id}" if origin else "severity", severity, SEVERITIES)
            rule = replace(rule, severity=severity)
        if options:
            merged = {**self.public_params, **options}
            rule = replace(rule, params=_validate_params(
                KINDS[self.kind], merged, origin or self.path, prefix=f"rules.options.{self.id}." if origin else "options."
            ))
        return rule


@dataclass(frozen=True)
class Pack:
    """A folder of rules sharing a language."""

    name: str
    lang: str
    path: str
    rules: tuple[Rule, ...]


def load_pack(folder: Path, *, default_lang: str = "en", cache: RuleCache | None = None) -> Pack:
    """Load and validate every rule file in ``folder`` (unchanged files come from ``cache``)."""
    if not folder.is_dir():
        raise RuleError(str(folder), None, "rule folder not found")
    meta_path = folder / "pack.toml"
    meta = cache.get(meta_path) if cache is not None else None
    if meta is None:
        meta = _read_toml(meta_path) if meta_path.exists() else {}
        unknown = set(meta) - {"name", "lang", "description"}
        if unknown:
            raise RuleError(str(meta_path), sorted(unknown)[0], "unknown key (expected name, lang, description)")
        if cache is not None and meta_path.exists():
            cache.put(meta_path, meta)
    name = str(meta.get("name", folder.name))
    lang = str(meta.get("lang", default_lang))
    rules = tuple(
        load_rule(p, pack=name, lang=lang, cache=cache) for p in sorted(folder.glob("*.toml")) if p.name != "pack.toml"
    )
    return Pack(name=name, lang=lang, path=str(folder), rules=rules)


def load_rule(path: Path, *, pack: str, lang: str, cache: RuleCache | None = None) -> Rule:
    """Load one rule file; raise RuleError naming the file and key on any problem."""
    where = str(path)
    rule_id = path.stem
    if not RULE_ID_RE.match(rule_id):
        raise RuleError(where, None, f"file name {rule_id!r} is not a valid rule id (lowercase, digits, '.', '-', '_')")
    cached = cache.get(path) if cache is not None else None
    if cached is not None:
        return _from_cache(cached, rule_id, pack, lang, where)
    rule = _read_rule(path, rule_id, pack, lang)
    if cache is not None:
        flags = 0 if rule.params.get("case") else re.IGNORECASE
        cache.put(path, _to_cache(rule), [(p, flags) for p in rule.params.get("patterns", ())])
    return rule


_CACHED_FIELDS = ("dimension", "kind", "severity", "message", "why", "source", "enabled")


def _to_cache(rule: Rule) -> dict[str, Any]:
    """A validated rule as JSON data (what :func:`_from_cache` turns back into the same rule)."""
    return {**{k: getattr(rule, k) for k in _CACHED_FIELDS}, "params": rule.public_params,
            "good": [list(e) for e in rule.good], "bad": [list(e) for e in rule.bad]}


def _from_cache(data: Mapping[str, Any], rule_id: str, pack: str, lang: str, where: str) -> Rule:
    return Rule(
        id=rule_id, pack=pack, lang=lang, path=where, **{k: data[k] for k in _CACHED_FIELDS},
        params=data["params"], good=tuple(Example(*e) for e in data["good"]), bad=tuple(Example(*e) for e in data["bad"]),
    )


def _read_rule(path: Path, rule_id: str, pack: str, lang: str) -> Rule:
    where = str(path)
    data = _read_toml(path)
    for key in ("dimension", "kind", "severity", "message", "why"):
        if key not in data:
            raise RuleError(where, key, "missing required key")
        if not isinstance(data[key], str) or not data[key].strip():
            raise RuleError(where, key, "must be a non-empty string")
    _check_choice(where, "dimension", data["dimension"], DIMENSIONS)
    _check_choice(where, "kind", data["kind"], tuple(KINDS))
    _check_choice(where, "severity", data["severity"], SEVERITIES)
    kind = KINDS[data["kind"]]
    unknown = set(data) - _COMMON_KEYS - set(kind.params)
    if unknown:
        allowed = ", ".join(sorted(_COMMON_KEYS | set(kind.params)))
        raise RuleError(where, sorted(unknown)[0], f"unknown key for kind {kind.name!r} (allowed: {allowed})")
    source = data.get("source")
    if source is not None and not isinstance(source, str):
        raise RuleError(where, "source", "must be a string (a URL or a citation)")
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise RuleError(where, "enabled", "must be true or false")
    good, bad = _examples(data.get("examples"), where)
    params = {k: v for k, v in data.items() if k in kind.params}
    return Rule(
        id=rule_id,
        pack=pack,
        lang=lang,
        path=where,
        dimension=data["dimension"],
        kind=kind.name,
        severity=data["severity"],
        message=data["message"].strip(),
        why=data["why"].strip(),
        source=source,
        params=_validate_params(kind, params, where),
        good=good,
        bad=bad,
        enabled=enabled,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when a rule file is not in the cache (importing it costs ~15 ms)

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(str(path), None, f"invalid TOML: {exc}") from None
    except OSError as exc:
        raise RuleError(str(path), None, f"cannot read: {exc.strerror}") from None


def _examples(value: Any, where: str) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    """``good``/``bad``: strings, or ``{ text = "...", customer = "..." }`` when the customer's message matters."""
    if not isinstance(value, dict):
        raise RuleError(where, "examples", "missing: add [examples] with good = [...] and bad = [...]")
    out = []
    for key in ("good", "bad"):
        items = value.get(key)
        if not isinstance(items, list) or not items:
            raise RuleError(where, f"examples.{key}", "must be a non-empty list of non-empty strings")
        out.append(tuple(_example(item, where, f"examples.{key}[{i}]") for i, item in enumerate(items)))
    unknown = set(value) - {"good", "bad"}
    if unknown:
        raise RuleError(where, f"examples.{sorted(unknown)[0]}", "unknown key (expected good, bad)")
    return out[0], out[1]


def _example(item: Any, where: str, key: str) -> Example:
    if isinstance(item, str) and item.strip():
        return Example(item)
    if isinstance(item, dict) and set(item) <= {"text", "customer"}:
        text, customer = item.get("text"), item.get("customer")
        if isinstance(text, str) and text.strip() and (customer is None or isinstance(customer, str)):
            return Example(text, customer)
    raise RuleError(where, key, 'must be a non-empty string or { text = "...", customer = "..." }')


def _check_choice(where: str, key: str, value: Any, choices: Iterable[str]) -> None:
    choices = tuple(choices)
    if value not in choices:
        raise RuleError(where, key, f"{value!r} is not one of: {', '.join(choices)}")


def _validate_params(kind: Kind, params: Mapping[str, Any], where: str, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, spec in kind.params.items():
        key = prefix + name
        if name not in params:
            if spec.required:
                raise RuleError(where, key, f"required for kind {kind.name!r}")
            if spec.default is not None:
                out[name] = spec.default
            continue
        out[name] = _check_param(spec, params[name], where, key)
    unknown = set(params) - set(kind.params)
    if unknown:
        raise RuleError(where, prefix + sorted(unknown)[0], f"unknown option for kind {kind.name!r}")
    if kind.one_of and not any(params.get(n) not in (None, [], {}) for n in kind.one_of):
        raise RuleError(where, prefix + kind.one_of[0], f"kind {kind.name!r} needs at least one of: {', '.join(kind.one_of)}")
    return out


def _check_param(spec: Param, value: Any, where: str, key: str) -> Any:
    ok: bool
    if spec.type in ("strings", "regexes"):
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        if ok and spec.type == "regexes":
            for i, pattern in enumerate(value):
                try:
                    regexcache.compile(pattern, re.IGNORECASE)  # as the matcher will (re caches it)
                except re.error as exc:
                    raise RuleError(where, f"{key}[{i}]", f"invalid regular expression: {exc}") from None
    elif spec.type == "swap":
        ok = isinstance(value, dict) and bool(value) and all(isinstance(v, str) for v in value.values())
    elif spec.type == "str":
        ok = isinstance(value, str)
    elif spec.type == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif spec.type == "stack":
        ok = isinstance(value, dict) and bool(value) and all(
            k in STACK_KEYS and isinstance(v, STACK_KEYS[k]) and not isinstance(v, bool) for k, v in value.items()
        )
        if ok and "severity" in value:
            _check_choice(where, f"{key}.severity", value["severity"], SEVERITIES)
    elif spec.type == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, bool)
    if not ok:
        raise RuleError(where, key, f"must be {_TYPE_WORDS[spec.type]}")
    if spec.choices and value not in spec.choices:
        raise RuleError(where, key, f"{value!r} is not one of: {', '.join(spec.choices)}")
    return value


_TYPE_WORDS = {
    "strings": "a list of non-empty strings",
    "regexes": "a list of regular expressions",
    "swap": "a table of phrase = replacement strings",
    "str": "a string",
    "int": "a whole number >= 0",
    "number": "a number",
    "bool": "true or false",
    "stack": "a table with sentence = N and/or draft = N (and optionally severity)",
}


@dataclass(frozen=True)
class RuleSet:
    """The rules in force for one language, in a stable order."""

    lang: str
    rules: tuple[Rule, ...]

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    @cached_property
    def _by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @cached_property
    def active(self) -> tuple[Rule, ...]:
        """The enabled rules."""
        return tuple(r for r in self.rules if r.enabled)


def select(
    packs: Iterable[Pack],
    *,
    lang: str,
    disable: Iterable[str] = (),
    enable: Iterable[str] = (),
    severity: Mapping[str, str] | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    origin: str = "configuration",
) -> RuleSet:
    """Combine packs of ``lang`` and apply enable/disable (ids or prefixes), severities and options.

    A later pack's rule replaces an earlier one with the same id, so a team
    pack can override a starter rule by shipping a file of the same name.
    """
    by_id: dict[str, Rule] = {}
    for pack in packs:
        if pack.lang != lang:
            continue
        for rule in pack.rules:
            by_id[rule.id] = rule
    severity = severity or {}
    options = options or {}
    for key in [*severity, *options]:
        if key not in by_id:
            table = "severity" if key in severity else "options"
            raise RuleError(origin, f"rules.{table}.{key}", "no such rule (see `coach rules`)")
    disable, enable = tuple(disable), tuple(enable)
    out = []
    for rule_id, rule in sorted(by_id.items()):
        enabled = rule.enabled
        if _matches_any(rule, disable):
            enabled = False
        if _matches_any(rule, enable):
            enabled = True
        rule = rule.with_options(severity.get(rule_id), options.get(rule_id), origin=origin)
        out.append(replace(rule, enabled=enabled))
    return RuleSet(lang=lang, rules=tuple(out))


def selects(selector: str, rule: Rule) -> bool:
    """A selector is a full id, an id prefix (``readable.`` or ``readable``) or a dimension name."""
    return rule.id == selector or rule.id.startswith(selector.rstrip(".") + ".") or rule.dimension == selector


def _matches_any(rule: Rule, selectors: tuple[str, ...]) -> bool:
    return any(selects(s, rule) for s in selectors)
