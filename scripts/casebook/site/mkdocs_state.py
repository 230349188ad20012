"""What the MkDocs events remember: one `mkdocs build` or `mkdocs serve` process, and one build within it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.nav import Navigation

from casebook.derive.search.index import SearchIndex
from casebook.render.templating import MemoryBytecodeCache
from casebook.site.build import Site
from casebook.site.material_search import IndexedPages, IndexWriter
from casebook.site.outputguard import Policy
from casebook.site.pagework import PageWork
from casebook.site.preview import PreviewSession


@dataclass
class ProcessState:
    """State for one `mkdocs build` or `mkdocs serve`: set on startup, cleaned up on shutdown."""

    #: `mkdocs serve` shows a broken library in the browser instead of stopping, and its
    #: live-reload script is inline (see casebook.site.outputguard).
    serving: bool = False
    port_checked: bool = False
    #: Under `mkdocs serve --dirty` (`make serve`): what was built last, so that a save is served
    #: in two builds, its own pages first (see casebook.site.preview).
    preview: PreviewSession | None = None
    #: Under `make serve`: every page's search entries, and the index last written (casebook.site.material_search).
    indexed: IndexedPages | None = None
    index: SearchIndex | None = None
    #: Under `mkdocs serve`: a folder the server watches; a file written there asks for one more build.
    catch_up_signal: Path | None = None
    #: Under `mkdocs serve`: the server, whose waiting save cuts a catch-up build short (see `save_waiting`).
    server: LiveReloadServer | None = None
    #: The theme's templates, compiled once per process: MkDocs makes a new environment for every build.
    bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    #: mkdocs.yml's site name and copyright line: the Chinese edition's (each page sets its own).
    site_name: str = ""
    copyright: str | None = None
    #: Under `mkdocs serve`: the last site built without errors, served (with the errors on top) while a save is broken.
    last_site: Site | None = None
    #: Under `mkdocs serve`: the preview's status (casebook.site.preview.preview_status) for this build.
    status: str = ""
    #: Outside the source tree; made by the first build (not at import), reused by `serve` rebuilds
    #: so the paths handed to Material stay the same, removed on shutdown.
    scratch: tempfile.TemporaryDirectory[str] | None = None

    def scratch_dir(self) -> Path:
        """The scratch folder, made on first use."""
        if self.scratch is None:
            self.scratch = tempfile.TemporaryDirectory(prefix="casebook-")
        return Path(self.scratch.name)

    def save_waiting(self) -> bool:
        """Whether a save waits: MkDocs' server sets this when a watched file changes, and builds again once this build ends."""
        return bool(getattr(self.server, "_want_rebuild", False))

    def cleanup(self) -> None:
        """Remove the scratch folder."""
        if self.scratch is not None:
            self.scratch.cleanup()
            self.scratch = None


@dataclass
class BuildState:
    """What one build contributes: the site, or, serving a broken library, the errors every page starts with."""

    site: Site | None = None
    broken: str | None = None
    #: Whether Casebook's search index replaces Material's (off when mkdocs.yml sets its own jieba dictionary).
    casebook_search: bool = False
    #: The output invariant and the Content-Security-Policy, from the theme's own inline scripts (on_env).
    policy: Policy | None = None
    #: Each edition's own part of the nav, by edition code (on_nav): a page shows only its edition's.
    navs: dict[str, Navigation] | None = None
    #: Under `make serve`: the generated pages this build rebuilds (None: all of them).
    rebuild: frozenset[str] | None = None
    #: Under `make serve`: this build served only the saved cases' pages; one more build follows for the rest.
    catch_up: bool = False
    #: Under `make serve`: a catch-up that stops rebuilding pages once another save is waiting (casebook.site.preview).
    interruptible: bool = False
    #: Whether it did stop; and the pages it did build.
    cut_short: bool = False
    built: set[str] = field(default_factory=set)
    #: Under `make serve`: the search index writer of this build, told to keep the last index when cut short.
    index: IndexWriter | None = None
    #: Each rendered page's output check and search sections, done beside MkDocs (casebook.site.pagework).
    work: PageWork | None = None
    #: Where each page was written, to take out a page that breaks the output invariant.
    outputs: dict[str, Path] = field(default_factory=dict)
    #: Each rendered page's HTML, compressed, from rendering until MkDocs writes the page (on_page_content).
    held: dict[str, bytes] = field(default_factory=dict)
