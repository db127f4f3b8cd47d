//! What follows a grant (issue 13): the disbursements paid out against it, the reports the
//! insats owes as received, and the granted applications the report table is made from.
//!
//! A disbursement added or moved on raises its application's row version in the same
//! transaction, and is refused when the application changed since the caller read it: the
//! check against the grant (core's `disbursements::check_new`) is made on what the caller read,
//! so two people cannot together pay out more than is granted. Every change is audited.

use async_trait::async_trait;
use finsam_core::insats::disbursements::Disbursement;
use finsam_core::insats::serial::parse_day;
use finsam_core::plan::Date;
use sqlx::{AnyConnection, Row};

use crate::insatser::{APPLICATION_COLUMNS, application_from, application_on};
use crate::sql::*;
use crate::*;

/// A disbursement as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredDisbursement {
    /// Its id.
    pub id: i64,
    /// The disbursement.
    pub disbursement: Disbursement,
}

/// A report received from an insats: which kind, for the period ending on `period_end`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Receipt {
    /// The application.
    pub application: ApplicationId,
    /// The kind's name.
    pub kind: String,
    /// The last day of the period it covers.
    pub period_end: Date,
    /// The day it came.
    pub received: Date,
}

/// Disbursements and received reports.
#[async_trait]
pub trait GrantStore: Send + Sync {
    /// An application's disbursements, by request day.
    async fn disbursements(
        &self,
        association: AssociationId,
        application: ApplicationId,
    ) -> Result<Vec<StoredDisbursement>>;
    /// Records a disbursement (checked by core before against what was read at
    /// `expected_row_version`), if the application has not changed since; audited with
    /// `summary`.
    async fn add_disbursement(
        &self,
        actor: Actor,
        (association, application, expected_row_version): (AssociationId, ApplicationId, i64),
        disbursement: &Disbursement,
        summary: &str,
    ) -> Result<StoredDisbursement>;
    /// Replaces a disbursement by its next stage (approved, paid), under the same rule.
    async fn advance_disbursement(
        &self,
        actor: Actor,
        (association, application, expected_row_version): (AssociationId, ApplicationId, i64),
        (id, next): (i64, &Disbursement),
        summary: &str,
    ) -> Result<StoredDisbursement>;
    /// The förbund's applications that are or were granted (beviljad, avtal tecknat, pågående,
    /// avslutad), by id.
    async fn granted_applications(
        &self,
        association: AssociationId,
    ) -> Result<Vec<StoredApplication>>;
    /// The reports received from the förbund's insatser.
    async fn receipts(&self, association: AssociationId) -> Result<Vec<Receipt>>;
    /// Records a report as received; one already received is [`StoreError::Duplicate`].
    /// Audited with `summary`.
    async fn receive_report(
        &self,
        actor: Actor,
        association: AssociationId,
        receipt: &Receipt,
        summary: &str,
    ) -> Result<()>;
}

pub(crate) fn day_column(row: &sqlx::any::AnyRow, column: &str) -> Result<Option<Date>> {
    let text: Option<String> = row.try_get(column).map_err(db)?;
    text.map(|t| parse_day(&t).ok_or_else(|| StoreError::Corrupt(format!("{column} {t:?}"))))
        .transpose()
}

fn disbursement_from(row: &sqlx::any::AnyRow) -> Result<StoredDisbursement> {
    Ok(StoredDisbursement {
        id: row.try_get("id").map_err(db)?,
        disbursement: Disbursement {
            requested: day_column(row, "requested_on")?
                .ok_or_else(|| StoreError::Corrupt("utbetalning utan begäran".into()))?,
            amount: finsam_core::Money::from_ore(row.try_get("amount").map_err(db)?),
            approved: day_column(row, "approved_on")?,
            paid: day_column(row, "paid_on")?,
            note: row.try_get("note").map_err(db)?,
        },
    })
}

/// The disbursement as its audit row keeps it.
fn document(d: &Disbursement) -> String {
    serde_json::json!({
        "begard": d.requested.to_string(),
        "belopp": d.amount.ore(),
        "godkand": d.approved.map(|x| x.to_string()),
        "utbetald": d.paid.map(|x| x.to_string()),
        "anteckning": d.note,
    })
    .to_string()
}

/// Raises the application's row version if it is still `expected`, in the caller's
/// transaction; a conflict names the version it has now.
async fn claim_application(
    conn: &mut AnyConnection,
    (association, application, expected): (AssociationId, ApplicationId, i64),
) -> Result<()> {
    let updated = sqlx::query(
        "UPDATE applications SET row_version = row_version + 1 \
         WHERE id = $1 AND association_id = $2 AND row_version = $3",
    )
    .bind(application.0)
    .bind(association.0)
    .bind(expected)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    if updated.rows_affected() == 1 {
        return Ok(());
    }
    let current = application_on(conn, association, application).await?;
    Err(StoreError::Conflict {
        current: current.row_version,
    })
}

#[async_trait]
impl GrantStore for SqlStore {
    async fn disbursements(
        &self,
        association: AssociationId,
        application: ApplicationId,
    ) -> Result<Vec<StoredDisbursement>> {
        let rows = sqlx::query(
            "SELECT id, requested_on, amount, approved_on, paid_on, note FROM disbursements \
             WHERE association_id = $1 AND application_id = $2 ORDER BY requested_on, id",
        )
        .bind(association.0)
        .bind(application.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(disbursement_from).collect()
    }

    async fn add_disbursement(
        &self,
        actor: Actor,
        key: (AssociationId, ApplicationId, i64),
        d: &Disbursement,
        summary: &str,
    ) -> Result<StoredDisbursement> {
        let (association, application, _) = key;
        let mut tx = self.begin_write().await?;
        claim_application(&mut tx, key).await?;
        let row = sqlx::query(
            "INSERT INTO disbursements (association_id, application_id, requested_on, amount, approved_on, paid_on, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(association.0)
        .bind(application.0)
        .bind(d.requested.to_string())
        .bind(d.amount.ore())
        .bind(d.approved.map(|x| x.to_string()))
        .bind(d.paid.map(|x| x.to_string()))
        .bind(d.note.as_deref())
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let id: i64 = row.try_get("id").map_err(db)?;
        let new = document(d);
        let audit = Audit {
            association: Some(association),
            action: "disbursement.create",
            entity: "disbursement",
            entity_id: Some(id),
            summary,
            old_value: None,
            new_value: Some(&new),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(StoredDisbursement {
            id,
            disbursement: d.clone(),
        })
    }

    async fn advance_disbursement(
        &self,
        actor: Actor,
        key: (AssociationId, ApplicationId, i64),
        (id, next): (i64, &Disbursement),
        summary: &str,
    ) -> Result<StoredDisbursement> {
        let (association, application, _) = key;
        let mut tx = self.begin_write().await?;
        claim_application(&mut tx, key).await?;
        let old = sqlx::query(
            "SELECT id, requested_on, amount, approved_on, paid_on, note FROM disbursements \
             WHERE id = $1 AND association_id = $2 AND application_id = $3",
        )
        .bind(id)
        .bind(association.0)
        .bind(application.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        let old = disbursement_from(&old)?;
        sqlx::query("UPDATE disbursements SET approved_on = $1, paid_on = $2 WHERE id = $3")
            .bind(next.approved.map(|x| x.to_string()))
            .bind(next.paid.map(|x| x.to_string()))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let (old, new) = (document(&old.disbursement), document(next));
        let audit = Audit {
            association: Some(association),
            action: "disbursement.update",
            entity: "disbursement",
            entity_id: Some(id),
            summary,
            old_value: Some(&old),
            new_value: Some(&new),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(StoredDisbursement {
            id,
            disbursement: next.clone(),
        })
    }

    async fn granted_applications(
        &self,
        association: AssociationId,
    ) -> Result<Vec<StoredApplication>> {
        let sql = format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications a JOIN insatser i ON i.id = a.insats_id \
             WHERE a.association_id = $1 AND a.state IN ('beviljad', 'avtal', 'pagaende', 'avslutad') \
             ORDER BY a.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(association.0)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(application_from).collect()
    }

    async fn receipts(&self, association: AssociationId) -> Result<Vec<Receipt>> {
        let rows = sqlx::query(
            "SELECT application_id, kind, period_end, received_on FROM report_receipts \
             WHERE association_id = $1 ORDER BY id",
        )
        .bind(association.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(Receipt {
                    application: ApplicationId(row.try_get("application_id").map_err(db)?),
                    kind: row.try_get("kind").map_err(db)?,
                    period_end: day_column(row, "period_end")?
                        .ok_or_else(|| StoreError::Corrupt("rapport utan period".into()))?,
                    received: day_column(row, "received_on")?
                        .ok_or_else(|| StoreError::Corrupt("rapport utan dag".into()))?,
                })
            })
            .collect()
    }

    async fn receive_report(
        &self,
        actor: Actor,
        association: AssociationId,
        r: &Receipt,
        summary: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        // The application must be the förbund's.
        application_on(&mut tx, association, r.application).await?;
        let row = sqlx::query(
            "INSERT INTO report_receipts (association_id, application_id, kind, period_end, received_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(association.0)
        .bind(r.application.0)
        .bind(&r.kind)
        .bind(r.period_end.to_string())
        .bind(r.received.to_string())
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let id: i64 = row.try_get("id").map_err(db)?;
        let new = serde_json::json!({
            "ansokan": r.application.0,
            "rapport": r.kind,
            "period_slut": r.period_end.to_string(),
            "inkom": r.received.to_string(),
        })
        .to_string();
        let audit = Audit {
            association: Some(association),
            action: "report.receive",
            entity: "report_receipt",
            entity_id: Some(id),
            summary,
            old_value: None,
            new_value: Some(&new),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
