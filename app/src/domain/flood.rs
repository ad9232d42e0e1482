//! A burst of urgent messages from one place: a possible flood.
//!
//! Rules (decided here, nobody to ask):
//! - A message's **source** is a keyed hash of its sender's address group (never the address).
//! - An urgent message is a **possible flood** when [`FLOOD_AFTER`] or more urgent messages
//!   from the same source arrived in the [`FLOOD_WINDOW_MINUTES`] before it. A child pressing
//!   the button twice, or two children in one home, stay ordinary urgent messages.
//! - A possible flood is **never dropped**: it is stored and shown, grouped in one inbox line
//!   per source, so 500 forged alerts do not bury a real one.
//! - The rights team is not emailed for each one: a **digest** email goes when the burst
//!   reaches 1, 10, 30, 100, 300, 1000, … flagged messages ([`digest_due`]).

/// Urgent messages from one source in the window before one becomes a possible flood.
pub const FLOOD_AFTER: u64 = 3;
/// The window, in minutes.
pub const FLOOD_WINDOW_MINUTES: i64 = 60;

/// Whether an urgent message is a possible flood, given how many urgent messages from the
/// same source arrived in the window before it.
pub fn is_possible_flood(recent_from_same_source: u64) -> bool {
    recent_from_same_source >= FLOOD_AFTER
}

/// Whether the `n`-th flagged message of a burst (counting from 1) sends a digest email:
/// the 1st, 10th, 30th, 100th, 300th, 1000th, …
pub fn digest_due(n: u64) -> bool {
    if n == 1 {
        return true;
    }
    let mut m = 10u64;
    while m <= n {
        if n == m || n == m * 3 {
            return true;
        }
        m = m.saturating_mul(10);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_urgent_messages_from_one_place_are_not_a_flood() {
        assert!(!is_possible_flood(0));
        assert!(!is_possible_flood(2));
        assert!(is_possible_flood(3));
    }

    #[test]
    fn digests_thin_out_as_a_burst_grows() {
        let due: Vec<u64> = (1..=2000).filter(|n| digest_due(*n)).collect();
        assert_eq!(due, vec![1, 10, 30, 100, 300, 1000]);
    }
}
