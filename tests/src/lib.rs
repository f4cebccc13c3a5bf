//! Cross-crate journeys and end-to-end tests.
