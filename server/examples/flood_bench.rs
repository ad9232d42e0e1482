//! A flood of "I don't feel safe" posts against the real server, and how long a plain page
//! takes meanwhile (figures go in the README):
//!
//!   cargo run --release -p server --example flood_bench -- [clients] [seconds]
//!
//! Two runs, each bounded in time, all traffic to 127.0.0.1:
//! 1. **one address, limits on** (a script on one machine): 200 clients post as fast as they
//!    can; the intake limit answers 429 after the first messages.
//! 2. **limits lifted** (`intake_per_hour = 0`, as if from many addresses): every post is
//!    stored (durably) — the worst case for the disk and the runtime.
//!
//! Meanwhile one visitor loads `/privacy` (a server-rendered page) again and again; its p50
//! and p99 are what every other child would feel. Not a test: timings depend on the machine.

use server::config::Config;
use std::time::{Duration, Instant};

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

async fn run(clients: usize, seconds: u64, per_hour: u32) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::for_tests(dir.path().join("flood.db"));
    config.intake_per_hour = per_hour;
    let running = server::start(config).await.expect("server starts");
    let base = format!("http://{}", running.addr);
    let until = Instant::now() + Duration::from_secs(seconds);

    let mut posters = Vec::new();
    for _ in 0..clients {
        let url = format!("{base}/api/intake/unsafe");
        posters.push(tokio::spawn(async move {
            let c = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client");
            let (mut stored, mut refused, mut latencies) = (0u64, 0u64, Vec::new());
            while Instant::now() < until {
                let t = Instant::now();
                match c.post(&url).header("accept", "text/html").send().await {
                    Ok(r) if r.status().is_redirection() => stored += 1,
                    Ok(_) => refused += 1,
                    Err(_) => refused += 1,
                }
                latencies.push(t.elapsed());
            }
            (stored, refused, latencies)
        }));
    }
    let page_url = format!("{base}/privacy");
    let visitor = tokio::spawn(async move {
        let c = reqwest::Client::new();
        let mut latencies = Vec::new();
        while Instant::now() < until {
            let t = Instant::now();
            let r = c.get(&page_url).send().await.expect("page");
            assert!(r.status().is_success());
            let _ = r.bytes().await;
            latencies.push(t.elapsed());
        }
        latencies
    });
    let (mut stored, mut refused, mut post_lat) = (0, 0, Vec::new());
    for p in posters {
        let (s, r, l) = p.await.expect("poster");
        stored += s;
        refused += r;
        post_lat.extend(l);
    }
    let mut page_lat = visitor.await.expect("visitor");
    page_lat.sort();
    post_lat.sort();
    let on_disk = {
        use app::api::store::Store;
        running.store.count_submissions().expect("count")
    };
    println!(
        "{clients} clients for {seconds} s, intake limit {}: {stored} stored ({:.0}/s), {refused} refused; \
         post p50 {:?} p99 {:?}; plain page p50 {:?} p99 {:?} over {} loads; {on_disk} on disk",
        if per_hour == 0 { "lifted".to_string() } else { format!("{per_hour}/hour") },
        stored as f64 / seconds as f64,
        pct(&post_lat, 0.5),
        pct(&post_lat, 0.99),
        pct(&page_lat, 0.5),
        pct(&page_lat, 0.99),
        page_lat.len(),
    );
    assert_eq!(on_disk, stored, "every acknowledged message is on disk");
    running.handle.abort();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let clients = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let seconds = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        run(clients, seconds, 30).await;
        run(clients, seconds, 0).await;
    });
}
