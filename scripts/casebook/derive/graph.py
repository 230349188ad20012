"""The relation graph as SVG: issue types | cases grouped by domain | lessons, laid out here.

No JavaScript and no diagram library: the layout is a few columns of boxes and
the edges are cubic curves between them, so the whole thing is computed at build
time, is deterministic (everything is in taxonomy or id order) and stays
readable when printed. Each node is an SVG `<a>` to its page.

The SVG is raw HTML inside a Markdown page, and MkDocs does not rewrite links in
raw HTML, so hrefs are the *final* URLs relative to the page (`casebook.derive.sitemap`'s
`Links.href`): `../cases/<id>/` with directory URLs, `cases/<id>.html` without (the offline build).
Links are written `xlink:href`: Material's instant navigation re-assigns `el.href` on every
`[href]` element after a page loads, which throws on an SVG `<a>` (its `href` is
read-only); a namespaced attribute is not matched by `[href]`, and browsers
follow it all the same.

The diagram is drawn at its natural size (13 px text) and the page lets it
scroll sideways on a narrow screen, rather than shrinking it until it is unreadable.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import escape

from casebook.derive.editions import ZH
from casebook.derive.sitemap import CASES_INDEX, Links, case_uri, term_uri
from casebook.model import Case, Library, Term

#: Above this many cases the overview is split into one diagram per domain.
MAX_CASES_PER_DIAGRAM = 40

_FONT = 13  # px; the SVG is scaled to the column width, so this is the size at 1:1
_ROW = 28  # vertical distance between two nodes of a column
_BOX = 22  # height of a node
_PAD = 8  # horizontal padding inside a node
_GAP = 110  # horizontal room for the curves between two columns
_TOP = 34  # room for the column headers
_MAX_LABEL = {"issue": 150.0, "case": 250.0, "lesson": 170.0}

_STYLE = (
    ".cbg{font-family:inherit}"
    ".cbg text{font-size:13px;fill:var(--md-default-fg-color,currentColor);dominant-baseline:central}"
    ".cbg .cbg-column{font-weight:700;fill:var(--md-default-fg-color--light,currentColor)}"
    ".cbg .cbg-domain text{font-weight:700;fill:var(--md-default-fg-color--light,currentColor)}"
    ".cbg .cbg-edge{fill:none;stroke:var(--md-default-fg-color--lighter,currentColor);stroke-width:1}"
    ".cbg .cbg-node rect{fill:var(--md-default-bg-color,transparent);stroke-width:1.2}"
    ".cbg .cbg-issue rect{stroke:var(--md-accent-fg-color,currentColor)}"
    ".cbg .cbg-case rect{stroke:var(--md-primary-fg-color,currentColor)}"
    ".cbg .cbg-lesson rect{stroke:var(--md-typeset-a-color,currentColor);stroke-dasharray:4 2}"
    ".cbg .cbg-node:hover rect,.cbg .cbg-node:focus rect{fill:var(--md-accent-fg-color--transparent,transparent);stroke-width:2}"
    ".cbg .cbg-focus rect{fill:var(--md-primary-fg-color,currentColor)}"
    ".cbg .cbg-focus text{fill:var(--md-primary-bg-color,Canvas)}"
)


@dataclass(frozen=True)
class Node:
    """One box of the diagram: what it says, where it links, and which column it sits in."""

    key: str
    kind: str  # "issue", "case", "lesson" or "domain" (a heading in the case column)
    label: str
    href: str
    #: The tooltip: the full name and, for a case, its summary.
    tooltip: str
    focus: bool = False


@dataclass(frozen=True)
class Placed:
    """A node with its box: top-left corner and width."""

    node: Node
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Diagram:
    """A laid-out diagram, ready to be written as SVG."""

    width: float
    height: float
    placed: tuple[Placed, ...]
    #: Pairs of node keys, left node first.
    edges: tuple[tuple[str, str], ...]
    label: str


@functools.cache
def _char_width(ch: str) -> float:
    return _FONT if unicodedata.east_asian_width(ch) in "WF" else _FONT * 0.6


def text_width(text: str) -> float:
    """The width of `text` at the diagram's font size, estimated: wide (CJK) characters are 1em, others about 0.6em."""
    total = 0.0
    for ch in text:
        total += _char_width(ch)
    return total


def fit(text: str, limit: float) -> str:
    """`text`, cut with an ellipsis so it is at most `limit` wide."""
    if text_width(text) <= limit:
        return text
    ellipsis = _char_width("…")
    cut = ""
    width = 0.0
    for ch in text:
        if width + _char_width(ch) + ellipsis > limit:
            break
        cut += ch
        width += _char_width(ch)
    return cut.rstrip() + "…"


def _stack(wanted: Sequence[float], top: float, bottom: float) -> list[float]:
    """Positions as close to `wanted` (ascending) as possible, at least a row apart, inside [top, bottom]."""
    ys: list[float] = []
    for y in wanted:
        ys.append(max(y, top, ys[-1] + _ROW if ys else top))
    limit = max(bottom, top + _ROW * (len(ys) - 1))
    for i in range(len(ys) - 1, -1, -1):
        ceiling = limit if i == len(ys) - 1 else ys[i + 1] - _ROW
        ys[i] = min(ys[i], ceiling)
    return ys


def _column_width(nodes: Iterable[Node], floor: float) -> float:
    return max([floor, *(text_width(fit(n.label, _MAX_LABEL.get(n.kind, 250.0))) + 2 * _PAD for n in nodes)])


def layout(
    issues: Sequence[Node],
    groups: Sequence[tuple[Node | None, Sequence[Node]]],
    lessons: Sequence[Node],
    edges: Iterable[tuple[str, str]],
    label: str,
) -> Diagram:
    """Three columns: issue types, cases under their domain headings, lessons.

    Cases keep the order they are given. Issue types and lessons are ordered by
    the mean height of the cases they connect to (ties in the given order) and
    then pushed apart, which keeps most curves short and uncrossed.
    """
    edge_list = sorted(set(edges))
    case_y: dict[str, float] = {}
    middle: list[tuple[Node, float]] = []
    y = float(_TOP)
    for heading, cases in groups:
        if heading is not None:
            middle.append((heading, y))
            y += _ROW
        for case in cases:
            middle.append((case, y))
            case_y[case.key] = y
            y += _ROW
    bottom = max(y - _ROW, _TOP)

    def side(nodes: Sequence[Node]) -> list[tuple[Node, float]]:
        wanted = []
        for index, node in enumerate(nodes):
            ys = [case_y[c] for a, b in edge_list for c in (a, b) if node.key in (a, b) and c in case_y]
            wanted.append((sum(ys) / len(ys) if ys else bottom, index, node))
        wanted.sort(key=lambda item: (item[0], item[1]))
        return list(zip([n for _, _, n in wanted], _stack([w for w, _, _ in wanted], _TOP, bottom), strict=True))

    left, right = side(issues), side(lessons)
    w_left = _column_width(issues, 90)
    w_mid = _column_width([n for n, _ in middle], 160)
    w_right = _column_width(lessons, 90)
    x_mid = w_left + _GAP
    x_right = x_mid + w_mid + _GAP
    placed = (
        [Placed(n, 0, y, w_left) for n, y in left]
        + [Placed(n, x_mid, y, w_mid) for n, y in middle]
        + [Placed(n, x_right, y, w_right) for n, y in right]
    )
    height = max(p.y for p in placed) + _BOX + 4 if placed else _TOP + _BOX
    return Diagram(x_right + w_right + 1, height, tuple(placed), tuple(edge_list), label)


def _attr(value: str) -> str:
    return str(escape(value))


def render_svg(diagram: Diagram, labels: Mapping[str, str] = ZH.labels) -> str:
    """The diagram as one line-per-element SVG with no blank lines, so Markdown keeps it as a raw HTML block."""
    by_key = {p.node.key: p for p in diagram.placed}
    w, h = round(diagram.width), round(diagram.height)
    lines = [
        f'<svg class="cbg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="group" aria-label="{_attr(diagram.label)}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">',
        f"<style>{_STYLE}</style>",
    ]
    columns = {"issue": labels["issue_types"], "case": labels["cases"], "lesson": labels["lessons"]}
    for kind, title in columns.items():
        xs = [p for p in diagram.placed if p.node.kind == kind]
        if xs:
            lines.append(f'<text class="cbg-column" x="{xs[0].x:.0f}" y="{_TOP / 2 - 4:.0f}">{title}</text>')
    for a, b in diagram.edges:
        if a not in by_key or b not in by_key:
            continue
        p, q = by_key[a], by_key[b]
        x1, y1 = p.x + p.width, p.y + _BOX / 2
        x2, y2 = q.x, q.y + _BOX / 2
        mid = (x2 - x1) / 2
        lines.append(f'<path class="cbg-edge" d="M{x1:.0f} {y1:.0f}C{x1 + mid:.0f} {y1:.0f} {x2 - mid:.0f} {y2:.0f} {x2:.0f} {y2:.0f}"/>')
    for p in diagram.placed:
        node = p.node
        classes = f"cbg-node cbg-{node.kind}" + (" cbg-focus" if node.focus else "")
        text = _attr(fit(node.label, _MAX_LABEL.get(node.kind, 250.0)))
        tip = f"<title>{_attr(node.tooltip)}</title>"
        if node.kind == "domain":
            lines.append(
                f'<a class="cbg-domain" xlink:href="{_attr(node.href)}">{tip}<text x="{p.x:.0f}" y="{p.y + _BOX / 2:.0f}">{text}</text></a>'
            )
            continue
        lines.append(
            f'<a class="{classes}" xlink:href="{_attr(node.href)}">{tip}'
            f'<rect x="{p.x:.0f}" y="{p.y:.0f}" width="{p.width:.0f}" height="{_BOX}" rx="{11 if node.kind != "case" else 3}"/>'
            f'<text x="{p.x + _PAD:.0f}" y="{p.y + _BOX / 2:.0f}">{text}</text></a>'
        )
    lines.append("</svg>")
    return "\n".join(lines)


class _Nodes:
    """Nodes for one page, so every href is a final URL relative to that page."""

    def __init__(self, links: Links) -> None:
        self.links = links
        self.labels = links.edition.labels

    def case(self, case: Case) -> Node:
        # Titles read "headline：subtitle"; the box shows the headline, the tooltip everything.
        headline = case.title.split(self.labels["colon"], 1)[0]
        return Node(f"c:{case.id}", "case", headline, self.links.href(case_uri(case.id)), f"{case.title}\n{case.summary}")

    def term(self, kind: str, term: Term, focus: bool = False) -> Node:
        vocabulary = "issue_types" if kind == "issue" else "lessons"
        return Node(f"{kind[0]}:{term.id}", kind, term.name, self.links.href(term_uri(vocabulary, term.id)), term.name, focus)

    def domain(self, term: Term) -> Node:
        tooltip = f"{self.labels['domains']}{self.labels['colon']}{term.name}"
        return Node(f"d:{term.id}", "domain", term.name, self.links.href(CASES_INDEX, term.name), tooltip)


def _diagram(library: Library, nodes: _Nodes, cases: Sequence[Case], grouped: bool, label: str, focus: str = "") -> Diagram:
    taxonomy = library.taxonomy
    issue_ids = {t for c in cases for t in c.issue_types}
    # A lesson's neighbourhood shows that lesson only, not every lesson its cases touch.
    lesson_ids = {focus} if focus else {t for c in cases for t in c.lessons}
    groups: list[tuple[Node | None, Sequence[Node]]] = []
    if grouped:
        for domain in taxonomy.domains.terms:
            members = [nodes.case(c) for c in cases if c.domain == domain.id]
            if members:
                groups.append((nodes.domain(domain), members))
    else:
        groups.append((None, [nodes.case(c) for c in cases]))
    edges = [(f"i:{t}", f"c:{c.id}") for c in cases for t in c.issue_types]
    edges += [(f"c:{c.id}", f"l:{t}") for c in cases for t in c.lessons if t in lesson_ids]
    return layout(
        [nodes.term("issue", t) for t in taxonomy.issue_types.terms if t.id in issue_ids],
        groups,
        [nodes.term("lesson", t, focus=t.id == focus) for t in taxonomy.lessons.terms if t.id in lesson_ids],
        edges,
        label,
    )


def library_diagrams(library: Library, links: Links) -> list[tuple[Term | None, str]]:
    """The overview: one SVG of every case, or one per domain once the library outgrows a single readable diagram."""
    nodes = _Nodes(links)
    cases = sorted(library.cases, key=lambda c: c.id)
    if len(cases) <= MAX_CASES_PER_DIAGRAM:
        return [(None, render_svg(_diagram(library, nodes, cases, True, nodes.labels["graph_label"]), nodes.labels))]
    result: list[tuple[Term | None, str]] = []
    for domain in library.taxonomy.domains.terms:
        members = [c for c in cases if c.domain == domain.id]
        if members:
            label = nodes.labels["graph_domain_label"].format(name=domain.name)
            result.append((domain, render_svg(_diagram(library, nodes, members, False, label), nodes.labels)))
    return result


def lesson_neighbourhood(library: Library, lesson_id: str, links: Links) -> str:
    """A small SVG for a lesson page: the lesson, the cases that teach it, and those cases' issue types."""
    nodes = _Nodes(links)
    cases = sorted((c for c in library.cases if lesson_id in c.lessons), key=lambda c: c.id)
    if not cases:
        return ""
    name = library.taxonomy.lessons[lesson_id].name
    label = nodes.labels["graph_lesson_label"].format(name=name)
    return render_svg(_diagram(library, nodes, cases, False, label, focus=lesson_id), nodes.labels)
