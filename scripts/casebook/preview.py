"""Which generated pages changed since the previous build of one `mkdocs serve` session.

`make serve` runs `mkdocs serve --dirty`: on a save, MkDocs rebuilds only the
pages whose `File.is_modified()` is true. A generated page always says it is,
so every save rebuilt the whole library (22-27 s at 1,000 cases). Casebook
renders every page's Markdown anyway (about a second at 1,000 cases), so it can
tell exactly which pages differ from the previous build: the saved case, and
every page that shows any of it (related-case lists, indexes, backlinks, the
explorer), or everything after a taxonomy or template change. Those are rebuilt;
the rest is served as built before. Search stays whole: in a dirty build, Material's
search plugin merges the rebuilt pages' entries into the previous build's, and
Casebook's index is built from that. Only what MkDocs derives from the whole site
(the sidebar of pages not rebuilt) may lag until the next full build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .sitemap import Page


class PageDigests:
    """The digest of each generated page's content at the previous build."""

    def __init__(self) -> None:
        self._digests: dict[str, bytes] = {}

    def changed(self, pages: Iterable[Page]) -> set[str]:
        """The URIs whose content differs from the previous call (every URI the first time); remembers this build."""
        current = {page.uri: hashlib.blake2b(page.content.encode("utf-8"), digest_size=16).digest() for page in pages}
        changed = {uri for uri, digest in current.items() if self._digests.get(uri) != digest}
        self._digests = current
        return changed
