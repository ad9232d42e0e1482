//! The headline sentences (`headline.rs`).

use super::*;
use crate::domain::report::headline::headline;

#[test]
fn the_headline_quotes_this_years_figures_from_the_tables() {
    let up = Some(Outcome::Upheld);
    let mut records = vec![
        complaint(d(2017, 5, 1), "A", &[("Communication", up)]),
        complaint(
            d(2017, 5, 2),
            "A",
            &[("Communication", Some(Outcome::NotUpheld))],
        ),
        contact(d(2017, 5, 3), Handling::Stage1Corporate),
        complaint(d(2016, 5, 2), "A", &[]), // last year: not in the headline
    ];
    records[0].who = Some(Who::InCare);
    records[0].stage1_response = Some(d(2017, 5, 5));
    records[1].stage1_response = Some(d(2017, 6, 30));
    let mut praise = contact(d(2017, 7, 1), Handling::NotApplicable);
    praise.kind = ContactKind::Compliment;
    records.push(praise);
    let report = build_report(&records, 2017);
    assert_eq!(
        headline(&report, View::Internal),
        [
            "We received 4 contacts in 2017/18; 3 were complaints (2 in the statutory children's procedure and 1 in the corporate procedure).",
            "1 complaint was made by young people themselves.",
            "Of the statutory complaints, 1 was upheld or partly upheld.",
            "1 of 2 Stage 1 responses were sent within 10 working days.",
            "We received 1 compliment and 0 requests for an advocate.",
        ]
    );
}

#[test]
fn published_headlines_hide_small_counts_as_the_tables_do() {
    let records: Vec<_> = (1..=6)
        .map(|i| complaint(d(2017, 5, i), "A", &[]))
        .collect();
    let report = build_report(&records, 2017);
    let words = headline(&report, View::Publishable);
    assert!(
        words[0].starts_with(
            "We received 6 contacts in 2017/18; 6 were complaints (6 in the statutory"
        ),
        "{}",
        words[0]
    );
    assert!(
        words[0].ends_with("and 0 in the corporate procedure)."),
        "{}",
        words[0]
    );
    assert_eq!(
        words[1],
        "0 complaints were made by young people themselves."
    );
    assert_eq!(
        words[4],
        "We received 0 compliments and 0 requests for an advocate."
    );
    let few = build_report(&records[..2], 2017);
    assert!(headline(&few, View::Publishable)[0]
        .starts_with("We received fewer than 5 contacts in 2017/18; fewer than 5 were complaints"));
}
