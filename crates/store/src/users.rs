//! Users, their roles, their login sessions and the failed logins counted for throttling.

use async_trait::async_trait;
use sqlx::Row;

use crate::sql::*;
use crate::*;

/// Users, their roles, their login sessions and the failed logins counted for throttling.
#[async_trait]
pub trait UserStore: Send + Sync {
    /// Creates a user with an already hashed password.
    async fn create_user(
        &self,
        actor: Actor,
        username: &str,
        display_name: &str,
        password_hash: &str,
    ) -> Result<UserId>;
    /// A user by login name.
    async fn user_by_username(&self, username: &str) -> Result<User>;
    /// A user by id.
    async fn user(&self, id: UserId) -> Result<User>;
    /// Gives a user a role in an association (replacing any role there).
    async fn grant_role(
        &self,
        actor: Actor,
        user: UserId,
        association: AssociationId,
        role: Role,
    ) -> Result<()>;
    /// The user's role in an association, if any.
    async fn role(&self, user: UserId, association: AssociationId) -> Result<Option<Role>>;
    /// The association with the user's role in it, in one step; `None` when the user has no
    /// role there (or the association does not exist).
    async fn access(
        &self,
        user: UserId,
        association: AssociationId,
    ) -> Result<Option<(Association, Role)>>;
    /// Stores a session under the hash of its token.
    async fn create_session(&self, token_hash: &str, session: &Session) -> Result<()>;
    /// The session with that token hash, if it has not expired at `now`.
    async fn session(&self, token_hash: &str, now: i64) -> Result<Session>;
    /// The session with that token hash and its user, in one step.
    async fn session_user(&self, token_hash: &str, now: i64) -> Result<(Session, User)>;
    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    /// Notes a failed login for throttling.
    async fn record_login_failure(&self, username: &str, at: i64) -> Result<()>;
    /// How many logins failed for a name since `since`.
    async fn login_failures_since(&self, username: &str, since: i64) -> Result<i64>;
}

#[async_trait]
impl UserStore for SqlStore {
    async fn create_user(
        &self,
        actor: Actor,
        username: &str,
        display_name: &str,
        password_hash: &str,
    ) -> Result<UserId> {
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(username)
        .bind(display_name)
        .bind(password_hash)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("id")
        .map_err(db)?;
        let summary = format!("Användaren {username} ({display_name}) skapades");
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: None,
                action: "user.create",
                entity: "user",
                entity_id: Some(id),
                summary: &summary,
                old_value: None,
                new_value: Some(username),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(UserId(id))
    }

    async fn user_by_username(&self, username: &str) -> Result<User> {
        let row = sqlx::query(
            "SELECT id, username, display_name, password_hash FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        user_from(&row)
    }

    async fn user(&self, id: UserId) -> Result<User> {
        let row = sqlx::query(
            "SELECT id, username, display_name, password_hash FROM users WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        user_from(&row)
    }

    async fn grant_role(
        &self,
        actor: Actor,
        user: UserId,
        association: AssociationId,
        role: Role,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let old: Option<String> =
            sqlx::query("SELECT role FROM roles WHERE user_id = $1 AND association_id = $2")
                .bind(user.0)
                .bind(association.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?
                .map(|r| r.try_get("role"))
                .transpose()
                .map_err(db)?;
        sqlx::query(
            "INSERT INTO roles (user_id, association_id, role) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, association_id) DO UPDATE SET role = excluded.role",
        )
        .bind(user.0)
        .bind(association.0)
        .bind(role.word())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let summary = format!("Användare {} fick rollen {role}", user.0);
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "role.grant",
                entity: "user",
                entity_id: Some(user.0),
                summary: &summary,
                old_value: old.as_deref(),
                new_value: Some(role.word()),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn role(&self, user: UserId, association: AssociationId) -> Result<Option<Role>> {
        let role: Option<String> =
            sqlx::query("SELECT role FROM roles WHERE user_id = $1 AND association_id = $2")
                .bind(user.0)
                .bind(association.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?
                .map(|r| r.try_get("role"))
                .transpose()
                .map_err(db)?;
        Ok(role.as_deref().and_then(Role::from_word))
    }

    async fn access(
        &self,
        user: UserId,
        association: AssociationId,
    ) -> Result<Option<(Association, Role)>> {
        let row = sqlx::query(
            "SELECT a.id, a.name, a.org_number, r.role FROM roles r JOIN associations a ON a.id = r.association_id \
             WHERE r.user_id = $1 AND r.association_id = $2",
        )
        .bind(user.0)
        .bind(association.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        match row {
            None => Ok(None),
            Some(row) => {
                let role: String = row.try_get("role").map_err(db)?;
                Ok(Role::from_word(&role)
                    .map(|r| association_from(&row).map(|a| (a, r)))
                    .transpose()?)
            }
        }
    }

    async fn create_session(&self, token_hash: &str, session: &Session) -> Result<()> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash)
            .bind(session.user.0)
            .bind(&session.csrf_token)
            .bind(now())
            .bind(session.expires_at)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> Result<Session> {
        let row = sqlx::query("SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        Ok(Session {
            user: UserId(row.try_get("user_id").map_err(db)?),
            csrf_token: row.try_get("csrf_token").map_err(db)?,
            expires_at: row.try_get("expires_at").map_err(db)?,
        })
    }

    async fn session_user(&self, token_hash: &str, now: i64) -> Result<(Session, User)> {
        if let Some(r) = &self.reader
            && let Some(found) = r.session_user(SESSION_USER_SQL, token_hash, now)
        {
            return found.ok_or(StoreError::NotFound);
        }
        let row = sqlx::query(SESSION_USER_SQL)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        let session = Session {
            user: UserId(row.try_get("user_id").map_err(db)?),
            csrf_token: row.try_get("csrf_token").map_err(db)?,
            expires_at: row.try_get("expires_at").map_err(db)?,
        };
        Ok((session, user_from(&row)?))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn record_login_failure(&self, username: &str, at: i64) -> Result<()> {
        sqlx::query("INSERT INTO login_failures (username, at) VALUES ($1, $2)")
            .bind(username)
            .bind(at)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn login_failures_since(&self, username: &str, since: i64) -> Result<i64> {
        let n: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM login_failures WHERE username = $1 AND at >= $2",
        )
        .bind(username)
        .bind(since)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?
        .try_get("n")
        .map_err(db)?;
        Ok(n)
    }
}
