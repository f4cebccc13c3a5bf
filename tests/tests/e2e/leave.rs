//! The leave journey: a leave long enough that the county must approve it, from the request
//! in the subject's 外出 tab to the return, watched on the dashboard.
//!
//! The subject is chosen through the API before the app opens the archive: in correction,
//! not 严管, with a correction plan and a current group member responsible for supervision,
//! and no leave at all (so no earlier leave can change who approves). Who approves is asked
//! of core's leave rules in force today, and the form must say the same.
//!
//! The leave starts today, not later: the app runs on the real clock, and a return can only
//! be recorded from the leave's first day and never in the future, so a leave that starts
//! tomorrow could not be brought back within one run. Being ten days long, it ends after
//! this week, so it never shows among the leaves ending this week; what the dashboard shows
//! of it is the list of leave awaiting a decision (待审批外出), which it joins when asked for
//! and leaves when approved. The demo archive's officer is an office administrator, so the
//! same person asks and records the county's decision, as a judicial office does.
//!
//! Deliberately not here: rejections, extensions and late returns (the UI's and the API's own
//! tests cover them), and a village worker's view (the demo has one officer role).

use anyhow::{Context, Result, ensure};
use chrono::NaiveDate;
use dossier_api::core::leave::{ApproverLevel, LeaveRequest, SubjectFlags, assess};
use dossier_api::core::rules::add_days;
use dossier_api::core::subject::Status;
use dossier_tests::webdriver::Session;
use serde_json::Value;

use super::{
    Config, DEMO_SUBJECTS, ROW, WAIT, api_session, in_the_app, open_file, row_texts, unlock,
};

/// Days of the leave asked for: more than the judicial office may approve by default.
const LEAVE_DAYS: u32 = 10;
/// 壶山街道, Wuyi County: a destination in the county's own list of divisions.
const DESTINATION_CODE: &str = "330723002";
const DESTINATION_DETAIL: &str = "壶山街道某小区（端到端测试）";
const REASON: &str = "端到端测试：探望住院的母亲";
const CONTACT: &str = "亲属 13900000000";
const OPINION: &str = "县社区矫正机构同意外出，返回后及时销假（司法所录入）";

const PENDING_ITEM: &str = "[data-testid=leave-pending-item]";

#[test]
fn a_long_leave_goes_to_the_county_and_comes_back() -> Result<()> {
    let config = Config::from_env()?;
    let archive = config.own_archive("leave")?;
    let plan = LeavePlan::choose(&config, &archive.0)?;
    println!(
        "leave: {} from {} to {} ({} days), approver {}",
        plan.name,
        plan.from,
        plan.to,
        LEAVE_DAYS,
        plan.approver.as_str()
    );
    in_the_app(&config, &archive.0, "leave", |s| {
        leave_journey(s, &config, &plan)
    })
}

/// Who takes the leave, when, and what the rules say about it.
struct LeavePlan {
    subject_id: String,
    name: String,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    approver: ApproverLevel,
    applied_late: bool,
}

impl LeavePlan {
    fn choose(config: &Config, archive: &std::path::Path) -> Result<LeavePlan> {
        let session = api_session(config, archive)?;
        let api = |e: dossier_api::Error| anyhow::anyhow!("{}", e.view().message);
        let today: NaiveDate = session.due(None).map_err(api)?.today.parse()?;
        let from = today;
        let to = add_days(from, LEAVE_DAYS - 1);
        let mut rows = session.subject_list().map_err(api)?;
        rows.sort_by(|a, b| a.file_no.cmp(&b.file_no));
        let mut chosen = None;
        for row in rows {
            let fits = row.status == "in_correction"
                && row.management_level != "strict"
                && row
                    .correction_end
                    .parse::<NaiveDate>()
                    .is_ok_and(|end| end >= to);
            if !fits || !session.leave_list(Some(&row.id)).map_err(api)?.is_empty() {
                continue;
            }
            let has_plan = !session
                .record_list(&row.id, Some("correction_plan"))
                .map_err(api)?
                .is_empty();
            let responsible = session
                .record_list(&row.id, Some("group_member"))
                .map_err(api)?
                .iter()
                .any(|m| {
                    let yes = |v: Option<&Value>| {
                        matches!(v, Some(Value::Bool(true))) || v.and_then(Value::as_i64) == Some(1)
                    };
                    yes(m.data.get("responsible"))
                        && m.data.get("left_on").is_none_or(|v| {
                            v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty())
                        })
                });
            if has_plan && responsible {
                chosen = Some(row);
                break;
            }
        }
        let row = chosen.context(
            "no demo subject may take leave: in correction, not 严管, with a correction plan, \
             a responsible group member, no leave yet and at least 10 days of correction left",
        )?;
        // Ask the rules in force today, as the backend will.
        let book = session.rules().map_err(api)?;
        let request = LeaveRequest {
            from,
            to,
            destination_code: DESTINATION_CODE.into(),
            destination_detail: DESTINATION_DETAIL.into(),
            reason: REASON.into(),
            contact: CONTACT.into(),
            applied_on: today,
        };
        let flags = SubjectFlags {
            high_risk: false,
            measures_in_place: true,
            status: Status::InCorrection,
        };
        let ruled = assess(&request, &[], flags, book.in_force(today))
            .map_err(|e| anyhow::anyhow!("the rules refuse the leave: {e}"))?;
        ensure!(
            ruled.days == LEAVE_DAYS,
            "the rules count {} days",
            ruled.days
        );
        ensure!(
            ruled.approver == ApproverLevel::County,
            "by the rules in force, a {LEAVE_DAYS}-day leave is approved by {}; this journey \
             is about one the county approves",
            ruled.approver.as_str()
        );
        Ok(LeavePlan {
            subject_id: row.id,
            name: row.name,
            today,
            from,
            to,
            approver: ruled.approver,
            applied_late: ruled.applied_late,
        })
    }
}

/// What the dashboard shows about leave, read in one round trip.
#[derive(Debug, PartialEq, Eq)]
struct DashboardLeave {
    /// Leave awaiting a decision (待审批外出).
    pending: usize,
    /// Whether this subject's leave is among them.
    pending_ours: bool,
    /// Leaves ending this week and overdue ones, all subjects.
    ending: usize,
    overdue: usize,
    /// Leave reminders about this subject.
    ours: usize,
}

/// Goes to the dashboard and reads it once it has loaded (both its list and the pending
/// leave), waiting until `expect` accepts what it shows.
fn dashboard(
    s: &Session,
    plan: &LeavePlan,
    what: &str,
    expect: impl Fn(&DashboardLeave) -> bool,
) -> Result<DashboardLeave> {
    s.click_on("the dashboard button", "[data-testid=nav-dashboard]", WAIT)?;
    s.wait_for(what, WAIT, |s| {
        let seen = s.execute(
            "const pane = document.querySelector('[data-testid=leave-pending]');\
             const listed = document.querySelector('[data-testid=due-item], [data-testid=due-empty]');\
             if (!pane || !listed || pane.querySelector('.ant-spin')) return null;\
             const items = Array.from(document.querySelectorAll(arguments[0]));\
             const due = Array.from(document.querySelectorAll('[data-testid=due-item]'));\
             const kind = k => due.filter(e => e.getAttribute('data-kind') === k);\
             return {\
               pending: items.length,\
               pending_ours: items.some(e => e.getAttribute('data-subject-id') === arguments[1]),\
               ending: kind('leave_ending').length,\
               overdue: kind('leave_overdue').length,\
               ours: due.filter(e => e.getAttribute('data-subject-id') === arguments[1]\
                 && (e.getAttribute('data-kind') || '').startsWith('leave_')).length,\
             };",
            vec![
                Value::from(PENDING_ITEM),
                Value::from(plan.subject_id.as_str()),
            ],
        )?;
        if seen.is_null() {
            return Ok(None);
        }
        let read = |k: &str| seen[k].as_u64().unwrap_or(0) as usize;
        let now = DashboardLeave {
            pending: read("pending"),
            pending_ours: seen["pending_ours"].as_bool().unwrap_or(false),
            ending: read("ending"),
            overdue: read("overdue"),
            ours: read("ours"),
        };
        if expect(&now) {
            Ok(Some(now))
        } else {
            anyhow::bail!("the dashboard shows {now:?}")
        }
    })
}

fn leave_journey(s: &Session, config: &Config, plan: &LeavePlan) -> Result<()> {
    unlock(s, config)?;
    let before = dashboard(s, plan, "the dashboard before the leave", |d| {
        !d.pending_ours && d.ours == 0
    })?;
    println!("dashboard before: {before:?}");
    show(s, "[data-testid=leave-pending]")?;
    config.screenshot(s, "leave-dashboard-before")?;

    // The roster, and on the way the form for a new subject, looked at once in the real app.
    s.click_on("the roster button", "[data-testid=nav-roster]", WAIT)?;
    s.wait_for("all demo subjects on the roster", WAIT, |s| {
        Ok((row_texts(s)?.len() == DEMO_SUBJECTS).then_some(()))
    })?;
    s.click_on("the new-subject button", "[data-testid=subject-new]", WAIT)?;
    s.wait_for("the new-subject form", WAIT, |s| {
        s.find("[data-testid=subject-form]")
    })?;
    config.screenshot(s, "subject-form-new")?;
    close_drawer(s, "[data-testid=subject-form]")?;

    open_file(s, &plan.name)?;
    s.click_on(
        "the basic-information edit button",
        "[data-testid=basic-edit]",
        WAIT,
    )?;
    s.wait_for("the basic-information form", WAIT, |s| {
        s.find("[data-testid=subject-form]")
    })?;
    config.screenshot(s, "subject-form-edit")?;
    close_drawer(s, "[data-testid=subject-form]")?;

    request_leave(s, config, plan)?;

    // The request waits for a decision, on the dashboard too, one click from it.
    let asked = dashboard(
        s,
        plan,
        "the request among the leave awaiting a decision",
        |d| d.pending == before.pending + 1 && d.pending_ours,
    )?;
    println!("dashboard after the request: {asked:?}");
    let pending_text = s.execute(
        "const e = document.querySelector(arguments[0] + '[data-subject-id=\"' + arguments[1] + '\"]');\
         return e ? e.innerText : '';",
        vec![
            Value::from(PENDING_ITEM),
            Value::from(plan.subject_id.as_str()),
        ],
    )?;
    let pending_text = pending_text.as_str().unwrap_or_default();
    ensure!(
        pending_text.contains(&plan.name) && pending_text.contains(&format!("{LEAVE_DAYS} 天")),
        "the pending leave reads {pending_text:?}; expected the name and {LEAVE_DAYS} days"
    );
    ensure!(
        pending_text.contains("县"),
        "the pending leave does not say the county approves: {pending_text:?}"
    );
    show(s, "[data-testid=leave-pending]")?;
    config.screenshot(s, "leave-dashboard-pending")?;

    // The office records the county's approval, from the dashboard.
    s.click_on(
        "the pending leave's decide button",
        &format!(
            "{PENDING_ITEM}[data-subject-id=\"{}\"] [data-testid=leave-pending-open]",
            plan.subject_id
        ),
        WAIT,
    )?;
    decide(s, config, plan)?;

    let away = dashboard(
        s,
        plan,
        "the approved leave gone from those awaiting a decision",
        |d| d.pending == before.pending && !d.pending_ours,
    )?;
    println!("dashboard while away: {away:?}");
    // Ten days end after this week: not among the leaves ending this week (nor overdue).
    let week_end = add_days(plan.today, 6);
    ensure!(
        plan.to > week_end && away.ours == 0,
        "a leave ending {} shows {} reminders on the dashboard (the week ends {week_end})",
        plan.to,
        away.ours
    );
    ensure!(
        (away.ending, away.overdue) == (before.ending, before.overdue),
        "the other leave reminders changed: {before:?} -> {away:?}"
    );
    show(s, "[data-testid=leave-pending]")?;
    config.screenshot(s, "leave-dashboard-away")?;

    // Back, reported on the first day: early, so on time.
    s.click_on("the roster button", "[data-testid=nav-roster]", WAIT)?;
    s.wait_for("all demo subjects on the roster", WAIT, |s| {
        Ok((s.count(ROW)? == DEMO_SUBJECTS).then_some(()))
    })?;
    open_file(s, &plan.name)?;
    open_leave_tab(s)?;
    record_return(s, config, plan)?;

    let after = dashboard(s, plan, "the dashboard after the return", |d| {
        d.pending == before.pending && !d.pending_ours && d.ours == 0
    })?;
    println!("dashboard after the return: {after:?}");
    ensure!(
        after == before,
        "after the return the dashboard's leave shows {after:?}, before the leave {before:?}"
    );
    show(s, "[data-testid=leave-pending]")?;
    config.screenshot(s, "leave-dashboard-after")?;
    // The demo's own leave reminders read as words: no leave id beside them.
    let notes = s.execute(
        "return Array.from(document.querySelectorAll('[data-testid=due-item]'))\
         .filter(e => (e.getAttribute('data-kind') || '').startsWith('leave_'))\
         .map(e => e.querySelector('.dash-item-note').innerText.trim());",
        vec![],
    )?;
    let notes: Vec<String> = serde_json::from_value(notes)?;
    ensure!(
        notes.len() == before.ending + before.overdue && notes.iter().all(String::is_empty),
        "the leave reminders' notes read {notes:?}"
    );
    show(s, "[data-testid=due-item][data-kind^=leave_]")?;
    config.screenshot(s, "leave-dashboard-reminders")?;
    Ok(())
}

/// Scrolls the element matching `css` into view, for a screenshot of it.
fn show(s: &Session, css: &str) -> Result<()> {
    s.execute(
        "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'nearest'});",
        vec![Value::from(css)],
    )?;
    Ok(())
}

fn open_leave_tab(s: &Session) -> Result<()> {
    s.click_on("the leave tab", "[data-testid=tab-leave]", WAIT)?;
    s.wait_for("the leave pane with its list", WAIT, |s| {
        let pane = s.find("[data-testid=pane-leave]")?;
        let loaded = s.find("[data-testid=pane-leave] .ant-spin")?.is_none();
        Ok((pane.is_some() && loaded).then_some(()))
    })
}

/// Closes the drawer holding `form` with its close button and waits until it is gone (a
/// click while it still slides in can miss, so click until it goes).
fn close_drawer(s: &Session, form: &str) -> Result<()> {
    s.wait_for("the drawer to close", WAIT, |s| {
        if s.find(form)?.is_none() {
            return Ok(Some(()));
        }
        if let Some(close) = s.find(".ant-drawer-open .ant-drawer-close")? {
            s.click(&close)?;
        }
        Ok(None)
    })
}

/// The 外出 tab: the form, filled in as a person would, the approver it names, and the
/// request saved and shown as waiting.
fn request_leave(s: &Session, config: &Config, plan: &LeavePlan) -> Result<()> {
    open_leave_tab(s)?;
    ensure!(
        s.count("[data-testid=leave-item]")? == 0,
        "the chosen subject already has leave"
    );
    s.click_on("the request-leave button", "[data-testid=leave-new]", WAIT)?;
    s.wait_for("the leave form", WAIT, |s| {
        s.find("[data-testid=leave-form]")
    })?;
    // The calendar a person would pick from, in Chinese; dates are typed, though, and
    // Enter takes them (and closes it).
    // A click while the drawer still slides in can miss, so click until the calendar shows.
    s.wait_for("the calendar of the first day's box", WAIT, |s| {
        let open = ".ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-content";
        if s.find(open)?.is_some() {
            return Ok(Some(()));
        }
        if let Some(input) =
            s.find("input[data-testid=leave-from], [data-testid=leave-from] input")?
        {
            s.click(&input)?;
        }
        Ok(None)
    })?;
    config.screenshot(s, "leave-calendar")?;
    type_date(s, "leave-from", plan.from)?;
    type_date(s, "leave-to", plan.to)?;
    let days = s.wait_for("the days of the leave", WAIT, |s| {
        match s.find("[data-testid=leave-days]")? {
            Some(e) => Ok(Some(s.text(&e)?)),
            None => Ok(None),
        }
    })?;
    ensure!(
        days.contains(&format!("{LEAVE_DAYS} 天")),
        "the form counts {days:?}"
    );
    let approver = s.wait_for("who approves, on the form", WAIT, |s| {
        let found = s.execute(
            "const e = document.querySelector('[data-testid=leave-approver]');\
             return e ? [e.getAttribute('data-approver'), e.innerText] : null;",
            vec![],
        )?;
        Ok((!found.is_null()).then_some(found))
    })?;
    ensure!(
        approver[0].as_str() == Some(plan.approver.as_str()),
        "the form says {} approves; the rules say {}",
        approver[0],
        plan.approver.as_str()
    );
    ensure!(
        approver[1].as_str().is_some_and(|t| t.contains("县")),
        "the approver notice does not name the county: {}",
        approver[1]
    );
    if plan.applied_late {
        ensure!(
            s.find("[data-testid=leave-warning]")?.is_some(),
            "the rules say the request is late, the form does not"
        );
    }
    for (field, text) in [
        ("leave-destination-detail", DESTINATION_DETAIL),
        ("leave-destination-code", DESTINATION_CODE),
        ("leave-reason", REASON),
        ("leave-contact", CONTACT),
    ] {
        s.fill_in(
            &format!("the {field} field"),
            &format!(
                "input[data-testid={field}], textarea[data-testid={field}], \
                 [data-testid={field}] input, [data-testid={field}] textarea"
            ),
            text,
            "",
            WAIT,
        )?;
    }
    config.screenshot(s, "leave-form")?;
    s.click_on(
        "an enabled send button",
        "[data-testid=leave-save]:not([disabled])",
        WAIT,
    )?;
    s.wait_for("the leave form to close", WAIT, |s| {
        Ok(s.find("[data-testid=leave-form]")?.is_none().then_some(()))
    })?;
    let status = leave_status(s, "requested")?;
    ensure!(status == "待审批", "the new leave shows {status:?}");
    config.screenshot(s, "leave-requested")?;
    Ok(())
}

/// Types a date into the date box `test_id`; Enter takes it and closes the calendar.
fn type_date(s: &Session, test_id: &str, date: NaiveDate) -> Result<()> {
    s.fill_in(
        &format!("{date} in the {test_id} box"),
        &format!("input[data-testid={test_id}], [data-testid={test_id}] input"),
        &date.to_string(),
        "\u{E007}",
        WAIT,
    )
}

/// Waits for the subject's one leave to have `status` and returns the label it shows.
fn leave_status(s: &Session, status: &str) -> Result<String> {
    s.wait_for(&format!("the leave to be {status}"), WAIT, |s| {
        match s.find(&format!(
            "[data-testid=leave-item][data-status={status}] [data-testid=leave-status]"
        ))? {
            Some(tag) => Ok(Some(s.text(&tag)?.trim().to_owned())),
            None => Ok(None),
        }
    })
}

/// In the leave tab the dashboard opened: the request, with the office's buttons; approve
/// it with an opinion.
fn decide(s: &Session, config: &Config, plan: &LeavePlan) -> Result<()> {
    let header = s.wait_for("the file's header", WAIT, |s| {
        s.find("[data-testid=file-name]")
    })?;
    let shown = s.text(&header)?;
    ensure!(
        shown.contains(&plan.name),
        "the dashboard opened the file of {shown:?}, not {:?}",
        plan.name
    );
    leave_status(s, "requested")?;
    s.fill_in(
        "the opinion",
        "textarea[data-testid=leave-opinion], [data-testid=leave-opinion] textarea",
        OPINION,
        "",
        WAIT,
    )?;
    config.screenshot(s, "leave-decide")?;
    s.click_on("the approve button", "[data-testid=leave-approve]", WAIT)?;
    let status = leave_status(s, "approved")?;
    ensure!(status == "已批准", "the approved leave shows {status:?}");
    let card = card_text(s)?;
    ensure!(
        card.contains(OPINION),
        "the approved leave does not show the opinion: {card:?}"
    );
    ensure!(
        card.contains("县社区矫正机构审批"),
        "the approved leave does not say the county decided: {card:?}"
    );
    ensure!(
        s.find("[data-testid=leave-return]")?.is_some(),
        "the approved leave, under way, offers no return"
    );
    // Away on leave makes a key subject: the file's header says so without reopening it.
    key_reason_on_leave(s, true)?;
    config.screenshot(s, "leave-approved")?;
    Ok(())
}

/// Records the return on the day the form offers (today), and sees the leave closed on time.
fn record_return(s: &Session, config: &Config, plan: &LeavePlan) -> Result<()> {
    leave_status(s, "approved")?;
    let offered = s.execute(
        "const e = document.querySelector('input[data-testid=leave-return-date], [data-testid=leave-return-date] input');\
         return e ? e.value : null;",
        vec![],
    )?;
    ensure!(
        offered.as_str() == Some(plan.today.to_string().as_str()),
        "the return date offered is {offered}, not today ({})",
        plan.today
    );
    s.click_on("the return button", "[data-testid=leave-return]", WAIT)?;
    let status = leave_status(s, "returned")?;
    ensure!(status == "已销假", "the returned leave shows {status:?}");
    let returned = s.wait_for("the day of return on the leave", WAIT, |s| {
        match s.find("[data-testid=leave-returned]")? {
            Some(e) => Ok(Some(s.text(&e)?)),
            None => Ok(None),
        }
    })?;
    ensure!(
        returned.contains(&plan.today.to_string()) && returned.contains("按时返回"),
        "the return reads {returned:?}"
    );
    ensure!(
        s.find("[data-testid=leave-violation]")?.is_none(),
        "an early return is marked a violation"
    );
    key_reason_on_leave(s, false)?;
    config.screenshot(s, "leave-returned")?;
    Ok(())
}

/// Waits until the file's header does (or does not) give being on leave (请假外出) as a
/// reason the subject is a key subject.
fn key_reason_on_leave(s: &Session, away: bool) -> Result<()> {
    let what = if away {
        "the header to give leave as a key-subject reason"
    } else {
        "the header to drop leave from the key-subject reasons"
    };
    s.wait_for(what, WAIT, |s| match s.find("[data-testid=file-key]")? {
        Some(e) => Ok((s.text(&e)?.contains("请假外出") == away).then_some(())),
        None => Ok(None),
    })
}

/// The text of the subject's one leave card.
fn card_text(s: &Session) -> Result<String> {
    let text = s.execute(
        "const e = document.querySelector('[data-testid=leave-item]'); return e ? e.innerText : '';",
        vec![],
    )?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}
