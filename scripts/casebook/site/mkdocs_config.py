"""What Casebook asks of MkDocs' config: is this the offline copy, is the port free, which pages list tags."""

from __future__ import annotations

import socket

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.pages import Page

from casebook.source.messages import say


def offline(config: MkDocsConfig) -> bool:
    """Whether this is the offline copy (`make offline`): Material's offline plugin is on."""
    plugin = config.plugins.get("material/offline")
    return plugin is not None and bool(plugin.config.enabled)


def check_port(config: MkDocsConfig) -> None:
    """Stop `mkdocs serve` with one line when its address is taken."""
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


def listed_by_tags(page: Page, config: MkDocsConfig) -> bool:
    """Whether Material's tags plugin writes a listing into `page` (its HTML must stay until on_env)."""
    tags = config.plugins.get("material/tags")
    listings = getattr(tags, "listings", None) or ()
    return any(listing.page is page for listing in listings)
