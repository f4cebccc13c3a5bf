//! What the black-box CLI tests share: running the `dossier` binary on an archive with a
//! clean environment, and checking how it ended; killing it partway (one helper for every
//! command killed); and a small real file system to fill up. Each test file keeps its own
//! fixtures.

#![allow(dead_code)] // Not every test file uses every helper.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

/// How one run of `dossier` ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success: {self:?}");
        self
    }

    /// Refused with exit 1 and `error[code]`, in plain words: no panic, and no synthetic
    /// person's name (the test data's names all contain 测试 where they could leak).
    pub fn refused(self, code: &str) -> Run {
        assert_eq!(self.code, 1, "expected exit 1: {self:?}");
        assert!(
            self.stderr.contains(&format!("error[{code}]")),
            "expected {code}: {self:?}"
        );
        assert!(!self.stderr.contains("panicked"), "{self:?}");
        assert!(
            !self.stderr.contains("测试"),
            "no names in messages: {self:?}"
        );
        self
    }

    /// Refused because the disk is full, in words that say so and what to do.
    pub fn disk_full(self) -> Run {
        let run = self.refused("disk_full");
        assert!(
            run.stderr.contains("The disk is full; free some space"),
            "{run:?}"
        );
        run
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap()
    }
}

/// Runs `dossier --archive ARCHIVE ARGS…` with no input, none of the user's DOSSIER_*
/// settings, and the passphrase `pass` (none: as if nobody typed one).
pub fn dossier(archive: &Path, args: &[&str], pass: Option<&str>) -> Run {
    dossier_setting(archive, args, pass, None)
}

/// As [`dossier`], with a passphrase being set in `DOSSIER_NEW_PASSPHRASE`.
pub fn dossier_setting(
    archive: &Path,
    args: &[&str],
    pass: Option<&str>,
    new: Option<&str>,
) -> Run {
    let mut cmd = Command::cargo_bin("dossier").unwrap();
    cmd.arg("--archive").arg(archive).args(args);
    cmd.env_remove("DOSSIER_PASSPHRASE")
        .env_remove("DOSSIER_NEW_PASSPHRASE")
        .env_remove("DOSSIER_ARCHIVE")
        .env_remove("DOSSIER_OFFICER");
    if let Some(p) = pass {
        cmd.env("DOSSIER_PASSPHRASE", p);
    }
    if let Some(p) = new {
        cmd.env("DOSSIER_NEW_PASSPHRASE", p);
    }
    let out = cmd.write_stdin("").output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Copies an archive (a folder) so a run can be measured, or killed, on a twin.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// How long a whole run of `dossier --archive ARCHIVE ARGS…` takes (it must succeed).
pub fn timed(archive: &Path, args: &[&str], pass: &str) -> Duration {
    let started = Instant::now();
    dossier(archive, args, Some(pass)).ok();
    started.elapsed()
}

/// A command killed (SIGKILL) at points spread over its run, and the archive's digest before
/// it and after a whole run of it (the same for a command that changes no record).
pub struct KillCase<'a> {
    pub what: &'a str,
    /// The archive as it is before the command; every kill runs on a fresh copy of it.
    pub archive: &'a Path,
    pub args: &'a [&'a str],
    pub pass: &'a str,
    pub before: &'a str,
    pub after: &'a str,
    /// When, measured from the start of a run, the command begins the work that matters
    /// (after unlocking and whatever else it does first), and when a whole run ends.
    pub work: (Duration, Duration),
    /// How many kills at times spread from a little before the work starts to a little
    /// after a whole run ends.
    pub timed: u32,
    /// Kills the moment a file the command writes has grown past a size: (the file, in the
    /// archive's folder or an absolute path; bytes). These land inside the write itself,
    /// however fast or loaded the machine is.
    pub grown: &'a [(&'a str, u64)],
}

/// When a run is killed.
#[derive(Debug, Clone)]
pub enum KillAt {
    After(Duration),
    Grown(PathBuf, u64),
}

/// One run of a [`KillCase`], killed.
#[derive(Debug)]
pub struct Killed {
    /// The copy of the archive it ran on, as the kill left it.
    pub archive: PathBuf,
    pub at: KillAt,
    /// Whether it was still running when killed (otherwise it had finished first).
    pub running: bool,
    /// Whether the kill landed in the work itself: still running, and past the work's start
    /// (or past the size its file was watched for).
    pub midway: bool,
    /// Whether the archive holds the whole change (its digest is the case's `after`).
    pub whole: bool,
    /// The size of the WAL the kill left (before anything opened the archive again): a large
    /// one in an archive without the change shows the kill landed inside the transaction.
    pub wal: u64,
}

/// Runs `case` on copies of its archive (in `scratch`), killing each run at one of its
/// points. After each kill the archive must open, pass `dossier check`, and hold either
/// nothing of the change or all of it (digest `before` or `after`, never between; `after`
/// if it finished first); then `also` checks what else the case promises. Returns the runs,
/// for the caller to count what landed where; says on stderr where each landed.
pub fn kill_during(case: &KillCase, scratch: &Path, mut also: impl FnMut(&Killed)) -> Vec<Killed> {
    let (start, end) = case.work;
    let (from, to) = (start.mul_f64(0.9), end.mul_f64(1.05));
    let n = case.timed;
    let mut points: Vec<KillAt> = (0..n)
        .map(|i| KillAt::After(from + to.saturating_sub(from) * i / (n - 1).max(1)))
        .collect();
    points.extend(
        case.grown
            .iter()
            .map(|(file, bytes)| KillAt::Grown(PathBuf::from(file), *bytes)),
    );
    let mut runs = Vec::new();
    for (i, at) in points.into_iter().enumerate() {
        let archive = scratch.join(format!("kill-{i}"));
        copy_dir(case.archive, &archive);
        let running = killed_at(&archive, case.args, case.pass, &at);
        let wal = std::fs::metadata(archive.join("archive.db-wal")).map_or(0, |m| m.len());
        let run = dossier(&archive, &["check"], Some(case.pass));
        assert_eq!(run.code, 0, "{}: killed {at:?}: {run:?}", case.what);
        let digest = dossier(&archive, &["digest"], Some(case.pass)).ok();
        let digest = digest.stdout.trim();
        assert!(
            digest == case.before || digest == case.after,
            "{}: killed {at:?}, the archive holds part of the change",
            case.what
        );
        // A run that finished before the kill came must have made its change, all of it.
        assert!(
            running || digest == case.after,
            "{}: finished before {at:?} without its change",
            case.what
        );
        let killed = Killed {
            midway: running && !matches!(at, KillAt::After(d) if d < start),
            whole: digest == case.after,
            archive,
            at,
            running,
            wal,
        };
        also(&killed);
        runs.push(killed);
    }
    eprintln!(
        "{}: work from {start:?} to {end:?}; {} kills, {} mid-work, {} after it finished",
        case.what,
        runs.len(),
        runs.iter().filter(|k| k.midway).count(),
        runs.iter().filter(|k| !k.running).count()
    );
    for k in &runs {
        let state = match (k.whole, case.before == case.after) {
            (_, true) => "archive unchanged",
            (true, false) => "the whole change",
            (false, false) => "none of the change",
        };
        let ran = if k.running { "running" } else { "finished" };
        eprintln!("  {:?}: {ran}; {state}; WAL left {} bytes", k.at, k.wal);
    }
    runs
}

/// Starts `dossier --archive ARCHIVE ARGS…` with the passphrase `pass` and kills it (SIGKILL)
/// at `at`. Returns whether it was still running when killed.
pub fn killed_at(archive: &Path, args: &[&str], pass: &str, at: &KillAt) -> bool {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .arg("--archive")
        .arg(archive)
        .args(args)
        .env("DOSSIER_PASSPHRASE", pass)
        .env_remove("DOSSIER_NEW_PASSPHRASE")
        .env_remove("DOSSIER_ARCHIVE")
        .env_remove("DOSSIER_OFFICER")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let running = match at {
        KillAt::After(after) => {
            std::thread::sleep(*after);
            child.try_wait().unwrap().is_none()
        }
        KillAt::Grown(file, bytes) => {
            let file = archive.join(file);
            let started = Instant::now();
            loop {
                if child.try_wait().unwrap().is_some() {
                    break false;
                }
                if std::fs::metadata(&file).is_ok_and(|m| m.len() > *bytes) {
                    break true;
                }
                assert!(started.elapsed() < Duration::from_secs(120), "{at:?}: hung");
                std::thread::sleep(Duration::from_micros(200));
            }
        }
    };
    child.kill().ok();
    child.wait().unwrap();
    running
}

/// The files in `dir`, by name, sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A small tmpfs, unmounted (and its folder removed) when dropped.
pub struct Tmpfs {
    pub dir: PathBuf,
}

impl Tmpfs {
    /// Mounts a tmpfs of `kib` KiB on a new folder, or — only where
    /// DOSSIER_SKIP_MOUNT_TESTS=1 — returns None when that is not allowed.
    pub fn mount(kib: u64) -> Option<Tmpfs> {
        let dir = std::env::temp_dir().join(format!(
            "dossier-full-disk-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir(&dir).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&dir)
            .output();
        match mounted {
            Ok(o) if o.status.success() => Some(Tmpfs { dir }),
            other => {
                let _ = std::fs::remove_dir(&dir);
                if std::env::var("DOSSIER_SKIP_MOUNT_TESTS").as_deref() == Ok("1") {
                    eprintln!("skipped: cannot mount a tmpfs ({other:?})");
                    return None;
                }
                panic!(
                    "The full-disk tests mount a small tmpfs and need root (CI runs as root); \
                     mounting failed: {other:?}. Run as root, or set DOSSIER_SKIP_MOUNT_TESTS=1 \
                     to skip them knowingly."
                );
            }
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Fills the file system up to all but `free` bytes with one file (`filler`), which
    /// [`Tmpfs::unfill`] removes.
    pub fn fill(&self, free: u64) {
        use std::io::Write;
        let filler = self.path("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0x5au8; 64 * 1024];
        let mut written = 0u64;
        loop {
            match f.write(&block) {
                Ok(0) => break,
                Ok(n) => written += n as u64,
                Err(e) if e.raw_os_error() == Some(28) => break,
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
        f.set_len(written.saturating_sub(free)).unwrap();
        f.sync_all().unwrap();
    }

    pub fn unfill(&self) {
        std::fs::remove_file(self.path("filler")).unwrap();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.dir)
            .output();
        let _ = std::fs::remove_dir(&self.dir);
    }
}
