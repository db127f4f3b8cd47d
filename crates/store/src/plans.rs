//! Plans and their versions: drafts with optimistic locking, adoption, revisions.

use async_trait::async_trait;
use sqlx::{Arguments, Row};

use crate::sql::*;
use crate::*;

/// What [`PlanStore::access_version`] finds: the association, the user's role there and the
/// version, if any; `None` when the user has no role there.
pub type VersionAccess = Option<(Association, Role, Option<VersionHead>)>;

/// What [`PlanStore::session_version`] finds: the session, its user and their access.
pub type SessionVersion = (Session, User, VersionAccess);

/// The session, its user and their access to one version (see `PlanStore::session_version`).
static SESSION_VERSION_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT s.user_id, s.csrf_token, s.expires_at, u.username, u.display_name, u.password_hash, \
         r.association_id AS a_id, a.name AS a_name, a.org_number AS a_org, r.role, {HEAD_COLUMNS} \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN roles r ON r.user_id = s.user_id AND r.association_id = $3 \
         LEFT JOIN associations a ON a.id = r.association_id \
         LEFT JOIN plan_versions v ON v.id = $4 AND v.association_id = r.association_id \
         LEFT JOIN plans p ON p.id = v.plan_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2"
    )
});

/// Plans and their versions: drafts with optimistic locking, adoption, revisions.
#[async_trait]
pub trait PlanStore: Send + Sync {
    /// The association, the user's role in it and one of its plan versions (if it exists), in
    /// one step; `None` when the user has no role there. What a plan page needs to start.
    async fn access_version(
        &self,
        user: UserId,
        association: AssociationId,
        version: VersionId,
    ) -> Result<VersionAccess>;
    /// A valid session's user with [`PlanStore::access_version`] of that user, in one step:
    /// what a plan page needs to start, for one round trip to a database server. `None` when
    /// the session does not exist or has expired.
    async fn session_version(
        &self,
        token_hash: &str,
        now: i64,
        association: AssociationId,
        version: VersionId,
    ) -> Result<Option<SessionVersion>>;
    /// The plan file text of version `id`, only if it belongs to `association`.
    async fn document(&self, association: AssociationId, id: VersionId) -> Result<String>;
    /// Starts a new plan with a first draft version holding `document`.
    async fn create_plan(
        &self,
        actor: Actor,
        association: AssociationId,
        title: &str,
        document: &str,
    ) -> Result<PlanVersion>;
    /// Starts a new plan, the year after `from`'s, with a first draft holding `document` (the
    /// next year's plan computed from `from`): audited as started from that version.
    async fn start_next_plan(
        &self,
        actor: Actor,
        association: AssociationId,
        from: VersionId,
        title: &str,
        document: &str,
    ) -> Result<PlanVersion>;
    /// One version, only if it belongs to `association`.
    async fn version(&self, association: AssociationId, id: VersionId) -> Result<PlanVersion>;
    /// All versions of all plans of an association, newest plan first.
    async fn versions(&self, association: AssociationId) -> Result<Vec<PlanVersion>>;
    /// One page of an association's versions (heads, without their text), newest plan first
    /// and within a plan the newest version first.
    async fn versions_page(
        &self,
        association: AssociationId,
        page: crate::PageRequest,
    ) -> Result<crate::Paged<VersionHead>>;
    /// Saves a draft's new document, if nobody saved since `expected_row_version`.
    async fn update_draft(
        &self,
        actor: Actor,
        association: AssociationId,
        id: VersionId,
        expected_row_version: i64,
        document: &str,
        summary: &str,
    ) -> Result<PlanVersion>;
    /// Marks a draft adopted by the board; it never changes again.
    async fn adopt(
        &self,
        actor: Actor,
        association: AssociationId,
        id: VersionId,
        expected_row_version: i64,
        adoption: &Adoption,
    ) -> Result<PlanVersion>;
    /// Starts a new draft from an adopted version (a revision).
    async fn start_revision(
        &self,
        actor: Actor,
        association: AssociationId,
        from: VersionId,
    ) -> Result<PlanVersion>;
    /// Names a version ("reviderad juni"), or takes its name away; the plan in it does not
    /// change, so an adopted version can be named too. Audited; the row version moves, so that
    /// every cached page of the version shows the name.
    async fn name_version(
        &self,
        actor: Actor,
        association: AssociationId,
        id: VersionId,
        name: Option<&str>,
    ) -> Result<VersionHead>;
}

#[async_trait]
impl PlanStore for SqlStore {
    async fn access_version(
        &self,
        user: UserId,
        association: AssociationId,
        version: VersionId,
    ) -> Result<VersionAccess> {
        // Without the text: a page finds the parsed plan by row version in the app's cache and
        // asks for the text (`document`) only when it is not there.
        let sql = format!(
            "SELECT r.association_id AS a_id, a.name AS a_name, a.org_number AS a_org, r.role, {HEAD_COLUMNS} \
             FROM roles r JOIN associations a ON a.id = r.association_id \
             LEFT JOIN plan_versions v ON v.id = $3 AND v.association_id = r.association_id \
             LEFT JOIN plans p ON p.id = v.plan_id \
             WHERE r.user_id = $1 AND r.association_id = $2"
        );
        if let Some(r) = &self.reader
            && let Some(found) = r.access_version(&sql, user, association, version)
        {
            return Ok(found.and_then(|(a, role, v)| Role::from_word(&role).map(|r| (a, r, v))));
        }
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user.0)
            .bind(association.0)
            .bind(version.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
        else {
            return Ok(None);
        };
        access_from(&row)
    }

    async fn session_version(
        &self,
        token_hash: &str,
        now: i64,
        association: AssociationId,
        version: VersionId,
    ) -> Result<Option<SessionVersion>> {
        if self.reader.is_some() {
            // In-process SQLite: two queries cost less than one round trip would.
            let (session, user) = match self.session_user(token_hash, now).await {
                Ok(found) => found,
                Err(StoreError::NotFound) => return Ok(None),
                Err(e) => return Err(e),
            };
            let access = self.access_version(user.id, association, version).await?;
            return Ok(Some((session, user, access)));
        }
        let (token_hash, now) = (token_hash.to_owned(), now);
        let mut arguments = sqlx::any::AnyArguments::default();
        let added = arguments
            .add(token_hash)
            .and_then(|()| arguments.add(now))
            .and_then(|()| arguments.add(association.0))
            .and_then(|()| arguments.add(version.0));
        added.map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let sql = SESSION_VERSION_SQL.as_str();
        let found = match &self.hot {
            Some(hot) => hot.fetch_optional(sql, arguments).await?,
            None => sqlx::query_with(sql, arguments)
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?,
        };
        let Some(row) = found else {
            return Ok(None);
        };
        let user_id = UserId(row.try_get("user_id").map_err(db)?);
        let session = Session {
            user: user_id,
            csrf_token: row.try_get("csrf_token").map_err(db)?,
            expires_at: row.try_get("expires_at").map_err(db)?,
        };
        let user = User {
            id: user_id,
            username: row.try_get("username").map_err(db)?,
            display_name: row.try_get("display_name").map_err(db)?,
            password_hash: row.try_get("password_hash").map_err(db)?,
        };
        Ok(Some((session, user, access_from(&row)?)))
    }

    async fn document(&self, association: AssociationId, id: VersionId) -> Result<String> {
        sqlx::query("SELECT document FROM plan_versions WHERE id = $1 AND association_id = $2")
            .bind(id.0)
            .bind(association.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?
            .try_get("document")
            .map_err(db)
    }

    async fn create_plan(
        &self,
        actor: Actor,
        association: AssociationId,
        title: &str,
        document: &str,
    ) -> Result<PlanVersion> {
        let summary = format!("Planen \"{title}\" skapades som utkast");
        self.insert_plan(actor, association, title, document, "plan.create", &summary)
            .await
    }

    async fn start_next_plan(
        &self,
        actor: Actor,
        association: AssociationId,
        from: VersionId,
        title: &str,
        document: &str,
    ) -> Result<PlanVersion> {
        let source = self.version(association, from).await?;
        let summary = format!(
            "Planen \"{title}\" startades som utkast från version {} av \"{}\"",
            source.number, source.title
        );
        self.insert_plan(actor, association, title, document, "plan.next", &summary)
            .await
    }

    async fn version(&self, association: AssociationId, id: VersionId) -> Result<PlanVersion> {
        let mut conn = self.pool.acquire().await?;
        version_on(&mut conn, association, id).await
    }

    async fn versions_page(
        &self,
        association: AssociationId,
        page: crate::PageRequest,
    ) -> Result<crate::Paged<VersionHead>> {
        let total: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM plan_versions WHERE association_id = $1")
                .bind(association.0)
                .fetch_one(&self.pool)
                .await
                .map_err(db)?
                .try_get("n")
                .map_err(db)?;
        let sql = format!(
            "SELECT {HEAD_COLUMNS} FROM plan_versions v JOIN plans p ON p.id = v.plan_id \
             WHERE v.association_id = $1 ORDER BY v.plan_id DESC, v.number DESC LIMIT $2 OFFSET $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(association.0)
            .bind(page.limit())
            .bind(page.offset())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        Ok(crate::Paged {
            items: rows.iter().map(head_from).collect::<Result<_>>()?,
            total,
            request: page,
        })
    }

    async fn versions(&self, association: AssociationId) -> Result<Vec<PlanVersion>> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM plan_versions v JOIN plans p ON p.id = v.plan_id \
             WHERE v.association_id = $1 ORDER BY v.plan_id DESC, v.number DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(association.0)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(version_from).collect()
    }

    async fn update_draft(
        &self,
        actor: Actor,
        association: AssociationId,
        id: VersionId,
        expected_row_version: i64,
        document: &str,
        summary: &str,
    ) -> Result<PlanVersion> {
        let mut tx = self.begin_write().await?;
        let current = version_on(&mut tx, association, id).await?;
        if current.status == Status::Adopted {
            return Err(StoreError::Adopted);
        }
        // The row version in the WHERE clause makes the check and the write one step: a save
        // that raced past the read above still updates nothing.
        let updated = sqlx::query(
            "UPDATE plan_versions SET document = $1, row_version = row_version + 1, updated_at = $2 \
             WHERE id = $3 AND association_id = $4 AND row_version = $5 AND status = 'utkast'",
        )
        .bind(document)
        .bind(now())
        .bind(id.0)
        .bind(association.0)
        .bind(expected_row_version)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                current: current.row_version,
            });
        }
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "plan.update",
                entity: "plan_version",
                entity_id: Some(id.0),
                summary,
                old_value: Some(&current.document),
                new_value: Some(document),
            },
        )
        .await?;
        let v = version_on(&mut tx, association, id).await?;
        tx.commit().await?;
        Ok(v)
    }

    async fn name_version(
        &self,
        actor: Actor,
        association: AssociationId,
        id: VersionId,
        name: Option<&str>,
    ) -> Result<VersionHead> {
        let mut tx = self.begin_write().await?;
        let current = version_on(&mut tx, association, id).await?;
        sqlx::query(
            "UPDATE plan_versions SET name = $1, row_version = row_version + 1, updated_at = $2 \
             WHERE id = $3 AND association_id = $4",
        )
        .bind(name)
        .bind(now())
        .bind(id.0)
        .bind(association.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let summary = match name {
            Some(n) => format!("Version {} fick namnet \"{n}\"", current.number),
            None => format!("Version {} har inte längre något namn", current.number),
        };
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "version.name",
                entity: "plan_version",
                entity_id: Some(id.0),
                summary: &summary,
                old_value: current.name.as_deref(),
                new_value: name,
            },
        )
        .await?;
        let v = version_on(&mut tx, association, id).await?;
        tx.commit().await?;
        Ok(v.head)
    }

    async fn adopt(
        &self,
        actor: Actor,
        association: AssociationId,
        id: VersionId,
        expected_row_version: i64,
        adoption: &Adoption,
    ) -> Result<PlanVersion> {
        let mut tx = self.begin_write().await?;
        let current = version_on(&mut tx, association, id).await?;
        if current.status == Status::Adopted {
            return Err(StoreError::Adopted);
        }
        let updated = sqlx::query(
            "UPDATE plan_versions SET status = 'beslutad', row_version = row_version + 1, updated_at = $1, \
             adopted_on = $2, adopted_meeting = $3, adopted_decision = $4 \
             WHERE id = $5 AND association_id = $6 AND row_version = $7 AND status = 'utkast'",
        )
        .bind(now())
        .bind(adoption.on.to_string())
        .bind(&adoption.meeting)
        .bind(&adoption.decision)
        .bind(id.0)
        .bind(association.0)
        .bind(expected_row_version)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                current: current.row_version,
            });
        }
        let mut summary = format!(
            "Version {} av \"{}\" beslutades av styrelsen {} ({})",
            current.number, current.title, adoption.on, adoption.meeting
        );
        if let Some(statement) = &adoption.acknowledged {
            summary.push_str(". ");
            summary.push_str(statement);
        }
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "plan.adopt",
                entity: "plan_version",
                entity_id: Some(id.0),
                summary: &summary,
                old_value: Some(Status::Draft.word()),
                new_value: Some(Status::Adopted.word()),
            },
        )
        .await?;
        let v = version_on(&mut tx, association, id).await?;
        tx.commit().await?;
        Ok(v)
    }

    async fn start_revision(
        &self,
        actor: Actor,
        association: AssociationId,
        from: VersionId,
    ) -> Result<PlanVersion> {
        let mut tx = self.begin_write().await?;
        let source = version_on(&mut tx, association, from).await?;
        let number: i64 =
            sqlx::query("SELECT MAX(number) AS n FROM plan_versions WHERE plan_id = $1")
                .bind(source.plan_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?
                .try_get("n")
                .map_err(db)?;
        let id = insert_version(
            &mut tx,
            actor,
            association,
            source.plan_id,
            number + 1,
            Some(from),
            &source.document,
            now(),
        )
        .await?;
        let summary = format!(
            "Revidering (version {}) av \"{}\" påbörjades från version {}",
            number + 1,
            source.title,
            source.number
        );
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "plan.revise",
                entity: "plan_version",
                entity_id: Some(id.0),
                summary: &summary,
                old_value: None,
                new_value: None,
            },
        )
        .await?;
        let v = version_on(&mut tx, association, id).await?;
        tx.commit().await?;
        Ok(v)
    }
}

impl SqlStore {
    /// A new plan with its first draft, audited as `action` with `summary`.
    async fn insert_plan(
        &self,
        actor: Actor,
        association: AssociationId,
        title: &str,
        document: &str,
        action: &'static str,
        summary: &str,
    ) -> Result<PlanVersion> {
        let mut tx = self.begin_write().await?;
        let t = now();
        let plan_id: i64 = sqlx::query("INSERT INTO plans (association_id, title, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(association.0)
            .bind(title)
            .bind(t)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?
            .try_get("id")
            .map_err(db)?;
        let id = insert_version(&mut tx, actor, association, plan_id, 1, None, document, t).await?;
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action,
                entity: "plan_version",
                entity_id: Some(id.0),
                summary,
                old_value: None,
                new_value: Some(document),
            },
        )
        .await?;
        let v = version_on(&mut tx, association, id).await?;
        tx.commit().await?;
        Ok(v)
    }
}

/// The association, role and version head of a row with `access_version`'s columns; `None`
/// when the row has no role (or a role this version does not know).
fn access_from(row: &sqlx::any::AnyRow) -> Result<VersionAccess> {
    let Some(role) = row.try_get::<Option<String>, _>("role").map_err(db)? else {
        return Ok(None);
    };
    let Some(role) = Role::from_word(&role) else {
        return Ok(None);
    };
    let a = Association {
        id: AssociationId(row.try_get("a_id").map_err(db)?),
        name: row.try_get("a_name").map_err(db)?,
        org_number: org_number(row.try_get("a_org").map_err(db)?)?,
    };
    let v = match row.try_get::<Option<i64>, _>("id").map_err(db)? {
        Some(_) => Some(head_from(row)?),
        None => None,
    };
    Ok(Some((a, role, v)))
}
