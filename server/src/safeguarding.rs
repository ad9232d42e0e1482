//! The escalation check for safety alerts ("I don't feel safe"): every
//! `SPEAKUP_SAFEGUARDING_CHECK_SECONDS`, any alert nobody has passed to safeguarding by its
//! deadline gets one email to the managers (or `SPEAKUP_SAFEGUARDING_ESCALATION_EMAIL`),
//! through the outbox, with a timeline line and an audit line. The store marks the alert
//! escalated in the same transaction as queuing the emails, so each alert is escalated once.
//! The time comes from the configured [`app::api::state::Clock`] so tests can move it forward.

use crate::config::Config;
use app::api::state::Clock;
use app::api::store::{AuditEntry, CaseEvent, OutgoingMail, Store, StoreResult};
use app::domain::officer::Role;
use app::domain::safeguarding::{escalation_due, local_time_text, Alert, SafeguardingRules};
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// What the check needs from the configuration.
#[derive(Clone, Debug)]
pub struct Escalation {
    pub council_id: String,
    pub rules: SafeguardingRules,
    pub public_url: String,
    /// Fixed address; `None`: the council's active managers.
    pub to: Option<String>,
}

impl Escalation {
    pub fn from_config(config: &Config) -> Self {
        Escalation {
            council_id: config.site.council_id.clone(),
            rules: config.site.safeguarding.rules,
            public_url: config.public_url.clone(),
            to: config.safeguarding_escalation_email.clone(),
        }
    }
}

/// The email to a manager: the reference, the times and a link, never the child's words.
pub fn escalation_mail(
    to: &str,
    public_url: &str,
    reference: &str,
    received: DateTime<Utc>,
    due: DateTime<Utc>,
) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: format!("URGENT: Speak Up: safety alert {reference} not passed on in time"),
        body: format!(
            "A young person pressed \"I don't feel safe\" and nobody has recorded passing it \
             to safeguarding in time.\r\n\r\n\
             Reference: {reference}\r\n\
             Received: {}\r\n\
             Should have been passed on by: {}\r\n\r\n\
             Please make sure someone acts on it now (you will need to sign in):\r\n\
             {public_url}/officer/case/{reference}\r\n\r\n\
             This email never contains what the person wrote.\r\n",
            local_time_text(received),
            local_time_text(due),
        ),
    }
}

/// Escalates every alert that is due at `now`; returns how many were escalated.
pub fn check_once(store: &dyn Store, e: &Escalation, now: DateTime<Utc>) -> StoreResult<usize> {
    let open = store.open_alerts(&e.council_id, 1000)?;
    let mut due = open
        .into_iter()
        .filter_map(|o| {
            let alert = o
                .alert
                .clone()
                .unwrap_or_else(|| Alert::new(o.received_at, &e.rules));
            escalation_due(&alert, now).then_some((o, alert))
        })
        .peekable();
    if due.peek().is_none() {
        return Ok(0);
    }
    let to: Vec<String> = match &e.to {
        Some(address) => vec![address.clone()],
        None => store
            .list_users(&e.council_id)?
            .into_iter()
            .filter(|u| u.active && u.role == Role::Manager)
            .map(|u| u.email)
            .collect(),
    };
    let mut n = 0;
    for (o, alert) in due {
        let mails: Vec<OutgoingMail> = to
            .iter()
            .map(|t| escalation_mail(t, &e.public_url, &o.reference, o.received_at, alert.due_at))
            .collect();
        let detail = if mails.is_empty() {
            tracing::error!(reference = %o.reference, "safety alert overdue and no manager to email");
            "Not passed to safeguarding in time. There is no manager account to email.".to_string()
        } else {
            format!(
                "Not passed to safeguarding by {}. Emailed {} manager{}.",
                local_time_text(alert.due_at),
                mails.len(),
                if mails.len() == 1 { "" } else { "s" }
            )
        };
        let event = CaseEvent {
            at: now,
            user_id: None,
            who: "Speak Up".into(),
            what: "Escalated to a manager".into(),
            detail: detail.clone(),
        };
        if store.escalate_alert(
            &e.council_id,
            &o.reference,
            alert.due_at,
            now,
            &mails,
            &event,
        )? {
            n += 1;
            store.audit(&AuditEntry {
                council_id: e.council_id.clone(),
                at: now,
                user_id: None,
                user_email: "system".into(),
                action: "escalated safety alert".into(),
                reference: Some(o.reference.clone()),
                detail,
            })?;
        }
    }
    Ok(n)
}

/// Runs [`check_once`] every `config.safeguarding_check`, with the configured clock.
pub fn spawn(
    store: Arc<crate::store::SqliteStore>,
    config: &Config,
    mail_wakeup: Arc<tokio::sync::Notify>,
) {
    let e = Escalation::from_config(config);
    let clock: Clock = config.clock.clone();
    let every = config.safeguarding_check;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let (s, e2, now) = (store.clone(), e.clone(), clock.now());
            match tokio::task::spawn_blocking(move || check_once(s.as_ref(), &e2, now)).await {
                Ok(Ok(n)) if n > 0 => {
                    tracing::warn!(alerts = n, "safety alerts escalated to managers");
                    mail_wakeup.notify_one();
                }
                Ok(Err(err)) => tracing::error!(error = %err, "safety alert check failed"),
                _ => {}
            }
        }
    });
}
