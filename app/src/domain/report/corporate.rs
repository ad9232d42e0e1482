//! Complaints in the council's **corporate** procedure (not the statutory children's one), by
//! team: how many were received, how many were answered within 10 working days, and how many
//! asked for Stage 2.
//!
//! Definitions: Stage 1 corporate complaints put in a year by the day *received*, withdrawn
//! ones included in the count. "Answered within 10 working days": a response recorded within 10
//! working days of receipt (day 0), withdrawn ones never. "Asked for Stage 2": a Stage 2 request
//! on the case file that was not declined, whenever it was made (so last year's figure can grow
//! as its complaints escalate). Rows: teams with a count, alphabetically ignoring case, "Not
//! recorded" last; under each, its two "of which" rows (keys `team:within_10`,
//! `team:stage2`), left out of the total. By service area ([`super::by_area`]) the parts are
//! added up under their area.

use super::assemble::{part, row, Builder, Spec};
use super::tally::Tally;
use super::{Table, NOT_RECORDED};

pub(super) fn table(t: &Tally, b: &Builder) -> Table {
    let mut rows = Vec::new();
    for (team, counts) in t.corporate_team.sorted() {
        if counts[0] == [0, 0] {
            continue;
        }
        let label = if team.is_empty() { NOT_RECORDED } else { team };
        rows.push(row(team, label, counts[0]));
        rows.push(part(
            &format!("{team}:within_10"),
            "of which answered within 10 working days",
            counts[1],
        ));
        rows.push(part(
            &format!("{team}:stage2"),
            "of which asked for Stage 2",
            counts[2],
        ));
    }
    b.make(
        Spec {
            id: "corporate_by_team",
            title: "Corporate procedure complaints received, by service or team",
            dimension: "Service or team",
            unit: "Stage 1 corporate complaints received in the year, withdrawn ones included; answered within 10 working days of receipt (withdrawn ones never); asked for Stage 2 (not declined) at any time. Each complaint is counted once.",
        },
        rows,
        Some("Corporate complaints received"),
        vec![],
    )
}
