"""Compiled regular expressions kept between runs, so a cold ``coach check`` does not parse
and compile every rule's patterns again (that was most of its time).

``re`` cannot pickle a compiled pattern, but a compiled pattern is only its ``sre`` code, a
list of integers, plus its group names. ``compile`` remembers those per pattern and flags and
builds the pattern straight from them next time. The code format belongs to the exact Python
version, so the file is used only under the version that wrote it; anything unexpected falls
back to ``re.compile``. The cache only saves time: delete it whenever you like.

Stored with ``marshal`` (the format of Python's own ``.pyc`` files: fast to read, and like them
trusted because only this user can write the folder). Where: ``regex.marshal`` beside the rule
cache (``COACH_CACHE_DIR=off`` turns both off).
"""

from __future__ import annotations

import atexit
import marshal
from array import array
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:  # CPython's regular expression internals; without them this is plain re.compile
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - other Pythons
    _sre = None

FILE_NAME = "regex.marshal"
_CODE_TYPE = "I"  # sre opcodes are 32-bit unsigned
MAX_ENTRIES = 5000  # about ten times what the shipped packs compile
_STAMP = f"python {sys.version} sre {getattr(_sre, 'MAGIC', 0)} format 3"


class RegexCache:
    """Pattern + flags -> compiled pattern, backed by a JSON file written once at exit."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / FILE_NAME if folder is not None and _sre is not None else None
        self._code: dict[str, list[Any]] | None = None  # read on first use
        self._compiled: dict[str, re.Pattern[str]] = {}  # this run's, by key (re.compile keeps its own too)
        self._new = False

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile(pattern, flags)``, from the cache when this Python compiled it before."""
        return self.build(f"{flags}:{pattern}", lambda: pattern, flags)

    def build(self, key: str, source: Callable[[], str], flags: int = 0) -> re.Pattern[str]:
        """The pattern ``source()`` compiled with ``flags``, remembered under ``key`` (so a
        pattern that is costly to write out, such as a phrase trie, is not written again)."""
        if self.path is None:
            return re.compile(source(), flags)
        done = self._compiled.get(key)
        if done is not None:
            return done
        if len(self._compiled) > 4096:
            self._compiled.clear()
        self._compiled[key] = compiled = self._build(key, source, flags)
        return compiled

    def _build(self, key: str, source: Callable[[], str], flags: int) -> re.Pattern[str]:
        entry = self._entries().get(key)
        if entry is not None:
            try:
                pattern, final_flags, code, groups, groupindex, indexgroup = entry
                opcodes = array(_CODE_TYPE, code).tolist()
                return _sre.compile(pattern, final_flags, opcodes, groups, groupindex, tuple(indexgroup))
            except Exception:  # noqa: BLE001 - a damaged entry: compile afresh
                pass
        compiled, entry = _compile(source(), flags)
        if entry is not None:
            entries = self._entries()
            if len(entries) >= MAX_ENTRIES:  # patterns of rules long edited away: start afresh
                entries.clear()
            entries[key] = entry
            if not self._new:
                self._new = True
                atexit.register(self.save)
        return compiled

    def _entries(self) -> dict[str, list[Any]]:
        if self._code is None:
            self._code = {}
            try:
                data = marshal.loads(self.path.read_bytes())  # type: ignore[union-attr]
                if isinstance(data, dict) and data.get("stamp") == _STAMP and isinstance(data.get("patterns"), dict):
                    self._code = data["patterns"]
            except (OSError, ValueError, EOFError, TypeError):
                pass  # none yet, or unreadable: rebuilt as patterns are compiled
        return self._code

    def save(self) -> None:
        """Write the patterns compiled this run (atomically, owner-only); failures only cost time."""
        if self.path is None or not self._new or self._code is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{FILE_NAME}.{os.getpid()}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                marshal.dump({"stamp": _STAMP, "patterns": self._code}, fh)
            os.replace(tmp, self.path)
            self._new = False
        except (OSError, ValueError):
            try:
                tmp.unlink()
            except (OSError, UnboundLocalError):
                pass


def _compile(pattern: str, flags: int) -> tuple[re.Pattern[str], list[Any] | None]:
    """Compile as ``re.compile`` does, keeping the parts a later run needs to rebuild it."""
    try:
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        final_flags = int(flags | parsed.state.flags)
        compiled = _sre.compile(pattern, final_flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        packed = array(_CODE_TYPE, code).tobytes()  # read back in one step, not an int at a time
        return compiled, [pattern, final_flags, packed, parsed.state.groups - 1, groupindex, indexgroup]
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - internals changed: the plain way, uncached
        return re.compile(pattern, flags), None


_shared: RegexCache | None = None


def shared() -> RegexCache:
    """The process-wide cache (in the rule cache's folder)."""
    global _shared
    if _shared is None:
        from coach.cachedir import default_folder

        _shared = RegexCache(default_folder())
    return _shared


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - mirrors re.compile
    """``re.compile`` through the process-wide cache."""
    return shared().compile(pattern, flags)
