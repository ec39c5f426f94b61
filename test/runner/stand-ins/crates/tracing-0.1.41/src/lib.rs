//! Stand-in for wolfify's offline build tests, not the real tracing.
pub fn info(message: &str) { eprintln!("INFO {message}"); }
