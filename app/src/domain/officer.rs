//! Who may do what in the rights officers' workspace. Checked on the server for every officer
//! page and server function; the pages only hide what the server would refuse anyway.
//!
//! - **officer**: sees cases and works on them (triage, deadlines, outcomes, notes).
//! - **manager**: everything an officer does, plus people, lists, settings and the audit log.
//! - **auditor**: reads cases and the audit log; changes nothing.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Officer,
    Manager,
    Auditor,
}

/// Something an officer might try to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    ReadCases,
    ChangeCases,
    ManageUsers,
    ReadAudit,
    /// Close a year of the yearly report (its figures are then kept as they are).
    CloseReportYear,
    /// Import an earlier year's figures from the report's CSV (`domain/report/import.rs`).
    ImportReportFigures,
    /// Write the words of the draft yearly report (`domain/report/draft.rs`).
    WriteReportNarrative,
}

impl Role {
    pub const ALL: &'static [Role] = &[Role::Officer, Role::Manager, Role::Auditor];

    pub fn code(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Manager => "manager",
            Role::Auditor => "auditor",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Officer => "Rights officer",
            Role::Manager => "Complaints manager",
            Role::Auditor => "Auditor (read only)",
        }
    }

    pub fn can(self, p: Permission) -> bool {
        matches!(
            (self, p),
            (_, Permission::ReadCases)
                | (Role::Officer | Role::Manager, Permission::ChangeCases)
                | (Role::Manager, Permission::ManageUsers)
                | (Role::Manager | Role::Auditor, Permission::ReadAudit)
                | (Role::Manager, Permission::CloseReportYear)
                | (Role::Manager, Permission::ImportReportFigures)
                | (
                    Role::Officer | Role::Manager,
                    Permission::WriteReportNarrative
                )
        )
    }
}

/// Passwords: at least 12 characters (NCSC advice favours length over complexity rules);
/// at most 200 so hashing stays cheap.
pub fn password_problem(password: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < 12 {
        Some("Use at least 12 characters. Three random words work well.")
    } else if n > 200 {
        Some("Use 200 characters or fewer.")
    } else {
        None
    }
}

/// A new password: long enough ([`password_problem`]) and not on a list of common passwords
/// (`is_common` is that list's answer; the list itself is server-side).
pub fn new_password_problem(password: &str, is_common: bool) -> Option<&'static str> {
    password_problem(password).or(if is_common {
        Some("That password is on a list of common passwords. Choose another: three random words work well.")
    } else {
        None
    })
}

/// Sign-in failures (wrong password, wrong second-factor code, wrong current password when
/// changing it) before an account is paused for a while.
pub const MAX_FAILED_SIGN_INS: u32 = 5;
/// Failures from one address before it is paused: looser, because an office shares one.
pub const MAX_FAILED_FROM_ADDRESS: u32 = 20;
/// The longest pause, in minutes. Pauses grow 1, 2, 4, 8, 15, 15, … minutes; never permanent.
pub const LOCK_MINUTES: i64 = 15;

/// Growing delays instead of a permanent lock, for one account or one address. Plain data so
/// the same rule runs on a database row (accounts) and in memory (addresses).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Throttle {
    /// Failures since the last success or the last pause ended.
    pub failures: u32,
    /// Pauses in a row since the last success (makes the next pause longer).
    pub pauses: u32,
    pub paused_until: Option<chrono::DateTime<chrono::Utc>>,
}

impl Throttle {
    pub fn paused(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.paused_until.is_some_and(|t| t > now)
    }

    /// Counts one failure. An expired pause starts a fresh count, so it takes `max` new
    /// failures to pause again. Returns true when this failure started a pause.
    pub fn fail(&mut self, max: u32, now: chrono::DateTime<chrono::Utc>) -> bool {
        if self.paused(now) {
            return false;
        }
        if self.paused_until.is_some() {
            self.failures = 0;
            self.paused_until = None;
        }
        self.failures += 1;
        if self.failures < max {
            return false;
        }
        let minutes = (1i64 << self.pauses.min(4)).min(LOCK_MINUTES);
        self.paused_until = Some(now + chrono::Duration::minutes(minutes));
        self.pauses += 1;
        true
    }

    /// A success (or a manager's unlock) clears everything.
    pub fn clear(&mut self) {
        *self = Throttle::default();
    }
}

/// Where an officer goes after a correct password: a new password first (after a manager's
/// reset), then setting up the second factor (first sign-in), else the code.
pub fn after_password(must_change_password: bool, has_second_factor: bool) -> &'static str {
    if must_change_password {
        "/officer/new-password"
    } else if !has_second_factor {
        "/officer/two-factor/setup"
    } else {
        "/officer/two-factor"
    }
}

/// How many one-time recovery codes an officer gets when setting up the second factor.
pub const RECOVERY_CODES: usize = 10;

/// A typed recovery code as stored (hashed): letters upper-case, spaces and dashes dropped.
pub fn normalise_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A typed authenticator code: six digits, spaces allowed ("123 456").
pub fn authenticator_code(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Shows random bytes as groups of four Crockford base32 symbols ("K7QX-2M4P-…"): easy to
/// read aloud and type, no I/L/O/U.
pub fn grouped_code(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut symbols = String::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            symbols.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
        acc &= (1 << bits) - 1;
    }
    symbols
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}
/// Signed out after this many minutes without doing anything.
pub const IDLE_MINUTES: i64 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_have_the_right_permissions() {
        assert!(Role::Officer.can(Permission::ChangeCases));
        assert!(!Role::Officer.can(Permission::ManageUsers));
        assert!(!Role::Officer.can(Permission::ReadAudit));
        assert!(Role::Manager.can(Permission::ManageUsers));
        assert!(Role::Auditor.can(Permission::ReadCases));
        assert!(Role::Manager.can(Permission::CloseReportYear));
        assert!(!Role::Officer.can(Permission::CloseReportYear));
        assert!(!Role::Auditor.can(Permission::CloseReportYear));
        assert!(Role::Auditor.can(Permission::ReadAudit));
        assert!(!Role::Auditor.can(Permission::ChangeCases));
    }

    #[test]
    fn passwords_must_be_long() {
        assert!(password_problem("short").is_some());
        assert!(password_problem("correct horse battery").is_none());
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(*r));
        }
    }

    #[test]
    fn an_expired_pause_needs_five_new_failures() {
        let now = chrono::Utc::now();
        let mut t = Throttle::default();
        for i in 1..MAX_FAILED_SIGN_INS {
            assert!(!t.fail(MAX_FAILED_SIGN_INS, now), "failure {i}");
        }
        assert!(t.fail(MAX_FAILED_SIGN_INS, now), "the fifth pauses");
        assert!(t.paused(now));
        assert_eq!(t.paused_until, Some(now + chrono::Duration::minutes(1)));
        // While paused, more tries change nothing (an attacker cannot make it longer).
        assert!(!t.fail(MAX_FAILED_SIGN_INS, now));
        let later = now + chrono::Duration::minutes(2);
        assert!(!t.paused(later));
        for i in 1..MAX_FAILED_SIGN_INS {
            assert!(!t.fail(MAX_FAILED_SIGN_INS, later), "new failure {i}");
            assert!(!t.paused(later));
        }
        assert!(t.fail(MAX_FAILED_SIGN_INS, later));
        assert_eq!(
            t.paused_until,
            Some(later + chrono::Duration::minutes(2)),
            "the second pause is longer"
        );
    }

    #[test]
    fn pauses_grow_but_stop_at_fifteen_minutes() {
        let mut now = chrono::Utc::now();
        let mut t = Throttle::default();
        let mut lengths = vec![];
        for _ in 0..7 {
            for _ in 0..MAX_FAILED_SIGN_INS {
                t.fail(MAX_FAILED_SIGN_INS, now);
            }
            let until = t.paused_until.unwrap();
            lengths.push((until - now).num_minutes());
            now = until + chrono::Duration::seconds(1);
        }
        assert_eq!(lengths, vec![1, 2, 4, 8, 15, 15, 15]);
        t.clear();
        assert_eq!(t, Throttle::default());
    }

    #[test]
    fn sign_in_steps_and_codes() {
        assert_eq!(after_password(true, true), "/officer/new-password");
        assert_eq!(after_password(false, false), "/officer/two-factor/setup");
        assert_eq!(after_password(false, true), "/officer/two-factor");
        assert_eq!(authenticator_code(" 123 456 "), Some("123456".into()));
        assert_eq!(authenticator_code("12345a"), None);
        assert_eq!(normalise_recovery_code("ab12-cd34 "), "AB12CD34");
        let code = grouped_code(&[0xff; 10]);
        assert_eq!(code, "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        assert_eq!(grouped_code(&[0; 10]), "0000-0000-0000-0000");
    }

    #[test]
    fn common_passwords_are_refused() {
        assert!(new_password_problem("correct horse battery", true).is_some());
        assert!(new_password_problem("correct horse battery", false).is_none());
        assert!(new_password_problem("short", false).is_some());
    }
}
