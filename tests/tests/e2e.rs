//! End-to-end: the real desktop app, driven like a person would through tauri-driver and
//! WebKitWebDriver. Four journeys, each on its own copy of the demo archive so none sees
//! what another wrote:
//!
//! - unlock (wrong passphrase first), see the reminders, then the roster; search it by a
//!   surname and by pinyin initials, add a visit through the form and find it on the
//!   timeline, look at every tab of the fullest file, then the registers and the sync page;
//! - a leave long enough to need the county, from the request to the return, watched on the
//!   dashboard ([`leave`]);
//! - the dashboard's charts, then the report centre: preview the roster, save it as PDF and
//!   as Excel ([`reports`]);
//! - as the office administrator, the officers, a backup made and found on disk and in the
//!   audit log, and the restore dialog of the unlock screen ([`safety`]).
//!
//! Run through `cargo xtask test`, which builds the app, makes a demo archive, starts a
//! display and tauri-driver, and passes them in DOSSIER_E2E_* variables. Without them this
//! fails on purpose (never a silent skip). The default nextest profile leaves this binary out.

#[path = "e2e/leave.rs"]
mod leave;
#[path = "e2e/reports.rs"]
mod reports;
#[path = "e2e/safety.rs"]
mod safety;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use dossier_tests::webdriver::{Element, Session};
use serde_json::Value;

/// Rows in the demo archive (`dossier demo --scale street`).
const DEMO_SUBJECTS: usize = 67;
/// Long enough for a debug build to start under Xvfb and to unlock (Argon2).
const WAIT: Duration = Duration::from_secs(30);

const PASSPHRASE_INPUT: &str =
    "input[data-testid=unlock-passphrase], [data-testid=unlock-passphrase] input";
const SEARCH_INPUT: &str = "input[data-testid=roster-search], [data-testid=roster-search] input";
const ROW: &str = "[data-testid=roster-row]";

/// W3C key codes: Control toggles, NULL releases every modifier.
const SELECT_ALL_AND_DELETE: &str = "\u{E009}a\u{E000}\u{E003}";

struct Config {
    app: PathBuf,
    archive: PathBuf,
    passphrase: String,
    webdriver: String,
    screenshots: PathBuf,
}

impl Config {
    fn from_env() -> Result<Config> {
        let need = |name: &str| {
            std::env::var(name).ok().filter(|v| !v.is_empty()).with_context(|| {
                format!(
                    "{name} is not set: the end-to-end tests need a built app, a demo archive and \
                     a running tauri-driver. Run them through `cargo xtask test`."
                )
            })
        };
        let config = Config {
            app: need("DOSSIER_E2E_APP")?.into(),
            archive: need("DOSSIER_E2E_ARCHIVE")?.into(),
            passphrase: need("DOSSIER_E2E_PASSPHRASE")?,
            webdriver: std::env::var("DOSSIER_E2E_WEBDRIVER")
                .unwrap_or_else(|_| "http://127.0.0.1:4444".into()),
            screenshots: std::env::var_os("DOSSIER_E2E_SCREENSHOTS")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots")
                }),
        };
        ensure!(
            config.app.is_file(),
            "DOSSIER_E2E_APP: no app at {}",
            config.app.display()
        );
        ensure!(
            config.archive.is_dir(),
            "DOSSIER_E2E_ARCHIVE: no archive at {}",
            config.archive.display()
        );
        Ok(config)
    }

    fn shot(&self, name: &str) -> PathBuf {
        self.screenshots.join(format!("e2e-{name}.png"))
    }

    /// Saves a screenshot for people to look at, once the UI's transitions (fades of about
    /// 0.3 s) have finished.
    fn screenshot(&self, s: &Session, name: &str) -> Result<()> {
        std::thread::sleep(Duration::from_millis(600));
        s.screenshot(&self.shot(name))
    }

    /// A copy of the demo archive for one test, so what one journey writes (a visit, a
    /// leave) never changes what another sees, whatever order they run in.
    fn own_archive(&self, test: &str) -> Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("dossier-e2e-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&self.archive, &dir)
            .with_context(|| format!("copying the demo archive to {}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

/// A directory removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Opens the app on `archive` and runs `journey` in it; on failure saves
/// `e2e-<name>-failure.png`. The app is closed either way.
fn in_the_app(
    config: &Config,
    archive: &Path,
    name: &str,
    journey: impl FnOnce(&Session) -> Result<()>,
) -> Result<()> {
    in_the_app_with(config, archive, &[], name, journey)
}

/// [`in_the_app`] with further command-line flags for the app (e.g. `--save-reports-to`).
fn in_the_app_with(
    config: &Config,
    archive: &Path,
    flags: &[String],
    name: &str,
    journey: impl FnOnce(&Session) -> Result<()>,
) -> Result<()> {
    // The archive goes in as the app's first argument (DOSSIER_ARCHIVE is for people).
    let mut args = vec![archive.display().to_string()];
    args.extend(flags.iter().cloned());
    let session = Session::start(&config.webdriver, &config.app, &args)?;
    let outcome = journey(&session);
    if outcome.is_err() {
        let shot = config.shot(&format!("{name}-failure"));
        let _ = session.screenshot(&shot);
        eprintln!("screenshot of the failure: {}", shot.display());
    }
    session.quit()?;
    outcome
}

/// Unlocks an archive made through the API, for reading what a journey needs before the
/// app opens it (so the two never share it).
fn api_session(config: &Config, archive: &Path) -> Result<dossier_api::Session> {
    let mut env = dossier_api::Env::system();
    dossier_api::unlock(archive, None, &config.passphrase, &mut env)
        .map_err(|e| anyhow::anyhow!("{}", e.view().message))
}

#[test]
fn unlock_then_find_people_on_the_roster() -> Result<()> {
    let config = Config::from_env()?;
    let archive = config.own_archive("roster")?;
    let fullest = fullest_file(&config, &archive.0)?;
    in_the_app(&config, &archive.0, "roster", |s| {
        unlock_and_search(s, &config, &fullest)
    })
}

fn unlock_and_search(s: &Session, config: &Config, fullest: &str) -> Result<()> {
    // Unlock, wrong passphrase first.
    let passphrase = s.wait_for("the passphrase field", WAIT, |s| s.find(PASSPHRASE_INPUT))?;
    s.send_keys(&passphrase, "not-the-passphrase")?;
    click_submit(s)?;
    let error = s.wait_for("the wrong-passphrase error", WAIT, |s| {
        s.find("[data-testid=unlock-error]")
    })?;
    let message = s.text(&error)?;
    ensure!(
        !message.trim().is_empty(),
        "the unlock error shows no message"
    );
    ensure!(s.count(ROW)? == 0, "roster rows are shown before unlocking");
    config.screenshot(s, "unlock-error")?;

    s.send_keys(&passphrase, SELECT_ALL_AND_DELETE)?;
    unlock(s, config)?;
    config.screenshot(s, "dashboard")?;
    s.click_on("the roster button", "[data-testid=nav-roster]", WAIT)?;

    // The roster: every demo subject.
    let all = s.wait_for("all demo subjects on the roster", WAIT, |s| {
        let rows = row_texts(s)?;
        Ok((rows.len() == DEMO_SUBJECTS).then_some(rows))
    })?;
    config.screenshot(s, "roster")?;

    let search = s.wait_for("the search field", WAIT, |s| s.find(SEARCH_INPUT))?;

    // Search by a surname: the commonest first character of a name that not everyone shares.
    let names = s.execute(
        "return Array.from(document.querySelectorAll(arguments[0])).map(r => \
         (r.querySelector('.cell-name') || r.cells[0]).innerText.trim());",
        vec![Value::from(ROW)],
    )?;
    let names: Vec<String> = serde_json::from_value(names)?;
    ensure!(
        names.len() == DEMO_SUBJECTS,
        "read {} names, expected {DEMO_SUBJECTS}",
        names.len()
    );
    let surname = commonest_surname(&names).context("no surname shared by some but not all")?;
    let with_surname = names.iter().filter(|n| n.starts_with(&surname)).count();
    s.send_keys(&search, &surname)?;
    let surname_rows = wait_for_narrowing(s, &surname)?;
    ensure!(
        surname_rows.len() >= with_surname,
        "searching {surname:?} shows {} rows, but {with_surname} names start with it",
        surname_rows.len()
    );
    println!(
        "roster: {} rows; {surname:?} -> {}",
        all.len(),
        surname_rows.len()
    );
    s.send_keys(&search, SELECT_ALL_AND_DELETE)?;
    s.wait_for("the whole roster after clearing the search", WAIT, |s| {
        Ok((s.count(ROW)? == DEMO_SUBJECTS).then_some(()))
    })?;

    // Find one person by the initials of their name's pinyin, as a worker types "zxm".
    let name = names
        .iter()
        .find(|n| !n.starts_with(&surname))
        .context("every name starts with the same character")?
        .clone();
    let query = initials(&name);
    s.send_keys(&search, &query)?;
    let hit = s.wait_for(
        &format!("{name:?} among the results for {query:?}"),
        WAIT,
        |s| {
            let rows = row_texts(s)?;
            Ok(
                (rows.len() < DEMO_SUBJECTS && rows.iter().any(|r| r.contains(&name)))
                    .then_some(rows),
            )
        },
    )?;
    ensure!(
        s.count("[data-testid=matched-tag]")? > 0,
        "results for {query:?} do not say what matched"
    );
    config.screenshot(s, "roster-initials")?;
    println!("initials {query:?} -> {} rows", hit.len());

    // Add a visit to this person's file through the form.
    open_file(s, &name)?;
    add_a_visit(s, config)?;

    // The fullest file of the demo: every tab has something in it; look at each.
    s.click_on("the back button", "[data-testid=file-back]", WAIT)?;
    // The roster keeps the last search when coming back; Escape clears it.
    s.type_into("the roster's search field", SEARCH_INPUT, "\u{E00C}", WAIT)?;
    s.wait_for("the whole roster again", WAIT, |s| {
        Ok((s.count(ROW)? == DEMO_SUBJECTS).then_some(()))
    })?;
    open_file(s, fullest)?;
    visit_every_tab(s, config)?;
    registers_and_sync(s, config)
}

/// The office's registers (the demo keeps some of each) and the sync page, from the main
/// navigation: each shows its content, and is looked at.
fn registers_and_sync(s: &Session, config: &Config) -> Result<()> {
    s.click_on("the registers button", "[data-testid=nav-registers]", WAIT)?;
    let rows = s.wait_for("entries in the first register", WAIT, |s| {
        let n = s.count("[data-testid=registers] .ant-table-row")?;
        Ok((n > 0).then_some(n))
    })?;
    println!("registers: {rows} entries in the first one");
    config.screenshot(s, "registers")?;
    s.click_on("the sync button", "[data-testid=nav-sync]", WAIT)?;
    s.wait_for("the import section or the enrolment notice", WAIT, |s| {
        let shown =
            s.count("[data-testid=sync-import]")? + s.count("[data-testid=sync-not-enrolled]")?;
        Ok((shown > 0).then_some(()))
    })?;
    config.screenshot(s, "sync")?;
    Ok(())
}

/// The name of the demo subject whose file has records of the most kinds, read through the
/// API before the app opens the archive (the demo makes one file complete on purpose).
fn fullest_file(config: &Config, archive: &Path) -> Result<String> {
    let session = api_session(config, archive)?;
    let mut best: Option<(usize, String)> = None;
    for row in session
        .subject_list()
        .map_err(|e| anyhow::anyhow!("{}", e.view().message))?
    {
        let mut kinds: Vec<String> = session
            .record_list(&row.id, None)
            .map_err(|e| anyhow::anyhow!("{}", e.view().message))?
            .into_iter()
            .map(|r| r.kind)
            .collect();
        kinds.sort();
        kinds.dedup();
        if best.as_ref().is_none_or(|(n, _)| kinds.len() > *n) {
            best = Some((kinds.len(), row.name));
        }
    }
    Ok(best.context("the demo archive has no subjects")?.1)
}

/// The first letter of each character's pinyin: 张小明 -> "zxm".
fn initials(name: &str) -> String {
    use pinyin::ToPinyin;
    name.to_pinyin()
        .flatten()
        .filter_map(|p| p.first_letter().chars().next())
        .collect()
}

/// Opens the file of the roster row showing `name`.
fn open_file(s: &Session, name: &str) -> Result<()> {
    // The name itself is what a person clicks (WebKit's driver will not click a whole row);
    // right after the roster appears it may still refuse, so look and click again.
    s.wait_for(&format!("{name:?} on the roster, clicked"), WAIT, |s| {
        for cell in s.find_all(&format!("{ROW} .cell-name"))? {
            if s.text(&cell)?.trim() == name {
                return s.click(&cell).map(Some);
            }
        }
        Ok(None)
    })?;
    let header = s.wait_for("the file's header", WAIT, |s| {
        s.find("[data-testid=file-name]")
    })?;
    let shown = s.text(&header)?;
    ensure!(
        shown.contains(name),
        "opened the file of {shown:?}, not {name:?}"
    );
    Ok(())
}

/// Clicks through every tab of the file, saving a screenshot of each; every section tab of
/// a demo file has something in it.
fn visit_every_tab(s: &Session, config: &Config) -> Result<()> {
    let ids = s.execute(
        "return Array.from(document.querySelectorAll('[data-testid^=\"tab-\"]'))\
         .map(e => e.getAttribute('data-testid'));",
        vec![],
    )?;
    let ids: Vec<String> = serde_json::from_value(ids)?;
    ensure!(
        ids.len() >= 10,
        "the file shows {} tabs ({ids:?}); expected one per section",
        ids.len()
    );
    // Only the tabs of record kinds count their records; the basic information, the
    // workflows (leave, assessment, proposals) and the timeline carry no count.
    let empty = s.execute(
        "return Array.from(document.querySelectorAll('[data-testid^=\"tab-\"]'))\
         .filter(e => !arguments[0].includes(e.getAttribute('data-testid')))\
         .filter(e => !e.querySelector('.file-tab-count'))\
         .map(e => e.getAttribute('data-testid'));",
        vec![serde_json::json!([
            "tab-basic",
            "tab-leave",
            "tab-assessment",
            "tab-proposals",
            "tab-timeline"
        ])],
    )?;
    let empty: Vec<String> = serde_json::from_value(empty)?;
    ensure!(
        empty.is_empty(),
        "these tabs of the fullest file are empty: {empty:?}"
    );
    for id in &ids {
        s.click_on(
            &format!("the {id} tab"),
            &format!("[data-testid={id}]"),
            WAIT,
        )?;
        s.wait_for(&format!("the {id} tab to be chosen"), WAIT, |s| {
            let selected = s.execute(
                "const t = document.querySelector('[data-testid=' + arguments[0] + ']');\
                 const tab = t && t.closest('[role=tab]');\
                 return !!tab && tab.getAttribute('aria-selected') === 'true';",
                vec![Value::from(id.as_str())],
            )?;
            Ok((selected == Value::Bool(true)).then_some(()))
        })?;
        config.screenshot(s, &format!("file-{}", id.trim_start_matches("tab-")))?;
    }
    Ok(())
}

/// Adds a visit through the form (three clicks: the button, a choice, save) and finds it on
/// the timeline.
fn add_a_visit(s: &Session, config: &Config) -> Result<()> {
    s.click_on("the timeline tab", "[data-testid=tab-timeline]", WAIT)?;
    s.wait_for("the timeline", WAIT, |s| {
        Ok(s.find("[data-testid=timeline]")?.map(|_| ()))
    })?;
    let before = s.count("[data-testid=timeline-item]")?;

    s.click_on("the add-visit button", "[data-testid=add-visit]", WAIT)?;
    s.wait_for("the visit form", WAIT, |s| {
        s.find("[data-testid=record-form]")
    })?;
    // The drawer slides in; WebKit's driver refuses clicks on moving things, so the clicks
    // and keys below retry until the form takes them.
    let findings = "端到端测试：在家，身体健康，情绪稳定。";
    // A click while the drawer still slides lands where the choice was a moment ago, so
    // click until the choice shows as chosen.
    s.wait_for("a place chosen on the visit form", WAIT, |s| {
        if s.find("[data-testid=field-place] .ant-radio-button-wrapper-checked")?
            .is_some()
        {
            return Ok(Some(()));
        }
        if let Some(label) = s.find("[data-testid=field-place] label")? {
            s.click(&label)?;
        }
        Ok(None)
    })?;
    for (field, text) in [
        ("visitors", "李秀梅"),
        ("met", "本人及家属"),
        ("findings", findings),
    ] {
        s.type_into(
            &format!("the {field} field of the visit form"),
            &format!(
                "input[data-testid=field-{field}], textarea[data-testid=field-{field}], \
                 [data-testid=field-{field}] input, [data-testid=field-{field}] textarea"
            ),
            text,
            WAIT,
        )?;
    }
    config.screenshot(s, "visit-form")?;
    s.click_on(
        "an enabled save button",
        "[data-testid=record-save]:not([disabled])",
        WAIT,
    )?;
    s.wait_for("the form to close", WAIT, |s| {
        Ok(s.find("[data-testid=record-form]")?.is_none().then_some(()))
    })?;
    // The drawer's mask fades out after the form has gone; the click waits for it.
    s.click_on("the timeline tab", "[data-testid=tab-timeline]", WAIT)?;
    s.wait_for("the new visit on the timeline", WAIT, |s| {
        let items = s.find_all("[data-testid=timeline-item]")?;
        if items.len() != before + 1 {
            return Ok(None);
        }
        let texts = s.execute(
            "return Array.from(document.querySelectorAll('[data-testid=timeline-item]'))\
             .map(e => e.innerText);",
            vec![],
        )?;
        let texts: Vec<String> = serde_json::from_value(texts)?;
        Ok(texts.iter().any(|t| t.contains("端到端测试")).then_some(()))
    })?;
    config.screenshot(s, "timeline-after-visit")?;
    Ok(())
}

/// Types the passphrase into the unlock screen and waits for the reminders, the first page
/// (the demo always has something due or overdue).
fn unlock(s: &Session, config: &Config) -> Result<()> {
    s.type_into(
        "the passphrase field",
        PASSPHRASE_INPUT,
        &config.passphrase,
        WAIT,
    )?;
    click_submit(s)?;
    s.wait_for("the reminders dashboard with items", WAIT, |s| {
        Ok((s.count("[data-testid=due-item]")? > 0).then_some(()))
    })
}

fn click_submit(s: &Session) -> Result<()> {
    let submit: Element = s.wait_for("the unlock button", WAIT, |s| {
        s.find("[data-testid=unlock-submit]:not([disabled])")
    })?;
    s.click(&submit)
}

/// The rendered text of every roster row, in one round trip.
fn row_texts(s: &Session) -> Result<Vec<String>> {
    let texts = s.execute(
        "return Array.from(document.querySelectorAll(arguments[0])).map(r => r.innerText);",
        vec![Value::from(ROW)],
    )?;
    Ok(serde_json::from_value(texts)?)
}

/// Waits until the roster shows some but not all rows, each containing `query`.
fn wait_for_narrowing(s: &Session, query: &str) -> Result<Vec<String>> {
    s.wait_for(
        &format!("the roster narrowed to rows containing {query:?}"),
        WAIT,
        |s| {
            let rows = row_texts(s)?;
            let narrowed = !rows.is_empty() && rows.len() < DEMO_SUBJECTS;
            if !narrowed {
                return Ok(None);
            }
            if let Some(stray) = rows.iter().find(|r| !r.contains(query)) {
                bail!("{} rows, one without {query:?}: {stray:?}", rows.len());
            }
            Ok(Some(rows))
        },
    )
}

/// The first character most names start with, among those not every name starts with.
fn commonest_surname(names: &[String]) -> Option<String> {
    let mut counts: Vec<(char, usize)> = Vec::new();
    for first in names.iter().filter_map(|n| n.chars().next()) {
        match counts.iter_mut().find(|(c, _)| *c == first) {
            Some((_, n)) => *n += 1,
            None => counts.push((first, 1)),
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n < names.len())
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c.to_string())
}
