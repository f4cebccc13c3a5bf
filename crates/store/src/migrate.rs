//! Embedded, append-only schema migrations, applied all-or-nothing.
//!
//! Migration N turns schema N-1 into schema N; once released, a migration is never edited,
//! only followed by another. All pending migrations run in one transaction, so an archive is
//! always at exactly one known version. The version lives in SQLite's `user_version`; an
//! archive at a higher version than this program knows is refused rather than guessed at.

use rusqlite::Connection;

use crate::{Error, Result};

/// The migrations, in order; index + 1 is the version each one produces.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_records.sql"),
    include_str!("../migrations/0003_workflows.sql"),
    include_str!("../migrations/0004_sync.sql"),
    include_str!("../migrations/0005_decisions.sql"),
    include_str!("../migrations/0006_registers.sql"),
    include_str!("../migrations/0007_sync_received_count.sql"),
    include_str!("../migrations/0008_sync_coverage.sql"),
    include_str!("../migrations/0009_audit.sql"),
];

/// The schema version this program writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

pub fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?)
}

/// Brings the schema up to [`LATEST`]. Refuses archives from a newer program.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_with(conn, MIGRATIONS)
}

fn migrate_with(conn: &mut Connection, migrations: &[&str]) -> Result<()> {
    let current = version(conn)?;
    let latest = migrations.len() as u32;
    if current > latest {
        return Err(Error::TooNew {
            found: current,
            known: latest,
        });
    }
    if current == latest {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    for sql in &migrations[current as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", latest)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_reaches_latest() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).unwrap();
        assert_eq!(version(&c).unwrap(), LATEST);
        migrate(&mut c).unwrap(); // idempotent
        assert_eq!(version(&c).unwrap(), LATEST);
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version() {
        let mut c = Connection::open_in_memory().unwrap();
        let good = "CREATE TABLE a (x);";
        let bad = "CREATE TABLE b (x); THIS IS NOT SQL;";
        migrate_with(&mut c, &[good]).unwrap();
        assert!(migrate_with(&mut c, &[good, "CREATE TABLE c (x);", bad]).is_err());
        assert_eq!(version(&c).unwrap(), 1);
        let tables: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('b','c')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0, "nothing of a failed batch may remain");
    }

    /// An archive of schema 1 (flat clocks, no record tables) keeps its rows, gains the new
    /// columns and tables, and takes new ops on old rows, whose clocks are then rewritten.
    #[test]
    fn schema_1_archives_move_to_schema_2() {
        let mut c = Connection::open_in_memory().unwrap();
        migrate_with(&mut c, &MIGRATIONS[..1]).unwrap();
        c.execute(
            "INSERT INTO subjects (id, name, status, clock) VALUES ('s1', 'x', 'in_correction',
             '{\"name\":\"0000000000001000:0000|dev|00000000000000000001|op1\",\"status\":\"0000000000001000:0000|dev|00000000000000000001|op1\"}')",
            [],
        )
        .unwrap();
        migrate(&mut c).unwrap();
        assert_eq!(version(&c).unwrap(), LATEST);
        let op = dossier_core::op::Op {
            op_id: "op2".into(),
            device_id: "dev".into(),
            device_seq: 2,
            hlc: dossier_core::hlc::Hlc {
                ms: 2_000,
                counter: 0,
            },
            user_id: None,
            entity: dossier_core::op::Entity::Subject,
            entity_id: "s1".into(),
            base: Some("op1".into()),
            fields: [("management_level".to_owned(), serde_json::json!("strict"))].into(),
            schema_version: 2,
        };
        crate::oplog::apply(&c, &op).unwrap();
        let (name, level): (String, String) = c
            .query_row("SELECT name, management_level FROM subjects", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((name.as_str(), level.as_str()), ("x", "strict"));
        assert_eq!(
            crate::oplog::version(&c, dossier_core::op::Entity::Subject, "s1").unwrap(),
            Some("op2".to_owned())
        );
        let tables: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('records', 'attachments', 'blobs')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 3);
    }

    /// Schema 3's tables take ops whose fields are SQL keywords ("from", "to", "on"), read
    /// back through `entity_rows`, and rebuild to the same digest.
    #[test]
    fn schema_3_entities_with_keyword_fields_project_and_replay() {
        use dossier_core::op::Entity;
        let mut c = Connection::open_in_memory().unwrap();
        migrate_with(&mut c, &MIGRATIONS[..2]).unwrap();
        migrate(&mut c).unwrap();
        c.execute_batch(
            "INSERT INTO local_device VALUES (1, 'a', 'dev', 'site', 1, '000000000000000.000000')",
        )
        .unwrap();
        let change = |entity, id: &str, pairs: &[(&str, serde_json::Value)]| crate::Change {
            op_id: format!("op-{id}-{}", pairs[0].0),
            entity,
            entity_id: id.to_owned(),
            fields: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        };
        use serde_json::json as j;
        crate::oplog::write(
            &mut c,
            1_000,
            None,
            vec![
                change(
                    Entity::Leave,
                    "l1",
                    &[
                        ("from", j!("2026-11-01")),
                        ("to", j!("2026-11-07")),
                        ("violation", j!(true)),
                    ],
                ),
                change(Entity::LevelChange, "c1", &[("on", j!("2026-11-02"))]),
                change(Entity::RuleVersion, "2026-12-01", &[("rules", j!("{}"))]),
            ],
        )
        .unwrap();
        crate::oplog::write(
            &mut c,
            2_000,
            None,
            vec![change(Entity::Leave, "l1", &[("to", j!("2026-11-09"))])],
        )
        .unwrap();
        let rows =
            crate::query::entity_rows(&c, Entity::Leave, Some(("from", "2026-11-01"))).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["to"], j!("2026-11-09"));
        assert_eq!(rows[0]["violation"], j!(1));
        let before = crate::digest::digest(&c).unwrap();
        crate::oplog::rebuild(&mut c).unwrap();
        assert_eq!(crate::digest::digest(&c).unwrap(), before);
    }

    #[test]
    fn newer_archive_is_refused() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "user_version", LATEST + 1).unwrap();
        match migrate(&mut c) {
            Err(Error::TooNew { found, known }) => assert_eq!((found, known), (LATEST + 1, LATEST)),
            other => panic!("unexpected {other:?}"),
        }
    }
}
