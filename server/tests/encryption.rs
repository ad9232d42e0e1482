//! Encryption at rest (issue 12 item 1), as someone holding a copy of the files would see it:
//! the database, its WAL and its backups hold none of a child's words and cannot be read
//! without the key; the server reads them with it; a key never opens a plaintext file; an
//! https service will not start without a key; `server rekey` moves to a new key.

mod common;

use common::*;
use server::store::sqlite::key::DbKey;
use std::path::{Path, PathBuf};
use std::process::Command;

const WORDS: &str = "My social worker never calls me back.";

fn command(db: &Path, key_file: Option<&Path>, args: &[&str]) -> (bool, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
    c.args(args)
        .env("SPEAKUP_DB", db)
        .env_remove("SPEAKUP_PUBLIC_URL")
        .env_remove("SPEAKUP_DB_KEY_FILE");
    if let Some(k) = key_file {
        c.env("SPEAKUP_DB_KEY_FILE", k);
    }
    let out = c.output().expect("server runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// Every byte of the file and its WAL, as a copy would have them.
fn raw(db: &Path) -> Vec<u8> {
    let mut all = std::fs::read(db).unwrap_or_default();
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    all.extend(std::fs::read(PathBuf::from(wal)).unwrap_or_default());
    all
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

/// Reads the submissions' count as the `sqlite3` shell would, with or without a key.
fn count(db: &Path, key: Option<&DbKey>) -> Result<i64, String> {
    let conn = rusqlite::Connection::open(db).map_err(|e| e.to_string())?;
    if let Some(k) = key {
        conn.pragma_update(None, "key", k.pragma_value())
            .map_err(|e| e.to_string())?;
    }
    conn.query_row("SELECT COUNT(*) FROM submissions", [], |r| r.get(0))
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn a_child_s_words_are_unreadable_without_the_key_and_readable_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("db.key");
    let (ok, said) = command(
        &dir.path().join("unused.db"),
        None,
        &["new-key", key_file.to_str().unwrap()],
    );
    assert!(ok, "{said}");
    let key = DbKey::from_file(&key_file).expect("a key");
    let k = key.clone();
    let s = TestServer::start_with(move |c| c.db_key = Some(k)).await;
    let (c, _) = complaint(&s).await;
    let (_, done) = page(&c, &s.url("/tell/done")).await;
    assert!(find_reference(&done).is_some(), "sent and acknowledged");
    let db = s.db.clone();

    assert!(
        !holds(&raw(&db), WORDS),
        "the words are not in the file or its WAL"
    );
    assert!(
        !holds(&raw(&db), "SQLite format 3"),
        "not even SQLite's own header"
    );
    let err = count(&db, None).unwrap_err();
    assert!(err.contains("not a database"), "{err}");
    assert_eq!(count(&db, Some(&key)), Ok(1));

    // A backup is encrypted the same way, and verifies with the key only.
    let backups = dir.path().join("backups");
    let (ok, said) = command(&db, Some(&key_file), &["backup", backups.to_str().unwrap()]);
    assert!(ok, "{said}");
    let file = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "db"))
        .expect("a backup");
    assert!(!holds(&std::fs::read(&file).unwrap(), WORDS));
    assert_eq!(count(&file, Some(&key)), Ok(1));
    let (ok, said) = command(&db, None, &["verify-backup", file.to_str().unwrap()]);
    assert!(!ok && said.contains("SPEAKUP_DB_KEY_FILE"), "{said}");

    // The server stopped, rekey: the old key no longer opens it, the new one does.
    let _dir = s.stop(); // (the database's folder, kept)
    let new_file = dir.path().join("new.key");
    assert!(command(&db, None, &["new-key", new_file.to_str().unwrap()]).0);
    let (ok, said) = command(&db, Some(&key_file), &["rekey", new_file.to_str().unwrap()]);
    assert!(ok, "{said}");
    let new = DbKey::from_file(&new_file).unwrap();
    assert!(count(&db, Some(&key)).is_err(), "the old key is refused");
    assert_eq!(count(&db, Some(&new)), Ok(1));
    assert!(!holds(&raw(&db), WORDS));
    let (ok, said) = command(&db, Some(&new_file), &["verify-audit"]);
    assert!(ok, "the audit chain survives rekeying: {said}");
}

#[tokio::test]
async fn a_key_never_opens_a_plaintext_database_and_https_needs_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plain.db");
    drop(server::store::SqliteStore::open(&db).expect("plaintext file"));
    let key_file = dir.path().join("db.key");
    DbKey::create_file(&key_file).unwrap();
    let key = DbKey::from_file(&key_file).unwrap();
    let err = server::store::SqliteStore::open_with_key(&db, Some(&key))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("not encrypted"), "{err}");

    let mut config = server::config::Config::for_tests(db.clone());
    config.public_url = "https://speakup.council.example".into();
    let err = config.check().unwrap_err();
    assert!(err.contains("SPEAKUP_DB_KEY_FILE"), "{err}");
    config.db_key = Some(key);
    assert!(config.check().is_ok());

    // A file that is not 64 hex characters is never used as a key.
    let weak = dir.path().join("weak.key");
    std::fs::write(&weak, "password123\n").unwrap();
    assert!(DbKey::from_file(&weak).unwrap_err().contains("64 hex"));
}
