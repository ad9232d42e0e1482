//! Unit tests of imported years and the draft report's words in SQLite.

use super::tests::{new, store};
use super::*;
use app::domain::report::draft::{Narrative, NarrativeSection};
use app::domain::report::import::{parse_table, ImportOutcome, ImportedTable};
use chrono::TimeZone;

fn audit(what: &str) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        council_id: "demo".into(),
        user_id: None,
        user_email: "pat@example.org".into(),
        action: what.into(),
        reference: None,
        detail: String::new(),
    }
}

/// `id` of `year` as imported from its blank template with the first row set to `n`.
fn table(year: i32, id: &str, n: u64) -> (usize, ImportedTable) {
    let template = app::domain::report::build_report(&[], year);
    let position = template.tables.iter().position(|t| t.id == id).unwrap();
    let mut t = parse_table(
        &template.tables[position],
        &template.tables[position].to_csv(),
    )
    .unwrap();
    t.rows[0].this_year = n;
    let imported = ImportedTable {
        table: t,
        imported_by: "Pat Manager".into(),
        imported_at: Utc::now(),
    };
    (position, imported)
}

fn audited(s: &SqliteStore, what: &str) -> i64 {
    s.conn()
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE action = ?1",
            [what],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn an_imported_year_is_kept_table_by_table_and_read_as_a_kept_year() {
    let (_d, s) = store();
    let before = s.report_version("demo", 2018);
    let (p, channels) = table(2017, "channels", 7);
    assert_eq!(
        s.import_table("demo", 2017, p, &channels, &audit("imported"))
            .unwrap(),
        ImportOutcome::Imported
    );
    assert_ne!(
        s.report_version("demo", 2018),
        before,
        "later years' reports are stale"
    );
    let (p, kinds) = table(2017, "contacts_by_kind", 3);
    s.import_table("demo", 2017, p, &kinds, &audit("imported"))
        .unwrap();
    let (p, again) = table(2017, "channels", 9);
    assert_eq!(
        s.import_table("demo", 2017, p, &again, &audit("imported"))
            .unwrap(),
        ImportOutcome::Replaced
    );
    let year = s.imported_year("demo", 2017).unwrap().unwrap();
    let ids: Vec<&str> = year.report.tables.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        ["contacts_by_kind", "channels"],
        "in the report's order"
    );
    assert_eq!(year.report.table("channels").unwrap().rows[0].this_year, 9);
    let kept = s.closed_year("demo", 2017).unwrap().unwrap();
    assert!(kept.imported);
    assert_eq!(kept.closed_by, "Pat Manager");
    assert_eq!(kept.report, year.report);
    assert_eq!(s.imported_year("other", 2017).unwrap(), None);
    assert_eq!(audited(&s, "imported"), 3);
}

#[test]
fn a_closed_year_or_a_year_with_records_is_not_imported_over() {
    let (_d, s) = store();
    // Received at 00:30 on 1 April 2018 in England (23:30 UTC the day before): year 2018/19.
    let mut n = new("k1", "SU-AAAA-AAAA");
    n.received_at = Utc.with_ymd_and_hms(2018, 3, 31, 23, 30, 0).unwrap();
    s.submit(&n, None).unwrap();
    let (p, t) = table(2018, "channels", 4);
    assert_eq!(
        s.import_table("demo", 2018, p, &t, &audit("imported"))
            .unwrap(),
        ImportOutcome::YearHasRecords
    );
    let (p, t) = table(2017, "channels", 4);
    assert_eq!(
        s.import_table("demo", 2017, p, &t, &audit("imported"))
            .unwrap(),
        ImportOutcome::Imported,
        "the day before is in 2017/18's neighbour, not in it: 2017/18 has no records"
    );
    let closing = app::domain::report::closed_year::ClosedYear {
        start_year: 2016,
        closed_by: "Pat".into(),
        closed_at: Utc::now(),
        report: app::domain::report::build_report(&[], 2016),
        imported: false,
    };
    s.close_year("demo", &closing, &audit("closed")).unwrap();
    let (p, t) = table(2016, "channels", 4);
    assert_eq!(
        s.import_table("demo", 2016, p, &t, &audit("imported"))
            .unwrap(),
        ImportOutcome::YearClosed
    );
    assert!(!s.closed_year("demo", 2016).unwrap().unwrap().imported);
    assert_eq!(s.imported_year("demo", 2018).unwrap(), None);
    assert_eq!(audited(&s, "imported"), 1, "refusals write no audit line");
}

#[test]
fn the_draft_reports_words_are_kept_per_year_and_section() {
    let (_d, s) = store();
    let words = |section, text: &str| Narrative {
        section,
        text: text.into(),
        updated_by: "Sam Officer".into(),
        updated_at: Utc::now(),
    };
    s.save_narrative(
        "demo",
        2024,
        &words(NarrativeSection::Summary, "First."),
        &audit("wrote"),
    )
    .unwrap();
    s.save_narrative(
        "demo",
        2024,
        &words(NarrativeSection::YearAhead, "Next."),
        &audit("wrote"),
    )
    .unwrap();
    s.save_narrative(
        "demo",
        2024,
        &words(NarrativeSection::Summary, "Second."),
        &audit("wrote"),
    )
    .unwrap();
    let mut kept = s.narratives("demo", 2024).unwrap();
    kept.sort_by_key(|n| n.section);
    let texts: Vec<(NarrativeSection, &str)> =
        kept.iter().map(|n| (n.section, n.text.as_str())).collect();
    assert_eq!(
        texts,
        [
            (NarrativeSection::Summary, "Second."),
            (NarrativeSection::YearAhead, "Next.")
        ]
    );
    assert!(s.narratives("demo", 2023).unwrap().is_empty());
    assert!(s.narratives("other", 2024).unwrap().is_empty());
    assert_eq!(audited(&s, "wrote"), 3);
}
