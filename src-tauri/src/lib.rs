//! The desktop shell: Tauri commands over `dossier-api`, and the little state a window needs
//! (which archive, and the unlocked session if any).
//!
//! Every command is one line that hands its arguments to `dossier-api` on a blocking thread
//! and passes the answer or the `ErrorView` back to the web side unchanged. Deliberately not
//! here: SQL, permissions, business rules, messages about people — those live in `api` and
//! below, so the CLI and the app behave alike. The web side gets no file-system permission
//! (capabilities/default.json grants `core:default` only); files will be chosen on this side.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use dossier_api::view::{
    ArchiveInfo, AssessmentItemInput, AssessmentView, AttachmentView, BackupInfoView,
    BackupListView, BackupView, DueView, ErrorView, KindView, LeaveInput, LeaveView,
    LevelChangeView, LevelSuggestionView, OfficerInput, OfficerView, PointsTableView, QuarterView,
    RecordView, RegisterEntryView, RegisterKindView, SearchHit, SessionView, SubjectFileView,
    SubjectRow,
};
use dossier_api::view::{AuditEntryView, DecisionInput, ProposalInput, ProposalView};
use dossier_api::view::{ConflictView, ExportView, ImportProgressView, ImportView, SyncStatusView};
// Reports and the dashboard's charts
use dossier_api::view::{
    ChartsView, LedgerView, ReportPreview, ReportProgress, ReportRequest, ReportSaved,
};
use dossier_api::{Env, Session};
use serde::Serialize;
use serde_json::{Map, Value};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// Where the archive lives: `DOSSIER_ARCHIVE`, else the first plain (non-flag) argument,
/// else the folder `remembered` names (an archive restored from a backup and opened, see
/// [`remembered_archive`]) if it still exists, else `<data dir>/dossier/archive`.
///
/// Flags are skipped because the WebDriver host launches the app with its own (`--automation`).
pub fn archive_path(
    env: Option<String>,
    args: impl IntoIterator<Item = String>,
    remembered: Option<PathBuf>,
) -> PathBuf {
    if let Some(path) = env.filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    if let Some(arg) = args.into_iter().find(|a| !a.starts_with('-')) {
        return PathBuf::from(arg);
    }
    if let Some(path) = remembered.filter(|p| p.is_dir()) {
        return path;
    }
    data_folder().join("archive")
}

fn data_folder() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("dossier")
}

/// The file that remembers which archive to open when none is named: written when the
/// person opens an archive restored from a backup, so the next start opens it too (and not
/// the lost or damaged one it replaced, which stays where it was).
pub fn remembered_archive_file() -> PathBuf {
    data_folder().join("archive-location")
}

/// The folder `file` names, if it names one.
pub fn remembered_archive(file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(file).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

/// Writes `file` whole (a temporary file renamed over it), naming `archive`.
fn remember_archive(file: &Path, archive: &Path) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = file.with_extension("partial");
    std::fs::write(&tmp, format!("{}\n", archive.display()))?;
    std::fs::rename(&tmp, file)
}

/// What the commands share: the archive this window works on, the session once unlocked,
/// and the bundle files the user chose in the dialog (the only ones verify and import read,
/// so the web side cannot name any other file).
pub struct Shell {
    /// Changes only to an archive restored in this window (`open_restored`).
    archive: Mutex<PathBuf>,
    session: Mutex<Option<Session>>,
    /// Files and folders the user chose in a dialog: bundles to import, a backup to restore
    /// and the folder to restore it into.
    picked: Mutex<Vec<PathBuf>>,
    /// Archives restored in this window: the only folders the window may switch to.
    restored: Mutex<Vec<PathBuf>>,
    /// Reports saved in this window: the only files `report_open` hands to the system.
    saved_reports: Mutex<Vec<PathBuf>>,
    /// `--save-reports-to DIR`: save reports there under their suggested name instead of
    /// asking in the dialog (for the end-to-end tests, which cannot reach the dialog).
    reports_dir: Option<PathBuf>,
    /// `--save-backups-to DIR`: the same for backups made with 立即备份.
    backups_dir: Option<PathBuf>,
    /// Where to remember a restored archive once it is opened, so later starts open it
    /// ([`remembered_archive_file`]); none when the archive was named on the command line or
    /// in `DOSSIER_ARCHIVE`, which always win.
    remember_in: Option<PathBuf>,
}

type Reply<T> = Result<T, ErrorView>;

impl Shell {
    pub fn new(archive: PathBuf) -> Shell {
        Shell {
            archive: Mutex::new(archive),
            session: Mutex::new(None),
            picked: Mutex::new(Vec::new()),
            restored: Mutex::new(Vec::new()),
            saved_reports: Mutex::new(Vec::new()),
            reports_dir: None,
            backups_dir: None,
            remember_in: None,
        }
    }

    /// Remembers an opened restored archive in `file` (see the field).
    pub fn remembering_in(mut self, file: Option<PathBuf>) -> Shell {
        self.remember_in = file;
        self
    }

    /// Saves reports in `dir` without asking (see the field).
    pub fn saving_reports_to(mut self, dir: Option<PathBuf>) -> Shell {
        self.reports_dir = dir;
        self
    }

    /// Saves backups in `dir` without asking (see the field).
    pub fn saving_backups_to(mut self, dir: Option<PathBuf>) -> Shell {
        self.backups_dir = dir;
        self
    }

    /// The archive this window works on.
    pub fn archive(&self) -> PathBuf {
        self.archive
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn archive_info(&self) -> Reply<ArchiveInfo> {
        dossier_api::archive_info(&self.archive()).map_err(|e| e.view())
    }

    fn unlock(&self, officer_id: &str, passphrase: &str) -> Reply<SessionView> {
        let mut env = Env::system();
        let session = dossier_api::unlock(&self.archive(), Some(officer_id), passphrase, &mut env)
            .map_err(|e| e.view())?;
        let view = session.view();
        *self.session() = Some(session);
        Ok(view)
    }

    fn lock(&self) -> Reply<()> {
        if let Some(session) = self.session().take() {
            session.lock();
        }
        Ok(())
    }

    /// Runs `work` on the unlocked session with a fresh system clock and id source; refuses
    /// with `locked` when there is none.
    fn with<T>(
        &self,
        work: impl FnOnce(&mut Session, &mut Env) -> dossier_api::Result<T>,
    ) -> Reply<T> {
        let mut guard = self.session();
        let session = guard.as_mut().ok_or_else(locked)?;
        let mut env = Env::system();
        // A window left open past midnight must judge deadlines by the new day.
        session.set_today(env.today());
        // Once a day while in use, a backup into the archive's own folder. It must never stop
        // the work asked for; a failure shows again on the next command and in the CLI.
        let _ = session.backup_if_due(&mut env);
        work(session, &mut env).map_err(|e| e.view())
    }

    fn subject_list(&self) -> Reply<Vec<SubjectRow>> {
        self.with(|s, _| s.subject_list())
    }

    /// Remembers a bundle file the user chose in the dialog.
    fn remember_pick(&self, path: PathBuf) {
        let mut picked = self.picked.lock().unwrap_or_else(|p| p.into_inner());
        if !picked.contains(&path) {
            picked.push(path);
        }
    }

    /// `path` if the user chose it in a dialog; any other path is refused (`what` says which
    /// file to choose).
    fn picked_path(&self, path: &str, what: &str) -> Reply<PathBuf> {
        let path = PathBuf::from(path);
        let known = self
            .picked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&path);
        if !known {
            return Err(ErrorView {
                code: "invalid_input".into(),
                message: format!("Choose the {what} with the file dialog first."),
            });
        }
        Ok(path)
    }

    /// The bytes of a bundle file the user chose in the dialog; any other path is refused.
    fn picked_bytes(&self, path: &str) -> Reply<Vec<u8>> {
        let path = self.picked_path(path, "bundle file")?;
        std::fs::read(&path).map_err(|e| io_error("read the bundle file", &e))
    }

    /// Restores a chosen backup into a chosen folder. The restored archive is not opened
    /// here: the window stays on its archive until the person asks for the restored one.
    fn restore(
        &self,
        file: &str,
        folder: &str,
        officer_id: &str,
        passphrase: &str,
    ) -> Reply<RestoredArchive> {
        let file = self.picked_path(file, "backup file")?;
        let folder = self.picked_path(folder, "folder to restore into")?;
        let mut env = Env::system();
        let session = dossier_api::restore(&file, &folder, Some(officer_id), passphrase, &mut env)
            .map_err(|e| e.view())?;
        session.lock();
        let mut restored = self.restored.lock().unwrap_or_else(|p| p.into_inner());
        restored.push(folder.clone());
        Ok(RestoredArchive {
            path: folder.to_string_lossy().into_owned(),
            usual_path: self.archive().to_string_lossy().into_owned(),
            remembered_on_open: self.remember_in.is_some(),
        })
    }

    /// Switches this window to an archive restored in it (locked: the unlock screen asks
    /// for the passphrase again). Any other folder is refused.
    fn open_restored(&self, path: &str) -> Reply<ArchiveInfo> {
        let path = PathBuf::from(path);
        let known = self
            .restored
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&path);
        if !known {
            return Err(ErrorView {
                code: "invalid_input".into(),
                message: "Only an archive restored in this window can be opened here.".into(),
            });
        }
        self.lock()?;
        if let Some(file) = &self.remember_in {
            remember_archive(file, &path)
                .map_err(|e| io_error("note the restored archive for the next start", &e))?;
        }
        *self.archive.lock().unwrap_or_else(|p| p.into_inner()) = path;
        self.archive_info()
    }

    fn session(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic while the lock was held leaves at worst a stale session; locking still works.
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The refusal for a command that needs a session when there is none (never unlocked, or
/// locked again). The UI shows its own words for the code.
fn locked() -> ErrorView {
    ErrorView {
        code: "locked".into(),
        message: "The archive is locked; unlock it first.".into(),
    }
}

/// A file that could not be read or written, in plain words (no path: it may name a person).
fn io_error(what: &str, e: &std::io::Error) -> ErrorView {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "the file is no longer there (was the USB stick removed?)",
        std::io::ErrorKind::PermissionDenied => "permission denied",
        std::io::ErrorKind::StorageFull => "the disk is full",
        std::io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only",
        _ => "the disk refused",
    };
    // A full disk has its own code, as in the api, because the person can fix it.
    let code = match e.kind() {
        std::io::ErrorKind::StorageFull => "disk_full",
        _ => "io",
    };
    ErrorView {
        code: code.into(),
        message: format!(
            "Could not {what}: {why}. Nothing was changed; try again or choose another place."
        ),
    }
}

/// A date from the web side, YYYY-MM-DD; refused in the same shape as the API's refusals.
fn parse_day(text: &str) -> Reply<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| ErrorView {
        code: "invalid_input".into(),
        message: format!("{text:?} is not a date written YYYY-MM-DD."),
    })
}

/// Tauri's managed state: a handle that blocking work can take to another thread.
#[derive(Clone)]
pub struct AppState(Arc<Shell>);

impl AppState {
    /// Runs `work` on Tauri's blocking pool: unlocking (Argon2) and queries must not stall the
    /// async workers that carry IPC.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Shell) -> Reply<T> + Send + 'static,
    ) -> Reply<T> {
        let shell = Arc::clone(&self.0);
        tauri::async_runtime::spawn_blocking(move || work(&shell))
            .await
            .map_err(|_| ErrorView {
                code: "internal".into(),
                message: "Internal error: a background task stopped.".into(),
            })?
    }
}

#[tauri::command]
async fn archive_info(state: State<'_, AppState>) -> Reply<ArchiveInfo> {
    state.blocking(|s| s.archive_info()).await
}

#[tauri::command]
async fn unlock(
    officer_id: String,
    passphrase: String,
    state: State<'_, AppState>,
) -> Reply<SessionView> {
    state
        .blocking(move |s| s.unlock(&officer_id, &passphrase))
        .await
}

#[tauri::command]
async fn lock(state: State<'_, AppState>) -> Reply<()> {
    state.blocking(|s| s.lock()).await
}

#[tauri::command]
async fn officer_list(state: State<'_, AppState>) -> Reply<Vec<OfficerView>> {
    state.blocking(|s| s.with(|s, _| s.officer_list())).await
}

#[tauri::command]
async fn officer_add(
    input: OfficerInput,
    admin_passphrase: String,
    state: State<'_, AppState>,
) -> Reply<OfficerView> {
    state
        .blocking(move |s| s.with(|s, env| s.officer_add(input, &admin_passphrase, env)))
        .await
}

#[tauri::command]
async fn officer_set_active(
    officer_id: String,
    active: bool,
    state: State<'_, AppState>,
) -> Reply<OfficerView> {
    state
        .blocking(move |s| {
            s.with(|s, env| match active {
                true => s.officer_enable(&officer_id, env),
                false => s.officer_disable(&officer_id, env),
            })
        })
        .await
}

#[tauri::command]
async fn officer_remove(officer_id: String, state: State<'_, AppState>) -> Reply<()> {
    state
        .blocking(move |s| s.with(|s, env| s.officer_remove(&officer_id, env)))
        .await
}

#[tauri::command]
async fn change_passphrase(old: String, new: String, state: State<'_, AppState>) -> Reply<()> {
    state
        .blocking(move |s| s.with(|s, env| s.change_passphrase(&old, &new, env)))
        .await
}

#[tauri::command]
async fn subject_list(state: State<'_, AppState>) -> Reply<Vec<SubjectRow>> {
    state.blocking(|s| s.subject_list()).await
}

/// How many files in scope are sealed from this officer (minors'; the roster says so).
#[tauri::command]
async fn sealed_count(state: State<'_, AppState>) -> Reply<usize> {
    state.blocking(|s| s.with(|s, _| s.sealed_count())).await
}

#[tauri::command]
async fn kinds(state: State<'_, AppState>) -> Reply<Vec<KindView>> {
    state.blocking(|s| s.with(|s, _| Ok(s.kinds()))).await
}

#[tauri::command]
async fn subject_file(subject_id: String, state: State<'_, AppState>) -> Reply<SubjectFileView> {
    state
        .blocking(move |s| s.with(|s, env| s.subject_open(&subject_id, env)))
        .await
}

#[tauri::command]
async fn record_add(
    subject_id: String,
    kind: String,
    data: Map<String, Value>,
    state: State<'_, AppState>,
) -> Reply<RecordView> {
    state
        .blocking(move |s| s.with(|s, env| s.record_add(&subject_id, &kind, data, env)))
        .await
}

#[tauri::command]
async fn record_edit(
    record_id: String,
    changes: Map<String, Value>,
    state: State<'_, AppState>,
) -> Reply<RecordView> {
    state
        .blocking(move |s| s.with(|s, env| s.record_edit(&record_id, changes, env)))
        .await
}

#[tauri::command]
async fn record_delete(record_id: String, state: State<'_, AppState>) -> Reply<()> {
    state
        .blocking(move |s| s.with(|s, env| s.record_delete(&record_id, env)))
        .await
}

#[tauri::command]
async fn register_kinds(state: State<'_, AppState>) -> Reply<Vec<RegisterKindView>> {
    state
        .blocking(|s| s.with(|s, _| Ok(s.register_kinds())))
        .await
}

#[tauri::command]
async fn register_list(kind: String, state: State<'_, AppState>) -> Reply<Vec<RegisterEntryView>> {
    state
        .blocking(move |s| s.with(|s, _| s.register_list(&kind)))
        .await
}

#[tauri::command]
async fn register_add(
    kind: String,
    data: Map<String, Value>,
    state: State<'_, AppState>,
) -> Reply<RegisterEntryView> {
    state
        .blocking(move |s| s.with(|s, env| s.register_add(&kind, data, env)))
        .await
}

#[tauri::command]
async fn register_edit(
    entry_id: String,
    changes: Map<String, Value>,
    state: State<'_, AppState>,
) -> Reply<RegisterEntryView> {
    state
        .blocking(move |s| s.with(|s, env| s.register_edit(&entry_id, changes, env)))
        .await
}

#[tauri::command]
async fn register_delete(entry_id: String, state: State<'_, AppState>) -> Reply<()> {
    state
        .blocking(move |s| s.with(|s, env| s.register_delete(&entry_id, env)))
        .await
}

#[tauri::command]
async fn search(text: String, state: State<'_, AppState>) -> Reply<Vec<SearchHit>> {
    state
        .blocking(move |s| s.with(|s, _| s.search(&text)))
        .await
}

#[tauri::command]
async fn subject_key_override(
    subject_id: String,
    key: Option<bool>,
    reason: Option<String>,
    state: State<'_, AppState>,
) -> Reply<SubjectFileView> {
    state
        .blocking(move |s| {
            s.with(|s, env| {
                s.subject_key_override(&subject_id, key, reason, env)?;
                s.subject_file(&subject_id)
            })
        })
        .await
}

#[tauri::command]
async fn subject_set_photo(
    subject_id: String,
    sha256: String,
    state: State<'_, AppState>,
) -> Reply<SubjectFileView> {
    state
        .blocking(move |s| {
            s.with(|s, env| {
                s.subject_set_photo(&subject_id, &sha256, env)?;
                s.subject_file(&subject_id)
            })
        })
        .await
}

#[tauri::command]
async fn subject_add(input: Value, state: State<'_, AppState>) -> Reply<SubjectFileView> {
    state
        .blocking(move |s| {
            s.with(|s, env| {
                let input = dossier_api::parse_new_subject(&input.to_string())?;
                let id = s.subject_add(input, env)?.id;
                s.subject_file(&id)
            })
        })
        .await
}

#[tauri::command]
async fn subject_update(
    subject_id: String,
    changes: Map<String, Value>,
    state: State<'_, AppState>,
) -> Reply<SubjectFileView> {
    state
        .blocking(move |s| {
            s.with(|s, env| {
                s.subject_update(&subject_id, changes, env)?;
                s.subject_file(&subject_id)
            })
        })
        .await
}

#[tauri::command]
async fn subject_duplicates(
    id_number: String,
    state: State<'_, AppState>,
) -> Reply<Vec<SubjectRow>> {
    state
        .blocking(move |s| s.with(|s, _| s.subject_duplicates(&id_number)))
        .await
}

/// Opens the system's file dialog here, on the Rust side (the web side has no file-system
/// permission), and stores the chosen file as an attachment. `None` when cancelled.
#[tauri::command]
async fn attachment_pick(
    purpose: String,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Reply<Option<AttachmentView>> {
    state
        .blocking(move |s| {
            let (label, extensions): (&str, &[&str]) = match purpose.as_str() {
                "photo" => ("照片 Photo", &["jpg", "jpeg", "png"]),
                _ => ("照片或扫描件 Photo or scan", &["jpg", "jpeg", "png", "pdf"]),
            };
            let Some(path) = pick_file(&app, label, extensions, false)? else {
                return Ok(None);
            };
            s.with(|s, env| s.attachment_add_file(&path, env)).map(Some)
        })
        .await
}

/// An attachment as a `data:` URL, for an `<img>` or a PDF viewer.
#[tauri::command]
async fn attachment_data(sha256: String, state: State<'_, AppState>) -> Reply<String> {
    state
        .blocking(move |s| s.with(|s, _| s.attachment_data_url(&sha256)))
        .await
}

#[tauri::command]
async fn due(date: Option<String>, state: State<'_, AppState>) -> Reply<DueView> {
    state
        .blocking(move |s| {
            let day = date.as_deref().map(parse_day).transpose()?;
            s.with(|s, _| s.due(day))
        })
        .await
}

#[tauri::command]
async fn leave_list(
    subject_id: Option<String>,
    state: State<'_, AppState>,
) -> Reply<Vec<LeaveView>> {
    state
        .blocking(move |s| s.with(|s, _| s.leave_list(subject_id.as_deref())))
        .await
}

#[tauri::command]
async fn leave_request(
    subject_id: String,
    input: LeaveInput,
    state: State<'_, AppState>,
) -> Reply<LeaveView> {
    state
        .blocking(move |s| s.with(|s, env| s.leave_request(&subject_id, input, env)))
        .await
}

#[tauri::command]
async fn leave_decide(
    leave_id: String,
    approve: bool,
    opinion: String,
    state: State<'_, AppState>,
) -> Reply<LeaveView> {
    state
        .blocking(move |s| s.with(|s, env| s.leave_decide(&leave_id, approve, &opinion, env)))
        .await
}

#[tauri::command]
async fn leave_extend(
    leave_id: String,
    to: String,
    reason: String,
    state: State<'_, AppState>,
) -> Reply<LeaveView> {
    state
        .blocking(move |s| {
            let to = parse_day(&to)?;
            s.with(|s, env| s.leave_extend(&leave_id, to, &reason, env))
        })
        .await
}

#[tauri::command]
async fn leave_return(
    leave_id: String,
    returned_on: String,
    state: State<'_, AppState>,
) -> Reply<LeaveView> {
    state
        .blocking(move |s| {
            let on = parse_day(&returned_on)?;
            s.with(|s, env| s.leave_return(&leave_id, on, env))
        })
        .await
}

#[tauri::command]
async fn proposal_list(
    subject_id: Option<String>,
    state: State<'_, AppState>,
) -> Reply<Vec<ProposalView>> {
    state
        .blocking(move |s| s.with(|s, _| s.proposals(subject_id.as_deref())))
        .await
}

#[tauri::command]
async fn propose(
    subject_id: String,
    input: ProposalInput,
    state: State<'_, AppState>,
) -> Reply<ProposalView> {
    state
        .blocking(move |s| s.with(|s, env| s.propose(&subject_id, input, env)))
        .await
}

#[tauri::command]
async fn decide(
    proposal_id: String,
    input: DecisionInput,
    state: State<'_, AppState>,
) -> Reply<ProposalView> {
    state
        .blocking(move |s| s.with(|s, env| s.decide(&proposal_id, input, env)))
        .await
}

#[tauri::command]
async fn withdraw(proposal_id: String, state: State<'_, AppState>) -> Reply<ProposalView> {
    state
        .blocking(move |s| s.with(|s, env| s.withdraw(&proposal_id, env)))
        .await
}

#[tauri::command]
async fn sync_status(state: State<'_, AppState>) -> Reply<SyncStatusView> {
    state.blocking(|s| s.with(|s, _| s.sync_status())).await
}

#[tauri::command]
async fn sync_conflicts(state: State<'_, AppState>) -> Reply<Vec<ConflictView>> {
    state.blocking(|s| s.with(|s, _| s.sync_conflicts())).await
}

#[tauri::command]
async fn sync_resolve(
    entity: String,
    entity_id: String,
    field: String,
    keep_op_id: String,
    state: State<'_, AppState>,
) -> Reply<ConflictView> {
    state
        .blocking(move |s| {
            s.with(|s, env| s.sync_resolve(&entity, &entity_id, &field, &keep_op_id, env))
        })
        .await
}

/// A bundle file chosen to import.
#[derive(Debug, Clone, Serialize)]
struct PickedBundle {
    path: String,
    /// The file's name, to show.
    name: String,
    bytes: u64,
}

/// Asks the person for one file in the system's dialog, showing files of `extensions` first
/// (with an "all files" choice when `all` is set); `None` when they cancel.
fn pick_file(
    app: &AppHandle,
    label: &str,
    extensions: &[&str],
    all: bool,
) -> Reply<Option<PathBuf>> {
    let mut dialog = app.dialog().file().add_filter(label, extensions);
    if all {
        dialog = dialog.add_filter("所有文件 All files", &["*"]);
    }
    let Some(picked) = dialog.blocking_pick_file() else {
        return Ok(None);
    };
    picked.into_path().map(Some).map_err(|_| ErrorView {
        code: "io".into(),
        message: "The chosen file cannot be opened from this computer.".into(),
    })
}

/// Opens the system's file dialog to choose a bundle to import; `None` when cancelled.
#[tauri::command]
async fn sync_pick_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Reply<Option<PickedBundle>> {
    state
        .blocking(move |s| {
            let Some(path) = pick_file(&app, "同步文件 Sync bundle", &["bundle"], true)? else {
                return Ok(None);
            };
            let bytes = std::fs::metadata(&path)
                .map_err(|e| io_error("read the bundle file", &e))?
                .len();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            s.remember_pick(path.clone());
            Ok(Some(PickedBundle {
                path: path.to_string_lossy().into_owned(),
                name,
                bytes,
            }))
        })
        .await
}

/// Checks a chosen bundle and says what importing it would do; changes nothing.
#[tauri::command]
async fn sync_verify(path: String, state: State<'_, AppState>) -> Reply<ImportView> {
    state
        .blocking(move |s| {
            let bytes = s.picked_bytes(&path)?;
            s.with(|s, env| s.sync_verify(&bytes, env))
        })
        .await
}

/// Imports a chosen bundle, streaming how many operations are written to `on_progress`.
#[tauri::command]
async fn sync_import(
    path: String,
    on_progress: Channel<ImportProgressView>,
    state: State<'_, AppState>,
) -> Reply<ImportView> {
    state
        .blocking(move |s| {
            let bytes = s.picked_bytes(&path)?;
            s.with(|s, env| {
                // A window closed mid-import drops the channel; the import still finishes.
                s.sync_import_reporting(&bytes, env, &mut |p| {
                    let _ = on_progress.send(p);
                })
            })
        })
        .await
}

/// A bundle exported and saved.
#[derive(Debug, Clone, Serialize)]
struct SavedBundle {
    path: String,
    export: ExportView,
}

/// Asks where to save, then exports everything `to` (a device id; the office when `None`)
/// has not acknowledged and writes the file whole. `None` when the dialog was cancelled,
/// before anything was exported.
#[tauri::command]
async fn sync_export(
    to: Option<String>,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Reply<Option<SavedBundle>> {
    state
        .blocking(move |s| {
            let day = Env::system().today();
            let Some(picked) = app
                .dialog()
                .file()
                .add_filter("同步文件 Sync bundle", &["bundle"])
                .set_file_name(format!("dossier-{day}.bundle"))
                .blocking_save_file()
            else {
                return Ok(None);
            };
            let path = picked.into_path().map_err(|_| ErrorView {
                code: "io".into(),
                message: "The chosen place cannot be written from this computer.".into(),
            })?;
            let (export, bytes) = s.with(|s, env| s.sync_export(to.as_deref(), env))?;
            dossier_api::sync::write_whole(&path, &bytes)
                .map_err(|e| io_error("write the bundle file", &e))?;
            Ok(Some(SavedBundle {
                path: path.to_string_lossy().into_owned(),
                export,
            }))
        })
        .await
}

/// Starts the app on the archive named by the environment or the command line.
#[tauri::command]
async fn assess(
    subject_id: String,
    month: String,
    items: Vec<AssessmentItemInput>,
    state: State<'_, AppState>,
) -> Reply<AssessmentView> {
    state
        .blocking(move |s| s.with(|s, env| s.assess(&subject_id, &month, items, env)))
        .await
}

#[tauri::command]
async fn assessment_list(
    subject_id: String,
    state: State<'_, AppState>,
) -> Reply<Vec<AssessmentView>> {
    state
        .blocking(move |s| s.with(|s, _| s.assessment_list(&subject_id)))
        .await
}

#[tauri::command]
async fn assessment_opinion(
    assessment_id: String,
    opinion: String,
    state: State<'_, AppState>,
) -> Reply<AssessmentView> {
    state
        .blocking(move |s| s.with(|s, env| s.assessment_opinion(&assessment_id, &opinion, env)))
        .await
}

#[tauri::command]
async fn assessment_quarter(
    subject_id: String,
    quarter: String,
    state: State<'_, AppState>,
) -> Reply<QuarterView> {
    state
        .blocking(move |s| s.with(|s, _| s.assessment_quarter(&subject_id, &quarter)))
        .await
}

/// The points table in force on `date` (YYYY-MM-DD; today when left out).
#[tauri::command]
async fn assessment_items(
    date: Option<String>,
    state: State<'_, AppState>,
) -> Reply<PointsTableView> {
    state
        .blocking(move |s| {
            let day = date.as_deref().map(parse_day).transpose()?;
            s.with(|s, env| s.assessment_items(day.unwrap_or_else(|| env.today())))
        })
        .await
}

#[tauri::command]
async fn level_suggestion(
    subject_id: String,
    state: State<'_, AppState>,
) -> Reply<LevelSuggestionView> {
    state
        .blocking(move |s| s.with(|s, _| s.level_suggestion(&subject_id)))
        .await
}

#[tauri::command]
async fn level_change(
    subject_id: String,
    to: String,
    reason: String,
    state: State<'_, AppState>,
) -> Reply<LevelChangeView> {
    state
        .blocking(move |s| s.with(|s, env| s.level_change(&subject_id, &to, &reason, env)))
        .await
}

#[tauri::command]
async fn subject_printed(subject_id: String, state: State<'_, AppState>) -> Reply<()> {
    state
        .blocking(move |s| s.with(|s, env| s.subject_printed(&subject_id, env)))
        .await
}

#[tauri::command]
async fn audit_log(
    subject_id: Option<String>,
    state: State<'_, AppState>,
) -> Reply<Vec<AuditEntryView>> {
    state
        .blocking(move |s| s.with(|s, env| s.audit_log(subject_id.as_deref(), env)))
        .await
}

// --- Backups and restoring ---

/// A backup restored into a new folder: where it is, and where the app looks for its
/// archive when it starts (which the UI names when telling how to keep using the restored one).
#[derive(Debug, Clone, Serialize)]
struct RestoredArchive {
    path: String,
    usual_path: String,
    /// Opening it makes later starts open it too (see [`Shell::remembering_in`]).
    remembered_on_open: bool,
}

/// A backup file chosen to restore: its path and name, and what it says about itself.
#[derive(Debug, Clone, Serialize)]
struct PickedBackup {
    path: String,
    name: String,
    info: BackupInfoView,
}

/// `--save-backups-to=DIR` among the app's arguments (see `Shell::backups_dir`).
pub fn backups_dir(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    flag_dir(args, "--save-backups-to=")
}

/// The automatic backups kept in the archive's own folder, and how many are kept.
#[tauri::command]
async fn backup_list(state: State<'_, AppState>) -> Reply<BackupListView> {
    state.blocking(|s| s.with(|s, _| s.backup_list())).await
}

/// How many automatic backups to keep (1 to 365).
#[tauri::command]
async fn backup_set_kept(keep: u32, state: State<'_, AppState>) -> Reply<BackupListView> {
    state
        .blocking(move |s| {
            s.with(|s, _| {
                s.set_backups_kept(keep as usize)?;
                s.backup_list()
            })
        })
        .await
}

/// Asks where to save a backup (the system's dialog, on this side), then writes it there.
/// `None` when the dialog was cancelled.
#[tauri::command]
async fn backup_now(app: AppHandle, state: State<'_, AppState>) -> Reply<Option<BackupView>> {
    state
        .blocking(move |s| {
            let name = format!("档案备份-{}.dossier-backup", Env::system().today());
            let path = match &s.backups_dir {
                Some(dir) => dir.join(&name),
                None => {
                    let Some(picked) = app
                        .dialog()
                        .file()
                        .add_filter("备份文件 Backup", &["dossier-backup"])
                        .set_file_name(&name)
                        .blocking_save_file()
                    else {
                        return Ok(None);
                    };
                    picked.into_path().map_err(|_| ErrorView {
                        code: "io".into(),
                        message: "The chosen place cannot be written from this computer.".into(),
                    })?
                }
            };
            s.with(|s, env| s.backup(&path, env)).map(Some)
        })
        .await
}

/// Opens the system's dialog to choose a backup file to restore, and says what it holds.
/// `None` when cancelled; a damaged or foreign file is refused here already.
#[tauri::command]
async fn restore_pick_file(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Reply<Option<PickedBackup>> {
    state
        .blocking(move |s| {
            let Some(path) = pick_file(&app, "备份文件 Backup", &["dossier-backup"], true)?
            else {
                return Ok(None);
            };
            let info = dossier_api::backup_info(&path).map_err(|e| e.view())?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            s.remember_pick(path.clone());
            Ok(Some(PickedBackup {
                path: path.to_string_lossy().into_owned(),
                name,
                info,
            }))
        })
        .await
}

/// Opens the system's dialog to choose the new, empty folder to restore into. `None` when
/// cancelled.
#[tauri::command]
async fn restore_pick_folder(app: AppHandle, state: State<'_, AppState>) -> Reply<Option<String>> {
    state
        .blocking(move |s| {
            let Some(picked) = app.dialog().file().blocking_pick_folder() else {
                return Ok(None);
            };
            let path = picked.into_path().map_err(|_| ErrorView {
                code: "io".into(),
                message: "The chosen folder cannot be used from this computer.".into(),
            })?;
            s.remember_pick(path.clone());
            Ok(Some(path.to_string_lossy().into_owned()))
        })
        .await
}

/// Restores a chosen backup into a chosen folder as `officer_id` (see `Shell::restore`).
#[tauri::command]
async fn restore(
    file: String,
    folder: String,
    officer_id: String,
    passphrase: String,
    state: State<'_, AppState>,
) -> Reply<RestoredArchive> {
    state
        .blocking(move |s| s.restore(&file, &folder, &officer_id, &passphrase))
        .await
}

/// Switches this window to an archive restored in it.
#[tauri::command]
async fn open_restored(path: String, state: State<'_, AppState>) -> Reply<ArchiveInfo> {
    state.blocking(move |s| s.open_restored(&path)).await
}

// --- Reports and the dashboard's charts ---

/// Counts for the dashboard's charts over the last `months` months.
#[tauri::command]
async fn dashboard_charts(months: u32, state: State<'_, AppState>) -> Reply<ChartsView> {
    state
        .blocking(move |s| s.with(|s, _| s.dashboard_charts(months)))
        .await
}

/// `--save-reports-to=DIR` among the app's arguments (see `Shell::reports_dir`).
pub fn reports_dir(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    flag_dir(args, "--save-reports-to=")
}

/// The folder of `flag` (written `--flag=DIR`) among the app's arguments.
fn flag_dir(args: impl IntoIterator<Item = String>, flag: &str) -> Option<PathBuf> {
    args.into_iter().find_map(|a| {
        a.strip_prefix(flag)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
    })
}

/// The name the save dialog suggests: the ledger's title, its month, the format's extension
/// (花名册.pdf, 请假外出审批登记表-2026-11.xlsx).
fn report_file_name(ledgers: &[LedgerView], req: &ReportRequest) -> String {
    let title = ledgers
        .iter()
        .find(|l| l.id == req.ledger)
        .map_or(req.ledger.as_str(), |l| l.title.as_str());
    let period = req
        .period
        .as_deref()
        .map(|p| format!("-{p}"))
        .unwrap_or_default();
    format!("{title}{period}.{}", req.format)
}

/// Hands a saved report to the system's viewer (xdg-open and the like) without waiting for
/// it; webview printing is unreliable on Linux, the viewer prints.
fn open_in_system_viewer(path: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "windows")]
    let mut cmd = {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    };
    #[cfg(target_os = "macos")]
    let mut cmd = std::process::Command::new("open");
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let mut cmd = std::process::Command::new("xdg-open");
    let mut child = cmd
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    // Reap it when it ends, so no zombie is left behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}

impl Shell {
    fn remember_saved_report(&self, path: PathBuf) {
        let mut saved = self.saved_reports.lock().unwrap_or_else(|p| p.into_inner());
        if !saved.contains(&path) {
            saved.push(path);
        }
    }

    /// Opens a report saved in this window; any other path is refused.
    fn open_saved_report(&self, path: &str) -> Reply<()> {
        let path = PathBuf::from(path);
        let known = self
            .saved_reports
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&path);
        if !known {
            return Err(ErrorView {
                code: "invalid_input".into(),
                message: "Only a report saved here can be opened; save it first.".into(),
            });
        }
        if !path.is_file() {
            return Err(io_error(
                "open the report",
                &std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        }
        open_in_system_viewer(&path).map_err(|_| ErrorView {
            code: "io".into(),
            message: "No program to show the report was found on this computer. Open the \
                      saved file from its folder instead."
                .into(),
        })
    }
}

#[tauri::command]
async fn report_list(state: State<'_, AppState>) -> Reply<Vec<LedgerView>> {
    state.blocking(|s| s.with(|s, _| Ok(s.report_list()))).await
}

#[tauri::command]
async fn report_preview(
    request: ReportRequest,
    max_pages: u32,
    state: State<'_, AppState>,
) -> Reply<ReportPreview> {
    state
        .blocking(move |s| s.with(|s, env| s.report_preview(&request, max_pages, env)))
        .await
}

/// Asks where to save (the system's dialog, here on the Rust side), then makes the report
/// there, streaming its stages to `on_progress`. `None` when the dialog was cancelled.
#[tauri::command]
async fn report_save(
    request: ReportRequest,
    on_progress: Channel<ReportProgress>,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Reply<Option<ReportSaved>> {
    state
        .blocking(move |s| {
            let name = s.with(|s, _| Ok(report_file_name(&s.report_list(), &request)))?;
            let path = match &s.reports_dir {
                Some(dir) => dir.join(&name),
                None => {
                    let (label, ext) = match request.format.as_str() {
                        "xlsx" => ("Excel 表格", "xlsx"),
                        "csv" => ("CSV 表格", "csv"),
                        _ => ("PDF 文件", "pdf"),
                    };
                    let Some(picked) = app
                        .dialog()
                        .file()
                        .add_filter(label, &[ext])
                        .set_file_name(&name)
                        .blocking_save_file()
                    else {
                        return Ok(None);
                    };
                    picked.into_path().map_err(|_| ErrorView {
                        code: "io".into(),
                        message: "The chosen place cannot be written from this computer.".into(),
                    })?
                }
            };
            let saved = s.with(|s, env| {
                // A window closed while saving drops the channel; the file is still written.
                s.report_save(&request, &path, env, &mut |p| {
                    let _ = on_progress.send(p);
                })
            })?;
            s.remember_saved_report(path);
            Ok(Some(saved))
        })
        .await
}

/// Opens a report saved in this window in the system's viewer (to read or print it).
#[tauri::command]
async fn report_open(path: String, state: State<'_, AppState>) -> Reply<()> {
    state.blocking(move |s| s.open_saved_report(&path)).await
}

pub fn run() {
    let named = std::env::var("DOSSIER_ARCHIVE").is_ok_and(|p| !p.is_empty())
        || std::env::args().skip(1).any(|a| !a.starts_with('-'));
    let remember_in = (!named).then(remembered_archive_file);
    let archive = archive_path(
        std::env::var("DOSSIER_ARCHIVE").ok(),
        std::env::args().skip(1),
        remember_in.as_deref().and_then(remembered_archive),
    );
    tauri::Builder::default()
        // First, so a second launch hands over to the running window before anything else
        // starts: that window comes to the front and the second process exits. (Without a
        // desktop session bus the plugin lets both start; the archive lock then refuses the
        // second one's unlock with `archive_in_use`.)
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            use tauri::Manager;
            if let Some(w) = app.webview_windows().values().next() {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState(Arc::new(
            Shell::new(archive)
                .remembering_in(remember_in)
                .saving_reports_to(reports_dir(std::env::args().skip(1)))
                .saving_backups_to(backups_dir(std::env::args().skip(1))),
        )))
        .invoke_handler(tauri::generate_handler![
            archive_info,
            unlock,
            lock,
            officer_list,
            officer_add,
            officer_set_active,
            officer_remove,
            change_passphrase,
            subject_list,
            sealed_count,
            kinds,
            subject_file,
            record_add,
            record_edit,
            record_delete,
            register_kinds,
            register_list,
            register_add,
            register_edit,
            register_delete,
            search,
            subject_key_override,
            subject_set_photo,
            subject_add,
            subject_update,
            subject_duplicates,
            attachment_pick,
            attachment_data,
            due,
            leave_list,
            leave_request,
            leave_decide,
            leave_extend,
            leave_return,
            proposal_list,
            propose,
            decide,
            withdraw,
            assess,
            assessment_list,
            assessment_opinion,
            assessment_quarter,
            assessment_items,
            level_suggestion,
            level_change,
            sync_status,
            sync_pick_bundle,
            sync_verify,
            sync_import,
            sync_export,
            sync_conflicts,
            sync_resolve,
            audit_log,
            subject_printed,
            backup_list,
            backup_set_kept,
            backup_now,
            restore_pick_file,
            restore_pick_folder,
            restore,
            open_restored,
            // Reports and the dashboard's charts
            dashboard_charts,
            report_list,
            report_preview,
            report_save,
            report_open,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("dossier-app: could not start the window: {e}");
            std::process::exit(1);
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn archive_path_prefers_env_then_first_plain_argument() {
        let tmp = tempfile::tempdir().unwrap();
        let restored = tmp.path().to_path_buf();
        let gone = tmp.path().join("no such folder");
        assert_eq!(
            archive_path(Some("/a".into()), args(&["/b"]), Some(restored.clone())),
            PathBuf::from("/a")
        );
        assert_eq!(
            archive_path(Some(String::new()), args(&["/b"]), Some(restored.clone())),
            PathBuf::from("/b")
        );
        assert_eq!(
            archive_path(None, args(&["--automation", "/b"]), None),
            PathBuf::from("/b")
        );
        assert_eq!(
            archive_path(None, args(&["--automation"]), Some(restored.clone())),
            restored
        );
        for remembered in [None, Some(gone)] {
            let default = archive_path(None, args(&["--automation"]), remembered);
            assert!(default.ends_with("dossier/archive"), "{default:?}");
        }
    }

    #[test]
    fn a_remembered_archive_is_read_back_as_written() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("dossier").join("archive-location");
        assert_eq!(remembered_archive(&file), None);
        let archive = tmp.path().join("恢复的档案");
        remember_archive(&file, &archive).unwrap();
        assert_eq!(remembered_archive(&file), Some(archive));
        std::fs::write(&file, "\n").unwrap();
        assert_eq!(remembered_archive(&file), None);
    }

    #[test]
    fn dates_from_the_web_side_are_checked() {
        assert_eq!(parse_day(" 2028-02-29 ").unwrap().to_string(), "2028-02-29");
        for bad in ["2026-02-30", "2026/11/24", "", "24-11-2026"] {
            assert_eq!(parse_day(bad).unwrap_err().code, "invalid_input", "{bad:?}");
        }
    }

    #[test]
    fn commands_that_need_a_session_refuse_while_locked() {
        let shell = Shell::new(PathBuf::from("/nonexistent"));
        assert_eq!(shell.subject_list().unwrap_err().code, "locked");
        assert!(shell.lock().is_ok());
    }

    #[test]
    fn reports_go_where_the_flag_says_and_are_named_for_their_ledger() {
        assert_eq!(
            reports_dir(args(&["/a", "--save-reports-to=/tmp/out"])),
            Some(PathBuf::from("/tmp/out"))
        );
        assert_eq!(reports_dir(args(&["/a", "--save-reports-to="])), None);
        assert_eq!(reports_dir(args(&["--automation", "/a"])), None);
        let ledgers = vec![LedgerView {
            id: "leave".into(),
            title: "请假外出审批登记表".into(),
            title_en: "Leave".into(),
            period_kind: "month".into(),
            needs_subject: false,
            formats: vec!["pdf".into(), "xlsx".into()],
        }];
        let req = |ledger: &str, period: Option<&str>, format: &str| ReportRequest {
            ledger: ledger.into(),
            period: period.map(Into::into),
            jurisdiction: None,
            subject_id: None,
            format: format.into(),
        };
        assert_eq!(
            report_file_name(&ledgers, &req("leave", Some("2026-11"), "xlsx")),
            "请假外出审批登记表-2026-11.xlsx"
        );
        assert_eq!(
            report_file_name(&ledgers, &req("other", None, "pdf")),
            "other.pdf"
        );
    }

    #[test]
    fn backups_go_where_the_flag_says() {
        assert_eq!(
            backups_dir(args(&[
                "/a",
                "--save-backups-to=/tmp/b",
                "--save-reports-to=/r"
            ])),
            Some(PathBuf::from("/tmp/b"))
        );
        assert_eq!(backups_dir(args(&["/a", "--save-reports-to=/r"])), None);
    }

    /// Restoring reads only what was chosen in the dialogs, and the window switches only to
    /// an archive restored in it.
    #[test]
    fn restoring_takes_only_chosen_files_and_switches_only_to_restored_archives() {
        let shell = Shell::new(PathBuf::from("/nonexistent"));
        let cases = [
            ("/etc/passwd", "/tmp", "backup file"),
            ("/tmp/a.dossier-backup", "/tmp", "backup file"),
        ];
        for (file, folder, what) in cases {
            let e = shell.restore(file, folder, "o", "p").unwrap_err();
            assert_eq!(e.code, "invalid_input");
            assert!(e.message.contains(what), "{}", e.message);
        }
        shell.remember_pick(PathBuf::from("/tmp/a.dossier-backup"));
        let e = shell
            .restore("/tmp/a.dossier-backup", "/tmp", "o", "p")
            .unwrap_err();
        assert!(e.message.contains("folder"), "{}", e.message);
        assert_eq!(
            shell.open_restored("/tmp").unwrap_err().code,
            "invalid_input"
        );
        assert_eq!(shell.archive(), PathBuf::from("/nonexistent"));
    }

    #[test]
    fn only_reports_saved_here_are_opened() {
        let shell = Shell::new(PathBuf::from("/nonexistent"));
        assert_eq!(
            shell.open_saved_report("/etc/passwd").unwrap_err().code,
            "invalid_input"
        );
        let gone = std::env::temp_dir().join(format!("dossier-gone-{}.pdf", std::process::id()));
        shell.remember_saved_report(gone.clone());
        assert_eq!(
            shell
                .open_saved_report(&gone.to_string_lossy())
                .unwrap_err()
                .code,
            "io"
        );
    }

    #[test]
    fn only_bundle_files_chosen_in_the_dialog_are_read() {
        let dir = std::env::temp_dir().join(format!("dossier-pick-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a.bundle");
        std::fs::write(&file, b"bytes").unwrap();
        let shell = Shell::new(PathBuf::from("/nonexistent"));
        let path = file.to_string_lossy().into_owned();
        assert_eq!(shell.picked_bytes(&path).unwrap_err().code, "invalid_input");
        shell.remember_pick(file.clone());
        assert_eq!(shell.picked_bytes(&path).unwrap(), b"bytes");
        std::fs::remove_file(&file).unwrap();
        assert_eq!(shell.picked_bytes(&path).unwrap_err().code, "io");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
