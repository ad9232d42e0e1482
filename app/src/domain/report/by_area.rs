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
//! - "Of which" rows under a team (key `team:what`) are added up under its area, in the order
//!   first seen (an area with no team counted has none).
//! - Work: one step per by-team row, after the single pass.

use super::{Row, Table, YearReport};
use crate::domain::structure::{Area, CouncilStructure};

/// The by-team tables and the ids of their by-area versions.
pub const BY_TEAM: [(&str, &str); 4] = [
    ("complaints_by_team", "complaints_by_area"),
    ("upheld_by_team", "upheld_by_area"),
    ("corporate_by_team", "corporate_by_area"),
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
    // (area, always shown, its row, its "of which" rows)
    let mut areas: Vec<(Area, bool, Row, Vec<Row>)> = fixed
        .map(|a| (a, true, empty(a), Vec::new()))
        .chain([Area::NotInList, Area::NotRecorded].map(|a| (a, false, empty(a), Vec::new())))
        .collect();
    // A part ("of which …", key `team:what`) belongs to the team row above it.
    let mut current: Option<(usize, &str)> = None;
    for r in &table.rows {
        if r.part {
            let Some((i, team)) = current else { continue };
            let what = r
                .key
                .strip_prefix(team)
                .and_then(|k| k.strip_prefix(':'))
                .unwrap_or(&r.key);
            let (_, _, area_row, parts) = &mut areas[i];
            let key = format!("{}:{what}", area_row.key);
            match parts.iter_mut().find(|p| p.key == key) {
                Some(p) => {
                    p.this_year += r.this_year;
                    p.last_year += r.last_year;
                }
                None => parts.push(Row { key, ..r.clone() }),
            }
            continue;
        }
        let area = structure.area_of(&r.key);
        if let Some(i) = areas.iter().position(|(a, _, _, _)| *a == area) {
            areas[i].2.this_year += r.this_year;
            areas[i].2.last_year += r.last_year;
            current = Some((i, r.key.as_str()));
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
        rows: areas
            .into_iter()
            .filter(|(_, always, r, _)| *always || r.this_year + r.last_year > 0)
            .flat_map(|(_, _, r, parts)| std::iter::once(r).chain(parts))
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
