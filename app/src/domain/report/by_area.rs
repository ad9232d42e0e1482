//! Every table that is by team, shown by service area instead (the report page's "by service
//! area" switch and its CSVs).
//!
//! Definitions:
//! - A team's area is the one it has in the council's structure *today*
//!   ([`CouncilStructure::area_of`]), also for a closed year's kept figures: the kept by-team
//!   counts are regrouped, never recounted.
//! - Rows: every configured area in the configured order (zero or not), then "Various"; then
//!   "Other / not in the list" (names that are not today's teams: old free-text teams, a
//!   young person's service not triaged yet) and "Not recorded", each only when it counts
//!   something. The total is unchanged: every team's count lands in exactly one area.
//! - Work: one step per by-team row, after the single pass.

use super::{Row, Table, YearReport};
use crate::domain::structure::{Area, CouncilStructure};

/// The by-team tables and the ids of their by-area versions.
pub const BY_TEAM: [(&str, &str); 3] = [
    ("complaints_by_team", "complaints_by_area"),
    ("upheld_by_team", "upheld_by_area"),
    ("compliments_by_team", "compliments_by_area"),
];

/// `report` with each by-team table replaced (in place) by its by-area version.
pub fn by_area(report: &YearReport, structure: &CouncilStructure) -> YearReport {
    let mut out = report.clone();
    for table in &mut out.tables {
        if let Some((_, area_id)) = BY_TEAM.iter().find(|(team, _)| *team == table.id) {
            *table = regroup(table, area_id, structure);
        }
    }
    out
}

fn regroup(table: &Table, id: &str, structure: &CouncilStructure) -> Table {
    let fixed = structure
        .areas
        .iter()
        .map(|a| Area::Named(&a.name))
        .chain([Area::Various]);
    let mut rows: Vec<(Area, bool, Row)> = fixed
        .map(|a| (a, true, empty(a)))
        .chain([Area::NotInList, Area::NotRecorded].map(|a| (a, false, empty(a))))
        .collect();
    for r in &table.rows {
        let area = structure.area_of(&r.key);
        if let Some((_, _, row)) = rows.iter_mut().find(|(a, _, _)| *a == area) {
            row.this_year += r.this_year;
            row.last_year += r.last_year;
        }
    }
    let mut columns = table.columns.clone();
    if let Some(first) = columns.first_mut() {
        *first = "Service area".to_string();
    }
    Table {
        id: id.to_string(),
        title: table.title.replace("by service or team", "by service area"),
        columns,
        rows: rows
            .into_iter()
            .filter(|(_, always, r)| *always || r.this_year + r.last_year > 0)
            .map(|(_, _, r)| r)
            .collect(),
        total: table.total.clone(),
        measures: table.measures.clone(),
        unit: format!(
            "{} Teams are grouped by today's service areas; a team not in today's list counts under \u{201c}Other / not in the list\u{201d}.",
            table.unit
        ),
    }
}

fn empty(area: Area) -> Row {
    let (key, label) = area.key_and_label();
    Row {
        key: key.to_string(),
        label: label.to_string(),
        this_year: 0,
        last_year: 0,
        part: false,
    }
}
