"""Money and counts as the inventory sources write them, read as whole numbers.

"6000", "6,000.00", "$6,000", "USD 6,000", 6000 and 6000.0 are all 6000 dollars; cents round
to the nearest dollar. A blank or a text without digits ("INQUIRY ONLY") is no amount (None).
A negative, absurd or unreadable amount is refused with `AmountError`, so that the caller can
refuse the inventory rather than store a wrong price.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

# The dearest Las Vegas tables list in the tens of thousands; a million is a typo or a unit mix-up.
MAX_AMOUNT = 1_000_000

_AMOUNT = re.compile(
    r"""^(?P<open>\()?\s*(?P<sign>-)?\s*(?:US\s?\$|USD|\$)?\s*(?P<sign2>-)?\s*
    (?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    \s*(?:USD)?\s*(?P<close>\))?$""",
    re.IGNORECASE | re.VERBOSE,
)
_COUNT = re.compile(r"^(-?\d+)(?:\.0+)?$")


class AmountError(ValueError):
    """An amount that must not be stored: negative, absurd or unreadable."""


def parse_amount(value: object) -> int | None:
    """Whole dollars from a string or number; None when the source gives no amount."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise AmountError(f"unreadable amount {value!r}")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise AmountError(f"unreadable amount {value!r}")
        return _checked(Decimal(str(value)), value)
    if not isinstance(value, str):
        raise AmountError(f"unreadable amount {value!r}")
    text = " ".join(value.split())
    if not any(c.isdigit() for c in text):
        return None
    match = _AMOUNT.match(text)
    if match is None or bool(match["open"]) != bool(match["close"]):
        raise AmountError(f"unreadable amount {value!r}")
    number = Decimal(match["number"].replace(",", ""))
    if match["sign"] or match["sign2"] or match["open"]:
        number = -number
    return _checked(number, value)


def _checked(number: Decimal, raw: object) -> int:
    dollars = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if dollars < 0:
        raise AmountError(f"negative amount {raw!r}")
    if dollars > MAX_AMOUNT:
        raise AmountError(f"absurd amount {raw!r} (over {MAX_AMOUNT:,})")
    return dollars


def parse_count(value: object) -> int | None:
    """A whole count ("12", 12, "12.0"), possibly negative; None when absent or unreadable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and (match := _COUNT.match(value.strip())):
        return int(match[1])
    return None


def parse_flag(value: object) -> bool:
    """UrVenue's booleans: "1", 1, "true", "yes" are set; "0", "", None and the rest are not."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "y")
