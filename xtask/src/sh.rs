//! Running other programs, loudly: every command is printed before it runs, a failure names
//! the command, and processes started in the background are stopped again when their guard is
//! dropped — also when a later step fails.
//!
//! Not here: what to run and in which order (that is the commands' business), and any shell:
//! arguments go to programs as they are, never through `sh -c`.

use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// Announces a step of the work.
pub fn step(what: impl AsRef<str>) {
    println!("\n==> {}", what.as_ref());
    let _ = std::io::stdout().flush();
}

/// A note under the current step.
pub fn note(what: impl AsRef<str>) {
    println!("    {}", what.as_ref());
    let _ = std::io::stdout().flush();
}

/// `program arg arg` as a person would type it (environment not shown: it may hold secrets).
pub fn display(cmd: &Command) -> String {
    let mut line = quote(cmd.get_program());
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&quote(arg));
    }
    if let Some(dir) = cmd.get_current_dir() {
        line = format!("(cd {} && {line})", dir.display());
    }
    line
}

fn quote(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@+,".contains(c))
    {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Runs `cmd` to the end, its output going to ours; fails when it does, with `fix` as advice.
pub fn run(cmd: &mut Command, fix: &str) -> Result<()> {
    let status = status(cmd)?;
    if !status.success() {
        bail!("`{}` failed ({status}).\n    fix: {fix}", display(cmd));
    }
    Ok(())
}

/// Runs `cmd` to the end and returns how it ended (for callers that go on after a failure).
pub fn status(cmd: &mut Command) -> Result<ExitStatus> {
    println!("$ {}", display(cmd));
    let _ = std::io::stdout().flush();
    cmd.status()
        .with_context(|| format!("could not start `{}`", display(cmd)))
}

/// Runs `cmd` quietly and returns its standard output, or fails with its standard error.
pub fn read(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("could not start `{}`", display(cmd)))?;
    if !out.status.success() {
        bail!(
            "`{}` failed ({}): {}",
            display(cmd),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Sends `cmd`'s standard output and error, interleaved, to a new file at `log`.
pub fn log_to(cmd: &mut Command, log: &std::path::Path) -> Result<()> {
    let file = fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    cmd.stdout(file.try_clone()?).stderr(file);
    Ok(())
}

/// Whether `cmd` runs and succeeds, all output swallowed (for probes such as `dpkg -s`).
pub fn succeeds(cmd: &mut Command) -> bool {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether `program` is found on PATH.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Whether we are root (then apt-get needs no sudo).
pub fn is_root() -> bool {
    read(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0")
}

/// Polls `ready` every 200 ms until it is true or `limit` has passed.
pub fn wait_for(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    loop {
        if ready() {
            return true;
        }
        if start.elapsed() >= limit {
            return false;
        }
        thread::sleep(Duration::from_millis(200));
    }
}

/// A program running in the background; dropping the guard stops it and everything it started.
pub struct Background {
    name: String,
    child: Child,
}

impl Background {
    /// Starts `cmd` without waiting for it.
    pub fn spawn(name: &str, cmd: &mut Command) -> Result<Background> {
        println!("$ {} &", display(cmd));
        let child = cmd
            .stdin(Stdio::null())
            .spawn()
            .with_context(|| format!("could not start {name}: `{}`", display(cmd)))?;
        Ok(Background {
            name: name.to_owned(),
            child,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `Some(status)` once the program has ended.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if self.exited().is_some() {
            return;
        }
        // tauri-driver starts WebKitWebDriver, which starts the app: end the whole tree we
        // started, children first, each by its process id.
        let mut pids = descendants(self.pid());
        pids.reverse();
        pids.push(self.pid());
        note(format!("stopping {} (pid {})", self.name, self.pid()));
        signal("TERM", &pids);
        let all_gone =
            |bg: &mut Background| bg.exited().is_some() && pids.iter().all(|&pid| !alive(pid));
        if !wait_for(Duration::from_secs(5), || all_gone(self)) {
            signal("KILL", &pids);
            let _ = self.child.kill();
            wait_for(Duration::from_secs(5), || all_gone(self));
        }
        let _ = self.child.wait();
    }
}

/// Whether the process runs (a zombie, waiting for its parent to reap it, does not).
fn alive(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let state = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.trim_start().chars().next());
    !matches!(state, Some('Z' | 'X') | None)
}

fn signal(name: &str, pids: &[u32]) {
    if pids.is_empty() {
        return;
    }
    let _ = Command::new("kill")
        .arg(format!("-{name}"))
        .args(pids.iter().map(u32::to_string))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// The processes below `root`, parents before children (from /proc; empty where there is none).
fn descendants(root: u32) -> Vec<u32> {
    let mut parent_of = Vec::new();
    if let Ok(entries) = fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|s| s.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                parent_of.push((pid, ppid));
            }
        }
    }
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(
            parent_of
                .iter()
                .filter(|(_, pp)| *pp == parent)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    found.remove(0);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_quotes_only_what_needs_it() {
        let mut cmd = Command::new("dossier");
        cmd.args(["--archive", "/tmp/a b", "demo", "it's"]);
        assert_eq!(
            display(&cmd),
            r"dossier --archive '/tmp/a b' demo 'it'\''s'"
        );
    }

    #[test]
    fn dropping_a_guard_stops_the_program_and_its_children() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "sleep 30 & sleep 30; wait"]);
        let guard = Background::spawn("sleepers", &mut cmd).unwrap();
        let pid = guard.pid();
        assert!(wait_for(Duration::from_secs(5), || descendants(pid).len() == 2));
        let children = descendants(pid);
        drop(guard);
        for child in children {
            // Gone, or a zombie waiting for whoever adopted it to reap it.
            let stat = fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
            let state = stat
                .rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().chars().next());
            assert!(
                matches!(state, None | Some(Some('Z' | 'X'))),
                "{child} lives: {stat}"
            );
        }
    }
}
