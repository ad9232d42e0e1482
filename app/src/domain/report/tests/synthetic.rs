//! A large synthetic year: totals that must agree, and last year's column.

use super::*;

#[test]
fn last_year_column_equals_the_previous_report() {
    let records = synthetic(5_000, d(2015, 4, 1), 4 * 365, 7);
    let earlier = build_report(&records, 2017);
    let later = build_report(&records, 2018);
    assert_eq!(earlier.tables().len(), later.tables().len());
    for (e, l) in earlier.tables().into_iter().zip(later.tables()) {
        assert_eq!(e.id, l.id);
        for row in &e.rows {
            let last = l.row(&row.key).map_or(0, |r| r.last_year);
            assert_eq!(row.this_year, last, "{} {}", e.id, row.key);
        }
        for row in &l.rows {
            let this = e.row(&row.key).map_or(0, |r| r.this_year);
            assert_eq!(row.last_year, this, "{} {}", l.id, row.key);
        }
        for (me, ml) in e.measures.iter().zip(&l.measures) {
            assert_eq!(me.this_year, ml.last_year, "{}", e.id);
            assert_eq!(me.this_year_cases, ml.last_year_cases, "{}", e.id);
        }
    }
}

/// Varied records over `span_days` from `first`, from a fixed seed.
fn synthetic(n: usize, first: NaiveDate, span_days: u64, seed: u64) -> Vec<ReportRecord> {
    let mut x = seed;
    let mut next = move |m: u64| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) % m
    };
    fn pick<T: Copy>(all: &[T], i: u64) -> T {
        all[i as usize % all.len()]
    }
    let teams = [
        "Fostering",
        "Leaving care",
        "ACPS North",
        "ACPS South",
        "Adoption",
    ];
    let categories = ["Communication", "Delay", "Decision", "Placement", "Finance"];
    (0..n)
        .map(|_| {
            let received = first + Days::new(next(span_days));
            let mut r = ReportRecord::new(
                received,
                pick(ContactKind::ALL, next(5)),
                pick(Channel::ALL, next(6)),
                Who::ALL.get(next(9) as usize).copied(),
                pick(Handling::ALL, next(6)),
            );
            r.advocate_allocated = next(3) == 0;
            r.withdrawn = r.handling.is_complaint() && next(8) == 0;
            if next(5) == 0 {
                r.stage1_extension = Some(Extension {
                    to_days: 20,
                    reason: ["Complex", "Advocate"][next(2) as usize].to_string(),
                });
            }
            r.team = teams[next(5) as usize].to_string();
            if next(4) != 0 {
                r.stage1_response = Some(received + Days::new(next(40)));
            }
            if next(3) != 0 {
                r.closed = Some(received + Days::new(next(200)));
            }
            for _ in 0..1 + next(3) {
                r.concerns.push(Concern {
                    category: categories[next(5) as usize].to_string(),
                    outcome: Outcome::ALL.get(next(6) as usize).copied(),
                });
            }
            if next(10) == 0 {
                let requested = received + Days::new(30 + next(30));
                r.stage2 = Some(Escalation {
                    requested,
                    agreed: (next(2) == 0).then(|| requested + Days::new(next(10))),
                    panel_met: None,
                    response: Some(requested + Days::new(next(120))),
                    outcome: Outcome::ALL.get(next(6) as usize).copied(),
                    declined: next(5) == 0,
                    stage2_answer: None,
                });
            }
            if next(50) == 0 {
                r.stage3 = Some(Escalation {
                    requested: received + Days::new(100 + next(50)),
                    agreed: None,
                    panel_met: None,
                    response: None,
                    outcome: None,
                    declined: false,
                    stage2_answer: None,
                });
            }
            if next(40) == 0 {
                r.ombudsman = Some(OmbudsmanEnquiry {
                    date: received + Days::new(next(300)),
                    finding: OmbudsmanFinding::ALL.get(next(8) as usize).copied(),
                    decided: Some(received + Days::new(300 + next(100))),
                });
            }
            if next(8) == 0 {
                r.remedies.push(Remedy {
                    kind: pick(RemedyKind::ALL, next(7)),
                    amount_pence: (next(2) == 0).then(|| next(100_000)),
                    agreed: received + Days::new(next(60)),
                });
            }
            if next(6) == 0 {
                r.learning.push(LearningAction {
                    agreed: received + Days::new(next(30)),
                    owner: teams[next(5) as usize].to_string(),
                    done: (next(2) == 0).then(|| received + Days::new(30 + next(200))),
                });
            }
            if r.kind == ContactKind::Compliment {
                r.compliment_theme = Some(categories[next(5) as usize].to_string());
            }
            r.equality = Equality {
                age_band: AgeBand::ALL.get(next(9) as usize).copied(),
                gender: Gender::ALL.get(next(5) as usize).copied(),
                ethnicity: Ethnicity::ALL.get(next(7) as usize).copied(),
                disability: Disability::ALL.get(next(4) as usize).copied(),
            };
            r
        })
        .collect()
}

/// build_report is one pass, O(n): a million records must take well under a second in a
/// release build. This only checks that a large input is handled (timing it here would be
/// flaky), on 200,000 records.
#[test]
fn handles_200_000_records() {
    let records = synthetic(200_000, d(2016, 4, 1), 730, 42);
    let report = build_report(&records, 2017);
    let (this, last) = total(tb(&report, "contacts_by_kind"));
    assert_eq!(this + last, 200_000);
    let compliments = counts(tb(&report, "contacts_by_kind"), "compliment");
    let alerts = counts(tb(&report, "contacts_by_kind"), "safeguarding");
    assert_eq!(
        total(tb(&report, "safety_alerts")),
        alerts,
        "safety alerts have their own table"
    );
    assert_eq!(
        total(tb(&report, "handling")),
        (
            this - compliments.0 - alerts.0,
            last - compliments.1 - alerts.1
        )
    );
    assert_eq!(
        total(tb(&report, "channels")),
        total(tb(&report, "handling"))
    );
    assert_eq!(
        total(tb(&report, "equality_age")),
        total(tb(&report, "handling"))
    );
    let statutory = counts(tb(&report, "handling"), "stage1_statutory");
    let withdrawn = counts(tb(&report, "handling"), "statutory_withdrawn");
    assert_eq!(
        total(tb(&report, "stage1_timeliness")),
        (statutory.0 - withdrawn.0, statutory.1 - withdrawn.1)
    );
    assert_eq!(total(tb(&report, "complaints_by_team")), statutory);
    assert_eq!(total(tb(&report, "stage1_complaint_outcomes")), statutory);
    assert_eq!(
        total(tb(&report, "concerns_by_category")),
        total(tb(&report, "stage1_concern_outcomes"))
    );
    assert_eq!(total(tb(&report, "compliments_by_theme")), compliments);
}
