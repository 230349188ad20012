"""A function run in a process apart gives back what it gives here, and raises what it raises here."""

from __future__ import annotations

import os
import threading
from types import MappingProxyType

import pytest

from casebook.site.apart import run_apart
from casebook.site.build import build_site
from casebook.source.diagnostics import CasebookError, Diagnostic, Loc, Severity
from conftest import REPO


def test_the_site_read_apart_is_the_site_read_here() -> None:
    apart, here = run_apart(build_site, REPO), build_site(REPO)
    assert apart.pages == here.pages and apart.nav == here.nav and apart.situations == here.situations
    assert apart.taxonomy == here.taxonomy and apart.search == here.search and apart.diagnostics == here.diagnostics
    assert {code: a.definitions for code, a in apart.abbreviations.items()} == {
        code: a.definitions for code, a in here.abbreviations.items()
    }


def test_the_frozen_models_read_only_mappings_come_back_read_only() -> None:
    proxy = run_apart(MappingProxyType, {"risk": "风险"})
    assert isinstance(proxy, MappingProxyType) and proxy == {"risk": "风险"}


def _invalid() -> None:
    raise CasebookError([Diagnostic(Loc("cases/a.yml", 3, 7), "unknown field 'tittle' (did you mean 'title'?)", Severity.ERROR)])


def test_an_invalid_library_raises_its_located_diagnostics_here() -> None:
    with pytest.raises(CasebookError) as raised:
        run_apart(_invalid)
    (diagnostic,) = raised.value.diagnostics
    assert str(diagnostic) == "cases/a.yml:3:7: error: unknown field 'tittle' (did you mean 'title'?)"
    assert diagnostic.severity is Severity.ERROR


def _unpicklable() -> None:
    error = ValueError("the lock could not be taken")
    error.lock = threading.Lock()  # type: ignore[attr-defined]
    raise error


def test_an_exception_that_cannot_travel_still_says_what_went_wrong() -> None:
    with pytest.raises(RuntimeError, match="the lock could not be taken"):
        run_apart(_unpicklable)


def test_a_process_that_ends_without_an_answer_is_an_error_not_a_hang() -> None:
    with pytest.raises(RuntimeError, match="exit code 3"):
        run_apart(os._exit, 3)
