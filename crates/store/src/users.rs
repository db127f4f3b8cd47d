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
    /// Deletes the sessions that expired before `now`; returns how many.
    async fn delete_expired_sessions(&self, now: i64) -> Result<u64>;
    /// Counts a failed login of `username` from `client` in the window that starts at
    /// `window_start` (one row per name, client and window), and prunes the windows that
    /// started before `prune_before`. Returns the failures counted in this window so far.
    async fn record_login_failure(
        &self,
        attempt: LoginAttempt<'_>,
        window_start: i64,
        prune_before: i64,
    ) -> Result<i64>;
    /// The failures counted since `since` from `client`: for `username`, and for all names.
    async fn login_standing(
        &self,
        username: &str,
        client: &str,
        since: i64,
    ) -> Result<LoginStanding>;
    /// Forgets the failures of `username` from `client` (after a successful login).
    async fn clear_login_failures(&self, username: &str, client: &str) -> Result<()>;
    /// Creates an API token for an integration, stored under the hash of its text: a user of
    /// its own (no password: it cannot log in) with `role` in the association. Audited.
    async fn create_api_token(
        &self,
        actor: Actor,
        association: AssociationId,
        name: &str,
        role: Role,
        token_hash: &str,
    ) -> Result<ApiToken>;
    /// The association's API tokens, newest first, revoked ones too.
    async fn api_tokens(&self, association: AssociationId) -> Result<Vec<ApiToken>>;
    /// Revokes a token: it gives no access from now on (its role is taken away). Audited.
    async fn revoke_api_token(
        &self,
        actor: Actor,
        association: AssociationId,
        token: i64,
    ) -> Result<()>;
    /// The user a token acts as, if the token exists and is not revoked.
    async fn api_token_user(&self, token_hash: &str) -> Result<User>;
}

/// An API token as listed (its text is shown once, at creation, and never stored).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    /// Its id.
    pub id: i64,
    /// What the förbundschef called it ("Ekonomisystemets export").
    pub name: String,
    /// The role it acts with; `None` once revoked.
    pub role: Option<Role>,
    /// The user it acts as.
    pub user: UserId,
    /// When it was made (seconds since 1970).
    pub created_at: i64,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
}

/// A login attempt: the name as typed (already bounded) and the client's address.
#[derive(Clone, Copy, Debug)]
pub struct LoginAttempt<'a> {
    /// The name.
    pub username: &'a str,
    /// The client's address, as text.
    pub client: &'a str,
    /// When it was made (seconds since 1970).
    pub at: i64,
}

/// Failures counted, and the time of the last one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Failures {
    /// How many.
    pub count: i64,
    /// When the last one was (seconds since 1970), if any.
    pub last_at: Option<i64>,
}

/// What a client's failed logins add up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoginStanding {
    /// For the name it tries now.
    pub name: Failures,
    /// For every name together.
    pub client: Failures,
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
        let mut tx = self.begin_write().await?;
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
        let mut tx = self.begin_write().await?;
        let old = role_word_in(&mut tx, user, association).await?;
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
        if self.reader.is_some() {
            // The role, read on the calling thread (see `lite`), with no version asked for.
            use crate::PlanStore;
            return Ok(self
                .access_version(user, association, VersionId(0))
                .await?
                .map(|(a, role, _)| (a, role)));
        }
        const SQL: &str = "SELECT a.id, a.name, a.org_number, r.role FROM roles r JOIN associations a ON a.id = r.association_id \
             WHERE r.user_id = $1 AND r.association_id = $2";
        // On PostgreSQL on a kept connection (see `hot`): one round trip, where the pool adds a
        // second for its check of the connection it gets back. Every förbund page asks.
        let row = if let Some(hot) = &self.hot {
            use sqlx::Arguments;
            let mut arguments = sqlx::any::AnyArguments::default();
            arguments
                .add(user.0)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            arguments
                .add(association.0)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            hot.fetch_optional(SQL, arguments).await?
        } else {
            sqlx::query(SQL)
                .bind(user.0)
                .bind(association.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?
        };
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

    async fn delete_expired_sessions(&self, now: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    async fn record_login_failure(
        &self,
        attempt: LoginAttempt<'_>,
        window_start: i64,
        prune_before: i64,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM login_attempts WHERE window_start < $1")
            .bind(prune_before)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let n: i64 = sqlx::query(
            "INSERT INTO login_attempts (username, client, window_start, failures, last_at) VALUES ($1, $2, $3, 1, $4) \
             ON CONFLICT (username, client, window_start) DO UPDATE SET failures = login_attempts.failures + 1, last_at = excluded.last_at \
             RETURNING failures",
        )
        .bind(attempt.username)
        .bind(attempt.client)
        .bind(window_start)
        .bind(attempt.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("failures")
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(n)
    }

    async fn login_standing(
        &self,
        username: &str,
        client: &str,
        since: i64,
    ) -> Result<LoginStanding> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(CASE WHEN username = $1 THEN failures ELSE 0 END), 0) AS BIGINT) AS name_n, \
                    MAX(CASE WHEN username = $1 THEN last_at END) AS name_last, \
                    CAST(COALESCE(SUM(failures), 0) AS BIGINT) AS client_n, MAX(last_at) AS client_last \
             FROM login_attempts WHERE client = $2 AND window_start >= $3",
        )
        .bind(username)
        .bind(client)
        .bind(since)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(LoginStanding {
            name: Failures {
                count: row.try_get("name_n").map_err(db)?,
                last_at: row.try_get("name_last").map_err(db)?,
            },
            client: Failures {
                count: row.try_get("client_n").map_err(db)?,
                last_at: row.try_get("client_last").map_err(db)?,
            },
        })
    }

    async fn clear_login_failures(&self, username: &str, client: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_attempts WHERE username = $1 AND client = $2")
            .bind(username)
            .bind(client)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn create_api_token(
        &self,
        actor: Actor,
        association: AssociationId,
        name: &str,
        role: Role,
        token_hash: &str,
    ) -> Result<ApiToken> {
        let at = now();
        let mut tx = self.begin_write().await?;
        // A name no person has, and a password hash that is no hash: it cannot log in.
        let username = format!(
            "api:{}:{}",
            association.0,
            &token_hash[..12.min(token_hash.len())]
        );
        let user: i64 = sqlx::query(
            "INSERT INTO users (username, display_name, password_hash, created_at) VALUES ($1, $2, '!', $3) RETURNING id",
        )
        .bind(&username)
        .bind(format!("API-nyckel {name}"))
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("id")
        .map_err(db)?;
        sqlx::query("INSERT INTO roles (user_id, association_id, role) VALUES ($1, $2, $3)")
            .bind(user)
            .bind(association.0)
            .bind(role.word())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let id: i64 = sqlx::query(
            "INSERT INTO api_tokens (token_hash, user_id, association_id, name, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(token_hash)
        .bind(user)
        .bind(association.0)
        .bind(name)
        .bind(actor.user_id())
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("id")
        .map_err(db)?;
        let summary = format!("API-nyckeln \"{name}\" skapades med rollen {role}");
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "apitoken.create",
                entity: "api_token",
                entity_id: Some(id),
                summary: &summary,
                old_value: None,
                new_value: Some(role.word()),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(ApiToken {
            id,
            name: name.to_owned(),
            role: Some(role),
            user: UserId(user),
            created_at: at,
            revoked_at: None,
        })
    }

    async fn api_tokens(&self, association: AssociationId) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query(
            "SELECT t.id, t.name, t.user_id, t.created_at, t.revoked_at, r.role FROM api_tokens t \
             LEFT JOIN roles r ON r.user_id = t.user_id AND r.association_id = t.association_id \
             WHERE t.association_id = $1 ORDER BY t.id DESC",
        )
        .bind(association.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                let role: Option<String> = r.try_get("role").map_err(db)?;
                Ok(ApiToken {
                    id: r.try_get("id").map_err(db)?,
                    name: r.try_get("name").map_err(db)?,
                    role: role.as_deref().and_then(Role::from_word),
                    user: UserId(r.try_get("user_id").map_err(db)?),
                    created_at: r.try_get("created_at").map_err(db)?,
                    revoked_at: r.try_get("revoked_at").map_err(db)?,
                })
            })
            .collect()
    }

    async fn revoke_api_token(
        &self,
        actor: Actor,
        association: AssociationId,
        token: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND association_id = $3 AND revoked_at IS NULL \
             RETURNING user_id, name",
        )
        .bind(now())
        .bind(token)
        .bind(association.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        let user: i64 = row.try_get("user_id").map_err(db)?;
        let name: String = row.try_get("name").map_err(db)?;
        sqlx::query("DELETE FROM roles WHERE user_id = $1 AND association_id = $2")
            .bind(user)
            .bind(association.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let summary = format!("API-nyckeln \"{name}\" återkallades");
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "apitoken.revoke",
                entity: "api_token",
                entity_id: Some(token),
                summary: &summary,
                old_value: None,
                new_value: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn api_token_user(&self, token_hash: &str) -> Result<User> {
        let row = sqlx::query(
            "SELECT u.id, u.username, u.display_name, u.password_hash FROM api_tokens t \
             JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        user_from(&row)
    }
}

/// The word of a user's role in an association, read in the caller's transaction.
pub(crate) async fn role_word_in(
    conn: &mut sqlx::AnyConnection,
    user: UserId,
    association: AssociationId,
) -> Result<Option<String>> {
    sqlx::query("SELECT role FROM roles WHERE user_id = $1 AND association_id = $2")
        .bind(user.0)
        .bind(association.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .map(|r| r.try_get("role"))
        .transpose()
        .map_err(db)
}
