//! Getting a fresh Debian 12 / Ubuntu 22.04+ machine with a Rust toolchain ready: system
//! packages, Node.js and the UI's npm packages, cargo-nextest and tauri-driver; then building
//! the UI and the binaries.
//!
//! Every check is cheap when the thing is already there, so `cargo xtask run|test` can always
//! call all of it. Nothing here runs tests or starts the app.

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use anyhow::{Context, Result, bail};

use crate::Paths;
use crate::sh::{self, note, step};

/// Debian packages the app, its build and its tests need.
const APT_PACKAGES: &[&str] = &[
    // Building the Tauri app (WebKitGTK 4.1 and friends).
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "curl",
    "wget",
    "file",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "pkg-config",
    // Running it without a screen, and driving it in end-to-end tests.
    "xvfb",
    "xauth",
    "x11-utils", // xwininfo: has the window appeared?
    "webkit2gtk-driver",
    // Chinese text on screen and in reports; looking at PDFs and screenshots.
    "fonts-noto-cjk",
    "poppler-utils",
    "imagemagick",
];

/// The oldest Node.js major version the UI's tool chain (Vite 7) runs on.
const NODE_MAJOR: u32 = 20;

/// Installs the missing system packages (only those), with sudo when not root.
pub fn apt_packages() -> Result<()> {
    step("System packages");
    if !sh::on_path("dpkg") || !sh::on_path("apt-get") {
        note("no dpkg/apt-get here: this is not Debian or Ubuntu. Install the equivalents of:");
        note(APT_PACKAGES.join(" "));
        return Ok(());
    }
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .copied()
        .filter(|p| !dpkg_installed(p))
        .collect();
    if missing.is_empty() {
        note(format!(
            "all {} needed packages are installed (dpkg -s)",
            APT_PACKAGES.len()
        ));
        return Ok(());
    }
    note(format!("missing: {}", missing.join(" ")));
    let fix = format!(
        "install them yourself: sudo apt-get update && sudo apt-get install -y {}",
        missing.join(" ")
    );
    let apt = |args: &[&str]| -> Command {
        // `env` carries DEBIAN_FRONTEND through sudo whatever its env_reset policy.
        let mut cmd = if sh::is_root() {
            Command::new("env")
        } else {
            sudo()
        };
        if !sh::is_root() {
            cmd.arg("env");
        }
        cmd.arg("DEBIAN_FRONTEND=noninteractive")
            .arg("apt-get")
            .args(args);
        cmd
    };
    if !sh::is_root() && !sh::on_path("sudo") {
        bail!("not root and no sudo, so cannot install packages.\n    fix: {fix}");
    }
    sh::run(&mut apt(&["update"]), &fix)?;
    sh::run(apt(&["install", "-y"]).args(&missing), &fix)?;
    Ok(())
}

fn sudo() -> Command {
    let mut cmd = Command::new("sudo");
    // No terminal (CI): fail at once rather than wait for a password nobody can type.
    if std::env::var_os("CI").is_some() {
        cmd.arg("--non-interactive");
    }
    cmd
}

/// Whether dpkg says `package` is installed (not merely known, or removed with its settings).
pub fn dpkg_installed(package: &str) -> bool {
    // `dpkg -s` also succeeds for removed packages whose configuration files remain.
    sh::read(Command::new("dpkg").args(["-s", package]))
        .is_ok_and(|s| s.lines().any(|l| l == "Status: install ok installed"))
}

/// Checks that Node.js and npm are there and recent enough (they are not installed here:
/// Debian's and Ubuntu's own packages are too old for Vite).
pub fn node() -> Result<()> {
    step("Node.js");
    let fix = format!(
        "install Node.js {NODE_MAJOR} or newer with npm (https://nodejs.org, nvm, or NodeSource's \
         apt repository), then run this again"
    );
    let version = sh::read(Command::new("node").arg("--version"))
        .with_context(|| format!("Node.js is not installed.\n    fix: {fix}"))?;
    let version = version.trim();
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .unwrap_or("")
        .parse()?;
    if major < NODE_MAJOR {
        bail!("Node.js {version} is too old for the UI's build tools.\n    fix: {fix}");
    }
    let npm = sh::read(Command::new("npm").arg("--version"))
        .with_context(|| format!("npm is not installed.\n    fix: {fix}"))?;
    note(format!("node {version}, npm {}", npm.trim()));
    Ok(())
}

/// `npm ci` in ui/ when node_modules is missing or older than package-lock.json.
pub fn npm_packages(paths: &Paths) -> Result<()> {
    step("UI packages (npm)");
    let ui = paths.root.join("ui");
    let lock = ui.join("package-lock.json");
    // npm writes node_modules/.package-lock.json at the end of every install.
    let installed = ui.join("node_modules/.package-lock.json");
    if !lock.exists() {
        bail!(
            "{} is missing.\n    fix: run `npm install` in ui/ and commit it",
            lock.display()
        );
    }
    if installed.exists() && modified(&installed)? >= modified(&lock)? {
        note("ui/node_modules is up to date with package-lock.json");
        return Ok(());
    }
    sh::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&ui),
        "check the npm registry is reachable; delete ui/node_modules and try again",
    )
}

fn modified(path: &Path) -> Result<SystemTime> {
    Ok(std::fs::metadata(path)?.modified()?)
}

/// Installs cargo-nextest when `cargo nextest` is not there.
pub fn nextest() -> Result<()> {
    step("cargo-nextest");
    if sh::succeeds(Command::new("cargo").args(["nextest", "--version"])) {
        note("installed");
        return Ok(());
    }
    sh::run(
        Command::new("cargo").args(["install", "cargo-nextest", "--locked"]),
        "see https://nexte.st for other ways to install cargo-nextest",
    )
}

/// Installs cargo-fuzz when `cargo fuzz` is not there.
pub fn cargo_fuzz() -> Result<()> {
    step("cargo-fuzz");
    if sh::succeeds(Command::new("cargo").args(["fuzz", "--version"])) {
        note("installed");
        return Ok(());
    }
    sh::run(
        Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]),
        "check crates.io is reachable, and that ~/.cargo/bin is on PATH",
    )
}

/// Installs tauri-driver (the WebDriver server for Tauri apps) when it is not on PATH.
pub fn tauri_driver() -> Result<()> {
    step("tauri-driver");
    if !sh::on_path("WebKitWebDriver") {
        bail!(
            "WebKitWebDriver is not on PATH.\n    fix: sudo apt-get install webkit2gtk-driver \
             (it provides /usr/bin/WebKitWebDriver)"
        );
    }
    if sh::on_path("tauri-driver") {
        note("installed");
        return Ok(());
    }
    sh::run(
        Command::new("cargo").args(["install", "tauri-driver", "--locked"]),
        "check crates.io is reachable, and that ~/.cargo/bin is on PATH",
    )?;
    if !sh::on_path("tauri-driver") {
        bail!("tauri-driver was installed but is not on PATH.\n    fix: add ~/.cargo/bin to PATH");
    }
    Ok(())
}

/// `npm run build` in ui/: type-checks and writes ui/dist, which the app embeds.
pub fn build_ui(paths: &Paths) -> Result<()> {
    step("Building the UI (ui/dist)");
    sh::run(
        Command::new("npm")
            .args(["run", "build"])
            .current_dir(paths.root.join("ui")),
        "fix the TypeScript or Vite error above (try `npm run build` in ui/)",
    )
}

/// The cargo arguments every build and test run of xtask shares. Keeping the package set and
/// features the same for building the app, running the Rust tests and the end-to-end tests
/// lets cargo reuse one build of Tauri instead of compiling it again per feature set.
pub const CARGO_SELECTION: &[&str] = &["--workspace", "--features", "dossier-app/custom-protocol"];

/// Builds the `dossier` CLI and the desktop app (with the UI embedded); with `tests`, also
/// every test target, in the same cargo run. That matters: dev-dependencies turn on features
/// of crates Tauri shares (regex, uuid), so binaries built without the tests would be a second,
/// separate build of Tauri from the one the test run makes.
pub fn build_binaries(paths: &Paths, tests: bool) -> Result<()> {
    step(if tests {
        "Building the app, the CLI and the tests (debug)"
    } else {
        "Building the app and the CLI (debug)"
    });
    if !paths.root.join("ui/dist/index.html").exists() {
        bail!(
            "ui/dist/index.html is missing.\n    fix: build the UI first (`npm run build` in ui/)"
        );
    }
    let mut cargo = Command::new("cargo");
    cargo.arg("build").args(CARGO_SELECTION).arg("--bins");
    if tests {
        cargo.arg("--tests");
    }
    sh::run(
        &mut cargo,
        "fix the compile error above; `cargo build -p dossier-app` shows it alone",
    )?;
    for bin in [paths.app(), paths.cli()] {
        if !bin.exists() {
            bail!("the build finished but {} is not there", bin.display());
        }
    }
    Ok(())
}
