//! `dossier demo`: a complete office archive full of synthetic subjects, for trying the
//! program and for benchmarks. Ids and clocks come from the seed and the day, so the same
//! (scale, seed, today) always gives the same content and digest; only the key material is
//! fresh each time.

use std::path::Path;

use chrono::NaiveDate;
use dossier_core::officer::{Role, SiteRole};

use dossier_core::op::{DATA_PREFIX, Entity};
use dossier_core::subject::Status;
use dossier_store::{Change, blob};
use serde_json::json;

use crate::archive::{InitParams, NewOfficer, create, fields};
use crate::demo_data::{self, Scale};
use crate::demo_records::{DemoSubject, Depth, RecordGen, tiny_png};
use crate::subject::subject_change;
use crate::{Env, Error, Result, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoParams {
    pub scale: Scale,
    pub seed: u64,
    /// The day the demo is set around (correction periods are relative to it).
    pub today: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub subjects: usize,
    pub current: usize,
    pub jurisdiction: String,
    pub officers: Vec<String>,
}

/// What the demo's workflows need to know about a subject.
struct Supervised {
    id: String,
    index: usize,
    status: Status,
    start: NaiveDate,
    end: NaiveDate,
    strict: bool,
}

fn shift(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(chrono::Duration::days(n)).unwrap_or(d)
}

/// The demo's monthly assessments and leaves, made through core's rules like the real ones:
/// every month assessed up to last month (every ninth subject is a month behind, so the
/// dashboard has assessments to do; at county scale only the last three months), and at
/// street scale four leaves of subjects allowed leave: one away now, one returned, one
/// overdue, one waiting for the office's decision.
fn workflows(
    subjects: &[Supervised],
    params: DemoParams,
    officer: &str,
    env: &mut Env,
    changes: &mut Vec<Change>,
) -> Result<()> {
    use dossier_core::assessment::{MonthlyInput, YearMonth, monthly};
    use dossier_core::leave::{LeaveRequest, PastLeave, SubjectFlags, assess, return_};
    let book = dossier_core::rules::RuleBook::default();
    let today = params.today;
    let last_month = YearMonth::of(today).prev();
    for s in subjects.iter().filter(|s| s.status == Status::InCorrection) {
        let mut m = YearMonth::of(s.start);
        if params.scale == Scale::County {
            m = m.max(last_month.prev().prev());
        }
        let behind = if s.index % 9 == 4 {
            last_month.prev()
        } else {
            last_month
        };
        while m <= behind.min(YearMonth::of(s.end)) {
            let input = MonthlyInput {
                month: m,
                status: s.status,
                correction_start: s.start,
                items: Vec::new(),
            };
            let score = monthly(&input, &book)
                .map_err(|e| Error::Internal(format!("a demo assessment was refused: {e}")))?;
            let on = shift(m.next().first_day(), 2).min(today);
            changes.push(crate::assessment::assessment_change(
                env.new_id(),
                &s.id,
                Vec::new(),
                &score,
                officer,
                on,
            ));
            m = m.next();
        }
    }
    if params.scale != Scale::Street {
        return Ok(());
    }
    let eligible = subjects.iter().filter(|s| {
        s.status == Status::InCorrection
            && !s.strict
            && s.start <= shift(today, -60)
            && s.end >= shift(today, 30)
    });
    // (applied, from, to, decided, returned) in days from today.
    type Plan = (i64, i64, i64, Option<i64>, Option<i64>);
    let plans: [Plan; 4] = [
        (-6, -2, 4, Some(-5), None),
        (-50, -40, -31, Some(-48), Some(-31)),
        (-20, -12, -3, Some(-18), None),
        (-1, 5, 7, None, None),
    ];
    let places = [
        (
            "330723002",
            "壶山街道某小区",
            "女儿家中暂住，照顾待产的女儿",
        ),
        ("330723100", "某村亲属家", "协助亲属处理房屋修缮"),
        ("330723002", "县人民医院", "陪同父亲住院治疗"),
        ("330723100", "某村亲属家", "参加亲属婚礼"),
    ];
    for ((s, plan), place) in eligible.zip(plans).zip(places) {
        let (applied, from, to, decided, returned) = plan;
        let req = LeaveRequest {
            from: shift(today, from),
            to: shift(today, to),
            destination_code: place.0.to_owned(),
            destination_detail: place.1.to_owned(),
            reason: place.2.to_owned(),
            contact: "亲属 13900000000".to_owned(),
            applied_on: shift(today, applied),
        };
        let flags = SubjectFlags {
            high_risk: false,
            measures_in_place: true,
            status: s.status,
        };
        let plan = assess(&req, &[], flags, book.in_force(req.applied_on))
            .map_err(|e| Error::Internal(format!("a demo leave was refused: {e}")))?;
        let mut fields = crate::leave::request_fields(&s.id, &req, &plan);
        if let Some(d) = decided {
            fields.extend([
                ("status", json!("approved")),
                ("decided_by", json!(officer)),
                ("decided_on", json!(shift(today, d).to_string())),
                ("decision_opinion", json!("同意")),
            ]);
        }
        if let Some(r) = returned {
            let away = PastLeave {
                from: req.from,
                to: req.to,
                returned_on: None,
            };
            let back = shift(today, r);
            let outcome = return_(&away, back)
                .map_err(|e| Error::Internal(format!("a demo return was refused: {e}")))?;
            fields.extend([
                ("status", json!("returned")),
                ("returned_on", json!(back.to_string())),
                ("overdue_days", json!(outcome.overdue_days)),
                ("violation", json!(outcome.violation.is_some())),
            ]);
        }
        // Later pairs win: the decided or returned status replaces "requested".
        let fields: std::collections::BTreeMap<String, serde_json::Value> =
            fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        let id = env.new_id();
        changes.push(Change {
            op_id: env.new_id(),
            entity: Entity::Leave,
            entity_id: id,
            fields,
        });
    }
    Ok(())
}

/// A few proposals through the real use cases, so the file and the dashboard show both
/// kinds: the showcase subject has an approved admonition and a warning waiting for the
/// office; the next subject in correction a positioning request waiting, the one after an
/// approved praise.
fn proposals(session: &mut Session, env: &mut Env) -> Result<()> {
    use crate::view::{DecisionInput, ProposalInput};
    let mut rows = session.subject_list()?;
    rows.sort_by(|a, b| a.file_no.cmp(&b.file_no));
    let showcase = rows
        .get(crate::demo_records::SHOWCASE)
        .map(|r| r.id.clone());
    let mut current: Vec<String> = rows
        .iter()
        .filter(|r| r.status == "in_correction" && Some(&r.id) != showcase.as_ref())
        .map(|r| r.id.clone())
        .collect();
    if let Some(s) = showcase {
        current.insert(0, s);
    }
    let ask = |matter: &str, extra: serde_json::Value| -> Result<ProposalInput> {
        let mut v = json!({
            "matter": matter,
            "facts": "本月两次未按规定时间报到，经电话督促后补报",
            "grounds": "《社区矫正法实施办法》第三十五条",
            "doc_no": "",
        });
        for (k, x) in extra.as_object().into_iter().flatten() {
            v[k] = x.clone();
        }
        serde_json::from_value(v).map_err(|e| Error::Internal(format!("a demo proposal: {e}")))
    };
    let approve = |doc_no: &str| DecisionInput {
        approve: true,
        facts: "经司法所调查核实，情况属实".into(),
        grounds: "《社区矫正法实施办法》第三十五条".into(),
        doc_no: doc_no.into(),
        evidence: Vec::new(),
    };
    let today = env.today();
    let from = shift(today, 3).to_string();
    let mut ids = current.into_iter();
    if let Some(id) = ids.next() {
        let p = session.propose(&id, ask("sanction", json!({"step": "admonition"}))?, env)?;
        session.decide(&p.id, approve("壶司矫训〔2026〕7号"), env)?;
        session.propose(
            &id,
            ask(
                "sanction",
                json!({"step": "warning", "facts": "训诫后仍未按规定报告活动情况"}),
            )?,
            env,
        )?;
    }
    if let Some(id) = ids.next() {
        session.propose(
            &id,
            ask(
                "positioning",
                json!({"positioning_reason": "penalised", "from": from,
                       "facts": "因违反监督管理规定被给予治安管理处罚",
                       "grounds": "《社区矫正法》第二十九条"}),
            )?,
            env,
        )?;
    }
    if let Some(id) = ids.next() {
        let p = session.propose(
            &id,
            ask(
                "sanction",
                json!({"step": "praise", "facts": "积极参加公益活动，连续六个月考核优秀",
                       "grounds": "《社区矫正法实施办法》第三十三条"}),
            )?,
            env,
        )?;
        session.decide(&p.id, approve("壶司矫奖〔2026〕2号"), env)?;
    }
    Ok(())
}

/// Creates a demo archive at `path`; every officer unlocks it with `passphrase`.
pub fn demo(path: &Path, params: DemoParams, passphrase: &str) -> Result<(Session, DemoSummary)> {
    let (jurisdiction, officers) = match params.scale {
        Scale::Street => ("330723001", ["王建国", "李秀梅"]),
        Scale::County => ("330723", ["陈志强", "周丽华"]),
    };
    let start_ms = params
        .today
        .and_hms_opt(1, 0, 0) // 09:00 in Beijing
        .map(|t| t.and_utc().timestamp_millis())
        .ok_or_else(|| Error::Invalid("The demo date is out of range.".into()))?;
    let mut env = Env::fixed(start_ms, params.seed);
    let init = InitParams {
        role: SiteRole::Office,
        jurisdiction: jurisdiction.to_owned(),
        officer_name: officers[0].to_owned(),
    };
    let people = [
        NewOfficer {
            name: officers[0],
            role: Role::OfficeAdmin,
        },
        NewOfficer {
            name: officers[1],
            role: Role::OfficeStaff,
        },
    ];
    let divisions = dossier_core::division::builtin();
    let subjects = demo_data::generate(params.scale, params.seed, params.today, &divisions);
    let total = subjects.len();
    let current = subjects
        .iter()
        .filter(|s| s.status.is_some_and(|s| s.is_current()))
        .count();
    let session = create(
        path,
        &init,
        &people,
        passphrase,
        &mut env,
        |conn, officer, _, env| {
            let now = env.now_ms();
            let depth = match params.scale {
                Scale::Street => Depth::Full,
                Scale::County => Depth::Recent,
            };
            let mut writer = RecordGen::new(params.seed, params.today, depth);
            let mut changes = Vec::with_capacity(subjects.len() * 40);
            let tx = conn.transaction()?;
            let mut awaiting = 0;
            let mut supervised = Vec::new();
            for (index, s) in subjects.into_iter().enumerate() {
                let basics = s
                    .validate()
                    .map_err(|e| Error::Internal(format!("demo data failed its own check: {e}")))?;
                let file_no = basics.file_no.clone().unwrap_or_default();
                let subject_id = env.new_id();
                let mut change = subject_change(subject_id.clone(), env.new_id(), &basics, file_no);
                let village = divisions
                    .iter()
                    .find(|d| d.code == basics.jurisdiction)
                    .map_or("", |d| d.name.as_str());
                let who = DemoSubject {
                    name: &basics.name,
                    sex: basics.sex,
                    birth_date: basics.birth_date,
                    category: basics.category,
                    status: basics.status,
                    crime: basics.crime.as_deref(),
                    start: basics.correction_start,
                    end: basics.correction_end,
                    village,
                    address: basics.residence_address.as_deref(),
                };
                let waiting = (basics.status == Status::AwaitingReport).then(|| {
                    awaiting += 1;
                    awaiting - 1
                });
                let extra = writer.extra(&who, waiting);
                let date = |d: Option<chrono::NaiveDate>| json!(d.map(|d| d.to_string()));
                change
                    .fields
                    .insert("judgment_date".into(), date(Some(extra.judgment_date)));
                change
                    .fields
                    .insert("papers_received".into(), date(extra.papers_received));
                change
                    .fields
                    .insert("reported_on".into(), date(extra.reported_on));
                change
                    .fields
                    .insert("management_level".into(), json!(extra.management_level));
                if index % 29 == 11 && basics.status == Status::InCorrection {
                    // A person's decision over the rules, with its reason.
                    change.fields.insert("key_override".into(), json!("yes"));
                    change.fields.insert(
                        "key_override_reason".into(),
                        json!("村委会反映其近期情绪波动较大，列为重点对象加强监管"),
                    );
                }
                let photo = params.scale == Scale::Street || index % 10 == 0;
                if photo {
                    let png = tiny_png(index as u8);
                    let (sha, new) = blob::put(&tx, &png)?;
                    if new {
                        changes.push(Change {
                            op_id: env.new_id(),
                            entity: Entity::Attachment,
                            entity_id: sha.clone(),
                            fields: fields(&[
                                ("mime", json!("image/png")),
                                ("size", json!(png.len())),
                                ("name", json!(format!("photo-{index:04}.png"))),
                            ]),
                        });
                    }
                    change.fields.insert("photo".into(), json!(sha));
                }
                changes.push(change);
                supervised.push(Supervised {
                    id: subject_id.clone(),
                    index,
                    status: basics.status,
                    start: basics.correction_start,
                    end: basics.correction_end,
                    strict: extra.management_level == "strict",
                });
                for r in writer.records(&who, index, extra.management_level) {
                    let mut f = fields(&[
                        ("subject_id", json!(subject_id)),
                        ("kind", json!(r.kind)),
                        ("date", date(r.date)),
                    ]);
                    for (k, v) in r.fields {
                        f.insert(format!("{DATA_PREFIX}{k}"), v);
                    }
                    changes.push(Change {
                        op_id: env.new_id(),
                        entity: Entity::Record,
                        entity_id: env.new_id(),
                        fields: f,
                    });
                }
            }
            workflows(&supervised, params, officer, env, &mut changes)?;
            crate::demo_registers::registers(
                params.today,
                jurisdiction,
                officers,
                env,
                &mut changes,
            )?;
            if let Some(first) = writer.dropped.first() {
                return Err(Error::Internal(format!(
                    "{} demo record(s) failed their own check, e.g. {first}",
                    writer.dropped.len()
                )));
            }
            dossier_store::oplog::write_in(&tx, now, Some(officer), changes)?;
            tx.commit()?;
            Ok(())
        },
    )?;
    let mut session = session;
    if params.scale == Scale::Street {
        proposals(&mut session, &mut env)?;
    }
    let summary = DemoSummary {
        subjects: total,
        current,
        jurisdiction: jurisdiction.to_owned(),
        officers: officers.iter().map(|s| (*s).to_owned()).collect(),
    };
    Ok((session, summary))
}
