//! What the API hands to its hosts: plain, serialisable views for the CLI's JSON output and
//! the desktop app's IPC (TypeScript types are generated from these with ts-rs).
//!
//! These are deliberately not the domain types of `dossier-core`: a view may flatten, label
//! or leave out fields, and changing one never changes what is stored or synced. Enumerations
//! travel as their stable snake_case codes ("probation", "male"); the UI translates them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An officer who can unlock the archive, as listed before anyone has unlocked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficerSlotView {
    pub officer_id: String,
    pub name: String,
    /// "village_worker" | "office_staff" | "office_admin"
    pub role: String,
}

/// The archive as seen from the unlock screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArchiveInfo {
    pub path: String,
    pub officers: Vec<OfficerSlotView>,
}

/// Who is signed in, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionView {
    pub officer_id: String,
    pub officer_name: String,
    pub role: String,
    /// "village" | "office"
    pub site_role: String,
    pub jurisdiction: String,
    pub jurisdiction_name: String,
}

/// One line of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SubjectRow {
    pub id: String,
    pub file_no: String,
    pub name: String,
    /// "male" | "female"
    pub sex: String,
    pub id_number: String,
    /// YYYY-MM-DD
    pub birth_date: String,
    /// "surveillance" | "probation" | "parole" | "temporary_outside"
    pub category: String,
    pub correction_start: String,
    pub correction_end: String,
    /// Village or community code (12 digits).
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    /// "awaiting_report" | "in_correction" | "released" | "terminated"
    pub status: String,
    pub ethnicity: String,
    pub phone: Option<String>,
    pub crime: Option<String>,
}

/// A refusal or failure, as the UI receives it: a stable code to branch on and a message in
/// plain words to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ErrorView {
    pub code: String,
    pub message: String,
}

/// What `dossier check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckView {
    pub ok: bool,
    #[ts(type = "number")]
    pub ops: u64,
    #[ts(type = "number")]
    pub devices: u64,
    pub problems: Vec<String>,
}
