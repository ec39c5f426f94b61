//! Stand-in for wolfify's offline build tests, not the real tracing-subscriber.
pub mod fmt { pub fn init() {} }
