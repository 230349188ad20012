"""MkDocs glue: translate build events into calls on the `casebook` package.

Nothing is computed here. Pages are created in memory with `File.generated`,
so a build never writes into `cases/` or `docs/`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from casebook.diagnostics import CasebookError
from casebook.site import Site, build_site

_site: Site | None = None
_nav_template: list[Any] | None = None
# One scratch folder per process, outside the source tree, reused across `serve` rebuilds.
_scratch = Path(tempfile.mkdtemp(prefix="casebook-"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and render the library once per build, so a broken case stops the build before any page."""
    global _site, _nav_template
    root = Path(config.config_file_path).parent
    try:
        _site = build_site(root)
    except CasebookError as exc:
        raise PluginError(exc.report()) from exc
    # `mkdocs serve` reuses this config object across rebuilds, so keep the nav as written.
    if _nav_template is None:
        _nav_template = config.nav
    if _nav_template is not None:
        config.nav = _site.expand_nav(_nav_template)
    tags = config.plugins.get("material/tags")
    if tags is not None:
        # The taxonomy is the one list of allowed tags; validate it as if written in mkdocs.yml.
        option = type(tags.config).tags_allowed
        tags.config.tags_allowed = option.validate(_site.tag_names())
    # Abbreviation tooltips are appended to every page by pymdownx.snippets, which
    # reads from disk: give it a file outside the source tree.
    abbreviations = _scratch / "abbreviations.md"
    abbreviations.write_text(_site.abbreviations, encoding="utf-8")
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["auto_append"] = [abbreviations.name]
    snippets["base_path"] = [str(_scratch)]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page, with "edit this page" pointing at its YAML source."""
    assert _site is not None
    for page in _site.pages:
        file = File.generated(config, page.uri, content=page.markdown)
        if page.edit_path:
            # edit_uri in mkdocs.yml points at docs/; sources live beside docs/ in the repo.
            file.edit_uri = f"../{page.edit_path}"
        files.append(file)
    return files
