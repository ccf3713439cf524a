"""Reading drafts from files and stdin, with one clear error per bad input."""

from __future__ import annotations

import os
import stat
import sys
from typing import BinaryIO

from coach.errors import InputError

STDIN = "-"


def read_draft(path: str, *, max_chars: int, stdin: BinaryIO | None = None) -> str:
    """The text of ``path`` (``-`` for stdin) as UTF-8; InputError names the input."""
    limit = max_chars * 4 + 4  # UTF-8 needs at most 4 bytes a character (+ a BOM)
    if path == STDIN:
        name = "<stdin>"
        if stdin is None and sys.stdin is None:
            raise InputError(f"{name}: standard input is closed; give a DRAFT file")
        try:
            data = (stdin or sys.stdin.buffer).read(limit + 1)
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    else:
        name = path
        data = _read_file(path, limit + 1)
    if len(data) > limit:
        raise InputError(f"{name}: draft is larger than the limit of {max_chars:,} characters (max_draft_chars in coach.toml)")
    return decode(data, name)


_NOT_A_FILE = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"))


def _read_file(path: str, size: int) -> bytes:
    """At most ``size`` bytes of the regular file ``path``. Opened without blocking, so a
    named pipe with no writer is refused instead of waiting forever; devices too."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = next((name for test, name in _NOT_A_FILE if test(mode)), "a device")
            hint = "; pipe it to stdin instead (coach check - < PATH)" if stat.S_ISFIFO(mode) else ""
            raise InputError(f"{path}: is {what}, not a draft file{hint}")
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read(size)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped); binary or other encodings are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: UTF-16 text; save the draft as UTF-8")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not a text draft")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the draft as UTF-8"
        ) from None
