use super::error::ApiError;
use leptos::prelude::*;

/// The council's settings that pages show (phone numbers, services, timescales).
#[server(prefix = "/api", endpoint = "site/settings")]
pub async fn get_site_settings() -> Result<crate::settings::SiteSettings, ApiError> {
    Ok((*super::state::state()?.settings).clone())
}
