//! The date in England for a moment in UTC, without a time-zone database.
//!
//! UK clocks go forward at 01:00 UTC on the last Sunday of March and back at 01:00 UTC on the last
//! Sunday of October (British Summer Time). Deadlines count whole working days from the date in
//! England, so a message sent at 23:30 on a summer evening belongs to that day, not the next.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid month");
    let mut d = next_month - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    d
}

/// True when British Summer Time is in force at `at`.
pub fn is_bst(at: DateTime<Utc>) -> bool {
    let year = at.year();
    let start = last_sunday(year, 3)
        .and_hms_opt(1, 0, 0)
        .expect("time")
        .and_utc();
    let end = last_sunday(year, 10)
        .and_hms_opt(1, 0, 0)
        .expect("time")
        .and_utc();
    at >= start && at < end
}

/// The calendar date in England at `at`.
pub fn uk_date(at: DateTime<Utc>) -> NaiveDate {
    if is_bst(at) {
        (at + Duration::hours(1)).date_naive()
    } else {
        at.date_naive()
    }
}

/// The local date and time in England at `at` (for deadlines in hours and working hours).
pub fn uk_local(at: DateTime<Utc>) -> NaiveDateTime {
    if is_bst(at) {
        (at + Duration::hours(1)).naive_utc()
    } else {
        at.naive_utc()
    }
}

/// The moment a local time in England names. In the hour that does not exist (clocks going
/// forward) it reads as GMT; in the hour that happens twice, the first (BST) one.
pub fn from_uk_local(local: NaiveDateTime) -> DateTime<Utc> {
    let as_bst = local.and_utc() - Duration::hours(1);
    if is_bst(as_bst) {
        as_bst
    } else {
        local.and_utc()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn summer_evening_is_still_the_same_day_in_england() {
        let at = Utc.with_ymd_and_hms(2026, 7, 1, 23, 30, 0).unwrap();
        assert_eq!(uk_date(at), NaiveDate::from_ymd_opt(2026, 7, 2).unwrap());
        let winter = Utc.with_ymd_and_hms(2026, 12, 1, 23, 30, 0).unwrap();
        assert_eq!(
            uk_date(winter),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
    }

    #[test]
    fn clocks_change_at_one_in_the_morning_utc() {
        // 2026: last Sunday of March is the 29th, of October the 25th.
        assert!(!is_bst(
            Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap()
        ));
        assert!(is_bst(Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()));
        assert!(is_bst(
            Utc.with_ymd_and_hms(2026, 10, 25, 0, 59, 0).unwrap()
        ));
        assert!(!is_bst(
            Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap()
        ));
    }
}
