"""An empty spreadsheet per uploadable dataset, generated from the catalog."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from etl.catalog import Dataset, get_dataset


def template_xlsx(dataset: Dataset, layout: str | None = None) -> bytes:
    """The template of a dataset; ``layout`` ``breed`` gives areas as rows and years as columns
    (see :mod:`etl.indicators.upload`). Companion datasets get a sheet of their own."""
    if dataset.upload is None:
        raise ValueError(f"{dataset.name} kan niet via een upload gevoed worden")
    wb = Workbook()
    ws = wb.active
    ws.title = "gegevens"
    if layout == "breed":
        _wide_sheet(ws)
    else:
        _fields_sheet(ws, dataset)
    for name in dataset.upload.companions:
        _fields_sheet(wb.create_sheet(name), get_dataset(name))
    _info_sheet(wb, dataset)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _header_style(row) -> None:
    for cell in row:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0072B2")


def _wide_sheet(ws) -> None:
    ws.append(["Titel van de tabel (vrij)"])
    ws.append(["Indicator", "code_van_de_indicator"])
    ws.append([])
    ws.append(["Wijk", 2021, 2022, 2023])
    _header_style(ws[4])
    ws.append(["naam van een wijk (zoals in ‘gebieden’)"])
    ws.append(["Totaal"])
    ws.column_dimensions["A"].width = 36


def _fields_sheet(ws, dataset: Dataset) -> None:
    assert dataset.upload is not None
    fields = dataset.upload.fields
    ws.append([f.column for f in fields])
    _header_style(ws[1])
    for i, f in enumerate(fields, start=1):
        col = dataset.column(f.column)
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = max(14, len(f.column) + 4)
        if col.allowed:
            rule = DataValidation(type="list", formula1='"' + ",".join(col.allowed) + '"', allow_blank=col.nullable)
            rule.add(f"{letter}2:{letter}100000")
            ws.add_data_validation(rule)
    ws.freeze_panes = "A2"


def _info_sheet(wb: Workbook, dataset: Dataset) -> None:
    assert dataset.upload is not None
    fields = dataset.upload.fields
    info = wb.create_sheet("uitleg")
    info.append(["Dataset", dataset.title])
    info.append(["Beschrijving", dataset.description])
    info.append([])
    info.append(["kolom", "verplicht", "type", "eenheid", "beschrijving", "ook herkend als", "toegelaten waarden"])
    for cell in info[4]:
        cell.font = Font(bold=True)
    kinds = {"string": "tekst", "int": "geheel getal", "float": "getal", "date": "datum (dd/mm/jjjj)"}
    for f in fields:
        col = dataset.column(f.column)
        info.append(
            [
                f.column,
                "ja" if f.required else "nee",
                kinds[col.dtype],
                col.unit or "",
                col.description,
                ", ".join(f.synonyms),
                ", ".join(col.allowed or ()),
            ]
        )
    info.column_dimensions["A"].width = 16
    info.column_dimensions["E"].width = 60
