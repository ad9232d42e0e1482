use crate::api::error::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: String,
    pub who: String,
    pub action: String,
    pub reference: Option<String>,
    pub detail: String,
}

/// The audit log, newest first (managers and auditors). Reading it is itself audited.
#[server(prefix = "/api", endpoint = "officer/audit")]
pub async fn audit_log(page: Option<u32>) -> Result<Vec<AuditLine>, ApiError> {
    use crate::api::state::{db, state};
    use crate::domain::officer::Permission;
    let user = super::guard::require(Permission::ReadAudit).await?;
    let council = state()?.settings.council_id.clone();
    let page = page.unwrap_or(0).min(100_000);
    let entries = db(move |s| s.audit_log(&council, 100, page * 100)).await?;
    super::guard::audit(
        Some(&user),
        &user.email,
        "read the audit log",
        None,
        format!("page {page}"),
    )
    .await?;
    Ok(entries
        .into_iter()
        .map(|e| AuditLine {
            at: e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            who: e.user_email,
            action: e.action,
            reference: e.reference,
            detail: e.detail,
        })
        .collect())
}
