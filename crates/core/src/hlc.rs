//! Hybrid logical clocks: a timestamp that never goes backwards on a device, even when the
//! laptop's clock does.
//!
//! An HLC orders operations and breaks ties between concurrent edits; it never decides
//! whether an edit is correct. It is the wall-clock millisecond plus a counter for events
//! within the same millisecond (or while the wall clock lags behind the last timestamp).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Hlc {
    pub ms: i64,
    pub counter: u32,
}

impl Hlc {
    /// The next timestamp for a local event at wall-clock time `now_ms`.
    pub fn tick(self, now_ms: i64) -> Hlc {
        if now_ms > self.ms {
            Hlc {
                ms: now_ms,
                counter: 0,
            }
        } else {
            Hlc {
                ms: self.ms,
                counter: self.counter + 1,
            }
        }
    }

    /// The local clock after seeing a remote timestamp, so later local events sort after it.
    pub fn observe(self, remote: Hlc, now_ms: i64) -> Hlc {
        let ms = self.ms.max(remote.ms).max(now_ms);
        let counter = match (ms == self.ms, ms == remote.ms) {
            (true, true) => self.counter.max(remote.counter) + 1,
            (true, false) => self.counter + 1,
            (false, true) => remote.counter + 1,
            (false, false) => 0,
        };
        Hlc { ms, counter }
    }
}

/// Fixed-width text, so that sorting the strings sorts the clocks.
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}.{:06}", self.ms, self.counter)
    }
}

impl fmt::Debug for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a clock value")]
pub struct HlcParseError;

impl FromStr for Hlc {
    type Err = HlcParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (ms, counter) = s.split_once('.').ok_or(HlcParseError)?;
        if ms.len() != 15 || counter.len() != 6 {
            return Err(HlcParseError);
        }
        Ok(Hlc {
            ms: ms.parse().map_err(|_| HlcParseError)?,
            counter: counter.parse().map_err(|_| HlcParseError)?,
        })
    }
}

impl TryFrom<String> for Hlc {
    type Error = HlcParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Hlc> for String {
    fn from(h: Hlc) -> String {
        h.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_goes_backwards() {
        let mut h = Hlc::default();
        let walls = [100, 100, 50, 200, 199, 200];
        let mut seen = Vec::new();
        for w in walls {
            h = h.tick(w);
            seen.push(h);
        }
        assert!(seen.windows(2).all(|p| p[0] < p[1]), "{seen:?}");
        assert_eq!(
            seen[2],
            Hlc {
                ms: 100,
                counter: 2
            }
        );
    }

    #[test]
    fn observe_moves_past_remote() {
        let local = Hlc { ms: 10, counter: 3 };
        let remote = Hlc { ms: 20, counter: 7 };
        let after = local.observe(remote, 5);
        assert!(after > remote && after > local);
        assert_eq!(local.observe(local, 10), Hlc { ms: 10, counter: 4 });
    }

    #[test]
    fn text_round_trip_keeps_order() {
        let a = Hlc { ms: 9, counter: 10 };
        let b = Hlc { ms: 10, counter: 0 };
        assert!(a.to_string() < b.to_string());
        assert_eq!(a.to_string().parse::<Hlc>().unwrap(), a);
        assert!("12.3".parse::<Hlc>().is_err());
    }
}
