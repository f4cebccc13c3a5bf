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
    /// Print a SHA-256 of the archive's logical content (the same for the same records,
    /// whatever order they arrived in).
    Digest,
    /// Check the archive's integrity: pages, op log and tables.
    Check,
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
        Command::Digest => digest(&archive, cli.as_officer),
        Command::Check => check(&archive, cli.as_officer),
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

fn open(archive: &Path, officer: Option<String>) -> Result<(Session, Env), Failure> {
    // Say "no archive" before asking for a passphrase that could not help.
    dossier_api::archive_info(archive)?;
    let mut env = Env::system();
    let pass = passphrase(false)?;
    let session = dossier_api::unlock(archive, officer.as_deref(), &pass, &mut env)?;
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
