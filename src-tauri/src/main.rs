//! The `dossier-app` binary: everything is in the library so tests can reach it.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    dossier_app::run()
}
