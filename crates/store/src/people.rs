//! The people of a förbund as its förbundschef manages them: who has which role, roles changed
//! and removed, passwords set by the user or through a one-time link. Every change is written to
//! the förbund's audit log in the same transaction.

use async_trait::async_trait;
use sqlx::{AnyConnection, Row};

use crate::sql::*;
use crate::*;

/// A person with a role in a förbund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The user.
    pub user: User,
    /// The role in the förbund.
    pub role: Role,
}

/// Why a one-time password link did not set a password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkRefused {
    /// No such link, or it was used already.
    Unknown,
    /// The link is older than it may be.
    Expired,
}

/// The people of a förbund.
#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// The people with a role in the förbund, by name; API keys' own users are not people.
    async fn members(&self, association: AssociationId) -> Result<Vec<Member>>;
    /// Takes the user's role in the förbund away (audited with the role it had).
    async fn revoke_role(
        &self,
        actor: Actor,
        user: UserId,
        association: AssociationId,
    ) -> Result<()>;
    /// Sets a user's password hash and ends the user's sessions; audited in the förbund's log
    /// when one is given.
    async fn set_password(
        &self,
        actor: Actor,
        user: UserId,
        association: Option<AssociationId>,
        password_hash: &str,
    ) -> Result<()>;
    /// Keeps a one-time link (by its token's hash) that lets `user` set a password until
    /// `expires_at`; audited.
    async fn create_password_link(
        &self,
        actor: Actor,
        association: AssociationId,
        user: UserId,
        token_hash: &str,
        expires_at: i64,
    ) -> Result<()>;
    /// The user a link is for, when it is unused and not expired at `now`.
    async fn password_link_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<std::result::Result<User, LinkRefused>>;
    /// Uses a link: sets the password, marks the link used and ends the user's sessions, all or
    /// nothing; audited as the user's own change.
    async fn use_password_link(
        &self,
        token_hash: &str,
        now: i64,
        password_hash: &str,
    ) -> Result<std::result::Result<UserId, LinkRefused>>;
}

#[async_trait]
impl PeopleStore for SqlStore {
    async fn members(&self, association: AssociationId) -> Result<Vec<Member>> {
        let rows = sqlx::query(
            "SELECT u.id, u.username, u.display_name, u.password_hash, r.role FROM roles r \
             JOIN users u ON u.id = r.user_id WHERE r.association_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM api_tokens t WHERE t.user_id = u.id) \
             ORDER BY u.display_name, u.username",
        )
        .bind(association.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                let word: String = r.try_get("role").map_err(db)?;
                Ok(Member {
                    user: user_from(r)?,
                    role: Role::from_word(&word)
                        .ok_or_else(|| StoreError::Corrupt(format!("rollen {word:?}")))?,
                })
            })
            .collect()
    }

    async fn revoke_role(
        &self,
        actor: Actor,
        user: UserId,
        association: AssociationId,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let Some(old) = crate::users::role_word_in(&mut tx, user, association).await? else {
            return Err(StoreError::NotFound);
        };
        sqlx::query("DELETE FROM roles WHERE user_id = $1 AND association_id = $2")
            .bind(user.0)
            .bind(association.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "role.revoke",
                entity: "user",
                entity_id: Some(user.0),
                summary: "Rollen togs bort",
                old_value: Some(&old),
                new_value: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_password(
        &self,
        actor: Actor,
        user: UserId,
        association: Option<AssociationId>,
        password_hash: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        password_in(&mut tx, actor, user, association, password_hash).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_password_link(
        &self,
        actor: Actor,
        association: AssociationId,
        user: UserId,
        token_hash: &str,
        expires_at: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO password_links (token_hash, user_id, association_id, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(association.0)
        .bind(actor.user_id())
        .bind(now())
        .bind(expires_at)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "password.link",
                entity: "user",
                entity_id: Some(user.0),
                summary: "En engångslänk för att sätta lösenord skapades",
                old_value: None,
                new_value: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn password_link_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<std::result::Result<User, LinkRefused>> {
        let row = sqlx::query(
            "SELECT u.id, u.username, u.display_name, u.password_hash, l.expires_at, l.used_at \
             FROM password_links l JOIN users u ON u.id = l.user_id WHERE l.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Ok(Err(LinkRefused::Unknown));
        };
        if row
            .try_get::<Option<i64>, _>("used_at")
            .map_err(db)?
            .is_some()
        {
            return Ok(Err(LinkRefused::Unknown));
        }
        if row.try_get::<i64, _>("expires_at").map_err(db)? <= now {
            return Ok(Err(LinkRefused::Expired));
        }
        Ok(Ok(user_from(&row)?))
    }

    async fn use_password_link(
        &self,
        token_hash: &str,
        now: i64,
        password_hash: &str,
    ) -> Result<std::result::Result<UserId, LinkRefused>> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT user_id, association_id, expires_at FROM password_links \
             WHERE token_hash = $1 AND used_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Ok(Err(LinkRefused::Unknown));
        };
        if row.try_get::<i64, _>("expires_at").map_err(db)? <= now {
            return Ok(Err(LinkRefused::Expired));
        }
        let user = UserId(row.try_get("user_id").map_err(db)?);
        let association = AssociationId(row.try_get("association_id").map_err(db)?);
        // Marked used in the same statement that checks it is unused: a second use that raced
        // past the read above changes nothing.
        let marked = sqlx::query(
            "UPDATE password_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
        )
        .bind(now)
        .bind(token_hash)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if marked.rows_affected() != 1 {
            return Ok(Err(LinkRefused::Unknown));
        }
        password_in(
            &mut tx,
            Actor::User(user),
            user,
            Some(association),
            password_hash,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(user))
    }
}

/// Sets the hash, ends the user's sessions and writes the audit row, in the caller's
/// transaction.
async fn password_in(
    conn: &mut AnyConnection,
    actor: Actor,
    user: UserId,
    association: Option<AssociationId>,
    password_hash: &str,
) -> Result<()> {
    let changed = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user.0)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    if changed.rows_affected() != 1 {
        return Err(StoreError::NotFound);
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user.0)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    write_audit(
        conn,
        actor,
        Audit {
            association,
            action: "user.password",
            entity: "user",
            entity_id: Some(user.0),
            summary: "Lösenordet ändrades och användarens inloggningar avslutades",
            old_value: None,
            new_value: None,
        },
    )
    .await
}
