//! The normalized plan and its findings, for programs.

use serde::Serialize;

use super::ExportError;
use crate::check::{Counts, Finding};
use crate::plan::Plan;

/// Version of this document's shape; bumped on any incompatible change.
const EXPORT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    export_version: u32,
    plan: Plan,
    findings: &'a [Finding],
    counts: Counts,
}

pub(super) fn render(plan: &Plan, findings: &[Finding]) -> Result<String, ExportError> {
    // Normalized: meetings in number order, so two files that differ only in the order
    // they list meetings export the same document. Defaults (status, grace years) are
    // always written by the model's serializer.
    let mut plan = plan.clone();
    plan.meetings.sort_by_key(|m| m.number);
    let doc = Document {
        export_version: EXPORT_VERSION,
        plan,
        findings,
        counts: Counts::of(findings),
    };
    Ok(format!("{}\n", serde_json::to_string_pretty(&doc)?))
}
