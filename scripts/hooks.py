"""MkDocs glue: translate build events into calls on the `casebook` package.

Nothing about cases is computed here. Pages are created in memory with `File.generated`,
so a build never writes into `cases/` or `docs/`; diagnostics go through MkDocs' logger.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast

import material.plugins.search.plugin as material_search
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from casebook.apart import run_apart
from casebook.diagnostics import CasebookError, Diagnostic, Severity
from casebook.editions import EDITIONS, edition_of
from casebook.messages import say
from casebook.outputguard import Policy, Violation, check_page, theme_inline_scripts, theme_policy, violation_report
from casebook.packed import pack, unpack
from casebook.pages.diagnostics import render_diagnostics
from casebook.pagework import Collector, NoIndex, PageWork, Sections, no_sections
from casebook.preview import SCRIPT_URI, STATUS_URI, PreviewSession, preview_script, preview_status
from casebook.searchengine import IndexedPages, IndexWriter, MaterialSections, SearchIndex
from casebook.site import PackedPage, Site, build_site, situations_snippet
from casebook.sitemap import HOME
from casebook.templating import MemoryBytecodeCache

#: jieba as Material's search plugin imported it (None when it is not installed).
_JIEBA = material_search.jieba


#: MkDocs' own logger: a warning logged here fails `mkdocs build --strict`, as `casebook check --strict` does.
log = get_plugin_logger("casebook")


@dataclass
class _Process:
    """State for one `mkdocs build` or `mkdocs serve`: set on startup, cleaned up on shutdown."""

    #: `mkdocs serve` shows a broken library in the browser instead of stopping, and its
    #: live-reload script is inline (see casebook.outputguard).
    serving: bool = False
    port_checked: bool = False
    #: Under `mkdocs serve --dirty` (`make serve`): what was built last, so that a save is served
    #: in two builds, its own pages first (see casebook.preview).
    preview: PreviewSession | None = None
    #: Under `make serve`: every page's search entries, and the index last written (casebook.searchengine).
    indexed: IndexedPages | None = None
    index: SearchIndex | None = None
    #: Under `mkdocs serve`: a folder the server watches; a file written there asks for one more build.
    catch_up_signal: Path | None = None
    #: Under `mkdocs serve`: the server, whose waiting save cuts a catch-up build short (see `_save_waiting`).
    server: LiveReloadServer | None = None
    #: The theme's templates, compiled once per process: MkDocs makes a new environment for every build.
    bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    #: mkdocs.yml's site name and copyright line: the Chinese edition's (the hook sets each page's own).
    site_name: str = ""
    copyright: str | None = None
    #: Under `mkdocs serve`: the last site built without errors, served (with the errors on top) while a save is broken.
    last_site: Site | None = None
    #: Under `mkdocs serve`: the preview's status (casebook.preview.preview_status) for this build.
    status: str = ""
    #: Outside the source tree; made by the first build (not at import), reused by `serve` rebuilds
    #: so the paths handed to Material stay the same, removed in on_shutdown.
    scratch: tempfile.TemporaryDirectory[str] | None = None

    def scratch_dir(self) -> Path:
        """The scratch folder, made on first use."""
        if self.scratch is None:
            self.scratch = tempfile.TemporaryDirectory(prefix="casebook-")
        return Path(self.scratch.name)

    def cleanup(self) -> None:
        """Remove the scratch folder."""
        if self.scratch is not None:
            self.scratch.cleanup()
            self.scratch = None


@dataclass
class _Build:
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
    #: Under `make serve`: a catch-up that stops rebuilding pages once another save is waiting (casebook.preview).
    interruptible: bool = False
    #: Whether it did stop; and the pages it did build.
    cut_short: bool = False
    built: set[str] = field(default_factory=set)
    #: Under `make serve`: the search index writer of this build, told to keep the last index when cut short.
    index: IndexWriter | None = None
    #: Each rendered page's output check and search sections, done beside MkDocs (casebook.pagework).
    work: PageWork | None = None
    #: Where each page was written, to take out a page that breaks the output invariant.
    outputs: dict[str, Path] = field(default_factory=dict)
    #: Each rendered page's HTML, compressed, from rendering until MkDocs writes the page (on_page_content).
    held: dict[str, bytes] = field(default_factory=dict)


_process = _Process()
_build = _Build()


def report(diagnostics: Iterable[Diagnostic]) -> None:
    """Every diagnostic through MkDocs' logger, located `path:line:col`, at its own level."""
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR:
            log.error(str(diagnostic))
        elif diagnostic.severity is Severity.WARNING:
            log.warning(str(diagnostic))
        else:
            log.info(str(diagnostic))


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`, and whether it rebuilds only what changed (`--dirty`)."""
    global _process
    serving = command == "serve"
    preview = serving and dirty
    _process = _Process(serving=serving, preview=PreviewSession() if preview else None, indexed=IndexedPages() if preview else None)


def _check_port(config: MkDocsConfig) -> None:
    # MkDocs binds the port only after the first build, and a busy one ends in a traceback;
    # say so in one line, before spending a build on it.
    host, port = config.dev_addr
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            message = say(
                "{address} is busy ({reason}): stop the other server, or run make serve PORT={port}",
                address=f"{host}:{port}",
                reason=exc.strerror,
                port=port + 1,
            )
            raise Abort(message) from None


# Before the search plugin's on_config, which is where it loads jieba's user dictionary.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and render the library once per build, so a broken case stops the build before any page."""
    global _build
    if _process.serving and not _process.port_checked:
        _process.port_checked = True
        _check_port(config)
    root = Path(config.config_file_path).parent
    _process.site_name, _process.copyright = config.site_name, config.copyright
    # Material's offline plugin turns directory URLs off in its own on_config, which runs after
    # this one; the SVG graphs hold raw-HTML links, so they must know the URL style now.
    offline_build = _offline(config)
    directory_urls = config.use_directory_urls and not offline_build
    if offline_build:
        # Instant loading fetches each page, which file:// forbids; Material then never announces a
        # page on `document$`, and nothing that waits for it starts. Its offline docs say: turn it off.
        config.theme["features"] = [f for f in config.theme["features"] if not f.startswith("navigation.instant")]
    rebuild, catch_up, interruptible, deferred = None, False, False, False
    # Casebook's search index (casebook.searchengine) is built from character bigrams of the text
    # Material's search plugin collects; the words jieba would cut that text into are never used, and
    # cutting them was a sixth of the build. An explicit `jieba_dict_user` in mkdocs.yml keeps
    # Material's own index, cut by jieba, instead. (Set before the second process is forked, which cuts too.)
    search = config.plugins.get("material/search")
    casebook_search = search is not None and search.config.jieba_dict_user is None
    if search is not None:
        material_search.jieba = None if casebook_search else _JIEBA
    # Other processes help only `mkdocs build`: the server threads of `mkdocs serve` make forking
    # unsafe (and a save there rebuilds few pages).
    fork = not _process.serving
    # The second process starts now, before the library is read (see casebook.pagework).
    work = PageWork(background=fork)
    if _process.serving:
        # Every served page asks whether the library is broken (casebook.preview); a build never does.
        config.extra_javascript.append(SCRIPT_URI)
    try:
        if _process.preview is not None:
            plan = _process.preview.build(root, directory_urls=directory_urls, save_waiting=_save_waiting)
            site, rebuild, catch_up, interruptible = plan.site, plan.rebuild, plan.catch_up, plan.interruptible
            deferred = plan.deferred
        elif fork:
            # Read and rendered in a process apart, whose memory goes back to the system when it ends.
            site = run_apart(build_site, root, directory_urls=directory_urls)
        else:
            site = build_site(root, directory_urls=directory_urls)
        _process.status = preview_status((), directory_urls)
    except CasebookError as exc:
        report(exc.diagnostics)
        if not _process.serving:
            work.close()
            errors = sum(d.severity is Severity.ERROR for d in exc.diagnostics)
            raise PluginError(say("{count} error{plural} in case files", count=errors, plural="s" if errors != 1 else "")) from exc
        # A page request must never wait on a build that cannot succeed: the errors go on top of every page.
        _process.status = preview_status(exc.diagnostics, directory_urls)
        if _process.last_site is None:
            # Nothing good to show yet: every page starts with the errors.
            _build = _Build(broken=render_diagnostics(exc.diagnostics), work=work)
            # The home page and 如何贡献案例 still include their snippets; the situations list is empty.
            _snippets(config, root, snippets={situations_snippet(edition): "" for edition in EDITIONS})
            return config
        # The last good site, as it was served: under --dirty nothing is rebuilt, and the banner says why.
        site, rebuild, catch_up = _process.last_site, (frozenset() if _process.preview is not None else None), False
    else:
        report(site.diagnostics)
    if _process.serving:
        _process.last_site = site
    _build = _Build(site, rebuild=rebuild, catch_up=catch_up, interruptible=interruptible, cut_short=deferred, work=work)
    # Material's language selector, whose links overrides/partials/alternate.html takes from each page's
    # `casebook_alternate` (the page itself in every edition). True, not a list: Material writes a list into
    # every page's head as <link rel=alternate>, and its script then fetches en/sitemap.xml, which is no file.
    config.extra["alternate"] = True
    if config.nav is not None:
        # Idempotent: an expanded section is a list, which expand_nav leaves alone.
        config.nav = site.expand_nav(config.nav, Path(config.docs_dir))
    tags = config.plugins.get("material/tags")
    if tags is not None:
        # The taxonomy is the one list of allowed tags; validate it as if written in mkdocs.yml.
        option = type(tags.config).tags_allowed
        tags.config.tags_allowed = option.validate(site.tag_names())
    _snippets(config, root, snippets=site.snippets())
    _build.casebook_search = casebook_search
    return config


def _offline(config: MkDocsConfig) -> bool:
    """Whether this is the offline copy (`make offline`): Material's offline plugin is on."""
    offline = config.plugins.get("material/offline")
    return offline is not None and bool(offline.config.enabled)


def _snippets(config: MkDocsConfig, root: Path, *, snippets: dict[str, str]) -> None:
    """Give pymdownx.snippets the scratch folder, and only it, with the files docs/ includes."""
    scratch = _process.scratch_dir()
    for name, text in snippets.items():
        (scratch / name).write_text(text, encoding="utf-8")
    # Snippets read only this scratch folder, never the project root (where `.git/config` lives):
    # docs/contributing.md includes CONTRIBUTING.md, so a copy of it is all the root contributes.
    if (root / "CONTRIBUTING.md").is_file():
        shutil.copyfile(root / "CONTRIBUTING.md", scratch / "CONTRIBUTING.md")
    config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [str(scratch)]


def _unmodified() -> bool:
    return False


def _until_a_save_waits() -> bool:
    if not _build.cut_short and _save_waiting():
        _build.cut_short = True
    return not _build.cut_short


def _save_waiting() -> bool:
    # MkDocs' server sets this when a watched file changes, and builds again once the current build ends.
    return bool(getattr(_process.server, "_want_rebuild", False))


class _PackedFile(File):
    """A generated page whose Markdown stays compressed (casebook.site.PackedPage) until it is read.

    MkDocs keeps every file to the end of a build. Holding each page's Markdown as a
    string, as `File.generated` does, cost nearly as much memory as the pages' HTML.
    """

    _packed: bytes | None = None

    @classmethod
    def of(cls, config: MkDocsConfig, page: PackedPage) -> _PackedFile:
        """The file MkDocs reads `page` from."""
        if not page.uri.endswith(".md"):
            # A file MkDocs copies as it is (a redirect page): it reads the content itself, not through the properties.
            return cast(_PackedFile, cls.generated(config, page.uri, content=page.content))
        file = cast(_PackedFile, cls.generated(config, page.uri, content=b""))
        file._packed = page.packed
        return file

    @property
    def content_string(self) -> str:
        return super().content_string if self._packed is None else unpack(self._packed)

    @content_string.setter
    def content_string(self, value: str) -> None:
        # Another plugin's text replaces ours, as on any generated file.
        self._packed = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_bytes(self) -> bytes:
        return super().content_bytes if self._packed is None else self.content_string.encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self._packed = None
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page, with "edit this page" pointing at its YAML source."""
    if _process.serving:
        files.append(File.generated(config, SCRIPT_URI, content=preview_script()))
        files.append(File.generated(config, STATUS_URI, content=_process.status))
    if _build.site is None:
        # Serving a broken library: stand-ins for the generated pages the nav names, so the nav still works.
        for target in _nav_targets(config.nav or []):
            if files.get_file_from_path(target) is None:
                files.append(File.generated(config, target, content="# 案例库有错误\n"))
        return files
    changed = _build.rebuild
    for page in _build.site.pages:
        file = _PackedFile.of(config, page)
        if page.edit_path:
            # edit_uri in mkdocs.yml points at docs/; sources live beside docs/ in the repo.
            file.edit_uri = f"../{page.edit_path}"
        if changed is not None and page.uri not in changed:
            # Same Markdown as the page already built: MkDocs' dirty build leaves it as it is.
            file.is_modified = _unmodified  # type: ignore[method-assign]
        elif _build.interruptible:
            # MkDocs asks page by page, as it reaches each: once a save waits, the rest are left for later.
            file.is_modified = _until_a_save_waits  # type: ignore[method-assign]
        files.append(file)
    return files


def _nav_targets(nav: list[Any]) -> list[str]:
    targets: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else entry
        if isinstance(value, str) and value.endswith(".md"):
            targets.append(value)
        elif isinstance(value, list):
            targets.extend(_nav_targets(value))
    return targets


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    """Append the abbreviations the page uses; while serving a broken library, start with the located errors."""
    if _build.broken is not None:
        return _build.broken + "\n" + markdown
    if _build.site is None:
        return markdown
    edition = edition_of(page.file.src_uri)
    return markdown + "\n\n" + _build.site.abbreviations[edition.code].for_page(markdown)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Split the nav by edition: each page's sidebar, footer and breadcrumbs stay in its own language."""
    navs = {}
    for edition in EDITIONS:
        items = [item for item in nav.items if edition_of(_first_uri(item)) is edition]
        pages = [page for page in nav.pages if edition_of(page.file.src_uri) is edition]
        # Previous and next run within the edition: the last Chinese page does not lead into the English.
        for previous, following in zip([None, *pages], [*pages, None], strict=True):
            if previous is not None:
                previous.next_page = following
            if following is not None:
                following.previous_page = previous
        navs[edition.code] = Navigation(items, pages)
        navs[edition.code].homepage = next((p for p in pages if p.file.src_uri == edition.uri(HOME)), nav.homepage)
    _build.navs = navs
    return nav


def _first_uri(item: Any) -> str:
    """The docs path an item of the nav stands for: a page's, or the first page's of a section."""
    file = getattr(item, "file", None)
    if file is not None:
        return str(file.src_uri)
    children = getattr(item, "children", None) or []
    return _first_uri(children[0]) if children else ""


# After every other plugin's changes to the page's HTML.
@event_priority(-100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Hold the page's HTML compressed until the page is written, and let its Markdown go.

    MkDocs renders every page before it writes any, and keeps each page's Markdown and
    HTML to the end of the build: at 5,000 cases (over 10,000 pages) those were about half
    of its memory. Only the page's own template reads its HTML (restored in on_page_context);
    its title and table of contents are already taken from it.
    """
    if _listed_by_tags(page, config):
        return None  # Material's tags plugin writes its listings into this HTML at on_env
    _build.held[page.file.src_uri] = pack(html)
    # Not None: MkDocs reads None as "not read yet", and the page would lose its title.
    page.markdown = ""
    return ""


def _listed_by_tags(page: Page, config: MkDocsConfig) -> bool:
    tags = config.plugins.get("material/tags")
    listings = getattr(tags, "listings", None) or ()
    return any(listing.page is page for listing in listings)


# Before Material's search plugin (priority 0), which then skips the page.
@event_priority(50)
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Give the page its edition's nav, its language, and the same page in every edition for the language selector."""
    held = _build.held.pop(page.file.src_uri, None)
    if held is not None:
        page.content = unpack(held)
    edition = edition_of(page.file.src_uri)
    if _build.navs is not None:
        context["nav"] = _build.navs[edition.code]
    context["casebook_lang"] = edition.html_lang
    # The header, the footer and the window title in the page's language: mkdocs.yml's own words
    # for the Chinese edition, the labels' for the others. Material reads them from `config` as it renders.
    config.site_name = edition.labels["site_name"] or _process.site_name
    config.copyright = edition.labels["copyright"] or _process.copyright
    if _build.site is not None:
        context["casebook_alternate"] = _build.site.alternates(page.file.src_uri, Path(config.docs_dir), config.use_directory_urls)
    if _build.casebook_search and _build.work is not None:
        # Casebook's index is made from the entries Material's search plugin would make, by its own code, from
        # Lexbor's parse of the page rather than Python's (most of its cost); its front-matter switch then skips it.
        search = page.meta.get("search") or {}
        if not search.get("exclude"):
            meta = {key: page.meta[key] for key in ("title", "tags", "search") if key in page.meta}
            _build.work.sections(page.content or "", page.url, str(page.title), meta)
        page.meta["search"] = {**search, "exclude": True}
    return context


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Hash the theme's own inline scripts and give overrides/main.html the Content-Security-Policy."""
    env.bytecode_cache = _process.bytecode
    scripts = theme_inline_scripts(env, config=config, features=config.theme.get("features", []))
    policy = _build.policy = theme_policy(scripts, allow_inline=_process.serving)
    env.globals["casebook_csp"] = policy.csp
    # Every page is rendered from here on: tell the second process what to do with each.
    assert _build.work is not None
    search = config.plugins.get("material/search")
    sections: Sections = no_sections
    collector: Collector = NoIndex()
    if search is not None and _build.site is not None and _build.casebook_search:
        sections = MaterialSections(dict(search.config))
        collector = _build.index = IndexWriter(
            Path(config.site_dir) / "search",
            _build.site.search,
            inline=_offline(config),
            indexed=_process.indexed,
            # A build that served only the saved cases keeps the index it had: the build that follows rebuilds it.
            keep=_process.index if _build.catch_up or _build.cut_short else None,
        )
    _build.work.start(partial(check_page, policy=policy), sections, collector)
    return env


@event_priority(-100)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Check the final HTML against the output invariant (casebook.outputguard); a breach fails the build at its end."""
    assert _build.work is not None
    _build.work.guard(page.file.src_uri, page.url, output)
    _build.built.add(page.file.src_uri)
    _build.outputs[page.file.src_uri] = Path(page.file.abs_dest_path)
    # Written from `output` now: the page's HTML is not read again (see on_page_content).
    page.content = ""
    return output


def _violations(found: dict[str, list[Violation]], config: MkDocsConfig) -> str:
    """Every page that breaks the output invariant, each located in the file it comes from."""
    pages = _build.site.pages if _build.site is not None else ()
    reports = []
    for uri, violations in found.items():
        source = next((p.edit_path for p in pages if p.uri == uri and p.edit_path), f"docs/{uri}")
        path = Path(config.config_file_path).parent / source
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        reports.append(violation_report(uri, source, text, violations))
    return "\n".join(reports)


# After the search plugin writes its index (priority 0), before the offline plugin inlines it (-100).
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    """Replace Material's search index by Casebook's sharded one; see casebook.searchengine."""
    # The last page set its edition's words: mkdocs.yml's own are what the next `serve` build starts from.
    config.site_name, config.copyright = _process.site_name, _process.copyright
    assert _build.work is not None
    if _build.cut_short and _build.index is not None and _process.index is not None:
        # A save is waiting: the index files stay as they are (this build's entries are kept for the next).
        _build.index.keep = _process.index
    results = _build.work.results()
    if results.violations:
        # MkDocs has written these pages already: take them out of the output. (Under `mkdocs serve` a
        # failed build is never shown either: the server waits for the next good one.)
        for uri in results.violations:
            if uri in _build.outputs:
                _build.outputs[uri].unlink(missing_ok=True)
        raise PluginError(_violations(results.violations, config))
    if results.finished is not None:
        _process.index = results.finished
    if _build.cut_short and _process.preview is not None and _build.rebuild is not None:
        left = _build.rebuild - _build.built
        _process.preview.unbuilt(left)
        if left:
            log.info(say("a save is waiting: {count} pages are left for the build after it", count=len(left)))
    if _build.catch_up and _process.catch_up_signal is not None:
        # The server rebuilds when a watched file changes: this one asks for the build that catches up.
        (_process.catch_up_signal / "catch-up").write_text(str(time.monotonic_ns()), encoding="utf-8")


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]) -> LiveReloadServer:
    """Watch the folder where a build that served only the saved cases asks for the build that catches up."""
    _process.server = server
    if _process.preview is not None:
        _process.catch_up_signal = _process.scratch_dir() / "catch-up"
        _process.catch_up_signal.mkdir(exist_ok=True)
        server.watch(str(_process.catch_up_signal))
    return server


def on_build_error(error: Exception) -> None:
    """A build that failed before its end stops its second process."""
    if _build.work is not None:
        _build.work.close()


def on_shutdown() -> None:
    """Remove the scratch folder when `mkdocs build` or `mkdocs serve` ends (a failed build too)."""
    if _build.work is not None:
        _build.work.close()
    _process.cleanup()
