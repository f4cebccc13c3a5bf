//! The sync use cases on real (temporary) archives: enrolment, a village's bundle reaching
//! its office, importing it again, and each refusal leaving the office's digest unchanged.
//! Every name and number is synthetic.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use dossier_core::officer::SiteRole;
use rand::SeedableRng;
use serde_json::json;

use super::*;
use crate::{InitParams, init, parse_new_subject, unlock};

const PASS: &str = "correct horse battery";
const VILLAGE: &str = "330723001202";
const OTHER_VILLAGE: &str = "330723001201";

/// A fresh env per call: a seeded clock that moves forward between calls, so later writes
/// order after earlier ones, and ids that never repeat.
pub(crate) fn env() -> Env {
    static SEED: AtomicU64 = AtomicU64::new(1);
    let n = SEED.fetch_add(1, Ordering::Relaxed);
    Env::fixed(1_795_000_000_000 + n as i64 * 1_000, n)
}

pub(crate) fn rng() -> rand_chacha::ChaCha20Rng {
    static SEED: AtomicU64 = AtomicU64::new(1);
    rand_chacha::ChaCha20Rng::seed_from_u64(SEED.fetch_add(1, Ordering::Relaxed))
}

pub(crate) struct Site {
    pub(crate) _tmp: tempfile::TempDir,
    pub(crate) path: PathBuf,
    pub(crate) s: Session,
}

fn site(role: SiteRole, jurisdiction: &str) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("archive");
    let params = InitParams {
        role,
        jurisdiction: jurisdiction.into(),
        officer_name: "测试员".into(),
    };
    let s = init(&path, params, PASS, &mut env()).unwrap();
    Site { _tmp: tmp, path, s }
}

/// A village at `jurisdiction` that `office` enrolled with the default terms.
pub(crate) fn another_village(office: &mut Site, jurisdiction: &str) -> Site {
    let mut v = site(SiteRole::Village, jurisdiction);
    let (_, request) = v.s.device_request(&mut env(), &mut rng()).unwrap();
    let (_, cert) = office
        .s
        .device_enroll(&request, EnrolTerms::default(), &mut env(), &mut rng())
        .unwrap();
    v.s.device_accept(&cert, &mut env()).unwrap();
    v
}

/// An office and a village it enrolled (with the terms given).
pub(crate) fn enrolled(terms: EnrolTerms) -> (Site, Site) {
    let mut office = site(SiteRole::Office, "330723001");
    let mut village = site(SiteRole::Village, VILLAGE);
    let (_, request) = village.s.device_request(&mut env(), &mut rng()).unwrap();
    let (view, cert) = office
        .s
        .device_enroll(&request, terms, &mut env(), &mut rng())
        .unwrap();
    assert_eq!(view.role, "village");
    let accepted = village.s.device_accept(&cert, &mut env()).unwrap();
    assert_eq!(accepted.office_fingerprint, view.office_fingerprint);
    (office, village)
}

fn id_number(n: u16) -> String {
    dossier_core::idnumber::IdNumber::compose(
        "330723",
        NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
        n,
    )
    .unwrap()
    .to_string()
}

pub(crate) fn add_subject(s: &mut Session, n: u16) -> String {
    add_subject_in(s, n, VILLAGE)
}

pub(crate) fn add_subject_in(s: &mut Session, n: u16, jurisdiction: &str) -> String {
    let text = json!({
        "name": format!("测试{n}"),
        "id_number": id_number(n),
        "jurisdiction": jurisdiction,
        "category": "缓刑",
        "correction_start": "2026-01-01",
        "correction_end": "2027-01-01",
    })
    .to_string();
    let row = s
        .subject_add(parse_new_subject(&text).unwrap(), &mut env())
        .unwrap();
    let data = json!({"name": "测试丁", "relation": "父亲"});
    s.record_add(
        &row.id,
        "family_member",
        data.as_object().unwrap().clone(),
        &mut env(),
    )
    .unwrap();
    row.id
}

fn code(e: Error) -> &'static str {
    e.code()
}

/// The refusal's code, after checking the archive's digest did not move.
fn refused(s: &mut Session, bytes: &[u8]) -> &'static str {
    let before = s.digest().unwrap();
    let dry = s.sync_import(bytes, true, &mut env()).unwrap_err();
    let e = s.sync_import(bytes, false, &mut env()).unwrap_err();
    assert_eq!(dry.code(), e.code());
    assert_eq!(
        s.digest().unwrap(),
        before,
        "a refused bundle changed the archive"
    );
    assert!(!e.to_string().contains("测试"), "no personal data: {e}");
    code(e)
}

#[test]
fn a_village_bundle_reaches_its_office_once() {
    let (mut office, mut village) = enrolled(EnrolTerms::default());
    let subject = add_subject(&mut village.s, 1);
    let (view, bundle) = village.s.sync_export(None, &mut env()).unwrap();
    assert_eq!(view.seq, 1);
    assert!(view.ops > 0);

    let before = office.s.digest().unwrap();
    let dry = office.s.sync_import(&bundle, true, &mut env()).unwrap();
    assert!(dry.dry_run && dry.new as u64 == view.ops, "{dry:?}");
    assert_eq!(
        office.s.digest().unwrap(),
        before,
        "a dry run changes nothing"
    );
    let verified = office.s.sync_verify(&bundle, &mut env()).unwrap();
    assert_eq!(verified.new, dry.new);

    let done = office.s.sync_import(&bundle, false, &mut env()).unwrap();
    assert_eq!((done.new, done.conflicts, done.held), (dry.new, 0, 0));
    let roster = office.s.subject_list().unwrap();
    assert!(roster.iter().any(|r| r.id == subject));
    assert_eq!(office.s.record_list(&subject, None).unwrap().len(), 1);
    let after = office.s.digest().unwrap();

    let again = office.s.sync_import(&bundle, false, &mut env()).unwrap();
    assert_eq!((again.chain.as_str(), again.new), ("replay", 0));
    assert_eq!(office.s.digest().unwrap(), after);

    // The office sends back; the village then holds what the office holds.
    let device = village.s.own_device_id().unwrap();
    let (_, back) = office.s.sync_export(Some(&device), &mut env()).unwrap();
    village.s.sync_import(&back, false, &mut env()).unwrap();
    // And a later village bundle carries only what the office has not acknowledged.
    add_subject(&mut village.s, 2);
    let (v2, _) = village.s.sync_export(None, &mut env()).unwrap();
    assert_eq!(v2.ops, 2, "one subject and one record");
    assert!(office.s.check().unwrap().ok);
}

#[test]
fn damaged_foreign_and_unenrolled_bundles_are_refused() {
    let (mut office, mut village) = enrolled(EnrolTerms::default());
    add_subject(&mut village.s, 1);
    let (_, bundle) = village.s.sync_export(None, &mut env()).unwrap();

    let mut flipped = bundle.clone();
    let i = flipped.len() / 2;
    flipped[i] ^= 0x01;
    assert_eq!(refused(&mut office.s, &flipped), CODE_DAMAGED);
    assert_eq!(
        refused(&mut office.s, &bundle[..bundle.len() * 2 / 3]),
        CODE_DAMAGED
    );
    assert_eq!(refused(&mut office.s, b"not a bundle"), CODE_DAMAGED);

    // Another office, which enrolled a village of its own, cannot read this one.
    let (mut other_office, _) = enrolled(EnrolTerms::default());
    assert_eq!(refused(&mut other_office.s, &bundle), CODE_FOREIGN);

    // An office that enrolled no one has no keys to read bundles with.
    let mut lonely = site(SiteRole::Office, "330723001");
    let e = lonely
        .s
        .sync_import(&bundle, false, &mut env())
        .unwrap_err();
    assert_eq!(e.code(), CODE_NOT_ENROLLED);
    // Nor can an unenrolled village export.
    let mut fresh = site(SiteRole::Village, VILLAGE);
    let e = fresh.s.sync_export(None, &mut env()).unwrap_err();
    assert_eq!(e.code(), CODE_NOT_ENROLLED);
}

#[test]
fn a_copied_archive_forks_its_chain() {
    let (mut office, mut village) = enrolled(EnrolTerms::default());
    // Someone copies the village archive; both copies go on working.
    let copy_dir = village._tmp.path().join("copy");
    copy_folder(&village.path, &copy_dir);
    let mut copy = unlock(&copy_dir, None, PASS, &mut env()).unwrap();
    add_subject(&mut village.s, 1);
    add_subject(&mut copy, 2);
    let (_, a) = village.s.sync_export(None, &mut env()).unwrap();
    let (_, b) = copy.sync_export(None, &mut env()).unwrap();
    office.s.sync_import(&a, false, &mut env()).unwrap();
    assert_eq!(refused(&mut office.s, &b), CODE_FORK);
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn a_revoked_device_is_refused() {
    let (mut office, mut village) = enrolled(EnrolTerms::default());
    add_subject(&mut village.s, 1);
    let (_, first) = village.s.sync_export(None, &mut env()).unwrap();
    office.s.sync_import(&first, false, &mut env()).unwrap();
    let device = village.s.own_device_id().unwrap();
    let rev = office.s.device_revoke(&device, &mut env()).unwrap();
    assert_eq!(rev.device_id, device);
    add_subject(&mut village.s, 2);
    let (_, second) = village.s.sync_export(None, &mut env()).unwrap();
    assert_eq!(refused(&mut office.s, &second), CODE_REVOKED);
    // The revocation reaches the village with the office's next bundle; it then stops
    // exporting.
    let (_, back) = office.s.sync_export(Some(&device), &mut env()).unwrap();
    let v = village.s.sync_import(&back, false, &mut env()).unwrap();
    assert_eq!(v.revocations, 1);
    let e = village.s.sync_export(None, &mut env()).unwrap_err();
    assert_eq!(e.code(), CODE_REVOKED);
}

#[test]
fn operations_outside_the_granted_jurisdiction_are_refused() {
    // The office grants the neighbouring village only; the device writes about its own.
    let (mut office, mut village) = enrolled(EnrolTerms {
        jurisdiction: Some(OTHER_VILLAGE.into()),
        role: None,
    });
    add_subject(&mut village.s, 1);
    let (_, bundle) = village.s.sync_export(None, &mut env()).unwrap();
    assert_eq!(refused(&mut office.s, &bundle), CODE_SCOPE);
}

#[test]
fn enrolment_is_for_office_administrators_and_checks_what_it_is_given() {
    let mut office = site(SiteRole::Office, "330723001");
    let mut village = site(SiteRole::Village, VILLAGE);
    let e = office.s.device_request(&mut env(), &mut rng()).unwrap_err();
    assert_eq!(e.code(), "permission_denied");
    let (_, request) = village.s.device_request(&mut env(), &mut rng()).unwrap();
    let e = village
        .s
        .device_enroll(&request, EnrolTerms::default(), &mut env(), &mut rng())
        .unwrap_err();
    assert_eq!(e.code(), "permission_denied");
    // A changed request fails its signature.
    let forged = String::from_utf8(request.clone())
        .unwrap()
        .replace(VILLAGE, OTHER_VILLAGE);
    let e = office
        .s
        .device_enroll(
            forged.as_bytes(),
            EnrolTerms::default(),
            &mut env(),
            &mut rng(),
        )
        .unwrap_err();
    assert_eq!(e.code(), CODE_ENROLMENT);
    // A prefix outside the office's own is refused.
    let e = office
        .s
        .device_enroll(
            &request,
            EnrolTerms {
                jurisdiction: Some("330723002".into()),
                role: None,
            },
            &mut env(),
            &mut rng(),
        )
        .unwrap_err();
    assert_eq!(e.code(), "outside_scope");
    // A certificate made for another village's request is refused by this one.
    let mut other = site(SiteRole::Village, VILLAGE);
    let (_, other_request) = other.s.device_request(&mut env(), &mut rng()).unwrap();
    let (_, cert) = office
        .s
        .device_enroll(
            &other_request,
            EnrolTerms::default(),
            &mut env(),
            &mut rng(),
        )
        .unwrap();
    let e = village.s.device_accept(&cert, &mut env()).unwrap_err();
    assert_eq!(e.code(), CODE_ENROLMENT);
    // A changed certificate bundle fails its signatures.
    let bent = String::from_utf8(cert)
        .unwrap()
        .replace(VILLAGE, OTHER_VILLAGE);
    let e = other
        .s
        .device_accept(bent.as_bytes(), &mut env())
        .unwrap_err();
    assert_eq!(e.code(), CODE_ENROLMENT);
    // A second request keeps the same keys.
    let (again, _) = village.s.device_request(&mut env(), &mut rng()).unwrap();
    assert!(!again.new_keys);
}

#[test]
fn a_conflict_waits_in_the_queue_and_its_resolution_travels() {
    let (mut office, mut village) = enrolled(EnrolTerms::default());
    let subject = add_subject(&mut village.s, 1);
    let device = village.s.own_device_id().unwrap();
    let (_, b1) = village.s.sync_export(None, &mut env()).unwrap();
    office.s.sync_import(&b1, false, &mut env()).unwrap();
    let record = village.s.record_list(&subject, None).unwrap()[0].id.clone();

    // Both change the same field of the same record from the same starting point.
    let edit = |s: &mut Session, phone: &str| {
        let m = json!({"phone": phone}).as_object().unwrap().clone();
        s.record_edit(&record, m, &mut env()).unwrap();
    };
    edit(&mut village.s, "13800000001");
    edit(&mut office.s, "13800000002");
    let (_, b2) = village.s.sync_export(None, &mut env()).unwrap();
    let report = office.s.sync_import(&b2, false, &mut env()).unwrap();
    assert_eq!(report.conflicts, 1);
    let queue = office.s.sync_conflicts().unwrap();
    assert_eq!(queue.len(), 1);
    let c = &queue[0];
    assert_eq!(
        (c.field_label.as_str(), c.subject_id.as_deref()),
        ("联系电话", Some(subject.as_str()))
    );
    let mut values = [c.shown.value.clone(), c.other.value.clone()];
    values.sort();
    assert_eq!(values, ["13800000001", "13800000002"]);

    // Bad choices change nothing.
    let before = office.s.digest().unwrap();
    let e = office
        .s
        .sync_resolve(&c.entity, &c.entity_id, &c.field, "not-a-side", &mut env())
        .unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    let e = office
        .s
        .sync_resolve(
            &c.entity,
            &c.entity_id,
            "d.name",
            &c.other.op_id,
            &mut env(),
        )
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert_eq!(office.s.digest().unwrap(), before);

    // The office keeps the village's number (whichever side shows now).
    let village_side = if c.shown.value == "13800000001" {
        &c.shown
    } else {
        &c.other
    };
    office
        .s
        .sync_resolve(
            &c.entity,
            &c.entity_id,
            &c.field,
            &village_side.op_id,
            &mut env(),
        )
        .unwrap();
    assert!(office.s.sync_conflicts().unwrap().is_empty());
    assert_eq!(office.s.sync_open_conflicts().unwrap(), 0);
    let shown = |s: &Session| s.record_list(&subject, None).unwrap()[0].data["phone"].clone();
    assert_eq!(shown(&office.s), "13800000001");

    // The resolution travels: the village sees the pair and its resolution in one bundle,
    // and both archives end the same with nothing left to decide.
    let (_, back) = office.s.sync_export(Some(&device), &mut env()).unwrap();
    village.s.sync_import(&back, false, &mut env()).unwrap();
    assert_eq!(village.s.sync_open_conflicts().unwrap(), 0);
    assert_eq!(shown(&village.s), "13800000001");
    let (_, b3) = village.s.sync_export(None, &mut env()).unwrap();
    office.s.sync_import(&b3, false, &mut env()).unwrap();
    assert_eq!(village.s.digest().unwrap(), office.s.digest().unwrap());
}

#[test]
fn office_only_entities_from_a_village_are_refused() {
    // A village cannot set rules through the program; an altered village archive could
    // still log such an op. Its bundle is refused whole.
    for entity in [
        dossier_core::op::Entity::RuleVersion,
        dossier_core::op::Entity::SensitivePeriod,
        dossier_core::op::Entity::Decision,
        dossier_core::op::Entity::LevelChange,
    ] {
        let (mut office, mut village) = enrolled(EnrolTerms::default());
        let field = entity.fields()[0];
        let change = dossier_store::Change {
            op_id: "forged-op".into(),
            entity,
            entity_id: "forged".into(),
            fields: [(field.to_owned(), json!("x"))].into_iter().collect(),
        };
        dossier_store::oplog::write(
            village.s.archive.conn_mut(),
            1_795_000_000_000,
            None,
            vec![change],
        )
        .unwrap();
        let (_, bundle) = village.s.sync_export(None, &mut env()).unwrap();
        assert_eq!(refused(&mut office.s, &bundle), CODE_SCOPE, "{entity:?}");
    }
}
mod status;

/// The ids on an archive's roster.
fn roster(s: &Session) -> Vec<String> {
    s.subject_list()
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn each_village_receives_its_own_files_and_a_transfer_carries_the_whole_file() {
    const OTHER: &str = "330723001001";
    let (mut office, mut a) = enrolled(EnrolTerms::default());
    let mut b = another_village(&mut office, OTHER);
    let moving = add_subject_in(&mut a.s, 1, VILLAGE);
    let staying = add_subject_in(&mut b.s, 2, OTHER);
    let to_office = |from: &mut Site, office: &mut Site| {
        let (_, bytes) = from.s.sync_export(None, &mut env()).unwrap();
        office.s.sync_import(&bytes, false, &mut env()).unwrap();
    };
    let from_office = |office: &mut Site, to: &mut Site| {
        let device = to.s.own_device_id().unwrap();
        let (_, bytes) = office.s.sync_export(Some(&device), &mut env()).unwrap();
        to.s.sync_import(&bytes, false, &mut env()).unwrap()
    };
    for _ in 0..2 {
        to_office(&mut a, &mut office);
        to_office(&mut b, &mut office);
        from_office(&mut office, &mut a);
        from_office(&mut office, &mut b);
    }
    assert_eq!(roster(&office.s).len(), 2);
    assert_eq!(roster(&a.s), std::slice::from_ref(&moving));
    assert_eq!(roster(&b.s), std::slice::from_ref(&staying));
    assert!(a.s.check().unwrap().ok && b.s.check().unwrap().ok);

    // The office approves a change of residence from A to B.
    let input: crate::view::ProposalInput = serde_json::from_value(json!({
        "matter": "transfer",
        "facts": "居住地变更",
        "grounds": "《社区矫正法》第二十七条",
        "destination_code": OTHER,
        "move_on": "2026-12-30",
    }))
    .unwrap();
    let p = office.s.propose(&moving, input, &mut env()).unwrap();
    let d = crate::view::DecisionInput {
        approve: true,
        facts: "经调查属实".into(),
        grounds: "同意".into(),
        doc_no: "测试〔2026〕1号".into(),
        evidence: vec![],
    };
    office.s.decide(&p.id, d, &mut env()).unwrap();
    // B gets the person with everything recorded at A before, though its marks had long
    // passed those operations; A sees the person leave its roster.
    let got = from_office(&mut office, &mut b);
    assert!(got.new >= 4, "{got:?}");
    let mut both = vec![moving.clone(), staying.clone()];
    both.sort();
    let mut at_b = roster(&b.s);
    at_b.sort();
    assert_eq!(at_b, both);
    assert_eq!(b.s.record_list(&moving, None).unwrap().len(), 1);
    assert_eq!(b.s.proposals(Some(&moving)).unwrap().len(), 1);
    from_office(&mut office, &mut a);
    assert!(roster(&a.s).is_empty());
    assert!(a.s.check().unwrap().ok && b.s.check().unwrap().ok);
}

#[test]
fn a_minors_file_stays_at_the_office_unless_its_rules_send_it() {
    let (mut office, mut village) = enrolled(EnrolTerms::default());
    let adult = add_subject(&mut office.s, 1);
    let minor_id = dossier_core::idnumber::IdNumber::compose(
        "330723",
        NaiveDate::from_ymd_opt(2010, 3, 3).unwrap(),
        9,
    )
    .unwrap()
    .to_string();
    let text = json!({
        "name": "少年甲", "id_number": minor_id, "jurisdiction": VILLAGE,
        "category": "缓刑", "correction_start": "2026-01-01", "correction_end": "2027-01-01",
    })
    .to_string();
    let minor = office
        .s
        .subject_add(parse_new_subject(&text).unwrap(), &mut env())
        .unwrap()
        .id;
    let talk =
        json!({"date": "2026-11-02", "place": "司法所", "talker": "测试员", "notes": "谈话"});
    office
        .s
        .record_add(
            &minor,
            "talk",
            talk.as_object().unwrap().clone(),
            &mut env(),
        )
        .unwrap();
    let send = |office: &mut Site, village: &mut Site| {
        let device = village.s.own_device_id().unwrap();
        let (_, bytes) = office.s.sync_export(Some(&device), &mut env()).unwrap();
        village.s.sync_import(&bytes, false, &mut env()).unwrap();
        let (_, bytes) = village.s.sync_export(None, &mut env()).unwrap();
        office.s.sync_import(&bytes, false, &mut env()).unwrap();
    };
    send(&mut office, &mut village);
    send(&mut office, &mut village);
    assert_eq!(roster(&village.s), std::slice::from_ref(&adult));
    // Not hidden but absent: the village's archive holds nothing about the minor.
    let held: i64 = village
        .s
        .archive
        .conn()
        .query_row(
            "SELECT count(*) FROM ops WHERE entity_id = ?1 OR fields LIKE ?2",
            rusqlite::params![minor, format!("%{minor}%")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(held, 0);
    assert!(village.s.check().unwrap().ok);
    // An office that has its villages supervise minors says so in its rules; the file then
    // goes with its whole history.
    let mut e = env();
    let day = e.today();
    office
        .s
        .rules_set(day, r#"{"privacy": {"villages_see_minors": true}}"#, &mut e)
        .unwrap();
    send(&mut office, &mut village);
    let mut both = vec![adult, minor.clone()];
    both.sort();
    let mut got = roster(&village.s);
    got.sort();
    assert_eq!(got, both);
    assert_eq!(village.s.record_list(&minor, None).unwrap().len(), 1);
    assert!(village.s.subject_file(&minor).is_ok());
    assert!(village.s.check().unwrap().ok);
}
