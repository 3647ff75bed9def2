import pytest

from dashboard.formatting import format_auto, format_date, format_number, format_with_unit
from etl.corrections import correct
from etl.numbers import number_word, parse_dutch_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("52,86", 52.86),
        ("86.194", 86194),
        ("2.368", 2368),
        ("1.234,56", 1234.56),
        ("1 234", 1234),
        ("12%", 12),
        ("55", 55),
    ],
)
def test_parse_dutch_number(text, value):
    assert parse_dutch_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12.34", "5 op 3"])
def test_parse_dutch_number_rejects_non_numbers(text):
    with pytest.raises(ValueError):
        parse_dutch_number(text)


def test_number_words():
    assert number_word("drie") == 3
    with pytest.raises(ValueError):
        number_word("veel")


def test_belgian_formatting():
    assert format_number(86194) == "86.194"
    assert format_number(1234567.891, 2) == "1.234.567,89"
    assert format_auto(253.75) == "253,75"
    assert format_auto(55.0) == "55"
    assert format_auto(11.5) == "11,5"
    assert format_with_unit(15.6, "%") == "15,6%"
    assert format_with_unit(4674, "personen") == "4.674 personen"
    assert format_number(None) == "–"


def test_format_date():
    import datetime as dt

    assert format_date(dt.date(2026, 11, 23)) == "23/11/2026"


def test_corrections_are_whole_words_only():
    assert correct("0pvolging klimaatactieplan") == "Opvolging klimaatactieplan"
    assert correct("Nieuwe kassa s HVDM") == "Nieuwe kassa's HVDM"
    assert correct("Sociaal Huls") == "Sociaal Huis"
    assert correct("10pvolging") == "10pvolging"
