// One argument per filter keeps the plain GET form (JavaScript off) simple.
#![allow(clippy::too_many_arguments)]

use crate::api::error::ApiError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One line of the inbox, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxLine {
    pub reference: String,
    pub kind: String,
    pub who: String,
    pub urgent: bool,
    pub received: String,
    pub due: Option<String>,
    /// "red" (overdue), "amber" (due within the warning window) or "green".
    pub rag: Option<String>,
    pub status: String,
    pub owner: Option<String>,
    /// The email to the rights service about it has not gone yet (it is being retried).
    pub mail_problem: bool,
}

/// A safety alert ("I don't feel safe") not yet closed with an outcome: shown above the
/// complaints, with its deadline in hours.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertLine {
    pub reference: String,
    pub received: String,
    /// "18:30 on 27 November 2026": pass on by then.
    pub due: String,
    /// "red", "amber" or "green" while not passed on.
    pub rag: Option<String>,
    pub status: String,
}

/// A burst of urgent messages from one place (a possible flood), one line for all of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FloodLine {
    /// The keyed hash of the place (never its address): the filter that lists them.
    pub source: String,
    pub count: u64,
    pub first: String,
    pub last: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InboxView {
    /// Possible floods of the last seven days, grouped by place.
    pub floods: Vec<FloodLine>,
    /// When the list shows one possible flood's messages.
    pub flood: Option<String>,
    /// Safety alerts, counted apart from complaints (oldest first).
    pub alerts: Vec<AlertLine>,
    pub lines: Vec<InboxLine>,
    pub total: u64,
    /// Which page this is (from 0), for "Page 2 of 7": the links carry it along.
    pub page: u32,
    pub pages: u32,
    /// The `before` link parameter for the previous page, if there is one.
    pub previous: Option<String>,
    /// The `after` link parameter for the next page, if there is one.
    pub next: Option<String>,
    pub services: Vec<String>,
    /// People who can own cases, for the owner filter.
    pub people: Vec<(i64, String)>,
}

pub const PER_PAGE: u32 = 50;

/// The inbox: "I don't feel safe" first, then the nearest deadline. Filters are optional.
#[server(prefix = "/api", endpoint = "officer/inbox")]
pub async fn inbox(
    kind: Option<String>,
    status: Option<String>,
    service: Option<String>,
    mine: Option<String>,
    owner: Option<String>,
    overdue: Option<String>,
    reference: Option<String>,
    flood: Option<String>,
    page: Option<u32>,
    after: Option<String>,
    before: Option<String>,
) -> Result<InboxView, ApiError> {
    use crate::api::state::{db, state};
    use crate::api::store::{InboxKey, InboxQuery, Seek};
    use crate::domain::case_file::ContactStatus;
    use crate::domain::officer::Permission;
    use crate::domain::reference::Reference;
    use crate::domain::submission::Kind;
    use crate::domain::uk_time::uk_date;

    let user = super::guard::require(Permission::ReadCases).await?;
    let st = state()?;
    let settings = st.settings.clone();
    let today = uk_date(chrono::Utc::now());
    let blank = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let page = page.unwrap_or(0).min(1_000_000);
    let key = |v: Option<String>| match blank(v) {
        None => Ok(None),
        Some(p) => InboxKey::parse(&p)
            .map(Some)
            .ok_or_else(|| ApiError::bad_request("That page link is not valid.")),
    };
    let seek = match (key(after)?, key(before)?) {
        (Some(k), None) => Seek::After(k),
        (None, Some(k)) => Seek::Before(k),
        (None, None) => Seek::First,
        (Some(_), Some(_)) => return Err(ApiError::bad_request("That page link is not valid.")),
    };
    let q = InboxQuery {
        council_id: settings.council_id.clone(),
        kind: blank(kind).and_then(|k| Kind::from_code(&k)),
        status: match blank(status) {
            None => None,
            Some(code) => Some(
                ContactStatus::from_code(&code)
                    .ok_or_else(|| ApiError::bad_request("Choose a status from the list."))?,
            ),
        },
        service: blank(service),
        owner_id: blank(mine)
            .map(|_| user.id)
            .or_else(|| blank(owner).and_then(|o| o.parse().ok())),
        due_before: blank(overdue).map(|_| today),
        reference: blank(reference)
            .map(|r| Reference::parse(&r).map(|r| r.to_string()).unwrap_or(r)),
        // A source is 16 hex characters; anything else is ignored.
        flood: blank(flood).filter(|f| f.len() == 16 && f.bytes().all(|b| b.is_ascii_hexdigit())),
        seek,
        per_page: PER_PAGE,
    };
    let flood = q.flood.clone();
    let since = chrono::Utc::now() - chrono::Duration::days(7);
    let council = settings.council_id.clone();
    let (result, users, open_alerts, floods) = db(move |s| {
        Ok((
            s.inbox(&q)?,
            s.list_users(&council)?,
            s.open_alerts(&council, 200)?,
            s.flood_groups(&council, since)?,
        ))
    })
    .await?;
    let floods = floods
        .into_iter()
        .map(|g| FloodLine {
            source: g.source,
            count: g.count,
            first: crate::domain::safeguarding::local_time_text(g.first_at),
            last: crate::domain::safeguarding::local_time_text(g.last_at),
        })
        .collect();
    let now = st.clock.now();
    let rules = settings.safeguarding.rules;
    // Oldest (most overdue) first.
    let alerts: Vec<AlertLine> = open_alerts
        .into_iter()
        .rev()
        .map(|o| {
            use crate::domain::safeguarding::{local_time_text, rag, Alert};
            let alert = o.alert.unwrap_or_else(|| Alert::new(o.received_at, &rules));
            AlertLine {
                reference: o.reference,
                received: local_time_text(o.received_at),
                due: local_time_text(alert.due_at),
                rag: rag(&alert, o.received_at, now).map(|r| r.code().to_string()),
                status: alert.status().label().to_string(),
            }
        })
        .collect();
    super::guard::audit(
        Some(&user),
        &user.email,
        "viewed inbox",
        None,
        format!("page {page}"),
    )
    .await?;
    let timescales = settings.procedure_timescales();
    let lines = result
        .rows
        .into_iter()
        .map(|r| {
            use crate::domain::procedure::rag;
            // A safety alert's deadline is in hours (as in the alerts section), not a date.
            let (due, rag) = if r.kind == Kind::Unsafe {
                let a = alerts
                    .iter()
                    .find(|a: &&AlertLine| a.reference == r.reference);
                (a.map(|a| a.due.clone()), a.and_then(|a| a.rag.clone()))
            } else {
                let rag = r
                    .next_due
                    .filter(|_| !r.status.is_finished())
                    .map(|due| rag(due, today, &timescales).code().to_string());
                (r.next_due.map(|d| d.format("%-d %b %Y").to_string()), rag)
            };
            InboxLine {
                reference: r.reference,
                kind: r.kind.label().to_string(),
                who: r
                    .who
                    .map(|w| w.label().to_string())
                    .unwrap_or_else(|| "Not known".into()),
                urgent: r.urgent,
                received: crate::domain::timescales::long_date(uk_date(r.received_at)),
                due,
                rag,
                status: r.status.label().to_string(),
                owner: r.owner,
                mail_problem: r.mail_problem,
            }
        })
        .collect();
    Ok(InboxView {
        floods,
        flood,
        alerts,
        lines,
        total: result.total,
        page,
        pages: result.total.div_ceil(PER_PAGE as u64) as u32,
        previous: result.previous.map(|k| k.to_param()),
        next: result.next.map(|k| k.to_param()),
        services: settings.services.clone(),
        people: users
            .into_iter()
            .filter(|u| u.role != crate::domain::officer::Role::Auditor)
            .map(|u| (u.id, u.name))
            .collect(),
    })
}
