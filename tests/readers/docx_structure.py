#!/usr/bin/env python3
"""Reads how a .docx is built, with python-docx, and prints it as JSON.

For the tests of `workplan export --format docx` and `workplan diff --format docx`: the
style of each paragraph (as Word names it), whether it is a list paragraph (w:numPr, its
own or its style's), kept with the next, its footnote references (and its text with
"[^N]" where footnote N is referred to); each table's style,
width, header row; the sections' page size and margins and their footer's fields; the
document's language; the core properties; the footnotes' texts; and every property
element whose children are out of the order ECMA-376 gives them.
"""
import json
import sys

import docx  # python-docx
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# ECMA-376 (transitional), part 1: the sequences of CT_PPr, CT_RPr (EG_RPrBase), CT_TblPr,
# CT_TcPr and CT_SectPr, written out here apart from the code under test.
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike "
    "outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern "
    "position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
    "eastAsianLayout specVanish oMath rPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
    "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi "
    "rtlGutter docGrid printerSettings sectPrChange",
}
ORDER = {k: v.split() for k, v in ORDER.items()}


def local(tag):
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def out_of_order(root, part):
    """Each property element whose children break the schema's sequence."""
    found = []
    for name, order in ORDER.items():
        for el in root.iter(W + name):
            ranks = [order.index(local(c.tag)) if local(c.tag) in order else -1 for c in el]
            if -1 in ranks or ranks != sorted(ranks):
                found.append(f"{part}: {name}: {[local(c.tag) for c in el]}")
    body = root.find(W + "body")
    if body is not None and len(body) and local(body[-1].tag) != "sectPr":
        found.append(f"{part}: body does not end with sectPr")
    return found


def numbered(p):
    if p._p.pPr is not None and p._p.pPr.numPr is not None:
        return True
    style = p.style
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return True
        style = style.base_style
    return False


def marked(p):
    """The paragraph's text with "[^N]" where footnote N is referred to."""
    out = []
    for el in p._p.iter():
        tag = local(el.tag)
        if tag == "t":
            out.append(el.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
        elif tag == "footnoteReference":
            out.append(f"[^{el.get(qn('w:id'))}]")
    return "".join(out)


def paragraph(p):
    return {
        "text": p.text,
        "marked": marked(p),
        "style": p.style.name if p.style is not None else None,
        "numbered": numbered(p),
        "keep_next": bool(p.paragraph_format.keep_with_next),
        "page_break_before": bool(p.paragraph_format.page_break_before),
        "notes": [
            int(r.get(qn("w:id"))) for r in p._p.iter(qn("w:footnoteReference"))
        ],
    }


def table(t):
    tbl_pr = t._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    first = t.rows[0]._tr if len(t.rows) else None
    tr_pr = first.trPr if first is not None else None
    return {
        "rows": [[c.text for c in row.cells] for row in t.rows],
        "style": t.style.name if t.style is not None else None,
        "width": [width.get(qn("w:w")), width.get(qn("w:type"))] if width is not None else None,
        "grid": sum(int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.iter(qn("w:gridCol"))),
        "header_repeats": tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None,
        # Borders set on the table itself, which a template's table style cannot change.
        "own_borders": len(tbl_pr.find(qn("w:tblBorders")) if tbl_pr.find(qn("w:tblBorders")) is not None else []),
    }


def section(s):
    footer = s.footer._element
    instr = "".join(i.text or "" for i in footer.iter(qn("w:instrText")))
    instr += "".join(f.get(qn("w:instr")) or "" for f in footer.iter(qn("w:fldSimple")))
    return {
        "page_width": s.page_width.twips,
        "page_height": s.page_height.twips,
        "portrait": s.orientation == docx.enum.section.WD_ORIENT.PORTRAIT,
        "left_margin": s.left_margin.twips,
        "right_margin": s.right_margin.twips,
        "footer_fields": instr.split(),
    }


def footnotes(document):
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            root = docx.oxml.parse_xml(rel.target_part.blob)
            return {
                # The text after the footnote's number and its space.
                note.get(qn("w:id")): "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
                for note in root.iter(qn("w:footnote"))
            }, out_of_order(root, "footnotes")
    return {}, []


document = docx.Document(sys.argv[1])
styles = document.styles.element
lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
notes, notes_disorder = footnotes(document)
core = document.core_properties
print(
    json.dumps(
        {
            "paragraphs": [paragraph(p) for p in document.paragraphs],
            "tables": [table(t) for t in document.tables],
            "sections": [section(s) for s in document.sections],
            "language": lang.get(qn("w:val")) if lang is not None else None,
            "title": core.title,
            "author": core.author,
            "footnotes": notes,
            "out_of_order": out_of_order(document.element, "document") + notes_disorder,
        },
        ensure_ascii=False,
    )
)
