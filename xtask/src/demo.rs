//! Demo archives: synthetic data made by `dossier demo`, for trying the app (`xtask run`),
//! for the end-to-end tests and for benchmarks.
//!
//! Not here: what is in a demo archive (that is the CLI's and the API's business).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::sh::{self, note, step};

/// Letters and digits that cannot be mistaken for one another when read aloud or copied.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A fresh random passphrase like `k7fm-x3qp-9tea-hw2c` (about 79 bits), from /dev/urandom.
pub fn random_passphrase() -> Result<String> {
    let mut urandom = File::open("/dev/urandom").context("opening /dev/urandom")?;
    let mut chars = Vec::with_capacity(16);
    let mut byte = [0u8];
    // Only bytes below the largest multiple of the alphabet's size, so every letter is as likely.
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    while chars.len() < 16 {
        urandom.read_exact(&mut byte)?;
        if byte[0] < limit {
            chars.push(ALPHABET[byte[0] as usize % ALPHABET.len()] as char);
        }
    }
    let groups: Vec<String> = chars.chunks(4).map(|g| g.iter().collect()).collect();
    Ok(groups.join("-"))
}

/// Runs `dossier --archive <archive> demo --scale <scale>`: `archive` must not exist yet.
pub fn create(dossier: &Path, archive: &Path, passphrase: &str, scale: &str) -> Result<()> {
    if archive.exists() {
        bail!(
            "{} already exists; a demo archive is only made in a new place",
            archive.display()
        );
    }
    if let Some(parent) = archive.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut cmd = Command::new(dossier);
    cmd.arg("--archive")
        .arg(archive)
        .args(["demo", "--scale", scale]);
    cmd.env("DOSSIER_PASSPHRASE", passphrase);
    sh::run(
        &mut cmd,
        "see the error above; `dossier demo --help` lists the options",
    )
}

/// The developer's demo archive, `<data dir>/dossier/demo`: made on first use, with its
/// passphrase printed once and kept in `demo-passphrase.txt` (mode 0600) beside it.
pub fn user_demo(dossier: &Path) -> Result<PathBuf> {
    step("Demo archive");
    let base = dirs::data_dir()
        .context("no data directory (is HOME set?)")?
        .join("dossier");
    let archive = base.join("demo");
    let passphrase_file = base.join("demo-passphrase.txt");
    if archive.exists() {
        note(format!("using {}", archive.display()));
        if passphrase_file.exists() {
            note(format!(
                "its passphrase is in {}",
                passphrase_file.display()
            ));
        }
        return Ok(archive);
    }
    let passphrase = random_passphrase()?;
    // Made under a temporary name and renamed at the end: a failure leaves no half archive.
    let partial = base.join(format!("demo.partial-{}", std::process::id()));
    let _ = fs::remove_dir_all(&partial);
    create(dossier, &partial, &passphrase, "street")?;
    write_secret(&passphrase_file, &format!("{passphrase}\n"))?;
    fs::rename(&partial, &archive)
        .with_context(|| format!("renaming {} to {}", partial.display(), archive.display()))?;
    let rule = "*".repeat(64);
    println!("\n    {rule}");
    println!("    New demo archive (synthetic people, not real data).");
    println!("    Its passphrase, shown only this once:  {passphrase}");
    println!("    {rule}\n");
    note(format!("archive:    {}", archive.display()));
    note(format!(
        "passphrase: also saved in {} (readable by you only)",
        passphrase_file.display()
    ));
    note(format!(
        "to start over, delete {} and the passphrase file",
        archive.display()
    ));
    Ok(archive)
}

/// Writes a file only its owner can read.
fn write_secret(path: &Path, contents: &str) -> Result<()> {
    let _ = fs::remove_file(path);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrases_are_four_groups_of_four_from_the_alphabet_and_differ() {
        let a = random_passphrase().unwrap();
        let b = random_passphrase().unwrap();
        assert_ne!(a, b);
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(groups.len(), 4, "{a}");
        assert!(
            groups
                .iter()
                .all(|g| g.len() == 4 && g.bytes().all(|c| ALPHABET.contains(&c)))
        );
    }

    #[test]
    fn secrets_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("xtask-secret-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("p.txt");
        write_secret(&path, "x\n").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(mode, 0o600);
    }
}
