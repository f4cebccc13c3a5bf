//! Cross-crate journeys and end-to-end tests: the shared helpers the test binaries in tests/
//! use. The journeys themselves live in tests/*.rs.
//!
//! - [`webdriver`]: a small WebDriver client for driving the real app through tauri-driver.

pub mod webdriver;
