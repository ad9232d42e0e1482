//! Officer accounts from the command line (`server create-user`, `reset-user`, `unlock-user`,
//! for the first manager or when no manager can sign in) and, for local use only, the demo
//! accounts `./dev run` asks for with `SPEAKUP_DEMO_ACCOUNTS=1`.

use crate::store::SqliteStore;
use app::api::store::{AccountChange, AuditEntry, NewUser, Store, StoreError};
use app::domain::officer::{grouped_code, new_password_problem, Role};

/// Demo accounts: clearly labelled, for a laptop, never for real children's data.
pub const DEMO_ACCOUNTS: &[(&str, &str, Role, &str)] = &[
    (
        "manager@demo.invalid",
        "Demo Manager",
        Role::Manager,
        "demo manager password",
    ),
    (
        "officer@demo.invalid",
        "Demo Officer",
        Role::Officer,
        "demo officer password",
    ),
    (
        "auditor@demo.invalid",
        "Demo Auditor",
        Role::Auditor,
        "demo auditor password",
    ),
];

/// DEMO ONLY: the authenticator secret of every demo account (base32 of the ASCII text
/// "speak-up-demo-only!!"), published so end-to-end tests and people trying the app can sign
/// in. Demo accounts refuse to exist when the public URL is https.
pub const DEMO_TOTP_SECRET: &str = "ONYGKYLLFV2XALLEMVWW6LLPNZWHSIJB";

fn command_line_audit(council_id: &str, action: &str, user_id: i64) -> AuditEntry {
    AuditEntry {
        council_id: council_id.to_string(),
        at: chrono::Utc::now(),
        user_id: None,
        user_email: "command line".into(),
        action: action.into(),
        reference: None,
        detail: format!("account {user_id}"),
    }
}

pub fn create_user(
    store: &SqliteStore,
    council_id: &str,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<i64, String> {
    if !app::domain::submission::valid_email(email.trim()) {
        return Err(format!("{email:?} is not an email address"));
    }
    let common = app::api::officer::staff_auth::is_common_password(password);
    if let Some(problem) = new_password_problem(password, common) {
        return Err(problem.to_string());
    }
    let hash = app::api::state::hash_secret(password).map_err(|e| e.message)?;
    let mut audit = command_line_audit(council_id, "created account", 0);
    audit.detail = format!("{} as {}", email.trim(), role.code());
    store
        .create_user(
            &NewUser {
                council_id: council_id.to_string(),
                email: email.trim().to_string(),
                name: name.trim().to_string(),
                role,
                password_hash: hash,
            },
            chrono::Utc::now(),
            Some(&audit),
        )
        .map_err(|e| match e {
            StoreError::Conflict => format!("there is already an account for {email}"),
            other => other.to_string(),
        })
}

fn find(store: &SqliteStore, council_id: &str, email: &str) -> Result<i64, String> {
    match store.user_by_email(council_id, email) {
        Ok(Some(u)) => Ok(u.id),
        Ok(None) => Err(format!("there is no account for {email}")),
        Err(e) => Err(e.to_string()),
    }
}

/// Resets an account: a temporary password (returned, to be shown once) that must be changed
/// at the next sign-in; the second factor is set up again; the account is reactivated and
/// unlocked; every session ends. Audited as "command line".
pub fn reset_user(store: &SqliteStore, council_id: &str, email: &str) -> Result<String, String> {
    let id = find(store, council_id, email)?;
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    let password = grouped_code(&bytes);
    let password_hash = app::api::state::hash_secret(&password).map_err(|e| e.message)?;
    let audit = command_line_audit(council_id, "reset account", id);
    store
        .change_account(id, &AccountChange::Reset { password_hash }, &audit)
        .map_err(|e| e.to_string())?;
    let audit = command_line_audit(council_id, "reactivated account", id);
    store
        .change_account(id, &AccountChange::Reactivate, &audit)
        .map_err(|e| e.to_string())?;
    Ok(password)
}

/// Ends a pause after too many failures. Audited as "command line".
pub fn unlock_user(store: &SqliteStore, council_id: &str, email: &str) -> Result<(), String> {
    let id = find(store, council_id, email)?;
    let audit = command_line_audit(council_id, "unlocked account", id);
    store
        .change_account(id, &AccountChange::Unlock, &audit)
        .map_err(|e| e.to_string())
}

/// Creates the demo accounts that do not exist yet and gives every demo account the published
/// demo authenticator secret (so it signs in with a code at once).
pub fn seed_demo_accounts(store: &SqliteStore, council_id: &str) {
    for (email, name, role, password) in DEMO_ACCOUNTS {
        let id = match store.user_by_email(council_id, email) {
            Ok(Some(u)) => Some(u.id),
            _ => match create_user(store, council_id, email, name, *role, password) {
                Ok(id) => Some(id),
                Err(e) => {
                    tracing::warn!(error = %e, "could not create demo account");
                    None
                }
            },
        };
        if let Some(id) = id {
            if let Err(e) = store.set_totp_secret(id, Some(DEMO_TOTP_SECRET), true) {
                tracing::warn!(error = %e, "could not set up demo account");
            }
        }
    }
    tracing::warn!(
        "DEMO ACCOUNTS ARE ON (SPEAKUP_DEMO_ACCOUNTS=1): for local use only, never with real data"
    );
}

/// With the demo flag off, demo accounts stop working (deactivated, sessions ended).
pub fn remove_demo_accounts(store: &SqliteStore) {
    match store.remove_demo_accounts() {
        Ok(0) => {}
        Ok(n) => tracing::warn!(
            accounts = n,
            "demo accounts deactivated (SPEAKUP_DEMO_ACCOUNTS is off)"
        ),
        Err(e) => tracing::error!(error = %e, "could not deactivate demo accounts"),
    }
}
