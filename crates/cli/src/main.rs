//! `dossier`: the command-line host of Dossier.
//!
//! main -> try_main -> one function per command. Each command parses its arguments, calls
//! `dossier-api`, and prints. Errors go to stderr as `error[code]: message` in plain words;
//! exit status 1 means the input or the archive was refused, 2 a usage error. The passphrase
//! comes from `DOSSIER_PASSPHRASE` or a prompt on the terminal, never from a flag, so it does
//! not land in shell history or process lists.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use dossier_api::{DemoParams, Env, InitParams, Scale, Session};

mod sync_cmd;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Community-correction case files (社区矫正档案), offline and encrypted."
)]
struct Cli {
    /// The archive folder.
    #[arg(long, global = true, env = "DOSSIER_ARCHIVE", value_name = "PATH")]
    archive: Option<PathBuf>,
    /// Unlock as this officer (name or id); default: the archive's first officer.
    #[arg(
        long = "as",
        global = true,
        env = "DOSSIER_OFFICER",
        value_name = "OFFICER"
    )]
    as_officer: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new, empty archive for a village or an office.
    Init {
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Division code: 12 digits for a village or community, 9 for a street or township office.
        #[arg(long, value_name = "CODE")]
        jurisdiction: String,
        /// The name of the first officer, who will administer the archive.
        #[arg(long, value_name = "NAME")]
        officer: String,
    },
    /// Create an archive full of synthetic subjects (Baiyang Street, or the whole county).
    Demo {
        #[arg(long, value_enum, default_value = "street")]
        scale: ScaleArg,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the demo is set around, YYYY-MM-DD (default: today in China).
        #[arg(long, value_name = "DATE")]
        today: Option<NaiveDate>,
    },
    /// Subjects (社区矫正对象).
    #[command(subcommand)]
    Subject(SubjectCommand),
    /// Records of a subject's file: sections and daily work (记录).
    #[command(subcommand)]
    Record(RecordCommand),
    /// Registers (台账) of staff, volunteers, trainings and meetings.
    #[command(subcommand)]
    Register(RegisterCommand),
    /// Print a ledger (台账), the monthly statistics or a personal file as PDF, XLSX or CSV.
    /// `dossier report list` lists the ledgers.
    #[command(after_help = ledgers_help())]
    Report {
        /// A ledger id (see the list below), or `list`.
        #[arg(value_name = "LEDGER")]
        ledger: String,
        /// The month, YYYY-MM (default: this month).
        #[arg(long, value_name = "YYYY-MM")]
        period: Option<String>,
        /// A division code within this site's scope (default: the whole scope).
        #[arg(long, value_name = "CODE")]
        jurisdiction: Option<String>,
        /// The subject (id or file number), for the personal file.
        #[arg(long, value_name = "ID")]
        subject: Option<String>,
        /// pdf, xlsx or csv.
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// The file to write; it is written whole or not at all.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Find subjects by name, pinyin, initials, ID-number fragment or file number.
    Search {
        /// What to look for, e.g. 张, 张伟, zw, zhangwei, 0723, 2026-0007.
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Attachments: photos (JPEG, PNG) and PDF scans.
    #[command(subcommand)]
    Attachment(AttachmentCommand),
    /// Proposals the office decides: sanctions, transfers, positioning, injunction
    /// entries, the ending (解除/终止).
    #[command(subcommand)]
    Proposal(ProposalCommand),
    /// Leave (外出): request, decision, extension, return.
    #[command(subcommand)]
    Leave(LeaveCommand),
    /// What is due or overdue this week (the reminders dashboard), with counts per village.
    Due {
        /// The day to look from, YYYY-MM-DD (default: today in China).
        #[arg(long, value_name = "DATE")]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Record a subject's monthly assessment (月度考核) and print it as JSON.
    ///
    /// ITEMS.json is a list of points-table items: [{"code": "check_in_late", "on":
    /// "2026-11-03"}, {"code": "good_deed", "on": "2026-11-20", "count": 1}]; [] for a month
    /// with nothing to add or deduct. `dossier rules show --json` lists the codes.
    Assess {
        /// The subject's id or file number.
        #[arg(long, value_name = "ID")]
        subject: String,
        /// The month assessed, YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        #[arg(long, value_name = "ITEMS.json")]
        file: PathBuf,
    },
    /// Decide a change of management level (严管/普管/宽管) with its reason (office only).
    Level {
        /// The subject's id or file number.
        #[arg(long, value_name = "ID")]
        subject: String,
        /// strict | normal | lenient (or 严管/普管/宽管).
        #[arg(long, value_name = "LEVEL")]
        to: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// The office's rules table (leave tiers, points scheme, ...), versioned by the day each
    /// version takes effect.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Sensitive periods (敏感时期), when the "four ones" are due.
    #[command(subcommand)]
    Period(PeriodCommand),
    /// Time searches in-process (for `cargo xtask bench search`): prints, per query, its hit
    /// count and every run's time in microseconds; the first line is the `subject list`
    /// baseline, the second the first search (which builds the search keys).
    #[command(hide = true)]
    TimeSearch {
        #[arg(long, default_value_t = 50)]
        runs: usize,
        queries: Vec<String>,
    },
    /// Enrolment of devices for sync: request (village), enroll and revoke (office), accept.
    #[command(subcommand)]
    Device(sync_cmd::DeviceCommand),
    /// Write a bundle of everything the other side has not acknowledged.
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// (Office) The device to export to; a village always exports to its office.
        #[arg(long, value_name = "DEVICE")]
        to: Option<String>,
    },
    /// Check a bundle without importing it: what importing it would do.
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Import a bundle: all of it in one go, or nothing (the message says why).
    Import {
        file: PathBuf,
        /// Say what would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Sync conflicts: a field two devices changed from the same starting point.
    #[command(subcommand)]
    Conflict(sync_cmd::ConflictCommand),
    /// Time export and import in-process (for `cargo xtask bench sync`).
    #[command(hide = true, subcommand)]
    TimeSync(sync_cmd::TimeSyncCommand),
    /// Officer accounts: list, add, disable, enable, remove (account administrators: at an
    /// office its administrators, at a village archive the officer who created it).
    #[command(subcommand)]
    Officer(OfficerCommand),
    /// Change your own passphrase: the current one from DOSSIER_PASSPHRASE (or asked), the
    /// new one from DOSSIER_NEW_PASSPHRASE (or asked twice). Only your key slot is rewritten.
    Passphrase,
    /// The recovery key, which sets a new passphrase when one is lost (account administrators).
    #[command(subcommand)]
    Recovery(RecoveryCommand),
    /// Set a new passphrase for an officer with the archive's recovery key file; needs no
    /// passphrase. The new one comes from DOSSIER_NEW_PASSPHRASE (or is asked twice).
    Recover {
        /// The recovery key file made by `dossier recovery new`.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The officer's name or id.
        #[arg(long, value_name = "NAME")]
        officer: String,
    },
    /// Print a SHA-256 of the archive's logical content (the same for the same records,
    /// whatever order they arrived in).
    Digest,
    /// Check the archive's integrity: pages, op log and tables, and the audit log's chain.
    Check,
    /// Write a backup of the archive (encrypted as the archive is). Without --out, into the
    /// archive's own backups folder, keeping the newest 7 (or --keep N from now on).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// How many automatic backups the archive keeps (default 7).
        #[arg(long, value_name = "N")]
        keep: Option<usize>,
    },
    /// Restore a backup into a new folder (never over an existing archive). The restored
    /// archive is a new device for sync: the office enrols it again.
    Restore {
        file: PathBuf,
        #[arg(long, value_name = "FOLDER")]
        to: PathBuf,
    },
    /// The audit log: who viewed, exported, imported and changed what (office roles only).
    Audit {
        /// Only entries about this subject (id or file number).
        #[arg(long, value_name = "ID")]
        subject: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum OfficerCommand {
    /// The officers who can unlock this archive, and whether each is active.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add an officer. Your own passphrase (DOSSIER_PASSPHRASE) confirms it; theirs comes
    /// from DOSSIER_NEW_PASSPHRASE or is asked twice (at least 8 characters).
    Add {
        #[arg(long, value_name = "NAME")]
        name: String,
        /// village_worker | office_staff | office_admin (a village archive: village_worker).
        #[arg(long, value_name = "ROLE")]
        role: String,
    },
    /// Disable an officer: their key slot is kept, but they cannot unlock.
    Disable { officer: String },
    /// Let a disabled officer unlock again.
    Enable { officer: String },
    /// Remove an officer: disabled and their key slot deleted.
    Remove { officer: String },
}

#[derive(Subcommand)]
enum RecoveryCommand {
    /// Make a new recovery key: its secret goes to FILE (which must not exist; keep it
    /// offline), the archive key is wrapped to it, and its public part is printed.
    New {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Wrap the archive key to an existing recovery key's public part (age1…), e.g. the
    /// office's, so the office's key file recovers this archive too.
    Set { recipient: String },
}

#[derive(Subcommand)]
enum SubjectCommand {
    /// Add a subject from a JSON file and print it as JSON.
    ///
    /// Fields: name, id_number, jurisdiction (village code), category
    /// (surveillance|probation|parole|temporary_outside, or 管制|缓刑|假释|暂予监外执行),
    /// correction_start, correction_end (YYYY-MM-DD); optional: sex, birth_date (must agree
    /// with the ID number), ethnicity, education, marital_status, phone, household_address,
    /// residence_address, crime, original_sentence, status, file_no.
    Add {
        #[arg(long, value_name = "F.json")]
        file: PathBuf,
    },
    /// List the subjects of the archive's jurisdiction.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a subject's file: basic information, derived facts and records.
    Show {
        /// The subject's id or file number (档案编号).
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum RecordCommand {
    /// Add a record from a JSON object of its fields and print it as JSON.
    #[command(after_help = kinds_help())]
    Add {
        /// The subject's id or file number.
        #[arg(long, value_name = "ID")]
        subject: String,
        /// The kind of record (see the list below).
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// A JSON object of field name to value: dates YYYY-MM-DD, choices by code or Chinese
        /// label, yes/no as true/false, attachments by sha256 (comma-separated; add the files
        /// first with `dossier attachment add`).
        #[arg(long, value_name = "F.json")]
        file: PathBuf,
    },
    /// Change some fields of a record (a JSON object of just those fields) and print it.
    Edit {
        record_id: String,
        #[arg(long, value_name = "F.json")]
        file: PathBuf,
    },
    /// List a subject's records, newest first.
    List {
        /// The subject's id or file number.
        #[arg(long, value_name = "ID")]
        subject: String,
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ProposalCommand {
    /// Put a matter forward from a JSON file and print it as JSON.
    ///
    /// Fields: matter (sanction | transfer | positioning | injunction_entry | ending), facts,
    /// grounds, optional doc_no and evidence (attachment hashes), and the matter's own:
    /// sanction: step (praise | admonition | warning | police_penalty_request |
    /// revocation_request | return_to_prison); transfer: destination_code, move_on;
    /// positioning: positioning_reason, from, optional to; injunction_entry: place, from,
    /// to; ending: end_reason (completed | pardoned | revoked | returned_to_prison | died),
    /// summary, optional certificate_no.
    Add {
        /// The subject's id or file number.
        #[arg(long, value_name = "ID")]
        subject: String,
        #[arg(long, value_name = "PROPOSAL.json")]
        file: PathBuf,
    },
    /// Record the office's decision on an open proposal (office only).
    Decide {
        proposal_id: String,
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        approve: bool,
        #[arg(long)]
        reject: bool,
        /// The grounds of the decision.
        #[arg(long, value_name = "TEXT")]
        grounds: String,
        /// The facts as the office found them.
        #[arg(long, value_name = "TEXT", default_value = "")]
        facts: String,
        /// The decision's document number (required to approve).
        #[arg(long, value_name = "NO", default_value = "")]
        doc_no: String,
    },
    /// Withdraw an open proposal (its proposer or the office).
    Withdraw { proposal_id: String },
    /// List a subject's proposals, or every open one.
    List {
        /// The subject's id or file number; without it, the open proposals.
        #[arg(long, value_name = "ID")]
        subject: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum RegisterCommand {
    /// Add an entry from a JSON object of its fields and print it as JSON. Staff, volunteer
    /// and meeting registers are kept by the office; any site keeps its trainings.
    #[command(after_help = registers_help())]
    Add {
        /// The register (see the list below).
        #[arg(value_name = "KIND")]
        kind: String,
        /// A JSON object of field name to value: dates YYYY-MM-DD, choices by code or Chinese
        /// label, yes/no as true/false.
        #[arg(long, value_name = "F.json")]
        file: PathBuf,
    },
    /// Change some fields of an entry (a JSON object; null or "" clears an optional field).
    Edit {
        id: String,
        #[arg(long, value_name = "F.json")]
        file: PathBuf,
    },
    /// Delete an entry.
    Delete { id: String },
    /// List a register's entries this site sees, newest first.
    #[command(after_help = registers_help())]
    List {
        #[arg(value_name = "KIND")]
        kind: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum LeaveCommand {
    /// Record a leave request from a JSON file and print it as JSON.
    ///
    /// Fields: from, to (YYYY-MM-DD, both days away), destination_code (division code, 6, 9
    /// or 12 digits), destination_detail, reason, contact (person and phone at the
    /// destination); optional applied_on (default today).
    Request {
        /// The subject's id or file number.
        #[arg(long, value_name = "ID")]
        subject: String,
        #[arg(long, value_name = "LEAVE.json")]
        file: PathBuf,
    },
    /// Record the decision on a requested leave or extension (office only).
    Decide {
        leave_id: String,
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        approve: bool,
        #[arg(long)]
        reject: bool,
        /// The opinion (required to reject).
        #[arg(long, value_name = "TEXT", default_value = "")]
        opinion: String,
    },
    /// Ask to extend an approved leave, before it ends.
    Extend {
        leave_id: String,
        /// The new last day, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        to: NaiveDate,
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Record the return (销假).
    Return {
        leave_id: String,
        /// The day the subject reported back, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        on: NaiveDate,
    },
    /// Withdraw a leave that has not started.
    Cancel { leave_id: String },
    /// List leaves, of one subject or of all, the latest first.
    List {
        /// The subject's id or file number.
        #[arg(long, value_name = "ID")]
        subject: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum PeriodCommand {
    /// Set a sensitive period (office roles only), both days included.
    Add {
        /// What it is, e.g. 国庆.
        #[arg(long, value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "DATE")]
        from: NaiveDate,
        #[arg(long, value_name = "DATE")]
        to: NaiveDate,
    },
    /// List the sensitive periods.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Show the rules in force on a day (and the versions there are).
    Show {
        /// The day, YYYY-MM-DD (default: today in China).
        #[arg(long, value_name = "DATE")]
        date: Option<NaiveDate>,
        /// Print only the rules in force, as JSON (a valid file for `rules set`).
        #[arg(long)]
        json: bool,
    },
    /// Set a version of the rules from a JSON file, in force from a day (office
    /// administrator only). Sections left out of the file take their defaults.
    Set {
        /// The day it takes effect, YYYY-MM-DD (today or later).
        #[arg(long, value_name = "DATE")]
        from: NaiveDate,
        #[arg(long, value_name = "RULES.json")]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum AttachmentCommand {
    /// Store a photo or PDF scan and print its description as JSON; records refer to it by
    /// its sha256.
    Add { file: PathBuf },
}

/// The kinds of record and their fields, for `record add --help`.
fn kinds_help() -> String {
    fields_help("Kinds (--kind)", dossier_api::kind_views())
}

/// The registers and their fields, for `register add --help`.
fn ledgers_help() -> String {
    let mut s = String::from("Ledgers (LEDGER):\n");
    for l in dossier_api::ledger_views() {
        let what = match (l.period_kind.as_str(), l.needs_subject) {
            (_, true) => " [--subject]",
            ("month", _) => " [--period]",
            _ => "",
        };
        s.push_str(&format!(
            "  {:<18} {} ({}){what}\n",
            l.id, l.title, l.title_en
        ));
    }
    s
}

fn report(
    archive: &Path,
    officer: Option<String>,
    req: dossier_api::view::ReportRequest,
    out_path: Option<PathBuf>,
    json: bool,
) -> Result<(), Failure> {
    if req.ledger == "list" {
        let ledgers = dossier_api::ledger_views();
        if json {
            print_json(&ledgers);
        } else {
            for l in ledgers {
                out(&format!("{:<18} {}\t{}", l.id, l.title, l.title_en));
            }
        }
        return Ok(());
    }
    if req.format.is_empty() {
        return Err(usage(
            "say which format to write: --format pdf, xlsx or csv",
        ));
    }
    let out_path = out_path.ok_or_else(|| usage("say where to write the report: --out FILE"))?;
    let (mut session, mut env) = open(archive, officer)?;
    let saved = session.report_save(&req, &out_path, &mut env, &mut |_| {})?;
    if json {
        print_json(&saved);
    } else {
        let pages = saved
            .pages
            .map(|p| format!(", {p} pages"))
            .unwrap_or_default();
        out(&format!(
            "Wrote {}: {} rows{pages}, {} bytes.",
            saved.path, saved.rows, saved.bytes
        ));
    }
    Ok(())
}

fn registers_help() -> String {
    fields_help("Registers (KIND)", dossier_api::register_kind_views())
}

fn fields_help(what: &str, kinds: Vec<dossier_api::view::KindView>) -> String {
    let mut s = format!("{what} and their fields (* = required):\n");
    for k in kinds {
        s.push_str(&format!("  {:<22} {} ({})\n", k.name, k.zh, k.en));
        let fields: Vec<String> = k
            .fields
            .iter()
            .map(|f| format!("{}{}", f.name, if f.required { "*" } else { "" }))
            .collect();
        s.push_str(&format!("  {:<22}   {}\n", "", fields.join(", ")));
    }
    s
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Village,
    Office,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScaleArg {
    Street,
    County,
}

/// A failure already explained to the user; carries the exit status.
struct Failure(u8);

impl From<dossier_api::Error> for Failure {
    fn from(e: dossier_api::Error) -> Failure {
        eprintln!("error[{}]: {e}", e.code());
        Failure(1)
    }
}

fn usage(message: &str) -> Failure {
    eprintln!("error[usage]: {message}");
    Failure(2)
}

fn main() -> ExitCode {
    match try_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(code)) => ExitCode::from(code),
    }
}

fn try_main() -> Result<(), Failure> {
    let cli = Cli::parse();
    let archive = match &cli.archive {
        Some(p) => p.clone(),
        None => {
            default_archive().ok_or_else(|| usage("no --archive given and no data folder known"))?
        }
    };
    match cli.command {
        Command::Init {
            role,
            jurisdiction,
            officer,
        } => init(&archive, role, jurisdiction, officer),
        Command::Demo { scale, seed, today } => demo(&archive, scale, seed, today),
        Command::Subject(SubjectCommand::Add { file }) => {
            subject_add(&archive, cli.as_officer, &file)
        }
        Command::Subject(SubjectCommand::List { json }) => {
            subject_list(&archive, cli.as_officer, json)
        }
        Command::Subject(SubjectCommand::Show { id, json }) => {
            subject_show(&archive, cli.as_officer, &id, json)
        }
        Command::Record(RecordCommand::Add {
            subject,
            kind,
            file,
        }) => record_add(&archive, cli.as_officer, &subject, &kind, &file),
        Command::Record(RecordCommand::Edit { record_id, file }) => {
            record_edit(&archive, cli.as_officer, &record_id, &file)
        }
        Command::Record(RecordCommand::List {
            subject,
            kind,
            json,
        }) => record_list(&archive, cli.as_officer, &subject, kind.as_deref(), json),
        Command::Register(c) => register(&archive, cli.as_officer, c),
        Command::Report {
            ledger,
            period,
            jurisdiction,
            subject,
            format,
            out,
            json,
        } => {
            let req = dossier_api::view::ReportRequest {
                ledger,
                period,
                jurisdiction,
                subject_id: subject,
                format: format.unwrap_or_default(),
            };
            report(&archive, cli.as_officer, req, out, json)
        }
        Command::Search { text, json } => search(&archive, cli.as_officer, &text, json),
        Command::Attachment(AttachmentCommand::Add { file }) => {
            attachment_add(&archive, cli.as_officer, &file)
        }
        Command::Leave(c) => leave(&archive, cli.as_officer, c),
        Command::Proposal(c) => proposal(&archive, cli.as_officer, c),
        Command::Due { date, json } => due(&archive, cli.as_officer, date, json),
        Command::Assess {
            subject,
            month,
            file,
        } => assess(&archive, cli.as_officer, &subject, &month, &file),
        Command::Level {
            subject,
            to,
            reason,
        } => level(&archive, cli.as_officer, &subject, &to, &reason),
        Command::Rules(c) => rules(&archive, cli.as_officer, c),
        Command::Period(c) => period(&archive, cli.as_officer, c),
        Command::TimeSearch { runs, queries } => {
            time_search(&archive, cli.as_officer, runs, &queries)
        }
        Command::Device(cmd) => sync_cmd::device(&archive, cli.as_officer, cmd),
        Command::Export { out, to } => {
            sync_cmd::export(&archive, cli.as_officer, &out, to.as_deref())
        }
        Command::Verify { file, json } => sync_cmd::verify(&archive, cli.as_officer, &file, json),
        Command::Import {
            file,
            dry_run,
            json,
        } => sync_cmd::import(&archive, cli.as_officer, &file, dry_run, json),
        Command::TimeSync(cmd) => sync_cmd::time_sync(&archive, cli.as_officer, cmd),
        Command::Conflict(cmd) => sync_cmd::conflict(&archive, cli.as_officer, cmd),
        Command::Officer(c) => officer(&archive, cli.as_officer, c),
        Command::Passphrase => change_passphrase(&archive, cli.as_officer),
        Command::Recovery(c) => recovery(&archive, cli.as_officer, c),
        Command::Recover { key, officer } => recover(&archive, &key, &officer),
        Command::Digest => digest(&archive, cli.as_officer),
        Command::Check => check(&archive, cli.as_officer),
        Command::Audit { subject, json } => audit(&archive, cli.as_officer, subject, json),
        Command::Backup { out, keep } => backup(&archive, cli.as_officer, out, keep),
        Command::Restore { file, to } => restore(&file, &to, cli.as_officer),
    }
}

fn default_archive() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("dossier").join("archive"))
}

/// The passphrase from `DOSSIER_PASSPHRASE`, or asked on the terminal (twice when `confirm`).
fn passphrase(confirm: bool) -> Result<String, Failure> {
    if let Ok(p) = std::env::var("DOSSIER_PASSPHRASE") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(usage(
            "no passphrase: set DOSSIER_PASSPHRASE or run in a terminal to be asked for it",
        ));
    }
    let first = rpassword::prompt_password("Passphrase: ")
        .map_err(|_| usage("could not read the passphrase"))?;
    if confirm {
        let again = rpassword::prompt_password("Passphrase again: ")
            .map_err(|_| usage("could not read the passphrase"))?;
        if again != first {
            return Err(usage("the two passphrases differ; nothing was created"));
        }
    }
    Ok(first)
}

/// A passphrase being set: from `DOSSIER_NEW_PASSPHRASE`, or asked twice on the terminal.
fn new_passphrase() -> Result<String, Failure> {
    if let Ok(p) = std::env::var("DOSSIER_NEW_PASSPHRASE") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(usage(
            "no new passphrase: set DOSSIER_NEW_PASSPHRASE or run in a terminal to be asked for it",
        ));
    }
    let first = rpassword::prompt_password("New passphrase: ")
        .map_err(|_| usage("could not read the passphrase"))?;
    let again = rpassword::prompt_password("New passphrase again: ")
        .map_err(|_| usage("could not read the passphrase"))?;
    if again != first {
        return Err(usage("the two passphrases differ; nothing was changed"));
    }
    Ok(first)
}

fn open(archive: &Path, officer: Option<String>) -> Result<(Session, Env), Failure> {
    // Say "no archive" before asking for a passphrase that could not help.
    dossier_api::archive_info(archive)?;
    let mut env = Env::system();
    let pass = passphrase(false)?;
    let mut session = dossier_api::unlock(archive, officer.as_deref(), &pass, &mut env)?;
    // The first use of a day backs the archive up; a failed backup must not stop the work.
    if let Err(e) = session.backup_if_due(&mut env) {
        eprintln!("warning[{}]: the daily backup was not made: {e}", e.code());
    }
    Ok((session, env))
}

/// Writes a line to stdout; a closed pipe (`dossier subject list | head`) ends quietly.
fn out(line: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{line}").is_err() {
        std::process::exit(0);
    }
}

fn print_json<T: serde::Serialize>(value: &T) {
    out(&serde_json::to_string_pretty(value).expect("views serialise"));
}

fn init(
    archive: &Path,
    role: RoleArg,
    jurisdiction: String,
    officer: String,
) -> Result<(), Failure> {
    let role = match role {
        RoleArg::Village => dossier_api::SiteRole::Village,
        RoleArg::Office => dossier_api::SiteRole::Office,
    };
    let pass = passphrase(true)?;
    let params = InitParams {
        role,
        jurisdiction,
        officer_name: officer,
    };
    let session = dossier_api::init(archive, params, &pass, &mut Env::system())?;
    let v = session.view();
    eprintln!(
        "Created the {} archive of {} ({}) at {}; officer {} ({}).",
        v.site_role,
        v.jurisdiction_name,
        v.jurisdiction,
        archive.display(),
        v.officer_name,
        v.role
    );
    Ok(())
}

fn demo(
    archive: &Path,
    scale: ScaleArg,
    seed: u64,
    today: Option<NaiveDate>,
) -> Result<(), Failure> {
    let scale = match scale {
        ScaleArg::Street => Scale::Street,
        ScaleArg::County => Scale::County,
    };
    let today = today.unwrap_or_else(|| Env::system().today());
    let pass = passphrase(true)?;
    let (_session, summary) = dossier_api::demo(archive, DemoParams { scale, seed, today }, &pass)?;
    eprintln!(
        "Created a demo archive at {}: {} subjects ({} current) in {}; officers {}.",
        archive.display(),
        summary.subjects,
        summary.current,
        summary.jurisdiction,
        summary.officers.join(", ")
    );
    Ok(())
}

fn subject_add(archive: &Path, officer: Option<String>, file: &Path) -> Result<(), Failure> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        eprintln!(
            "error[invalid_input]: cannot read {}: {}",
            file.display(),
            plain_io(&e)
        );
        Failure(1)
    })?;
    let input = dossier_api::parse_new_subject(&text)?;
    let (mut session, mut env) = open(archive, officer)?;
    let row = session.subject_add(input, &mut env)?;
    print_json(&row);
    Ok(())
}

fn subject_list(archive: &Path, officer: Option<String>, json: bool) -> Result<(), Failure> {
    let (session, _) = open(archive, officer)?;
    let rows = session.subject_list()?;
    if json {
        print_json(&rows);
        return Ok(());
    }
    use dossier_api::core::subject::{Category, Sex};
    out("档案编号\t姓名\t性别\t矫正类别\t矫正期限\t村(居)");
    for r in &rows {
        let sex = Sex::parse(&r.sex).map_or(r.sex.as_str(), |s| s.label_zh());
        let category = Category::parse(&r.category).map_or(r.category.as_str(), |c| c.label_zh());
        out(&format!(
            "{}\t{}\t{}\t{}\t{} 至 {}\t{}",
            r.file_no,
            r.name,
            sex,
            category,
            r.correction_start,
            r.correction_end,
            r.jurisdiction_name
        ));
    }
    eprintln!("{} subjects.", rows.len());
    match session.sealed_count()? {
        0 => {}
        n => eprintln!(
            "{n} more file(s) of minors are sealed (Art 54) and not listed; the judicial office keeps them."
        ),
    }
    Ok(())
}

/// Reads a file the user named, refusing in plain words.
fn read_file(file: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(file).map_err(|e| {
        eprintln!(
            "error[invalid_input]: cannot read {}: {}",
            file.display(),
            plain_io(&e)
        );
        Failure(1)
    })
}

/// The Chinese label of a derived-facts or subject code, from core; the code itself when
/// this version does not know it.
fn label_zh(code: &str) -> String {
    use dossier_api::core::facts::{KeyReason, ReportAlert};
    use dossier_api::core::subject::{ManagementLevel, Status};
    let alerts = [
        ReportAlert::Due,
        ReportAlert::Overdue10,
        ReportAlert::Overdue30,
    ];
    None.or_else(|| Status::parse(code).map(|s| s.label_zh()))
        .or_else(|| ManagementLevel::parse(code).map(|l| l.label_zh()))
        .or_else(|| KeyReason::parse(code).map(|k| k.label_zh()))
        .or_else(|| {
            alerts
                .iter()
                .find(|a| a.as_str() == code)
                .map(|a| a.label_zh())
        })
        .unwrap_or(code)
        .to_owned()
}

/// A record field's value as a person reads it: a choice by its label, yes/no as 是/否, a
/// whole number without ".0".
fn value_zh(field: &dossier_api::view::FieldView, v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Bool(b) => (if *b { "是" } else { "否" }).to_owned(),
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            _ => n.to_string(),
        },
        serde_json::Value::String(s) => field
            .choices
            .iter()
            .find(|c| &c.value == s)
            .map_or_else(|| s.clone(), |c| c.zh.clone()),
        other => other.to_string(),
    }
}

fn subject_show(
    archive: &Path,
    officer: Option<String>,
    id: &str,
    json: bool,
) -> Result<(), Failure> {
    let (mut session, mut env) = open(archive, officer)?;
    let id = session.subject_lookup(id)?;
    let file = session.subject_open(&id, &mut env)?;
    if json {
        print_json(&file);
        return Ok(());
    }
    use dossier_api::core::subject::{Category, Sex};
    let (s, d, f) = (&file.subject, &file.detail, &file.facts);
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".to_owned());
    let sex = Sex::parse(&s.sex).map_or(s.sex.as_str(), |x| x.label_zh());
    let category = Category::parse(&s.category).map_or(s.category.as_str(), |c| c.label_zh());
    let lines = [
        ("档案编号", s.file_no.clone()),
        ("姓名", s.name.clone()),
        ("性别", sex.to_owned()),
        ("民族", s.ethnicity.clone()),
        (
            "出生日期",
            format!(
                "{}（{}岁{}）",
                s.birth_date,
                f.age,
                if f.minor { "，未成年" } else { "" }
            ),
        ),
        ("身份证号", s.id_number.clone()),
        ("文化程度", opt(&d.education)),
        ("婚姻状况", opt(&d.marital_status)),
        ("联系电话", opt(&s.phone)),
        ("户籍地", opt(&d.household_address)),
        ("居住地", opt(&d.residence_address)),
        (
            "村(居)",
            format!("{}（{}）", s.jurisdiction_name, s.jurisdiction),
        ),
        ("罪名", opt(&s.crime)),
        ("原判刑罚", opt(&d.original_sentence)),
        ("矫正类别", category.to_owned()),
        (
            "矫正期限",
            format!("{} 至 {}", s.correction_start, s.correction_end),
        ),
        (
            "已矫正",
            format!("{} 天，剩余 {} 天", f.days_served, f.days_remaining),
        ),
        ("状态", label_zh(&s.status)),
        ("管理等级", label_zh(&s.management_level)),
        ("判决生效日期", opt(&d.judgment_date)),
        ("法律文书收到日期", opt(&d.papers_received)),
        ("报到日期", opt(&d.reported_on)),
        ("照片", opt(&d.photo)),
    ];
    for (label, value) in lines {
        out(&format!("{label}：{value}"));
    }
    if let Some(deadline) = &f.report_deadline {
        out(&format!("报到期限：{deadline}"));
    }
    if let Some(alert) = &f.report_alert {
        out(&format!("报到提醒：{}", label_zh(alert)));
    }
    let reasons: Vec<String> = f.key_reasons.iter().map(|r| label_zh(r)).collect();
    let key = match (f.key_override, f.key_subject) {
        (Some(_), k) => format!(
            "{}（人工认定：{}）",
            if k { "是" } else { "否" },
            opt(&f.key_override_reason)
        ),
        (None, true) => format!("是（{}）", reasons.join("、")),
        (None, false) => "否".to_owned(),
    };
    out(&format!("重点对象：{key}"));
    let kinds = dossier_api::kind_views();
    out(&format!("记录：{} 条", file.records.len()));
    for r in &file.records {
        let zh = kinds
            .iter()
            .find(|k| k.name == r.kind)
            .map_or(r.kind.as_str(), |k| k.zh.as_str());
        out(&format!(
            "  {}\t{}\t{}",
            r.date.as_deref().unwrap_or("—"),
            zh,
            r.id
        ));
    }
    Ok(())
}

fn record_edit(
    archive: &Path,
    officer: Option<String>,
    record_id: &str,
    file: &Path,
) -> Result<(), Failure> {
    let changes = read_fields(file, "record")?;
    let (mut session, mut env) = open(archive, officer)?;
    let record = session.record_edit(record_id, changes, &mut env)?;
    print_json(&record);
    Ok(())
}

fn record_add(
    archive: &Path,
    officer: Option<String>,
    subject: &str,
    kind: &str,
    file: &Path,
) -> Result<(), Failure> {
    let data = read_fields(file, "record")?;
    let (mut session, mut env) = open(archive, officer)?;
    let id = session.subject_lookup(subject)?;
    let record = session.record_add(&id, kind, data, &mut env)?;
    print_json(&record);
    Ok(())
}

/// A JSON file of field names and values (a record's or a register entry's).
fn read_fields(
    file: &Path,
    of_what: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, Failure> {
    let bytes = read_file(file)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        let what = if e.is_syntax() || e.is_eof() {
            "is not valid JSON"
        } else {
            "is not a JSON object of field names and values"
        };
        eprintln!("error[invalid_input]: The {of_what} file {what}: {e}.");
        Failure(1)
    })
}

fn register(archive: &Path, officer: Option<String>, c: RegisterCommand) -> Result<(), Failure> {
    match c {
        RegisterCommand::Add { kind, file } => {
            let data = read_fields(&file, "entry")?;
            let (mut session, mut env) = open(archive, officer)?;
            print_json(&session.register_add(&kind, data, &mut env)?);
        }
        RegisterCommand::Edit { id, file } => {
            let data = read_fields(&file, "entry")?;
            let (mut session, mut env) = open(archive, officer)?;
            print_json(&session.register_edit(&id, data, &mut env)?);
        }
        RegisterCommand::Delete { id } => {
            let (mut session, mut env) = open(archive, officer)?;
            session.register_delete(&id, &mut env)?;
            eprintln!("Deleted.");
        }
        RegisterCommand::List { kind, json } => {
            let (session, _) = open(archive, officer)?;
            let entries = session.register_list(&kind)?;
            if json {
                print_json(&entries);
                return Ok(());
            }
            let kinds = dossier_api::register_kind_views();
            let Some(k) = kinds.iter().find(|k| k.name == kind) else {
                return Ok(());
            };
            let columns: Vec<_> = k.fields.iter().filter(|f| f.ty != "long_text").collect();
            let header: Vec<&str> = columns.iter().map(|f| f.zh.as_str()).collect();
            out(&format!("{}\t保管单位\t编号", header.join("\t")));
            for e in &entries {
                let cells: Vec<String> = columns
                    .iter()
                    .map(|f| {
                        e.data
                            .get(&f.name)
                            .map_or_else(|| "—".to_owned(), |v| value_zh(f, v))
                    })
                    .collect();
                out(&format!(
                    "{}\t{}\t{}",
                    cells.join("\t"),
                    e.jurisdiction_name,
                    e.id
                ));
            }
            eprintln!("{} entries.", entries.len());
        }
    }
    Ok(())
}

fn record_list(
    archive: &Path,
    officer: Option<String>,
    subject: &str,
    kind: Option<&str>,
    json: bool,
) -> Result<(), Failure> {
    let (session, _) = open(archive, officer)?;
    let id = session.subject_lookup(subject)?;
    let records = session.record_list(&id, kind)?;
    if json {
        print_json(&records);
        return Ok(());
    }
    let kinds = dossier_api::kind_views();
    out("日期\t类别\t内容\t编号");
    for r in &records {
        let k = kinds.iter().find(|k| k.name == r.kind);
        let summary: Vec<String> = k
            .map(|k| {
                k.fields
                    .iter()
                    .filter(|f| Some(&f.name) != k.date_field.as_ref())
                    .filter_map(|f| {
                        r.data
                            .get(&f.name)
                            .map(|v| format!("{}：{}", f.zh, value_zh(f, v)))
                    })
                    .take(3)
                    .collect()
            })
            .unwrap_or_default();
        out(&format!(
            "{}\t{}\t{}\t{}",
            r.date.as_deref().unwrap_or("—"),
            k.map_or(r.kind.as_str(), |k| k.zh.as_str()),
            summary.join("；"),
            r.id
        ));
    }
    eprintln!("{} records.", records.len());
    Ok(())
}

fn search(archive: &Path, officer: Option<String>, text: &str, json: bool) -> Result<(), Failure> {
    let (mut session, _) = open(archive, officer)?;
    let hits = session.search(text)?;
    if json {
        print_json(&hits);
        return Ok(());
    }
    out("档案编号\t姓名\t村(居)\t匹配");
    for h in &hits {
        out(&format!(
            "{}\t{}\t{}\t{}",
            h.subject.file_no, h.subject.name, h.subject.jurisdiction_name, h.matched
        ));
    }
    eprintln!("{} found.", hits.len());
    Ok(())
}

fn attachment_add(archive: &Path, officer: Option<String>, file: &Path) -> Result<(), Failure> {
    let (mut session, mut env) = open(archive, officer)?;
    let view = session.attachment_add_file(file, &mut env)?;
    print_json(&view);
    Ok(())
}

/// Parses a JSON file the user named, refusing in plain words (`what`: "leave request").
fn json_file<T: serde::de::DeserializeOwned>(file: &Path, what: &str) -> Result<T, Failure> {
    let bytes = read_file(file)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        let why = if e.is_syntax() || e.is_eof() {
            "is not valid JSON"
        } else {
            "does not have the fields it needs"
        };
        eprintln!("error[invalid_input]: The {what} file {why}: {e}.");
        Failure(1)
    })
}

fn proposal(archive: &Path, officer: Option<String>, c: ProposalCommand) -> Result<(), Failure> {
    let input = match &c {
        ProposalCommand::Add { file, .. } => Some(json_file::<dossier_api::view::ProposalInput>(
            file, "proposal",
        )?),
        _ => None,
    };
    let (mut session, mut env) = open(archive, officer)?;
    let view = match c {
        ProposalCommand::Add { subject, .. } => {
            let id = session.subject_lookup(&subject)?;
            session.propose(&id, input.expect("parsed above"), &mut env)?
        }
        ProposalCommand::Decide {
            proposal_id,
            approve,
            grounds,
            facts,
            doc_no,
            ..
        } => {
            let input = dossier_api::view::DecisionInput {
                approve,
                facts,
                grounds,
                doc_no,
                evidence: Vec::new(),
            };
            session.decide(&proposal_id, input, &mut env)?
        }
        ProposalCommand::Withdraw { proposal_id } => session.withdraw(&proposal_id, &mut env)?,
        ProposalCommand::List { subject, json } => {
            let id = subject.map(|s| session.subject_lookup(&s)).transpose()?;
            let all = session.proposals(id.as_deref())?;
            if json {
                print_json(&all);
                return Ok(());
            }
            out("姓名\t事项\t内容\t提出日期\t状态\t编号");
            for p in &all {
                let status = match p.status.as_str() {
                    "proposed" => "待决定",
                    "approved" => "已批准",
                    "rejected" => "未批准",
                    "withdrawn" => "已撤回",
                    other => other,
                };
                out(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    p.subject_name, p.matter_label, p.ask_label, p.proposed_on, status, p.id
                ));
            }
            eprintln!("{} proposals.", all.len());
            return Ok(());
        }
    };
    print_json(&view);
    Ok(())
}

fn leave(archive: &Path, officer: Option<String>, c: LeaveCommand) -> Result<(), Failure> {
    let input = match &c {
        LeaveCommand::Request { file, .. } => Some(json_file::<dossier_api::view::LeaveInput>(
            file,
            "leave request",
        )?),
        _ => None,
    };
    let (mut session, mut env) = open(archive, officer)?;
    let view = match c {
        LeaveCommand::Request { subject, .. } => {
            let id = session.subject_lookup(&subject)?;
            let input = input.expect("parsed above");
            session.leave_request(&id, input, &mut env)?
        }
        LeaveCommand::Decide {
            leave_id,
            approve,
            opinion,
            ..
        } => session.leave_decide(&leave_id, approve, &opinion, &mut env)?,
        LeaveCommand::Extend {
            leave_id,
            to,
            reason,
        } => session.leave_extend(&leave_id, to, &reason, &mut env)?,
        LeaveCommand::Return { leave_id, on } => session.leave_return(&leave_id, on, &mut env)?,
        LeaveCommand::Cancel { leave_id } => session.leave_cancel(&leave_id, &mut env)?,
        LeaveCommand::List { subject, json } => {
            let id = subject.map(|s| session.subject_lookup(&s)).transpose()?;
            let leaves = session.leave_list(id.as_deref())?;
            if json {
                print_json(&leaves);
                return Ok(());
            }
            out("姓名\t外出期间\t天数\t目的地\t审批\t状态\t编号");
            for l in &leaves {
                let status = match l.status.as_str() {
                    "requested" => "待审批",
                    "approved" if l.overdue_days > 0 => "逾期未归",
                    "approved" => "已批准",
                    "rejected" => "未批准",
                    "returned" if l.violation => "已销假（逾期）",
                    "returned" => "已销假",
                    "cancelled" => "已撤销",
                    other => other,
                };
                let approver = match l.approver.as_str() {
                    "office" => "司法所",
                    "county" => "县级社区矫正机构",
                    "above_county" => "上一级社区矫正机构",
                    other => other,
                };
                out(&format!(
                    "{}\t{} 至 {}\t{}\t{}{}\t{}\t{}\t{}",
                    l.subject_name,
                    l.from,
                    l.to,
                    l.days,
                    l.destination_name,
                    l.destination_detail,
                    approver,
                    status,
                    l.id
                ));
            }
            eprintln!("{} leaves.", leaves.len());
            return Ok(());
        }
    };
    print_json(&view);
    Ok(())
}

fn due(
    archive: &Path,
    officer: Option<String>,
    date: Option<NaiveDate>,
    json: bool,
) -> Result<(), Failure> {
    let (session, _) = open(archive, officer)?;
    let view = session.due(date)?;
    if json {
        print_json(&view);
        return Ok(());
    }
    use dossier_api::core::due::DueKind::*;
    let kinds = [
        CheckIn,
        WrittenReport,
        Education,
        Visit,
        FourOnes,
        LeaveEnding,
        LeaveOverdue,
        ReportDeadline,
        MissingReport10,
        MissingReport30,
        MonthlyAssessment,
        TermEnding,
        PositioningExpiring,
        HealthReexam,
    ];
    for i in &view.items {
        let what = kinds
            .iter()
            .find(|k| k.as_str() == i.kind)
            .map_or(i.kind.as_str(), |k| k.label_zh());
        let note = match (&i.note, i.kind.as_str()) {
            (Some(n), "monthly_assessment") => format!("（{n}）"),
            (Some(n), "four_ones") => {
                // "国庆: home_visit,talk" → "国庆: 家访、面对面谈话"
                use dossier_api::core::due::FourOne;
                let (period, missing) = n.split_once(": ").unwrap_or((n.as_str(), ""));
                let missing: Vec<&str> = missing
                    .split(',')
                    .map(|m| {
                        FourOne::ALL
                            .iter()
                            .find(|f| f.as_str() == m)
                            .map_or(m, |f| f.label_zh())
                    })
                    .collect();
                format!("（{period}: {}）", missing.join("、"))
            }
            _ => String::new(),
        };
        out(&format!(
            "{}\t{}\t{}\t{}\t{}{}",
            if i.overdue { "逾期" } else { "到期" },
            i.due,
            i.subject_name,
            i.file_no,
            what,
            note
        ));
    }
    for v in &view.villages {
        if v.overdue + v.due > 0 {
            out(&format!(
                "{}\t逾期 {}\t本周到期 {}",
                v.name, v.overdue, v.due
            ));
        }
    }
    eprintln!(
        "{} items as of {} ({} overdue).",
        view.items.len(),
        view.today,
        view.items.iter().filter(|i| i.overdue).count()
    );
    Ok(())
}

fn assess(
    archive: &Path,
    officer: Option<String>,
    subject: &str,
    month: &str,
    file: &Path,
) -> Result<(), Failure> {
    let items: Vec<dossier_api::view::AssessmentItemInput> = json_file(file, "assessment items")?;
    let (mut session, mut env) = open(archive, officer)?;
    let id = session.subject_lookup(subject)?;
    let view = session.assess(&id, month, items, &mut env)?;
    print_json(&view);
    Ok(())
}

fn level(
    archive: &Path,
    officer: Option<String>,
    subject: &str,
    to: &str,
    reason: &str,
) -> Result<(), Failure> {
    let (mut session, mut env) = open(archive, officer)?;
    let id = session.subject_lookup(subject)?;
    let view = session.level_change(&id, to, reason, &mut env)?;
    print_json(&view);
    Ok(())
}

fn period(archive: &Path, officer: Option<String>, c: PeriodCommand) -> Result<(), Failure> {
    let (mut session, mut env) = open(archive, officer)?;
    match c {
        PeriodCommand::Add { name, from, to } => {
            print_json(&session.sensitive_period_add(&name, from, to, &mut env)?);
        }
        PeriodCommand::List { json } => {
            let periods = session.sensitive_periods()?;
            if json {
                print_json(&periods);
                return Ok(());
            }
            for p in &periods {
                out(&format!("{}\t{} 至 {}", p.name, p.from, p.to));
            }
            eprintln!("{} sensitive periods.", periods.len());
        }
    }
    Ok(())
}

fn rules(archive: &Path, officer: Option<String>, c: RulesCommand) -> Result<(), Failure> {
    match c {
        RulesCommand::Show { date, json } => {
            let (session, mut env) = open(archive, officer)?;
            let day = date.unwrap_or_else(|| env.today());
            let book = session.rules()?;
            let rules = book.in_force(day);
            if json {
                print_json(rules);
                return Ok(());
            }
            if book.versions().is_empty() {
                out("规则版本：无（使用默认规则）");
            } else {
                out("规则版本（生效日期）：");
                for v in book.versions() {
                    out(&format!("  {}", v.effective_from));
                }
            }
            out(&format!("{day} 适用的规则："));
            print_json(rules);
        }
        RulesCommand::Set { from, file } => {
            let bytes = read_file(&file)?;
            let text = String::from_utf8(bytes).map_err(|_| {
                eprintln!("error[invalid_input]: The rules file is not UTF-8 text.");
                Failure(1)
            })?;
            let (mut session, mut env) = open(archive, officer)?;
            let book = session.rules_set(from, &text, &mut env)?;
            eprintln!(
                "The rules now have {} version(s); this one takes effect on {from}.",
                book.versions().len()
            );
        }
    }
    Ok(())
}

fn time_search(
    archive: &Path,
    officer: Option<String>,
    runs: usize,
    queries: &[String],
) -> Result<(), Failure> {
    use std::time::Instant;
    let (mut session, _) = open(archive, officer)?;
    let micros = |t: Instant| t.elapsed().as_micros().to_string();
    let mut samples = Vec::with_capacity(runs);
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        n = session.subject_list()?.len();
        samples.push(micros(t));
    }
    out(&format!("(subject list)\t{n}\t{}", samples.join(",")));
    let t = Instant::now();
    let n = session.search("徐")?.len();
    out(&format!("(first search)\t{n}\t{}", micros(t)));
    for q in queries {
        samples.clear();
        let mut n = 0;
        for _ in 0..runs {
            let t = Instant::now();
            n = session.search(q)?.len();
            samples.push(micros(t));
        }
        out(&format!("{q}\t{n}\t{}", samples.join(",")));
    }
    Ok(())
}

fn digest(archive: &Path, officer: Option<String>) -> Result<(), Failure> {
    let (session, _) = open(archive, officer)?;
    out(&session.digest()?);
    Ok(())
}

fn check(archive: &Path, officer: Option<String>) -> Result<(), Failure> {
    let (mut session, _) = open(archive, officer)?;
    let report = session.check()?;
    if report.attachments_without_bytes > 0 {
        eprintln!(
            "note: {} attachment(s) are described but their content has not arrived yet.",
            report.attachments_without_bytes
        );
    }
    if report.ok {
        out(&format!(
            "ok: {} operations from {} devices; pages, op log and tables agree.",
            report.ops, report.devices
        ));
        return Ok(());
    }
    for p in &report.problems {
        out(&format!("problem: {p}"));
    }
    eprintln!(
        "error[check_failed]: the archive has {} problem(s); restore it from a backup.",
        report.problems.len()
    );
    Err(Failure(1))
}

fn backup(
    archive: &Path,
    officer: Option<String>,
    out: Option<PathBuf>,
    keep: Option<usize>,
) -> Result<(), Failure> {
    let (mut session, mut env) = open(archive, officer)?;
    if let Some(n) = keep {
        session.set_backups_kept(n)?;
    }
    let v = match out {
        Some(out) => session.backup(&out, &mut env)?,
        None => session.auto_backup("manual", &mut env)?,
    };
    eprintln!(
        "Backed up the archive to {} ({} bytes); {} automatic backups are kept.",
        v.path,
        v.bytes,
        session.backups_kept()?
    );
    Ok(())
}

fn restore(file: &Path, to: &Path, officer: Option<String>) -> Result<(), Failure> {
    let pass = passphrase(false)?;
    let session = dossier_api::restore(file, to, officer.as_deref(), &pass, &mut Env::system())?;
    let v = session.view();
    let next = if v.site_role == "office" {
        "It goes on syncing as a new device with the office's key: export a bundle to each village first (bundles they made before will not import here), then import theirs, which bring back what they sent since the backup."
    } else {
        "It is a new device for sync: run `dossier device request` and send the file to the office to be enrolled again."
    };
    eprintln!(
        "Restored the archive of {} ({}) to {}. {next}",
        v.jurisdiction_name,
        v.jurisdiction,
        to.display()
    );
    Ok(())
}

fn audit(
    archive: &Path,
    officer: Option<String>,
    subject: Option<String>,
    json: bool,
) -> Result<(), Failure> {
    let (mut session, mut env) = open(archive, officer)?;
    let subject = subject.map(|s| session.subject_lookup(&s)).transpose()?;
    let entries = session.audit_log(subject.as_deref(), &mut env)?;
    if json {
        print_json(&entries);
        return Ok(());
    }
    for e in &entries {
        let who = e
            .officer_name
            .clone()
            .or_else(|| e.officer_id.clone())
            .unwrap_or_else(|| "—".to_owned());
        let about = e
            .file_no
            .clone()
            .or_else(|| e.subject_id.clone())
            .unwrap_or_default();
        out(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            e.seq, e.at, who, e.action, about, e.detail
        ));
    }
    Ok(())
}

/// An I/O error in plain words, without the OS error number.
fn plain_io(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file",
        std::io::ErrorKind::PermissionDenied => "permission denied",
        std::io::ErrorKind::InvalidData => "the file is not UTF-8 text",
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file",
        _ => "the file cannot be read",
    }
}

fn officer(archive: &Path, who: Option<String>, cmd: OfficerCommand) -> Result<(), Failure> {
    // `add` needs the passphrase twice (to unlock, and to unwrap the key for the new slot).
    dossier_api::archive_info(archive)?;
    let mut env = Env::system();
    let pass = passphrase(false)?;
    let mut session = dossier_api::unlock(archive, who.as_deref(), &pass, &mut env)?;
    match cmd {
        OfficerCommand::List { json } => {
            let rows = session.officer_list()?;
            if json {
                print_json(&rows);
                return Ok(());
            }
            out("姓名\t角色\t状态");
            for o in &rows {
                let mut status = if o.active { "启用" } else { "已停用" }.to_owned();
                if o.administers {
                    status.push_str("，账号管理员");
                }
                if o.is_self {
                    status.push_str("（本人）");
                }
                out(&format!("{}\t{}\t{}", o.name, o.role, status));
            }
        }
        OfficerCommand::Add { name, role } => {
            let theirs = new_passphrase()?;
            let input = dossier_api::view::OfficerInput {
                name,
                role,
                passphrase: theirs,
            };
            let v = session.officer_add(input, &pass, &mut env)?;
            eprintln!("Added officer {} ({}).", v.officer_id, v.role);
        }
        OfficerCommand::Disable { officer } => {
            let v = session.officer_disable(&officer, &mut env)?;
            eprintln!("Disabled officer {}; their key slot is kept.", v.officer_id);
        }
        OfficerCommand::Enable { officer } => {
            let v = session.officer_enable(&officer, &mut env)?;
            eprintln!("Enabled officer {}.", v.officer_id);
        }
        OfficerCommand::Remove { officer } => {
            session.officer_remove(&officer, &mut env)?;
            eprintln!("Removed the officer; their key slot is deleted.");
        }
    }
    Ok(())
}

fn change_passphrase(archive: &Path, who: Option<String>) -> Result<(), Failure> {
    dossier_api::archive_info(archive)?;
    let mut env = Env::system();
    let old = passphrase(false)?;
    let mut session = dossier_api::unlock(archive, who.as_deref(), &old, &mut env)?;
    let new = new_passphrase()?;
    session.change_passphrase(&old, &new, &mut env)?;
    eprintln!("Your passphrase is changed; the old one no longer unlocks the archive.");
    Ok(())
}

fn recovery(archive: &Path, who: Option<String>, cmd: RecoveryCommand) -> Result<(), Failure> {
    dossier_api::archive_info(archive)?;
    let mut env = Env::system();
    let pass = passphrase(false)?;
    let mut session = dossier_api::unlock(archive, who.as_deref(), &pass, &mut env)?;
    let v = match cmd {
        RecoveryCommand::New { out: file } => {
            let v = session.recovery_key_new(&pass, &file, &mut env)?;
            eprintln!(
                "Wrote the recovery key to {}. Keep it offline (a USB stick in the office safe); whoever holds it can set new passphrases.",
                file.display()
            );
            v
        }
        RecoveryCommand::Set { recipient } => {
            session.recovery_key_set(&pass, &recipient, &mut env)?
        }
    };
    out(&v.recipient);
    Ok(())
}

fn recover(archive: &Path, key: &Path, officer: &str) -> Result<(), Failure> {
    dossier_api::archive_info(archive)?;
    let text = std::fs::read_to_string(key).map_err(|e| {
        eprintln!(
            "error[invalid_input]: cannot read {}: {}",
            key.display(),
            plain_io(&e)
        );
        Failure(1)
    })?;
    let text = zeroize::Zeroizing::new(text);
    let new = new_passphrase()?;
    dossier_api::recover(archive, &text, officer, &new, &mut Env::system())?;
    eprintln!("The officer's passphrase is set; tell them to change it with `dossier passphrase`.");
    Ok(())
}
