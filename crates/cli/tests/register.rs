//! Black-box tests of `dossier register` (staff, volunteers, trainings, meetings): adding,
//! listing, editing and deleting entries, the demo's registers, and every refusal leaving
//! the archive's digest unchanged. Dates are relative to today in China, because the program
//! takes its own clock. Every name is synthetic.

mod common;
use common::Run;

use std::path::PathBuf;

use chrono::Days;
use serde_json::{Value, json};

const PASS: &str = "demo-passphrase-1";

/// Today plus `n` days (negative: before), as YYYY-MM-DD.
fn day(n: i64) -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let t = dossier_api::core::china_date(ms);
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
    /// A fresh archive of `role` ("office": 白洋街道; "village": one of its villages).
    fn new(role: &str) -> Case {
        let c = Case::empty();
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
        c
    }

    /// A temporary folder with no archive yet.
    fn empty() -> Case {
        let tmp = tempfile::tempdir().unwrap();
        Case {
            dir: tmp.path().to_owned(),
            _tmp: tmp,
        }
    }

    /// The one way these tests run the program: `dossier --archive <archive> args...`.
    fn run(&self, args: &[&str]) -> Run {
        common::dossier(&self.dir.join("archive"), args, Some(PASS))
    }

    fn file(&self, data: &Value) -> String {
        let p = self.dir.join("entry.json");
        std::fs::write(&p, data.to_string()).unwrap();
        p.display().to_string()
    }

    fn add(&self, kind: &str, data: &Value) -> Run {
        let f = self.file(data);
        self.run(&["register", "add", kind, "--file", &f])
    }

    fn list(&self, kind: &str) -> Vec<Value> {
        let r = self.run(&["register", "list", kind, "--json"]).ok();
        r.json().as_array().unwrap().clone()
    }

    fn digest(&self) -> String {
        self.run(&["digest"]).ok().stdout
    }
}

fn volunteer() -> Value {
    json!({"name": "测试甲", "sex": "女", "phone": "13900000000", "work_unit": "某协会",
        "term_from": day(-100), "term_to": day(600), "agreement_signed": true})
}

fn meeting() -> Value {
    json!({"meeting_type": "所务会(月度)", "date": day(-1), "place": "所会议室", "chair": "测试员",
        "attendees": "测试员、测试乙", "absentees": "测试丙", "topics": "本月工作",
        "minutes": "通报情况，布置走访"})
}

#[test]
fn entries_are_added_listed_edited_and_deleted() {
    let c = Case::new("office");
    let v = c.add("volunteer", &volunteer()).ok().json();
    assert_eq!(v["jurisdiction"], "330723001");
    assert_eq!(v["data"]["sex"], "female");
    assert_eq!(v["may_edit"], true);
    let id = v["id"].as_str().unwrap().to_owned();
    c.add("meeting", &meeting()).ok();

    let text = c.run(&["register", "list", "volunteer"]).ok();
    assert!(text.stdout.starts_with("姓名\t性别\t联系电话"), "{text:?}");
    assert!(text.stdout.contains("\t女\t"), "{text:?}");
    assert!(text.stdout.contains("\t是\t"), "agreement as 是: {text:?}");
    assert!(text.stderr.contains("1 entries."), "{text:?}");
    let text = c.run(&["register", "list", "meeting"]).ok().stdout;
    assert!(text.contains("所务会(月度)"), "{text}");

    let f = c.file(&json!({"evaluated_on": day(0), "evaluation": "表彰奖励", "phone": ""}));
    let edited = c.run(&["register", "edit", &id, "--file", &f]).ok().json();
    assert_eq!(edited["data"]["evaluation"], "praised");
    assert!(edited["data"].get("phone").is_none(), "{edited}");
    assert_eq!(c.list("volunteer")[0]["data"], edited["data"]);

    c.run(&["register", "delete", &id]).ok();
    assert!(c.list("volunteer").is_empty());
    c.run(&["check"]).ok();
}

#[test]
fn refused_entries_write_nothing() {
    let c = Case::new("office");
    let kept = c.add("meeting", &meeting()).ok().json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = c.digest();
    let with = |base: Value, k: &str, v: Value| {
        let mut m = base;
        m[k] = v;
        m
    };
    let mut no_minutes = meeting();
    no_minutes.as_object_mut().unwrap().remove("minutes");
    let cases: Vec<(&str, &str, Value, &str, &str)> = vec![
        (
            "unknown register",
            "picnic",
            volunteer(),
            "unknown_kind",
            "The registers are: staff, volunteer, training, meeting",
        ),
        (
            "term ends before it starts",
            "volunteer",
            with(volunteer(), "term_to", json!(day(-101))),
            "invalid_input",
            "Term to",
        ),
        (
            "missing required field",
            "meeting",
            no_minutes,
            "invalid_input",
            "Minutes is required",
        ),
        (
            "meeting in the future",
            "meeting",
            with(meeting(), "date", json!(day(2))),
            "invalid_input",
            "is in the future",
        ),
        (
            "bad evaluation",
            "volunteer",
            with(volunteer(), "evaluation", json!("great")),
            "invalid_input",
            "must be one of: excellent, competent, basically_competent, incompetent, praised",
        ),
        (
            "not an object",
            "volunteer",
            json!(["x"]),
            "invalid_input",
            "is not a JSON object",
        ),
    ];
    for (what, kind, data, code, words) in cases {
        let r = c.add(kind, &data).refused(code);
        assert!(r.stderr.contains(words), "{what}: {r:?}");
        assert_eq!(c.digest(), before, "{what}: nothing written");
    }
    let f = c.file(&json!({"date": day(3)}));
    c.run(&["register", "edit", &kept, "--file", &f])
        .refused("invalid_input");
    c.run(&["register", "delete", "nope"]).refused("not_found");
    c.run(&["register", "list", "picnic"])
        .refused("unknown_kind");
    assert_eq!(c.digest(), before);
}

#[test]
fn a_village_keeps_trainings_and_not_the_office_registers() {
    let c = Case::new("village");
    let before = c.digest();
    for kind in ["staff", "volunteer", "meeting"] {
        let r = c.add(kind, &volunteer()).refused("permission_denied");
        assert!(
            r.stderr.contains("the judicial office keeps them"),
            "{kind}: {r:?}"
        );
        assert_eq!(c.digest(), before, "{kind}: nothing written");
    }
    let t = json!({"date": day(-3), "title": "走访技巧", "organiser": "村委会", "hours": 1.5,
        "attendees": "测试员"});
    let v = c.add("training", &t).ok().json();
    assert_eq!(
        (v["jurisdiction"].as_str(), v["data"]["hours"].as_f64()),
        (Some("330723001202"), Some(1.5))
    );
    assert!(c.list("staff").is_empty());
}

#[test]
fn the_demo_fills_every_register() {
    let c = Case::empty();
    c.run(&["demo", "--today", "2026-11-22"]).ok();
    for (kind, at_least) in [
        ("staff", 3),
        ("volunteer", 3),
        ("training", 2),
        ("meeting", 5),
    ] {
        let entries = c.list(kind);
        assert!(entries.len() >= at_least, "{kind}: {}", entries.len());
        assert!(entries.iter().all(|e| e["jurisdiction"] == "330723001"));
    }
    let meetings = c.list("meeting");
    let types: Vec<_> = meetings
        .iter()
        .map(|m| m["data"]["meeting_type"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"joint") && types.contains(&"office"),
        "{types:?}"
    );
}

#[test]
fn register_help_lists_the_registers() {
    let c = Case::new("office");
    let help = c.run(&["register", "add", "--help"]).ok().stdout;
    for want in [
        "staff",
        "社区矫正志愿者",
        "meeting_type*",
        "agreement_signed",
    ] {
        assert!(help.contains(want), "{want}: {help}");
    }
}
