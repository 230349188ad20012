"""The old URLs of renamed cases (`moved_from`): a page at each that sends the reader on to the case.

A link pasted into a chat or a mail before a rename keeps working, in both editions and
in the offline copy. The page moves the browser on by `<meta http-equiv="refresh">`,
which needs no script (so it works where scripts are blocked, and passes the same rule
as every page: nothing runs that the site did not ship); search engines take an
immediate refresh with a canonical link as a permanent move. The visible link is for
the reader whose browser does not follow it.

Not mkdocs-redirects: its map lives in mkdocs.yml, a second owner of every rename
(here the case file records its old ids), and its page runs an inline script.
"""

from __future__ import annotations

from collections.abc import Iterator

from casebook.derive.sitemap import Page, case_uri, page_file, relative_url
from casebook.render.context import Context, SearchPolicy
from casebook.render.templating import render_template

PATH = case_uri("<old-id>")
NAV = None
SEARCH = SearchPolicy(exclude=True, why="A redirect has no text of its own.")


def render(context: Context) -> Iterator[Page]:
    """One redirect file per old id of every case, at the URL the old page had."""
    for case in context.library.cases:
        for old in case.moved_from:
            target = relative_url(case_uri(old), case_uri(case.id), context.directory_urls)
            html = render_template("moved.html.j2", case=case, url=target, lang=context.edition.html_lang, t=context.labels)
            yield Page(page_file(case_uri(old), context.directory_urls), html)
