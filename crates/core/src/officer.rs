//! Sites and the officers who work at them, and what each role may do.
//!
//! A village site keeps day-to-day records for its village or community; an office site (the
//! street or township judicial office, 司法所) sees every village under it and decides. The
//! permission table lives here so the GUI and the CLI ask the same question.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteRole {
    Village,
    Office,
}

impl SiteRole {
    pub fn as_str(self) -> &'static str {
        match self {
            SiteRole::Village => "village",
            SiteRole::Office => "office",
        }
    }

    pub fn parse(s: &str) -> Option<SiteRole> {
        match s {
            "village" => Some(SiteRole::Village),
            "office" => Some(SiteRole::Office),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Keeps the files of the village's own subjects.
    VillageWorker,
    /// Judicial-office staff: the whole office jurisdiction, proposals and decisions.
    OfficeStaff,
    /// Everything office staff may do, plus accounts, enrolment and rules.
    OfficeAdmin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::VillageWorker => "village_worker",
            Role::OfficeStaff => "office_staff",
            Role::OfficeAdmin => "office_admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "village_worker" => Some(Role::VillageWorker),
            "office_staff" => Some(Role::OfficeStaff),
            "office_admin" => Some(Role::OfficeAdmin),
            _ => None,
        }
    }

    /// The role the first officer of a new archive gets: they set everything else up.
    pub fn founding(site: SiteRole) -> Role {
        match site {
            SiteRole::Village => Role::VillageWorker,
            SiteRole::Office => Role::OfficeAdmin,
        }
    }
}

/// Things an officer may ask to do; checked in `dossier-api` before every use case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ViewSubjects,
    EditSubjects,
    /// Office decisions: approving or refusing a leave, changing a management level, the
    /// office's opinion on an assessment. Villages propose; the office decides.
    Decide,
    /// Setting a version of the rules table.
    EditRules,
    /// Keeping the office's own registers (staff, volunteers, meetings); see
    /// [`crate::register::Keeper`].
    KeepOfficeRegisters,
    /// Reading the audit log (who looked at and changed what on this computer).
    ReadAudit,
}

pub fn may(role: Role, action: Action) -> bool {
    match action {
        // The audit log is the office's oversight of its own and its villages' work: a
        // village worker does not read who looked at what.
        Action::Decide | Action::KeepOfficeRegisters | Action::ReadAudit => {
            matches!(role, Role::OfficeStaff | Role::OfficeAdmin)
        }
        Action::EditRules => role == Role::OfficeAdmin,
        Action::ViewSubjects | Action::EditSubjects => {
            matches!(
                role,
                Role::VillageWorker | Role::OfficeStaff | Role::OfficeAdmin
            )
        }
    }
}

/// Who administers a site's officer accounts (adding, disabling and removing officers, the
/// recovery key). At an office, its administrators. A village archive has only village
/// workers, so there the officer who created the archive (`founder`) administers its
/// accounts; the others may only change their own passphrase.
pub fn administers_accounts(role: Role, site: SiteRole, founder: bool) -> bool {
    match site {
        SiteRole::Office => role == Role::OfficeAdmin,
        SiteRole::Village => founder,
    }
}

/// The roles an officer of a site may be given: a village archive keeps only its own village,
/// so office roles mean nothing there.
pub fn roles_at(site: SiteRole) -> &'static [Role] {
    match site {
        SiteRole::Village => &[Role::VillageWorker],
        SiteRole::Office => &[Role::OfficeAdmin, Role::OfficeStaff, Role::VillageWorker],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_administers_accounts() {
        let cases = [
            (Role::OfficeAdmin, SiteRole::Office, false, true),
            (Role::OfficeStaff, SiteRole::Office, false, false),
            (Role::OfficeStaff, SiteRole::Office, true, false),
            (Role::VillageWorker, SiteRole::Office, false, false),
            (Role::VillageWorker, SiteRole::Village, true, true),
            (Role::VillageWorker, SiteRole::Village, false, false),
        ];
        for (role, site, founder, want) in cases {
            assert_eq!(
                administers_accounts(role, site, founder),
                want,
                "{role:?} at {site:?}, founder {founder}"
            );
        }
    }
}
