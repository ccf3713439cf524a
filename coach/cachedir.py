"""Where coach keeps what only saves time (rule cache, compiled patterns and templates).

``$COACH_CACHE_DIR``, else ``$XDG_CACHE_HOME/coach``, else ``~/.cache/coach``;
``COACH_CACHE_DIR=off`` turns every cache off. Nothing here imports the rest of coach.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_folder() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    chosen = os.environ.get("COACH_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coach"
