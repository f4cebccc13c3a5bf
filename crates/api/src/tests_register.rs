//! Use-case tests of the registers (staff, volunteers, trainings, meetings): the office
//! fixture of the workflow tests, each table row one case, every refusal checked to leave the
//! digest unchanged.

use dossier_core::officer::SiteRole;
use serde_json::{Map, Value, json};

use crate::archive::{InitParams, fields};
use crate::tests_workflow::{Attempt, office, on, refusals};
use crate::{Session, init};

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

fn staff() -> Map<String, Value> {
    obj(
        json!({"name": "测试员", "role": "office_head", "phone": "0579-00000000",
        "term_from": "2026-01-01", "term_to": "2028-12-31"}),
    )
}

fn meeting(date: &str) -> Map<String, Value> {
    obj(
        json!({"meeting_type": "joint", "date": date, "place": "所会议室", "chair": "测试员",
        "attendees": "测试员、测试乙", "topics": "季度工作", "minutes": "通报本季度情况"}),
    )
}

fn training() -> Map<String, Value> {
    obj(
        json!({"date": "2026-11-02", "title": "社区矫正法", "organiser": "县司法局",
        "attendees": "测试丁"}),
    )
}

/// Writes an entry kept by `jurisdiction` straight into the log, as a bundle would bring it.
fn foreign_entry(s: &mut Session, id: &str, jurisdiction: &str, kind: &str, data: Value) {
    let mut f = fields(&[
        ("jurisdiction", json!(jurisdiction)),
        ("kind", json!(kind)),
        ("date", data["date"].clone()),
    ]);
    for (k, v) in data.as_object().unwrap() {
        f.insert(format!("d.{k}"), v.clone());
    }
    let change = dossier_store::Change {
        op_id: format!("{id}-op"),
        entity: dossier_core::op::Entity::RegisterEntry,
        entity_id: id.to_owned(),
        fields: f,
    };
    dossier_store::oplog::write(s.archive.conn_mut(), 1, None, vec![change]).unwrap();
}

fn names(s: &Session, kind: &str) -> Vec<(String, bool)> {
    s.register_list(kind)
        .unwrap()
        .into_iter()
        .map(|e| (e.jurisdiction, e.may_edit))
        .collect()
}

#[test]
fn entries_are_added_listed_edited_and_deleted() {
    let (mut o, _) = office(false);
    let kinds = o.s.register_kinds();
    let got: Vec<_> = kinds
        .iter()
        .map(|k| (k.kind.name.as_str(), k.kind.section.as_str(), k.may_edit))
        .collect();
    assert_eq!(
        got,
        [
            ("staff", "register", true),
            ("volunteer", "register", true),
            ("training", "register", true),
            ("meeting", "register", true),
        ]
    );
    let v =
        o.s.register_add("staff", staff(), &mut on("2026-11-18"))
            .unwrap();
    assert_eq!(
        (v.jurisdiction.as_str(), v.jurisdiction_name.as_str()),
        ("330723001", "白洋街道")
    );
    assert_eq!(v.date.as_deref(), Some("2026-01-01"));
    assert_eq!(v.data["role"], json!("office_head"));
    assert!(v.may_edit);
    let old =
        o.s.register_add("meeting", meeting("2026-09-30"), &mut on("2026-11-18"));
    let new =
        o.s.register_add("meeting", meeting("2026-11-18"), &mut on("2026-11-18"));
    let dates: Vec<_> =
        o.s.register_list("meeting")
            .unwrap()
            .into_iter()
            .map(|e| e.date.unwrap())
            .collect();
    assert_eq!(dates, ["2026-11-18", "2026-09-30"], "newest first");
    // A year-end evaluation, and the term's end cleared: only what changed is written.
    let edit = obj(json!({"evaluated_on": "2026-11-18", "evaluation": "优秀", "term_to": ""}));
    let e =
        o.s.register_edit(&v.id, edit, &mut on("2026-11-18"))
            .unwrap();
    assert_eq!(e.data["evaluation"], json!("excellent"));
    assert!(!e.data.contains_key("term_to"));
    assert_ne!(e.version, v.version);
    let same =
        o.s.register_edit(&v.id, Map::new(), &mut on("2026-11-18"))
            .unwrap();
    assert_eq!(same.version, e.version, "no change, no op");
    // The meeting date moves; the row's date follows its date field.
    let moved =
        o.s.register_edit(
            &old.unwrap().id,
            obj(json!({"date": "2026-10-08"})),
            &mut on("2026-11-18"),
        )
        .unwrap();
    assert_eq!(moved.date.as_deref(), Some("2026-10-08"));
    o.s.register_delete(&new.unwrap().id, &mut on("2026-11-18"))
        .unwrap();
    assert_eq!(o.s.register_list("meeting").unwrap().len(), 1);
    // The entries survive a rebuild of the projections from the log.
    let before = o.s.digest().unwrap();
    dossier_store::oplog::rebuild(o.s.archive.conn_mut()).unwrap();
    assert_eq!(o.s.digest().unwrap(), before);
    assert_eq!(o.s.register_list("staff").unwrap()[0].data, e.data);
}

#[test]
fn register_refusals_write_nothing() {
    let (mut o, _) = office(false);
    let kept =
        o.s.register_add("staff", staff(), &mut on("2026-11-18"))
            .unwrap()
            .id;
    foreign_entry(
        &mut o.s,
        "village-training",
        "330723001202",
        "training",
        json!({"date": "2026-10-01", "title": "t", "organiser": "o", "attendees": "a"}),
    );
    let with = |base: Map<String, Value>, k: &str, v: Value| {
        let mut m = base;
        m.insert(k.to_owned(), v);
        m
    };
    let cases: Vec<(&str, Attempt<'_>, &str)> = vec![
        (
            "unknown register",
            Box::new(|s| {
                s.register_add("picnic", staff(), &mut on("2026-11-18"))
                    .map(drop)
            }),
            "unknown_kind",
        ),
        (
            "term ends before it starts",
            Box::new(move |s| {
                s.register_add(
                    "staff",
                    with(staff(), "term_to", json!("2025-12-31")),
                    &mut on("2026-11-18"),
                )
                .map(drop)
            }),
            "invalid_input",
        ),
        (
            "missing required field",
            Box::new(move |s| {
                let mut m = meeting("2026-11-01");
                m.remove("minutes");
                s.register_add("meeting", m, &mut on("2026-11-18"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "meeting in the future",
            Box::new(|s| {
                s.register_add("meeting", meeting("2026-11-19"), &mut on("2026-11-18"))
                    .map(drop)
            }),
            "invalid_input",
        ),
        (
            "unknown field",
            Box::new(move |s| {
                s.register_add(
                    "training",
                    with(training(), "subject_id", json!("x")),
                    &mut on("2026-11-18"),
                )
                .map(drop)
            }),
            "invalid_input",
        ),
        (
            "an edit that reverses the term",
            Box::new({
                let id = kept.clone();
                move |s| {
                    s.register_edit(
                        &id,
                        obj(json!({"term_from": "2029-01-01"})),
                        &mut on("2026-11-18"),
                    )
                    .map(drop)
                }
            }),
            "invalid_input",
        ),
        (
            "an edit of a village's entry",
            Box::new(|s| {
                s.register_edit(
                    "village-training",
                    obj(json!({"title": "x"})),
                    &mut on("2026-11-18"),
                )
                .map(drop)
            }),
            "permission_denied",
        ),
        (
            "a missing entry",
            Box::new(|s| s.register_delete("nope", &mut on("2026-11-18"))),
            "not_found",
        ),
    ];
    refusals(&mut o.s, cases);
    let err =
        o.s.register_add(
            "staff",
            with(staff(), "term_to", json!("2025-12-31")),
            &mut on("2026-11-18"),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The entry was not saved: Term to (2025-12-31) comes before Term from (2026-01-01)."
    );
    let err =
        o.s.register_add("picnic", Map::new(), &mut on("2026-11-18"))
            .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"There is no register "picnic". The registers are: staff, volunteer, training, meeting."#
    );
    // A village worker reads the office's registers but writes only trainings.
    let mut village = o.as_officer("测试丁");
    let may: Vec<_> = village
        .register_kinds()
        .iter()
        .map(|k| k.may_edit)
        .collect();
    assert_eq!(may, [false, false, true, false]);
    assert_eq!(names(&village, "staff"), [("330723001".to_owned(), false)]);
    let k = kept.clone();
    refusals(
        &mut village,
        vec![
            (
                "a village adding to an office register",
                Box::new(|s| {
                    s.register_add("staff", staff(), &mut on("2026-11-18"))
                        .map(drop)
                }),
                "permission_denied",
            ),
            (
                "a village adding a meeting",
                Box::new(|s| {
                    s.register_add("meeting", meeting("2026-11-01"), &mut on("2026-11-18"))
                        .map(drop)
                }),
                "permission_denied",
            ),
            (
                "a village deleting the office's staff entry",
                Box::new(move |s| s.register_delete(&k, &mut on("2026-11-18"))),
                "permission_denied",
            ),
        ],
    );
    let err = village
        .register_add("volunteer", Map::new(), &mut on("2026-11-18"))
        .unwrap_err();
    assert!(
        err.to_string().contains("the judicial office keeps them"),
        "{err}"
    );
    village
        .register_add("training", training(), &mut on("2026-11-18"))
        .unwrap();
}

#[test]
fn a_village_sees_its_own_and_its_office_entries_only() {
    let tmp = tempfile::tempdir().unwrap();
    let params = InitParams {
        role: SiteRole::Village,
        jurisdiction: "330723001202".into(),
        officer_name: "测试丁".into(),
    };
    let mut s = init(
        &tmp.path().join("a"),
        params,
        "correct horse battery",
        &mut on("2026-01-01"),
    )
    .unwrap();
    let t = json!({"date": "2026-10-01", "title": "t", "organiser": "o", "attendees": "a"});
    foreign_entry(&mut s, "office", "330723001", "training", t.clone());
    foreign_entry(&mut s, "other-street", "330723002", "training", t.clone());
    foreign_entry(&mut s, "other-village", "330723001203", "training", t);
    s.register_add("training", training(), &mut on("2026-11-18"))
        .unwrap();
    assert_eq!(
        names(&s, "training"),
        [
            ("330723001202".to_owned(), true),
            ("330723001".to_owned(), false),
        ]
    );
    let before = s.digest().unwrap();
    let err = s
        .register_edit("office", obj(json!({"title": "x"})), &mut on("2026-11-18"))
        .unwrap_err();
    assert_eq!(err.code(), "permission_denied", "{err}");
    let err = s
        .register_delete("other-street", &mut on("2026-11-18"))
        .unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    assert_eq!(s.digest().unwrap(), before);
}

/// The UI's mock backend serves the real register kinds: this file is written from core's
/// declarations, as the bindings are (`UPDATE_BINDINGS=1 cargo test -p dossier-api bindings`).
#[test]
fn bindings_of_the_mock_registers_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/src/backend/mockRegisters.json");
    let kinds: Vec<Value> = dossier_core::register::registers()
        .iter()
        .map(|r| {
            let spans: Vec<[&str; 2]> = r.kind.spans.iter().map(|s| [s.start, s.end]).collect();
            json!({"kind": crate::record::kind_view(&r.kind), "keeper": r.keeper.as_str(), "spans": spans})
        })
        .collect();
    let text = serde_json::to_string_pretty(&kinds).unwrap() + "\n";
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &text).unwrap();
    } else {
        assert_eq!(
            std::fs::read_to_string(&path).ok().as_deref(),
            Some(text.as_str()),
            "stale {}: run UPDATE_BINDINGS=1 cargo test -p dossier-api bindings",
            path.display()
        );
    }
}
