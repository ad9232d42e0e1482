//! Cross-tabs as rows with "of which" parts (`crosstab.rs`).

use super::*;

fn by(received: NaiveDate, who: Option<Who>, handling: Handling) -> ReportRecord {
    let mut r = contact(received, handling);
    r.who = who;
    r
}

#[test]
fn who_by_handling_puts_each_contact_under_who_and_its_procedure() {
    let records = [
        by(d(2017, 4, 3), Some(Who::InCare), Handling::Stage1Statutory),
        by(d(2017, 4, 4), Some(Who::InCare), Handling::Representation),
        by(d(2017, 4, 5), Some(Who::Parent), Handling::Stage1Corporate),
        by(d(2016, 4, 5), Some(Who::Parent), Handling::Stage1Corporate),
        by(d(2017, 4, 6), None, Handling::NotTriaged),
    ];
    let report = build_report(&records, 2017);
    let t = tb(&report, "who_by_handling");
    assert_eq!(counts(t, "in_care"), (2, 0));
    assert_eq!(counts(t, "in_care:stage1_statutory"), (1, 0));
    assert_eq!(counts(t, "in_care:representation"), (1, 0));
    assert_eq!(counts(t, "parent:stage1_corporate"), (1, 1));
    assert_eq!(counts(t, "not_recorded:not_triaged"), (1, 0));
    assert!(t.row("in_care:representation").unwrap().part);
    // Zero parts are left out; every "who" row shows, in the fixed order.
    assert!(t.row("in_care:outside_scope").is_none());
    let outer: Vec<&str> = t
        .rows
        .iter()
        .filter(|r| !r.part)
        .map(|r| r.key.as_str())
        .collect();
    let mut expected: Vec<&str> = Who::ALL.iter().map(|w| w.code()).collect();
    expected.push("not_recorded");
    assert_eq!(outer, expected);
    assert_eq!(total(t), (4, 1), "the parts are not counted twice");
}

#[test]
fn who_by_outcome_counts_statutory_complaints_by_their_outcome() {
    let up = Some(Outcome::Upheld);
    let mut young = complaint(d(2017, 6, 1), "A", &[("Communication", up)]);
    young.who = Some(Who::CareLeaver);
    let open = complaint(d(2017, 6, 2), "A", &[("Communication", None)]); // by a parent
    let corporate = by(d(2017, 6, 3), Some(Who::Parent), Handling::Stage1Corporate);
    let report = build_report(&[young, open, corporate], 2017);
    let t = tb(&report, "who_by_outcome");
    assert_eq!(counts(t, "care_leaver:upheld"), (1, 0));
    assert_eq!(counts(t, "parent:still_open"), (1, 0));
    assert_eq!(
        counts(t, "parent"),
        (1, 0),
        "corporate complaints are not in this table"
    );
    assert_eq!(total(t), (2, 0));
}

#[test]
fn channel_by_kind_counts_compliments_and_safety_alerts_too() {
    let mut praise = by(d(2017, 8, 1), Some(Who::InCare), Handling::NotApplicable);
    praise.kind = ContactKind::Compliment;
    praise.channel = Channel::Phone;
    let mut alert = by(d(2017, 8, 2), Some(Who::InCare), Handling::NotApplicable);
    alert.kind = ContactKind::Safeguarding;
    alert.channel = Channel::Phone;
    let email = by(d(2018, 3, 31), Some(Who::Parent), Handling::Stage1Statutory);
    let report = build_report(&[praise, alert, email], 2017);
    let t = tb(&report, "channel_by_kind");
    assert_eq!(counts(t, "phone"), (2, 0));
    assert_eq!(counts(t, "phone:compliment"), (1, 0));
    assert_eq!(counts(t, "phone:safeguarding"), (1, 0));
    assert_eq!(counts(t, "email:complaint"), (1, 0));
    assert_eq!(total(t), total(tb(&report, "contacts_by_kind")));
}
