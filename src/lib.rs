//! `workplan`: multi-year workplans of intergovernmental bodies, checked against the
//! review-cluster timelines.
//!
//! The core (`plan`, `check`) knows nothing of terminals; `tui` is the only module that
//! touches ratatui or crossterm.
#![forbid(unsafe_code)]

pub mod check;
pub mod cli;
pub mod diff;
pub mod edit;
pub mod exit;
pub mod export;
pub mod merge;
pub mod plan;
pub mod realign;
pub mod text;
pub mod tui;
