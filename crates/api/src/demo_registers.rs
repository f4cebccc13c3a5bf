//! The demo's registers: a few synthetic entries of each kind (staff, volunteers, trainings,
//! meetings) kept by the demo office, dated around the demo's day so the same day always
//! gives the same entries. Each is checked by core's rules like a real one. Names are
//! invented; deliberately absent: entries kept by villages (a demo archive is the office's).

use chrono::{Datelike, Months, NaiveDate};
use dossier_core::op::{DATA_PREFIX, Entity};
use dossier_core::register;
use dossier_store::Change;
use serde_json::{Value, json};

use crate::archive::fields;
use crate::{Env, Error, Result};

fn months_back(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(n)).unwrap_or(d)
}

/// The entries as (register, fields), before checking.
fn entries(today: NaiveDate, officers: [&str; 2]) -> Vec<(&'static str, Value)> {
    let day = |d: NaiveDate| d.to_string();
    let year_start = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today);
    // Evaluations of last year, made in its last days.
    let evaluated = NaiveDate::from_ymd_opt(today.year() - 1, 12, 28).unwrap_or(today);
    let [head, staff] = officers;
    let mut out = vec![
        (
            "staff",
            json!({"name": head, "role": "office_head", "post": "所长",
            "phone": "0579-87000001", "term_from": day(year_start),
            "evaluated_on": day(evaluated), "evaluation": "excellent"}),
        ),
        (
            "staff",
            json!({"name": staff, "role": "office_staff", "post": "社区矫正专管员",
            "phone": "0579-87000002", "term_from": day(year_start),
            "evaluated_on": day(evaluated), "evaluation": "competent"}),
        ),
        (
            "staff",
            json!({"name": "赵晓燕", "role": "social_worker", "phone": "13900000003",
            "term_from": day(months_back(today, 8)), "term_to": day(months_back(today, 8) + Months::new(24)),
            "notes": "购买服务，协助走访和教育"}),
        ),
        (
            "volunteer",
            json!({"name": "钱志明", "sex": "male", "phone": "13900000011",
            "work_unit": "白洋街道退休教师协会", "term_from": day(year_start),
            "term_to": day(year_start + Months::new(36)), "agreement_signed": true,
            "evaluated_on": day(evaluated), "evaluation": "praised"}),
        ),
        (
            "volunteer",
            json!({"name": "孙丽娟", "sex": "female", "phone": "13900000012",
            "work_unit": "武义县心理咨询协会", "term_from": day(year_start),
            "agreement_signed": true, "evaluated_on": day(evaluated), "evaluation": "excellent"}),
        ),
        (
            "volunteer",
            json!({"name": "李国华", "sex": "male", "phone": "13900000013",
            "work_unit": "下王宅社区居委会", "term_from": day(months_back(today, 2)),
            "agreement_signed": false, "notes": "协议待签订"}),
        ),
        (
            "training",
            json!({"date": day(months_back(today, 5)), "title": "《社区矫正法》及实施办法专题培训",
            "organiser": "武义县司法局", "place": "县司法局三楼会议室", "hours": 4,
            "attendees": format!("{head}、{staff}、赵晓燕"), "content": "法律条文解读；典型案例分析"}),
        ),
        (
            "training",
            json!({"date": day(months_back(today, 1)), "title": "社区矫正志愿者工作培训",
            "organiser": "白洋街道司法所", "place": "司法所会议室", "hours": 2,
            "attendees": "钱志明、孙丽娟、李国华", "content": "志愿者职责、保密要求、走访注意事项"}),
        ),
    ];
    // Quarterly joint meetings: the last day of each of the last two quarters' final month
    // that has passed.
    let quarter_end = |n: u32| {
        let q = (today.month0() / 3) * 3; // first month (0-based) of this quarter
        let first = NaiveDate::from_ymd_opt(today.year(), q + 1, 1).unwrap_or(today);
        months_back(first, 3 * (n - 1)).pred_opt().unwrap_or(today)
    };
    for n in [1, 2] {
        out.push(("meeting", json!({"meeting_type": "joint", "date": day(quarter_end(n) - chrono::Days::new(3)),
            "place": "白洋街道综治中心", "chair": head, "recorder": staff,
            "attendees": format!("{head}、{staff}、派出所社区民警、综治办、各村(社区)治保主任"),
            "absentees": if n == 1 { "检察室(请假)" } else { "" },
            "topics": "通报本季度社区矫正对象情况；研判重点对象；部署下季度走访和教育",
            "minutes": "本季度在册对象情况稳定，无脱管、无重新犯罪。会议要求各村加强重点对象走访，敏感时期落实\"四个一\"。"})));
    }
    // Monthly office meetings: the first working day or so of each of the last three months.
    for n in 1..=3 {
        let first = months_back(today.with_day(1).unwrap_or(today), n - 1);
        let date = if first + chrono::Days::new(2) <= today {
            first + chrono::Days::new(2)
        } else {
            months_back(first, 3) + chrono::Days::new(2)
        };
        out.push((
            "meeting",
            json!({"meeting_type": "office", "date": day(date),
            "place": "司法所会议室", "chair": head, "recorder": staff,
            "attendees": format!("{head}、{staff}、赵晓燕"),
            "topics": "上月工作小结；本月考核、请假审批和教育安排",
            "minutes": "逐人过堂本所在册对象，核对台账；明确本月走访分工。"}),
        ));
    }
    out
}

/// Adds the demo's register entries, kept by `jurisdiction`, to `changes`.
pub(crate) fn registers(
    today: NaiveDate,
    jurisdiction: &str,
    officers: [&str; 2],
    env: &mut Env,
    changes: &mut Vec<Change>,
) -> Result<()> {
    for (kind, data) in entries(today, officers) {
        let spec = register::register(kind)
            .ok_or_else(|| Error::Internal(format!("the demo names no register {kind}")))?;
        let Value::Object(map) = data else {
            return Err(Error::Internal(
                "a demo register entry is not an object".into(),
            ));
        };
        let valid = register::validate(spec, &map, today).map_err(|e| {
            Error::Internal(format!("a demo {kind} entry failed its own check: {e}"))
        })?;
        let mut f = fields(&[
            ("jurisdiction", json!(jurisdiction)),
            ("kind", json!(kind)),
            ("date", json!(valid.date.map(|d| d.to_string()))),
        ]);
        for (k, v) in valid.fields {
            f.insert(format!("{DATA_PREFIX}{k}"), v);
        }
        changes.push(Change {
            op_id: env.new_id(),
            entity: Entity::RegisterEntry,
            entity_id: env.new_id(),
            fields: f,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_entry_passes_on_any_day() {
        let mut day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for _ in 0..400 {
            let mut changes = Vec::new();
            registers(
                day,
                "330723001",
                ["甲", "乙"],
                &mut Env::fixed(0, 1),
                &mut changes,
            )
            .unwrap_or_else(|e| panic!("{day}: {e}"));
            assert_eq!(changes.len(), 13, "{day}");
            day = day.succ_opt().unwrap();
        }
    }
}
