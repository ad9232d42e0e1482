//! From the counts of the single pass to the report's tables, each with its unit written under
//! it.

use super::tally::{Named, Pair, Tally, Timeliness, Years, LAST, THIS};
use super::tally::{STAGE1_LIMITS, STAGE2_LIMITS, STAGE3_LIMITS, STAGE3_PANEL_LIMITS};
use super::{AgeBand, Channel, Disability, Ethnicity, Gender, Who};
use super::{ContactKind, Handling, OmbudsmanFinding, Outcome, RemedyKind};
use super::{Measure, Row, Table, Unit, YearReport, NOT_RECORDED};
use crate::domain::calendar::financial_year_label;
use crate::domain::submission::ReportLabel;
use crate::domain::Coded;

const PER_CONTACT: &str =
    "Each contact is counted once (compliments and safety alerts have their own tables).";
const PER_CONCERN: &str =
    "Each concern is counted: one complaint may raise several concerns, so this counts concerns, not complaints.";

pub(super) fn row(key: &str, label: &str, counts: Pair) -> Row {
    Row {
        key: key.to_string(),
        label: label.to_string(),
        this_year: counts[THIS],
        last_year: counts[LAST],
        part: false,
    }
}

/// "Of which …": a part of the row above, left out of the total.
pub(super) fn part(key: &str, label: &str, counts: Pair) -> Row {
    Row {
        part: true,
        ..row(key, label, counts)
    }
}

/// One row per value of `all` (worded by `label`), then "Not recorded" when `counts` has a
/// slot for it.
fn rows_of<E: Copy>(
    all: &[E],
    code: fn(E) -> &'static str,
    label: fn(E) -> &'static str,
    counts: &[Pair],
) -> Vec<Row> {
    let mut rows: Vec<Row> = all
        .iter()
        .zip(counts)
        .map(|(e, c)| row(code(*e), label(*e), *c))
        .collect();
    if let Some(c) = counts.get(all.len()) {
        rows.push(row("not_recorded", NOT_RECORDED, *c));
    }
    rows
}

fn coded_rows<E: Coded>(counts: &[Pair]) -> Vec<Row> {
    rows_of(E::ALL, E::code, E::label, counts)
}

fn reported_rows<E: Coded + ReportLabel>(counts: &[Pair]) -> Vec<Row> {
    rows_of(E::ALL, E::code, E::report_label, counts)
}

/// Rows for a council's own names: those where `present` counts something in either year,
/// with counts from `pick` (so paired tables share their rows).
fn named_rows<T: Default>(
    named: &Named<T>,
    present: impl Fn(&T) -> Pair,
    pick: impl Fn(&T) -> Pair,
) -> Vec<Row> {
    named
        .sorted()
        .into_iter()
        .filter(|(_, v)| present(v) != [0, 0])
        .map(|(k, v)| row(k, if k.is_empty() { NOT_RECORDED } else { k }, pick(v)))
        .collect()
}

pub(super) fn sum_rows(label: &str, rows: &[Row]) -> Row {
    let whole = rows.iter().filter(|r| !r.part);
    Row {
        key: "total".to_string(),
        label: label.to_string(),
        this_year: whole.clone().map(|r| r.this_year).sum(),
        last_year: whole.map(|r| r.last_year).sum(),
        part: false,
    }
}

/// Average working days over the answered cases, in tenths, halves rounded up.
pub(super) fn average(label: &str, t: &Timeliness) -> Measure {
    let avg = |y: usize| {
        let (sum, n) = (t.days[y], t.answered[y]);
        (n > 0).then(|| (sum * 20 + n) / (2 * n))
    };
    Measure {
        label: label.to_string(),
        unit: Unit::TenthsOfWorkingDays,
        this_year: avg(THIS),
        last_year: avg(LAST),
        this_year_cases: t.answered[THIS],
        last_year_cases: t.answered[LAST],
    }
}

/// The share of answered cases within the first `bands` bands, as a whole percentage (halves
/// rounded up).
fn percent_within(label: &str, t: &Timeliness, bands: usize) -> Measure {
    let pct = |y: usize| {
        let n = t.answered[y];
        let within: u64 = t.bands[..bands].iter().map(|b| b[y]).sum();
        (n > 0).then(|| (within * 200 + n) / (2 * n))
    };
    Measure {
        label: label.to_string(),
        unit: Unit::Percent,
        this_year: pct(THIS),
        last_year: pct(LAST),
        this_year_cases: t.answered[THIS],
        last_year_cases: t.answered[LAST],
    }
}

fn timeliness_rows(t: &Timeliness, limits: (i64, i64), none: &str) -> Vec<Row> {
    let (a, b) = limits;
    let mut rows = vec![row(
        "within_first",
        &format!("Within {a} working days"),
        t.bands[0],
    )];
    if b > a {
        rows.push(row(
            "within_second",
            &format!("{} to {b} working days", a + 1),
            t.bands[1],
        ));
    }
    rows.push(row("over", &format!("Over {b} working days"), t.bands[2]));
    rows.push(row("no_response", none, t.bands[3]));
    rows
}

fn escalation_outcome_rows(counts: &[Pair], declined: &str) -> Vec<Row> {
    let n = Outcome::ALL.len();
    let mut rows = coded_rows::<Outcome>(&counts[..n]);
    rows.push(row("declined", declined, counts[n]));
    rows.push(row("not_decided", "Not decided yet", counts[n + 1]));
    rows
}

/// Makes tables with the two years' headings.
pub(super) struct Builder {
    pub(super) labels: [String; 2],
}

/// What a table is: its id, title, what its rows are, and its unit.
pub(super) struct Spec<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) dimension: &'a str,
    pub(super) unit: &'a str,
}

impl Builder {
    pub(super) fn make(
        &self,
        s: Spec,
        rows: Vec<Row>,
        total: Option<&str>,
        measures: Vec<Measure>,
    ) -> Table {
        let total = total.map(|label| sum_rows(label, &rows));
        Table {
            id: s.id.to_string(),
            title: s.title.to_string(),
            columns: vec![
                s.dimension.to_string(),
                self.labels[THIS].clone(),
                self.labels[LAST].clone(),
                "Change".to_string(),
            ],
            rows,
            total,
            measures,
            unit: s.unit.to_string(),
        }
    }

    /// A plain table of rows (used by tests of the table rules).
    #[cfg(test)]
    pub(super) fn table(&self, id: &str, rows: Vec<Row>, total: Option<&str>) -> Table {
        let spec = Spec {
            id,
            title: "Test",
            dimension: "Team",
            unit: "Each complaint is counted once.",
        };
        self.make(spec, rows, total, vec![])
    }
}

/// The median and average of tenths of hours, each as a [`Measure`].
fn hours_measures(hours: &[Vec<u64>; 2]) -> Vec<Measure> {
    let median = |v: &Vec<u64>| {
        let mut v = v.clone();
        v.sort_unstable();
        match v.len() {
            0 => None,
            n if n % 2 == 1 => Some(v[n / 2]),
            n => Some((v[n / 2 - 1] + v[n / 2]).div_ceil(2)),
        }
    };
    let average = |v: &Vec<u64>| {
        (!v.is_empty()).then(|| {
            let n = v.len() as u64;
            (v.iter().sum::<u64>() * 2 + n) / (2 * n)
        })
    };
    let measure = |label: &str, f: &dyn Fn(&Vec<u64>) -> Option<u64>| Measure {
        label: label.to_string(),
        unit: Unit::TenthsOfHours,
        this_year: f(&hours[THIS]),
        last_year: f(&hours[LAST]),
        this_year_cases: hours[THIS].len() as u64,
        last_year_cases: hours[LAST].len() as u64,
    };
    vec![
        measure("Median hours to pass on", &median),
        measure("Average hours to pass on", &average),
    ]
}

pub(super) fn assemble(t: &Tally, start_year: i32, years: &Years) -> YearReport {
    let b = Builder {
        labels: [
            financial_year_label(start_year),
            financial_year_label(start_year - 1),
        ],
    };
    let spec = |id, title, dimension, unit| Spec {
        id,
        title,
        dimension,
        unit,
    };
    let received = |v: &[Pair; 2]| v[0];
    let second = |v: &[Pair; 2]| v[1];
    let contacts = Some("Contacts received");
    let statutory = "Stage 1 statutory complaints received in the year, withdrawn ones included. Each complaint is counted once.";
    let answered = "Stage 1 statutory complaints received in the year and not withdrawn; working days from receipt (day 0) to the response. Each complaint is counted once.";

    let mut handling = Vec::new();
    for (h, counts) in Handling::ALL.iter().zip(&t.handling) {
        handling.push(row(h.code(), h.label(), *counts));
        match h {
            Handling::Stage1Statutory => {
                handling.push(part(
                    "statutory_withdrawn",
                    "of which withdrawn",
                    t.withdrawn[0],
                ));
            }
            Handling::Stage1Corporate => {
                handling.push(part(
                    "corporate_withdrawn",
                    "of which withdrawn",
                    t.withdrawn[1],
                ));
            }
            Handling::Representation
            | Handling::OutsideScope
            | Handling::NotTriaged
            | Handling::NotApplicable => {}
        }
    }
    let n = Outcome::ALL.len();
    let mut complaint_outcomes = coded_rows::<Outcome>(&t.complaint_outcome[..n]);
    complaint_outcomes.push(row("still_open", "Still open", t.complaint_outcome[n]));
    let mut concern_outcomes = coded_rows::<Outcome>(&t.concern_outcome[..n]);
    concern_outcomes.push(row("not_decided", "Not decided yet", t.concern_outcome[n]));
    let paid = Measure {
        label: "Total paid (\u{a3})".to_string(),
        unit: Unit::Pence,
        this_year: Some(t.paid_pence[THIS]),
        last_year: Some(t.paid_pence[LAST]),
        this_year_cases: t.payments[THIS],
        last_year_cases: t.payments[LAST],
    };

    let mut tables = vec![
        b.make(
            spec("contacts_by_kind", "Contacts and compliments received, by kind", "Kind", "Each contact, compliment and safety alert received in the year is counted once."),
            coded_rows::<ContactKind>(&t.kind),
            Some("Received"),
            vec![],
        ),
        b.make(
            spec("handling", "Contacts received and how they were handled", "How handled", "Each contact is counted once, under the procedure it went to; withdrawn complaints stay in their procedure's count (and are shown as an outcome)."),
            handling,
            contacts,
            vec![],
        ),
        b.make(
            spec("open_cases", "Open cases carried over and carried forward", "Open cases", "Contacts still open at the start (carried over) or end (carried forward) of the year, including those not triaged yet."),
            vec![
                row("carried_over", "Carried over from the previous year", t.carried_over),
                row("carried_forward", "Carried forward to the next year", t.carried_forward),
                part("forward_not_triaged", "of which not triaged yet", t.forward_not_triaged),
            ],
            None,
            vec![],
        ),
        b.make(
            spec("channels", "How contact was made", "Channel", PER_CONTACT),
            reported_rows::<Channel>(&t.channel),
            contacts,
            vec![],
        ),
        b.make(
            spec("made_by", "Who made contact", "Made by", PER_CONTACT),
            reported_rows::<Who>(&t.who),
            contacts,
            vec![],
        ),
        b.make(
            spec("advocacy", "Young people and advocates", "Advocacy", "Contacts from young people: made by a young person themselves, not counting requests for an advocate or safety alerts. Had an advocate: an advocate was allocated. Each contact is counted once."),
            vec![
                row("young_people", "Contacts from young people", t.young_people),
                row("with_advocate", "Contacts where an advocate was allocated", t.with_advocate),
                row("advocacy_requests", "Requests for an advocate", t.advocacy_requests),
            ],
            None,
            vec![],
        ),
        b.make(
            spec("complaints_by_team", "Stage 1 complaints received, by service or team", "Service or team", statutory),
            named_rows(&t.team, received, received),
            Some("Complaints received"),
            vec![],
        ),
        b.make(
            spec("upheld_by_team", "Stage 1 complaints upheld or partly upheld, by service or team", "Service or team", "Stage 1 statutory complaints whose outcome was upheld or partly upheld. Each complaint is counted once."),
            named_rows(&t.team, received, second),
            Some("Complaints upheld or partly upheld"),
            vec![],
        ),
        b.make(
            spec("complaints_by_category", "Stage 1 complaints received, by category", "Category", "Each complaint is counted once under each category it raises, so the rows can add up to more than the complaints."),
            named_rows(&t.category, received, received),
            None,
            vec![],
        ),
        b.make(
            spec("upheld_by_category", "Stage 1 complaints upheld or partly upheld, by category", "Category", "Each complaint is counted once under each category in which a concern was upheld or partly upheld."),
            named_rows(&t.category, received, second),
            None,
            vec![],
        ),
        b.make(
            spec("concerns_by_category", "Stage 1 concerns raised, by category", "Category", PER_CONCERN),
            named_rows(&t.concern_category, |p| *p, |p| *p),
            Some("Concerns raised"),
            vec![],
        ),
        b.make(
            spec("stage1_concern_outcomes", "Stage 1: outcome of each concern", "Outcome", PER_CONCERN),
            concern_outcomes,
            Some("Concerns"),
            vec![],
        ),
        b.make(
            spec("stage1_complaint_outcomes", "Stage 1: outcome of each complaint", "Outcome", "Each complaint once: upheld (every concern decided on its merits upheld), partly upheld (some), not upheld (none), withdrawn, not applicable (no concern could be decided on its merits), still open."),
            complaint_outcomes,
            Some("Stage 1 complaints"),
            vec![],
        ),
        b.make(
            spec("stage1_timeliness", "Stage 1: working days from receipt to response", "Time to respond", answered),
            timeliness_rows(&t.stage1, STAGE1_LIMITS, "No response yet"),
            Some("Stage 1 complaints"),
            vec![
                average("Average working days to respond", &t.stage1),
                percent_within("Responded within 10 working days (%)", &t.stage1, 1),
                percent_within("Responded within 20 working days (%)", &t.stage1, 2),
            ],
        ),
        b.make(
            spec("stage1_agreed_timescale", "Stage 1: responses against the timescale agreed for each complaint", "Against the agreed timescale", "Stage 1 statutory complaints responded to; the agreed timescale is 10 working days, or the extension given with its reason. Each complaint is counted once."),
            vec![
                row("within_agreed", "Within the agreed timescale", t.stage1_agreed[0]),
                row("after_agreed", "After the agreed timescale", t.stage1_agreed[1]),
            ],
            Some("Stage 1 complaints responded to"),
            vec![],
        ),
        b.make(
            spec("stage1_extensions", "Stage 1: complaints given more time, by reason", "Reason for the extension", "Stage 1 statutory complaints whose response time was extended (to at most 20 working days), by the reason recorded. Each complaint is counted once."),
            named_rows(&t.extensions, |p| *p, |p| *p),
            Some("Complaints with an extension"),
            vec![],
        ),
        b.make(
            spec("stage2_timeliness", "Stage 2: working days from the agreed complaint to the adjudication", "Time to respond", "Stage 2 investigations asked for in the year; working days from the day the complaint was agreed with the complainant (or the request, until that is recorded). Each complaint is counted once."),
            timeliness_rows(&t.stage2, STAGE2_LIMITS, "No response yet"),
            Some("Stage 2 investigations"),
            vec![average("Average working days to respond", &t.stage2)],
        ),
        b.make(
            spec("stage2_outcomes", "Stage 2: requests and outcomes", "Outcome", "Stage 2 requests made in the year. Each complaint is counted once."),
            escalation_outcome_rows(&t.stage2_outcome, "Declined or resolved without an investigation"),
            Some("Stage 2 requests"),
            vec![],
        ),
        super::stage2_requests::table(&b.labels, &t.stage2_requests),
        b.make(
            spec("stage3_panel", "Stage 3: working days from the request to the review panel", "Panel met", "Stage 3 review panels asked for in the year; the panel must meet within 30 working days of the request. Each complaint is counted once."),
            timeliness_rows(&t.stage3_panel, STAGE3_PANEL_LIMITS, "Panel not met yet"),
            Some("Stage 3 review panels"),
            vec![average("Average working days to the panel", &t.stage3_panel)],
        ),
        b.make(
            spec("stage3_timeliness", "Stage 3: working days from the request to the council's final response", "Whole stage", "Stage 3 review panels asked for in the year; the whole stage (panel, report, council's response) is reported against 50 working days. Each complaint is counted once."),
            timeliness_rows(&t.stage3, STAGE3_LIMITS, "No response yet"),
            Some("Stage 3 review panels"),
            vec![average("Average working days to respond", &t.stage3)],
        ),
        b.make(
            spec("stage3_outcomes", "Stage 3: requests and outcomes", "Outcome", "Stage 3 requests made in the year. Each complaint is counted once."),
            escalation_outcome_rows(&t.stage3_outcome, "Declined or resolved without a panel"),
            Some("Stage 3 requests"),
            vec![],
        ),
        b.make(
            spec("ombudsman_enquiries", "Ombudsman: enquiries received and decisions made", "Ombudsman", "Enquiries: received in the year. Decisions: made in the year, whenever the enquiry came. Each complaint is counted once."),
            vec![
                row("received", "Enquiries received", t.ombudsman_received),
                row("decided", "Decisions made", [0, 1].map(|y| t.ombudsman_decided.iter().map(|p| p[y]).sum())),
                part("investigated", "of which investigations", t.ombudsman_investigated),
            ],
            None,
            vec![],
        ),
        b.make(
            spec("ombudsman", "Ombudsman: decisions made in the year, by finding", "Finding", "Decisions the Ombudsman made in the year. Each complaint is counted once."),
            coded_rows::<OmbudsmanFinding>(&t.ombudsman_decided),
            Some("Decisions made"),
            vec![],
        ),
        b.make(
            spec("remedies", "Remedies agreed", "Remedy", "Each remedy agreed in the year is counted once (one complaint may have several)."),
            coded_rows::<RemedyKind>(&t.remedies),
            Some("Remedies"),
            vec![paid],
        ),
        b.make(
            spec("learning", "Learning: corrective actions", "Actions", "Each corrective action is counted once."),
            vec![
                row("agreed", "Agreed in the year", t.learning[0]),
                row("completed", "Completed in the year", t.learning[1]),
                row("agreed_and_completed", "Agreed in the year and completed by its end", t.learning[2]),
                row("outstanding", "Outstanding at the end of the year", t.learning[3]),
            ],
            None,
            vec![],
        ),
        b.make(
            spec("learning_agreed_by_owner", "Learning: actions agreed in the year, by owner", "Owner", "Each corrective action is counted once."),
            named_rows(&t.owners, received, received),
            Some("Actions agreed"),
            vec![],
        ),
        b.make(
            spec("learning_completed_by_owner", "Learning: actions agreed in the year and completed by its end, by owner", "Owner", "Each corrective action is counted once."),
            named_rows(&t.owners, received, second),
            Some("Actions completed"),
            vec![],
        ),
        b.make(
            spec("compliments_by_team", "Compliments, by service or team", "Service or team", "Each compliment is counted once."),
            named_rows(&t.compliment_team, |p| *p, |p| *p),
            Some("Compliments"),
            vec![],
        ),
        b.make(
            spec("compliments_by_source", "Compliments, by who gave them", "From", "Each compliment is counted once."),
            reported_rows::<Who>(&t.compliment_source),
            Some("Compliments"),
            vec![],
        ),
        b.make(
            spec("compliments_by_theme", "Compliments, by theme", "Theme", "Each compliment is counted once."),
            named_rows(&t.compliment_theme, |p| *p, |p| *p),
            Some("Compliments"),
            vec![],
        ),
        b.make(
            spec("equality_age", "Equality monitoring: age", "Age", PER_CONTACT),
            reported_rows::<AgeBand>(&t.age),
            contacts,
            vec![],
        ),
        b.make(
            spec("equality_gender", "Equality monitoring: gender", "Gender", PER_CONTACT),
            reported_rows::<Gender>(&t.gender),
            contacts,
            vec![],
        ),
        b.make(
            spec("equality_ethnicity", "Equality monitoring: ethnic group", "Ethnic group", PER_CONTACT),
            reported_rows::<Ethnicity>(&t.ethnicity),
            contacts,
            vec![],
        ),
        b.make(
            spec("equality_disability", "Equality monitoring: disability", "Disability", PER_CONTACT),
            reported_rows::<Disability>(&t.disability),
            contacts,
            vec![],
        ),
        b.make(
            spec("safety_alerts", "Safety alerts (\u{201c}I don't feel safe\u{201d}) and how fast they were passed to safeguarding", "Safety alerts", "Each safety alert received in the year is counted once; safety alerts are never counted as complaints."),
            vec![
                row("in_time", "Passed on within the hours target", t.safety[1]),
                row("late", "Passed on after the hours target", t.safety[2]),
                row("not_recorded", "Not recorded as passed on", t.safety[3]),
            ],
            Some("Safety alerts received"),
            hours_measures(&t.safety_hours),
        ),
    ];
    // The receipt tables follow "Who made contact" (see `receipt.rs`).
    let at = tables
        .iter()
        .position(|t| t.id == "made_by")
        .map_or(tables.len(), |i| i + 1);
    tables.splice(at..at, super::receipt::tables(t, &b));
    let at = tables
        .iter()
        .position(|t| t.id == "complaints_by_whom")
        .map_or(tables.len(), |i| i + 1);
    tables.splice(at..at, super::crosstab::tables(t, &b));
    let at = tables
        .iter()
        .position(|t| t.id == "upheld_by_team")
        .map_or(tables.len(), |i| i + 1);
    tables.insert(at, super::corporate::table(t, &b));
    let at = tables
        .iter()
        .position(|t| t.id == "advocacy")
        .map_or(tables.len(), |i| i + 1);
    tables.insert(at, super::advocacy::table(t, &b));
    YearReport {
        start_year,
        label: b.labels[THIS].clone(),
        previous_label: b.labels[LAST].clone(),
        first_day: years.bounds[THIS].0,
        last_day: years.bounds[THIS].1,
        tables,
    }
}
