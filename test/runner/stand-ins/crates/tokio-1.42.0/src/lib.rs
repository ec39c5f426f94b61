//! Stand-in for wolfify's offline build tests, not the real tokio.
pub fn block_on<T>(run: impl FnOnce() -> T) -> T { run() }
