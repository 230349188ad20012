"""Content lint: confidential details and stale reviews.

Cases describe real customers. A phone number, an e-mail address, an ID number,
an exact amount of money or a name on the deny-list should not reach a page that
every colleague can read. These are warnings, not errors, because only a
reviewer can tell a real leak from a harmless figure; `casebook check --strict`
(used in CI) makes them errors, and a case that has been reviewed says why in
its `confidentiality_exceptions` field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .markup import Finding
from .messages import say

SENSITIVE_TERMS_FILE = "sensitive-terms.txt"
#: A case whose `reviewed` date is older than this gets a notice.
REVIEW_INTERVAL = dt.timedelta(days=2 * 365)

_CHECKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "an e-mail address"),
    # Mainland resident ID: 17 digits and a check digit (which may be X).
    (re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])"), "an ID number"),
    # Mobile (1xx xxxx xxxx), landline with area code, or an international number.
    (
        re.compile(
            r"(?<![\d.])(?:\+\d{1,3}[ -]?)?(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}-\d{7,8}|\(\d{2,4}\) ?\d{3,4}[ -]?\d{4})(?![\d.])"
        ),
        "a phone number",
    ),
    # Digits with a currency: "¥12,000", "35 万元", "1.2 亿", "8000 美元". Words such
    # as 上千万 or 几十块钱 carry no digits and pass: an order of magnitude is fine.
    (
        re.compile(
            r"[¥￥$€£]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:元|块钱|万元|亿元|万美元|美元|美金|欧元|英镑|(?:万|亿)(?=[元美欧人民币的合同单]|$))|\d[\d,]*(?:\.\d+)?\s?(?:USD|RMB|CNY|EUR)\b"
        ),
        "an exact amount of money",
    ),
)


def load_sensitive_terms(taxonomy_dir: Path) -> tuple[str, ...]:
    """The deny-list: one term per line; blank lines and lines starting with '#' are ignored."""
    path = taxonomy_dir / SENSITIVE_TERMS_FILE
    if not path.is_file():
        return ()
    return parse_sensitive_terms(path.read_text(encoding="utf-8-sig"))


def parse_sensitive_terms(text: str) -> tuple[str, ...]:
    """The deny-list's terms from its decoded text."""
    lines = (line.strip() for line in text.splitlines())
    return tuple(sorted({line for line in lines if line and not line.startswith("#")}))


def find_confidential(text: str, sensitive_terms: Iterable[str]) -> Iterator[Finding]:
    """Yield each confidential-looking detail in a text, with what it looks like."""
    for pattern, what in _CHECKS:
        for match in pattern.finditer(text):
            yield Finding(
                match.group(),
                text.count(match.group(), 0, match.start()),
                say("looks like {what} ('{text}')", what=say(what), text=match.group()),
            )
    for term in sensitive_terms:
        start = text.find(term)
        if start >= 0:
            yield Finding(term, 0, say("'{term}' is on the deny-list in cases/taxonomy/{file}", term=term, file=SENSITIVE_TERMS_FILE))


def review_is_stale(reviewed: dt.date, today: dt.date) -> bool:
    """Whether a case last reviewed on `reviewed` is due for another review."""
    return today - reviewed > REVIEW_INTERVAL
