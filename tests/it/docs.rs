//! Every example command in README.md and docs/*.md, run against the shipped files.
//!
//! trycmd reads the ```console blocks: each `$ workplan ...` line is run with the real
//! binary from the repository's root, and its output (stdout and stderr together) must
//! match the lines under it (`...` on a line of its own skips lines, `[..]` part of one;
//! `? N` states an exit status other than 0). So an example cannot go stale: change the
//! output and this test names the file and line. `TRYCMD=overwrite cargo test --test it docs::`
//! rewrites the expected output after a deliberate change. Examples that write files
//! write them under target/, which the checkout ignores.

#[test]
fn readme_and_docs_examples_run_as_shown() {
    // The examples write under target/ (there even when CARGO_TARGET_DIR points elsewhere).
    std::fs::create_dir_all(concat!(env!("CARGO_MANIFEST_DIR"), "/target")).expect("target/");
    trycmd::TestCases::new()
        .register_bin(
            "workplan",
            std::path::Path::new(env!("CARGO_BIN_EXE_workplan")),
        )
        .env("NO_COLOR", "1")
        .case("README.md")
        .case("docs/*.md");
}

/// The `workplan` lines of the ```sh blocks (install steps: completions, the manual
/// page), run by bash in a scratch home directory (one per block) with the built binary
/// on PATH.
/// Lines that start with another program (`cargo install`, the fuzzing recipe) are
/// instructions for other tools and are not run here.
#[test]
fn shell_examples_that_use_workplan_run() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_workplan"))
        .parent()
        .expect("binary's folder")
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let have_man = std::process::Command::new("sh")
        .args(["-c", "command -v man"])
        .output()
        .is_ok_and(|o| o.status.success());
    let mut files = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).expect("docs/") {
        let p = entry.expect("entry").path();
        if p.extension().is_some_and(|e| e == "md") {
            files.push(p);
        }
    }
    let mut ran = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("reads");
        let mut in_sh = false;
        // One scratch home per block: its lines run in order, as a reader would.
        let mut home = scratch(root);
        // A line ending in a backslash goes on on the next, as in a shell.
        let mut joined: Vec<(usize, String)> = Vec::new();
        let mut open = false;
        for (n, line) in text.lines().enumerate() {
            match joined.last_mut() {
                Some((_, last)) if open => {
                    last.pop();
                    last.push_str(line.trim_start());
                }
                _ => joined.push((n, line.to_owned())),
            }
            open = line.ends_with('\\');
        }
        for (n, line) in &joined {
            let (n, line) = (*n, line.as_str());
            if line.starts_with("```") {
                in_sh = !in_sh && line == "```sh";
                home = scratch(root);
                continue;
            }
            let first = line.split_whitespace().next().unwrap_or("");
            if !in_sh || !(first == "workplan" || first == "mkdir") {
                continue;
            }
            if line.contains("| man ") && !have_man {
                assert!(
                    std::env::var_os("WORKPLAN_REQUIRE_TOOLS").is_none(),
                    "man is not installed; .ci/run installs it"
                );
                eprintln!("skipped (man is not installed): {line}");
                continue;
            }
            let out = std::process::Command::new("bash")
                .args(["-euo", "pipefail", "-c", line])
                .current_dir(home.path())
                .env("HOME", home.path())
                .env("PATH", &path)
                .env("MANPAGER", "cat")
                .env("PAGER", "cat")
                .output()
                .expect("bash runs");
            // Status 1 is an answer, not a failure: findings, plans that differ, a
            // scenario without an aligned plan. 2 and above are failures.
            let answered = first == "workplan" && out.status.code() == Some(1);
            assert!(
                out.status.success() || answered,
                "{}:{}: `{line}` failed: {}",
                file.display(),
                n + 1,
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 6, "found only {ran} shell examples");
}

/// A scratch folder to run a block in, as a reader would from a clone: a copy of the
/// shipped `plans/` and `tests/` (copies, not links: an example may write over a plan),
/// so whatever the example writes stays out of the repository.
fn scratch(root: &std::path::Path) -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir") {
            let entry = entry.expect("entry");
            let kind = entry.file_type().expect("file type");
            let target = to.join(entry.file_name());
            if kind.is_dir() {
                copy(&entry.path(), &target);
            } else if kind.is_file() {
                std::fs::copy(entry.path(), target).expect("copy");
            }
        }
    }
    let dir = tempfile::tempdir().expect("scratch home");
    for name in ["plans", "tests/fixtures", "tests/corpus"] {
        copy(&root.join(name), &dir.path().join(name));
    }
    dir
}

/// The export formats the docs list are exactly those of `--format` (one list, in
/// `workplan::export::Format`): each table of formats in docs/exports.md and the
/// README's two lists.
#[test]
fn the_docs_name_every_export_format() {
    use workplan::export::Format;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut expected: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
    expected.sort_unstable();
    let exports = std::fs::read_to_string(root.join("docs/exports.md")).expect("exports.md");
    let mut tables = 0;
    let mut lines = exports.lines();
    while let Some(line) = lines.next() {
        if !line.starts_with("| format |") {
            continue;
        }
        tables += 1;
        let mut named: Vec<&str> = lines
            .by_ref()
            .take_while(|l| l.starts_with('|'))
            .filter_map(|l| l.strip_prefix("| `")?.split_once('`').map(|(name, _)| name))
            .collect();
        named.sort_unstable();
        assert_eq!(named, expected, "a table of formats in docs/exports.md");
    }
    assert_eq!(tables, 2, "docs/exports.md has two tables of formats");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let all: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
    for list in [
        format!("(formats: {})", all.join(", ")),
        format!("| the plan as {} |", Format::names("or")),
    ] {
        assert!(readme.contains(&list), "README.md lacks {list:?}");
    }
}
