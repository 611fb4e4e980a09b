"""analysis.core.numbers: Vietnamese numbers as the seed documents write them."""

from __future__ import annotations

import math

import pytest

from analysis.core.numbers import (
    AmbiguousNumberError,
    NumberParseError,
    format_number,
    is_missing,
    parse_number,
)


# --------------------------------------------------------------- values copied from the seeds
def test_lai_chau_2016_composite_53_46_is_a_decimal_comma_seed002_appendix03():
    assert parse_number("53,46", decimal=",") == pytest.approx(53.46)


def test_total_procedures_1_543_is_a_thousands_dot_seed002_appendix07():
    assert parse_number("1.543", decimal=",") == 1543


def test_documents_received_1_316_627_has_two_thousands_dots_seed002_appendix11():
    assert parse_number("1.316.627", decimal=",") == 1_316_627
    assert parse_number("1.316.627", decimal="auto") == 1_316_627


def test_on_time_rate_99_96_percent_with_a_decimal_point_seed002_appendix07():
    assert parse_number("99.96%", decimal=".") == pytest.approx(99.96)
    assert parse_number("99.96%", decimal=".", percent=True) == pytest.approx(99.96)


def test_satisfaction_82_96_percent_with_a_decimal_comma_seed002_appendix05():
    assert parse_number("82,96%", decimal=",") == pytest.approx(82.96)
    assert parse_number("82,96%", decimal=",", percent=True) == pytest.approx(82.96)


def test_sub_index_change_0_3_points_seed000():
    assert parse_number("0,3", decimal=",") == pytest.approx(0.3)


def test_enterprises_2_000_is_two_thousand_seed000():
    assert parse_number("2.000", decimal=",") == 2000


def test_papi_top_05_reads_as_five_seed001():
    assert parse_number("05", decimal=",") == 5


def test_integer_and_float_inputs_pass_through():
    assert parse_number(62) == 62.0
    assert parse_number(53.46) == 53.46


def test_vietnamese_thousands_and_decimal_together():
    assert parse_number("1.423,5", decimal=",") == pytest.approx(1423.5)
    assert parse_number("1,423.5", decimal=".") == pytest.approx(1423.5)
    assert parse_number("1,423.5", decimal="auto") == pytest.approx(1423.5)
    assert parse_number("1.423,5", decimal="auto") == pytest.approx(1423.5)


def test_signs():
    assert parse_number("-0,5", decimal=",") == pytest.approx(-0.5)
    assert parse_number("+0,5", decimal=",") == pytest.approx(0.5)
    assert parse_number("−1,25", decimal=",") == pytest.approx(-1.25)  # U+2212 minus


# --------------------------------------------------------------- ambiguity and errors
@pytest.mark.parametrize("text", ["1.423", "1,423", "2.000", "179.958"])
def test_auto_refuses_a_form_that_reads_two_ways(text):
    with pytest.raises(AmbiguousNumberError, match="state the column's convention"):
        parse_number(text, decimal="auto")


def test_ambiguous_error_is_a_number_parse_error():
    assert issubclass(AmbiguousNumberError, NumberParseError)


@pytest.mark.parametrize("text,value", [("53,46", 53.46), ("99.96", 99.96), ("6,02", 6.02), ("32,6", 32.6)])
def test_auto_accepts_forms_that_read_one_way(text, value):
    assert parse_number(text, decimal="auto") == pytest.approx(value)


def test_a_decimal_point_in_a_decimal_comma_column_is_refused_seed002_appendix04_9_18():
    # Phụ lục 04 writes "9.18" once in a decimal-comma table: the dot is not in thousands position.
    with pytest.raises(NumberParseError, match="thousands positions"):
        parse_number("9.18", decimal=",")


def test_two_decimal_marks_are_refused():
    with pytest.raises(NumberParseError, match="more than one decimal mark"):
        parse_number("1,2,3", decimal=",")


def test_grouping_after_the_decimal_mark_is_refused():
    with pytest.raises(NumberParseError):
        parse_number("1,234.567", decimal=",")


@pytest.mark.parametrize("text", ["", "%", "-", "abc", "Chưa xác định", "12a", ",5", "5,"])
def test_non_numbers_raise_number_parse_error(text):
    with pytest.raises(NumberParseError):
        parse_number(text, decimal=",")


def test_percent_required_or_forbidden():
    with pytest.raises(NumberParseError, match="expected a percentage"):
        parse_number("53,46", decimal=",", percent=True)
    with pytest.raises(NumberParseError, match="percentage where a plain number"):
        parse_number("82,96%", decimal=",", percent=False)


def test_nan_bool_and_other_types_raise():
    with pytest.raises(NumberParseError):
        parse_number(float("nan"))
    with pytest.raises(NumberParseError):
        parse_number(True)
    with pytest.raises(NumberParseError):
        parse_number([1])


# --------------------------------------------------------------- missing marks and formatting
@pytest.mark.parametrize("text", [None, float("nan"), "", " ", "-", "–", "n/a", "…"])
def test_missing_marks(text):
    assert is_missing(text)


@pytest.mark.parametrize("text", ["0", 0, "0%", "Chưa xác định"])
def test_zero_and_text_are_not_missing(text):
    assert not is_missing(text)


def test_format_number_round_trips_vietnamese_style():
    assert format_number(1423.5) == "1.423,50"
    assert parse_number(format_number(1423.5), decimal=",") == pytest.approx(1423.5)
    assert format_number(53.46, decimal=".") == "53.46"
    assert math.isclose(parse_number(format_number(-0.31), decimal=","), -0.31)
