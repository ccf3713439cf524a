"""A cache of validated rule files on disk, so a cold ``coach check`` reads one JSON file
instead of parsing TOML, validating every rule and analysing every regular expression again.

An entry is used only while its rule file has the same path, size and modification time,
and the whole cache only under the same coach and Python versions; anything else is read
and validated again. The cache only saves time: a missing, stale, corrupt or unwritable
cache changes nothing else, and a rule file with an error is never cached.

Where: ``$COACH_CACHE_DIR``, else ``$XDG_CACHE_HOME/coach``, else ``~/.cache/coach``.
``COACH_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coach import __version__
from coach.rules.anchors import Anchor, Anchors, anchors, remember_anchors
from coach.cachedir import default_folder  # noqa: F401 - where the cache lives, for callers of this module

FILE_NAME = "rules.json"
# Bump FORMAT whenever what a cached rule holds changes shape (2: examples carry a customer message).
FORMAT = 2
_STAMP = f"coach {__version__} format {FORMAT} python {sys.version_info[0]}.{sys.version_info[1]}.{sys.version_info[2]}"


class RuleCache:
    """Validated rule and pack files by path; ``save`` writes what changed (atomically, owner-only)."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILE_NAME if folder is not None else None
        self._entries: dict[str, dict[str, Any]] = {}
        self._dirty = False
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("stamp") == _STAMP and isinstance(data.get("files"), dict):
                    self._entries = data["files"]
            except (OSError, ValueError):
                pass  # no cache yet, or an unreadable one: it is rebuilt

    def get(self, path: Path) -> dict[str, Any] | None:
        """The cached data of ``path`` if the file has not changed since, else None."""
        entry = self._entries.get(str(path))
        if not isinstance(entry, dict) or entry.get("file") != _file_stamp(path):
            return None
        try:
            known = [(pattern, flags, _anchors_from_json(found)) for pattern, flags, found in entry["anchors"]]
            data = entry["data"]
        except (KeyError, TypeError, ValueError):
            return None  # an entry this version cannot read: the file is read again
        if not isinstance(data, dict):
            return None
        for pattern, flags, found in known:
            remember_anchors(pattern, flags, found)
        return data

    def put(self, path: Path, data: dict[str, Any], patterns: Sequence[tuple[str, int]] = ()) -> None:
        """Remember the validated ``data`` of ``path`` and the anchors of its regex ``patterns``."""
        if self.path is None:
            return
        found = [[pattern, flags, _anchors_to_json(anchors(pattern, flags))] for pattern, flags in patterns]
        self._entries[str(path)] = {"file": _file_stamp(path), "data": data, "anchors": found}
        self._dirty = True

    def save(self) -> None:
        """Write the cache if anything was added; any failure leaves it as it was."""
        if self.path is None or not self._dirty:
            return
        import tempfile  # only when writing (importing it costs several ms)

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".rules-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"stamp": _STAMP, "files": self._entries}, fh)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self._dirty = False
        except OSError:
            pass  # a read-only home or a full disk: coach works without the cache


def _file_stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def _anchors_to_json(found: Anchors | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"texts": sorted([a.text, a.how, a.cased] for a in found.texts), "lead_space": found.lead_space}


def _anchors_from_json(data: Any) -> Anchors | None:
    if data is None:
        return None
    return Anchors(frozenset(Anchor(t, how, cased) for t, how, cased in data["texts"]), bool(data["lead_space"]))
