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
    ArchiveInfo, AssessmentItemInput, AssessmentView, AttachmentView, DueView, ErrorView, KindView,
    LeaveInput, LeaveView, LevelChangeView, LevelSuggestionView, OfficerInput, OfficerView,
    PointsTableView, QuarterView, RecordView, RegisterEntryView, RegisterKindView, SearchHit,
    SessionView, SubjectFileView, SubjectRow,
};
use dossier_api::view::{ConflictView, ExportView, ImportProgressView, ImportView, SyncStatusView};
use dossier_api::view::{DecisionInput, ProposalInput, ProposalView};
use dossier_api::{Env, Session};
use serde::Serialize;
use serde_json::{Map, Value};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// Where the archive lives: `DOSSIER_ARCHIVE`, else the first plain (non-flag) argument,
/// else `<data dir>/dossier/archive`.
///
/// Flags are skipped because the WebDriver host launches the app with its own (`--automation`).
pub fn archive_path(env: Option<String>, args: impl IntoIterator<Item = String>) -> PathBuf {
    if let Some(path) = env.filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    if let Some(arg) = args.into_iter().find(|a| !a.starts_with('-')) {
        return PathBuf::from(arg);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("dossier")
        .join("archive")
}

/// What the commands share: the archive this window works on, the session once unlocked,
/// and the bundle files the user chose in the dialog (the only ones verify and import read,
/// so the web side cannot name any other file).
pub struct Shell {
    archive: PathBuf,
    session: Mutex<Option<Session>>,
    picked: Mutex<Vec<PathBuf>>,
}

type Reply<T> = Result<T, ErrorView>;

impl Shell {
    pub fn new(archive: PathBuf) -> Shell {
        Shell {
            archive,
            session: Mutex::new(None),
            picked: Mutex::new(Vec::new()),
        }
    }

    pub fn archive(&self) -> &Path {
        &self.archive
    }

    fn archive_info(&self) -> Reply<ArchiveInfo> {
        dossier_api::archive_info(&self.archive).map_err(|e| e.view())
    }

    fn unlock(&self, officer_id: &str, passphrase: &str) -> Reply<SessionView> {
        let mut env = Env::system();
        let session = dossier_api::unlock(&self.archive, Some(officer_id), passphrase, &mut env)
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

    /// The bytes of a bundle file the user chose in the dialog; any other path is refused.
    fn picked_bytes(&self, path: &str) -> Reply<Vec<u8>> {
        let path = PathBuf::from(path);
        let known = self
            .picked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&path);
        if !known {
            return Err(ErrorView {
                code: "invalid_input".into(),
                message: "Choose the bundle file with the file dialog first.".into(),
            });
        }
        std::fs::read(&path).map_err(|e| io_error("read the bundle file", &e))
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
    ErrorView {
        code: "io".into(),
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
        .blocking(move |s| s.with(|s, _| s.change_passphrase(&old, &new)))
        .await
}

#[tauri::command]
async fn subject_list(state: State<'_, AppState>) -> Reply<Vec<SubjectRow>> {
    state.blocking(|s| s.subject_list()).await
}

#[tauri::command]
async fn kinds(state: State<'_, AppState>) -> Reply<Vec<KindView>> {
    state.blocking(|s| s.with(|s, _| Ok(s.kinds()))).await
}

#[tauri::command]
async fn subject_file(subject_id: String, state: State<'_, AppState>) -> Reply<SubjectFileView> {
    state
        .blocking(move |s| s.with(|s, _| s.subject_file(&subject_id)))
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
            let Some(picked) = app
                .dialog()
                .file()
                .add_filter(label, extensions)
                .blocking_pick_file()
            else {
                return Ok(None);
            };
            let path = picked.into_path().map_err(|_| ErrorView {
                code: "io".into(),
                message: "The chosen file cannot be opened from this computer.".into(),
            })?;
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

/// Opens the system's file dialog to choose a bundle to import; `None` when cancelled.
#[tauri::command]
async fn sync_pick_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Reply<Option<PickedBundle>> {
    state
        .blocking(move |s| {
            let Some(picked) = app
                .dialog()
                .file()
                .add_filter("同步文件 Sync bundle", &["bundle"])
                .add_filter("所有文件 All files", &["*"])
                .blocking_pick_file()
            else {
                return Ok(None);
            };
            let path = picked.into_path().map_err(|_| ErrorView {
                code: "io".into(),
                message: "The chosen file cannot be opened from this computer.".into(),
            })?;
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

pub fn run() {
    let archive = archive_path(
        std::env::var("DOSSIER_ARCHIVE").ok(),
        std::env::args().skip(1),
    );
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState(Arc::new(Shell::new(archive))))
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
        assert_eq!(
            archive_path(Some("/a".into()), args(&["/b"])),
            PathBuf::from("/a")
        );
        assert_eq!(
            archive_path(Some(String::new()), args(&["/b"])),
            PathBuf::from("/b")
        );
        assert_eq!(
            archive_path(None, args(&["--automation", "/b"])),
            PathBuf::from("/b")
        );
        let default = archive_path(None, args(&["--automation"]));
        assert!(default.ends_with("dossier/archive"), "{default:?}");
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
