//! `workplan realign` what-ifs end to end: delay parsing, best effort, a second meeting
//! in a year, and scenarios compared side by side.

mod common;

use common::workplan;
use predicates::prelude::*;

const FIREARMS: &str = "plans/firearms.yaml";

#[test]
fn a_delay_with_two_signs_is_refused() {
    workplan()
        .args(["realign", FIREARMS, "--delay", "C2=++2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`++2` is not a whole number of years",
        ));
}

#[test]
fn a_cluster_delayed_twice_is_said_to_add_up() {
    workplan()
        .args(["realign", FIREARMS, "--delay", "C2=+1", "--delay", "C2=+1"])
        .assert()
        .stderr(predicate::str::contains(
            "--delay names C2 2 times: the delays add up to +2 years",
        ))
        .stdout(predicate::str::contains(
            "cluster C2 +1 year, now reviewed from 2029 to 2032",
        ));
}
