"""Heading slugs that keep Chinese: one function for MkDocs' toc and for the links we compute.

MkDocs' default slugify drops every non-ASCII character, which turns a Chinese
heading into an empty or numbered anchor. `mkdocs.yml` points `toc.slugify` here,
so an anchor that a template links to is exactly the anchor the page gets.
"""

from __future__ import annotations

import re
import unicodedata

_TAGS = re.compile(r"<[^>]*>")
_DROP = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"[\s-]+")


def slugify(value: str, separator: str = "-") -> str:
    """Lower-case, keep letters of every script and digits, join words with `separator`."""
    value = unicodedata.normalize("NFC", _TAGS.sub("", value)).lower()
    value = _DROP.sub("", value).strip()
    return _SPACES.sub(separator, value)
