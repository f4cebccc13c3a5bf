//! `cargo xtask`: set-up and orchestration for developers and CI, and nothing else.
//!
//! - `run`: install what is missing, build, make a demo archive if there is none, open the
//!   app (under Xvfb when there is no display, saving a screenshot);
//! - `test`: the same set-up, then the Rust tests, the UI tests and the end-to-end tests;
//! - `dist`: the release app packaged by the Tauri bundler, `--check` installs and starts it
//!   (see dist.rs);
//! - `bench`: whole-program benchmarks (see bench.rs).
//!
//! Each step says what it does before doing it, and a failure says how to fix it. No
//! business logic lives here: the app, the CLI and the tests do the work; this only runs them.

mod bench;
mod demo;
mod dist;
mod setup;
mod sh;
mod xvfb;

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::sh::{Background, note, step};
use crate::xvfb::Display;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run            set up, build, and open the app on a demo archive
                 (with no display: under Xvfb, saving a screenshot to target/screenshots/run.png)
  test           set up, build, then run every test: Rust (nextest), UI (vitest), end-to-end
  e2e            set up, build, then only the end-to-end tests (quicker while working on the UI)
  dist [--check] build the release app and package it (.deb; an AppImage when the bundler can
                 fetch its tools) into <target>/release/bundle/; with --check, also install the
                 .deb, start the installed app under Xvfb, and uninstall it (needs root or sudo)
  bench [NAME]   run the benchmarks (all, or those named); `bench --list` lists them
  fuzz [SECS]    fuzz the bundle reader (default 30 s, as `test` does)
  help           this text
";

/// The title the app's window carries (tauri.conf.json), as X reports it.
const WINDOW_TITLE: &str = "Dossier";

/// The passphrase of the throw-away archive the end-to-end tests open.
const E2E_PASSPHRASE: &str = "e2e-demo-passphrase";

fn main() {
    if let Err(err) = try_main() {
        eprintln!("\nxtask: error: {err:#}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let paths = Paths::new()?;
    std::env::set_current_dir(&paths.root)?;
    match args.first().map(String::as_str) {
        Some("run") => run(&paths),
        Some("test") => test(&paths),
        Some("e2e") => {
            set_up(&paths, true)?;
            end_to_end(&paths)
        }
        Some("dist") => match args.get(1).map(String::as_str) {
            None => dist::run(&paths, false),
            Some("--check") => dist::run(&paths, true),
            Some(other) => bail!("dist takes only --check, not {other:?}\n\n{USAGE}"),
        },
        Some("bench") if args.get(1).is_some_and(|a| a == "--list") => {
            bench::list();
            Ok(())
        }
        Some("bench") => bench::run(&paths, &args[1..]),
        Some("fuzz") => {
            setup::cargo_fuzz()?;
            let seconds = match args.get(1) {
                Some(s) => s
                    .parse()
                    .with_context(|| format!("{s:?} is not a number of seconds"))?,
                None => 30,
            };
            fuzz(&paths, seconds)
        }
        None | Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

/// Where things are.
pub struct Paths {
    /// The workspace (the repository's root).
    pub root: PathBuf,
    /// Cargo's target directory (CARGO_TARGET_DIR, else `<root>/target`).
    pub target: PathBuf,
}

impl Paths {
    fn new() -> Result<Paths> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask/ has no parent")?
            .to_path_buf();
        let target = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => root.join(dir), // join keeps an absolute path as is
            _ => root.join("target"),
        };
        Ok(Paths { root, target })
    }

    /// The desktop app, as `setup::build_binaries` builds it.
    pub fn app(&self) -> PathBuf {
        self.target.join("debug/dossier-app")
    }

    /// The `dossier` CLI, as `setup::build_binaries` builds it.
    pub fn cli(&self) -> PathBuf {
        self.target.join("debug/dossier")
    }

    /// `<root>/target/screenshots`: in the clone even when CARGO_TARGET_DIR is elsewhere, so
    /// people find them.
    pub fn screenshots(&self) -> Result<PathBuf> {
        let dir = self.root.join("target/screenshots");
        fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// `<root>/target/xtask`: logs of programs run in the background.
    pub fn logs(&self) -> Result<PathBuf> {
        let dir = self.root.join("target/xtask");
        fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}

/// Installs what is missing and builds the UI, the CLI and the app.
fn set_up(paths: &Paths, for_tests: bool) -> Result<()> {
    setup::apt_packages()?;
    setup::node()?;
    setup::npm_packages(paths)?;
    if for_tests {
        setup::nextest()?;
        setup::tauri_driver()?;
        setup::cargo_fuzz()?;
    }
    setup::build_ui(paths)?;
    setup::build_binaries(paths, for_tests)
}

fn run(paths: &Paths) -> Result<()> {
    set_up(paths, false)?;
    let archive = demo::user_demo(&paths.cli())?;
    let display = Display::open(paths)?;
    step("Starting the app");
    let mut app = Command::new(paths.app());
    app.env("DOSSIER_ARCHIVE", &archive);
    display.configure(&mut app);
    if !display.is_virtual() {
        let status = sh::status(&mut app)?;
        if !status.success() {
            bail!("the app ended with {status}.\n    fix: see its messages above");
        }
        return Ok(());
    }
    let log = paths.logs()?.join("app.log");
    sh::log_to(&mut app, &log)?;
    let mut app = Background::spawn("dossier-app", &mut app)?;
    note(format!("its output goes to {}", log.display()));
    if !display.wait_for_window(WINDOW_TITLE, Duration::from_secs(60)) {
        let why = match app.exited() {
            Some(status) => format!("the app ended ({status})"),
            None => "no window appeared within 60 s".to_owned(),
        };
        bail!(
            "{why}.\n    fix: see {}:\n{}",
            log.display(),
            tail(&log, 20)
        );
    }
    // The window is mapped before the web view has loaded and drawn the UI.
    note("window is up; giving the UI 5 s to draw");
    std::thread::sleep(Duration::from_secs(5));
    let shot = paths.screenshots()?.join("run.png");
    display.screenshot(&shot)?;
    if let Some(status) = app.exited() {
        bail!(
            "the app ended early ({status}).\n    fix: see {}",
            log.display()
        );
    }
    drop(app);
    drop(display);
    println!("\nscreenshot of the app under Xvfb: {}", shot.display());
    Ok(())
}

fn test(paths: &Paths) -> Result<()> {
    set_up(paths, true)?;
    let mut failed = Vec::new();

    step("Rust tests: cargo nextest run --workspace");
    let mut nextest = Command::new("cargo");
    nextest
        .args(["nextest", "run", "--no-fail-fast"])
        .args(setup::CARGO_SELECTION);
    if !sh::status(&mut nextest)?.success() {
        failed.push("Rust tests (`cargo nextest run --workspace`)");
    }

    step("UI tests: npm test (vitest)");
    let mut vitest = Command::new("npm");
    vitest.arg("test").current_dir(paths.root.join("ui"));
    if !sh::status(&mut vitest)?.success() {
        failed.push("UI tests (`npm test` in ui/)");
    }

    step("Fuzzing the bundle reader briefly (cargo fuzz, 30 s)");
    if let Err(err) = fuzz(paths, 30) {
        eprintln!("{err:#}");
        failed.push(
            "fuzzing the bundle reader (inputs that fail are in crates/sync/fuzz/artifacts/)",
        );
    }

    step("End-to-end tests: the real app under tauri-driver");
    if let Err(err) = end_to_end(paths) {
        eprintln!("{err:#}");
        failed.push("end-to-end tests (`cargo xtask test` runs them; logs in target/xtask/)");
    }

    if !failed.is_empty() {
        bail!(
            "these failed:\n  - {}\n    fix: see their output above",
            failed.join("\n  - ")
        );
    }
    println!("\nxtask test: the Rust, UI and end-to-end tests all passed.");
    Ok(())
}

/// Runs the bundle reader's fuzz target for `seconds`, from the seed corpus. New inputs go to
/// a throw-away folder so the checkout stays clean. The machine has only a stable toolchain:
/// `RUSTC_BOOTSTRAP=1` lets cargo-fuzz pass its flags, and without a sanitizer
/// (`-s none`) nothing else is needed; a panic or a limit broken is still a failure.
fn fuzz(paths: &Paths, seconds: u32) -> Result<()> {
    let dir = paths.root.join("crates/sync");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| paths.root.join("target"))
        .join("fuzz");
    let scratch = tempfile_dir("dossier-fuzz")?;
    let mut cmd = Command::new("cargo");
    cmd.args(["fuzz", "run", "read_bundle", "-s", "none"])
        .arg(&scratch)
        .arg("fuzz/corpus/read_bundle")
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(&dir);
    // The build and the fuzzer's progress lines (thousands) go to a log; its end is shown.
    let log = paths.logs()?.join("fuzz.log");
    sh::log_to(&mut cmd, &log)?;
    let status = sh::status(&mut cmd)?;
    let _ = fs::remove_dir_all(&scratch);
    note(format!(
        "the fuzzer's output is in {}; its last lines:",
        log.display()
    ));
    println!("{}", tail(&log, 4));
    if !status.success() {
        bail!(
            "the fuzzer found an input the bundle reader mishandles ({status}), or could not build:\n{}",
            tail(&log, 40)
        );
    }
    Ok(())
}

/// A fresh empty folder under the system's temporary folder.
fn tempfile_dir(prefix: &str) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Makes a throw-away demo archive, starts a display and tauri-driver, and runs the `e2e`
/// test binary against them (nextest profile `e2e`). Everything started is stopped again.
fn end_to_end(paths: &Paths) -> Result<()> {
    let scratch = Scratch::new("dossier-e2e")?;
    let archive = scratch.0.join("archive");
    step("A fresh demo archive for the end-to-end tests");
    demo::create(&paths.cli(), &archive, E2E_PASSPHRASE, "street")?;

    let display = Display::open(paths)?;
    let screenshots = paths.screenshots()?;
    // Screenshots of an earlier run (a failure's, say) would mislead whoever looks next.
    for entry in fs::read_dir(&screenshots)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("e2e-") && name.ends_with(".png") {
            fs::remove_file(entry.path())?;
        }
    }

    step("Starting tauri-driver");
    let port = free_port()?;
    let native_port = free_port()?;
    let log = paths.logs()?.join("tauri-driver.log");
    let mut cmd = Command::new("tauri-driver");
    cmd.args([
        "--port",
        &port.to_string(),
        "--native-port",
        &native_port.to_string(),
    ]);
    display.configure(&mut cmd);
    sh::log_to(&mut cmd, &log)?;
    let mut driver = Background::spawn("tauri-driver", &mut cmd)?;
    let listening = sh::wait_for(Duration::from_secs(20), || {
        TcpStream::connect(("127.0.0.1", port)).is_ok() || driver.exited().is_some()
    });
    if !listening || driver.exited().is_some() {
        bail!(
            "tauri-driver did not start listening on port {port}:\n{}",
            tail(&log, 20)
        );
    }
    note(format!(
        "listening on 127.0.0.1:{port} (log: {})",
        log.display()
    ));

    step("cargo nextest run --profile e2e");
    let mut nextest = Command::new("cargo");
    nextest
        .args(["nextest", "run", "--profile", "e2e"])
        .args(setup::CARGO_SELECTION);
    nextest
        .env("DOSSIER_E2E_APP", paths.app())
        .env("DOSSIER_E2E_ARCHIVE", &archive)
        .env("DOSSIER_E2E_PASSPHRASE", E2E_PASSPHRASE)
        .env("DOSSIER_E2E_WEBDRIVER", format!("http://127.0.0.1:{port}"))
        .env("DOSSIER_E2E_SCREENSHOTS", &screenshots)
        // A failed step reads better without anyhow's backtrace (panics still show theirs).
        .env("RUST_LIB_BACKTRACE", "0");
    let status = sh::status(&mut nextest)?;
    drop(driver);
    drop(display);
    if !status.success() {
        bail!(
            "the end-to-end tests failed ({status}).\n    tauri-driver's log ({}), last lines:\n{}",
            log.display(),
            tail(&log, 30)
        );
    }
    note(format!("screenshots: {}/e2e-*.png", screenshots.display()));
    Ok(())
}

/// A port on the loopback that nothing listens on right now.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

/// The last `n` lines of a log, indented, for error messages.
fn tail(path: &Path, n: usize) -> String {
    let Ok(file) = File::open(path) else {
        return format!("    ({} is missing)", path.display());
    };
    let lines: Vec<String> = BufReader::new(file).lines().map_while(Result::ok).collect();
    lines[lines.len().saturating_sub(n)..]
        .iter()
        .map(|l| format!("    | {l}\n"))
        .collect()
}

/// A new directory under the system's temporary directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(prefix: &str) -> Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
