//! Administrative divisions (统计用区划代码): the codes jurisdictions are named by.
//!
//! A county has 6 digits, a street or township 9, a village or community 12. A site's scope
//! is a code prefix: the street 330723001 covers every village whose code starts with it.
//! The division list of the demo county ships with the program; the national list is
//! deliberately not embedded (it is large and changes yearly) and would be imported instead.

use serde::{Deserialize, Serialize};

/// The division list shipped with the program (Wuyi County, Zhejiang).
pub const BUILTIN_CSV: &str = include_str!("../../../assets/divisions/wuyi-county-divisions.csv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    County,
    Street,
    Village,
}

impl Level {
    pub fn code_len(self) -> usize {
        match self {
            Level::County => 6,
            Level::Street => 9,
            Level::Village => 12,
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        match code.len() {
            6 => Some(Level::County),
            9 => Some(Level::Street),
            12 => Some(Level::Village),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::County => "county",
            Level::Street => "street",
            Level::Village => "village",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Division {
    pub code: String,
    pub name: String,
    /// The code of the division above; a county's parent is its prefecture (4 digits), which
    /// is not itself in the list.
    pub parent: String,
    pub level: Level,
}

impl Division {
    /// Whether this division lies within the scope named by `prefix` (itself included).
    pub fn is_within(&self, prefix: &str) -> bool {
        self.code.starts_with(prefix)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DivisionError {
    #[error("line {line} of the division list is malformed: {why}")]
    Malformed { line: usize, why: String },
}

/// Parses `code,name,parent_code,level` lines (a header line first; names may be quoted).
pub fn parse_csv(text: &str) -> Result<Vec<Division>, DivisionError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = |why: &str| DivisionError::Malformed {
            line: i + 1,
            why: why.to_owned(),
        };
        let fields: Vec<&str> = line
            .split(',')
            .map(|f| f.trim().trim_matches('"'))
            .collect();
        let [code, name, parent, level] = fields[..] else {
            return Err(bad("expected 4 fields"));
        };
        let level = match level {
            "county" => Level::County,
            "street" => Level::Street,
            "village" => Level::Village,
            _ => return Err(bad("level must be county, street or village")),
        };
        if Level::from_code(code) != Some(level) {
            return Err(bad("the code's length does not fit its level"));
        }
        out.push(Division {
            code: code.to_owned(),
            name: name.to_owned(),
            parent: parent.to_owned(),
            level,
        });
    }
    Ok(out)
}

/// The shipped division list.
pub fn builtin() -> Vec<Division> {
    parse_csv(BUILTIN_CSV).expect("the shipped division list is well-formed")
}

/// The divisions a site with scope `prefix` needs: everything within it and every division
/// above it that is in the list, so names can be shown for the whole path.
pub fn for_scope<'a>(all: &'a [Division], prefix: &str) -> Vec<&'a Division> {
    all.iter()
        .filter(|d| d.is_within(prefix) || prefix.starts_with(&d.code))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_has_the_demo_street() {
        let all = builtin();
        let street: Vec<_> = all.iter().filter(|d| d.parent == "330723001").collect();
        assert_eq!(
            street.len(),
            27,
            "Baiyang Street has 4 communities and 23 villages"
        );
        assert!(
            all.iter()
                .any(|d| d.code == "330723" && d.level == Level::County)
        );
        let scope = for_scope(&all, "330723001");
        assert_eq!(scope.len(), 27 + 2);
    }

    #[test]
    fn malformed_lines_are_named() {
        let err = parse_csv("code,name,parent,level\n3307,x,33,county\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2 of the division list is malformed: the code's length does not fit its level"
        );
    }
}
