//! Text written for a terminal carries no control characters: a plan's titles, ids,
//! venues and comments can hold `ESC ] 0 ; … BEL` (retitle the window), `ESC [ 2 J`
//! (clear the screen) or C1 controls, and `show`, `check` (text and github), `diff`
//! (text and md) and `realign` write them out as `\u{1b}` instead of sending them. The
//! same holds for invisible characters: a right-to-left override (U+202E) would show a
//! title reversed, a zero-width space would hide a difference. JSON keeps the data exact.

use crate::common;

use common::workplan;

const ESCAPED: &str = "tests/corpus/control-escaped-values.yaml";
const CLEAN: &str = "tests/corpus/unknown-fixed-topic.yaml";

/// The control characters in `text` other than newline and tab, and the invisible ones
/// (bidi controls, zero-width space, tags...) other than the joiners that emoji and some
/// scripts need (U+200C, U+200D; `text::tests` checks where they are kept).
fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || (workplan::text::is_invisible(c) && !matches!(c, '\u{200c}' | '\u{200d}'))
        })
        .collect()
}

/// Runs `workplan ARGS`; asserts neither stream holds a control character; returns
/// (status, stdout, stderr).
fn run_clean(args: &[&str]) -> (i32, String, String) {
    let out = workplan().args(args).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let status = out.status.code().unwrap_or(-1);
    assert_ne!(status, 101, "{args:?} panicked: {stderr}");
    assert_eq!(
        controls(&stdout),
        Vec::<char>::new(),
        "{args:?} wrote control characters to stdout:\n{stdout}"
    );
    assert_eq!(
        controls(&stderr),
        Vec::<char>::new(),
        "{args:?} wrote control characters to stderr:\n{stderr}"
    );
    (status, stdout, stderr)
}

#[test]
fn no_corpus_input_reaches_the_terminal_raw() {
    let dir = common::root().join("tests/corpus");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "manifest.json")
        .collect();
    files.sort_unstable();
    assert!(files.len() >= 60, "the corpus has {} inputs", files.len());
    for name in &files {
        let path = format!("tests/corpus/{name}");
        run_clean(&["check", &path]);
        run_clean(&["check", "--format", "github", &path]);
        run_clean(&["show", &path]);
        run_clean(&["diff", CLEAN, &path]);
        run_clean(&["diff", "--format", "md", &path, CLEAN]);
        run_clean(&["realign", &path]);
    }
}

#[test]
fn check_writes_out_the_escape_in_a_message_and_in_the_echoed_line() {
    let (status, out, _) = run_clean(&["check", ESCAPED]);
    assert_eq!(status, 1);
    assert!(out.contains("fixed topic T9\\u{1b}[2J, which"), "{out}");
    assert!(
        out.contains("(Criminalization \\u{9b}2J \\u{9d}0;c1\\u{7})"),
        "{out}"
    );

    for (file, shown) in [
        (
            "control-raw-comment.yaml",
            "# A raw escape in a comment line: \\u{1b}]0;owned\\u{7} \\u{1b}[2J",
        ),
        (
            "control-raw-in-value.yaml",
            "title: Corpus plan \\u{1b}[2J\\u{1b}[H\\u{1b}]0;owned\\u{7}",
        ),
        (
            "control-raw-c1.yaml",
            "title: Corpus plan \\u{9b}2J\\u{9d}0;owned\\u{9c}",
        ),
    ] {
        let path = format!("tests/corpus/{file}");
        let (status, out, _) = run_clean(&["check", &path]);
        assert_eq!(status, 2, "{out}");
        assert!(out.contains(shown), "{file}: the line is echoed: {out}");
        // Every other subcommand reports the same unreadable file on stderr.
        let (status, _, err) = run_clean(&["show", &path]);
        assert_eq!(status, 2);
        assert!(err.contains(shown), "{file}: {err}");
    }
}

#[test]
fn show_writes_out_escapes_in_the_table_and_the_timeline() {
    let (status, out, _) = run_clean(&["show", ESCAPED]);
    assert_eq!(status, 0);
    assert!(out.contains("T1 Use of terms \\u{1b}[2J"), "{out}");
    // The timeline shows the start of the id, written out, not with the ESC dropped.
    assert!(out.contains("T9\\u"), "{out}");
    assert!(!out.contains("T9["), "{out}");
}

#[test]
fn diff_text_and_md_write_out_escapes() {
    for format in ["text", "md"] {
        let (status, out, _) = run_clean(&["diff", "--format", format, CLEAN, ESCAPED]);
        assert_eq!(status, 1, "{out}");
        assert!(
            out.contains("Vienna \\u{9b}2J\\u{9d}0;owned\\u{9c}"),
            "{out}"
        );
        assert!(out.contains("nul \\u{0} bs \\u{8}"), "{out}");
        assert!(out.contains("\\u{7f}"), "{out}");
    }
}

#[test]
fn realign_writes_out_escapes_in_its_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shipped =
        std::fs::read_to_string(common::root().join("plans/firearms.yaml")).expect("shipped plan");
    // Every title of the plan gains an OSC that retitles the window and a C1 CSI.
    let hostile = shipped.replace("  title: \"", "  title: \"\\e]0;owned\\a\\x9b2J");
    assert_ne!(hostile, shipped);
    let path = dir.path().join("hostile.yaml");
    std::fs::write(&path, hostile).expect("write");
    let path = path.to_str().expect("utf-8 path");
    let (status, out, err) = run_clean(&["realign", path, "--delay", "C2=+2"]);
    assert_eq!(status, 0, "{out}{err}");
    assert!(out.contains("\\u{1b}]0;owned\\u{7}\\u{9b}2J"), "{out}");
}

#[test]
fn json_keeps_the_data_exact() {
    let out = workplan()
        .args(["check", "--format", "json", ESCAPED])
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let messages: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("T9\u{1b}[2J")),
        "{messages:?}"
    );
    let out = workplan()
        .args(["diff", "--format", "json", CLEAN, ESCAPED])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert!(
        doc.to_string()
            .contains("Vienna \u{9b}2J\u{9d}0;owned\u{9c}")
    );
}

#[test]
fn a_line_break_in_a_title_stays_inside_its_line_of_diff_text() {
    let (status, out, _) = run_clean(&[
        "diff",
        "plans/firearms.yaml",
        "tests/fixtures/hostile-titles.yaml",
    ]);
    assert_eq!(status, 1);
    assert!(
        out.contains("“Criminalization | sentencing\\nsecond line: #1; see %% notes”"),
        "{out}"
    );
    assert!(
        !out.lines().any(|l| l.starts_with("second line")),
        "a title broke its line: {out}"
    );
}

#[test]
fn an_error_naming_a_path_writes_out_its_control_characters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no \u{1b}[2J folder").join("out.yaml");
    let missing = missing.to_str().expect("utf-8 path");
    let (status, _, err) = run_clean(&[
        "realign",
        "plans/firearms.yaml",
        "--delay",
        "C2=+2",
        "-o",
        missing,
    ]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("no \\u{1b}[2J folder"), "{err}");
}

/// Columns a line takes, grapheme by grapheme as the planner's view measures it.
fn columns(text: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

#[test]
fn show_keeps_its_columns_in_line_with_emoji_sequences() {
    let (status, out, _) = run_clean(&["show", "tests/corpus/emoji-zwj-titles.yaml"]);
    assert_eq!(status, 0, "{out}");
    let table: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("No.")).collect();
    let header = table.first().expect("the table");
    let col = columns(&header[..header.find("Findings").expect("header")]);
    let mut marked = 0;
    for line in &table[1..] {
        if let Some(k) = line.find(['✗', '▲']) {
            assert_eq!(columns(&line[..k]), col, "{line}");
            marked += 1;
        }
        assert!(columns(line) <= 120, "{line}");
    }
    assert_eq!(marked, 2, "{out}");
}

/// Every note and refusal on stderr names its plan by path; a path may hold escapes.
#[test]
fn notes_and_refusals_on_stderr_write_out_the_path_they_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("plan \u{1b}]0;owned\u{7}.yaml");
    std::fs::copy("plans/firearms.yaml", &plan).expect("copy");
    let plan = plan.to_str().expect("utf-8 path");
    // The refusal to export over the plan itself.
    let (status, _, err) = run_clean(&["export", plan, "--format", "md", "-o", plan]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("plan \\u{1b}]0;owned\\u{7}.yaml"), "{err}");
    // The note that repeated delays add up, and the window line: one total per cluster.
    let (status, out, err) = run_clean(&["realign", plan, "--delay", "C2=+1", "--delay", "C2=+1"]);
    assert_eq!(status, 0, "{err}");
    assert!(err.contains("\\u{1b}]0;owned"), "{err}");
    assert!(err.contains("the delays add up to +2 years"), "{err}");
    assert_eq!(
        out.matches("cluster C2 +2 years, now reviewed from 2029 to 2032")
            .count(),
        1,
        "{out}"
    );
}

const INVISIBLE: &str = "tests/corpus/bidi-invisible-values.yaml";

/// U+202E, U+2066 and U+200B, raw, reached the terminal from `check`, `show`, `keys`
/// and `merge` (issue 22): each now writes them out.
#[test]
fn bidi_controls_and_invisible_characters_are_written_out() {
    for format in ["text", "github"] {
        let (status, out, _) = run_clean(&["check", "--format", format, INVISIBLE]);
        assert_eq!(status, 1, "{out}");
        assert!(out.contains("fixed topic T9\\u{202e}, which"), "{out}");
        assert!(out.contains("\\u{2067}\\u{202b}embedded"), "{out}");
    }
    let (status, out, _) = run_clean(&["show", INVISIBLE]);
    assert_eq!(status, 0, "{out}");
    assert!(out.contains("Use of\\u{200b}terms"), "{out}");
    assert!(out.contains("T9\\u{202e}"), "{out}");
    // The emoji sequence and the Persian word keep their joiners, raw.
    assert!(out.contains("👩🏽\u{200d}💻"), "{out}");
    let (status, out, _) = run_clean(&["diff", "--format", "md", CLEAN, INVISIBLE]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("\\u{e0020}Vienna\\u{2028}Room M3"), "{out}");

    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[keys]\n\"qu\u{202e}it\" = \"\u{2066}x\"\n").expect("write");
    let config = config.to_str().expect("UTF-8 path");
    let (status, _, err) = run_clean(&["keys", "--config", config]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("qu\\u{202e}it"), "{err}");
}

/// The merge driver's conflict report quotes both sides' values, written out.
#[test]
fn merge_writes_out_bidi_controls_in_its_conflict_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shipped =
        std::fs::read_to_string(common::root().join("plans/firearms.yaml")).expect("shipped plan");
    let venue = |v: &str| {
        shipped.replacen(
            "    fixed: T4\n",
            &format!("    fixed: T4\n    venue: \"{v}\"\n"),
            1,
        )
    };
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path.to_str().expect("UTF-8 path").to_owned()
    };
    let base = write("base.yaml", &shipped);
    let ours = write("ours.yaml", &venue("Vienna \\u202Egnp.exe"));
    let theirs = write("theirs.yaml", &venue("New York\\u200B"));
    let (status, _, err) = run_clean(&["merge", &base, &ours, &theirs]);
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("Vienna \\u{202e}gnp.exe"), "{err}");
    assert!(err.contains("New York\\u{200b}"), "{err}");
}
