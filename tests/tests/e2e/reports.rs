//! The dashboard's charts and the report centre (报表中心): the charts count the demo's 67
//! subjects; the roster is chosen, its first page previewed (a real PNG drawn by the Rust
//! side), then saved as PDF and as Excel, and the files are checked on disk.
//!
//! Saving normally asks where in the system's dialog, which WebDriver cannot reach; the app
//! is started with `--save-reports-to DIR` instead, which saves under the suggested name in
//! DIR without asking (the only difference). Opening the saved file in the system's viewer
//! is not clicked: under Xvfb there is no viewer to look at.
//!
//! Also looked at on an 800-pixel-wide window, the smallest laptop the offices have.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use dossier_tests::webdriver::Session;
use serde_json::Value;

use super::{Config, DEMO_SUBJECTS, Scratch, WAIT, in_the_app_with, unlock};

const ROSTER_TITLE: &str = "社区矫正对象花名册";
/// Laying out a ledger in a debug build takes a while; longer than a screen takes to show.
const REPORT_WAIT: Duration = Duration::from_secs(120);

#[test]
fn the_dashboard_draws_charts_and_the_report_centre_saves_the_roster() -> Result<()> {
    let config = Config::from_env()?;
    let archive = config.own_archive("reports")?;
    let out = Scratch(
        std::env::temp_dir().join(format!("dossier-e2e-reports-out-{}", std::process::id())),
    );
    std::fs::create_dir_all(&out.0)?;
    let flags = vec![format!("--save-reports-to={}", out.0.display())];
    in_the_app_with(&config, &archive.0, &flags, "reports", |s| {
        charts(s, &config)?;
        report_centre(s, &config, &out.0)
    })
}

/// The charts under the reminders: on register now is every demo subject.
fn charts(s: &Session, config: &Config) -> Result<()> {
    unlock(s, config)?;
    let want = format!("现在在册 {DEMO_SUBJECTS} 人");
    s.wait_for(&format!("the charts saying {want:?}"), WAIT, |s| {
        let Some(el) = s.find("[data-testid=chart-register] [data-testid=chart-summary]")? else {
            return Ok(None);
        };
        Ok((s.text(&el)?.trim() == want).then_some(()))
    })?;
    let drawn = s.execute(
        "return ['chart-register', 'chart-category', 'chart-village', 'chart-activity']\
         .map(id => document.querySelectorAll('[data-testid=' + id + '] svg.recharts-surface').length);",
        vec![],
    )?;
    let drawn: Vec<usize> = serde_json::from_value(drawn)?;
    ensure!(
        drawn.iter().all(|n| *n > 0),
        "a chart drew no SVG: {drawn:?}"
    );
    s.execute(
        "document.querySelector('[data-testid=dash-charts]').scrollIntoView();",
        vec![],
    )?;
    config.screenshot(s, "dashboard-charts")
}

/// Chooses the roster, waits for its preview, saves it as PDF then as Excel.
fn report_centre(s: &Session, config: &Config, out: &std::path::Path) -> Result<()> {
    s.click_on("the reports button", "[data-testid=nav-reports]", WAIT)?;
    // As a person does with a long list: type part of the name in the box, Enter takes the
    // first match.
    s.type_into(
        "the ledger box",
        "[data-testid=report-ledger] input",
        "花名册\u{E007}",
        WAIT,
    )?;
    s.wait_for(&format!("{ROSTER_TITLE} chosen"), WAIT, |s| {
        let Some(shown) = s.find("[data-testid=report-ledger]")? else {
            return Ok(None);
        };
        Ok(s.text(&shown)?.contains(ROSTER_TITLE).then_some(()))
    })?;
    // The first page, drawn and decoded.
    let pages = s.wait_for("the preview's first page", REPORT_WAIT, |s| {
        let pages = s.execute(
            "return Array.from(document.querySelectorAll('[data-testid=report-page]'))\
             .map(i => ({png: i.src.startsWith('data:image/png;base64,'), width: i.naturalWidth}));",
            vec![],
        )?;
        let pages: Vec<Value> = serde_json::from_value(pages)?;
        let ready = !pages.is_empty() && pages.iter().all(|p| p["width"].as_u64() > Some(0));
        Ok(ready.then_some(pages))
    })?;
    ensure!(
        pages.iter().all(|p| p["png"] == Value::Bool(true)),
        "the preview pages are not PNG images: {pages:?}"
    );
    let summary = s
        .find("[data-testid=report-preview-summary]")?
        .context("no page and row count over the preview")?;
    let summary = s.text(&summary)?;
    ensure!(
        summary.contains(&format!("{DEMO_SUBJECTS} 条记录")),
        "the preview says {summary:?}, not {DEMO_SUBJECTS} rows"
    );
    println!("reports: roster preview {summary}");
    config.screenshot(s, "reports-preview")?;

    let pdf = save(s, out)?;
    let head = std::fs::read(&pdf).with_context(|| format!("reading {}", pdf.display()))?;
    ensure!(head.starts_with(b"%PDF"), "{} is not a PDF", pdf.display());
    config.screenshot(s, "reports-saved")?;

    s.wait_for("the Excel choice, clicked", WAIT, |s| {
        for label in s.find_all("[data-testid=report-format] label")? {
            if s.text(&label)?.contains("Excel") {
                return s.click(&label).map(Some);
            }
        }
        Ok(None)
    })?;
    let xlsx = save(s, out)?;
    let head = std::fs::read(&xlsx).with_context(|| format!("reading {}", xlsx.display()))?;
    ensure!(
        head.starts_with(b"PK"),
        "{} is not an Excel file",
        xlsx.display()
    );
    println!("reports: saved {} and {}", pdf.display(), xlsx.display());

    // As an 800-pixel-wide laptop shows it (if the driver can resize the window).
    match s.set_window_size(800, 700) {
        Ok(()) => config.screenshot(s, "reports-800")?,
        Err(e) => println!("reports: the window could not be resized ({e:#})"),
    }
    Ok(())
}

/// Clicks save, waits for the saved message and returns the file it names, which must be in
/// `out` and not empty.
fn save(s: &Session, out: &std::path::Path) -> Result<std::path::PathBuf> {
    s.click_on(
        "the save button",
        "[data-testid=report-save]:not([disabled])",
        WAIT,
    )?;
    let path = s.wait_for("the saved message", REPORT_WAIT, |s| {
        if let Some(error) = s.find("[data-testid=report-save-error]")? {
            anyhow::bail!("saving failed: {}", s.text(&error)?);
        }
        match s.find("[data-testid=report-saved-path]")? {
            Some(el) => Ok(Some(s.text(&el)?.trim().to_owned())),
            None => Ok(None),
        }
    })?;
    let path = std::path::PathBuf::from(path);
    ensure!(
        path.starts_with(out),
        "saved to {}, not under {}",
        path.display(),
        out.display()
    );
    let bytes = std::fs::metadata(&path)
        .with_context(|| format!("{} is not on disk", path.display()))?
        .len();
    ensure!(bytes > 0, "{} is empty", path.display());
    Ok(path)
}
