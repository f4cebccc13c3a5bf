//! Management levels (分类管理): which level the rules suggest for a subject, and why.
//!
//! The suggestion is advice: the office decides, and the change is recorded with its reason
//! and who decided it; [`change`] checks such a decision before the caller stores it. What each level demands — how often
//! check-ins, written reports, education and visits are due — is in
//! [`crate::rules::LevelRules`] and used by `due`. Deliberately absent: storing the change,
//! and any notion of "current level" (that is a fact of the file).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::{Rules, add_months};
use crate::subject::ManagementLevel;

/// What the suggestion looks at. Counts are of sanctions received during this correction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelInput {
    pub correction_start: NaiveDate,
    pub today: NaiveDate,
    pub high_risk: bool,
    pub admonitions: u32,
    pub warnings: u32,
    pub police_penalties: u32,
    /// The latest monthly assessment graded 差.
    pub failed_assessment: bool,
    /// Passing monthly assessments in a row up to now.
    pub passing_months_in_a_row: u32,
}

/// Why a level was suggested: stable codes (`as_str`) and Chinese labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelReason {
    /// In correction for less than the first months (2 by default).
    NewlyInCorrection,
    HighRisk,
    Admonitions,
    Warning,
    PolicePenalty,
    FailedAssessment,
    /// Long enough in correction, no sanction, passing assessments in a row.
    SteadyRecord,
    /// None of the above: the ordinary level.
    Ordinary,
}

impl LevelReason {
    pub fn as_str(self) -> &'static str {
        match self {
            LevelReason::NewlyInCorrection => "newly_in_correction",
            LevelReason::HighRisk => "high_risk",
            LevelReason::Admonitions => "admonitions",
            LevelReason::Warning => "warning",
            LevelReason::PolicePenalty => "police_penalty",
            LevelReason::FailedAssessment => "failed_assessment",
            LevelReason::SteadyRecord => "steady_record",
            LevelReason::Ordinary => "ordinary",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            LevelReason::NewlyInCorrection => "入矫未满规定期限",
            LevelReason::HighRisk => "再犯风险高",
            LevelReason::Admonitions => "多次受到训诫",
            LevelReason::Warning => "受到警告",
            LevelReason::PolicePenalty => "受到治安管理处罚",
            LevelReason::FailedAssessment => "考核不合格",
            LevelReason::SteadyRecord => "表现稳定",
            LevelReason::Ordinary => "一般情形",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelSuggestion {
    pub level: ManagementLevel,
    /// Every reason that applies (all 严管 reasons when strict), so the decision record can
    /// cite them.
    pub reasons: Vec<LevelReason>,
}

/// The level the rules suggest. Any 严管 reason wins; 宽管 needs a steady record; otherwise 普管.
pub fn suggest(input: &LevelInput, rules: &Rules) -> LevelSuggestion {
    let r = &rules.levels;
    let mut strict = Vec::new();
    // "Under 2 months": until the same date two months on (Dec 31 + 2 months = Feb 28/29).
    if input.today < add_months(input.correction_start, r.strict_first_months) {
        strict.push(LevelReason::NewlyInCorrection);
    }
    if input.high_risk {
        strict.push(LevelReason::HighRisk);
    }
    if input.admonitions >= r.strict_admonitions {
        strict.push(LevelReason::Admonitions);
    }
    if input.warnings >= r.strict_warnings {
        strict.push(LevelReason::Warning);
    }
    if input.police_penalties >= r.strict_police_penalties {
        strict.push(LevelReason::PolicePenalty);
    }
    if input.failed_assessment {
        strict.push(LevelReason::FailedAssessment);
    }
    if !strict.is_empty() {
        return LevelSuggestion {
            level: ManagementLevel::Strict,
            reasons: strict,
        };
    }
    let steady = input.today >= add_months(input.correction_start, r.lenient_min_months)
        && input.admonitions == 0
        && input.warnings == 0
        && input.police_penalties == 0
        && input.passing_months_in_a_row >= r.lenient_good_months;
    if steady {
        LevelSuggestion {
            level: ManagementLevel::Lenient,
            reasons: vec![LevelReason::SteadyRecord],
        }
    } else {
        LevelSuggestion {
            level: ManagementLevel::Normal,
            reasons: vec![LevelReason::Ordinary],
        }
    }
}

/// A decided change of level, ready to be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelChange {
    pub from: Option<ManagementLevel>,
    pub to: ManagementLevel,
    pub on: NaiveDate,
    pub reason: String,
    /// Officer id of the person who decided.
    pub decided_by: String,
    /// The decision departs from what the rules suggested: the register shows it, so a
    /// reviewer can see the reason was weighed against the rules.
    pub against_suggestion: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LevelChangeError {
    #[error("the subject is already at this level ({level})")]
    Unchanged { level: &'static str },
    #[error("a change of level needs a reason")]
    NoReason,
    #[error("a change of level needs the person who decided it")]
    NoDecider,
}

/// Checks a level decision: a real change, with a reason and a decider. `from` is none for
/// the first level set at intake.
pub fn change(
    from: Option<ManagementLevel>,
    to: ManagementLevel,
    on: NaiveDate,
    reason: &str,
    decided_by: &str,
    suggested: &LevelSuggestion,
) -> Result<LevelChange, LevelChangeError> {
    if from == Some(to) {
        return Err(LevelChangeError::Unchanged { level: to.as_str() });
    }
    if reason.trim().is_empty() {
        return Err(LevelChangeError::NoReason);
    }
    if decided_by.trim().is_empty() {
        return Err(LevelChangeError::NoDecider);
    }
    Ok(LevelChange {
        from,
        to,
        on,
        reason: reason.trim().to_string(),
        decided_by: decided_by.trim().to_string(),
        against_suggestion: to != suggested.level,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::date;
    use LevelReason::*;
    use ManagementLevel::*;

    fn input(start: &str, today: &str) -> LevelInput {
        LevelInput {
            correction_start: date(start),
            today: date(today),
            high_risk: false,
            admonitions: 0,
            warnings: 0,
            police_penalties: 0,
            failed_assessment: false,
            passing_months_in_a_row: 0,
        }
    }

    fn check(i: LevelInput, rules: &Rules, want: ManagementLevel, reasons: &[LevelReason]) {
        let s = suggest(&i, rules);
        assert_eq!((s.level, s.reasons.as_slice()), (want, reasons), "{i:?}");
    }

    #[test]
    fn suggestions_at_their_edges() {
        let r = Rules::default();
        let steady = |start: &str, today: &str| LevelInput {
            passing_months_in_a_row: 3,
            ..input(start, today)
        };
        let cases: Vec<(LevelInput, ManagementLevel, &[LevelReason])> = vec![
            (
                input("2026-01-15", "2026-03-14"),
                Strict,
                &[NewlyInCorrection],
            ),
            (input("2026-01-15", "2026-03-15"), Normal, &[Ordinary]),
            // Dec 31 + 2 months is Feb 28 (2027) / Feb 29 (2028).
            (
                input("2026-12-31", "2027-02-27"),
                Strict,
                &[NewlyInCorrection],
            ),
            (input("2026-12-31", "2027-02-28"), Normal, &[Ordinary]),
            (
                input("2027-12-31", "2028-02-28"),
                Strict,
                &[NewlyInCorrection],
            ),
            (input("2027-12-31", "2028-02-29"), Normal, &[Ordinary]),
            (
                LevelInput {
                    high_risk: true,
                    admonitions: 2,
                    ..input("2026-01-01", "2026-02-01")
                },
                Strict,
                &[NewlyInCorrection, HighRisk, Admonitions],
            ),
            (
                LevelInput {
                    admonitions: 1,
                    ..input("2025-01-01", "2026-06-01")
                },
                Normal,
                &[Ordinary],
            ),
            (
                LevelInput {
                    warnings: 1,
                    ..input("2025-01-01", "2026-06-01")
                },
                Strict,
                &[Warning],
            ),
            (
                LevelInput {
                    police_penalties: 1,
                    failed_assessment: true,
                    ..input("2025-01-01", "2026-06-01")
                },
                Strict,
                &[PolicePenalty, FailedAssessment],
            ),
            (steady("2026-01-31", "2026-07-30"), Normal, &[Ordinary]),
            (steady("2026-01-31", "2026-07-31"), Lenient, &[SteadyRecord]),
            (
                LevelInput {
                    passing_months_in_a_row: 2,
                    ..input("2025-01-01", "2026-06-01")
                },
                Normal,
                &[Ordinary],
            ),
            (
                LevelInput {
                    admonitions: 1,
                    ..steady("2025-01-01", "2026-06-01")
                },
                Normal,
                &[Ordinary],
            ),
        ];
        for (i, want, reasons) in cases {
            check(i, &r, want, reasons);
        }
    }

    #[test]
    fn the_rules_table_moves_the_edges() {
        let mut r = Rules::default();
        r.levels.strict_first_months = 3;
        r.levels.strict_admonitions = 1;
        check(
            input("2026-01-15", "2026-04-14"),
            &r,
            Strict,
            &[NewlyInCorrection],
        );
        check(
            LevelInput {
                admonitions: 1,
                ..input("2025-01-01", "2026-06-01")
            },
            &r,
            Strict,
            &[Admonitions],
        );
    }

    #[test]
    fn changes_need_a_reason_a_decider_and_a_difference() {
        let strict = LevelSuggestion {
            level: Strict,
            reasons: vec![HighRisk],
        };
        let on = date("2026-02-28");
        let c = change(
            Some(Normal),
            Strict,
            on,
            " 高风险评估 ",
            "officer-1",
            &strict,
        )
        .unwrap();
        assert_eq!(
            (c.reason.as_str(), c.against_suggestion),
            ("高风险评估", false)
        );
        let c = change(None, Lenient, on, "入矫评估表现稳定", "officer-1", &strict).unwrap();
        assert!(c.against_suggestion);
        let cases = [
            (
                Some(Strict),
                Strict,
                "x",
                "o",
                "the subject is already at this level (strict)",
            ),
            (
                Some(Normal),
                Strict,
                " ",
                "o",
                "a change of level needs a reason",
            ),
            (
                Some(Normal),
                Strict,
                "x",
                "",
                "a change of level needs the person who decided it",
            ),
        ];
        for (from, to, reason, by, message) in cases {
            let err = change(from, to, on, reason, by, &strict).unwrap_err();
            assert_eq!(err.to_string(), message);
        }
    }
}
