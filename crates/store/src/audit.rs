//! The audit log: events that change no association's data, and an association's log.

use async_trait::async_trait;
use sqlx::Row;

use crate::sql::*;
use crate::*;

/// The audit log: events that change no association's data, and an association's log.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Writes an audit row for an event that changes no association's data (a login).
    async fn log_event(&self, actor: Actor, action: &str, summary: &str) -> Result<()>;
    /// The audit log of an association, newest first, at most `limit` rows.
    async fn audit_log(&self, association: AssociationId, limit: i64) -> Result<Vec<AuditEntry>>;
}

#[async_trait]
impl AuditStore for SqlStore {
    async fn log_event(&self, actor: Actor, action: &str, summary: &str) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        write_audit(
            &mut conn,
            actor,
            Audit {
                association: None,
                action,
                entity: "session",
                entity_id: None,
                summary,
                old_value: None,
                new_value: None,
            },
        )
        .await
    }

    async fn audit_log(&self, association: AssociationId, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, association_id, user_id, at, action, entity, entity_id, summary, old_value, new_value \
             FROM audit_log WHERE association_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(association.0)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get("id").map_err(db)?,
                    association: r
                        .try_get::<Option<i64>, _>("association_id")
                        .map_err(db)?
                        .map(AssociationId),
                    user: r
                        .try_get::<Option<i64>, _>("user_id")
                        .map_err(db)?
                        .map(UserId),
                    at: r.try_get("at").map_err(db)?,
                    action: r.try_get("action").map_err(db)?,
                    entity: r.try_get("entity").map_err(db)?,
                    entity_id: r.try_get("entity_id").map_err(db)?,
                    summary: r.try_get("summary").map_err(db)?,
                    old_value: r.try_get("old_value").map_err(db)?,
                    new_value: r.try_get("new_value").map_err(db)?,
                })
            })
            .collect()
    }
}
