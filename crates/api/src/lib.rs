//! The use cases of Dossier, shared by the desktop app and the `dossier` CLI.
//!
//! Hosts call these functions and show what comes back; they hold no rules of their own.
//! Every use case checks the signed-in officer's permission here, runs in one transaction of
//! the store, and returns a view (see [`view`]) or an [`Error`] with a stable code. Time and
//! fresh ids come from the [`Env`] the host passes in. This crate knows no Tauri, no clap
//! and no terminal.

mod archive;
mod assessment;
mod attachment;
mod audit;
mod backup;
mod charts;
mod conflict;
mod decision;
mod demo;
pub mod demo_data;
pub mod demo_records;
mod demo_registers;
mod due;
mod env;
mod error;
mod facts;
mod leave;
mod officer;
mod period;
mod record;
mod register;
mod report;
mod report_file;
mod report_stats;
mod rules;
mod seal;
mod search;
mod subject;
pub mod sync;
pub mod view;

pub use archive::{InitParams, Session, archive_info, init, unlock};
pub use attachment::{MAX_ATTACHMENT_BYTES, sniff};
pub use backup::{auto_backup_dir, backup_info, restore};
pub use charts::MAX_CHART_MONTHS;
pub use demo::{DemoParams, DemoSummary, demo};
pub use demo_data::Scale;
pub use dossier_core as core;
pub use dossier_core::officer::SiteRole;
pub use dossier_core::subject::NewSubject;
pub use env::Env;
pub use error::{Error, Result};
pub use officer::recover;
pub use record::kind_views;
pub use register::register_kind_views;
pub use report::ledger_views;
pub use seal::may_see_minor;
pub use subject::{SubjectEdit, parse_new_subject};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_charts;
#[cfg(test)]
mod tests_officer;
#[cfg(test)]
mod tests_register;
#[cfg(test)]
mod tests_report;
#[cfg(test)]
mod tests_security;
#[cfg(test)]
mod tests_workflow;
