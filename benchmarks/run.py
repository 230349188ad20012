"""Build-speed benchmark: synthetic libraries of N cases, one Markdown table out.

Run it with `make bench` (or `.venv/bin/python benchmarks/run.py --sizes 100 1000 --runs 3`).
It is never a unit test: timings depend on the machine, so nothing asserts on them.

For each N it generates a project (`benchmarks/generate.py`, fixed seed) in a temp
folder and measures, as the median of `--runs` runs, each in a fresh process:

(a) Casebook's own work: load + validate, link, render (`casebook.site.build.build_site`'s steps).
(b) The full `mkdocs build` of the synthetic project, with the Casebook hook.
(c) With `--assisted`, the assisted floor: `mkdocs build` of the Markdown that `casebook export`
    writes, same theme and plugins, with the nav the hook computes (every case in the sidebar), but
    no hook. It counts part of Casebook's own cost as floor; kept for comparison with earlier runs.
(c') The honest floor, what a user would run instead: `casebook export` of the same library,
    built with the same mkdocs.yml minus `hooks:`: its nav as written (the index pages, so the
    cases are not in every sidebar), Material's stock search with jieba, no abbreviations, no
    help from Casebook at all. (Dropping `nav:` too would list every case in every page's
    sidebar and make the floor several times slower: an easier yardstick, so not this one.)
(d) b / c, and (d') b / c'. Full (b) and plain (c') builds alternate, in one run.
(e) `casebook check`.
(f) `search/search_index.json` raw and gzip size, against the gzip size of all case text.
(g) Peak RSS of the mkdocs build (the largest of its runs), of the honest floor's, and of Casebook's own work.
    RSS is per process, as `/usr/bin/time` reports it: the largest process's own peak. The build
    runs a second process beside MkDocs (casebook.site.pagework), and a forked process's RSS counts the
    pages it still shares with its parent, so (g) also gives the memory the whole build needs:
    the peak, over the run, of the PSS summed over every process (a shared page counts once,
    split between its sharers), sampled every 50 ms from /proc.

`--skip-mkdocs-above N` skips (b), (c), (d), (f) for larger libraries, for a quick run:
the three builds at N = 5,000 take about five minutes each on two cores.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import PROJECT_PARTS, REPO, make_project

from casebook.model.fields import MARKDOWN_FIELDS

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TEXT_FIELDS = ("title", "summary", "role", *MARKDOWN_FIELDS, "takeaways", "discussion", "context", "source")


@dataclass
class Run:
    """One timed subprocess: wall seconds, its largest process's peak RSS and all its processes' peak PSS in MiB, and what it printed."""

    seconds: float
    peak_mib: float
    stdout: str
    tree_mib: float = 0.0


class TreeMemory:
    """The peak of the PSS summed over a process and all its descendants, sampled from /proc while it runs."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.peak_kib = 0
        self._pid, self._interval = pid, interval
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _tree(self, pid: int) -> list[int]:
        pids = [pid]
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                for child in children.read_text().split():
                    pids += self._tree(int(child))
        return pids

    @staticmethod
    def _pss_kib(pid: int) -> int:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1])
        return 0

    def _sample(self) -> None:
        while not self._done.wait(self._interval):
            self.peak_kib = max(self.peak_kib, sum(self._pss_kib(pid) for pid in self._tree(self._pid)))

    def stop(self) -> float:
        """Stop sampling; the peak in MiB."""
        self._done.set()
        self._thread.join()
        return self.peak_kib / 1024


def timed(cmd: list[str], scripts: Path | None = None, cwd: Path | None = None) -> Run:
    """Run `cmd`, returning its wall time and its own peak RSS (`os.wait4` gives the child's rusage)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        # Import `casebook` from the project's own copy of scripts/, not the editable install:
        # the repository may change while a benchmark runs, and a project must stay one snapshot.
        env = {**ENV, "PYTHONPATH": str(scripts)} if scripts else ENV
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, text=True, cwd=cwd)
        tree = TreeMemory(proc.pid)
        # The sampler reads /proc/PID until wait4 reaps it (a zombie has no memory left to count).
        _, status, rusage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        tree_mib = tree.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.read()[-3000:]}")
        # ru_maxrss is in KiB on Linux.
        return Run(seconds, rusage.ru_maxrss / 1024, out.read(), tree_mib)


# -- the phase runner, executed in a fresh process per run ------------------------------------


def casebook_phases(root: Path) -> dict[str, float]:
    """Time `build_site` in this process, split into load + validate, link, and the rest (render).

    The split wraps the functions `casebook.site.build` calls rather than repeating its
    steps, so the benchmark keeps measuring exactly what the hook and the CLI run.
    """
    t0 = time.perf_counter()
    from casebook.site import build as site

    spent: dict[str, float] = {"load": 0.0, "link": 0.0}

    def timer(name: str, function: Any) -> Any:
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start

        return timed_call

    for name, attribute in (("load", "check_library"), ("link", "build_link_graph")):
        setattr(site, attribute, timer(name, getattr(site, attribute)))
    t1 = time.perf_counter()
    built = site.build_site(root)
    total = time.perf_counter() - t1
    return {"import": t1 - t0, **spent, "render": total - sum(spent.values()), "total": total, "pages": len(built.pages)}


# -- project set-up ---------------------------------------------------------------------------


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its nav, ignoring `!ENV` and `!!python/name` tags."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def write_floor_config(root: Path, export: Path) -> Path:
    """The assisted floor's config: mkdocs.yml minus the hook, reading the exported Markdown, with the nav the hook would set."""
    from casebook.site.build import build_site

    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_AnyTagLoader)
    nav = build_site(root).expand_nav(config["nav"], root / "docs")
    if "hooks:\n  - scripts/hooks.py\n" not in text or "\nnav:\n" not in text:
        raise SystemExit("mkdocs.yml changed shape; cannot find its hook and nav to build the assisted floor config")
    text = text.replace("hooks:\n  - scripts/hooks.py\n", "")
    text = text[: text.index("\nnav:\n")] + "\n"
    text += f"docs_dir: {json.dumps(str(export))}\nnav: {json.dumps(nav, ensure_ascii=False)}\n"
    floor = root / "mkdocs-floor.yml"
    floor.write_text(text, encoding="utf-8")
    return floor


def write_plain_config(root: Path, export: Path) -> Path:
    """The honest floor's config: mkdocs.yml minus `hooks:`, reading the exported Markdown."""
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line[:1] not in (" ", "\n", "#", "-", ""):
            skipping = line.startswith("hooks:")
        if not skipping:
            kept.append(line)
    if len(kept) == len(lines):
        raise SystemExit("mkdocs.yml changed shape; expected a 'hooks:' entry to remove for the honest floor")
    plain = root / "mkdocs-plain.yml"
    plain.write_text("".join(kept) + f"docs_dir: {json.dumps(str(export))}\n", encoding="utf-8")
    return plain


def case_text_gzip(root: Path) -> tuple[int, int]:
    """Raw and gzip bytes of all case text concatenated (the text fields, not YAML keys or ids)."""
    parts: list[str] = []
    for path in sorted((root / "cases").glob("*.yml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name in TEXT_FIELDS:
            value = case.get(name)
            if isinstance(value, list):
                parts.extend(value)
            elif isinstance(value, dict):
                parts.extend(f"{k} {v}" for k, v in value.items())
            elif value:
                parts.append(str(value))
    data = "\n".join(parts).encode("utf-8")
    return len(data), len(gzip.compress(data, 9))


def index_sizes(site: Path) -> tuple[int, int]:
    """Raw and gzip size of the whole search index: the manifest and every shard and block, each gzipped on its own."""
    files = [p.read_bytes() for p in sorted((site / "search").rglob("*.json"))]
    return sum(len(data) for data in files), sum(len(gzip.compress(data, 9)) for data in files)


# -- measuring --------------------------------------------------------------------------------


@dataclass
class Result:
    """The medians for one N."""

    n: int
    runs: int
    phases: dict[str, float] = field(default_factory=dict)
    casebook_mib: float = 0.0
    build: float | None = None
    build_mib: float | None = None
    build_tree_mib: float | None = None
    plain_mib: float | None = None
    floor: float | None = None
    plain: float | None = None
    plain_spread: tuple[float, float] | None = None
    check: float = 0.0
    index_raw: int | None = None
    index_gz: int | None = None
    text_raw: int = 0
    text_gz: int = 0


def measure(
    n: int, runs: int, workdir: Path, seed: int, with_mkdocs: bool, source: Path, keep: bool = False, assisted: bool = False
) -> Result:
    """Generate a library of N cases and measure (a)-(g) for it."""
    root = make_project(workdir / f"lib-{n}", n, seed, source)
    scripts = root / "scripts"
    result = Result(n, runs)
    result.text_raw, result.text_gz = case_text_gzip(root)
    py = str(BIN / "python")
    mkdocs = [str(BIN / "mkdocs"), "build", "-q", "-f"]

    phase_runs = [timed([py, __file__, "--phases", str(root)], scripts) for _ in range(runs)]
    parsed = [json.loads(r.stdout) for r in phase_runs]
    result.phases = {k: statistics.median(p[k] for p in parsed) for k in parsed[0]}
    result.casebook_mib = statistics.median(r.peak_mib for r in phase_runs)
    # A first check (no reads kept from an earlier run): what CI and a fresh clone see.
    result.check = statistics.median(
        timed([str(BIN / "casebook"), "--root", str(root), "check", "--no-cache"], scripts).seconds for _ in range(runs)
    )

    if with_mkdocs:
        site = workdir / f"site-{n}"
        export = workdir / f"export-{n}"
        timed([str(BIN / "casebook"), "--root", str(root), "export", str(export)], scripts)
        plain_config = write_plain_config(root, export)
        plain_site = workdir / f"plain-{n}"
        # Full and plain builds alternate, so a slow minute on a shared machine hits both alike.
        builds: list[Run] = []
        plains: list[Run] = []
        for _ in range(runs):
            builds.append(timed([*mkdocs, str(root / "mkdocs.yml"), "-d", str(site)], scripts, cwd=root))
            plains.append(timed([*mkdocs, str(plain_config), "-d", str(plain_site)], scripts, cwd=root))
        result.build = statistics.median(r.seconds for r in builds)
        result.build_mib = max(r.peak_mib for r in builds)
        result.build_tree_mib = max(r.tree_mib for r in builds)
        result.plain_mib = max(r.peak_mib for r in plains)
        result.plain = statistics.median(r.seconds for r in plains)
        ratios = [b.seconds / p.seconds for b, p in zip(builds, plains, strict=True)]
        result.plain_spread = (min(ratios), max(ratios))
        result.index_raw, result.index_gz = index_sizes(site)
        floor_site = workdir / f"floor-{n}"
        if assisted:
            timed([py, __file__, "--floor-config", str(root), str(export)], scripts)
            floor_config = str(root / "mkdocs-floor.yml")
            result.floor = statistics.median(timed([*mkdocs, floor_config, "-d", str(floor_site)], scripts).seconds for _ in range(runs))
        if not keep:
            shutil.rmtree(site, ignore_errors=True)
            shutil.rmtree(floor_site, ignore_errors=True)
            shutil.rmtree(plain_site, ignore_errors=True)
    return result


def _f(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def table(results: list[Result]) -> str:
    """The Markdown table of every result."""
    head = (
        "| N | runs | (a) Casebook s | (a) ms/case | load / link / render s | (b) mkdocs build s | (b) ms/case | (a)/(b) "
        "| (c) assisted floor s | (d) b/c | (c') honest floor s | (d') b/c' (min–max) | (e) check s "
        "| (f) index raw MB | (f) index gzip MB | case text gzip MB | index/text gzip "
        "| (g) peak RSS build MiB | (g) build, all processes, peak PSS MiB | (g) peak RSS honest floor MiB | (g) peak RSS Casebook MiB |"
    )
    rows = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in results:
        a = r.phases["total"]
        mb = 1e6
        rows.append(
            f"| {r.n:,} | {r.runs} | {a:.2f} | {a / r.n * 1000:.2f} "
            f"| {r.phases['load']:.2f} / {r.phases['link']:.3f} / {r.phases['render']:.2f} "
            f"| {_f(r.build, '.1f')} | {_f(r.build and r.build / r.n * 1000, '.1f')} "
            f"| {_f(r.build and a / r.build * 100, '.1f')}{'%' if r.build else ''} "
            f"| {_f(r.floor, '.1f')} | {_f(r.build and r.floor and r.build / r.floor, '.2f')} "
            f"| {_f(r.plain, '.1f')} | {_f(r.build and r.plain and r.build / r.plain, '.2f')}"
            f"{f' ({r.plain_spread[0]:.2f}–{r.plain_spread[1]:.2f})' if r.plain_spread else ''} | {r.check:.2f} "
            f"| {_f(r.index_raw and r.index_raw / mb, '.1f')} | {_f(r.index_gz and r.index_gz / mb, '.2f')} "
            f"| {r.text_gz / mb:.2f} | {_f(r.index_gz and r.index_gz / r.text_gz, '.2f')} "
            f"| {_f(r.build_mib, '.0f')} | {_f(r.build_tree_mib, '.0f')} | {_f(r.plain_mib, '.0f')} | {r.casebook_mib:.0f} |"
        )
    return "\n".join(rows)


def machine() -> str:
    """One line describing the machine the table came from."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kib = int(meminfo.read_text().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    return f"{os.cpu_count()} cores, {model}{mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description="Casebook build-speed benchmark; prints a Markdown table.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-mkdocs-above", type=int, default=None, help="no mkdocs builds for larger N (default: build every size)")
    parser.add_argument("--assisted", action="store_true", help="also time the assisted floor (c), given the hook's nav")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the built sites (default: a temp folder)")
    parser.add_argument("--phases", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor-config", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases:
        print(json.dumps(casebook_phases(args.phases)))
        return
    if args.floor_config:
        write_floor_config(*args.floor_config)
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        workdir = args.keep or Path(tmp)
        # One snapshot of the repository for every N, taken before anything is measured.
        source = workdir / "source"
        if source.exists():
            shutil.rmtree(source)
        for part in (*PROJECT_PARTS, "cases"):
            if (REPO / part).is_dir():
                shutil.copytree(REPO / part, source / part, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"), dirs_exist_ok=True)
            elif (REPO / part).is_file():
                source.mkdir(parents=True, exist_ok=True)
                shutil.copy2(REPO / part, source / part)
        for n in args.sizes:
            started = time.perf_counter()
            with_mkdocs = args.skip_mkdocs_above is None or n <= args.skip_mkdocs_above
            results.append(measure(n, args.runs, workdir, args.seed, with_mkdocs, source, args.keep is not None, args.assisted))
            print(f"N={n}: measured in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(f"Machine: {machine()}\n")
    print(table(results))


if __name__ == "__main__":
    main()
