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
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from casebook.diagnostics import CasebookError
from casebook.searchengine import write_search_index
from casebook.segmentation import SearchSegmenter, domain_terms, user_dictionary
from casebook.site import Site, build_site

_site: Site | None = None
_nav_template: list[Any] | None = None
# Whether Casebook's search index replaces Material's (off when mkdocs.yml sets its own jieba dictionary).
_casebook_search = False
# One scratch folder per process, outside the source tree, reused across `serve` rebuilds.
_scratch = Path(tempfile.mkdtemp(prefix="casebook-"))


# Before the search plugin's on_config, which is where it loads jieba's user dictionary.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and render the library once per build, so a broken case stops the build before any page."""
    global _site, _nav_template, _casebook_search
    root = Path(config.config_file_path).parent
    # Material's offline plugin turns directory URLs off in its own on_config, which runs after
    # this one; the SVG graphs hold raw-HTML links, so they must know the URL style now.
    offline = config.plugins.get("material/offline")
    directory_urls = config.use_directory_urls and not (offline is not None and offline.config.enabled)
    try:
        _site = build_site(root, directory_urls=directory_urls)
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
    # The project root too, so docs/contributing.md can include CONTRIBUTING.md: one text, two places.
    snippets["base_path"] = [str(root), str(_scratch)]
    # Cut Chinese into the words a reader types on their own; see casebook.segmentation.
    # Regenerated on every build, so a new case is searchable by its parts. An
    # explicit `jieba_dict_user` in mkdocs.yml turns all of this off (plain Material).
    search = config.plugins.get("material/search")
    words = _scratch / "jieba-user-dict.txt"
    _casebook_search = False
    if search is not None and search.config.jieba_dict_user in (None, str(words)):
        _casebook_search = True
        words.write_text(user_dictionary(_site.library), encoding="utf-8")
        search.config.jieba_dict_user = str(words)
        # Material calls `jieba.cut` through its module's global; hand it ours, made
        # anew each build so that a new glossary term is kept whole on the next reload.
        import material.plugins.search.plugin as material_search

        jieba = getattr(material_search.jieba, "wrapped", material_search.jieba)
        material_search.jieba = SearchSegmenter(jieba, keep=domain_terms(_site.library))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page, with "edit this page" pointing at its YAML source."""
    assert _site is not None
    for page in _site.pages:
        file = File.generated(config, page.uri, content=page.content)
        if page.edit_path:
            # edit_uri in mkdocs.yml points at docs/; sources live beside docs/ in the repo.
            file.edit_uri = f"../{page.edit_path}"
        files.append(file)
    return files


# After the search plugin writes the index (priority 0), before the offline plugin inlines it (-100).
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    """Replace Material's search index by Casebook's sharded one; see casebook.searchengine."""
    if _site is None or not _casebook_search:
        return
    offline = config.plugins.get("material/offline")
    inline = offline is not None and bool(offline.config.enabled)
    write_search_index(Path(config.site_dir) / "search", _site.library, inline=inline)
