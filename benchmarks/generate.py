"""Make a synthetic Casebook library of N cases by varying the real ones.

Every generated case starts from one of the real `cases/*.yml` and gets:

- a new id (`<real-id>-<n>`) and a numbered title, so ids and titles are unique;
- a shuffled domain, stage, region, issue types (1-3) and lessons (1-3), drawn from
  the real taxonomy in `cases/taxonomy/`;
- `related` ids and `[[refs]]` re-pointed at other generated cases, so every link stays valid;
- the real Chinese text, with its paragraphs lightly reordered, so text length is realistic;
- the real case's English (`en:`), reordered the same way, with `translated_from` digests of the
  new Chinese, so every page exists in both editions as it does in the real library.

The same seed gives a byte-identical library: only `random.Random(seed)` is used,
and the real cases are read in sorted order.

Usage: `python benchmarks/generate.py N DIR [--seed S]` writes a complete project
(mkdocs.yml, scripts/, overrides/, docs/, cases/taxonomy/ and N cases) into DIR.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from casebook.model.fields import MARKDOWN_FIELDS, TRANSLATED
from casebook.model.translation import digest_value

REPO = Path(__file__).resolve().parent.parent
REF = re.compile(r"\[\[([^\[\]\n]*)\]\]")
#: What a synthetic project copies from the real one, besides the generated cases.
#: (docs/contributing.md includes CONTRIBUTING.md through pymdownx.snippets.) Missing parts are skipped.
PROJECT_PARTS = ("mkdocs.yml", "CONTRIBUTING.md", "scripts", "overrides", "docs", "cases/taxonomy")


class _Dumper(yaml.SafeDumper):
    """Block scalars for multi-line text, never aliases: the loader refuses `*name`."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Digest(str):
    """A `translated_from` digest: written quoted, as `casebook translated` writes it."""


def _digest(dumper: yaml.SafeDumper, value: _Digest) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Digest, _digest)


def _ids(path: Path) -> list[str]:
    return [entry["id"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]


def _real_cases(source: Path) -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((source / "cases").glob("*.yml"))]


def _reorder(texts: list[str], rng: random.Random) -> list[str]:
    """Swap the same two paragraphs of a long text and its translation: the length stays, the order varies."""
    split = [text.rstrip("\n").split("\n\n") for text in texts]
    if len(split[0]) > 2 and rng.random() < 0.5:
        i = rng.randrange(len(split[0]) - 1)
        for paragraphs in split:
            if len(paragraphs) == len(split[0]):
                paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    return ["\n\n".join(paragraphs) + "\n" for paragraphs in split]


def generate_cases(n: int, seed: int = 0, source: Path = REPO) -> dict[str, str]:
    """N synthetic case files as {file name: YAML text}, deterministic for a given seed."""
    rng = random.Random(seed)
    taxonomy = source / "cases" / "taxonomy"
    vocab = {kind: _ids(taxonomy / f"{kind}.yml") for kind in ("domains", "stages", "regions", "issue-types", "lessons")}
    real = _real_cases(source)
    width = len(str(n))
    ids = [f"{real[i % len(real)]['id']}-{i:0{width}d}" for i in range(n)]
    files: dict[str, str] = {}
    for i, case_id in enumerate(ids):
        base = real[i % len(real)]
        others = [j for j in rng.sample(range(n), min(n, 4)) if j != i]

        def other_id(_: re.Match[str], others: list[int] = others) -> str:
            return f"[[{ids[rng.choice(others)]}]]" if others else ""

        base_en = base.get("en") or {}
        en: dict[str, Any] = {"title": f"{base_en['title']} ({i + 1})"} if "title" in base_en else {}
        case: dict[str, Any] = {
            "id": case_id,
            "title": f"{base['title']}（{i + 1}）",
            "summary": base["summary"],
            "domain": rng.choice(vocab["domains"]),
            "stage": rng.choice(vocab["stages"]),
        }
        if "region" in base:
            case["region"] = rng.choice(vocab["regions"])
        case["issue_types"] = rng.sample(vocab["issue-types"], rng.randint(1, 3))
        case["lessons"] = rng.sample(vocab["lessons"], rng.randint(1, 3))
        case["source"] = base["source"]
        if "context" in base:
            case["context"] = dict(base["context"])
        if "role" in base:
            case["role"] = base["role"]
        for field in MARKDOWN_FIELDS:
            if field in base:
                texts = _reorder([base[field], *([base_en[field]] if field in base_en else [])], rng)
                case[field] = REF.sub(other_id, texts[0])
                if field in base_en:
                    en[field] = REF.sub(other_id, texts[1])
        for field in ("takeaways", "discussion"):
            if field in base:
                order = list(range(len(base[field])))
                rng.shuffle(order)
                case[field] = [base[field][k] for k in order]
                if len(base_en.get(field, ())) == len(order):
                    en[field] = [base_en[field][k] for k in order]
        if others and rng.random() < 0.5:
            case["related"] = [ids[j] for j in others[: rng.randint(1, min(2, len(others)))]]
        if isinstance(base.get("reviewed"), dt.date):
            case["reviewed"] = base["reviewed"]
        for name in TRANSLATED:
            if name in base_en and name not in en:
                en[name] = base_en[name]
        if en:
            en = {name: en[name] for name in TRANSLATED if name in en}
            en["translated_from"] = {name: _Digest(digest_value(case[name])) for name in en if name in case}
            case["en"] = en
        text = yaml.dump(case, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
        files[f"{case_id}.yml"] = text
    return files


def make_project(target: Path, n: int, seed: int = 0, source: Path = REPO) -> Path:
    """Write a complete synthetic project with N cases into `target` (replaced if it exists)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src, dst = source / part, target / part
        if not src.exists():
            continue
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    generated = generate_cases(n, seed, source)
    for name, text in generated.items():
        (target / "cases" / name).write_text(text, encoding="utf-8")
    _relink_pages(target / "docs", [name.removesuffix(".yml") for name in generated])
    return target


_PAGE_LINK = re.compile(r"\[([^\]]*)\]\((?:\./)?cases/([a-z0-9-]+)\.md(#[^)]*)?\)")


def _relink_pages(docs: Path, ids: list[str]) -> None:
    """Point the hand-written pages' case links at a generated case made from the same real one, or drop the link.

    `casebook check` refuses a link to a case that does not exist, as a reader would meet it.
    """
    first = {}
    for case_id in ids:
        first.setdefault(case_id.rsplit("-", 1)[0], case_id)

    def relink(match: re.Match[str]) -> str:
        text, real, anchor = match.group(1), match.group(2), match.group(3) or ""
        if real == "index":
            return match.group(0)
        return f"[{text}](cases/{first[real]}.md{anchor})" if real in first else text

    for page in sorted(docs.rglob("*.md")):
        original = page.read_text(encoding="utf-8")
        relinked = _PAGE_LINK.sub(relink, original)
        if relinked != original:
            page.write_text(relinked, encoding="utf-8")


def main() -> None:
    """Command line: write a synthetic project."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("n", type=int)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    make_project(args.dir, args.n, args.seed)
    print(f"wrote {args.n} cases to {args.dir}")


if __name__ == "__main__":
    main()
