//! Plan text makes no link in Markdown. GitHub renders Markdown as GitHub Flavored
//! Markdown, whose autolink extension turns `https://…`, `www.…` and an e-mail address
//! in plain text into links: a title holding one would show a live link in the annex,
//! the amendment or the scenario table. pulldown-cmark has no such extension, so these
//! tests render with comrak (GFM: autolinks, tables, strikethrough, footnotes).

use crate::common;

use common::workplan;

const URL: &str = "https://evil.example/x";
const WWW: &str = "www.evil.example";
const MAIL: &str = "a@b.example";

/// The shipped plan with the three in its title, body, topic titles, a venue and
/// scenarios' names, written to `dir`.
fn hostile_plan(dir: &std::path::Path) -> String {
    let shipped =
        std::fs::read_to_string(common::root().join("plans/firearms.yaml")).expect("shipped plan");
    let all = format!("{URL} {WWW} {MAIL}");
    let edits = [
        (
            "title: Multi-year workplan of the Working Group on Firearms",
            format!("title: \"Workplan {all}\""),
        ),
        (
            "body: Working Group on Firearms",
            format!("body: \"Working Group ({all})\""),
        ),
        (
            "title: \"Use of terms",
            format!("title: \"{all} (x{MAIL}) Use of terms"),
        ),
        // A flexible topic on the 13th meeting: the amendment's table gets a row.
        (
            "    fixed: T4\n",
            format!("    fixed: T4\n    flexible: F1\n    venue: \"{all}\"\n"),
        ),
        (
            "title: \"Addressing and mainstreaming",
            format!("title: \"{all} Addressing and mainstreaming"),
        ),
    ];
    let mut text = shipped.clone();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        text = text.replacen(from, &to, 1);
    }
    text.push_str(&format!(
        "scenarios:\n  - name: \"{all}\"\n    delays: {{ C2: 2 }}\n  - name: \"({WWW}) *{URL}*\"\n    delays: {{ C3: 1 }}\n"
    ));
    let path = dir.join("hostile.yaml");
    std::fs::write(&path, text).expect("write");
    path.to_str().expect("UTF-8 path").to_owned()
}

/// `md` as GitHub renders it: raw HTML kept (GitHub's sanitizer then removes comments
/// and anything not allowed), so plan text that opened an `<a` would show here too.
fn gfm(md: &str) -> String {
    let mut options = comrak::Options::default();
    options.render.r#unsafe = true;
    options.extension.autolink = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.footnotes = true;
    comrak::markdown_to_html(md, &options)
}

/// Every table of `html` has as many cells in each row as in its header.
fn assert_tables_intact(what: &str, html: &str) {
    let tables: Vec<&str> = html.split("<table>").skip(1).collect();
    assert!(!tables.is_empty(), "{what}: no table in\n{html}");
    for table in tables {
        let table = &table[..table.find("</table>").expect("closed table")];
        let header = table.matches("</th>").count();
        for row in table.split("<tr>").skip(2) {
            assert_eq!(row.matches("</td>").count(), header, "{what}: {row}");
        }
    }
}

fn md(args: &[&str]) -> String {
    let out = workplan().args(args).output().expect("runs");
    assert_ne!(out.status.code(), Some(2), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn no_markdown_output_makes_a_link_of_plan_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = hostile_plan(dir.path());
    let outputs = [
        ("export", md(&["export", &plan, "--format", "md"])),
        (
            "diff",
            md(&["diff", "--format", "md", "plans/firearms.yaml", &plan]),
        ),
        (
            "realign --compare",
            md(&["realign", &plan, "--compare", "--format", "md"]),
        ),
    ];
    for (what, md) in outputs {
        let html = gfm(&md);
        // The text is there, shown as written (the tool's empty comment is dropped)...
        let shown_text = html.replace("<!-- -->", "");
        for shown in [URL, WWW, MAIL] {
            assert!(
                shown_text.contains(shown),
                "{what}: {shown} missing from\n{html}"
            );
        }
        // ...and is no link (but the tool's own footnotes, to and from their notes).
        assert_eq!(
            html.matches("<a ").count(),
            html.matches("<a href=\"#fn").count(),
            "{what}: a link in\n{html}\nfrom\n{md}"
        );
        assert_tables_intact(what, &html);
    }
}

/// The renderer does make links of the same text outside the tool's escaping, so the
/// test above cannot pass for want of an autolink extension.
#[test]
fn the_renderer_links_plain_addresses() {
    for plain in [URL, WWW, MAIL] {
        assert!(gfm(plain).contains("<a href"), "{plain}");
    }
}

/// The annex's footnotes are GitHub footnotes: numbered references that link to the
/// notes, which GitHub lists at the end; no reference is left as text.
#[test]
fn annex_footnotes_render_as_footnotes() {
    let md = md(&[
        "export",
        "tests/fixtures/annex-groups.yaml",
        "--format",
        "md",
    ]);
    let html = gfm(&md);
    for n in [1, 2] {
        assert!(
            html.contains(&format!(
                "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"fnref-{n}\""
            )),
            "reference {n} in\n{html}"
        );
    }
    let notes = &html[html.find("<section class=\"footnotes\"").expect("notes")..];
    let first = notes.find("Including parts, components and ammunition.");
    let second = notes.find("Also known as craft production.");
    assert!(first.is_some() && first < second, "{notes}");
    // No reference is left as text (`check`'s finding about the missing note quotes
    // that one, escaped).
    for n in [1, 2] {
        assert!(!html.contains(&format!("[^{n}]")), "{html}");
    }
    assert_tables_intact("annex", &html);
    // Four lists of issues (topic 1's two groups and its plain issue after them, topic
    // 2's): the two lists in a row stay apart; the fifth lists `check`'s finding about
    // the missing note.
    assert_eq!(html.matches("<ul>").count(), 5, "{html}");
}

/// Annex text that starts a line of the export (an introduction, a lead-in, an issue)
/// stays text: no heading, quote, list, rule or code block of its own.
#[test]
fn annex_text_starting_a_line_makes_no_block() {
    let dir = tempfile::tempdir().expect("temp dir");
    let starts = [
        "# heading",
        "> quote",
        "1. ordered",
        "2) ordered",
        "+ list",
        "- list",
        "    code",
        "---",
        "===",
    ];
    let list: Vec<String> = starts.iter().map(|s| format!("      - \"{s}\"")).collect();
    let plan = format!(
        "version: 1\ntitle: t\nfixed_topics:\n  - id: T1\n    title: x\n    articles: [3]\n    \
         introduction: \"# intro\"\n    questions:\n      - heading: \"> group\"\n        \
         lead_in: \"1. lead\"\n        issues:\n{}\n",
        list.join("\n").replace("      - ", "          - ")
    );
    let path = dir.path().join("blocks.yaml");
    std::fs::write(&path, plan).expect("write");
    let md = md(&["export", path.to_str().expect("UTF-8"), "--format", "md"]);
    let html = gfm(&md);
    for block in ["<blockquote", "<ol", "<pre", "<hr", "<h5", "<h6"] {
        assert!(!html.contains(block), "{block} in\n{html}\nfrom\n{md}");
    }
    // The tool's own headings: the title, four sections, the topic, the group.
    let headings: usize = (1..=6)
        .map(|n| html.matches(&format!("<h{n}>")).count())
        .sum();
    assert_eq!(headings, 7, "{html}");
    // The issues, and the findings about the plan.
    assert_eq!(html.matches("<ul>").count(), 2, "{html}");
    for shown in [
        "<p># intro</p>",
        "<h4>&gt; group</h4>",
        "<p>1. lead</p>",
        "<li># heading</li>",
        "<li>code</li>",
        "<li>---</li>",
    ] {
        assert!(
            html.contains(shown),
            "{shown} missing from\n{html}\nfrom\n{md}"
        );
    }
}
