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

/// Sign-in failures before an account is locked for a while.
pub const MAX_FAILED_SIGN_INS: u32 = 5;
/// How long a locked account stays locked, in minutes.
pub const LOCK_MINUTES: i64 = 15;
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
}
