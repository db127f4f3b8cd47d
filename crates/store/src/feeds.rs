//! Calendar feeds (issue 13): a calendar program sends no cookie, so a user who wants the
//! förbund's year in Outlook, Google or Apple's calendar gets a secret address of its own. Only
//! the SHA-256 of the secret is kept; the feed acts as its user (the user's role decides what
//! the feed holds, at every read) and is revoked by the user. Creating and revoking are
//! audited.

use async_trait::async_trait;
use sqlx::Row;

use crate::sql::*;
use crate::*;

/// A user's calendar feed for a förbund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    /// Its id.
    pub id: i64,
    /// When it was made (seconds since 1970).
    pub created_at: i64,
    /// When it was revoked, if it was.
    pub revoked_at: Option<i64>,
}

/// Calendar feeds.
#[async_trait]
pub trait FeedStore: Send + Sync {
    /// A new feed for `user` in `association` under the secret's hash; audited.
    async fn create_feed(
        &self,
        actor: Actor,
        (user, association): (UserId, AssociationId),
        token_hash: &str,
    ) -> Result<Feed>;
    /// The user's feeds for the förbund, the newest first.
    async fn feeds(&self, user: UserId, association: AssociationId) -> Result<Vec<Feed>>;
    /// Revokes one of the user's feeds; [`StoreError::NotFound`] when it is not the user's
    /// or already revoked. Audited.
    async fn revoke_feed(
        &self,
        actor: Actor,
        (user, association): (UserId, AssociationId),
        id: i64,
    ) -> Result<()>;
    /// Whose feed the secret's hash is, and for which förbund; not found when revoked.
    async fn feed_owner(&self, token_hash: &str) -> Result<(UserId, AssociationId)>;
}

fn feed_from(row: &sqlx::any::AnyRow) -> Result<Feed> {
    Ok(Feed {
        id: row.try_get("id").map_err(db)?,
        created_at: row.try_get("created_at").map_err(db)?,
        revoked_at: row.try_get("revoked_at").map_err(db)?,
    })
}

#[async_trait]
impl FeedStore for SqlStore {
    async fn create_feed(
        &self,
        actor: Actor,
        (user, association): (UserId, AssociationId),
        token_hash: &str,
    ) -> Result<Feed> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO calendar_feeds (token_hash, user_id, association_id, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(association.0)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("id")
        .map_err(db)?;
        let audit = Audit {
            association: Some(association),
            action: "feed.create",
            entity: "calendar_feed",
            entity_id: Some(id),
            summary: "En kalenderprenumeration skapades",
            old_value: None,
            new_value: None,
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(Feed {
            id,
            created_at: at,
            revoked_at: None,
        })
    }

    async fn feeds(&self, user: UserId, association: AssociationId) -> Result<Vec<Feed>> {
        let rows = sqlx::query(
            "SELECT id, created_at, revoked_at FROM calendar_feeds \
             WHERE user_id = $1 AND association_id = $2 ORDER BY id DESC",
        )
        .bind(user.0)
        .bind(association.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(feed_from).collect()
    }

    async fn revoke_feed(
        &self,
        actor: Actor,
        (user, association): (UserId, AssociationId),
        id: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE calendar_feeds SET revoked_at = $1 \
             WHERE id = $2 AND user_id = $3 AND association_id = $4 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(id)
        .bind(user.0)
        .bind(association.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let audit = Audit {
            association: Some(association),
            action: "feed.revoke",
            entity: "calendar_feed",
            entity_id: Some(id),
            summary: "En kalenderprenumeration återkallades",
            old_value: None,
            new_value: None,
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn feed_owner(&self, token_hash: &str) -> Result<(UserId, AssociationId)> {
        let row = sqlx::query(
            "SELECT user_id, association_id FROM calendar_feeds \
             WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        Ok((
            UserId(row.try_get("user_id").map_err(db)?),
            AssociationId(row.try_get("association_id").map_err(db)?),
        ))
    }
}
