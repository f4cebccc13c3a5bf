//! Ledgers and reports printed from the demo archives: every ledger in every format, read
//! back (PDF through poppler, XLSX through calamine); the statistics against a hand-counted
//! fixture; and every refusal, with nothing written.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::view::{ReportRequest, ReportSaved};
use crate::{DemoParams, Env, Scale, Session, demo};

const PASS: &str = "correct horse battery";
const TODAY: (i32, u32, u32) = (2026, 11, 22);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

fn env() -> Env {
    Env::fixed(1_795_300_000_000, 11)
}

struct Demo {
    tmp: tempfile::TempDir,
    session: Session,
}

fn street() -> Demo {
    let tmp = tempfile::tempdir().unwrap();
    let params = DemoParams {
        scale: Scale::Street,
        seed: 1,
        today: today(),
    };
    let (mut session, _) = demo(&tmp.path().join("a"), params, PASS).unwrap();
    session.set_today(today());
    Demo { tmp, session }
}

fn req(ledger: &str, period: Option<&str>, format: &str) -> ReportRequest {
    ReportRequest {
        ledger: ledger.into(),
        period: period.map(Into::into),
        jurisdiction: None,
        subject_id: None,
        format: format.into(),
    }
}

/// Saves a report into the demo's folder and returns what was saved and the file's path.
fn save(d: &mut Demo, r: &ReportRequest) -> crate::Result<(ReportSaved, PathBuf)> {
    let out = d.tmp.path().join(format!("{}.{}", r.ledger, r.format));
    let mut stages = Vec::new();
    let saved = d
        .session
        .report_save(r, &out, &mut env(), &mut |p| stages.push(p.stage))?;
    assert_eq!(stages, ["collect", "typeset", "write", "done"]);
    Ok((saved, out))
}

fn csv_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.starts_with('\u{feff}'), "CSV starts with a BOM");
    text.trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Runs a poppler tool (poppler-utils) on a PDF file and returns what it printed.
fn poppler(tool: &str, path: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{tool} failed on {}", path.display());
    String::from_utf8(out.stdout).unwrap()
}

/// Text without whitespace (typst spaces CJK from digits; pdftotext keeps what it likes).
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The rows of the only worksheet of an XLSX file, as text.
fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range("台账").unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// Checks one saved report in its format: the PDF's page count against `pdfinfo` and its
/// header row on every page, the spreadsheet's and the CSV's rows against what was saved.
/// Returns the document's text (squeezed) for further checks.
fn read_back(saved: &ReportSaved, path: &Path, format: &str, header: &[String]) -> String {
    match format {
        "pdf" => {
            let info = poppler("pdfinfo", path, &[]);
            let pages = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .map(|p| p.trim().parse::<u32>().unwrap())
                .unwrap();
            assert_eq!(Some(pages), saved.pages, "{}", path.display());
            let text = poppler("pdftotext", path, &["-layout"]);
            let page_texts: Vec<String> = text
                .split('\u{c}')
                .map(squeeze)
                .filter(|p| !p.is_empty())
                .collect();
            assert_eq!(page_texts.len() as u32, pages);
            for (i, p) in page_texts.iter().enumerate() {
                for h in header {
                    assert!(
                        p.contains(&squeeze(h)),
                        "{}: header {h} on page {}",
                        path.display(),
                        i + 1
                    );
                }
                assert!(p.contains(&format!("第{}页共{pages}页", i + 1)));
            }
            squeeze(&text)
        }
        "xlsx" => {
            let rows = xlsx_rows(path);
            let at = rows
                .iter()
                .position(|r| r.first().map(String::as_str) == Some(header[0].as_str()))
                .expect("the header row");
            assert_eq!(rows[at][..header.len()], header[..]);
            let data = rows[at + 1..]
                .iter()
                .filter(|r| r.iter().any(|c| !c.is_empty()));
            assert_eq!(data.count() as u32, saved.rows, "{}", path.display());
            squeeze(&rows.concat().concat())
        }
        _ => {
            let lines = csv_lines(path);
            assert!(lines[0].starts_with(&header.join(",")), "{}", lines[0]);
            squeeze(&lines.concat())
        }
    }
}

/// The first columns of each ledger's table, as printed.
fn header_of(ledger: &str) -> Vec<String> {
    let h: &[&str] = match ledger {
        "roster" | "key_subject" => &["序号", "档案编号", "姓名"],
        "monthly_stats" => &["类别", "项目", "人数"],
        "correction_group" => &["序号", "矫正对象", "村（社区）"],
        "volunteer" | "training" | "meeting" => &["序号", "登记单位"],
        _ => &["序号", "姓名", "村（社区）"],
    };
    h.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn every_ledger_in_every_format_reads_back() {
    let mut d = street();
    let subjects = d.session.subject_list().unwrap();
    let names: Vec<String> = subjects.iter().map(|s| s.name.clone()).collect();
    let with_rows_and_names = [
        "roster",
        "visit",
        "talk",
        "thought_report",
        "education",
        "public_service",
        "key_subject",
        "correction_group",
    ];
    for ledger in crate::ledger_views() {
        for format in ["pdf", "xlsx", "csv"] {
            let mut r = req(&ledger.id, Some("2026-11"), format);
            if ledger.needs_subject {
                r.subject_id = Some(subjects[0].file_no.clone());
            }
            let (saved, path) = save(&mut d, &r).unwrap();
            assert!(saved.bytes > 0 && std::fs::metadata(&path).unwrap().len() == saved.bytes);
            if ledger.id == "personal_file" {
                if format == "pdf" {
                    let text = squeeze(&poppler("pdftotext", &path, &["-layout"]));
                    for section in [
                        "一、基本信息",
                        "二、犯罪及判决情况",
                        "矫正小组成员",
                        "走访",
                        "请假外出",
                        "月度考核",
                        "解除、终止矫正",
                    ] {
                        assert!(text.contains(section), "the file has {section}");
                    }
                    assert!(text.contains(&subjects[0].name));
                }
                continue;
            }
            let text = read_back(&saved, &path, format, &header_of(&ledger.id));
            if with_rows_and_names.contains(&ledger.id.as_str()) {
                assert!(saved.rows > 0, "{} has rows in November", ledger.id);
                assert!(
                    names.iter().any(|n| text.contains(n.as_str())),
                    "{} {format} shows demo names",
                    ledger.id
                );
            }
        }
    }
}

#[test]
fn a_long_ledger_runs_over_pages_with_its_header_on_each() {
    let mut d = street();
    let (saved, path) = save(&mut d, &req("correction_group", None, "pdf")).unwrap();
    assert!(saved.pages.unwrap() > 3, "{saved:?}");
    read_back(&saved, &path, "pdf", &header_of("correction_group"));
}

#[test]
fn an_empty_month_is_an_empty_ledger_with_its_header() {
    let mut d = street();
    for format in ["pdf", "xlsx", "csv"] {
        let (saved, path) = save(&mut d, &req("visit", Some("2019-01"), format)).unwrap();
        assert_eq!(saved.rows, 0);
        let text = read_back(&saved, &path, format, &header_of("visit"));
        if format == "pdf" {
            assert_eq!(saved.pages, Some(1));
            assert!(text.contains("本期无记录"));
        }
    }
}

#[test]
fn a_preview_is_the_first_pages_as_png() {
    let mut d = street();
    let p = d
        .session
        .report_preview(&req("roster", Some("2026-11"), "pdf"), 2, &mut env())
        .unwrap();
    assert_eq!(p.pages.len(), 2);
    assert!(p.total_pages > 2);
    assert!(p.pages[0].starts_with("data:image/png;base64,iVBOR"));
    assert_eq!(p.rows, 67);
}

/// Every refusal has its code, and nothing is written: not the file, not a temporary one.
#[test]
fn refusals_write_nothing() {
    let mut d = street();
    let folder = d.tmp.path().join("out");
    std::fs::create_dir(&folder).unwrap();
    let file = folder.join("r.pdf");
    type Case = (&'static str, fn(&mut ReportRequest), &'static str);
    let cases: &[Case] = &[
        (
            "an unknown ledger",
            |r| r.ledger = "payroll".into(),
            "unknown_ledger",
        ),
        (
            "an unknown format",
            |r| r.format = "docx".into(),
            "unknown_format",
        ),
        (
            "a month written wrong",
            |r| r.period = Some("2026-13".into()),
            "invalid_input",
        ),
        (
            "a month written loosely",
            |r| r.period = Some("2026-1".into()),
            "invalid_input",
        ),
        (
            "another street",
            |r| r.jurisdiction = Some("330723002".into()),
            "outside_scope",
        ),
        (
            "the whole county from a street office",
            |r| r.jurisdiction = Some("330723".into()),
            "outside_scope",
        ),
        (
            "a made-up code",
            |r| r.jurisdiction = Some("330723001999".into()),
            "unknown_jurisdiction",
        ),
        (
            "a personal file without a subject",
            |r| r.ledger = "personal_file".into(),
            "invalid_input",
        ),
        (
            "a personal file of no one",
            |r| {
                r.ledger = "personal_file".into();
                r.subject_id = Some("330723001-1999-0001".into());
            },
            "not_found",
        ),
    ];
    for (what, edit, code) in cases {
        let mut r = req("roster", Some("2026-11"), "pdf");
        edit(&mut r);
        let err = d
            .session
            .report_save(&r, &file, &mut env(), &mut |_| {})
            .unwrap_err();
        assert_eq!(err.code(), *code, "{what}: {err}");
        assert!(
            std::fs::read_dir(&folder).unwrap().next().is_none(),
            "{what}: nothing written"
        );
    }
    let paths: &[(&str, PathBuf)] = &[
        (
            "a folder that does not exist",
            folder.join("missing").join("r.pdf"),
        ),
        ("a folder, not a file", folder.clone()),
    ];
    for (what, path) in paths {
        let err = d
            .session
            .report_save(&req("roster", None, "csv"), path, &mut env(), &mut |_| {})
            .unwrap_err();
        assert_eq!(err.code(), "cannot_write", "{what}: {err}");
        assert!(
            std::fs::read_dir(&folder).unwrap().next().is_none(),
            "{what}: nothing written"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_is_refused_and_left_empty() {
    use std::os::unix::fs::PermissionsExt;
    let mut d = street();
    let folder = d.tmp.path().join("locked");
    std::fs::create_dir(&folder).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(folder.join("probe"), b"x").is_ok() {
        // Root writes anywhere; the case cannot be made here.
        std::fs::remove_file(folder.join("probe")).unwrap();
        return;
    }
    let err = d
        .session
        .report_save(
            &req("roster", None, "csv"),
            &folder.join("r.csv"),
            &mut env(),
            &mut |_| {},
        )
        .unwrap_err();
    assert_eq!(err.code(), "cannot_write");
    assert!(std::fs::read_dir(&folder).unwrap().next().is_none());
}

#[test]
fn minors_are_marked_for_the_office_and_left_out_for_villages() {
    use crate::tests_workflow::{office, on};
    let (mut o, adult) = office(true);
    let minor_id = dossier_core::idnumber::IdNumber::compose(
        "330723",
        NaiveDate::from_ymd_opt(2010, 3, 3).unwrap(),
        7,
    )
    .unwrap()
    .to_string();
    let text = serde_json::json!({
        "name": "少年甲", "id_number": minor_id, "jurisdiction": "330723001202",
        "category": "缓刑", "correction_start": "2026-01-01", "correction_end": "2027-01-01",
    })
    .to_string();
    let minor =
        o.s.subject_add(
            crate::parse_new_subject(&text).unwrap(),
            &mut on("2026-01-02"),
        )
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let roster = |s: &mut Session| {
        let out = tmp.path().join("r.csv");
        s.report_save(
            &req("roster", Some("2026-11"), "csv"),
            &out,
            &mut on("2026-11-18"),
            &mut |_| {},
        )
        .unwrap();
        csv_lines(&out).concat()
    };
    let office_view = roster(&mut o.s);
    assert!(
        office_view.contains("少年甲（未成年·封存）"),
        "{office_view}"
    );
    assert!(office_view.contains("测试1"));
    let mut village = o.as_officer("测试丁");
    let village_view = roster(&mut village);
    assert!(!village_view.contains("少年甲"), "{village_view}");
    assert!(village_view.contains("测试1"));
    let mut file = req("personal_file", None, "pdf");
    file.subject_id = Some(minor.id.clone());
    let err = village
        .report_save(
            &file,
            &tmp.path().join("f.pdf"),
            &mut on("2026-11-18"),
            &mut |_| {},
        )
        .unwrap_err();
    assert_eq!(err.code(), "sealed");
    file.subject_id = Some(adult);
    village
        .report_save(
            &file,
            &tmp.path().join("f.pdf"),
            &mut on("2026-11-18"),
            &mut |_| {},
        )
        .unwrap();
}

#[test]
fn the_roster_as_csv_lists_the_street() {
    let mut d = street();
    let (saved, path) = save(&mut d, &req("roster", Some("2026-11"), "csv")).unwrap();
    let lines = csv_lines(&path);
    assert!(lines[0].starts_with("序号,档案编号,姓名,性别,身份证号"));
    assert_eq!(saved.rows as usize, lines.len() - 1);
    assert!(
        saved.rows > 30,
        "most of the 67 demo subjects overlap November"
    );
    assert_eq!(saved.pages, None);
}

/// The statistics of a small street, counted by hand (see the comments for who counts
/// where). November 2026; the office's day is the 22nd.
#[test]
fn the_monthly_statistics_match_a_hand_count() {
    use crate::tests_workflow::on;
    let tmp = tempfile::tempdir().unwrap();
    let params = crate::InitParams {
        role: dossier_core::officer::SiteRole::Office,
        jurisdiction: "330723001".into(),
        officer_name: "统计员".into(),
    };
    let mut s = crate::init(&tmp.path().join("a"), params, PASS, &mut on("2026-01-01")).unwrap();
    s.set_today(today());
    let mut add = |n: u16, born: &str, extra: serde_json::Value| -> String {
        let id = dossier_core::idnumber::IdNumber::compose("330723", born.parse().unwrap(), n)
            .unwrap()
            .to_string();
        let mut v = serde_json::json!({"name": format!("统计{n}"), "id_number": id});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        s.subject_add(
            crate::parse_new_subject(&v.to_string()).unwrap(),
            &mut on("2026-11-22"),
        )
        .unwrap()
        .id
    };
    use serde_json::json;
    // A: male (odd sequence), Han, urban community, 36, 初中, theft: on both registers.
    let a = add(
        1,
        "1990-01-01",
        json!({"jurisdiction": "330723001001", "category": "缓刑",
        "education": "初中", "crime": "盗窃罪",
        "correction_start": "2026-01-01", "correction_end": "2027-01-01"}),
    );
    // B: female, Hui, rural, 66, 大学本科, assault: new on 10 November.
    add(
        2,
        "1960-05-05",
        json!({"jurisdiction": "330723001202", "category": "假释",
        "ethnicity": "回族", "education": "大学本科", "crime": "故意伤害罪",
        "correction_start": "2026-11-10", "correction_end": "2027-05-09"}),
    );
    // C: male, rural, 51, 小学, drunk driving: released on 15 November (term completed).
    let c = add(
        3,
        "1975-03-03",
        json!({"jurisdiction": "330723001206", "category": "管制",
        "education": "小学", "crime": "危险驾驶罪", "status": "released",
        "correction_start": "2025-11-01", "correction_end": "2026-11-15"}),
    );
    // D: female, urban, 17 at the month's end, 高中, robbery (violent): on both registers.
    let d = add(
        4,
        "2009-06-01",
        json!({"jurisdiction": "330723001002", "category": "暂予监外执行",
        "education": "高中", "crime": "抢劫罪",
        "correction_start": "2026-06-01", "correction_end": "2027-06-01"}),
    );
    // E: awaiting report: on no register, not new.
    add(
        5,
        "1985-01-01",
        json!({"jurisdiction": "330723001202", "category": "缓刑",
        "status": "awaiting_report",
        "correction_start": "2026-11-20", "correction_end": "2027-11-19"}),
    );
    // F: released in March: only in the running totals.
    add(
        7,
        "1970-01-01",
        json!({"jurisdiction": "330723001202", "category": "缓刑",
        "status": "released",
        "correction_start": "2025-01-01", "correction_end": "2026-03-01"}),
    );
    // A works; D is in school; B's file does not say (未登记). C, off the register, works.
    for (who, status) in [(&a, "employed"), (&d, "就学"), (&c, "employed")] {
        let data = json!({"status": status}).as_object().cloned().unwrap();
        s.record_add(who, "employment", data, &mut on("2026-11-22"))
            .unwrap();
    }
    // A re-offended in November; D absconded in August; A was praised in November.
    let emergency = |t: &str, date: &str| {
        json!({"date": date, "event_type": t, "description": "经过", "reported_to": "县局"})
            .as_object()
            .cloned()
            .unwrap()
    };
    s.record_add(
        &a,
        "emergency",
        emergency("reoffending", "2026-11-05"),
        &mut on("2026-11-22"),
    )
    .unwrap();
    s.record_add(
        &d,
        "emergency",
        emergency("absconding", "2026-08-01"),
        &mut on("2026-11-22"),
    )
    .unwrap();
    let ask: crate::view::ProposalInput = serde_json::from_value(json!({
        "matter": "sanction", "step": "praise", "facts": "见义勇为", "grounds": "第三十三条"
    }))
    .unwrap();
    let p = s.propose(&a, ask, &mut on("2026-11-03")).unwrap();
    let decision = crate::view::DecisionInput {
        approve: true,
        facts: "属实".into(),
        grounds: "同意".into(),
        doc_no: "武司矫奖〔2026〕1号".into(),
        evidence: vec![],
    };
    s.decide(&p.id, decision, &mut on("2026-11-04")).unwrap();

    let out = tmp.path().join("stats.csv");
    s.report_save(
        &req("monthly_stats", Some("2026-11"), "csv"),
        &out,
        &mut env(),
        &mut |_| {},
    )
    .unwrap();
    let got = csv_lines(&out);
    let expected = [
        "类别,项目,人数",
        "在册人数,上月末在册,3",       // A C D
        "在册人数,本月末在册,3",       // A B D
        "本月变动,本月新增（入矫）,1", // B
        "本月变动,期满解除,1",         // C
        "本月变动,收监执行,0",
        "本月变动,死亡,0",
        "本月变动,其他（赦免等）,0",
        "矫正类别,管制,0",
        "矫正类别,缓刑,1",
        "矫正类别,假释,1",
        "矫正类别,暂予监外执行,1",
        "犯罪类型,暴力犯罪,2", // B D
        "犯罪类型,侵财犯罪,1", // A
        "犯罪类型,其他犯罪,0",
        "性别,男,1",
        "性别,女,2",
        "民族,汉族,2",
        "民族,少数民族,1",
        "城乡,城镇（居委会）,2", // A D
        "城乡,农村（村委会）,1",
        "年龄,18岁以下,1", // D
        "年龄,18至45岁,1", // A
        "年龄,46至60岁,0",
        "年龄,61岁以上,1", // B
        "文化程度,大专及以上,1",
        "文化程度,高中（含中专）,1",
        "文化程度,初中,1",
        "文化程度,小学及以下,0",
        "文化程度,未登记,0",
        "就业就学,就业,1",
        "就业就学,就学,1",
        "就业就学,无业,0",
        "就业就学,离退休,0",
        "就业就学,丧失劳动能力,0",
        "就业就学,未登记,1",
        "本月奖惩,表扬,1",
        "本月奖惩,训诫,0",
        "本月奖惩,警告,0",
        "本月奖惩,提请治安管理处罚,0",
        "本月奖惩,提请撤销缓刑/假释,0",
        "本月奖惩,收监执行,0",
        "重新犯罪,本月重新犯罪,1",
        "脱管,截至月末累计脱管（人次）,1",
        "累计,累计接收,5",       // A B C D F
        "累计,累计解除、终止,2", // C F
    ];
    assert_eq!(got, expected);
}
