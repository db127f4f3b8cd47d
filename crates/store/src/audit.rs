//! The audit log: events that change no association's data, and an association's log.

use async_trait::async_trait;
use sqlx::{Arguments, Row};

use crate::sql::*;
use crate::*;

/// The audit log: events that change no association's data, and an association's log.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Writes an audit row for an event that changes no association's data (a login).
    async fn log_event(&self, actor: Actor, action: &str, summary: &str) -> Result<()>;
    /// Writes a security event (a failed login against a user of the association, an action
    /// its role refused) in an association's log, where its förbundschef and revisor read it.
    /// With `once_since`, nothing is written when the log already has the same action by the
    /// same actor about the same entity since then: events are aggregated per time window.
    /// Returns whether a row was written.
    async fn log_security_event(
        &self,
        event: SecurityEvent<'_>,
        once_since: Option<i64>,
    ) -> Result<bool>;
    /// The audit log of an association, newest first, at most `limit` rows.
    async fn audit_log(&self, association: AssociationId, limit: i64) -> Result<Vec<AuditEntry>>;
    /// One page of an association's audit log, newest first, filtered, with the names of who
    /// made each change.
    async fn audit_page(
        &self,
        association: AssociationId,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Paged<NamedAuditEntry>>;
    /// The actions that occur in an association's audit log, in order.
    async fn audit_actions(&self, association: AssociationId) -> Result<Vec<String>>;
    /// The id of the association's newest audit event (0 for none). Every change to the
    /// association's data writes an event in its own transaction, so a value computed from that
    /// data is current as long as the stamp is the same.
    async fn audit_stamp(&self, association: AssociationId) -> Result<i64>;
    /// One event of an association's log by its id (`None`: no such event in that log).
    async fn audit_entry(&self, association: AssociationId, id: i64) -> Result<Option<AuditEntry>>;
}

/// The WHERE of a filtered audit log; `$1` is the association, `$2`–`$5` the filter's parts
/// (each NULL when not asked for).
const AUDIT_WHERE: &str = "FROM audit_log a LEFT JOIN users u ON u.id = a.user_id \
     LEFT JOIN users t ON a.entity = 'user' AND t.id = a.entity_id \
     WHERE a.association_id = $1 AND (CAST($2 AS TEXT) IS NULL OR a.action = $2) \
     AND (CAST($3 AS TEXT) IS NULL OR u.username = $3) \
     AND (CAST($4 AS BIGINT) IS NULL OR a.at >= $4) AND (CAST($5 AS BIGINT) IS NULL OR a.at < $5)";

fn entry_from(r: &sqlx::any::AnyRow) -> Result<AuditEntry> {
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

    async fn log_security_event(
        &self,
        event: SecurityEvent<'_>,
        once_since: Option<i64>,
    ) -> Result<bool> {
        // The casts type the parameters for PostgreSQL, which cannot infer them in a SELECT list.
        let done = sqlx::query(
            "INSERT INTO audit_log (association_id, user_id, at, action, entity, entity_id, summary) \
             SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($3 AS BIGINT), CAST($4 AS TEXT), 'security', CAST($5 AS BIGINT), CAST($6 AS TEXT) \
             WHERE CAST($7 AS BIGINT) IS NULL OR NOT EXISTS (SELECT 1 FROM audit_log WHERE association_id = $1 \
               AND user_id IS NOT DISTINCT FROM $2 AND action = $4 AND entity_id IS NOT DISTINCT FROM $5 AND at >= $7)",
        )
        .bind(event.association.0)
        .bind(event.actor.user_id())
        .bind(event.at)
        .bind(event.action)
        .bind(event.about.map(|u| u.0))
        .bind(event.summary)
        .bind(once_since)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(done.rows_affected() > 0)
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
        rows.iter().map(entry_from).collect()
    }

    async fn audit_page(
        &self,
        association: AssociationId,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Paged<NamedAuditEntry>> {
        let bind = |q: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>| {
            q.bind(association.0)
                .bind(filter.action.clone())
                .bind(filter.username.clone())
                .bind(filter.from)
                .bind(filter.until)
        };
        let total: i64 = bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n {AUDIT_WHERE}"
        ))))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?
        .try_get("n")
        .map_err(db)?;
        let rows = bind(sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT a.id, a.association_id, a.user_id, a.at, a.action, a.entity, a.entity_id, a.summary, \
             a.old_value, a.new_value, u.username, u.display_name, \
             t.display_name AS subject_name, t.username AS subject_username {AUDIT_WHERE} ORDER BY a.id DESC LIMIT $6 OFFSET $7"
        ))))
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(NamedAuditEntry {
                    entry: entry_from(r)?,
                    username: r.try_get("username").map_err(db)?,
                    display_name: r.try_get("display_name").map_err(db)?,
                    subject: r
                        .try_get::<Option<String>, _>("subject_name")
                        .map_err(db)?
                        .zip(
                            r.try_get::<Option<String>, _>("subject_username")
                                .map_err(db)?,
                        ),
                })
            })
            .collect::<Result<_>>()?;
        Ok(Paged {
            items,
            total,
            request: page,
        })
    }

    async fn audit_stamp(&self, association: AssociationId) -> Result<i64> {
        // Read by every follow-up page: on the calling thread on a SQLite file, on a kept
        // connection on PostgreSQL (see `lite` and `hot`).
        const SQL: &str =
            "SELECT COALESCE(MAX(id), 0) AS stamp FROM audit_log WHERE association_id = $1";
        if let Some(r) = &self.reader
            && let Some(stamp) = r.integer(SQL, association.0)
        {
            return Ok(stamp);
        }
        if let Some(hot) = &self.hot {
            let mut arguments = sqlx::any::AnyArguments::default();
            arguments
                .add(association.0)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let row = hot
                .fetch_optional(SQL, arguments)
                .await?
                .ok_or(StoreError::NotFound)?;
            return row.try_get("stamp").map_err(db);
        }
        let row = sqlx::query(SQL)
            .bind(association.0)
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        row.try_get("stamp").map_err(db)
    }

    async fn audit_entry(&self, association: AssociationId, id: i64) -> Result<Option<AuditEntry>> {
        let row = sqlx::query(
            "SELECT id, association_id, user_id, at, action, entity, entity_id, summary, old_value, new_value \
             FROM audit_log WHERE association_id = $1 AND id = $2",
        )
        .bind(association.0)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(entry_from).transpose()
    }

    async fn audit_actions(&self, association: AssociationId) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT DISTINCT action FROM audit_log WHERE association_id = $1 ORDER BY action",
        )
        .bind(association.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| r.try_get("action").map_err(db))
            .collect()
    }
}

/// A security event for an association's audit log.
#[derive(Clone, Copy, Debug)]
pub struct SecurityEvent<'a> {
    /// Whose log.
    pub association: AssociationId,
    /// Who did it (`System` for an attempt by someone not logged in).
    pub actor: Actor,
    /// The user it concerns (the one whose name was tried), if not the actor.
    pub about: Option<UserId>,
    /// `session.login_failed`, `access.denied`.
    pub action: &'a str,
    /// What happened, in Swedish.
    pub summary: &'a str,
    /// When (seconds since 1970).
    pub at: i64,
}
