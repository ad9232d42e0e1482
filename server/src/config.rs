//! Every setting, read from the environment in this one place, with defaults that run the app
//! locally with no setup. See the README for the list.

use app::api::state::Clock;
use app::domain::safeguarding::{SafeguardingRules, MAX_DEADLINE_HOURS};
use app::domain::timescales::Timescales;
use app::settings::{default_categories, default_services, SafeguardingSettings, SiteSettings};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// `SPEAKUP_ADDR` (or `LEPTOS_SITE_ADDR`), default 127.0.0.1:3000.
    pub addr: SocketAddr,
    /// `SPEAKUP_DB`, default `data/speakup.db`: the embedded SQLite file.
    pub db_path: PathBuf,
    /// `LEPTOS_SITE_ROOT`, default `target/site`: the built CSS, JS, WASM and public files.
    pub site_root: String,
    /// `Secure` cookies (and the `__Host-` officer cookie): on whenever `SPEAKUP_PUBLIC_URL` is
    /// https; `SPEAKUP_SECURE_COOKIES=1` turns them on for plain http too; `=0` with an https
    /// public URL refuses to start.
    pub secure_cookies: bool,
    /// `SPEAKUP_DEMO_ACCOUNTS=1` creates labelled demo officer accounts (local use only).
    pub demo_accounts: bool,
    /// `SPEAKUP_RIGHTS_EMAIL`: where new-submission emails go. Unset: no emails are queued.
    pub rights_email: Option<String>,
    /// `SPEAKUP_PUBLIC_URL`: this site's address for links in emails (default http://ADDR).
    pub public_url: String,
    /// `SPEAKUP_SMTP_HOST` and friends. Unset: queued emails wait until a mail server is set.
    pub smtp: Option<crate::mail::SmtpConfig>,
    /// What pages show and the rules use: council, phone numbers, services, timescales.
    pub site: SiteSettings,
    /// `SPEAKUP_SECRET_FILE`, default `speakup.secret` beside the database: 32 random bytes,
    /// created on first start (mode 0600), that key the hashes of progress codes and addresses.
    /// Kept outside the database so a copied database alone cannot test codes. Back it up
    /// with the database, but store the two apart.
    pub secret_file: PathBuf,
    /// `SPEAKUP_TRUSTED_PROXIES`: addresses or networks (comma-separated) of the HTTPS proxies
    /// in front of the server, whose `X-Forwarded-For` / `Forwarded` headers are believed.
    pub trusted_proxies: crate::http::client_addr::TrustedProxies,
    /// `SPEAKUP_INTAKE_PER_HOUR`, default 30: messages one address may send in an hour.
    /// `0` lifts the intake limits (load benchmarks only).
    pub intake_per_hour: u32,
    /// `SPEAKUP_SAFEGUARDING_ESCALATION_EMAIL`: who is emailed when a safety alert is not passed
    /// on in time. Unset: the council's active managers.
    pub safeguarding_escalation_email: Option<String>,
    /// `SPEAKUP_SAFEGUARDING_CHECK_SECONDS` (default 60): how often overdue safety alerts are
    /// looked for.
    pub safeguarding_check: std::time::Duration,
    /// What time it is: the system clock, except in tests (see [`Clock`]).
    pub clock: Clock,
    /// `SPEAKUP_DB_KEY_FILE`: the database's encryption key (64 hex characters in a file kept
    /// apart from the database; see `store/sqlite/key.rs`). Unset: the file is not encrypted,
    /// which only a laptop may do — an https public URL refuses to start without it.
    pub db_key: Option<crate::store::sqlite::key::DbKey>,
    /// `SPEAKUP_BACKUP_DIR` (unset: no scheduled backups), `SPEAKUP_BACKUP_EVERY` hours
    /// (default 24), `SPEAKUP_BACKUP_KEEP` (default 14): see `backup.rs`.
    pub backups: Option<crate::backup::Schedule>,
}

fn backup_schedule() -> Result<Option<crate::backup::Schedule>, String> {
    let Some(dir) = var("SPEAKUP_BACKUP_DIR") else {
        return Ok(None);
    };
    let every = number("SPEAKUP_BACKUP_EVERY", 24)?;
    let keep = number("SPEAKUP_BACKUP_KEEP", 14)?;
    if every == 0 || keep == 0 {
        return Err(
            "SPEAKUP_BACKUP_EVERY (hours) and SPEAKUP_BACKUP_KEEP must be at least 1".into(),
        );
    }
    Ok(Some(crate::backup::Schedule {
        dir: dir.into(),
        every: std::time::Duration::from_secs(u64::from(every) * 3600),
        keep: keep as usize,
    }))
}

fn clock_time(name: &str, default: &str) -> Result<chrono::NaiveTime, String> {
    let v = var(name).unwrap_or_else(|| default.into());
    chrono::NaiveTime::parse_from_str(v.trim(), "%H:%M")
        .map_err(|_| format!("{name} must be a time like 09:00, not {v:?}"))
}

fn safeguarding_settings() -> Result<SafeguardingSettings, String> {
    let defaults = SafeguardingSettings::default();
    let hours = number("SPEAKUP_SAFEGUARDING_HOURS", 2)?;
    if hours == 0 || hours > MAX_DEADLINE_HOURS {
        return Err(format!(
            "SPEAKUP_SAFEGUARDING_HOURS must be from 1 to {MAX_DEADLINE_HOURS}, not {hours}"
        ));
    }
    let rules = SafeguardingRules {
        deadline_hours: hours,
        day_starts: clock_time("SPEAKUP_SAFEGUARDING_DAY_START", "09:00")?,
        day_ends: clock_time("SPEAKUP_SAFEGUARDING_DAY_END", "17:00")?,
    };
    if rules.day_starts >= rules.day_ends {
        return Err(
            "SPEAKUP_SAFEGUARDING_DAY_START must be before SPEAKUP_SAFEGUARDING_DAY_END".into(),
        );
    }
    Ok(SafeguardingSettings {
        contact: var("SPEAKUP_SAFEGUARDING_CONTACT").unwrap_or(defaults.contact),
        out_of_hours: var("SPEAKUP_SAFEGUARDING_OUT_OF_HOURS").unwrap_or(defaults.out_of_hours),
        rules,
    })
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn number(name: &str, default: u32) -> Result<u32, String> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("{name} must be a whole number, not {v:?}")),
    }
}

/// Whether cookies are `Secure`: always with an https public URL (an explicit "off" is refused),
/// otherwise only when asked for.
pub fn cookie_security(public_url: &str, setting: Option<&str>) -> Result<bool, String> {
    let https = public_url.to_ascii_lowercase().starts_with("https://");
    match setting.map(str::trim) {
        None => Ok(https),
        Some("1" | "true" | "yes") => Ok(true),
        Some("0" | "false" | "no") if https => Err(format!(
            "SPEAKUP_SECURE_COOKIES is off but SPEAKUP_PUBLIC_URL ({public_url}) is https: \
             cookies must be Secure over https. Remove SPEAKUP_SECURE_COOKIES."
        )),
        Some("0" | "false" | "no") => Ok(false),
        Some(other) => Err(format!(
            "SPEAKUP_SECURE_COOKIES must be 1 or 0, not {other:?}"
        )),
    }
}

impl Config {
    /// Whether this site is served over https (HSTS, Secure cookies, no demo accounts).
    pub fn https(&self) -> bool {
        self.public_url.to_ascii_lowercase().starts_with("https://")
    }

    /// Settings that must not go together (checked again by `start`, whatever built the
    /// config). Cookies over https are settled by [`cookie_security`] when reading the
    /// environment.
    pub fn check(&self) -> Result<(), String> {
        if self.db_key.is_none() && self.https() {
            return Err(
                "SPEAKUP_PUBLIC_URL is https but SPEAKUP_DB_KEY_FILE is not set: a real service \
                 keeps children's words only in an encrypted database. Create a key (README, \
                 \"Encryption at rest\") and name it in SPEAKUP_DB_KEY_FILE."
                    .into(),
            );
        }
        if self.demo_accounts && self.https() {
            return Err(
                "SPEAKUP_DEMO_ACCOUNTS is on but SPEAKUP_PUBLIC_URL is https: demo accounts \
                 (with published passwords) are for a laptop only. Remove SPEAKUP_DEMO_ACCOUNTS."
                    .into(),
            );
        }
        Ok(())
    }

    pub fn from_env() -> Result<Config, String> {
        let addr = var("SPEAKUP_ADDR")
            .or_else(|| var("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr = addr
            .parse()
            .map_err(|_| format!("SPEAKUP_ADDR must look like 127.0.0.1:3000, not {addr:?}"))?;
        let defaults = SiteSettings::default();
        let services = var("SPEAKUP_SERVICES")
            .map(|v| {
                v.split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|v| !v.is_empty())
            .unwrap_or_else(default_services);
        let list = |name: &str, default: fn() -> Vec<String>| {
            var(name)
                .map(|v| {
                    v.split(';')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                })
                .filter(|v| !v.is_empty())
                .unwrap_or_else(default)
        };
        let categories = list("SPEAKUP_CATEGORIES", default_categories);
        // "Area: Team, Team; Area: Team" and "Service = Team; …" (domain/structure.rs).
        let structure = {
            use app::domain::structure::{CouncilStructure, DEFAULT_SERVICE_TEAMS, DEFAULT_TEAMS};
            // A council's own teams come with its own suggestions (none unless set).
            let teams = var("SPEAKUP_TEAMS");
            let suggestions = match &teams {
                Some(_) => var("SPEAKUP_SERVICE_TEAMS").unwrap_or_default(),
                None => {
                    var("SPEAKUP_SERVICE_TEAMS").unwrap_or_else(|| DEFAULT_SERVICE_TEAMS.into())
                }
            };
            CouncilStructure::parse(teams.as_deref().unwrap_or(DEFAULT_TEAMS), &suggestions)
                .map_err(|e| format!("SPEAKUP_TEAMS / SPEAKUP_SERVICE_TEAMS: {e}"))?
        };
        let timescales = Timescales {
            acknowledge_days: number("SPEAKUP_ACK_DAYS", 3)?,
            first_response_days: number("SPEAKUP_RESPONSE_DAYS", 10)?,
            advocate_reply_days: number("SPEAKUP_ADVOCATE_REPLY_DAYS", 1)?,
        };
        let smtp = match var("SPEAKUP_SMTP_HOST") {
            None => None,
            Some(host) => {
                let tls = match var("SPEAKUP_SMTP_TLS").as_deref().unwrap_or("starttls") {
                    "none" => crate::mail::Tls::None,
                    "tls" => crate::mail::Tls::Tls,
                    "starttls" => crate::mail::Tls::StartTls,
                    other => {
                        return Err(format!(
                            "SPEAKUP_SMTP_TLS must be starttls, tls or none, not {other:?}"
                        ))
                    }
                };
                let default_port = match tls {
                    crate::mail::Tls::None => 25,
                    crate::mail::Tls::StartTls => 587,
                    crate::mail::Tls::Tls => 465,
                };
                Some(crate::mail::SmtpConfig {
                    host,
                    port: number("SPEAKUP_SMTP_PORT", default_port)? as u16,
                    tls,
                    user: var("SPEAKUP_SMTP_USER"),
                    password: var("SPEAKUP_SMTP_PASSWORD"),
                    from: var("SPEAKUP_MAIL_FROM")
                        .unwrap_or_else(|| "Speak Up <speak-up@localhost>".into()),
                    poll: std::time::Duration::from_secs(
                        number("SPEAKUP_MAIL_POLL_SECONDS", 30)?.max(1) as u64,
                    ),
                })
            }
        };
        let db_path: PathBuf = var("SPEAKUP_DB")
            .unwrap_or_else(|| "data/speakup.db".into())
            .into();
        // Empty: the address the server listens on, filled in by `server::start`.
        let public_url = var("SPEAKUP_PUBLIC_URL")
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string();
        let secure_cookies =
            cookie_security(&public_url, var("SPEAKUP_SECURE_COOKIES").as_deref())?;
        let config = Config {
            public_url,
            secret_file: var("SPEAKUP_SECRET_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| default_secret_file(&db_path)),
            trusted_proxies: crate::http::client_addr::TrustedProxies::parse(
                &var("SPEAKUP_TRUSTED_PROXIES").unwrap_or_default(),
            )
            .map_err(|e| format!("SPEAKUP_TRUSTED_PROXIES: {e}"))?,
            intake_per_hour: number("SPEAKUP_INTAKE_PER_HOUR", 30)?,
            rights_email: var("SPEAKUP_RIGHTS_EMAIL"),
            safeguarding_escalation_email: var("SPEAKUP_SAFEGUARDING_ESCALATION_EMAIL"),
            safeguarding_check: std::time::Duration::from_secs(
                number("SPEAKUP_SAFEGUARDING_CHECK_SECONDS", 60)?.max(1) as u64,
            ),
            clock: Clock::system(),
            backups: backup_schedule()?,
            db_key: var("SPEAKUP_DB_KEY_FILE")
                .map(|f| crate::store::sqlite::key::DbKey::from_file(std::path::Path::new(&f)))
                .transpose()?,
            smtp,
            addr,
            db_path,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            secure_cookies,
            demo_accounts: matches!(
                var("SPEAKUP_DEMO_ACCOUNTS").as_deref(),
                Some("1" | "true" | "yes")
            ),
            site: SiteSettings {
                council_id: var("SPEAKUP_COUNCIL_ID").unwrap_or(defaults.council_id),
                council_name: var("SPEAKUP_COUNCIL_NAME").unwrap_or(defaults.council_name),
                rights_phone: var("SPEAKUP_RIGHTS_PHONE").unwrap_or(defaults.rights_phone),
                rights_text: var("SPEAKUP_RIGHTS_TEXT").unwrap_or(defaults.rights_text),
                services,
                timescales,
                quick_exit_url: var("SPEAKUP_QUICK_EXIT_URL").unwrap_or(defaults.quick_exit_url),
                structure,
                categories,
                amber_within_days: number("SPEAKUP_AMBER_DAYS", 2)?,
                safeguarding: safeguarding_settings()?,
            },
        };
        config.check()?;
        Ok(config)
    }

    /// Settings for tests: a given database file, everything else default.
    pub fn for_tests(db_path: PathBuf) -> Config {
        Config {
            addr: "127.0.0.1:0".parse().expect("address"),
            secret_file: default_secret_file(&db_path),
            db_path,
            site_root: "target/site".into(),
            secure_cookies: false,
            demo_accounts: false,
            rights_email: None,
            public_url: String::new(),
            smtp: None,
            site: SiteSettings::default(),
            trusted_proxies: Default::default(),
            intake_per_hour: 30,
            safeguarding_escalation_email: None,
            safeguarding_check: std::time::Duration::from_secs(60),
            clock: Clock::system(),
            backups: None,
            db_key: None,
        }
    }
}

/// `speakup.secret` beside the database file.
fn default_secret_file(db_path: &std::path::Path) -> PathBuf {
    db_path
        .parent()
        .map(|d| d.join("speakup.secret"))
        .unwrap_or_else(|| PathBuf::from("speakup.secret"))
}

/// Reads the server's secret, creating it (32 random bytes, mode 0600) if it does not exist.
pub fn load_or_create_secret(path: &std::path::Path) -> Result<[u8; 32], String> {
    match std::fs::read(path) {
        Ok(bytes) => bytes
            .try_into()
            .map_err(|_| format!("{} must hold exactly 32 bytes", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut key = [0u8; 32];
            getrandom::fill(&mut key).map_err(|e| format!("no randomness: {e}"))?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            let mut opts = std::fs::OpenOptions::new();
            opts.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                opts.mode(0o600);
            }
            use std::io::Write;
            let mut f = opts
                .open(path)
                .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
            f.write_all(&key)
                .and_then(|_| f.sync_all())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(key)
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_means_secure_cookies_and_no_demo_accounts() {
        assert_eq!(
            cookie_security("https://speakup.council.gov.uk", None),
            Ok(true)
        );
        assert_eq!(cookie_security("HTTPS://x.example", None), Ok(true));
        assert!(cookie_security("https://x.example", Some("0")).is_err());
        assert_eq!(cookie_security("http://127.0.0.1:3000", None), Ok(false));
        assert_eq!(
            cookie_security("http://127.0.0.1:3000", Some("1")),
            Ok(true)
        );
        assert!(cookie_security("http://x", Some("maybe")).is_err());
        let mut c = Config::for_tests("x.db".into());
        c.public_url = "https://speakup.example".into();
        c.secure_cookies = true;
        // (An https service also needs a database key: see tests/encryption.rs.)
        c.db_key = Some(crate::store::sqlite::key::DbKey::generate().unwrap());
        assert!(c.check().is_ok());
        c.demo_accounts = true;
        assert!(c.check().is_err());
    }
}
