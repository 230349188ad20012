"""Each case file's read, kept between checks, and the reads of a first check spread over processes."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from casebook.model import Taxonomy
from casebook.model.files import TAXONOMY_DIR
from casebook.model.reader import CaseRead, read_case


class ReadCache:
    """Each case file's read, kept between checks: a save re-reads only what it changed.

    One `mkdocs serve` session keeps one in memory; `casebook check` keeps one on disk
    between runs (`casebook.model.readstore`). A read depends on the file's bytes, the taxonomy
    (its vocabularies and deny-list) and the date (a review goes stale); the cache is keyed
    by all three, so it never answers with a read that a fresh check would not give.
    """

    def __init__(self, entries: Mapping[str, tuple[tuple[bytes, bytes, dt.date], CaseRead]] | None = None) -> None:
        self._reads: dict[str, tuple[tuple[bytes, bytes, dt.date], CaseRead]] = dict(entries or {})
        #: Whether a read was added or replaced since the cache was made (a store need not be rewritten if not).
        self.changed = False
        self._seen: set[str] = set()

    def __len__(self) -> int:
        return len(self._reads)

    def read(self, file: Path, display_path: str, taxonomy: Taxonomy, taxonomy_key: bytes, today: dt.date) -> CaseRead:
        """`read_case`, or the read of the same bytes under the same taxonomy on the same day."""
        self._seen.add(display_path)
        try:
            data = file.read_bytes() if file.is_file() and not file.is_symlink() else b""
        except OSError:
            data = b""
        key = (hashlib.blake2b(data, digest_size=16).digest() if data else b"", taxonomy_key, today)
        cached = self._reads.get(display_path)
        if data and cached is not None and cached[0] == key:
            return cached[1]
        read = read_case(file, display_path, taxonomy, today)
        self._reads[display_path] = (key, read)
        self.changed = True
        return read

    def prefetch(self, files: list[tuple[Path, str]], taxonomy: Taxonomy, taxonomy_key: bytes, today: dt.date, workers: int) -> None:
        """Read, in `workers` processes, the files of `files` (path, display path) that the cache cannot answer.

        Reads are independent of each other (references are checked afterwards), so a first
        check of a large library uses every core; `read` then finds each one here.
        """
        missing = []
        for file, display in files:
            try:
                data = file.read_bytes() if file.is_file() and not file.is_symlink() else b""
            except OSError:
                continue
            key = (hashlib.blake2b(data, digest_size=16).digest(), taxonomy_key, today)
            cached = self._reads.get(display)
            if data and (cached is None or cached[0] != key):
                missing.append((file, display, key))
        if len(missing) < _PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        chunk = max(1, len(missing) // (workers * 4))
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init, initargs=(taxonomy, today)) as pool:
            reads = pool.map(_worker_read, [(file, display) for file, display, _ in missing], chunksize=chunk)
            for (_, display, key), read in zip(missing, reads, strict=True):
                self._reads[display] = (key, read)
        self.changed = True

    def entries(self) -> dict[str, tuple[tuple[bytes, bytes, dt.date], CaseRead]]:
        """The reads of the files read since the cache was made (a deleted case's read is dropped)."""
        return {path: entry for path, entry in self._reads.items() if path in self._seen}


#: Below this many files to read, starting processes costs more than it saves.
_PARALLEL_FROM = 64


_worker_state: tuple[Taxonomy, dt.date] | None = None


def _worker_init(taxonomy: Taxonomy, today: dt.date) -> None:
    global _worker_state
    _worker_state = (taxonomy, today)


def _worker_read(item: tuple[Path, str]) -> CaseRead:
    assert _worker_state is not None
    file, display = item
    return read_case(file, display, *_worker_state)


def taxonomy_key(root: Path) -> bytes:
    """A digest of every file under `cases/taxonomy/`: what every case read depends on besides its own bytes."""
    digest = hashlib.blake2b(digest_size=16)
    for file in sorted((root / TAXONOMY_DIR).glob("*")):
        if file.is_file() and not file.is_symlink():
            digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.digest()
