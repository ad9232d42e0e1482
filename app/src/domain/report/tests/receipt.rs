//! Complaints by month, by quarter and by who made them (`receipt.rs`).

use super::*;

fn made_by(received: NaiveDate, handling: Handling, who: Option<Who>) -> ReportRecord {
    let mut r = contact(received, handling);
    r.who = who;
    r
}

#[test]
fn months_run_april_to_march_and_the_year_ends_on_31_march() {
    let records = [
        complaint(d(2017, 4, 1), "A", &[]),  // first day of 2017/18
        complaint(d(2018, 3, 31), "A", &[]), // last day of 2017/18
        complaint(d(2018, 1, 15), "A", &[]),
        complaint(d(2017, 3, 31), "A", &[]), // last day of 2016/17
        complaint(d(2018, 4, 1), "A", &[]),  // 2018/19: in neither year
    ];
    let report = build_report(&records, 2017);
    let months = tb(&report, "complaints_by_month");
    let keys: Vec<&str> = months.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys.first(), Some(&"april"));
    assert_eq!(keys.last(), Some(&"march"));
    assert_eq!(keys.len(), 12, "every month always shows");
    assert_eq!(counts(months, "april"), (1, 0));
    assert_eq!(counts(months, "january"), (1, 0));
    assert_eq!(counts(months, "march"), (1, 1));
    assert_eq!(counts(months, "may"), (0, 0));
    assert_eq!(total(months), (3, 1));
}

#[test]
fn quarters_add_up_their_three_months() {
    let records = [
        complaint(d(2017, 6, 30), "A", &[]),  // Q1
        complaint(d(2017, 7, 1), "A", &[]),   // Q2
        complaint(d(2017, 12, 31), "A", &[]), // Q3
        complaint(d(2018, 1, 1), "A", &[]),   // Q4
        complaint(d(2018, 2, 1), "A", &[]),   // Q4
    ];
    let report = build_report(&records, 2017);
    let quarters = tb(&report, "complaints_by_quarter");
    let keys: Vec<&str> = quarters.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["q1", "q2", "q3", "q4"]);
    assert_eq!(counts(quarters, "q1"), (1, 0));
    assert_eq!(counts(quarters, "q2"), (1, 0));
    assert_eq!(counts(quarters, "q3"), (1, 0));
    assert_eq!(counts(quarters, "q4"), (2, 0));
    assert_eq!(total(quarters), (5, 0));
}

#[test]
fn only_complaints_count_in_the_receipt_tables_withdrawn_ones_included() {
    let mut withdrawn = complaint(d(2017, 5, 2), "A", &[]);
    withdrawn.withdrawn = true;
    let records = [
        withdrawn,
        made_by(d(2017, 5, 3), Handling::Stage1Corporate, Some(Who::Parent)),
        made_by(d(2017, 5, 4), Handling::Representation, Some(Who::Parent)),
        made_by(d(2017, 5, 5), Handling::NotTriaged, Some(Who::Parent)),
        made_by(d(2017, 5, 6), Handling::OutsideScope, Some(Who::Parent)),
    ];
    let report = build_report(&records, 2017);
    assert_eq!(counts(tb(&report, "complaints_by_month"), "may"), (2, 0));
    assert_eq!(total(tb(&report, "complaints_by_whom")), (2, 0));
}

#[test]
fn complaints_by_young_people_and_by_others_on_their_behalf() {
    let c = |who, y| made_by(d(y, 6, 1), Handling::Stage1Statutory, who);
    let records = [
        c(Some(Who::InCare), 2017),
        c(Some(Who::CareLeaver), 2017),
        c(Some(Who::YoungPerson), 2017),
        c(Some(Who::FosterCarer), 2017),
        c(Some(Who::Advocate), 2017),
        c(Some(Who::Advocate), 2017),
        c(None, 2017),
        c(Some(Who::Parent), 2016),
    ];
    let report = build_report(&records, 2017);
    let t = tb(&report, "complaints_by_whom");
    assert_eq!(counts(t, "young_person"), (3, 0));
    assert_eq!(counts(t, "others"), (3, 1));
    assert_eq!(counts(t, "advocate"), (2, 0));
    assert_eq!(counts(t, "foster_carer"), (1, 0));
    assert_eq!(counts(t, "parent"), (0, 1));
    assert!(
        t.row("advocate").unwrap().part,
        "by whom is a part of 'others'"
    );
    assert_eq!(counts(t, "not_recorded"), (1, 0));
    // The parts are not added twice.
    assert_eq!(total(t), (7, 1));
    // Young people's own kinds are not listed as "on their behalf".
    assert!(t.row("in_care").is_none());
}
