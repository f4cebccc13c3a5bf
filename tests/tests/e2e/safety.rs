//! The office administrator's safety pages on the demo archive: the officers (人员与账号), a
//! backup made with 立即备份 and checked on disk, the audit log (审计日志) then listing that
//! backup in Chinese, and the unlock screen's 从备份恢复 dialog (looked at, not run: choosing
//! the file and folder needs the system's dialogs).
//!
//! Saving a backup normally asks where in the system's dialog, which WebDriver cannot reach;
//! the app is started with `--save-backups-to DIR` instead (as reports use
//! `--save-reports-to`), which saves under the suggested name in DIR without asking.

use anyhow::{Context, Result, ensure};
use dossier_tests::webdriver::Session;
use serde_json::Value;

use super::{Config, Scratch, WAIT, in_the_app_with, unlock};

#[test]
fn the_administrator_sees_the_officers_backs_up_and_finds_it_in_the_audit_log() -> Result<()> {
    let config = Config::from_env()?;
    let archive = config.own_archive("safety")?;
    let out = Scratch(
        std::env::temp_dir().join(format!("dossier-e2e-backups-out-{}", std::process::id())),
    );
    std::fs::create_dir_all(&out.0)?;
    let flags = vec![format!("--save-backups-to={}", out.0.display())];
    in_the_app_with(&config, &archive.0, &flags, "safety", |s| {
        unlock(s, &config)?;
        accounts(s, &config)?;
        let file = backup(s, &config, &out.0)?;
        let info = dossier_api::backup_info(&file)
            .map_err(|e| anyhow::anyhow!("the saved backup does not read: {}", e.view().message))?;
        ensure!(
            info.officers.len() >= 2,
            "the backup names {} officers",
            info.officers.len()
        );
        audit(s, &config)?;
        restore_dialog(s, &config)
    })
}

/// Texts of every element matching `css`, in one round trip.
fn texts(s: &Session, css: &str) -> Result<Vec<String>> {
    let v = s.execute(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText);",
        vec![Value::from(css)],
    )?;
    Ok(serde_json::from_value(v)?)
}

fn accounts(s: &Session, config: &Config) -> Result<()> {
    s.click_on("the accounts button", "[data-testid=nav-accounts]", WAIT)?;
    let rows = s.wait_for("the officers", WAIT, |s| {
        let rows = texts(s, "[data-testid=officer-row]")?;
        Ok((rows.len() >= 2).then_some(rows))
    })?;
    ensure!(
        rows.iter()
            .any(|r| r.contains("司法所管理员") && r.contains("本人")),
        "the administrator is not marked as oneself: {rows:?}"
    );
    config.screenshot(s, "accounts")
}

/// Opens the backup page, makes a backup and returns the file it wrote.
fn backup(s: &Session, config: &Config, out: &std::path::Path) -> Result<std::path::PathBuf> {
    s.click_on("the backup button", "[data-testid=nav-backup]", WAIT)?;
    // The day's automatic backup was made by the first command after unlocking.
    let rows = s.wait_for("the automatic backups", WAIT, |s| {
        let rows = texts(s, "[data-testid=backup-row]")?;
        Ok((!rows.is_empty()).then_some(rows))
    })?;
    ensure!(
        rows[0].contains("每日自动备份"),
        "the newest automatic backup reads {:?}",
        rows[0]
    );
    config.screenshot(s, "backup")?;
    s.click_on("立即备份", "[data-testid=backup-now]", WAIT)?;
    let said = s.wait_for("the saved backup", WAIT, |s| {
        let Some(el) = s.find("[data-testid=backup-saved-path]")? else {
            return Ok(None);
        };
        Ok(Some(s.text(&el)?))
    })?;
    let files: Vec<_> = std::fs::read_dir(out)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "dossier-backup"))
        .collect();
    ensure!(
        files.len() == 1,
        "expected one backup in {}: {files:?}",
        out.display()
    );
    let file = files[0].clone();
    ensure!(
        said.contains(&file.display().to_string()),
        "the page says {said:?}, the file is {}",
        file.display()
    );
    let bytes = std::fs::metadata(&file)
        .with_context(|| format!("reading {}", file.display()))?
        .len();
    println!("safety: backup saved to {} ({bytes} bytes)", file.display());
    config.screenshot(s, "backup-saved")?;
    Ok(file)
}

/// The audit log lists the backup just made, in Chinese.
fn audit(s: &Session, config: &Config) -> Result<()> {
    s.click_on("the audit button", "[data-testid=nav-audit]", WAIT)?;
    let rows = s.wait_for("the audit log", WAIT, |s| {
        let rows = texts(s, "[data-testid=audit-row]")?;
        Ok((!rows.is_empty()).then_some(rows))
    })?;
    ensure!(
        rows.iter()
            .any(|r| r.contains("备份") && r.contains("立即备份：保存了一份备份文件")),
        "the audit log does not list the backup: {:?}",
        &rows[..rows.len().min(5)]
    );
    ensure!(
        rows.iter().any(|r| r.contains("登录成功")),
        "the sign-in is not in Chinese: {:?}",
        &rows[..rows.len().min(5)]
    );
    config.screenshot(s, "audit")
}

/// Locks, and opens the restore dialog from the unlock screen.
fn restore_dialog(s: &Session, config: &Config) -> Result<()> {
    s.click_on("the lock button", "[data-testid=lock-button]", WAIT)?;
    s.click_on("从备份恢复", "[data-testid=restore-link]", WAIT)?;
    // The dialog zooms in; its text reads empty until it is shown.
    s.wait_for(
        "the restore dialog saying a village must be enrolled again",
        WAIT,
        |s| {
            let Some(dialog) = s.find("[data-testid=restore-dialog]")? else {
                return Ok(None);
            };
            Ok(s.text(&dialog)?.contains("重新办理设备登记").then_some(()))
        },
    )?;
    config.screenshot(s, "restore-dialog")
}
