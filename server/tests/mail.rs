//! Routing to the Children's Rights Service by email, against a local SMTP sink started here.

mod common;
use app::api::officer::InboxView;
use app::domain::officer::Role;
use common::*;
use server::mail::{SmtpConfig, Tls};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A tiny SMTP server that keeps every message it accepts. It refuses the first
/// `refuse_first` messages with a temporary error, as a mail server that is down would.
struct Sink {
    port: u16,
    messages: Arc<Mutex<Vec<String>>>,
}

async fn smtp_sink(refuse_first: usize) -> Sink {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let messages = Arc::new(Mutex::new(Vec::new()));
    let refused = Arc::new(AtomicUsize::new(0));
    let kept = messages.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let (kept, refused) = (kept.clone(), refused.clone());
            tokio::spawn(async move {
                let (r, mut w) = stream.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 sink ready\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let cmd = line.to_ascii_uppercase();
                    let reply: &[u8] = if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if cmd.starts_with("MAIL FROM") {
                        if refused.load(Ordering::SeqCst) < refuse_first {
                            refused.fetch_add(1, Ordering::SeqCst);
                            b"451 try again later\r\n"
                        } else {
                            b"250 ok\r\n"
                        }
                    } else if cmd.starts_with("RCPT TO")
                        || cmd.starts_with("RSET")
                        || cmd.starts_with("NOOP")
                    {
                        b"250 ok\r\n"
                    } else if cmd.starts_with("DATA") {
                        let _ = w.write_all(b"354 go ahead\r\n").await;
                        let mut message = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            message.push_str(&l);
                            message.push('\n');
                        }
                        kept.lock().unwrap().push(message);
                        b"250 queued\r\n"
                    } else if cmd.starts_with("QUIT") {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = w.write_all(reply).await;
                }
            });
        }
    });
    Sink { port, messages }
}

fn smtp(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        tls: Tls::None,
        user: None,
        password: None,
        from: "Speak Up <speak-up@council.example>".into(),
        poll: Duration::from_millis(200),
    }
}

async fn wait_for(messages: &Arc<Mutex<Vec<String>>>, n: usize) -> Vec<String> {
    for _ in 0..100 {
        if messages.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    messages.lock().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_new_message_emails_the_rights_service_without_the_childs_words() {
    let sink = smtp_sink(0).await;
    let s = TestServer::start_with(|c| {
        c.rights_email = Some("rights@council.example".into());
        c.public_url = "https://speakup.council.example".into();
        c.db_key = db_key();
        c.smtp = Some(smtp(sink.port));
    })
    .await;
    let (c, _) = complaint(&s).await;
    let (_, html) = page(&c, &s.url("/tell/done")).await;
    let reference = find_reference(&html).unwrap();
    let young = browser();
    post_redirect(&young, &s.url("/api/intake/unsafe"), &[]).await;

    let mail = wait_for(&sink.messages, 2).await;
    assert_eq!(mail.len(), 2, "{mail:?}");
    let first = mail
        .iter()
        .find(|m| m.contains(&reference))
        .expect("email about the complaint");
    assert!(first.contains("To: rights@council.example"));
    assert!(first.contains(&format!(
        "https://speakup.council.example/officer/case/{reference}"
    )));
    assert!(
        !first.contains("never calls me back"),
        "never the child's words"
    );
    assert!(!first.to_uppercase().contains("SUBJECT: URGENT"));
    let urgent = mail.iter().find(|m| !m.contains(&reference)).unwrap();
    assert!(urgent.contains("Subject: URGENT"), "{urgent}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_mail_fails_the_message_is_kept_the_inbox_says_so_and_it_is_retried() {
    let sink = smtp_sink(1).await;
    let s = TestServer::start_with(|c| {
        c.rights_email = Some("rights@council.example".into());
        c.smtp = Some(smtp(sink.port));
    })
    .await;
    let (_, done) = complaint(&s).await;
    assert_eq!(
        done, "/tell/done",
        "the young person is not held up by email"
    );
    assert_eq!(s.count(), 1);

    // The first try was refused: the inbox shows it.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    for _ in 0..50 {
        let attempts: i64 = conn
            .query_row("SELECT attempts FROM outbox", [], |r| r.get(0))
            .unwrap();
        if attempts > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let officer_client = officer(&s, "o@council.example", Role::Officer).await;
    let inbox: InboxView = officer_call(&officer_client, &s, "/api/officer/inbox", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(
        inbox.lines[0].mail_problem,
        "the failure shows in the inbox"
    );

    // Bring the retry forward (it would come after a minute) and it goes.
    conn.execute(
        "UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00.000000Z'",
        [],
    )
    .unwrap();
    let mail = wait_for(&sink.messages, 1).await;
    assert_eq!(mail.len(), 1);
    // The sender records `sent_at` just after the sink has the message: wait for it, as for
    // `attempts` above (asserting at once raced the sender).
    let mut sent: Option<String> = None;
    for _ in 0..50 {
        sent = conn
            .query_row("SELECT sent_at FROM outbox", [], |r| r.get(0))
            .unwrap();
        if sent.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(sent.is_some(), "recorded as sent");
    let inbox: InboxView = officer_call(&officer_client, &s, "/api/officer/inbox", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(!inbox.lines[0].mail_problem);
}
