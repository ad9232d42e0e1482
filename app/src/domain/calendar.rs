//! Working days in England and Wales, for complaint response deadlines.
//!
//! Rules and decisions:
//! - A working day is Monday to Friday and not a bank holiday in England and
//!   Wales. Christmas Day and Good Friday (common-law holidays there) are in the
//!   list like the others.
//! - Bank holidays for [`covered_years`] (2015 to 2032) are shipped as data in
//!   `BANK_HOLIDAYS`, matching the GOV.UK list: substitute days are listed
//!   *instead of* the weekend date they replace (Christmas 2021 fell on a
//!   Saturday, so the listed days are Mon 27 and Tue 28 Dec). So
//!   [`is_bank_holiday`] is `false` for a Christmas Day on a weekend; it is a
//!   weekend either way, so working-day sums are not affected. The data
//!   includes the one-off changes: VE day 2020, the Platinum Jubilee and the
//!   State Funeral in 2022 and the Coronation in 2023. A test rebuilds the
//!   table from the rules plus those one-offs.
//! - Outside the covered years we fall back to weekends plus the *regular*
//!   holidays worked out by rule (New Year, Good Friday, Easter Monday, early
//!   May, spring, summer, Christmas, Boxing Day, with substitute days). One-off
//!   holidays announced for those years are not known: extend the table when
//!   they are.
//! - Deadlines count the day of receipt as day 0: "10 working days" means the
//!   10th working day strictly after the day the complaint arrived, whatever
//!   kind of day that was.
//! - The UK financial year runs from 1 April to 31 March and is named by the
//!   year it starts in ("2017/18" starts on 1 April 2017).
//!
//! Everything here is pure: callers pass in dates, nothing reads a clock.

use chrono::{Datelike, NaiveDate, Weekday};
use std::ops::RangeInclusive;

const FIRST_COVERED_YEAR: i32 = 2015;
const LAST_COVERED_YEAR: i32 = 2032;

/// Bank holidays in England and Wales as `(year, month, day)`, sorted, one
/// line per year, for [`covered_years`]. Only the days that are actually off:
/// substitute days replace the weekend dates they stand in for.
#[rustfmt::skip]
const BANK_HOLIDAYS: &[(i32, u32, u32)] = &[
    (2015, 1, 1), (2015, 4, 3), (2015, 4, 6), (2015, 5, 4), (2015, 5, 25), (2015, 8, 31), (2015, 12, 25), (2015, 12, 28),
    (2016, 1, 1), (2016, 3, 25), (2016, 3, 28), (2016, 5, 2), (2016, 5, 30), (2016, 8, 29), (2016, 12, 26), (2016, 12, 27),
    (2017, 1, 2), (2017, 4, 14), (2017, 4, 17), (2017, 5, 1), (2017, 5, 29), (2017, 8, 28), (2017, 12, 25), (2017, 12, 26),
    (2018, 1, 1), (2018, 3, 30), (2018, 4, 2), (2018, 5, 7), (2018, 5, 28), (2018, 8, 27), (2018, 12, 25), (2018, 12, 26),
    (2019, 1, 1), (2019, 4, 19), (2019, 4, 22), (2019, 5, 6), (2019, 5, 27), (2019, 8, 26), (2019, 12, 25), (2019, 12, 26),
    (2020, 1, 1), (2020, 4, 10), (2020, 4, 13), (2020, 5, 8), (2020, 5, 25), (2020, 8, 31), (2020, 12, 25), (2020, 12, 28),
    (2021, 1, 1), (2021, 4, 2), (2021, 4, 5), (2021, 5, 3), (2021, 5, 31), (2021, 8, 30), (2021, 12, 27), (2021, 12, 28),
    (2022, 1, 3), (2022, 4, 15), (2022, 4, 18), (2022, 5, 2), (2022, 6, 2), (2022, 6, 3), (2022, 8, 29), (2022, 9, 19), (2022, 12, 26), (2022, 12, 27),
    (2023, 1, 2), (2023, 4, 7), (2023, 4, 10), (2023, 5, 1), (2023, 5, 8), (2023, 5, 29), (2023, 8, 28), (2023, 12, 25), (2023, 12, 26),
    (2024, 1, 1), (2024, 3, 29), (2024, 4, 1), (2024, 5, 6), (2024, 5, 27), (2024, 8, 26), (2024, 12, 25), (2024, 12, 26),
    (2025, 1, 1), (2025, 4, 18), (2025, 4, 21), (2025, 5, 5), (2025, 5, 26), (2025, 8, 25), (2025, 12, 25), (2025, 12, 26),
    (2026, 1, 1), (2026, 4, 3), (2026, 4, 6), (2026, 5, 4), (2026, 5, 25), (2026, 8, 31), (2026, 12, 25), (2026, 12, 28),
    (2027, 1, 1), (2027, 3, 26), (2027, 3, 29), (2027, 5, 3), (2027, 5, 31), (2027, 8, 30), (2027, 12, 27), (2027, 12, 28),
    (2028, 1, 3), (2028, 4, 14), (2028, 4, 17), (2028, 5, 1), (2028, 5, 29), (2028, 8, 28), (2028, 12, 25), (2028, 12, 26),
    (2029, 1, 1), (2029, 3, 30), (2029, 4, 2), (2029, 5, 7), (2029, 5, 28), (2029, 8, 27), (2029, 12, 25), (2029, 12, 26),
    (2030, 1, 1), (2030, 4, 19), (2030, 4, 22), (2030, 5, 6), (2030, 5, 27), (2030, 8, 26), (2030, 12, 25), (2030, 12, 26),
    (2031, 1, 1), (2031, 4, 11), (2031, 4, 14), (2031, 5, 5), (2031, 5, 26), (2031, 8, 25), (2031, 12, 25), (2031, 12, 26),
    (2032, 1, 1), (2032, 3, 26), (2032, 3, 29), (2032, 5, 3), (2032, 5, 31), (2032, 8, 30), (2032, 12, 27), (2032, 12, 28),
];

/// The years for which `BANK_HOLIDAYS` is authoritative.
pub fn covered_years() -> RangeInclusive<i32> {
    FIRST_COVERED_YEAR..=LAST_COVERED_YEAR
}

/// Whether `d` is a bank holiday in England and Wales.
///
/// Uses `BANK_HOLIDAYS` inside [`covered_years`] and the regular rules
/// outside them (see the module docs).
pub fn is_bank_holiday(d: NaiveDate) -> bool {
    if covered_years().contains(&d.year()) {
        BANK_HOLIDAYS
            .binary_search(&(d.year(), d.month(), d.day()))
            .is_ok()
    } else {
        is_regular_bank_holiday(d)
    }
}

/// Whether `d` is a working day: not Saturday or Sunday, not a bank holiday.
pub fn is_working_day(d: NaiveDate) -> bool {
    !is_weekend(d) && !is_bank_holiday(d)
}

/// The deadline `n` working days after a complaint received on `received`.
///
/// The day of receipt is day 0 and never counts; the result is the `n`th
/// working day strictly after it. With `n == 0` the result is `received`
/// itself if it is a working day, otherwise the next working day.
///
/// # Panics
///
/// Only if the result would be past chrono's last date (year 262142).
pub fn add_working_days(received: NaiveDate, n: u32) -> NaiveDate {
    let mut day = received;
    if n == 0 {
        while !is_working_day(day) {
            day = next_day(day);
        }
        return day;
    }
    let mut left = n;
    while left > 0 {
        day = next_day(day);
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// The number of working days `d` with `from < d <= to`; negative (with the
/// same size) when `to` is before `from`.
///
/// For `n >= 1`, `working_days_between(r, add_working_days(r, n)) == n`.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from {
        return -working_days_between(to, from);
    }
    let count = from
        .iter_days()
        .skip(1)
        .take_while(|d| *d <= to)
        .filter(|d| is_working_day(*d))
        .count();
    i64::try_from(count).expect("a day count fits in i64")
}

/// The year the UK financial year containing `d` starts in: 1 April 2017 to
/// 31 March 2018 gives 2017.
pub fn financial_year_start(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// First and last day (both inclusive) of the financial year starting in
/// `start_year`: 1 April `start_year` to 31 March the year after.
///
/// # Panics
///
/// Only for years outside chrono's range (beyond ±262,000).
pub fn financial_year_bounds(start_year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(start_year, 4, 1).expect("year in chrono's range");
    let last = NaiveDate::from_ymd_opt(start_year + 1, 3, 31).expect("year in chrono's range");
    (first, last)
}

/// The usual name of the financial year starting in `start_year`, like
/// "2017/18" (and "1999/00").
pub fn financial_year_label(start_year: i32) -> String {
    format!("{start_year}/{:02}", (start_year + 1).rem_euclid(100))
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().expect("date before chrono's last date")
}

/// The regular England and Wales bank holidays, by rule, with substitute
/// days. Used outside [`covered_years`]; tests check it against the table.
fn is_regular_bank_holiday(d: NaiveDate) -> bool {
    let day = d.day();
    let weekday = d.weekday();
    let monday = weekday == Weekday::Mon;
    match d.month() {
        // 1 January, or Monday 2 or 3 January when the 1st is at a weekend.
        1 => (day == 1 && !is_weekend(d)) || (monday && day <= 3),
        3 | 4 => easter_sunday(d.year()).is_some_and(|easter| {
            d == easter - chrono::Days::new(2) || d == easter + chrono::Days::new(1)
        }),
        // Early May (first Monday) and spring (last Monday).
        5 => monday && (day <= 7 || day >= 25),
        // Summer (last Monday).
        8 => monday && day >= 25,
        // 25 and 26 December when on weekdays. When either is at a weekend
        // the substitutes fall on the Monday and/or Tuesday, 27 or 28.
        12 => match day {
            25 | 26 => !is_weekend(d),
            27 | 28 => matches!(weekday, Weekday::Mon | Weekday::Tue),
            _ => false,
        },
        _ => false,
    }
}

/// Easter Sunday in the Gregorian calendar (Oudin's algorithm, as given by
/// Tøndering). `None` only for years chrono cannot represent.
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let g = year.rem_euclid(19);
    let c = year.div_euclid(100);
    let h = (c - c.div_euclid(4) - (8 * c + 13).div_euclid(25) + 19 * g + 15).rem_euclid(30);
    let i = h - (h / 28) * (1 - (29 / (h + 1)) * ((21 - g) / 11));
    let j = (year + year.div_euclid(4) + i + 2 - c + c.div_euclid(4)).rem_euclid(7);
    let l = i - j;
    let month = 3 + (l + 40) / 44;
    let day = l + 28 - 31 * (month / 4);
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Days;
    use std::collections::BTreeSet;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher)
    /// algorithm, independent of the one the module uses.
    fn anonymous_gregorian_easter(year: i32) -> NaiveDate {
        let a = year % 19;
        let b = year / 100;
        let c = year % 100;
        let d = b / 4;
        let e = b % 4;
        let f = (b + 8) / 25;
        let g = (b - f + 1) / 3;
        let h = (19 * a + b - d - g + 15) % 30;
        let i = c / 4;
        let k = c % 4;
        let l = (32 + 2 * e + 2 * i - h - k) % 7;
        let m = (a + 11 * h + 22 * l) / 451;
        let month = (h + l - 7 * m + 114) / 31;
        let day = (h + l - 7 * m + 114) % 31 + 1;
        date(year, month as u32, day as u32)
    }

    fn first_monday(year: i32, month: u32) -> NaiveDate {
        NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).unwrap()
    }

    fn last_monday(year: i32, month: u32) -> NaiveDate {
        let mut d = date(year, month, 1) + chrono::Months::new(1) - Days::new(1);
        while d.weekday() != Weekday::Mon {
            d = d.pred_opt().unwrap();
        }
        d
    }

    fn next_weekday(mut d: NaiveDate) -> NaiveDate {
        while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            d = d.succ_opt().unwrap();
        }
        d
    }

    /// The regular holidays of `year`, built from the rules.
    fn regular_holidays(year: i32) -> BTreeSet<NaiveDate> {
        let easter = anonymous_gregorian_easter(year);
        let mut days = BTreeSet::from([
            next_weekday(date(year, 1, 1)),
            easter - Days::new(2),
            easter + Days::new(1),
            first_monday(year, 5),
            last_monday(year, 5),
            last_monday(year, 8),
        ]);
        // Christmas then Boxing Day, each on the first free weekday.
        let christmas = next_weekday(date(year, 12, 25));
        let mut boxing = next_weekday(date(year, 12, 26));
        if boxing == christmas {
            boxing = next_weekday(boxing + Days::new(1));
        }
        days.extend([christmas, boxing]);
        days
    }

    /// One-off changes: (dropped regular days, added days).
    fn one_offs(year: i32) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
        match year {
            // Early May moved to Friday 8 May for VE day.
            2020 => (vec![date(2020, 5, 4)], vec![date(2020, 5, 8)]),
            // Spring moved to Thursday 2 June, Platinum Jubilee Friday 3 June,
            // State Funeral of Queen Elizabeth II Monday 19 September.
            2022 => (
                vec![date(2022, 5, 30)],
                vec![date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)],
            ),
            // Coronation of King Charles III.
            2023 => (vec![], vec![date(2023, 5, 8)]),
            _ => (vec![], vec![]),
        }
    }

    fn table_for(year: i32) -> BTreeSet<NaiveDate> {
        BANK_HOLIDAYS
            .iter()
            .filter(|(y, _, _)| *y == year)
            .map(|&(y, m, d)| date(y, m, d))
            .collect()
    }

    #[test]
    fn table_equals_rules_plus_one_offs() {
        for year in covered_years() {
            let mut expected = regular_holidays(year);
            let (dropped, added) = one_offs(year);
            for d in &dropped {
                assert!(expected.remove(d), "{d} is not a regular holiday");
            }
            expected.extend(added);
            assert_eq!(table_for(year), expected, "bank holidays for {year}");
        }
    }

    #[test]
    fn table_is_sorted_valid_weekdays_in_covered_years() {
        assert!(BANK_HOLIDAYS.windows(2).all(|w| w[0] < w[1]));
        for &(y, m, d) in BANK_HOLIDAYS {
            assert!(covered_years().contains(&y));
            assert!(!is_weekend(date(y, m, d)), "{y}-{m}-{d} is a weekend");
        }
        let years: BTreeSet<i32> = BANK_HOLIDAYS.iter().map(|&(y, _, _)| y).collect();
        assert_eq!(years, covered_years().collect());
    }

    #[test]
    fn fallback_rules_agree_with_table_apart_from_one_offs() {
        let one_off_days: BTreeSet<NaiveDate> = covered_years()
            .flat_map(|y| {
                let (dropped, added) = one_offs(y);
                dropped.into_iter().chain(added)
            })
            .collect();
        let (first, last) = (date(2015, 1, 1), date(2032, 12, 31));
        for d in first.iter_days().take_while(|d| *d <= last) {
            if !one_off_days.contains(&d) {
                assert_eq!(is_regular_bank_holiday(d), is_bank_holiday(d), "{d}");
            }
        }
    }

    #[test]
    fn easter_algorithms_agree() {
        for year in 1583..=4099 {
            assert_eq!(
                easter_sunday(year),
                Some(anonymous_gregorian_easter(year)),
                "{year}"
            );
        }
    }

    #[test]
    fn known_dates() {
        assert!(is_bank_holiday(date(2025, 4, 18))); // Good Friday 2025
        assert!(is_bank_holiday(date(2024, 4, 1))); // Easter Monday 2024
        assert!(is_bank_holiday(date(2024, 3, 29))); // Good Friday 2024
        assert!(is_bank_holiday(date(2020, 5, 8))); // VE day
        assert!(!is_bank_holiday(date(2020, 5, 4)));
        assert!(is_bank_holiday(date(2022, 6, 2))); // moved spring holiday
        assert!(is_bank_holiday(date(2022, 6, 3))); // Platinum Jubilee
        assert!(!is_bank_holiday(date(2022, 5, 30)));
        assert!(is_bank_holiday(date(2022, 9, 19))); // State Funeral
        assert!(is_bank_holiday(date(2023, 5, 8))); // Coronation
        assert!(is_bank_holiday(date(2023, 5, 1)));
        assert!(!is_bank_holiday(date(2024, 5, 2))); // an ordinary Thursday
    }

    #[test]
    fn weekends_are_not_working_days() {
        assert!(!is_working_day(date(2024, 6, 8))); // Saturday
        assert!(!is_working_day(date(2024, 6, 9))); // Sunday
        assert!(is_working_day(date(2024, 6, 10))); // Monday
        assert!(is_working_day(date(2024, 6, 14))); // Friday
        assert!(!is_bank_holiday(date(2024, 6, 8)));
    }

    #[test]
    fn easter_is_not_working() {
        // Easter 2025: Good Friday 18 April, Easter Monday 21 April.
        assert!(!is_working_day(date(2025, 4, 18)));
        assert!(!is_working_day(date(2025, 4, 21)));
        assert!(is_working_day(date(2025, 4, 17)));
        assert!(is_working_day(date(2025, 4, 22)));
    }

    #[test]
    fn christmas_substitute_days() {
        // 2021: Christmas Saturday, Boxing Day Sunday -> Mon 27 and Tue 28.
        assert!(!is_bank_holiday(date(2021, 12, 25)));
        assert!(is_bank_holiday(date(2021, 12, 27)));
        assert!(is_bank_holiday(date(2021, 12, 28)));
        assert!(is_working_day(date(2021, 12, 29)));
        // 2022: Christmas Sunday -> Boxing Day Mon 26, substitute Tue 27.
        assert!(is_bank_holiday(date(2022, 12, 26)));
        assert!(is_bank_holiday(date(2022, 12, 27)));
        assert!(is_working_day(date(2022, 12, 28)));
        // 2026: Boxing Day Saturday -> Mon 28.
        assert!(is_bank_holiday(date(2026, 12, 25)));
        assert!(is_bank_holiday(date(2026, 12, 28)));
        assert!(is_working_day(date(2026, 12, 29)));
        // 2027: Christmas Saturday -> Mon 27 and Tue 28.
        assert!(is_bank_holiday(date(2027, 12, 27)));
        assert!(is_bank_holiday(date(2027, 12, 28)));
    }

    #[test]
    fn new_year_on_a_weekend_moves_to_monday() {
        // 1 Jan 2022 was a Saturday, 1 Jan 2023 a Sunday.
        assert!(is_bank_holiday(date(2022, 1, 3)));
        assert!(!is_working_day(date(2022, 1, 3)));
        assert!(is_bank_holiday(date(2023, 1, 2)));
        assert!(is_working_day(date(2023, 1, 3)));
    }

    #[test]
    fn rules_are_used_outside_covered_years() {
        assert!(!covered_years().contains(&2033));
        // 2033: New Year Saturday -> Mon 3 Jan; Easter 17 April; Christmas
        // Sunday -> Mon 26 and Tue 27 Dec.
        assert!(is_bank_holiday(date(2033, 1, 3)));
        assert!(is_bank_holiday(date(2033, 4, 15)));
        assert!(is_bank_holiday(date(2033, 4, 18)));
        assert!(is_bank_holiday(date(2033, 5, 2)));
        assert!(is_bank_holiday(date(2033, 5, 30)));
        assert!(is_bank_holiday(date(2033, 8, 29)));
        assert!(is_bank_holiday(date(2033, 12, 26)));
        assert!(is_bank_holiday(date(2033, 12, 27)));
        assert!(!is_bank_holiday(date(2033, 12, 28)));
        // 2014: Good Friday 18 April, Easter Monday 21 April.
        assert!(is_bank_holiday(date(2014, 4, 18)));
        assert!(is_bank_holiday(date(2014, 4, 21)));
        assert!(is_working_day(date(2014, 4, 22)));
    }

    #[test]
    fn ten_working_days_over_christmas_2021() {
        // Received Fri 17 Dec 2021. Working days: 20, 21, 22, 23, 24 Dec;
        // 27 and 28 are substitute Christmas/Boxing Days; 29, 30, 31 Dec;
        // Mon 3 Jan is the substitute New Year's Day; Tue 4 is day 9 and
        // Wed 5 Jan is day 10.
        let received = date(2021, 12, 17);
        assert_eq!(add_working_days(received, 8), date(2021, 12, 31));
        assert_eq!(add_working_days(received, 9), date(2022, 1, 4));
        assert_eq!(add_working_days(received, 10), date(2022, 1, 5));
        assert_eq!(working_days_between(received, date(2022, 1, 5)), 10);
    }

    #[test]
    fn working_days_across_easter() {
        // Received Thu 17 April 2025: Fri 18 and Mon 21 are holidays.
        assert_eq!(add_working_days(date(2025, 4, 17), 1), date(2025, 4, 22));
        assert_eq!(add_working_days(date(2025, 4, 17), 5), date(2025, 4, 28));
    }

    #[test]
    fn receipt_on_a_saturday() {
        // Sat 8 June 2024: Monday 10 June is day 1.
        let saturday = date(2024, 6, 8);
        assert_eq!(add_working_days(saturday, 1), date(2024, 6, 10));
        assert_eq!(add_working_days(saturday, 5), date(2024, 6, 14));
        assert_eq!(add_working_days(saturday, 0), date(2024, 6, 10));
        assert_eq!(add_working_days(date(2024, 6, 10), 0), date(2024, 6, 10));
        // Received on a bank holiday Monday: Tuesday is day 1.
        assert_eq!(add_working_days(date(2024, 5, 27), 1), date(2024, 5, 28));
    }

    #[test]
    fn working_days_between_basics() {
        let monday = date(2024, 6, 10);
        assert_eq!(working_days_between(monday, monday), 0);
        assert_eq!(working_days_between(monday, date(2024, 6, 17)), 5);
        assert_eq!(working_days_between(date(2024, 6, 17), monday), -5);
        assert_eq!(working_days_between(date(2024, 6, 7), date(2024, 6, 9)), 0);
    }

    #[test]
    fn add_and_between_are_consistent() {
        let start = date(2014, 11, 1);
        let end = date(2034, 2, 1);
        for (i, received) in start.iter_days().take_while(|d| *d < end).enumerate() {
            if i % 3 != 0 {
                continue;
            }
            for n in 1..=30 {
                let deadline = add_working_days(received, n);
                assert!(is_working_day(deadline), "{received} + {n}");
                assert_eq!(
                    working_days_between(received, deadline),
                    i64::from(n),
                    "{received} + {n}"
                );
                assert_eq!(working_days_between(deadline, received), -i64::from(n));
            }
            let due_now = add_working_days(received, 0);
            assert!(is_working_day(due_now) && due_now >= received);
            if is_working_day(received) {
                assert_eq!(due_now, received);
            }
        }
    }

    #[test]
    fn financial_years() {
        assert_eq!(financial_year_start(date(2017, 4, 1)), 2017);
        assert_eq!(financial_year_start(date(2018, 3, 31)), 2017);
        assert_eq!(financial_year_start(date(2018, 4, 1)), 2018);
        assert_eq!(financial_year_start(date(2018, 1, 15)), 2017);
        assert_eq!(
            financial_year_bounds(2017),
            (date(2017, 4, 1), date(2018, 3, 31))
        );
        assert_eq!(financial_year_label(2017), "2017/18");
        assert_eq!(financial_year_label(1999), "1999/00");
        assert_eq!(financial_year_label(2009), "2009/10");
    }
}
