//! Every example command in README.md and docs/*.md, run against the shipped files.
//!
//! trycmd reads the ```console blocks: each `$ workplan ...` line is run with the real
//! binary from the repository's root, and its output (stdout and stderr together) must
//! match the lines under it (`...` on a line of its own skips lines, `[..]` part of one;
//! `? N` states an exit status other than 0). So an example cannot go stale: change the
//! output and this test names the file and line. `TRYCMD=overwrite cargo test --test docs`
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
