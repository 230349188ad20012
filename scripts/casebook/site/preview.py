"""The preview loop of `make serve`: a saved case is served in about a second, and the whole site follows.

`make serve` runs `mkdocs serve --dirty`: on a save, MkDocs rebuilds only the pages whose
`File.is_modified()` is true. A save answers in two builds:

1. **The saved cases first.** When the only files changed since the previous build are
   case files (none added or removed), the library is checked again, reading only those
   files (`ReadCache`), and only their own pages are rendered, in every edition
   (`refresh_cases`). Only those pages are rebuilt, and the contributor sees them at once.
   The search index is left as it was.
2. **Then everything else, behind it.** The hook asks `mkdocs serve` for one more build at
   once (`PreviewPlan.catch_up`). That build renders every page's Markdown and rebuilds
   exactly the pages whose Markdown differs from what was built (`PageDigests`): the
   listings, related cases and backlinks that show the saved case, or everything after a
   change to the taxonomy, a template or docs/. It also rebuilds the search index.

A save that arrives while the second build runs is served first, and the second build
follows it again: the hook stops rebuilding pages as soon as the server has a save waiting
(`PreviewPlan.interruptible`), tells the session which pages it left (`unbuilt`), and the
next build, the saved case's own pages, is followed by a catch-up that covers both saves
and the pages left. Only a catch-up after saves to existing case files is cut short: every
page exists already and keeps its URL, so a page left at its earlier state links only to
pages that exist (a related list or an index one save behind, never a link to nowhere).

Any other change (a taxonomy or template edit, a case added or removed, docs/) goes
straight to the second kind of build. Only what MkDocs derives from the whole site (the
sidebar of pages not rebuilt) may lag until a full build.

While a save leaves the library broken, the contributor keeps seeing the last good site,
with the located errors at the top of every page (`preview_status`, shown by
`assets/preview.js`), and the broken case's page says it is its last good version. Only
`mkdocs serve` ships these two files: a build and the offline copy never contain them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from casebook.derive.editions import EDITIONS
from casebook.derive.sitemap import Page, case_source_uri, case_uri, page_url
from casebook.model.files import CASES_DIR
from casebook.model.readcache import ReadCache
from casebook.site.build import Cancelled, PackedPage, Site, build_site, refresh_cases
from casebook.source.diagnostics import CasebookError, Diagnostic, Severity, printable

#: Where the served site says whether the library is broken, beside the home page.
STATUS_URI = "casebook-preview.json"
#: The script every served page loads to show it.
SCRIPT_URI = "javascripts/casebook-preview.js"


def preview_script() -> str:
    """The text of `SCRIPT_URI` (scripts/casebook/site/assets/preview.js)."""
    return files("casebook.site").joinpath("assets/preview.js").read_text(encoding="utf-8")


def preview_status(diagnostics: Sequence[Diagnostic], directory_urls: bool = True) -> str:
    """The JSON at `STATUS_URI`: the errors as `path:line:col: …`, the broken cases' pages, and the words, per edition."""
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    broken = sorted({Path(d.loc.path).stem for d in errors if d.loc.path == case_source_uri(Path(d.loc.path).stem)})
    pages = [edition.uri(page_url(case_uri(case_id), directory_urls)) for case_id in broken for edition in EDITIONS]
    labels = {
        e.code: {"title": e.labels["preview_broken"].format(errors=len(errors)), "this_page": e.labels["preview_last_good"]}
        for e in EDITIONS
    }
    return json.dumps({"errors": [printable(str(d)) for d in errors], "pages": pages, "labels": labels}, ensure_ascii=False)


#: Besides the case files, what a build reads: the taxonomy, the hand-written pages, the templates and the labels.
_WATCHED = ("cases/taxonomy", "docs", "scripts/casebook/render/templates", "scripts/casebook/derive/labels.yml")


class PageDigests:
    """The digest of each generated page's content at the previous build."""

    def __init__(self) -> None:
        self._digests: dict[str, bytes] = {}

    def changed(self, pages: Iterable[Page | PackedPage], *, partial: bool = False) -> set[str]:
        """The URIs whose content differs from what was recorded (every URI the first time); records these pages.

        `partial`: `pages` are only some of the site's pages; the others keep their record.
        """
        current = {page.uri: hashlib.blake2b(page.content.encode("utf-8"), digest_size=16).digest() for page in pages}
        changed = {uri for uri, digest in current.items() if self._digests.get(uri) != digest}
        self._digests = {**self._digests, **current} if partial else current
        return changed

    def forget(self, uris: Iterable[str]) -> None:
        """Drop the record of these pages (they were not built after all): the next comparison names them."""
        for uri in uris:
            self._digests.pop(uri, None)


@dataclass(frozen=True)
class PreviewPlan:
    """What one build of the preview does."""

    site: Site
    #: The generated pages to rebuild: their Markdown differs from what was last built.
    rebuild: frozenset[str]
    #: Only the saved cases' pages were rendered: another build must follow at once, for the rest.
    catch_up: bool
    #: A catch-up after saves to existing case files: the hook may leave the rest of its pages for the next
    #: build when another save is waiting (see the module's docstring).
    interruptible: bool = False
    #: The catch-up gave way before rendering anything new (a save was waiting): the site as last built, nothing rebuilt.
    deferred: bool = False


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file a build reads, by path from `root`."""
    files = [*(root / CASES_DIR).glob("*.y*ml"), *(p for watched in _WATCHED for p in _files(root / watched))]
    signatures = {}
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        signatures[file.relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return signatures


def _files(path: Path) -> list[Path]:
    return [path] if path.is_file() else list(path.rglob("*"))


def saved_cases(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> frozenset[str]:
    """The ids of the cases saved between two snapshots, when nothing but existing case files changed; else empty."""
    if before.keys() != after.keys():
        return frozenset()
    changed = [path for path in after if before[path] != after[path]]
    if not all(path.startswith(f"{CASES_DIR}/") and path.count("/") == 1 and path.endswith(".yml") for path in changed):
        return frozenset()
    return frozenset(Path(path).stem for path in changed)


class PreviewSession:
    """One `make serve` session: what was built last, so that the next build does only what a save needs."""

    def __init__(self) -> None:
        self.reads = ReadCache()
        self._digests = PageDigests()
        self._site: Site | None = None
        self._snapshot: dict[str, tuple[int, int]] = {}
        self._catching_up = False

    def build(self, root: Path, *, directory_urls: bool = True, save_waiting: Callable[[], bool] | None = None) -> PreviewPlan:
        """The site for this build and the pages to rebuild; raises `CasebookError` when the library is invalid.

        `save_waiting` (the server has a save to build next) lets a catch-up give way to it.
        """
        now = snapshot(root)
        previous = self._site
        # Saves are served first even while a catch-up is owed: the catch-up that follows covers them all.
        saved = saved_cases(self._snapshot, now) if previous is not None else frozenset()
        interruptible = False
        try:
            if previous is not None and saved:
                site = refresh_cases(previous, root, saved, directory_urls=directory_urls, cache=self.reads)
                sources = {case_source_uri(case_id) for case_id in saved}
                rebuild = self._digests.changed((page for page in site.pages if page.edit_path in sources), partial=True)
            else:
                interruptible = self._catching_up
                stop = save_waiting if interruptible and previous is not None else None
                site = build_site(root, directory_urls=directory_urls, cache=self.reads, cancelled=stop)
                rebuild = self._digests.changed(site.pages)
        except Cancelled:
            # Nothing was rebuilt; the catch-up is still owed, and the waiting save is served next.
            assert previous is not None
            return PreviewPlan(previous, frozenset(), catch_up=False, deferred=True)
        except CasebookError:
            # The pages stay as last built (the hook serves the last good site with the errors on top), so
            # what was recorded still holds: after the fix, the next build answers for what changed since.
            raise
        self._site, self._snapshot, self._catching_up = site, now, bool(saved)
        return PreviewPlan(site, frozenset(rebuild), catch_up=bool(saved), interruptible=interruptible)

    def unbuilt(self, uris: Iterable[str]) -> None:
        """The pages a build left (another save was waiting): the next catch-up rebuilds them."""
        self._digests.forget(uris)
        self._catching_up = True
