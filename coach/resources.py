"""Where the shipped ``rules/`` and ``templates/`` folders are.

In a wheel they live inside the package (``coach/_data/``, see pyproject.toml);
in a checkout or an editable install they are the top-level folders.
"""

from __future__ import annotations

from pathlib import Path

from coach.errors import ConfigError

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The shipped ``rules`` or ``templates`` folder."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise ConfigError(f"coach is installed without its {name}/ folder (looked in {_PACKAGE / '_data'}); reinstall coach")
