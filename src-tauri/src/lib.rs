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

use dossier_api::Session;
use dossier_api::view::{ArchiveInfo, ErrorView, SessionView, SubjectRow};
use tauri::State;

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

/// What the commands share: the archive this window works on and the session, once unlocked.
pub struct Shell {
    archive: PathBuf,
    session: Mutex<Option<Session>>,
}

impl Shell {
    pub fn new(archive: PathBuf) -> Shell {
        Shell {
            archive,
            session: Mutex::new(None),
        }
    }

    pub fn archive(&self) -> &Path {
        &self.archive
    }

    fn archive_info(&self) -> Result<ArchiveInfo, ErrorView> {
        dossier_api::archive_info(&self.archive).map_err(|e| e.view())
    }

    fn unlock(&self, officer_id: &str, passphrase: &str) -> Result<SessionView, ErrorView> {
        let mut env = dossier_api::Env::system();
        let session = dossier_api::unlock(&self.archive, Some(officer_id), passphrase, &mut env)
            .map_err(|e| e.view())?;
        let view = session.view();
        *self.session() = Some(session);
        Ok(view)
    }

    fn lock(&self) -> Result<(), ErrorView> {
        if let Some(session) = self.session().take() {
            session.lock();
        }
        Ok(())
    }

    fn subject_list(&self) -> Result<Vec<SubjectRow>, ErrorView> {
        match self.session().as_ref() {
            Some(session) => session.subject_list().map_err(|e| e.view()),
            None => Err(locked()),
        }
    }

    fn session(&self) -> MutexGuard<'_, Option<Session>> {
        // A panic while the lock was held leaves at worst a stale session; locking still works.
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The refusal for a command that needs a session when there is none (never unlocked, or
/// locked again).
fn locked() -> ErrorView {
    ErrorView {
        code: "locked".into(),
        message: "档案已锁定,请先解锁。".into(),
    }
}

/// Tauri's managed state: a handle that blocking work can take to another thread.
#[derive(Clone)]
pub struct AppState(Arc<Shell>);

impl AppState {
    /// Runs `work` on Tauri's blocking pool: unlocking (Argon2) and queries must not stall the
    /// async workers that carry IPC.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Shell) -> Result<T, ErrorView> + Send + 'static,
    ) -> Result<T, ErrorView> {
        let shell = Arc::clone(&self.0);
        tauri::async_runtime::spawn_blocking(move || work(&shell))
            .await
            .map_err(|_| ErrorView {
                code: "internal".into(),
                message: "内部错误:后台任务中断。".into(),
            })?
    }
}

#[tauri::command]
async fn archive_info(state: State<'_, AppState>) -> Result<ArchiveInfo, ErrorView> {
    state.blocking(|s| s.archive_info()).await
}

#[tauri::command]
async fn unlock(
    officer_id: String,
    passphrase: String,
    state: State<'_, AppState>,
) -> Result<SessionView, ErrorView> {
    state
        .blocking(move |s| s.unlock(&officer_id, &passphrase))
        .await
}

#[tauri::command]
async fn lock(state: State<'_, AppState>) -> Result<(), ErrorView> {
    state.blocking(|s| s.lock()).await
}

#[tauri::command]
async fn subject_list(state: State<'_, AppState>) -> Result<Vec<SubjectRow>, ErrorView> {
    state.blocking(|s| s.subject_list()).await
}

/// Starts the app on the archive named by the environment or the command line.
pub fn run() {
    let archive = archive_path(
        std::env::var("DOSSIER_ARCHIVE").ok(),
        std::env::args().skip(1),
    );
    tauri::Builder::default()
        .manage(AppState(Arc::new(Shell::new(archive))))
        .invoke_handler(tauri::generate_handler![
            archive_info,
            unlock,
            lock,
            subject_list
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
    fn commands_that_need_a_session_refuse_while_locked() {
        let shell = Shell::new(PathBuf::from("/nonexistent"));
        assert_eq!(shell.subject_list().unwrap_err().code, "locked");
        assert!(shell.lock().is_ok());
    }
}
