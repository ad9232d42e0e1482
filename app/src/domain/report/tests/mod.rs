//! Unit tests of the yearly report: the table rules (suppression, CSV, units), each counting
//! definition (`definitions.rs`), Doncaster 2017/18 (`doncaster.rs`), closing a year
//! (`closed_year.rs`) and a large synthetic year (`synthetic.rs`).

use super::assemble::{average, row, Builder};
use super::table::format_unit;
use super::tally::{Timeliness, WorkingDays, LAST, STAGE1_LIMITS, THIS};
use super::*;
use crate::domain::calendar::working_days_between;
use chrono::Days;

mod advocacy;
mod by_area;
mod closed_year;
mod crosstab;
mod definitions;
mod doncaster;
mod headline;
mod import;
mod receipt;
mod synthetic;
mod trends;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The table with this id (every report has all of them).
pub(super) fn tb<'a>(report: &'a YearReport, id: &str) -> &'a Table {
    report
        .table(id)
        .unwrap_or_else(|| panic!("the report has no table {id}"))
}

pub(super) fn contact(received: NaiveDate, handling: Handling) -> ReportRecord {
    ReportRecord::new(
        received,
        ContactKind::Complaint,
        Channel::Email,
        Some(Who::Parent),
        handling,
    )
}

pub(super) fn complaint(
    received: NaiveDate,
    team: &str,
    concerns: &[(&str, Option<Outcome>)],
) -> ReportRecord {
    let mut r = contact(received, Handling::Stage1Statutory);
    r.team = team.to_string();
    r.concerns = concerns
        .iter()
        .map(|&(category, outcome)| Concern {
            category: category.to_string(),
            outcome,
        })
        .collect();
    r
}

pub(super) fn counts(t: &Table, key: &str) -> (u64, u64) {
    let r = t
        .row(key)
        .unwrap_or_else(|| panic!("{}: no row {key:?}", t.id));
    (r.this_year, r.last_year)
}

pub(super) fn total(t: &Table) -> (u64, u64) {
    let r = t.total.as_ref().expect("a total");
    (r.this_year, r.last_year)
}

fn table(rows: &[(&str, u64, u64)], with_total: bool) -> Table {
    let b = Builder {
        labels: ["2017/18".to_string(), "2016/17".to_string()],
    };
    let rows = rows.iter().map(|&(k, a, l)| row(k, k, [a, l])).collect();
    b.table("t", rows, with_total.then_some("Total"))
}

#[test]
fn small_counts_are_suppressed_when_published() {
    assert_eq!(suppress_small(0), "0");
    assert_eq!(suppress_small(1), "<5");
    assert_eq!(suppress_small(4), "<5");
    assert_eq!(suppress_small(5), "5");
    assert_eq!(suppress_small(1234), "1234");

    let t = table(&[("A", 3, 10), ("B", 7, 0), ("C", 12, 6)], true);
    assert_eq!(
        t.cells(View::Internal),
        [
            ["A", "3", "10", "-7"],
            ["B", "7", "0", "+7"],
            ["C", "12", "6", "+6"],
            ["Total", "22", "16", "+6"],
        ]
    );
    // A is hidden; with a total shown, B (the next smallest) must go too.
    assert_eq!(
        t.publishable_cells(),
        [
            ["A", "<5", "10", ""],
            ["B", "*", "0", ""],
            ["C", "12", "6", "+6"],
            ["Total", "22", "16", "+6"],
        ]
    );
    // Without a total there is nothing to work a hidden count out from.
    let t = table(&[("A", 3, 10), ("B", 7, 0)], false);
    assert_eq!(
        t.publishable_cells(),
        [["A", "<5", "10", ""], ["B", "7", "0", "+7"]]
    );
    // Two hidden counts protect each other; a small total is hidden itself.
    let t = table(&[("A", 1, 0), ("B", 2, 0), ("C", 0, 0)], true);
    assert_eq!(
        t.publishable_cells(),
        [
            ["A", "<5", "0", ""],
            ["B", "<5", "0", ""],
            ["C", "0", "0", "0"],
            ["Total", "<5", "0", ""],
        ]
    );

    // Averages and amounts on fewer than 5 cases are hidden too.
    let mut t = table(&[("A", 9, 9)], false);
    t.measures.push(Measure {
        label: "Average".to_string(),
        unit: Unit::TenthsOfWorkingDays,
        this_year: Some(123),
        last_year: Some(98),
        this_year_cases: 3,
        last_year_cases: 9,
    });
    assert_eq!(
        t.cells(View::Internal)[1],
        ["Average", "12.3", "9.8", "+2.5"]
    );
    assert_eq!(t.publishable_cells()[1], ["Average", "<5 cases", "9.8", ""]);
}

#[test]
fn csv_follows_rfc_4180() {
    let mut t = table(
        &[
            ("Team \"A\", north", 5, 6),
            ("Line\nbreak", 0, 1),
            ("=HYPERLINK(\"x\")", 7, 7),
            ("Plain", 8, 0),
        ],
        false,
    );
    t.measures.push(Measure {
        label: "Total paid (\u{a3})".to_string(),
        unit: Unit::Pence,
        this_year: Some(123_456),
        last_year: Some(5),
        this_year_cases: 6,
        last_year_cases: 7,
    });
    let csv = t.to_csv();
    assert_eq!(
        csv,
        "Team,2017/18,2016/17,Change\r\n\
         \"Team \"\"A\"\", north\",5,6,-1\r\n\
         \"Line\nbreak\",0,1,-1\r\n\
         \"'=HYPERLINK(\"\"x\"\")\",7,7,0\r\n\
         Plain,8,0,+8\r\n\
         Total paid (\u{a3}),1234.56,0.05,+1234.51\r\n"
    );
    let published = t.to_csv_view(View::Publishable);
    assert!(published.contains("\"Line\nbreak\",0,<5,\r\n"));
}

#[test]
fn every_csv_cell_is_defused_but_numbers_stay_numbers() {
    let csv = csv_text(
        [vec![
            "=1+1".to_string(),
            "x".into(),
            "@SUM(A1)".into(),
            "+cmd".into(),
            "-2+3".into(),
            "\tTab".into(),
            "-1".into(),
            "+1234.51".into(),
            "12".into(),
        ]]
        .into_iter(),
    );
    assert_eq!(
        csv,
        "'=1+1,x,'@SUM(A1),'+cmd,'-2+3,'\tTab,-1,+1234.51,12\r\n"
    );
    assert_eq!(defuse_formula("\rA"), "'\rA");
    assert_eq!(defuse_formula("-"), "'-");
}

#[test]
fn working_day_table_matches_the_calendar() {
    let table = WorkingDays::new(d(2016, 4, 1), d(2019, 3, 31));
    let start = d(2015, 12, 1);
    for i in (0..1_400).step_by(3) {
        let from = start + Days::new(i);
        for gap in [0, 1, 4, 13, 29, 70, 400] {
            let to = from + Days::new(gap);
            assert_eq!(
                table.between(from, to),
                working_days_between(from, to),
                "{from} {to}"
            );
            assert_eq!(
                table.between(to, from),
                working_days_between(to, from),
                "{to} {from}"
            );
        }
    }
}

#[test]
fn formats_units() {
    assert_eq!(format_unit(123, Unit::TenthsOfWorkingDays), "12.3");
    assert_eq!(format_unit(-5, Unit::TenthsOfWorkingDays), "-0.5");
    assert_eq!(format_unit(7, Unit::Pence), "0.07");
    assert_eq!(format_unit(-123_456, Unit::Pence), "-1234.56");
    assert_eq!(format_unit(47, Unit::Percent), "47%");
    assert_eq!(defuse_formula("+5%"), "+5%");
    // Halves round up: 1, 2 -> 1.5; 1, 1, 2 -> 1.3.
    let mut t = Timeliness::default();
    t.add(THIS, Some(1), STAGE1_LIMITS);
    t.add(THIS, Some(2), STAGE1_LIMITS);
    t.add(LAST, Some(1), STAGE1_LIMITS);
    t.add(LAST, Some(1), STAGE1_LIMITS);
    t.add(LAST, Some(-3), STAGE1_LIMITS); // a response dated before receipt counts as 0
    t.add(LAST, Some(2), STAGE1_LIMITS);
    let m = average("Average", &t);
    assert_eq!((m.this_year, m.last_year), (Some(15), Some(10)));
}

#[test]
fn a_part_row_is_shown_indented_and_left_out_of_the_total() {
    let b = Builder {
        labels: ["2017/18".to_string(), "2016/17".to_string()],
    };
    let mut rows = vec![row("a", "Statutory", [10, 4])];
    rows.push(Row {
        part: true,
        ..row("w", "of which withdrawn", [3, 0])
    });
    rows.push(row("b", "Corporate", [6, 6]));
    let t = b.table("t", rows, Some("Total"));
    assert_eq!(total(&t), (16, 10));
    let cells = t.cells(View::Internal);
    assert_eq!(cells[1][0], "\u{2003}of which withdrawn");
    // Every table says what it counts.
    assert!(!t.unit.is_empty());
    // A hidden part does not make another row hidden (it is not in the total).
    let published = t.publishable_cells();
    assert_eq!(published[1][1], "<5");
    assert_eq!(published[0][1], "10");
    assert_eq!(published[2][1], "6");
}
