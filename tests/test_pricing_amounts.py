"""Amounts as the inventory sources write them -> whole dollars; counts and flags."""

import pytest

from vinny.pricing.amounts import AmountError, parse_amount, parse_count, parse_flag


@pytest.mark.parametrize(
    "raw",
    ["6000", "6,000", "6000.00", "6,000.00", "$6,000", "$6,000.00", "$ 6,000", "USD 6,000",
     "6000 USD", "US$6,000", " 6000 ", "6000.4", 6000, 6000.0],
)
def test_every_written_form_of_six_thousand_reads_6000(raw):
    assert parse_amount(raw) == 6000


def test_cents_round_half_up_to_the_dollar():
    assert parse_amount("1,499.50") == 1500


@pytest.mark.parametrize("raw", [None, "", "   ", "INQUIRY ONLY", "Call for pricing"])
def test_blank_or_wordy_price_is_no_amount(raw):
    assert parse_amount(raw) is None


def test_zero_is_an_amount():
    assert parse_amount("0.00") == 0


@pytest.mark.parametrize("raw", ["-500", "-$500", "$-500", "(500)", -500, -0.75])
def test_negative_amount_is_refused(raw):
    with pytest.raises(AmountError, match="negative"):
        parse_amount(raw)


@pytest.mark.parametrize("raw", ["60,000,000.00", "99999999", 1e12])
def test_absurd_amount_is_refused(raw):
    with pytest.raises(AmountError, match="absurd"):
        parse_amount(raw)


@pytest.mark.parametrize("raw", ["6,00,0", "1.2.3", "6000 EUR", "(500", True, float("nan"), [6000]])
def test_unreadable_amount_is_refused(raw):
    with pytest.raises(AmountError, match="unreadable"):
        parse_amount(raw)


@pytest.mark.parametrize(("raw", "count"), [("12", 12), (12, 12), ("12.0", 12), ("-1", -1),
                                            (" 3 ", 3), ("", None), (None, None), ("many", None),
                                            (2.5, None), (True, None)])
def test_counts_read_whole_numbers_only(raw, count):
    assert parse_count(raw) == count


@pytest.mark.parametrize(("raw", "flag"), [("1", True), (1, True), ("true", True), ("0", False),
                                           (0, False), ("", False), (None, False)])
def test_urvenue_flags(raw, flag):
    assert parse_flag(raw) is flag
