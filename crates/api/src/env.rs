//! Where time and fresh ids come from. Hosts make an [`Env`]; use cases take it as an
//! argument and never read a clock or a random source of their own, so tests and the demo
//! generator can fix both and get the same archive every time.

use chrono::NaiveDate;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

pub struct Env {
    clock: Box<dyn FnMut() -> i64 + Send>,
    rng: Box<dyn RngCore + Send>,
}

impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Env")
    }
}

impl Env {
    /// The real clock and the operating system's random source.
    pub fn system() -> Env {
        Env {
            clock: Box::new(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis() as i64)
            }),
            rng: Box::new(rand::rngs::OsRng),
        }
    }

    /// A clock that starts at `start_ms` and moves one millisecond per reading, and a seeded
    /// random source: the same seed gives the same ids.
    pub fn fixed(start_ms: i64, seed: u64) -> Env {
        let mut now = start_ms;
        Env {
            clock: Box::new(move || {
                now += 1;
                now
            }),
            rng: Box::new(ChaCha20Rng::seed_from_u64(seed)),
        }
    }

    pub fn now_ms(&mut self) -> i64 {
        (self.clock)()
    }

    /// Today's date in China Standard Time.
    pub fn today(&mut self) -> NaiveDate {
        dossier_core::china_date(self.now_ms())
    }

    /// A fresh UUIDv7.
    pub fn new_id(&mut self) -> String {
        let mut random = [0u8; 10];
        self.rng.fill_bytes(&mut random);
        let now = self.now_ms();
        dossier_core::id::new_id(now, random)
    }
}
