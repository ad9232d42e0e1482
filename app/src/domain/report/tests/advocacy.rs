//! Advocacy by step and provider (`advocacy.rs`).

use super::*;

fn step(step: AdvocateStep, on: NaiveDate, provider: &str) -> AdvocateEvent {
    AdvocateEvent {
        step,
        on,
        provider: provider.to_string(),
    }
}

#[test]
fn each_step_counts_a_contact_once_in_the_year_it_was_first_recorded() {
    let mut a = contact(d(2017, 5, 1), Handling::Stage1Statutory);
    a.advocacy = vec![
        step(AdvocateStep::Offered, d(2017, 5, 1), ""),
        step(AdvocateStep::Offered, d(2017, 6, 1), ""), // offered again: still one contact
        step(AdvocateStep::Referred, d(2017, 5, 2), "Coram Voice"),
        step(AdvocateStep::Allocated, d(2018, 4, 2), "Coram Voice"), // next year
    ];
    let mut b = contact(d(2017, 3, 1), Handling::Stage1Statutory);
    b.advocacy = vec![
        step(AdvocateStep::Requested, d(2017, 3, 1), ""),
        step(AdvocateStep::Referred, d(2017, 3, 2), "NYAS"),
        step(AdvocateStep::Referred, d(2017, 4, 3), "Coram Voice"), // a second provider
        step(AdvocateStep::Allocated, d(2017, 4, 10), "Coram Voice"),
    ];
    let report = build_report(&[a, b], 2017);
    let t = tb(&report, "advocacy_by_provider");
    let steps: Vec<&str> = t
        .rows
        .iter()
        .filter(|r| !r.part)
        .map(|r| r.key.as_str())
        .collect();
    assert_eq!(steps, ["offered", "requested", "referred", "allocated"]);
    assert_eq!(counts(t, "offered"), (1, 0));
    assert_eq!(counts(t, "requested"), (0, 1));
    // b was first referred in 2016/17 (to NYAS); in 2017/18 it was referred to Coram Voice.
    assert_eq!(counts(t, "referred"), (1, 1));
    assert_eq!(counts(t, "referred:Coram Voice"), (2, 0));
    assert_eq!(counts(t, "referred:NYAS"), (0, 1));
    assert_eq!(counts(t, "allocated"), (1, 0));
    assert_eq!(counts(t, "allocated:Coram Voice"), (1, 0));
    assert!(
        t.total.is_none(),
        "one contact can take every step: no total"
    );
}
