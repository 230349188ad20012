"""The scanner that refuses Markdown a browser would execute: raw HTML, unsafe links and images, attribute lists.

One forward pass over the value (see `casebook.source.markup` for the policy as a whole).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from casebook.source.markup import MAX_BRACKET_DEPTH, MAX_FINDINGS, MAX_NESTING, Finding, find_forbidden_characters, normalise_newlines

_SAFE_SCHEMES = ("http://", "https://", "mailto:")


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
