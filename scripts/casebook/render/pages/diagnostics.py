"""What `mkdocs serve` shows while the library has errors: the located errors, at the top of every page.

Not a registered page type: it is rendered instead of the site, never with it, so a
contributor sees what to fix in the browser rather than a page that never loads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from casebook.derive.editions import ZH
from casebook.render.templating import render_template
from casebook.source.diagnostics import Diagnostic, Severity


def render_diagnostics(diagnostics: Sequence[Diagnostic]) -> str:
    """A Markdown block listing every diagnostic as `path:line:col: …`, safe whatever the messages quote."""
    lines = [str(d) for d in diagnostics]
    # The messages quote case text; a fence longer than any run of '~' in them keeps them literal.
    longest = max((len(run) for line in lines for run in re.findall("~+", line)), default=0)
    fence = "~" * max(3, longest + 1)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    return render_template("diagnostics.md.j2", errors=errors, lines=lines, fence=fence, t=ZH.labels)
