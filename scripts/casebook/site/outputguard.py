"""The output invariant: what a published page may carry, checked on the final HTML.

The loader refuses unsafe markup in every contributor-controlled string
(`casebook.source.markup`); that is a courtesy to the contributor, who learns the rule
at the line that breaks it. The guarantee is here: after MkDocs and Material
have rendered a page, the HTML is parsed as a browser parses it (Lexbor, an HTML5
parser, through selectolax) and the build fails if anything outside the theme's
own known markup could run script, leave the page or load from elsewhere:

- an `on…` event-handler attribute;
- a `javascript:`, `vbscript:` or `data:` URL in any URL attribute;
- a `<script>` other than the theme's: external ones only from the site's
  `assets/javascripts/` or `javascripts/`, inline ones only if their SHA-256 is one
  of the theme's own scripts (the same hashes the Content-Security-Policy allows),
  plus Material's one non-executable `<script id="__config" type="application/json">`;
- `<iframe>`, `<frame>`, `<object>`, `<embed>`, `<applet>`, `<base>`, `<template>` (whose
  content is not part of the parsed page, so it is refused unread), an SVG `<animate>` or
  `<set>` that targets a link (it can turn one into `javascript:`), a `<form>` other
  than Material's search and palette forms, a `<meta http-equiv>` other than the
  Content-Security-Policy this module writes;
- a resource (`src`, `srcset`, `poster`, `<link href>`, CSS `url()`/`@import`) from another host.

Everything here is pure (no MkDocs import), so it is tested on strings.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Where the site's own scripts live: Material's bundle and workers, and `extra_javascript`.
SCRIPT_FOLDERS = ("assets/javascripts/", "javascripts/")
#: Material's forms, attribute for attribute: the search box and the colour-palette toggle.
THEME_FORMS = (
    (("class", "md-search__form"), ("name", "search")),
    (("class", "md-header__option"), ("data-md-component", "palette")),
)
_FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "template"})
#: SVG animation elements, which can set another element's attribute (a link's href) as the page runs.
_ANIMATIONS = frozenset({"animate", "set"})
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "cite", "background", "xlink:href", "ping", "longdesc", "manifest", "srcset"}
)
# Attributes that make the browser fetch something as the page loads (a link only goes when clicked).
_RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background"})
#: Attributes that can hold no URL, event handler or CSS, as the theme and Markdown write them (lower case).
_INERT_ATTRIBUTES = frozenset(
    {"class", "id", "title", "lang", "dir", "role", "tabindex", "for", "type", "name", "value", "alt", "width", "height"}
    | {"checked", "autocomplete", "placeholder", "spellcheck", "required", "hidden", "colspan", "rowspan", "align"}
    | {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "d", "points", "transform", "fill", "stroke"}
    | {"stroke-width", "text-anchor", "font-size", "viewbox", "xmlns", "focusable", "aria-hidden", "aria-label"}
    | {"data-md-component", "data-md-state", "data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"}
)
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]*)|@import\s+['\"]?([^'\";\s]*)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def script_hash(text: str) -> str:
    """The CSP source expression for an inline script: `'sha256-…'` of its exact text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline `<script>` in an HTML fragment (for hashing the theme's own)."""
    return [_text(node) for node in _elements(html) if node.tag == "script" and "src" not in node.attributes]


def _elements(html: str) -> Iterable[LexborNode]:
    """Every element of `html`, parsed as a browser parses it, in document order."""
    return LexborHTMLParser(html).root.traverse()  # type: ignore[union-attr]


def _text(node: LexborNode) -> str:
    """The raw text inside a `<script>` or `<style>`: what the browser runs or applies (and what a CSP hash covers)."""
    return "".join(child.text_content or "" for child in node.iter(include_text=True))


def content_security_policy(script_hashes: Iterable[str], *, allow_inline: bool = False) -> str:
    """The policy every page carries in a `<meta http-equiv="Content-Security-Policy">`.

    Scripts only from the site itself and the theme's own inline scripts (by hash), so inline
    handlers and foreign scripts are inert even if a future change lets one through. `allow_inline`
    is for `mkdocs serve` only, whose live-reload script is injected per response.
    """
    inline = "'unsafe-inline'" if allow_inline else " ".join(sorted(set(script_hashes)))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {inline}".rstrip(),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


@dataclass(frozen=True)
class Policy:
    """What the theme is allowed to put on a page: its inline script hashes and the CSP text."""

    script_hashes: frozenset[str]
    csp: str


def theme_policy(theme_scripts: Iterable[str], *, allow_inline: bool = False) -> Policy:
    """The policy from the theme's own inline scripts, as rendered from its templates."""
    hashes = frozenset(script_hash(text) for text in theme_scripts)
    return Policy(hashes, content_security_policy(hashes, allow_inline=allow_inline))


#: The theme's inline scripts differ only by the page's relative base URL: render them for every depth.
_BASE_URLS = ["/", "."] + ["/".join([".."] * depth) for depth in range(1, 12)]


def _script_partials(env: Any) -> list[str]:
    """The names of the templates under `partials/javascripts/`."""
    folders = getattr(env.loader, "searchpath", None)
    if folders is None:
        return sorted(env.list_templates(filter_func=lambda n: n.startswith(_SCRIPT_PARTIALS)))
    # Only that folder of each theme directory: listing every template walks Material's thousands of icons.
    return sorted(
        {
            f"{_SCRIPT_PARTIALS}{p.relative_to(Path(folder) / _SCRIPT_PARTIALS).as_posix()}"
            for folder in folders
            for p in (Path(folder) / _SCRIPT_PARTIALS).rglob("*")
            if p.is_file()
        }
    )


_SCRIPT_PARTIALS = "partials/javascripts/"


def theme_inline_scripts(env: Any, **context: Any) -> list[str]:
    """Every inline script the theme's `partials/javascripts/` templates write, at every page depth.

    `env` is the theme's Jinja environment and `context` what its templates read
    (`config`, `features`); a template that cannot render on its own is skipped.
    """
    scripts: list[str] = []
    for name in _script_partials(env):
        for base_url in _BASE_URLS:
            try:
                rendered = env.get_template(name).render(base_url=base_url, **context)
            except Exception:  # a partial that needs a page's context is not one the policy must hash
                continue
            scripts.extend(inline_scripts(rendered))
    return scripts


@dataclass(frozen=True)
class Violation:
    """Something on a page that breaks the invariant: what it is, and the text to look for in the source."""

    message: str
    needle: str = ""


def _is_foreign(url: str) -> bool:
    lowered = _CONTROL.sub("", url).lower()
    return lowered.startswith("//") or lowered.startswith("\\") or bool(re.match(r"[a-z][a-z0-9+.-]*:", lowered))


def _bad_scheme(url: str) -> bool:
    return _CONTROL.sub("", url).lower().startswith(_BAD_SCHEMES)


def _site_path(page_url: str, url: str) -> str | None:
    """`url` (as written in the page at `page_url`) as a path from the site root, or None if it leaves the site."""
    if _is_foreign(url):
        return None
    path = url.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        return posixpath.normpath(path).lstrip("/")
    # The folder the page sits in: `cases/x/` for a directory URL, `cases/` for `cases/x.html`.
    if page_url.endswith("/") or not page_url:
        folder = page_url
    elif "/" in page_url:
        folder = posixpath.dirname(page_url) + "/"
    else:
        folder = ""
    joined = posixpath.normpath(posixpath.join(folder, path))
    return None if joined.startswith("..") else joined


@dataclass
class _Guard:
    page_url: str
    policy: Policy
    violations: list[Violation] = field(default_factory=list)
    configs: int = 0
    csp_metas: int = 0
    #: The theme's own element ids (`__config`, `__search`, …) seen so far: each names one element.
    theme_ids: set[str] = field(default_factory=set)

    def flag(self, message: str, needle: str = "") -> None:
        self.violations.append(Violation(message, needle))

    def element(self, node: LexborNode) -> None:
        tag = node.tag or ""
        # An HTML5 parser keeps the first of repeated attributes, as the browser does.
        values = {name: value or "" for name, value in node.attributes.items()}
        for name, value in values.items():
            if name in _INERT_ATTRIBUTES:
                continue  # most attributes on a page; none of them can hold a URL, a handler or CSS
            name = name.lower()
            if name.startswith("on"):
                self.flag(f"<{tag} {name}=…>: an event-handler attribute", value or name)
            if name in _URL_ATTRIBUTES or name.endswith(":href"):
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                for url in urls:
                    if _bad_scheme(url):
                        flat = _CONTROL.sub("", url)
                        self.flag(f"<{tag} {name}='{flat[:40]}'>: a {flat.split(':', 1)[0].lower()}: URL", url)
                    elif _is_foreign(url) and (name in _RESOURCE_ATTRIBUTES or (tag == "link" and name == "href" and self._loads(values))):
                        self.flag(f"<{tag} {name}='{url[:60]}'>: a resource from another host", url)
            if name == "style":
                self.css(tag, value)
        element_id = values.get("id", "")
        if element_id.startswith("__"):
            # Material's script takes the first element of such an id (its settings are `#__config`'s text):
            # a second one, or `__config` on anything but the theme's script, would be obeyed instead.
            if element_id in self.theme_ids or (element_id == "__config" and tag != "script"):
                self.flag(f"<{tag} id='{element_id[:40]}'>: an id of the theme's own elements", element_id)
            self.theme_ids.add(element_id)
        if tag in _FORBIDDEN_ELEMENTS:
            self.flag(f"<{tag}>: not allowed on a page", f"<{tag}")
        elif tag in _ANIMATIONS and {k.lower(): v for k, v in values.items()}.get("attributename", "").lower().endswith("href"):
            self.flag(f"<{tag} attributeName='href'>: an animation that rewrites a link", f"<{tag}")
        elif tag == "form":
            if tuple(sorted(values.items())) not in {tuple(sorted(form)) for form in THEME_FORMS}:
                self.flag("<form>: only Material's search and palette forms are allowed", "<form")
        elif tag == "meta" and "http-equiv" in values:
            if values["http-equiv"].lower() == "content-security-policy" and values.get("content") == self.policy.csp:
                self.csp_metas += 1
            else:
                self.flag(f"<meta http-equiv='{values['http-equiv'][:40]}'>: not allowed on a page", "http-equiv")
        elif tag == "script":
            self.script(values, _text(node))
        elif tag == "style":
            self.css("style", _text(node))

    @staticmethod
    def _loads(values: dict[str, str]) -> bool:
        rel = values.get("rel", "").lower().split()
        return any(r in rel for r in ("stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "import"))

    def script(self, values: dict[str, str], text: str) -> None:
        src = values.get("src")
        if src is not None:
            path = _site_path(self.page_url, src)
            if path is None or not path.startswith(SCRIPT_FOLDERS):
                self.flag(f"<script src='{src[:60]}'>: scripts come only from the site's own javascripts", src)
            if text.strip():
                self.flag("<script src> with inline text", text[:40])
        elif values.get("type") == "application/json" and values.get("id") == "__config":
            self.configs += 1
        elif script_hash(text) not in self.policy.script_hashes:
            self.flag(f"inline <script> that is not one of the theme's own ({text[:40]!r})", text[:40])

    def css(self, where: str, text: str) -> None:
        for match in _CSS_URL.finditer(text):
            url = match.group(1) or match.group(2) or ""
            if match.group(2) is not None or (_is_foreign(url) and not url.lower().startswith("data:")):
                self.flag(f"<{where}> CSS loads '{url[:60]}' from another host", url)


def check_page(html_text: str, page_url: str, policy: Policy, *, fragment: bool = False) -> list[Violation]:
    """Every breach of the output invariant in one rendered page (`page_url` as MkDocs writes it).

    A `fragment` (a piece of a page, as in tests) need not carry the CSP `<meta>`.
    """
    guard = _Guard(page_url, policy)
    for node in _elements(html_text):
        guard.element(node)
    if guard.configs > 1:
        guard.flag("more than one <script id=__config>")
    if guard.csp_metas != 1 and not fragment:
        guard.flag("the page must carry exactly one Content-Security-Policy <meta> (overrides/main.html)")
    return guard.violations


def violation_report(page_uri: str, source_path: str, source_text: str, violations: list[Violation]) -> str:
    """One located line per violation: `path:line: page: message`, the line found by searching the source."""
    lines = []
    for violation in violations:
        line = 1
        if violation.needle and source_text:
            offset = source_text.find(violation.needle)
            if offset >= 0:
                line = source_text.count("\n", 0, offset) + 1
        lines.append(f"{source_path}:{line}: error: the page {page_uri} breaks the output invariant: {violation.message}")
    lines.append(f"{len(violations)} output violation{'s' if len(violations) != 1 else ''}")
    return "\n".join(lines)
