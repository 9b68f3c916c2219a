//! The interactive planner. The only module that touches ratatui or crossterm.

use std::path::Path;

use crate::plan::Limits;

pub fn run(_plan: Option<&Path>, _limits: Limits) -> anyhow::Result<u8> {
    anyhow::bail!("the interactive planner is not built yet; use `workplan check PLAN`")
}
