"""An empty spreadsheet per uploadable dataset, generated from the catalog."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from etl.catalog import Dataset


def template_xlsx(dataset: Dataset) -> bytes:
    if dataset.upload is None:
        raise ValueError(f"{dataset.name} kan niet via een upload gevoed worden")
    wb = Workbook()
    ws = wb.active
    ws.title = "gegevens"
    fields = dataset.upload.fields
    ws.append([f.column for f in fields])
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0072B2")
    for i, f in enumerate(fields, start=1):
        col = dataset.column(f.column)
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = max(14, len(f.column) + 4)
        if col.allowed:
            rule = DataValidation(type="list", formula1='"' + ",".join(col.allowed) + '"', allow_blank=col.nullable)
            rule.add(f"{letter}2:{letter}100000")
            ws.add_data_validation(rule)
    ws.freeze_panes = "A2"
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
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
