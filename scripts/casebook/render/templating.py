"""The one Jinja environment: templates in files, loaded with `StrictUndefined`.

Templates render; they do not decide. A missing value fails the build loudly.
"""

from __future__ import annotations

import json
from functools import cache

import jinja2

from casebook.source.markup import link_text, plain_text


def yaml_string(value: str) -> str:
    """A value as a YAML scalar: a JSON string is valid YAML, and keeps Chinese readable."""
    return json.dumps(value, ensure_ascii=False)


#: Folders searched before the package's own templates: empty, unless a project (or a test) adds page types.
TEMPLATE_DIRS: list[str] = []


def environment() -> jinja2.Environment:
    """The environment for scripts/casebook/render/templates/ (and `TEMPLATE_DIRS`), made once per set of folders."""
    return _environment(tuple(TEMPLATE_DIRS))


@cache
def _environment(extra: tuple[str, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(list(extra)), jinja2.PackageLoader("casebook.render", "templates")]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # The output is Markdown (or YAML), not HTML; case text is vetted by the loader instead.
        autoescape=False,
    )
    env.filters["yaml_string"] = yaml_string
    # Text that is never Markdown (git author names) and one-line values inside link text.
    env.filters["plain_text"] = plain_text
    env.filters["link_text"] = link_text
    return env


def render_template(template: str, **context: object) -> str:
    """Render one template from scripts/casebook/render/templates/."""
    return environment().get_template(template).render(**context)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, for an environment made again for each build (MkDocs' theme under `serve`).

    Jinja checks each entry against its template's source, so an edited template compiles again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill `bucket` with the code compiled before, if any."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep what was just compiled."""
        self._code[bucket.key] = bucket.bytecode_to_string()
