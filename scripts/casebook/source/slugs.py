"""Heading slugs that keep Chinese: one function for MkDocs' toc and for the links we compute.

MkDocs' default slugify drops every non-ASCII character, which turns a Chinese
heading into an empty or numbered anchor. PyMdown's `slugify` keeps every script;
`mkdocs.yml` points `toc.slugify` here, so an anchor a template links to is exactly
the anchor the page gets. The one difference kept from PyMdown's: a run of separators
is one (`到货延期 × 随手记录` → `到货延期-随手记录`, not `--`), so matrix-cell anchors and
readers' bookmarks stay as they were. And no slug starts with `_`: the theme's own elements
have ids like `__config` (whose first match Material's script reads its settings from), so a
heading `### __config` must not become one.
"""

from __future__ import annotations

import re

from pymdownx.slugs import slugify as pymdown_slugify

_PYMDOWN = pymdown_slugify(case="lower")


def slugify(value: str, separator: str = "-") -> str:
    """Lower-case, keep letters of every script and digits, join words with one `separator`."""
    return re.sub(f"{re.escape(separator)}{{2,}}", separator, _PYMDOWN(value, separator)).lstrip("_") or "_"
