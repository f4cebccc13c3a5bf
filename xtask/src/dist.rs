//! `cargo xtask dist [--check]`: the release app, packaged by the Tauri bundler (its CLI comes
//! from npm, `@tauri-apps/cli` in ui/), and with `--check` a proof that the package installs,
//! starts and uninstalls on this machine.
//!
//! What it makes: a `.deb` always, holding the app and the `dossier` command (an archive is
//! created and a device enrolled with the command; the app only opens archives so far); an AppImage only when the bundler can get its tools
//! (it downloads linuxdeploy and its plugins from GitHub on first use, so on a machine that
//! reaches only package registries it cannot, and that is reported, not failed). Deliberately
//! absent: Windows and macOS bundles (they need those systems; README "Packaging" says what),
//! code signing, an update feed, and publishing anything anywhere.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};

use crate::sh::{self, Background, note, step};
use crate::xvfb::Display;
use crate::{Paths, Scratch, WINDOW_TITLE, setup, tail};

/// Builds the release app and bundles it; with `check`, then installs the `.deb`, starts the
/// installed app on a private Xvfb with an empty home, and removes the package again.
pub fn run(paths: &Paths, check: bool) -> Result<()> {
    setup::apt_packages()?;
    setup::node()?;
    setup::npm_packages(paths)?;
    setup::build_ui(paths)?;

    step("The dossier command (release), to ship beside the app");
    sh::run(
        Command::new("cargo")
            .args([
                "build",
                "--release",
                "-p",
                "dossier-cli",
                "--bin",
                "dossier",
            ])
            .env("CARGO_TARGET_DIR", &paths.target),
        "fix the compile error above; `cargo build -p dossier-cli` shows it alone",
    )?;

    step("Release build and .deb (Tauri bundler; the first release build takes long)");
    let started = SystemTime::now();
    sh::run(
        &mut bundler(paths, "deb"),
        "fix the error above; `npx tauri build --bundles deb` in src-tauri/ shows it alone",
    )?;
    let deb = newest(&paths.target.join("release/bundle/deb"), "deb", started)?
        .context("the bundler finished but wrote no new .deb under release/bundle/deb")?;
    note(format!("made {}", deb.display()));

    step("AppImage (needs linuxdeploy, which the bundler downloads from GitHub)");
    let appimage = try_appimage(paths)?;

    println!("\nxtask dist:");
    println!("  .deb:     {}", deb.display());
    match &appimage {
        Some(path) => println!("  AppImage: {}", path.display()),
        None => println!(
            "  AppImage: not made (the bundler could not fetch linuxdeploy; see above and README \
             \"Packaging\")"
        ),
    }
    println!("  install:  sudo apt install {}", deb.display());

    if check {
        check_deb(paths, &deb)?;
    }
    Ok(())
}

/// `tauri build` for one bundle type, run in src-tauri/ with the UI already in ui/dist.
/// `custom-protocol` makes the binary serve the embedded ui/dist instead of the dev server;
/// the build goes to the same target folder xtask uses (CARGO_TARGET_DIR, resolved here so the
/// bundler, which runs elsewhere, finds the same one). The `dossier` command goes into the
/// package as /usr/bin/dossier; its path depends on the target folder, so it is given here
/// rather than in tauri.conf.json.
fn bundler(paths: &Paths, bundle: &str) -> Command {
    let cli = paths.target.join("release/dossier");
    let files = format!(
        r#"{{"bundle":{{"linux":{{"deb":{{"files":{{"/usr/bin/dossier":{}}}}}}}}}}}"#,
        json_string(&cli.to_string_lossy())
    );
    let mut cmd = Command::new(paths.root.join("ui/node_modules/.bin/tauri"));
    cmd.args(["build", "--ci", "--bundles", bundle])
        .args(["--features", "custom-protocol"])
        .args(["--config", &files])
        .env("CARGO_TARGET_DIR", &paths.target)
        .current_dir(paths.root.join("src-tauri"));
    cmd
}

/// Tries the AppImage: `Some(path)` when made, `None` (with the reason shown) when the bundler
/// could not get its tools. A failure to build the app itself would have stopped the `.deb`.
fn try_appimage(paths: &Paths) -> Result<Option<PathBuf>> {
    let started = SystemTime::now();
    let log = paths.logs()?.join("appimage.log");
    let mut cmd = bundler(paths, "appimage");
    sh::log_to(&mut cmd, &log)?;
    let status = sh::status(&mut cmd)?;
    let made = newest(
        &paths.target.join("release/bundle/appimage"),
        "AppImage",
        started,
    )?;
    match made {
        Some(path) if status.success() => {
            note(format!("made {}", path.display()));
            Ok(Some(path))
        }
        _ => {
            note(format!(
                "no AppImage ({status}): the bundler downloads linuxdeploy and its GTK plugin \
                 from GitHub, which this machine cannot reach. The .deb is unaffected. \
                 The bundler's last lines ({}):",
                log.display()
            ));
            println!("{}", tail(&log, 6));
            Ok(None)
        }
    }
}

/// `text` as a JSON string (xtask has no JSON library; a path needs only these escapes).
fn json_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str(r#"\""#),
            '\\' => out.push_str(r"\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!(r"\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The newest file in `dir` ending in `.{ext}` written since `since`, if any.
fn newest(dir: &Path, ext: &str, since: SystemTime) -> Result<Option<PathBuf>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(None);
    };
    let mut best: Option<(SystemTime, PathBuf)> = None;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some(ext) {
            continue;
        }
        let modified = entry.metadata()?.modified()?;
        // File times may be coarser than the clock: allow a second.
        if modified + Duration::from_secs(1) < since {
            continue;
        }
        if best.as_ref().is_none_or(|(t, _)| modified > *t) {
            best = Some((modified, path));
        }
    }
    Ok(best.map(|(_, p)| p))
}

/// Installs `deb` with dpkg, checks what it put where, starts the installed app on a private
/// Xvfb with an empty home (no archive yet: the app must show its first screen and stay up),
/// takes a screenshot, and removes the package, also when a step before fails.
fn check_deb(paths: &Paths, deb: &Path) -> Result<()> {
    step("Checking the .deb: what it says about itself");
    let fields = sh::read(
        Command::new("dpkg-deb")
            .args([
                "--show",
                "--showformat",
                "${Package}\\n${Version}\\n${Depends}\\n",
            ])
            .arg(deb),
    )?;
    let mut lines = fields.lines();
    let package = lines.next().unwrap_or_default().to_owned();
    let version = lines.next().unwrap_or_default().to_owned();
    let depends = lines.next().unwrap_or_default().to_owned();
    if package.is_empty() {
        bail!("{} names no package (dpkg-deb --show)", deb.display());
    }
    note(format!("package {package} {version}; depends: {depends}"));
    if present(&package) {
        bail!(
            "{package} is installed on this machine already; the check installs and removes it, \
             which would remove yours.\n    fix: sudo dpkg -r {package}, then run this again"
        );
    }

    step(format!("Installing it: dpkg -i {}", deb.display()));
    if !sh::is_root() && !sh::on_path("sudo") {
        bail!("not root and no sudo, so cannot install the package.\n    fix: run as root");
    }
    let guard = Installed::new(&package);
    sh::run(
        privileged("dpkg", &["-i"]).arg(deb),
        &format!(
            "a missing dependency ({depends}) is the usual cause: sudo apt-get install -f, \
             or install with `sudo apt install ./<the .deb>` which fetches them"
        ),
    )?;
    if !installed(&package) {
        bail!("dpkg -i succeeded but `dpkg -s {package}` does not say it is installed");
    }
    note(format!("dpkg -s {package}: install ok installed"));

    step("What it installed");
    let files = sh::read(Command::new("dpkg").args(["-L", &package]))?;
    let files: Vec<&str> = files.lines().filter(|f| Path::new(f).is_file()).collect();
    let desktop = files
        .iter()
        .find(|f| f.starts_with("/usr/share/applications/") && f.ends_with(".desktop"))
        .with_context(|| format!("{package} installed no .desktop file"))?;
    let icons = files.iter().filter(|f| f.contains("/icons/")).count();
    let entry = fs::read_to_string(desktop).with_context(|| format!("reading {desktop}"))?;
    let exec = entry
        .lines()
        .find_map(|l| l.strip_prefix("Exec="))
        .unwrap_or_default();
    let program = exec.split_whitespace().next().unwrap_or_default();
    let binary = files
        .iter()
        .find(|f| {
            f.starts_with("/usr/bin/") && Path::new(f).file_name() == Path::new(program).file_name()
        })
        .with_context(|| {
            format!("{desktop} starts {exec:?}, which {package} did not install under /usr/bin")
        })?;
    note(format!("program {binary}"));
    let cli = "/usr/bin/dossier";
    if !files.contains(&cli) {
        bail!("{package} did not install the dossier command ({cli})");
    }
    let help = sh::read(Command::new(cli).arg("--help"))?;
    note(format!(
        "command {cli}: `dossier --help` answers ({} lines)",
        help.lines().count()
    ));
    note(format!("menu entry {desktop} (Exec={exec})"));
    note(format!("{icons} icon files"));

    start_installed(paths, Path::new(binary))?;

    step(format!("Removing it: dpkg -r {package}"));
    drop(guard);
    if present(&package) || Path::new(binary).exists() || Path::new(cli).exists() {
        bail!("after dpkg -r {package}, the package, {binary} or {cli} is still there");
    }
    note(format!("{package} removed; {binary} and {cli} are gone"));
    println!(
        "\nxtask dist --check: the .deb installed, the app started and stayed up, and it uninstalled."
    );
    Ok(())
}

/// Starts the installed program with a fresh, empty home on our own Xvfb (never the
/// developer's screen), waits for its window, keeps it running a few seconds and saves a
/// screenshot to target/screenshots/dist-check.png.
fn start_installed(paths: &Paths, binary: &Path) -> Result<()> {
    let home = Scratch::new("dossier-dist-home")?;
    let display = Display::open_virtual(paths)?;
    step(format!("Starting {} with an empty home", binary.display()));
    let log = paths.logs()?.join("dist-check-app.log");
    let mut cmd = Command::new(binary);
    cmd.env("HOME", &home.0)
        .env_remove("DOSSIER_ARCHIVE")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_CACHE_HOME")
        .current_dir(&home.0);
    display.configure(&mut cmd);
    sh::log_to(&mut cmd, &log)?;
    let mut app = Background::spawn("the installed app", &mut cmd)?;
    if !display.wait_for_window(WINDOW_TITLE, Duration::from_secs(60)) {
        let why = match app.exited() {
            Some(status) => format!("the installed app ended ({status})"),
            None => "no window appeared within 60 s".to_owned(),
        };
        bail!(
            "{why}.\n    its output ({}):\n{}",
            log.display(),
            tail(&log, 20)
        );
    }
    note("window is up; keeping it running 8 s");
    std::thread::sleep(Duration::from_secs(8));
    let shot = paths.screenshots()?.join("dist-check.png");
    display.screenshot(&shot)?;
    if let Some(status) = app.exited() {
        bail!(
            "the installed app ended early ({status}).\n    its output ({}):\n{}",
            log.display(),
            tail(&log, 20)
        );
    }
    note(format!("still running; screenshot: {}", shot.display()));
    drop(app);
    drop(display);
    Ok(())
}

/// Whether dpkg says `package` is installed (not merely known, or removed with its settings).
fn installed(package: &str) -> bool {
    setup::dpkg_installed(package)
}

/// Whether dpkg has any of `package`'s files on the machine, also half-installed after a
/// failed `dpkg -i` (then it must be removed too).
fn present(package: &str) -> bool {
    sh::read(Command::new("dpkg").args(["-s", package])).is_ok_and(|s| {
        s.lines().any(|l| {
            l.starts_with("Status: ")
                && !l.ends_with(" not-installed")
                && !l.ends_with(" config-files")
        })
    })
}

/// `program args`, through sudo when we are not root.
fn privileged(program: &str, args: &[&str]) -> Command {
    let mut cmd = if sh::is_root() {
        Command::new(program)
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg(program);
        sudo
    };
    cmd.args(args);
    cmd
}

/// The package the check installed: removed again when dropped, so a failed step leaves the
/// machine as it found it.
struct Installed(String);

impl Installed {
    fn new(package: &str) -> Installed {
        Installed(package.to_owned())
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        if !present(&self.0) {
            return;
        }
        let _ = sh::status(&mut privileged("dpkg", &["-r", &self.0]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_string_escapes_what_json_needs() {
        for (text, json) in [
            (
                "/work/target/release/dossier",
                r#""/work/target/release/dossier""#,
            ),
            (r#"/a "b"\c"#, r#""/a \"b\"\\c""#),
            ("tab\there", r#""tab\u0009here""#),
            ("村 档案", r#""村 档案""#),
        ] {
            assert_eq!(json_string(text), json, "{text:?}");
        }
    }
}
