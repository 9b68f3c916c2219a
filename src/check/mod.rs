//! The rules a plan is checked against: `fn(&Plan) -> Vec<Finding>`, one function per rule.
//!
//! Findings carry an [`Anchor`] (which value of the plan they concern) rather than a
//! line, so the same checks run on a plan being edited in the planner; [`locate`] turns
//! anchors into lines for a plan read from a file.

mod finding;
pub(crate) mod index;
mod rules;

pub use finding::{Anchor, Code, Counts, Finding, MeetingField, Severity};

use crate::plan::{Plan, SourceMap};

/// Runs every rule. Findings come in the order of the plan file's sections, each
/// section in its own order, so output reads top to bottom like the file.
pub fn check(plan: &Plan) -> Vec<Finding> {
    check_indexed(plan, &index::Index::new(plan))
}

/// [`check`] with an index of `plan` the caller has already built.
pub(crate) fn check_indexed(plan: &Plan, index: &index::Index) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules::ALL {
        rule(plan, index, &mut findings);
    }
    findings.sort_by_key(|f| f.anchor.map(Anchor::order_key).unwrap_or((0, 0, 0)));
    findings
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
mod tests;
