//! Scenarios side by side: each set of delays realigned on the same plan, with the
//! least-misaligned plan where no aligned one exists.

use crate::plan::{ClusterId, MeetingNumber, Plan, Status};

use super::{Cost, Misaligned, Options, Proposal, RealignError, apply_delays, realign};

/// A named set of delays, in the order given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub name: String,
    pub delays: Vec<(ClusterId, i32)>,
}

impl From<&crate::plan::Scenario> for Scenario {
    fn from(s: &crate::plan::Scenario) -> Self {
        Self {
            name: s.name.clone(),
            delays: s.delays.iter().map(|(c, y)| (c.clone(), *y)).collect(),
        }
    }
}

/// One scenario's outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Compared {
    pub scenario: Scenario,
    /// Why no aligned plan exists, as (topic, reason); None when one does.
    pub unplaceable: Option<(String, String)>,
    /// The aligned proposal; else the best effort; None when even that finds no plan
    /// (held meetings leave the topics between them no meeting).
    pub proposal: Option<Summary>,
}

/// What a comparison shows of a proposal: its figures, not its plan. Keeping each
/// scenario's realigned plan made memory grow with the square of the scenarios (a plan
/// of thousands of scenarios held thousands of copies of itself).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub cost: Cost,
    /// The last meeting (not cancelled) of the proposed plan, as (number, year).
    pub last_meeting: Option<(MeetingNumber, i32)>,
    /// As [`Proposal::second_meetings`].
    pub second_meetings: Vec<(MeetingNumber, i32)>,
    /// As [`Proposal::misaligned`].
    pub misaligned: Vec<Misaligned>,
}

impl From<Proposal> for Summary {
    fn from(p: Proposal) -> Self {
        let last_meeting = p
            .plan
            .meetings
            .iter()
            .filter(|m| m.status != Status::Cancelled)
            .map(|m| (m.year, m.number))
            .max()
            .map(|(y, n)| (n, y));
        Self {
            cost: p.cost,
            last_meeting,
            second_meetings: p.second_meetings,
            misaligned: p.misaligned,
        }
    }
}

impl Compared {
    pub fn aligned(&self) -> bool {
        self.unplaceable.is_none()
    }

    /// The last meeting (not cancelled) of the proposed plan, as (number, year).
    pub fn last_meeting(&self) -> Option<(MeetingNumber, i32)> {
        self.proposal.as_ref().and_then(|p| p.last_meeting)
    }
}

/// Realigns `plan` under each scenario's delays. An unknown cluster or a plan that
/// cannot be realigned at all is an error for the whole comparison.
pub fn compare(
    plan: &Plan,
    scenarios: &[Scenario],
    options: &Options,
) -> Result<Vec<Compared>, RealignError> {
    // The plan's own scenarios play no part in a realignment: without them, each
    // scenario's copies of the plan are the size of the rest of it, not of every scenario.
    let bare = Plan {
        scenarios: Vec::new(),
        ..plan.clone()
    };
    scenarios
        .iter()
        .map(|scenario| {
            let delayed = apply_delays(&bare, &scenario.delays)?;
            let aligned = Options {
                best_effort: false,
                ..*options
            };
            match realign(&delayed, &aligned) {
                Ok(p) => Ok(Compared {
                    scenario: scenario.clone(),
                    unplaceable: None,
                    proposal: Some(p.into()),
                }),
                Err(RealignError::Unplaceable { topic, reason }) => {
                    let best = Options {
                        best_effort: true,
                        ..*options
                    };
                    Ok(Compared {
                        scenario: scenario.clone(),
                        unplaceable: Some((topic.0, reason)),
                        proposal: realign(&delayed, &best).ok().map(Summary::from),
                    })
                }
                Err(e) => Err(e),
            }
        })
        .collect()
}
