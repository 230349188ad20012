"""The site map: where every generated page lives, the URL it gets, and links between pages.

Nothing else in Casebook spells a page path or computes a URL. Names follow MkDocs:
a `*_uri` is a path under docs/ with `/`, and `page_url` is MkDocs' `File.url` rule
(`if not use_directory_urls or name == 'index'` …), which tests/test_sitemap.py
holds equal to `mkdocs.structure.files.File.url` for every page, in both URL styles.
The core never imports MkDocs, so the rule is stated here once and watched there.

Links written in Markdown point at `.md` files, and MkDocs rewrites them for the URL
style. Links MkDocs never sees (raw HTML such as the SVG graphs, and the explorer's
JSON) must be final URLs: `Links.href`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from casebook.derive.editions import ZH, Edition
from casebook.model import Library
from casebook.source.markup import REF_PATTERN, link_text
from casebook.source.slugs import slugify

# Page paths are a contract: other issues, checks and readers' bookmarks rely on them.
CASES_INDEX = "cases/index.md"
GLOSSARY = "glossary.md"
GRAPH = "graph.md"
HANDBOOK = "handbook.md"
EXPLORE = "explore.md"
#: The explorer's data: a file beside the explorer, not a page.
STAGES = "stages.md"
#: The hand-written home page, under docs/: it includes the generated way in by situation.
HOME = "index.md"
#: The hand-written newcomer path, under docs/.
NEWCOMERS = "newcomers.md"

_SECTION = {"issue_types": "issue-types", "lessons": "lessons"}


def case_uri(case_id: str) -> str:
    """`cases/<id>.md`: the page of one case."""
    return f"cases/{case_id}.md"


def case_source_uri(case_id: str) -> str:
    """`cases/<id>.yml`: the file a reader edits, relative to the project root."""
    return f"cases/{case_id}.yml"


def term_uri(kind: str, term_id: str) -> str:
    """`issue-types/<id>.md` or `lessons/<id>.md`."""
    return f"{_SECTION[kind]}/{term_id}.md"


def term_index_uri(kind: str) -> str:
    """`issue-types/index.md` or `lessons/index.md`."""
    return f"{_SECTION[kind]}/index.md"


def pair_heading(other_name: str) -> str:
    """The heading under which a term page lists its cases that also carry `other_name`.

    An issue-type page groups its cases by lesson and a lesson page by issue type, one
    heading per other term; the matrix on `/cases/` links each cell to that heading.
    Both sides call this, so the anchor is never retyped.
    """
    return other_name


def pair_target(kind: str, term_id: str, other_name: str) -> tuple[str, str]:
    """Where the cases of one matrix cell are listed: the term page of `kind` and the heading there."""
    return term_uri(kind, term_id), pair_heading(other_name)


def glossary_anchor(term: str) -> str:
    """The anchor of a term on the glossary page (`glossary.md#<anchor>`)."""
    return slugify(term)


def taxonomy_source_uri(kind: str) -> str:
    """The taxonomy file that holds a vocabulary, relative to the project root."""
    return f"cases/taxonomy/{_SECTION.get(kind, kind)}.yml"


@cache
def page_url(uri: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the file at `uri`, relative to the site root, as `File.url` does.

    `cases/x.md` becomes `cases/x/` or `cases/x.html`; `index.md` becomes `./` or
    `index.html`; a file that is not a page (`explore/cases.json`) keeps its path.
    """
    if not uri.endswith(".md"):
        return uri
    stem = uri[: -len(".md")]
    name = posixpath.basename(stem)
    # MkDocs' File.dest_uri: `if not use_directory_urls or self.name == 'index'`.
    dest = stem + ".html" if not directory_urls or name == "index" else stem + "/index.html"
    folder, filename = posixpath.split(dest)
    if directory_urls and filename == "index.html":
        return (folder or ".") + "/"
    return dest


def page_file(uri: str, directory_urls: bool = True) -> str:
    """The file a browser is served at the URL of the page at `uri`: `cases/x/index.html` or `cases/x.html`."""
    url = page_url(uri, directory_urls)
    return url + "index.html" if url.endswith("/") else url


@cache
def relative_url(from_uri: str, to_uri: str, directory_urls: bool = True, anchor: str = "") -> str:
    """A final URL from the page at `from_uri` to the file at `to_uri`, as the browser resolves it in the built site."""
    source = page_url(from_uri, directory_urls)
    target = page_url(to_uri, directory_urls)
    # A page's URL ending in '/' is its own folder; otherwise links resolve against its folder.
    base = source.rstrip("/") if source.endswith("/") else posixpath.dirname(source)
    path = posixpath.relpath(target.rstrip("/") or ".", base or ".")
    if target.endswith("/"):
        path = "./" if path == "." else path + "/"
    return path + (f"#{slugify(anchor)}" if anchor else "")


@cache
def _relative(uri: str, folder: str) -> str:
    # Pages sit in a handful of folders and link to the same pages over and over;
    # relpath normalises both paths on every call, which showed in the profile.
    return posixpath.relpath(uri, folder)


@dataclass(frozen=True)
class Page:
    """A generated file: its URI under docs/, its text (Markdown for pages, or data), and the source to edit."""

    uri: str
    content: str
    #: Path of the file a reader should edit, relative to the project root ('' for none).
    edit_path: str = ""


class Links:
    """Links from one page to the others, relative, so the site works under any base URL."""

    def __init__(self, page_uri: str, library: Library, directory_urls: bool = True, edition: Edition = ZH) -> None:
        self.page_uri = page_uri
        self.library = library
        self.directory_urls = directory_urls
        self.edition = edition

    def to(self, uri: str, anchor: str = "") -> str:
        """A Markdown link target from this page to `uri` (a `.md` path MkDocs rewrites), optionally to a heading."""
        target = _relative(uri, posixpath.dirname(self.page_uri) or ".")
        if target == posixpath.basename(self.page_uri) and anchor:
            target = ""
        return target + (f"#{slugify(anchor)}" if anchor else "")

    def href(self, uri: str, anchor: str = "") -> str:
        """A final URL from this page to `uri`, for raw HTML and data that MkDocs does not rewrite."""
        return relative_url(self.page_uri, uri, self.directory_urls, anchor)

    def other_edition(self, uri: str, edition: Edition) -> str:
        """A Markdown link target from this page to the page at `uri` (as every edition has it) in `edition`."""
        return _relative(edition.uri(uri), posixpath.dirname(self.edition.uri(self.page_uri)) or ".")

    def case(self, case_id: str) -> str:
        """A Markdown link to a case, titled with the case's title."""
        case = self.library.case(case_id)
        return f"[{link_text(case.title)}]({self.to(case_uri(case.id))})"

    def term(self, kind: str, term_id: str) -> str:
        """A Markdown link to an issue type or lesson page."""
        term = getattr(self.library.taxonomy, kind)[term_id]
        return f"[{link_text(term.name)}]({self.to(term_uri(kind, term_id))})"

    def terms(self, kind: str, term_ids: Iterable[str]) -> str:
        """Several term links, joined the edition's way."""
        return self.edition.labels["list_separator"].join(self.term(kind, t) for t in term_ids)

    def anchor(self, uri: str, heading: str, text: str) -> str:
        """A Markdown link to a heading on another page."""
        return f"[{link_text(str(text))}]({self.to(uri, heading)})"

    def resolve_refs(self, markdown: str | None) -> str:
        """Replace each `[[case-id]]` with a link titled with that case's title."""
        if markdown is None:
            return ""
        return REF_PATTERN.sub(lambda m: self.case(m.group(1).strip()), markdown)
