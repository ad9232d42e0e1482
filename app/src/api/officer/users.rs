use crate::api::error::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserLine {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub locked: bool,
    pub active: bool,
    /// The second factor is set up.
    pub two_factor: bool,
    /// A temporary password is waiting to be changed.
    pub must_change_password: bool,
}

/// Everyone with an account (managers).
#[server(prefix = "/api", endpoint = "officer/users")]
pub async fn list_users() -> Result<Vec<UserLine>, ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::officer::Permission;
    let user = super::guard::require(Permission::ManageUsers).await?;
    let council = state()?.settings.council_id.clone();
    let now = chrono::Utc::now();
    let users = db(move |s| s.list_users(&council)).await?;
    super::guard::audit(Some(&user), &user.email, "listed accounts", None, "").await?;
    Ok(users
        .into_iter()
        .map(|u| UserLine {
            id: u.id,
            name: u.name,
            email: u.email,
            role: u.role.label().to_string(),
            locked: u.locked_until.is_some_and(|t| t > now),
            active: u.active,
            two_factor: u.totp_secret.is_some(),
            must_change_password: u.must_change_password,
        })
        .collect())
}

/// Creates an account (managers). The new person sets up the second factor at first sign-in
/// and can change the password after.
#[server(prefix = "/api", endpoint = "officer/create-user")]
pub async fn create_user(
    email: String,
    name: String,
    role: String,
    password: String,
) -> Result<(), ApiError> {
    use crate::api::state::{db, hash_password, state};
    use crate::api::store::NewUser;
    use crate::domain::officer::{new_password_problem, Permission, Role};
    use crate::domain::submission::valid_email;

    let user = super::guard::require(Permission::ManageUsers).await?;
    if email.len() > 254 || name.len() > 200 || password.len() > 1000 {
        return Err(ApiError::bad_request("That is too long."));
    }
    let problem = if !valid_email(email.trim()) {
        Some("email")
    } else if name.trim().is_empty() {
        Some("name")
    } else if Role::from_code(&role).is_none() {
        Some("role")
    } else if new_password_problem(&password, super::staff_auth::is_common_password(&password))
        .is_some()
    {
        Some("password")
    } else {
        None
    };
    if let Some(p) = problem {
        leptos_axum::redirect(&format!("/officer/users?e={p}"));
        return Ok(());
    }
    let new = NewUser {
        council_id: state()?.settings.council_id.clone(),
        email: email.trim().to_string(),
        name: name.trim().to_string(),
        role: Role::from_code(&role).unwrap_or(Role::Auditor),
        password_hash: hash_password(&password).await?,
    };
    let detail = format!("{} as {}", new.email, new.role.code());
    let entry = super::guard::entry(Some(&user), &user.email, "created account", None, detail)?;
    match db(move |s| s.create_user(&new, chrono::Utc::now(), Some(&entry))).await {
        Ok(_) => {}
        Err(e) if e.status == 409 => {
            leptos_axum::redirect("/officer/users?e=taken");
            return Ok(());
        }
        Err(e) => return Err(e),
    }
    leptos_axum::redirect("/officer/users?created=1");
    Ok(())
}
