"""What case text may contain: Markdown, yes; anything a browser would execute, no.

Case files come from many hands and the site is read by every colleague, so raw
HTML is *rejected* at check time with a located error rather than escaped at
render time. Rejecting keeps the rule visible to the contributor, keeps code
spans and entities meaning what they say, and means the build, which uses the
same loader, can never publish a page that carries such markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .messages import say

#: `[[case-id]]`: a reference to another case, resolved to a link titled with that case's title.
REF_PATTERN = re.compile(r"\[\[([^\[\]\n]*)\]\]")

# A tag opener, closer, comment, processing instruction or declaration.
_RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)|<[!?]", re.MULTILINE)
# A URL as Markdown may write it: up to whitespace, `)` or `>`, but continuing over a line break.
# Python-Markdown keeps a newline inside a link target and browsers delete it from a URL, so
# `[a](java⏎script:…)` is a javascript: link; the pieces are joined before the scheme is judged.
_URL = r"[^\s)>]*(?:[ \t]*\n[ \t]*[^\s)>]+)*"
# The start of a URL in an inline link `](url`, an autolink `<url`, or a reference definition `[x]: url`.
# A reference definition counts wherever Python-Markdown finds one: indented under a list item or an
# admonition, after list or quote markers (`- [x]: …`, `> [x]: …`), and with an empty label (`[]: …`).
_LINK_TARGET = re.compile(
    rf"\]\(\s*<?\s*(?P<a>{_URL})"
    r"|<(?P<b>[A-Za-z][A-Za-z0-9+.-]*:[^\s>]*)"
    rf"|^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+|>[ \t]*)*\[[^\[\]]*\][ \t]*:\s*<?(?P<c>{_URL})",
    re.MULTILINE,
)
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# An attribute list, in the shape Python-Markdown's attr_list extension reads: `{ key=value }`, `{: …}`.
# mkdocs.yml does not name attr_list, but Material's tags plugin switches it on in every build, so
# `## 标题 { onclick="…" }` or `[a](https://x){ href="javascript:…" }` would put the attribute on the
# page. Classes and ids (`{ .x #y }`) are harmless; a key=value pair or a bare `on…` word is refused.
_ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)[ ]*\}")
_ATTR_UNSAFE = re.compile(r"=|(?:^|\s):?on", re.IGNORECASE)
# pymdownx.snippets would include a file from the build machine at this marker.
_SNIPPET = re.compile(r"-{1,}8<-{1,}")


@dataclass(frozen=True)
class Finding:
    """Unsafe markup found in a text: the exact substring and why it is refused."""

    needle: str
    nth: int
    message: str


def _nth(text: str, needle: str, end: int) -> int:
    return text.count(needle, 0, end)


def _unsafe_url(url: str) -> bool:
    # Anything with a scheme, or with an entity that could spell one, must be a plain web or mail link.
    # Browsers strip tabs and newlines anywhere in a URL before reading its scheme.
    lowered = re.sub(r"\s+", "", url).lower()
    if lowered.startswith(_SAFE_SCHEMES):
        return False
    head = re.split(r"[/?#]", lowered, maxsplit=1)[0]
    # `javascript%3A…` is inert in a browser, but the strict build then fails on an "unrecognized
    # relative link" that names no line; refusing it here keeps check and build in agreement.
    return ":" in head or "%3a" in head or "&" in lowered or "\\" in lowered


def find_unsafe_markup(text: str) -> Iterator[Finding]:
    """Yield every piece of raw HTML, unsafe link target or include marker in a text."""
    for match in _RAW_HTML.finditer(text):
        yield Finding(
            match.group(),
            _nth(text, match.group(), match.start()),
            say(
                "raw HTML ('{html}') is not allowed in case text; use Markdown, or write ＜ (full-width) or &lt; to show a '<'",
                html=match.group().strip(),
            ),
        )
    for match in _LINK_TARGET.finditer(text):
        url = match.group("a") or match.group("b") or match.group("c") or ""
        if url and _unsafe_url(url):
            start = match.start("a") if match.group("a") else match.start("b") if match.group("b") else match.start("c")
            # Only the first line is searched for in the file: a block scalar's later lines carry
            # indentation that the value does not, and the first line is where the reader should look.
            needle = url.split("\n", 1)[0]
            shown = re.sub(r"\s+", "", url)[:40]
            yield Finding(
                needle,
                _nth(text, needle, start),
                say("link target '{url}' is not allowed; links must start with http://, https:// or mailto:", url=shown),
            )
    for match in _ATTR_LIST.finditer(text):
        if _ATTR_UNSAFE.search(match.group(1)):
            yield Finding(
                match.group(),
                _nth(text, match.group(), match.start()),
                say(
                    "attribute list ('{attrs}') is not allowed in case text: the build turns it into HTML attributes;"
                    " write ｛ ｝ (full-width) to show braces",
                    attrs=match.group()[:40],
                ),
            )
    for match in _SNIPPET.finditer(text):
        yield Finding(
            match.group(), _nth(text, match.group(), match.start()), say("the include marker '--8<--' is not allowed in case text")
        )
