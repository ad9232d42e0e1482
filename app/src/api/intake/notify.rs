//! The email that tells the Children's Rights Service a message arrived (ssr only).
//! It carries the reference, the kind, whether it is urgent and a link: never the words.

use crate::api::store::OutgoingMail;
use crate::domain::submission::Kind;
use chrono::{DateTime, Utc};

pub fn new_submission(
    to: &str,
    public_url: &str,
    reference: &str,
    kind: Kind,
    urgent: bool,
    at: DateTime<Utc>,
) -> OutgoingMail {
    let what = kind.label();
    let subject = if urgent {
        format!("URGENT: Speak Up: {what} ({reference})")
    } else {
        format!("Speak Up: new message {reference}")
    };
    let date = crate::domain::uk_time::uk_date(at);
    let body = format!(
        "A new message has arrived through Speak Up.\r\n\r\n\
         Reference: {reference}\r\n\
         Kind: {what}\r\n\
         Urgent: {}\r\n\
         Received: {}\r\n\r\n\
         Open it (you will need to sign in):\r\n{public_url}/officer/case/{reference}\r\n\r\n\
         This email never contains what the person wrote.\r\n",
        if urgent { "YES - look at it now" } else { "no" },
        crate::domain::timescales::long_date(date),
    );
    OutgoingMail {
        to: to.to_string(),
        subject,
        body,
    }
}

/// During a burst of urgent messages from one place (a possible flood), one email now and then
/// instead of one per message: how many so far, and where they are grouped. Never any words.
pub fn flood_digest(
    to: &str,
    public_url: &str,
    flagged: u64,
    window_minutes: i64,
    latest_reference: &str,
) -> OutgoingMail {
    let subject =
        format!("URGENT: Speak Up: possible flood: {flagged} more urgent messages from one place");
    let body = format!(
        "Speak Up has received many \"I don't feel safe\" messages from one place (one \
         address) within {window_minutes} minutes. This can be someone sending them on purpose, \
         or a real emergency in one home: please look.\r\n\r\n\
         Possible flood so far: {flagged} messages. The latest is {latest_reference}.\r\n\r\n\
         They are grouped as one line in the inbox (you will need to sign in):\r\n\
         {public_url}/officer\r\n\r\n\
         Further emails about this burst are sent at 10, 30, 100, 300 and 1000 messages.\r\n\
         This email never contains what anyone wrote.\r\n"
    );
    OutgoingMail {
        to: to.to_string(),
        subject,
        body,
    }
}
