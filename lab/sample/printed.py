"""How the sample reports print their figures, and what each printed figure is worth.

Every formatter returns a `Num`: the text as printed (number and unit) and the value in
the canonical unit of SPEC.md section 3, computed from the *printed* text — so a figure
rounded for print (4.36亿元) is worth what the page says, not what the world model holds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

D = Decimal
MU = D(2000) / D(3)  # square metres per 亩
CN_DIGITS = "〇一二三四五六七八九"


def q(x: Decimal | int | str, places: int = 2, rounding: str = ROUND_HALF_UP) -> Decimal:
    return D(x).quantize(D(1).scaleb(-places), rounding=rounding)


def json_number(x: Decimal | int) -> int | float:
    """A canonical value as JSON: an int when integral, else a float rounded to 2 decimals."""
    x = q(x, 2)
    return int(x) if x == x.to_integral_value() else float(x)


def plain(x: Decimal | int, places: int | None = 2, *, thousands: bool = False, trim: bool = False) -> str:
    """Decimal to text: fixed places, optional thousands separators, optional trailing-zero trim."""
    x = D(x)
    if places is not None:
        x = q(x, places)
    s = format(x, "f")
    if trim and "." in s:
        s = s.rstrip("0").rstrip(".")
    if thousands:
        ip, dot, fp = s.partition(".")
        neg = ip.startswith("-")
        ip = f"{int(ip.lstrip('-')):,}"
        s = ("-" if neg else "") + ip + (dot + fp if fp else "")
    return s


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals as used in dates (三, 十二, 二十四, 三十一)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def cn_year(year: int, *, lost_zero: bool = False) -> str:
    """2021 -> 二〇二一; with lost_zero the 〇 disappears (二二一), as in some real reports."""
    s = "".join(CN_DIGITS[int(c)] for c in str(year))
    return s.replace("〇", "") if lost_zero else s


def cn_date(year: int, month: int, day: int) -> str:
    return f"{cn_year(year)}年{cn_number(month)}月{cn_number(day)}日"


@dataclass(frozen=True)
class Num:
    text: str  # number and unit as printed
    value: Decimal  # canonical value of the printed figure
    approx: bool = False  # the print rounded the underlying figure


class Fmt:
    """Per-document number style, with per-figure randomness drawn from the document's rng."""

    def __init__(self, rng: random.Random, *, thousands: float = 0.0, space: float = 0.0,
                 pct: str = "%", trim: bool = False):
        self.rng = rng
        self.thousands = thousands
        self.space = space
        self.pct_sign = pct
        self.trim = trim

    # -- helpers -------------------------------------------------------------------------
    def _sep(self, x: Decimal) -> bool:
        return abs(x) >= 1000 and self.rng.random() < self.thousands

    def _join(self, number: str, unit: str) -> str:
        return number + (" " if unit and self.rng.random() < self.space else "") + unit

    def number(self, x: Decimal | int, places: int | None = 2, *, trim: bool | None = None) -> str:
        x = D(x)
        return plain(x, places, thousands=self._sep(x), trim=self.trim if trim is None else trim)

    # -- money ---------------------------------------------------------------------------
    def wan(self, w100: int, unit: str = "万元", *, trim: bool | None = None) -> Num:
        """An amount held in units of 0.01万元 (100 yuan), printed in 万元 (or 万 with no 元)."""
        x = D(w100) / 100
        return Num(self._join(self.number(x, 2, trim=trim), unit), D(w100) * 100)

    def wan_cell(self, w100: int) -> str:
        """The same amount as a bare table cell (the column header carries 万元)."""
        return self.number(D(w100) / 100, 2)

    def wan_precise(self, yuan: Decimal) -> Num:
        """Many decimals, as some reports print (5167.953373万元)."""
        x = q(D(yuan) / 10000, 6)
        return Num(self._join(plain(x, 6, trim=True), "万元"), x * 10000)

    def yi(self, yuan: Decimal, places: int = 2) -> Num:
        x = q(D(yuan) / D(10) ** 8, places)
        value = x * D(10) ** 8
        return Num(self._join(plain(x, places, trim=True), "亿元"), value, approx=value != D(yuan))

    def yuan(self, yuan: Decimal) -> Num:
        x = q(yuan, 2)
        return Num(self._join(self.number(x, 2, trim=True), "元"), x)

    # -- counts and rates ----------------------------------------------------------------
    def count(self, n: int, unit: str) -> Num:
        return Num(self._join(self.number(n, 0), unit), D(n))

    def pct(self, x: Decimal, places: int = 2, *, rounding: str = ROUND_HALF_UP) -> Num:
        v = q(x, places, rounding)
        return Num(self._join(plain(v, places), self.pct_sign), v)

    # -- area ----------------------------------------------------------------------------
    def m2(self, m2: Decimal, unit: str = "平方米", places: int = 2) -> Num:
        x = q(m2, places)
        return Num(self._join(self.number(x, places, trim=True), unit), x)

    def wan_m2(self, m2: Decimal, unit: str = "万平方米", places: int = 2) -> Num:
        """10 000 m² units: 万平方米 or 万方."""
        x = q(D(m2) / 10000, places)
        value = x * 10000
        return Num(self._join(plain(x, places, trim=True), unit), value, approx=value != q(m2, 2))

    def mu(self, mu: Decimal, places: int = 2) -> Num:
        x = q(mu, places)
        return Num(self._join(self.number(x, places, trim=True), "亩"), q(x * MU, 2))

    def wan_mu_prefix(self, mu: Decimal, places: int = 1) -> Num:
        """The number part of 1.2万余亩 (caller appends the hedge and 亩): rounded down in 万亩."""
        x = q(D(mu) / 10000, places, ROUND_DOWN)
        return Num(plain(x, places, trim=True) + "万", q(x * 10000 * MU, 2), approx=True)

    def hectare(self, ha: Decimal, places: int = 2) -> Num:
        x = q(ha, places)
        return Num(self._join(self.number(x, places, trim=True), "公顷"), q(x * 10000, 2))
