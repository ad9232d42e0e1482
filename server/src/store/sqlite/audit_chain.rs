//! The audit log's hash chain: each line's hash is SHA-256 over the hash of the line before
//! and this line's fields, so a line changed, removed or slipped in afterwards — by anyone
//! with the database file, triggers or not — breaks the chain from there on, and
//! [`verify`] names the first broken line (`server verify-audit`).
//!
//! What it cannot show on its own: lines cut off at the *end* leave a shorter chain that is
//! still whole. So `verify-audit` prints how many lines it checked and the last line's hash:
//! a manager who writes those down (in the monthly report, say) can tell later if the log
//! grew back from an earlier point. Nor does it stop someone who recomputes every hash after
//! an edit; that needs a key kept apart from the database, which is the encryption-at-rest
//! work (issue 12, item 1).

use super::backend;
use app::api::store::StoreResult;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// One audit line as stored, in the order its fields are hashed.
struct Line {
    id: i64,
    council_id: String,
    at: String,
    user_id: Option<i64>,
    user_email: String,
    action: String,
    reference: Option<String>,
    detail: String,
}

const LINE_COLUMNS: &str =
    "l.id, l.council_id, l.at, l.user_id, l.user_email, l.action, l.reference, l.detail";

fn line(r: &rusqlite::Row<'_>) -> rusqlite::Result<Line> {
    Ok(Line {
        id: r.get(0)?,
        council_id: r.get(1)?,
        at: r.get(2)?,
        user_id: r.get(3)?,
        user_email: r.get(4)?,
        action: r.get(5)?,
        reference: r.get(6)?,
        detail: r.get(7)?,
    })
}

/// The hash of `l` after the line whose hash is `previous` ("" for the first line). Fields
/// are length-prefixed, so no choice of text in one field can imitate another split.
fn hash(previous: &str, l: &Line) -> String {
    let mut h = Sha256::new();
    let user_id = l.user_id.map(|u| u.to_string()).unwrap_or_default();
    let id = l.id.to_string();
    for field in [
        previous,
        &id,
        &l.council_id,
        &l.at,
        &user_id,
        &l.user_email,
        &l.action,
        l.reference.as_deref().unwrap_or("\u{0}none"),
        &l.detail,
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    format!("{:x}", h.finalize())
}

fn last_hash(conn: &Connection) -> StoreResult<String> {
    conn.prepare_cached("SELECT hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1")
        .map_err(backend)?
        .query_row([], |r| r.get::<_, String>(0))
        .optional()
        .map(Option::unwrap_or_default)
        .map_err(backend)
}

/// Chains the line just inserted with this id (same transaction as the line: every write
/// goes through the one writer connection, so "the line before" is well defined).
pub(crate) fn chain(conn: &Connection, id: i64) -> StoreResult<()> {
    let previous = last_hash(conn)?;
    let l = conn
        .prepare_cached(&format!(
            "SELECT {LINE_COLUMNS} FROM audit_log l WHERE l.id = ?1"
        ))
        .map_err(backend)?
        .query_row([id], line)
        .map_err(backend)?;
    conn.prepare_cached("INSERT INTO audit_chain (audit_id, hash) VALUES (?1, ?2)")
        .map_err(backend)?
        .execute(params![id, hash(&previous, &l)])
        .map_err(backend)?;
    Ok(())
}

/// Once, on a file upgraded from before the chain: chains every existing line in order.
/// Never when the chain has begun (a line missing its hash then is a broken chain for
/// [`verify`] to report, not something to paper over).
pub(crate) fn chain_earlier_lines(conn: &Connection) -> StoreResult<u64> {
    let started: bool = conn
        .query_row("SELECT EXISTS (SELECT 1 FROM audit_chain)", [], |r| {
            r.get(0)
        })
        .map_err(backend)?;
    if started {
        return Ok(0);
    }
    let tx = conn.unchecked_transaction().map_err(backend)?;
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM audit_log ORDER BY id")
        .map_err(backend)?
        .query_map([], |r| r.get(0))
        .map_err(backend)?
        .collect::<Result<_, _>>()
        .map_err(backend)?;
    for &id in &ids {
        chain(&tx, id)?;
    }
    tx.commit().map_err(backend)?;
    Ok(ids.len() as u64)
}

/// What a whole check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every line is where the chain says: how many, and the last line's id and hash.
    Whole {
        lines: u64,
        last: Option<(i64, String)>,
    },
    /// The first line that does not fit, when it says it was written, and why.
    Broken { id: i64, at: String, why: String },
}

/// Walks the whole log in order and recomputes every hash.
pub fn verify(conn: &Connection) -> StoreResult<Verdict> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {LINE_COLUMNS}, c.hash FROM audit_log l
             LEFT JOIN audit_chain c ON c.audit_id = l.id ORDER BY l.id"
        ))
        .map_err(backend)?;
    let rows = stmt
        .query_map([], |r| Ok((line(r)?, r.get::<_, Option<String>>(8)?)))
        .map_err(backend)?;
    let mut previous = String::new();
    let mut lines = 0u64;
    let mut last = None;
    for row in rows {
        let (l, stored) = row.map_err(backend)?;
        let broken = |why: &str| Verdict::Broken {
            id: l.id,
            at: l.at.clone(),
            why: why.to_string(),
        };
        let Some(stored) = stored else {
            return Ok(broken("it has no hash: it was added outside Speak Up"));
        };
        if hash(&previous, &l) != stored {
            return Ok(broken(
                "its hash does not match: this line, or one before it, was changed or removed",
            ));
        }
        lines += 1;
        last = Some((l.id, stored.clone()));
        previous = stored;
    }
    // A hash whose line is gone (removed with its line's neighbours' hashes left as they were).
    let orphan: Option<i64> = conn
        .query_row(
            "SELECT c.audit_id FROM audit_chain c LEFT JOIN audit_log l ON l.id = c.audit_id
             WHERE l.id IS NULL ORDER BY c.audit_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(backend)?;
    if let Some(id) = orphan {
        return Ok(Verdict::Broken {
            id,
            at: String::new(),
            why: "this line was removed (its hash is still there)".into(),
        });
    }
    Ok(Verdict::Whole { lines, last })
}
