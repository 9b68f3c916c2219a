//! The shipped plans cite their sources as documents (title, date, UN symbol), never as
//! project files, and the wording of a project's working files does not reach the plans
//! or, through the meeting notes, their exports.

use crate::common;

use std::path::{Path, PathBuf};

use common::{root, workplan};

fn shipped_plans() -> Vec<PathBuf> {
    let mut plans = Vec::new();
    for dir in ["plans", "plans/scenarios"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("plans/ is there") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "yaml") {
                plans.push(path);
            }
        }
    }
    assert!(plans.len() >= 7, "{plans:?}");
    plans
}

/// Words that point at working files instead of documents.
fn file_references(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    [
        "seed",
        "shared/",
        ".txt",
        "domain.md",
        "000 para",
        "004 para",
    ]
    .iter()
    .filter(|w| lower.contains(*w))
    .map(|w| (*w).to_string())
    .collect()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_shipped_firearms_plan_lists_its_sources_as_documents() {
    for path in shipped_plans() {
        let name = relative(&path);
        let text = std::fs::read_to_string(&path).expect("reads");
        assert!(
            file_references(&text).is_empty(),
            "{name} cites files: {:?}",
            file_references(&text)
        );
        if name.ends_with("example.yaml") {
            continue; // an invented body: nothing to cite
        }
        // The header's comments as one line of words, however they are wrapped.
        let head = text
            .lines()
            .take(60)
            .map(|l| l.trim_start_matches('#'))
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.lines().take(60).any(|l| l.starts_with("# Source")),
            "{name} has no sources list at the top"
        );
        assert!(
            head.contains(
                "\"Proposal for a multi-year workplan for the Working Group on Firearms\""
            ) && head.contains("9 February 2022"),
            "{name} does not cite the background paper of 9 February 2022 by title and date"
        );
        if !name.ends_with("firearms-2022-proposal.yaml") {
            assert!(
                head.contains("CTOC/COP/2024/4") && head.contains("17 July 2024"),
                "{name} does not cite CTOC/COP/2024/4 by symbol and date"
            );
        }
    }
}

#[test]
fn exports_of_the_shipped_plan_carry_no_file_references() {
    for format in ["json", "md", "html", "ics", "csv", "yaml"] {
        let out = workplan()
            .args(["export", "plans/firearms.yaml", "--format", format])
            .output()
            .expect("runs");
        assert!(out.status.success(), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            file_references(&text).is_empty(),
            "{format} export cites files: {:?}",
            file_references(&text)
        );
    }
}
