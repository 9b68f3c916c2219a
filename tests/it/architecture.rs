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

/// The modules of ARCHITECTURE.md's table ("src/plan/" is `plan`, "src/exit.rs" is
/// `exit`) with what each may depend on, read from its "May depend on" column: the
/// backticked module names, "the core" for the modules the map calls the core, and
/// "everything" for all of them; what follows "never" is refused.
fn dependency_table(map: &str) -> Vec<(String, Vec<String>)> {
    let core: Vec<String> = map
        .split_once("The core (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(list, _)| backticked(list))
        .unwrap_or_default();
    assert!(!core.is_empty(), "ARCHITECTURE.md names no core");
    let rows: Vec<(String, String)> = map
        .lines()
        .filter(|l| l.starts_with("| `src/"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let path = backticked(cells.get(1)?).into_iter().next()?;
            let name = path
                .trim_start_matches("src/")
                .trim_end_matches('/')
                .trim_end_matches(".rs")
                .to_owned();
            Some((name, cells.get(3)?.to_string()))
        })
        .collect();
    let names: Vec<String> = rows.iter().map(|(n, _)| n.clone()).collect();
    rows.iter()
        .map(|(name, cell)| {
            // "(never `cli`)" names what is refused, not allowed.
            let cell = cell.split("never").next().unwrap_or_default();
            let mut allowed: Vec<String> = if cell.starts_with("everything") {
                names.clone()
            } else {
                backticked(cell)
                    .into_iter()
                    .filter(|n| names.contains(n))
                    .collect()
            };
            if cell.contains("the core") {
                allowed.extend(core.iter().cloned());
            }
            (name.clone(), allowed)
        })
        .collect()
}

/// The `code` spans of a piece of Markdown.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The crate's modules a source file refers to: `crate::x`, `crate::{x, y::z}`, and
/// `super::x` (as many `super`s as the file is deep) for `x` a module of `names`.
/// Comments and test modules (`#[cfg(test)] mod tests { … }`) are left out: a test may
/// use any module.
fn referenced(source: &str, depth: usize, names: &[String]) -> Vec<String> {
    // An inline test module closes its file (`mod tests;` declares one kept elsewhere).
    let end = source
        .match_indices("#[cfg(test)]\n")
        .map(|(at, _)| at)
        .find(|&at| {
            let decl = source[at..].lines().nth(1).unwrap_or_default();
            decl.contains("mod ") && decl.trim_end().ends_with('{')
        })
        .unwrap_or(source.len());
    let code: String = source[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    for root in ["crate::".to_owned(), "super::".repeat(depth)] {
        for (at, _) in code.match_indices(&root) {
            // `super::super::x` is not `super::x` of a deeper file.
            if root.starts_with("super") && code[..at].ends_with("super::") {
                continue;
            }
            let rest = &code[at + root.len()..];
            let first: Vec<String> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|item| ident(item.trim()))
                    .collect(),
                None => vec![ident(rest)],
            };
            found.extend(first.into_iter().filter(|n| names.contains(n)));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// `src/` files with how deep each sits below the crate root (`src/plan/mod.rs` and
/// `src/exit.rs`: 1), leaving out the files of test modules (`#[cfg(test)] mod x;`).
fn sources(root: &Path) -> Vec<(String, usize)> {
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    let mut test_only = Vec::new();
    for file in files.iter().filter(|f| f.ends_with(".rs")) {
        let text = std::fs::read_to_string(root.join(file)).expect("source");
        let dir = match file.strip_suffix("mod.rs") {
            Some(dir) => dir.to_owned(),
            None => file.trim_end_matches(".rs").to_owned() + "/",
        };
        for rest in text.split("#[cfg(test)]\n").skip(1) {
            let decl = rest
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ");
            let name = decl.strip_prefix("mod ").and_then(|d| d.split_once(';'));
            if let Some((name, _)) =
                name.filter(|(n, _)| n.chars().all(|c| c.is_alphanumeric() || c == '_'))
            {
                test_only.push(format!("{dir}{name}.rs"));
                test_only.push(format!("{dir}{name}/"));
            }
        }
    }
    files
        .into_iter()
        .filter(|f| f.ends_with(".rs") && !test_only.iter().any(|t| f.starts_with(t.as_str())))
        .map(|f| {
            let depth = f.matches('/').count() - usize::from(f.ends_with("/mod.rs"));
            (f, depth)
        })
        .collect()
}

/// What the files of `module` refer to that its row of the table does not allow.
fn violations(
    table: &[(String, Vec<String>)],
    module: &str,
    files: &[(String, String, usize)],
) -> Vec<String> {
    let names: Vec<String> = table.iter().map(|(n, _)| n.clone()).collect();
    let allowed = table
        .iter()
        .find(|(n, _)| n == module)
        .map(|(_, a)| a.clone())
        .unwrap_or_default();
    files
        .iter()
        .flat_map(|(file, text, depth)| {
            referenced(text, *depth, &names)
                .into_iter()
                .filter(|used| used != module && !allowed.contains(used))
                .map(move |used| format!("{file} uses `{used}`, which `{module}` may not"))
        })
        .collect()
}

/// Every module keeps to its row of ARCHITECTURE.md's table: what it may depend on.
#[test]
fn every_module_depends_only_on_what_its_row_allows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let table = dependency_table(&map);
    assert!(table.len() >= 14, "{table:?}");
    let mut broken = Vec::new();
    let sources = sources(root);
    for (module, _) in &table {
        if module == "lib" {
            continue;
        }
        let files: Vec<(String, String, usize)> = sources
            .iter()
            .filter(|(f, _)| {
                f == &format!("src/{module}.rs") || f.starts_with(&format!("src/{module}/"))
            })
            .map(|(f, depth)| {
                let text = std::fs::read_to_string(root.join(f)).expect("source");
                // `main.rs` is a binary: it reaches the library as `workplan::`.
                (f.clone(), text.replace("workplan::", "crate::"), *depth)
            })
            .collect();
        assert!(!files.is_empty(), "no files for `{module}`");
        broken.extend(violations(&table, module, &files));
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// The check catches a planted import, in each of the forms a path takes.
#[test]
fn a_wrong_import_is_caught() {
    let map = "The core (`plan`, `diff`, `export`) takes values.\n\
               | `src/plan/` | the model | `text` |\n\
               | `src/text.rs` | text | nothing |\n\
               | `src/diff/` | diff | `plan`, `text` |\n\
               | `src/export/` | exports | `plan` |\n\
               | `src/cli/` | commands | the core |\n\
               | `src/tui/` | the planner | the core (never `cli`) |\n";
    let table = dependency_table(map);
    let one = |module: &str, file: &str, text: &str, depth| {
        violations(&table, module, &[(file.into(), text.into(), depth)])
    };
    assert_eq!(
        one(
            "export",
            "src/export/md.rs",
            "use crate::diff::md_cell;\n",
            2
        ),
        ["src/export/md.rs uses `diff`, which `export` may not"]
    );
    assert_eq!(
        one(
            "export",
            "src/export/mod.rs",
            "use crate::{plan::Plan, diff};",
            1
        )
        .len(),
        1
    );
    assert_eq!(
        one("export", "src/export/mod.rs", "super::diff::x()", 1).len(),
        1
    );
    assert_eq!(
        one("export", "src/export/md.rs", "super::super::diff::x()", 2).len(),
        1
    );
    assert_eq!(
        one("tui", "src/tui/app.rs", "use crate::cli::keys;", 2).len(),
        1
    );
    // Allowed, or not a module path.
    assert!(
        one(
            "diff",
            "src/diff/mod.rs",
            "use crate::plan::Plan; use crate::text;",
            1
        )
        .is_empty()
    );
    assert!(
        one(
            "export",
            "src/export/md.rs",
            "use super::lookup::Lookup;",
            2
        )
        .is_empty()
    );
    assert!(
        one(
            "export",
            "src/export/md.rs",
            "// crate::diff in a comment\n",
            2
        )
        .is_empty()
    );
    assert!(
        one(
            "export",
            "src/export/mod.rs",
            "#[cfg(test)]\nmod tests {\n use crate::diff;\n}",
            1
        )
        .is_empty()
    );
    assert!(one("cli", "src/cli/mod.rs", "use crate::export::Format;", 1).is_empty());
    // A test module declared here and kept in a file of its own hides nothing after it.
    let after = "#[cfg(test)]\nmod tests;\n\nuse crate::diff;\n";
    assert_eq!(one("export", "src/export/mod.rs", after, 1).len(), 1);
    assert!(one("text", "src/text.rs", "use crate::plan;", 1).len() == 1);
}

/// The planner's state holds no view and no terminal type (`src/tui/app.rs`'s header);
/// the view reads the state, never the other way round.
#[test]
fn the_planners_state_names_no_view_type() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("src/tui/app.rs")).expect("app.rs");
    for word in ["view::", "ratatui", "crossterm"] {
        let used = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .any(|l| l.contains(word));
        assert!(!used, "src/tui/app.rs uses {word}");
    }
}
