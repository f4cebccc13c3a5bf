//! Demo data: deterministic, synthetic subjects for the demo archive, screenshots, tests and
//! benchmarks. [`generate`] builds them from its inputs alone (scale, seed, `today`, the
//! division list): no clock, no global RNG, so the same inputs always give the same people.
//! [`Scale::Street`] is Baiyang Street as its work plans describe it (67 current subjects over
//! its 27 villages and communities, one minor, the polyphonic surnames 单, 曾 and 解 that search
//! must handle); [`Scale::County`] is a load-sized county (about 1,500 current and 6,000
//! finished subjects over all 18 streets and townships), sized for benchmarks rather than taken
//! from any real caseload. Names, crimes, sentences, ages and addresses follow realistic
//! distributions, but every person is made up, and the ID numbers, though they pass the check
//! character, belong to nobody known. Deliberately not here: anything beyond a subject's basic
//! information (daily records, groups, leave, sanctions — other generators build on these
//! subjects), additional penalties such as fines (罚金) in the sentence text, 减刑 history,
//! migrants with other provinces' ID numbers (every ID uses the county's address code
//! 330723), and registry writes: the caller stores the result.
//!
//! File numbers are `{9-digit street code}-{year correction started}-{seq:04}`, e.g.
//! `330723001-2026-0007`, numbered in order of correction start within each street and year.
//! At street scale the numbers leave small gaps where subjects already released would sit.

use std::collections::HashSet;

use chrono::{Datelike, Days, Months, NaiveDate};
use dossier_core::division::{Division, Level};
use dossier_core::idnumber::IdNumber;
use dossier_core::subject::{Category, NewSubject, Sex, Status};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Street,
    County,
}

const DEMO_COUNTY: &str = "330723";
const DEMO_STREET: &str = "330723001";
const PROVINCE: &str = "浙江省";
const STREET_SUBJECTS: usize = 67;
const COUNTY_CURRENT: usize = 1500;
const COUNTY_FINISHED: usize = 6000;
/// Current subjects started at most this many days ago.
const MAX_CURRENT_DAYS: u64 = 730;
/// Finished subjects ended at most this many days ago (about six years).
const MAX_FINISHED_DAYS: u64 = 2190;

/// Deterministic synthetic subjects: same (scale, seed, today) => identical output.
///
/// Jurisdictions are the village/community divisions (level Village) found in `divisions`
/// under the demo street (Street) or under each street of the demo county (County); a street
/// with no villages in the list gets its own 9-digit code. With no usable divisions at all the
/// result is empty. Output is ordered by file number.
pub fn generate(
    scale: Scale,
    seed: u64,
    today: NaiveDate,
    divisions: &[Division],
) -> Vec<NewSubject> {
    let places = places(divisions);
    let scope = match scale {
        Scale::Street => DEMO_STREET,
        Scale::County => DEMO_COUNTY,
    };
    let targets: Vec<usize> = (0..places.len())
        .filter(|&i| places[i].code.starts_with(scope))
        .collect();
    if targets.is_empty() {
        return Vec::new();
    }
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        today,
        places: &places,
        ids: HashSet::new(),
        names: (scale == Scale::Street).then(HashSet::new),
    };
    let plans = match scale {
        Scale::Street => g.street_plans(&targets),
        Scale::County => g.county_plans(&targets),
    };
    let mut out: Vec<NewSubject> = plans.iter().map(|p| g.subject(p)).collect();
    g.number_files(&mut out, scale == Scale::Street);
    out
}

// ---------------------------------------------------------------------------------------------
// Realistic data
// ---------------------------------------------------------------------------------------------

/// Surnames with rough frequencies (per mille) for Wuyi/Jinhua: 徐 王 陈 lead; 邵 汤 潘 应 俞
/// 鲍 涂 项 are local; 雷 蓝 钟 are the She people's surnames.
#[rustfmt::skip]
const SURNAMES: &[(&str, u32)] = &[
    ("徐", 60), ("王", 55), ("陈", 50), ("李", 35), ("张", 35), ("何", 30), ("朱", 30),
    ("潘", 25), ("吴", 25), ("周", 25), ("胡", 25), ("叶", 22), ("邵", 20), ("金", 20),
    ("郑", 20), ("刘", 20), ("汤", 18), ("蒋", 18), ("杨", 18), ("黄", 18), ("应", 15),
    ("俞", 15), ("钟", 10), ("程", 10), ("方", 10), ("林", 10), ("雷", 8), ("祝", 8),
    ("傅", 8), ("章", 8), ("吕", 8), ("楼", 8), ("沈", 8), ("赵", 8), ("孙", 8), ("蓝", 6),
    ("鲍", 6), ("涂", 6), ("项", 6), ("陶", 6), ("施", 6), ("卢", 6), ("童", 6), ("江", 6),
    ("余", 6), ("廖", 5), ("范", 5), ("曹", 5), ("舒", 5), ("严", 5), ("马", 5), ("丁", 5),
    ("郭", 5), ("毛", 5), ("蔡", 5), ("宋", 4), ("倪", 4), ("袁", 4), ("姜", 4), ("梅", 4),
    ("曾", 4), ("单", 3), ("华", 3), ("韩", 3), ("柳", 3), ("巫", 2), ("解", 1),
];

const SHE_SURNAMES: &[(&str, u32)] = &[("雷", 5), ("蓝", 3), ("钟", 2)];

/// Given names by sex and birth generation (before 1970, 1970–89, 1990 on).
const MALE_OLD: &[&str] = &[
    "建国", "国庆", "卫东", "志强", "建华", "建平", "建军", "国强", "国平", "德明", "德荣", "长根",
    "水根", "金根", "土根", "樟根", "福林", "福根", "新民", "立新", "跃进", "永明", "永福", "有才",
    "炳炎", "雪明", "春富", "伟民", "仁富", "锦良", "庆丰", "林法", "根法", "寿昌", "元龙", "荣华",
    "忠良", "松林", "岳明", "金土", "火明", "樟松", "仙土", "新华", "和平", "解放", "关荣", "美林",
];
const MALE_OLD_1: &[&str] = &["林", "明", "荣", "华", "忠", "强", "勇", "平", "斌", "良"];
const MALE_MID: &[&str] = &[
    "晓东", "建伟", "志刚", "海波", "剑锋", "建锋", "旭东", "卫平", "永刚", "晓峰", "国伟", "立军",
    "红兵", "建新", "伟军", "小军", "志华", "向阳", "海军", "云飞", "伟平", "锦华", "林峰", "振华",
    "俊杰", "晓明", "建忠", "军辉", "华军", "利民", "伟峰", "伟强", "国华", "海峰", "文斌", "小平",
    "建勇", "文军", "明亮", "志勇", "春雷", "卫星", "新军", "旭峰", "建斌", "永军",
];
const MALE_MID_1: &[&str] = &[
    "伟", "勇", "军", "斌", "强", "杰", "涛", "磊", "峰", "鹏", "华", "明", "俊", "辉", "刚", "波",
    "超", "亮", "健", "彬",
];
const MALE_YOUNG: &[&str] = &[
    "鹏飞", "子豪", "俊杰", "浩然", "宇航", "嘉豪", "文杰", "志豪", "天宇", "佳乐", "晨阳", "家豪",
    "一鸣", "振宇", "博文", "宇轩", "梓豪", "浩宇", "俊豪", "锦涛", "宇豪", "晨浩", "子轩", "泽宇",
    "浩杰", "俊宇", "伟杰", "凯文", "家乐", "嘉伟", "鑫磊", "文博", "逸飞", "皓轩", "昊天", "佳豪",
];
const MALE_YOUNG_1: &[&str] = &[
    "浩", "宇", "杰", "涛", "鑫", "磊", "帅", "晨", "凯", "昊", "铭", "骏", "琦", "超", "阳", "航",
    "博",
];
const FEMALE_OLD: &[&str] = &[
    "秀英", "桂英", "玉兰", "秀兰", "凤英", "美英", "菊花", "彩凤", "月娥", "素珍", "爱珍", "金花",
    "玉梅", "春香", "雪芳", "丽华", "美娟", "翠英", "桂芳", "巧英", "彩英", "美仙", "月仙", "素仙",
    "菊仙", "雪仙", "芳仙", "爱娟", "春娇", "凤仙", "丽仙", "美芳", "美琴", "秀琴", "金凤", "金娟",
    "水仙", "素芬", "爱仙", "樟仙",
];
const FEMALE_OLD_1: &[&str] = &["英", "芳", "兰", "珍", "娟", "琴"];
const FEMALE_MID: &[&str] = &[
    "丽娟", "晓燕", "丽芳", "红霞", "海燕", "美玲", "小燕", "伟芳", "雪萍", "晓丽", "丽萍", "春燕",
    "建芬", "卫红", "小红", "晓红", "燕萍", "丽琴", "素芳", "丽君", "海英", "慧芳", "美华", "爱萍",
    "冬梅", "红英", "晓芬", "建英", "伟萍", "丽燕", "雪芬",
];
const FEMALE_MID_1: &[&str] = &[
    "丽", "燕", "敏", "静", "芳", "红", "霞", "萍", "娟", "艳", "慧", "英", "琴",
];
const FEMALE_YOUNG: &[&str] = &[
    "欣怡", "雨婷", "佳琪", "思琪", "梦婷", "诗琪", "晓雯", "婷婷", "丹丹", "倩倩", "雨欣", "佳怡",
    "可欣", "梦瑶", "紫涵", "子涵", "欣然", "晨曦", "琪琪", "怡然", "心怡", "雅婷", "雅琪", "佳敏",
    "晓琳", "静怡", "梦洁", "佳慧", "雪莹",
];
const FEMALE_YOUNG_1: &[&str] = &[
    "婷", "静", "倩", "雪", "琳", "佳", "颖", "洁", "莹", "露", "璐", "萱",
];

const OTHER_ETHNICITIES: &[&str] = &["苗族", "土家族", "布依族", "彝族", "侗族"];

#[rustfmt::skip]
const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "184", "185", "186",
    "187", "188", "189", "191", "193", "195", "198", "199",
];

/// A crime (罪名) and who commits it: share of men (%), age range at sentencing, and for
/// probation the share of sentences that are 拘役 rather than 有期徒刑 (100 = 拘役 only).
#[derive(Debug)]
struct Crime {
    name: &'static str,
    male_pct: u32,
    age: (u32, u32),
    detention_pct: u32,
}

const fn crime(name: &'static str, male_pct: u32, age: (u32, u32), detention_pct: u32) -> Crime {
    Crime {
        name,
        male_pct,
        age,
        detention_pct,
    }
}

static DRUNK_DRIVING: Crime = crime("危险驾驶罪", 95, (20, 62), 100);
static THEFT: Crime = crime("盗窃罪", 85, (18, 65), 40);
static INJURY: Crime = crime("故意伤害罪", 92, (20, 68), 25);
static FRAUD: Crime = crime("诈骗罪", 72, (20, 60), 25);
static AIDING_NETWORK: Crime = crime("帮助信息网络犯罪活动罪", 78, (18, 35), 15);
static CASINO: Crime = crime("开设赌场罪", 82, (25, 62), 10);
static TRAFFIC: Crime = crime("交通肇事罪", 93, (22, 65), 20);
static PICKING_QUARRELS: Crime = crime("寻衅滋事罪", 96, (18, 50), 30);
static ILLEGAL_DEPOSITS: Crime = crime("非法吸收公众存款罪", 62, (30, 65), 5);
static CONCEALING: Crime = crime("掩饰、隐瞒犯罪所得罪", 75, (18, 50), 35);
static ARSON_NEGLIGENT: Crime = crime("失火罪", 80, (45, 75), 30);
static ILLEGAL_FISHING: Crime = crime("非法捕捞水产品罪", 97, (30, 72), 50);
static ILLEGAL_HUNTING: Crime = crime("非法狩猎罪", 98, (35, 72), 50);
static ILLEGAL_LOGGING: Crime = crime("滥伐林木罪", 95, (40, 70), 30);
static GAMBLING: Crime = crime("赌博罪", 85, (30, 65), 40);
static OBSTRUCTING: Crime = crime("妨害公务罪", 88, (22, 60), 50);
static UNPAID_WAGES: Crime = crime("拒不支付劳动报酬罪", 90, (30, 60), 30);
static FAKE_TRADEMARK: Crime = crime("销售假冒注册商标的商品罪", 70, (25, 55), 20);
static AFFRAY: Crime = crime("聚众斗殴罪", 97, (18, 40), 0);
static ROBBERY: Crime = crime("抢劫罪", 95, (20, 45), 0);
static DRUG_DEALING: Crime = crime("贩卖毒品罪", 80, (22, 50), 0);
static CONTRACT_FRAUD: Crime = crime("合同诈骗罪", 80, (28, 60), 0);
static EMBEZZLEMENT: Crime = crime("职务侵占罪", 75, (25, 55), 0);
static PYRAMID_SCHEME: Crime = crime("组织、领导传销活动罪", 65, (28, 60), 0);

#[rustfmt::skip]
static PROBATION_CRIMES: &[(&Crime, u32)] = &[
    (&DRUNK_DRIVING, 34), (&THEFT, 10), (&AIDING_NETWORK, 11), (&FRAUD, 7), (&INJURY, 7),
    (&CASINO, 4), (&TRAFFIC, 5), (&PICKING_QUARRELS, 4), (&ILLEGAL_DEPOSITS, 3), (&CONCEALING, 4),
    (&ARSON_NEGLIGENT, 2), (&ILLEGAL_FISHING, 2), (&ILLEGAL_HUNTING, 1), (&ILLEGAL_LOGGING, 1),
    (&GAMBLING, 1), (&OBSTRUCTING, 2), (&UNPAID_WAGES, 1), (&FAKE_TRADEMARK, 1),
];
#[rustfmt::skip]
static PAROLE_CRIMES: &[(&Crime, u32)] = &[
    (&THEFT, 20), (&ROBBERY, 12), (&INJURY, 12), (&FRAUD, 14), (&DRUG_DEALING, 10),
    (&ILLEGAL_DEPOSITS, 8), (&CONTRACT_FRAUD, 6), (&EMBEZZLEMENT, 5), (&CASINO, 5),
    (&PYRAMID_SCHEME, 4), (&AFFRAY, 4),
];
/// Crimes whose statutory penalties include 管制.
#[rustfmt::skip]
static SURVEILLANCE_CRIMES: &[(&Crime, u32)] = &[
    (&PICKING_QUARRELS, 25), (&INJURY, 20), (&THEFT, 20), (&ILLEGAL_FISHING, 10),
    (&OBSTRUCTING, 10), (&CONCEALING, 8), (&FRAUD, 7),
];
#[rustfmt::skip]
static OUTSIDE_CRIMES: &[(&Crime, u32)] = &[
    (&FRAUD, 15), (&ILLEGAL_DEPOSITS, 10), (&THEFT, 12), (&DRUG_DEALING, 12), (&INJURY, 10),
    (&AIDING_NETWORK, 8), (&CASINO, 8), (&TRAFFIC, 8), (&PYRAMID_SCHEME, 6), (&DRUNK_DRIVING, 5),
    (&EMBEZZLEMENT, 6),
];
static MINOR_CRIMES: &[(&Crime, u32)] = &[(&THEFT, 5), (&PICKING_QUARRELS, 3), (&INJURY, 2)];

/// Sentence terms in months with their weights (judgments cluster on round terms).
#[rustfmt::skip]
mod terms {
    /// 拘役 for drunk driving: mostly one to three months.
    pub const DETENTION_DUI: &[(u32, u32)] = &[(1, 20), (2, 30), (3, 25), (4, 12), (5, 8), (6, 5)];
    pub const DETENTION: &[(u32, u32)] = &[(1, 10), (2, 20), (3, 25), (4, 20), (5, 12), (6, 13)];
    /// 拘役 probation: candidates at least the sentence and 2 months, weights by position.
    pub const DETENTION_PROBATION: &[u32] = &[2, 3, 4, 5, 6, 8, 10, 12];
    pub const DETENTION_PROBATION_W: &[u32] = &[15, 35, 25, 12, 8, 5, 3, 2];
    /// 有期徒刑 that may be suspended: at most three years.
    pub const PRISON_SUSPENDED: &[(u32, u32)] = &[
        (6, 14), (7, 8), (8, 12), (9, 8), (10, 12), (11, 6), (12, 12),
        (14, 5), (15, 4), (18, 7), (24, 5), (30, 3), (36, 4),
    ];
    pub const PRISON_SUSPENDED_MINOR: &[(u32, u32)] = &[(6, 4), (8, 3), (10, 2), (12, 2)];
    /// 有期徒刑 probation: at least the sentence and a year, at most five years.
    pub const PRISON_PROBATION: &[u32] = &[12, 18, 24, 30, 36, 42, 48, 60];
    pub const PRISON_PROBATION_W: &[u32] = &[40, 35, 15, 7, 3, 2, 1, 1];
    /// Parolees' sentences in whole years.
    pub const PAROLE_YEARS: &[(u32, u32)] =
        &[(3, 15), (4, 18), (5, 16), (6, 12), (7, 9), (8, 8), (10, 6), (12, 4)];
    /// What remains of a parolee's term.
    pub const PAROLE_REMAINING: &[u32] =
        &[3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 18, 20, 22, 24];
    pub const PAROLE_REMAINING_W: &[u32] = &[8, 8, 8, 9, 8, 8, 8, 8, 7, 7, 5, 4, 4, 3, 2, 2, 2];
    /// 管制: three months to two years.
    pub const SURVEILLANCE: &[(u32, u32)] =
        &[(3, 10), (4, 8), (5, 6), (6, 20), (8, 12), (10, 8), (12, 18), (18, 10), (24, 8)];
    pub const OUTSIDE_DETENTION: &[(u32, u32)] = &[(2, 2), (3, 3), (4, 3), (5, 2), (6, 2)];
    pub const OUTSIDE_PRISON: &[(u32, u32)] = &[
        (12, 12), (18, 12), (24, 14), (30, 8), (36, 12), (42, 6), (48, 8), (60, 8),
        (72, 6), (84, 4), (96, 3), (120, 3),
    ];
}

const CATEGORY_WEIGHTS: &[(Category, u32)] = &[
    (Category::Probation, 75),
    (Category::Parole, 12),
    (Category::TemporaryOutside, 8),
    (Category::Surveillance, 5),
];

// ---------------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Place {
    /// 12-digit village code, or the 9-digit street code when the list has no villages for it.
    code: String,
    /// "浙江省武义县白洋街道童庐村"
    address_prefix: String,
    community: bool,
    /// A She ethnic township (畲族乡镇).
    she: bool,
    /// A surname the village is named after (汤村, 下邵, 童庐), common among its people.
    clan: Option<&'static str>,
    weight: u32,
}

/// "童庐村委会" → "童庐村", "鸣阳社区居委会" → "鸣阳社区", "柳城居委会" → "柳城社区".
fn village_label(name: &str) -> String {
    const SUFFIXES: [(&str, &str); 6] = [
        ("社区居民委员会", "社区"),
        ("社区居委会", "社区"),
        ("居民委员会", "社区"),
        ("居委会", "社区"),
        ("村民委员会", "村"),
        ("村委会", "村"),
    ];
    for (suffix, replacement) in SUFFIXES {
        if let Some(stem) = name.strip_suffix(suffix) {
            return format!("{stem}{replacement}");
        }
    }
    name.to_owned()
}

/// Every village of the demo county (or the street itself when it has none listed). Weights
/// are fixed here (communities are denser than villages) and jittered later from the seed.
fn places(divisions: &[Division]) -> Vec<Place> {
    let county_name = divisions
        .iter()
        .find(|d| d.code == DEMO_COUNTY)
        .map_or("武义县", |d| d.name.as_str());
    let mut streets: Vec<&Division> = divisions
        .iter()
        .filter(|d| d.level == Level::Street && d.code.starts_with(DEMO_COUNTY))
        .collect();
    streets.sort_by(|a, b| a.code.cmp(&b.code));
    streets.dedup_by(|a, b| a.code == b.code);
    let mut out = Vec::new();
    for street in streets {
        let she = street.name.contains("畲族");
        let mut villages: Vec<&Division> = divisions
            .iter()
            .filter(|d| d.level == Level::Village && d.code.starts_with(&street.code))
            .collect();
        villages.sort_by(|a, b| a.code.cmp(&b.code));
        villages.dedup_by(|a, b| a.code == b.code);
        if villages.is_empty() {
            out.push(Place {
                code: street.code.clone(),
                address_prefix: format!("{PROVINCE}{county_name}{}", street.name),
                community: false,
                she,
                clan: None,
                weight: 10,
            });
        }
        for v in villages {
            let label = village_label(&v.name);
            let community = !label.ends_with('村');
            let clan = if community {
                None
            } else {
                label.trim_end_matches('村').chars().find_map(|c| {
                    SURNAMES
                        .iter()
                        .find(|(s, _)| s.chars().eq([c]))
                        .map(|(s, _)| *s)
                })
            };
            out.push(Place {
                code: v.code.clone(),
                address_prefix: format!("{PROVINCE}{county_name}{}{label}", street.name),
                community,
                she,
                clan,
                weight: if community { 20 } else { 10 },
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Chinese numerals and dates
// ---------------------------------------------------------------------------------------------

/// 1..=99 in Chinese numerals: 一 … 十, 十一, 二十, 二十一.
fn cn_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    debug_assert!((1..100).contains(&n));
    let (tens, ones) = (n / 10, n % 10);
    let mut s = String::new();
    if tens > 1 {
        s.push_str(DIGITS[tens as usize]);
    }
    if tens > 0 {
        s.push('十');
    }
    if ones > 0 {
        s.push_str(DIGITS[ones as usize]);
    }
    s
}

/// A term in months as a judgment writes it: "六个月", "一年", "一年六个月".
fn cn_term(months: u32) -> String {
    match (months / 12, months % 12) {
        (0, m) => format!("{}个月", cn_number(m)),
        (y, 0) => format!("{}年", cn_number(y)),
        (y, m) => format!("{}年{}个月", cn_number(y), cn_number(m)),
    }
}

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months))
        .expect("demo dates stay in range")
}

fn sub_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(months))
        .expect("demo dates stay in range")
}

fn sub_days(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(days))
        .expect("demo dates stay in range")
}

/// The last day of a term of `months` starting on `start` (both days counted):
/// 2026-01-10 + 一年 → 2027-01-09.
fn term_end(start: NaiveDate, months: u32) -> NaiveDate {
    add_months(start, months)
        .pred_opt()
        .expect("demo dates stay in range")
}

// ---------------------------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------------------------

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut x = rng.gen_range(0..total);
    for &(item, w) in items {
        if x < w {
            return item;
        }
        x -= w;
    }
    unreachable!("x < total")
}

/// Picks among `candidates` that are at least `min`, the first ones most likely.
fn pick_at_least(rng: &mut ChaCha8Rng, candidates: &[u32], min: u32, weights: &[u32]) -> u32 {
    let valid: Vec<(u32, u32)> = candidates
        .iter()
        .copied()
        .filter(|&c| c >= min)
        .zip(weights.iter().copied())
        .collect();
    if valid.is_empty() {
        min
    } else {
        pick(rng, &valid)
    }
}

/// What a subject will be, decided before the person is made up.
#[derive(Debug)]
struct Plan {
    place: usize,
    category: Category,
    status: Status,
    minor: bool,
    surname: Option<&'static str>,
}

struct Gen<'a> {
    rng: ChaCha8Rng,
    today: NaiveDate,
    places: &'a [Place],
    ids: HashSet<String>,
    /// Names taken so far, when names must not repeat.
    names: Option<HashSet<String>>,
}

/// The sentence: crime, text of the original sentence, and the correction period in months.
struct Sentence {
    crime: &'static Crime,
    text: String,
    months: u32,
}

impl Gen<'_> {
    /// Cumulative place weights over `targets`, jittered so villages differ.
    fn place_table(&mut self, targets: &[usize]) -> Vec<(usize, u32)> {
        targets
            .iter()
            .map(|&i| (i, self.places[i].weight * self.rng.gen_range(5..=15) / 10))
            .collect()
    }

    fn street_plans(&mut self, targets: &[usize]) -> Vec<Plan> {
        let table = self.place_table(targets);
        let surveillance = self.rng.gen_range(3..=4);
        let outside = self.rng.gen_range(5..=6);
        let parole = self.rng.gen_range(7..=9);
        let mut categories = Vec::with_capacity(STREET_SUBJECTS);
        categories.extend(std::iter::repeat_n(Category::Surveillance, surveillance));
        categories.extend(std::iter::repeat_n(Category::TemporaryOutside, outside));
        categories.extend(std::iter::repeat_n(Category::Parole, parole));
        categories.resize(STREET_SUBJECTS, Category::Probation);
        categories.shuffle(&mut self.rng);

        let mut plans: Vec<Plan> = categories
            .into_iter()
            .map(|category| Plan {
                place: pick(&mut self.rng, &table),
                category,
                status: Status::InCorrection,
                minor: false,
                surname: None,
            })
            .collect();
        // No place is guaranteed a subject: real streets have villages with nobody under
        // correction.
        let mut order: Vec<usize> = (0..plans.len()).collect();
        order.shuffle(&mut self.rng);
        let mut order = order.into_iter();
        let awaiting = self.rng.gen_range(2..=3);
        for i in order.by_ref().take(awaiting) {
            plans[i].status = Status::AwaitingReport;
        }
        let rest: Vec<usize> = order.collect();
        let minor = *rest
            .iter()
            .find(|&&i| plans[i].category == Category::Probation)
            .expect("most subjects are on probation");
        plans[minor].minor = true;
        for (i, surname) in rest.iter().filter(|&&i| i != minor).zip(["单", "曾", "解"]) {
            plans[*i].surname = Some(surname);
        }
        plans
    }

    fn county_plans(&mut self, targets: &[usize]) -> Vec<Plan> {
        let table = self.place_table(targets);
        let mut plans = Vec::with_capacity(COUNTY_CURRENT + COUNTY_FINISHED);
        for n in 0..COUNTY_CURRENT + COUNTY_FINISHED {
            let current = n < COUNTY_CURRENT;
            let minor = self.rng.gen_bool(0.005);
            let category = if minor {
                Category::Probation
            } else {
                pick(&mut self.rng, CATEGORY_WEIGHTS)
            };
            let status = match (current, self.rng.gen_range(0..1000)) {
                (true, x) if x < 35 => Status::AwaitingReport,
                (true, _) => Status::InCorrection,
                (false, x) if x < 70 => Status::Terminated,
                (false, _) => Status::Released,
            };
            plans.push(Plan {
                place: pick(&mut self.rng, &table),
                category,
                status,
                minor,
                surname: None,
            });
        }
        plans
    }

    fn sentence(&mut self, category: Category, minor: bool) -> Sentence {
        let rng = &mut self.rng;
        match category {
            Category::Probation => {
                let crime = pick(
                    rng,
                    if minor {
                        MINOR_CRIMES
                    } else {
                        PROBATION_CRIMES
                    },
                );
                if !minor && rng.gen_range(0..100) < crime.detention_pct {
                    // 拘役 1–6 months; probation (缓刑考验期) at least the sentence and
                    // 2 months, at most a year.
                    let x = if crime.name == DRUNK_DRIVING.name {
                        pick(rng, terms::DETENTION_DUI)
                    } else {
                        pick(rng, terms::DETENTION)
                    };
                    let y = pick_at_least(
                        rng,
                        terms::DETENTION_PROBATION,
                        x.max(2),
                        terms::DETENTION_PROBATION_W,
                    );
                    Sentence {
                        crime,
                        text: format!("拘役{}，缓刑{}", cn_term(x), cn_term(y)),
                        months: y,
                    }
                } else {
                    // 有期徒刑 up to 3 years; probation at least the sentence and a year, at
                    // most 5 years.
                    let x = if minor {
                        pick(rng, terms::PRISON_SUSPENDED_MINOR)
                    } else {
                        pick(rng, terms::PRISON_SUSPENDED)
                    };
                    let y = pick_at_least(
                        rng,
                        terms::PRISON_PROBATION,
                        x.max(12),
                        terms::PRISON_PROBATION_W,
                    );
                    Sentence {
                        crime,
                        text: format!("有期徒刑{}，缓刑{}", cn_term(x), cn_term(y)),
                        months: y,
                    }
                }
            }
            Category::Parole => {
                // At least half served; the rest (a few months to 2 years) is the period.
                let crime = pick(rng, PAROLE_CRIMES);
                let years = pick(rng, terms::PAROLE_YEARS);
                let x = years * 12 + if rng.gen_bool(0.3) { 6 } else { 0 };
                let remaining =
                    pick_at_least(rng, terms::PAROLE_REMAINING, 3, terms::PAROLE_REMAINING_W)
                        .min(x / 2);
                Sentence {
                    crime,
                    text: format!("有期徒刑{}", cn_term(x)),
                    months: remaining,
                }
            }
            Category::Surveillance => {
                let crime = pick(rng, SURVEILLANCE_CRIMES);
                let x = pick(rng, terms::SURVEILLANCE);
                Sentence {
                    crime,
                    text: format!("管制{}", cn_term(x)),
                    months: x,
                }
            }
            Category::TemporaryOutside => {
                let crime = pick(rng, OUTSIDE_CRIMES);
                if crime.name == DRUNK_DRIVING.name {
                    // 拘役, executed outside from the judgment on: the whole term.
                    let x = pick(rng, terms::OUTSIDE_DETENTION);
                    return Sentence {
                        crime,
                        text: format!("拘役{}", cn_term(x)),
                        months: x,
                    };
                }
                let x = pick(rng, terms::OUTSIDE_PRISON);
                let months = if x <= 36 && rng.gen_bool(0.45) {
                    // Decided by the court at sentencing: the whole term outside.
                    x
                } else {
                    // Decided in prison (保外就医 and the like): at most what remains.
                    let remaining = rng.gen_range(3..=(x - 6).min(36));
                    if rng.gen_bool(0.5) {
                        remaining
                    } else {
                        remaining.min(12)
                    }
                };
                Sentence {
                    crime,
                    text: format!("有期徒刑{}", cn_term(x)),
                    months,
                }
            }
        }
    }

    /// Correction start and end: current ones started within the last two years and end after
    /// today; finished ones ended within the last six years.
    fn period(&mut self, status: Status, months: u32, minor: bool) -> (NaiveDate, NaiveDate) {
        let today = self.today;
        match status {
            Status::AwaitingReport => {
                let start = sub_days(today, self.rng.gen_range(1..=9));
                (start, term_end(start, months))
            }
            Status::InCorrection => {
                let cap = if minor { 300 } else { MAX_CURRENT_DAYS };
                let max = cap.min(31 * u64::from(months));
                for _ in 0..50 {
                    let start = sub_days(today, self.rng.gen_range(2..=max));
                    let end = term_end(start, months);
                    if end > today {
                        return (start, end);
                    }
                }
                let start = sub_days(today, 2);
                (start, term_end(start, months))
            }
            Status::Released | Status::Terminated => loop {
                let target_end = sub_days(today, self.rng.gen_range(1..=MAX_FINISHED_DAYS));
                let start = sub_months(target_end.succ_opt().expect("in range"), months);
                let end = term_end(start, months);
                if end < today && end >= sub_days(today, MAX_FINISHED_DAYS) {
                    return (start, end);
                }
            },
        }
    }

    fn sex(&mut self, category: Category, crime: &Crime) -> Sex {
        let male_pct = if category == Category::TemporaryOutside {
            60
        } else {
            crime.male_pct
        };
        if self.rng.gen_range(0..100) < male_pct {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Whole years of age when the correction started.
    fn age_at_start(&mut self, category: Category, crime: &Crime, sex: Sex, minor: bool) -> u32 {
        if minor {
            return 16;
        }
        let (lo, hi) = match (category, sex) {
            // Pregnant or nursing women, and the seriously ill.
            (Category::TemporaryOutside, Sex::Female) => (22, 40),
            (Category::TemporaryOutside, Sex::Male) => (45, 75),
            _ => crime.age,
        };
        (self.rng.gen_range(lo..=hi) + self.rng.gen_range(lo..=hi)) / 2
    }

    fn id_number(&mut self, birth: NaiveDate, sex: Sex) -> IdNumber {
        loop {
            let seq: u16 = match sex {
                Sex::Male => self.rng.gen_range(0..500) * 2 + 1,
                Sex::Female => self.rng.gen_range(1..500) * 2,
            };
            let id = IdNumber::compose(DEMO_COUNTY, birth, seq).expect("valid parts");
            if self.ids.insert(id.as_str().to_owned()) {
                return id;
            }
        }
    }

    fn name(
        &mut self,
        place: &Place,
        sex: Sex,
        birth_year: i32,
        forced: Option<&'static str>,
    ) -> String {
        for _ in 0..1000 {
            let surname = forced.unwrap_or_else(|| self.surname(place));
            let given = self.given_name(sex, birth_year);
            let name = format!("{surname}{given}");
            match &mut self.names {
                None => return name,
                Some(taken) => {
                    if taken.insert(name.clone()) {
                        return name;
                    }
                }
            }
        }
        unreachable!("the name pools are far larger than a street's caseload")
    }

    fn surname(&mut self, place: &Place) -> &'static str {
        if place.she && self.rng.gen_bool(0.25) {
            return pick(&mut self.rng, SHE_SURNAMES);
        }
        if let Some(clan) = place.clan
            && self.rng.gen_bool(0.3)
        {
            return clan;
        }
        pick(&mut self.rng, SURNAMES)
    }

    fn given_name(&mut self, sex: Sex, birth_year: i32) -> &'static str {
        let (two, one, single_pct) = match (sex, birth_year) {
            (Sex::Male, ..1970) => (MALE_OLD, MALE_OLD_1, 10),
            (Sex::Male, 1970..1990) => (MALE_MID, MALE_MID_1, 30),
            (Sex::Male, _) => (MALE_YOUNG, MALE_YOUNG_1, 25),
            (Sex::Female, ..1970) => (FEMALE_OLD, FEMALE_OLD_1, 10),
            (Sex::Female, 1970..1990) => (FEMALE_MID, FEMALE_MID_1, 30),
            (Sex::Female, _) => (FEMALE_YOUNG, FEMALE_YOUNG_1, 25),
        };
        let pool = if self.rng.gen_range(0..100) < single_pct {
            one
        } else {
            two
        };
        pool.choose(&mut self.rng).expect("non-empty pool")
    }

    fn ethnicity(&mut self, place: &Place, surname_is_she: bool) -> &'static str {
        if surname_is_she && self.rng.gen_bool(if place.she { 0.7 } else { 0.3 }) {
            "畲族"
        } else if self.rng.gen_bool(0.005) {
            OTHER_ETHNICITIES.choose(&mut self.rng).expect("non-empty")
        } else {
            "汉族"
        }
    }

    fn education(&mut self, age: u32, minor: bool) -> &'static str {
        let table: &[(&str, u32)] = match age {
            _ if minor => &[("初中", 60), ("高中", 15), ("中专", 25)],
            ..25 => &[
                ("小学", 2),
                ("初中", 40),
                ("高中", 15),
                ("中专", 20),
                ("大专", 15),
                ("本科", 8),
            ],
            25..45 => &[
                ("小学", 6),
                ("初中", 48),
                ("高中", 14),
                ("中专", 12),
                ("大专", 12),
                ("本科", 8),
            ],
            45..60 => &[
                ("小学", 22),
                ("初中", 52),
                ("高中", 16),
                ("中专", 4),
                ("大专", 4),
                ("本科", 2),
            ],
            _ => &[
                ("小学", 60),
                ("初中", 30),
                ("高中", 8),
                ("中专", 1),
                ("大专", 1),
            ],
        };
        pick(&mut self.rng, table)
    }

    fn marital_status(&mut self, age: u32) -> &'static str {
        let table: &[(&str, u32)] = match age {
            ..18 => &[("未婚", 1)],
            18..22 => &[("未婚", 95), ("已婚", 5)],
            22..30 => &[("未婚", 55), ("已婚", 40), ("离异", 5)],
            30..40 => &[("未婚", 15), ("已婚", 70), ("离异", 14), ("丧偶", 1)],
            40..60 => &[("未婚", 5), ("已婚", 78), ("离异", 14), ("丧偶", 3)],
            _ => &[("未婚", 3), ("已婚", 72), ("离异", 6), ("丧偶", 19)],
        };
        pick(&mut self.rng, table)
    }

    fn phone(&mut self) -> String {
        let prefix = MOBILE_PREFIXES.choose(&mut self.rng).expect("non-empty");
        format!("{prefix}{:08}", self.rng.gen_range(0..100_000_000u32))
    }

    fn address(&mut self, place: &Place) -> String {
        let prefix = &place.address_prefix;
        if place.community {
            let building = self.rng.gen_range(1..=30);
            let unit = self.rng.gen_range(1..=3);
            let room = self.rng.gen_range(1..=6) * 100 + self.rng.gen_range(1..=2);
            format!("{prefix}{building}幢{unit}单元{room}室")
        } else {
            format!("{prefix}{}号", self.rng.gen_range(1..=260))
        }
    }

    fn subject(&mut self, plan: &Plan) -> NewSubject {
        let places = self.places;
        let place = &places[plan.place];
        let Sentence {
            crime,
            text,
            months,
        } = self.sentence(plan.category, plan.minor);
        let (start, end) = self.period(plan.status, months, plan.minor);
        let sex = if plan.minor {
            if self.rng.gen_range(0..100) < 90 {
                Sex::Male
            } else {
                Sex::Female
            }
        } else {
            self.sex(plan.category, crime)
        };
        let age = self.age_at_start(plan.category, crime, sex, plan.minor);
        // Minors were 16 at least two months before the correction started, so the offence
        // could be theirs to answer for.
        let days_back = if plan.minor {
            self.rng.gen_range(60..=364)
        } else {
            self.rng.gen_range(0..=364)
        };
        let birth = sub_days(sub_months(start, 12 * age), days_back);
        let id = self.id_number(birth, sex);
        let name = self.name(place, sex, birth.year(), plan.surname);
        let surname_is_she = ["雷", "蓝", "钟"].iter().any(|s| name.starts_with(s));
        let age_today = id.age_on(self.today);
        let residence = self.address(place);
        let household = if self.rng.gen_bool(0.15) {
            let other = &places[self.rng.gen_range(0..places.len())];
            self.address(other)
        } else {
            residence.clone()
        };
        NewSubject {
            name,
            id_number: id.as_str().to_owned(),
            sex: Some(sex),
            birth_date: Some(birth),
            ethnicity: Some(self.ethnicity(place, surname_is_she).to_owned()),
            education: Some(
                self.education(age_today, plan.minor && age_today < 18)
                    .to_owned(),
            ),
            marital_status: Some(self.marital_status(age_today).to_owned()),
            phone: Some(self.phone()),
            household_address: Some(household),
            residence_address: Some(residence),
            jurisdiction: place.code.clone(),
            category: plan.category,
            crime: Some(crime.name.to_owned()),
            original_sentence: Some(text),
            correction_start: start,
            correction_end: end,
            status: Some(plan.status),
            file_no: None,
        }
    }

    /// Sorts by street, correction start and ID number, then numbers the files.
    fn number_files(&mut self, subjects: &mut [NewSubject], gaps: bool) {
        subjects.sort_by(|a, b| {
            (&a.jurisdiction[..9], a.correction_start, &a.id_number).cmp(&(
                &b.jurisdiction[..9],
                b.correction_start,
                &b.id_number,
            ))
        });
        let mut key: Option<(String, i32)> = None;
        let mut seq = 0u32;
        for s in subjects {
            let this = (s.jurisdiction[..9].to_owned(), s.correction_start.year());
            if key.as_ref() != Some(&this) {
                seq = 0;
                key = Some(this.clone());
            }
            seq += if gaps && self.rng.gen_bool(0.4) { 2 } else { 1 };
            s.file_no = Some(format!("{}-{}-{seq:04}", this.0, this.1));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};
    use std::time::Instant;

    use dossier_core::division::builtin;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        date(2026, 11, 22)
    }

    /// "一年六个月" → 18.
    fn parse_term(s: &str) -> u32 {
        fn number(s: &str) -> u32 {
            let digit = |c: char| {
                "一二三四五六七八九"
                    .chars()
                    .position(|d| d == c)
                    .map(|p| p as u32 + 1)
            };
            let chars: Vec<char> = s.chars().collect();
            match chars[..] {
                ['十'] => 10,
                [c] => digit(c).unwrap(),
                ['十', o] => 10 + digit(o).unwrap(),
                [t, '十'] => digit(t).unwrap() * 10,
                [t, '十', o] => digit(t).unwrap() * 10 + digit(o).unwrap(),
                _ => panic!("not a number: {s}"),
            }
        }
        let (years, rest) = match s.split_once('年') {
            Some((y, rest)) => (number(y), rest),
            None => (0, s),
        };
        let months = match rest.strip_suffix("个月") {
            Some(m) => number(m),
            None if rest.is_empty() => 0,
            None => panic!("not a term: {s}"),
        };
        years * 12 + months
    }

    /// The term in months the correction period covers, both ends counted (computed here
    /// independently of `term_end`, so a slip there shows).
    fn period_months(s: &NewSubject) -> u32 {
        (1..=240)
            .find(|&m| {
                s.correction_start
                    .checked_add_months(Months::new(m))
                    .and_then(|d| d.pred_opt())
                    == Some(s.correction_end)
            })
            .unwrap_or_else(|| {
                panic!(
                    "{} to {} is not a whole number of months",
                    s.correction_start, s.correction_end
                )
            })
    }

    /// Checks every subject validates and agrees with its ID number, and the sentence text
    /// agrees with the category and the correction period.
    fn check_all(subjects: &[NewSubject], today: NaiveDate, divisions: &[Division]) {
        let villages: HashSet<&str> = divisions
            .iter()
            .filter(|d| d.level == Level::Village)
            .map(|d| d.code.as_str())
            .collect();
        let mut ids = HashSet::new();
        let mut files = HashSet::new();
        for s in subjects {
            let b = s
                .clone()
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", s.name));
            assert_eq!(s.sex, Some(b.sex));
            assert_eq!(s.birth_date, Some(b.birth_date));
            assert_eq!(b.id_number.address_code(), "330723");
            assert!(
                villages.contains(s.jurisdiction.as_str()),
                "{}",
                s.jurisdiction
            );
            assert!(ids.insert(s.id_number.clone()), "duplicate ID number");
            let file_no = s.file_no.clone().expect("file number");
            assert!(file_no.starts_with(&format!(
                "{}-{}-",
                &s.jurisdiction[..9],
                s.correction_start.year()
            )));
            assert!(files.insert(file_no), "duplicate file number");
            let status = s.status.expect("status");
            let age_at_start = s.correction_start.years_since(b.birth_date).unwrap();
            assert!(
                (16..=76).contains(&age_at_start),
                "{} was {age_at_start}",
                s.name
            );
            let n = s.name.chars().count();
            assert!(n == 2 || n == 3, "{}", s.name);
            let phone = s.phone.as_deref().unwrap();
            assert!(
                phone.len() == 11
                    && phone.bytes().all(|c| c.is_ascii_digit())
                    && phone.starts_with('1')
            );
            let residence = s.residence_address.as_deref().unwrap();
            assert!(residence.starts_with("浙江省武义县"), "{residence}");
            assert!(!residence.contains("委"), "{residence}");
            assert!(
                s.household_address
                    .as_deref()
                    .unwrap()
                    .starts_with("浙江省武义县")
            );

            if status.is_current() {
                assert!(b.id_number.age_on(today) <= 77, "{} is too old", s.name);
                assert!(
                    s.correction_start <= today && s.correction_end > today,
                    "{}",
                    s.name
                );
                assert!(s.correction_start >= sub_days(today, MAX_CURRENT_DAYS));
                if status == Status::AwaitingReport {
                    assert!(s.correction_start > sub_days(today, 10));
                }
            } else {
                assert!(s.correction_end < today, "{}", s.name);
                assert!(s.correction_end >= sub_days(today, MAX_FINISHED_DAYS));
            }

            let period = period_months(s);
            let text = s.original_sentence.as_deref().unwrap();
            match s.category {
                Category::Probation => {
                    let (main, probation) = text.split_once("，缓刑").expect(text);
                    let probation = parse_term(probation);
                    assert_eq!(period, probation, "{text}");
                    if let Some(t) = main.strip_prefix("拘役") {
                        let t = parse_term(t);
                        assert!(
                            (1..=6).contains(&t) && probation >= t.max(2) && probation <= 12,
                            "{text}"
                        );
                    } else {
                        let t = parse_term(main.strip_prefix("有期徒刑").expect(text));
                        assert!(
                            t <= 36 && probation >= t.max(12) && probation <= 60,
                            "{text}"
                        );
                    }
                }
                Category::Surveillance => {
                    let t = parse_term(text.strip_prefix("管制").expect(text));
                    assert!((3..=24).contains(&t) && period == t, "{text}");
                }
                Category::Parole => {
                    let t = parse_term(text.strip_prefix("有期徒刑").expect(text));
                    assert!(
                        (3..=24).contains(&period) && period * 2 <= t,
                        "{text} {period}"
                    );
                }
                Category::TemporaryOutside => {
                    let t = text
                        .strip_prefix("有期徒刑")
                        .or_else(|| text.strip_prefix("拘役"))
                        .map(parse_term)
                        .expect(text);
                    assert!(period >= 2 && period <= t, "{text} {period}");
                }
            }
        }
    }

    #[test]
    fn chinese_terms() {
        let cases = [
            (1, "一个月"),
            (2, "二个月"),
            (6, "六个月"),
            (10, "十个月"),
            (11, "十一个月"),
            (12, "一年"),
            (18, "一年六个月"),
            (23, "一年十一个月"),
            (36, "三年"),
            (54, "四年六个月"),
            (120, "十年"),
            (144, "十二年"),
        ];
        for (months, text) in cases {
            assert_eq!(cn_term(months), text);
            assert_eq!(parse_term(text), months);
        }
        assert_eq!(cn_number(20), "二十");
        assert_eq!(cn_number(21), "二十一");
    }

    #[test]
    fn terms_end_the_day_before_the_anniversary() {
        assert_eq!(term_end(date(2026, 1, 10), 12), date(2027, 1, 9));
        assert_eq!(term_end(date(2026, 11, 22), 3), date(2027, 2, 21));
        assert_eq!(term_end(date(2028, 2, 29), 12), date(2029, 2, 27));
        assert_eq!(term_end(date(2026, 3, 1), 1), date(2026, 3, 31));
    }

    #[test]
    fn village_labels() {
        assert_eq!(village_label("童庐村委会"), "童庐村");
        assert_eq!(village_label("西村村委会"), "西村村");
        assert_eq!(village_label("鸣阳社区居委会"), "鸣阳社区");
        assert_eq!(village_label("黄龙社区居民委员会"), "黄龙社区");
        assert_eq!(village_label("柳城居委会"), "柳城社区");
        assert_eq!(village_label("祝村村民委员会"), "祝村村");
    }

    #[test]
    fn same_inputs_same_output_other_seed_differs() {
        let d = builtin();
        for scale in [Scale::Street, Scale::County] {
            let a = generate(scale, 1, today(), &d);
            assert_eq!(a, generate(scale, 1, today(), &d), "{scale:?}");
            assert_ne!(a, generate(scale, 2, today(), &d), "{scale:?}");
        }
        assert_ne!(
            generate(Scale::Street, 1, today(), &d),
            generate(Scale::Street, 1, date(2026, 11, 23), &d)
        );
    }

    fn street_checks(seed: u64, today: NaiveDate) -> BTreeMap<Category, usize> {
        let d = builtin();
        let subjects = generate(Scale::Street, seed, today, &d);
        assert_eq!(subjects.len(), 67);
        check_all(&subjects, today, &d);
        assert!(
            subjects
                .iter()
                .all(|s| s.jurisdiction.starts_with("330723001") && s.jurisdiction.len() == 12)
        );
        assert!(subjects.iter().all(|s| s.status.unwrap().is_current()));

        let names: HashSet<&str> = subjects.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), 67, "names repeat");
        for surname in ["单", "曾", "解"] {
            assert!(
                subjects.iter().any(|s| s.name.starts_with(surname)),
                "no {surname}"
            );
        }
        let minors: Vec<u32> = subjects
            .iter()
            .map(|s| IdNumber::parse(&s.id_number).unwrap().age_on(today))
            .filter(|&a| a < 18)
            .collect();
        assert_eq!(minors.len(), 1, "{minors:?}");
        assert!(minors[0] == 16 || minors[0] == 17);
        let awaiting = subjects
            .iter()
            .filter(|s| s.status == Some(Status::AwaitingReport))
            .count();
        assert!((2..=3).contains(&awaiting), "{awaiting} awaiting report");

        let mut counts = BTreeMap::new();
        for s in &subjects {
            *counts.entry(s.category).or_insert(0) += 1;
        }
        assert!(
            Category::ALL
                .iter()
                .all(|c| counts.get(c).copied().unwrap_or(0) >= 1),
            "{counts:?}"
        );
        assert!(counts[&Category::Probation] * 2 > 67, "{counts:?}");

        let soon = subjects
            .iter()
            .filter(|s| s.correction_end <= today + Days::new(30))
            .count();
        assert!(soon >= 1, "nobody ends within 30 days");
        let men = subjects.iter().filter(|s| s.sex == Some(Sex::Male)).count();
        assert!((48..=63).contains(&men), "{men} men");
        let villages: HashSet<&str> = subjects.iter().map(|s| s.jurisdiction.as_str()).collect();
        assert!(villages.len() >= 15, "only {} villages", villages.len());
        let dui = subjects
            .iter()
            .filter(|s| s.crime.as_deref() == Some("危险驾驶罪"))
            .count();
        assert!(dui >= 8, "{dui} drunk drivers");
        counts
    }

    #[test]
    fn street_scale() {
        let counts = street_checks(1, today());
        println!("street, seed 1, 2026-11-22: {counts:?}");
        for seed in 2..=8 {
            street_checks(seed, today());
        }
    }

    #[test]
    fn street_scale_on_awkward_days() {
        for today in [date(2028, 2, 29), date(2026, 12, 31), date(2027, 1, 1)] {
            for seed in [1, 7] {
                street_checks(seed, today);
            }
        }
    }

    fn county_checks(seed: u64, today: NaiveDate) {
        let d = builtin();
        let started = Instant::now();
        let subjects = generate(Scale::County, seed, today, &d);
        println!("county generation: {:?}", started.elapsed());
        check_all(&subjects, today, &d);
        let current = subjects
            .iter()
            .filter(|s| s.status.unwrap().is_current())
            .count();
        let finished = subjects.len() - current;
        assert!((1400..=1600).contains(&current), "{current} current");
        assert!((5500..=6500).contains(&finished), "{finished} finished");
        let released = subjects
            .iter()
            .filter(|s| s.status == Some(Status::Released))
            .count();
        assert!(
            released * 10 > finished * 8,
            "{released} of {finished} released"
        );

        let mut per_street: HashMap<&str, usize> = HashMap::new();
        for s in &subjects {
            *per_street.entry(&s.jurisdiction[..9]).or_default() += 1;
        }
        let streets: Vec<&Division> = d
            .iter()
            .filter(|x| x.level == Level::Street && x.code.starts_with("330723"))
            .collect();
        assert_eq!(streets.len(), 18);
        for street in streets {
            assert!(
                per_street.get(street.code.as_str()).copied().unwrap_or(0) > 0,
                "{} empty",
                street.name
            );
        }
        let men = subjects.iter().filter(|s| s.sex == Some(Sex::Male)).count();
        assert!(
            (80..=90).contains(&(men * 100 / subjects.len())),
            "{men} men"
        );
        let she = subjects
            .iter()
            .filter(|s| s.ethnicity.as_deref() == Some("畲族"))
            .count();
        assert!(she > 0);
    }

    #[test]
    fn county_scale() {
        county_checks(1, today());
    }

    #[test]
    fn county_scale_on_awkward_days() {
        county_checks(3, date(2028, 2, 29));
        county_checks(4, date(2026, 12, 31));
    }

    #[test]
    fn nothing_to_place_gives_nothing() {
        assert!(generate(Scale::County, 1, today(), &[]).is_empty());
    }
}
