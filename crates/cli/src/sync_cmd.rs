//! The sync commands: `device request|enroll|accept|revoke`, `export`, `verify`, `import`,
//! `conflict list|resolve`.
//!
//! Each parses its arguments, reads or writes the one file it names, calls `dossier-api`
//! and prints what happened in plain words (or JSON with `--json`). Files are written whole
//! or not at all (a temporary file renamed into place), so a full disk never leaves half a
//! bundle that looks like a whole one. No rules live here.

use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};
use dossier_api::sync::{DeviceRole, EnrolTerms};

use crate::{Failure, open, out, plain_io, print_json, read_file};

#[derive(Subcommand)]
pub enum DeviceCommand {
    /// (Village) Make this archive's keys if it has none, and write an enrolment request
    /// for the office.
    Request {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// (Office administrator) Turn a village's enrolment request into a certificate bundle.
    Enroll {
        /// The request file the village sent.
        request: PathBuf,
        #[arg(long, value_name = "CERT.bundle")]
        out: PathBuf,
        /// The division-code prefix the device may send about (default: what it asked for).
        #[arg(long, value_name = "PREFIX")]
        jurisdiction: Option<String>,
        #[arg(long, value_enum, default_value = "village")]
        role: DeviceRoleArg,
    },
    /// (Village) Accept the certificate bundle the office sent back.
    Accept {
        #[arg(value_name = "CERT.bundle")]
        file: PathBuf,
    },
    /// (Office administrator) Revoke a device's certificate: its later bundles are refused.
    Revoke {
        #[arg(value_name = "DEVICE")]
        device: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DeviceRoleArg {
    Village,
    Office,
}

/// Writes `bytes` to `path` whole (see `dossier_api::sync::write_whole`).
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let fail = |e: std::io::Error| {
        eprintln!(
            "error[io]: cannot write {}: {}. Nothing was written; choose another place.",
            path.display(),
            plain_io(&e)
        );
        Failure(1)
    };
    dossier_api::sync::write_whole(path, bytes).map_err(fail)
}

pub fn device(archive: &Path, officer: Option<String>, cmd: DeviceCommand) -> Result<(), Failure> {
    let (mut session, mut env) = open(archive, officer)?;
    let mut rng = rand::rngs::OsRng;
    match cmd {
        DeviceCommand::Request { out: file } => {
            let (view, bytes) = session.device_request(&mut env, &mut rng)?;
            write_whole(&file, &bytes)?;
            eprintln!(
                "Wrote the enrolment request of device {} ({}) to {}. Send it to the office; key fingerprint {}.",
                view.device_id,
                view.jurisdiction,
                file.display(),
                view.fingerprint
            );
        }
        DeviceCommand::Enroll {
            request,
            out: file,
            jurisdiction,
            role,
        } => {
            let bytes = read_file(&request)?;
            let terms = EnrolTerms {
                jurisdiction,
                role: Some(match role {
                    DeviceRoleArg::Village => DeviceRole::Village,
                    DeviceRoleArg::Office => DeviceRole::Office,
                }),
            };
            let (view, cert) = session.device_enroll(&bytes, terms, &mut env, &mut rng)?;
            write_whole(&file, &cert)?;
            eprintln!(
                "Enrolled device {} as {} for {} (certificate {}). Wrote {}; send it back to the village. Office key fingerprint {}.",
                view.device_id,
                view.role,
                view.jurisdiction_prefix,
                view.serial,
                file.display(),
                view.office_fingerprint
            );
            out(&view.device_id);
        }
        DeviceCommand::Accept { file } => {
            let bytes = read_file(&file)?;
            let view = session.device_accept(&bytes, &mut env)?;
            eprintln!(
                "Enrolled: this archive may send bundles about {} to office device {} (key fingerprint {}; compare it with the office's).",
                view.jurisdiction_prefix, view.office_device_id, view.office_fingerprint
            );
        }
        DeviceCommand::Revoke { device } => {
            let view = session.device_revoke(&device, &mut env)?;
            eprintln!(
                "Revoked the certificate of device {} (serial {}). Its later bundles are refused here; export to each village so they learn it too.",
                view.device_id, view.serial
            );
        }
    }
    Ok(())
}

pub fn export(
    archive: &Path,
    officer: Option<String>,
    file: &Path,
    to: Option<&str>,
) -> Result<(), Failure> {
    let (mut session, mut env) = open(archive, officer)?;
    let (view, bytes) = session.sync_export(to, &mut env)?;
    write_whole(file, &bytes)?;
    eprintln!(
        "Wrote bundle {} (number {} for device {}): {} operations, {} attachments, {} bytes, to {}.",
        view.bundle_id,
        view.seq,
        view.recipient,
        view.ops,
        view.attachments,
        view.bytes,
        file.display()
    );
    Ok(())
}

pub fn import(
    archive: &Path,
    officer: Option<String>,
    file: &Path,
    dry_run: bool,
    json: bool,
) -> Result<(), Failure> {
    let bytes = read_file(file)?;
    let (mut session, mut env) = open(archive, officer)?;
    let view = session.sync_import(&bytes, dry_run, &mut env)?;
    if json {
        print_json(&view);
        return Ok(());
    }
    if dry_run {
        out("Dry run: nothing was changed. Importing would do this:");
    }
    for line in view.summary.lines() {
        out(line);
    }
    Ok(())
}

pub fn verify(
    archive: &Path,
    officer: Option<String>,
    file: &Path,
    json: bool,
) -> Result<(), Failure> {
    let bytes = read_file(file)?;
    let (mut session, mut env) = open(archive, officer)?;
    let view = session.sync_verify(&bytes, &mut env)?;
    if json {
        print_json(&view);
        return Ok(());
    }
    out("The bundle is intact, signed by an enrolled device, and may be imported here:");
    for line in view.summary.lines() {
        out(line);
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum TimeSyncCommand {
    /// Export to a device; prints `export<TAB>ops<TAB>bytes<TAB>µs`.
    Export {
        #[arg(long, value_name = "DEVICE")]
        to: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Import a bundle; prints `import<TAB>ops<TAB>µs`, then the baseline: the same ops
    /// inserted as plain rows into the same database, `plain<TAB>rows<TAB>µs`.
    Import { file: PathBuf },
}

/// `dossier time-sync` (for `cargo xtask bench sync`): times export and import in-process,
/// so unlocking (Argon2id, deliberately slow) is not in the figures.
pub fn time_sync(
    archive: &Path,
    officer: Option<String>,
    cmd: TimeSyncCommand,
) -> Result<(), Failure> {
    use std::time::Instant;
    let (mut session, mut env) = open(archive, officer)?;
    match cmd {
        TimeSyncCommand::Export { to, out: file } => {
            let t = Instant::now();
            let (view, bytes) = session.sync_export(Some(&to), &mut env)?;
            let took = t.elapsed().as_micros();
            write_whole(&file, &bytes)?;
            out(&format!("export\t{}\t{}\t{took}", view.ops, view.bytes));
        }
        TimeSyncCommand::Import { file } => {
            let bytes = read_file(&file)?;
            let t = Instant::now();
            let view = session.sync_import(&bytes, false, &mut env)?;
            let took = t.elapsed().as_micros();
            out(&format!("import\t{}\t{took}", view.new));
            let ops = session.bench_bundle_ops(&bytes)?;
            let t = Instant::now();
            session.bench_plain_insert(&ops)?;
            out(&format!(
                "plain\t{}\t{}",
                ops.len(),
                t.elapsed().as_micros()
            ));
        }
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum ConflictCommand {
    /// List the fields two devices changed from the same starting point, with both values.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Keep one of a conflict's two values (the operation id `list` shows beside it).
    Resolve {
        /// The entity kind, as `list` shows it (subject, record, leave, …).
        entity: String,
        /// The entity's id.
        id: String,
        /// The field, as `list` shows it.
        field: String,
        /// The operation whose value to keep.
        #[arg(long, value_name = "OP_ID")]
        keep: String,
    },
}

/// `dossier conflict list|resolve`.
pub fn conflict(
    archive: &Path,
    officer: Option<String>,
    cmd: ConflictCommand,
) -> Result<(), Failure> {
    let (mut session, mut env) = open(archive, officer)?;
    match cmd {
        ConflictCommand::List { json } => {
            let all = session.sync_conflicts()?;
            if json {
                print_json(&all);
                return Ok(());
            }
            for c in &all {
                out(&format!(
                    "{} {} {} ({}{})",
                    c.entity,
                    c.entity_id,
                    c.field,
                    c.subject_name.as_deref().unwrap_or(""),
                    if c.subject_name.is_some() { "：" } else { "" },
                ));
                let (label, mut shown) = (&c.field_label, c.shown.clone());
                shown.value = if shown.value.is_empty() {
                    "（空）".into()
                } else {
                    shown.value
                };
                out(&format!(
                    "  {label} 现显示：{}  [{} {} {}]",
                    shown.value,
                    shown.at,
                    shown.officer.as_deref().unwrap_or(&shown.device_id),
                    shown.op_id
                ));
                out(&format!(
                    "  {label} 另一值：{}  [{} {} {}]",
                    if c.other.value.is_empty() {
                        "（空）"
                    } else {
                        &c.other.value
                    },
                    c.other.at,
                    c.other.officer.as_deref().unwrap_or(&c.other.device_id),
                    c.other.op_id
                ));
            }
            eprintln!("{} conflicts wait for a decision.", all.len());
        }
        ConflictCommand::Resolve {
            entity,
            id,
            field,
            keep,
        } => {
            session.sync_resolve(&entity, &id, &field, &keep, &mut env)?;
            eprintln!("Resolved: the value kept travels with the next bundle.");
        }
    }
    Ok(())
}
