//! A closed year gives the same figures on every re-run, whatever is recorded later.

use super::*;
use crate::domain::calendar::add_working_days;
use crate::domain::report::closed_year::{cannot_close, report_for, ClosedYear};

fn year_2017() -> Vec<ReportRecord> {
    let mut records = Vec::new();
    for i in 0..12u64 {
        let mut r = complaint(
            d(2017, 5, 1) + Days::new(i * 20),
            "Fostering",
            &[(
                "Delay",
                Some(if i % 3 == 0 {
                    Outcome::Upheld
                } else {
                    Outcome::NotUpheld
                }),
            )],
        );
        r.stage1_response = Some(add_working_days(r.received, 8 + i as u32));
        r.closed = r.stage1_response;
        records.push(r);
    }
    records
}

#[test]
fn a_frozen_year_re_runs_the_same_after_a_later_change() {
    let records = year_2017();
    let at_closing = build_report(&records, 2017);
    let closed = ClosedYear {
        start_year: 2017,
        closed_by: "Pat Manager".to_string(),
        closed_at: d(2018, 5, 1).and_hms_opt(9, 0, 0).unwrap().and_utc(),
        report: at_closing.clone(),
        imported: false,
    };
    // Later: one complaint withdrawn, a late one recorded with a 2017 date, a response moved.
    let mut later = records.clone();
    later[0].withdrawn = true;
    later[1].stage1_response = Some(d(2018, 6, 1));
    later.push(complaint(d(2017, 9, 1), "Adoption", &[]));
    let live = build_report(&later, 2017);
    assert_ne!(live, at_closing, "the change would show in a live report");

    let rerun = report_for(live, Some(&closed), None);
    assert_eq!(rerun, at_closing);
    assert_eq!(
        counts(tb(&rerun, "stage1_complaint_outcomes"), "withdrawn"),
        (0, 0)
    );
    assert_eq!(total(tb(&rerun, "complaints_by_team")), (12, 0));

    // The year after shows the kept figures as its "year before" column.
    let next = report_for(build_report(&later, 2018), None, Some(&closed));
    let h = tb(&next, "handling");
    assert_eq!(counts(h, "stage1_statutory"), (0, 12));
    assert_eq!(counts(h, "statutory_withdrawn"), (0, 0));
    assert_eq!(total(h), (0, 12));
    let teams = tb(&next, "complaints_by_team");
    assert_eq!(
        teams.row("Adoption"),
        None,
        "added after closing: not in the kept year"
    );
    assert_eq!(counts(teams, "Fostering"), (0, 12));
    let s1 = tb(&next, "stage1_timeliness");
    let kept = &tb(&at_closing, "stage1_timeliness").measures[0];
    assert_eq!(s1.measures[0].last_year, kept.this_year);
}

#[test]
fn a_year_can_be_closed_only_once_it_is_over() {
    assert!(cannot_close(2017, d(2018, 3, 31)).is_some());
    let why = cannot_close(2025, d(2025, 12, 1)).unwrap();
    assert!(why.contains("1 April 2026"), "{why}");
    assert_eq!(cannot_close(2017, d(2018, 4, 1)), None);
}
