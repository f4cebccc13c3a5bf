//! `dossier demo`: a complete office archive full of synthetic subjects, for trying the
//! program and for benchmarks. Ids and clocks come from the seed and the day, so the same
//! (scale, seed, today) always gives the same content and digest; only the key material is
//! fresh each time.

use std::path::Path;

use chrono::NaiveDate;
use dossier_core::officer::{Role, SiteRole};

use crate::archive::{InitParams, NewOfficer, create};
use crate::demo_data::{self, Scale};
use crate::subject::subject_change;
use crate::{Env, Error, Result, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoParams {
    pub scale: Scale,
    pub seed: u64,
    /// The day the demo is set around (correction periods are relative to it).
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub subjects: usize,
    pub current: usize,
    pub jurisdiction: String,
    pub officers: Vec<String>,
}

/// Creates a demo archive at `path`; every officer unlocks it with `passphrase`.
pub fn demo(path: &Path, params: DemoParams, passphrase: &str) -> Result<(Session, DemoSummary)> {
    let (jurisdiction, officers) = match params.scale {
        Scale::Street => ("330723001", ["王建国", "李秀梅"]),
        Scale::County => ("330723", ["陈志强", "周丽华"]),
    };
    let start_ms = params
        .today
        .and_hms_opt(1, 0, 0) // 09:00 in Beijing
        .map(|t| t.and_utc().timestamp_millis())
        .ok_or_else(|| Error::Invalid("The demo date is out of range.".into()))?;
    let mut env = Env::fixed(start_ms, params.seed);
    let init = InitParams {
        role: SiteRole::Office,
        jurisdiction: jurisdiction.to_owned(),
        officer_name: officers[0].to_owned(),
    };
    let people = [
        NewOfficer {
            name: officers[0],
            role: Role::OfficeAdmin,
        },
        NewOfficer {
            name: officers[1],
            role: Role::OfficeStaff,
        },
    ];
    let divisions = dossier_core::division::builtin();
    let subjects = demo_data::generate(params.scale, params.seed, params.today, &divisions);
    let total = subjects.len();
    let current = subjects
        .iter()
        .filter(|s| s.status.is_some_and(|s| s.is_current()))
        .count();
    let session = create(
        path,
        &init,
        &people,
        passphrase,
        &mut env,
        |conn, officer, _, env| {
            let now = env.now_ms();
            let mut changes = Vec::with_capacity(subjects.len());
            for s in subjects {
                let basics = s
                    .validate()
                    .map_err(|e| Error::Internal(format!("demo data failed its own check: {e}")))?;
                let file_no = basics.file_no.clone().unwrap_or_default();
                changes.push(subject_change(env.new_id(), env.new_id(), &basics, file_no));
            }
            dossier_store::oplog::write(conn, now, Some(officer), changes)?;
            Ok(())
        },
    )?;
    let summary = DemoSummary {
        subjects: total,
        current,
        jurisdiction: jurisdiction.to_owned(),
        officers: officers.iter().map(|s| (*s).to_owned()).collect(),
    };
    Ok((session, summary))
}
