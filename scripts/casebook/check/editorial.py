"""Editorial rules that concern the library as a whole, as `casebook check` notices.

They say what an editor should look at, never what makes a case invalid: a new,
valid case is never an error (or a failing test) for not being on the newcomer path yet.
"""

from __future__ import annotations

import re
from pathlib import Path

from casebook.derive.editions import ZH, Edition
from casebook.derive.sitemap import NEWCOMERS
from casebook.model import Case, Library
from casebook.source.diagnostics import TEACHING, TRANSLATION, Diagnostic, Loc, Severity
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
        notices.extend(teaching_notices(case))
    return notices


#: Fewer questions than this, and a case gives a reader nothing to talk over with a colleague.
MIN_DISCUSSION = 2
#: The narrator's "we", outside quotations (a quoted customer may say 我们).
_US = re.compile(r"我司|我方|我们")
_QUOTED = re.compile(r"「[^」]*」|“[^”]*”")
#: Hospitality and gifts: a case that mentions them carries a compliance note.
_HOSPITALITY = re.compile(r"请.{0,12}吃饭|公关|送礼|招待")


def teaching_notices(case: Case) -> list[Diagnostic]:
    """What an editor adds to a case before it teaches well: notices, never errors (a valid case is valid).

    One narrator (the article's author, never 我们); a compliance note beside hospitality; the contract and
    legal team beside force majeure; industry background says what it is. A case with a decision point also
    puts the reader in a role, unfolds into what the article says followed, names where in the article it
    comes from, and asks at least two questions.
    """
    top = case.locs.get("id", Loc(f"cases/{case.id}.yml"))
    told = _told(case)
    found: list[tuple[Loc, str]] = []
    if _US.search(_QUOTED.sub("", told)):
        found.append((top, say("the narrator is the article's author (「作者」「作者的团队」), never 我们, 我司 or 我方")))
    if _HOSPITALITY.search(told) and "合规" not in told:
        found.append((top, say("a case that mentions hospitality or gifts says to follow the company's compliance rules (合规)")))
    if "不可抗力" in case.story + (case.analysis or "") and "法务" not in (case.analysis or ""):
        # The governing law decides, not the reader: the analysis sends them to the contract and legal team.
        message = say("a case that mentions force majeure sends the reader to their contract and legal team (法务) in 'analysis'")
        found.append((case.locs.get("analysis", top), message))
    if case.is_background and "性质" not in dict(case.context):
        found.append(
            (case.locs.get("kind", top), say("industry background says what it is in 'context' (性质: not a project of the author's team)"))
        )
    if case.decision:
        if not (case.role or "").startswith("你"):
            found.append((case.locs.get("role", top), say("'role' puts the reader in the story: start it with 你")))
        if not (case.cause or case.response or case.countermeasure or case.outcome):
            message = say(
                "a decision point unfolds into what the article says followed: add 'cause', 'response', 'countermeasure' or 'outcome'"
            )
            found.append((case.locs["decision"], message))
        if not case.source.section:
            message = say("'source' does not say where in the article this is ('section'): a reader who checks the article finds it")
            found.append((case.locs.get("source", top), message))
        if len(case.discussion) < MIN_DISCUSSION:
            message = say(
                "ask at least {count} discussion questions ('discussion'), one of them on the real trade-off", count=MIN_DISCUSSION
            )
            found.append((case.locs.get("discussion", top), message))
    return [Diagnostic(loc, message, Severity.NOTICE, gate=TEACHING) for loc, message in found]


def _told(case: Case) -> str:
    """Everything the case tells, in Chinese, as one text."""
    parts = [case.title, case.summary, case.role or "", case.story, case.decision or "", case.cause or ""]
    parts += [case.response or "", case.countermeasure or "", case.outcome or "", case.analysis or ""]
    parts += [*case.takeaways, *case.discussion, *(value for _, value in case.context)]
    return "\n".join(parts)
