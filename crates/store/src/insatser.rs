//! Insatser and their applications (issue 12): an insats and its application kept as JSON in
//! core's vocabulary (`finsam_core::insats`), with the columns the lists and deadline tables are
//! read by; the files sent with an application; the member an insatsägare acts for. Every change
//! writes its audit row in the same transaction and moves the row version, and a save based on an
//! older row version is refused.

use async_trait::async_trait;
use finsam_core::insats::{Case, Insats, State};
use sqlx::{AnyConnection, Row};

use crate::sql::*;
use crate::*;

/// An application's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApplicationId(pub i64);

/// An application with its insats, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredApplication {
    /// Its id.
    pub id: ApplicationId,
    /// The förbund.
    pub association: AssociationId,
    /// The insats's id.
    pub insats_id: i64,
    /// Its case number in the förbund's format (`2024/12`).
    pub case_number: String,
    /// The insats applied for.
    pub insats: Insats,
    /// Its history.
    pub case: Case,
    /// The plan for how the work continues in the members' operations after the funding.
    pub continuation: Option<String>,
    /// The application's row version.
    pub row_version: i64,
}

/// An application as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationHead {
    /// Its id.
    pub id: ApplicationId,
    /// Its case number.
    pub case_number: String,
    /// The insats's name.
    pub insats: String,
    /// The insatsägare's member key.
    pub owner: String,
    /// Where it stands.
    pub state: State,
    /// The day it came in.
    pub submitted: finsam_core::plan::Date,
    /// Its row version.
    pub row_version: i64,
}

/// A file sent with an application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileHead {
    /// Its id.
    pub id: i64,
    /// Its name as sent.
    pub name: String,
    /// Its content type, as checked.
    pub content_type: String,
    /// Its size in bytes.
    pub size: i64,
    /// When it came (seconds since 1970).
    pub uploaded_at: i64,
}

/// A file to keep with an application (already checked for type and size).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewFile<'a> {
    /// Its name as sent.
    pub name: &'a str,
    /// Its content type, as checked.
    pub content_type: &'a str,
    /// Its contents.
    pub bytes: &'a [u8],
}

/// What comes with a new application besides its insats and history.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Submission<'a> {
    /// The plan for how the work continues after the funding, if written.
    pub continuation: Option<&'a str>,
    /// The case-number format (`{år}/{nr}`).
    pub case_format: &'a str,
    /// The files sent with it, kept in the same transaction.
    pub files: &'a [NewFile<'a>],
}

/// Which applications a list holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApplicationFilter {
    /// Only this member's (an insatsägare sees only its own).
    pub owner: Option<String>,
    /// Only those in one of these states (none: all).
    pub states: Vec<State>,
}

/// Insatser and applications.
#[async_trait]
pub trait InsatsStore: Send + Sync {
    /// A new insats and its application, submitted with its files, all or nothing: the case
    /// number is the next of the submission's year in the format (`{år}` and `{nr}` replaced:
    /// `{år}/{nr}` gives `2024/12`). Audited, each file too.
    async fn submit_application(
        &self,
        actor: Actor,
        association: AssociationId,
        (insats, case): (&Insats, &Case),
        submission: Submission<'_>,
    ) -> Result<StoredApplication>;
    /// One application, only if it belongs to `association`.
    async fn application(
        &self,
        association: AssociationId,
        id: ApplicationId,
    ) -> Result<StoredApplication>;
    /// A page of the förbund's applications, newest first.
    async fn applications(
        &self,
        association: AssociationId,
        filter: &ApplicationFilter,
        page: PageRequest,
    ) -> Result<Paged<ApplicationHead>>;
    /// Every application of the förbund with a deadline still to meet, with its history: not
    /// yet answered (and not withdrawn), or granted and not yet agreed. For the deadline
    /// tables, which show only deadlines not met: a förbund's long history stays out.
    async fn open_applications(
        &self,
        association: AssociationId,
        owner: Option<&str>,
    ) -> Result<Vec<StoredApplication>>;
    /// The histories of every application of the förbund: for the process figures.
    async fn cases(&self, association: AssociationId) -> Result<Vec<Case>>;
    /// The applications with a decision (or a tillägg) taken on `on`, and perhaps others that
    /// mention the day: the caller picks the decisions from their histories.
    async fn applications_deciding(
        &self,
        association: AssociationId,
        on: finsam_core::plan::Date,
    ) -> Result<Vec<StoredApplication>>;
    /// Saves an application's history after a step (already checked by core's workflow), if
    /// nobody saved since `expected_row_version`; audited as `action` with `summary`.
    async fn record_step(
        &self,
        actor: Actor,
        association: AssociationId,
        id: ApplicationId,
        expected_row_version: i64,
        case: &Case,
        (action, summary): (&str, &str),
    ) -> Result<StoredApplication>;
    /// Saves the insats of an application as changed (a completion), and its continuation
    /// plan, if nobody saved the application since `expected_row_version`; audited.
    async fn update_insats(
        &self,
        actor: Actor,
        association: AssociationId,
        id: ApplicationId,
        expected_row_version: i64,
        (insats, continuation): (&Insats, Option<&str>),
        summary: &str,
    ) -> Result<StoredApplication>;
    /// The applicant's completion, all or nothing: the insats as changed, its continuation
    /// plan, the files sent with it, and the history with the completion step (checked by core
    /// before), if nobody saved the application since `expected_row_version`. Audited: the
    /// insats's change, each file, and the step as `summary`.
    async fn complete_application(
        &self,
        actor: Actor,
        (association, id, expected_row_version): (AssociationId, ApplicationId, i64),
        (insats, continuation): (&Insats, Option<&str>),
        files: &[NewFile<'_>],
        (case, summary): (&Case, &str),
    ) -> Result<StoredApplication>;
    /// Keeps a file sent with an application; audited.
    async fn add_file(
        &self,
        actor: Actor,
        association: AssociationId,
        id: ApplicationId,
        (name, content_type): (&str, &str),
        bytes: &[u8],
    ) -> Result<FileHead>;
    /// The files of an application, oldest first.
    async fn files(&self, association: AssociationId, id: ApplicationId) -> Result<Vec<FileHead>>;
    /// One file with its bytes, only if it belongs to the application and the förbund.
    async fn file(
        &self,
        association: AssociationId,
        id: ApplicationId,
        file: i64,
    ) -> Result<(FileHead, Vec<u8>)>;
    /// The member an insatsägare acts for in the förbund, if the role names one.
    async fn role_member(&self, user: UserId, association: AssociationId)
    -> Result<Option<String>>;
    /// Ties an insatsägare's role to a member (or unties it); audited.
    async fn set_role_member(
        &self,
        actor: Actor,
        user: UserId,
        association: AssociationId,
        member: Option<&str>,
    ) -> Result<()>;
}

/// The application columns every read takes, with the insats's document.
pub(crate) const APPLICATION_COLUMNS: &str = "a.id, a.association_id, a.insats_id, a.case_number, a.history, \
     a.continuation, a.row_version, i.document AS insats_document";

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(crate) fn read_json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

pub(crate) fn application_from(row: &sqlx::any::AnyRow) -> Result<StoredApplication> {
    let history: String = row.try_get("history").map_err(db)?;
    let insats: String = row.try_get("insats_document").map_err(db)?;
    Ok(StoredApplication {
        id: ApplicationId(row.try_get("id").map_err(db)?),
        association: AssociationId(row.try_get("association_id").map_err(db)?),
        insats_id: row.try_get("insats_id").map_err(db)?,
        case_number: row.try_get("case_number").map_err(db)?,
        insats: read_json(&insats, "insatsen")?,
        case: read_json(&history, "ärendets historik")?,
        continuation: row.try_get("continuation").map_err(db)?,
        row_version: row.try_get("row_version").map_err(db)?,
    })
}

fn file_from(row: &sqlx::any::AnyRow) -> Result<FileHead> {
    Ok(FileHead {
        id: row.try_get("id").map_err(db)?,
        name: row.try_get("file_name").map_err(db)?,
        content_type: row.try_get("content_type").map_err(db)?,
        size: row.try_get("size").map_err(db)?,
        uploaded_at: row.try_get("uploaded_at").map_err(db)?,
    })
}

pub(crate) async fn application_on(
    conn: &mut AnyConnection,
    association: AssociationId,
    id: ApplicationId,
) -> Result<StoredApplication> {
    let sql = format!(
        "SELECT {APPLICATION_COLUMNS} FROM applications a JOIN insatser i ON i.id = a.insats_id \
         WHERE a.id = $1 AND a.association_id = $2"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .bind(association.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
    application_from(&row)
}

/// A save based on an older row version updated nothing: refused with the current one.
fn unless_stale(rows: u64, current: &StoredApplication) -> Result<()> {
    if rows == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict {
            current: current.row_version,
        })
    }
}

/// Writes a change's audit row, reads the application as it now is, and commits.
async fn finish(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    actor: Actor,
    audit: Audit<'_>,
    (association, id): (AssociationId, ApplicationId),
) -> Result<StoredApplication> {
    write_audit(&mut tx, actor, audit).await?;
    let stored = application_on(&mut tx, association, id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// The listing columns of a case: its state and the days the deadline tables are read by.
fn case_columns(case: &Case) -> (&'static str, Option<String>, Option<String>, Option<String>) {
    (
        case.state().word(),
        case.answered().map(|d| d.to_string()),
        case.decision().map(|d| d.on.to_string()),
        case.agreed().map(|d| d.to_string()),
    )
}

/// `{år}/{nr}` with the year and number put in.
fn case_number(format: &str, year: i32, number: i64) -> String {
    let format = if format.contains("{nr}") {
        format
    } else {
        "{år}/{nr}"
    };
    format
        .replace("{år}", &year.to_string())
        .replace("{nr}", &number.to_string())
}

/// Writes an insats's changed document and list columns, in the caller's transaction.
async fn update_insats_row(
    conn: &mut AnyConnection,
    association: AssociationId,
    insats_id: i64,
    (insats, document): (&Insats, &str),
) -> Result<()> {
    sqlx::query(
        "UPDATE insatser SET name = $1, kind = $2, owner_key = $3, document = $4, row_version = row_version + 1 \
         WHERE id = $5 AND association_id = $6",
    )
    .bind(&insats.name)
    .bind(insats.kind.word())
    .bind(&insats.owner)
    .bind(document)
    .bind(insats_id)
    .bind(association.0)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Keeps a file with an application and writes its audit row, in the caller's transaction.
async fn insert_file(
    conn: &mut AnyConnection,
    actor: Actor,
    (association, id, case_number): (AssociationId, ApplicationId, &str),
    file: NewFile<'_>,
) -> Result<FileHead> {
    let size = i64::try_from(file.bytes.len()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row = sqlx::query(
        "INSERT INTO application_files (application_id, file_name, content_type, bytes, size, uploaded_at, uploaded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, file_name, content_type, size, uploaded_at",
    )
    .bind(id.0)
    .bind(file.name)
    .bind(file.content_type)
    .bind(file.bytes.to_vec())
    .bind(size)
    .bind(now())
    .bind(actor.user_id())
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    let head = file_from(&row)?;
    let summary = format!(
        "Filen \"{}\" ({size} byte) bifogades ansökan {case_number}",
        file.name
    );
    write_audit(
        conn,
        actor,
        Audit {
            association: Some(association),
            action: "application.file",
            entity: "application",
            entity_id: Some(id.0),
            summary: &summary,
            old_value: None,
            new_value: None,
        },
    )
    .await?;
    Ok(head)
}

#[async_trait]
impl InsatsStore for SqlStore {
    async fn submit_application(
        &self,
        actor: Actor,
        association: AssociationId,
        (insats, case): (&Insats, &Case),
        submission: Submission<'_>,
    ) -> Result<StoredApplication> {
        let document = json(insats)?;
        let history = json(case)?;
        let (state, answered, decided, agreed) = case_columns(case);
        let year = case.submitted.year();
        let mut tx = self.begin_write().await?;
        let t = now();
        let insats_id: i64 = sqlx::query(
            "INSERT INTO insatser (association_id, name, kind, owner_key, document, created_at, row_version) \
             VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id",
        )
        .bind(association.0)
        .bind(&insats.name)
        .bind(insats.kind.word())
        .bind(&insats.owner)
        .bind(&document)
        .bind(t)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("id")
        .map_err(db)?;
        // The next number of the year: the year's applications so far, plus one. The write
        // transaction (SQLite: BEGIN IMMEDIATE) keeps two submissions from taking the same; on
        // PostgreSQL the unique key refuses the second, which then fails as a duplicate.
        let taken: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM applications WHERE association_id = $1 AND submitted_on >= $2 AND submitted_on <= $3",
        )
        .bind(association.0)
        .bind(format!("{year:04}-01-01"))
        .bind(format!("{year:04}-12-31"))
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("n")
        .map_err(db)?;
        let number = case_number(submission.case_format, year, taken + 1);
        let id: i64 = sqlx::query(
            "INSERT INTO applications (association_id, insats_id, case_number, owner_key, submitted_on, state, \
             answered_on, decided_on, agreed_on, history, continuation, row_version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1) RETURNING id",
        )
        .bind(association.0)
        .bind(insats_id)
        .bind(&number)
        .bind(&insats.owner)
        .bind(case.submitted.to_string())
        .bind(state)
        .bind(answered)
        .bind(decided)
        .bind(agreed)
        .bind(&history)
        .bind(submission.continuation)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("id")
        .map_err(db)?;
        let summary = format!(
            "Ansökan {number} om \"{}\" kom in ({})",
            insats.name,
            insats.kind.word()
        );
        let audit = Audit {
            association: Some(association),
            action: "application.submit",
            entity: "application",
            entity_id: Some(id),
            summary: &summary,
            old_value: None,
            new_value: Some(&document),
        };
        write_audit(&mut tx, actor, audit).await?;
        for file in submission.files {
            insert_file(
                &mut tx,
                actor,
                (association, ApplicationId(id), &number),
                *file,
            )
            .await?;
        }
        let stored = application_on(&mut tx, association, ApplicationId(id)).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn application(
        &self,
        association: AssociationId,
        id: ApplicationId,
    ) -> Result<StoredApplication> {
        let mut conn = self.pool.acquire().await?;
        application_on(&mut conn, association, id).await
    }

    async fn applications(
        &self,
        association: AssociationId,
        filter: &ApplicationFilter,
        page: PageRequest,
    ) -> Result<Paged<ApplicationHead>> {
        // The states as a list of words in the SQL itself: they are our own fixed words.
        let states = if filter.states.is_empty() {
            String::new()
        } else {
            let words: Vec<String> = filter
                .states
                .iter()
                .map(|s| format!("'{}'", s.word()))
                .collect();
            format!(" AND a.state IN ({})", words.join(", "))
        };
        let owner = if filter.owner.is_some() {
            " AND a.owner_key = $2"
        } else {
            " AND $2 IS NULL"
        };
        let where_ = format!("a.association_id = $1{owner}{states}");
        let count_sql = format!("SELECT COUNT(*) AS n FROM applications a WHERE {where_}");
        let total: i64 = sqlx::query(sqlx::AssertSqlSafe(count_sql))
            .bind(association.0)
            .bind(filter.owner.as_deref())
            .fetch_one(&self.pool)
            .await
            .map_err(db)?
            .try_get("n")
            .map_err(db)?;
        let sql = format!(
            "SELECT a.id, a.case_number, i.name, a.owner_key, a.state, a.submitted_on, a.row_version \
             FROM applications a JOIN insatser i ON i.id = a.insats_id WHERE {where_} \
             ORDER BY a.submitted_on DESC, a.id DESC LIMIT $3 OFFSET $4"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(association.0)
            .bind(filter.owner.as_deref())
            .bind(page.limit())
            .bind(page.offset())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let items = rows
            .iter()
            .map(|row| {
                let state: String = row.try_get("state").map_err(db)?;
                let submitted: String = row.try_get("submitted_on").map_err(db)?;
                Ok(ApplicationHead {
                    id: ApplicationId(row.try_get("id").map_err(db)?),
                    case_number: row.try_get("case_number").map_err(db)?,
                    insats: row.try_get("name").map_err(db)?,
                    owner: row.try_get("owner_key").map_err(db)?,
                    state: State::from_word(&state)
                        .ok_or_else(|| StoreError::Corrupt(format!("status {state:?}")))?,
                    submitted: finsam_core::insats::serial::parse_day(&submitted)
                        .ok_or_else(|| StoreError::Corrupt(format!("dag {submitted:?}")))?,
                    row_version: row.try_get("row_version").map_err(db)?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Paged {
            items,
            total,
            request: page,
        })
    }

    async fn open_applications(
        &self,
        association: AssociationId,
        owner: Option<&str>,
    ) -> Result<Vec<StoredApplication>> {
        let sql = format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications a JOIN insatser i ON i.id = a.insats_id \
             WHERE a.association_id = $1 AND ($2 IS NULL OR a.owner_key = $2) \
             AND ((a.answered_on IS NULL AND a.state <> 'aterkallad') \
                  OR (a.state = 'beviljad' AND a.agreed_on IS NULL)) \
             ORDER BY a.submitted_on, a.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(association.0)
            .bind(owner)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(application_from).collect()
    }

    async fn cases(&self, association: AssociationId) -> Result<Vec<Case>> {
        let rows =
            sqlx::query("SELECT history FROM applications WHERE association_id = $1 ORDER BY id")
                .bind(association.0)
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
        rows.iter()
            .map(|row| {
                let history: String = row.try_get("history").map_err(db)?;
                read_json(&history, "ärendets historik")
            })
            .collect()
    }

    async fn applications_deciding(
        &self,
        association: AssociationId,
        on: finsam_core::plan::Date,
    ) -> Result<Vec<StoredApplication>> {
        // A decision's day is written `"dag":"2024-09-19"` in the history (see serial.rs); the
        // steps' days are too, so this finds a few more than asked for.
        let sql = format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications a JOIN insatser i ON i.id = a.insats_id \
             WHERE a.association_id = $1 AND a.history LIKE $2 ORDER BY a.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(association.0)
            .bind(format!("%\"dag\":\"{on}\"%"))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(application_from).collect()
    }

    async fn record_step(
        &self,
        actor: Actor,
        association: AssociationId,
        id: ApplicationId,
        expected_row_version: i64,
        case: &Case,
        (action, summary): (&str, &str),
    ) -> Result<StoredApplication> {
        let history = json(case)?;
        let (state, answered, decided, agreed) = case_columns(case);
        let mut tx = self.begin_write().await?;
        let current = application_on(&mut tx, association, id).await?;
        let updated = sqlx::query(
            "UPDATE applications SET history = $1, state = $2, answered_on = $3, decided_on = $4, agreed_on = $5, \
             row_version = row_version + 1 WHERE id = $6 AND association_id = $7 AND row_version = $8",
        )
        .bind(&history)
        .bind(state)
        .bind(answered)
        .bind(decided)
        .bind(agreed)
        .bind(id.0)
        .bind(association.0)
        .bind(expected_row_version)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        unless_stale(updated.rows_affected(), &current)?;
        let old = json(&current.case)?;
        let audit = Audit {
            association: Some(association),
            action,
            entity: "application",
            entity_id: Some(id.0),
            summary,
            old_value: Some(&old),
            new_value: Some(&history),
        };
        finish(tx, actor, audit, (association, id)).await
    }

    async fn update_insats(
        &self,
        actor: Actor,
        association: AssociationId,
        id: ApplicationId,
        expected_row_version: i64,
        (insats, continuation): (&Insats, Option<&str>),
        summary: &str,
    ) -> Result<StoredApplication> {
        let document = json(insats)?;
        let mut tx = self.begin_write().await?;
        let current = application_on(&mut tx, association, id).await?;
        let updated = sqlx::query(
            "UPDATE applications SET continuation = $1, owner_key = $2, row_version = row_version + 1 \
             WHERE id = $3 AND association_id = $4 AND row_version = $5",
        )
        .bind(continuation)
        .bind(&insats.owner)
        .bind(id.0)
        .bind(association.0)
        .bind(expected_row_version)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        unless_stale(updated.rows_affected(), &current)?;
        update_insats_row(&mut tx, association, current.insats_id, (insats, &document)).await?;
        let old = json(&current.insats)?;
        let audit = Audit {
            association: Some(association),
            action: "insats.update",
            entity: "insats",
            entity_id: Some(current.insats_id),
            summary,
            old_value: Some(&old),
            new_value: Some(&document),
        };
        finish(tx, actor, audit, (association, id)).await
    }

    async fn complete_application(
        &self,
        actor: Actor,
        (association, id, expected_row_version): (AssociationId, ApplicationId, i64),
        (insats, continuation): (&Insats, Option<&str>),
        files: &[NewFile<'_>],
        (case, summary): (&Case, &str),
    ) -> Result<StoredApplication> {
        let document = json(insats)?;
        let history = json(case)?;
        let (state, answered, decided, agreed) = case_columns(case);
        let mut tx = self.begin_write().await?;
        let current = application_on(&mut tx, association, id).await?;
        let updated = sqlx::query(
            "UPDATE applications SET continuation = $1, owner_key = $2, history = $3, state = $4, \
             answered_on = $5, decided_on = $6, agreed_on = $7, row_version = row_version + 1 \
             WHERE id = $8 AND association_id = $9 AND row_version = $10",
        )
        .bind(continuation)
        .bind(&insats.owner)
        .bind(&history)
        .bind(state)
        .bind(answered)
        .bind(decided)
        .bind(agreed)
        .bind(id.0)
        .bind(association.0)
        .bind(expected_row_version)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        unless_stale(updated.rows_affected(), &current)?;
        update_insats_row(&mut tx, association, current.insats_id, (insats, &document)).await?;
        let old_insats = json(&current.insats)?;
        let changed = format!(
            "Insatsen i ansökan {} ändrad vid kompletteringen",
            current.case_number
        );
        let insats_audit = Audit {
            association: Some(association),
            action: "insats.update",
            entity: "insats",
            entity_id: Some(current.insats_id),
            summary: &changed,
            old_value: Some(&old_insats),
            new_value: Some(&document),
        };
        write_audit(&mut tx, actor, insats_audit).await?;
        for file in files {
            insert_file(
                &mut tx,
                actor,
                (association, id, &current.case_number),
                *file,
            )
            .await?;
        }
        let old_history = json(&current.case)?;
        let step = Audit {
            association: Some(association),
            action: "application.complete",
            entity: "application",
            entity_id: Some(id.0),
            summary,
            old_value: Some(&old_history),
            new_value: Some(&history),
        };
        finish(tx, actor, step, (association, id)).await
    }

    async fn add_file(
        &self,
        actor: Actor,
        association: AssociationId,
        id: ApplicationId,
        (name, content_type): (&str, &str),
        bytes: &[u8],
    ) -> Result<FileHead> {
        let mut tx = self.begin_write().await?;
        let app = application_on(&mut tx, association, id).await?;
        let head = insert_file(
            &mut tx,
            actor,
            (association, id, &app.case_number),
            NewFile {
                name,
                content_type,
                bytes,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(head)
    }

    async fn files(&self, association: AssociationId, id: ApplicationId) -> Result<Vec<FileHead>> {
        let rows = sqlx::query(
            "SELECT f.id, f.file_name, f.content_type, f.size, f.uploaded_at FROM application_files f \
             JOIN applications a ON a.id = f.application_id \
             WHERE f.application_id = $1 AND a.association_id = $2 ORDER BY f.id",
        )
        .bind(id.0)
        .bind(association.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(file_from).collect()
    }

    async fn file(
        &self,
        association: AssociationId,
        id: ApplicationId,
        file: i64,
    ) -> Result<(FileHead, Vec<u8>)> {
        let row = sqlx::query(
            "SELECT f.id, f.file_name, f.content_type, f.size, f.uploaded_at, f.bytes FROM application_files f \
             JOIN applications a ON a.id = f.application_id \
             WHERE f.id = $1 AND f.application_id = $2 AND a.association_id = $3",
        )
        .bind(file)
        .bind(id.0)
        .bind(association.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        Ok((file_from(&row)?, row.try_get("bytes").map_err(db)?))
    }

    async fn role_member(
        &self,
        user: UserId,
        association: AssociationId,
    ) -> Result<Option<String>> {
        let row =
            sqlx::query("SELECT member_key FROM roles WHERE user_id = $1 AND association_id = $2")
                .bind(user.0)
                .bind(association.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
        match row {
            Some(r) => r.try_get("member_key").map_err(db),
            None => Ok(None),
        }
    }

    async fn set_role_member(
        &self,
        actor: Actor,
        user: UserId,
        association: AssociationId,
        member: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let updated = sqlx::query(
            "UPDATE roles SET member_key = $1 WHERE user_id = $2 AND association_id = $3",
        )
        .bind(member)
        .bind(user.0)
        .bind(association.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let summary = match member {
            Some(m) => format!("Användare {} företräder medlemmen \"{m}\"", user.0),
            None => format!("Användare {} företräder ingen medlem", user.0),
        };
        write_audit(
            &mut tx,
            actor,
            Audit {
                association: Some(association),
                action: "role.member",
                entity: "user",
                entity_id: Some(user.0),
                summary: &summary,
                old_value: None,
                new_value: member,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::case_number;

    #[test]
    fn case_numbers_follow_the_format() {
        assert_eq!(case_number("{år}/{nr}", 2024, 12), "2024/12");
        assert_eq!(case_number("SOF-{år}-{nr}", 2025, 3), "SOF-2025-3");
        assert_eq!(
            case_number("utan nummer", 2024, 1),
            "2024/1",
            "a format without {{nr}}"
        );
    }
}
