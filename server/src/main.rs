//! `server` runs Speak Up. Configuration comes from the environment (see `config.rs`).
//!
//! ```text
//! server                                   run the app
//! server create-user --role manager --email you@council.gov.uk --name "Your Name"
//!                                          create an account; the password is read from
//!                                          standard input (one line), never from arguments
//! server reset-user --email them@council.gov.uk
//!                                          prints a temporary password (changed at the next
//!                                          sign-in); the second factor is set up again
//! server unlock-user --email them@council.gov.uk
//!                                          ends a pause after too many wrong tries
//! server verify-audit                      checks the audit log's hash chain: exit 0 and the
//!                                          number of lines and the last hash if it is whole,
//!                                          exit 1 and the first broken line if not
//! server backup DIR                        a consistent backup while the server runs, with
//!                                          its SHA-256 beside it (backup.rs)
//! server verify-backup FILE                checksum, integrity and audit chain of a backup
//! server restore FILE                      into SPEAKUP_DB, which must not exist yet
//! server new-key FILE                      writes a new random database key (mode 0600)
//! server rekey NEW_KEY_FILE                re-encrypts SPEAKUP_DB (server stopped) from the
//!                                          key in SPEAKUP_DB_KEY_FILE to the new one
//! ```

use server::config::Config;
use std::io::BufRead;

fn usage() -> ! {
    eprintln!(
        "usage: server [create-user --role officer|manager|auditor --email EMAIL --name NAME]\n\
         \x20      server reset-user --email EMAIL | unlock-user --email EMAIL\n\
         \x20      server verify-audit | backup DIR | verify-backup FILE | restore FILE\n\
         \x20      server new-key FILE | rekey NEW_KEY_FILE\n\
         The password for create-user is read from standard input."
    );
    std::process::exit(2);
}

fn create_user(config: &Config, args: &[String]) {
    let mut role = None;
    let mut email = None;
    let mut name = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().cloned().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--role" => role = app::domain::officer::Role::from_code(&value),
            "--email" => email = Some(value),
            "--name" => name = Some(value),
            _ => usage(),
        }
    }
    let (Some(role), Some(email)) = (role, email) else {
        usage()
    };
    let name = name.unwrap_or_else(|| email.clone());
    eprintln!("Password for {email} (at least 12 characters), then Enter:");
    let mut password = String::new();
    if std::io::stdin().lock().read_line(&mut password).is_err() {
        eprintln!("Could not read a password.");
        std::process::exit(1);
    }
    let password = password.trim_end_matches(['\r', '\n']);
    let store = open_store(config);
    match server::users::create_user(
        &store,
        &config.site.council_id,
        &email,
        &name,
        role,
        password,
    ) {
        Ok(_) => println!("Created {} account for {email}.", role.label()),
        Err(e) => {
            eprintln!("Could not create the account: {e}");
            std::process::exit(1);
        }
    }
}

fn open_store(config: &Config) -> server::store::SqliteStore {
    match server::store::SqliteStore::open_with_key(&config.db_path, config.db_key.as_ref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Cannot open the database: {e}");
            std::process::exit(1);
        }
    }
}

/// `reset-user --email EMAIL` and `unlock-user --email EMAIL`.
fn change_user(config: &Config, command: &str, args: &[String]) {
    let email = match args {
        [flag, email] if flag == "--email" => email.clone(),
        _ => usage(),
    };
    let store = open_store(config);
    let council = &config.site.council_id;
    let result = if command == "reset-user" {
        server::users::reset_user(&store, council, &email).map(|password| {
            println!("Reset {email}. Temporary password (shown once; they must change it and set up their authenticator again):");
            println!("{password}");
        })
    } else {
        server::users::unlock_user(&store, council, &email).map(|_| println!("Unlocked {email}."))
    };
    if let Err(e) = result {
        eprintln!("Could not change the account: {e}");
        std::process::exit(1);
    }
}

/// `backup DIR`, `verify-backup FILE`, `restore FILE` (into `SPEAKUP_DB`).
fn backups(config: &Config, command: &str, path: &std::path::Path) {
    let key = config.db_key.as_ref();
    let said = |c: server::backup::Checked| {
        format!(
            "{} submissions, {} audit lines; checksum, integrity and audit chain checked",
            c.submissions, c.audit_lines
        )
    };
    let result = match command {
        "backup" => server::backup::take(&config.db_path, path, key).and_then(|file| {
            let checked = server::backup::verify(&file, key)?;
            Ok(format!(
                "Backed up to {}: {}.",
                file.display(),
                said(checked)
            ))
        }),
        "verify-backup" => server::backup::verify(path, key)
            .map(|c| format!("{} is good: {}.", path.display(), said(c))),
        _ => server::backup::restore(path, &config.db_path, key).map(|c| {
            format!(
                "Restored {} into {}: {}. Start the server with SPEAKUP_DB={}.",
                path.display(),
                config.db_path.display(),
                said(c),
                config.db_path.display()
            )
        }),
    };
    match result {
        Ok(message) => println!("{message}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

/// `new-key FILE` and `rekey NEW_KEY_FILE`.
fn keys(config: &Config, command: &str, path: &std::path::Path) {
    use server::store::sqlite::key::DbKey;
    let result = if command == "new-key" {
        DbKey::create_file(path).map(|_| {
            format!(
                "Wrote a new database key to {}. Keep it apart from the database and its \
                 backups, and name it in SPEAKUP_DB_KEY_FILE.",
                path.display()
            )
        })
    } else {
        DbKey::from_file(path).and_then(|new| {
            server::store::SqliteStore::rekey(&config.db_path, config.db_key.as_ref(), &new)
                .map_err(|e| e.to_string())?;
            Ok(format!(
                "{} is now encrypted with the key in {}: set SPEAKUP_DB_KEY_FILE to it (the \
                 old key no longer opens it; backups keep the key they were taken with).",
                config.db_path.display(),
                path.display()
            ))
        })
    };
    match result {
        Ok(message) => println!("{message}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

/// `verify-audit`: the audit log's chain, checked from its first line.
fn verify_audit(config: &Config) {
    use server::store::AuditVerdict;
    let store = open_store(config);
    match store.verify_audit() {
        Ok(AuditVerdict::Whole { lines, last }) => {
            println!("The audit log is whole: {lines} lines checked.");
            if let Some((id, hash)) = last {
                println!(
                    "Last line: {id}, hash {hash}. Write these down: a later check that shows \
                     fewer lines or another hash for line {id} means lines were removed."
                );
            }
        }
        Ok(AuditVerdict::Broken { id, at, why }) => {
            println!("The audit log is broken at line {id} ({at}): {why}.");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("Could not check the audit log: {e}");
            std::process::exit(2);
        }
    }
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,server=info,app=info".into()),
        )
        .init();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Configuration problem: {e}");
            std::process::exit(2);
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => {}
        Some("create-user") => {
            create_user(&config, &args[1..]);
            return;
        }
        Some("verify-audit") if args.len() == 1 => {
            verify_audit(&config);
            return;
        }
        Some(command @ ("backup" | "verify-backup" | "restore")) if args.len() == 2 => {
            backups(&config, command, std::path::Path::new(&args[1]));
            return;
        }
        Some(command @ ("new-key" | "rekey")) if args.len() == 2 => {
            keys(&config, command, std::path::Path::new(&args[1]));
            return;
        }
        Some(command @ ("reset-user" | "unlock-user")) => {
            change_user(&config, command, &args[1..]);
            return;
        }
        Some(_) => usage(),
    }
    let db = config.db_path.display().to_string();
    let running = match server::start(config).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Could not start: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "Speak Up is running at http://{} (database: {db})",
        running.addr
    );
    println!("Officers sign in at http://{}/officer", running.addr);
    tokio::select! {
        r = running.handle => {
            if let Ok(Err(e)) = r {
                eprintln!("Server stopped: {e}");
                std::process::exit(1);
            }
        }
        _ = tokio::signal::ctrl_c() => {
            println!("Stopping.");
        }
    }
}
