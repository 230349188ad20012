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

#: `[[case-id]]`: a reference to another case, resolved to a link titled with that case's title.
REF_PATTERN = re.compile(r"\[\[([^\[\]\n]*)\]\]")

# A tag opener, closer, comment, processing instruction or declaration.
_RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)|<[!?]", re.MULTILINE)
# The start of a URL in an inline link `](url`, an autolink `<url`, or a reference definition `[x]: url`.
_LINK_TARGET = re.compile(
    r"\]\(\s*<?\s*(?P<a>[^\s)>]*)|<(?P<b>[A-Za-z][A-Za-z0-9+.-]*:[^\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(?P<c>\S*)", re.MULTILINE
)
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
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
    lowered = url.strip().lower()
    if lowered.startswith(_SAFE_SCHEMES):
        return False
    head = re.split(r"[/?#]", lowered, maxsplit=1)[0]
    return ":" in head or "&" in lowered or "\\" in lowered


def find_unsafe_markup(text: str) -> Iterator[Finding]:
    """Yield every piece of raw HTML, unsafe link target or include marker in a text."""
    for match in _RAW_HTML.finditer(text):
        yield Finding(
            match.group(),
            _nth(text, match.group(), match.start()),
            f"raw HTML ('{match.group().strip()}') is not allowed in case text; "
            "use Markdown, or write ＜ (full-width) or &lt; to show a '<'",
        )
    for match in _LINK_TARGET.finditer(text):
        url = match.group("a") or match.group("b") or match.group("c") or ""
        if url and _unsafe_url(url):
            start = match.start("a") if match.group("a") else match.start("b") if match.group("b") else match.start("c")
            yield Finding(
                url,
                _nth(text, url, start),
                f"link target '{url[:40]}' is not allowed; links must start with http://, https:// or mailto:",
            )
    for match in _SNIPPET.finditer(text):
        yield Finding(match.group(), _nth(text, match.group(), match.start()), "the include marker '--8<--' is not allowed in case text")
