"""`casebook check`'s case reads, kept on disk between runs: a check after a save re-reads only what changed.

Reading a case (YAML, the confidentiality lint, the Markdown policy, the English layer) is
nearly all of what a check costs: about 3 ms a file, so 3 s at 1,000 cases, where the rest
of a check takes a few tenths of a second. A contributor runs the check again and again
while writing one case; every other file is as it was.

Where: the user's cache folder (`$CASEBOOK_CACHE`, else `$XDG_CACHE_HOME/casebook`, else
`~/.cache/casebook`), one file per project folder, never inside the project: a pull
request cannot ship a cache for the checker to trust. What: the `ReadCache` entries, keyed
as in memory (each file's bytes, the taxonomy, the date), the whole store keyed by
Casebook's own code, so that a changed rule reads every file again. How: pickled, and read
back by an unpickler that builds only the value classes of a read; a store it cannot read,
or one that names anything else, is ignored (and replaced), never run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import pickle
import sys
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from casebook.model import Case, Ref, Source
from casebook.model.readcache import ReadCache
from casebook.model.reader import CaseRead
from casebook.model.translation import translation_of
from casebook.source.diagnostics import Diagnostic, Loc, Severity
from casebook.source.messages import language

#: What a stored read may be built from: the model's value classes and the date.
_ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {(c.__module__, c.__qualname__) for c in (CaseRead, Case, Ref, Source, Diagnostic, Loc, Severity)}
    | {(translation_of.__module__, translation_of.__qualname__), ("datetime", "date")}
)


def cache_dir() -> Path:
    """The folder the stores live in (see the module's docstring)."""
    explicit = os.environ.get("CASEBOOK_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "casebook"


def store_path(root: Path) -> Path:
    """The store of the project at `root`: one per project folder and language of the messages (a read holds its messages)."""
    name = hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=10).hexdigest()
    return cache_dir() / f"reads-{name}-{language()}.pickle"


@cache
def code_version() -> bytes:
    """A digest of Casebook's own code and templates: a store made by other code is not used."""
    digest = hashlib.blake2b(digest_size=16)
    # The YAML reader and Python read the files too: an upgrade of either reads everything again.
    digest.update(f"{sys.version}\0{yaml.__version__}\0".encode())
    package = files("casebook")
    for path in sorted(_files(Path(str(package)))):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.digest()


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix in (".py", ".yml", ".j2", ".json")]


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a stored read")
        return super().find_class(module, name)


def load_cache(root: Path) -> ReadCache:
    """The reads stored for the project at `root`, or an empty cache when there are none to trust."""
    try:
        data = store_path(root).read_bytes()
        version, entries = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # a store that cannot be read whole (truncated, crafted, too large) is no store
        return ReadCache()
    if version != code_version() or not isinstance(entries, dict):
        return ReadCache()
    return ReadCache(_valid(entries))


def _valid(entries: dict[Any, Any]) -> dict[str, tuple[tuple[bytes, bytes, dt.date], CaseRead]]:
    return {
        path: entry
        for path, entry in entries.items()
        if isinstance(path, str) and isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], CaseRead)
    }


def save_cache(root: Path, reads: ReadCache) -> None:
    """Store `reads` for the next check of `root`, if anything changed; a folder that cannot be written is left alone."""
    if not reads.changed:
        return
    path = store_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps((code_version(), reads.entries()), protocol=pickle.HIGHEST_PROTOCOL))
        # Whole or not at all: two checks at once each leave a complete store.
        os.replace(partial, path)
    except OSError:
        return
