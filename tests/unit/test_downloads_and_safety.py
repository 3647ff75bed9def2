import io
import re

import pandas as pd
from openpyxl import load_workbook

from dashboard.downloads import escape_formulas, to_csv_bytes, to_xlsx_bytes
from dashboard.formatting import escape_markdown
from dashboard.provenance import source_line

HOSTILE = pd.DataFrame(
    {
        "tekst": ['=HYPERLINK("http://x","klik")', "+1", "-1", "@SUM(A1)", "\tTab", "\rCR", "gewoon", "a=b"],
        "getal": [1.5, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    }
)


def test_formula_cells_are_escaped_numbers_stay_numbers():
    out = escape_formulas(HOSTILE)
    assert out["tekst"].tolist() == [
        '\'=HYPERLINK("http://x","klik")',
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tTab",
        "'\rCR",
        "gewoon",
        "a=b",
    ]
    assert out["getal"].tolist() == HOSTILE["getal"].tolist()
    assert HOSTILE["tekst"].iloc[0].startswith("=")  # the input is not changed


def test_csv_is_utf8_bom_semicolon_belgian_decimals():
    raw = to_csv_bytes(pd.DataFrame({"afdeling": ["Burgerzaken", "Sociale dienst"], "fte": [55.0, 93.47]}))
    assert raw.startswith(b"\xef\xbb\xbf")
    # a whole number without ",0" (issue 12)
    assert raw.decode("utf-8-sig").splitlines() == ["afdeling;fte", "Burgerzaken;55", "Sociale dienst;93,47"]


def test_xlsx_keeps_numbers_numeric_and_text_escaped():
    wb = load_workbook(io.BytesIO(to_xlsx_bytes(HOSTILE, sheet="test")))
    ws = wb["test"]
    assert ws["A2"].value == '\'=HYPERLINK("http://x","klik")'
    assert ws["A2"].data_type == "s"
    assert ws["B2"].value == 1.5 and ws["B2"].data_type == "n"


def test_escape_markdown_makes_html_and_links_literal():
    text = "<img src=x onerror=alert(1)> [klik](http://x) **vet**"
    escaped = escape_markdown(text)
    assert not re.search(r"(?<!\\)[<>\[\]()*]", escaped)  # every markup character is backslash-escaped
    assert escaped.replace("\\", "").replace("\u2060", "") == text  # shown as typed (word joiners are invisible)


def test_escape_markdown_stops_bare_links():
    """GFM links a bare www./http:// address or e-mail even with escaped punctuation (axe-core found
    one inside an expander's heading: a link inside a control)."""
    for text in ("de website www.mechelen.be", "zie http://x.be of HTTPS://y.be", "mail info@mechelen.be"):
        shown = escape_markdown(text).replace("\\", "")
        assert not re.search(r"(?i)www\.|https?:|@\w", shown), shown
        assert shown.replace("\u2060", "") == text


def test_source_line_refuses_paths(data_env):
    assert source_line("000_c6a74a48a3576170.txt", 257) == "52,86"
    assert source_line("../raw/000_c6a74a48a3576170.txt", 257) is None
    assert source_line("/etc/passwd", 1) is None
    assert source_line("000_c6a74a48a3576170.txt", 10**6) is None
