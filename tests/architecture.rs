//! ARCHITECTURE.md names every module directory and source file under src/.

use std::path::Path;

fn walk(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .expect("inside the crate")
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            out.push(format!("{name}/"));
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(name);
        }
    }
}

#[test]
fn every_module_of_src_is_named_in_architecture_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut names = Vec::new();
    walk(&root.join("src"), &mut names);
    assert!(names.iter().any(|n| n == "src/lib.rs"), "walked {names:?}");
    let missing: Vec<_> = names
        .iter()
        .filter(|n| !map.contains(&format!("`{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md does not name {missing:?}"
    );
}

/// The commands and the planner meet only in `main.rs` and through the core and
/// `src/exit.rs`: neither imports the other.
#[test]
fn cli_and_tui_do_not_import_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (dir, forbidden) in [
        ("src/cli", ["crate::tui", "super::tui"]),
        ("src/tui", ["crate::cli", "super::cli"]),
    ] {
        let mut files = Vec::new();
        walk(&root.join(dir), &mut files);
        assert!(!files.is_empty(), "{dir} has files");
        for file in files.iter().filter(|f| f.ends_with(".rs")) {
            let text = std::fs::read_to_string(root.join(file)).expect("source");
            for word in forbidden {
                // A path, not a prefix of a longer name (`super::click`).
                let used = text.match_indices(word).any(|(at, _)| {
                    !text[at + word.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                assert!(!used, "{file} uses {word}");
            }
        }
    }
}
