//! The SQL implementation of [`Store`], one code path for SQLite and PostgreSQL.
//!
//! Queries are written at run time in the SQL both engines share (`$1` parameters, `RETURNING`),
//! and go through sqlx's `Any` driver, so no database is needed to build and the two backends
//! cannot drift apart; each backend has its own migrations and connection set-up.

use async_trait::async_trait;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyConnection, AnyPool, Row};

use crate::{
    Actor, Adoption, Association, AssociationId, PlanVersion, Result, Status, Store, StoreError,
    User, UserId, VersionHead, VersionId,
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
    pub(crate) pool: AnyPool,
    backend: Backend,
    /// SQLite only: read-only connections for the two reads every page makes, run inline.
    pub(crate) reader: Option<std::sync::Arc<crate::lite::InlineReader>>,
    /// PostgreSQL only: a pool on the native driver, for imports by COPY (the Any driver has
    /// no COPY).
    pub(crate) pg: Option<sqlx::PgPool>,
    /// PostgreSQL only: connections for the read of every plan page (see `hot`).
    pub(crate) hot: Option<std::sync::Arc<crate::hot::HotReads>>,
}

/// The shared SQL's `$1` parameters as SQLite's numbered `?1`: to SQLite itself `$1` is a
/// named parameter, numbered by first appearance rather than by its digits.
pub(crate) fn numbered(sql: &str) -> String {
    sql.replace('$', "?")
}

pub(crate) const SESSION_USER_SQL: &str = "SELECT s.user_id, s.csrf_token, s.expires_at, u.id, u.username, u.display_name, u.password_hash \
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2";

impl SqlStore {
    /// A transaction that will write. On SQLite it takes the write lock at its start
    /// (`BEGIN IMMEDIATE`): a deferred transaction that reads first and then writes cannot wait
    /// for the busy timeout when another writer got there in between, and fails with "database
    /// is locked". PostgreSQL's row locks need no such thing.
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }
}

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

/// The columns of a version's head, written once for both lists below.
macro_rules! head_columns {
    () => {
        "v.id, v.association_id, v.plan_id, p.title, v.number, v.status, v.based_on, \
         v.row_version, v.adopted_on, v.adopted_meeting, v.adopted_decision, v.name"
    };
}

/// The columns of a version's head (see [`head_from`]).
pub(crate) const HEAD_COLUMNS: &str = head_columns!();

/// The columns of a whole version (see [`version_from`]).
pub(crate) const VERSION_COLUMNS: &str = concat!(head_columns!(), ", v.document");

pub(crate) fn version_from(row: &AnyRow) -> Result<PlanVersion> {
    Ok(PlanVersion {
        head: head_from(row)?,
        document: row.try_get("document").map_err(db)?,
    })
}

pub(crate) fn head_from(row: &AnyRow) -> Result<VersionHead> {
    let status: String = row.try_get("status").map_err(db)?;
    let adopted_on: Option<String> = row.try_get("adopted_on").map_err(db)?;
    let adoption = match adopted_on {
        Some(on) => Some(Adoption {
            on: crate::ledger::parse_day(&on)
                .ok_or_else(|| StoreError::Corrupt(format!("beslutsdagen {on:?}")))?,
            meeting: row
                .try_get::<Option<String>, _>("adopted_meeting")
                .map_err(db)?
                .unwrap_or_default(),
            decision: row
                .try_get::<Option<String>, _>("adopted_decision")
                .map_err(db)?
                .unwrap_or_default(),
            acknowledged: None,
        }),
        None => None,
    };
    Ok(VersionHead {
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
        row_version: row.try_get("row_version").map_err(db)?,
        adoption,
        name: row.try_get::<Option<String>, _>("name").map_err(db)?,
    })
}

pub(crate) fn association_from(row: &AnyRow) -> Result<Association> {
    Ok(Association {
        id: AssociationId(row.try_get("id").map_err(db)?),
        name: row.try_get("name").map_err(db)?,
        org_number: org_number(row.try_get("org_number").map_err(db)?)?,
    })
}

/// A stored organisationsnummer (every one was checked when stored).
pub(crate) fn org_number(text: String) -> Result<finsam_core::OrgNumber> {
    finsam_core::OrgNumber::parse(&text)
        .map_err(|e| StoreError::Corrupt(format!("organisationsnumret {text}: {e}")))
}

pub(crate) fn user_from(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: UserId(row.try_get("id").map_err(db)?),
        username: row.try_get("username").map_err(db)?,
        display_name: row.try_get("display_name").map_err(db)?,
        password_hash: row.try_get("password_hash").map_err(db)?,
    })
}

pub(crate) async fn version_on(
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

/// How many connections to a PostgreSQL server: two per core of this machine (at least four).
/// More only queue inside the server: on 2 cores the dashboard served 4 900 requests/s with 16
/// connections and 5 500–6 200 with 4 (BENCHMARKS.md, 2026-12-02).
fn postgres_connections() -> u32 {
    std::thread::available_parallelism()
        .map_or(4, |n| 2 * u32::try_from(n.get()).unwrap_or(2))
        .max(4)
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
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => postgres_connections(),
            })
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
                    .test_before_acquire(false)
                    .connect(&url)
                    .await?,
            ),
            Backend::Sqlite => None,
        };
        let hot = (backend == Backend::Postgres).then(|| {
            std::sync::Arc::new(crate::hot::HotReads::new(
                &url,
                postgres_connections() as usize,
            ))
        });
        Ok(SqlStore {
            pool,
            backend,
            reader,
            pg,
            hot,
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
pub(crate) async fn insert_version(
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
