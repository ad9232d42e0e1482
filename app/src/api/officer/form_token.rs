use crate::api::error::ApiError;
use leptos::prelude::*;

/// A fresh one-use token for a form that creates a record, so sending it twice creates one.
#[server(prefix = "/api", endpoint = "officer/form-token")]
pub async fn form_token() -> Result<String, ApiError> {
    super::guard::require(crate::domain::officer::Permission::ChangeCases).await?;
    crate::api::state::random_token()
}
