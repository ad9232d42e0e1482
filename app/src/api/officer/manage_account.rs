use crate::api::error::ApiError;
use leptos::prelude::*;

/// A manager's change to a colleague's account: `unlock` (end a pause), `deactivate` (their
/// sessions end at once), `reactivate`, or `reset` (a temporary password, shown once to the
/// manager, that must be changed at the next sign-in; the second factor is set up again).
/// Each is audited in the same transaction. Managers cannot do these to themselves.
#[server(prefix = "/api", endpoint = "officer/manage-account")]
pub async fn manage_account(user_id: i64, action: String) -> Result<(), ApiError> {
    use crate::api::state::{db, hash_password, random_bytes, state};
    use crate::api::store::AccountChange;
    use crate::domain::officer::{grouped_code, Permission};

    let manager = super::guard::require(Permission::ManageUsers).await?;
    let council = state()?.settings.council_id.clone();
    let Some(colleague) = db(move |s| s.user_by_id(&council, user_id)).await? else {
        return Err(ApiError::not_found("There is no account with that number."));
    };
    if colleague.id == manager.id {
        leptos_axum::redirect("/officer/users?e=self");
        return Ok(());
    }
    let mut temporary = None;
    let (change, what) = match action.as_str() {
        "unlock" => (AccountChange::Unlock, "unlocked account"),
        "deactivate" => (AccountChange::Deactivate, "deactivated account"),
        "reactivate" => (AccountChange::Reactivate, "reactivated account"),
        "reset" => {
            let password = grouped_code(&random_bytes::<10>()?);
            let password_hash = hash_password(&password).await?;
            temporary = Some(password);
            (AccountChange::Reset { password_hash }, "reset account")
        }
        _ => {
            return Err(ApiError::bad_request(
                "Choose unlock, deactivate, reactivate or reset.",
            ))
        }
    };
    let entry = super::guard::entry(
        Some(&manager),
        &manager.email,
        what,
        None,
        format!("account {}", colleague.id),
    )?;
    let id = colleague.id;
    db(move |s| s.change_account(id, &change, &entry)).await?;
    if let (Some(password), Some(hash)) = (temporary, super::guard::session_hash()?) {
        let text = format!("{}\n{password}", colleague.email);
        db(move |s| s.put_show_once(&hash, &text)).await?;
    }
    leptos_axum::redirect(&format!("/officer/users?done={action}"));
    Ok(())
}
