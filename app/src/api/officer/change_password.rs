use crate::api::error::ApiError;
use leptos::prelude::*;

/// Changes the signed-in officer's password (ends every session). A wrong current password
/// counts like a wrong sign-in, so it cannot be used to guess.
#[server(prefix = "/api", endpoint = "officer/change-password")]
pub async fn change_password(current: String, new: String) -> Result<(), ApiError> {
    use super::staff_auth::{
        account_failed, address, address_failed, address_paused, is_common_password, pad,
        verify_password,
    };
    use crate::api::state::{db, hash_password};
    use crate::domain::officer::{new_password_problem, Permission};

    let started = std::time::Instant::now();
    let user = super::guard::require(Permission::ReadCases).await?;
    if current.len() > 1000 || new.len() > 1000 {
        return Err(ApiError::bad_request("That is too long."));
    }
    let from = address().await;
    let paused = user.throttle().paused(chrono::Utc::now()) || address_paused(&from)?;
    let hash = (!paused).then(|| user.password_hash.clone());
    if !verify_password(current, hash).await {
        if paused {
            leptos_axum::redirect("/officer/account?e=paused");
        } else {
            account_failed(&user, "change password: wrong current password", &from).await?;
            address_failed(&from)?;
            leptos_axum::redirect("/officer/account?e=current");
        }
        pad(started).await;
        return Ok(());
    }
    if new_password_problem(&new, is_common_password(&new)).is_some() {
        leptos_axum::redirect("/officer/account?e=new");
        return Ok(());
    }
    let new_hash = hash_password(&new).await?;
    let entry = super::guard::entry(Some(&user), &user.email, "changed password", None, "")?;
    let id = user.id;
    db(move |s| s.set_password(id, &new_hash, &entry)).await?;
    // Every session ended, this one too: sign in again with the new password.
    leptos_axum::redirect("/officer/sign-in?changed=1");
    Ok(())
}
