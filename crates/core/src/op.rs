//! Operations: every change to an archive, as it is written to the op log and carried in
//! bundles.
//!
//! An operation sets some fields of one entity. The projected tables are a cache of the op
//! log: each field holds the value of the operation with the highest (hlc, device id) that set
//! it, so applying the same operations in any order gives the same rows. Deletion is a
//! tombstone field, never a physical delete. What an entity's fields are is declared here,
//! once, and the store builds its SQL from it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::hlc::Hlc;

/// The op-log format written by this version; carried in every op. 3 added the entities
/// `rule_version`, `leave`, `assessment`, `level_change` and `sensitive_period` (issue 4);
/// 4 the entities `proposal` and `decision` and the subject's `ended_on` and `end_reason`;
/// 5 the entity `register_entry`: staff, volunteer, training and meeting registers (issue 4).
pub const SCHEMA_VERSION: u32 = 5;

/// The tombstone field: set to `true` to delete an entity.
pub const DELETED: &str = "deleted";

/// The prefix of a record's own fields in an op; see [`Entity::is_data_field`].
pub const DATA_PREFIX: &str = "d.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Jurisdiction,
    Site,
    Device,
    Officer,
    Subject,
    /// A section entry or daily work record of a subject's file; see [`crate::record`].
    Record,
    /// An attachment's description; its id is the SHA-256 of its bytes, which travel
    /// separately (content-addressed).
    Attachment,
    /// One version of the office's rules table; its id is the day it takes effect
    /// (YYYY-MM-DD), its `rules` field the whole version as JSON text.
    RuleVersion,
    /// A leave (外出) request and what became of it: decision, extension, return.
    Leave,
    /// A monthly assessment (月度考核); its id is `<subject id>/<YYYY-MM>`, so two devices
    /// assessing the same month write the same entity.
    Assessment,
    /// A decided change of management level, with its reason and who decided.
    LevelChange,
    /// A sensitive period the office sets (national meetings, holidays), when the "four
    /// ones" are due.
    SensitivePeriod,
    /// Something a village or the office puts forward about a subject for the office to
    /// decide: a sanction, a transfer, positioning, an injunction entry, the ending; see
    /// [`crate::decision`].
    Proposal,
    /// The office's decision on one proposal, a separate record with its own paper trail.
    Decision,
    /// An entry of an office or village register (staff, volunteers, trainings, meetings;
    /// see [`crate::register`]), scoped by its own `jurisdiction`; its fields travel as
    /// `d.<name>` like a record's.
    RegisterEntry,
}

impl Entity {
    pub const ALL: [Entity; 15] = [
        Entity::Jurisdiction,
        Entity::Site,
        Entity::Device,
        Entity::Officer,
        Entity::Subject,
        Entity::Record,
        Entity::Attachment,
        Entity::RuleVersion,
        Entity::Leave,
        Entity::Assessment,
        Entity::LevelChange,
        Entity::SensitivePeriod,
        Entity::Proposal,
        Entity::Decision,
        Entity::RegisterEntry,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Jurisdiction => "jurisdiction",
            Entity::Site => "site",
            Entity::Device => "device",
            Entity::Officer => "officer",
            Entity::Subject => "subject",
            Entity::Record => "record",
            Entity::Attachment => "attachment",
            Entity::RuleVersion => "rule_version",
            Entity::Leave => "leave",
            Entity::Assessment => "assessment",
            Entity::LevelChange => "level_change",
            Entity::SensitivePeriod => "sensitive_period",
            Entity::Proposal => "proposal",
            Entity::Decision => "decision",
            Entity::RegisterEntry => "register_entry",
        }
    }

    pub fn parse(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// The projected table.
    pub fn table(self) -> &'static str {
        match self {
            Entity::Jurisdiction => "jurisdictions",
            Entity::Site => "sites",
            Entity::Device => "devices",
            Entity::Officer => "officers",
            Entity::Subject => "subjects",
            Entity::Record => "records",
            Entity::Attachment => "attachments",
            Entity::RuleVersion => "rule_versions",
            Entity::Leave => "leaves",
            Entity::Assessment => "assessments",
            Entity::LevelChange => "level_changes",
            Entity::SensitivePeriod => "sensitive_periods",
            Entity::Proposal => "proposals",
            Entity::Decision => "decisions",
            Entity::RegisterEntry => "register_entries",
        }
    }

    /// The fields an operation on this entity may set, besides the tombstone. Each is a
    /// column of the projected table.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Entity::Jurisdiction => &["name", "parent", "level"],
            Entity::Site => &["name", "role", "jurisdiction"],
            Entity::Device => &["site_id", "name"],
            Entity::Officer => &["name", "role", "site_id", "active"],
            Entity::Subject => &[
                "file_no",
                "name",
                "sex",
                "birth_date",
                "id_number",
                "ethnicity",
                "education",
                "marital_status",
                "phone",
                "household_address",
                "residence_address",
                "jurisdiction",
                "category",
                "crime",
                "original_sentence",
                "correction_start",
                "correction_end",
                "status",
                // Added in schema 2 (issue 3): the rest of the basic information.
                "photo",
                "judgment_date",
                "papers_received",
                "reported_on",
                "management_level",
                "key_override",
                "key_override_reason",
                // Added in schema 4: how the correction ended (see `decision`).
                "ended_on",
                "end_reason",
            ],
            Entity::Record => &["subject_id", "kind", "date"],
            Entity::Attachment => &["mime", "size", "name"],
            Entity::RuleVersion => &["rules"],
            Entity::Leave => &[
                "subject_id",
                "from",
                "to",
                "days",
                "destination_code",
                "destination_detail",
                "reason",
                "contact",
                "applied_on",
                "approver_level",
                "status",
                "decided_by",
                "decided_on",
                "decision_opinion",
                "returned_on",
                "extension_to",
                "extension_requested_on",
                "extension_reason",
                "extension_status",
                "overdue_days",
                "violation",
                "warnings",
            ],
            Entity::Assessment => &[
                "subject_id",
                "month",
                "items",
                "points",
                "grade",
                "proposal",
                "assessor",
                "assessed_on",
                "office_opinion",
            ],
            Entity::LevelChange => &[
                "subject_id",
                "on",
                "from_level",
                "to_level",
                "reason",
                "decided_by",
                "against_suggestion",
            ],
            Entity::SensitivePeriod => &["name", "from", "to"],
            Entity::Proposal => &[
                "subject_id",
                "matter",
                "ask",
                "facts",
                "grounds",
                "doc_no",
                "evidence",
                "proposed_by",
                "proposed_on",
                "status",
                "notices",
                "decision_id",
            ],
            Entity::Decision => &[
                "subject_id",
                "proposal_id",
                "outcome",
                "facts",
                "grounds",
                "doc_no",
                "evidence",
                "decided_by",
                "decided_on",
                "effects",
            ],
            Entity::RegisterEntry => &["jurisdiction", "kind", "date"],
        }
    }

    /// Entities only the office writes: its rules, its sensitive periods and its decisions.
    /// Sync refuses them from any other device (a village could not write them through the
    /// program, so one arriving means a forged or altered archive).
    pub fn is_office_only(self) -> bool {
        matches!(
            self,
            Entity::RuleVersion | Entity::SensitivePeriod | Entity::Decision | Entity::LevelChange
        )
    }

    pub fn has_field(self, field: &str) -> bool {
        field == DELETED || self.fields().contains(&field) || self.is_data_field(field)
    }

    /// Whether the entity keeps its own fields as `d.<name>` in a `data` column (records and
    /// register entries, whose fields are declared per kind as data).
    pub fn has_data(self) -> bool {
        matches!(self, Entity::Record | Entity::RegisterEntry)
    }

    /// A record's own fields travel as `d.<name>` (see [`crate::record`]) and are merged into
    /// its `data` column one by one, so concurrent edits of different fields both survive.
    pub fn is_data_field(self, field: &str) -> bool {
        self.has_data()
            && field.strip_prefix(DATA_PREFIX).is_some_and(|n| {
                !n.is_empty()
                    && n.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            })
    }
}

/// One operation of the op log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    pub op_id: String,
    pub device_id: String,
    /// Gapless per device, starting at 1.
    pub device_seq: u64,
    pub hlc: Hlc,
    /// The officer who made the change; `None` for changes the program makes itself.
    pub user_id: Option<String>,
    pub entity: Entity,
    pub entity_id: String,
    /// The op id of the last operation on this entity that the author had seen; `None` when
    /// the operation creates the entity.
    pub base: Option<String>,
    /// Field name to new value (JSON scalars only).
    pub fields: BTreeMap<String, serde_json::Value>,
    pub schema_version: u32,
}

impl Op {
    /// The order in which concurrent writes to one field are decided: the higher wins.
    pub fn order_key(&self) -> (Hlc, &str, u64) {
        (self.hlc, &self.device_id, self.device_seq)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpError {
    #[error("an operation on a {entity} may not set the field {field}")]
    UnknownField { entity: &'static str, field: String },
    #[error("the field {field} must be text, a number, true/false or empty")]
    NotScalar { field: String },
    #[error("an operation must change at least one field")]
    Empty,
}

/// Checks that an operation only sets declared fields to scalar values.
pub fn check_fields(
    entity: Entity,
    fields: &BTreeMap<String, serde_json::Value>,
) -> Result<(), OpError> {
    if fields.is_empty() {
        return Err(OpError::Empty);
    }
    for (k, v) in fields {
        if !entity.has_field(k) {
            return Err(OpError::UnknownField {
                entity: entity.as_str(),
                field: k.clone(),
            });
        }
        if v.is_array() || v.is_object() {
            return Err(OpError::NotScalar { field: k.clone() });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_checks() {
        let mut f = BTreeMap::new();
        assert_eq!(check_fields(Entity::Subject, &f), Err(OpError::Empty));
        f.insert("name".to_owned(), json!("x"));
        f.insert(DELETED.to_owned(), json!(true));
        assert_eq!(check_fields(Entity::Subject, &f), Ok(()));
        f.insert("colour".to_owned(), json!("x"));
        assert!(matches!(
            check_fields(Entity::Subject, &f),
            Err(OpError::UnknownField { .. })
        ));
        f.remove("colour");
        f.insert("name".to_owned(), json!(["x"]));
        assert!(matches!(
            check_fields(Entity::Subject, &f),
            Err(OpError::NotScalar { .. })
        ));
    }

    #[test]
    fn every_entity_has_a_distinct_table() {
        let mut tables: Vec<_> = Entity::ALL.iter().map(|e| e.table()).collect();
        tables.dedup();
        assert_eq!(tables.len(), Entity::ALL.len());
        for e in Entity::ALL {
            assert_eq!(Entity::parse(e.as_str()), Some(e));
        }
    }
}
