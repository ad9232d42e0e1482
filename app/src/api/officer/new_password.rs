use crate::api::error::ApiError;
use leptos::prelude::*;

/// After a manager's reset: the officer (password checked, nothing else allowed yet) replaces
/// the temporary password, then signs in again and sets up the second factor.
#[server(prefix = "/api", endpoint = "officer/new-password")]
pub async fn set_first_password(new: String) -> Result<(), ApiError> {
    use super::staff_auth::is_common_password;
    use crate::api::state::{db, hash_password};
    use crate::domain::officer::new_password_problem;

    if new.len() > 1000 {
        return Err(ApiError::bad_request("That is too long."));
    }
    let Some((_, user, _)) = super::guard::pending().await? else {
        leptos_axum::redirect("/officer/sign-in?e=expired");
        return Ok(());
    };
    if !user.must_change_password {
        return Err(ApiError::new(
            403,
            "Your password does not need changing here.",
        ));
    }
    if new_password_problem(&new, is_common_password(&new)).is_some() {
        leptos_axum::redirect("/officer/new-password?e=new");
        return Ok(());
    }
    let hash = hash_password(&new).await?;
    let entry = super::guard::entry(
        Some(&user),
        &user.email,
        "replaced temporary password",
        None,
        "",
    )?;
    let id = user.id;
    db(move |s| s.set_password(id, &hash, &entry)).await?;
    leptos_axum::redirect("/officer/sign-in?changed=1");
    Ok(())
}
