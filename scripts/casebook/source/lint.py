"""Content lint: confidential details and stale reviews.

Cases describe real customers. A phone number, an e-mail address, an ID number,
an exact amount of money or a name on the deny-list should not reach a page that
every colleague can read. These are warnings, not errors, because only a
reviewer can tell a real leak from a harmless figure; `casebook check --strict`
(used in CI) makes them errors. A reviewed case allows one exact finding at a
time in `confidentiality_exceptions` (`{text: <the finding>, reason: <why>}`);
an exception never silences anything else in the file.

Text is normalised before it is matched, so simple disguises do not slip through:

1. NFKC: full-width digits, letters and signs become ASCII (`１３８`, `＠`, `Ｘ`, `＄`);
2. zero-width and bidi characters are removed (`中国\u200b移动`);
3. traditional characters are folded to simplified with OpenCC's table (`中國移動`),
   through the pure-Python `opencc-purepy` (no native code, MIT, the maintained OpenCC data);
4. Chinese digits are read as digits (`一三八…`) and separators between digits are ignored.

Every pattern is anchored at the start of a run or bounded, so the lint is linear in the text.

The deny-list `cases/taxonomy/sensitive-terms.txt`: UTF-8, one term per line; a line whose
first non-blank character is `#` is a comment, and so is everything after a `#` that follows
whitespace (`中国移动  # 客户` is the term 中国移动). A missing, unreadable or non-UTF-8
deny-list is an error: a lint that silently checks nothing is worse than none.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from casebook.source.diagnostics import Diagnostic, Loc, Severity
from casebook.source.markup import Finding
from casebook.source.messages import say
from casebook.source.yamlsource import decode

SENSITIVE_TERMS_FILE = "sensitive-terms.txt"
#: A case whose `reviewed` date is older than this gets a notice.
REVIEW_INTERVAL = dt.timedelta(days=2 * 365)
#: How many confidentiality findings of one value are reported.
MAX_FINDINGS = 8
#: The largest deny-list read.
MAX_TERMS_BYTES = 256 * 1024

_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CHINESE_DIGITS = str.maketrans("〇零幺一二三四五六七八九", "001123456789")
_NUMERALS = "〇零一二两三四五六七八九十百千万亿"

# A run of digits (Chinese digits already read as digits) with single separators between them,
# optionally after '+'. Bounded, and anchored so that it starts only where a run starts.
_DIGIT_RUN = re.compile(r"(?<![A-Za-z0-9+])(?:\+[ ]?)?\(?\d(?:[ .\-()/]?[\dXx]){5,24}(?![A-Za-z0-9])")
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}"
    r"[ ]{0,2}(?:@|\[at\]|\(at\)|【at】|（at）|\bat\b)[ ]{0,2}"
    r"[A-Za-z0-9-]{1,63}(?:[ ]{0,2}(?:\.|。|\[dot\]|\(dot\)|\bdot\b)[ ]{0,2}[A-Za-z0-9-]{1,63}){1,6}",
    re.IGNORECASE,
)
_CURRENCY_WORDS = "元|块钱|块|美元|美金|欧元|英镑|日元|日圆|港币|港元|韩元|卢布|澳元|加元|新台币|人民币|迪拉姆|里亚尔|卢比"
_CURRENCY_CODES = "USD|RMB|CNY|EUR|HKD|JPY|GBP|AED|SAR|INR|KRW|RUB|AUD|CAD|SGD|TWD|CHF|US\\$|HK\\$"
_AMOUNT = r"\d[\d,]{0,20}(?:\.\d{1,6})?"
_MONEY = re.compile(
    # ¥12,000  $35,000  €5
    rf"[¥$€£₩₽][ ]?{_AMOUNT}"
    # 35 万元, 35 万 元, 1.2 亿, 35K USD, 8000 美元
    rf"|(?<![\d,.]){_AMOUNT}[ ]{{0,2}}(?:[KkMm](?![A-Za-z])|万|亿|千)?[ ]{{0,2}}"
    rf"(?:{_CURRENCY_WORDS}|(?:{_CURRENCY_CODES})(?![A-Za-z])|(?<=[万亿])(?=[的合同单]|$))"
    # RMB 120,000  USD 35,000  港币 35 万
    rf"|(?<![A-Za-z])(?:{_CURRENCY_CODES}|人民币|港币|美元|日元|欧元)[ ]{{0,2}}{_AMOUNT}",
    re.IGNORECASE,
)
# 三十五万元, 两百万美元: Chinese numerals with a currency. A run with no digit-numeral
# (上千万, 几十块钱) is an order of magnitude and passes.
_CHINESE_MONEY = re.compile(rf"(?<![{_NUMERALS}])[{_NUMERALS}]{{1,20}}[ ]{{0,2}}(?:{_CURRENCY_WORDS})")
_DIGIT_NUMERALS = set("〇零一二两三四五六七八九")
_ANY_DIGIT = re.compile(r"\d")
_ANY_DIGIT_NUMERAL = re.compile(f"[{''.join(sorted(_DIGIT_NUMERALS))}]")


@functools.cache
def _t2s() -> dict[int, str]:
    # OpenCC's character table (traditional -> simplified), as opencc-purepy ships it. Only the
    # table is used: folding character by character with str.translate is linear and runs in C,
    # where OpenCC's phrase conversion took seconds on a 256 KiB field. Phrases do not matter
    # here, because the text and the deny-list are folded the same way.
    table: dict[int, str] = {}
    data = importlib.resources.files("opencc_purepy").joinpath("dicts/TSCharacters.txt").read_text(encoding="utf-8")
    for line in data.splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ", 1)[0]
        if len(source) == 1 and len(target) == 1:
            table[ord(source)] = target
    return table


def fold(text: str) -> str:
    """Traditional characters folded to simplified, one character at a time (OpenCC's table)."""
    return text.translate(_t2s())


@dataclass(frozen=True)
class Normalised:
    """A text as the lint matches it, and for each of its characters the index it came from."""

    text: str
    origin: Sequence[int]


def normalise(text: str) -> Normalised:
    """NFKC, without zero-width and bidi characters, lower-case, traditional folded to simplified."""
    if text.isascii():
        # English text: NFKC and the traditional table leave ASCII as it is, and no invisible character is ASCII.
        return Normalised(text.lower(), range(len(text)))
    quick = unicodedata.normalize("NFKC", text)
    if len(quick) == len(text) and not _INVISIBLE.search(quick):
        lowered = quick.lower()
        if len(lowered) == len(text):
            return Normalised(fold(lowered), range(len(text)))
    # The slow path, one character at a time, keeps the map back to the original text.
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKC", char).lower():
            if not _INVISIBLE.match(part):
                chars.append(part)
                origin.append(index)
    return Normalised(fold("".join(chars)), origin)


@functools.lru_cache(maxsize=4096)
def _normalised_term(term: str) -> str:
    # Terms are few and every text is matched against all of them: normalise each once.
    return normalise(term).text


def _phone_or_id(candidate: str) -> str | None:
    digits = "".join(c for c in candidate if c.isdigit() or c in "Xx")
    if len(digits) == 18 and digits[:17].isdigit() and digits[17] in "0123456789Xx":
        return "an ID number"
    if not digits.isdigit():
        return None
    if candidate.lstrip().startswith("+") and 8 <= len(digits) <= 15:
        return "a phone number"
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return "a phone number"
    # A landline with its area code: 0755-8888 8888, 010 12345678.
    if digits[0] == "0" and 10 <= len(digits) <= 12:
        return "a phone number"
    if len(digits) == 15 and not any(c in candidate for c in ".,"):
        return "an ID number"
    return None


def _numbers(norm: str) -> Iterator[tuple[int, int, str]]:
    digits = norm if norm.isascii() else norm.translate(_CHINESE_DIGITS)
    for match in _DIGIT_RUN.finditer(digits):
        candidate = match.group()
        what = _phone_or_id(candidate)
        if what is None:
            # Two numbers side by side ("13812345678 2024"): judge each part on its own.
            offset = match.start()
            for part in re.finditer(r"\+?[\dXx().\-/]+", candidate):
                part_what = _phone_or_id(part.group())
                if part_what:
                    yield offset + part.start(), offset + part.end(), part_what
            continue
        yield match.start(), match.end(), what


#: A spelled-out " at " only reads as an address when the domain's first dot is tight or spelled out:
#: "name at example.com", "name at example dot com", never English prose ("satisfied at once. But").
_SPELLED_DOMAIN = re.compile(r"\bat\b[ ]{0,2}[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]|[ ]{0,2}(?:\[dot\]|\(dot\)|\bdot\b))", re.IGNORECASE)


def _emails(norm: str) -> Iterator[tuple[int, int, str]]:
    if "@" not in norm and "at" not in norm:
        return  # every way of writing the at sign has '@' or 'at' (the text is lower-cased)
    for match in _EMAIL.finditer(norm):
        text = match.group()
        if re.search(r"@|\[at\]|\(at\)|【at】|（at）", text, re.IGNORECASE) or (" at " in text and _SPELLED_DOMAIN.search(text)):
            yield match.start(), match.end(), "an e-mail address"


def _money(norm: str) -> Iterator[tuple[int, int, str]]:
    # Each pattern needs a digit (a digit-numeral for the Chinese one): most text has none to try.
    if _ANY_DIGIT.search(norm):
        for match in _MONEY.finditer(norm):
            yield match.start(), match.end(), "an exact amount of money"
    if _ANY_DIGIT_NUMERAL.search(norm):
        for match in _CHINESE_MONEY.finditer(norm):
            if any(c in _DIGIT_NUMERALS for c in match.group()):
                yield match.start(), match.end(), "an exact amount of money"


def _raw_findings(norm: str) -> Iterator[tuple[int, int, str]]:
    # Each kind yields in text order, so its first MAX_FINDINGS hold every one that can be shown:
    # 19,000 phone numbers are not all classified just to report eight.
    for kind in (_numbers, _emails, _money):
        yield from itertools.islice(kind(norm), 2 * MAX_FINDINGS)


def find_confidential(text: str, sensitive_terms: Iterable[str]) -> Iterator[Finding]:
    """Yield each confidential-looking detail in a text (at most `MAX_FINDINGS`), as written there."""
    norm = normalise(text)
    spans: list[tuple[int, int, str]] = list(_raw_findings(norm.text))
    for term in sensitive_terms:
        wanted = _normalised_term(term)
        if not wanted:
            continue
        start = norm.text.find(wanted)
        while start >= 0 and len(spans) < 4 * MAX_FINDINGS:
            spans.append(
                (
                    start,
                    start + len(wanted),
                    say("'{term}' is on the deny-list in cases/taxonomy/{file}", term=term, file=SENSITIVE_TERMS_FILE),
                )
            )
            start = norm.text.find(wanted, start + len(wanted))
    spans.sort()
    for start, end, what in spans[:MAX_FINDINGS]:
        begin, stop = norm.origin[start], norm.origin[end - 1] + 1
        needle = text[begin:stop]
        # At most MAX_FINDINGS counts per value, so counting from the start stays linear.
        nth = text.count(needle, 0, begin)
        message = what if what.startswith("'") else say("looks like {what} ('{text}')", what=say(what), text=needle)
        yield Finding(needle, nth, message)


def allowed(finding: Finding, exceptions: Iterable[str]) -> bool:
    """Whether a reviewer allowed exactly this finding: its text equals an exception's `text`."""
    return finding.needle in set(exceptions)


def load_sensitive_terms(taxonomy_dir: Path, display_dir: str = "cases/taxonomy") -> tuple[tuple[str, ...], list[Diagnostic]]:
    """The deny-list and, when it cannot be read, a located error (see the module docstring for its syntax)."""
    path = taxonomy_dir / SENSITIVE_TERMS_FILE
    display = f"{display_dir}/{SENSITIVE_TERMS_FILE}"
    hint = "; it lists customer and people names, one per line (an empty file is allowed)"
    if path.is_symlink() or (path.exists() and not path.is_file()):
        return (), [Diagnostic(Loc(display), f"the deny-list is not a regular file{hint}")]
    if not path.exists():
        return (), [Diagnostic(Loc(display), f"the deny-list is missing{hint}")]
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TERMS_BYTES + 1)
    except OSError as exc:
        return (), [Diagnostic(Loc(display), f"cannot read the deny-list: {exc.strerror or exc}")]
    if len(data) > MAX_TERMS_BYTES:
        return (), [Diagnostic(Loc(display), f"the deny-list is larger than {MAX_TERMS_BYTES // 1024} KiB")]
    # Decoded like every YAML file, so a GBK deny-list gets the same located message and advice.
    text, problems = decode(display, data)
    if text is None:
        return (), problems
    terms = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        term = re.split(r"\s#", line, maxsplit=1)[0].strip()
        if term:
            terms.add(term)
    return tuple(sorted(terms)), []


def review_is_stale(reviewed: dt.date, today: dt.date) -> bool:
    """Whether a case last reviewed on `reviewed` is due for another review."""
    return today - reviewed > REVIEW_INTERVAL


def lint_authors(authors: dict[str, tuple[str, ...]], sensitive_terms: Iterable[str]) -> list[Diagnostic]:
    """Confidentiality warnings for git author names (`{case path: authors}`): no longer published, still in the history."""
    terms = tuple(sensitive_terms)
    problems = []
    for path, names in sorted(authors.items()):
        for name in names:
            for finding in find_confidential(name, terms):
                problems.append(Diagnostic(Loc(path), f"git author name '{name}': {finding.message}", Severity.WARNING))
    return problems
