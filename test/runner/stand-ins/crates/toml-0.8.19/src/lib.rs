//! Stand-in for wolfify's offline build tests, not the real toml: counts `key = value` lines.
pub fn settings(text: &str) -> usize { text.lines().filter(|l| l.contains("=")).count() }
