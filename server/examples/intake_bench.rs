//! Intake at the speed of the disk: durable "I don't feel safe" submissions over HTTP against
//! the real release server, compared with what the same disk does for raw SQLite, and a check
//! that nothing acknowledged is lost when the server is killed (figures go in the README):
//!
//!   cargo build --release -p server
//!   cargo run --release -p server --example intake_bench -- [clients] [seconds]
//!
//! (defaults 200 clients, 10 s; `SPEAKUP_SERVER_BIN` overrides the server binary, which is
//! otherwise `release/server` beside this example's own directory; `BENCH_PORT` the port,
//! default 3222). Everything runs in one temporary directory on the same disk:
//!
//! 1. **raw SQLite**: single-row INSERTs, each its own transaction, on a fresh file in WAL mode
//!    with `synchronous=FULL` (what the server uses): the disk's durable commits per second.
//! 2. **steady load**: the server (`target/release/server` as a child process, its own temporary
//!    database, `SPEAKUP_INTAKE_PER_HOUR=0` so every post is stored) takes posts from `clients`
//!    senders for `seconds`; meanwhile one visitor loads `/privacy` again and again. Reported:
//!    acknowledged submissions per second and their ratio to (1), post p50/p99, page p50/p99,
//!    and the server's CPU time per acknowledged post (from `/proc`, Linux).
//! 3. **kills**: the same load; three times the server is killed with SIGKILL mid-load and
//!    started again on the same file. Every post answered with success (a redirect to
//!    `/unsafe` and the draft cookie) is then looked up in the database by its idempotency key
//!    (the SHA-256 of that cookie): all must be there.
//!
//! Not a test: the figures depend on the machine and on what else runs on it.

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Durable single-row commits per second on a fresh file (WAL, synchronous=FULL), and the
/// slowest commits (what a stall of the disk costs one commit).
fn raw_sqlite(dir: &Path, seconds: f64) -> (f64, Duration, Duration) {
    let conn = Connection::open(dir.join("raw.db")).expect("raw db");
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        .unwrap();
    let start = Instant::now();
    let mut each = Vec::new();
    while start.elapsed().as_secs_f64() < seconds {
        let t = Instant::now();
        conn.execute(
            "INSERT INTO t (v) VALUES (?1)",
            ["a row of about this size"],
        )
        .unwrap();
        each.push(t.elapsed());
    }
    let rate = each.len() as f64 / start.elapsed().as_secs_f64();
    each.sort();
    (
        rate,
        pct(&each, 0.99),
        each.last().copied().unwrap_or_default(),
    )
}

fn server_bin() -> PathBuf {
    if let Ok(p) = std::env::var("SPEAKUP_SERVER_BIN") {
        return p.into();
    }
    // This example is <target>/release/examples/intake_bench.
    let exe = std::env::current_exe().expect("own path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target/release")
        .join("server")
}

struct Server {
    child: Child,
}

async fn start_server(dir: &Path, port: u16) -> Server {
    let bin = server_bin();
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build --release -p server` first",
        bin.display()
    );
    let mut child = Command::new(&bin)
        .env("SPEAKUP_ADDR", format!("127.0.0.1:{port}"))
        .env("SPEAKUP_DB", dir.join("server.db"))
        .env("SPEAKUP_SECRET_FILE", dir.join("secret"))
        .env("SPEAKUP_INTAKE_PER_HOUR", "0")
        // Each sender posts as its own address (X-Forwarded-For from a trusted proxy on
        // 127.0.0.1): 200 children on 200 phones, not one script. From one address the flood
        // rule would count that address's whole hour of messages for every message.
        .env("SPEAKUP_TRUSTED_PROXIES", "127.0.0.1")
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("server starts");
    let c = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/privacy");
    for _ in 0..300 {
        if c.get(&url)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return Server { child };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server did not answer within 15 s");
}

impl Server {
    /// CPU time the server process has used so far (all threads, user + system), from
    /// `/proc/<pid>/stat` (Linux; in clock ticks of 1/100 s, Linux's USER_HZ).
    fn cpu(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // Fields after the command name (which may hold spaces, so split after its ')').
        let rest = stat.rsplit_once(')')?.1;
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
        Some(Duration::from_millis(ticks * 10))
    }

    fn kill(mut self) {
        // SIGKILL on Unix: no shutdown code runs, as in a power cut of the process.
        self.child.kill().expect("kill");
        self.child.wait().expect("reaped");
    }
}

/// What the senders saw.
#[derive(Default)]
struct Outcome {
    /// Draft tokens of the posts answered with success.
    acknowledged: Vec<String>,
    failed: u64,
    latencies: Vec<Duration>,
    /// Each sender's first post (which also opens its connection).
    first: Vec<Duration>,
}

/// `clients` senders post "I don't feel safe" until `stop` is set.
fn senders(
    clients: usize,
    port: u16,
    stop: Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<Outcome>> {
    (0..clients)
        .map(|i| {
            let stop = stop.clone();
            let url = format!("http://127.0.0.1:{port}/api/intake/unsafe");
            let addr = format!("10.0.{}.{}", i / 250, 1 + i % 250);
            tokio::spawn(async move {
                let c = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .expect("client");
                let mut out = Outcome::default();
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let post = c
                        .post(&url)
                        .header("accept", "text/html")
                        .header("x-forwarded-for", &addr);
                    match post.send().await {
                        Ok(r) if r.status().is_redirection() => match draft_token(&r) {
                            Some(token) => {
                                out.acknowledged.push(token);
                                if out.first.is_empty() {
                                    out.first.push(t.elapsed());
                                } else {
                                    out.latencies.push(t.elapsed());
                                }
                            }
                            None => out.failed += 1,
                        },
                        Ok(_) => out.failed += 1,
                        Err(_) => {
                            // The server is down (killed): try again shortly.
                            out.failed += 1;
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                    }
                }
                out
            })
        })
        .collect()
}

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

async fn gather(handles: Vec<tokio::task::JoinHandle<Outcome>>) -> Outcome {
    let mut all = Outcome::default();
    for h in handles {
        let o = h.await.expect("sender");
        all.acknowledged.extend(o.acknowledged);
        all.failed += o.failed;
        all.latencies.extend(o.latencies);
        all.first.extend(o.first);
    }
    all.latencies.sort();
    all.first.sort();
    all
}

/// One visitor loading a plain page until `stop`.
fn visitor(port: u16, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<Vec<Duration>> {
    tokio::spawn(async move {
        let c = reqwest::Client::new();
        let url = format!("http://127.0.0.1:{port}/privacy");
        let mut latencies = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let t = Instant::now();
            let r = c.get(&url).send().await.expect("page");
            assert!(r.status().is_success());
            let _ = r.bytes().await;
            latencies.push(t.elapsed());
        }
        latencies.sort();
        latencies
    })
}

/// How many of the acknowledged tokens have no stored submission.
fn missing(db: &Path, acknowledged: &[String]) -> usize {
    let conn = Connection::open(db).expect("open the server's file");
    let mut stmt = conn
        .prepare("SELECT COUNT(*) FROM submissions WHERE idempotency_key = ?1")
        .unwrap();
    acknowledged
        .iter()
        .filter(|token| {
            let key = app::api::state::token_hash(token);
            stmt.query_row([key], |r| r.get::<_, i64>(0)).unwrap() != 1
        })
        .count()
}

async fn run(clients: usize, seconds: u64, port: u16) {
    // BENCH_DIR picks the disk (default: the system's temporary directory).
    let base = std::env::var("BENCH_DIR").map_or_else(|_| std::env::temp_dir(), PathBuf::from);
    let dir = tempfile::tempdir_in(base).expect("temp dir");
    let (raw, raw_p99, raw_max) = raw_sqlite(dir.path(), 3.0);
    println!(
        "raw SQLite (WAL, synchronous=FULL, fresh file in {}): {raw:.0} single-row commits/s, \
         commit p99 {raw_p99:?}, slowest {raw_max:?}",
        dir.path().display()
    );

    // Steady load.
    let server = start_server(dir.path(), port).await;
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let cpu_before = server.cpu();
    let posts = senders(clients, port, stop.clone());
    let page = visitor(port, stop.clone());
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let out = gather(posts).await;
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = server.cpu().zip(cpu_before).map(|(a, b)| a - b);
    let page = page.await.expect("visitor");
    let rate = out.acknowledged.len() as f64 / elapsed;
    let mut every = [out.latencies.clone(), out.first.clone()].concat();
    every.sort();
    println!(
        "{clients} senders for {elapsed:.1} s: {} acknowledged ({rate:.0}/s, {:.2} of raw), {} failed; \
         post p50 {:?} p99 {:?} (every post), p50 {:?} p99 {:?} (after each sender's first), \
         first posts (connecting) p50 {:?} max {:?}; plain page p50 {:?} p99 {:?} over {} loads",
        out.acknowledged.len(),
        rate / raw,
        out.failed,
        pct(&every, 0.5),
        pct(&every, 0.99),
        pct(&out.latencies, 0.5),
        pct(&out.latencies, 0.99),
        pct(&out.first, 0.5),
        out.first.last().copied().unwrap_or_default(),
        pct(&page, 0.5),
        pct(&page, 0.99),
        page.len(),
    );
    // What one message costs the server in CPU, whatever else the machine is doing (the
    // senders share its cores): the figure to watch when the rate is CPU-bound.
    if let Some(cpu) = cpu {
        println!(
            "server CPU: {:.2} s over the run, {:.0} µs per acknowledged post (page loads included)",
            cpu.as_secs_f64(),
            cpu.as_secs_f64() * 1e6 / out.acknowledged.len().max(1) as f64
        );
    }
    let mut acknowledged = out.acknowledged;

    // Three kills mid-load.
    let stop = Arc::new(AtomicBool::new(false));
    let posts = senders(clients, port, stop.clone());
    let mut server = server;
    for round in 1..=3 {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.kill();
        println!("killed the server (SIGKILL) mid-load, {round} of 3; starting it again");
        server = start_server(dir.path(), port).await;
    }
    tokio::time::sleep(Duration::from_millis(1000)).await;
    stop.store(true, Ordering::Relaxed);
    let out = gather(posts).await;
    server.kill();
    println!(
        "with kills: {} acknowledged, {} failed (refused or cut off while down)",
        out.acknowledged.len(),
        out.failed
    );
    acknowledged.extend(out.acknowledged);
    let lost = missing(&dir.path().join("server.db"), &acknowledged);
    println!(
        "{} acknowledged in all; {lost} of them not in the database",
        acknowledged.len()
    );
    assert_eq!(lost, 0, "an acknowledged submission was lost");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let clients = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let seconds = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let port = std::env::var("BENCH_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3222);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run(clients, seconds, port));
}
