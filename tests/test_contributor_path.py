"""A contributor's valid case is green everywhere, whatever it (or the library around it) lacks.

What a valid case may lack, English or a place on the newcomer path, is a notice: neither
`casebook check --strict` nor `mkdocs build --strict` fails on it. Missing and stale English
belong to the translation gate, which `casebook check --translations` closes before a release.
The English edition says honestly what it shows: a case in Chinese only, or a passage whose
English is older than its Chinese, shown in the Chinese original and marked as such.

The edits here are made to every case of the real library at once, so that what is claimed
holds for any case a contributor brings, not for one chosen here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from casebook.check.checker import check_library
from casebook.model.files import CASES_DIR
from conftest import copy_project, mkdocs_build
from test_editorial import NEW_CASE
from test_english import HAN, _Visible

#: One sentence a contributor adds to a story: the kind of edit that fixes a typo or adds a detail.
ADDED = "（这一句是后来补上的。）"


def casebook(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"CASEBOOK_LANG": "en", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "casebook.cli", "--root", str(root), *args], capture_output=True, text=True, check=False, env=env
    )


def add_a_sentence_to_the_story(path: Path) -> bool:
    """Append `ADDED` to the first line of the case's Chinese story, where it is a block scalar; True if done."""
    text = path.read_text(encoding="utf-8")
    document = yaml.compose(text)
    assert isinstance(document, yaml.MappingNode)
    story = next((value for key, value in document.value if key.value == "story"), None)
    if not isinstance(story, yaml.ScalarNode) or story.style not in ("|", ">"):
        return False
    lines = text.splitlines(keepends=True)
    first = story.start_mark.line + 1
    lines[first] = lines[first].rstrip("\n") + ADDED + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return True


def english_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "".join(parser.text)


@pytest.fixture(scope="module")
def new_chinese_only_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with one more case, valid, in Chinese only and on no newcomer path."""
    root = copy_project(tmp_path_factory.mktemp("new-case") / "project")
    library = check_library(root).library
    assert library is not None
    t = library.taxonomy
    text = NEW_CASE.format(domain=t.domains.ids()[0], stage=t.stages.ids()[0], issue_type=t.issue_types.ids()[0], lesson=t.lessons.ids()[0])
    (root / CASES_DIR / "visa-delay-before-kickoff.yml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def chinese_edited_everywhere(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The real project with one sentence added to the Chinese story of every case that has English; and those ids."""
    root = copy_project(tmp_path_factory.mktemp("edited") / "project")
    edited = []
    for path in sorted((root / CASES_DIR).glob("*.yml")):
        if "\nen:" in path.read_text(encoding="utf-8") and add_a_sentence_to_the_story(path):
            edited.append(path.stem)
    return root, edited


def test_a_new_chinese_only_case_passes_the_strict_check_with_notices(new_chinese_only_case: Path) -> None:
    result = casebook(new_chinese_only_case, "check", "--strict")
    assert result.returncode == 0, result.stdout
    mine = [line for line in result.stdout.splitlines() if line.startswith("cases/visa-delay-before-kickoff.yml:")]
    assert mine and all(": notice: " in line for line in mine)
    assert any("no English yet" in line and "casebook translated cases/visa-delay-before-kickoff.yml" in line for line in mine)


def test_a_new_chinese_only_case_fails_only_the_release_gate(new_chinese_only_case: Path) -> None:
    result = casebook(new_chinese_only_case, "check", "--translations")
    assert result.returncode == 1
    assert "cases/visa-delay-before-kickoff.yml:1:5: error: no English yet" in result.stdout


def test_a_new_chinese_only_case_builds_strictly_and_says_in_english_that_it_is_in_chinese(
    new_chinese_only_case: Path, tmp_path: Path
) -> None:
    result = mkdocs_build(new_chinese_only_case, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    english = (tmp_path / "site" / "en" / "cases" / "visa-delay-before-kickoff" / "index.html").read_text(encoding="utf-8")
    assert "(in Chinese only)" in english
    assert 'hreflang="zh-CN"' in english and "../../../cases/visa-delay-before-kickoff/" in english
    # Nothing Chinese passes as English: the page shows no Chinese outside what is marked as Chinese.
    assert not HAN.findall(english_text(english))


def test_a_chinese_edit_is_a_stale_notice_with_the_command_that_fixes_it(chinese_edited_everywhere: tuple[Path, list[str]]) -> None:
    root, edited = chinese_edited_everywhere
    assert edited, "the library has no case with English to edit"
    result = casebook(root, "check", "--strict")
    assert result.returncode == 0, result.stdout
    for case_id in edited:
        stale = [line for line in result.stdout.splitlines() if line.startswith(f"cases/{case_id}.yml:") and "'en.story'" in line]
        assert len(stale) == 1, (case_id, result.stdout)
        assert ": notice: the Chinese 'story' has changed since 'en.story' was translated" in stale[0]
        assert stale[0].endswith(f"casebook translated cases/{case_id}.yml --field story")
    assert casebook(root, "check", "--translations").returncode == 1


def test_a_chinese_edit_builds_strictly_and_the_english_page_shows_the_new_chinese_marked(
    chinese_edited_everywhere: tuple[Path, list[str]], tmp_path: Path
) -> None:
    root, edited = chinese_edited_everywhere
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    for case_id in edited:
        english = (tmp_path / "site" / "en" / "cases" / case_id / "index.html").read_text(encoding="utf-8")
        # The changed story, in its current Chinese, inside a block marked as Chinese and labelled in English.
        block = english[english.index('<div class="cb-zh-original" lang="zh-CN">') :]
        assert ADDED in block[: block.index("</div>")], case_id
        assert "Not yet retranslated" in block
        assert "The Chinese text of this case has changed since it was translated" in english
        assert not HAN.findall(english_text(english)), case_id
        # ...and not the English of the story before the edit, which no longer says the same.
        earlier = yaml.safe_load((root / CASES_DIR / f"{case_id}.yml").read_text(encoding="utf-8"))["en"]["story"]
        assert earlier.split("\n")[0][:60] not in english, case_id
        # The Chinese edition is untouched by the English layer.
        chinese = (tmp_path / "site" / "cases" / case_id / "index.html").read_text(encoding="utf-8")
        assert ADDED in chinese and "cb-zh-original" not in chinese
