"""Editorial rules that concern the library as a whole, as `casebook check` notices.

They say what an editor should look at, never what makes a case invalid: a new,
valid case is never an error (or a failing test) for not being on the newcomer path yet.
"""

from __future__ import annotations

import re
from pathlib import Path

from casebook.derive.editions import ZH, Edition
from casebook.derive.sitemap import NEWCOMERS
from casebook.model import Library
from casebook.source.diagnostics import TRANSLATION, Diagnostic, Loc, Severity
from casebook.source.messages import say
from casebook.source.yamlsource import decode

#: The newcomer path, relative to the project root.
NEWCOMERS_SOURCE = f"docs/{NEWCOMERS}"  # the Chinese one, which the editorial notices read
#: A Markdown link to a case page, as a hand-written page under docs/ writes it.
CASE_LINK = re.compile(r"\]\((?:\./)?cases/([a-z0-9-]+)\.md(?:#[^)]*)?\)")
_QUESTION = ("？", "?")
#: Curly quotes “…” around text with a Chinese character in it: Chinese text is quoted 「…」 (『…』 inside).
#: Quotes around English alone (“I'm sorry”) are the article's English and stay.
CURLY_QUOTED_CHINESE = re.compile(r"“[^“”\n]*[\u3400-\u9fff\uf900-\ufaff][^“”\n]*”")


def linked_cases(markdown: str) -> list[str]:
    """The case ids a hand-written page links to, in order of first mention."""
    return list(dict.fromkeys(CASE_LINK.findall(markdown)))


def read_newcomer_path(root: Path, edition: Edition = ZH) -> tuple[str, list[Diagnostic]]:
    """The newcomer path's text in `edition` ('' when there is none), decoded like every input file, with any problem located."""
    source = newcomers_source(edition)
    path = root / source
    if not path.is_file():
        return "", []
    text, problems = decode(source, path.read_bytes())
    return text or "", problems


def newcomers_source(edition: Edition) -> str:
    """The hand-written newcomer path of `edition`, relative to the project root."""
    return f"docs/{edition.uri(NEWCOMERS)}"


def quote_notices(files: list[tuple[str, str]]) -> list[Diagnostic]:
    """A notice at each “…” that wraps Chinese text, for `(display path, text)` pairs: the site quotes Chinese 「…」.

    Located at the opening quote, so an editor finds it as they find any other notice.
    """
    notices = []
    for display, text in files:
        for number, line in enumerate(text.splitlines(), start=1):
            for match in CURLY_QUOTED_CHINESE.finditer(line):
                inner = line[: match.start()].count("「") > line[: match.start()].count("」")
                message = say(
                    "Chinese quoted with “”: write {quoted}",
                    quoted=("『" if inner else "「") + match.group()[1:-1] + ("』" if inner else "」"),
                )
                notices.append(Diagnostic(Loc(display, number, match.start() + 1), message, Severity.NOTICE))
    return notices


def editorial_notices(path_text: str, library: Library, *, english: bool = False) -> list[Diagnostic]:
    """Notices for an editor: cases off the newcomer path, decisions that ask nothing, cases with no English yet.

    Cases without English are noted only where the site has an English edition (`english`).
    """
    notices = []
    if english:
        for case in library.cases:
            if case.en is None:
                message = say(
                    "no English yet ('en'): the English edition shows this case as in Chinese only;"
                    " to translate it, add an 'en:' block, then run {fix}",
                    fix=f"casebook translated cases/{case.id}.yml",
                )
                loc = case.locs.get("id", Loc(f"cases/{case.id}.yml"))
                notices.append(Diagnostic(loc, message, Severity.NOTICE, gate=TRANSLATION))
    if path_text:
        linked = set(linked_cases(path_text))
        for case in library.cases:
            if case.id not in linked:
                message = say(
                    "not on the newcomer path ({path}): link it from a step if every newcomer should read it", path=NEWCOMERS_SOURCE
                )
                notices.append(Diagnostic(case.locs.get("id", Loc(f"cases/{case.id}.yml")), message, Severity.NOTICE))
    for case in library.cases:
        if case.decision and not case.decision.rstrip().endswith(_QUESTION):
            message = say("'decision' should end in the question the reader answers (？)")
            notices.append(Diagnostic(case.locs["decision"], message, Severity.NOTICE))
    return notices
