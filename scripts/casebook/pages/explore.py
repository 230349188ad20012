"""`/explore/`: the case explorer, with the JSON its filters run on in the reader's browser.

The page lists every case, so it works without JavaScript. Facets are the vocabularies,
in taxonomy order, so adding a lesson to the taxonomy adds it to the explorer with no
code change. The JSON's URLs are final URLs relative to the explorer page, in the
build's URL style, because no one rewrites links inside data.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Case, Library
from ..sitemap import EXPLORE, EXPLORE_DATA, LABELS, Links, Page, case_uri
from ..templating import render_template
from . import Context, SearchPolicy

PATH = EXPLORE
NAV = EXPLORE
SEARCH = SearchPolicy(exclude=True, why="The static list repeats every case's title and summary; the case pages answer searches.")

#: (case attribute, vocabulary). One list, read by the JSON and by the page.
FACETS: tuple[tuple[str, str], ...] = (
    ("domain", "domains"),
    ("stage", "stages"),
    ("region", "regions"),
    ("issue_types", "issue_types"),
    ("lessons", "lessons"),
)


def _values(case: Case, attribute: str) -> list[str]:
    value = getattr(case, attribute)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def explore_data(library: Library, links: Links) -> str:
    """The explorer's JSON: facets with their values, and each case with its facet values and URL."""
    taxonomy = library.taxonomy
    data: dict[str, Any] = {
        "facets": [
            {
                "key": attribute,
                "label": LABELS[vocabulary],
                "values": [{"id": t.id, "name": t.name} for t in getattr(taxonomy, vocabulary).terms],
            }
            for attribute, vocabulary in FACETS
        ],
        "cases": [
            {
                "id": case.id,
                "title": case.title,
                "summary": case.summary,
                "url": links.href(case_uri(case.id)),
                **{attribute: _values(case, attribute) for attribute, _ in FACETS},
            }
            for case in library.cases
        ],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def render(context: Context) -> list[Page]:
    """The explorer page and its data file."""
    links = context.links(EXPLORE)
    page = render_template("explore.md.j2", search=SEARCH, cases=context.library.cases, links=links, data_url=links.href(EXPLORE_DATA))
    return [Page(EXPLORE, page), Page(EXPLORE_DATA, explore_data(context.library, links))]
