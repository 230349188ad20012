"""The one Jinja environment: templates in files, loaded with `StrictUndefined`.

Templates render; they do not decide. A missing value fails the build loudly.
"""

from __future__ import annotations

import json
from functools import cache

import jinja2


def yaml_string(value: str) -> str:
    """A value as a YAML scalar: a JSON string is valid YAML, and keeps Chinese readable."""
    return json.dumps(value, ensure_ascii=False)


#: Folders searched before the package's own templates: empty, unless a project (or a test) adds page types.
TEMPLATE_DIRS: list[str] = []


def environment() -> jinja2.Environment:
    """The environment for scripts/casebook/templates/ (and `TEMPLATE_DIRS`), made once per set of folders."""
    return _environment(tuple(TEMPLATE_DIRS))


@cache
def _environment(extra: tuple[str, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(list(extra)), jinja2.PackageLoader("casebook", "templates")]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # The output is Markdown (or YAML), not HTML; case text is vetted by the loader instead.
        autoescape=False,
    )
    env.filters["yaml_string"] = yaml_string
    return env


def render_template(template: str, **context: object) -> str:
    """Render one template from scripts/casebook/templates/."""
    return environment().get_template(template).render(**context)
