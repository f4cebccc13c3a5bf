//! Use-case tests of the supervision workflows (rules, leave, reminders, assessment, level
//! changes): one fixture per archive, each table row one case, every refusal checked to
//! leave the digest unchanged.

use chrono::NaiveDate;
use dossier_core::officer::{Role, SiteRole};
use serde_json::json;

use crate::archive::{InitParams, NewOfficer, create};
use crate::view::{AssessmentItemInput, LeaveInput};
use crate::{Env, Result, Session, parse_new_subject, unlock};

const PASS: &str = "correct horse battery";

pub(crate) fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// An env whose clock reads 09:00 in China on `d`, with its own seed per call.
pub(crate) fn on(d: &str) -> Env {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEED: AtomicU64 = AtomicU64::new(50_000);
    let ms = day(d)
        .and_hms_opt(1, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    Env::fixed(ms, SEED.fetch_add(1, Ordering::Relaxed))
}

pub(crate) struct Office {
    _tmp: tempfile::TempDir,
    path: std::path::PathBuf,
    pub(crate) s: Session,
}

impl Office {
    /// The same archive unlocked as another of its officers.
    pub(crate) fn as_officer(&self, name: &str) -> Session {
        unlock(&self.path, Some(name), PASS, &mut on("2026-11-18")).unwrap()
    }
}

/// An office archive (admin 测试员, staff 测试乙, a village worker 测试丁) with one subject in
/// correction from 2026-01-01 whose supervision measures are in place, unless `measures` is
/// false. Returns the subject's id.
pub(crate) fn office(measures: bool) -> (Office, String) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("archive");
    let params = InitParams {
        role: SiteRole::Office,
        jurisdiction: "330723001".into(),
        officer_name: "测试员".into(),
    };
    let people = [
        NewOfficer {
            name: "测试员",
            role: Role::OfficeAdmin,
        },
        NewOfficer {
            name: "测试乙",
            role: Role::OfficeStaff,
        },
        NewOfficer {
            name: "测试丁",
            role: Role::VillageWorker,
        },
    ];
    let mut s = create(
        &path,
        &params,
        &people,
        PASS,
        &mut on("2026-01-01"),
        |_, _, _, _| Ok(()),
    )
    .unwrap();
    let id = add_subject(&mut s, 1, measures);
    (Office { _tmp: tmp, path, s }, id)
}

fn add_subject(s: &mut Session, n: u32, measures: bool) -> String {
    let id_number =
        dossier_core::idnumber::IdNumber::compose("330723", day("1990-01-01"), n as u16)
            .unwrap()
            .to_string();
    let text = json!({
        "name": format!("测试{n}"), "id_number": id_number, "jurisdiction": "330723001202",
        "category": "缓刑", "correction_start": "2026-01-01", "correction_end": "2027-01-01",
    })
    .to_string();
    let row = s
        .subject_add(parse_new_subject(&text).unwrap(), &mut on("2026-01-02"))
        .unwrap();
    if measures {
        let plan =
            json!({"date": "2026-01-05", "supervision": "每周报到", "education": "每月学习"});
        let member = json!({"name": "测试员", "role": "office_staff", "responsible": true});
        for (kind, data) in [("correction_plan", plan), ("group_member", member)] {
            s.record_add(
                &row.id,
                kind,
                data.as_object().cloned().unwrap(),
                &mut on("2026-01-05"),
            )
            .unwrap();
        }
    }
    row.id
}

pub(crate) fn leave(from: &str, to: &str, applied: Option<&str>) -> LeaveInput {
    LeaveInput {
        from: from.into(),
        to: to.into(),
        destination_code: "330723002".into(),
        destination_detail: "某小区".into(),
        reason: "探望住院的亲属".into(),
        contact: "测试某 13800000000".into(),
        applied_on: applied.map(Into::into),
    }
}

pub(crate) type Attempt<'a> = Box<dyn FnOnce(&mut Session) -> Result<()> + 'a>;

/// Runs each attempt on `s` and checks its error code and that nothing was written.
pub(crate) fn refusals(s: &mut Session, cases: Vec<(&str, Attempt<'_>, &str)>) {
    for (what, attempt, code) in cases {
        let before = s.digest().unwrap();
        let err = attempt(s).expect_err(what);
        assert_eq!(err.code(), code, "{what}: {err}");
        assert_eq!(s.digest().unwrap(), before, "{what}: nothing written");
        assert!(!err.to_string().contains("测试"), "{what}: no names: {err}");
    }
}

#[test]
fn a_leave_from_request_to_late_return() {
    let (mut o, id) = office(true);
    // 10 days, applied 4 days ahead: the county approves, and it was applied for late.
    let v =
        o.s.leave_request(
            &id,
            leave("2026-11-05", "2026-11-14", Some("2026-11-01")),
            &mut on("2026-11-01"),
        )
        .unwrap();
    assert_eq!(
        (v.days, v.approver.as_str(), v.status.as_str()),
        (10, "county", "requested")
    );
    assert_eq!(v.destination_name, "壶山街道");
    assert_eq!(v.warnings, ["申请提前4天，规定应至少提前7天"]);
    let mut staff = o.as_officer("测试乙");
    let v = staff
        .leave_decide(&v.id, true, "同意，报县局审批通过", &mut on("2026-11-02"))
        .unwrap();
    assert_eq!(
        (
            v.status.as_str(),
            v.decided_by.as_deref(),
            v.opinion.as_deref()
        ),
        ("approved", Some("测试乙"), Some("同意，报县局审批通过"))
    );
    drop(staff);
    // Away past the end: the list shows it overdue, the dashboard as an overdue leave, and
    // being out on leave makes a key subject.
    o.s.set_today(day("2026-11-16"));
    let file = o.s.subject_file(&id).unwrap();
    assert!(
        file.facts.key_reasons.contains(&"on_leave".to_owned()),
        "{:?}",
        file.facts
    );
    assert!(o.s.subject_list().unwrap()[0].key_subject);
    let listed = o.s.leave_list(Some(&id)).unwrap();
    assert_eq!(listed[0].overdue_days, 2);
    let due = o.s.due(None).unwrap();
    let item = due
        .items
        .iter()
        .find(|i| i.kind == "leave_overdue")
        .unwrap();
    assert_eq!(
        (item.due.as_str(), item.overdue, item.severity.as_str()),
        ("2026-11-14", true, "danger")
    );
    assert_eq!(item.note.as_deref(), Some(v.id.as_str()));
    let v =
        o.s.leave_return(&v.id, day("2026-11-17"), &mut on("2026-11-17"))
            .unwrap();
    assert_eq!(
        (v.status.as_str(), v.overdue_days, v.violation),
        ("returned", 3, true)
    );
    let all = o.s.leave_list(None).unwrap();
    assert_eq!(all.len(), 1);
    assert!(
        o.s.due(None)
            .unwrap()
            .items
            .iter()
            .all(|i| !i.kind.starts_with("leave"))
    );
    let file = o.s.subject_file(&id).unwrap();
    assert!(!file.facts.key_reasons.contains(&"on_leave".to_owned()));
    assert!(o.s.check().unwrap().ok);
}

#[test]
fn extensions_go_back_for_a_decision_and_move_the_end_once_approved() {
    let (mut o, id) = office(true);
    let v =
        o.s.leave_request(
            &id,
            leave("2026-11-10", "2026-11-16", None),
            &mut on("2026-11-05"),
        )
        .unwrap();
    assert_eq!((v.days, v.approver.as_str()), (7, "office"));
    o.s.leave_decide(&v.id, true, "", &mut on("2026-11-06"))
        .unwrap();
    let x =
        o.s.leave_extend(&v.id, day("2026-11-20"), "病情未愈", &mut on("2026-11-15"))
            .unwrap();
    assert_eq!(
        (x.status.as_str(), x.approver.as_str(), x.to.as_str()),
        ("requested", "county", "2026-11-16")
    );
    assert_eq!(x.extension_to.as_deref(), Some("2026-11-20"));
    let x =
        o.s.leave_decide(&v.id, true, "同意续假", &mut on("2026-11-16"))
            .unwrap();
    assert_eq!(
        (x.status.as_str(), x.to.as_str(), x.days),
        ("approved", "2026-11-20", 11)
    );
    assert_eq!(x.extension_status.as_deref(), Some("approved"));
    let x =
        o.s.leave_return(&v.id, day("2026-11-20"), &mut on("2026-11-20"))
            .unwrap();
    assert_eq!((x.overdue_days, x.violation), (0, false));
    // A rejected extension leaves the first approval standing.
    let w =
        o.s.leave_request(
            &id,
            leave("2026-12-01", "2026-12-03", None),
            &mut on("2026-11-20"),
        )
        .unwrap();
    o.s.leave_decide(&w.id, true, "", &mut on("2026-11-21"))
        .unwrap();
    o.s.leave_extend(&w.id, day("2026-12-05"), "车票改签", &mut on("2026-12-02"))
        .unwrap();
    let w =
        o.s.leave_decide(&w.id, false, "理由不充分", &mut on("2026-12-02"))
            .unwrap();
    assert_eq!(
        (
            w.status.as_str(),
            w.to.as_str(),
            w.extension_status.as_deref()
        ),
        ("approved", "2026-12-03", Some("rejected"))
    );
    // Withdrawn before it starts: then it no longer blocks the next request.
    let wid = w.id.clone();
    refusals(
        &mut o.s,
        vec![(
            "withdrawing a leave under way",
            Box::new(move |s| s.leave_cancel(&wid, &mut on("2026-12-02")).map(drop)),
            "invalid_input",
        )],
    );
    o.s.leave_return(&w.id, day("2026-12-03"), &mut on("2026-12-03"))
        .unwrap();
    let later =
        o.s.leave_request(
            &id,
            leave("2026-12-20", "2026-12-22", None),
            &mut on("2026-12-10"),
        )
        .unwrap();
    o.s.leave_decide(&later.id, true, "", &mut on("2026-12-11"))
        .unwrap();
    let c = o.s.leave_cancel(&later.id, &mut on("2026-12-12")).unwrap();
    assert_eq!(c.status, "cancelled");
    o.s.leave_request(
        &id,
        leave("2026-12-24", "2026-12-25", None),
        &mut on("2026-12-12"),
    )
    .unwrap();
}

#[test]
fn leave_refusals_say_why_and_write_nothing() {
    let (mut o, id) = office(true);
    let bare = add_subject(&mut o.s, 2, false);
    let strict = add_subject(&mut o.s, 3, true);
    o.s.level_change(&strict, "strict", "近期多次违规", &mut on("2026-11-01"))
        .unwrap();
    let open =
        o.s.leave_request(
            &id,
            leave("2026-11-20", "2026-11-22", None),
            &mut on("2026-11-10"),
        )
        .unwrap()
        .id;
    let decided = add_subject(&mut o.s, 4, true);
    let done =
        o.s.leave_request(
            &decided,
            leave("2026-11-25", "2026-11-26", None),
            &mut on("2026-11-10"),
        )
        .unwrap()
        .id;
    o.s.leave_decide(&done, true, "", &mut on("2026-11-11"))
        .unwrap();
    let mut village = o.as_officer("测试丁");
    let o2 = open.clone();
    refusals(
        &mut village,
        vec![(
            "a decision by a village worker",
            Box::new(move |s| {
                s.leave_decide(&o2, true, "同意", &mut on("2026-11-11"))
                    .map(drop)
            }),
            "permission_denied",
        )],
    );
    drop(village);
    let (i, b, st, op, dn) = (
        id.clone(),
        bare.clone(),
        strict.clone(),
        open.clone(),
        done.clone(),
    );
    let (i2, dn2, dn3, op2) = (id.clone(), done.clone(), done.clone(), open.clone());
    let (sd1, sd2) = (decided.clone(), decided.clone());
    let cases: Vec<(&str, Attempt<'_>, &str)> = vec![
        (
            "end before start",
            Box::new(move |s| {
                s.leave_request(
                    &i,
                    leave("2026-11-22", "2026-11-20", None),
                    &mut on("2026-11-12"),
                )
                .map(drop)
            }),
            "leave_refused",
        ),
        (
            "a second open leave",
            Box::new(move |s| {
                s.leave_request(
                    &i2,
                    leave("2026-12-20", "2026-12-22", None),
                    &mut on("2026-11-12"),
                )
                .map(drop)
            }),
            "leave_refused",
        ),
        (
            "measures not in place",
            Box::new(move |s| {
                s.leave_request(
                    &b,
                    leave("2026-12-20", "2026-12-22", None),
                    &mut on("2026-11-12"),
                )
                .map(drop)
            }),
            "leave_refused",
        ),
        (
            "high risk (严管)",
            Box::new(move |s| {
                s.leave_request(
                    &st,
                    leave("2026-12-20", "2026-12-22", None),
                    &mut on("2026-11-12"),
                )
                .map(drop)
            }),
            "leave_refused",
        ),
        (
            "applied after leaving",
            Box::new(move |s| {
                s.leave_request(
                    &sd1,
                    leave("2026-11-01", "2026-11-02", None),
                    &mut on("2026-11-12"),
                )
                .map(drop)
            }),
            "leave_refused",
        ),
        (
            "applied in the future",
            Box::new(move |s| {
                s.leave_request(
                    &sd2,
                    leave("2026-12-20", "2026-12-22", Some("2026-12-01")),
                    &mut on("2026-11-12"),
                )
                .map(drop)
            }),
            "invalid_input",
        ),
        (
            "a decision on a decided leave",
            Box::new(move |s| {
                s.leave_decide(&dn, false, "不同意", &mut on("2026-11-12"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "a rejection without a reason",
            Box::new(move |s| {
                s.leave_decide(&op, false, " ", &mut on("2026-11-12"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "a return before leaving",
            Box::new(move |s| {
                s.leave_return(&dn2, day("2026-11-24"), &mut on("2026-11-24"))
                    .map(drop)
            }),
            "leave_refused",
        ),
        (
            "a return in the future",
            Box::new(move |s| {
                s.leave_return(&dn3, day("2026-11-26"), &mut on("2026-11-25"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "a return from a leave never approved",
            Box::new(move |s| {
                s.leave_return(&op2, day("2026-11-21"), &mut on("2026-11-21"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "an extension after the end",
            Box::new(move |s| {
                s.leave_extend(&done, day("2026-11-30"), "再住几天", &mut on("2026-11-27"))
                    .map(drop)
            }),
            "leave_refused",
        ),
        (
            "an unknown leave",
            Box::new(|s| {
                s.leave_decide("nope", true, "", &mut on("2026-11-12"))
                    .map(drop)
            }),
            "not_found",
        ),
    ];
    refusals(&mut o.s, cases);
    let err =
        o.s.leave_request(
            &id,
            leave("2026-11-22", "2026-11-20", None),
            &mut on("2026-11-12"),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The leave was refused: the leave ends (2026-11-20) before it starts (2026-11-22)."
    );
}

#[test]
fn rules_are_versioned_in_the_archive_and_only_the_admin_sets_them() {
    let (mut o, id) = office(true);
    assert_eq!(o.s.rules().unwrap().versions().len(), 0);
    let stricter = json!({"leave": {"office_max_days": 5}}).to_string();
    let book =
        o.s.rules_set(day("2026-11-20"), &stricter, &mut on("2026-11-18"))
            .unwrap();
    assert_eq!(book.versions().len(), 1);
    let book = o.s.rules().unwrap();
    assert_eq!(book.in_force(day("2026-11-19")).leave.office_max_days, 7);
    assert_eq!(book.in_force(day("2026-11-20")).leave.office_max_days, 5);
    // A 6-day leave applied for the day before is the office's; the day it takes effect, the county's.
    let a =
        o.s.leave_request(
            &id,
            leave("2026-12-01", "2026-12-06", None),
            &mut on("2026-11-19"),
        )
        .unwrap();
    assert_eq!(a.approver, "office");
    o.s.leave_decide(&a.id, false, "不同意", &mut on("2026-11-19"))
        .unwrap();
    let b =
        o.s.leave_request(
            &id,
            leave("2026-12-01", "2026-12-06", None),
            &mut on("2026-11-20"),
        )
        .unwrap();
    assert_eq!(b.approver, "county");
    let mut staff = o.as_officer("测试乙");
    refusals(
        &mut staff,
        vec![(
            "staff",
            Box::new(|s| {
                s.rules_set(day("2026-12-01"), "{}", &mut on("2026-11-18"))
                    .map(drop)
            }),
            "permission_denied",
        )],
    );
    drop(staff);
    let cases: Vec<(&str, Attempt<'_>, &str)> = vec![
        (
            "not JSON",
            Box::new(|s| {
                s.rules_set(day("2026-12-01"), "{", &mut on("2026-11-18"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "invalid rules",
            Box::new(|s| {
                let bad = json!({"leave": {"office_max_days": 40}}).to_string();
                s.rules_set(day("2026-12-01"), &bad, &mut on("2026-11-18"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "the same day twice",
            Box::new(|s| {
                s.rules_set(day("2026-11-20"), "{}", &mut on("2026-11-18"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "in the past",
            Box::new(|s| {
                s.rules_set(day("2026-11-17"), "{}", &mut on("2026-11-18"))
                    .map(drop)
            }),
            "invalid_input",
        ),
    ];
    refusals(&mut o.s, cases);
    let err =
        o.s.rules_set(
            day("2026-12-01"),
            &json!({"leave": {"office_max_days": 40}}).to_string(),
            &mut on("2026-11-18"),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("leave.office_max_days (40) must be less than leave.county_max_days (30)"),
        "{err}"
    );
}

#[test]
fn the_dashboard_lists_what_is_due_per_subject_and_village() {
    let (mut o, id) = office(true);
    let record =
        |kind: &str, data: serde_json::Value| (kind.to_owned(), data.as_object().cloned().unwrap());
    for (kind, data) in [
        record(
            "checkin",
            json!({"date": "2026-11-01", "form": "in_person", "punctuality": "on_time"}),
        ),
        record(
            "checkin",
            json!({"date": "2026-11-10", "form": "in_person", "punctuality": "missing"}),
        ),
        record(
            "checkin",
            json!({"date": "2026-11-02", "form": "thought_report", "punctuality": "on_time"}),
        ),
        record(
            "education",
            json!({"date": "2026-11-03", "form": "group", "content": "法治教育", "attendance": "attended"}),
        ),
        record(
            "visit",
            json!({"date": "2026-10-30", "place": "home", "visitors": "测试员", "met": "本人", "findings": "稳定"}),
        ),
    ] {
        o.s.record_add(&id, &kind, data, &mut on("2026-11-10"))
            .unwrap();
    }
    for m in 1..=10 {
        o.s.assess(&id, &format!("2026-{m:02}"), vec![], &mut on("2026-11-10"))
            .unwrap();
    }
    let due = o.s.due(Some(day("2026-11-18"))).unwrap();
    let got: Vec<(&str, &str, bool)> = due
        .items
        .iter()
        .map(|i| (i.kind.as_str(), i.due.as_str(), i.overdue))
        .collect();
    // 普管: check-in every 14 days (the "missing" one does not count), the rest monthly.
    assert_eq!(
        got,
        [
            ("check_in", "2026-11-15", true),
            ("visit", "2026-11-29", false),
        ]
        .iter()
        .filter(|(_, d, _)| *d <= "2026-11-24")
        .copied()
        .collect::<Vec<_>>()
    );
    assert_eq!(due.items[0].file_no, "330723001-2026-0001");
    assert_eq!(due.villages.len(), 1);
    assert_eq!((due.villages[0].overdue, due.villages[0].due), (1, 0));
    // At the year's end the term, the assessments and every contact come due.
    let end = o.s.due(Some(day("2026-12-28"))).unwrap();
    let kinds: std::collections::BTreeSet<&str> =
        end.items.iter().map(|i| i.kind.as_str()).collect();
    for k in [
        "check_in",
        "written_report",
        "education",
        "visit",
        "monthly_assessment",
        "term_ending",
    ] {
        assert!(kinds.contains(k), "{k}: {kinds:?}");
    }
    let month = end
        .items
        .iter()
        .find(|i| i.kind == "monthly_assessment")
        .unwrap();
    assert_eq!(month.note.as_deref(), Some("2026-11"));
    // A sensitive period: the four ones are due, less those already done within it.
    o.s.sensitive_period_add(
        "国庆",
        day("2026-11-16"),
        day("2026-11-22"),
        &mut on("2026-11-10"),
    )
    .unwrap();
    for (kind, data) in [
        record(
            "visit",
            json!({"date": "2026-11-16", "place": "home", "visitors": "测试员", "met": "本人", "findings": "稳定"}),
        ),
        record(
            "talk",
            json!({"date": "2026-11-17", "place": "司法所", "talker": "测试员", "notes": "谈话", "counselling": true}),
        ),
    ] {
        o.s.record_add(&id, &kind, data, &mut on("2026-11-18"))
            .unwrap();
    }
    let due = o.s.due(Some(day("2026-11-18"))).unwrap();
    let four: Vec<_> = due.items.iter().filter(|i| i.kind == "four_ones").collect();
    assert_eq!(four.len(), 1, "{four:?}");
    assert_eq!(
        (four[0].due.as_str(), four[0].note.as_deref()),
        ("2026-11-22", Some("国庆: community_visit"))
    );
    assert_eq!(o.s.sensitive_periods().unwrap().len(), 1);
    let mut village = o.as_officer("测试丁");
    refusals(
        &mut village,
        vec![(
            "a period set by a village worker",
            Box::new(|s| {
                s.sensitive_period_add(
                    "春节",
                    day("2027-02-01"),
                    day("2027-02-07"),
                    &mut on("2026-11-18"),
                )
                .map(drop)
            }),
            "permission_denied",
        )],
    );
    drop(village);
    refusals(
        &mut o.s,
        vec![(
            "a period ending before it starts",
            Box::new(|s| {
                s.sensitive_period_add(
                    "春节",
                    day("2027-02-07"),
                    day("2027-02-01"),
                    &mut on("2026-11-18"),
                )
                .map(drop)
            }),
            "invalid_input",
        )],
    );
}

#[test]
fn assessments_score_by_the_table_and_refuse_finished_subjects() {
    let (mut o, id) = office(true);
    let items = vec![
        AssessmentItemInput {
            code: "check_in_late".into(),
            on: "2026-10-08".into(),
            count: None,
        },
        AssessmentItemInput {
            code: "good_deed".into(),
            on: "2026-10-20".into(),
            count: Some(3),
        },
    ];
    let a =
        o.s.assess(&id, "2026-10", items, &mut on("2026-11-03"))
            .unwrap();
    // 100 - 5 + 5×2 (at most twice a month) = 105.
    assert_eq!(
        (
            a.points,
            a.grade.as_str(),
            a.proposal.clone(),
            a.assessor.as_str()
        ),
        (105, "good", None, "测试员")
    );
    assert_eq!(a.lines[1].counted, 2);
    assert_eq!(a.lines[0].label, "未按时报到");
    let low = vec![AssessmentItemInput {
        code: "leave_unapproved".into(),
        on: "2026-09-03".into(),
        count: Some(2),
    }];
    let b =
        o.s.assess(&id, "2026-09", low, &mut on("2026-11-03"))
            .unwrap();
    assert_eq!(
        (b.points, b.grade.as_str(), b.proposal.as_deref()),
        (60, "pass", Some("admonition"))
    );
    // The threshold raised the proposal itself, for the office to decide; assessing the
    // month again does not raise a second while it is open.
    let raised = o.s.proposals(Some(&id)).unwrap();
    assert_eq!(raised.len(), 1);
    assert_eq!(
        (raised[0].ask_label.as_str(), raised[0].status.as_str()),
        ("训诫", "proposed")
    );
    assert!(
        raised[0].facts.contains("2026-09月度考核60分"),
        "{}",
        raised[0].facts
    );
    let low = vec![AssessmentItemInput {
        code: "leave_unapproved".into(),
        on: "2026-09-03".into(),
        count: Some(2),
    }];
    o.s.assess(&id, "2026-09", low, &mut on("2026-11-04"))
        .unwrap();
    assert_eq!(o.s.proposals(Some(&id)).unwrap().len(), 1);
    let with =
        o.s.assessment_opinion(&b.id, "同意，提请训诫", &mut on("2026-11-04"))
            .unwrap();
    assert_eq!(with.office_opinion.as_deref(), Some("同意，提请训诫"));
    let mut village = o.as_officer("测试丁");
    let bid = b.id.clone();
    refusals(
        &mut village,
        vec![(
            "an opinion by a village worker",
            Box::new(move |s| {
                s.assessment_opinion(&bid, "同意", &mut on("2026-11-04"))
                    .map(drop)
            }),
            "permission_denied",
        )],
    );
    drop(village);
    let list = o.s.assessment_list(&id).unwrap();
    assert_eq!(
        list.iter().map(|a| a.month.as_str()).collect::<Vec<_>>(),
        ["2026-10", "2026-09"]
    );
    let released = add_subject(&mut o.s, 5, false);
    let row = o.s.subject_file(&released).unwrap();
    let _ = row;
    let change = dossier_store::Change {
        op_id: "release-op".into(),
        entity: dossier_core::op::Entity::Subject,
        entity_id: released.clone(),
        fields: crate::archive::fields(&[("status", json!("released"))]),
    };
    dossier_store::oplog::write(o.s.archive.conn_mut(), 1, None, vec![change]).unwrap();
    let (i1, i2, i3) = (id.clone(), id.clone(), id.clone());
    let cases: Vec<(&str, Attempt<'_>, &str)> = vec![
        (
            "a finished subject",
            Box::new(move |s| {
                s.assess(&released, "2026-10", vec![], &mut on("2026-11-03"))
                    .map(drop)
            }),
            "assessment_refused",
        ),
        (
            "an unknown item",
            Box::new(move |s| {
                let it = vec![AssessmentItemInput {
                    code: "picnic".into(),
                    on: "2026-10-02".into(),
                    count: None,
                }];
                s.assess(&i1, "2026-10", it, &mut on("2026-11-03"))
                    .map(drop)
            }),
            "assessment_refused",
        ),
        (
            "a month not begun",
            Box::new(move |s| {
                s.assess(&i2, "2026-12", vec![], &mut on("2026-11-03"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "a bad month",
            Box::new(move |s| {
                s.assess(&i3, "2026-13", vec![], &mut on("2026-11-03"))
                    .map(drop)
            }),
            "invalid_input",
        ),
    ];
    refusals(&mut o.s, cases);
    let err =
        o.s.assess("x", "2026-10", vec![], &mut on("2026-11-03"))
            .unwrap_err();
    assert_eq!(err.code(), "not_found");
}

#[test]
fn level_changes_are_decisions_with_reasons() {
    let (mut o, id) = office(true);
    let c =
        o.s.level_change(&id, "lenient", "表现稳定", &mut on("2026-11-18"))
            .unwrap();
    assert_eq!(
        (
            c.from_level,
            c.to_level.as_str(),
            c.decided_by.as_str(),
            c.against_suggestion
        ),
        (None, "lenient", "测试员", true)
    );
    assert_eq!(o.s.subject_list().unwrap()[0].management_level, "lenient");
    let mut village = o.as_officer("测试丁");
    let i = id.clone();
    refusals(
        &mut village,
        vec![(
            "a village worker",
            Box::new(move |s| {
                s.level_change(&i, "strict", "违规", &mut on("2026-11-18"))
                    .map(drop)
            }),
            "permission_denied",
        )],
    );
    drop(village);
    let (i1, i2, i3) = (id.clone(), id.clone(), id.clone());
    let cases: Vec<(&str, Attempt<'_>, &str)> = vec![
        (
            "no reason",
            Box::new(move |s| {
                s.level_change(&i1, "strict", " ", &mut on("2026-11-18"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "unchanged",
            Box::new(move |s| {
                s.level_change(&i2, "宽管", "再次确认", &mut on("2026-11-18"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "through subject_edit without a reason",
            Box::new(move |s| {
                let edit = crate::SubjectEdit {
                    management_level: Some("strict".into()),
                    ..Default::default()
                };
                s.subject_edit(&i3, edit, &mut on("2026-11-18")).map(drop)
            }),
            "invalid_input",
        ),
    ];
    refusals(&mut o.s, cases);
}

fn items(list: &[(&str, &str, u32)]) -> Vec<AssessmentItemInput> {
    list.iter()
        .map(|(code, on, count)| AssessmentItemInput {
            code: (*code).into(),
            on: (*on).into(),
            count: Some(*count),
        })
        .collect()
}

#[test]
fn quarters_roll_up_what_was_assessed_and_the_points_table_is_offered() {
    let (mut o, id) = office(true);
    let months: [(&str, Vec<AssessmentItemInput>); 6] = [
        ("2026-01", vec![]),
        ("2026-02", vec![]),
        ("2026-03", vec![]),
        ("2026-09", items(&[("leave_unapproved", "2026-09-03", 2)])),
        (
            "2026-10",
            items(&[
                ("check_in_late", "2026-10-08", 1),
                ("good_deed", "2026-10-20", 3),
            ]),
        ),
        ("2026-11", vec![]),
    ];
    for (month, list) in months {
        o.s.assess(&id, month, list, &mut on("2026-11-18")).unwrap();
    }
    // (quarter asked, months, total, average, grade, proposal, missing)
    type Want<'a> = (
        &'a str,
        &'a [(&'a str, i32)],
        i32,
        i32,
        &'a str,
        Option<&'a str>,
        &'a [&'a str],
    );
    let cases: [Want<'_>; 4] = [
        // A full, clean quarter of 100s: praise.
        (
            "2026-Q1",
            &[("2026-01", 100), ("2026-02", 100), ("2026-03", 100)],
            300,
            100,
            "good",
            Some("praise"),
            &[],
        ),
        // One month of 60: thresholds scale to the months present (180 ≤ 210).
        (
            "2026-q3",
            &[("2026-09", 60)],
            60,
            60,
            "pass",
            Some("admonition"),
            &["2026-07", "2026-08"],
        ),
        // Two months, no praise without the third.
        (
            " 2026Q4 ",
            &[("2026-10", 105), ("2026-11", 100)],
            205,
            102,
            "good",
            None,
            &["2026-12"],
        ),
        (
            "2026-Q4",
            &[("2026-10", 105), ("2026-11", 100)],
            205,
            102,
            "good",
            None,
            &["2026-12"],
        ),
    ];
    for (quarter, months, total, average, grade, proposal, missing) in cases {
        let q = o.s.assessment_quarter(&id, quarter).unwrap();
        let got: Vec<(&str, i32)> = q
            .months
            .iter()
            .map(|m| (m.month.as_str(), m.points))
            .collect();
        assert_eq!(got, months, "{quarter}");
        assert_eq!(
            (
                q.total,
                q.average,
                q.grade.as_str(),
                q.proposal.as_deref(),
                q.missing.clone()
            ),
            (
                total,
                average,
                grade,
                proposal,
                missing.iter().map(|m| m.to_string()).collect()
            ),
            "{quarter}"
        );
        assert_eq!(q.quarter, format!("{}-Q{}", q.year, q.number));
    }
    // The table the form offers: the defaults, then a version the office set.
    let t = o.s.assessment_items(day("2026-11-18")).unwrap();
    let late = t.items.iter().find(|i| i.code == "check_in_late").unwrap();
    assert_eq!(
        (
            t.base,
            t.good_min,
            late.label_zh.as_str(),
            late.points,
            late.max_per_month
        ),
        (100, 90, "未按时报到", -5, None)
    );
    let deed = t.items.iter().find(|i| i.code == "good_deed").unwrap();
    assert_eq!((deed.points, deed.max_per_month), (5, Some(2)));
    let higher = json!({"assessment": {"monthly_base": 120}}).to_string();
    o.s.rules_set(day("2026-12-01"), &higher, &mut on("2026-11-18"))
        .unwrap();
    assert_eq!(o.s.assessment_items(day("2026-11-30")).unwrap().base, 100);
    assert_eq!(o.s.assessment_items(day("2026-12-01")).unwrap().base, 120);
    // A subject released since keeps the quarters assessed before, and is assessed no more.
    let done = add_subject(&mut o.s, 6, true);
    o.s.assess(&done, "2026-10", vec![], &mut on("2026-11-02"))
        .unwrap();
    let change = dossier_store::Change {
        op_id: "release-op-6".into(),
        entity: dossier_core::op::Entity::Subject,
        entity_id: done.clone(),
        fields: crate::archive::fields(&[("status", json!("released"))]),
    };
    dossier_store::oplog::write(o.s.archive.conn_mut(), 1, None, vec![change]).unwrap();
    let q = o.s.assessment_quarter(&done, "2026-Q4").unwrap();
    assert_eq!((q.total, q.months.len()), (100, 1));
    let mut cases: Vec<(&str, Attempt<'_>, &str)> = Vec::new();
    for bad in [
        "2026-Q5", "2026-Q0", "2026-4", "26-Q1", "2026-Q12", "Q4-2026", "",
    ] {
        let i = id.clone();
        cases.push((
            "a malformed quarter",
            Box::new(move |s| s.assessment_quarter(&i, bad).map(drop)),
            "invalid_input",
        ));
    }
    let (i1, d1) = (id.clone(), done.clone());
    cases.extend::<Vec<(&str, Attempt<'_>, &str)>>(vec![
        (
            "a quarter with nothing assessed",
            Box::new(move |s| s.assessment_quarter(&i1, "2026-Q2").map(drop)),
            "invalid_input",
        ),
        (
            "an unknown subject's quarter",
            Box::new(|s| s.assessment_quarter("nope", "2026-Q4").map(drop)),
            "not_found",
        ),
        (
            "assessing a released subject",
            Box::new(move |s| {
                s.assess(&d1, "2026-11", vec![], &mut on("2026-11-18"))
                    .map(drop)
            }),
            "assessment_refused",
        ),
    ]);
    refusals(&mut o.s, cases);
    let err = o.s.assessment_quarter(&id, "2026-Q5").unwrap_err();
    assert_eq!(
        err.to_string(),
        "The quarter \"2026-Q5\" is not written YYYY-Qn; write it like 2026-Q4 (quarters 1 to 4)."
    );
    let err =
        o.s.assess(&done, "2026-11", vec![], &mut on("2026-11-18"))
            .unwrap_err();
    assert!(
        err.to_string()
            .contains("a finished subject is not assessed"),
        "{err}"
    );
}

#[test]
fn the_rules_suggest_a_level_and_only_the_office_decides() {
    let (mut o, id) = office(true);
    // (day, months assessed up to it with their items, suggested, reasons)
    o.s.set_today(day("2026-02-10"));
    let s = o.s.level_suggestion(&id).unwrap();
    assert_eq!(
        (
            s.current.as_deref(),
            s.suggested.as_str(),
            s.reasons.clone()
        ),
        (None, "strict", vec!["newly_in_correction".to_owned()])
    );
    assert_eq!(s.not_considered, ["risk"]);
    for m in 1..=10 {
        o.s.assess(&id, &format!("2026-{m:02}"), vec![], &mut on("2026-11-18"))
            .unwrap();
    }
    o.s.set_today(day("2026-11-18"));
    let s = o.s.level_suggestion(&id).unwrap();
    assert_eq!(
        (
            s.suggested.as_str(),
            s.reasons.as_slice(),
            s.passing_months_in_a_row
        ),
        ("lenient", &["steady_record".to_owned()][..], 10)
    );
    // A failed latest month: strict, and a decision to follow it is not against it.
    let breach = items(&[("injunction_breach", "2026-11-03", 2)]);
    let a =
        o.s.assess(&id, "2026-11", breach, &mut on("2026-11-18"))
            .unwrap();
    assert_eq!((a.points, a.grade.as_str()), (40, "fail"));
    let s = o.s.level_suggestion(&id).unwrap();
    assert_eq!(
        (s.suggested.as_str(), s.reasons.as_slice()),
        ("strict", &["failed_assessment".to_owned()][..])
    );
    // A village worker sees the suggestion but may not decide; nothing is written.
    let mut village = o.as_officer("测试丁");
    assert_eq!(village.level_suggestion(&id).unwrap().suggested, "strict");
    let i = id.clone();
    refusals(
        &mut village,
        vec![(
            "a level changed by a village worker",
            Box::new(move |s| {
                s.level_change(&i, "strict", "考核不合格", &mut on("2026-11-18"))
                    .map(drop)
            }),
            "permission_denied",
        )],
    );
    drop(village);
    let c =
        o.s.level_change(&id, "strict", "考核不合格", &mut on("2026-11-18"))
            .unwrap();
    assert!(!c.against_suggestion);
    let s = o.s.level_suggestion(&id).unwrap();
    assert_eq!(
        (s.current.as_deref(), s.suggested.as_str()),
        (Some("strict"), "strict")
    );
    refusals(
        &mut o.s,
        vec![(
            "an unknown subject",
            Box::new(|s| s.level_suggestion("nope").map(drop)),
            "not_found",
        )],
    );
}

#[test]
fn the_street_demo_has_leaves_and_assessments_for_the_dashboard() {
    let tmp = tempfile::tempdir().unwrap();
    let today = day("2026-11-22");
    let params = crate::DemoParams {
        scale: crate::Scale::Street,
        seed: 1,
        today,
    };
    let (mut s, _) = crate::demo(&tmp.path().join("a"), params, PASS).unwrap();
    s.set_today(today);
    let leaves = s.leave_list(None).unwrap();
    let mut got: Vec<(&str, u32, bool)> = leaves
        .iter()
        .map(|l| (l.status.as_str(), l.overdue_days, l.violation))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("approved", 0, false),
            ("approved", 3, false),
            ("requested", 0, false),
            ("returned", 0, false)
        ]
    );
    let due = s.due(None).unwrap();
    let count = |k: &str| due.items.iter().filter(|i| i.kind == k).count();
    assert_eq!((count("leave_overdue"), count("leave_ending")), (1, 1));
    let months = count("monthly_assessment");
    assert!((1..=10).contains(&months), "{months} assessments due");
    assert!(due.villages.iter().any(|v| v.overdue > 0));
    // Two proposals wait for the office; two were approved.
    assert_eq!(count("decision_pending"), 2);
    let open = s.proposals(None).unwrap();
    let mut asked: Vec<&str> = open.iter().map(|p| p.ask_label.as_str()).collect();
    asked.sort();
    assert_eq!(asked.len(), 2);
    assert!(asked[0].starts_with("电子定位"), "{asked:?}");
    assert_eq!(asked[1], "警告");
    let showcase = &open
        .iter()
        .find(|p| p.ask_label == "警告")
        .unwrap()
        .subject_id;
    let all = s.proposals(Some(showcase)).unwrap();
    assert_eq!(
        all.len(),
        2,
        "the showcase file has a decided and an open one"
    );
    assert!(s.check().unwrap().ok);
}

// ---------------------------------------------------------------------------------------------
// Proposals and decisions: sanctions, transfers, positioning, injunction entries, ending
// ---------------------------------------------------------------------------------------------

pub(crate) fn proposal(matter: &str, extra: serde_json::Value) -> crate::view::ProposalInput {
    let mut v = json!({
        "matter": matter,
        "facts": "连续两次未按规定时间报到",
        "grounds": "《社区矫正法实施办法》第三十五条",
    });
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    serde_json::from_value(v).unwrap()
}

pub(crate) fn decision(approve: bool, doc_no: &str) -> crate::view::DecisionInput {
    crate::view::DecisionInput {
        approve,
        facts: "经调查属实".into(),
        grounds: "同意".into(),
        doc_no: doc_no.into(),
        evidence: vec![],
    }
}

#[test]
fn a_village_proposes_a_sanction_and_the_office_decides() {
    let (mut o, id) = office(true);
    let mut village = o.as_officer("测试丁");
    let p = village
        .propose(
            &id,
            proposal("sanction", json!({"step": "admonition"})),
            &mut on("2026-03-02"),
        )
        .unwrap();
    assert_eq!(
        (
            p.matter_label.as_str(),
            p.ask_label.as_str(),
            p.status.as_str()
        ),
        ("奖惩", "训诫", "proposed")
    );
    assert_eq!(p.proposed_by, "测试丁");
    // It waits on the dashboard, overdue once a week has passed undecided.
    o.s.set_today(day("2026-03-09"));
    let waiting = |s: &Session| {
        s.due(None)
            .unwrap()
            .items
            .into_iter()
            .filter(|i| i.kind == "decision_pending")
            .map(|i| (i.due, i.overdue, i.note))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        waiting(&o.s),
        [("2026-03-09".to_owned(), false, Some(p.id.clone()))]
    );
    o.s.set_today(day("2026-03-10"));
    assert!(waiting(&o.s)[0].1, "overdue the day after");
    // A village worker may not decide; the office does, with a document number.
    let err = village
        .decide(
            &p.id,
            decision(true, "壶司矫训〔2026〕1号"),
            &mut on("2026-03-03"),
        )
        .unwrap_err();
    assert_eq!(err.code(), "permission_denied");
    drop(village);
    let d =
        o.s.decide(
            &p.id,
            decision(true, "壶司矫训〔2026〕1号"),
            &mut on("2026-03-03"),
        )
        .unwrap();
    assert_eq!(d.status, "approved");
    let dv = d.decision.unwrap();
    assert_eq!(
        (
            dv.outcome.as_str(),
            dv.doc_no.as_str(),
            dv.decided_by.as_str()
        ),
        ("approved", "壶司矫训〔2026〕1号", "测试员")
    );
    // Two approved admonitions put the subject in 严管 by the rules: the level decision
    // now agrees with the suggestion.
    let p2 =
        o.s.propose(
            &id,
            proposal("sanction", json!({"step": "admonition"})),
            &mut on("2026-04-01"),
        )
        .unwrap();
    o.s.decide(
        &p2.id,
        decision(true, "壶司矫训〔2026〕2号"),
        &mut on("2026-04-02"),
    )
    .unwrap();
    let change =
        o.s.level_change(&id, "strict", "两次训诫", &mut on("2026-04-03"))
            .unwrap();
    assert!(!change.against_suggestion, "{change:?}");
    let listed = o.s.proposals(Some(&id)).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(o.s.proposals(None).unwrap().is_empty(), "nothing open");
    assert!(waiting(&o.s).is_empty(), "decided: off the dashboard");
}

#[test]
fn a_transfer_moves_the_file_and_an_ending_closes_it() {
    let (mut o, id) = office(true);
    let p =
        o.s.propose(
            &id,
            proposal(
                "transfer",
                json!({"destination_code": "330723001201", "move_on": "2026-06-20"}),
            ),
            &mut on("2026-06-01"),
        )
        .unwrap();
    assert_eq!(
        p.notices,
        ["申请晚于规定：应不迟于2026-05-21提出（提前一个月）"]
    );
    assert_eq!(
        o.s.proposals(None).unwrap().len(),
        1,
        "waits for the office"
    );
    let d =
        o.s.decide(
            &p.id,
            decision(true, "金司矫变〔2026〕3号"),
            &mut on("2026-06-05"),
        )
        .unwrap();
    let effects = d.decision.unwrap().effects;
    assert!(effects[0].contains("2026-06-12"), "{effects:?}");
    let file = o.s.subject_file(&id).unwrap();
    assert_eq!(file.subject.jurisdiction, "330723001201");
    // The new place sees the report it is owed until a check-in after the move.
    o.s.set_today(day("2026-06-06"));
    let owed = |s: &Session| {
        s.due(None)
            .unwrap()
            .items
            .into_iter()
            .filter(|i| i.kind == "transfer_report")
            .map(|i| i.due)
            .collect::<Vec<_>>()
    };
    assert_eq!(owed(&o.s), ["2026-06-12"]);
    let mut checkin = crate::demo_records::example("checkin");
    checkin.insert("date".into(), json!("2026-06-08"));
    checkin.insert("form".into(), json!("in_person"));
    checkin.insert("punctuality".into(), json!("on_time"));
    o.s.record_add(&id, "checkin", checkin, &mut on("2026-06-08"))
        .unwrap();
    assert!(owed(&o.s).is_empty());

    // 期满解除 needs the term to be over; the proposal may come earlier.
    let p =
        o.s.propose(
            &id,
            proposal(
                "ending",
                json!({"end_reason": "completed", "summary": "矫正期间表现良好", "certificate_no": "解字001"}),
            ),
            &mut on("2026-12-20"),
        )
        .unwrap();
    let err =
        o.s.decide(
            &p.id,
            decision(true, "金司矫解〔2026〕9号"),
            &mut on("2026-12-31"),
        )
        .unwrap_err();
    assert_eq!(err.code(), "decision_refused");
    assert!(err.to_string().contains("2027-01-01"), "{err}");
    o.s.decide(
        &p.id,
        decision(true, "金司矫解〔2027〕1号"),
        &mut on("2027-01-01"),
    )
    .unwrap();
    let file = o.s.subject_file(&id).unwrap();
    assert_eq!(file.subject.status, "released");
    // Nothing more happens to an ended correction.
    let err =
        o.s.propose(
            &id,
            proposal("sanction", json!({"step": "praise"})),
            &mut on("2027-01-02"),
        )
        .unwrap_err();
    assert_eq!(err.code(), "decision_refused");
    let err =
        o.s.assess(&id, "2026-12", vec![], &mut on("2027-01-02"))
            .unwrap_err();
    assert_eq!(err.code(), "assessment_refused");
}

#[test]
fn an_approved_positioning_becomes_a_record_with_its_end() {
    let (mut o, id) = office(true);
    let p =
        o.s.propose(
            &id,
            proposal(
                "positioning",
                json!({"positioning_reason": "penalised", "from": "2026-05-31"}),
            ),
            &mut on("2026-05-25"),
        )
        .unwrap();
    assert_eq!(p.ask_label, "电子定位 自 2026-05-31 起三个月");
    o.s.decide(
        &p.id,
        decision(true, "金司矫定〔2026〕4号"),
        &mut on("2026-05-28"),
    )
    .unwrap();
    let file = o.s.subject_file(&id).unwrap();
    let rec = file
        .records
        .iter()
        .find(|r| r.kind == "positioning")
        .expect("a positioning record");
    assert_eq!(
        (rec.data["from"].as_str(), rec.data["to"].as_str()),
        (Some("2026-05-31"), Some("2026-08-31"))
    );
}

#[test]
fn proposal_and_decision_refusals_say_why_and_write_nothing() {
    let (mut o, id) = office(true);
    let open =
        o.s.propose(
            &id,
            proposal("sanction", json!({"step": "warning"})),
            &mut on("2026-03-02"),
        )
        .unwrap();
    let rejected =
        o.s.propose(
            &id,
            proposal(
                "injunction_entry",
                json!({"place": "某酒吧", "from": "2026-03-10", "to": "2026-03-10"}),
            ),
            &mut on("2026-03-02"),
        )
        .unwrap();
    o.s.decide(&rejected.id, decision(false, ""), &mut on("2026-03-03"))
        .unwrap();
    let mut village = o.as_officer("测试丁");
    let id2 = id.clone();
    let open2 = open.id.clone();
    let open3 = open.id.clone();
    let open4 = open.id.clone();
    let rej = rejected.id.clone();
    let s = |m: &str, x: serde_json::Value| proposal(m, x);
    let cases: Vec<(&str, Attempt<'_>, &str)> = vec![
        (
            "a second open proposal of the same matter",
            Box::new(|s2: &mut Session| {
                s2.propose(
                    &id,
                    s("sanction", json!({"step": "admonition"})),
                    &mut on("2026-03-04"),
                )
                .map(drop)
            }),
            "decision_refused",
        ),
        (
            "an unknown matter",
            Box::new(|s2: &mut Session| {
                s2.propose(&id, s("banishment", json!({})), &mut on("2026-03-04"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "revocation for 缓刑 is fine but return to prison is not",
            Box::new(|s2: &mut Session| {
                s2.propose(
                    &id,
                    s(
                        "ending",
                        json!({"end_reason": "returned_to_prison", "summary": "…"}),
                    ),
                    &mut on("2026-03-04"),
                )
                .map(drop)
            }),
            "decision_refused",
        ),
        (
            "positioning longer than three months",
            Box::new(|s2: &mut Session| {
                s2.propose(
                    &id,
                    s("positioning", json!({"positioning_reason": "penalised", "from": "2026-03-05", "to": "2026-06-06"})),
                    &mut on("2026-03-04"),
                )
                .map(drop)
            }),
            "decision_refused",
        ),
        (
            "a transfer with a malformed date",
            Box::new(|s2: &mut Session| {
                s2.propose(
                    &id,
                    s(
                        "transfer",
                        json!({"destination_code": "330723002001", "move_on": "6月1日"}),
                    ),
                    &mut on("2026-03-04"),
                )
                .map(drop)
            }),
            "invalid_input",
        ),
        (
            "evidence that is not in the archive",
            Box::new(|s2: &mut Session| {
                s2.propose(
                    &id,
                    s("transfer", json!({"destination_code": "330723002001", "move_on": "2026-06-01", "evidence": ["ab".repeat(32)]})),
                    &mut on("2026-03-04"),
                )
                .map(drop)
            }),
            "invalid_input",
        ),
        (
            "an approval without a document number",
            Box::new(|s2: &mut Session| {
                s2.decide(&open2, decision(true, " "), &mut on("2026-03-04"))
                    .map(drop)
            }),
            "decision_refused",
        ),
        (
            "deciding a proposal already decided",
            Box::new(|s2: &mut Session| {
                s2.decide(&rej, decision(true, "某号"), &mut on("2026-03-04"))
                    .map(drop)
            }),
            "decision_refused",
        ),
        (
            "deciding a proposal that does not exist",
            Box::new(|s2: &mut Session| {
                s2.decide("nope", decision(true, "某号"), &mut on("2026-03-04"))
                    .map(drop)
            }),
            "not_found",
        ),
    ];
    refusals(&mut o.s, cases);
    // The village may propose but not decide, nor withdraw the office's proposal.
    let cases: Vec<(&str, Attempt<'_>, &str)> = vec![
        (
            "a village worker decides",
            Box::new(|s2: &mut Session| {
                s2.decide(&open3, decision(true, "某号"), &mut on("2026-03-04"))
                    .map(drop)
            }),
            "permission_denied",
        ),
        (
            "a village worker withdraws the office's proposal",
            Box::new(|s2: &mut Session| s2.withdraw(&open4, &mut on("2026-03-04")).map(drop)),
            "permission_denied",
        ),
    ];
    refusals(&mut village, cases);
    drop(village);
    let w = o.s.withdraw(&open.id, &mut on("2026-03-05")).unwrap();
    assert_eq!(w.status, "withdrawn");
    let _ = id2;
}

#[test]
fn a_violation_recorded_in_the_month_counts_in_its_assessment() {
    let (mut o, id) = office(true);
    for (date, ty) in [
        ("2026-08-10", "leave_unapproved"),
        ("2026-08-12", "lost_contact"),
        ("2026-07-30", "leave_unapproved"),
    ] {
        let v = json!({"date": date, "violation_type": ty, "description": "未经批准前往外地", "days": 2});
        o.s.record_add(
            &id,
            "violation",
            v.as_object().cloned().unwrap(),
            &mut on("2026-09-01"),
        )
        .unwrap();
    }
    let a =
        o.s.assess(&id, "2026-08", vec![], &mut on("2026-09-02"))
            .unwrap();
    // Only the August one whose type is a points item: 100 - 20.
    assert_eq!(a.points, 80);
    let codes: Vec<&str> = a.lines.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["leave_unapproved"]);
    // Listed by the assessor, it is not counted twice.
    let listed = vec![AssessmentItemInput {
        code: "leave_unapproved".into(),
        on: "2026-08-10".into(),
        count: None,
    }];
    let b =
        o.s.assess(&id, "2026-08", listed, &mut on("2026-09-02"))
            .unwrap();
    assert_eq!(b.points, 80);
}

#[test]
fn key_subject_facts_follow_approved_warnings_and_the_office_rules() {
    let (mut o, id) = office(true);
    o.s.set_today(day("2026-03-10"));
    let reasons = |s: &Session| s.subject_file(&id).unwrap().facts.key_reasons;
    assert!(reasons(&o.s).is_empty(), "{:?}", reasons(&o.s));
    // An approved 训诫 does not make a key subject; an approved 警告 does.
    for (step, doc) in [("admonition", "训字1号"), ("warning", "警字1号")] {
        let p =
            o.s.propose(
                &id,
                proposal("sanction", json!({"step": step})),
                &mut on("2026-03-02"),
            )
            .unwrap();
        o.s.decide(&p.id, decision(true, doc), &mut on("2026-03-03"))
            .unwrap();
        let want: &[&str] = if step == "warning" {
            &["non_compliant"]
        } else {
            &[]
        };
        assert_eq!(reasons(&o.s), want, "after {step}");
    }
    assert!(o.s.subject_list().unwrap()[0].key_subject);
    // The key crimes come from the office's rules in force on the day.
    let crime = json!({"crime": "危险驾驶罪"}).as_object().cloned().unwrap();
    o.s.subject_update(&id, crime, &mut on("2026-03-04"))
        .unwrap();
    assert!(!reasons(&o.s).contains(&"violent_crime".to_owned()));
    let rules = json!({"key": {"violent_crimes": ["危险驾驶"], "property_crimes": []}}).to_string();
    o.s.rules_set(day("2026-04-01"), &rules, &mut on("2026-03-05"))
        .unwrap();
    assert!(
        !reasons(&o.s).contains(&"violent_crime".to_owned()),
        "not before the day"
    );
    o.s.set_today(day("2026-04-01"));
    assert!(
        reasons(&o.s).contains(&"violent_crime".to_owned()),
        "{:?}",
        reasons(&o.s)
    );
}
