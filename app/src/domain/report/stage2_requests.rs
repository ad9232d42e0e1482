//! The table "Stage 2 requests by outcome and decline reason": every Stage 2 request made in
//! the year (by the day requested), once each, by what became of it: accepted (investigated),
//! declined (with one row per lawful reason), resolved another way (by how), withdrawn, or
//! still awaiting a decision. Reasons and resolutions are fixed lists, so every row shows.

use super::tally::{Pair, LAST, THIS};
use super::{Row, Table};
use crate::domain::procedure::{Stage2Answer, Stage2DeclineReason, Stage2Resolution};

/// Stage 2 requests counted by what became of them, for [THIS, LAST].
#[derive(Default)]
pub(super) struct Counts {
    accepted: Pair,
    declined: [Pair; Stage2DeclineReason::ALL.len()],
    resolved: [Pair; Stage2Resolution::ALL.len()],
    withdrawn: Pair,
    awaiting: Pair,
}

impl Counts {
    /// Counts one request made in year slot `y`.
    pub(super) fn add(&mut self, answer: Stage2Answer, y: usize) {
        let slot = match answer {
            Stage2Answer::Accepted => &mut self.accepted,
            Stage2Answer::Declined(r) => &mut self.declined[position(Stage2DeclineReason::ALL, r)],
            Stage2Answer::ResolvedOtherwise(h) => {
                &mut self.resolved[position(Stage2Resolution::ALL, h)]
            }
            Stage2Answer::Withdrawn => &mut self.withdrawn,
            Stage2Answer::Awaiting => &mut self.awaiting,
        };
        slot[y] += 1;
    }
}

fn position<E: PartialEq>(all: &[E], v: E) -> usize {
    all.iter().position(|e| *e == v).unwrap_or(0)
}

fn row(key: String, label: &str, counts: Pair, part: bool) -> Row {
    Row {
        key,
        label: label.to_string(),
        this_year: counts[THIS],
        last_year: counts[LAST],
        part,
    }
}

fn sum(pairs: &[Pair]) -> Pair {
    pairs
        .iter()
        .fold([0, 0], |a, p| [a[THIS] + p[THIS], a[LAST] + p[LAST]])
}

/// The table, with `labels` the two years' headings.
pub(super) fn table(labels: &[String; 2], c: &Counts) -> Table {
    let mut rows = vec![row(
        "accepted".into(),
        "Accepted and investigated",
        c.accepted,
        false,
    )];
    rows.push(row("declined".into(), "Declined", sum(&c.declined), false));
    for (r, n) in Stage2DeclineReason::ALL.iter().zip(c.declined) {
        rows.push(row(format!("declined_{}", r.code()), r.label(), n, true));
    }
    rows.push(row(
        "resolved_otherwise".into(),
        "Resolved another way",
        sum(&c.resolved),
        false,
    ));
    for (h, n) in Stage2Resolution::ALL.iter().zip(c.resolved) {
        rows.push(row(format!("resolved_{}", h.code()), h.label(), n, true));
    }
    rows.push(row(
        "withdrawn".into(),
        "Withdrawn by the complainant",
        c.withdrawn,
        false,
    ));
    rows.push(row(
        "awaiting".into(),
        "Awaiting a decision",
        c.awaiting,
        false,
    ));
    let whole: Vec<Pair> = rows
        .iter()
        .filter(|r| !r.part)
        .map(|r| [r.this_year, r.last_year])
        .collect();
    let total = row("total".into(), "Stage 2 requests", sum(&whole), false);
    Table {
        id: "stage2_requests".to_string(),
        title: "Stage 2 requests by outcome and decline reason".to_string(),
        columns: vec![
            "Outcome of the request".to_string(),
            labels[THIS].clone(),
            labels[LAST].clone(),
            "Change".to_string(),
        ],
        rows,
        total: Some(total),
        measures: vec![],
        unit: "Stage 2 requests made in the year (by the day requested), statutory complaints. \
               Each request is counted once; a declined request under the reason given, which \
               must be one the statutory guidance allows."
            .to_string(),
    }
}
