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
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


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


def _unsafe_url(url: str) -> str | None:
    """Why a link target is refused, or None. `url` may span lines; browsers drop the breaks."""
    lowered = "".join(url.split()).lower()
    if lowered.startswith(_SAFE_SCHEMES):
        return None
    if lowered.startswith(("//", "\\\\", "/\\", "\\/")):
        return "a link to another host must say http:// or https://"
    head = re.split(r"[/?#]", lowered, maxsplit=1)[0]
    # `javascript%3A…` is inert in a browser, but the strict build then fails on an "unrecognized
    # relative link" that names no line; refusing it here keeps check and build in agreement.
    if ":" in head or "%3a" in head or "&" in lowered or "\\" in lowered:
        return "links must start with http://, https:// or mailto:"
    return None


def _unsafe_image(url: str) -> str | None:
    # Images come from the site itself: an image from another host is a tracking pixel.
    lowered = "".join(url.split()).lower()
    if lowered.startswith(_SAFE_SCHEMES) or lowered.startswith(("//", "\\")):
        return "images must come from the site itself, not from another host"
    return _unsafe_url(url)


def _link_end(text: str, start: int) -> int:
    """Where a link target that starts at `start` ends, continuing over line breaks as browsers do.

    Python-Markdown keeps a newline inside a link target and browsers delete it from a URL, so
    `[a](java⏎script:…)` is a javascript: link; the pieces are joined before the scheme is judged.
    """
    n = len(text)
    i = start
    while i < n:
        char = text[i]
        if char in ")>":
            return i
        if char.isspace():
            j = i
            while j < n and text[j] in " \t":
                j += 1
            if j < n and text[j] == "\n":
                j += 1
                while j < n and text[j] in " \t":
                    j += 1
                if j < n and not text[j].isspace() and text[j] not in ")>":
                    i = j
                    continue
            return i
        i += 1
    return n


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


_AUTOLINK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,31}:[^\s<>\"'`]*>")
_AUTOMAIL = re.compile(r"[^<> !\n]{1,256}@[^@<> \n]{1,256}>")
_TAG_NAME = re.compile(r"[^\s\"'<>@]{0,40}")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


class _Scanner:
    """One forward pass over a text, collecting findings (at most `MAX_FINDINGS`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.findings: list[Finding] = []
        self.more = 0
        self.counts: dict[str, int] = {}
        self.last: dict[str, int] = {}

    def add(self, needle: str, start: int, message: str) -> None:
        if len(self.findings) >= MAX_FINDINGS:
            self.more += 1
            return
        # Which occurrence of the needle this is, counted incrementally so many findings stay linear.
        begin = self.last.get(needle, 0)
        nth = self.counts.get(needle, 0) + self.text.count(needle, begin, start)
        self.counts[needle] = nth
        self.last[needle] = start
        self.findings.append(Finding(needle, nth, message))

    def url(self, start: int, image: bool) -> int:
        """Judge the link target starting at `start` (after `(` or `:`); return where it ends."""
        text = self.text
        i = _skip_space(text, start)
        if i < len(text) and text[i] == "<":
            i += 1
        end = _link_end(text, i)
        url = text[i:end]
        if not url:
            return end
        if "](" in url:
            self.add(url.split("\n", 1)[0], i, "a link target must not contain '](': end the link before starting another")
            return end
        why = _unsafe_image(url) if image else _unsafe_url(url)
        if why:
            # Only the first line is searched for in the file: a block scalar's later lines carry
            # indentation that the value does not, and the first line is where the reader should look.
            shown = "".join(url.split())[:40]
            self.add(url.split("\n", 1)[0], i, f"link target '{shown}' is not allowed; {why}")
        return end

    def scan(self) -> None:
        text = self.text
        self.scan_lines()
        self.scan_angles()
        self.scan_brackets()
        self.scan_braces()
        i = text.find("8<")
        while i >= 0:
            if i > 0 and text[i - 1] == "-" and i + 2 < len(text) and text[i + 2] == "-":
                start = i - 1
                while start > 0 and text[start - 1] == "-":
                    start -= 1
                end = i + 3
                while end < len(text) and text[end] == "-":
                    end += 1
                self.add(text[start:end], start, "the include marker '--8<--' is not allowed in contributor text")
            i = text.find("8<", i + 2)

    def scan_lines(self) -> None:
        """Reference definitions (`[x]: url`, after any list or quote markers) and nesting depth."""
        text = self.text
        pos = 0
        for line in text.split("\n"):
            columns = 0
            i = 0
            while i < len(line) and line[i] in " \t":
                columns += 4 - columns % 4 if line[i] == "\t" else 1
                i += 1
            markers = 0
            while i < len(line):
                if line[i] == ">":
                    i = i + 1
                elif match := _LIST_MARKER.match(line, i):
                    i = match.end()
                else:
                    break
                markers += 1
                while i < len(line) and line[i] in " \t":
                    i += 1
            if columns // 4 + markers > MAX_NESTING:
                self.add(line[: i or 1], pos, f"lists and quotes are nested more than {MAX_NESTING} levels deep; flatten them")
            if line.startswith("[", i):
                close = line.find("]", i + 1)
                label = line[i + 1 : close] if close >= 0 else "["
                if "[" not in label and close >= 0:
                    j = close + 1
                    while j < len(line) and line[j] in " \t":
                        j += 1
                    if j < len(line) and line[j] == ":":
                        self.url(pos + j + 1, image=False)
            pos += len(line) + 1

    def scan_angles(self) -> None:
        """Raw HTML by Python-Markdown's grammar, and autolinks (`<scheme:…>`)."""
        text = self.text
        n = len(text)
        i = text.find("<")
        while i >= 0:
            j = i + 1
            k = j
            while k < n and k - j < 64 and text[k] in " \t":
                k += 1
            char = text[k] if k < n else ""
            if k == j and char.isascii() and char.isalpha():
                autolink = _AUTOLINK.match(text, j)
                if autolink:
                    url = text[j : autolink.end() - 1]
                    why = _unsafe_url(url)
                    if why:
                        self.add(url, j, f"link target '{url[:40]}' is not allowed; {why}")
                    i = text.find("<", autolink.end())
                    continue
                if _AUTOMAIL.match(text, j):
                    i = text.find("<", j)
                    continue
            if (char.isascii() and char.isalpha()) or char in ("/", "!", "?"):
                if char in "!?":
                    needle = text[i : k + 1]
                else:
                    slash = k + 1 if char == "/" else k
                    needle = text[i:slash] + (_TAG_NAME.match(text, slash).group() if slash < n else "")  # type: ignore[union-attr]
                shown = needle.strip()
                self.add(
                    needle,
                    i,
                    f"raw HTML ('{shown}') is not allowed; use Markdown, or write ＜ (full-width) or &lt; to show a '<'",
                )
            i = text.find("<", i + 1)

    def scan_brackets(self) -> None:
        """Inline link and image targets (`](url)`), and how deeply `[` nests."""
        text = self.text
        n = len(text)
        stack: list[bool] = []  # for each open '[': whether it opens an image ('![')
        i = 0
        reported_depth = False
        # Jump from one bracket (or blank line) to the next: most text has none.
        while (event := _BRACKET_EVENT.search(text, i)) is not None:
            i = event.start()
            char = text[i]
            if char == "[":
                stack.append(i > 0 and text[i - 1] == "!")
                if len(stack) > MAX_BRACKET_DEPTH and not reported_depth:
                    reported_depth = True
                    self.add(
                        "[" * (MAX_BRACKET_DEPTH + 1),
                        i - MAX_BRACKET_DEPTH,
                        f"'[' is nested more than {MAX_BRACKET_DEPTH} deep; close each '[' with ']'",
                    )
            elif char == "]":
                image = stack.pop() if stack else False
                if i + 1 < n and text[i + 1] == "(":
                    i = self.url(i + 2, image)
                    continue
            else:
                stack.clear()  # a blank line ends the paragraph, and with it every open bracket
            i += 1

    def scan_braces(self) -> None:
        """Attribute lists: Material's tags plugin switches attr_list on in every build.

        `## 标题 { onclick="…" }` or `[a](https://x){ href="javascript:…" }` would put the attribute on
        the page, and `{ hidden }` or `{ download }` a bare one. Only classes and ids (`{ .x #y }`) of
        letters, digits, `-` and `_`, starting with a letter or digit, pass: an id such as `#__config`
        would shadow the theme's own element of that id, whose settings Material's script reads.
        Each line is split at `}`: the longest candidate list in each piece starts at its first `{`.
        """
        text = self.text
        pos = 0
        for line in text.split("\n"):
            start = 0
            while True:
                close = line.find("}", start)
                if close < 0:
                    break
                opening = line.find("{", start, close)
                if opening >= 0:
                    inner = line[opening + 1 : close]
                    words = inner.replace("{", " ").lstrip(":").split()
                    if "=" in inner or not all(_SAFE_ATTRIBUTE.match(w.lstrip(":")) for w in words if w.lstrip(":")):
                        needle = line[opening : close + 1]
                        self.add(
                            needle,
                            pos + opening,
                            f"attribute list ('{needle[:40]}') is not allowed: the build turns it into"
                            " HTML attributes; write ｛ ｝ (full-width) to show braces",
                        )
                start = close + 1
            pos += len(line) + 1


#: A class or an id in an attribute list that only names (see `_Scanner.scan_braces`).
_SAFE_ATTRIBUTE = re.compile(r"[.#][A-Za-z0-9][A-Za-z0-9_-]*\Z")

#: What `scan_brackets` acts on: a bracket, or the first newline of a blank line.
_BRACKET_EVENT = re.compile(r"[\[\]]|\n(?=\n)")


def find_unsafe_markup(text: str) -> Iterator[Finding]:
    """Yield every forbidden character, piece of raw HTML, unsafe link target, attribute list or include marker."""
    forbidden = list(find_forbidden_characters(text))
    yield from forbidden[:MAX_FINDINGS]
    if forbidden:
        return  # the character is the problem to fix; what it hides is judged once it is gone
    scanner = _Scanner(normalise_newlines(text))
    scanner.scan()
    yield from scanner.findings
    if scanner.more:
        first = scanner.findings[0]
        yield Finding(first.needle, first.nth, f"and {scanner.more} more problems like these in the same value")


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
