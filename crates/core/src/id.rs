//! Record ids: UUIDv7, made where the record is created.
//!
//! The caller supplies the time and the random bits, so the same inputs give the same id;
//! that is what makes seeded demo archives reproducible. Human-facing file numbers
//! (档案编号) are separate and live on the subject.

/// A UUIDv7 string for a record created at `unix_ms` with 10 random bytes.
pub fn new_id(unix_ms: i64, random: [u8; 10]) -> String {
    uuid::Builder::from_unix_timestamp_millis(unix_ms.max(0) as u64, &random)
        .into_uuid()
        .to_string()
}

/// Whether `s` looks like an id this program makes (any UUID, hyphenated, lowercase).
pub fn is_id(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_and_are_reproducible() {
        let a = new_id(1_000, [1; 10]);
        let b = new_id(2_000, [0; 10]);
        assert!(a < b);
        assert_eq!(a, new_id(1_000, [1; 10]));
        assert!(is_id(&a));
        assert!(!is_id("not-an-id"));
        assert!(!is_id(&a.to_uppercase()));
    }
}
