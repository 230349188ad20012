r"""What contributor text may contain: Markdown, yes; anything a browser would execute, no.

Every string a contributor controls (case fields, every taxonomy and glossary
field, ids, git author names) passes the same policy, applied to the value as
the YAML parser produced it, after escapes are resolved:

- line separators (`\\r\\n`, `\\r`, U+0085, U+2028, U+2029) become `\\n`, so a
  check never sees a different line structure than Python-Markdown does;
- control, bidi and zero-width characters are refused at their position;
- raw HTML is refused by the start-of-tag grammar of Python-Markdown itself
  (`<` then a letter, `/`, `!` or `?`: `markdown.htmlparser.starttagopen`,
  `endtagopen` and `inlinepatterns.HTML_RE`), so any tag name it accepts,
  `<x.y …>` included, is refused;
- link targets must be http(s) or mailto, images must come from the site itself;
- attribute lists with values or handlers, and the snippet include marker, are refused;
- Markdown nesting (lists, quotes, brackets) is bounded, because the renderer
  recurses once per level.

Every check here is a single forward scan (or a regex with no nested
quantifier), so a 256 KiB field is checked in linear time. Findings are capped
per value, so a field of 80,000 tags gives a handful of messages, not 11 MB.

One-line values that a template puts inside link text are escaped where they
are used (`link_text`), and text that is never Markdown (git author names) is
escaped as plain text (`plain_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: `[[case-id]]`: a reference to another case, resolved to a link titled with that case's title.
REF_PATTERN = re.compile(r"\[\[([^\[\]\n]*)\]\]")


#: A run of Han characters (CJK unified ideographs, extension A, compatibility): what search cuts into
#: bigrams and what English text may not hold.
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


#: How many findings of one value are reported; the rest are summarised in one line.
MAX_FINDINGS = 8


#: How deeply lists and quotes may nest in Markdown. Python-Markdown recurses per level and
#: a list 260 deep ends `mkdocs build` in a RecursionError; a case needs three or four.
MAX_NESTING = 12


#: How many `[[case-id]]` references one value may hold; a case links to a handful.
MAX_REFERENCES = 200


#: How deeply `[` may nest before a `]` closes it. The link pattern rescans from every open
#: bracket, so 20,000 `[` took a minute to build; `[[case-id]]` needs two.
MAX_BRACKET_DEPTH = 8


# Line separators that Python-Markdown, a browser or an editor treats as a line break.
_LINE_SEPARATORS = re.compile("\r\n?|[\x85\u2028\u2029]")


@dataclass(frozen=True)
class Finding:
    """Something refused in a text: the exact substring, which occurrence of it, and why."""

    needle: str
    nth: int
    message: str


def normalise_newlines(text: str) -> str:
    """Every line separator as a newline: what the checks see is what the renderer sees."""
    return _LINE_SEPARATORS.sub("\n", text)


def forbidden_character(char: str) -> str | None:
    """Why a character may not appear in contributor text, or None when it may."""
    code = ord(char)
    if (code < 0x20 and char not in "\t\n") or 0x7F <= code <= 0x9F:
        return "control character"
    if 0xD800 <= code <= 0xDFFF:
        return "unpaired surrogate"
    if code in (0x061C, 0x200E, 0x200F) or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "bidirectional control character"
    if code in (0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF) or 0x2061 <= code <= 0x2064:
        return "zero-width character"
    if 0xFFF9 <= code <= 0xFFFB or code in (0xFFFE, 0xFFFF) or 0xE0000 <= code <= 0xE007F:
        return "invisible character"
    return None


# The characters `forbidden_character` refuses, as one class, so a clean text is passed over in C.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff\U000e0000-\U000e007f]"
)


def find_forbidden_characters(text: str) -> Iterator[Finding]:
    """Each control, bidi, zero-width or invisible character, with the escape that names it."""
    counts: dict[str, int] = {}
    for match in _FORBIDDEN.finditer(text):
        char = match.group()
        nth = counts.get(char, 0)
        counts[char] = nth + 1
        what = forbidden_character(char) or "invisible character"
        yield Finding(char, nth, f"{what} U+{ord(char):04X} is not allowed; delete it")


def strip_invisible(text: str) -> str:
    """The text without the characters `find_forbidden_characters` refuses (for names from git)."""
    return _FORBIDDEN.sub("", normalise_newlines(text)).replace("\n", " ")


_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")


_FENCE_LINE = re.compile(r"^ {0,3}(?:```|~~~)")


#: Lines a list may follow directly: a heading, a quotation, a table row, indented code.
_OWN_BLOCK = re.compile(r"^(?: {0,3}[#>|]| {4}|\t)")


def find_lists_after_a_paragraph(text: str) -> Iterator[Finding]:
    """Each list whose first item comes straight after a paragraph line, with no empty line between.

    Python-Markdown reads such a list as more lines of the paragraph: the items run together
    as one paragraph on the page (the model letters once did). Lines inside a list, a fence
    or after a heading are fine.
    """
    text = normalise_newlines(text)
    fenced = in_list = False
    previous = ""
    found = offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        needle = line.strip()
        if _FENCE_LINE.match(line):
            fenced, in_list = not fenced, False
        elif not fenced and not needle:
            in_list = False
        elif not fenced and _LIST_ITEM.match(line):
            if previous.strip() and not in_list and not _OWN_BLOCK.match(previous) and not _FENCE_LINE.match(previous):
                # Which occurrence of the needle, as `locate` counts them; at most MAX_FINDINGS, so linear.
                nth = text.count(needle, 0, start + len(line) - len(line.lstrip()))
                yield Finding(
                    needle,
                    nth,
                    "this list comes straight after a line of text, so it shows as part of that paragraph: add an empty line before it",
                )
                found += 1
                if found == MAX_FINDINGS:
                    return
            in_list = True
        previous = line


# Python-Markdown's backslash escapes (`Markdown.ESCAPED_CHARS`), plus what makes a link or a tag.
_LINK_TEXT_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>|])")


# Brackets become entities, not backslash escapes: Python-Markdown's reference-definition
# pattern does not honour `\]`, so `[r\]: javascript:…](url)` would still define `[r\]`.
_BRACKETS = str.maketrans({"[": "&#91;", "]": "&#93;"})


def link_text(value: str) -> str:
    """A one-line value made safe to put inside `[…](url)` link text or a list item.

    Every character Python-Markdown can backslash-escape is escaped, and brackets become
    entities, so a title such as `r]: javascript:…` cannot close the link text and become a
    reference definition.
    `<` and `&` are left alone: raw HTML is refused at check time, and an entity is how
    a contributor writes a literal `<`.
    """
    return _LINK_TEXT_SPECIAL.sub(r"\\\1", " ".join(value.split())).replace("\\[", "[").replace("\\]", "]").translate(_BRACKETS)


def plain_text(value: str) -> str:
    """Text that is never Markdown (a git author name): every special character escaped."""
    cleaned = strip_invisible(value)
    escaped = cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LINK_TEXT_SPECIAL.sub(r"\\\1", escaped).replace("\\[", "[").replace("\\]", "]").translate(_BRACKETS)
