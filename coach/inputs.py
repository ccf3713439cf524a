"""Reading drafts from files and stdin, with one clear error per bad input."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from coach.errors import InputError

STDIN = "-"


def read_draft(path: str, *, max_chars: int, stdin: BinaryIO | None = None) -> str:
    """The text of ``path`` (``-`` for stdin) as UTF-8; InputError names the input."""
    limit = max_chars * 4 + 4  # UTF-8 needs at most 4 bytes a character (+ a BOM)
    if path == STDIN:
        data = (stdin or sys.stdin.buffer).read(limit + 1)
        name = "<stdin>"
    else:
        name = path
        p = Path(path)
        try:
            if p.is_dir():
                raise InputError(f"{name}: is a directory, not a draft file")
            with p.open("rb") as f:
                data = f.read(limit + 1)
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(f"{name}: draft is larger than the limit of {max_chars:,} characters (max_draft_chars in coach.toml)")
    return decode(data, name)


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
