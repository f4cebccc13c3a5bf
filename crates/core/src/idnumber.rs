//! Resident ID numbers (居民身份证号码, GB 11643-1999): checking and what they tell.
//!
//! An ID number is 18 characters: a 6-digit address code, the birth date as YYYYMMDD, a
//! 3-digit sequence (odd for men, even for women) and a check character. A lowercase `x` is
//! accepted and stored as `X`, since people type it both ways. The 15-digit numbers of the
//! 1980s are deliberately refused: every subject under correction today holds an 18-digit one.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::subject::Sex;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A checked, normalised ID number.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdNumber(String);

/// Why a string is not a valid ID number. The messages never repeat the number itself, so
/// they can be shown and logged without leaking personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("an ID number has 18 characters, this one has {0}")]
    WrongLength(usize),
    #[error("an ID number has digits only, with X allowed as the last character")]
    BadCharacter,
    #[error("the birth date inside the ID number (characters 7 to 14) is not a real date")]
    BadDate,
    #[error("the ID number's last character does not match the others; check for a typing error")]
    WrongCheckCharacter,
}

/// The check character for the first 17 digits.
pub fn check_character(first17: &[u8; 17]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

impl IdNumber {
    pub fn parse(input: &str) -> Result<Self, IdNumberError> {
        let s = input.trim().to_ascii_uppercase();
        let len = s.chars().count();
        if len != 18 {
            return Err(IdNumberError::WrongLength(len));
        }
        let bytes = s.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(IdNumberError::BadCharacter);
        }
        let date = &s[6..14];
        if NaiveDate::parse_from_str(date, "%Y%m%d").is_err() {
            return Err(IdNumberError::BadDate);
        }
        let first17: [u8; 17] = bytes[..17].try_into().expect("length checked above");
        if check_character(&first17) != char::from(bytes[17]) {
            return Err(IdNumberError::WrongCheckCharacter);
        }
        Ok(IdNumber(s))
    }

    /// Builds a valid number from its parts by computing the check character; used by the
    /// demo generator and by tests. `seq` is 0..=999; its parity decides the sex.
    pub fn compose(address: &str, birth: NaiveDate, seq: u16) -> Result<Self, IdNumberError> {
        let first17 = format!("{address:0>6.6}{}{seq:03}", birth.format("%Y%m%d"));
        let bytes: [u8; 17] = first17
            .as_bytes()
            .try_into()
            .map_err(|_| IdNumberError::WrongLength(first17.len() + 1))?;
        if !bytes.iter().all(u8::is_ascii_digit) {
            return Err(IdNumberError::BadCharacter);
        }
        let check = check_character(&bytes);
        Self::parse(&format!("{first17}{check}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn address_code(&self) -> &str {
        &self.0[..6]
    }

    pub fn birth_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").expect("checked when parsed")
    }

    pub fn sex(&self) -> Sex {
        let seq_last = self.0.as_bytes()[16] - b'0';
        if seq_last % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Whole years of age on `on`.
    pub fn age_on(&self, on: NaiveDate) -> u32 {
        on.years_since(self.birth_date()).unwrap_or(0)
    }

    /// The number with the middle hidden, for screens where the whole number is not needed.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

impl TryFrom<String> for IdNumber {
    type Error = IdNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<IdNumber> for String {
    fn from(id: IdNumber) -> String {
        id.0
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for IdNumber {
    // Debug output ends up in logs and panics; keep the full number out of them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str) -> Result<String, IdNumberError> {
        IdNumber::parse(input).map(|id| id.to_string())
    }

    #[test]
    fn id_numbers() {
        let cases: &[(&str, Result<&str, IdNumberError>)] = &[
            ("11010519491231002X", Ok("11010519491231002X")),
            ("11010519491231002x", Ok("11010519491231002X")),
            (" 11010519491231002X ", Ok("11010519491231002X")),
            (
                "110105194912310021",
                Err(IdNumberError::WrongCheckCharacter),
            ),
            ("110105194913310028", Err(IdNumberError::BadDate)),
            ("110105190002290025", Err(IdNumberError::BadDate)), // 1900 was not a leap year
            ("11010519491231002", Err(IdNumberError::WrongLength(17))),
            ("11010519491231002XX", Err(IdNumberError::WrongLength(19))),
            ("", Err(IdNumberError::WrongLength(0))),
            ("1101051949123100X2", Err(IdNumberError::BadCharacter)),
            ("11010519491231002Ｘ", Err(IdNumberError::BadCharacter)),
        ];
        for (input, want) in cases {
            assert_eq!(
                check(input),
                want.clone().map(str::to_owned),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn derived_facts() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.address_code(), "110105");
        assert_eq!(
            id.age_on(NaiveDate::from_ymd_opt(2026, 12, 30).unwrap()),
            76
        );
        assert_eq!(
            id.age_on(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
            77
        );
        assert_eq!(id.masked(), "110105********002X");
        assert!(!format!("{id:?}").contains("19491231"));
    }

    #[test]
    fn compose_makes_valid_numbers() {
        let birth = NaiveDate::from_ymd_opt(1988, 2, 29).unwrap();
        for seq in [0u16, 1, 2, 17, 998, 999] {
            let id = IdNumber::compose("330723", birth, seq).unwrap();
            assert_eq!(id.birth_date(), birth);
            assert_eq!(id.sex(), if seq % 2 == 1 { Sex::Male } else { Sex::Female });
        }
    }
}
