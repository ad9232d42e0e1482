//! Cross-tabulations: who made contact × how it was handled, who made a complaint × its
//! outcome, and channel × kind.
//!
//! Decided: a cross-tab is not a new kind of table. Each is a [`Table`] whose rows are the first
//! dimension (every value, in its fixed order, "Not recorded" last) with, under each, "of
//! which" rows for the second dimension ("Parent or carer: Stage 1 complaint (statutory
//! procedure)"). The first-dimension rows add up to the total; the parts are left out of it, as
//! in every other table. So this year, last year and the change, the CSV, the publishable view
//! and the chart all work unchanged. A part that is zero in both years is left out (with 9 × 6
//! combinations the zeros would bury the figures); the first-dimension rows always show.
//!
//! Units: who × handling counts contacts (not compliments or safety alerts, which have their own
//! tables), by the day received; who × outcome counts Stage 1 statutory complaints by the day
//! received, outcome of the complaint as a whole ("still open" until decided); channel × kind
//! counts everything received, compliments and safety alerts included.

use super::assemble::{part, row, Builder, Spec};
use super::tally::{Pair, Tally};
use super::{Channel, ContactKind, Handling, Outcome, Row, Table, Who, NOT_RECORDED};
use crate::domain::submission::ReportLabel;

/// The rows of one cross-tab: for each outer value, its row (the sum of its inner counts) and
/// its non-zero parts.
fn rows(outer: &[(&str, &str)], inner: &[(&str, &str)], counts: &[&[Pair]]) -> Vec<Row> {
    let mut out = Vec::new();
    for ((okey, olabel), cells) in outer.iter().zip(counts) {
        let sum = cells.iter().fold([0, 0], |a, c| [a[0] + c[0], a[1] + c[1]]);
        out.push(row(okey, olabel, sum));
        for ((ikey, ilabel), c) in inner.iter().zip(cells.iter()) {
            if *c != [0, 0] {
                out.push(part(
                    &format!("{okey}:{ikey}"),
                    &format!("{olabel}: {ilabel}"),
                    *c,
                ));
            }
        }
    }
    out
}

fn who_values() -> Vec<(&'static str, &'static str)> {
    Who::ALL
        .iter()
        .map(|w| (w.code(), ReportLabel::report_label(*w)))
        .chain([("not_recorded", NOT_RECORDED)])
        .collect()
}

pub(super) fn tables(t: &Tally, b: &Builder) -> Vec<Table> {
    let handling: Vec<_> = Handling::ALL
        .iter()
        .map(|h| (h.code(), h.label()))
        .collect();
    let mut outcomes: Vec<_> = Outcome::ALL.iter().map(|o| (o.code(), o.label())).collect();
    outcomes.push(("still_open", "Still open"));
    let kinds: Vec<_> = ContactKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    let channels: Vec<_> = Channel::ALL
        .iter()
        .map(|c| (c.code(), ReportLabel::report_label(*c)))
        .collect();
    vec![
        b.make(
            Spec {
                id: "who_by_handling",
                title: "Who made contact, by how it was handled",
                dimension: "Made by: how handled",
                unit: "Each contact is counted once, under who made it and the procedure it went to (compliments and safety alerts have their own tables).",
            },
            rows(&who_values(), &handling, &slices_of(&t.who_handling)),
            Some("Contacts received"),
            vec![],
        ),
        b.make(
            Spec {
                id: "who_by_outcome",
                title: "Who made the complaint, by its outcome",
                dimension: "Made by: outcome",
                unit: "Stage 1 statutory complaints received in the year, withdrawn ones included; the outcome of the complaint as a whole. Each complaint is counted once.",
            },
            rows(&who_values(), &outcomes, &slices_of(&t.who_outcome)),
            Some("Complaints received"),
            vec![],
        ),
        b.make(
            Spec {
                id: "channel_by_kind",
                title: "How contact was made, by kind",
                dimension: "Channel: kind",
                unit: "Each contact, compliment and safety alert received in the year is counted once.",
            },
            rows(&channels, &kinds, &slices_of(&t.channel_kind)),
            Some("Received"),
            vec![],
        ),
    ]
}

fn slices_of<const N: usize>(v: &[[Pair; N]]) -> Vec<&[Pair]> {
    v.iter().map(|a| a.as_slice()).collect()
}
