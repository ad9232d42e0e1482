//! Importing a year's figures from the report's own CSV: the round trip, and each problem a
//! manager can make, reported with its line in plain words.

use super::super::import::{parse_table, with_table, ImportProblem, MAX_IMPORT_CHARS};
use super::*;

/// A year with a little of everything, so its CSVs have counts, parts, totals and averages.
fn year_2023() -> YearReport {
    let mut records = Vec::new();
    for (i, team) in ["Fostering", "Leaving care", "Fostering"]
        .iter()
        .enumerate()
    {
        let mut r = contact(d(2023, 5, 2 + i as u32), Handling::Stage1Statutory);
        r.team = team.to_string();
        r.stage1_response = Some(d(2023, 5, 12 + i as u32));
        records.push(r);
    }
    let mut withdrawn = contact(d(2023, 6, 1), Handling::Stage1Statutory);
    withdrawn.withdrawn = true;
    records.push(withdrawn);
    records.push(contact(d(2022, 7, 1), Handling::Stage1Corporate));
    build_report(&records, 2023)
}

fn template(id: &str, year: i32) -> Table {
    tb(&build_report(&[], year), id).clone()
}

fn problems(id: &str, csv: &str) -> Vec<ImportProblem> {
    parse_table(&template(id, 2023), csv).expect_err("the file has a problem")
}

fn one_problem(id: &str, csv: &str) -> String {
    let p = problems(id, csv);
    assert_eq!(p.len(), 1, "{p:?}");
    p[0].to_string()
}

/// The line (from 1) of the first line starting with `start`.
fn line_of(csv: &str, start: &str) -> usize {
    csv.lines().position(|l| l.starts_with(start)).unwrap() + 1
}

const HANDLING_HEAD: &str = "How handled,2023/24,2022/23,Change\r\n";

#[test]
fn every_table_of_a_year_reads_back_from_its_own_csv() {
    let report = year_2023();
    let empty = build_report(&[], 2023);
    let mut imported = None;
    for t in &report.tables {
        let back = parse_table(tb(&empty, &t.id), &t.to_csv())
            .unwrap_or_else(|p| panic!("{}: {p:?}", t.id));
        assert_eq!(
            back.cells(View::Internal),
            t.cells(View::Internal),
            "{}",
            t.id
        );
        assert_eq!(back.publishable_cells().len(), t.publishable_cells().len());
        imported = Some(with_table(imported, &empty, back));
    }
    let imported = imported.unwrap();
    let ids = |r: &YearReport| r.tables.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&imported),
        ids(&report),
        "imported tables keep the report's order"
    );
    assert_eq!(
        tb(&imported, "complaints_by_team")
            .row("Fostering")
            .unwrap()
            .this_year,
        2
    );
}

#[test]
fn a_reimported_table_replaces_the_first_and_keeps_the_order() {
    let empty = build_report(&[], 2023);
    let report = year_2023();
    let handling = parse_table(tb(&empty, "handling"), &tb(&report, "handling").to_csv()).unwrap();
    let kinds = parse_table(
        tb(&empty, "contacts_by_kind"),
        &tb(&report, "contacts_by_kind").to_csv(),
    )
    .unwrap();
    let year = with_table(None, &empty, handling.clone());
    let year = with_table(Some(year), &empty, kinds);
    let zero = parse_table(tb(&empty, "handling"), &tb(&empty, "handling").to_csv()).unwrap();
    let year = with_table(Some(year), &empty, zero);
    assert_eq!(year.tables.len(), 2);
    assert_eq!(year.tables[0].id, "contacts_by_kind");
    assert_eq!(tb(&year, "handling").total.as_ref().unwrap().this_year, 0);
}

#[test]
fn the_blank_template_imports_as_zeros() {
    let t = template("stage1_timeliness", 2023);
    let back = parse_table(&t, &t.to_csv()).unwrap();
    assert!(back.rows.iter().all(|r| r.this_year == 0));
    assert_eq!(
        back.measures[0].this_year, None,
        "n/a reads back as no figure"
    );
}

#[test]
fn the_change_column_may_be_left_empty_and_labels_ignore_case_and_spaces() {
    let t = template("open_cases", 2023);
    let csv = "Open cases,2023/24,2022/23,Change\n\
               carried over from the previous year ,4,2,\n\
               Carried forward to the next year,3,4,\n\
               of which not triaged yet,1,0,+1\n";
    let back = parse_table(&t, csv).unwrap();
    assert_eq!(back.row("carried_over").unwrap().this_year, 4);
    assert!(back.row("forward_not_triaged").unwrap().part);
}

#[test]
fn a_councils_own_names_are_taken_as_written() {
    let t = template("complaints_by_team", 2023);
    assert!(t.rows.is_empty(), "teams are the council's own words");
    let csv = "Service or team,2023/24,2022/23,Change\n\
               Not recorded,1,0,+1\nLeaving care,2,3,-1\nfostering,5,5,0\n";
    let back = parse_table(&t, csv).unwrap();
    let labels: Vec<&str> = back.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["fostering", "Leaving care", "Not recorded"]);
    assert_eq!(back.row("").unwrap().this_year, 1);
}

#[test]
fn nothing_to_import_is_refused() {
    let p = problems("handling", "  \r\n");
    assert_eq!(p[0].line, None);
    assert!(p[0].message.contains("nothing to import"));
}

#[test]
fn a_file_too_long_is_refused() {
    let p = problems("handling", &"x".repeat(MAX_IMPORT_CHARS + 1));
    assert!(p[0].message.contains("one table at a time"), "{p:?}");
}

#[test]
fn the_heading_must_be_the_tables_own() {
    let m = one_problem(
        "handling",
        "Kind,2023/24,2022/23,Change\nComplaint,1,0,+1\n",
    );
    assert!(
        m.starts_with("Line 1: the first heading is \u{201c}Kind\u{201d}"),
        "{m}"
    );
    assert!(m.contains("is this the right table"), "{m}");
    let m = one_problem("handling", "How handled,2023/24,2022/23\n");
    assert!(m.contains("should have 4 cells"), "{m}");
}

#[test]
fn a_file_for_another_year_is_refused() {
    let m = one_problem("handling", "How handled,2022/23,2021/22,Change\n");
    assert!(m.starts_with("Line 1:"), "{m}");
    assert!(m.contains("but you are importing 2023/24"), "{m}");
}

#[test]
fn a_line_with_the_wrong_number_of_cells_is_refused() {
    let csv = tb(&year_2023(), "handling").to_csv().replace(
        "Representation (no formal response),0,0,0",
        "Representation (no formal response),0",
    );
    let m = one_problem("handling", &csv);
    let line = line_of(&csv, "Representation");
    assert!(
        m.starts_with(&format!("Line {line}: expected 4 cells")),
        "{m}"
    );
}

#[test]
fn an_unknown_or_repeated_row_is_refused() {
    let good = tb(&year_2023(), "handling").to_csv();
    let unknown = good.replace("Outside the procedure (signposted)", "Signposted elsewhere");
    let p = problems("handling", &unknown);
    assert!(
        p[0].to_string()
            .contains("\u{201c}Signposted elsewhere\u{201d} is not a row"),
        "{p:?}"
    );
    assert!(
        p[0].message.contains("Its rows are: Stage 1 complaint"),
        "{p:?}"
    );
    // ... and the row it replaced is then missing.
    assert!(
        p[1].message
            .contains("Outside the procedure (signposted)\u{201d} is missing"),
        "{p:?}"
    );
    let repeated = format!("{}Representation (no formal response),0,0,0\r\n", good);
    let m = one_problem("handling", &repeated);
    let first = line_of(&good, "Representation");
    assert!(
        m.contains(&format!("appears twice (first on line {first})")),
        "{m}"
    );
}

#[test]
fn a_count_must_be_a_whole_number() {
    let csv = tb(&year_2023(), "handling")
        .to_csv()
        .replace("Not triaged yet,0,0,0", "Not triaged yet,two,0,");
    let m = one_problem("handling", &csv);
    assert!(m.contains("the 2023/24 figure for \u{201c}Not triaged yet\u{201d} is \u{201c}two\u{201d}, which is not a whole number"), "{m}");
    let csv = csv.replace("two", "-1");
    assert!(one_problem("handling", &csv).contains("not a whole number of 0 or more"));
    let csv = csv.replace("-1", "");
    assert!(one_problem("handling", &csv).contains("is empty: write 0 for none"));
}

#[test]
fn hidden_counts_from_the_publishable_view_are_refused() {
    let report = year_2023();
    let m = problems(
        "handling",
        &tb(&report, "handling").to_csv_view(View::Publishable),
    );
    assert!(
        m[0].to_string()
            .contains("is hidden (\u{201c}<5\u{201d}): import the exact figures"),
        "{m:?}"
    );
}

#[test]
fn a_wrong_change_is_refused() {
    let csv = tb(&year_2023(), "handling")
        .to_csv()
        .replace("Not triaged yet,0,0,0", "Not triaged yet,5,2,+2");
    let m = one_problem("handling", &csv);
    assert!(
        m.contains("the change is +2, but 5 \u{2212} 2 is +3"),
        "{m}"
    );
    let csv = csv.replace("+2\r", "up\r");
    assert!(one_problem("handling", &csv).contains("the change \u{201c}up\u{201d} is not a number"));
}

#[test]
fn a_total_that_does_not_add_up_is_refused() {
    let csv = tb(&year_2023(), "handling")
        .to_csv()
        .replace("Contacts received,4,1,+3", "Contacts received,5,1,+4");
    let m = one_problem("handling", &csv);
    assert!(
        m.contains("the 2023/24 total is 5, but the rows add up to 4"),
        "{m}"
    );
}

#[test]
fn a_missing_row_is_named() {
    let csv = tb(&year_2023(), "handling")
        .to_csv()
        .replace("Not triaged yet,0,0,0\r\n", "");
    let p = problems("handling", &csv);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].line, None);
    assert!(
        p[0].message
            .contains("\u{201c}Not triaged yet\u{201d} is missing"),
        "{p:?}"
    );
}

#[test]
fn an_average_must_be_written_as_the_report_writes_it() {
    let csv = tb(&year_2023(), "stage1_timeliness").to_csv();
    let avg = tb(&year_2023(), "stage1_timeliness").measures[0]
        .label
        .clone();
    let line = csv
        .lines()
        .find(|l| l.starts_with(&avg))
        .unwrap()
        .to_string();
    let bad = csv.replace(&line, &format!("{avg},about eight,n/a,"));
    let p = problems("stage1_timeliness", &bad);
    assert!(
        p[0].message.contains("write a number such as 12.3, or n/a"),
        "{p:?}"
    );
    let missing = csv.replace(&format!("{line}\r\n"), "");
    let p = problems("stage1_timeliness", &missing);
    assert!(p[0].message.contains("is missing (write n/a"), "{p:?}");
    let good = csv.replace(&line, &format!("{avg},17.5,n/a,"));
    let back = parse_table(&template("stage1_timeliness", 2023), &good).unwrap();
    assert_eq!(back.measures[0].this_year, Some(175));
    assert_eq!(back.measures[0].last_year, None);
}

#[test]
fn broken_csv_is_refused_with_its_line() {
    let csv = format!("{HANDLING_HEAD}\"Stage 1 complaint (statutory procedure),1,0,+1\r\n");
    let p = problems("handling", &csv);
    assert!(
        p.iter()
            .any(|p| p.message.contains("not valid CSV") || p.message.contains("expected 4 cells")),
        "{p:?}"
    );
}

#[test]
fn every_problem_is_listed_at_once() {
    let csv = tb(&year_2023(), "handling")
        .to_csv()
        .replace("Not triaged yet,0,0,0", "Not triaged yet,x,0,")
        .replace(
            "Outside the procedure (signposted),0,0,0",
            "Outside the procedure (signposted),y,0,",
        );
    assert_eq!(problems("handling", &csv).len(), 2);
}
