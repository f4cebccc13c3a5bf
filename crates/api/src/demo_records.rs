//! Demo records: a realistic file for every demo subject — family, resume, papers, intake,
//! plan, correction group, daily work — plus the subject's reporting dates, management level
//! and a tiny synthetic photo.
//!
//! Everything comes from the seed and the demo's `today`: no clock, no global RNG. Each kind
//! has a writer below that proposes values by field name; [`conform`] then fits the proposal
//! to the kind as `dossier_core::record` declares it (dropping fields the kind does not have,
//! filling required ones it lacks, picking valid choices), so a renamed field costs a value,
//! not the demo; a kind added to core needs a writer here (the demo test names any kind
//! missing from the street demo). Every record is dated within the subject's correction period and never
//! after `today`, and is checked with `record::validate` before it is written. Deliberately
//! not here: leave, assessments and sanctions (their own workflows).

use chrono::{Datelike, Days, NaiveDate};
use dossier_core::record::{self, DateRule, FieldType, KindSpec, RecordContext};
use dossier_core::subject::{Category, Sex, Status};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Map, Value, json};

/// The one demo subject whose file has a record in every section (pre-sentence assessment,
/// injunction and positioning are otherwise only for some), so that screenshots and the
/// end-to-end test can show a whole file.
pub const SHOWCASE: usize = 1;

/// What the record writers need to know about a subject.
#[derive(Debug, Clone)]
pub struct DemoSubject<'a> {
    pub name: &'a str,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub category: Category,
    pub status: Status,
    pub crime: Option<&'a str>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub village: &'a str,
    pub address: Option<&'a str>,
}

/// How much daily work a demo carries per subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Every month of the correction.
    Full,
    /// The file sections and the last two months only, and for finished files only the
    /// judgment and the intake (county scale, sized for benchmarks).
    Recent,
}

/// The subject columns beyond the basics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSubjectExtra {
    pub judgment_date: NaiveDate,
    pub papers_received: Option<NaiveDate>,
    pub reported_on: Option<NaiveDate>,
    pub management_level: &'static str,
}

/// One record to write: its kind, its checked fields and its date.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoRecord {
    pub kind: &'static str,
    pub date: Option<NaiveDate>,
    pub fields: std::collections::BTreeMap<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// A tiny PNG, written by hand (stored deflate blocks, CRC-32, Adler-32)
// ---------------------------------------------------------------------------------------------

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A valid 24×24 RGB PNG: a coloured square (hue from `colour`) with a head-and-shoulders
/// silhouette, about 1.8 kB.
pub fn tiny_png(colour: u8) -> Vec<u8> {
    const N: usize = 24;
    let palette = [
        [0x9c, 0xc3, 0xe6],
        [0xb5, 0xd9, 0xa8],
        [0xf2, 0xd4, 0x9b],
        [0xe6, 0xb0, 0xaa],
        [0xc9, 0xb8, 0xe6],
        [0xa8, 0xd8, 0xd8],
    ];
    let bg = palette[usize::from(colour) % palette.len()];
    let shade = 0x40 + (colour / 6) % 0x30;
    let fg = [shade, shade, shade + 0x10];
    let mut raw = Vec::with_capacity(N * (1 + 3 * N));
    for y in 0..N {
        raw.push(0); // filter: none
        for x in 0..N {
            let (dx, dy) = (x as i32 - 12, y as i32 - 9);
            let head = dx * dx + dy * dy <= 16;
            let (sx, sy) = (x as i32 - 12, y as i32 - 26);
            let shoulders = y >= 15 && sx * sx + sy * sy * 2 <= 110;
            raw.extend_from_slice(if head || shoulders { &fg } else { &bg });
        }
    }
    let mut z = vec![0x78, 0x01];
    let mut blocks = raw.chunks(65_535).peekable();
    while let Some(block) = blocks.next() {
        z.push(u8::from(blocks.peek().is_none()));
        let len = block.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(block);
    }
    z.extend_from_slice(&adler32(&raw).to_be_bytes());
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&(N as u32).to_be_bytes());
    ihdr.extend_from_slice(&(N as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    png
}

// ---------------------------------------------------------------------------------------------
// Fitting proposals to the declared kinds
// ---------------------------------------------------------------------------------------------

/// A plain value for a field nobody proposed one for.
fn filler(spec: &record::FieldSpec, date: NaiveDate, rng: &mut ChaCha8Rng) -> Value {
    match spec.ty {
        FieldType::Text => json!(match spec.name {
            n if n.contains("phone") => format!("138{:08}", rng.gen_range(0..100_000_000u32)),
            n if n.contains("name") || n.contains("person") || n.contains("by") => {
                "王建国".to_owned()
            }
            _ => "见附件材料".to_owned(),
        }),
        FieldType::LongText => json!("情况正常，按规定办理。"),
        FieldType::Date => json!(date.to_string()),
        FieldType::Time => json!("09:30"),
        FieldType::Number { min, max } => {
            let v = if min <= 1.0 && max >= 1.0 { 1.0 } else { min };
            json!(v)
        }
        FieldType::Bool => json!(false),
        FieldType::Choice(cs) => json!(cs[rng.gen_range(0..cs.len())].value),
        FieldType::Attachments => Value::Null,
    }
}

/// Fits a proposal to `kind`: unknown fields dropped, invalid choices replaced, missing
/// required fields filled, every date field set to `date` unless proposed (and valid).
pub fn conform(
    kind: &'static KindSpec,
    mut proposal: Map<String, Value>,
    date: NaiveDate,
    rng: &mut ChaCha8Rng,
) -> Map<String, Value> {
    proposal.retain(|k, v| {
        let Some(spec) = kind.field(k) else {
            return false;
        };
        match spec.ty {
            FieldType::Choice(cs) => v.as_str().is_some_and(|s| cs.iter().any(|c| c.value == s)),
            FieldType::Number { min, max } => v.as_f64().is_some_and(|n| n >= min && n <= max),
            _ => !v.is_null(),
        }
    });
    for spec in kind.fields {
        if spec.ty == FieldType::Date && kind.date_field == Some(spec.name) {
            proposal.insert(spec.name.to_owned(), json!(date.to_string()));
        }
        if spec.required && !proposal.contains_key(spec.name) {
            let v = filler(spec, date, rng);
            if !v.is_null() {
                proposal.insert(spec.name.to_owned(), v);
            }
        }
    }
    proposal
}

/// A valid example record of `kind` (for tests and documentation), for a subject whose
/// correction started 2026-01-01, dated 2026-03-02.
pub fn example(kind: &str) -> Map<String, Value> {
    let k = record::kind(kind).expect("a known kind");
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let date = NaiveDate::from_ymd_opt(2026, 3, 2).expect("valid");
    conform(k, Map::new(), date, &mut rng)
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

const RELATIONS_PARENT: &[&str] = &["父亲", "母亲"];
const WORKERS: &[&str] = &["王建国", "李秀梅", "徐志刚", "陈丽娟", "何卫东", "朱晓燕"];
const POLICE: &[&str] = &["潘警官", "周警官", "胡警官", "叶警官"];
const VOLUNTEERS: &[&str] = &["邵美华", "金海波", "汤丽芳", "应志华", "俞晓峰"];
const EMPLOYERS: &[&str] = &[
    "武义县白洋五金厂",
    "浙江某某工贸有限公司",
    "武义县某某建材店",
    "个体经营（农家乐）",
    "务农",
    "武义县某某物流有限公司",
    "无业",
];
const FINDINGS: &[&str] = &[
    "身体健康，在家务农，收入稳定，与家人关系和睦，近期表现良好。",
    "在本地工厂上班，月收入约四千元，住房稳定，无不良嗜好，能按时报到。",
    "身体状况一般，家庭经济较困难，已告知可申请临时救助；思想稳定。",
    "近期情绪稳定，遵守各项监管规定，邻里反映良好。",
    "外出务工后返乡，居住地未变，生活规律，未发现异常。",
];
const TALK_NOTES: &[&str] = &[
    "了解近期思想动态和家庭情况，重申报到和请假规定。",
    "对其近期遵规守纪情况给予肯定，提醒注意交友。",
    "针对其就业困难，介绍了镇里的招工信息。",
    "讲解社区矫正相关法律法规，对其提出的疑问逐一解答。",
];
const EDUCATION_TOPICS: &[&str] = &[
    "社区矫正法学习",
    "法治教育：民法典与日常生活",
    "道路交通安全教育",
    "防范电信网络诈骗",
    "心理健康讲座",
    "禁毒知识教育",
    "反赌教育",
];
const SERVICE_WORK: &[&str] = &[
    "村道清扫保洁",
    "垃圾分类宣传",
    "敬老院打扫卫生",
    "河道清理",
    "文明城市创建志愿服务",
];

fn pick<'a>(rng: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    items.choose(rng).copied().unwrap_or("")
}

fn map(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

/// The first day of each month from `from`'s month to `to` (inclusive).
fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(from.year(), from.month(), 1).expect("valid");
    while d <= to {
        out.push(d);
        d = d
            .checked_add_months(chrono::Months::new(1))
            .expect("in range");
    }
    out
}

pub struct RecordGen {
    rng: ChaCha8Rng,
    today: NaiveDate,
    depth: Depth,
    /// Proposals that failed their kind's check and were left out (the demo test wants 0).
    pub dropped: Vec<String>,
}

impl RecordGen {
    pub fn new(seed: u64, today: NaiveDate, depth: Depth) -> RecordGen {
        RecordGen {
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5245_434f_5244),
            today,
            depth,
            dropped: Vec::new(),
        }
    }

    /// The reporting dates and management level. `awaiting` numbers the subjects awaiting
    /// report (0 = the one overdue, 漏管).
    pub fn extra(&mut self, s: &DemoSubject<'_>, awaiting: Option<usize>) -> DemoSubjectExtra {
        let rng = &mut self.rng;
        let judgment_date = days(s.start, -rng.gen_range(0..=3));
        match awaiting {
            Some(0) => DemoSubjectExtra {
                // Papers arrived two weeks ago and the subject never came: 漏管.
                judgment_date: days(self.today, -25),
                papers_received: Some(days(self.today, -14)),
                reported_on: None,
                management_level: "strict",
            },
            Some(_) => DemoSubjectExtra {
                judgment_date,
                papers_received: Some(days(judgment_date, rng.gen_range(1..=3)).min(self.today)),
                reported_on: None,
                management_level: "strict",
            },
            None => {
                let papers = days(judgment_date, rng.gen_range(2..=8));
                let reported = days(judgment_date, rng.gen_range(1..=9));
                let served = (self.today - s.start).num_days();
                let level = if served < 61 || matches!(s.category, Category::TemporaryOutside) {
                    "strict"
                } else if rng.gen_range(0..100) < 25 {
                    "lenient"
                } else if rng.gen_range(0..100) < 12 {
                    "strict"
                } else {
                    "normal"
                };
                DemoSubjectExtra {
                    judgment_date,
                    papers_received: Some(papers),
                    reported_on: Some(reported),
                    management_level: level,
                }
            }
        }
    }

    /// Every record of one subject's file. `photo` is the subject's photo attachment, used
    /// on some visits.
    ///
    /// `level` is the subject's management level: contacts follow its frequencies (严管
    /// weekly check-ins and education, 普管 a check-in every two weeks), so a demo file is
    /// mostly up to date and the reminders show what a real office would see.
    pub fn records(&mut self, s: &DemoSubject<'_>, index: usize, level: &str) -> Vec<DemoRecord> {
        let mut out: Vec<(&'static str, Map<String, Value>, NaiveDate)> = Vec::new();
        let today = self.today;
        let last = s.end.min(today);
        let current = matches!(s.status, Status::InCorrection | Status::AwaitingReport);
        let started = s.start <= today && s.status != Status::AwaitingReport;
        let age = today.years_since(s.birth_date).unwrap_or(30);
        let minor = age < 18;
        let rng = &mut self.rng;
        let before = |n: i64| days(s.start, -n);

        // File sections.
        let spouse = if s.sex == Sex::Male {
            "妻子"
        } else {
            "丈夫"
        };
        let surname: String = s.name.chars().take(1).collect();
        let mut family = vec![(pick(rng, RELATIONS_PARENT), format!("{surname}长根"))];
        if age >= 24 {
            family.push((spouse, "徐美芳".to_owned()));
        }
        if age >= 30 && rng.gen_bool(0.7) {
            family.push(("儿子", format!("{surname}浩然")));
        }
        for (relation, name) in family {
            out.push((
                "family_member",
                map(&[
                    ("name", json!(name)),
                    ("relation", json!(relation)),
                    ("employer", json!(pick(rng, EMPLOYERS))),
                    (
                        "phone",
                        json!(format!("139{:08}", rng.gen_range(0..100_000_000u32))),
                    ),
                    ("address", json!(s.address.unwrap_or(s.village))),
                ]),
                before(1),
            ));
        }
        // Work or school, from the subject's place in the demo rather than the random
        // stream, so adding it left every other demo record as it was.
        let (status, unit, job) = match (minor, age, index % 10) {
            (true, _, _) => ("studying", "武义县职业技术学校", "学生"),
            (false, 60.., 0..=5) => ("retired", "", ""),
            (false, _, 0..=5) => ("employed", EMPLOYERS[index % EMPLOYERS.len()], "工人"),
            (false, _, 6..=8) => ("unemployed", "", ""),
            _ => ("unable", "", ""),
        };
        let mut work = map(&[("status", json!(status))]);
        for (k, v) in [("unit", unit), ("job", job)] {
            if !v.is_empty() {
                work.insert(k.to_owned(), json!(v));
            }
        }
        out.push(("employment", work, before(1)));
        let school_end = s.birth_date.year() + 16;
        let school_from = NaiveDate::from_ymd_opt(school_end, 9, 1).unwrap_or(s.birth_date);
        let school_to = NaiveDate::from_ymd_opt(school_end + 3, 6, 30).unwrap_or(s.birth_date);
        out.push((
            "resume_entry",
            map(&[
                ("from", json!(school_from.to_string())),
                ("to", json!(school_to.min(today).to_string())),
                ("place", json!("武义县某某中学")),
                ("position", json!("学生")),
                ("witness", json!("班主任")),
            ]),
            school_from,
        ));
        if !minor {
            let job = pick(rng, EMPLOYERS);
            let from = days(school_to, 1);
            if from < s.start {
                out.push((
                    "resume_entry",
                    map(&[
                        ("from", json!(from.to_string())),
                        ("to", json!(days(s.start, -30).max(from).to_string())),
                        ("place", json!(job)),
                        (
                            "position",
                            json!(if job == "务农" { "农民" } else { "工人" }),
                        ),
                    ]),
                    from,
                ));
            }
        }
        let court = if s.category == Category::Parole {
            "金华市中级人民法院"
        } else {
            "武义县人民法院"
        };
        let case_no = format!(
            "（{}）浙07{}刑{}{}号",
            s.start.year(),
            if s.category == Category::Parole {
                ""
            } else {
                "23"
            },
            if s.category == Category::Parole {
                "更"
            } else {
                "初"
            },
            rng.gen_range(10..900)
        );
        let received = days(s.start, 2).min(today);
        for (doc, issuer) in [
            ("judgment", court),
            ("execution_notice", court),
            ("closing_form", court),
            ("correction_notice", "武义县社区矫正管理局"),
        ] {
            out.push((
                "legal_document",
                map(&[
                    ("doc_type", json!(doc)),
                    ("doc_no", json!(case_no)),
                    ("issued_by", json!(issuer)),
                    (
                        "issued_on",
                        json!(days(s.start, -3).min(received).to_string()),
                    ),
                    ("received_on", json!(received.to_string())),
                ]),
                received,
            ));
        }
        if index % 4 == 1 {
            let on = days(s.start, -40);
            out.push((
                "pre_assessment",
                map(&[
                    ("commissioned_by", json!("武义县人民法院")),
                    ("commissioned_on", json!(on.to_string())),
                    ("expedited", json!(false)),
                    ("deadline", json!(days(on, 14).to_string())),
                    ("opinion", json!("suitable")),
                    ("submitted_on", json!(days(on, 9).to_string())),
                ]),
                on,
            ));
        }
        let crime = s.crime.unwrap_or("危险驾驶罪");
        if started {
            let intake = days(s.start, rng.gen_range(0..=5)).min(last);
            let worker = pick(rng, WORKERS);
            out.push((
                "intake",
                map(&[
                    ("handover_on", json!(intake.to_string())),
                    ("handed_over_by", json!(pick(rng, POLICE))),
                    ("first_talk_on", json!(intake.to_string())),
                    ("announced_on", json!(days(intake, 1).min(last).to_string())),
                    ("fingerprints", json!(true)),
                    ("first_talk_done", json!(true)),
                    ("profile_complete", json!(true)),
                    ("group_formed", json!(true)),
                    ("plan_made", json!(true)),
                    ("letters_printed", json!(true)),
                    ("volunteer_agreement", json!(rng.gen_bool(0.9))),
                    ("supervisor_named", json!(true)),
                    (
                        "notes",
                        json!(format!("宣告矫正判决（{crime}）、矫正期限和应遵守的规定。")),
                    ),
                ]),
                intake,
            ));
            out.push((
                "talk",
                map(&[
                    ("start_time", json!("09:00")),
                    ("end_time", json!("09:40")),
                    ("place", json!("司法所谈话室")),
                    ("talker", json!(worker)),
                    ("recorder", json!(pick(rng, WORKERS))),
                    ("first_talk", json!(true)),
                    (
                        "notes",
                        json!("首次谈话：了解犯罪经过、家庭和就业情况，告知报到、请假等规定。"),
                    ),
                ]),
                intake,
            ));
            out.push((
                "correction_plan",
                map(&[
                    (
                        "supervision",
                        json!("每月到司法所报到，每周电话报告，严格遵守请假规定。"),
                    ),
                    (
                        "education",
                        json!("每月参加集中教育不少于8小时，个别教育每月一次。"),
                    ),
                    ("assistance", json!("协助联系就业，符合条件的纳入低保。")),
                    ("other", json!("关注家庭关系和心理状态。")),
                    ("made_by", json!(worker)),
                ]),
                days(intake, 3).min(last),
            ));
            if (self.today - s.start).num_days() > 200 {
                out.push((
                    "correction_plan",
                    map(&[
                        ("reason", json!("表现稳定，调整管理措施")),
                        ("supervision", json!("每月报到一次，每两周电话报告。")),
                        ("education", json!("每月参加集中教育不少于4小时。")),
                        ("assistance", json!("继续跟踪就业情况。")),
                        ("made_by", json!(worker)),
                    ]),
                    days(s.start, 185).min(last),
                ));
            }
            let roles = [
                ("office_staff", worker),
                ("police", pick(rng, POLICE)),
                ("volunteer", pick(rng, VOLUNTEERS)),
                ("village_staff", "村委会治保主任"),
                ("family", "家属"),
            ];
            let responsible = rng.gen_range(0..2);
            for (i, (role, name)) in roles.into_iter().enumerate() {
                let name = if role == "family" {
                    format!("{surname}长根")
                } else {
                    name.to_owned()
                };
                out.push((
                    "group_member",
                    map(&[
                        ("name", json!(name)),
                        ("role", json!(role)),
                        ("responsible", json!(i == responsible)),
                        (
                            "phone",
                            json!(format!("137{:08}", rng.gen_range(0..100_000_000u32))),
                        ),
                        ("joined_on", json!(days(intake, 1).min(last).to_string())),
                    ]),
                    days(intake, 1).min(last),
                ));
            }
            // A woman in the group of a female subject, a youth worker in a minor's (Art 25).
            if s.sex == Sex::Female || minor {
                out.push((
                    "group_member",
                    map(&[
                        ("name", json!("陈丽娟")),
                        ("role", json!("social_worker")),
                        ("sex", json!("female")),
                        ("joined_on", json!(days(intake, 1).min(last).to_string())),
                    ]),
                    days(intake, 1).min(last),
                ));
            }
            out.push((
                "guardian",
                map(&[
                    ("name", json!(format!("{surname}长根"))),
                    ("relation", json!(pick(rng, RELATIONS_PARENT))),
                    (
                        "phone",
                        json!(format!("135{:08}", rng.gen_range(0..100_000_000u32))),
                    ),
                    ("address", json!(s.address.unwrap_or(s.village))),
                    ("legal_guardian", json!(minor)),
                ]),
                days(intake, 1).min(last),
            ));
            if index % 9 == 2 || index == SHOWCASE {
                out.push((
                    "injunction",
                    map(&[
                        ("ban_type", json!("places")),
                        ("content", json!("禁止进入酒吧、夜总会、网吧等娱乐场所")),
                        ("from", json!(s.start.to_string())),
                        ("to", json!(s.end.to_string())),
                        ("decided_by", json!(court)),
                    ]),
                    s.start,
                ));
            }
            if (index % 17 == 5 || index == SHOWCASE) && current {
                let from = days(last, -40).max(s.start);
                out.push((
                    "positioning",
                    map(&[
                        ("reason", json!("missed_reports")),
                        ("approved_by", json!("武义县社区矫正管理局")),
                        (
                            "approved_on",
                            json!(days(from, -1).max(s.start).to_string()),
                        ),
                        ("from", json!(from.to_string())),
                        ("to", json!(days(from, 85).to_string())),
                        (
                            "device_no",
                            json!(format!("WY-{:05}", rng.gen_range(0..100_000))),
                        ),
                    ]),
                    from,
                ));
            }

            // Daily work.
            let first_month = match self.depth {
                Depth::Full => s.start,
                Depth::Recent => days(last, -60).max(s.start),
            };
            for (i, m) in months(first_month, last).into_iter().enumerate() {
                let in_month = |off: i64| days(m, off).max(s.start).min(last);
                out.push((
                    "checkin",
                    map(&[
                        ("form", json!("in_person")),
                        (
                            "punctuality",
                            json!(if rng.gen_bool(0.95) {
                                "on_time"
                            } else {
                                "late"
                            }),
                        ),
                        (
                            "content",
                            json!("按时到司法所报到，汇报本月工作、生活和思想情况。"),
                        ),
                    ]),
                    in_month(rng.gen_range(2..10)),
                ));
                out.push((
                    "checkin",
                    map(&[
                        ("form", json!("thought_report")),
                        ("punctuality", json!("on_time")),
                        ("content", json!("提交书面思想汇报。")),
                    ]),
                    in_month(rng.gen_range(20..28)),
                ));
                // Phone check-ins between the monthly visits to the office: every two
                // weeks, weekly for 严管.
                let phone_days: &[i64] = match level {
                    "strict" => &[8, 15, 22, 29],
                    "normal" => &[16],
                    _ => &[],
                };
                for &d in phone_days {
                    if days(m, d) > last || days(m, d).month() != m.month() {
                        continue;
                    }
                    out.push((
                        "checkin",
                        map(&[
                            ("form", json!("phone")),
                            ("punctuality", json!("on_time")),
                            ("content", json!("电话报告近况，情况正常。")),
                        ]),
                        in_month(d),
                    ));
                    if level == "strict" {
                        out.push((
                            "education",
                            map(&[
                                ("form", json!("individual")),
                                ("content", json!("个别教育：遵规守纪谈话")),
                                ("hours", json!(1)),
                                ("attendance", json!("attended")),
                            ]),
                            in_month(d),
                        ));
                    }
                }
                out.push((
                    "education",
                    map(&[
                        ("form", json!("group")),
                        ("content", json!(pick(rng, EDUCATION_TOPICS))),
                        ("hours", json!(rng.gen_range(2..=4))),
                        (
                            "attendance",
                            json!(if rng.gen_bool(0.97) {
                                "attended"
                            } else {
                                "absent"
                            }),
                        ),
                    ]),
                    in_month(rng.gen_range(10..18)),
                ));
                // A visit in the first month, then in most months.
                if i == 0 || rng.gen_bool(0.6) {
                    let place = if rng.gen_bool(0.7) {
                        "home"
                    } else {
                        "community"
                    };
                    out.push((
                        "visit",
                        map(&[
                            ("place", json!(place)),
                            (
                                "visitors",
                                json!(format!("{}、{}", pick(rng, WORKERS), pick(rng, POLICE))),
                            ),
                            (
                                "met",
                                json!(if rng.gen_bool(0.7) {
                                    "本人及家属"
                                } else {
                                    "本人"
                                }),
                            ),
                            ("reason", json!("日常走访")),
                            ("findings", json!(pick(rng, FINDINGS))),
                            ("outcome", json!("继续做好日常监管。")),
                        ]),
                        in_month(rng.gen_range(12..26)),
                    ));
                }
                if rng.gen_bool(0.4) {
                    out.push((
                        "talk",
                        map(&[
                            ("talker", json!(pick(rng, WORKERS))),
                            ("recorder", json!(pick(rng, WORKERS))),
                            ("start_time", json!("09:30")),
                            ("end_time", json!("10:10")),
                            ("place", json!("司法所谈话室")),
                            ("notes", json!(pick(rng, TALK_NOTES))),
                        ]),
                        in_month(rng.gen_range(5..25)),
                    ));
                }
                if rng.gen_bool(0.5) {
                    out.push((
                        "community_service",
                        map(&[
                            ("place", json!(s.village)),
                            ("work", json!(pick(rng, SERVICE_WORK))),
                            ("hours", json!(rng.gen_range(2..=6))),
                        ]),
                        in_month(rng.gen_range(15..28)),
                    ));
                }
                if s.category == Category::TemporaryOutside {
                    let d = in_month(rng.gen_range(20..28));
                    let re = m.month() % 3 == 0;
                    out.push((
                        "health_report",
                        map(&[
                            ("hospital", json!("武义县第一人民医院")),
                            ("condition", json!("病情稳定，继续治疗。")),
                            ("reexamination", json!(re)),
                            (
                                "next_due",
                                json!(days(d, if re { 91 } else { 30 }).to_string()),
                            ),
                        ]),
                        d,
                    ));
                }
            }
            // The "four ones" of a sensitive period: the last Spring Festival or National Day
            // within the correction.
            for (month, day) in [(9, 25), (1, 20)] {
                let y = if (today.month(), today.day()) >= (month, day) {
                    today.year()
                } else {
                    today.year() - 1
                };
                let Some(d) = NaiveDate::from_ymd_opt(y, month, day) else {
                    continue;
                };
                if d < first_month || d > last {
                    continue;
                }
                for (place, reason) in [("community", "敏感时期社区走访"), ("home", "敏感时期家访")]
                {
                    out.push((
                        "visit",
                        map(&[
                            ("place", json!(place)),
                            ("visitors", json!(pick(rng, WORKERS))),
                            ("met", json!("本人及家属")),
                            ("reason", json!(reason)),
                            ("findings", json!(pick(rng, FINDINGS))),
                            ("four_ones", json!(true)),
                        ]),
                        d,
                    ));
                }
                out.push((
                    "talk",
                    map(&[
                        ("talker", json!(pick(rng, WORKERS))),
                        ("place", json!("司法所谈话室")),
                        ("notes", json!("敏感时期面对面谈话，重申外出须请假。")),
                        ("four_ones", json!(true)),
                    ]),
                    days(d, 1).min(last),
                ));
                out.push((
                    "talk",
                    map(&[
                        ("talker", json!("心理咨询师")),
                        ("place", json!("司法所心理咨询室")),
                        ("counselling", json!(true)),
                        ("notes", json!("敏感时期心理疏导，情绪平稳。")),
                        ("four_ones", json!(true)),
                    ]),
                    days(d, 2).min(last),
                ));
                break;
            }
            if index % 31 == 7 && current {
                out.push((
                    "emergency",
                    map(&[
                        ("event_type", json!("absconding")),
                        (
                            "description",
                            json!("电话无法联系超过24小时，已组织查找，次日找回。"),
                        ),
                        ("reported_to", json!("武义县社区矫正管理局")),
                        ("reported_at", json!("16:20")),
                        ("outcome", json!("已找回，予以训诫。")),
                    ]),
                    days(last, -rng.gen_range(5..40)).max(s.start),
                ));
            }
            // The showcase file has one too, so it holds every kind of record.
            if (index % 31 == 7 || index == SHOWCASE) && current {
                out.push((
                    "violation",
                    map(&[
                        ("violation_type", json!("lost_contact")),
                        ("description", json!("手机关机，电话无法联系超过24小时。")),
                        ("days", json!(1)),
                        ("found_by", json!("村社区矫正工作者")),
                        ("handling", json!("次日找回，已提请训诫。")),
                    ]),
                    days(last, -rng.gen_range(5..40)).max(s.start),
                ));
            }
        }

        // At county scale, finished files keep only their first sections.
        let brief = self.depth == Depth::Recent && !current;
        if brief {
            out.retain(|(k, p, _)| {
                *k == "intake"
                    || (*k == "legal_document" && p.get("doc_type") == Some(&json!("judgment")))
            });
        }
        if minor {
            // A minor's file: no positioning, no injunction against bars.
            out.retain(|(k, _, _)| !matches!(*k, "positioning"));
        }
        let mut records = Vec::new();
        for (name, proposal, date) in out {
            let Some(kind) = record::kind(name) else {
                continue;
            };
            let date = match kind.date_rule {
                DateRule::Any => date,
                DateRule::NotFuture => date.min(today),
                DateRule::DuringCorrection => date.max(s.start).min(last),
            };
            if kind.date_rule == DateRule::DuringCorrection && (s.start > today || !started) {
                continue;
            }
            let data = conform(kind, proposal, date, &mut self.rng);
            let ctx = RecordContext {
                correction_start: s.start,
                today,
            };
            match record::validate(kind, &data, &ctx) {
                Ok(v) => records.push(DemoRecord {
                    kind: kind.name,
                    date: v.date,
                    fields: v.fields,
                }),
                // A proposal a changed kind cannot take: left out rather than failing the
                // whole demo; the demo test insists nothing is dropped.
                Err(e) => self.dropped.push(format!("{name}: {e}")),
            }
        }
        records
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_png_is_a_valid_png() {
        let png = tiny_png(3);
        assert!(png.starts_with(&[0x89, b'P', b'N', b'G']));
        assert!(png.len() < 2_500, "{}", png.len());
        // Every chunk's CRC holds.
        let mut i = 8;
        while i < png.len() {
            let len = u32::from_be_bytes(png[i..i + 4].try_into().unwrap()) as usize;
            let crc = u32::from_be_bytes(png[i + 8 + len..i + 12 + len].try_into().unwrap());
            assert_eq!(crc32(&png[i + 4..i + 8 + len]), crc);
            i += 12 + len;
        }
        assert_eq!(i, png.len());
        assert_ne!(tiny_png(1), tiny_png(2));
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn every_kind_has_a_valid_example() {
        for k in record::kinds() {
            let ctx = RecordContext {
                correction_start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                today: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            };
            record::validate(k, &example(k.name), &ctx)
                .unwrap_or_else(|e| panic!("{}: {e}", k.name));
        }
    }
}
