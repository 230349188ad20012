"""MkDocs glue: translate build events into calls on the `casebook` package.

Nothing is computed here. Pages are created in memory with `File.generated`,
so a build never writes into `cases/` or `docs/`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from casebook.diagnostics import CasebookError, Diagnostic, Severity
from casebook.outputguard import Policy, check_page, inline_scripts, theme_policy, violation_report
from casebook.preview import PageDigests
from casebook.searchindex import compact_search_index
from casebook.segmentation import SearchSegmenter, domain_terms, user_dictionary
from casebook.site import Site, build_site

#: MkDocs' own logger: a warning logged here fails `mkdocs build --strict`, as `casebook check --strict` does.
log = get_plugin_logger("casebook")

_site: Site | None = None
_nav_template: list[Any] | None = None
# One scratch folder per build, outside the source tree; removed when the build ends.
_scratch: Path | None = None
_serving = False
_policy: Policy | None = None
#: Under `mkdocs serve --dirty`, each generated page's digest at the previous build.
_digests: PageDigests | None = None


def on_startup(command: str, dirty: bool) -> None:
    """Remember what kind of run this is.

    `mkdocs serve` has an inline live-reload script (see casebook.outputguard); with
    `--dirty`, as `make serve` runs it, it rebuilds only what changed (see casebook.preview).
    """
    global _serving, _digests
    _serving = command == "serve"
    _digests = PageDigests() if dirty else None


def _new_scratch() -> Path:
    global _scratch
    _remove_scratch()
    _scratch = Path(tempfile.mkdtemp(prefix="casebook-"))
    return _scratch


def _remove_scratch() -> None:
    global _scratch
    if _scratch is not None:
        shutil.rmtree(_scratch, ignore_errors=True)


def report(diagnostics: Iterable[Diagnostic]) -> None:
    """Every diagnostic through MkDocs' logger, located `path:line:col`, at its own level."""
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.ERROR:
            log.error(str(diagnostic))
        elif diagnostic.severity is Severity.WARNING:
            log.warning(str(diagnostic))
        else:
            log.info(str(diagnostic))


# Before the search plugin's on_config, which is where it loads jieba's user dictionary.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and render the library once per build, so a broken case stops the build before any page."""
    global _site, _nav_template
    root = Path(config.config_file_path).parent
    # Material's offline plugin turns directory URLs off in its own on_config, which runs after
    # this one; the SVG graphs hold raw-HTML links, so they must know the URL style now.
    offline = config.plugins.get("material/offline")
    offline_build = offline is not None and offline.config.enabled
    directory_urls = config.use_directory_urls and not offline_build
    if offline_build:
        # Instant loading fetches each page, which file:// forbids; Material then never announces a
        # page on `document$`, and nothing that waits for it starts. Its offline docs say: turn it off.
        config.theme["features"] = [f for f in config.theme["features"] if not f.startswith("navigation.instant")]
    try:
        _site = build_site(root, directory_urls=directory_urls)
    except CasebookError as exc:
        report(exc.diagnostics)
        errors = sum(d.severity is Severity.ERROR for d in exc.diagnostics)
        raise PluginError(f"{errors} error{'s' if errors != 1 else ''} in case files (listed above)") from exc
    report(_site.diagnostics)
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
    scratch = _new_scratch()
    # Abbreviation tooltips are appended to every page by pymdownx.snippets, which
    # reads from disk: give it a file outside the source tree.
    abbreviations = scratch / "abbreviations.md"
    abbreviations.write_text(_site.abbreviations, encoding="utf-8")
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["auto_append"] = [abbreviations.name]
    # Snippets read only this scratch folder, never the project root (where `.git/config` lives):
    # docs/contributing.md includes CONTRIBUTING.md, so a copy of it is all the root contributes.
    if (root / "CONTRIBUTING.md").is_file():
        shutil.copyfile(root / "CONTRIBUTING.md", scratch / "CONTRIBUTING.md")
    snippets["base_path"] = [str(scratch)]
    # Cut Chinese into the words a reader types on their own; see casebook.segmentation.
    # Regenerated on every build, so a new case is searchable by its parts. An
    # explicit `jieba_dict_user` in mkdocs.yml turns all of this off (plain Material).
    search = config.plugins.get("material/search")
    words = scratch / "jieba-user-dict.txt"
    if search is not None and (search.config.jieba_dict_user is None or "casebook-" in str(search.config.jieba_dict_user)):
        words.write_text(user_dictionary(_site.library), encoding="utf-8")
        search.config.jieba_dict_user = str(words)
        # Material calls `jieba.cut` through its module's global; hand it ours, made
        # anew each build so that a new glossary term is kept whole on the next reload.
        import material.plugins.search.plugin as material_search

        jieba = getattr(material_search.jieba, "wrapped", material_search.jieba)
        material_search.jieba = SearchSegmenter(jieba, keep=domain_terms(_site.library))
    return config


def _unmodified() -> bool:
    return False


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page, with "edit this page" pointing at its YAML source."""
    assert _site is not None
    changed = _digests.changed(_site.pages) if _digests is not None else None
    for page in _site.pages:
        file = File.generated(config, page.uri, content=page.content)
        if changed is not None and page.uri not in changed:
            # Same Markdown as the page already built: MkDocs' dirty build leaves it as it is.
            file.is_modified = _unmodified  # type: ignore[method-assign]
        if page.edit_path:
            # edit_uri in mkdocs.yml points at docs/; sources live beside docs/ in the repo.
            file.edit_uri = f"../{page.edit_path}"
        files.append(file)
    return files


# After the search plugin writes the index (priority 0), before the offline plugin inlines it (-100).
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    """Rewrite the search index as UTF-8 (see casebook.searchindex), and remove this build's scratch folder."""
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        index.write_text(compact_search_index(index.read_text(encoding="utf-8")), encoding="utf-8")
    _remove_scratch()


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Hash the theme's own inline scripts and give overrides/main.html the Content-Security-Policy."""
    global _policy
    scripts: list[str] = []
    features = config.theme.get("features", [])
    # The inline scripts differ only by the page's relative base URL; render each for every depth.
    bases = ["/", "."] + ["/".join([".."] * depth) for depth in range(1, 12)]
    for name in env.list_templates(filter_func=lambda n: n.startswith("partials/javascripts/")):
        for base_url in bases:
            try:
                rendered = env.get_template(name).render(config=config, base_url=base_url, features=features)
            except Exception:
                continue
            scripts.extend(inline_scripts(rendered))
    _policy = theme_policy(scripts, allow_inline=_serving)
    env.globals["casebook_csp"] = _policy.csp
    return env


@event_priority(-100)
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Fail the build if the final HTML breaks the output invariant; see casebook.outputguard."""
    assert _policy is not None and _site is not None
    violations = check_page(output, page.url, _policy)
    if violations:
        source = next((p.edit_path for p in _site.pages if p.uri == page.file.src_uri and p.edit_path), f"docs/{page.file.src_uri}")
        root = Path(config.config_file_path).parent
        path = root / source
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        raise PluginError(violation_report(page.file.src_uri, source, text, violations))
    return output


def on_build_error(error: Exception) -> None:
    """A failed build leaves no scratch folder either."""
    _remove_scratch()


def on_shutdown() -> None:
    """`mkdocs serve` stopping: nothing of ours is left in the temp folder."""
    _remove_scratch()
