//! The realignment preview. The solver is long work, so it runs as an effect: `R` (and
//! `o`, `s` in the preview) return [`Effect::Realign`], the loop runs [`run_until`] on a
//! thread of its own and feeds its [`Msg::Realigned`] back, and [`received`] opens the
//! preview on the result. Meanwhile the planner says "Realigning… (Esc cancels)" and
//! sets other keys aside ([`busy`]): Esc or Ctrl+C cancels ([`Effect::CancelRealign`]).

use super::super::app::{App, Mode, NoticeKind, RealignPreview, Realigning};
use super::super::msg::{Effect, Msg, Realigned};
use super::{Outcome, apply_as, notice, page, pan, sentence};
use crate::edit::Edit;
use crate::plan::Plan;
use crate::realign::summary::summarize;
use crate::realign::{Options, RealignError, Stop};

/// What the planner says while the solver works.
pub const REALIGNING: &str = "Realigning… (Esc cancels)";

/// Asks the loop to run the solver with these options; until it answers, the planner
/// is busy.
pub fn start(app: &mut App, allow_reorder: bool, allow_second: bool) -> Outcome {
    let notice_before = app.notice.take();
    app.realigning = Some(Realigning {
        notice: notice_before,
    });
    notice(app, NoticeKind::Info, REALIGNING);
    Outcome::Run(vec![Effect::Realign {
        allow_reorder,
        allow_second,
    }])
}

/// A message while the solver works: Esc or Ctrl+C (or q) cancels it; anything else
/// waits for the answer, which an edit made meanwhile would make stale.
pub fn busy(app: &mut App, msg: &Msg) -> Vec<Effect> {
    match msg {
        Msg::Cancel | Msg::Quit => {
            app.realigning = None;
            notice(
                app,
                NoticeKind::Info,
                "Realignment cancelled: the plan is as it was.",
            );
            vec![Effect::CancelRealign]
        }
        _ => Vec::new(),
    }
}

/// Carries out an [`Effect::Realign`]: the proposal (aligned, else the least misaligned)
/// and what each other way of realigning would cost.
pub fn run(plan: &Plan, allow_reorder: bool, allow_second: bool) -> Msg {
    run_until(plan, allow_reorder, allow_second, Stop::NEVER)
}

/// [`run`], giving up soon after `stop` is raised (the answer then says so, and the
/// loop, which raised it, drops it).
pub fn run_until(plan: &Plan, allow_reorder: bool, allow_second: bool, stop: Stop) -> Msg {
    let options = Options {
        allow_reorder,
        allow_second_meeting: allow_second,
        ..Options::default()
    };
    let proposal = match crate::realign::realign_with_fallback_until(plan, &options, true, stop) {
        (Ok(p), _) => Ok((Box::new(p), None)),
        (Err(e), Some(p)) => Ok((Box::new(p), Some(sentence(&e)))),
        (Err(e), None) => Err(e.to_string()),
    };
    let alternatives = if stop.raised() {
        Vec::new()
    } else {
        alternatives(plan, stop)
    };
    Msg::Realigned(Box::new(Realigned {
        allow_reorder,
        allow_second,
        proposal,
        alternatives,
    }))
}

/// What each way of realigning costs: topics moved / meetings added / years of delay
/// ("5/1/5"), "best effort, 2 misaligned" where no aligned plan exists, "too large to
/// reorder" where the order-free solver declines, or "none".
fn alternatives(plan: &Plan, stop: Stop) -> Vec<(&'static str, String)> {
    let ways = [
        ("order kept", false, false),
        ("order free", true, false),
        ("second meetings", false, true),
        ("both", true, true),
    ];
    ways.into_iter()
        .map(|(label, allow_reorder, allow_second_meeting)| {
            let options = Options {
                allow_reorder,
                allow_second_meeting,
                ..Options::default()
            };
            let text = match crate::realign::realign_with_fallback_until(plan, &options, true, stop)
            {
                // Counted on the plan it proposes, as the preview counts (second meetings
                // are meetings added).
                (Ok(p), _) => {
                    let s = summarize(plan, &p);
                    format!("{}/{}/{}", s.moved, s.added, s.delay_years)
                }
                (Err(_), Some(p)) => format!("best effort, {} misaligned", p.misaligned.len()),
                (Err(RealignError::Cancelled), None) => "cancelled".to_owned(),
                (
                    Err(
                        RealignError::TooLargeToReorder { .. }
                        | RealignError::TooSlowToReorder { .. },
                    ),
                    None,
                ) => "too large to reorder".to_owned(),
                (Err(_), None) => "none".to_owned(),
            };
            (label, text)
        })
        .collect()
}

/// The preview of a solver's result, or `None` (and a notice saying why) when there is
/// nothing to preview.
pub fn received(app: &mut App, result: Realigned) -> Option<Mode> {
    // Cancelled meanwhile: the answer is for a question no longer asked.
    let before = app.realigning.take()?;
    app.notice = before.notice;
    let (proposal, why) = match result.proposal {
        Ok(p) => p,
        Err(e) => {
            notice(app, NoticeKind::Error, format!("No realignment: {e}."));
            return None;
        }
    };
    // Read from the plan the proposal would make: what Enter applies.
    let summary = summarize(&app.plan, &proposal);
    match why {
        None if summary.unchanged => {
            notice(
                app,
                NoticeKind::Info,
                "The plan is aligned: the realignment moves nothing.",
            );
            return None;
        }
        None => {}
        // Still previewed when nothing changes: its line of alternatives may show a way
        // (order free, second meetings) that does align the plan.
        Some(why) => {
            let tail = if summary.unchanged {
                "No change leaves fewer topics misaligned; the preview compares the other ways (o, s)."
            } else {
                "The preview shows the least-misaligned plan."
            };
            notice(app, NoticeKind::Error, format!("{why}. {tail}"));
        }
    }
    Some(Mode::Realign(RealignPreview {
        proposal,
        allow_reorder: result.allow_reorder,
        allow_second: result.allow_second,
        alternatives: result.alternatives,
        summary,
        scroll: 0,
    }))
}

pub fn preview(preview: &mut RealignPreview, app: &mut App, msg: &Msg) -> Outcome {
    match msg {
        // The notice is the shown proposal's: the next one says its own, or nothing. Without a
        // proposal the other way, the one shown stays (the notice says why).
        Msg::ToggleReorder => {
            app.notice = None;
            start(app, !preview.allow_reorder, preview.allow_second)
        }
        Msg::ToggleSecondMeeting => {
            app.notice = None;
            start(app, preview.allow_reorder, !preview.allow_second)
        }
        // A proposal that is the plan as it stands has nothing to apply.
        Msg::Open if preview.summary.unchanged => {
            notice(
                app,
                NoticeKind::Info,
                "Nothing to change: the proposal is the plan as it stands.",
            );
            Outcome::Close
        }
        Msg::Open => {
            let counts = preview.summary.counts_line(false);
            let plan = Box::new(preview.proposal.plan.clone());
            if apply_as(app, Edit::Replace(plan), "realignment".into(), |_| None) {
                let text = format!(
                    "Realigned: {counts}. Now {}.{}",
                    app.derived.counts,
                    super::super::keys::hint(app, &Msg::Undo, "undoes")
                );
                notice(app, NoticeKind::Info, text);
            }
            Outcome::Close
        }
        Msg::Cancel => Outcome::Close,
        _ => {
            let last = preview.summary.rows.len().saturating_sub(1);
            preview.scroll = pan(preview.scroll, msg, last, page(app));
            Outcome::Stay
        }
    }
}
