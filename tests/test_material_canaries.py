"""Canaries: each internal of Material for MkDocs (and of MkDocs' server) that scripts/hooks.py relies on, checked on its own.

When a Material upgrade moves one of these, this file names which, instead of a build
that quietly stops segmenting Chinese or stops checking tags.
"""

from __future__ import annotations

import inspect

import material.plugins.search.plugin as material_search
import pytest
from mkdocs.config import load_config

from conftest import REPO


@pytest.fixture(scope="module")
def plugins():  # type: ignore[no-untyped-def]
    return load_config(str(REPO / "mkdocs.yml")).plugins


def test_the_plugins_are_registered_under_the_names_the_hook_looks_up(plugins) -> None:  # type: ignore[no-untyped-def]
    assert {"material/search", "material/tags", "material/offline"} <= set(plugins)


def test_search_cuts_chinese_through_its_module_global_jieba() -> None:
    # The hook replaces `material.plugins.search.plugin.jieba` with a segmenter wrapping it.
    assert hasattr(material_search, "jieba") and hasattr(material_search.jieba, "cut")
    source = inspect.getsource(material_search)
    assert "jieba.cut(" in source and "jieba.load_userdict(" in source


def test_search_reads_the_user_dictionary_from_jieba_dict_user(plugins) -> None:  # type: ignore[no-untyped-def]
    # Read in the plugin's on_config, which the hook's on_config (priority 100) runs before.
    assert "jieba_dict_user" in plugins["material/search"].config
    assert "self.config.jieba_dict_user" in inspect.getsource(material_search.SearchPlugin.on_config)


def test_tags_allowed_is_an_option_that_validates_a_list_of_names(plugins) -> None:  # type: ignore[no-untyped-def]
    option = type(plugins["material/tags"].config).tags_allowed
    allowed = option.validate(["到货延期", "随手记录"])
    assert {str(tag) for tag in allowed} == {"到货延期", "随手记录"}


def test_the_offline_plugin_says_whether_it_is_enabled(plugins) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(plugins["material/offline"].config.enabled, bool)


def test_mkdocs_server_marks_a_waiting_save_where_the_hook_looks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The hook cuts a catch-up build short while `_want_rebuild` is set (casebook.site.preview); MkDocs sets it on
    # a file change and builds again once the current build ends. If MkDocs renames it, saves wait again.
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        assert server._want_rebuild is False
        server.watch(str(tmp_path))
        assert "_want_rebuild" in inspect.getsource(LiveReloadServer.watch)
    finally:
        server.server_close()
