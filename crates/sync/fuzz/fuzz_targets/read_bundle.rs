//! Fuzzes the bundle reader: any bytes, as an encrypted bundle or as a decrypted payload
//! (the first byte chooses), must give `Ok` or a `BundleError`, never a panic. Seeds are in
//! `corpus/read_bundle` (rewrite them with `DOSSIER_WRITE_FUZZ_CORPUS=1 cargo nextest run
//! -p dossier-sync fuzzing`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dossier_sync::fuzzing::read_any(data);
});
