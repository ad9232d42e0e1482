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
