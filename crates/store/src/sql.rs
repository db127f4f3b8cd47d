//! The SQL implementation of [`Store`], one code path for SQLite and PostgreSQL.
//!
//! Queries are written at run time in the SQL both engines share (`$1` parameters, `RETURNING`),
//! and go through sqlx's `Any` driver, so no database is needed to build and the two backends
//! cannot drift apart; each backend has its own migrations and connection set-up.

use async_trait::async_trait;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyConnection, AnyPool, Row};

use crate::{
    Actor, Adoption, Association, AssociationId, AuditEntry, PlanVersion, Result, Role, Session,
    Status, Store, StoreError, User, UserId, VersionId,
};

/// Which engine a [`SqlStore`] runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The store on a SQL database.
#[derive(Clone, Debug)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
    /// SQLite only: read-only connections for the two reads every page makes, run inline.
    reader: Option<std::sync::Arc<crate::lite::InlineReader>>,
    /// PostgreSQL only: a pool on the native driver, for imports by COPY (the Any driver has
    /// no COPY).
    pg: Option<sqlx::PgPool>,
}

/// The shared SQL's `$1` parameters as SQLite's numbered `?1`: to SQLite itself `$1` is a
/// named parameter, numbered by first appearance rather than by its digits.
pub(crate) fn numbered(sql: &str) -> String {
    sql.replace('$', "?")
}

const SESSION_USER_SQL: &str = "SELECT s.user_id, s.csrf_token, s.expires_at, u.id, u.username, u.display_name, u.password_hash \
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2";

pub(crate) fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Unique violations become [`StoreError::Duplicate`]; everything else stays a database error.
pub(crate) fn db(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate,
        sqlx::Error::RowNotFound => StoreError::NotFound,
        _ => StoreError::Database(e),
    }
}

/// One audit row, written on the connection of the change's own transaction.
pub(crate) struct Audit<'a> {
    pub(crate) association: Option<AssociationId>,
    pub(crate) action: &'a str,
    pub(crate) entity: &'a str,
    pub(crate) entity_id: Option<i64>,
    pub(crate) summary: &'a str,
    pub(crate) old_value: Option<&'a str>,
    pub(crate) new_value: Option<&'a str>,
}

/// The audit row's SQL, shared by the sqlx path and the SQLite bulk path.
pub(crate) const INSERT_AUDIT: &str = "INSERT INTO audit_log (association_id, user_id, at, action, entity, entity_id, summary, old_value, new_value) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

/// An audit row's values in [`INSERT_AUDIT`]'s order, as every path writes them.
pub(crate) struct AuditRow<'a> {
    pub(crate) association: Option<i64>,
    pub(crate) user: Option<i64>,
    pub(crate) at: i64,
    pub(crate) action: &'a str,
    pub(crate) entity: &'a str,
    pub(crate) entity_id: Option<i64>,
    pub(crate) summary: &'a str,
    pub(crate) old_value: Option<&'a str>,
    pub(crate) new_value: Option<&'a str>,
}

impl<'a> Audit<'a> {
    /// The row, made by `actor` now.
    pub(crate) fn row(&self, actor: Actor) -> AuditRow<'a> {
        AuditRow {
            association: self.association.map(|x| x.0),
            user: actor.user_id(),
            at: now(),
            action: self.action,
            entity: self.entity,
            entity_id: self.entity_id,
            summary: self.summary,
            old_value: self.old_value,
            new_value: self.new_value,
        }
    }
}

impl AuditRow<'_> {
    /// [`INSERT_AUDIT`] with this row's values, on any sqlx engine.
    pub(crate) fn query<DB>(&self) -> sqlx::query::Query<'static, DB, DB::Arguments>
    where
        DB: sqlx::Database,
        for<'e> Option<i64>: sqlx::Encode<'e, DB> + sqlx::Type<DB>,
        for<'e> i64: sqlx::Encode<'e, DB> + sqlx::Type<DB>,
        for<'e> &'e str: sqlx::Encode<'e, DB> + sqlx::Type<DB>,
        for<'e> Option<&'e str>: sqlx::Encode<'e, DB> + sqlx::Type<DB>,
    {
        sqlx::query(INSERT_AUDIT)
            .bind(self.association)
            .bind(self.user)
            .bind(self.at)
            .bind(self.action)
            .bind(self.entity)
            .bind(self.entity_id)
            .bind(self.summary)
            .bind(self.old_value)
            .bind(self.new_value)
    }
}

pub(crate) async fn write_audit(
    conn: &mut AnyConnection,
    actor: Actor,
    audit: Audit<'_>,
) -> Result<()> {
    audit
        .row(actor)
        .query()
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(())
}

const VERSION_COLUMNS: &str = "v.id, v.association_id, v.plan_id, p.title, v.number, v.status, v.based_on, v.document, \
     v.row_version, v.adopted_on, v.adopted_meeting, v.adopted_decision";

fn version_from(row: &AnyRow) -> Result<PlanVersion> {
    let status: String = row.try_get("status").map_err(db)?;
    let adopted_on: Option<String> = row.try_get("adopted_on").map_err(db)?;
    let adoption = match adopted_on {
        Some(on) => Some(Adoption {
            on,
            meeting: row
                .try_get::<Option<String>, _>("adopted_meeting")
                .map_err(db)?
                .unwrap_or_default(),
            decision: row
                .try_get::<Option<String>, _>("adopted_decision")
                .map_err(db)?
                .unwrap_or_default(),
        }),
        None => None,
    };
    Ok(PlanVersion {
        id: VersionId(row.try_get("id").map_err(db)?),
        association: AssociationId(row.try_get("association_id").map_err(db)?),
        plan_id: row.try_get("plan_id").map_err(db)?,
        title: row.try_get("title").map_err(db)?,
        number: row.try_get("number").map_err(db)?,
        status: Status::from_word(&status).ok_or(StoreError::NotFound)?,
        based_on: row
            .try_get::<Option<i64>, _>("based_on")
            .map_err(db)?
            .map(VersionId),
        document: row.try_get("document").map_err(db)?,
        row_version: row.try_get("row_version").map_err(db)?,
        adoption,
    })
}

fn association_from(row: &AnyRow) -> Result<Association> {
    Ok(Association {
        id: AssociationId(row.try_get("id").map_err(db)?),
        name: row.try_get("name").map_err(db)?,
        org_number: row.try_get("org_number").map_err(db)?,
    })
}

fn user_from(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: UserId(row.try_get("id").map_err(db)?),
        username: row.try_get("username").map_err(db)?,
        display_name: row.try_get("display_name").map_err(db)?,
        password_hash: row.try_get("password_hash").map_err(db)?,
    })
}

async fn version_on(
    conn: &mut AnyConnection,
    association: AssociationId,
    id: VersionId,
) -> Result<PlanVersion> {
    let sql = format!(
        "SELECT {VERSION_COLUMNS} FROM plan_versions v JOIN plans p ON p.id = v.plan_id \
         WHERE v.id = $1 AND v.association_id = $2"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .bind(association.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
    version_from(&row)
}

impl SqlStore {
    /// Opens the database at `url` (`sqlite:FILE`, `postgres://…`), creating a SQLite file
    /// when it does not exist, and brings its schema up to date.
    pub async fn open(url: &str) -> Result<SqlStore> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if let Some(rest) = url.strip_prefix("sqlite:") {
            let mut u = format!("sqlite:{rest}");
            if !rest.contains("mode=") {
                u.push_str(if rest.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                });
            }
            (Backend::Sqlite, u)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_owned())
        } else {
            return Err(StoreError::UnknownBackend(url.to_owned()));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            // A ping before every query would double the round trips; a broken connection
            // fails its query instead, and the pool replaces it.
            .test_before_acquire(false)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Foreign keys are off by default in SQLite; WAL lets readers work while
                        // one writer writes; a busy timeout waits for the writer instead of failing.
                        sqlx::query("PRAGMA foreign_keys = ON")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA busy_timeout = 5000")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        match backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&pool).await?,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&pool).await?,
        }
        let reader = (backend == Backend::Sqlite)
            .then(|| crate::lite::InlineReader::new(&url))
            .flatten()
            .map(std::sync::Arc::new);
        let pg = match backend {
            Backend::Postgres => Some(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(4)
                    .connect(&url)
                    .await?,
            ),
            Backend::Sqlite => None,
        };
        Ok(SqlStore {
            pool,
            backend,
            reader,
            pg,
        })
    }

    /// The same store without SQLite's direct rusqlite path (inline reads and bulk imports):
    /// everything through sqlx, as on PostgreSQL. The conformance suite runs both, so that the
    /// sqlx SQLite path cannot rot behind the fast one.
    pub fn without_fast_path(mut self) -> SqlStore {
        self.reader = None;
        self
    }

    /// Whether reads and imports take SQLite's direct path.
    pub fn has_fast_path(&self) -> bool {
        self.reader.is_some()
    }

    /// The engine this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(pg) = &self.pg {
            pg.close().await;
        }
    }
}

#[async_trait]
impl Store for SqlStore {
    async fn create_association(
        &self,
        actor: Actor,
        name: &str,
        org_number: &str,
    ) -> Result<AssociationId> {
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query("INSERT INTO associations (name, org_number, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(name)
            .bind(org_number)
            .bind(now())
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?
            .try_get("id")
            .map_err(db)?;
        let summary = format!("Förbundet {name} ({org_number}) skapades");
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(AssociationId(id)),
                action: "association.create",
                entity: "association",
                entity_id: Some(id),
                summary: &summary,
                old_value: None,
                new_value: Some(name),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(AssociationId(id))
    }

    async fn association(&self, id: AssociationId) -> Result<Association> {
        let row = sqlx::query("SELECT id, name, org_number FROM associations WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        association_from(&row)
    }

    async fn associations(&self) -> Result<Vec<Association>> {
        let rows = sqlx::query("SELECT id, name, org_number FROM associations ORDER BY name, id")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(association_from).collect()
    }

    async fn associations_for(&self, user: UserId) -> Result<Vec<(Association, Role)>> {
        let rows = sqlx::query(
            "SELECT a.id, a.name, a.org_number, r.role FROM associations a \
             JOIN roles r ON r.association_id = a.id WHERE r.user_id = $1 ORDER BY a.name, a.id",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let role: String = row.try_get("role").map_err(db)?;
                Ok((
                    association_from(row)?,
                    Role::from_word(&role).ok_or(StoreError::NotFound)?,
                ))
            })
            .collect()
    }

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

    async fn access_version(
        &self,
        user: UserId,
        association: AssociationId,
        version: VersionId,
    ) -> Result<Option<(Association, Role, Option<PlanVersion>)>> {
        let sql = format!(
            "SELECT r.association_id AS a_id, a.name AS a_name, a.org_number AS a_org, r.role, {VERSION_COLUMNS} \
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
        let role: String = row.try_get("role").map_err(db)?;
        let Some(role) = Role::from_word(&role) else {
            return Ok(None);
        };
        let a = Association {
            id: AssociationId(row.try_get("a_id").map_err(db)?),
            name: row.try_get("a_name").map_err(db)?,
            org_number: row.try_get("a_org").map_err(db)?,
        };
        let v = match row.try_get::<Option<i64>, _>("id").map_err(db)? {
            Some(_) => Some(version_from(&row)?),
            None => None,
        };
        Ok(Some((a, role, v)))
    }

    async fn create_plan(
        &self,
        actor: Actor,
        association: AssociationId,
        title: &str,
        document: &str,
    ) -> Result<PlanVersion> {
        let mut tx = self.pool.begin().await?;
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
        let summary = format!("Planen \"{title}\" skapades som utkast");
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "plan.create",
                entity: "plan_version",
                entity_id: Some(id.0),
                summary: &summary,
                old_value: None,
                new_value: Some(document),
            },
        )
        .await?;
        let v = version_on(&mut tx, association, id).await?;
        tx.commit().await?;
        Ok(v)
    }

    async fn version(&self, association: AssociationId, id: VersionId) -> Result<PlanVersion> {
        let mut conn = self.pool.acquire().await?;
        version_on(&mut conn, association, id).await
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
        let mut tx = self.pool.begin().await?;
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

    async fn adopt(
        &self,
        actor: Actor,
        association: AssociationId,
        id: VersionId,
        expected_row_version: i64,
        adoption: &Adoption,
    ) -> Result<PlanVersion> {
        let mut tx = self.pool.begin().await?;
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
        .bind(&adoption.on)
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
        let summary = format!(
            "Version {} av \"{}\" beslutades av styrelsen {} ({})",
            current.number, current.title, adoption.on, adoption.meeting
        );
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
        let mut tx = self.pool.begin().await?;
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

    async fn import_ledger(
        &self,
        actor: Actor,
        association: AssociationId,
        data: &crate::LedgerData,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<crate::ImportOutcome> {
        if let Some(r) = &self.reader {
            // On a SQLite file, a million rows go in through one prepared statement on a
            // direct connection: through sqlx each row's values cross to a worker thread.
            let run = || crate::lite::import(&r.path, actor, association, data, progress);
            return match tokio::runtime::Handle::current().runtime_flavor() {
                tokio::runtime::RuntimeFlavor::MultiThread => tokio::task::block_in_place(run),
                _ => run(),
            };
        }
        if let Some(pg) = &self.pg {
            let mut tx = pg.begin().await?;
            let mut w = crate::ledger::SqlWriter::Postgres(&mut tx);
            let outcome = crate::ledger::import(&mut w, actor, association, data, progress).await?;
            tx.commit().await?;
            return Ok(outcome);
        }
        let mut tx = self.pool.begin().await?;
        let mut w = crate::ledger::SqlWriter::Any(&mut tx);
        let outcome = crate::ledger::import(&mut w, actor, association, data, progress).await?;
        // An unchanged import wrote nothing; committing the empty transaction is harmless.
        tx.commit().await?;
        Ok(outcome)
    }

    async fn ledger_imports(&self, association: AssociationId) -> Result<Vec<crate::LedgerImport>> {
        let mut conn = self.pool.acquire().await?;
        crate::ledger::imports(&mut conn, association).await
    }

    async fn ledger(
        &self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> Result<Option<(crate::LedgerImport, finsam_core::actuals::Ledger)>> {
        let mut conn = self.pool.acquire().await?;
        crate::ledger::load(&mut conn, association, fiscal_year).await
    }

    async fn ledger_rows(
        &self,
        association: AssociationId,
        fiscal_year: i32,
        account: &str,
    ) -> Result<Vec<finsam_core::actuals::Row>> {
        let mut conn = self.pool.acquire().await?;
        crate::ledger::rows(&mut conn, association, fiscal_year, account).await
    }

    async fn mapping(&self, association: AssociationId) -> Result<Option<crate::MappingData>> {
        let mut conn = self.pool.acquire().await?;
        crate::ledger::mapping(&mut conn, association).await
    }

    async fn save_mapping(
        &self,
        actor: Actor,
        association: AssociationId,
        expected_row_version: i64,
        chart: &str,
        rules: &str,
    ) -> Result<crate::MappingData> {
        let mut tx = self.pool.begin().await?;
        let m = crate::ledger::save_mapping(
            &mut tx,
            actor,
            association,
            expected_row_version,
            chart,
            rules,
        )
        .await?;
        tx.commit().await?;
        Ok(m)
    }

    async fn forecast_adjustments(
        &self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> Result<Vec<(String, i64)>> {
        let mut conn = self.pool.acquire().await?;
        crate::ledger::adjustments(&mut conn, association, fiscal_year).await
    }

    async fn save_forecast_adjustments(
        &self,
        actor: Actor,
        association: AssociationId,
        fiscal_year: i32,
        values: &[(String, i64)],
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        crate::ledger::save_adjustments(&mut tx, actor, association, fiscal_year, values).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn backup(&self, path: &str) -> Result<()> {
        match self.backend {
            Backend::Sqlite => {
                // VACUUM INTO writes a consistent snapshot while other connections keep working.
                sqlx::query("VACUUM INTO $1")
                    .bind(path)
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
            Backend::Postgres => Err(StoreError::Unsupported(
                "en PostgreSQL-databas säkerhetskopieras med pg_dump",
            )),
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_version(
    conn: &mut AnyConnection,
    actor: Actor,
    association: AssociationId,
    plan_id: i64,
    number: i64,
    based_on: Option<VersionId>,
    document: &str,
    t: i64,
) -> Result<VersionId> {
    let id: i64 = sqlx::query(
        "INSERT INTO plan_versions (association_id, plan_id, number, status, based_on, document, row_version, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, 'utkast', $4, $5, 1, $6, $7, $8) RETURNING id",
    )
    .bind(association.0)
    .bind(plan_id)
    .bind(number)
    .bind(based_on.map(|b| b.0))
    .bind(document)
    .bind(actor.user_id())
    .bind(t)
    .bind(t)
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?
    .try_get("id")
    .map_err(db)?;
    Ok(VersionId(id))
}
