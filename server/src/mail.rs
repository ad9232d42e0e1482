//! Outgoing email through SMTP (lettre), with a retry queue in the database.
//!
//! Emails are queued in the `outbox` table in the same transaction as what they are about, so
//! nothing is lost if the mail server is down. This sender wakes when something is queued (and
//! every 30 seconds), sends what is due, and on failure tries again after 1, 2, 4 … minutes (at
//! most an hour apart). The inbox shows messages whose email has not gone yet.

use crate::store::SqliteStore;
use app::api::store::Store;
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tls {
    /// Plain SMTP (a local relay or a test sink).
    None,
    /// STARTTLS on port 587 (the usual).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// `SPEAKUP_SMTP_*` settings (see `config.rs`).
#[derive(Clone, Debug)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub user: Option<String>,
    pub password: Option<String>,
    pub from: String,
    /// How often to look for emails due a retry (`SPEAKUP_MAIL_POLL_SECONDS`, default 30).
    pub poll: Duration,
}

fn transport(cfg: &SmtpConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let builder = match cfg.tls {
        Tls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host),
        Tls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&cfg.host)
            .map_err(|e| e.to_string())?,
        Tls::Tls => {
            AsyncSmtpTransport::<Tokio1Executor>::relay(&cfg.host).map_err(|e| e.to_string())?
        }
    };
    let mut builder = builder
        .port(cfg.port)
        .timeout(Some(Duration::from_secs(20)));
    if let (Some(u), Some(p)) = (&cfg.user, &cfg.password) {
        builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
    }
    Ok(builder.build())
}

/// How long to wait before the next try after `attempts` failures.
pub fn backoff(attempts: u32) -> chrono::Duration {
    chrono::Duration::minutes(1i64 << attempts.min(6)).min(chrono::Duration::hours(1))
}

/// Starts the sender. Returns at once; it runs until the process ends.
pub fn spawn(store: Arc<SqliteStore>, cfg: SmtpConfig, wake: Arc<Notify>) {
    tokio::spawn(async move {
        let mailer = match transport(&cfg) {
            Ok(t) => t,
            Err(e) => {
                tracing::error!(error = %e, "mail is not working: bad SMTP settings");
                return;
            }
        };
        let from: Mailbox = match cfg.from.parse() {
            Ok(f) => f,
            Err(e) => {
                tracing::error!(error = %e, "mail is not working: SPEAKUP_MAIL_FROM is not an address");
                return;
            }
        };
        loop {
            send_due(&store, &mailer, &from).await;
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(cfg.poll) => {}
            }
        }
    });
}

async fn send_due(
    store: &Arc<SqliteStore>,
    mailer: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
) {
    let s = store.clone();
    let due = match tokio::task::spawn_blocking(move || s.due_mail(chrono::Utc::now(), 20)).await {
        Ok(Ok(d)) => d,
        _ => return,
    };
    for queued in due {
        let result = match queued.mail.to.parse::<Mailbox>() {
            Ok(to) => match Message::builder()
                .from(from.clone())
                .to(to)
                .subject(queued.mail.subject.clone())
                .header(ContentType::TEXT_PLAIN)
                .body(queued.mail.body.clone())
            {
                Ok(message) => mailer
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            },
            Err(e) => Err(format!("bad address: {e}")),
        };
        let s = store.clone();
        let now = chrono::Utc::now();
        let _ = tokio::task::spawn_blocking(move || match result {
            Ok(()) => s.mail_sent(queued.id, now),
            Err(e) => {
                tracing::warn!(mail = queued.id, reference = ?queued.reference, error = %e, "email not sent; will retry");
                s.mail_failed(queued.id, &e, now + backoff(queued.attempts))
            }
        })
        .await;
    }
}
