"""Rendered revision snippets kept between runs, so a cold ``coach check`` whose revision adds
an opener or closer it added before does not import and run jinja2 (a third of a cold run).

An entry is the text a snippet template rendered with the same variables. The whole store is
used only while every revision template it could have read (each folder's ``revision/``, with
its language folders) keeps its path, size and modification time; editing or adding one makes
it start afresh. It only saves time: delete it whenever you like (``COACH_CACHE_DIR=off``
turns it off with the other caches).
"""

from __future__ import annotations

import atexit
import json
import os
from collections.abc import Sequence
from pathlib import Path

from coach import __version__

FILE_NAME = "snippets.json"
MAX_ENTRIES = 2048  # more distinct (template, variables) pairs than this: start afresh


class SnippetCache:
    """Snippet key -> rendered text, for one set of template folders."""

    def __init__(self, folder: Path | None, template_folders: Sequence[Path]) -> None:
        self.path = folder / FILE_NAME if folder is not None else None
        self._folders = list(template_folders)
        self._texts: dict[str, str] | None = None
        self._stamp = ""
        self._new = False

    def get(self, key: str) -> str | None:
        return self._entries().get(key) if self.path is not None else None

    def put(self, key: str, text: str) -> None:
        if self.path is None:
            return
        entries = self._entries()
        if len(entries) >= MAX_ENTRIES:
            entries.clear()
        entries[key] = text
        if not self._new:
            self._new = True
            atexit.register(self.save)

    def _entries(self) -> dict[str, str]:
        if self._texts is None:
            self._stamp = _stamp(self._folders)
            self._texts = {}
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
                if isinstance(data, dict) and data.get("stamp") == self._stamp and isinstance(data.get("texts"), dict):
                    self._texts = data["texts"]
            except (OSError, ValueError):
                pass
        return self._texts

    def save(self) -> None:
        """Write what was rendered this run (atomically, owner-only); failures only cost time."""
        if self.path is None or not self._new or self._texts is None:
            return
        tmp = self.path.with_name(f".{FILE_NAME}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"stamp": self._stamp, "texts": self._texts}, fh, ensure_ascii=False)
            os.replace(tmp, self.path)
            self._new = False
        except OSError:
            try:
                tmp.unlink()
            except OSError:
                pass


def _stamp(folders: Sequence[Path]) -> str:
    """Every revision template the snippets could come from, with its size and modification time."""
    parts = [f"coach {__version__}"]
    for folder in folders:
        root = folder / "revision"
        try:
            files = sorted(p for p in root.rglob("*") if p.is_file())
        except OSError:
            continue
        for p in files:
            st = p.stat()
            parts.append(f"{p}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)
