"""portal.spreadsheets.neutralise: the one function every CSV and XLSX writer uses."""

import io

import pytest
from openpyxl import Workbook

from portal.spreadsheets import neutralise, neutralise_row
from tests.spreadsheet_checks import FORMULAS, live_in_xlsx


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_text_becomes_text_as_typed(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["西安市财政局", "A=1", "", None, 12, -5, 3.5, "2026-01-01"])
def test_other_values_pass_unchanged(value):
    assert neutralise(value) == value


def test_a_neutralised_row_is_no_formula_in_a_workbook():
    book = Workbook()
    book.active.append(neutralise_row([*FORMULAS, -5, "普通文字"]))
    out = io.BytesIO()
    book.save(out)
    assert live_in_xlsx(out.getvalue()) == []
    assert book.active["G1"].value == -5 and book.active["G1"].data_type == "n"
