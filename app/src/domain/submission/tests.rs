//! Unit tests of `domain::submission`.

use super::*;

fn services() -> Vec<String> {
    vec!["My social worker".into(), "Something else".into()]
}

fn fields(pairs: &[(&str, &str)]) -> Fields {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn complaint_by_young_person_walks_the_full_path() {
    let a = Answers {
        who: Some(Who::InCare),
        ..Answers::for_kind(Kind::Complaint)
    };
    assert_eq!(
        a.steps(),
        vec![
            Step::Who,
            Step::What,
            Step::When,
            Step::Help,
            Step::Contact,
            Step::AboutYou,
            Step::Check
        ]
    );
    assert_eq!(a.previous_step(Step::Who), None);
    assert_eq!(a.previous_step(Step::What), Some(Step::Who));
    assert_eq!(a.next_step(Step::Help), Step::Contact);
}

#[test]
fn advocate_gets_the_behalf_page_and_compliment_skips_the_complaint_pages() {
    let a = Answers {
        who: Some(Who::Advocate),
        ..Answers::for_kind(Kind::Complaint)
    };
    assert_eq!(a.next_step(Step::Who), Step::Behalf);
    let c = Answers {
        who: Some(Who::Parent),
        ..Answers::for_kind(Kind::Compliment)
    };
    assert_eq!(c.next_step(Step::Who), Step::Thanks);
    assert!(!c.steps().contains(&Step::What));
    let r = Answers::for_kind(Kind::Advocate);
    assert!(r.steps().contains(&Step::HelpWith));
    assert!(r.wants_advocate());
}

#[test]
fn who_is_required_and_unknown_codes_are_refused() {
    let mut a = Answers::for_kind(Kind::Complaint);
    let err = apply_step(&mut a, Step::Who, &fields(&[]), &services()).unwrap_err();
    assert_eq!(err[0].field, "who");
    let err = apply_step(&mut a, Step::Who, &fields(&[("who", "king")]), &services()).unwrap_err();
    assert_eq!(err[0].field, "who");
    assert_eq!(a.who, None, "nothing changes on a mistake");
    apply_step(
        &mut a,
        Step::Who,
        &fields(&[("who", "parent")]),
        &services(),
    )
    .unwrap();
    assert_eq!(a.who, Some(Who::Parent));
}

#[test]
fn kept_mistakes_are_cut_to_each_fields_limit() {
    let mut f = Fields::new();
    f.insert("what_happened".into(), "a".repeat(LONG_TEXT_MAX + 500));
    f.insert("name".into(), "b".repeat(SHORT_TEXT_MAX + 500));
    f.insert("x".repeat(100), "c".into());
    for i in 0..100 {
        f.insert(format!("k{i:03}"), "d".into());
    }
    let kept = truncate_fields(f.clone(), field_names(Step::What));
    assert_eq!(kept["what_happened"].chars().count(), LONG_TEXT_MAX);
    assert_eq!(kept.len(), 1, "only the page's own fields");
    let kept = truncate_fields(f, field_names(Step::Contact));
    assert_eq!(kept["name"].chars().count(), SHORT_TEXT_MAX);
}

#[test]
fn what_happened_has_a_generous_limit_with_a_clear_message() {
    let mut a = Answers::for_kind(Kind::Complaint);
    let long = "a".repeat(LONG_TEXT_MAX + 1);
    let err = apply_step(
        &mut a,
        Step::What,
        &fields(&[("service", "My social worker"), ("what_happened", &long)]),
        &services(),
    )
    .unwrap_err();
    assert_eq!(err.len(), 1);
    assert!(err[0].message.contains("5,000"), "{}", err[0].message);
    assert!(err[0].message.contains("5,001"));
    let ok = "é".repeat(LONG_TEXT_MAX);
    apply_step(
        &mut a,
        Step::What,
        &fields(&[("service", "My social worker"), ("what_happened", &ok)]),
        &services(),
    )
    .expect("the limit counts characters, not bytes");
}

#[test]
fn service_must_come_from_the_council_list() {
    let mut a = Answers::for_kind(Kind::Complaint);
    let err = apply_step(
        &mut a,
        Step::What,
        &fields(&[("service", "<script>"), ("what_happened", "x")]),
        &services(),
    )
    .unwrap_err();
    assert_eq!(err[0].field, "service");
}

#[test]
fn more_than_a_year_ago_is_never_refused() {
    let mut a = Answers::for_kind(Kind::Complaint);
    apply_step(
        &mut a,
        Step::When,
        &fields(&[("when", "over_a_year")]),
        &services(),
    )
    .unwrap();
    assert!(a.over_a_year());
}

#[test]
fn advocate_must_say_whether_the_young_person_agreed_and_why_not() {
    let mut a = Answers {
        who: Some(Who::Advocate),
        ..Answers::for_kind(Kind::Complaint)
    };
    let err = apply_step(
        &mut a,
        Step::Behalf,
        &fields(&[("yp_name", "Sam"), ("consent", "cannot_tell")]),
        &services(),
    )
    .unwrap_err();
    assert_eq!(err[0].field, "consent_why");
    apply_step(
        &mut a,
        Step::Behalf,
        &fields(&[
            ("yp_name", "Sam"),
            ("consent", "cannot_tell"),
            ("consent_why", "Sam is 3"),
            ("yp_words", "I want to see my sister"),
        ]),
        &services(),
    )
    .unwrap();
    assert_eq!(a.yp_words, "I want to see my sister");
    let err = apply_step(
        &mut a,
        Step::Contact,
        &fields(&[("contact_by", "email"), ("email", "a@b.org")]),
        &services(),
    )
    .unwrap_err();
    assert_eq!(err[0].field, "name", "an advocate must give their name");
}

#[test]
fn contact_details_must_match_the_chosen_way() {
    let mut a = Answers::for_kind(Kind::Complaint);
    let err = apply_step(
        &mut a,
        Step::Contact,
        &fields(&[("contact_by", "text")]),
        &services(),
    )
    .unwrap_err();
    assert_eq!(err[0].field, "phone");
    let err = apply_step(
        &mut a,
        Step::Contact,
        &fields(&[("contact_by", "email"), ("email", "not an email")]),
        &services(),
    )
    .unwrap_err();
    assert_eq!(err[0].field, "email");
    apply_step(
        &mut a,
        Step::Contact,
        &fields(&[("contact_by", "none")]),
        &services(),
    )
    .expect("no contact is allowed; the page warns we may not be able to reply");
}

#[test]
fn phone_and_email_checks() {
    assert!(valid_phone("07700 900 123"));
    assert!(valid_phone("+44 (0)7700-900123"));
    assert!(!valid_phone("123"));
    assert!(!valid_phone("0770090012a"));
    assert!(valid_email("sam@example.org"));
    assert!(!valid_email("sam@example"));
    assert!(!valid_email("sam example@x.org"));
}

#[test]
fn equality_questions_can_be_skipped() {
    let mut a = Answers::for_kind(Kind::Complaint);
    apply_step(
        &mut a,
        Step::AboutYou,
        &fields(&[("gender", "prefer_not")]),
        &services(),
    )
    .unwrap();
    assert_eq!(a.gender, Some(Gender::PreferNot));
    apply_step(
        &mut a,
        Step::AboutYou,
        &fields(&[("skip", "1")]),
        &services(),
    )
    .unwrap();
    assert!(a.equality_skipped);
    assert_eq!(a.gender, None);
}

#[test]
fn check_complete_finds_the_first_missing_page() {
    let mut a = Answers::for_kind(Kind::Complaint);
    a.who = Some(Who::InCare);
    let (step, _) = check_complete(&a, &services()).unwrap_err();
    assert_eq!(step, Step::What);
    a.service = "My social worker".into();
    a.what_happened = "They never call back".into();
    a.when = Some(When::Recent);
    a.advocate_wanted = Some(YesNo::No);
    a.contact_by = Some(ContactBy::None);
    check_complete(&a, &services()).unwrap();
}

#[test]
fn routing_hints() {
    assert_eq!(
        routing_hint(Kind::Complaint, Some(Who::CareLeaver)),
        RoutingHint::Statutory
    );
    assert_eq!(
        routing_hint(Kind::Complaint, Some(Who::Relative)),
        RoutingHint::Corporate
    );
    assert_eq!(routing_hint(Kind::Unsafe, None), RoutingHint::Safeguarding);
    assert_eq!(
        routing_hint(Kind::Compliment, Some(Who::InCare)),
        RoutingHint::Compliment
    );
}

#[test]
fn summary_lists_answers_in_page_order_with_change_targets() {
    let mut a = Answers::for_kind(Kind::Compliment);
    a.who = Some(Who::InCare);
    a.thanks_who = "Jo".into();
    let rows = summary(&a);
    assert_eq!(rows[0].step, Step::Who);
    assert!(rows
        .iter()
        .any(|r| r.answer == "Jo" && r.step == Step::Thanks));
    assert!(rows.iter().any(|r| r.answer == "Not given"));
}

#[test]
fn codes_round_trip() {
    for k in Kind::ALL {
        assert_eq!(Kind::from_code(k.code()), Some(*k));
    }
    for s in Step::ALL {
        assert_eq!(Step::from_slug(s.slug()), Some(*s));
    }
    assert_eq!(group_thousands(1234567), "1,234,567");
}
