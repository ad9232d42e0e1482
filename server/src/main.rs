//! `server` runs Speak Up. Configuration comes from the environment (see `config.rs`).

use server::config::Config;

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
