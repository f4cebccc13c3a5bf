//! The ladder of rewards and sanctions (考核奖惩, Art 28) and which rung new facts call for.
//!
//! [`suggest`] is a proposal, never a decision: the village proposes, the judicial office
//! investigates and the county decides, each with facts, grounds and a document number —
//! those records belong to the callers. Which rung fits also depends on the category: only
//! 缓刑 and 假释 can be revoked, only 暂予监外执行 ends in 收监执行, and 管制 tops out at asking
//! the police for a penalty. Deliberately absent: the decision itself, its paperwork, and the
//! court's 30-day ruling on a revocation (a deadline for `due` once revocation records exist).

use serde::{Deserialize, Serialize};

use crate::rules::Rules;
use crate::subject::Category;

/// One rung, in order of gravity (表扬 is the only reward, below every sanction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// 表扬
    Praise,
    /// 训诫
    Admonition,
    /// 警告
    Warning,
    /// 提请治安管理处罚
    PolicePenaltyRequest,
    /// 提请撤销缓刑/假释 (缓刑 and 假释 only)
    RevocationRequest,
    /// 收监执行 (暂予监外执行 only)
    ReturnToPrison,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Praise,
        Step::Admonition,
        Step::Warning,
        Step::PolicePenaltyRequest,
        Step::RevocationRequest,
        Step::ReturnToPrison,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Praise => "praise",
            Step::Admonition => "admonition",
            Step::Warning => "warning",
            Step::PolicePenaltyRequest => "police_penalty_request",
            Step::RevocationRequest => "revocation_request",
            Step::ReturnToPrison => "return_to_prison",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Step::Praise => "表扬",
            Step::Admonition => "训诫",
            Step::Warning => "警告",
            Step::PolicePenaltyRequest => "提请治安管理处罚",
            Step::RevocationRequest => "提请撤销缓刑/假释",
            Step::ReturnToPrison => "收监执行",
        }
    }
    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL
            .into_iter()
            .find(|x| x.as_str() == s || x.label_zh() == s)
    }
    /// Whether this rung exists for a category at all.
    pub fn applies_to(self, category: Category) -> bool {
        match self {
            Step::RevocationRequest => matches!(category, Category::Probation | Category::Parole),
            Step::ReturnToPrison => category == Category::TemporaryOutside,
            _ => true,
        }
    }
    /// The gravest rung, 撤销 or 收监, for a category; 管制 has neither and stops at the police.
    pub fn gravest_for(category: Category) -> Step {
        match category {
            Category::Probation | Category::Parole => Step::RevocationRequest,
            Category::TemporaryOutside => Step::ReturnToPrison,
            Category::Surveillance => Step::PolicePenaltyRequest,
        }
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What was found this time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LadderFacts {
    /// Days out of contact (0 = none).
    pub out_of_contact_days: u32,
    /// Minor breaches of the reporting, visiting, leave or moving rules found now.
    pub minor_breaches: u32,
    /// A serious breach of the court's injunction (禁止令).
    pub serious_injunction_breach: bool,
    /// The conduct calls for a public-security penalty (违反治安管理).
    pub warrants_police_penalty: bool,
    /// Praiseworthy conduct (with no breach found now).
    pub praiseworthy: bool,
}

/// Why a rung was suggested: stable codes for the UI to translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LadderReason {
    OutOfContactShort,
    OutOfContactLong,
    OutOfContactOverMonth,
    MinorBreach,
    RepeatedBreaches,
    AfterAdmonitions,
    AfterWarnings,
    SeriousInjunctionBreach,
    PolicePenaltyWarranted,
    GoodConduct,
    /// The rung the facts call for does not exist for this category; this one is the
    /// gravest that does.
    CappedForCategory,
}

impl LadderReason {
    pub fn label_zh(self) -> &'static str {
        match self {
            LadderReason::OutOfContactShort => "失去联系不超过规定天数",
            LadderReason::OutOfContactLong => "失去联系超过规定天数",
            LadderReason::OutOfContactOverMonth => "失去联系超过一个月",
            LadderReason::MinorBreach => "违反报告、会客、外出、迁居等规定",
            LadderReason::RepeatedBreaches => "多次违反监督管理规定",
            LadderReason::AfterAdmonitions => "受到训诫后仍不改正",
            LadderReason::AfterWarnings => "受到警告后仍不改正",
            LadderReason::SeriousInjunctionBreach => "违反禁止令情节严重",
            LadderReason::PolicePenaltyWarranted => "依法应给予治安管理处罚",
            LadderReason::GoodConduct => "表现良好",
            LadderReason::CappedForCategory => "该矫正类别无更重措施",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LadderSuggestion {
    pub step: Step,
    /// Every fact that called for a rung, gravest first; the first one decided `step`.
    pub reasons: Vec<LadderReason>,
}

/// The rung the new facts call for, given the sanctions already received (`history`, any
/// order). `None` when nothing is found. Praise is suggested only when no breach is.
pub fn suggest(
    history: &[Step],
    facts: &LadderFacts,
    category: Category,
    rules: &Rules,
) -> Option<LadderSuggestion> {
    let r = &rules.ladder;
    let count = |s: Step| history.iter().filter(|h| **h == s).count() as u32;
    let breach = facts.out_of_contact_days > 0
        || facts.minor_breaches > 0
        || facts.serious_injunction_breach
        || facts.warrants_police_penalty;

    let mut found: Vec<(Step, LadderReason)> = Vec::new();
    if breach {
        let gravest = Step::gravest_for(category);
        if facts.out_of_contact_days > r.revocation_contact_days {
            found.push((gravest, LadderReason::OutOfContactOverMonth));
        }
        if facts.serious_injunction_breach {
            found.push((gravest, LadderReason::SeriousInjunctionBreach));
        }
        // "Two 警告 and still not corrected": the earlier warnings plus this breach.
        if count(Step::Warning) >= r.revocation_after_warnings {
            found.push((gravest, LadderReason::AfterWarnings));
        }
        if facts.warrants_police_penalty {
            found.push((
                Step::PolicePenaltyRequest,
                LadderReason::PolicePenaltyWarranted,
            ));
        }
        if facts.out_of_contact_days > r.admonition_max_contact_days {
            found.push((Step::Warning, LadderReason::OutOfContactLong));
        }
        if facts.minor_breaches >= r.repeated_breaches {
            found.push((Step::Warning, LadderReason::RepeatedBreaches));
        }
        if count(Step::Admonition) >= r.warning_after_admonitions {
            found.push((Step::Warning, LadderReason::AfterAdmonitions));
        }
        if (1..=r.admonition_max_contact_days).contains(&facts.out_of_contact_days) {
            found.push((Step::Admonition, LadderReason::OutOfContactShort));
        }
        if facts.minor_breaches == 1 {
            found.push((Step::Admonition, LadderReason::MinorBreach));
        }
    } else if facts.praiseworthy {
        found.push((Step::Praise, LadderReason::GoodConduct));
    }
    // Stable sort: gravest first, and within one rung the order pushed above.
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    let (step, _) = *found.first()?;
    let mut reasons: Vec<LadderReason> = found.iter().map(|(_, why)| *why).collect();
    if step == Step::PolicePenaltyRequest
        && category == Category::Surveillance
        && !facts.warrants_police_penalty
    {
        // 管制 cannot be revoked: the revocation-grade facts land on the police rung.
        reasons.push(LadderReason::CappedForCategory);
    }
    Some(LadderSuggestion { step, reasons })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;
    use Step::*;

    fn facts(contact: u32, minor: u32) -> LadderFacts {
        LadderFacts {
            out_of_contact_days: contact,
            minor_breaches: minor,
            ..LadderFacts::default()
        }
    }

    fn check(history: &[Step], f: LadderFacts, cat: Category, want: Option<Step>) {
        let got = suggest(history, &f, cat, &Rules::default()).map(|s| s.step);
        assert_eq!(got, want, "history {history:?}, facts {f:?}, {cat:?}");
    }

    #[test]
    fn ladder_follows_domain_md() {
        let injunction = LadderFacts {
            serious_injunction_breach: true,
            ..LadderFacts::default()
        };
        let police = LadderFacts {
            warrants_police_penalty: true,
            ..LadderFacts::default()
        };
        let praise = LadderFacts {
            praiseworthy: true,
            ..LadderFacts::default()
        };
        let praise_but_late = LadderFacts {
            praiseworthy: true,
            minor_breaches: 1,
            ..LadderFacts::default()
        };
        let cases: Vec<(&[Step], LadderFacts, Category, Option<Step>)> = vec![
            (&[], LadderFacts::default(), Probation, None),
            (&[], praise, Probation, Some(Praise)),
            (&[], praise_but_late, Probation, Some(Admonition)),
            (&[], facts(1, 0), Probation, Some(Admonition)),
            (&[], facts(10, 0), Probation, Some(Admonition)), // exactly 10 days
            (&[], facts(11, 0), Probation, Some(Warning)),
            (&[], facts(30, 0), Probation, Some(Warning)), // exactly 30: not over a month
            (&[], facts(31, 0), Probation, Some(RevocationRequest)),
            (&[], facts(31, 0), Parole, Some(RevocationRequest)),
            (&[], facts(31, 0), TemporaryOutside, Some(ReturnToPrison)),
            (&[], facts(31, 0), Surveillance, Some(PolicePenaltyRequest)),
            (&[], facts(0, 1), Probation, Some(Admonition)),
            (&[], facts(0, 2), Probation, Some(Warning)),
            (&[Admonition], facts(0, 1), Probation, Some(Admonition)),
            (
                &[Admonition, Admonition],
                facts(0, 1),
                Probation,
                Some(Warning),
            ),
            (&[Admonition, Admonition], facts(0, 0), Probation, None),
            (&[Warning], facts(0, 1), Parole, Some(Admonition)),
            (
                &[Warning, Warning],
                facts(0, 1),
                Parole,
                Some(RevocationRequest),
            ),
            (
                &[Warning, Warning],
                facts(2, 0),
                TemporaryOutside,
                Some(ReturnToPrison),
            ),
            (&[], injunction.clone(), Probation, Some(RevocationRequest)),
            (&[], injunction, Surveillance, Some(PolicePenaltyRequest)),
            (&[], police, Probation, Some(PolicePenaltyRequest)),
        ];
        for (history, f, cat, want) in cases {
            check(history, f, cat, want);
        }
    }

    #[test]
    fn reasons_list_every_fact_gravest_first() {
        let s = suggest(
            &[Admonition, Admonition],
            &facts(12, 1),
            Probation,
            &Rules::default(),
        )
        .unwrap();
        assert_eq!(s.step, Warning);
        assert_eq!(
            s.reasons,
            vec![
                LadderReason::OutOfContactLong,
                LadderReason::AfterAdmonitions,
                LadderReason::MinorBreach
            ]
        );
        let s = suggest(&[], &facts(40, 0), Surveillance, &Rules::default()).unwrap();
        assert_eq!(s.reasons.last(), Some(&LadderReason::CappedForCategory));
    }

    #[test]
    fn rungs_know_their_categories_and_labels() {
        assert!(!RevocationRequest.applies_to(TemporaryOutside));
        assert!(ReturnToPrison.applies_to(TemporaryOutside));
        assert!(!ReturnToPrison.applies_to(Parole));
        assert!(Praise < Admonition && Warning < PolicePenaltyRequest);
        for s in Step::ALL {
            assert_eq!(Step::parse(s.as_str()), Some(s));
            assert_eq!(Step::parse(s.label_zh()), Some(s));
        }
    }
}
