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

/// A page of the audit log, with where the pages around it start.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditView {
    pub lines: Vec<AuditLine>,
    /// The `newer` link parameter, if there are newer lines.
    pub newer: Option<i64>,
    /// The `older` link parameter, if there are older lines.
    pub older: Option<i64>,
}

/// Lines a page of the audit log shows.
pub const AUDIT_PER_PAGE: u32 = 100;

/// The audit log, newest first (managers and auditors), a page at a time: `older=ID` shows the
/// lines before line ID, `newer=ID` those after it (keyset paging: as quick a million lines
/// back as on the first page). Reading it is itself audited.
#[server(prefix = "/api", endpoint = "officer/audit")]
pub async fn audit_log(older: Option<i64>, newer: Option<i64>) -> Result<AuditView, ApiError> {
    use crate::api::state::{db, state};
    use crate::api::store::Seek;
    use crate::domain::officer::Permission;
    let user = super::guard::require(Permission::ReadAudit).await?;
    let council = state()?.settings.council_id.clone();
    let seek = match (older, newer) {
        (Some(id), None) => Seek::After(id),
        (None, Some(id)) => Seek::Before(id),
        (None, None) => Seek::First,
        (Some(_), Some(_)) => return Err(ApiError::bad_request("That page link is not valid.")),
    };
    let detail = match &seek {
        Seek::First => "newest".to_string(),
        Seek::After(id) => format!("older than line {id}"),
        Seek::Before(id) => format!("newer than line {id}"),
    };
    let page = db(move |s| s.audit_log(&council, AUDIT_PER_PAGE, seek)).await?;
    super::guard::audit(Some(&user), &user.email, "read the audit log", None, detail).await?;
    Ok(AuditView {
        lines: page
            .entries
            .into_iter()
            .map(|e| AuditLine {
                at: e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                who: e.user_email,
                action: e.action,
                reference: e.reference,
                detail: e.detail,
            })
            .collect(),
        newer: page.newer,
        older: page.older,
    })
}
