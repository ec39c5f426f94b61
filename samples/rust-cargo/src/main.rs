//! ingest: reads events from the queue named in its configuration and stores them.

use std::{env, fs};

fn main() {
    tracing_subscriber::fmt::init();
    let args: Vec<String> = env::args().collect();
    let config = args
        .iter()
        .position(|a| a == "--config")
        .and_then(|i| args.get(i + 1))
        .map_or("/etc/ingest/config.toml", String::as_str);
    let text = fs::read_to_string(config).unwrap_or_default();
    let settings = toml::settings(&text);
    tokio::block_on(|| tracing::info(&format!("ingest started with {settings} settings from {config}")));
}
