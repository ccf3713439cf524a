"""Jinja2 templates: the shipped ``templates/`` folder, optionally overridden by a team's own.

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
from coach.resources import data_dir

if TYPE_CHECKING:
    import jinja2


class Templates:
    """Loads and renders templates by name, e.g. ``render("revision/acknowledge.txt.j2", ...)``."""

    def __init__(self, overrides: Sequence[Path] = ()) -> None:
        self.folders = [*overrides, data_dir("templates")]
        self._snippets: dict[tuple[str, tuple[tuple[str, Any], ...]], str] = {}

    @cached_property
    def env(self) -> jinja2.Environment:
        import jinja2

        return jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(f) for f in self.folders]),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html"), default=False),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )

    def exists(self, name: str) -> bool:
        return any((folder / name).is_file() for folder in self.folders)

    def render(self, name: str, variables: Mapping[str, Any]) -> str:
        """Render ``name``; a missing or broken template is a ConfigError."""
        import jinja2

        try:
            return self.env.get_template(name).render(**variables)
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
            text = self._snippets[key] = self.render(revision_template(name), variables)
        return text


def revision_template(name: str) -> str:
    """The file a rule's ``template = "name"`` refers to."""
    return f"revision/{name}.txt.j2"
