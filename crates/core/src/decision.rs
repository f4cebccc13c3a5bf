//! Matters a village proposes and the office decides: sanctions and praise on the ladder,
//! a change of residence (执行地变更), electronic positioning, entry to a place an
//! injunction bans, and the end of the correction (解除/终止).
//!
//! Terms. A *proposal* (提请/建议) is what a village worker or the office puts forward about
//! one subject, with facts, grounds, a document number and evidence. A *decision* is the
//! office's answer to one proposal — approved or rejected — with its own facts, grounds,
//! document number and evidence; for matters the county or the court decides (a warning,
//! a revocation request, a transfer, positioning) the office records their decision. A
//! proposal is open until a decision or a withdrawal closes it; a subject has at most one
//! open proposal per matter, so two people do not put the same thing forward twice.
//!
//! [`check_proposal`] and [`check_decision`] are pure: they take the subject as it stands
//! and the rules in force and answer with a refusal in plain words or with what the
//! decision changes ([`Effect`]). Writing it — the decision record and the ops that move
//! the file, change the status or add the positioning record — is `dossier-api`'s.
//! Deliberately absent: the court's own ruling on a revocation (recorded as an ending with
//! reason "revoked"), sentence-reduction recommendations, and the paperwork's layout.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::deadline::{self, ResidencePlan};
use crate::ladder::Step;
use crate::rules::Rules;
use crate::subject::{Category, Status};

/// What a proposal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matter {
    /// A rung of the ladder: 表扬 · 训诫 · 警告 · 提请治安管理处罚 · 提请撤销 · 收监执行.
    Sanction,
    /// 执行地变更: the file moves to another jurisdiction.
    Transfer,
    /// 电子定位 (Art 29), approved by the county for at most `positioning.max_months`.
    Positioning,
    /// 进入禁止令所禁止的区域/场所: the office reviews, the county approves.
    InjunctionEntry,
    /// 解除 or 终止.
    Ending,
}

impl Matter {
    pub const ALL: [Matter; 5] = [
        Matter::Sanction,
        Matter::Transfer,
        Matter::Positioning,
        Matter::InjunctionEntry,
        Matter::Ending,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Matter::Sanction => "sanction",
            Matter::Transfer => "transfer",
            Matter::Positioning => "positioning",
            Matter::InjunctionEntry => "injunction_entry",
            Matter::Ending => "ending",
        }
    }

    pub fn parse(s: &str) -> Option<Matter> {
        Matter::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Matter::Sanction => "奖惩",
            Matter::Transfer => "执行地变更",
            Matter::Positioning => "电子定位",
            Matter::InjunctionEntry => "进入禁止区域",
            Matter::Ending => "解除/终止矫正",
        }
    }
}

/// Why a correction ends. The first two are 解除, the rest 终止 (Art 44, 45).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// 期满解除
    Completed,
    /// 赦免解除
    Pardoned,
    /// 撤销缓刑/假释
    Revoked,
    /// 收监执行
    ReturnedToPrison,
    /// 死亡
    Died,
}

impl EndReason {
    pub const ALL: [EndReason; 5] = [
        EndReason::Completed,
        EndReason::Pardoned,
        EndReason::Revoked,
        EndReason::ReturnedToPrison,
        EndReason::Died,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Completed => "completed",
            EndReason::Pardoned => "pardoned",
            EndReason::Revoked => "revoked",
            EndReason::ReturnedToPrison => "returned_to_prison",
            EndReason::Died => "died",
        }
    }

    pub fn parse(s: &str) -> Option<EndReason> {
        EndReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            EndReason::Completed => "期满解除",
            EndReason::Pardoned => "赦免解除",
            EndReason::Revoked => "撤销缓刑/假释",
            EndReason::ReturnedToPrison => "收监执行",
            EndReason::Died => "死亡",
        }
    }

    /// The status the subject ends in.
    pub fn status(self) -> Status {
        match self {
            EndReason::Completed | EndReason::Pardoned => Status::Released,
            _ => Status::Terminated,
        }
    }
}

/// The subject as the checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectState {
    pub category: Category,
    pub status: Status,
    pub correction_start: NaiveDate,
    pub correction_end: NaiveDate,
    /// The division code of the jurisdiction the file is kept in.
    pub jurisdiction: String,
}

/// What the proposal asks for, by matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    Sanction {
        step: Step,
    },
    Transfer {
        /// Division code of the new place of residence.
        destination: String,
        move_on: NaiveDate,
    },
    Positioning {
        /// A code of the positioning reasons (`record`'s positioning kind lists them).
        reason: String,
        from: NaiveDate,
        /// None = the longest the rules allow.
        to: Option<NaiveDate>,
    },
    InjunctionEntry {
        place: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    Ending {
        reason: EndReason,
        /// The closing summary (矫正小结) for 解除; the circumstances for 终止.
        summary: String,
    },
}

impl Ask {
    pub fn matter(&self) -> Matter {
        match self {
            Ask::Sanction { .. } => Matter::Sanction,
            Ask::Transfer { .. } => Matter::Transfer,
            Ask::Positioning { .. } => Matter::Positioning,
            Ask::InjunctionEntry { .. } => Matter::InjunctionEntry,
            Ask::Ending { .. } => Matter::Ending,
        }
    }
}

/// The paper trail every proposal and decision carries.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paper {
    pub facts: String,
    pub grounds: String,
    /// 文书编号
    pub doc_no: String,
    /// Attachment hashes; the caller checks they exist.
    pub evidence: Vec<String>,
}

/// Something to tell the decider that is not a reason to refuse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Notice {
    /// The move was applied for later than `residence.apply_ahead_days` before it.
    TransferAppliedLate { apply_by: NaiveDate },
    /// The positioning would run past the end of the correction; shown, not refused (the
    /// county may approve to the term's end).
    PositioningBeyondTerm { correction_end: NaiveDate },
}

/// Why a proposal or decision cannot be recorded. Messages are whole sentences' middles:
/// the caller prefixes "The proposal was not recorded: ".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the correction has already ended ({status}); nothing more can be proposed")]
    Ended { status: &'static str },
    #[error("{what} is missing")]
    Missing { what: &'static str },
    #[error("{step} does not apply to a subject under {category}")]
    StepNotForCategory {
        step: &'static str,
        category: &'static str,
    },
    #[error(
        "{0:?} is not the division code of a street, township or village (9 or 12 digits, e.g. 330723001 or 330723001001)"
    )]
    BadDivision(String),
    #[error("the new place ({destination}) is where the file is kept already")]
    SameJurisdiction { destination: String },
    #[error("{0}")]
    Deadline(#[from] deadline::DeadlineError),
    #[error("{0:?} is not one of the reasons the law allows for electronic positioning")]
    PositioningReason(String),
    #[error("the entry ends ({to}) before it starts ({from})")]
    EntryEndsBeforeStart { from: NaiveDate, to: NaiveDate },
    #[error("{reason} applies only to {categories}")]
    EndNotForCategory {
        reason: &'static str,
        categories: &'static str,
    },
    #[error("the term runs until {end}; 期满解除 can be decided from that day on")]
    TermNotOver { end: NaiveDate },
    #[error("this proposal was already {status}")]
    Closed { status: String },
}

/// A proposal that passed the checks, with the dates it sets going.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedProposal {
    pub notices: Vec<Notice>,
    /// For a transfer: when the county asks the new place and when it answers.
    pub residence: Option<ResidencePlan>,
    /// For positioning: the end the approval will have.
    pub positioning_end: Option<NaiveDate>,
}

fn required(what: &'static str, s: &str) -> Result<(), Refusal> {
    if s.trim().is_empty() {
        Err(Refusal::Missing { what })
    } else {
        Ok(())
    }
}

/// Checks a proposal made on `on` about `subject` against the rules in force on `on`.
pub fn check_proposal(
    ask: &Ask,
    paper: &Paper,
    subject: &SubjectState,
    on: NaiveDate,
    rules: &Rules,
) -> Result<CheckedProposal, Refusal> {
    if matches!(subject.status, Status::Released | Status::Terminated) {
        return Err(Refusal::Ended {
            status: subject.status.label_zh(),
        });
    }
    required("the facts", &paper.facts)?;
    required("the grounds", &paper.grounds)?;
    let mut checked = CheckedProposal {
        notices: Vec::new(),
        residence: None,
        positioning_end: None,
    };
    match ask {
        Ask::Sanction { step } => {
            if !step.applies_to(subject.category) {
                return Err(Refusal::StepNotForCategory {
                    step: step.label_zh(),
                    category: subject.category.label_zh(),
                });
            }
        }
        Ask::Transfer {
            destination,
            move_on,
        } => {
            required("the new place's division code", destination)?;
            if !matches!(
                crate::division::Level::from_code(destination.trim()),
                Some(crate::division::Level::Street | crate::division::Level::Village)
            ) {
                return Err(Refusal::BadDivision(destination.trim().to_owned()));
            }
            if destination.trim() == subject.jurisdiction {
                return Err(Refusal::SameJurisdiction {
                    destination: destination.trim().to_owned(),
                });
            }
            let plan = deadline::residence_change(on, *move_on, rules)?;
            if plan.applied_late {
                checked.notices.push(Notice::TransferAppliedLate {
                    apply_by: plan.apply_by,
                });
            }
            checked.residence = Some(plan);
        }
        Ask::Positioning { reason, from, to } => {
            if !crate::record::kind("positioning")
                .is_some_and(|k| k.allows_choice("reason", reason))
            {
                return Err(Refusal::PositioningReason(reason.clone()));
            }
            let end = deadline::positioning_end(*from, *to, rules)?;
            if end > subject.correction_end {
                checked.notices.push(Notice::PositioningBeyondTerm {
                    correction_end: subject.correction_end,
                });
            }
            checked.positioning_end = Some(end);
        }
        Ask::InjunctionEntry { place, from, to } => {
            required("the place to enter", place)?;
            if to < from {
                return Err(Refusal::EntryEndsBeforeStart {
                    from: *from,
                    to: *to,
                });
            }
        }
        Ask::Ending { reason, summary } => {
            required("the summary", summary)?;
            check_end_category(*reason, subject.category)?;
        }
    }
    Ok(checked)
}

fn check_end_category(reason: EndReason, category: Category) -> Result<(), Refusal> {
    match reason {
        EndReason::Revoked if !matches!(category, Category::Probation | Category::Parole) => {
            Err(Refusal::EndNotForCategory {
                reason: reason.label_zh(),
                categories: "缓刑、假释",
            })
        }
        EndReason::ReturnedToPrison if category != Category::TemporaryOutside => {
            Err(Refusal::EndNotForCategory {
                reason: reason.label_zh(),
                categories: "暂予监外执行",
            })
        }
        _ => Ok(()),
    }
}

/// What an approved decision changes beyond the decision record itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Effect {
    /// The subject's new status and the day the correction ended.
    pub ended: Option<(Status, NaiveDate)>,
    /// The file moves to this jurisdiction; the subject reports there by the date.
    pub moved_to: Option<(String, NaiveDate)>,
    /// A positioning approval from–to.
    pub positioning: Option<(NaiveDate, NaiveDate)>,
}

/// Checks the office's decision, taken on `on`, on a proposal still `status` ("proposed"
/// when open), and says what an approval changes. A rejection changes nothing but needs
/// its grounds; an approval needs its document number too.
pub fn check_decision(
    ask: &Ask,
    status: &str,
    approve: bool,
    paper: &Paper,
    subject: &SubjectState,
    on: NaiveDate,
    rules: &Rules,
) -> Result<Effect, Refusal> {
    if status != "proposed" {
        return Err(Refusal::Closed {
            status: status.to_owned(),
        });
    }
    if matches!(subject.status, Status::Released | Status::Terminated) {
        return Err(Refusal::Ended {
            status: subject.status.label_zh(),
        });
    }
    required("the grounds", &paper.grounds)?;
    if !approve {
        return Ok(Effect::default());
    }
    required("the decision's document number", &paper.doc_no)?;
    let mut effect = Effect::default();
    match ask {
        Ask::Sanction { .. } | Ask::InjunctionEntry { .. } => {}
        Ask::Transfer { destination, .. } => {
            effect.moved_to = Some((
                destination.trim().to_owned(),
                deadline::residence_report_by(on, rules),
            ));
        }
        Ask::Positioning { from, to, .. } => {
            // A late decision starts the approval on its own day, never earlier.
            let start = (*from).max(on);
            let end = deadline::positioning_end(start, to.map(|t| t.max(start)), rules)?;
            effect.positioning = Some((start, end));
        }
        Ask::Ending { reason, .. } => {
            if *reason == EndReason::Completed && on < subject.correction_end {
                return Err(Refusal::TermNotOver {
                    end: subject.correction_end,
                });
            }
            effect.ended = Some((reason.status(), on));
        }
    }
    Ok(effect)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn subject(category: Category) -> SubjectState {
        SubjectState {
            category,
            status: Status::InCorrection,
            correction_start: d("2026-01-01"),
            correction_end: d("2026-12-31"),
            jurisdiction: "330723001001".into(),
        }
    }

    fn paper() -> Paper {
        Paper {
            facts: "三次未按时报到".into(),
            grounds: "实施办法第三十五条".into(),
            doc_no: "金司矫〔2026〕1号".into(),
            evidence: vec![],
        }
    }

    /// One row: what, category, ask, paper, day, result (Ok = which notices / Err = refusal).
    type Row = (
        &'static str,
        Category,
        Ask,
        Paper,
        &'static str,
        Result<Vec<Notice>, Refusal>,
    );

    #[test]
    fn proposals() {
        let rules = Rules::default();
        let no_facts = Paper {
            facts: " ".into(),
            ..paper()
        };
        let rows: Vec<Row> = vec![
            (
                "an admonition for probation",
                Category::Probation,
                Ask::Sanction {
                    step: Step::Admonition,
                },
                paper(),
                "2026-05-01",
                Ok(vec![]),
            ),
            (
                "no facts",
                Category::Probation,
                Ask::Sanction {
                    step: Step::Warning,
                },
                no_facts,
                "2026-05-01",
                Err(Refusal::Missing { what: "the facts" }),
            ),
            (
                "revocation is not for 管制",
                Category::Surveillance,
                Ask::Sanction {
                    step: Step::RevocationRequest,
                },
                paper(),
                "2026-05-01",
                Err(Refusal::StepNotForCategory {
                    step: "提请撤销缓刑/假释",
                    category: Category::Surveillance.label_zh(),
                }),
            ),
            (
                "a move exactly 30 days ahead is on time",
                Category::Parole,
                Ask::Transfer {
                    destination: "330723002001".into(),
                    move_on: d("2026-05-31"),
                },
                paper(),
                "2026-05-01",
                Ok(vec![]),
            ),
            (
                "a move 29 days ahead is late, not refused",
                Category::Parole,
                Ask::Transfer {
                    destination: "330723002001".into(),
                    move_on: d("2026-05-30"),
                },
                paper(),
                "2026-05-01",
                Ok(vec![Notice::TransferAppliedLate {
                    apply_by: d("2026-04-30"),
                }]),
            ),
            (
                "a destination that is a county, not a village",
                Category::Parole,
                Ask::Transfer {
                    destination: "330723".into(),
                    move_on: d("2026-06-30"),
                },
                paper(),
                "2026-05-01",
                Err(Refusal::BadDivision("330723".into())),
            ),
            (
                "moving to where the file is",
                Category::Parole,
                Ask::Transfer {
                    destination: "330723001001".into(),
                    move_on: d("2026-06-30"),
                },
                paper(),
                "2026-05-01",
                Err(Refusal::SameJurisdiction {
                    destination: "330723001001".into(),
                }),
            ),
            (
                "a move before the application",
                Category::Parole,
                Ask::Transfer {
                    destination: "330723002001".into(),
                    move_on: d("2026-04-30"),
                },
                paper(),
                "2026-05-01",
                Err(Refusal::Deadline(
                    deadline::DeadlineError::MoveBeforeApplication {
                        applied_on: d("2026-05-01"),
                        move_on: d("2026-04-30"),
                    },
                )),
            ),
            (
                "positioning for three months to the day (month end clamps)",
                Category::Probation,
                Ask::Positioning {
                    reason: "penalised".into(),
                    from: d("2026-05-31"),
                    to: Some(d("2026-08-31")),
                },
                paper(),
                "2026-05-30",
                Ok(vec![]),
            ),
            (
                "positioning one day too long",
                Category::Probation,
                Ask::Positioning {
                    reason: "penalised".into(),
                    from: d("2026-05-31"),
                    to: Some(d("2026-09-01")),
                },
                paper(),
                "2026-05-30",
                Err(Refusal::Deadline(
                    deadline::DeadlineError::PositioningTooLong {
                        months: 3,
                        start: d("2026-05-31"),
                        latest: d("2026-08-31"),
                    },
                )),
            ),
            (
                "positioning past the term end is shown",
                Category::Probation,
                Ask::Positioning {
                    reason: "penalised".into(),
                    from: d("2026-11-01"),
                    to: None,
                },
                paper(),
                "2026-10-30",
                Ok(vec![Notice::PositioningBeyondTerm {
                    correction_end: d("2026-12-31"),
                }]),
            ),
            (
                "positioning for a reason the law does not list",
                Category::Probation,
                Ask::Positioning {
                    reason: "convenience".into(),
                    from: d("2026-05-01"),
                    to: None,
                },
                paper(),
                "2026-05-01",
                Err(Refusal::PositioningReason("convenience".into())),
            ),
            (
                "an entry ending before it starts",
                Category::Probation,
                Ask::InjunctionEntry {
                    place: "某娱乐场所".into(),
                    from: d("2026-05-02"),
                    to: d("2026-05-01"),
                },
                paper(),
                "2026-05-01",
                Err(Refusal::EntryEndsBeforeStart {
                    from: d("2026-05-02"),
                    to: d("2026-05-01"),
                }),
            ),
            (
                "return to prison is for 暂予监外执行 only",
                Category::Parole,
                Ask::Ending {
                    reason: EndReason::ReturnedToPrison,
                    summary: "…".into(),
                },
                paper(),
                "2026-05-01",
                Err(Refusal::EndNotForCategory {
                    reason: "收监执行",
                    categories: "暂予监外执行",
                }),
            ),
            (
                "an ending needs its summary",
                Category::Parole,
                Ask::Ending {
                    reason: EndReason::Completed,
                    summary: "".into(),
                },
                paper(),
                "2026-12-01",
                Err(Refusal::Missing {
                    what: "the summary",
                }),
            ),
        ];
        for (what, category, ask, paper, on, want) in rows {
            let got =
                check_proposal(&ask, &paper, &subject(category), d(on), &rules).map(|c| c.notices);
            assert_eq!(got, want, "{what}");
        }
    }

    #[test]
    fn nothing_is_proposed_for_an_ended_subject() {
        let mut s = subject(Category::Probation);
        s.status = Status::Released;
        let ask = Ask::Sanction { step: Step::Praise };
        let got = check_proposal(&ask, &paper(), &s, d("2027-01-05"), &Rules::default());
        assert!(matches!(got, Err(Refusal::Ended { .. })), "{got:?}");
    }

    #[test]
    fn decisions() {
        let rules = Rules::default();
        let s = subject(Category::Probation);
        let ending = Ask::Ending {
            reason: EndReason::Completed,
            summary: "表现良好".into(),
        };
        let no_doc = Paper {
            doc_no: "".into(),
            ..paper()
        };
        type DRow = (
            &'static str,
            &'static Ask,
            &'static str,
            bool,
            Paper,
            &'static str,
            Result<Effect, Refusal>,
        );
        let ending: &'static Ask = Box::leak(Box::new(ending));
        let transfer: &'static Ask = Box::leak(Box::new(Ask::Transfer {
            destination: "330723002001".into(),
            move_on: d("2026-06-30"),
        }));
        let positioning: &'static Ask = Box::leak(Box::new(Ask::Positioning {
            reason: "penalised".into(),
            from: d("2026-05-01"),
            to: Some(d("2026-07-31")),
        }));
        let rows: Vec<DRow> = vec![
            (
                "completed the day before the term ends",
                ending,
                "proposed",
                true,
                paper(),
                "2026-12-30",
                Err(Refusal::TermNotOver {
                    end: d("2026-12-31"),
                }),
            ),
            (
                "completed on the last day",
                ending,
                "proposed",
                true,
                paper(),
                "2026-12-31",
                Ok(Effect {
                    ended: Some((Status::Released, d("2026-12-31"))),
                    ..Effect::default()
                }),
            ),
            (
                "an approval without a document number",
                ending,
                "proposed",
                true,
                no_doc.clone(),
                "2026-12-31",
                Err(Refusal::Missing {
                    what: "the decision's document number",
                }),
            ),
            (
                "a rejection needs no document number and changes nothing",
                ending,
                "proposed",
                false,
                no_doc,
                "2026-12-30",
                Ok(Effect::default()),
            ),
            (
                "deciding twice",
                ending,
                "approved",
                true,
                paper(),
                "2026-12-31",
                Err(Refusal::Closed {
                    status: "approved".into(),
                }),
            ),
            (
                "a transfer: report within 7 days of the decision",
                transfer,
                "proposed",
                true,
                paper(),
                "2026-05-25",
                Ok(Effect {
                    moved_to: Some(("330723002001".into(), d("2026-06-01"))),
                    ..Effect::default()
                }),
            ),
            (
                "positioning decided late starts on the decision day, same end",
                positioning,
                "proposed",
                true,
                paper(),
                "2026-05-10",
                Ok(Effect {
                    positioning: Some((d("2026-05-10"), d("2026-07-31"))),
                    ..Effect::default()
                }),
            ),
        ];
        for (what, ask, status, approve, paper, on, want) in rows {
            let got = check_decision(ask, status, approve, &paper, &s, d(on), &rules);
            assert_eq!(got, want, "{what}");
        }
    }
}
