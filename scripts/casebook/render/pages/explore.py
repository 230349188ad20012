"""`/explore/`: the case explorer, which filters the page's own list in the reader's browser.

The page lists every case, so it works without JavaScript, and that list is the
explorer's data: each item carries its case's facet ids (`data-*` attributes, ids
only, never contributor text), and the facet names sit on the explorer element. No
file is fetched, so the explorer works from file://, and each link is the one
MkDocs wrote for the build's URL style. Facets are the vocabularies, in taxonomy
order, so adding a lesson to the taxonomy adds it to the explorer with no code change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from casebook.derive.sitemap import EXPLORE, Page
from casebook.model import Case, Library
from casebook.render.context import Context, SearchPolicy
from casebook.render.templating import render_template

PATH = EXPLORE
NAV = EXPLORE
SEARCH = SearchPolicy(exclude=True, why="The static list repeats every case's title and summary; the case pages answer searches.")

#: (case attribute, vocabulary). One list, read by the facets and by the list items.
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


def explore_facets(library: Library, labels: Mapping[str, str]) -> str:
    """The facets as JSON: each facet's key, label and values (id and name), in taxonomy order."""
    taxonomy = library.taxonomy
    facets = [
        {
            "key": attribute,
            "label": labels[vocabulary],
            "values": [{"id": t.id, "name": t.name} for t in getattr(taxonomy, vocabulary).terms],
        }
        for attribute, vocabulary in FACETS
    ]
    return json.dumps(facets, ensure_ascii=False, separators=(",", ":"))


def facet_values(case: Case) -> list[tuple[str, str]]:
    """(facet key, space-separated ids) for one case, as its list item carries them."""
    return [(attribute, " ".join(_values(case, attribute))) for attribute, _ in FACETS]


def render(context: Context) -> list[Page]:
    """The explorer page: the list of every case, with what the filters need."""
    links = context.links(EXPLORE)
    library = context.library
    page = render_template(
        "explore.md.j2",
        search=SEARCH,
        cases=library.cases,
        links=links,
        facets=explore_facets(library, context.labels),
        facet_values=facet_values,
        t=context.labels,
    )
    return [Page(EXPLORE, page)]
