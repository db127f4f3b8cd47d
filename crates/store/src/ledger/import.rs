//! Importing one fiscal year: one algorithm ([`run`]) over three ways of writing it, each in one
//! transaction:
//!
//! - [`SqlWriter`] on sqlx: multi-row INSERTs on SQLite (the path without the fast one), and on
//!   PostgreSQL with the rows sent by `COPY … FROM STDIN`;
//! - [`LiteWriter`] on a direct rusqlite connection with prepared statements (SQLite files: a
//!   million rows through sqlx took 44 s, see BENCHMARKS.md).
//!
//! The steps, the SQL of the import's own row and of its audit row, and the outcome are the same
//! whichever writer runs them; only how rows reach the tables differs.

use std::future::Future;

use finsam_core::plan::Date;

use super::{
    BATCH, IMPORT_COLUMNS, INSERT_IMPORT, ImportOutcome, LedgerData, LedgerImport, audit_words,
    describe, parse_day, period_of,
};
use crate::sql::{Audit, AuditRow, INSERT_AUDIT, db, numbered};
use crate::{Actor, AssociationId, Result, StoreError, UserId};

/// How the progress of writing rows is told: rows done, rows in all.
pub(crate) type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// The three tables an import fills: the table with its columns, and how many there are.
const ACCOUNTS: (&str, usize) = ("ledger_accounts (import_id, account, name)", 3);
const ENTRIES: (&str, usize) = (
    "ledger_entries (import_id, year, kind, account, period, amount)",
    6,
);
const ROWS: (&str, usize) = (
    "ledger_rows (import_id, voucher, day, account, amount, text, objects)",
    7,
);
const OBJECTS: (&str, usize) = ("ledger_objects (import_id, dimension, code, name)", 4);
/// What a previous import leaves behind, children first.
const DELETES: [&str; 5] = [
    "DELETE FROM ledger_objects WHERE import_id = $1",
    "DELETE FROM ledger_rows WHERE import_id = $1",
    "DELETE FROM ledger_entries WHERE import_id = $1",
    "DELETE FROM ledger_accounts WHERE import_id = $1",
    "DELETE FROM ledger_imports WHERE id = $1",
];

/// An import's row as selected with [`IMPORT_COLUMNS`], in column order.
pub(crate) type ImportRecord = (
    i64,
    i64,
    i32,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    i64,
    Option<i64>,
    i64,
);

/// The import as Finsam lists it, from its row.
pub(crate) fn import_of(r: ImportRecord) -> Result<LedgerImport> {
    let generated =
        match r.6 {
            Some(day) => Some(parse_day(&day).ok_or_else(|| {
                StoreError::Corrupt(format!("importen {} har datumet {day}", r.0))
            })?),
            None => None,
        };
    Ok(LedgerImport {
        id: r.0,
        association: AssociationId(r.1),
        fiscal_year: r.2,
        file_name: r.3,
        file_sha256: r.4,
        program: r.5,
        generated,
        notes: r
            .7
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        row_count: r.8,
        imported_by: r.9.map(UserId),
        imported_at: r.10,
    })
}

fn select_import() -> String {
    format!(
        "SELECT {IMPORT_COLUMNS} FROM ledger_imports WHERE association_id = $1 AND fiscal_year = $2"
    )
}

/// The steps of an import as one way of writing carries them out.
pub(crate) trait Writer {
    /// The import of a fiscal year, if there is one.
    fn find(
        &mut self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> impl Future<Output = Result<Option<LedgerImport>>>;
    /// Runs one of [`DELETES`] for an import's id.
    fn delete(&mut self, sql: &'static str, id: i64) -> impl Future<Output = Result<()>>;
    /// Writes the import's own row; its id.
    fn insert_import(
        &mut self,
        actor: Actor,
        association: AssociationId,
        data: &LedgerData,
    ) -> impl Future<Output = Result<i64>>;
    /// Writes the accounts, sums and voucher rows of the import `id`.
    fn insert_rows(
        &mut self,
        id: i64,
        data: &LedgerData,
        progress: Progress<'_>,
    ) -> impl Future<Output = Result<()>>;
    /// Writes the audit row.
    fn audit(&mut self, row: AuditRow<'_>) -> impl Future<Output = Result<()>>;
}

/// The import algorithm: the same file again changes nothing; another file for the year
/// replaces the one before (and the audit log says so); the caller's transaction makes it all
/// or nothing.
pub(crate) async fn run(
    w: &mut impl Writer,
    actor: Actor,
    association: AssociationId,
    data: &LedgerData,
    progress: Progress<'_>,
) -> Result<ImportOutcome> {
    let previous = w.find(association, data.fiscal_year()).await?;
    if let Some(p) = &previous
        && p.file_sha256 == data.file_sha256
    {
        return Ok(ImportOutcome::Unchanged(p.clone()));
    }
    if let Some(p) = &previous {
        for sql in DELETES {
            w.delete(sql, p.id).await?;
        }
    }
    let id = w.insert_import(actor, association, data).await?;
    w.insert_rows(id, data, progress).await?;
    let now = w
        .find(association, data.fiscal_year())
        .await?
        .ok_or(StoreError::NotFound)?;
    let (action, summary, old) = audit_words(data, previous.as_ref());
    let new = describe(&now);
    let audit = Audit {
        association: Some(association),
        action,
        entity: "ledger_import",
        entity_id: Some(id),
        summary: &summary,
        old_value: old.as_deref(),
        new_value: Some(&new),
    };
    w.audit(audit.row(actor)).await?;
    Ok(match previous {
        None => ImportOutcome::Created(now),
        Some(p) => ImportOutcome::Replaced { previous: p, now },
    })
}

/// The values of the import's own row, in [`INSERT_IMPORT`]'s order.
struct ImportValues {
    association: i64,
    fiscal_year: i32,
    /// Year start and end, file name, SHA-256.
    text: [String; 4],
    /// Prior year start and end, program, generated, organisation number, company name.
    optional: [Option<String>; 6],
    notes: String,
    rows: i64,
    by: Option<i64>,
    at: i64,
}

fn import_values(actor: Actor, association: AssociationId, d: &LedgerData) -> ImportValues {
    let l = &d.ledger;
    let day = |d: Date| d.to_string();
    ImportValues {
        association: association.0,
        fiscal_year: d.fiscal_year(),
        text: [
            day(l.year.start),
            day(l.year.end),
            d.file_name.clone(),
            d.file_sha256.clone(),
        ],
        optional: [
            l.prior.map(|p| day(p.start)),
            l.prior.map(|p| day(p.end)),
            l.program.clone(),
            l.generated.map(day),
            l.org_number.clone(),
            l.company_name.clone(),
        ],
        notes: l.notes.join("\n"),
        rows: i64::try_from(l.rows.len()).unwrap_or(i64::MAX),
        by: actor.user_id(),
        at: crate::sql::now(),
    }
}

/// The writer on a sqlx connection (SQLite through sqlx, or PostgreSQL).
pub(crate) enum SqlWriter<'c> {
    /// Any engine: rows in multi-row INSERTs.
    Any(&'c mut sqlx::AnyConnection),
    /// PostgreSQL: rows by COPY.
    Postgres(&'c mut sqlx::PgConnection),
}

/// The same statement on either connection: `$q` is built from `sqlx::query`-like calls.
macro_rules! on_conn {
    ($self:expr, |$c:ident| $body:expr) => {
        match $self {
            SqlWriter::Any($c) => $body,
            SqlWriter::Postgres($c) => $body,
        }
    };
}

impl Writer for SqlWriter<'_> {
    async fn find(
        &mut self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> Result<Option<LedgerImport>> {
        let sql = select_import();
        let record: Option<ImportRecord> = on_conn!(self, |c| {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(association.0)
                .bind(fiscal_year)
                .fetch_optional(&mut **c)
                .await
                .map_err(db)?
        });
        record.map(import_of).transpose()
    }

    async fn delete(&mut self, sql: &'static str, id: i64) -> Result<()> {
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(id)
                .execute(&mut **c)
                .await
                .map(|_| ())
                .map_err(db)?
        });
        Ok(())
    }

    async fn insert_import(
        &mut self,
        actor: Actor,
        association: AssociationId,
        data: &LedgerData,
    ) -> Result<i64> {
        let v = import_values(actor, association, data);
        let [start, end, file, sha] = v.text;
        let [prior_start, prior_end, program, generated, org, company] = v.optional;
        let id: (i64,) = on_conn!(self, |c| {
            sqlx::query_as(INSERT_IMPORT)
                .bind(v.association)
                .bind(v.fiscal_year)
                .bind(start)
                .bind(end)
                .bind(prior_start)
                .bind(prior_end)
                .bind(file)
                .bind(sha)
                .bind(program)
                .bind(generated)
                .bind(org)
                .bind(company)
                .bind(&v.notes)
                .bind(v.rows)
                .bind(v.by)
                .bind(v.at)
                .fetch_one(&mut **c)
                .await
                .map_err(db)?
        });
        Ok(id.0)
    }

    async fn insert_rows(
        &mut self,
        id: i64,
        data: &LedgerData,
        progress: Progress<'_>,
    ) -> Result<()> {
        match self {
            SqlWriter::Any(c) => insert_batches(c, id, data, progress).await,
            SqlWriter::Postgres(c) => copy_rows(c, id, data, progress).await,
        }
    }

    async fn audit(&mut self, a: AuditRow<'_>) -> Result<()> {
        on_conn!(self, |c| {
            a.query().execute(&mut **c).await.map(|_| ()).map_err(db)?
        });
        Ok(())
    }
}

/// Every row of an import as the values of its table, in column order, with the import's id
/// first: the one place that says which field goes in which column, for every writer.
fn each_row<'d>(id: i64, data: &'d LedgerData, mut f: impl FnMut(&'static str, [Value<'d>; 7])) {
    let data = &data.ledger;
    for (no, name) in &data.accounts {
        let v = [
            Value::Int(id),
            Value::Text(no),
            Value::Text(name),
            Value::None,
            Value::None,
            Value::None,
            Value::None,
        ];
        f(ACCOUNTS.0, v);
    }
    for ((dimension, code), name) in &data.objects {
        let v = [
            Value::Int(id),
            Value::Int(i64::from(*dimension)),
            Value::Text(code),
            Value::Text(name),
            Value::None,
            Value::None,
            Value::None,
        ];
        f(OBJECTS.0, v);
    }
    for e in &data.entries {
        let v = [
            Value::Int(id),
            Value::Int(i64::from(e.year.sie())),
            Value::Text(e.kind.code()),
            Value::Text(&e.account),
            Value::Int(period_of(e.month)),
            Value::Int(e.amount.ore()),
            Value::None,
        ];
        f(ENTRIES.0, v);
    }
    for r in &data.rows {
        let v = [
            Value::Int(id),
            Value::Text(&r.voucher),
            Value::Day(r.date),
            Value::Text(&r.account),
            Value::Int(r.amount.ore()),
            Value::Text(&r.text),
            Value::Text(&r.objects),
        ];
        f(ROWS.0, v);
    }
}

/// One value of a row ([`Value::None`] pads the three-column table's array).
#[derive(Clone, Copy)]
enum Value<'a> {
    Int(i64),
    Text(&'a str),
    /// Stored as `YYYY-MM-DD`.
    Day(Date),
    None,
}

/// A value as SQLite takes it (a day as its `YYYY-MM-DD` text).
impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value as Sql, ValueRef};
        Ok(match *self {
            Value::Int(i) => ToSqlOutput::Owned(Sql::Integer(i)),
            Value::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
            Value::Day(d) => ToSqlOutput::Owned(Sql::Text(d.to_string())),
            Value::None => ToSqlOutput::Owned(Sql::Null),
        })
    }
}

fn width(table: &str) -> usize {
    [ACCOUNTS, OBJECTS, ENTRIES, ROWS]
        .iter()
        .find(|(t, _)| *t == table)
        .map_or(0, |(_, w)| *w)
}

fn total(data: &LedgerData) -> usize {
    let l = &data.ledger;
    l.accounts.len() + l.objects.len() + l.entries.len() + l.rows.len()
}

/// Rows in multi-row INSERTs of [`BATCH`] rows, progress after each statement.
async fn insert_batches(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    data: &LedgerData,
    progress: Progress<'_>,
) -> Result<()> {
    let mut batches: Vec<(&str, Vec<[Value<'_>; 7]>)> = Vec::new();
    each_row(id, data, |table, v| match batches.last_mut() {
        Some((t, rows)) if *t == table && rows.len() < BATCH => rows.push(v),
        _ => batches.push((table, vec![v])),
    });
    let (all, mut done) = (total(data), 0);
    for (table, rows) in batches {
        let width = width(table);
        let mut q = sqlx::query(sqlx::AssertSqlSafe(insert_sql(table, width, rows.len())));
        for row in &rows {
            for value in &row[..width] {
                q = match *value {
                    Value::Int(i) => q.bind(i),
                    Value::Text(t) => q.bind(t),
                    Value::Day(d) => q.bind(d.to_string()),
                    Value::None => q.bind(None::<i64>),
                };
            }
        }
        q.execute(&mut *conn).await.map_err(db)?;
        done += rows.len();
        progress(done, all);
    }
    Ok(())
}

/// `INSERT INTO table (cols) VALUES ($1, $2), ($3, $4) …` for `rows` rows of `width` values, in
/// the `$n` parameters both engines understand.
fn insert_sql(table: &str, width: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(32 + rows * width * 7);
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push(',');
            }
            n += 1;
            sql.push('$');
            sql.push_str(&n.to_string());
        }
        sql.push(')');
    }
    sql
}

/// How much COPY data is gathered before it is sent.
const COPY_CHUNK: usize = 1 << 20;

/// Rows by `COPY table (cols) FROM STDIN` in PostgreSQL's text format, one COPY per table.
async fn copy_rows(
    conn: &mut sqlx::PgConnection,
    id: i64,
    data: &LedgerData,
    progress: Progress<'_>,
) -> Result<()> {
    let mut tables: Vec<(&str, Vec<u8>, usize)> = Vec::new();
    each_row(id, data, |table, v| {
        if tables.last().is_none_or(|(t, _, _)| *t != table) {
            tables.push((table, Vec::new(), 0));
        }
        if let Some((_, buf, n)) = tables.last_mut() {
            copy_line(buf, &v[..width(table)]);
            *n += 1;
        }
    });
    let (all, mut done) = (total(data), 0);
    for (table, buf, n) in tables {
        let mut copy = conn
            .copy_in_raw(&format!("COPY {table} FROM STDIN"))
            .await
            .map_err(db)?;
        for chunk in buf.chunks(COPY_CHUNK) {
            if let Err(e) = copy.send(chunk).await {
                let _ = copy.abort("avbruten").await;
                return Err(db(e));
            }
        }
        copy.finish().await.map_err(db)?;
        done += n;
        progress(done, all);
    }
    Ok(())
}

/// One row in COPY's text format: tab between columns, backslash escapes, a newline after.
fn copy_line(buf: &mut Vec<u8>, values: &[Value<'_>]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            buf.push(b'\t');
        }
        match *v {
            Value::Int(n) => buf.extend_from_slice(n.to_string().as_bytes()),
            Value::Day(d) => buf.extend_from_slice(d.to_string().as_bytes()),
            Value::None => buf.extend_from_slice(b"\\N"),
            Value::Text(t) => {
                for b in t.bytes() {
                    match b {
                        b'\\' => buf.extend_from_slice(b"\\\\"),
                        b'\t' => buf.extend_from_slice(b"\\t"),
                        b'\n' => buf.extend_from_slice(b"\\n"),
                        b'\r' => buf.extend_from_slice(b"\\r"),
                        _ => buf.push(b),
                    }
                }
            }
        }
    }
    buf.push(b'\n');
}

/// The writer on a direct rusqlite transaction (SQLite files): every step runs at once, so the
/// algorithm's futures are ready when first polled (see [`run_now`]).
pub(crate) struct LiteWriter<'t> {
    pub(crate) tx: &'t rusqlite::Transaction<'t>,
}

/// Runs a future that never waits (the rusqlite writer's steps) to its end on this thread.
pub(crate) fn run_now<T>(f: impl Future<Output = Result<T>>) -> Result<T> {
    let mut f = std::pin::pin!(f);
    match f
        .as_mut()
        .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()))
    {
        std::task::Poll::Ready(r) => r,
        std::task::Poll::Pending => Err(StoreError::Sqlite(
            "importen väntade på något som inte kom".to_owned(),
        )),
    }
}

use crate::lite::error as lite;

impl Writer for LiteWriter<'_> {
    async fn find(
        &mut self,
        association: AssociationId,
        fiscal_year: i32,
    ) -> Result<Option<LedgerImport>> {
        use rusqlite::OptionalExtension;
        self.tx
            .query_row(
                &numbered(&select_import()),
                rusqlite::params![association.0, fiscal_year],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                    ))
                },
            )
            .optional()
            .map_err(lite)?
            .map(import_of)
            .transpose()
    }

    async fn delete(&mut self, sql: &'static str, id: i64) -> Result<()> {
        self.tx
            .execute(&numbered(sql), rusqlite::params![id])
            .map(|_| ())
            .map_err(lite)
    }

    async fn insert_import(
        &mut self,
        actor: Actor,
        association: AssociationId,
        data: &LedgerData,
    ) -> Result<i64> {
        let v = import_values(actor, association, data);
        let [start, end, file, sha] = v.text;
        let [prior_start, prior_end, program, generated, org, company] = v.optional;
        self.tx
            .query_row(
                &numbered(INSERT_IMPORT),
                rusqlite::params![
                    v.association,
                    v.fiscal_year,
                    start,
                    end,
                    prior_start,
                    prior_end,
                    file,
                    sha,
                    program,
                    generated,
                    org,
                    company,
                    v.notes,
                    v.rows,
                    v.by,
                    v.at,
                ],
                |r| r.get(0),
            )
            .map_err(lite)
    }

    async fn insert_rows(
        &mut self,
        id: i64,
        data: &LedgerData,
        progress: Progress<'_>,
    ) -> Result<()> {
        let all = total(data);
        let every = (all / 20).max(1);
        let mut done = 0usize;
        let mut failed = None;
        let mut statements: Vec<(&str, rusqlite::Statement<'_>)> = Vec::new();
        each_row(id, data, |table, v| {
            if failed.is_some() {
                return;
            }
            if statements.last().is_none_or(|(t, _)| *t != table) {
                match self
                    .tx
                    .prepare(&numbered(&insert_sql(table, width(table), 1)))
                {
                    Ok(st) => statements.push((table, st)),
                    Err(e) => {
                        failed = Some(lite(e));
                        return;
                    }
                }
            }
            let Some((_, st)) = statements.last_mut() else {
                return;
            };
            let params: Vec<&dyn rusqlite::ToSql> = v[..width(table)]
                .iter()
                .map(|v| v as &dyn rusqlite::ToSql)
                .collect();
            if let Err(e) = st.execute(params.as_slice()) {
                failed = Some(lite(e));
                return;
            }
            done += 1;
            if done.is_multiple_of(every) || done == all {
                progress(done, all);
            }
        });
        failed.map_or(Ok(()), Err)
    }

    async fn audit(&mut self, a: AuditRow<'_>) -> Result<()> {
        self.tx
            .execute(
                &numbered(INSERT_AUDIT),
                rusqlite::params![
                    a.association,
                    a.user,
                    a.at,
                    a.action,
                    a.entity,
                    a.entity_id,
                    a.summary,
                    a.old_value,
                    a.new_value
                ],
            )
            .map(|_| ())
            .map_err(lite)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_copy_reads_as_syntax() {
        let mut buf = Vec::new();
        copy_line(
            &mut buf,
            &[Value::Int(-5), Value::Text("a\tb\\c\nd\re"), Value::None],
        );
        assert_eq!(buf, b"-5\ta\\tb\\\\c\\nd\\re\t\\N\n");
    }

    #[test]
    fn the_insert_has_numbered_parameters_for_every_row() {
        assert_eq!(
            insert_sql("t (a, b)", 2, 2),
            "INSERT INTO t (a, b) VALUES ($1,$2),($3,$4)"
        );
    }
}
