"""Casebook: structured case files in, cross-linked Markdown pages out.

The package never imports MkDocs. `scripts/hooks.py` and the `casebook` CLI are
the only two ways in, and both call `casebook.site.build.build_pages`.
"""
