//! Black-box tests of the supervision workflows through the `dossier` binary: leave from
//! request to return, the reminders, assessments and the rules table, and every refusal
//! leaving the archive's digest unchanged. Dates are relative to today in China, because
//! the program takes its own clock.

mod common;
use common::Run;

use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use serde_json::json;

const PASS: &str = "demo-passphrase-1";

fn today() -> NaiveDate {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    dossier_api::core::china_date(ms)
}

/// Today plus `n` days (negative: before), as YYYY-MM-DD.
fn day(n: i64) -> String {
    let t = today();
    let d = if n >= 0 {
        t.checked_add_days(Days::new(n as u64))
    } else {
        t.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    d.unwrap().to_string()
}

struct Case {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Case {
    /// A fresh archive of `role` ("office": 白洋街道; "village": one of its villages) with one
    /// subject in correction since 200 days ago whose supervision measures are in place.
    /// Returns the case and the subject's file number.
    fn new(role: &str) -> (Case, String) {
        let tmp = tempfile::tempdir().unwrap();
        let c = Case {
            dir: tmp.path().to_owned(),
            _tmp: tmp,
        };
        let code = if role == "office" {
            "330723001"
        } else {
            "330723001202"
        };
        c.run(&[
            "init",
            "--role",
            role,
            "--jurisdiction",
            code,
            "--officer",
            "测试员",
        ])
        .ok();
        let file_no = c.subject(1, "in_correction");
        let plan = json!({"date": day(-199), "supervision": "每周报到", "education": "每月学习"});
        let member = json!({"name": "测试员", "role": "office_staff", "responsible": true});
        for (kind, data) in [("correction_plan", plan), ("group_member", member)] {
            let f = c.file("r.json", &data.to_string());
            c.run(&[
                "record",
                "add",
                "--subject",
                &file_no,
                "--kind",
                kind,
                "--file",
                &f,
            ])
            .ok();
        }
        (c, file_no)
    }

    /// Adds subject number `n` with `status`; returns its file number.
    fn subject(&self, n: u16, status: &str) -> String {
        let id = dossier_api::core::idnumber::IdNumber::compose(
            "330723",
            NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
            n,
        )
        .unwrap()
        .to_string();
        let s = json!({
            "name": format!("测试{n}"), "id_number": id, "jurisdiction": "330723001202",
            "category": "probation", "correction_start": day(-200), "correction_end": day(300),
            "status": status,
        });
        let f = self.file("s.json", &s.to_string());
        let row = self.run(&["subject", "add", "--file", &f]).ok().json();
        row["file_no"].as_str().unwrap().to_owned()
    }

    /// The one way these tests run the program: `dossier --archive <archive> args...`.
    fn run(&self, args: &[&str]) -> Run {
        common::dossier(&self.dir.join("archive"), args, Some(PASS))
    }

    fn file(&self, name: &str, text: &str) -> String {
        let p = self.dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }

    fn digest(&self) -> String {
        self.run(&["digest"]).ok().stdout
    }

    /// Requests a leave (days relative to today) and returns the printed leave.
    fn request(&self, file_no: &str, from: i64, to: i64, applied: Option<i64>) -> Run {
        let mut l = json!({
            "from": day(from), "to": day(to), "destination_code": "330723002",
            "destination_detail": "某小区", "reason": "探望住院的亲属", "contact": "测试某 13800000000",
        });
        if let Some(a) = applied {
            l["applied_on"] = json!(day(a));
        }
        let f = self.file("leave.json", &l.to_string());
        self.run(&["leave", "request", "--subject", file_no, "--file", &f])
    }
}

#[test]
fn a_ten_day_leave_needs_the_county_and_a_late_return_is_a_violation() {
    let (c, file_no) = Case::new("office");
    // Applied 20 days ago for 10 days from 15 days ago: the county approves.
    let l = c.request(&file_no, -15, -6, Some(-20)).ok().json();
    assert_eq!(l["days"], 10);
    assert_eq!(l["approver"], "county");
    assert_eq!(l["status"], "requested");
    assert_eq!(l["destination_name"], "壶山街道");
    let id = l["id"].as_str().unwrap().to_owned();
    let d = c
        .run(&[
            "leave",
            "decide",
            &id,
            "--approve",
            "--opinion",
            "同意，报县局审批",
        ])
        .ok()
        .json();
    assert_eq!(d["status"], "approved");
    assert_eq!(d["decided_by"], "测试员");
    // Not back: overdue on the list and on the dashboard.
    let list = c.run(&["leave", "list", "--json"]).ok().json();
    assert_eq!(list[0]["overdue_days"], 6);
    let due = c.run(&["due", "--json"]).ok().json();
    let item = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "leave_overdue")
        .unwrap()
        .clone();
    assert_eq!(item["due"], json!(day(-6)));
    assert_eq!(item["note"], json!(id));
    let text = c.run(&["due"]).ok().stdout;
    assert!(
        text.contains(&format!(
            "逾期\t{}\t测试1\t{file_no}\t外出逾期未归",
            day(-6)
        )),
        "{text}"
    );
    let r = c
        .run(&["leave", "return", &id, "--on", &day(0)])
        .ok()
        .json();
    assert_eq!(r["status"], "returned");
    assert_eq!(r["overdue_days"], 6);
    assert_eq!(r["violation"], true);
    // The late return feeds the month's assessment: 3 points a day late.
    let items = c.file("items.json", "[]");
    let a = c
        .run(&[
            "assess",
            "--subject",
            &file_no,
            "--month",
            &day(0)[..7],
            "--file",
            &items,
        ])
        .ok()
        .json();
    assert_eq!(a["points"], 100 - 3 * 6);
    assert_eq!(a["lines"][0]["code"], "leave_overdue_day");
    assert_eq!(a["lines"][0]["label"], "外出逾期未归（每日）");
    let text = c.run(&["leave", "list", "--subject", &file_no]).ok().stdout;
    assert!(
        text.contains("已销假（逾期）") && text.contains("县级社区矫正机构"),
        "{text}"
    );
    let due = c.run(&["due", "--json"]).ok().json();
    assert!(
        due["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["kind"] != "leave_overdue")
    );
    assert!(c.run(&["check"]).ok().stdout.starts_with("ok:"));
}

#[test]
fn refused_workflow_steps_write_nothing() {
    let (c, file_no) = Case::new("office");
    // One leave ahead, approved (the subject has not left yet).
    let ahead = c.request(&file_no, 10, 12, None).ok().json();
    let ahead = ahead["id"].as_str().unwrap().to_owned();
    c.run(&["leave", "decide", &ahead, "--approve"]).ok();
    let finished = c.subject(2, "released");
    let items = c.file("items.json", "[]");
    let month = &day(-40)[..7];
    let before = c.digest();
    let cases: Vec<(&str, Vec<String>, &str, &str)> = vec![
        (
            "a second open leave",
            vec![],
            "leave_refused",
            "already has a leave",
        ),
        (
            "a return before leaving",
            vec![
                "leave".into(),
                "return".into(),
                ahead.clone(),
                "--on".into(),
                day(0),
            ],
            "leave_refused",
            "before the leave started",
        ),
        (
            "a decision on a decided leave",
            vec![
                "leave".into(),
                "decide".into(),
                ahead.clone(),
                "--reject".into(),
                "--opinion".into(),
                "不同意".into(),
            ],
            "invalid_input",
            "already decided",
        ),
        (
            "assessing a finished subject",
            vec![
                "assess".into(),
                "--subject".into(),
                finished.clone(),
                "--month".into(),
                month.into(),
                "--file".into(),
                items.clone(),
            ],
            "assessment_refused",
            "finished subject is not assessed",
        ),
        (
            "an unknown leave",
            vec![
                "leave".into(),
                "return".into(),
                "nope".into(),
                "--on".into(),
                day(0),
            ],
            "not_found",
            "not found",
        ),
        (
            "rules in the past",
            vec![
                "rules".into(),
                "set".into(),
                "--from".into(),
                day(-1),
                "--file".into(),
                items.clone(),
            ],
            "invalid_input",
            "in the past",
        ),
    ];
    for (what, args, code, words) in cases {
        let r = if args.is_empty() {
            c.request(&file_no, 20, 22, None)
        } else {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            c.run(&args)
        };
        let r = r.refused(code);
        assert!(r.stderr.contains(words), "{what}: {r:?}");
        assert_eq!(c.digest(), before, "{what}: nothing written");
    }
    // Withdrawn before it starts, the leave no longer blocks a new one.
    let w = c.run(&["leave", "cancel", &ahead]).ok().json();
    assert_eq!(w["status"], "cancelled");
    c.request(&file_no, 20, 22, None).ok();
    // An end before the start, on a subject with no open leave.
    let other = c.subject(3, "in_correction");
    let before = c.digest();
    let r = c.request(&other, 12, 10, None).refused("leave_refused");
    assert!(r.stderr.contains("before it starts"), "{r:?}");
    c.run(&["leave", "decide", &ahead])
        .code
        .eq(&2)
        .then_some(())
        .expect("usage");
    assert_eq!(c.digest(), before);
}

#[test]
fn a_village_worker_requests_and_may_not_decide() {
    let (c, file_no) = Case::new("village");
    let l = c.request(&file_no, 5, 7, None).ok().json();
    assert_eq!(l["approver"], "office");
    let id = l["id"].as_str().unwrap();
    let before = c.digest();
    let r = c
        .run(&["leave", "decide", id, "--approve", "--opinion", "同意"])
        .refused("permission_denied");
    assert!(r.stderr.contains("judicial office"), "{r:?}");
    c.run(&[
        "level",
        "--subject",
        &file_no,
        "--to",
        "strict",
        "--reason",
        "违规",
    ])
    .refused("permission_denied");
    c.run(&[
        "rules",
        "set",
        "--from",
        &day(1),
        "--file",
        &c.file("r.json", "{}"),
    ])
    .refused("permission_denied");
    assert_eq!(c.digest(), before);
}

#[test]
fn rules_assessments_and_levels_through_the_cli() {
    let (c, file_no) = Case::new("office");
    let shown = c.run(&["rules", "show", "--json"]).ok().json();
    assert_eq!(shown["leave"]["office_max_days"], 7);
    let f = c.file(
        "rules.json",
        &json!({"leave": {"office_max_days": 5}}).to_string(),
    );
    c.run(&["rules", "set", "--from", &day(1), "--file", &f])
        .ok();
    let later = c
        .run(&["rules", "show", "--json", "--date", &day(1)])
        .ok()
        .json();
    assert_eq!(later["leave"]["office_max_days"], 5);
    assert_eq!(later["leave"]["county_max_days"], 30);
    let text = c.run(&["rules", "show"]).ok().stdout;
    assert!(text.contains(&day(1)), "{text}");
    let bad = c.file(
        "bad.json",
        &json!({"leave": {"office_max_days": 0}}).to_string(),
    );
    let r = c
        .run(&["rules", "set", "--from", &day(2), "--file", &bad])
        .refused("invalid_input");
    assert!(
        r.stderr
            .contains("leave.office_max_days must be greater than zero"),
        "{r:?}"
    );

    let month = &day(-40)[..7];
    let items = c.file(
        "items.json",
        &json!([{"code": "check_in_late", "on": format!("{month}-03")}]).to_string(),
    );
    let a = c
        .run(&[
            "assess",
            "--subject",
            &file_no,
            "--month",
            month,
            "--file",
            &items,
        ])
        .ok()
        .json();
    assert_eq!(
        (a["points"].clone(), a["grade"].clone()),
        (json!(95), json!("good"))
    );
    let l = c
        .run(&[
            "level",
            "--subject",
            &file_no,
            "--to",
            "严管",
            "--reason",
            "近期违规",
        ])
        .ok()
        .json();
    assert_eq!(l["to_level"], "strict");
    c.run(&[
        "period",
        "add",
        "--name",
        "节日",
        "--from",
        &day(0),
        "--to",
        &day(3),
    ])
    .ok();
    assert!(c.run(&["period", "list"]).ok().stdout.contains("节日"));
    let due = c.run(&["due"]).ok().stdout;
    assert!(
        due.contains("敏感期“四个一”（节日: 社区走访、家访、面对面谈话、心理疏导）"),
        "{due}"
    );
    let show = c.run(&["subject", "show", &file_no]).ok().stdout;
    assert!(show.contains("管理等级：严管"), "{show}");
    // 严管 stands for high risk: no leave.
    let r = c.request(&file_no, 10, 12, None).refused("leave_refused");
    assert!(r.stderr.contains("high risk"), "{r:?}");
}

#[test]
fn new_commands_have_help() {
    let (c, _) = Case::new("office");
    for args in [
        &["leave", "--help"][..],
        &["leave", "request", "--help"],
        &["leave", "decide", "--help"],
        &["leave", "extend", "--help"],
        &["leave", "return", "--help"],
        &["leave", "list", "--help"],
        &["leave", "cancel", "--help"],
        &["due", "--help"],
        &["assess", "--help"],
        &["level", "--help"],
        &["rules", "show", "--help"],
        &["rules", "set", "--help"],
        &["period", "add", "--help"],
        &["period", "list", "--help"],
        &["proposal", "add", "--help"],
        &["proposal", "decide", "--help"],
        &["proposal", "withdraw", "--help"],
        &["proposal", "list", "--help"],
    ] {
        assert!(c.run(args).ok().stdout.contains("Usage"), "{args:?}");
    }
}

#[test]
fn a_sanction_is_proposed_then_decided_and_refusals_write_nothing() {
    let (c, file_no) = Case::new("office");
    let warning = json!({
        "matter": "sanction", "step": "warning",
        "facts": "失去联系超过十日", "grounds": "《社区矫正法实施办法》第三十六条",
    });
    let f = c.file("p.json", &warning.to_string());
    let p = c
        .run(&["proposal", "add", "--subject", &file_no, "--file", &f])
        .ok()
        .json();
    let id = p["id"].as_str().unwrap().to_owned();
    assert_eq!(
        (p["status"].as_str(), p["ask_label"].as_str()),
        (Some("proposed"), Some("警告"))
    );
    let listed = c.run(&["proposal", "list"]).ok();
    assert!(listed.stdout.contains("待决定"), "{listed:?}");

    let released = c.subject(2, "released");
    let bad_json = c.file("bad.json", "{\"matter\": ");
    let unknown_field = c.file("unknown.json", &json!({"matter": "sanction", "step": "warning", "facts": "x", "grounds": "y", "colour": "red"}).to_string());
    let before = c.digest();
    let cases: Vec<(&str, Vec<&str>, &str, &str)> = vec![
        (
            "an approval without a document number",
            vec!["proposal", "decide", &id, "--approve", "--grounds", "属实"],
            "decision_refused",
            "document number",
        ),
        (
            "a second open warning",
            vec!["proposal", "add", "--subject", &file_no, "--file", &f],
            "decision_refused",
            "already has an open proposal",
        ),
        (
            "a proposal for an ended correction",
            vec!["proposal", "add", "--subject", &released, "--file", &f],
            "decision_refused",
            "already ended",
        ),
        (
            "a file that is not JSON",
            vec![
                "proposal",
                "add",
                "--subject",
                &file_no,
                "--file",
                &bad_json,
            ],
            "invalid_input",
            "not valid JSON",
        ),
        (
            "a field no proposal has",
            vec![
                "proposal",
                "add",
                "--subject",
                &file_no,
                "--file",
                &unknown_field,
            ],
            "invalid_input",
            "fields it needs",
        ),
        (
            "an unknown proposal",
            vec![
                "proposal",
                "decide",
                "nope",
                "--reject",
                "--grounds",
                "不同意",
            ],
            "not_found",
            "not found",
        ),
    ];
    for (what, args, code, words) in cases {
        let r = c.run(&args).refused(code);
        assert!(r.stderr.contains(words), "{what}: {r:?}");
        assert_eq!(c.digest(), before, "{what}: nothing written");
    }
    let d = c
        .run(&[
            "proposal",
            "decide",
            &id,
            "--approve",
            "--grounds",
            "经查属实",
            "--doc-no",
            "壶司矫警〔2026〕1号",
        ])
        .ok()
        .json();
    assert_eq!(d["status"], "approved");
    assert_eq!(d["decision"]["doc_no"], "壶司矫警〔2026〕1号");
    let all = c
        .run(&["proposal", "list", "--subject", &file_no, "--json"])
        .ok()
        .json();
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert!(
        c.run(&["proposal", "list"]).ok().stdout.lines().count() == 1,
        "nothing open"
    );
}
