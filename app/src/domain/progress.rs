//! How a message's progress is put into plain words for the young person who sent it.
//! Only the kind, the stage and dates are used: never their words and never staff names.

use super::submission::Kind;
use super::timescales::{long_date, promise, Timescales};
use chrono::NaiveDate;

/// The sentences the "check progress" page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    pub what: String,
    pub received: String,
    pub now: String,
    pub next: Option<String>,
}

/// Explains a message's progress. `status` is the case status code the service keeps
/// ("received" until a rights officer has looked at it).
pub fn explain(kind: Kind, status: &str, received: NaiveDate, t: &Timescales) -> Explained {
    let p = promise(kind, received, t);
    let what = match kind {
        Kind::Complaint => "You told us something is wrong.",
        Kind::Advocate => "You asked for someone to help you speak up.",
        Kind::Compliment => "You said thank you.",
        Kind::Representation => "You told us something.",
        Kind::Unsafe => "You told us you don't feel safe.",
    }
    .to_string();
    let (now, next) = match (kind, status) {
        (Kind::Unsafe, _) => (
            "This was sent to our team as urgent.".to_string(),
            Some("If you are in danger now, call 999.".to_string()),
        ),
        (Kind::Compliment, _) => (
            "We got your thank you.".to_string(),
            Some("We will pass it on if you said we could.".to_string()),
        ),
        (_, "closed") => ("We have finished looking at this.".to_string(), None),
        (_, _) => (
            "We got your message. The Children's Rights team will read it.".to_string(),
            p.reply_by
                .map(|d| format!("We will reply by {}.", long_date(d))),
        ),
    };
    Explained {
        what,
        received: format!("We got it on {}.", long_date(received)),
        now,
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_complaint_says_when_we_will_reply() {
        let e = explain(
            Kind::Complaint,
            "received",
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            &Timescales::default(),
        );
        assert_eq!(e.received, "We got it on Monday 23 November 2026.");
        assert_eq!(
            e.next.as_deref(),
            Some("We will reply by Monday 7 December 2026.")
        );
    }

    #[test]
    fn unsafe_messages_repeat_the_emergency_number() {
        let e = explain(
            Kind::Unsafe,
            "received",
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            &Timescales::default(),
        );
        assert!(e.next.unwrap().contains("999"));
    }
}
