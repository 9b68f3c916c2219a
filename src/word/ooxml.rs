//! What docx-rs cannot write, done on the parts it built, before they are zipped: our
//! styles part, the core properties, the repeated header rows, and the schema's order.
//!
//! Why here and not another crate: docx-rs builds everything else (footnotes, numbering,
//! the footer's field) and its parts are plain bytes until packed (`XMLDocx`), so a pass
//! over them with quick-xml (already in the tree, through docx-rs) is a few dozen lines,
//! tested below; another crate would mean rewriting the annex, the amendment and their
//! tests for the same result.

use docx_rs::XMLDocx;
use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

use super::{Properties, xml_safe};

/// The language of the documents: UN documents are written in British English (Oxford
/// spelling), so spelling checkers and hyphenation follow it.
pub const LANGUAGE: &str = "en-GB";

/// The styles part, ours in full: the defaults (Times New Roman 10 pt, as UN documents
/// are set, and the language) and the named styles a UN template redefines when the
/// document is attached to it (Title, Heading 1-3, List Paragraph, Table Grid, the
/// footnotes', the footer's and the caption's). Names are Word's built-in ones, so Word
/// and python-docx recognise them ("heading 1" reads as "Heading 1").
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="LANG" w:eastAsia="LANG" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="180" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/><w:pPr><w:spacing w:after="60"/><w:ind w:left="567"/><w:contextualSpacing/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="120"/></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style></w:styles>"#;

/// Every part docx-rs built, finished: our styles, the core properties, and the main
/// document, footnotes, footers and numbering in the schema's order with their header
/// rows marked.
pub(super) fn finish(xml: &mut XMLDocx, props: &Properties) -> Result<(), String> {
    xml.styles = STYLES.replace("LANG", LANGUAGE).into_bytes();
    xml.doc_props.core = core(props).into_bytes();
    let (document, footnotes) = {
        let mut document = parse(&xml.document)?;
        let mut footnotes = parse(&xml.footnotes)?;
        fix(&mut document);
        fix(&mut footnotes);
        // docx-rs numbers footnotes from a counter that lives as long as the process: a
        // second export would number them on. Numbered in reading order, the same plan
        // gives the same file.
        let mut ids = Vec::new();
        renumber(&mut document, b"w:footnoteReference", &mut ids);
        renumber(&mut footnotes, b"w:footnote", &mut ids);
        number_footnotes(&mut footnotes);
        (serialize(&document)?, serialize(&footnotes)?)
    };
    xml.document = document;
    xml.footnotes = footnotes;
    xml.numberings = rewrite(&xml.numberings)?;
    for footer in &mut xml.footers {
        *footer = rewrite(footer)?;
    }
    Ok(())
}

fn element<'a>(name: &'a str, children: Vec<Node<'a>>) -> Node<'a> {
    Node::Element(BytesStart::new(name), children)
}

/// Opens each footnote with its number (`w:footnoteRef`, in the footnote reference
/// style) and a space, as Word writes a footnote: without it Word prints the text with
/// no number before it. docx-rs writes only the text.
fn number_footnotes(nodes: &mut [Node]) {
    for node in nodes {
        let Node::Element(start, children) = node else {
            continue;
        };
        if start.name().into_inner() != b"w:footnote" {
            number_footnotes(children);
            continue;
        }
        let Some(Node::Element(_, paragraph)) = children.iter_mut().find(|c| c.name() == b"w:p")
        else {
            continue;
        };
        let style = BytesStart::new("w:rStyle").with_attributes([("w:val", "FootnoteReference")]);
        let number = element(
            "w:r",
            vec![
                element("w:rPr", vec![Node::Element(style, Vec::new())]),
                element("w:footnoteRef", Vec::new()),
            ],
        );
        let space = BytesStart::new("w:t").with_attributes([("xml:space", "preserve")]);
        let space = element(
            "w:r",
            vec![Node::Element(
                space,
                vec![Node::Other(Event::Text(BytesText::new(" ")))],
            )],
        );
        let at = usize::from(paragraph.first().is_some_and(|c| c.name() == b"w:pPr"));
        paragraph.splice(at..at, [number, space]);
    }
}

/// Gives each `tag` element's `w:id` its number in `ids` (old id to new, in the order
/// first met), numbering from 1 the ids not met before.
fn renumber(nodes: &mut [Node], tag: &[u8], ids: &mut Vec<Vec<u8>>) {
    for node in nodes {
        let Node::Element(start, children) = node else {
            continue;
        };
        if start.name().into_inner() == tag {
            let old = start
                .try_get_attribute("w:id")
                .ok()
                .flatten()
                .map(|a| a.value.into_owned());
            if let Some(old) = old {
                let n = match ids.iter().position(|i| *i == old) {
                    Some(i) => i + 1,
                    None => {
                        ids.push(old);
                        ids.len()
                    }
                };
                let mut new = BytesStart::new(
                    String::from_utf8_lossy(start.name().into_inner()).into_owned(),
                );
                for a in start.attributes().flatten() {
                    if a.key.into_inner() != b"w:id" {
                        new.push_attribute(a);
                    }
                }
                new.push_attribute(("w:id", n.to_string().as_str()));
                *start = new;
            }
        }
        renumber(children, tag, ids);
    }
}

/// The core properties: title and author where known (never "unknown"), the language.
/// No dates: the core never reads the clock, and the file system dates the file.
fn core(props: &Properties) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    for (tag, value) in [("dc:title", &props.title), ("dc:creator", &props.creator)] {
        if let Some(v) = value {
            let v = quick_xml::escape::escape(xml_safe(v)).into_owned();
            out.push_str(&format!("<{tag}>{v}</{tag}>"));
        }
    }
    out.push_str(&format!(
        "<dc:language>{LANGUAGE}</dc:language></cp:coreProperties>"
    ));
    out
}

/// An element and its children, or any other event (text, declaration) as read.
enum Node<'a> {
    Element(BytesStart<'a>, Vec<Node<'a>>),
    Other(Event<'a>),
}

impl Node<'_> {
    fn name(&self) -> &[u8] {
        match self {
            Node::Element(start, _) => start.name().into_inner(),
            Node::Other(_) => b"",
        }
    }
}

fn parse(bytes: &[u8]) -> Result<Vec<Node<'_>>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<(BytesStart, Vec<Node>)> = Vec::new();
    let mut top = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let node = match event {
            Event::Eof => break,
            Event::Start(start) => {
                stack.push((start, Vec::new()));
                continue;
            }
            Event::End(_) => {
                let (start, children) = stack.pop().ok_or("an end tag without its start")?;
                Node::Element(start, children)
            }
            Event::Empty(start) => Node::Element(start, Vec::new()),
            other => Node::Other(other),
        };
        match stack.last_mut() {
            Some((_, children)) => children.push(node),
            None => top.push(node),
        }
    }
    if stack.is_empty() {
        Ok(top)
    } else {
        Err("an element left open".into())
    }
}

fn write(nodes: &[Node], out: &mut Writer<Vec<u8>>) -> std::io::Result<()> {
    for node in nodes {
        match node {
            Node::Element(start, children) if children.is_empty() => {
                out.write_event(Event::Empty(start.borrow()))?;
            }
            Node::Element(start, children) => {
                out.write_event(Event::Start(start.borrow()))?;
                write(children, out)?;
                out.write_event(Event::End(start.to_end()))?;
            }
            Node::Other(event) => out.write_event(event.borrow())?,
        }
    }
    Ok(())
}

fn serialize(nodes: &[Node]) -> Result<Vec<u8>, String> {
    let mut out = Writer::new(Vec::new());
    write(nodes, &mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

fn rewrite(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut nodes = parse(bytes)?;
    fix(&mut nodes);
    serialize(&nodes)
}

/// Children of these elements in the order ECMA-376 (transitional) gives them; a child
/// not listed keeps its place after the listed ones.
const ORDERS: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    (
        "w:lvl",
        &[
            "w:start",
            "w:numFmt",
            "w:lvlRestart",
            "w:pStyle",
            "w:isLgl",
            "w:suff",
            "w:lvlText",
            "w:lvlPicBulletId",
            "w:legacy",
            "w:lvlJc",
            "w:pPr",
            "w:rPr",
        ],
    ),
    // The body's section properties come last.
    ("w:body", &["w:sectPr"]),
];

/// Where `child` goes among the children of `parent`, if the schema orders them.
fn rank(order: &[&str], parent: &[u8], child: &[u8]) -> usize {
    let known = order.iter().position(|n| n.as_bytes() == child);
    if parent == b"w:body" {
        // Everything before the section properties, in document order.
        return known.map_or(0, |_| 1);
    }
    known.unwrap_or(order.len())
}

/// Puts the children in the schema's order and marks each table's first row as its
/// header row, which repeats at the top of every page the table runs onto.
fn fix(nodes: &mut [Node]) {
    for node in nodes {
        let Node::Element(start, children) = node else {
            continue;
        };
        fix(children);
        let name = start.name().into_inner().to_vec();
        if let Some((_, order)) = ORDERS.iter().find(|(n, _)| n.as_bytes() == name) {
            children.sort_by_key(|c| rank(order, &name, c.name()));
        }
        if name == b"w:tbl" {
            mark_header_row(children);
        }
    }
}

fn mark_header_row(table: &mut [Node]) {
    let Some(Node::Element(_, row)) = table.iter_mut().find(|c| c.name() == b"w:tr") else {
        return;
    };
    let header = Node::Element(BytesStart::new("w:tblHeader"), Vec::new());
    match row.iter_mut().find(|c| c.name() == b"w:trPr") {
        Some(Node::Element(_, props)) => {
            if !props.iter().any(|p| p.name() == b"w:tblHeader") {
                props.push(header);
            }
        }
        _ => {
            let props = Node::Element(BytesStart::new("w:trPr"), vec![header]);
            // w:trPr follows w:tblPrEx, if any, and precedes the cells.
            let at = row
                .iter()
                .position(|c| c.name() == b"w:tc")
                .unwrap_or(row.len());
            row.insert(at, props);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(xml: &str) -> String {
        let out = rewrite(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn paragraph_and_run_properties_follow_the_schema_order() {
        let docx_rs_wrote = r#"<w:p><w:pPr><w:rPr><w:sz w:val="20"/><w:b/><w:rStyle w:val="X"/></w:rPr><w:pStyle w:val="Heading1"/><w:numPr/><w:spacing w:after="80"/><w:keepNext/></w:pPr><w:r><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#;
        assert_eq!(
            fixed(docx_rs_wrote),
            r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:keepNext/><w:numPr/><w:spacing w:after="80"/><w:rPr><w:rStyle w:val="X"/><w:b/><w:sz w:val="20"/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn the_section_properties_end_the_body_and_the_first_row_is_the_header() {
        let xml = r#"<w:body><w:sectPr><w:pgMar/><w:pgSz/><w:footerReference/></w:sectPr><w:tbl><w:tblPr/><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc/></w:tr><w:tr><w:tc/></w:tr></w:tbl><w:tbl><w:tr><w:tc/></w:tr></w:tbl><w:p/></w:body>"#;
        assert_eq!(
            fixed(xml),
            r#"<w:body><w:tbl><w:tblPr/><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc/></w:tr><w:tr><w:tc/></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc/></w:tr></w:tbl><w:p/><w:sectPr><w:footerReference/><w:pgSz/><w:pgMar/></w:sectPr></w:body>"#
        );
    }

    #[test]
    fn footnotes_are_numbered_in_reading_order_whatever_the_counter_said() {
        let mut document = parse(br#"<w:p><w:r><w:footnoteReference w:id="7"/></w:r><w:r><w:footnoteReference w:id="5"/></w:r></w:p>"#).unwrap_or_default();
        let mut notes = parse(br#"<w:footnotes><w:footnote w:id="5"><w:p/></w:footnote><w:footnote w:id="7"><w:p/></w:footnote></w:footnotes>"#).unwrap_or_default();
        let mut ids = Vec::new();
        renumber(&mut document, b"w:footnoteReference", &mut ids);
        renumber(&mut notes, b"w:footnote", &mut ids);
        let text =
            |n: &[Node]| String::from_utf8(serialize(n).unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            text(&document),
            r#"<w:p><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>"#
        );
        assert_eq!(
            text(&notes),
            r#"<w:footnotes><w:footnote w:id="2"><w:p/></w:footnote><w:footnote w:id="1"><w:p/></w:footnote></w:footnotes>"#
        );
    }

    #[test]
    fn each_footnote_opens_with_its_number() {
        let mut notes = parse(br#"<w:footnotes><w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:t>Text.</w:t></w:r></w:p></w:footnote></w:footnotes>"#).unwrap_or_default();
        number_footnotes(&mut notes);
        let text = String::from_utf8(serialize(&notes).unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            text,
            r#"<w:footnotes><w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:t>Text.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
        );
    }

    #[test]
    fn a_broken_part_is_an_error_not_a_panic() {
        assert!(rewrite(b"<w:p><w:r></w:p>").is_err());
        assert!(rewrite(b"<w:p>").is_err());
        assert!(rewrite(&[0xff, 0xfe]).is_err());
        assert_eq!(fixed(""), "");
    }

    #[test]
    fn the_styles_set_the_language_and_name_the_headings() {
        let styles = STYLES.replace("LANG", LANGUAGE);
        assert!(styles.contains(r#"<w:lang w:val="en-GB""#));
        for id in [
            "Title",
            "Heading1",
            "Heading2",
            "Heading3",
            "ListParagraph",
            "TableGrid",
        ] {
            assert!(styles.contains(&format!(r#"w:styleId="{id}""#)), "{id}");
        }
        let parsed = parse(styles.as_bytes());
        assert!(parsed.is_ok());
    }

    #[test]
    fn core_properties_are_escaped_and_never_say_unknown() {
        let c = core(&Properties {
            title: Some("<a> & \u{1}b".into()),
            creator: Some("Working Group on Firearms".into()),
        });
        assert!(c.contains("<dc:title>&lt;a&gt; &amp;  b</dc:title>"), "{c}");
        assert!(c.contains("<dc:creator>Working Group on Firearms</dc:creator>"));
        assert!(c.contains("<dc:language>en-GB</dc:language>"));
        assert!(!core(&Properties::default()).contains("creator"));
    }
}
