"""Text held compressed while it waits: the pages of a large library, between being made and being used.

A build of 5,000 cases has over 10,000 pages, and each page's Markdown is made before
MkDocs reads any, and its HTML before MkDocs writes any. Held as Python strings (two
bytes a character once a page has one Chinese character), those texts were about half of a
build's memory. Compressed, a page's text takes about a sixth of that (6 MiB instead
of 37 for the 2,048 pages of 1,000 cases). A text is packed once and mostly read once,
so zlib's fastest level.
"""

from __future__ import annotations

import zlib

#: zlib's fastest level (see the module's docstring).
_LEVEL = 1


def pack(text: str) -> bytes:
    """`text`, compressed."""
    return zlib.compress(text.encode("utf-8"), _LEVEL)


def unpack(packed: bytes) -> str:
    """The text `pack` was given."""
    return zlib.decompress(packed).decode("utf-8")
