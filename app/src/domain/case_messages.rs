//! Refusals on the officers' case page travel in the URL as a short code (`?error=note`), never
//! as free text: a link cannot make the page say something we did not write. Each code maps to
//! one fixed message; an unknown code shows nothing. Refusals whose words carry details (dates,
//! stages) are shown with the general message; the case's deadlines and timeline say why.

/// (code, message) for every refusal the case page can show.
pub const MESSAGES: &[(&str, &str)] = &[
    ("note", "Write a note of up to 5,000 characters."),
    ("reason", "Give the reason for the decision (up to 2,000 characters)."),
    ("team", "Choose a team from the list."),
    ("people", "Choose people from the list."),
    ("category", "Choose a category for the concern from the list."),
    ("category-missing", "Choose a category for the concern."),
    ("advocacy", "Say which advocacy provider."),
    ("remedy-closed", "Reopen the case before recording a remedy."),
    ("remedy-amount", "Enter the amount paid for a financial remedy."),
    ("remedy-not-financial", "Only a financial remedy has an amount."),
    ("learning", "Say what will change and who will do it."),
    ("learning-done", "That learning action is already done."),
    ("learning-missing", "There is no such learning action."),
    ("date", "Enter dates like 2026-11-23."),
    // Stage 2 requests (`domain::procedure::stage2_request`).
    ("stage-two-what", "Say what the complainant is still unhappy with."),
    (
        "stage-two-detail",
        "Say why the request is declined, as the letter to the complainant does.",
    ),
    ("unknown-action", "That is not something that can be done to a case."),
    // Safety alerts (`domain::safeguarding`, `api::officer::safeguarding_action`).
    ("alert-to-whom", "Say who it was passed to (up to 200 characters)."),
    ("alert-future", "The time it was passed on cannot be in the future."),
    ("alert-before", "The time it was passed on cannot be before the alert arrived."),
    ("alert-passed", "It has already been recorded as passed to safeguarding."),
    ("alert-pass-first", "Record who it was passed to in safeguarding first."),
    ("alert-outcome-done", "An outcome has already been recorded."),
    ("alert-reason-long", "Keep the reason to 2,000 characters."),
    ("alert-time", "Give the time it was passed on, like 14:05 today."),
    ("alert-outcome", "Choose the outcome from the list."),
    ("alert-reason", "Give the reason for this outcome."),
    (
        "refused",
        "That change was not recorded: it does not fit the case as it stands. Check the deadlines and the timeline below.",
    ),
];

/// The code for a refusal's words: its own code when it is one of ours, else `refused`.
pub fn code_for(message: &str) -> &'static str {
    MESSAGES
        .iter()
        .find(|(_, m)| *m == message)
        .map(|(c, _)| *c)
        .unwrap_or("refused")
}

/// The fixed words for a code from the URL; `None` for anything else.
pub fn message_for(code: &str) -> Option<&'static str> {
    MESSAGES.iter().find(|(c, _)| *c == code).map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_codes_show_words() {
        assert_eq!(
            message_for("note"),
            Some("Write a note of up to 5,000 characters.")
        );
        assert_eq!(
            message_for("Your account is suspended, call 0900 123"),
            None
        );
        assert_eq!(message_for(""), None);
        assert_eq!(code_for("Choose people from the list."), "people");
        assert_eq!(
            code_for("Stage 2 was already recorded on 2026-01-01."),
            "refused"
        );
        assert!(message_for(code_for("anything at all")).is_some());
        for (code, _) in MESSAGES {
            assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }
}
