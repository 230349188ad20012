"""The files Casebook hands MkDocs: generated pages kept compressed, stand-ins for a broken library, the snippet folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from casebook.site.build import PackedPage
from casebook.site.packed import unpack


class PackedFile(File):
    """A generated page whose Markdown stays compressed (casebook.site.build.PackedPage) until it is read.

    MkDocs keeps every file to the end of a build. Holding each page's Markdown as a
    string, as `File.generated` does, cost nearly as much memory as the pages' HTML.
    """

    _packed: bytes | None = None

    @classmethod
    def of(cls, config: MkDocsConfig, page: PackedPage) -> PackedFile:
        """The file MkDocs reads `page` from."""
        if not page.uri.endswith(".md"):
            # A file MkDocs copies as it is (a redirect page): it reads the content itself, not through the properties.
            return cast(PackedFile, cls.generated(config, page.uri, content=page.content))
        file = cast(PackedFile, cls.generated(config, page.uri, content=b""))
        file._packed = page.packed
        return file

    @property
    def content_string(self) -> str:
        """The page's Markdown, unpacked when MkDocs reads it."""
        return super().content_string if self._packed is None else unpack(self._packed)

    @content_string.setter
    def content_string(self, value: str) -> None:
        # Another plugin's text replaces ours, as on any generated file.
        self._packed = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_bytes(self) -> bytes:
        """The page's Markdown as UTF-8."""
        return super().content_bytes if self._packed is None else self.content_string.encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self._packed = None
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]


def nav_targets(nav: list[Any]) -> list[str]:
    """Every page path mkdocs.yml's nav names, in order."""
    targets: list[str] = []
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else entry
        if isinstance(value, str) and value.endswith(".md"):
            targets.append(value)
        elif isinstance(value, list):
            targets.extend(nav_targets(value))
    return targets


def give_snippets(config: MkDocsConfig, root: Path, scratch: Path, snippets: dict[str, str]) -> None:
    """Give pymdownx.snippets the scratch folder, and only it, with the files docs/ includes."""
    for name, text in snippets.items():
        (scratch / name).write_text(text, encoding="utf-8")
    # Snippets read only this scratch folder, never the project root (where `.git/config` lives):
    # docs/contributing.md includes CONTRIBUTING.md, so a copy of it is all the root contributes.
    if (root / "CONTRIBUTING.md").is_file():
        shutil.copyfile(root / "CONTRIBUTING.md", scratch / "CONTRIBUTING.md")
    config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [str(scratch)]
