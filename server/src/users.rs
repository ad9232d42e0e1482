//! Creating officer accounts from the command line (`server create-user`) and, for local use
//! only, the demo accounts `./dev run` asks for with `SPEAKUP_DEMO_ACCOUNTS=1`.

use crate::store::SqliteStore;
use app::api::store::{NewUser, Store, StoreError};
use app::domain::officer::{password_problem, Role};

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
    if let Some(problem) = password_problem(password) {
        return Err(problem.to_string());
    }
    let hash = app::api::state::hash_secret(password).map_err(|e| e.message)?;
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
        )
        .map_err(|e| match e {
            StoreError::Conflict => format!("there is already an account for {email}"),
            other => other.to_string(),
        })
}

/// Creates the demo accounts that do not exist yet.
pub fn seed_demo_accounts(store: &SqliteStore, council_id: &str) {
    for (email, name, role, password) in DEMO_ACCOUNTS {
        match store.user_by_email(council_id, email) {
            Ok(Some(_)) => {}
            _ => {
                if let Err(e) = create_user(store, council_id, email, name, *role, password) {
                    tracing::warn!(error = %e, "could not create demo account");
                }
            }
        }
    }
    tracing::warn!(
        "DEMO ACCOUNTS ARE ON (SPEAKUP_DEMO_ACCOUNTS=1): for local use only, never with real data"
    );
}
