"""From an analyst's spreadsheet to rows of a catalog dataset, with every problem located.

One job per module, in the order of the flow (:mod:`etl.upload.flow`):
:mod:`~etl.upload.workbook` opens the file and reads cells (fastexcel/calamine, pyarrow for CSV),
:mod:`~etl.upload.ooxml` scans the raw xlsx XML (dimension, formulas, merged cells),
:mod:`~etl.upload.header` finds the header row by name, :mod:`~etl.upload.convert` types the
cells (Belgian numbers via :mod:`etl.numbers`), :mod:`~etl.upload.totals` checks a ``Totaal`` row,
and :mod:`~etl.upload.result` holds what came out: the rows and the located problems.
"""
