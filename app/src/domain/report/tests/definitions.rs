//! One test per counting definition (see the module docs of `report`).

use super::*;
use crate::domain::calendar::add_working_days;

fn answered(mut r: ReportRecord, working_days: u32) -> ReportRecord {
    r.stage1_response = Some(add_working_days(r.received, working_days));
    r
}

#[test]
fn a_withdrawn_complaint_stays_in_the_statutory_count_and_shows_as_an_outcome() {
    let mut kept = answered(
        complaint(
            d(2017, 6, 1),
            "Fostering",
            &[("Delay", Some(Outcome::NotUpheld))],
        ),
        8,
    );
    kept.closed = kept.stage1_response;
    let mut withdrawn = complaint(d(2017, 6, 2), "Fostering", &[("Delay", None)]);
    withdrawn.withdrawn = true;
    withdrawn.closed = Some(d(2017, 6, 20));
    let report = build_report(&[kept, withdrawn], 2017);

    let h = tb(&report, "handling");
    assert_eq!(counts(h, "stage1_statutory"), (2, 0));
    assert_eq!(counts(h, "statutory_withdrawn"), (1, 0));
    assert_eq!(total(h), (2, 0), "the withdrawn part is not counted twice");
    let outcomes = tb(&report, "stage1_complaint_outcomes");
    assert_eq!(counts(outcomes, "withdrawn"), (1, 0));
    assert_eq!(counts(outcomes, "not_upheld"), (1, 0));
    assert_eq!(total(outcomes), (2, 0));
    assert_eq!(total(tb(&report, "complaints_by_team")), (2, 0));
    // No response to time: it is left out of timeliness (not "no response yet").
    assert_eq!(total(tb(&report, "stage1_timeliness")), (1, 0));
    assert_eq!(
        counts(tb(&report, "stage1_timeliness"), "no_response"),
        (0, 0)
    );
    // Withdrawn is closed: not carried forward.
    assert_eq!(counts(tb(&report, "open_cases"), "carried_forward"), (0, 0));
}

#[test]
fn a_two_concern_complaint_is_one_complaint_and_two_concerns() {
    let r = answered(
        complaint(
            d(2017, 6, 1),
            "Fostering",
            &[
                ("Communication", Some(Outcome::Upheld)),
                ("Delay", Some(Outcome::NotUpheld)),
                ("Communication", Some(Outcome::NotUpheld)),
            ],
        ),
        5,
    );
    let report = build_report(&[r], 2017);

    // Per concern.
    let concerns = tb(&report, "stage1_concern_outcomes");
    assert_eq!(counts(concerns, "upheld"), (1, 0));
    assert_eq!(counts(concerns, "not_upheld"), (2, 0));
    assert_eq!(total(concerns), (3, 0));
    assert_eq!(
        counts(tb(&report, "concerns_by_category"), "Communication"),
        (2, 0)
    );
    assert_eq!(counts(tb(&report, "concerns_by_category"), "Delay"), (1, 0));
    // Per complaint: once per team, once per category it raises.
    assert_eq!(
        counts(tb(&report, "complaints_by_team"), "Fostering"),
        (1, 0)
    );
    assert_eq!(counts(tb(&report, "upheld_by_team"), "Fostering"), (1, 0));
    assert_eq!(
        counts(tb(&report, "complaints_by_category"), "Communication"),
        (1, 0)
    );
    assert_eq!(
        counts(tb(&report, "upheld_by_category"), "Communication"),
        (1, 0)
    );
    assert_eq!(
        counts(tb(&report, "complaints_by_category"), "Delay"),
        (1, 0)
    );
    assert_eq!(counts(tb(&report, "upheld_by_category"), "Delay"), (0, 0));
    // One concern upheld and others not: the complaint is partly upheld (not "upheld").
    let outcomes = tb(&report, "stage1_complaint_outcomes");
    assert_eq!(counts(outcomes, "partly_upheld"), (1, 0));
    assert_eq!(counts(outcomes, "upheld"), (0, 0));
    assert_eq!(total(outcomes), (1, 0));
    assert_eq!(total(tb(&report, "stage1_timeliness")), (1, 0));
    assert_eq!(total(tb(&report, "handling")), (1, 0));
    // Every table says what it counts.
    for t in report.tables() {
        assert!(!t.unit.is_empty(), "{} has no unit", t.id);
    }
}

#[test]
fn an_extended_stage_1_is_timed_against_its_agreed_timescale() {
    let extension = |reason: &str| Extension {
        to_days: 20,
        reason: reason.to_string(),
    };
    let mut extended = answered(complaint(d(2017, 6, 1), "A", &[]), 15);
    extended.stage1_extension = Some(extension("An advocate was asked for"));
    let mut extended_late = answered(complaint(d(2017, 6, 2), "A", &[]), 23);
    extended_late.stage1_extension = Some(extension("Complex"));
    let mut extended_quick = answered(complaint(d(2017, 6, 5), "A", &[]), 9);
    extended_quick.stage1_extension = Some(extension("An advocate was asked for"));
    let late = answered(complaint(d(2017, 6, 6), "A", &[]), 15);
    let on_time = answered(complaint(d(2017, 6, 7), "A", &[]), 10);
    let report = build_report(
        &[extended, extended_late, extended_quick, late, on_time],
        2017,
    );

    let agreed = tb(&report, "stage1_agreed_timescale");
    assert_eq!(
        counts(agreed, "within_agreed"),
        (3, 0),
        "15 of 20, 9 of 20, 10 of 10"
    );
    assert_eq!(counts(agreed, "after_agreed"), (2, 0), "23 of 20, 15 of 10");
    let extensions = tb(&report, "stage1_extensions");
    assert_eq!(counts(extensions, "An advocate was asked for"), (2, 0));
    assert_eq!(counts(extensions, "Complex"), (1, 0));
    assert_eq!(total(extensions), (3, 0));
    // The fixed bands and percentages still count working days from receipt.
    let s1 = tb(&report, "stage1_timeliness");
    assert_eq!(counts(s1, "within_first"), (2, 0));
    assert_eq!(counts(s1, "within_second"), (2, 0));
    assert_eq!(counts(s1, "over"), (1, 0));
    assert_eq!(s1.measures[1].this_year, Some(40));
    assert_eq!(s1.measures[2].this_year, Some(80));
    assert_eq!(s1.cells(View::Internal)[6][1], "40%");
}

#[test]
fn stage_2_is_timed_from_the_day_the_complaint_was_agreed() {
    let requested = d(2017, 7, 3);
    let agreed = add_working_days(requested, 10);
    let mut r = complaint(d(2017, 6, 1), "A", &[]);
    r.stage2 = Some(Escalation {
        requested,
        agreed: Some(agreed),
        panel_met: None,
        response: Some(add_working_days(agreed, 24)),
        outcome: Some(Outcome::PartlyUpheld),
        declined: false,
        stage2_answer: None,
    });
    // Not agreed yet: timed from the request.
    let mut not_agreed = complaint(d(2017, 6, 2), "A", &[]);
    not_agreed.stage2 = Some(Escalation {
        requested,
        agreed: None,
        panel_met: None,
        response: Some(add_working_days(requested, 30)),
        outcome: None,
        declined: false,
        stage2_answer: None,
    });
    let report = build_report(&[r, not_agreed], 2017);
    let t2 = tb(&report, "stage2_timeliness");
    assert_eq!(
        counts(t2, "within_first"),
        (1, 0),
        "24 days from the agreed date"
    );
    assert_eq!(
        counts(t2, "within_second"),
        (1, 0),
        "30 days from the request"
    );
    assert_eq!(t2.measures[0].this_year, Some(270));
    assert!(t2.unit.contains("agreed"));
    assert_eq!(
        counts(tb(&report, "stage2_outcomes"), "partly_upheld"),
        (1, 0)
    );
}

#[test]
fn stage_3_reports_the_panel_and_the_whole_stage() {
    let requested = d(2017, 9, 1);
    let mut r = complaint(d(2017, 5, 1), "A", &[]);
    r.stage3 = Some(Escalation {
        requested,
        agreed: None,
        panel_met: Some(add_working_days(requested, 28)),
        response: Some(add_working_days(requested, 52)),
        outcome: Some(Outcome::NotUpheld),
        declined: false,
        stage2_answer: None,
    });
    let mut waiting = complaint(d(2017, 5, 2), "A", &[]);
    waiting.stage3 = Some(Escalation {
        requested,
        agreed: None,
        panel_met: Some(add_working_days(requested, 35)),
        response: None,
        outcome: None,
        declined: false,
        stage2_answer: None,
    });
    let report = build_report(&[r, waiting], 2017);
    let panel = tb(&report, "stage3_panel");
    assert_eq!(panel.rows.len(), 3, "within 30, over 30, not met yet");
    assert_eq!(counts(panel, "within_first"), (1, 0));
    assert_eq!(counts(panel, "over"), (1, 0));
    assert_eq!(panel.rows[0].label, "Within 30 working days");
    let whole = tb(&report, "stage3_timeliness");
    assert_eq!(whole.rows[0].label, "Within 50 working days");
    assert_eq!(counts(whole, "over"), (1, 0));
    assert_eq!(counts(whole, "no_response"), (1, 0));
    assert_eq!(counts(tb(&report, "stage3_outcomes"), "not_upheld"), (1, 0));
}

#[test]
fn the_ombudsman_counts_enquiries_received_and_decisions_made_in_the_year() {
    let enquiry = |on: NaiveDate, finding: Option<OmbudsmanFinding>, decided: Option<NaiveDate>| {
        let mut r = complaint(d(2016, 5, 1), "A", &[]);
        r.ombudsman = Some(OmbudsmanEnquiry {
            date: on,
            finding,
            decided,
        });
        r
    };
    let records = vec![
        enquiry(
            d(2017, 5, 1),
            Some(OmbudsmanFinding::LocalSettlement),
            Some(d(2017, 9, 1)),
        ),
        enquiry(
            d(2017, 6, 1),
            Some(OmbudsmanFinding::LocalSettlement),
            Some(d(2017, 10, 1)),
        ),
        enquiry(
            d(2017, 7, 1),
            Some(OmbudsmanFinding::NoMaladministration),
            Some(d(2017, 11, 1)),
        ),
        enquiry(
            d(2017, 8, 1),
            Some(OmbudsmanFinding::NotInvestigated),
            Some(d(2017, 8, 20)),
        ),
        enquiry(
            d(2017, 8, 2),
            Some(OmbudsmanFinding::OutOfJurisdiction),
            Some(d(2017, 8, 21)),
        ),
        enquiry(
            d(2017, 8, 3),
            Some(OmbudsmanFinding::Premature),
            Some(d(2017, 8, 22)),
        ),
        // Received in the year, decided after it.
        enquiry(
            d(2018, 3, 1),
            Some(OmbudsmanFinding::MaladministrationInjustice),
            Some(d(2018, 6, 1)),
        ),
        // Received the year before, decided in it.
        enquiry(
            d(2017, 2, 1),
            Some(OmbudsmanFinding::MaladministrationNoInjustice),
            Some(d(2017, 4, 20)),
        ),
        // Not decided yet.
        enquiry(d(2017, 12, 1), None, None),
    ];
    let report = build_report(&records, 2017);
    let e = tb(&report, "ombudsman_enquiries");
    assert_eq!(counts(e, "received"), (8, 1));
    assert_eq!(counts(e, "decided"), (7, 0));
    assert_eq!(counts(e, "investigated"), (4, 0));
    let f = tb(&report, "ombudsman");
    assert_eq!(counts(f, "local_settlement"), (2, 0));
    assert_eq!(counts(f, "no_maladministration"), (1, 0));
    assert_eq!(counts(f, "maladministration_no_injustice"), (1, 0));
    assert_eq!(counts(f, "maladministration_injustice"), (0, 0));
    assert_eq!(counts(f, "not_investigated"), (1, 0));
    assert_eq!(counts(f, "out_of_jurisdiction"), (1, 0));
    assert_eq!(counts(f, "premature"), (1, 0));
    assert_eq!(total(f), (7, 0));
}

#[test]
fn contacts_from_young_people_leave_out_advocacy_requests_and_an_advocate_means_allocated() {
    let by = |who: Who, kind: ContactKind, handling: Handling| {
        let mut r = contact(d(2017, 8, 1), handling);
        r.who = Some(who);
        r.kind = kind;
        r
    };
    let mut complaint_with_advocate = by(
        Who::InCare,
        ContactKind::Complaint,
        Handling::Stage1Statutory,
    );
    complaint_with_advocate.advocate_allocated = true;
    let records = vec![
        complaint_with_advocate,
        by(
            Who::CareLeaver,
            ContactKind::Representation,
            Handling::Representation,
        ),
        by(
            Who::InCare,
            ContactKind::AdvocacyRequest,
            Handling::NotApplicable,
        ),
        by(
            Who::YoungPerson,
            ContactKind::Safeguarding,
            Handling::NotApplicable,
        ),
        // Asked for an advocate but none allocated: not counted as having one.
        by(
            Who::YoungPerson,
            ContactKind::Complaint,
            Handling::Stage1Statutory,
        ),
        by(
            Who::Parent,
            ContactKind::Complaint,
            Handling::Stage1Statutory,
        ),
    ];
    let report = build_report(&records, 2017);
    let a = tb(&report, "advocacy");
    assert_eq!(counts(a, "young_people"), (3, 0));
    assert_eq!(counts(a, "with_advocate"), (1, 0));
    assert_eq!(counts(a, "advocacy_requests"), (1, 0));
    let made_by = tb(&report, "made_by");
    assert_eq!(counts(made_by, "in_care"), (2, 0));
    assert_eq!(
        made_by.row("in_care").unwrap().label,
        "Young person in care"
    );
    assert_eq!(made_by.rows.len(), Who::ALL.len() + 1);
}

#[test]
fn complaints_not_triaged_at_year_end_are_carried_forward() {
    let mut not_triaged = contact(d(2018, 3, 20), Handling::NotTriaged);
    not_triaged.kind = ContactKind::Complaint;
    let mut request = contact(d(2018, 3, 21), Handling::NotTriaged);
    request.kind = ContactKind::AdvocacyRequest;
    let mut compliment = contact(d(2018, 3, 22), Handling::NotApplicable);
    compliment.kind = ContactKind::Compliment;
    let report = build_report(&[not_triaged, request, compliment], 2017);
    let open = tb(&report, "open_cases");
    assert_eq!(counts(open, "carried_forward"), (2, 0));
    assert_eq!(counts(open, "forward_not_triaged"), (2, 0));
    assert_eq!(counts(tb(&report, "handling"), "not_triaged"), (2, 0));
    // And the next year carries them over.
    let next = build_report(&[contact(d(2018, 3, 20), Handling::NotTriaged)], 2018);
    assert_eq!(counts(tb(&next, "open_cases"), "carried_over"), (1, 0));
}

#[test]
fn carried_over_and_forward() {
    let mut records = Vec::new();
    let mut add =
        |received: NaiveDate, handling: Handling, withdrawn: bool, closed: Option<NaiveDate>| {
            let mut r = contact(received, handling);
            r.withdrawn = withdrawn;
            r.closed = closed;
            records.push(r);
        };
    let s1 = Handling::Stage1Statutory;
    add(d(2017, 3, 20), s1, false, Some(d(2017, 4, 10))); // A: over into 17/18
    add(d(2017, 3, 1), s1, false, Some(d(2017, 3, 31))); // B: closed in time
    add(d(2017, 3, 15), s1, false, Some(d(2017, 4, 1))); // C: closed on 1 April: over
    add(d(2018, 3, 25), s1, false, None); // D: forward from 17/18
    add(d(2015, 6, 1), s1, false, None); // E: open for years
    add(d(2017, 3, 10), s1, true, None); // G: withdrawn, no date
    add(d(2017, 3, 10), s1, true, Some(d(2017, 5, 1))); // H
    add(d(2018, 3, 31), s1, false, Some(d(2018, 3, 31))); // I: closed on the last day
    add(d(2017, 3, 10), Handling::NotApplicable, false, None); // J: handled outside a procedure
    add(d(2017, 1, 5), Handling::Stage1Corporate, false, None); // K: corporate, still open
    add(
        d(2017, 2, 5),
        Handling::Representation,
        false,
        Some(d(2018, 4, 1)),
    ); // L
    let mut compliment = contact(d(2017, 3, 1), Handling::NotApplicable);
    compliment.kind = ContactKind::Compliment;
    records.push(compliment); // F: never open

    let report = build_report(&records, 2017);
    let open = tb(&report, "open_cases");
    // Over into 2017/18: A, C, E, H, K, L. Forward from 2017/18: D, E, K, L.
    // Over into 2016/17: E. Forward from 2016/17: A, C, E, H, K, L.
    assert_eq!(counts(open, "carried_over"), (6, 1));
    assert_eq!(counts(open, "carried_forward"), (4, 6));
    assert!(open.total.is_none());

    // What one year carries forward, the next carries over.
    let next = build_report(&records, 2018);
    assert_eq!(counts(tb(&next, "open_cases"), "carried_over").0, 4);
    assert_eq!(counts(tb(&next, "open_cases"), "carried_forward").1, 4);
}

#[test]
fn compares_with_the_previous_year() {
    let mut records = vec![
        contact(d(2016, 3, 31), Handling::Stage1Statutory), // 2015/16: in neither
        contact(d(2016, 4, 1), Handling::Stage1Statutory),  // first day of 2016/17
        contact(d(2016, 11, 1), Handling::Stage1Statutory),
        contact(d(2018, 4, 1), Handling::Stage1Statutory), // 2018/19: in neither
    ];
    for m in [4, 6, 9, 12] {
        records.push(contact(d(2017, m, 3), Handling::Stage1Statutory));
    }
    records.push(contact(d(2018, 3, 31), Handling::Stage1Statutory)); // last day of 2017/18
    let report = build_report(&records, 2017);
    let h = tb(&report, "handling");
    let row = h.row("stage1_statutory").unwrap();
    assert_eq!((row.this_year, row.last_year, row.change()), (5, 2, 3));
    assert_eq!(h.cells(View::Internal)[0][3], "+3");
    assert_eq!(h.columns, ["How handled", "2017/18", "2016/17", "Change"]);
    assert_eq!(
        (report.first_day, report.last_day),
        (d(2017, 4, 1), d(2018, 3, 31))
    );
    let later = build_report(&records, 2018);
    assert_eq!(counts(tb(&later, "handling"), "stage1_statutory"), (1, 5));
}

#[test]
fn remedies_by_kind_and_learning() {
    let mut x = complaint(
        d(2017, 5, 1),
        "Fostering",
        &[("Delay", Some(Outcome::NotUpheld))],
    );
    x.closed = Some(d(2018, 2, 15));
    x.remedies = vec![
        Remedy {
            kind: RemedyKind::Financial,
            amount_pence: Some(25_000),
            agreed: d(2018, 2, 1),
        },
        Remedy {
            kind: RemedyKind::Explanation,
            amount_pence: None,
            agreed: d(2017, 5, 20),
        },
        Remedy {
            kind: RemedyKind::Apology,
            amount_pence: None,
            agreed: d(2018, 4, 2), // next year
        },
    ];
    let action = |agreed, owner: &str, done| LearningAction {
        agreed,
        owner: owner.to_string(),
        done,
    };
    x.learning = vec![
        action(d(2017, 7, 1), "Fostering", Some(d(2017, 8, 1))),
        action(d(2018, 3, 1), "IRO service", Some(d(2018, 4, 15))),
        action(d(2017, 7, 1), "Fostering", None),
    ];
    let report = build_report(&[x], 2017);
    let remedies = tb(&report, "remedies");
    assert_eq!(counts(remedies, "financial"), (1, 0));
    assert_eq!(counts(remedies, "explanation"), (1, 0));
    assert_eq!(counts(remedies, "apology"), (0, 0));
    assert_eq!(remedies.rows.len(), RemedyKind::ALL.len());
    assert_eq!(total(remedies), (2, 0));
    assert_eq!(remedies.measures[0].this_year, Some(25_000));
    let paid_line = remedies.rows.len() + 1;
    assert_eq!(remedies.cells(View::Internal)[paid_line][1], "250.00");
    assert_eq!(remedies.publishable_cells()[paid_line][1], FEW_CASES_MARK);

    let learning = tb(&report, "learning");
    assert_eq!(counts(learning, "agreed"), (3, 0));
    assert_eq!(counts(learning, "completed"), (1, 0));
    assert_eq!(counts(learning, "agreed_and_completed"), (1, 0));
    assert_eq!(counts(learning, "outstanding"), (2, 0));
    assert_eq!(
        counts(tb(&report, "learning_agreed_by_owner"), "Fostering"),
        (2, 0)
    );
    assert_eq!(
        counts(tb(&report, "learning_completed_by_owner"), "Fostering"),
        (1, 0)
    );
    assert_eq!(
        counts(tb(&report, "learning_completed_by_owner"), "IRO service"),
        (0, 0)
    );
}

#[test]
fn compliments_channels_and_equality() {
    let compliment = |team: &str, who: Option<Who>, theme: Option<&str>| {
        let mut r = ReportRecord::new(
            d(2017, 7, 1),
            ContactKind::Compliment,
            Channel::OnlineForm,
            who,
            Handling::NotApplicable,
        );
        r.team = team.to_string();
        r.compliment_theme = theme.map(str::to_string);
        r
    };
    let mut records = vec![
        compliment("Leaving care", Some(Who::CareLeaver), Some("Listening")),
        compliment("Leaving care", Some(Who::InCare), Some("Listening")),
        compliment("Leaving care", Some(Who::Advocate), Some(" Listening ")),
        compliment("", None, None),
    ];
    let mut by_phone = contact(d(2017, 8, 1), Handling::Stage1Statutory);
    by_phone.channel = Channel::Phone;
    by_phone.equality.gender = Some(Gender::PreferNot);
    by_phone.equality.age_band = Some(AgeBand::From13To15);
    let mut by_letter = contact(d(2017, 8, 2), Handling::Representation);
    by_letter.channel = Channel::Letter;
    by_letter.equality.gender = Some(Gender::Girl);
    by_letter.equality.ethnicity = Some(Ethnicity::Asian);
    by_letter.equality.disability = Some(Disability::Yes);
    records.extend([by_phone, by_letter]);
    let report = build_report(&records, 2017);

    assert_eq!(
        counts(tb(&report, "compliments_by_theme"), "Listening"),
        (3, 0)
    );
    assert_eq!(counts(tb(&report, "compliments_by_theme"), ""), (1, 0));
    let source = tb(&report, "compliments_by_source");
    assert_eq!(counts(source, "care_leaver"), (1, 0));
    assert_eq!(counts(source, "advocate"), (1, 0));
    assert_eq!(counts(source, "not_recorded"), (1, 0));
    assert_eq!(
        counts(tb(&report, "compliments_by_team"), "Leaving care"),
        (3, 0)
    );
    assert_eq!(
        counts(tb(&report, "contacts_by_kind"), "compliment"),
        (4, 0)
    );

    // Compliments are not contacts; officers' channels are counted as what they are.
    let channels = tb(&report, "channels");
    assert_eq!(total(channels), (2, 0));
    assert_eq!(counts(channels, "phone"), (1, 0));
    assert_eq!(counts(channels, "letter"), (1, 0));
    assert_eq!(counts(channels, "online_form"), (0, 0));
    // Equality answers recorded by officers count like the form's, in the report's words.
    let gender = tb(&report, "equality_gender");
    assert_eq!(counts(gender, "prefer_not"), (1, 0));
    assert_eq!(gender.row("prefer_not").unwrap().label, "Prefer not to say");
    assert_eq!(counts(gender, "girl"), (1, 0));
    assert_eq!(counts(tb(&report, "equality_age"), "13_15"), (1, 0));
    assert_eq!(counts(tb(&report, "equality_disability"), "yes"), (1, 0));
    assert_eq!(counts(tb(&report, "equality_ethnicity"), "asian"), (1, 0));
    assert_eq!(
        counts(tb(&report, "equality_ethnicity"), "not_recorded"),
        (1, 0)
    );
    assert_eq!(
        tb(&report, "equality_age").rows.len(),
        AgeBand::ALL.len() + 1
    );
}
