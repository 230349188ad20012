r"""Make Material's search index smaller without changing what it says.

Material writes `search_index.json` with every non-ASCII character escaped
(`\u5ba2`), six bytes for a three-byte Chinese character; for a Chinese site
that is 13–18% of the gzip size a reader downloads before search answers. The
same data written as UTF-8 parses to the identical object in the browser.
"""

from __future__ import annotations

import json


def compact_search_index(text: str) -> str:
    """The same index as `text`, written as compact UTF-8 JSON."""
    return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
