//! The integration tests: one binary, so the crate is linked once for all of them
//! (25 binaries each linked the whole crate). Each module is one former
//! `tests/<name>.rs`; helpers live once in `tests/common/`.

#[path = "../common/mod.rs"]
mod common;

mod architecture;
mod check_cli;
mod cli_conventions;
mod closed_streams;
mod corpus;
mod crash_safety;
mod diff_cli;
mod docs;
mod export;
mod export_office;
mod hostile_exports;
mod hostile_files;
mod keys_cli;
mod markdown_links;
mod merge_git;
mod merge_props;
mod mutations;
mod planner_tmux;
mod realign_cli;
mod realign_whatif;
mod show_cli;
mod sources;
mod terminal_text;
