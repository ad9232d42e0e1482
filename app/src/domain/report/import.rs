//! Importing an earlier year's figures: one table at a time, from the report's own CSV
//! ([`Table::to_csv`]), so that year-on-year columns and trends work from the first day.
//!
//! **The template** for a table is its own CSV download, exactly as the report writes it (the
//! internal view): a heading line (what the rows are, the year, the year before, "Change"),
//! then one line per row, the total if the table has one, then its averages or amounts. The
//! download for a year with no records is the blank template (every count 0).
//!
//! **Rules**, each broken rule reported with its line number in plain words, every problem
//! found at once (up to [`MAX_PROBLEMS`]), nothing imported unless the whole file is right:
//! - the heading must be the table's own (its first heading) for the year being imported;
//! - every line has the four cells of the heading;
//! - labels are the table's own rows, each once; every row of a fixed list must be there (0
//!   for none). Tables of a council's own words (teams, categories, owners) take any label;
//! - counts are whole numbers of 0 or more; hidden counts ("<5", "*") are refused: import the
//!   exact figures, not the publishable view;
//! - the Change cell may be left empty (it is worked out again); if given it must be right;
//! - a total, if given, must be the sum of the rows ("of which" rows left out);
//! - averages and amounts are written as the report writes them ("12.3", "47%", "1234.56",
//!   "n/a"). How many cases an imported average rests on is not known, so the publishable view
//!   shows it as given (the council has published it before).

use super::{Measure, Row, Table, Unit, YearReport, NOT_RECORDED, NO_VALUE};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The longest text accepted for one table (a table is a few dozen lines).
pub const MAX_IMPORT_CHARS: usize = 100_000;
/// At most this many problems are listed for one file.
pub const MAX_PROBLEMS: usize = 25;

/// One thing wrong with a file, for the manager to put right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// The line of the file (1 is the heading); `None` for the file as a whole.
    pub line: Option<u64>,
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(n) => write!(f, "Line {n}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn problem(line: Option<u64>, message: impl Into<String>) -> ImportProblem {
    ImportProblem {
        line,
        message: message.into(),
    }
}

/// A year whose figures were imported, not computed: shown like a closed year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedYear {
    pub start_year: i32,
    /// The name of the manager who imported the latest table.
    pub imported_by: String,
    pub imported_at: chrono::DateTime<chrono::Utc>,
    /// Only the tables imported, in the report's order.
    pub report: YearReport,
}

/// `year`'s report with `table` added, or in place of the table with the same id (a re-import
/// of a table replaces it whole), kept in the order of `template`.
pub fn with_table(year: Option<YearReport>, template: &YearReport, table: Table) -> YearReport {
    let mut report = year.unwrap_or_else(|| YearReport {
        tables: Vec::new(),
        ..template.clone()
    });
    report.tables.retain(|t| t.id != table.id);
    report.tables.push(table);
    let order = |id: &str| template.tables.iter().position(|t| t.id == id);
    report.tables.sort_by_key(|t| order(&t.id));
    report
}

/// What a line of the file is, matched against the template.
enum Slot {
    Row(usize),
    /// "Outer: inner", an "of which" part of template row `usize` (a cross-tab's parts: the
    /// template, a report of no records, has none, since parts of nought are left out).
    Part(usize),
    /// "of which …" under the last of a council's own words given (e.g. a team's).
    NamedPart,
    Named(String),
    Total,
    Measure(usize),
}

/// Reads `text` (one table's CSV) as the figures of `template` (the same table from a report
/// of the year being imported, e.g. built from no records). Every problem, or the table.
pub fn parse_table(template: &Table, text: &str) -> Result<Table, Vec<ImportProblem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![problem(
            None,
            "There is nothing to import: paste the table's CSV, starting with its heading line.",
        )]);
    }
    if text.chars().count() > MAX_IMPORT_CHARS {
        return Err(vec![problem(
            None,
            format!("The file is longer than {MAX_IMPORT_CHARS} characters: import one table at a time."),
        )]);
    }
    let mut p = Parser::new(template);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut last_line = 0;
    for (i, record) in reader.records().enumerate() {
        match record {
            Ok(rec) => {
                let line = rec
                    .position()
                    .map_or(last_line + 1, |pos| line_at(text, pos));
                last_line = line;
                let cells: Vec<String> = rec.iter().map(clean).collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                if i == 0 {
                    p.heading(line, &cells);
                } else {
                    p.line(line, &cells);
                }
            }
            Err(e) => {
                let line = e.position().map(|pos| line_at(text, pos));
                p.push(problem(
                    line,
                    "this line is not valid CSV (is a quote left open?).",
                ));
                break;
            }
        }
        if p.problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    p.finish()
}

/// The line (from 1) a record starts on. Counted from its byte offset: after a CRLF the `csv`
/// crate puts a record's start at the LF and its own line number one behind.
fn line_at(text: &str, pos: &csv::Position) -> u64 {
    let bytes = text.as_bytes();
    let mut upto = usize::try_from(pos.byte())
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    if bytes.get(upto) == Some(&b'\n') {
        upto += 1;
    }
    bytes[..upto].iter().filter(|b| **b == b'\n').count() as u64 + 1
}

/// A cell as written by a person or a spreadsheet: trimmed (which also drops the indent of
/// "of which" rows), and without the `'` the CSV puts before formula-like text.
fn clean(cell: &str) -> String {
    let t = cell.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => t.to_string(),
    }
}

struct Parser<'a> {
    template: &'a Table,
    problems: Vec<ImportProblem>,
    /// Whether the rows are a fixed list (every row required) or a council's own words.
    fixed: bool,
    rows: Vec<Option<(u64, u64)>>,
    named: Vec<(String, String, u64, u64)>,
    /// Parts by the template row they belong to: (row, label, this year, last year).
    parts: Vec<(usize, String, u64, u64)>,
    /// Parts by the index in `named` of the row they follow.
    named_parts: Vec<(usize, String, u64, u64)>,
    total: Option<(u64, u64, u64)>,
    measures: Vec<Option<(Option<u64>, Option<u64>)>>,
    /// Label → the line it was first seen on.
    seen: HashMap<String, u64>,
    /// Which template rows and measures a line has claimed (a label can be on two rows:
    /// "of which withdrawn" under each procedure, taken in order).
    claimed_rows: Vec<bool>,
    claimed_measures: Vec<bool>,
    heading_ok: bool,
}

impl<'a> Parser<'a> {
    fn new(template: &'a Table) -> Self {
        Parser {
            template,
            problems: Vec::new(),
            fixed: !template.rows.is_empty(),
            rows: vec![None; template.rows.len()],
            named: Vec::new(),
            parts: Vec::new(),
            named_parts: Vec::new(),
            total: None,
            measures: vec![None; template.measures.len()],
            seen: HashMap::new(),
            claimed_rows: vec![false; template.rows.len()],
            claimed_measures: vec![false; template.measures.len()],
            heading_ok: false,
        }
    }

    fn push(&mut self, p: ImportProblem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        }
    }

    fn this_label(&self) -> &str {
        &self.template.columns[1]
    }

    fn last_label(&self) -> &str {
        &self.template.columns[2]
    }

    fn heading(&mut self, line: u64, cells: &[String]) {
        let want = &self.template.columns;
        let at = Some(line);
        if cells.len() != want.len() {
            self.push(problem(
                at,
                format!(
                    "the heading line should have {} cells ({}); it has {}.",
                    want.len(),
                    want.join(", "),
                    cells.len()
                ),
            ));
            return;
        }
        if !cells[0].eq_ignore_ascii_case(&want[0]) {
            self.push(problem(
                at,
                format!(
                    "the first heading is \u{201c}{}\u{201d}, but the table \u{201c}{}\u{201d} starts with \u{201c}{}\u{201d}: is this the right table, and does the file start with its heading line?",
                    cells[0], self.template.title, want[0]
                ),
            ));
            return;
        }
        if cells[1] != want[1] || cells[2] != want[2] {
            self.push(problem(
                at,
                format!(
                    "the figures are headed {} and {}, but you are importing {} (with {} before it). Choose the year the file is for.",
                    cells[1], cells[2], want[1], want[2]
                ),
            ));
            return;
        }
        self.heading_ok = true;
    }

    fn line(&mut self, line: u64, cells: &[String]) {
        if !self.heading_ok {
            return;
        }
        let at = Some(line);
        let label = cells[0].as_str();
        let key = label.to_lowercase();
        let slot = self.slot(label);
        let first = self.seen.get(&key).copied();
        match (&slot, first) {
            (Some(Slot::Row(i)), _) => self.claimed_rows[*i] = true,
            // The same "of which" under each team.
            (Some(Slot::NamedPart), _) => {}
            (Some(Slot::Measure(i)), _) => self.claimed_measures[*i] = true,
            (_, Some(first)) => {
                self.push(problem(
                    at,
                    format!("\u{201c}{label}\u{201d} appears twice (first on line {first})."),
                ));
                return;
            }
            (Some(Slot::Total | Slot::Named(_) | Slot::Part(_)) | None, None) => {}
        }
        self.seen.entry(key).or_insert(line);
        let width = self.template.columns.len();
        if cells.len() != width {
            self.push(problem(
                at,
                format!(
                    "expected {width} cells (label, {}, {}, change), found {}.",
                    self.this_label(),
                    self.last_label(),
                    cells.len()
                ),
            ));
            return;
        }
        let Some(slot) = slot else {
            let rows: Vec<&str> = self
                .template
                .rows
                .iter()
                .map(|r| r.label.as_str())
                .collect();
            self.push(problem(
                at,
                format!(
                    "\u{201c}{label}\u{201d} is not a row of the table \u{201c}{}\u{201d}. Its rows are: {}.",
                    self.template.title,
                    rows.join("; ")
                ),
            ));
            return;
        };
        match slot {
            Slot::Measure(i) => {
                let unit = self.template.measures[i].unit;
                let this = self.measure(line, label, &cells[1], unit, 1);
                let last = self.measure(line, label, &cells[2], unit, 2);
                if let (Some(a), Some(b)) = (this, last) {
                    self.measures[i] = Some((a, b));
                }
            }
            Slot::Row(_) | Slot::Named(_) | Slot::Part(_) | Slot::NamedPart | Slot::Total => {
                let this = self.count(line, label, &cells[1], 1);
                let last = self.count(line, label, &cells[2], 2);
                let (Some(this), Some(last)) = (this, last) else {
                    return;
                };
                if !self.change_ok(line, &cells[3], this, last) {
                    return;
                }
                match slot {
                    Slot::Row(i) => self.rows[i] = Some((this, last)),
                    Slot::Named(k) => self.named.push((k, label.to_string(), this, last)),
                    Slot::Part(i) => self.parts.push((i, label.to_string(), this, last)),
                    Slot::NamedPart => {
                        let under = self.named.len() - 1;
                        self.named_parts
                            .push((under, label.to_string(), this, last))
                    }
                    Slot::Total => self.total = Some((line, this, last)),
                    Slot::Measure(_) => {}
                }
            }
        }
    }

    fn slot(&self, label: &str) -> Option<Slot> {
        let same = |a: &str| a.trim().eq_ignore_ascii_case(label);
        if let Some(t) = &self.template.total {
            if same(&t.label) {
                return Some(Slot::Total);
            }
        }
        if let Some(i) = (0..self.template.measures.len())
            .find(|i| !self.claimed_measures[*i] && same(&self.template.measures[*i].label))
        {
            return Some(Slot::Measure(i));
        }
        if let Some(i) = (0..self.template.rows.len())
            .find(|i| !self.claimed_rows[*i] && same(&self.template.rows[*i].label))
        {
            return Some(Slot::Row(i));
        }
        if let Some((outer, _)) = label.split_once(':') {
            if let Some(i) = (0..self.template.rows.len()).find(|i| {
                let r = &self.template.rows[*i];
                !r.part && r.label.trim().eq_ignore_ascii_case(outer.trim())
            }) {
                return Some(Slot::Part(i));
            }
        }
        if self.fixed {
            return None;
        }
        if label.to_lowercase().starts_with("of which") && !self.named.is_empty() {
            return Some(Slot::NamedPart);
        }
        let key = if label.eq_ignore_ascii_case(NOT_RECORDED) {
            String::new()
        } else {
            label.to_string()
        };
        Some(Slot::Named(key))
    }

    fn column(&self, col: usize) -> &str {
        if col == 1 {
            self.this_label()
        } else {
            self.last_label()
        }
    }

    fn count(&mut self, line: u64, label: &str, cell: &str, col: usize) -> Option<u64> {
        if let Ok(n) = cell.parse::<u64>() {
            return Some(n);
        }
        let year = self.column(col).to_string();
        let message = if cell == super::SMALL_MARK || cell == super::SECONDARY_MARK {
            format!("the {year} figure for \u{201c}{label}\u{201d} is hidden (\u{201c}{cell}\u{201d}): import the exact figures (the internal view's CSV), not the publishable view.")
        } else if cell.is_empty() {
            format!("the {year} figure for \u{201c}{label}\u{201d} is empty: write 0 for none.")
        } else {
            format!("the {year} figure for \u{201c}{label}\u{201d} is \u{201c}{cell}\u{201d}, which is not a whole number of 0 or more.")
        };
        self.push(problem(Some(line), message));
        None
    }

    fn change_ok(&mut self, line: u64, cell: &str, this: u64, last: u64) -> bool {
        if cell.is_empty() {
            return true;
        }
        let want = super::table::to_i64(this) - super::table::to_i64(last);
        match cell.strip_prefix('+').unwrap_or(cell).parse::<i64>() {
            Ok(n) if n == want => true,
            Ok(_) => {
                self.push(problem(
                    Some(line),
                    format!(
                        "the change is {cell}, but {this} \u{2212} {last} is {}. Correct it, or leave the change empty to have it worked out.",
                        signed(want)
                    ),
                ));
                false
            }
            Err(_) => {
                self.push(problem(
                    Some(line),
                    format!("the change \u{201c}{cell}\u{201d} is not a number: leave it empty to have it worked out."),
                ));
                false
            }
        }
    }

    /// An average or amount as the report writes it; `Some(None)` is "n/a".
    fn measure(
        &mut self,
        line: u64,
        label: &str,
        cell: &str,
        unit: Unit,
        col: usize,
    ) -> Option<Option<u64>> {
        if cell.eq_ignore_ascii_case(NO_VALUE) {
            return Some(None);
        }
        if let Some(v) = parse_unit(cell, unit) {
            return Some(Some(v));
        }
        let example = match unit {
            Unit::TenthsOfWorkingDays | Unit::TenthsOfHours => "a number such as 12.3",
            Unit::Pence => "an amount such as 1234.56",
            Unit::Percent => "a percentage such as 47%",
        };
        let year = self.column(col).to_string();
        self.push(problem(
            Some(line),
            format!("the {year} figure for \u{201c}{label}\u{201d} is \u{201c}{cell}\u{201d}: write {example}, or n/a."),
        ));
        None
    }

    fn finish(mut self) -> Result<Table, Vec<ImportProblem>> {
        if !self.heading_ok {
            if self.problems.is_empty() {
                self.push(problem(None, "There is no heading line."));
            }
            return Err(self.problems);
        }
        let t = self.template;
        for (i, r) in t.rows.iter().enumerate() {
            if !self.claimed_rows[i] {
                self.push(problem(
                    None,
                    format!("The row \u{201c}{}\u{201d} is missing: every row of the table must be there (write 0 for none).", r.label),
                ));
            }
        }
        for (i, m) in t.measures.iter().enumerate() {
            if !self.claimed_measures[i] {
                self.push(problem(
                    None,
                    format!(
                        "The line \u{201c}{}\u{201d} is missing (write n/a if there is no figure).",
                        m.label
                    ),
                ));
            }
        }
        let mut rows: Vec<Row> = Vec::new();
        for (i, (r, counts)) in t.rows.iter().zip(&self.rows).enumerate() {
            if let Some((this, last)) = counts {
                rows.push(Row {
                    this_year: *this,
                    last_year: *last,
                    ..r.clone()
                });
            }
            // Its parts, in the order given, keyed "row key: label" (the report keys them by
            // code; an imported year keeps the words it was given).
            for (_, label, this, last) in self.parts.iter().filter(|p| p.0 == i) {
                rows.push(Row {
                    key: format!("{}:{}", r.key, label),
                    label: label.clone(),
                    this_year: *this,
                    last_year: *last,
                    part: true,
                });
            }
        }
        let mut named: Vec<(usize, (String, String, u64, u64))> = std::mem::take(&mut self.named)
            .into_iter()
            .enumerate()
            .collect();
        // As the report orders a council's own words: alphabetically, "Not recorded" last,
        // each with its "of which" parts after it.
        named.sort_by_cached_key(|(_, (k, _, _, _))| (k.is_empty(), k.to_lowercase(), k.clone()));
        for (i, (key, label, this, last)) in named {
            for (_, part, p_this, p_last) in self.named_parts.iter().filter(|p| p.0 == i) {
                rows.push(Row {
                    key: format!("{key}:{part}"),
                    label: part.clone(),
                    this_year: *p_this,
                    last_year: *p_last,
                    part: true,
                });
            }
            rows.insert(
                rows.len() - self.named_parts.iter().filter(|p| p.0 == i).count(),
                Row {
                    key,
                    label,
                    this_year: this,
                    last_year: last,
                    part: false,
                },
            );
        }
        let total = t.total.as_ref().map(|tt| {
            let whole = rows.iter().filter(|r| !r.part);
            Row {
                this_year: whole.clone().map(|r| r.this_year).sum(),
                last_year: whole.map(|r| r.last_year).sum(),
                ..tt.clone()
            }
        });
        if let (Some((line, this, last)), Some(sum)) = (self.total, &total) {
            for (given, added, year) in [
                (this, sum.this_year, t.columns[1].clone()),
                (last, sum.last_year, t.columns[2].clone()),
            ] {
                if given != added {
                    self.push(problem(
                        Some(line),
                        format!("the {year} total is {given}, but the rows add up to {added}."),
                    ));
                }
            }
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let measures = t
            .measures
            .iter()
            .zip(&self.measures)
            .map(|(m, v)| {
                let (this, last) = v.unwrap_or((None, None));
                Measure {
                    this_year: this,
                    last_year: last,
                    // Not known for an imported figure: 0 shows it as given.
                    this_year_cases: 0,
                    last_year_cases: 0,
                    ..m.clone()
                }
            })
            .collect();
        Ok(Table {
            rows,
            total,
            measures,
            ..t.clone()
        })
    }
}

/// "12.3" → 123 tenths, "47%" → 47, "1234.56" → 123456 pence (the inverse of the report's own
/// formatting); `None` if it is not such a number.
fn parse_unit(cell: &str, unit: Unit) -> Option<u64> {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let decimal = |s: &str, places: usize| -> Option<u64> {
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        if !digits(whole) || frac.len() > places || !(frac.is_empty() || digits(frac)) {
            return None;
        }
        let scale = 10u64.pow(places as u32);
        let frac_value = format!("{frac:0<places$}").parse::<u64>().unwrap_or(0);
        whole
            .parse::<u64>()
            .ok()?
            .checked_mul(scale)?
            .checked_add(frac_value)
    };
    match unit {
        Unit::Percent => {
            let s = cell.strip_suffix('%').unwrap_or(cell).trim();
            if digits(s) {
                s.parse().ok()
            } else {
                None
            }
        }
        Unit::TenthsOfWorkingDays | Unit::TenthsOfHours => decimal(cell, 1),
        Unit::Pence => decimal(cell, 2),
    }
}

fn signed(v: i64) -> String {
    if v > 0 {
        format!("+{v}")
    } else {
        v.to_string()
    }
}

/// What became of an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    /// The table was added to the year's import.
    Imported,
    /// The year already had this table: the new figures replace it whole.
    Replaced,
    /// Refused: the year is closed (its figures are kept as they are).
    YearClosed,
    /// Refused: the year has records in Speak Up (its figures come from them).
    YearHasRecords,
}

/// One imported table as kept, with who imported it and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedTable {
    pub table: Table,
    pub imported_by: String,
    pub imported_at: chrono::DateTime<chrono::Utc>,
}

/// The imported year from its kept tables (in the report's order); `None` if there are none.
/// Who and when are those of the latest table imported.
pub fn imported_year(start_year: i32, tables: Vec<ImportedTable>) -> Option<ImportedYear> {
    let latest = tables.iter().max_by_key(|t| t.imported_at)?.clone();
    let (first_day, last_day) = crate::domain::calendar::financial_year_bounds(start_year);
    Some(ImportedYear {
        start_year,
        imported_by: latest.imported_by,
        imported_at: latest.imported_at,
        report: YearReport {
            start_year,
            label: crate::domain::calendar::financial_year_label(start_year),
            previous_label: crate::domain::calendar::financial_year_label(start_year - 1),
            first_day,
            last_day,
            tables: tables.into_iter().map(|t| t.table).collect(),
        },
    })
}

impl ImportedYear {
    /// The year as a kept year: shown like a closed one, marked imported.
    pub fn as_kept(&self) -> super::closed_year::ClosedYear {
        super::closed_year::ClosedYear {
            start_year: self.start_year,
            closed_by: self.imported_by.clone(),
            closed_at: self.imported_at,
            report: self.report.clone(),
            imported: true,
        }
    }
}
