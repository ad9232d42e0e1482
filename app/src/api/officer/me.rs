use crate::api::error::ApiError;
use crate::domain::officer::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in officer as pages show them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfficerView {
    pub name: String,
    pub email: String,
    pub role: Role,
}

/// Who is signed in, if anyone.
#[server(prefix = "/api", endpoint = "officer/me")]
pub async fn me() -> Result<Option<OfficerView>, ApiError> {
    Ok(super::guard::current().await?.map(|u| OfficerView {
        name: u.name,
        email: u.email,
        role: u.role,
    }))
}
