//! When complaints arrived and who made them: complaints received by month and by quarter of
//! the financial year, and complaints made by young people themselves against those made by
//! others on their behalf (and by whom).
//!
//! Definitions:
//! - **Complaints** here are Stage 1 complaints in either procedure (statutory or corporate),
//!   withdrawn ones included, put in a year, month and quarter by the day *received*. A contact
//!   not triaged yet is not a complaint yet, so it is not counted here.
//! - **Months and quarters** are the financial year's: April is the first month, Q1 is April to
//!   June, Q4 January to March. Every month and quarter always shows, in that order.
//! - **Made by a young person** means a young person in care, a care leaver or another young
//!   person made it themselves ([`Who::is_young_person`]); everyone else made it *on their
//!   behalf*, shown by who they are. "Not recorded" is apart, in neither.

use super::assemble::{part, row, Builder, Spec};
use super::tally::{Pair, Tally};
use super::{Table, Who, NOT_RECORDED};
use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "January",
    "February",
    "March",
];

const QUARTERS: [(&str, &str); 4] = [
    ("q1", "Q1 (April to June)"),
    ("q2", "Q2 (July to September)"),
    ("q3", "Q3 (October to December)"),
    ("q4", "Q4 (January to March)"),
];

const COMPLAINTS: &str = "Stage 1 complaints (statutory and corporate procedures) received, withdrawn ones included. Each complaint is counted once.";

/// The month of the financial year a day falls in: 0 for April, 11 for March.
pub(super) fn month_of_year(d: NaiveDate) -> usize {
    (d.month0() as usize + 9) % 12
}

fn add(a: Pair, b: Pair) -> Pair {
    [a[0] + b[0], a[1] + b[1]]
}

pub(super) fn tables(t: &Tally, b: &Builder) -> Vec<Table> {
    let months = MONTHS
        .iter()
        .zip(&t.complaint_month)
        .map(|(m, c)| row(&m.to_lowercase(), m, *c))
        .collect();
    let quarters = QUARTERS
        .iter()
        .enumerate()
        .map(|(q, (key, label))| {
            let c = t.complaint_month[q * 3..q * 3 + 3]
                .iter()
                .fold([0, 0], |a, m| add(a, *m));
            row(key, label, c)
        })
        .collect();

    let n = Who::ALL.len();
    let (mut young, mut others) = ([0, 0], [0, 0]);
    for (who, c) in Who::ALL.iter().zip(&t.complaint_who[..n]) {
        if who.is_young_person() {
            young = add(young, *c);
        } else {
            others = add(others, *c);
        }
    }
    let mut by_whom = vec![
        row("young_person", "Made by the young person themselves", young),
        row("others", "Made by someone else on their behalf", others),
    ];
    for (who, c) in Who::ALL.iter().zip(&t.complaint_who[..n]) {
        if !who.is_young_person() {
            by_whom.push(part(
                who.code(),
                &format!("of which: {}", who.report_label()),
                *c,
            ));
        }
    }
    by_whom.push(row("not_recorded", NOT_RECORDED, t.complaint_who[n]));

    let total = Some("Complaints received");
    vec![
        b.make(
            Spec {
                id: "complaints_by_month",
                title: "Complaints received, by month",
                dimension: "Month",
                unit: COMPLAINTS,
            },
            months,
            total,
            vec![],
        ),
        b.make(
            Spec {
                id: "complaints_by_quarter",
                title: "Complaints received, by quarter",
                dimension: "Quarter",
                unit: COMPLAINTS,
            },
            quarters,
            total,
            vec![],
        ),
        b.make(
            Spec {
                id: "complaints_by_whom",
                title: "Complaints made by young people and by others on their behalf",
                dimension: "Made by",
                unit: "Stage 1 complaints (statutory and corporate procedures) received, withdrawn ones included. A young person: in care, a care leaver or another young person, themselves. Each complaint is counted once.",
            },
            by_whom,
            total,
            vec![],
        ),
    ]
}
