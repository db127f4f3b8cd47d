//! All direct rusqlite code: the read-only connections that serve the two reads every page
//! makes, and the bulk import on a SQLite file. Everything else goes through sqlx. The
//! conformance suite runs every scenario with this path and without it
//! ([`crate::SqlStore::without_fast_path`]).

use crate::ledger::{ImportOutcome, LedgerData, LiteWriter};
use crate::sql::numbered;
use crate::{
    Actor, Adoption, Association, AssociationId, Result, Session, Status, StoreError, User, UserId,
    VersionHead, VersionId,
};

/// A rusqlite error as the store's: unique violations are duplicates.
pub(crate) fn error(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
        {
            StoreError::Duplicate
        }
        _ => StoreError::Sqlite(e.to_string()),
    }
}

/// Read-only SQLite connections used directly on the calling thread for the small indexed
/// reads every page makes (session with user; role with association and version). Through sqlx
/// each query is handed to a worker thread and back, which dominated a page's time under load
/// (see BENCHMARKS.md). WAL lets these readers run beside the writer. Any error (a busy
/// database, a broken connection) makes the caller fall back to the ordinary sqlx path, so the
/// answers are the same either way; the conformance suite runs both engines.
#[derive(Debug)]
pub(crate) struct InlineReader {
    pub(crate) path: String,
    conns: std::sync::Mutex<Vec<rusqlite::Connection>>,
}

impl InlineReader {
    pub(crate) fn new(url: &str) -> Option<InlineReader> {
        let rest = url.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split('?').next()?.to_owned();
        (!path.is_empty() && !path.contains(":memory:")).then(|| InlineReader {
            path,
            conns: std::sync::Mutex::new(Vec::new()),
        })
    }

    fn open(&self) -> rusqlite::Result<rusqlite::Connection> {
        use rusqlite::OpenFlags;
        let c = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        c.busy_timeout(std::time::Duration::from_millis(20))?;
        Ok(c)
    }

    /// Runs `f` on a pooled connection; `None` on any error, for the caller to fall back.
    fn with<T>(&self, f: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>) -> Option<T> {
        let pooled = self.conns.lock().ok().and_then(|mut v| v.pop());
        let conn = match pooled {
            Some(c) => c,
            None => self.open().ok()?,
        };
        let result = f(&conn);
        if result.is_ok()
            && let Ok(mut v) = self.conns.lock()
            && v.len() < 16
        {
            v.push(conn);
        }
        result.ok()
    }
}

impl InlineReader {
    /// The association, the role's word and the version (see `Store::access_version`);
    /// `None` to fall back to sqlx.
    #[allow(clippy::type_complexity)]
    pub(crate) fn access_version(
        &self,
        sql: &str,
        user: UserId,
        association: AssociationId,
        version: VersionId,
    ) -> Option<Option<(Association, String, Option<VersionHead>)>> {
        self.with(|c| {
            use rusqlite::OptionalExtension;
            c.prepare_cached(&numbered(sql))?
                .query_row(rusqlite::params![user.0, association.0, version.0], |row| {
                    let a = Association {
                        id: AssociationId(row.get(0)?),
                        name: row.get(1)?,
                        org_number: finsam_core::OrgNumber::parse(&row.get::<_, String>(2)?)
                            .map_err(|e| {
                                rusqlite::Error::FromSqlConversionFailure(
                                    2,
                                    rusqlite::types::Type::Text,
                                    Box::new(e),
                                )
                            })?,
                    };
                    let role: String = row.get(3)?;
                    let v = match row.get::<_, Option<i64>>(4)? {
                        None => None,
                        Some(id) => {
                            let on: Option<String> = row.get(12)?;
                            let status: String = row.get(9)?;
                            Some(VersionHead {
                                id: VersionId(id),
                                association: AssociationId(row.get(5)?),
                                plan_id: row.get(6)?,
                                title: row.get(7)?,
                                number: row.get(8)?,
                                status: Status::from_word(&status).unwrap_or(Status::Adopted),
                                based_on: row.get::<_, Option<i64>>(10)?.map(VersionId),
                                row_version: row.get(11)?,
                                adoption: match on {
                                    Some(on) => Some(Adoption {
                                        on: crate::ledger::parse_day(&on).ok_or_else(|| {
                                            rusqlite::Error::FromSqlConversionFailure(
                                                12,
                                                rusqlite::types::Type::Text,
                                                format!("beslutsdagen {on:?}").into(),
                                            )
                                        })?,
                                        meeting: row
                                            .get::<_, Option<String>>(13)?
                                            .unwrap_or_default(),
                                        decision: row
                                            .get::<_, Option<String>>(14)?
                                            .unwrap_or_default(),
                                        acknowledged: None,
                                    }),
                                    None => None,
                                },
                                name: row.get::<_, Option<String>>(15)?,
                            })
                        }
                    };
                    Ok((a, role, v))
                })
                .optional()
        })
    }

    /// One integer from `sql` with one integer parameter (the audit stamp); `None` to fall
    /// back to sqlx.
    pub(crate) fn integer(&self, sql: &str, parameter: i64) -> Option<i64> {
        self.with(|c| {
            c.prepare_cached(&numbered(sql))?
                .query_row(rusqlite::params![parameter], |row| row.get(0))
        })
    }

    /// The session and its user (see `Store::session_user`); `None` to fall back to sqlx.
    pub(crate) fn session_user(
        &self,
        sql: &str,
        token_hash: &str,
        now: i64,
    ) -> Option<Option<(Session, User)>> {
        self.with(|c| {
            use rusqlite::OptionalExtension;
            c.prepare_cached(&numbered(sql))?
                .query_row(rusqlite::params![token_hash, now], |row| {
                    Ok((
                        Session {
                            user: UserId(row.get(0)?),
                            csrf_token: row.get(1)?,
                            expires_at: row.get(2)?,
                        },
                        User {
                            id: UserId(row.get(3)?),
                            username: row.get(4)?,
                            display_name: row.get(5)?,
                            password_hash: row.get(6)?,
                        },
                    ))
                })
                .optional()
        })
    }
}

/// The import on a SQLite file, in one transaction on a direct connection with prepared
/// statements: the one import algorithm with the rusqlite writer.
pub(crate) fn import(
    path: &str,
    actor: Actor,
    association: AssociationId,
    data: &LedgerData,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ImportOutcome> {
    let mut conn = rusqlite::Connection::open(path).map_err(error)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(error)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(error)?;
    // Room for the whole import's pages (64 MB), so that the rows are not spilled to the
    // log page by page before the commit.
    conn.pragma_update(None, "cache_size", -65_536)
        .map_err(error)?;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(error)?;
    let outcome = crate::ledger::run_now(crate::ledger::import(
        &mut LiteWriter { tx: &tx },
        actor,
        association,
        data,
        progress,
    ))?;
    tx.commit().map_err(error)?;
    Ok(outcome)
}
