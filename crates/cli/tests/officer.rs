//! Black-box tests of officer accounts: `dossier officer`, `passphrase`, `recovery` and
//! `recover`, and how each refusal reads and changes nothing.

mod common;
use common::{Run, dossier_setting};

use std::path::PathBuf;

const PASS: &str = "office admin passphrase";

struct Office {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Office {
    /// An office archive whose administrator 测试员 added staff 测试乙 and a village worker
    /// 测试丁, each with their own passphrase.
    fn new() -> Office {
        let tmp = tempfile::tempdir().unwrap();
        let o = Office {
            dir: tmp.path().to_owned(),
            _tmp: tmp,
        };
        o.run(
            &[
                "init",
                "--role",
                "office",
                "--jurisdiction",
                "330723001",
                "--officer",
                "测试员",
            ],
            Some(PASS),
            None,
        )
        .ok();
        for (name, role, pass) in [
            ("测试乙", "office_staff", "staff passphrase"),
            ("测试丁", "village_worker", "worker passphrase"),
        ] {
            o.run(
                &["officer", "add", "--name", name, "--role", role],
                Some(PASS),
                Some(pass),
            )
            .ok();
        }
        o
    }

    fn run(&self, args: &[&str], pass: Option<&str>, new: Option<&str>) -> Run {
        dossier_setting(&self.dir.join("archive"), args, pass, new)
    }

    fn as_officer(&self, who: &str, args: &[&str], pass: &str, new: Option<&str>) -> Run {
        let mut all = vec!["--as", who];
        all.extend_from_slice(args);
        self.run(&all, Some(pass), new)
    }

    fn keyslots(&self) -> Vec<u8> {
        std::fs::read(self.dir.join("archive").join("keyslots.json")).unwrap()
    }
}

#[test]
fn officers_are_listed_disabled_and_removed() {
    let o = Office::new();
    let list = o
        .as_officer("测试员", &["officer", "list", "--json"], PASS, None)
        .ok()
        .json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["测试丁", "测试乙", "测试员"]);
    o.as_officer("测试乙", &["subject", "list"], "staff passphrase", None)
        .ok();

    o.as_officer("测试员", &["officer", "disable", "测试乙"], PASS, None)
        .ok();
    let run = o
        .as_officer("测试乙", &["subject", "list"], "staff passphrase", None)
        .refused("officer_disabled");
    assert!(
        run.stderr
            .contains("this officer has been disabled; ask the office administrator")
            || run
                .stderr
                .contains("This officer has been disabled; ask the office administrator"),
        "{run:?}"
    );

    o.as_officer("测试员", &["officer", "enable", "测试乙"], PASS, None)
        .ok();
    o.as_officer("测试乙", &["subject", "list"], "staff passphrase", None)
        .ok();
    o.as_officer("测试员", &["officer", "remove", "测试乙"], PASS, None)
        .ok();
    o.as_officer("测试乙", &["subject", "list"], "staff passphrase", None)
        .refused("unknown_officer");
}

#[test]
fn an_officer_changes_their_own_passphrase() {
    let o = Office::new();
    o.as_officer(
        "测试丁",
        &["passphrase"],
        "worker passphrase",
        Some("worker's new one"),
    )
    .ok();
    o.as_officer("测试丁", &["subject", "list"], "worker passphrase", None)
        .refused("wrong_passphrase");
    o.as_officer("测试丁", &["subject", "list"], "worker's new one", None)
        .ok();
}

#[test]
fn refusals_say_why_and_change_nothing() {
    let o = Office::new();
    let key = o.dir.join("recovery.txt");
    let key_arg = key.display().to_string();
    o.as_officer(
        "测试员",
        &["recovery", "new", "--out", &key_arg],
        PASS,
        None,
    )
    .ok();
    let (other, _) = (o.dir.join("other.txt"), ());
    std::fs::write(
        &other,
        "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n",
    )
    .unwrap();
    let other_arg = other.display().to_string();
    let other_office = Office::new();
    let their_key = other_office.dir.join("recovery.txt").display().to_string();
    other_office
        .as_officer(
            "测试员",
            &["recovery", "new", "--out", &their_key],
            PASS,
            None,
        )
        .ok();
    o.as_officer("测试员", &["officer", "disable", "测试乙"], PASS, None)
        .ok();

    // (what, as whom, arguments, their passphrase, a passphrase being set, refusal code)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a [&'a str],
        &'a str,
        Option<&'a str>,
        &'a str,
    );
    let cases: &[Case<'_>] = &[
        (
            "disabled officer",
            "测试乙",
            &["subject", "list"],
            "staff passphrase",
            None,
            "officer_disabled",
        ),
        (
            "wrong passphrase",
            "测试丁",
            &["subject", "list"],
            "not the passphrase",
            None,
            "wrong_passphrase",
        ),
        (
            "empty passphrase",
            "测试丁",
            &["subject", "list"],
            "",
            None,
            "wrong_passphrase",
        ),
        (
            "village worker adds an officer",
            "测试丁",
            &[
                "officer",
                "add",
                "--name",
                "测试新",
                "--role",
                "village_worker",
            ],
            "worker passphrase",
            Some("long enough pass"),
            "permission_denied",
        ),
        (
            "village worker disables an officer",
            "测试丁",
            &["officer", "disable", "测试员"],
            "worker passphrase",
            None,
            "permission_denied",
        ),
        (
            "short new passphrase",
            "测试员",
            &[
                "officer",
                "add",
                "--name",
                "测试新",
                "--role",
                "office_staff",
            ],
            PASS,
            Some("short"),
            "invalid_input",
        ),
        (
            "empty own new passphrase",
            "测试丁",
            &["passphrase"],
            "worker passphrase",
            Some(""),
            "invalid_input",
        ),
        (
            "administrator removes themselves",
            "测试员",
            &["officer", "remove", "测试员"],
            PASS,
            None,
            "invalid_input",
        ),
    ];
    for (what, who, args, pass, new, code) in cases {
        let before = o.keyslots();
        let run = o.as_officer(who, args, pass, *new).refused(code);
        assert_eq!(o.keyslots(), before, "{what}: key file unchanged: {run:?}");
    }

    let before = o.keyslots();
    for (what, file) in [
        ("another archive's recovery key", &their_key),
        ("a made-up key", &other_arg),
    ] {
        let run = o
            .run(
                &["recover", "--key", file, "--officer", "测试丁"],
                None,
                Some("worker's new one"),
            )
            .refused("wrong_recovery_key");
        assert!(
            run.stderr.contains("Nothing was changed"),
            "{what}: {run:?}"
        );
        assert_eq!(o.keyslots(), before, "{what}: key file unchanged");
    }
    o.as_officer("测试丁", &["subject", "list"], "worker passphrase", None)
        .ok();
}

#[test]
fn the_recovery_key_sets_a_forgotten_passphrase() {
    let o = Office::new();
    let key = o.dir.join("recovery.txt").display().to_string();
    let recipient = o
        .as_officer("测试员", &["recovery", "new", "--out", &key], PASS, None)
        .ok()
        .stdout;
    assert!(recipient.trim().starts_with("age1"), "{recipient}");
    o.as_officer("测试员", &["recovery", "new", "--out", &key], PASS, None)
        .refused("already_exists");
    o.run(
        &["recover", "--key", &key, "--officer", "测试丁"],
        None,
        Some("worker's new one"),
    )
    .ok();
    o.as_officer("测试丁", &["subject", "list"], "worker passphrase", None)
        .refused("wrong_passphrase");
    o.as_officer("测试丁", &["subject", "list"], "worker's new one", None)
        .ok();
}
