//! Order kept: a dynamic programme over (topic, slot), one bit of memory per state.

use std::ops::Add;

use super::{Fail, Problem, Step, Stop};

/// The cost of a prefix of topics; compared lexicographically, added pairwise.
trait Partial: Copy + Ord + Default + Add<Output = Self> {
    fn of(p: &Problem, t: usize, j: usize) -> Self;
    fn step(self) -> Step;
}

impl Partial for Step {
    fn of(p: &Problem, t: usize, j: usize) -> Self {
        p.cost(t, j)
    }
    fn step(self) -> Step {
        self
    }
}

/// Moves and delay only: all an aligned solve without second meetings can cost. Half
/// the size of a [`Step`], which the worst case (a million states) feels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Plain {
    moved: u32,
    delay: i64,
}

impl Add for Plain {
    type Output = Plain;
    fn add(self, o: Plain) -> Plain {
        Plain {
            moved: self.moved + o.moved,
            delay: self.delay.saturating_add(o.delay),
        }
    }
}

impl Partial for Plain {
    fn of(p: &Problem, t: usize, j: usize) -> Self {
        let (moved, delay) = p.moved_delay(t, j);
        Plain { moved, delay }
    }
    fn step(self) -> Step {
        Step {
            moved: self.moved,
            delay: self.delay,
            ..Step::default()
        }
    }
}

/// The slot of each movable topic in an optimal order-keeping assignment.
pub(crate) fn solve(p: &Problem, stop: Stop) -> Result<Vec<usize>, Fail> {
    if p.plain {
        dp::<Plain>(p, stop)
    } else {
        dp::<Step>(p, stop)
    }
}

fn dp<C: Partial>(p: &Problem, stop: Stop) -> Result<Vec<usize>, Fail> {
    let n = p.topics.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let (lo, end) = ranges(p)?;

    // take[t] bit k: the running minimum for topic t up to slot lo[t] + k puts t there.
    let mut take: Vec<Vec<u64>> = Vec::with_capacity(n);
    let mut prev: Vec<C> = Vec::new();
    let mut last: Vec<C> = Vec::new();
    for t in 0..n {
        stop.check()?;
        let width = end[t] - lo[t];
        let mut bits = vec![0u64; width.div_ceil(64)];
        let mut running: Vec<C> = Vec::with_capacity(width);
        for (k, j) in (lo[t]..end[t]).enumerate() {
            // lo[t] > lo[t-1], so j - 1 is never below the previous range.
            let before = match t {
                0 => C::default(),
                _ => prev[(j - 1).min(end[t - 1] - 1) - lo[t - 1]],
            };
            let here = before + C::of(p, t, j);
            if t == n - 1 {
                last.push(here);
            }
            // Strictly better only: ties keep the earlier slot.
            if k == 0 || here < running[k - 1] {
                running.push(here);
                bits[k / 64] |= 1 << (k % 64);
            } else {
                running.push(running[k - 1]);
            }
        }
        take.push(bits);
        prev = running;
    }

    // The meetings added depend only on where the last topic goes.
    // Ranked as the module documentation says; ties keep the earliest slot.
    let mut best: Option<(Step, usize, usize)> = None;
    for (k, &partial) in last.iter().enumerate() {
        let step = partial.step();
        let j = lo[n - 1] + k;
        let added = p.added(Some(j));
        let key = |(s, a, _): (Step, usize, usize)| (s.rank(), a, s.delay);
        if best.is_none_or(|b| key((step, added, j)) < key(b)) {
            best = Some((step, added, j));
        }
    }
    let Some((_, _, j_last)) = best else {
        return Err(Fail::NoSlot(n - 1));
    };

    let mut out = vec![0; n];
    out[n - 1] = j_last;
    for t in (0..n - 1).rev() {
        let mut j = (out[t + 1] - 1).min(end[t] - 1);
        loop {
            let k = j - lo[t];
            if take[t][k / 64] & (1 << (k % 64)) != 0 {
                break;
            }
            // Bit 0 is always set, so this stays within the range.
            j -= 1;
        }
        out[t] = j;
    }
    Ok(out)
}

/// Each topic's slots as a half-open range, narrowed so that every slot in it can be
/// part of an increasing assignment; the first topic without one is the failure.
fn ranges(p: &Problem) -> Result<(Vec<usize>, Vec<usize>), Fail> {
    let n = p.topics.len();
    let mut own = vec![0; n];
    let mut lo = vec![0; n];
    let mut end = vec![0; n];
    for (t, topic) in p.topics.iter().enumerate() {
        let l = topic.year_lo.max(topic.pin_lo);
        let e = topic.year_end.min(topic.pin_end);
        if l >= e {
            return Err(Fail::NoSlot(t));
        }
        own[t] = l;
        lo[t] = if t == 0 { l } else { l.max(lo[t - 1] + 1) };
        end[t] = e;
        if lo[t] >= e {
            // The topics pushing it out: the chain of those pushed up to it.
            let mut before = Vec::new();
            let mut k = t;
            while k > 0 {
                k -= 1;
                before.push(k);
                if lo[k] == own[k] {
                    break;
                }
            }
            before.reverse();
            return Err(Fail::Crowded { topic: t, before });
        }
    }
    for t in (0..n - 1).rev() {
        end[t] = end[t].min(end[t + 1] - 1);
    }
    Ok((lo, end))
}
