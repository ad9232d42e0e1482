//! Backups that restore (issue 12 item 2): a backup taken by the real command while the real
//! server takes a steady stream of "I don't feel safe" messages holds every message that was
//! acknowledged before it started; it verifies, restores into a new file, and the server runs
//! on the restored file. A changed backup is refused, and restore never writes over a database.

mod common;

use common::*;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

fn command(db: &std::path::Path, args: &[&std::path::Path]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("SPEAKUP_DB", db)
        .env_remove("SPEAKUP_PUBLIC_URL")
        .output()
        .expect("server runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// The draft cookie a successful "I don't feel safe" post sets: its hash is the message's
/// idempotency key in the database.
fn draft_token(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("su_draft="))
        .and_then(|v| v.split(';').next())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

#[tokio::test]
async fn a_backup_under_load_restores_every_message_acknowledged_before_it() {
    let s = TestServer::start_with(|c| c.intake_per_hour = 0).await;
    let stop = Arc::new(AtomicBool::new(false));
    // Tokens acknowledged so far, in order.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let senders: Vec<_> = (0..6)
        .map(|_| {
            let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
            let url = s.url("/api/intake/unsafe");
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    // A new phone each time: a draft cookie from before would say "sent".
                    let r = post_form(&browser(), &url, &[]).await;
                    assert!(r.status().is_redirection(), "{}", r.status());
                    let token = draft_token(&r).expect("a draft cookie");
                    acknowledged.lock().unwrap().push(token);
                }
            })
        })
        .collect();
    // Let the load build up, then note what was acknowledged before the backup starts.
    while acknowledged.lock().unwrap().len() < 150 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let dir = tempfile::tempdir().expect("dir");
    let (db, backups) = (s.db.clone(), dir.path().join("backups"));
    let (ok, said) = tokio::task::spawn_blocking(move || {
        command(&db, &[std::path::Path::new("backup"), &backups])
    })
    .await
    .expect("backup ran");
    let during = acknowledged.lock().unwrap().len() - before.len();
    stop.store(true, Ordering::Relaxed);
    for t in senders {
        t.await.expect("sender");
    }
    assert!(ok, "{said}");
    assert!(
        during > 0,
        "the server kept taking messages while the backup ran"
    );
    let file = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "db"))
        .expect("a backup file");
    assert!(said.contains("Backed up to"), "{said}");

    // Restore into a new file, then the real server on it finds every earlier message.
    let restored = dir.path().join("restored").join("speakup.db");
    let (ok, said) = command(&restored, &[std::path::Path::new("restore"), &file]);
    assert!(ok, "{said}");
    let back = TestServer::start_on(restored.clone()).await;
    let conn = rusqlite::Connection::open(&restored).expect("open");
    let mut stmt = conn
        .prepare("SELECT COUNT(*) FROM submissions WHERE idempotency_key = ?1")
        .unwrap();
    let missing = before
        .iter()
        .filter(|t| {
            stmt.query_row([app::api::state::token_hash(t)], |r| r.get::<_, i64>(0))
                .unwrap()
                != 1
        })
        .count();
    assert_eq!(
        missing,
        0,
        "of {} acknowledged before the backup",
        before.len()
    );
    let (status, _) = page(&browser(), &back.url("/")).await;
    assert!(status.is_success());

    // Restore never writes over a database.
    let (ok, said) = command(&restored, &[std::path::Path::new("restore"), &file]);
    assert!(!ok && said.contains("exists already"), "{said}");

    // A backup changed after it was taken is refused.
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 100;
    bytes[last] ^= 0xff;
    std::fs::write(&file, bytes).unwrap();
    let (ok, said) = command(&restored, &[std::path::Path::new("verify-backup"), &file]);
    assert!(
        !ok && said.contains("does not match its checksum"),
        "{said}"
    );
}
