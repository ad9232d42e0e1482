//! Backups that restore (issue 12 item 2): `server backup DIR`, `server verify-backup FILE`,
//! `server restore FILE`, and backups on a schedule while the server runs.
//!
//! - **Consistent while the server runs.** SQLite's online backup API copies the whole file
//!   in *one* step from its own read connection, so the copy is one snapshot (in WAL mode a
//!   reader never blocks the writer: messages keep arriving meanwhile). A stepped copy would
//!   start again after every write by another connection, and under steady intake might never
//!   finish.
//! - **Written whole or not at all.** The copy is written to `NAME.partial`, checked
//!   (`PRAGMA integrity_check`), its SHA-256 written beside it (`NAME.sha256`, in
//!   `sha256sum`'s format, so `sha256sum -c` checks it too), then renamed into place: a crash
//!   mid-backup leaves a `.partial`, never a file that looks like a backup.
//! - **Verified before trusted.** `verify-backup` recomputes the checksum, opens the copy
//!   read-only, runs `integrity_check` and checks the audit log's hash chain, and says how many
//!   submissions it holds. `restore` does the same first, then copies it into a database file
//!   that does not exist yet (never over a live one): start the server on it with `SPEAKUP_DB`.
//! - **Encrypted like the database**: with `SPEAKUP_DB_KEY_FILE` the copy is written with the
//!   same key (SQLCipher copies pages between two databases with the same key), so a backup
//!   is as unreadable without the key as the database is. After `server rekey`, older backups
//!   keep the key they were taken with: keep old keys as long as their backups.

use crate::store::sqlite::key::DbKey;
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What a checked backup holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub submissions: u64,
    pub audit_lines: u64,
}

fn err(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: {e}")
}

/// Opens a database file with its key (if any) and proves the key fits.
fn open(path: &Path, flags: OpenFlags, key: Option<&DbKey>) -> Result<Connection, String> {
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| err(&format!("cannot open {}", path.display()), e))?;
    if let Some(k) = key {
        k.apply(&conn).map_err(|e| err("cannot use the key", e))?;
    }
    crate::store::sqlite::key::check_readable(&conn, key)?;
    Ok(conn)
}

const READ: OpenFlags = OpenFlags::SQLITE_OPEN_READ_ONLY;

fn write_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
}

fn sha256_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|e| err("cannot read the backup", e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| err("cannot read the backup", e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:x}", h.finalize()))
}

/// The checksum file beside a backup.
pub fn checksum_path(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".sha256");
    PathBuf::from(name)
}

/// Takes a backup of the database at `db` into `dir` (created if needed), named by the time
/// it was taken (UTC), and returns its path.
pub fn take(db: &Path, dir: &Path, key: Option<&DbKey>) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| err("cannot create the backup folder", e))?;
    let name = format!(
        "speakup-{}.db",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ")
    );
    let file = dir.join(&name);
    let partial = dir.join(format!("{name}.partial"));
    let source = open(db, READ | OpenFlags::SQLITE_OPEN_NO_MUTEX, key)?;
    source
        .busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|e| err("cannot open the database", e))?;
    {
        let mut target = Connection::open_with_flags(&partial, write_flags())
            .map_err(|e| err("cannot write the backup", e))?;
        if let Some(k) = key {
            k.apply(&target).map_err(|e| err("cannot use the key", e))?;
        }
        let backup = rusqlite::backup::Backup::new(&source, &mut target)
            .map_err(|e| err("cannot start the backup", e))?;
        // -1: every page in one step, so the copy is one snapshot (see the module's doc).
        loop {
            match backup.step(-1).map_err(|e| err("the backup failed", e))? {
                rusqlite::backup::StepResult::Done => break,
                // Busy or locked: another connection held a lock for a moment; try again.
                _ => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
        }
    }
    check_integrity(&partial, key)?;
    let sum = sha256_file(&partial)?;
    std::fs::write(checksum_path(&file), format!("{sum}  {name}\n"))
        .map_err(|e| err("cannot write the checksum", e))?;
    std::fs::rename(&partial, &file).map_err(|e| err("cannot finish the backup", e))?;
    Ok(file)
}

fn check_integrity(path: &Path, key: Option<&DbKey>) -> Result<Checked, String> {
    let conn = open(path, READ, key)?;
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| err("cannot check the backup", e))?;
    if ok != "ok" {
        return Err(format!("the backup is damaged: {ok}"));
    }
    let count = |sql: &str| -> Result<u64, String> {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| err("cannot read the backup", e))
    };
    Ok(Checked {
        submissions: count("SELECT COUNT(*) FROM submissions")?,
        audit_lines: count("SELECT COUNT(*) FROM audit_log")?,
    })
}

/// Checks a backup: its checksum, SQLite's integrity check and the audit log's hash chain.
pub fn verify(file: &Path, key: Option<&DbKey>) -> Result<Checked, String> {
    let listed = std::fs::read_to_string(checksum_path(file))
        .map_err(|e| err("no checksum beside the backup", e))?;
    let want = listed.split_whitespace().next().unwrap_or_default();
    if sha256_file(file)? != want {
        return Err("the backup does not match its checksum: it was changed or cut short".into());
    }
    let checked = check_integrity(file, key)?;
    let conn = open(file, READ, key)?;
    match crate::store::sqlite::audit_chain::verify(&conn) {
        Ok(crate::store::AuditVerdict::Whole { .. }) => Ok(checked),
        Ok(crate::store::AuditVerdict::Broken { id, why, .. }) => Err(format!(
            "the backup's audit log is broken at line {id}: {why}"
        )),
        Err(e) => Err(err("cannot check the backup's audit log", e)),
    }
}

/// Restores a checked backup into `db`, which must not exist yet.
pub fn restore(file: &Path, db: &Path, key: Option<&DbKey>) -> Result<Checked, String> {
    if db.exists() {
        return Err(format!(
            "{} exists already: restore into a new file (set SPEAKUP_DB to a new path), \
             never over a database",
            db.display()
        ));
    }
    let checked = verify(file, key)?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| err("cannot create the folder", e))?;
    }
    let source = open(file, READ, key)?;
    let mut restored =
        Connection::open_with_flags(db, write_flags()).map_err(|e| err("cannot restore", e))?;
    if let Some(k) = key {
        k.apply(&restored)
            .map_err(|e| err("cannot use the key", e))?;
    }
    rusqlite::backup::Backup::new(&source, &mut restored)
        .and_then(|b| b.run_to_completion(1000, std::time::Duration::ZERO, None))
        .map_err(|e| err("cannot restore", e))?;
    // The server keeps its database in WAL mode (it sets it again on opening anyway).
    restored
        .pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| err("cannot open the restored file", e))?;
    Ok(checked)
}

/// Keeps the newest `keep` backups in `dir` (by name, which is the time taken) and deletes the
/// rest with their checksums. Returns how many it deleted.
pub fn prune(dir: &Path, keep: usize) -> Result<usize, String> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| err("cannot read the backup folder", e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("speakup-") && n.ends_with(".db"))
        })
        .collect();
    backups.sort();
    let old = backups.len().saturating_sub(keep);
    for p in &backups[..old] {
        std::fs::remove_file(p).map_err(|e| err("cannot delete an old backup", e))?;
        let _ = std::fs::remove_file(checksum_path(p));
    }
    Ok(old)
}

/// Backups on a schedule: `SPEAKUP_BACKUP_DIR` (unset: none), every `SPEAKUP_BACKUP_EVERY`
/// hours (default 24), keeping the newest `SPEAKUP_BACKUP_KEEP` (default 14).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub dir: PathBuf,
    pub every: std::time::Duration,
    pub keep: usize,
}

/// Runs the schedule while the server runs: the first backup one interval after the start.
pub fn spawn(db: PathBuf, key: Option<DbKey>, schedule: Schedule) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(schedule.every);
        tick.tick().await;
        loop {
            tick.tick().await;
            let (db, s, key) = (db.clone(), schedule.clone(), key.clone());
            let done = tokio::task::spawn_blocking(move || {
                let file = take(&db, &s.dir, key.as_ref())?;
                let pruned = prune(&s.dir, s.keep)?;
                Ok::<_, String>((file, pruned))
            })
            .await;
            match done {
                Ok(Ok((file, pruned))) => {
                    tracing::info!(file = %file.display(), pruned, "backup taken")
                }
                Ok(Err(e)) => tracing::error!(error = %e, "backup failed"),
                Err(e) => tracing::error!(error = %e, "backup task failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_keeps_the_newest_backups_and_their_checksums_only() {
        let dir = tempfile::tempdir().unwrap();
        for stamp in ["20261101", "20261102", "20261103", "20261104"] {
            let f = dir.path().join(format!("speakup-{stamp}T000000.000Z.db"));
            std::fs::write(&f, b"x").unwrap();
            std::fs::write(checksum_path(&f), b"sum").unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), b"not a backup").unwrap();
        assert_eq!(prune(dir.path(), 2).unwrap(), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "notes.txt",
                "speakup-20261103T000000.000Z.db",
                "speakup-20261103T000000.000Z.db.sha256",
                "speakup-20261104T000000.000Z.db",
                "speakup-20261104T000000.000Z.db.sha256",
            ]
        );
    }

    #[test]
    fn a_backup_of_a_live_database_verifies_and_a_missing_checksum_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("live.db");
        let store = crate::store::SqliteStore::open(&db).unwrap();
        drop(store);
        let file = take(&db, &dir.path().join("b"), None).unwrap();
        assert_eq!(
            verify(&file, None).unwrap(),
            Checked {
                submissions: 0,
                audit_lines: 0
            }
        );
        std::fs::remove_file(checksum_path(&file)).unwrap();
        assert!(verify(&file, None).unwrap_err().contains("no checksum"));
    }
}
