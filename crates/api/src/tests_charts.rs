//! Use-case tests of the dashboard's charts: a small office archive whose numbers are
//! counted by hand, the street demo's totals, and the refusals.

use serde_json::json;

use crate::tests_workflow::{Attempt, day, decision, leave, office, on, proposal, refusals};
use crate::view::{ChartCountView, ChartsView};
use crate::{Session, parse_new_subject};

/// Adds subject `n` (名 测试n) with its category, village, term and status.
fn add(
    s: &mut Session,
    n: u16,
    category: &str,
    village: &str,
    term: (&str, &str),
    status: &str,
) -> String {
    let id_number = dossier_core::idnumber::IdNumber::compose("330723", day("1985-06-01"), n)
        .unwrap()
        .to_string();
    let text = json!({
        "name": format!("测试{n}"), "id_number": id_number, "jurisdiction": village,
        "category": category, "correction_start": term.0, "correction_end": term.1,
        "status": status,
    })
    .to_string();
    s.subject_add(parse_new_subject(&text).unwrap(), &mut on("2026-01-02"))
        .unwrap()
        .id
}

/// Per month: (month, on register, leaves, sanctions, praises).
fn months(v: &ChartsView) -> Vec<(&str, u32, u32, u32, u32)> {
    v.months
        .iter()
        .map(|m| {
            (
                m.month.as_str(),
                m.on_register,
                m.leaves,
                m.sanctions,
                m.praises,
            )
        })
        .collect()
}

fn counts(list: &[ChartCountView]) -> Vec<(&str, &str, u32)> {
    list.iter()
        .map(|c| (c.key.as_str(), c.label.as_str(), c.count))
        .collect()
}

#[test]
fn charts_count_subjects_leaves_and_sanctions_by_month() {
    // 测试1: 缓刑 at 童庐村 from 2026-01-01 (the fixture's subject, measures in place).
    let (mut o, first) = office(true);
    let second = add(
        &mut o.s,
        2,
        "假释",
        "330723001206",
        ("2026-03-15", "2026-12-31"),
        "in_correction",
    );
    // Released at its term's end (no ending recorded): on register through 2026-02-28.
    add(
        &mut o.s,
        3,
        "管制",
        "330723001202",
        ("2025-10-01", "2026-02-28"),
        "released",
    );

    // April: one leave taken and back. May: one rejected (not counted), one approved
    // starting after the 20th (counted only once that day is reached).
    let l =
        o.s.leave_request(
            &first,
            leave("2026-04-10", "2026-04-12", Some("2026-04-01")),
            &mut on("2026-04-01"),
        )
        .unwrap();
    o.s.leave_decide(&l.id, true, "同意", &mut on("2026-04-02"))
        .unwrap();
    o.s.leave_return(&l.id, day("2026-04-12"), &mut on("2026-04-12"))
        .unwrap();
    let l =
        o.s.leave_request(
            &first,
            leave("2026-05-12", "2026-05-13", Some("2026-05-01")),
            &mut on("2026-05-01"),
        )
        .unwrap();
    o.s.leave_decide(&l.id, false, "不同意", &mut on("2026-05-02"))
        .unwrap();
    let l =
        o.s.leave_request(
            &first,
            leave("2026-05-25", "2026-05-26", Some("2026-05-03")),
            &mut on("2026-05-03"),
        )
        .unwrap();
    o.s.leave_decide(&l.id, true, "同意", &mut on("2026-05-04"))
        .unwrap();

    // March: an approved 训诫. May: an approved 表扬 and a rejected 训诫 (not counted).
    let p =
        o.s.propose(
            &first,
            proposal("sanction", json!({"step": "admonition"})),
            &mut on("2026-03-02"),
        )
        .unwrap();
    o.s.decide(
        &p.id,
        decision(true, "壶司矫训〔2026〕1号"),
        &mut on("2026-03-03"),
    )
    .unwrap();
    let p =
        o.s.propose(
            &second,
            proposal("sanction", json!({"step": "praise"})),
            &mut on("2026-05-05"),
        )
        .unwrap();
    o.s.decide(
        &p.id,
        decision(true, "壶司矫奖〔2026〕1号"),
        &mut on("2026-05-06"),
    )
    .unwrap();
    let p =
        o.s.propose(
            &second,
            proposal("sanction", json!({"step": "admonition"})),
            &mut on("2026-05-07"),
        )
        .unwrap();
    o.s.decide(&p.id, decision(false, ""), &mut on("2026-05-08"))
        .unwrap();

    o.s.set_today(day("2026-05-20"));
    let v = o.s.dashboard_charts(6).unwrap();
    assert_eq!(v.today, "2026-05-20");
    assert_eq!(
        months(&v),
        [
            ("2025-12", 1, 0, 0, 0),
            ("2026-01", 2, 0, 0, 0),
            ("2026-02", 2, 0, 0, 0),
            ("2026-03", 2, 0, 1, 0),
            ("2026-04", 2, 1, 0, 0),
            ("2026-05", 2, 0, 0, 1),
        ]
    );
    assert_eq!(
        counts(&v.by_category),
        [
            ("surveillance", "管制", 0),
            ("probation", "缓刑", 1),
            ("parole", "假释", 1),
            ("temporary_outside", "暂予监外执行", 0),
        ]
    );
    assert_eq!(
        counts(&v.by_village),
        [
            ("330723001202", "童庐村委会", 1),
            ("330723001206", "沈宅村委会", 1),
        ]
    );
    // By the month's end the leave of the 25th has started.
    o.s.set_today(day("2026-05-31"));
    assert_eq!(
        months(&o.s.dashboard_charts(1).unwrap()),
        [("2026-05", 2, 1, 0, 1)]
    );
    // A village worker sees the same charts.
    let village = o.as_officer("测试丁");
    assert_eq!(village.dashboard_charts(1).unwrap().by_village.len(), 2);
}

#[test]
fn charts_refuse_a_number_of_months_outside_one_to_thirty_six() {
    let (mut o, _) = office(false);
    let cases: Vec<(&str, Attempt<'_>, &str)> = vec![
        (
            "no months",
            Box::new(|s| s.dashboard_charts(0).map(|_| ())),
            "invalid_input",
        ),
        (
            "37 months",
            Box::new(|s| s.dashboard_charts(37).map(|_| ())),
            "invalid_input",
        ),
    ];
    refusals(&mut o.s, cases);
    assert_eq!(o.s.dashboard_charts(36).unwrap().months.len(), 36);
}

#[test]
fn the_street_demo_charts_add_up_to_its_67_subjects() {
    let tmp = tempfile::tempdir().unwrap();
    let today = day("2026-11-22");
    let params = crate::DemoParams {
        scale: crate::Scale::Street,
        seed: 1,
        today,
    };
    let (mut s, _) = crate::demo(&tmp.path().join("a"), params, "correct horse battery").unwrap();
    s.set_today(today);
    let v = s.dashboard_charts(12).unwrap();
    assert_eq!(v.months.len(), 12);
    assert_eq!(
        (v.months[0].month.as_str(), v.months[11].month.as_str()),
        ("2025-12", "2026-11")
    );
    assert_eq!(
        v.months[11].on_register, 67,
        "every demo subject is current"
    );
    let sum = |l: &[ChartCountView]| l.iter().map(|c| c.count).sum::<u32>();
    assert_eq!((sum(&v.by_category), sum(&v.by_village)), (67, 67));
    assert!(v.by_village.len() <= 27 && v.by_village.iter().all(|c| !c.label.is_empty()));
    assert!(v.by_village.windows(2).all(|w| w[0].count >= w[1].count));
    // The demo's leaves: approved (2) and returned (1) went ahead, the requested one not;
    // its two approved proposals are one sanction each side of the ladder or both sanctions.
    let leaves: u32 = v.months.iter().map(|m| m.leaves).sum();
    let decided: u32 = v.months.iter().map(|m| m.sanctions + m.praises).sum();
    assert_eq!((leaves, decided), (3, 2));
}
