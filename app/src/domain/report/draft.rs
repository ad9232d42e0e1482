//! The draft annual report: the shape councils publish (the seeds in `shared/seeds/`), with
//! the figures from the year's report and the words officers write for each section, kept per
//! year.

use serde::{Deserialize, Serialize};

coded!(
    /// A section of the published report that officers write in their own words.
    NarrativeSection {
        Summary = "summary" => "Summary",
        Procedure = "procedure" => "The complaints procedure",
        Analysis = "analysis" => "What people told us",
        Learning = "learning" => "What we learned and changed",
        Compliments = "compliments" => "Compliments",
        Equality = "equality" => "Equality",
        YearAhead = "year_ahead" => "The year ahead",
    }
);

impl NarrativeSection {
    /// What to write there, shown beside the box.
    pub fn hint(self) -> &'static str {
        match self {
            NarrativeSection::Summary => "The year in a few sentences: what came in, how quickly it was answered, what changed.",
            NarrativeSection::Procedure => "How children and the people who care for them can complain, the three stages and their timescales, advocacy.",
            NarrativeSection::Analysis => "What the figures show: the main themes, the teams, timeliness, and what was upheld.",
            NarrativeSection::Learning => "The actions agreed because of complaints, and what has changed for children.",
            NarrativeSection::Compliments => "Who thanked whom, and for what (only extracts people agreed to share).",
            NarrativeSection::Equality => "Who used the procedure and who did not, and what the service will do about it.",
            NarrativeSection::YearAhead => "Priorities for next year.",
        }
    }

    /// The report's tables that belong in this section, by id (the rest go in the analysis).
    pub fn holds_table(self, table_id: &str) -> bool {
        let group = if table_id.starts_with("learning") {
            NarrativeSection::Learning
        } else if table_id.starts_with("compliments") {
            NarrativeSection::Compliments
        } else if table_id.starts_with("equality") {
            NarrativeSection::Equality
        } else {
            NarrativeSection::Analysis
        };
        group == self
    }
}

/// The longest text kept for one section.
pub const MAX_NARRATIVE_CHARS: usize = 20_000;

/// The words written for one section of one year's report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    pub section: NarrativeSection,
    pub text: String,
    /// Who saved it last, and when.
    pub updated_by: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// Why a section's text cannot be saved, in words for the officer; `None` when it can.
pub fn narrative_problem(text: &str) -> Option<String> {
    let n = text.chars().count();
    (n > MAX_NARRATIVE_CHARS).then(|| {
        format!("This section is {n} characters long: keep it to {MAX_NARRATIVE_CHARS} or fewer.")
    })
}

/// The text as kept: line ends made `\n`, trailing spaces and blank lines at the end dropped.
pub fn tidy(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}

/// Paragraphs of the text (split at blank lines), for the printed page.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}
