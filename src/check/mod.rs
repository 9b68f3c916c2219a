//! The rules a plan is checked against: `fn(&Plan) -> Vec<Finding>`, one function per rule.
//!
//! Findings carry an [`Anchor`] (which value of the plan they concern) rather than a
//! line, so the same checks run on a plan being edited in the planner; [`locate`] turns
//! anchors into lines for a plan read from a file.

mod finding;
mod incremental;
mod rules;

pub use finding::{Anchor, Code, Counts, Finding, MeetingField, Severity};
pub use incremental::Checked;

use crate::plan::{Meeting, Plan, PlanIndex, SourceMap};

/// Runs every rule. Findings come in the order of the plan file's sections, each
/// section in its own order, so output reads top to bottom like the file.
pub fn check(plan: &Plan) -> Vec<Finding> {
    check_indexed(plan, &PlanIndex::new(plan))
}

/// [`check`] with the index of `plan` the caller already has.
pub fn check_indexed(plan: &Plan, index: &PlanIndex) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules::PLAN_WIDE {
        rule(plan, index, &mut findings);
    }
    // Stable: at one anchor, the findings keep the order of the rules.
    findings.sort_by_key(order_key);
    for (i, m) in plan.meetings.iter().enumerate() {
        meeting_findings(plan, index, i, m, &mut findings);
    }
    findings
}

fn order_key(f: &Finding) -> (u8, usize, u8) {
    f.anchor.map(Anchor::order_key).unwrap_or((0, 0, 0))
}

/// The findings about meeting `i` (`m`), appended to `out` in the order of a full check.
fn meeting_findings(plan: &Plan, index: &PlanIndex, i: usize, m: &Meeting, out: &mut Vec<Finding>) {
    let start = out.len();
    for rule in rules::MEETING {
        rule(plan, index, i, m, out);
    }
    out[start..].sort_by_key(order_key);
}

/// Fills in the line of each finding from where its value was read.
pub fn locate(findings: &mut [Finding], source: &SourceMap) {
    for f in findings {
        f.line = f.anchor.and_then(|a| a.line(source));
    }
}

/// Checks a plan and locates the findings in the file it came from.
pub fn check_located(plan: &Plan, source: &SourceMap) -> Vec<Finding> {
    let mut findings = check(plan);
    locate(&mut findings, source);
    findings
}

#[cfg(test)]
mod incremental_props;
#[cfg(test)]
mod tests;
