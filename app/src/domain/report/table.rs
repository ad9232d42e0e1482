//! One table of the report: rows for this year and the year before, the change, measures
//! (averages, amounts, percentages), the unit it counts, and how it is shown (exact, or fit to
//! publish with small counts hidden), as cells and as CSV.

use serde::{Deserialize, Serialize};

/// Counts from 1 up to this number minus one are hidden in the publishable view.
pub const SUPPRESS_BELOW: u64 = 5;
/// What a hidden small count shows in the publishable view.
pub const SMALL_MARK: &str = "<5";
/// What a count hidden only to protect a small one shows in the publishable view.
pub const SECONDARY_MARK: &str = "*";
/// What an average or amount based on fewer than [`SUPPRESS_BELOW`] cases shows when published.
pub const FEW_CASES_MARK: &str = "<5 cases";
/// What an average shows when there is nothing to average.
pub const NO_VALUE: &str = "n/a";
/// The label of rows for things not recorded.
pub const NOT_RECORDED: &str = "Not recorded";

/// One line of a table: a count for this year and for the year before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// A stable key: the code for fixed lists, the trimmed name for a council's own words
    /// ("" for not recorded).
    pub key: String,
    pub label: String,
    pub this_year: u64,
    pub last_year: u64,
    /// A part of the row above ("of which withdrawn"), shown indented and left out of the total.
    #[serde(default)]
    pub part: bool,
}

impl Row {
    /// This year minus last year.
    pub fn change(&self) -> i64 {
        to_i64(self.this_year) - to_i64(self.last_year)
    }
}

/// The unit of a [`Measure`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Values are tenths of a working day (`123` shows as "12.3").
    TenthsOfWorkingDays,
    /// Values are pence (`123456` shows as "1234.56", the label says "(£)").
    Pence,
    /// Values are tenths of an hour (`15` shows as "1.5").
    TenthsOfHours,
    /// Values are whole percentages (`47` shows as "47%").
    Percent,
}

/// A figure that is not a count: an average or an amount, with how many cases it rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub label: String,
    pub unit: Unit,
    /// `None` when there is nothing to average.
    pub this_year: Option<u64>,
    pub last_year: Option<u64>,
    /// How many cases each year's figure is based on.
    pub this_year_cases: u64,
    pub last_year_cases: u64,
}

/// Exact counts, or the version fit to publish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    Internal,
    Publishable,
}

/// One table of the report. Its cells, CSV and the publishable version come from its methods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// A stable machine name, e.g. "stage1_timeliness" (for file names and links).
    pub id: String,
    pub title: String,
    /// Headings: what the rows are, this year's label, last year's label, "Change".
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    /// The sum of the rows (not counting [`Row::part`]s), when it means something.
    pub total: Option<Row>,
    pub measures: Vec<Measure>,
    /// What one count is, written under the table ("Each complaint is counted once.").
    #[serde(default)]
    pub unit: String,
}

/// How one count is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    Exact,
    Small,
    Secondary,
}

impl Table {
    /// The row with this key.
    pub fn row(&self, key: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.key == key)
    }

    /// The body of the table as text, one `Vec` per line (rows, then the total, then the
    /// measures), each as wide as [`Table::columns`].
    pub fn cells(&self, view: View) -> Vec<Vec<String>> {
        let shown = match view {
            View::Internal => vec![[Shown::Exact; 2]; self.rows.len()],
            View::Publishable => self.publishable_shown(),
        };
        let mut out = Vec::with_capacity(self.rows.len() + 1 + self.measures.len());
        for (row, shown) in self.rows.iter().zip(shown) {
            out.push(count_cells(row, shown));
        }
        if let Some(total) = &self.total {
            let shown = match view {
                View::Internal => [Shown::Exact; 2],
                View::Publishable => [
                    small_or_exact(total.this_year),
                    small_or_exact(total.last_year),
                ],
            };
            out.push(count_cells(total, shown));
        }
        for m in &self.measures {
            out.push(measure_cells(m, view));
        }
        out
    }

    /// The publishable cells: see [`View::Publishable`] and the module docs.
    pub fn publishable_cells(&self) -> Vec<Vec<String>> {
        self.cells(View::Publishable)
    }

    /// The exact (internal) table as RFC 4180 CSV.
    pub fn to_csv(&self) -> String {
        self.to_csv_view(View::Internal)
    }

    /// The table as RFC 4180 CSV in the given view (written by the `csv` crate; every cell
    /// defused against spreadsheet formulas, see [`defuse_formula`]).
    pub fn to_csv_view(&self, view: View) -> String {
        let header = self.columns.clone();
        csv_text(std::iter::once(header).chain(self.cells(view)))
    }

    /// Which counts to hide, per row and per year, in the publishable view.
    fn publishable_shown(&self) -> Vec<[Shown; 2]> {
        let mut shown: Vec<[Shown; 2]> = self
            .rows
            .iter()
            .map(|r| [small_or_exact(r.this_year), small_or_exact(r.last_year)])
            .collect();
        if self.total.is_none() {
            return shown;
        }
        for col in 0..2 {
            let value = |r: &Row| if col == 0 { r.this_year } else { r.last_year };
            let hidden = shown
                .iter()
                .zip(&self.rows)
                .filter(|(s, r)| !r.part && s[col] == Shown::Small)
                .count();
            if hidden != 1 {
                continue;
            }
            let smallest = self
                .rows
                .iter()
                .enumerate()
                .filter(|(i, r)| shown[*i][col] == Shown::Exact && value(r) > 0)
                .min_by_key(|(_, r)| value(r))
                .map(|(i, _)| i);
            if let Some(i) = smallest {
                shown[i][col] = Shown::Secondary;
            }
        }
        shown
    }
}

/// A count as it may be published: 1 to 4 show as "<5", 0 stays "0".
pub fn suppress_small(count: u64) -> String {
    if (1..SUPPRESS_BELOW).contains(&count) {
        SMALL_MARK.to_string()
    } else {
        count.to_string()
    }
}

fn small_or_exact(count: u64) -> Shown {
    if (1..SUPPRESS_BELOW).contains(&count) {
        Shown::Small
    } else {
        Shown::Exact
    }
}

fn shown_text(count: u64, shown: Shown) -> String {
    match shown {
        Shown::Exact => count.to_string(),
        Shown::Small => SMALL_MARK.to_string(),
        Shown::Secondary => SECONDARY_MARK.to_string(),
    }
}

fn count_cells(row: &Row, shown: [Shown; 2]) -> Vec<String> {
    let change = if shown == [Shown::Exact; 2] {
        signed(row.change())
    } else {
        String::new()
    };
    let label = if row.part {
        format!("\u{2003}{}", row.label)
    } else {
        row.label.clone()
    };
    vec![
        label,
        shown_text(row.this_year, shown[0]),
        shown_text(row.last_year, shown[1]),
        change,
    ]
}

fn measure_cells(m: &Measure, view: View) -> Vec<String> {
    let few = |cases: u64| view == View::Publishable && (1..SUPPRESS_BELOW).contains(&cases);
    let text = |value: Option<u64>, cases: u64| match value {
        _ if few(cases) => FEW_CASES_MARK.to_string(),
        Some(v) => format_unit(to_i64(v), m.unit),
        None => NO_VALUE.to_string(),
    };
    let change = match (m.this_year, m.last_year) {
        (Some(a), Some(b)) if !few(m.this_year_cases) && !few(m.last_year_cases) => {
            let d = to_i64(a) - to_i64(b);
            let s = format_unit(d, m.unit);
            if d > 0 {
                format!("+{s}")
            } else {
                s
            }
        }
        _ => String::new(),
    };
    vec![
        m.label.clone(),
        text(m.this_year, m.this_year_cases),
        text(m.last_year, m.last_year_cases),
        change,
    ]
}

/// "12.3" for tenths, "1234.56" for pence; negative values keep their sign.
pub(super) fn format_unit(v: i64, unit: Unit) -> String {
    let (scale, digits) = match unit {
        Unit::TenthsOfWorkingDays | Unit::TenthsOfHours => (10, 1),
        Unit::Pence => (100, 2),
        Unit::Percent => return format!("{v}%"),
    };
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    format!("{sign}{}.{:0digits$}", a / scale, a % scale)
}

fn signed(v: i64) -> String {
    if v > 0 {
        format!("+{v}")
    } else {
        v.to_string()
    }
}

pub(super) fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Lines of cells as CSV (CRLF line ends, quoted only where needed), every cell defused.
pub fn csv_text(lines: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for line in lines {
        // Writing to memory cannot fail.
        let _ = w.write_record(line.iter().map(|c| defuse_formula(c)));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Puts a `'` before text a spreadsheet would run as a formula (starting with = + - @ tab or
/// CR), in every cell. Plain signed numbers ("-1", "+8", "+1234.51", the change columns) stay
/// numbers: a spreadsheet cannot run them as anything else.
pub fn defuse_formula(s: &str) -> String {
    let signless = s.strip_prefix(['+', '-']).unwrap_or(s);
    // A percentage ("+5%") is a number too.
    let digits = signless.strip_suffix('%').unwrap_or(signless);
    let number = digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1;
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number {
        format!("'{s}")
    } else {
        s.to_string()
    }
}
