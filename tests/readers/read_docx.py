#!/usr/bin/env python3
"""Reads a .docx with python-docx and prints its headings, paragraphs and tables as JSON.

An independent reader for the tests of `workplan export --format docx` and
`workplan diff --format docx`: the Rust tests compare what it read with the plan.
"""
import json
import sys

import docx  # python-docx

document = docx.Document(sys.argv[1])
print(
    json.dumps(
        {
            "paragraphs": [p.text for p in document.paragraphs],
            "tables": [
                [[cell.text for cell in row.cells] for row in table.rows]
                for table in document.tables
            ],
            "landscape": all(
                s.page_width > s.page_height for s in document.sections
            ),
        },
        ensure_ascii=False,
    )
)
