"""How long `casebook check` takes on worst-case fields, against an ordinary case of the same size.

Every check of contributor text is a forward scan or a bounded pattern, so a hostile
field costs about what an ordinary one does. This prints, for each input the security
review found quadratic (and a few more), the median time of `check_library` on a
project holding one 256 KiB case with that field, and the ratio to an ordinary
256 KiB case. Not a test: timings depend on the machine.

    .venv/bin/python benchmarks/check_worst_case.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from casebook.check.checker import check_library  # noqa: E402
from casebook.source.yamlsource import MAX_FILE_BYTES  # noqa: E402

HEAD = """\
id: sample
title: 样例
summary: 一句话摘要。
domain: overseas-operator
stage: acceptance
issue_types: [handover-dispute]
lessons: [dont-apologise-for-what-isnt-ours]
source: 测试文章
story: |
"""
#: A paragraph as cases are written: Chinese prose, a link, a reference, emphasis, a list.
ORDINARY = (
    "客户在验收前一周提出新的测试要求，**项目经理**当场没有答应，而是问清了背后的原因。"
    "详见 [公开报道](https://example.com/a) 和 [[sample]]。\n\n- 第一点：先问为什么\n- 第二点：书面确认\n\n"
)
WORST = {
    "ordinary prose": ORDINARY,
    "digits (money pattern)": "1",
    "'<' then spaces": None,  # built below: one '<' and spaces
    "'<b ' repeated": "<b ",
    "'[[a]]' repeated": "[[a]]",
    "phone numbers": "13812345678 ",
    "'](' over line breaks": "](\n",
    "'{' repeated": "{",
    "'[' repeated": "[",
    "'-8<-' repeated": "-8<-",
    "e-mail-like": "a@b.",
}


def field(unit: str | None, size: int) -> str:
    """A block-scalar body of about `size` bytes made of `unit`, indented for the YAML file."""
    count = size
    while True:
        body = "<" + " " * (count - 1) if unit is None else (unit * (count // len(unit) + 1))[:count]
        indented = textwrap.indent(body, "  ", lambda line: True)
        if len(indented.encode("utf-8")) <= size:
            return indented
        count = count * 9 // 10


def project(base: Path) -> Path:
    """A throwaway project with the real taxonomy."""
    root = base / "project"
    shutil.copytree(ROOT / "cases" / "taxonomy", root / "cases" / "taxonomy")
    (root / "mkdocs.yml").write_text("site_name: bench\n", encoding="utf-8")
    return root


def time_check(root: Path, text: str, runs: int) -> float:
    """The median time of `check_library` with `text` as the only case."""
    (root / "cases" / "sample.yml").write_text(text, encoding="utf-8")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_library(root)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the machine, then the table and the worst ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cpus = os.cpu_count()
    print(f"machine: {platform.machine()}, {cpus} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as temp:
        root = project(Path(temp))
        budget = MAX_FILE_BYTES - len(HEAD.encode("utf-8")) - 4096
        rows = []
        baseline = 0.0
        for name, unit in WORST.items():
            text = HEAD + field(unit, budget) + "\n"
            assert len(text.encode("utf-8")) <= MAX_FILE_BYTES, name
            seconds = time_check(root, text, args.runs)
            if name == "ordinary prose":
                baseline = seconds
            rows.append((name, len(text.encode("utf-8")), seconds))
    print(f"median of {args.runs} runs of check_library on one case file\n")
    print("| field (about 250 KiB) | file bytes | seconds | ratio to ordinary |")
    print("|---|--:|--:|--:|")
    for name, size, seconds in rows:
        print(f"| {name} | {size:,} | {seconds:.3f} | {seconds / baseline:.2f} |")
    print(f"\nworst ratio: {max(s for _, _, s in rows) / baseline:.2f}")


if __name__ == "__main__":
    main()
