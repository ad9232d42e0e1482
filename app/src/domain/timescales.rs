//! The dates we promise a young person, from the day we got their message.
//!
//! Councils usually say they have received a complaint within 2–5 working days (ours is
//! configurable, 3 by default) and must answer a Stage 1 complaint within 10 working days
//! (Children Act 1989 Representations Procedure (England) Regulations 2006). A request for an
//! advocate gets a reply within 1 working day, as the national advocacy services promise.

use super::calendar::add_working_days;
use super::submission::Kind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The council's local timescales, in working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timescales {
    pub acknowledge_days: u32,
    pub first_response_days: u32,
    pub advocate_reply_days: u32,
}

impl Default for Timescales {
    fn default() -> Self {
        Timescales {
            acknowledge_days: 3,
            first_response_days: 10,
            advocate_reply_days: 1,
        }
    }
}

/// What we promise, as dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    /// When we will tell them we got it (and who is looking at it).
    pub acknowledge_by: NaiveDate,
    /// When they will get a proper answer, if this kind of message gets one.
    pub reply_by: Option<NaiveDate>,
}

pub fn promise(kind: Kind, received: NaiveDate, t: &Timescales) -> Promise {
    let acknowledge_by = add_working_days(received, t.acknowledge_days);
    let reply_by = match kind {
        Kind::Complaint => Some(add_working_days(received, t.first_response_days)),
        Kind::Advocate => Some(add_working_days(received, t.advocate_reply_days)),
        Kind::Unsafe => Some(received),
        Kind::Representation => Some(add_working_days(received, t.first_response_days)),
        Kind::Compliment => None,
    };
    Promise {
        acknowledge_by,
        reply_by,
    }
}

/// "Monday 7 December 2026": how dates are written for young people.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn complaint_on_a_monday_is_answered_two_weeks_later() {
        let p = promise(Kind::Complaint, d(2026, 11, 23), &Timescales::default());
        assert_eq!(p.acknowledge_by, d(2026, 11, 26));
        assert_eq!(p.reply_by, Some(d(2026, 12, 7)));
        assert_eq!(long_date(d(2026, 12, 7)), "Monday 7 December 2026");
    }

    #[test]
    fn christmas_pushes_the_reply_date() {
        // Received Friday 18 Dec 2026: 21,22,23,24 Dec; 25 Christmas, 28 Boxing Day substitute;
        // 29,30,31 Dec; 1 Jan holiday; 4,5,6 Jan → the 10th working day is Wed 6 Jan 2027.
        let p = promise(Kind::Complaint, d(2026, 12, 18), &Timescales::default());
        assert_eq!(p.reply_by, Some(d(2027, 1, 6)));
    }

    #[test]
    fn advocate_requests_get_a_reply_next_working_day_and_thanks_get_none() {
        let t = Timescales::default();
        assert_eq!(
            promise(Kind::Advocate, d(2026, 11, 27), &t).reply_by,
            Some(d(2026, 11, 30))
        );
        assert_eq!(
            promise(Kind::Compliment, d(2026, 11, 27), &t).reply_by,
            None
        );
    }
}
