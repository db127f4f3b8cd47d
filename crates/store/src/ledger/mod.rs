//! Actuals as stored: imported fiscal years (finsam-core's `Ledger`, kept in its own types and
//! turned into rows only here), the account mapping and forecast figures.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

mod import;
mod store;

pub use store::LedgerStore;

pub(crate) use import::{LiteWriter, SqlWriter, run as import, run_now};

use finsam_core::Money;
use finsam_core::actuals::{Entry, EntryKind, Ledger, Row as VoucherRow, Span, YearIndex};
use finsam_core::budget::YearMonth;
use finsam_core::plan::Date;

use crate::sql::{Audit, db, now, write_audit};
use crate::{Actor, AssociationId, Result, StoreError, UserId};

/// One fiscal year of bookkeeping to import: the ledger as finsam-core read it, and the file it
/// came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerData {
    /// The ledger (its notes are what the import's report says, confirmations included).
    pub ledger: Ledger,
    /// The file's name as the user knows it.
    pub file_name: String,
    /// The SHA-256 of the file's bytes, in hex: the same file is the same import.
    pub file_sha256: String,
}

impl LedgerData {
    /// The year the fiscal year starts in, which names it.
    pub fn fiscal_year(&self) -> i32 {
        self.ledger.year.start.year()
    }
}

/// An import as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerImport {
    pub id: i64,
    pub association: AssociationId,
    pub fiscal_year: i32,
    pub file_name: String,
    pub file_sha256: String,
    pub program: Option<String>,
    /// The day the file was written (`#GEN`).
    pub generated: Option<Date>,
    pub notes: Vec<String>,
    pub row_count: i64,
    pub imported_by: Option<UserId>,
    /// Seconds since 1970 (UTC).
    pub imported_at: i64,
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    /// A first import for the fiscal year.
    Created(LedgerImport),
    /// A newer file replaced the earlier import of the year.
    Replaced {
        previous: LedgerImport,
        now: LedgerImport,
    },
    /// The same file was imported before: nothing changed.
    Unchanged(LedgerImport),
}

/// The account mapping as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingData {
    /// `kommunbas` or `bas`.
    pub chart: String,
    /// The rules text (see finsam-core's actuals::mapping).
    pub rules: String,
    pub row_version: i64,
}

/// How many rows go into one INSERT: well under SQLite's 32 766 and PostgreSQL's 65 535
/// parameters, and large enough that the statements, not the round trips, take the time.
pub(crate) const BATCH: usize = 1_000;

pub(crate) const IMPORT_COLUMNS: &str = "id, association_id, fiscal_year, file_name, file_sha256, program, generated, notes, \
     row_count, imported_by, imported_at";

fn import_from(row: &AnyRow) -> Result<LedgerImport> {
    use sqlx::FromRow;
    import::import_of(import::ImportRecord::from_row(row).map_err(db)?)
}

async fn import_on(
    conn: &mut AnyConnection,
    association: AssociationId,
    fiscal_year: i32,
) -> Result<Option<LedgerImport>> {
    let sql = format!(
        "SELECT {IMPORT_COLUMNS} FROM ledger_imports WHERE association_id = $1 AND fiscal_year = $2"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(association.0)
        .bind(fiscal_year)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
    row.as_ref().map(import_from).transpose()
}

pub(crate) fn describe(i: &LedgerImport) -> String {
    format!(
        "{} (SHA-256 {})",
        i.file_name,
        &i.file_sha256[..i.file_sha256.len().min(12)]
    )
}

/// The audit row's action, summary and old value for an import.
pub(crate) fn audit_words(
    data: &LedgerData,
    previous: Option<&LedgerImport>,
) -> (&'static str, String, Option<String>) {
    match previous {
        None => (
            "ledger.import",
            format!(
                "SIE-filen {} importerades för räkenskapsåret {} ({} verifikationsrader)",
                data.file_name,
                data.fiscal_year(),
                data.ledger.rows.len()
            ),
            None,
        ),
        Some(p) => (
            "ledger.replace",
            format!(
                "SIE-filen {} ersatte den tidigare importen för räkenskapsåret {} ({}, {} \
                 verifikationsrader)",
                data.file_name,
                data.fiscal_year(),
                p.file_name,
                p.row_count
            ),
            Some(describe(p)),
        ),
    }
}

pub(crate) const INSERT_IMPORT: &str = "INSERT INTO ledger_imports (association_id, fiscal_year, year_start, year_end, prior_start, prior_end, \
     file_name, file_sha256, program, generated, org_number, company_name, notes, row_count, imported_by, imported_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id";

pub(crate) async fn imports(
    conn: &mut AnyConnection,
    association: AssociationId,
) -> Result<Vec<LedgerImport>> {
    let sql = format!(
        "SELECT {IMPORT_COLUMNS} FROM ledger_imports WHERE association_id = $1 ORDER BY fiscal_year DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(association.0)
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
    rows.iter().map(import_from).collect()
}

pub(crate) async fn load(
    conn: &mut AnyConnection,
    association: AssociationId,
    fiscal_year: i32,
) -> Result<Option<(LedgerImport, Ledger)>> {
    let Some(info) = import_on(conn, association, fiscal_year).await? else {
        return Ok(None);
    };
    let bad = |what: &str| {
        StoreError::Corrupt(format!("lagrad import för {fiscal_year} är skadad: {what}"))
    };
    let head = sqlx::query(
        "SELECT year_start, year_end, prior_start, prior_end, org_number, company_name \
         FROM ledger_imports WHERE id = $1",
    )
    .bind(info.id)
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    let day = |column: &str| -> Result<Option<Date>> {
        let text: Option<String> = head.try_get(column).map_err(db)?;
        text.map(|t| parse_day(&t).ok_or_else(|| bad(&t)))
            .transpose()
    };
    let span = |start: Option<Date>, end: Option<Date>| match (start, end) {
        (Some(start), Some(end)) => Some(Span { start, end }),
        _ => None,
    };
    let year = span(day("year_start")?, day("year_end")?).ok_or_else(|| bad("året"))?;
    let prior = span(day("prior_start")?, day("prior_end")?);
    let accounts = sqlx::query(
        "SELECT account, name FROM ledger_accounts WHERE import_id = $1 ORDER BY account",
    )
    .bind(info.id)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("account").map_err(db)?,
            r.try_get("name").map_err(db)?,
        ))
    })
    .collect::<Result<_>>()?;
    let entries = sqlx::query(
        "SELECT year, kind, account, period, amount FROM ledger_entries WHERE import_id = $1",
    )
    .bind(info.id)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?
    .iter()
    .map(|r| {
        let year: i16 = r.try_get("year").map_err(db)?;
        let kind: String = r.try_get("kind").map_err(db)?;
        let period: i32 = r.try_get("period").map_err(db)?;
        Ok(Entry {
            year: YearIndex::from_sie(i32::from(year)).ok_or_else(|| bad("år"))?,
            kind: EntryKind::from_code(&kind).ok_or_else(|| bad(&kind))?,
            account: r.try_get("account").map_err(db)?,
            month: month_of(period),
            amount: Money::from_ore(r.try_get("amount").map_err(db)?),
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let ledger = Ledger {
        org_number: head.try_get("org_number").map_err(db)?,
        company_name: head.try_get("company_name").map_err(db)?,
        program: info.program.clone(),
        generated: info.generated,
        year,
        prior,
        accounts,
        objects: std::collections::BTreeMap::new(),
        entries,
        rows: Vec::new(),
        notes: info.notes.clone(),
    };
    Ok(Some((info, ledger)))
}

/// A stored day, `YYYY-MM-DD` (as `Date`'s `Display` writes it).
pub(crate) fn parse_day(text: &str) -> Option<Date> {
    Date::parse(text, &time::format_description::well_known::Iso8601::DATE).ok()
}

/// The stored period: `YYYYMM`, 0 for an opening balance.
pub(crate) fn period_of(month: Option<YearMonth>) -> i64 {
    month.map_or(0, |m| i64::from(m.year) * 100 + i64::from(m.month))
}

fn month_of(period: i32) -> Option<YearMonth> {
    (period != 0).then(|| YearMonth {
        year: period / 100,
        month: u8::try_from(period % 100).unwrap_or(0),
    })
}

/// One page of an account's voucher rows in a fiscal year, with the account's sum over all of
/// them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRows {
    /// The rows of the page, by date.
    pub page: crate::Paged<VoucherRow>,
    /// The sum of every row of the account in the year.
    pub sum: Money,
}

const ROWS_WHERE: &str = "FROM ledger_rows r JOIN ledger_imports i ON i.id = r.import_id \
     WHERE i.association_id = $1 AND i.fiscal_year = $2 AND r.account = $3";

pub(crate) async fn rows(
    conn: &mut AnyConnection,
    association: AssociationId,
    fiscal_year: i32,
    account: &str,
    page: Option<crate::PageRequest>,
) -> Result<(Vec<VoucherRow>, i64, Money)> {
    // Every column orders, so that pages are the same on every read: rows equal in all of them
    // cannot be told apart anyway.
    let (limit, offset) = page.map_or((i64::MAX, 0), |p| (p.limit(), p.offset()));
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT r.voucher, r.day, r.account, r.amount, r.text, r.objects {ROWS_WHERE} \
         ORDER BY r.day, r.voucher, r.amount, r.text LIMIT $4 OFFSET $5"
    )))
    .bind(association.0)
    .bind(fiscal_year)
    .bind(account)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let totals = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(r.amount), 0) AS BIGINT) AS sum {ROWS_WHERE}"
    )))
    .bind(association.0)
    .bind(fiscal_year)
    .bind(account)
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    let items = rows
        .iter()
        .map(|r| {
            let day: String = r.try_get("day").map_err(db)?;
            // Only the row's own date is kept; it stands for the voucher's too.
            let date = parse_day(&day).ok_or_else(|| {
                StoreError::Corrupt(format!("verifikationsraden har datumet {day}"))
            })?;
            Ok(VoucherRow {
                voucher: r.try_get("voucher").map_err(db)?,
                voucher_date: date,
                date,
                account: r.try_get("account").map_err(db)?,
                amount: Money::from_ore(r.try_get("amount").map_err(db)?),
                text: r.try_get("text").map_err(db)?,
                objects: r.try_get("objects").map_err(db)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok((
        items,
        totals.try_get("n").map_err(db)?,
        Money::from_ore(totals.try_get("sum").map_err(db)?),
    ))
}

pub(crate) async fn mapping(
    conn: &mut AnyConnection,
    association: AssociationId,
) -> Result<Option<MappingData>> {
    let row = sqlx::query(
        "SELECT chart, rules, row_version FROM account_mappings WHERE association_id = $1",
    )
    .bind(association.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    row.map(|r| {
        Ok(MappingData {
            chart: r.try_get("chart").map_err(db)?,
            rules: r.try_get("rules").map_err(db)?,
            row_version: r.try_get("row_version").map_err(db)?,
        })
    })
    .transpose()
}

pub(crate) async fn save_mapping(
    conn: &mut AnyConnection,
    actor: Actor,
    association: AssociationId,
    expected_row_version: i64,
    chart: &str,
    rules: &str,
) -> Result<MappingData> {
    let current = mapping(conn, association).await?;
    let current_version = current.as_ref().map_or(0, |m| m.row_version);
    if current_version != expected_row_version {
        return Err(StoreError::Conflict {
            current: current_version,
        });
    }
    let updated = if current.is_some() {
        sqlx::query(
            "UPDATE account_mappings SET chart = $1, rules = $2, row_version = row_version + 1, updated_at = $3 \
             WHERE association_id = $4 AND row_version = $5",
        )
        .bind(chart)
        .bind(rules)
        .bind(now())
        .bind(association.0)
        .bind(expected_row_version)
        .execute(&mut *conn)
        .await
        .map_err(db)?
        .rows_affected()
    } else {
        sqlx::query(
            "INSERT INTO account_mappings (association_id, chart, rules, row_version, updated_at) VALUES ($1, $2, $3, 1, $4)",
        )
        .bind(association.0)
        .bind(chart)
        .bind(rules)
        .bind(now())
        .execute(&mut *conn)
        .await
        .map_err(db)?
        .rows_affected()
    };
    if updated != 1 {
        return Err(StoreError::Conflict {
            current: current_version,
        });
    }
    let old = current.map(|m| format!("kontoplan {}\n{}", m.chart, m.rules));
    let new = format!("kontoplan {chart}\n{rules}");
    write_audit(
        conn,
        actor,
        Audit {
            association: Some(association),
            action: "mapping.update",
            entity: "account_mapping",
            entity_id: Some(association.0),
            summary: "Kontokopplingen ändrades",
            old_value: old.as_deref(),
            new_value: Some(&new),
        },
    )
    .await?;
    mapping(conn, association)
        .await?
        .ok_or(StoreError::NotFound)
}

pub(crate) async fn adjustments(
    conn: &mut AnyConnection,
    association: AssociationId,
    fiscal_year: i32,
) -> Result<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT row_key, amount FROM forecast_adjustments WHERE association_id = $1 AND fiscal_year = $2 ORDER BY row_key",
    )
    .bind(association.0)
    .bind(fiscal_year)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("row_key").map_err(db)?,
                r.try_get("amount").map_err(db)?,
            ))
        })
        .collect()
}

fn lines(values: &[(String, i64)]) -> String {
    values.iter().map(|(k, v)| format!("{k} = {v}\n")).collect()
}

pub(crate) async fn save_adjustments(
    conn: &mut AnyConnection,
    actor: Actor,
    association: AssociationId,
    fiscal_year: i32,
    values: &[(String, i64)],
) -> Result<()> {
    let old = adjustments(conn, association, fiscal_year).await?;
    sqlx::query("DELETE FROM forecast_adjustments WHERE association_id = $1 AND fiscal_year = $2")
        .bind(association.0)
        .bind(fiscal_year)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    for (key, amount) in values {
        sqlx::query(
            "INSERT INTO forecast_adjustments (association_id, fiscal_year, row_key, amount) VALUES ($1, $2, $3, $4)",
        )
        .bind(association.0)
        .bind(fiscal_year)
        .bind(key.as_str())
        .bind(*amount)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    }
    let summary = format!("Helårsprognosen för {fiscal_year} ändrades");
    let (old, new) = (lines(&old), lines(values));
    write_audit(
        conn,
        actor,
        Audit {
            association: Some(association),
            action: "forecast.update",
            entity: "forecast",
            entity_id: Some(i64::from(fiscal_year)),
            summary: &summary,
            old_value: Some(&old),
            new_value: Some(&new),
        },
    )
    .await
}

/// An SIE object's cost as booked in a fiscal year: the sum of the voucher rows on cost accounts
/// (classes 4–7) that carry the object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectCost {
    /// The dimension (`#DIM`), e.g. 6 for projekt.
    pub dimension: u32,
    /// The object's code.
    pub code: String,
    /// Its name (`#OBJEKT`), or its code when the file names none.
    pub name: String,
    /// The cost (debit positive).
    pub cost: Money,
    /// The last day a row on it was booked.
    pub last_day: Option<Date>,
}

/// The costs per object of the förbund's fiscal year, by dimension and code.
pub(crate) async fn object_costs(
    conn: &mut sqlx::AnyConnection,
    association: AssociationId,
    fiscal_year: i32,
) -> Result<Vec<ObjectCost>> {
    let sums = sqlx::query(
        "SELECT r.objects, CAST(SUM(r.amount) AS BIGINT) AS total, MAX(r.day) AS last \
         FROM ledger_rows r JOIN ledger_imports i ON i.id = r.import_id \
         WHERE i.association_id = $1 AND i.fiscal_year = $2 AND r.objects <> '' \
         AND r.account >= '4' AND r.account < '8' GROUP BY r.objects",
    )
    .bind(association.0)
    .bind(fiscal_year)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let names = sqlx::query(
        "SELECT o.dimension, o.code, o.name FROM ledger_objects o \
         JOIN ledger_imports i ON i.id = o.import_id \
         WHERE i.association_id = $1 AND i.fiscal_year = $2",
    )
    .bind(association.0)
    .bind(fiscal_year)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let mut named: std::collections::BTreeMap<(u32, String), String> =
        std::collections::BTreeMap::new();
    for n in &names {
        let dimension: i64 = n.try_get("dimension").map_err(db)?;
        named.insert(
            (
                u32::try_from(dimension).unwrap_or(0),
                n.try_get("code").map_err(db)?,
            ),
            n.try_get("name").map_err(db)?,
        );
    }
    let mut out: std::collections::BTreeMap<(u32, String), ObjectCost> =
        std::collections::BTreeMap::new();
    for s in &sums {
        let list: String = s.try_get("objects").map_err(db)?;
        let total = Money::from_ore(s.try_get("total").map_err(db)?);
        let last: Option<String> = s.try_get("last").map_err(db)?;
        let last = last.as_deref().and_then(parse_day);
        for (dimension, code) in finsam_core::actuals::objects_of(&list) {
            let key = (dimension, code.clone());
            let name = named.get(&key).cloned().unwrap_or_else(|| code.clone());
            let entry = out.entry(key).or_insert(ObjectCost {
                dimension,
                code,
                name,
                cost: Money::ZERO,
                last_day: None,
            });
            entry.cost = entry.cost.checked_add(total).unwrap_or(entry.cost);
            entry.last_day = entry.last_day.max(last);
        }
    }
    Ok(out.into_values().collect())
}
