"""Fuzzing the whole build: random contributor text, in cases and taxonomy, never breaks the output invariant.

Hypothesis draws 2,000 texts (derandomized) from pieces that matter to Markdown, HTML
and URLs: tag openers, entities, brackets, link targets, schemes, attribute lists,
list and quote markers, line separators, snippet markers, Chinese text. Each text goes
through the text policy (`casebook.source.markup`); a refused text is fine. Every accepted
text is rendered with Python-Markdown and the site's extensions and the HTML is
checked by the output guard, example by example. Then all the accepted texts are
put into one library, as case titles, summaries, stories, lists and context, and as
issue-type names and descriptions, lesson checklists, stage descriptions and glossary
entries, and the real site is built once (a full `mkdocs build` per example would
take hours): the build's own guard (`on_post_page`) must pass on every page, and
every published page is checked again here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.model.fields import TRANSLATED
from casebook.site.outputguard import Policy, check_page
from casebook.source.markup import REF_PATTERN, normalise_newlines
from casebook.source.slugs import slugify
from casebook.source.unsafe_markup import find_unsafe_markup
from conftest import copy_project, redirect_files

TOKENS = [
    "<", ">", "</", "<!--", "-->", "<?", "<!", "&lt;", "&gt;", "&#60;", "&#x3C;", "&amp;", "&", "&#106;",
    "img", "script", "a", "x.y", "x_y", "svg", "b ", " src=x", " onerror=alert(1)", " onclick", " on",
    " ", "  ", "    ", "\t", "\n", "\n\n", "\r", "\r\n", "\u2028", "\u0085",
    "=", '"', "'", "`", "```", "~~~", "alert(1)", "javascript:", "JaVaScRiPt:", "vbscript:", "data:", "data:image/png,",
    "//", "//x.example/p.png", "http://x.example", "https://x.example/p.png", "mailto:a@x.example", "%3a", "\\",
    "[", "]", "(", ")", "![", "](", "]:", "[x]: ", "[x]", "[[a]]", "*[", "]: ",
    "{", "}", "{:", "{ .c }", "{ #i }", "#", "## ", "- ", "* ", "1. ", "> ", "!!! note ", "??? ", "|", "---",
    "8<", "--8<--", "中文", "报价", "x", "1", "*", "_", "~", "^", "+", "@", "\u00a0", "\u3000", "＜", "｛", "$", "%",
    "\u202e", "\u200b",
]  # fmt: skip

TEXTS = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14).map("".join)

#: The Markdown extensions of a build (mkdocs.yml; attr_list is added by the tags plugin).
EXTENSIONS = [
    "abbr",
    "admonition",
    "md_in_html",
    "tables",
    "attr_list",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
]
EXTENSION_CONFIGS = {"toc": {"permalink": True, "slugify": slugify}, "pymdownx.tasklist": {"custom_checkbox": True}}
NO_META = Policy(frozenset(), "")


def collect_accepted_texts() -> list[str]:
    """Run 2,000 derandomized examples: refused, or rendered and guarded; return the accepted ones."""
    accepted: list[str] = []

    @settings(
        max_examples=2000,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(TEXTS)
    def one(text: str) -> None:
        if list(find_unsafe_markup(text)):
            return
        for shape in (text, f"- [{text}](../x/)", f"!!! note\n\n    {text}", f"| a |\n|---|\n| {text} |"):
            html = markdown.markdown(normalise_newlines(shape), extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
            assert check_page(html, "cases/x/", NO_META, fragment=True) == [], (text, html)
        accepted.append(text)

    one()
    return accepted


def _usable(text: str) -> bool:
    # A reference to a case that does not exist is a (located) error, not a finding; `[[a]]` exists.
    return bool(text.strip()) and "TODO" not in text and all(m.group(1).strip() == "a" for m in REF_PATTERN.finditer(text))


def _one_line(text: str) -> bool:
    return "\n" not in normalise_newlines(text).strip()


def _library(root: Path, texts: list[str]) -> int:
    """Write the accepted texts into cases and taxonomy under `root`; return how many texts were placed."""
    lines = [t for t in texts if _usable(t) and _one_line(t)]
    blocks = [t for t in texts if _usable(t)]
    taxonomy = root / "cases" / "taxonomy"
    issue_types = yaml.safe_load((taxonomy / "issue-types.yml").read_text(encoding="utf-8"))
    for i, entry in enumerate(issue_types[: min(len(issue_types), len(lines) // 4)]):
        entry["name"] = f"{lines[i].strip()} {i}"  # names are tags: they must stay distinct
        entry["description"] = blocks[i]
    lessons = yaml.safe_load((taxonomy / "lessons.yml").read_text(encoding="utf-8"))
    for i, entry in enumerate(lessons):
        entry["checklist"] = [lines[(i + j) % len(lines)].strip() for j in range(3)]
        entry["description"] = blocks[-1 - i]
        if "en" in entry:  # the English edition shows the same hostile text
            entry["en"]["checklist"] = list(entry["checklist"])
            entry["en"]["description"] = blocks[i]
    stages = yaml.safe_load((taxonomy / "stages.yml").read_text(encoding="utf-8"))
    for i, entry in enumerate(stages):
        entry["description"] = blocks[(7 * i) % len(blocks)]
    glossary = yaml.safe_load((taxonomy / "glossary.yml").read_text(encoding="utf-8"))
    glossary.append({"term": "FUZZ", "expansion": lines[0].strip(), "explanation": blocks[1]})
    glossary.append({"term": lines[2].strip(), "explanation": blocks[3]})
    for name, data in (("issue-types.yml", issue_types), ("lessons.yml", lessons), ("stages.yml", stages), ("glossary.yml", glossary)):
        # Escaped, as the cases below are: a text may hold U+2028, which the file itself may not carry raw.
        (taxonomy / name).write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10_000), encoding="utf-8")

    template = yaml.safe_load((root / "cases" / "galaxy-note7-battery.yml").read_text(encoding="utf-8"))
    placed = 0
    count = max(1, len(blocks) // 6)
    for n in range(count):
        # Every text field filled, a decision point included: so not industry background (`kind`).
        case = {k: v for k, v in template.items() if k not in ("related", "confidentiality_exceptions", "kind")}
        pick = [blocks[(6 * n + k) % len(blocks)] for k in range(6)]
        title = lines[(2 * n) % len(lines)].strip()
        case.update(
            id="a" if n == 0 else f"fuzz-{n}",
            title=title,
            summary=lines[(2 * n + 1) % len(lines)].strip(),
            story=pick[0],
            role=lines[(2 * n + 2) % len(lines)].strip(),
            decision=pick[1],
            response=pick[2],
            outcome=pick[3],
            analysis=pick[5],
            takeaways=[lines[(3 * n + k) % len(lines)].strip() for k in range(2)],
            discussion=[lines[(5 * n) % len(lines)].strip()],
            context={f"键{n}": pick[4].strip() if _one_line(pick[4]) else "值"},
        )
        case.pop("reviewed", None)
        # The English block mirrors the Chinese field for field, with the same hostile text in it.
        english = {k: case[k] for k in TRANSLATED if k in case and k != "source"}
        case["en"] = {**english, "source": template["en"]["source"]}
        (root / "cases" / f"{case['id']}.yml").write_text(json.dumps(case, ensure_ascii=True), encoding="utf-8")
        placed += 8
    return placed


@pytest.mark.slow
def test_random_contributor_text_never_breaks_the_output_invariant(tmp_path: Path) -> None:
    accepted = collect_accepted_texts()
    assert len(accepted) >= 400, "the strategy should produce plenty of text the policy accepts"
    root = copy_project(tmp_path / "project")
    _library(root, accepted)
    site = tmp_path / "site"
    # Not --strict: random text holds relative links to pages that do not exist, which strict
    # mode refuses; the output guard fails the build whatever the mode.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
        timeout=1200,
    )
    assert result.returncode != 0 or "Traceback" not in result.stderr
    assert result.returncode == 0 or "breaks the output invariant" not in result.stderr, result.stderr[-3000:]
    # Only located case errors (for example a title that is empty once stripped) may stop the build.
    assert result.returncode == 0, "\n".join(line for line in result.stderr.splitlines() if "error" in line)[-4000:]
    # The redirects at renamed cases' old URLs hold no contributor text (tests/test_renames.py checks them).
    moved = redirect_files(root)
    pages = [p for p in site.rglob("*.html") if p.relative_to(site).as_posix() not in moved]
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        if page.name == "404.html" or meta is None:
            continue
        hashes = frozenset(re.findall(r"'sha256-[^']+'", meta.group(1)))
        url = page.relative_to(site).as_posix().removesuffix("index.html")
        assert check_page(html, url, Policy(hashes, meta.group(1).replace("&#39;", "'"))) == [], url
