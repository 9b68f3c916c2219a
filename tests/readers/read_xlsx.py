#!/usr/bin/env python3
"""Reads a .xlsx with openpyxl and prints every sheet's cells, with their types, as JSON.

An independent reader for the tests of `workplan export --format xlsx`. Each cell is
[type, value]: openpyxl's data type ("s" text, "n" number, "d" date, "f" formula) and
the value (dates as ISO 8601), or null for an empty cell.
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


print(
    json.dumps(
        [
            {
                "title": sheet.title,
                "rows": [[cell(c) for c in row] for row in sheet.iter_rows()],
            }
            for sheet in book.worksheets
        ],
        ensure_ascii=False,
    )
)
