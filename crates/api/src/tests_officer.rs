//! Officer accounts: who may do what (one table, one helper), the life of an account, the
//! refusals (each writes nothing), and recovery.

use std::path::{Path, PathBuf};

use dossier_core::officer::{Role, SiteRole};

use crate::archive::{InitParams, NewOfficer, create};
use crate::tests_workflow::on;
use crate::view::OfficerInput;
use crate::{Error, Result, Session, recover, unlock};

const PASS: &str = "correct horse battery";

struct Site {
    _tmp: tempfile::TempDir,
    path: PathBuf,
}

impl Site {
    fn unlock(&self, who: &str, pass: &str) -> Result<Session> {
        unlock(&self.path, Some(who), pass, &mut on("2026-11-18"))
    }

    fn as_officer(&self, who: &str) -> Session {
        self.unlock(who, PASS).unwrap()
    }

    fn keyslots(&self) -> Vec<u8> {
        std::fs::read(self.path.join(dossier_store::KEYSLOTS_FILE)).unwrap()
    }
}

/// An archive whose first officer (测试员) created it: at an office the administrator, with
/// staff 测试乙, a village worker 测试丁 and a spare staff member 测试丙; at a village, village
/// workers 测试员 (the founder), 测试乙 and 测试丙.
fn site(role: SiteRole) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("archive");
    let (jurisdiction, people): (&str, &[(&str, Role)]) = match role {
        SiteRole::Office => (
            "330723001",
            &[
                ("测试员", Role::OfficeAdmin),
                ("测试乙", Role::OfficeStaff),
                ("测试丁", Role::VillageWorker),
                ("测试丙", Role::OfficeStaff),
            ],
        ),
        SiteRole::Village => (
            "330723001202",
            &[
                ("测试员", Role::VillageWorker),
                ("测试乙", Role::VillageWorker),
                ("测试丙", Role::VillageWorker),
            ],
        ),
    };
    let params = InitParams {
        role,
        jurisdiction: jurisdiction.into(),
        officer_name: people[0].0.into(),
    };
    let officers: Vec<NewOfficer<'_>> = people
        .iter()
        .map(|(name, role)| NewOfficer { name, role: *role })
        .collect();
    create(
        &path,
        &params,
        &officers,
        PASS,
        &mut on("2026-01-01"),
        |_, _, _, _| Ok(()),
    )
    .unwrap();
    Site { _tmp: tmp, path }
}

fn input(name: &str, role: &str, passphrase: &str) -> OfficerInput {
    OfficerInput {
        name: name.into(),
        role: role.into(),
        passphrase: passphrase.into(),
    }
}

/// One use case of this area, by its short name, as the signed-in officer.
fn attempt(s: &mut Session, dir: &Path, use_case: &str) -> Result<()> {
    let env = &mut on("2026-11-18");
    match use_case {
        "list" => s.officer_list().map(drop),
        "add" => s
            .officer_add(
                input("测试新", "village_worker", "another passphrase"),
                PASS,
                env,
            )
            .map(drop),
        "disable" => s.officer_disable("测试丙", env).map(drop),
        "enable" => s.officer_enable("测试丙", env).map(drop),
        "remove" => s.officer_remove("测试丙", env),
        "passphrase" => s.change_passphrase(PASS, PASS, &mut on("2026-11-18")),
        "recovery" => s
            .recovery_key_new(
                PASS,
                &dir.join(format!("recovery-{}.txt", s.view().officer_name)),
                env,
            )
            .map(drop),
        other => panic!("no use case {other}"),
    }
}

/// Checks that `what` is refused with `code` and changes neither the archive nor its key file.
fn refused(
    site: &Site,
    s: &mut Session,
    what: &str,
    code: &str,
    f: impl FnOnce(&mut Session) -> Result<()>,
) -> Error {
    let (digest, keys) = (s.digest().unwrap(), site.keyslots());
    let err = f(s).expect_err(what);
    assert_eq!(err.code(), code, "{what}: {err}");
    assert_eq!(s.digest().unwrap(), digest, "{what}: archive unchanged");
    assert_eq!(site.keyslots(), keys, "{what}: key file unchanged");
    assert!(!err.to_string().contains("测试"), "{what}: no names: {err}");
    err
}

#[test]
fn who_may_manage_accounts() {
    const ALL: &[&str] = &[
        "list",
        "add",
        "disable",
        "enable",
        "remove",
        "passphrase",
        "recovery",
    ];
    let table: &[(&str, SiteRole, &str, &[&str])] = &[
        ("office admin", SiteRole::Office, "测试员", ALL),
        (
            "office staff",
            SiteRole::Office,
            "测试乙",
            &["list", "passphrase"],
        ),
        (
            "village worker at an office",
            SiteRole::Office,
            "测试丁",
            &["list", "passphrase"],
        ),
        (
            "village archive's founder",
            SiteRole::Village,
            "测试员",
            ALL,
        ),
        (
            "other village worker",
            SiteRole::Village,
            "测试乙",
            &["list", "passphrase"],
        ),
    ];
    for (who, site_role, name, allowed) in table {
        let site = site(*site_role);
        let mut s = site.as_officer(name);
        for use_case in ALL {
            let what = format!("{who}: {use_case}");
            if allowed.contains(use_case) {
                attempt(&mut s, site._tmp.path(), use_case)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
            } else {
                refused(&site, &mut s, &what, "permission_denied", |s| {
                    attempt(s, site._tmp.path(), use_case)
                });
            }
        }
    }
}

#[test]
fn an_officer_is_added_disabled_enabled_and_removed() {
    let site = site(SiteRole::Office);
    let mut admin = site.as_officer("测试员");
    let env = &mut on("2026-11-18");
    let added = admin
        .officer_add(
            input(" 测试新 ", "office_staff", "a new passphrase"),
            PASS,
            env,
        )
        .unwrap();
    assert_eq!(
        (added.name.as_str(), added.role.as_str(), added.active),
        ("测试新", "office_staff", true)
    );
    assert!(!added.administers && !added.is_self);
    let listed: Vec<(String, bool, bool)> = admin
        .officer_list()
        .unwrap()
        .into_iter()
        .map(|o| (o.name, o.active, o.administers))
        .collect();
    assert!(listed.contains(&("测试新".into(), true, false)));
    assert!(listed.contains(&("测试员".into(), true, true)));

    admin.officer_disable("测试新", env).unwrap();
    drop(admin);
    let err = site.unlock("测试新", "a new passphrase").unwrap_err();
    assert_eq!(err.code(), "officer_disabled");
    assert_eq!(
        err.to_string(),
        "This officer has been disabled; ask the office administrator."
    );
    // The slot is kept: the unlock screen still lists them.
    assert!(
        crate::archive_info(&site.path)
            .unwrap()
            .officers
            .iter()
            .any(|o| o.name == "测试新")
    );

    let mut admin = site.as_officer("测试员");
    admin.officer_enable("测试新", env).unwrap();
    drop(admin);
    drop(site.unlock("测试新", "a new passphrase").unwrap());

    let mut admin = site.as_officer("测试员");
    admin.officer_remove("测试新", env).unwrap();
    assert!(
        admin
            .officer_list()
            .unwrap()
            .iter()
            .all(|o| o.name != "测试新")
    );
    drop(admin);
    assert_eq!(
        site.unlock("测试新", "a new passphrase")
            .unwrap_err()
            .code(),
        "unknown_officer"
    );
    assert!(
        crate::archive_info(&site.path)
            .unwrap()
            .officers
            .iter()
            .all(|o| o.name != "测试新")
    );
}

#[test]
fn changing_a_passphrase_rewrites_one_slot_only() {
    let site = site(SiteRole::Office);
    let mut s = site.as_officer("测试乙");
    let digest = s.digest().unwrap();
    s.change_passphrase(PASS, "a brand new passphrase", &mut on("2026-11-18"))
        .unwrap();
    assert_eq!(
        s.digest().unwrap(),
        digest,
        "the archive is not re-encrypted or changed"
    );
    drop(s);
    assert_eq!(
        site.unlock("测试乙", PASS).unwrap_err().code(),
        "wrong_passphrase"
    );
    drop(site.unlock("测试乙", "a brand new passphrase").unwrap());
    // Everyone else's passphrase still works.
    drop(site.as_officer("测试员"));
}

#[test]
fn account_refusals_say_why_and_change_nothing() {
    let office = site(SiteRole::Office);
    let mut s = office.as_officer("测试员");
    type Try = Box<dyn FnOnce(&mut Session) -> Result<()>>;
    type Case<'a> = (&'a str, &'a str, Try);
    let add =
        |name: &'static str, role: &'static str, pass: &'static str, admin: &'static str| -> Try {
            Box::new(move |s: &mut Session| {
                s.officer_add(input(name, role, pass), admin, &mut on("2026-11-18"))
                    .map(drop)
            })
        };
    let cases: Vec<Case<'_>> = vec![
        (
            "empty passphrase",
            "invalid_input",
            add("测试新", "office_staff", "", PASS),
        ),
        (
            "short passphrase",
            "invalid_input",
            add("测试新", "office_staff", "short", PASS),
        ),
        (
            "empty name",
            "invalid_input",
            add("  ", "office_staff", "long enough pass", PASS),
        ),
        (
            "unknown role",
            "invalid_input",
            add("测试新", "boss", "long enough pass", PASS),
        ),
        (
            "name already taken",
            "invalid_input",
            add("测试乙", "office_staff", "long enough pass", PASS),
        ),
        (
            "wrong admin passphrase",
            "wrong_passphrase",
            add(
                "测试新",
                "office_staff",
                "long enough pass",
                "not mine at all",
            ),
        ),
        (
            "empty admin passphrase",
            "wrong_passphrase",
            add("测试新", "office_staff", "long enough pass", ""),
        ),
        (
            "disable oneself",
            "invalid_input",
            Box::new(|s: &mut Session| {
                s.officer_disable("测试员", &mut on("2026-11-18")).map(drop)
            }),
        ),
        (
            "remove oneself",
            "invalid_input",
            Box::new(|s: &mut Session| s.officer_remove("测试员", &mut on("2026-11-18"))),
        ),
        (
            "disable nobody",
            "not_found",
            Box::new(|s: &mut Session| {
                s.officer_disable("nobody", &mut on("2026-11-18")).map(drop)
            }),
        ),
        (
            "wrong old passphrase",
            "wrong_passphrase",
            Box::new(|s: &mut Session| {
                s.change_passphrase("not mine at all", "a new passphrase", &mut on("2026-11-18"))
            }),
        ),
        (
            "empty new passphrase",
            "invalid_input",
            Box::new(|s: &mut Session| s.change_passphrase(PASS, "", &mut on("2026-11-18"))),
        ),
        (
            "short new passphrase",
            "invalid_input",
            Box::new(|s: &mut Session| s.change_passphrase(PASS, "1234567", &mut on("2026-11-18"))),
        ),
    ];
    for (what, code, f) in cases {
        refused(&office, &mut s, what, code, f);
    }
    drop(s);

    let village = site(SiteRole::Village);
    let mut s = village.as_officer("测试员");
    refused(
        &village,
        &mut s,
        "an office role at a village",
        "invalid_input",
        add("测试新", "office_admin", "long enough pass", PASS),
    );
}

#[test]
fn a_recovery_key_sets_a_new_passphrase_and_a_wrong_one_changes_nothing() {
    let office = site(SiteRole::Office);
    let dir = office._tmp.path();
    let key_file = dir.join("office-recovery.txt");
    let keys_before = office.keyslots();
    assert_eq!(
        recover(
            &office.path,
            "AGE-SECRET-KEY-1",
            "测试乙",
            "a new passphrase",
            &mut on("2026-11-18")
        )
        .unwrap_err()
        .code(),
        "no_recovery_slot"
    );
    assert_eq!(office.keyslots(), keys_before);

    let mut admin = office.as_officer("测试员");
    let view = admin
        .recovery_key_new(PASS, &key_file, &mut on("2026-11-18"))
        .unwrap();
    assert!(view.recipient.starts_with("age1"));
    assert_eq!(
        admin
            .recovery_key_new(PASS, &key_file, &mut on("2026-11-18"))
            .unwrap_err()
            .code(),
        "already_exists",
        "an existing key file is never overwritten"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    admin
        .officer_disable("测试丙", &mut on("2026-11-18"))
        .unwrap();
    drop(admin);
    let secret = std::fs::read_to_string(&key_file).unwrap();
    let (other_secret, _) = dossier_store::keyslot::new_recovery_key();

    let keys = office.keyslots();
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "another recovery key",
            other_secret.as_str(),
            "测试乙",
            "a new passphrase",
            "wrong_recovery_key",
        ),
        (
            "not a key at all",
            "hello",
            "测试乙",
            "a new passphrase",
            "wrong_recovery_key",
        ),
        (
            "short new passphrase",
            &secret,
            "测试乙",
            "short",
            "invalid_input",
        ),
        (
            "unknown officer",
            &secret,
            "nobody",
            "a new passphrase",
            "unknown_officer",
        ),
        (
            "disabled officer",
            &secret,
            "测试丙",
            "a new passphrase",
            "officer_disabled",
        ),
    ];
    for (what, key, who, pass, code) in cases {
        let err = recover(&office.path, key, who, pass, &mut on("2026-11-18")).expect_err(what);
        assert_eq!(err.code(), *code, "{what}: {err}");
        assert_eq!(office.keyslots(), keys, "{what}: nothing changed");
    }
    drop(office.as_officer("测试乙"));

    recover(
        &office.path,
        &secret,
        "测试乙",
        "a new passphrase",
        &mut on("2026-11-18"),
    )
    .unwrap();
    assert_eq!(
        office.unlock("测试乙", PASS).unwrap_err().code(),
        "wrong_passphrase"
    );
    drop(office.unlock("测试乙", "a new passphrase").unwrap());

    // A village archive wrapped to the office's recovery key is recovered with the same file.
    let village = site(SiteRole::Village);
    let mut founder = village.as_officer("测试员");
    assert_eq!(
        founder
            .recovery_key_set(PASS, "not-a-recipient", &mut on("2026-11-18"))
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    founder
        .recovery_key_set(PASS, &view.recipient, &mut on("2026-11-18"))
        .unwrap();
    drop(founder);
    recover(
        &village.path,
        &secret,
        "测试员",
        "village new passphrase",
        &mut on("2026-11-18"),
    )
    .unwrap();
    drop(village.unlock("测试员", "village new passphrase").unwrap());
}
