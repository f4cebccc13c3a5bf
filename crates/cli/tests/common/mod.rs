//! What the black-box CLI tests share: running the `dossier` binary on an archive with a
//! clean environment, and checking how it ended. Each test file keeps its own fixtures.

#![allow(dead_code)] // Not every test file uses every helper.

use std::path::Path;

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
