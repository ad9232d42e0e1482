//! The headline figures the trends show, read off a year's own tables.

use super::super::trends::{headline, summary_sentence, trend, Column, Source};
use super::*;

#[test]
fn the_headline_figures_come_from_the_years_tables() {
    let mut records = Vec::new();
    for day in 1..=4 {
        let mut r = contact(d(2024, 5, day), Handling::Stage1Statutory);
        // Three answered in time (10 working days), one late.
        let answer = if day == 4 { 30 } else { 7 };
        r.stage1_response = Some(d(2024, 5, day) + Days::new(answer));
        records.push(r);
    }
    records[0].stage2 = Some(Escalation {
        requested: d(2024, 7, 1),
        agreed: None,
        panel_met: None,
        response: None,
        outcome: None,
        declined: false,
        stage2_answer: None,
    });
    records[1].ombudsman = Some(OmbudsmanEnquiry {
        date: d(2024, 9, 1),
        finding: None,
        decided: None,
    });
    records.push(ReportRecord::new(
        d(2024, 6, 1),
        ContactKind::Compliment,
        Channel::OnlineForm,
        None,
        Handling::NotApplicable,
    ));
    records.push(contact(d(2023, 6, 1), Handling::Stage1Statutory));
    let report = build_report(&records, 2024);
    let h = headline(&report, Column::ThisYear, Source::Records);
    assert_eq!(h.label, "2024/25");
    assert_eq!(h.contacts, Some(5));
    assert_eq!(h.stage1, Some(4));
    assert_eq!(h.stage2, Some(1));
    assert_eq!(h.stage3, Some(0));
    assert_eq!(h.ombudsman, Some(1));
    assert_eq!(h.compliments, Some(1));
    assert_eq!(h.stage1_in_time_percent, Some(75));
    let before = headline(&report, Column::YearBefore, Source::Records);
    assert_eq!(
        (before.start_year, before.contacts, before.stage1),
        (2023, Some(1), Some(1))
    );
    assert_eq!(
        before.stage1_in_time_percent, None,
        "no response: no percentage"
    );
}

#[test]
fn a_table_the_year_does_not_have_is_no_figure_not_zero() {
    let mut report = build_report(&[], 2019);
    report.tables.retain(|t| t.id == "handling");
    let h = headline(&report, Column::ThisYear, Source::Imported);
    assert_eq!(h.stage1, Some(0));
    assert_eq!(h.contacts, None);
    assert!(h.has_figures(), "an imported year counts even with zeros");
}

#[test]
fn the_trend_starts_at_the_first_year_with_figures() {
    let year = |y: i32, contacts: u64, source: Source| {
        let mut h = headline(&build_report(&[], y), Column::ThisYear, source);
        h.contacts = Some(contacts);
        h
    };
    let years = vec![
        year(2024, 9, Source::Records),
        year(2023, 0, Source::Records),
        year(2022, 0, Source::Imported),
        year(2021, 0, Source::Records),
    ];
    let shown: Vec<i32> = trend(years).iter().map(|h| h.start_year).collect();
    assert_eq!(shown, [2022, 2023, 2024]);
    let empty: Vec<i32> = trend(vec![
        year(2024, 0, Source::Records),
        year(2023, 0, Source::Records),
    ])
    .iter()
    .map(|h| h.start_year)
    .collect();
    assert_eq!(empty, [2024], "the shown year always");
}

#[test]
fn the_summary_sentence_names_only_the_figures_the_year_has() {
    let mut h = headline(&build_report(&[], 2019), Column::ThisYear, Source::Imported);
    h.contacts = Some(215);
    h.stage1 = Some(3);
    h.stage2 = None;
    h.stage3 = None;
    h.ombudsman = None;
    h.compliments = Some(12);
    assert_eq!(
        summary_sentence(&h, false).unwrap(),
        "In 2019/20 we received 215 contacts, 3 Stage 1 complaints under the statutory procedure and 12 compliments."
    );
    assert!(summary_sentence(&h, true)
        .unwrap()
        .contains("<5 Stage 1 complaints"));
    h.stage1_in_time_percent = Some(71);
    assert!(summary_sentence(&h, false).unwrap().ends_with(
        "and 12 compliments. 71% of Stage 1 responses were sent within the timescale agreed for the complaint."
    ));
    let mut none = headline(
        &YearReport {
            tables: vec![],
            ..build_report(&[], 2019)
        },
        Column::ThisYear,
        Source::Imported,
    );
    assert_eq!(summary_sentence(&none, false), None);
    none.compliments = Some(7);
    assert_eq!(
        summary_sentence(&none, false).unwrap(),
        "In 2019/20 we received 7 compliments."
    );
}
