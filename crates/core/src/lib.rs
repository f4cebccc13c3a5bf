//! Domain types and rules of community correction (社区矫正).
//!
//! Everything here is pure: no SQLite, no files, no clock, no random numbers of its own.
//! Time and fresh ids are passed in by the caller, so every rule can be tested with dates at
//! their edges and every result is reproducible. Persistence lives in `dossier-store`, use
//! cases and permissions in `dossier-api`.

pub mod assessment;
pub mod deadline;
pub mod decision;
pub mod division;
pub mod due;
pub mod facts;
pub mod hlc;
pub mod id;
pub mod idnumber;
pub mod ladder;
pub mod leave;
pub mod level;
pub mod officer;
pub mod op;
pub mod record;
pub mod register;
pub mod rules;
pub mod search;
pub mod subject;

/// China Standard Time (UTC+8), the time zone every date in a file is read in.
pub fn china_offset() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The calendar date in China Standard Time at a given instant (milliseconds since the epoch).
pub fn china_date(unix_ms: i64) -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp_millis(unix_ms)
        .unwrap_or_default()
        .with_timezone(&china_offset())
        .date_naive()
}

/// An instant as people read it on a screen: "YYYY-MM-DD HH:MM" in China Standard Time
/// (empty for an instant out of range, which only a damaged archive holds).
pub fn china_minute(unix_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(unix_ms)
        .map(|t| {
            t.with_timezone(&china_offset())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_date_turns_over_at_local_midnight() {
        // 2026-01-31T15:59:59.999Z is 23:59:59.999 in Beijing; one ms later it is February.
        let before = 1_769_875_199_999;
        assert_eq!(china_date(before).to_string(), "2026-01-31");
        assert_eq!(china_date(before + 1).to_string(), "2026-02-01");
        assert_eq!(china_minute(before + 1), "2026-02-01 00:00");
    }
}
