"""Jinja2 templates: the shipped ``templates/`` folder, optionally overridden by a team's own.

What people read is rendered in the team's ``ui_lang``: ``render("zendesk/review_note.html.j2")``
with ``ui_lang = "de"`` looks for ``de/zendesk/review_note.html.j2`` in the team's folder,
then in the shipped one, and only then for the English ``zendesk/review_note.html.j2``
(team's, then shipped). So a team overrides one file in one language, and a template
nobody translated still renders. Every template gets the language's message catalog
as ``ui`` (``coach.i18n``). Revision snippets are not UI: they are part of the reply,
in the rule pack's language, and are looked up without a language folder.

Files ending in ``.html.j2`` are autoescaped (draft text never becomes markup);
``.txt.j2`` and ``.md.j2`` are not. jinja2 is imported on first use only, so a
``coach check`` that needs no template does not pay for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import ConfigError
from coach.i18n import DEFAULT_UI_LANG, UI_LANGS, messages
from coach.resources import data_dir

if TYPE_CHECKING:
    import jinja2


class Templates:
    """Loads and renders templates by name, e.g. ``render("zendesk/review_note.html.j2", ...)``.

    ``ui_lang`` (``coach.toml``) is the language of what ``render`` produces; ``render(..., lang=)``
    picks another for one call.
    """

    def __init__(self, overrides: Sequence[Path] = (), *, ui_lang: str = DEFAULT_UI_LANG) -> None:
        if ui_lang not in UI_LANGS:
            raise ConfigError(f"ui_lang: {ui_lang!r} is not one of: {', '.join(UI_LANGS)}")
        self.folders = [*overrides, data_dir("templates")]
        self.ui_lang = ui_lang
        self._envs: dict[str | None, jinja2.Environment] = {}
        self._snippets: dict[tuple[str, tuple[tuple[str, Any], ...]], str] = {}

    def search_path(self, lang: str | None) -> list[Path]:
        """Where templates are looked for: every folder's ``<lang>/`` first, then the folders themselves."""
        return [*(folder / lang for folder in self.folders), *self.folders] if lang else list(self.folders)

    @cached_property
    def env(self) -> jinja2.Environment:
        """The environment without a language folder (revision snippets)."""
        return self.env_for(None)

    def env_for(self, lang: str | None) -> jinja2.Environment:
        """The environment of one UI language (one per language, made on first use)."""
        env = self._envs.get(lang)
        if env is None:
            import jinja2

            env = self._envs[lang] = jinja2.Environment(
                loader=jinja2.FileSystemLoader([str(f) for f in self.search_path(lang)]),
                autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html"), default=False),
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=False,
                bytecode_cache=_bytecode_cache(),
            )
            env.globals["ui"] = messages(lang or self.ui_lang)
            env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}  # `tojson`: readable umlauts
        return env

    def exists(self, name: str) -> bool:
        return any((folder / name).is_file() for folder in self.folders)

    def render(self, name: str, variables: Mapping[str, Any], *, lang: str | None = None) -> str:
        """Render ``name`` in ``lang`` (default: ``ui_lang``); a missing or broken template is a ConfigError."""
        return self._render(self.env_for(lang or self.ui_lang), name, variables)

    def _render(self, env: jinja2.Environment, name: str, variables: Mapping[str, Any]) -> str:
        import jinja2

        try:
            return env.get_template(name).render(**variables)
        except jinja2.TemplateNotFound:
            raise ConfigError(f"template {name!r} not found in {', '.join(map(str, self.folders))}") from None
        except jinja2.TemplateError as exc:
            raise ConfigError(f"template {name!r}: {exc}") from None

    def render_revision(self, name: str, variables: Mapping[str, Any]) -> str:
        """Render a revision snippet named by a rule's ``template`` key (cached: it is called per draft)."""
        key = (name, tuple(sorted(variables.items())))
        text = self._snippets.get(key)
        if text is None:
            if len(self._snippets) > 4096:
                self._snippets.clear()
            text = self._snippets[key] = self._render(self.env, revision_template(name), variables)
        return text


def revision_template(name: str) -> str:
    """The file a rule's ``template = "name"`` refers to."""
    return f"revision/{name}.txt.j2"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept beside the rule cache (jinja2 checks each template's source
    before using its entry), so a cold run does not compile them again; None when caching is off."""
    import jinja2

    from coach.cachedir import default_folder

    folder = default_folder()
    if folder is None:
        return None
    try:
        (folder / "templates").mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder / "templates"))
