//! Encryption at rest (issue 12 item 1): the database file, its WAL and every backup are
//! encrypted by SQLCipher (rusqlite's `bundled-sqlcipher-vendored-openssl`: SQLite with
//! AES-256 page encryption and an HMAC per page, OpenSSL built from source so no system
//! library is needed). The key is 32 random bytes kept as 64 hex characters in a file named by
//! `SPEAKUP_DB_KEY_FILE`, apart from the database; it is given to SQLCipher as a *raw* key
//! (`x'…'`), so opening a connection costs no password stretching (the read pool opens eight).
//!
//! A key file must hold exactly 64 hex characters (a newline after them is fine); a file
//! with anything else is refused rather than used as a weaker key.

use rusqlite::Connection;
use std::path::Path;

/// The database key. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey(String);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(..)")
    }
}

impl DbKey {
    /// Reads a key file.
    pub fn from_file(path: &Path) -> Result<DbKey, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the database key {}: {e}", path.display()))?;
        DbKey::parse(text.trim_end_matches(['\r', '\n'])).ok_or_else(|| {
            format!(
                "the database key {} must be 64 hex characters (32 random bytes)",
                path.display()
            )
        })
    }

    fn parse(hex: &str) -> Option<DbKey> {
        (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| DbKey(hex.to_ascii_lowercase()))
    }

    /// A new random key.
    pub fn generate() -> Result<DbKey, String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
        Ok(DbKey(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }

    /// Writes a new random key to `path` (readable by its owner only), refusing to replace
    /// a file that is there.
    pub fn create_file(path: &Path) -> Result<DbKey, String> {
        use std::io::Write;
        let key = DbKey::generate()?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options
            .open(path)
            .map_err(|e| format!("cannot create the key file {}: {e}", path.display()))?;
        writeln!(f, "{}", key.0)
            .map_err(|e| format!("cannot write the key file {}: {e}", path.display()))?;
        Ok(key)
    }

    /// The key as SQLCipher takes it (`x'…'`), for `PRAGMA key`. Never log it.
    pub fn pragma_value(&self) -> String {
        format!("x'{}'", self.0)
    }

    /// Gives the key to a connection: the first thing done on it.
    pub(crate) fn apply(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.pragma_update(None, "key", self.pragma_value())
    }
}

/// Reads the schema to prove the key fits the file, with a message that says what to do.
pub(crate) fn check_readable(conn: &Connection, key: Option<&DbKey>) -> Result<(), String> {
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) => Err(match key {
            Some(_) => format!(
                "the database cannot be read with this key ({e}): either the key is wrong, or \
                 the database is not encrypted (a plaintext database is never opened with a \
                 key; see the README, \"Encryption at rest\")"
            ),
            None => format!(
                "the database cannot be read ({e}): if it is encrypted, name its key with \
                 SPEAKUP_DB_KEY_FILE"
            ),
        }),
    }
}

/// Re-encrypts the database at `path` (read with `old`, or not encrypted) with `new`: the
/// whole file is copied by SQLCipher's `sqlcipher_export` into `PATH.rekey`, checked, then
/// renamed over the old file, so a crash leaves either the old file or the new one. Run it
/// while the server is stopped.
pub(crate) fn rekey(path: &Path, old: Option<&DbKey>, new: &DbKey) -> Result<(), String> {
    let fail = |what: &str, e: rusqlite::Error| format!("{what}: {e}");
    let conn = Connection::open(path).map_err(|e| fail("cannot open the database", e))?;
    if let Some(k) = old {
        k.apply(&conn).map_err(|e| fail("cannot use the key", e))?;
    }
    check_readable(&conn, old)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(|e| fail("cannot checkpoint the database", e))?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".rekey");
    let tmp = std::path::PathBuf::from(tmp);
    let _ = std::fs::remove_file(&tmp);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| fail("cannot read the schema version", e))?;
    conn.execute(
        "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
        rusqlite::params![tmp.to_string_lossy(), new.pragma_value()],
    )
    .map_err(|e| fail("cannot create the re-encrypted copy", e))?;
    conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))
        .map_err(|e| fail("cannot re-encrypt", e))?;
    conn.pragma_update(Some("rekeyed"), "user_version", version)
        .map_err(|e| fail("cannot re-encrypt", e))?;
    conn.execute_batch("DETACH DATABASE rekeyed")
        .map_err(|e| fail("cannot re-encrypt", e))?;
    drop(conn);
    // The copy must open with the new key before it replaces anything.
    let copy = Connection::open(&tmp).map_err(|e| fail("cannot open the copy", e))?;
    new.apply(&copy)
        .map_err(|e| fail("cannot use the new key", e))?;
    check_readable(&copy, Some(new))?;
    drop(copy);
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot replace the database: {e}"))?;
    for ext in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(ext);
        let _ = std::fs::remove_file(std::path::PathBuf::from(side));
    }
    Ok(())
}
