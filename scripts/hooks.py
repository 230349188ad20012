"""MkDocs glue: each build event, passed on to `casebook.site.mkdocs_events`.

Nothing is decided here. What a function adds is only what MkDocs needs to call it: its
name and signature, and the priority that orders it among Material's plugins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from casebook.site.mkdocs_events import Events

_events = Events()


def on_startup(command: str, dirty: bool) -> None:
    """A new `mkdocs build` or `mkdocs serve` (`dirty`: `--dirty`, as `make serve` runs it)."""
    _events.startup(command, dirty)


# Before the search plugin's on_config, which is where it loads jieba's user dictionary.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and render the library, so a broken case stops the build before any page."""
    return _events.config(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page."""
    return _events.files(files, config)


def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    """Append the abbreviations the page uses (or, serving a broken library, start with the errors)."""
    return _events.page_markdown(markdown, page)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Split the nav by edition."""
    return _events.nav(nav)


# After every other plugin's changes to the page's HTML.
@event_priority(-100)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Hold the page's HTML compressed until the page is written."""
    return _events.page_content(html, page, config)


# Before Material's search plugin (priority 0), which then skips the page.
@event_priority(50)
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Give the page its edition's nav and language, and its search entries to Casebook's index."""
    return _events.page_context(context, page, config)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme the Content-Security-Policy of its own inline scripts."""
    return _events.env(env, config)


# After every other plugin's changes to the final HTML.
@event_priority(-100)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Check the final HTML against the output invariant."""
    return _events.post_page(output, page)


# After the search plugin writes its index (priority 0), before the offline plugin inlines it (-100).
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    """Replace Material's search index by Casebook's."""
    _events.post_build(config)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]) -> LiveReloadServer:
    """Watch the folder where a partial build asks for the one that catches up."""
    return _events.serve(server)


def on_build_error(error: Exception) -> None:
    """A build that failed before its end stops its second process."""
    _events.build_error()


def on_shutdown() -> None:
    """Remove the scratch folder when `mkdocs build` or `mkdocs serve` ends."""
    _events.shutdown()
