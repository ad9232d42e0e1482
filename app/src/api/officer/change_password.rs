use crate::api::error::ApiError;
use leptos::prelude::*;

/// Changes the signed-in officer's password (ends their other sessions).
#[server(prefix = "/api", endpoint = "officer/change-password")]
pub async fn change_password(current: String, new: String) -> Result<(), ApiError> {
    use crate::api::state::{db, hash_secret, verify_secret};
    use crate::domain::officer::{password_problem, Permission};

    let user = super::guard::require(Permission::ReadCases).await?;
    if current.len() > 1000 || new.len() > 1000 {
        return Err(ApiError::bad_request("That is too long."));
    }
    let hash = user.password_hash.clone();
    let ok = tokio::task::spawn_blocking(move || verify_secret(&current, Some(&hash)))
        .await
        .unwrap_or(false);
    if !ok {
        leptos_axum::redirect("/officer/account?e=current");
        return Ok(());
    }
    if password_problem(&new).is_some() {
        leptos_axum::redirect("/officer/account?e=new");
        return Ok(());
    }
    let new_hash = hash_secret(&new)?;
    let id = user.id;
    db(move |s| s.set_password(id, &new_hash)).await?;
    super::guard::audit(Some(&user), &user.email, "changed password", None, "").await?;
    // Other sessions ended, this one too: sign in again with the new password.
    leptos_axum::redirect("/officer/sign-in?changed=1");
    Ok(())
}
