//! `server verify-audit`, the command a manager or auditor runs: whole after real officer
//! work through the real server, and the first changed line named (exit 1) after someone
//! edits the file with the triggers dropped.

mod common;

use app::domain::officer::Role;
use common::*;
use std::process::Command;

fn verify(db: &std::path::Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("verify-audit")
        .env("SPEAKUP_DB", db)
        .env_remove("SPEAKUP_PUBLIC_URL")
        .output()
        .expect("server runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[tokio::test]
async fn the_audit_log_of_real_work_checks_whole_and_an_edit_is_named() {
    let s = TestServer::start().await;
    let (c, _) = complaint(&s).await;
    let (_, done) = page(&c, &s.url("/tell/done")).await;
    let reference = find_reference(&done).expect("a reference on the confirmation");
    let o = officer(&s, "auditor.test@council.example", Role::Manager).await;
    for path in [
        "/officer",
        &format!("/officer/case/{reference}"),
        "/officer/audit",
    ] {
        let (status, _) = page(&o, &s.url(path)).await;
        assert!(status.is_success(), "{path}: {status}");
    }
    let db = s.db.clone();
    let (ok, said) = verify(&db);
    assert!(ok, "{said}");
    assert!(said.contains("The audit log is whole"), "{said}");
    let lines: u64 = said
        .split("whole: ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count of lines");
    assert!(lines >= 4, "sign-in and three pages are audited: {said}");

    // Someone with the file changes what an officer did on the second line.
    let conn = rusqlite::Connection::open(&db).expect("open");
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET action = 'nothing happened' WHERE id = 2;",
    )
    .expect("edit");
    let (ok, said) = verify(&db);
    assert!(!ok, "{said}");
    assert!(said.contains("broken at line 2"), "{said}");
}
