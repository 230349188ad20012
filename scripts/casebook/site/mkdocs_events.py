"""What Casebook does at each MkDocs event; `scripts/hooks.py` passes the events here.

Nothing about cases is computed here either: the site comes from `casebook.site.build`,
the preview's plan from `casebook.site.preview`, each page's check and search entries from
`casebook.site.pagework`. Pages are created in memory, so a build never writes into `cases/`
or `docs/`; diagnostics go through MkDocs' logger.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

import material.plugins.search.plugin as material_search
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from casebook.derive.editions import EDITIONS, edition_of
from casebook.render.pages.diagnostics import render_diagnostics
from casebook.site.apart import run_apart
from casebook.site.build import build_site, situations_snippet
from casebook.site.material_search import IndexedPages, IndexWriter, MaterialSections
from casebook.site.mkdocs_config import check_port, listed_by_tags, offline
from casebook.site.mkdocs_files import PackedFile, give_snippets, nav_targets
from casebook.site.mkdocs_nav import navs_by_edition
from casebook.site.mkdocs_state import BuildState, ProcessState
from casebook.site.outputguard import Violation, check_page, theme_inline_scripts, theme_policy, violation_report
from casebook.site.packed import pack, unpack
from casebook.site.pagework import Collector, NoIndex, PageWork, Sections, no_sections
from casebook.site.preview import SCRIPT_URI, STATUS_URI, PreviewSession, preview_script, preview_status
from casebook.source.diagnostics import CasebookError, Diagnostic, Severity
from casebook.source.messages import say

#: jieba as Material's search plugin imported it (None when it is not installed).
_JIEBA = material_search.jieba

#: MkDocs' own logger: a warning logged here fails `mkdocs build --strict`, as `casebook check --strict` does.
log = get_plugin_logger("casebook")


def report(diagnostics: Iterable[Diagnostic]) -> None:
    """Every diagnostic through MkDocs' logger, located `path:line:col`, at its own level."""
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR:
            log.error(str(diagnostic))
        elif diagnostic.severity is Severity.WARNING:
            log.warning(str(diagnostic))
        else:
            log.info(str(diagnostic))


class Events:
    """One handler per MkDocs event the hook passes on, sharing one process's state and one build's."""

    def __init__(self) -> None:
        self.process = ProcessState()
        self.build = BuildState()

    def startup(self, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve`, and whether it rebuilds only what changed (`--dirty`)."""
        serving = command == "serve"
        preview = serving and dirty
        self.process = ProcessState(
            serving=serving, preview=PreviewSession() if preview else None, indexed=IndexedPages() if preview else None
        )

    def config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and render the library once per build, so a broken case stops the build before any page."""
        process = self.process
        if process.serving and not process.port_checked:
            process.port_checked = True
            check_port(config)
        root = Path(config.config_file_path).parent
        process.site_name, process.copyright = config.site_name, config.copyright
        # Material's offline plugin turns directory URLs off in its own on_config, which runs after
        # this one; the SVG graphs hold raw-HTML links, so they must know the URL style now.
        offline_build = offline(config)
        directory_urls = config.use_directory_urls and not offline_build
        if offline_build:
            # Instant loading fetches each page, which file:// forbids; Material then never announces a
            # page on `document$`, and nothing that waits for it starts. Its offline docs say: turn it off.
            config.theme["features"] = [f for f in config.theme["features"] if not f.startswith("navigation.instant")]
        rebuild, catch_up, interruptible, deferred = None, False, False, False
        # Casebook's search index (casebook.derive.search) is built from character bigrams of the text
        # Material's search plugin collects; the words jieba would cut that text into are never used, and
        # cutting them was a sixth of the build. An explicit `jieba_dict_user` in mkdocs.yml keeps
        # Material's own index, cut by jieba, instead. (Set before the second process is forked, which cuts too.)
        search = config.plugins.get("material/search")
        casebook_search = search is not None and search.config.jieba_dict_user is None
        if search is not None:
            material_search.jieba = None if casebook_search else _JIEBA
        # Other processes help only `mkdocs build`: the server threads of `mkdocs serve` make forking
        # unsafe (and a save there rebuilds few pages).
        fork = not process.serving
        # The second process starts now, before the library is read (see casebook.site.pagework).
        work = PageWork(background=fork)
        if process.serving:
            # Every served page asks whether the library is broken (casebook.site.preview); a build never does.
            config.extra_javascript.append(SCRIPT_URI)
        try:
            if process.preview is not None:
                plan = process.preview.build(root, directory_urls=directory_urls, save_waiting=process.save_waiting)
                site, rebuild, catch_up, interruptible = plan.site, plan.rebuild, plan.catch_up, plan.interruptible
                deferred = plan.deferred
            elif fork:
                # Read and rendered in a process apart, whose memory goes back to the system when it ends.
                site = run_apart(build_site, root, directory_urls=directory_urls)
            else:
                site = build_site(root, directory_urls=directory_urls)
            process.status = preview_status((), directory_urls)
        except CasebookError as exc:
            report(exc.diagnostics)
            if not process.serving:
                work.close()
                errors = sum(d.severity is Severity.ERROR for d in exc.diagnostics)
                raise PluginError(say("{count} error{plural} in case files", count=errors, plural="s" if errors != 1 else "")) from exc
            # A page request must never wait on a build that cannot succeed: the errors go on top of every page.
            process.status = preview_status(exc.diagnostics, directory_urls)
            if process.last_site is None:
                # Nothing good to show yet: every page starts with the errors.
                self.build = BuildState(broken=render_diagnostics(exc.diagnostics), work=work)
                # The home page and 如何贡献案例 still include their snippets; the situations list is empty.
                give_snippets(config, root, process.scratch_dir(), {situations_snippet(edition): "" for edition in EDITIONS})
                return config
            # The last good site, as it was served: under --dirty nothing is rebuilt, and the banner says why.
            site, rebuild, catch_up = process.last_site, (frozenset() if process.preview is not None else None), False
        else:
            report(site.diagnostics)
        if process.serving:
            process.last_site = site
        self.build = BuildState(site, rebuild=rebuild, catch_up=catch_up, interruptible=interruptible, cut_short=deferred, work=work)
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
        give_snippets(config, root, process.scratch_dir(), site.snippets())
        self.build.casebook_search = casebook_search
        return config

    def _until_a_save_waits(self) -> bool:
        if not self.build.cut_short and self.process.save_waiting():
            self.build.cut_short = True
        return not self.build.cut_short

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        """Add every generated page, with "edit this page" pointing at its YAML source."""
        build = self.build
        if self.process.serving:
            files.append(File.generated(config, SCRIPT_URI, content=preview_script()))
            files.append(File.generated(config, STATUS_URI, content=self.process.status))
        if build.site is None:
            # Serving a broken library: stand-ins for the generated pages the nav names, so the nav still works.
            for target in nav_targets(config.nav or []):
                if files.get_file_from_path(target) is None:
                    files.append(File.generated(config, target, content="# 案例库有错误\n"))
            return files
        changed = build.rebuild
        for page in build.site.pages:
            file = PackedFile.of(config, page)
            if page.edit_path:
                # edit_uri in mkdocs.yml points at docs/; sources live beside docs/ in the repo.
                file.edit_uri = f"../{page.edit_path}"
            if changed is not None and page.uri not in changed:
                # Same Markdown as the page already built: MkDocs' dirty build leaves it as it is.
                file.is_modified = _unmodified  # type: ignore[method-assign]
            elif build.interruptible:
                # MkDocs asks page by page, as it reaches each: once a save waits, the rest are left for later.
                file.is_modified = self._until_a_save_waits  # type: ignore[method-assign]
            files.append(file)
        return files

    def page_markdown(self, markdown: str, page: Page) -> str:
        """Append the abbreviations the page uses; while serving a broken library, start with the located errors."""
        if self.build.broken is not None:
            return self.build.broken + "\n" + markdown
        if self.build.site is None:
            return markdown
        edition = edition_of(page.file.src_uri)
        return markdown + "\n\n" + self.build.site.abbreviations[edition.code].for_page(markdown)

    def nav(self, nav: Navigation) -> Navigation:
        """Split the nav by edition (casebook.site.mkdocs_nav); MkDocs keeps the whole one."""
        self.build.navs = navs_by_edition(nav)
        return nav

    def page_content(self, html: str, page: Page, config: MkDocsConfig) -> str | None:
        """Hold the page's HTML compressed until the page is written, and let its Markdown go.

        MkDocs renders every page before it writes any, and keeps each page's Markdown and
        HTML to the end of the build: at 5,000 cases (over 10,000 pages) those were about half
        of its memory. Only the page's own template reads its HTML (restored in `page_context`);
        its title and table of contents are already taken from it.
        """
        if listed_by_tags(page, config):
            return None  # Material's tags plugin writes its listings into this HTML at on_env
        self.build.held[page.file.src_uri] = pack(html)
        # Not None: MkDocs reads None as "not read yet", and the page would lose its title.
        page.markdown = ""
        return ""

    def page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """Give the page its edition's nav, its language, and the same page in every edition for the language selector."""
        build = self.build
        held = build.held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = unpack(held)
        edition = edition_of(page.file.src_uri)
        if build.navs is not None:
            context["nav"] = build.navs[edition.code]
        context["casebook_lang"] = edition.html_lang
        # The header, the footer and the window title in the page's language: mkdocs.yml's own words
        # for the Chinese edition, the labels' for the others. Material reads them from `config` as it renders.
        config.site_name = edition.labels["site_name"] or self.process.site_name
        config.copyright = edition.labels["copyright"] or self.process.copyright
        if build.site is not None:
            context["casebook_alternate"] = build.site.alternates(page.file.src_uri, Path(config.docs_dir), config.use_directory_urls)
        if build.casebook_search and build.work is not None:
            # Casebook's index is made from the entries Material's search plugin would make, by its own code, from
            # Lexbor's parse of the page rather than Python's (most of its cost); its front-matter switch then skips it.
            search = page.meta.get("search") or {}
            if not search.get("exclude"):
                meta = {key: page.meta[key] for key in ("title", "tags", "search") if key in page.meta}
                build.work.sections(page.content or "", page.url, str(page.title), meta)
            page.meta["search"] = {**search, "exclude": True}
        return context

    def env(self, env: Environment, config: MkDocsConfig) -> Environment:
        """Hash the theme's own inline scripts and give overrides/main.html the Content-Security-Policy."""
        build = self.build
        env.bytecode_cache = self.process.bytecode
        scripts = theme_inline_scripts(env, config=config, features=config.theme.get("features", []))
        policy = build.policy = theme_policy(scripts, allow_inline=self.process.serving)
        env.globals["casebook_csp"] = policy.csp
        # Every page is rendered from here on: tell the second process what to do with each.
        assert build.work is not None
        search = config.plugins.get("material/search")
        sections: Sections = no_sections
        collector: Collector = NoIndex()
        if search is not None and build.site is not None and build.casebook_search:
            sections = MaterialSections(dict(search.config))
            collector = build.index = IndexWriter(
                Path(config.site_dir) / "search",
                build.site.search,
                inline=offline(config),
                indexed=self.process.indexed,
                # A build that served only the saved cases keeps the index it had: the build that follows rebuilds it.
                keep=self.process.index if build.catch_up or build.cut_short else None,
            )
        build.work.start(partial(check_page, policy=policy), sections, collector)
        return env

    def post_page(self, output: str, page: Page) -> str:
        """Check the final HTML against the output invariant (casebook.site.outputguard); a breach fails the build at its end."""
        build = self.build
        assert build.work is not None
        build.work.guard(page.file.src_uri, page.url, output)
        build.built.add(page.file.src_uri)
        build.outputs[page.file.src_uri] = Path(page.file.abs_dest_path)
        # Written from `output` now: the page's HTML is not read again (see `page_content`).
        page.content = ""
        return output

    def post_build(self, config: MkDocsConfig) -> None:
        """Replace Material's search index by Casebook's sharded one; see casebook.site.material_search."""
        build, process = self.build, self.process
        # The last page set its edition's words: mkdocs.yml's own are what the next `serve` build starts from.
        config.site_name, config.copyright = process.site_name, process.copyright
        assert build.work is not None
        if build.cut_short and build.index is not None and process.index is not None:
            # A save is waiting: the index files stay as they are (this build's entries are kept for the next).
            build.index.keep = process.index
        results = build.work.results()
        if results.violations:
            # MkDocs has written these pages already: take them out of the output. (Under `mkdocs serve` a
            # failed build is never shown either: the server waits for the next good one.)
            for uri in results.violations:
                if uri in build.outputs:
                    build.outputs[uri].unlink(missing_ok=True)
            raise PluginError(self._violations(results.violations, config))
        if results.finished is not None:
            process.index = results.finished
        if build.cut_short and process.preview is not None and build.rebuild is not None:
            left = build.rebuild - build.built
            process.preview.unbuilt(left)
            if left:
                log.info(say("a save is waiting: {count} pages are left for the build after it", count=len(left)))
        if build.catch_up and process.catch_up_signal is not None:
            # The server rebuilds when a watched file changes: this one asks for the build that catches up.
            (process.catch_up_signal / "catch-up").write_text(str(time.monotonic_ns()), encoding="utf-8")

    def _violations(self, found: dict[str, list[Violation]], config: MkDocsConfig) -> str:
        """Every page that breaks the output invariant, each located in the file it comes from."""
        pages = self.build.site.pages if self.build.site is not None else ()
        reports = []
        for uri, violations in found.items():
            source = next((p.edit_path for p in pages if p.uri == uri and p.edit_path), f"docs/{uri}")
            path = Path(config.config_file_path).parent / source
            text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
            reports.append(violation_report(uri, source, text, violations))
        return "\n".join(reports)

    def serve(self, server: LiveReloadServer) -> LiveReloadServer:
        """Watch the folder where a build that served only the saved cases asks for the build that catches up."""
        self.process.server = server
        if self.process.preview is not None:
            self.process.catch_up_signal = self.process.scratch_dir() / "catch-up"
            self.process.catch_up_signal.mkdir(exist_ok=True)
            server.watch(str(self.process.catch_up_signal))
        return server

    def shutdown(self) -> None:
        """Stop the build's second process (a failed build's too) and, at the end, remove the scratch folder."""
        if self.build.work is not None:
            self.build.work.close()
        self.process.cleanup()

    def build_error(self) -> None:
        """A build that failed before its end stops its second process."""
        if self.build.work is not None:
            self.build.work.close()


def _unmodified() -> bool:
    return False
