//! Finding a subject from what a worker types into a search box: part of the name in Chinese
//! characters, the name in pinyin (full, or from any syllable on), its initials ("zxm" for
//! 张小明), a fragment of the ID number, or part of the file number.
//!
//! A subject's [`NameKeys`] are worked out once, when the name is known, and kept in memory
//! next to the subject (a few dozen bytes each, the pinyin itself is static data), so that
//! [`matches`] only compares bytes and allocates nothing while a list of thousands is filtered
//! on every keystroke. Surnames with a special reading (单 is "shan" as a surname, "dan"
//! otherwise) are found under both readings, since people type either. What is deliberately
//! not here: ranking beyond what kind of key matched, fuzzy or misspelled matches, readings of
//! polyphonic characters other than the surname, and loading or caching the keys (the API
//! keeps one per subject).

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

/// Surnames whose reading differs from the character's ordinary one. The ordinary reading
/// stays a match too: people who do not know the surname reading type that.
const SURNAME_READINGS: &[(char, &str)] = &[
    ('单', "shan"),
    ('曾', "zeng"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('朴', "piao"),
    ('区', "ou"),
    ('查', "zha"),
    ('盖', "ge"),
    ('乐', "yue"),
    ('缪', "miao"),
    ('覃', "qin"),
    ('翟', "zhai"),
    ('召', "shao"),
    ('尉', "yu"),
    ('秘', "bi"),
    ('种', "chong"),
    ('繁', "po"),
    ('句', "gou"),
    ('折', "she"),
    ('谌', "chen"),
    ('员', "yun"),
];

/// What a name sounds like, for matching pinyin and initials.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameKeys {
    /// The plain pinyin (no tones) of each character that has one, in order: "zhang",
    /// "xiao", "ming". Characters without pinyin (the "·" in a transliterated name) are
    /// skipped.
    syllables: Box<[&'static str]>,
    /// The first character's reading as a surname, when it differs from `syllables[0]`.
    surname: Option<&'static str>,
}

impl NameKeys {
    pub fn of(name: &str) -> NameKeys {
        let name = name.trim();
        let syllables: Box<[&'static str]> = name
            .chars()
            .filter_map(|c| c.to_pinyin())
            .map(|p| p.plain())
            .collect();
        let surname = name
            .chars()
            .next()
            .and_then(|first| SURNAME_READINGS.iter().find(|(c, _)| *c == first))
            .map(|(_, reading)| *reading)
            .filter(|reading| syllables.first() != Some(reading));
        NameKeys { syllables, surname }
    }

    /// The readings of the syllable at `i`: one, or two for a surname with its own reading.
    fn readings(&self, i: usize) -> impl Iterator<Item = &'static str> + '_ {
        let alt = if i == 0 { self.surname } else { None };
        self.syllables.get(i).copied().into_iter().chain(alt)
    }
}

/// What part of a subject the query matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matched {
    Name,
    Pinyin,
    Initials,
    IdNumber,
    FileNo,
}

impl Matched {
    pub fn as_str(self) -> &'static str {
        match self {
            Matched::Name => "name",
            Matched::Pinyin => "pinyin",
            Matched::Initials => "initials",
            Matched::IdNumber => "id_number",
            Matched::FileNo => "file_no",
        }
    }
}

/// What was typed, normalised once per keystroke rather than once per subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Lowercase, without spaces, full-width letters and digits made ASCII, "ü" as "v".
    text: String,
    class: Class,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Contains Chinese characters (or anything else beyond ASCII): part of the name.
    Han,
    /// ASCII letters only: pinyin or initials.
    Letters,
    /// Digits, possibly with an x: part of an ID number or file number.
    Digits,
    /// Anything else ("2024-00"): part of a file number.
    Other,
}

/// A fragment shorter than this would match nearly every ID number.
const MIN_ID_FRAGMENT: usize = 3;

impl Query {
    /// `None` when nothing but spaces was typed.
    pub fn parse(text: &str) -> Option<Query> {
        let text: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                // Chinese input methods in full-width mode type "ＺＸＭ" and "２０２４".
                '\u{FF01}'..='\u{FF5E}' => {
                    char::from_u32(u32::from(c) - 0xFEE0).expect("maps onto printable ASCII")
                }
                'ü' | 'Ü' => 'v',
                c => c,
            })
            .flat_map(char::to_lowercase)
            .collect();
        if text.is_empty() {
            return None;
        }
        let class = if !text.is_ascii() {
            Class::Han
        } else if text.bytes().all(|b| b.is_ascii_lowercase()) {
            Class::Letters
        } else if text.bytes().all(|b| b.is_ascii_digit() || b == b'x') {
            Class::Digits
        } else {
            Class::Other
        };
        Some(Query { text, class })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// Whether a subject matches, and how. When several keys match, the name beats initials and
/// initials beat pinyin (typing "xm" is meant as initials even if a syllable starts with it);
/// an ID number beats a file number.
pub fn matches(
    q: &Query,
    name: &str,
    keys: &NameKeys,
    id_number: &str,
    file_no: &str,
) -> Option<Matched> {
    let text = q.text.as_str();
    match q.class {
        Class::Han => name.contains(text).then_some(Matched::Name),
        Class::Letters => {
            if contains_ignore_ascii_case(name, text) {
                Some(Matched::Name)
            } else if initials_contain(keys, text.as_bytes()) {
                Some(Matched::Initials)
            } else if pinyin_has_prefix(keys, text.as_bytes()) {
                Some(Matched::Pinyin)
            } else {
                None
            }
        }
        Class::Digits => {
            if text.len() >= MIN_ID_FRAGMENT && contains_ignore_ascii_case(id_number, text) {
                Some(Matched::IdNumber)
            } else {
                contains_ignore_ascii_case(file_no, text).then_some(Matched::FileNo)
            }
        }
        Class::Other => contains_ignore_ascii_case(file_no, text).then_some(Matched::FileNo),
    }
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Whether `q` is a run of the name's initials: "xm" in "zxm".
fn initials_contain(keys: &NameKeys, q: &[u8]) -> bool {
    let n = keys.syllables.len();
    if q.is_empty() || q.len() > n {
        return false;
    }
    (0..=n - q.len()).any(|start| {
        q.iter().enumerate().all(|(j, &b)| {
            keys.readings(start + j)
                .any(|s| s.as_bytes().first() == Some(&b))
        })
    })
}

/// Whether `q` is the start of the pinyin read from some syllable on: "xiaoming" and "zhangx"
/// in "zhangxiaoming", but not "iaoming".
fn pinyin_has_prefix(keys: &NameKeys, q: &[u8]) -> bool {
    let rest = |start: usize| keys.syllables.iter().skip(start + 1).copied();
    (0..keys.syllables.len()).any(|start| {
        keys.readings(start)
            .any(|first| reads_as(q, std::iter::once(first).chain(rest(start))))
    })
}

/// Whether `q` runs along the syllables from their start, ending anywhere.
fn reads_as(mut q: &[u8], syllables: impl Iterator<Item = &'static str>) -> bool {
    for syllable in syllables {
        for key in syllable.chars() {
            let Some((&b, tail)) = q.split_first() else {
                return true;
            };
            if !same_letter(key, b) {
                return false;
            }
            q = tail;
        }
    }
    q.is_empty()
}

/// Keyboards have no "ü": people type "v" (the input-method convention) or "u".
fn same_letter(key: char, typed: u8) -> bool {
    match key {
        'ü' | 'v' => typed == b'v' || typed == b'u',
        _ => key.is_ascii() && key as u8 == typed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "330723199005200117";
    const ID_X: &str = "11010519491231002X";
    const FILE: &str = "330723001-2024-0012";

    fn check(query: &str, name: &str, id: &str, file_no: &str) -> Option<Matched> {
        let q = Query::parse(query).unwrap_or_else(|| panic!("query {query:?} parses"));
        matches(&q, name, &NameKeys::of(name), id, file_no)
    }

    #[test]
    fn search_table() {
        use Matched::*;
        let cases: &[(&str, &str, &str, &str, Option<Matched>)] = &[
            // Chinese characters: part of the name, one character is enough.
            ("张", "张小明", ID, FILE, Some(Name)),
            ("小明", "张小明", ID, FILE, Some(Name)),
            ("明", "张小明", ID, FILE, Some(Name)),
            ("张 小明", "张小明", ID, FILE, Some(Name)),
            ("李", "张小明", ID, FILE, None),
            ("张明", "张小明", ID, FILE, None),
            // Initials: any run of them.
            ("zxm", "张小明", ID, FILE, Some(Initials)),
            ("ZXM", "张小明", ID, FILE, Some(Initials)),
            (" z x m ", "张小明", ID, FILE, Some(Initials)),
            ("ＺＸＭ", "张小明", ID, FILE, Some(Initials)),
            ("xm", "张小明", ID, FILE, Some(Initials)),
            ("x", "张小明", ID, FILE, Some(Initials)),
            ("zm", "张小明", ID, FILE, None),
            ("zxmx", "张小明", ID, FILE, None),
            // Full pinyin from any syllable boundary, ending anywhere.
            ("zhangxiaoming", "张小明", ID, FILE, Some(Pinyin)),
            ("Zhang Xiao Ming", "张小明", ID, FILE, Some(Pinyin)),
            ("xiaoming", "张小明", ID, FILE, Some(Pinyin)),
            ("zhangxiao", "张小明", ID, FILE, Some(Pinyin)),
            ("zhangx", "张小明", ID, FILE, Some(Pinyin)),
            ("ming", "张小明", ID, FILE, Some(Pinyin)),
            ("zh", "张小明", ID, FILE, Some(Pinyin)),
            ("iaoming", "张小明", ID, FILE, None),
            ("zhangming", "张小明", ID, FILE, None),
            ("zhangxiaomingg", "张小明", ID, FILE, None),
            // Initials win over pinyin when both fit ("x" is also where "xiao" starts).
            ("x", "谢霞", ID, FILE, Some(Initials)),
            // ü typed as v or u, or as ü itself.
            ("lvming", "吕明", ID, FILE, Some(Pinyin)),
            ("luming", "吕明", ID, FILE, Some(Pinyin)),
            ("lüm", "吕明", ID, FILE, Some(Pinyin)),
            ("lm", "吕明", ID, FILE, Some(Initials)),
            // Polyphonic surnames: the surname reading and the ordinary one.
            ("sxm", "单小明", ID, FILE, Some(Initials)),
            ("dxm", "单小明", ID, FILE, Some(Initials)),
            ("shanxiaoming", "单小明", ID, FILE, Some(Pinyin)),
            ("danxiaoming", "单小明", ID, FILE, Some(Pinyin)),
            ("shan", "单小明", ID, FILE, Some(Pinyin)),
            ("zengli", "曾丽", ID, FILE, Some(Pinyin)),
            ("xiehua", "解华", ID, FILE, Some(Pinyin)),
            ("jiehua", "解华", ID, FILE, Some(Pinyin)),
            ("xh", "解华", ID, FILE, Some(Initials)),
            ("qiuqiang", "仇强", ID, FILE, Some(Pinyin)),
            ("piaojun", "朴军", ID, FILE, Some(Pinyin)),
            ("ouyang", "区阳", ID, FILE, Some(Pinyin)),
            ("zhawei", "查伟", ID, FILE, Some(Pinyin)),
            ("gefang", "盖芳", ID, FILE, Some(Pinyin)),
            ("yuetao", "乐涛", ID, FILE, Some(Pinyin)),
            ("miaojing", "缪静", ID, FILE, Some(Pinyin)),
            ("qinlei", "覃磊", ID, FILE, Some(Pinyin)),
            ("zhaiyan", "翟燕", ID, FILE, Some(Pinyin)),
            ("shaogang", "召刚", ID, FILE, Some(Pinyin)),
            ("yuchi", "尉迟", ID, FILE, Some(Pinyin)),
            // The surname reading only counts for the first character.
            ("xiaoshan", "张小单", ID, FILE, None),
            ("xiaodan", "张小单", ID, FILE, Some(Pinyin)),
            ("zxs", "张小单", ID, FILE, None),
            // A name written in Latin letters.
            ("anna", "Anna", ID, FILE, Some(Name)),
            // ID numbers: three characters or more; x either case.
            ("330723", "张小明", ID, FILE, Some(IdNumber)),
            ("19900520", "张小明", ID, FILE, Some(IdNumber)),
            ("0117", "张小明", ID, FILE, Some(IdNumber)),
            ("002x", "张小明", ID_X, FILE, Some(IdNumber)),
            ("002X", "张小明", ID_X, FILE, Some(IdNumber)),
            ("99", "张小明", ID, FILE, None),
            ("55555", "张小明", ID, FILE, None),
            // File numbers: digits the ID lacks, or anything with punctuation.
            ("0012", "张小明", ID, FILE, Some(FileNo)),
            ("12", "张小明", ID, FILE, Some(FileNo)),
            ("2024-00", "张小明", ID, FILE, Some(FileNo)),
            ("2024 - 0012", "张小明", ID, FILE, Some(FileNo)),
            ("２０２４－００１２", "张小明", ID, FILE, Some(FileNo)),
            ("2025-00", "张小明", ID, FILE, None),
            ("by-2024", "张小明", ID, "BY-2024-7", Some(FileNo)),
        ];
        for (query, name, id, file_no, want) in cases {
            assert_eq!(
                check(query, name, id, file_no),
                *want,
                "query {query:?} against {name}"
            );
        }
    }

    #[test]
    fn blank_queries_are_none() {
        for blank in ["", " ", "\t\n", "\u{3000}"] {
            assert_eq!(Query::parse(blank), None, "{blank:?}");
        }
    }

    #[test]
    fn keys_are_small() {
        // Kept for every subject in memory: a boxed slice of static strings and one option.
        assert!(std::mem::size_of::<NameKeys>() <= 32);
        let keys = NameKeys::of("张小明");
        assert_eq!(&*keys.syllables, ["zhang", "xiao", "ming"]);
        assert_eq!(keys.surname, None);
        let keys = NameKeys::of(" 单小明 ");
        assert_eq!(keys.syllables.first(), Some(&"dan"));
        assert_eq!(keys.surname, Some("shan"));
        // The transliteration dot has no pinyin and is skipped.
        assert_eq!(NameKeys::of("买买提·艾力").syllables.len(), 5);
        assert_eq!(NameKeys::of(""), NameKeys::default());
    }

    #[test]
    fn codes() {
        use Matched::*;
        for (m, code) in [
            (Name, "name"),
            (Pinyin, "pinyin"),
            (Initials, "initials"),
            (IdNumber, "id_number"),
            (FileNo, "file_no"),
        ] {
            assert_eq!(m.as_str(), code);
            assert_eq!(serde_json::to_value(m).unwrap(), serde_json::json!(code));
        }
    }
}
