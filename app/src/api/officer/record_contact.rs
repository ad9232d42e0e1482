// One argument per form field keeps the plain HTML form (JavaScript off) simple to post.
#![allow(clippy::too_many_arguments)]

use crate::api::error::ApiError;
use leptos::prelude::*;

/// An officer records a complaint, advocate request, compliment or representation that came
/// by phone, letter, email or in person, so everything is in one place for the yearly report.
/// `token` (from the form) makes a double click or a retry create one record, not two.
/// `from_alert`: the reference of a safety alert ("I don't feel safe") this complaint is opened
/// from, when the young person also wants to complain; both timelines then point to each other.
/// `age_band`, `gender`, `ethnicity`, `disability`: the same voluntary equality questions the
/// online form asks (codes of `domain::submission`), empty when not asked or not answered.
#[server(prefix = "/api", endpoint = "officer/record-contact")]
pub async fn record_contact(
    token: String,
    kind: String,
    channel: String,
    who: String,
    service: String,
    summary: String,
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    received: Option<String>,
    from_alert: Option<String>,
    age_band: Option<String>,
    gender: Option<String>,
    ethnicity: Option<String>,
    disability: Option<String>,
) -> Result<(), ApiError> {
    use crate::api::state::{db, looks_like_token, state};
    use crate::api::store::Draft;
    use crate::domain::officer::Permission;
    use crate::domain::submission::{
        AgeBand, Answers, Channel, ContactBy, Disability, Ethnicity, Gender, Kind, Who,
        LONG_TEXT_MAX,
    };
    use chrono::Datelike;

    let user = super::guard::require(Permission::ChangeCases).await?;
    let st = state()?;
    let bad = |what: &str| {
        leptos_axum::redirect(&format!("/officer/new?e={what}"));
        Ok(())
    };
    if !looks_like_token(&token) {
        return Err(ApiError::bad_request(
            "This form is out of date. Reload the page.",
        ));
    }
    let Some(kind) = Kind::from_code(&kind).filter(|k| *k != Kind::Unsafe) else {
        return bad("kind");
    };
    let Some(channel) =
        Channel::from_code(&channel).filter(|c| Channel::RECORDED_BY_OFFICERS.contains(c))
    else {
        return bad("channel");
    };
    /// An optional answer: empty is "not answered"; anything else must be on the list.
    fn answer<E>(v: Option<String>, parse: fn(&str) -> Option<E>) -> Result<Option<E>, ()> {
        match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(code) => parse(code).map(Some).ok_or(()),
        }
    }
    let (Ok(age_band), Ok(gender), Ok(ethnicity), Ok(disability)) = (
        answer(age_band, AgeBand::from_code),
        answer(gender, Gender::from_code),
        answer(ethnicity, Ethnicity::from_code),
        answer(disability, Disability::from_code),
    ) else {
        return bad("equality");
    };
    let answered =
        age_band.is_some() || gender.is_some() || ethnicity.is_some() || disability.is_some();
    let who = Who::from_code(&who);
    if who.is_none() {
        return bad("who");
    }
    if !st.settings.services.contains(&service) {
        return bad("service");
    }
    if summary.trim().is_empty() || summary.chars().count() > LONG_TEXT_MAX {
        return bad("summary");
    }
    // A letter or a call logged later keeps the day it reached us (never in the future).
    let today = crate::domain::uk_time::uk_date(chrono::Utc::now());
    let received_on = match received.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        None => None,
        Some(r) => match chrono::NaiveDate::parse_from_str(r, "%Y-%m-%d") {
            Ok(d) if d <= today && d.year_ce().1 >= 2000 => Some(d),
            _ => return bad("received"),
        },
    };
    let from_alert = match from_alert
        .map(|r| r.trim().to_uppercase())
        .filter(|r| !r.is_empty())
    {
        None => None,
        Some(r) if r.len() <= 20 => {
            let (c, r2) = (st.settings.council_id.clone(), r.clone());
            match db(move |s| s.case(&c, &r2)).await? {
                Some(alert) if alert.kind == Kind::Unsafe => Some(alert.reference),
                _ => {
                    return Err(ApiError::bad_request(
                        "There is no safety alert with that reference.",
                    ))
                }
            }
        }
        Some(_) => return Err(ApiError::bad_request("That is not a reference.")),
    };
    let clean = |v: Option<String>| v.map(|s| s.trim().to_string()).unwrap_or_default();
    let (name, phone, email) = (clean(name), clean(phone), clean(email));
    if name.len() > 200 || phone.len() > 30 || email.len() > 254 {
        return Err(ApiError::bad_request("That is too long."));
    }
    let answers = Answers {
        kind: Some(kind),
        who,
        service,
        what_happened: summary.trim().to_string(),
        contact_by: Some(if !email.is_empty() {
            ContactBy::Email
        } else if !phone.is_empty() {
            ContactBy::Phone
        } else {
            ContactBy::None
        }),
        name,
        phone,
        email,
        equality_skipped: !answered,
        age_band,
        gender,
        ethnicity,
        disability,
        ..Default::default()
    };
    // The form's token is the draft id, so the same form sent twice is one record.
    let draft = Draft {
        id: token,
        council_id: st.settings.council_id.clone(),
        answers,
        ..Default::default()
    };
    let saved = draft.clone();
    let existing = db({
        let id = draft.id.clone();
        move |s| s.load_draft(&id)
    })
    .await?;
    let reference = match existing.and_then(|d| d.reference) {
        Some(r) => r,
        None => {
            db(move |s| s.save_draft(&saved, chrono::Utc::now())).await?;
            let at = received_on
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .map(|t| t.and_utc());
            // The audit line is written in the same transaction as the record it describes.
            let audit = super::guard::entry(
                Some(&user),
                &user.email,
                "recorded a contact",
                None,
                match &from_alert {
                    Some(a) => format!("by {}, from safety alert {a}", channel.code()),
                    None => format!("by {}", channel.code()),
                },
            )?;
            let stored =
                crate::api::intake::submit_draft(&draft, false, channel, at, None, Some(audit))
                    .await?;
            if let (crate::api::store::Stored::New { reference }, Some(alert)) =
                (&stored, &from_alert)
            {
                let event = |what: &str, detail: String| crate::api::store::CaseEvent {
                    at: chrono::Utc::now(),
                    user_id: Some(user.id),
                    who: user.name.clone(),
                    what: what.to_string(),
                    detail,
                };
                let (a, n) = (alert.clone(), reference.clone());
                let on_alert = event("Separate complaint opened", n.clone());
                let on_new = event("Opened from a safety alert", a.clone());
                let audit_alert = super::guard::entry(
                    Some(&user),
                    &user.email,
                    "opened a separate complaint",
                    Some(&a),
                    n.clone(),
                )?;
                let audit_new = super::guard::entry(
                    Some(&user),
                    &user.email,
                    "opened from a safety alert",
                    Some(&n),
                    a.clone(),
                )?;
                db(move |s| {
                    s.add_case_event(&a, &on_alert, &audit_alert)?;
                    s.add_case_event(&n, &on_new, &audit_new)
                })
                .await?;
            }
            stored.reference().to_string()
        }
    };
    leptos_axum::redirect(&format!("/officer/case/{reference}?recorded=1"));
    Ok(())
}
