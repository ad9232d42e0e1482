//! Doncaster Children's Services Trust, 2017/18 (seed 001), reproduced from records, with some
//! complaints raising two concerns: the per-complaint tables keep Doncaster's figures and the
//! per-concern table counts every concern.

use super::*;
use crate::domain::calendar::{add_working_days, financial_year_bounds};

/// Tables 13 and 14: (subject of complaint, received 2017/18, upheld or partly upheld 2017/18,
/// received 2016/17, upheld or partly upheld 2016/17).
const DONCASTER_THEMES: [(&str, u64, u64, u64, u64); 10] = [
    ("Accuracy of Assessment/Reports", 19, 7, 18, 11),
    ("Actions of Worker", 69, 16, 50, 14),
    ("Changes in Social Worker", 6, 3, 7, 4),
    ("Decision making", 27, 3, 14, 0),
    ("Delays in receiving services", 23, 13, 23, 16),
    ("Delays in sharing Minutes/Reports", 7, 6, 0, 0),
    ("Family time arrangements", 6, 5, 9, 5),
    ("Financial assistance", 15, 9, 11, 8),
    ("Poor communication", 49, 35, 46, 36),
    ("Unhappy with placement", 8, 4, 9, 3),
];

/// How many complaints (every fifth) raise a second concern in the same theme.
fn second_concerns(themes: &[(&str, u64, u64)]) -> u64 {
    themes.iter().map(|t| t.1).sum::<u64>().div_ceil(5)
}

/// One year of Doncaster-shaped stage 1 complaints, themes and upheld counts from Tables 13/14,
/// response times in three bands; every fifth complaint raises a second, not upheld, concern
/// in the same theme (per complaint it is still one complaint in that theme).
fn doncaster_year(
    start_year: i32,
    themes: &[(&str, u64, u64)],
    bands: [u64; 3],
    teams: &[(&str, u64)],
) -> Vec<ReportRecord> {
    let first = financial_year_bounds(start_year).0;
    let mut outcomes = Vec::new();
    for &(theme, received, upheld) in themes {
        for i in 0..received {
            let outcome = match i {
                i if i < upheld && i % 2 == 0 => Outcome::Upheld,
                i if i < upheld => Outcome::PartlyUpheld,
                _ => Outcome::NotUpheld,
            };
            outcomes.push((theme, outcome));
        }
    }
    let mut team_names = Vec::new();
    for &(team, n) in teams {
        team_names.extend(std::iter::repeat_n(team, n as usize));
    }
    let [within_10, within_20, _] = bands;
    let mut out = Vec::new();
    for (i, (theme, outcome)) in outcomes.into_iter().enumerate() {
        let i = i as u64;
        let received = first + Days::new(i * 37 % 365);
        let days = if i < within_10 {
            1 + i % 10
        } else if i < within_10 + within_20 {
            11 + i % 10
        } else {
            21 + i % 30
        };
        let team = team_names
            .get(i as usize)
            .copied()
            .unwrap_or("Other services");
        let mut concerns = vec![(theme, Some(outcome))];
        if i.is_multiple_of(5) {
            concerns.push((theme, Some(Outcome::NotUpheld)));
        }
        let mut r = complaint(received, team, &concerns);
        let response = add_working_days(received, days as u32);
        r.stage1_response = Some(response);
        r.closed = Some(response);
        out.push(r);
    }
    let total: u64 = bands.iter().sum();
    assert_eq!(out.len() as u64, total, "themes and bands must agree");
    out
}

/// The other contacts of Doncaster's Table 2: representations, withdrawn statutory complaints
/// and corporate complaints.
fn doncaster_other_contacts(
    start_year: i32,
    rows: [(Handling, bool, u64); 3],
) -> Vec<ReportRecord> {
    let first = financial_year_bounds(start_year).0;
    let mut out = Vec::new();
    for (handling, withdrawn, n) in rows {
        for i in 0..n {
            let mut r = contact(first + Days::new(i * 11 % 365), handling);
            r.withdrawn = withdrawn;
            r.closed = Some(r.received + Days::new(5));
            out.push(r);
        }
    }
    out
}

fn expected_average_tenths(bands: [u64; 3]) -> u64 {
    let [a, b, c] = bands;
    let n = a + b + c;
    let sum: u64 = (0..n)
        .map(|i| {
            if i < a {
                1 + i % 10
            } else if i < a + b {
                11 + i % 10
            } else {
                21 + i % 30
            }
        })
        .sum();
    (sum * 20 + n) / (2 * n)
}

#[test]
fn reproduces_doncaster_2017_18_with_complaints_of_several_concerns() {
    let themes_2017: Vec<(&str, u64, u64)> =
        DONCASTER_THEMES.iter().map(|t| (t.0, t.1, t.2)).collect();
    let themes_2016: Vec<(&str, u64, u64)> =
        DONCASTER_THEMES.iter().map(|t| (t.0, t.3, t.4)).collect();
    // 5.4: 69 within 10, 80 within 20, 80 over 20 working days. The 2016/17 split is not
    // in the seed (only "67% within timescales"); 60/65/62 is invented to match it.
    let bands_2017 = [69, 80, 80];
    let bands_2016 = [60, 65, 62];
    // Table 17: stage 1 complaints by Area Child Protection Service team, 2017/18.
    let teams_2017 = [
        ("ACPS Central", 47),
        ("ACPS East", 34),
        ("ACPS North", 30),
        ("ACPS South", 19),
    ];
    let mut records = doncaster_year(2017, &themes_2017, bands_2017, &teams_2017);
    records.extend(doncaster_year(2016, &themes_2016, bands_2016, &[]));
    // Table 2: representations, withdrawn (statutory) complaints, corporate complaints.
    records.extend(doncaster_other_contacts(
        2017,
        [
            (Handling::Representation, false, 14),
            (Handling::Stage1Statutory, true, 43),
            (Handling::Stage1Corporate, false, 23),
        ],
    ));
    records.extend(doncaster_other_contacts(
        2016,
        [
            (Handling::Representation, false, 65),
            (Handling::Stage1Statutory, true, 44),
            (Handling::Stage1Corporate, false, 14),
        ],
    ));

    let report = build_report(&records, 2017);
    assert_eq!(report.label, "2017/18");
    assert_eq!(report.previous_label, "2016/17");

    // Table 2: 309 contacts in 2017/18, 310 in 2016/17. Withdrawn complaints stay in the
    // statutory count (229 answered + 43 withdrawn) and are shown as its part.
    let h = tb(&report, "handling");
    assert_eq!(counts(h, "stage1_statutory"), (272, 231));
    assert_eq!(counts(h, "statutory_withdrawn"), (43, 44));
    assert_eq!(counts(h, "representation"), (14, 65));
    assert_eq!(counts(h, "stage1_corporate"), (23, 14));
    assert_eq!(counts(h, "outside_scope"), (0, 0));
    assert_eq!(total(h), (309, 310));

    // 5.4: timeliness, of the complaints not withdrawn.
    let s1 = tb(&report, "stage1_timeliness");
    assert_eq!(counts(s1, "within_first"), (69, 60));
    assert_eq!(counts(s1, "within_second"), (80, 65));
    assert_eq!(counts(s1, "over"), (80, 62));
    assert_eq!(counts(s1, "no_response"), (0, 0));
    assert_eq!(total(s1), (229, 187));
    let avg = &s1.measures[0];
    assert_eq!(avg.this_year, Some(expected_average_tenths(bands_2017)));
    assert_eq!(avg.last_year, Some(expected_average_tenths(bands_2016)));
    assert_eq!((avg.this_year_cases, avg.last_year_cases), (229, 187));
    // "dealt with within statutory timescales – 65%": (69 + 80) of 229.
    assert_eq!(s1.measures[2].this_year, Some(65));
    assert_eq!(s1.measures[1].this_year, Some(30)); // 69 of 229 = 30.1%

    // Tables 13 and 14, per complaint: a complaint with two concerns in a theme counts once.
    for (theme, received, upheld, received_before, upheld_before) in DONCASTER_THEMES {
        assert_eq!(
            counts(tb(&report, "complaints_by_category"), theme),
            (received, received_before),
            "{theme}"
        );
        assert_eq!(
            counts(tb(&report, "upheld_by_category"), theme),
            (upheld, upheld_before),
            "{theme}"
        );
    }
    // Per concern: every concern is counted (the withdrawn complaints, with none recorded,
    // once each as "Not recorded", so no complaint disappears).
    let concerns = tb(&report, "concerns_by_category");
    assert_eq!(counts(concerns, ""), (43, 44));
    assert_eq!(
        total(concerns),
        (
            229 + second_concerns(&themes_2017) + 43,
            187 + second_concerns(&themes_2016) + 44
        )
    );
    assert!(!tb(&report, "complaints_by_category")
        .unit
        .contains("concern is counted"));
    assert!(concerns.unit.contains("concerns, not complaints"));
    // Paired tables list the same rows in the same order.
    let keys = |t: &Table| t.rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>();
    assert_eq!(
        keys(tb(&report, "complaints_by_category")),
        keys(tb(&report, "upheld_by_category"))
    );

    // Table 5: 101 of 229 upheld or partly upheld (upheld and partly apart), and the 43
    // withdrawn complaints shown as an outcome.
    let per_complaint = tb(&report, "stage1_complaint_outcomes");
    let (upheld, partly) = (
        counts(per_complaint, "upheld").0,
        counts(per_complaint, "partly_upheld").0,
    );
    assert_eq!(upheld + partly, 101);
    assert!(upheld > 0 && partly > 0);
    assert_eq!(counts(per_complaint, "not_upheld").0, 128);
    assert_eq!(counts(per_complaint, "withdrawn"), (43, 44));
    assert_eq!(total(per_complaint), (272, 231));

    // Table 17: stage 1 complaints by ACPS team, counted per complaint.
    let teams = tb(&report, "complaints_by_team");
    assert_eq!(counts(teams, "ACPS Central"), (47, 0));
    assert_eq!(counts(teams, "ACPS East"), (34, 0));
    assert_eq!(counts(teams, "ACPS North"), (30, 0));
    assert_eq!(counts(teams, "ACPS South"), (19, 0));
    // The other 99 (the 43 withdrawn ones were given no team here: "Not recorded").
    assert_eq!(counts(teams, "Other services"), (99, 187));
    assert_eq!(counts(teams, ""), (43, 44));

    // Published, the small upheld counts are hidden.
    let cells = tb(&report, "upheld_by_category").publishable_cells();
    let line = |label: &str| cells.iter().find(|c| c[0] == label).unwrap().clone();
    assert_eq!(
        line("Changes in Social Worker"),
        ["Changes in Social Worker", "<5", "<5", ""]
    );
    assert_eq!(line("Decision making"), ["Decision making", "<5", "0", ""]);
    assert_eq!(
        line("Poor communication"),
        ["Poor communication", "35", "36", "-1"]
    );
}
