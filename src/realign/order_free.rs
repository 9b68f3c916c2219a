//! Order free (`--allow-reorder`): minimum-cost assignments (Hungarian algorithm).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{Fail, Problem, Step, Stop};

// Weights that make one sum compare as `Step` does, for at most 2^9 topics (the solver
// refuses more than `MAX_REORDER_TOPICS`): a topic's delay is below 2^33 (years are
// i32), so all delays stay below 2^42 < MOVE; all moves below 2^52 < SECOND; all second
// meetings below 2^62 < OUTSIDE; years outside, capped at 2^20 per topic for the
// weights (a million years off is as bad as it gets), below 2^92 < MISALIGNED; and all
// misaligned topics below 2^102 < FORBIDDEN, whose sum over 2^9 rows stays far from
// the overflow of i128.
const MOVE: i128 = 1 << 43;
const SECOND: i128 = 1 << 53;
const OUTSIDE: i128 = 1 << 63;
const MISALIGNED: i128 = 1 << 93;
const OUTSIDE_CAP: i64 = 1 << 20;
/// Cost of a forbidden pair: more than any feasible assignment can reach.
const FORBIDDEN: i128 = 1 << 104;

fn weight(step: Step) -> i128 {
    i128::from(step.misaligned) * MISALIGNED
        + i128::from(step.outside.min(OUTSIDE_CAP)) * OUTSIDE
        + i128::from(step.second) * SECOND
        + i128::from(step.moved) * MOVE
        + i128::from(step.delay)
}

struct Solution {
    cost: Step,
    slots: Vec<usize>,
}

pub(crate) fn solve(p: &Problem, stop: Stop) -> Result<Vec<usize>, Fail> {
    let n = p.topics.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    for t in 0..n {
        let (lo, end) = allowed(p, t, p.slots.len());
        if lo >= end {
            return Err(Fail::NoSlot(t));
        }
    }
    let most = p.slots.len() - p.existing;
    let Some(full) = best_with(p, most, stop)? else {
        return Err(diagnose(p));
    };
    // Fewest moves only falls as meetings are added: search the fewest that reach it.
    let (mut a, mut b) = (0, most);
    while a < b {
        let mid = a + (b - a) / 2;
        match best_with(p, mid, stop)? {
            Some(s) if s.cost.rank() == full.cost.rank() => b = mid,
            _ => a = mid + 1,
        }
    }
    match best_with(p, b, stop)? {
        Some(s) => Ok(s.slots),
        None => Ok(full.slots),
    }
}

/// How much work a full solve is, in units of one cost or one step of the Hungarian
/// algorithm's inner loop, roughly: the binary search over the meetings appended, times
/// one assignment per boundary slot of the cross-cutting topics, times n rows of m.
/// The augmenting paths of workplans are short, so n x m per assignment is what
/// dominates (measured: 100 topics over 310 meetings, a cross-cutting one among them,
/// 4 x 10^7 units, 27 s in a debug build).
pub(crate) fn work(p: &Problem) -> u128 {
    let n = p.topics.len() as u128;
    let m = p.slots.len() as u128;
    let appended = (p.slots.len() - p.existing) as u128;
    let searches = u128::from(u128::BITS - appended.leading_zeros()) + 2;
    let splits = if p.topics.iter().any(|t| t.cross) {
        m.saturating_sub(n) + 1
    } else {
        1
    };
    searches * splits * n * m
}

/// Slots topic `t` may take among the first `count`, half-open, by its years (and, if
/// cross-cutting, after every pinned topic).
fn allowed(p: &Problem, t: usize, count: usize) -> (usize, usize) {
    let (mut lo, end) = p.year_range(t);
    if p.topics[t].cross {
        lo = lo.max(p.cross_lo);
    }
    (lo, end.min(count))
}

/// The best assignment using only `appended` appended meetings, by [`Step`].
fn best_with(p: &Problem, appended: usize, stop: Stop) -> Result<Option<Solution>, Fail> {
    let count = p.existing + appended;
    let n = p.topics.len();
    if n > count {
        return Ok(None);
    }
    let crosses = p.topics.iter().filter(|t| t.cross).count();
    // Cross-cutting topics take slots from `split` on, the others slots before it.
    let splits: Vec<Option<usize>> = if crosses == 0 {
        vec![None]
    } else {
        (n - crosses..=count - crosses).map(Some).collect()
    };
    let mut best: Option<Solution> = None;
    for split in splits {
        let cost: Vec<Vec<i128>> = (0..n)
            .map(|t| {
                let (lo, end) = allowed(p, t, count);
                (0..count)
                    .map(|s| {
                        let side = match split {
                            None => true,
                            Some(b) => (s >= b) == p.topics[t].cross,
                        };
                        if side && lo <= s && s < end {
                            weight(p.cost(t, s))
                        } else {
                            FORBIDDEN
                        }
                    })
                    .collect()
            })
            .collect();
        let slots = hungarian(&cost, count, stop)?;
        if slots
            .iter()
            .enumerate()
            .any(|(t, &s)| cost[t][s] >= FORBIDDEN)
        {
            continue;
        }
        let cost = slots
            .iter()
            .enumerate()
            .map(|(t, &s)| p.cost(t, s))
            .fold(Step::default(), |a, b| a + b);
        if best.as_ref().is_none_or(|b| cost < b.cost) {
            best = Some(Solution { cost, slots });
        }
    }
    Ok(best)
}

/// Minimum-cost assignment of each row to a distinct column (rows <= columns):
/// the O(n^2 m) shortest-augmenting-path form of the Hungarian algorithm.
fn hungarian(cost: &[Vec<i128>], m: usize, stop: Stop) -> Result<Vec<usize>, Fail> {
    let n = cost.len();
    let inf = i128::MAX / 4;
    let mut u = vec![0i128; n + 1];
    let mut v = vec![0i128; m + 1];
    let mut row_of = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        stop.check()?;
        row_of[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = row_of[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[row_of[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if row_of[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            row_of[j0] = row_of[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![0; n];
    for j in 1..=m {
        if row_of[j] > 0 {
            out[row_of[j] - 1] = j - 1;
        }
    }
    Ok(out)
}

/// Which topic no assignment can place: a topic whose years run out when slots go
/// earliest-deadline-first; if none does, the cross-cutting constraint is to blame.
fn diagnose(p: &Problem) -> Fail {
    if let Some(t) = contested(p) {
        return Fail::Contested(t);
    }
    match p.topics.iter().position(|t| t.cross) {
        Some(t) => Fail::NotLast(t),
        None => Fail::Contested(0),
    }
}

/// Earliest-deadline-first over every slot for the non-cross-cutting topics, order
/// free: the first topic left without a slot, if any. O(n log n + s).
pub(crate) fn contested(p: &Problem) -> Option<usize> {
    let count = p.slots.len();
    let mut by_start: Vec<usize> = (0..p.topics.len())
        .filter(|&t| !p.topics[t].cross)
        .collect();
    by_start.sort_by_key(|&t| allowed(p, t, count).0);
    let mut waiting: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
    let mut next = 0;
    for s in 0..count {
        while next < by_start.len() && allowed(p, by_start[next], count).0 <= s {
            let t = by_start[next];
            waiting.push(Reverse((allowed(p, t, count).1, t)));
            next += 1;
        }
        if let Some(Reverse((end, t))) = waiting.pop()
            && end <= s
        {
            return Some(t);
        }
    }
    waiting.pop().map(|Reverse((_, t))| t)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A topic's step on a slot, as the problem makes it (misaligned and second 0 or 1).
    fn step() -> impl Strategy<Value = Step> {
        (0u32..2, 0i64..1 << 19, 0u32..2, 0u32..2, 0i64..1 << 33).prop_map(
            |(misaligned, outside, second, moved, delay)| Step {
                misaligned,
                outside,
                second,
                moved,
                delay,
            },
        )
    }

    proptest! {
        /// The Hungarian algorithm sums weights: they must compare as the steps do,
        /// and the weight of a sum must be the sum of the weights.
        #[test]
        fn weights_compare_and_add_up_as_steps_do(a in step(), b in step(), c in step()) {
            prop_assert_eq!(weight(a).cmp(&weight(b)), a.cmp(&b));
            prop_assert_eq!(weight(a) + weight(b), weight(a + b));
            prop_assert_eq!((weight(a) + weight(b)).cmp(&weight(c)), (a + b).cmp(&c));
        }
    }
}
