//! The headline figures in words a board report can quote ("We received 312 contacts in
//! 2017/18; 229 were complaints …"), from the report's own tables, so the words and the tables
//! can never disagree. Plain Rust, one function, so a later translation can word the same
//! figures in another language.
//!
//! Each sentence reads its figure from one table (named beside it below); in the publishable
//! view a count from 1 to 4 reads "fewer than 5", as "<5" does in the tables.

use super::{View, YearReport, SUPPRESS_BELOW};

/// A count in words: exact, or "fewer than 5" when published.
fn n(count: u64, view: View) -> String {
    match view {
        View::Publishable if (1..SUPPRESS_BELOW).contains(&count) => {
            format!("fewer than {SUPPRESS_BELOW}")
        }
        View::Internal | View::Publishable => count.to_string(),
    }
}

/// "1 complaint", "2 complaints", "fewer than 5 complaints".
fn of(count: u64, one: &str, many: &str, view: View) -> String {
    let word = if count == 1 && view == View::Internal {
        one
    } else {
        many
    };
    format!("{} {word}", n(count, view))
}

/// The headline sentences for the report's year.
pub fn headline(report: &YearReport, view: View) -> Vec<String> {
    let get = |table: &str, key: &str| {
        report
            .table(table)
            .and_then(|t| {
                if key == "total" {
                    t.total.as_ref()
                } else {
                    t.row(key)
                }
            })
            .map_or(0, |r| r.this_year)
    };
    let statutory = get("handling", "stage1_statutory");
    let corporate = get("handling", "stage1_corporate");
    let complaints = statutory + corporate;
    let answered: u64 = ["within_first", "within_second", "over"]
        .iter()
        .map(|k| get("stage1_timeliness", k))
        .sum();
    let upheld = get("stage1_complaint_outcomes", "upheld")
        + get("stage1_complaint_outcomes", "partly_upheld");
    vec![
        format!(
            "We received {} in {}; {} ({} in the statutory children's procedure and {} in the corporate procedure).",
            of(get("contacts_by_kind", "total"), "contact", "contacts", view),
            report.label,
            if complaints == 1 && view == View::Internal {
                "1 was a complaint".to_string()
            } else {
                format!("{} were complaints", n(complaints, view))
            },
            n(statutory, view),
            n(corporate, view),
        ),
        format!(
            "{} made by young people themselves.",
            match get("complaints_by_whom", "young_person") {
                1 if view == View::Internal => "1 complaint was".to_string(),
                c => format!("{} were", of(c, "complaint", "complaints", view)),
            }
        ),
        format!(
            "Of the statutory complaints, {} upheld or partly upheld.",
            match upheld {
                1 if view == View::Internal => "1 was".to_string(),
                c => format!("{} were", n(c, view)),
            }
        ),
        format!(
            "{} of {} Stage 1 responses were sent within 10 working days.",
            n(get("stage1_timeliness", "within_first"), view),
            n(answered, view),
        ),
        format!(
            "We received {} and {}.",
            of(get("contacts_by_kind", "compliment"), "compliment", "compliments", view),
            of(get("contacts_by_kind", "advocacy_request"), "request for an advocate", "requests for an advocate", view),
        ),
    ]
}
