"""The phrasing lexicon (lexicon.yaml), loaded once: per unit kind, the measures and the words
that name them; the stance words. Prose and tables look measures up here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Rule:
    measure: str
    pattern: re.Pattern
    subject: bool = False  # a noun naming the money (项目资金) outranks a verb (实际使用) in one label
    weak: bool = False  # yields to a plain rule of the same measure in the same sentence


def words(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(alternatives))


@cache
def _data() -> dict:
    text = resources.files("zhengchai.extract").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def rules(kind: str) -> tuple[Rule, ...]:
    """The measures a figure of this unit kind (money, area, person, count, percent) can be."""
    return tuple(Rule(e["measure"], words(*e["words"]), bool(e.get("subject")), bool(e.get("weak")))
                 for e in _data()["measures"].get(kind, ()))


@cache
def stance_words(stance: str) -> re.Pattern:
    """target, result, increment, pending, planned, stretch, comparison."""
    return words(*_data()["stance"][stance])


COUNTED_WORK = re.compile(r"\d\s*(?:余|多)?\s*(?:户|万平方米|平方米|平方|万方|亩|公顷)")


def about_relocation(text: str) -> bool:
    """Progress bulletins and news name the work, not the budget (征迁, 棚改, 签约…), and count it in
    households or area — a meeting notice about the work counts nothing."""
    return len(words(*_data()["topic"]).findall(text)) >= 3 and bool(COUNTED_WORK.search(text))
