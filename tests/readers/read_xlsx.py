#!/usr/bin/env python3
"""Reads a .xlsx with openpyxl and prints every sheet's cells, with their types, as JSON.

An independent reader for the tests of `workplan export --format xlsx`. Each cell is
[type, value]: openpyxl's data type ("s" text, "n" number, "d" date, "f" formula) and
the value (dates as ISO 8601), or null for an empty cell. Beside the rows, each sheet's
"wrapped" cells ([row, column], from 0) and its "setup" for screen and paper: frozen
panes, filter range, print titles, orientation, paper size, fit to pages, footer,
column widths, row heights (null: the default).
"""
import datetime
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])


def cell(c):
    if c.value is None:
        return None
    value = c.value
    if isinstance(value, (datetime.date, datetime.datetime)):
        value = value.date().isoformat() if isinstance(value, datetime.datetime) else value.isoformat()
    return [c.data_type, value]


def setup(sheet):
    page = sheet.page_setup
    fit = sheet.sheet_properties.pageSetUpPr
    return {
        "freeze_panes": sheet.freeze_panes,
        "auto_filter": sheet.auto_filter.ref,
        "print_title_rows": sheet.print_title_rows,
        "print_title_cols": sheet.print_title_cols,
        "orientation": page.orientation,
        "paper_size": page.paperSize,
        "page_order": page.pageOrder,
        "fit_to_page": bool(fit is not None and fit.fitToPage),
        # Absent means 1, the schema's default for fitToWidth and fitToHeight.
        "fit_to_width": 1 if page.fitToWidth is None else page.fitToWidth,
        "fit_to_height": 1 if page.fitToHeight is None else page.fitToHeight,
        "footer": sheet.oddFooter.right.text,
        "widths": widths(sheet),
        "heights": [sheet.row_dimensions[r + 1].height for r in range(sheet.max_row)],
    }


def widths(sheet):
    """Each column's width; one <col> element may set several columns (min to max)."""
    out = [None] * sheet.max_column
    for dim in sheet.column_dimensions.values():
        for i in range(dim.min, min(dim.max, sheet.max_column) + 1):
            out[i - 1] = dim.width
    return out


print(
    json.dumps(
        [
            {
                "title": sheet.title,
                "rows": [[cell(c) for c in row] for row in sheet.iter_rows()],
                "wrapped": [
                    [r, k]
                    for r, row in enumerate(sheet.iter_rows())
                    for k, c in enumerate(row)
                    if c.alignment is not None and c.alignment.wrap_text
                ],
                "setup": setup(sheet),
            }
            for sheet in book.worksheets
        ],
        ensure_ascii=False,
    )
)
