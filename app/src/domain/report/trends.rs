//! Trends: the headline figures of up to ten financial years ending at the one shown, each
//! year from wherever its figures are (its records, its closed report, or its imported
//! figures), read off that year's own tables so the words are the report's.
//!
//! The headline figures, each from one table:
//! - **contacts**: contacts, compliments and safety alerts received (`contacts_by_kind` total);
//! - **Stage 1**: statutory Stage 1 complaints received, withdrawn ones included (`handling`);
//! - **Stage 2** and **Stage 3**: requests made in the year (`stage2_outcomes`,
//!   `stage3_outcomes` totals);
//! - **Ombudsman**: enquiries received (`ombudsman_enquiries`);
//! - **compliments** (`contacts_by_kind`);
//! - **Stage 1 within timescale**: of the Stage 1 responses, the share within the timescale
//!   agreed for each complaint (`stage1_agreed_timescale`), a whole percentage, halves up.
//!
//! A figure whose table a year does not have (an import of some tables only) is `None`,
//! shown as "no figure", never as 0.

use super::{Table, YearReport};
use serde::{Deserialize, Serialize};

/// How many years the trends show at most.
pub const TREND_YEARS: i32 = 10;

/// Where a year's figures come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    Records,
    Closed,
    Imported,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Records => "records",
            Source::Closed => "closed year",
            Source::Imported => "imported",
        }
    }
}

/// Which column of a report a year's figures are read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    ThisYear,
    YearBefore,
}

/// One year's headline figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    pub start_year: i32,
    /// "2017/18".
    pub label: String,
    pub source: Source,
    pub contacts: Option<u64>,
    pub stage1: Option<u64>,
    pub stage2: Option<u64>,
    pub stage3: Option<u64>,
    pub ombudsman: Option<u64>,
    pub compliments: Option<u64>,
    /// Whole percentage of Stage 1 responses within the agreed timescale; `None` when there is
    /// no table or no response.
    pub stage1_in_time_percent: Option<u64>,
}

impl Headline {
    /// Whether the year has anything to show (a year with no records and nothing kept does not
    /// start the trend).
    pub fn has_figures(&self) -> bool {
        self.source != Source::Records || self.contacts.unwrap_or(0) > 0
    }

    /// The figures in the order of [`HEADLINE_LABELS`].
    pub fn figures(&self) -> [Option<u64>; 7] {
        [
            self.contacts,
            self.stage1,
            self.stage2,
            self.stage3,
            self.ombudsman,
            self.compliments,
            self.stage1_in_time_percent,
        ]
    }
}

/// What each headline figure is, in the order of [`Headline::figures`].
pub const HEADLINE_LABELS: [&str; 7] = [
    "Contacts received",
    "Stage 1 complaints (statutory)",
    "Stage 2 requests",
    "Stage 3 requests",
    "Ombudsman enquiries",
    "Compliments",
    "Stage 1 responses within the agreed timescale (%)",
];

/// The headline figures of `report` for one of its two years.
pub fn headline(report: &YearReport, column: Column, source: Source) -> Headline {
    let (start_year, label) = match column {
        Column::ThisYear => (report.start_year, report.label.clone()),
        Column::YearBefore => (report.start_year - 1, report.previous_label.clone()),
    };
    let pick = |r: &super::Row| match column {
        Column::ThisYear => r.this_year,
        Column::YearBefore => r.last_year,
    };
    let row = |table: &str, key: &str| -> Option<u64> {
        let t: &Table = report.table(table)?;
        Some(t.row(key).map_or(0, pick))
    };
    let total = |table: &str| -> Option<u64> {
        let t = report.table(table)?;
        let whole = t.rows.iter().filter(|r| !r.part).map(pick).sum();
        Some(t.total.as_ref().map_or(whole, pick))
    };
    let in_time = match (
        row("stage1_agreed_timescale", "within_agreed"),
        row("stage1_agreed_timescale", "after_agreed"),
    ) {
        (Some(within), Some(after)) if within + after > 0 => {
            let n = within + after;
            Some((within * 200 + n) / (2 * n))
        }
        _ => None,
    };
    Headline {
        start_year,
        label,
        source,
        contacts: total("contacts_by_kind"),
        stage1: row("handling", "stage1_statutory"),
        stage2: total("stage2_outcomes"),
        stage3: total("stage3_outcomes"),
        ombudsman: row("ombudsman_enquiries", "received"),
        compliments: row("contacts_by_kind", "compliment"),
        stage1_in_time_percent: in_time,
    }
}

/// The years the trend shows: from the earliest of the ten that has figures to the shown one
/// (`years` newest first, as gathered); always at least the shown year.
pub fn trend(mut years: Vec<Headline>) -> Vec<Headline> {
    years.sort_by_key(|h| h.start_year);
    let first = years
        .iter()
        .position(Headline::has_figures)
        .unwrap_or(years.len().saturating_sub(1));
    years.split_off(first)
}

/// The year's headline figures in a sentence a board report can quote ("In 2019/20 we received
/// 215 contacts, 4 Stage 1 complaints … and 12 compliments."), with only the figures the year
/// has; `None` when it has none. `publishable`: counts from 1 to 4 as "<5".
pub fn summary_sentence(h: &Headline, publishable: bool) -> Option<String> {
    let n = |v: u64| {
        if publishable {
            super::suppress_small(v)
        } else {
            v.to_string()
        }
    };
    let parts: Vec<String> = [
        (h.contacts, "contacts"),
        (h.stage1, "Stage 1 complaints under the statutory procedure"),
        (h.stage2, "requests for Stage 2"),
        (h.stage3, "requests for Stage 3"),
        (h.ombudsman, "enquiries from the Ombudsman"),
        (h.compliments, "compliments"),
    ]
    .into_iter()
    .filter_map(|(v, what)| v.map(|v| format!("{} {what}", n(v))))
    .collect();
    let mut sentence = match parts.as_slice() {
        [] => String::new(),
        [one] => format!("In {} we received {one}.", h.label),
        [init @ .., last] => format!("In {} we received {} and {last}.", h.label, init.join(", ")),
    };
    if let Some(p) = h.stage1_in_time_percent {
        if !sentence.is_empty() {
            sentence.push(' ');
        }
        sentence.push_str(&format!(
            "{p}% of Stage 1 responses were sent within the timescale agreed for the complaint."
        ));
    }
    (!sentence.is_empty()).then_some(sentence)
}
