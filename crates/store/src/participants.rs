//! Participant reports (issue 14): an insats's counts for one period of its report schedule,
//! with where the report stands (utkast, inskickad, återsänd, godkänd). Every change is audited
//! and guarded by the report's row version; the first time a report is sent in, the schedule's
//! report of that kind and period is marked received in the same transaction.

use async_trait::async_trait;
use finsam_core::participants::{Approval, ParticipantReport};
use finsam_core::plan::Date;
use sqlx::{AnyConnection, Row};

use crate::grants::{Receipt, day_column};
use crate::insatser::application_on;
use crate::sql::*;
use crate::*;

/// A participant report as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredParticipantReport {
    /// Its id.
    pub id: i64,
    /// The insats's application.
    pub application: ApplicationId,
    /// The report kind's name of the schedule.
    pub kind: String,
    /// The period's first day.
    pub from: Date,
    /// The period's last day.
    pub to: Date,
    /// The figures.
    pub report: ParticipantReport,
    /// Where it stands.
    pub approval: Approval,
    /// Raised by every change.
    pub row_version: i64,
    /// When it last changed (seconds since the epoch).
    pub updated_at: i64,
}

/// A new participant report: which insats, which report of its schedule, the figures.
#[derive(Clone, Debug)]
pub struct NewParticipantReport {
    /// The insats's application.
    pub application: ApplicationId,
    /// The report kind's name.
    pub kind: String,
    /// The period's first day.
    pub from: Date,
    /// The period's last day.
    pub to: Date,
    /// The figures.
    pub report: ParticipantReport,
}

/// A step of a report's way as the store writes it.
#[derive(Clone, Debug)]
pub struct ReportStep<'a> {
    /// The audit action (`participants.submit`).
    pub action: &'a str,
    /// The state after the step.
    pub approval: &'a Approval,
    /// The schedule's report to mark received with it, unless it already is.
    pub receipt: Option<&'a Receipt>,
}

/// An insats's participant targets as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTargets {
    /// The insats's application.
    pub application: ApplicationId,
    /// The targets.
    pub targets: finsam_core::participants::rates::Targets,
    /// Raised by every change; 0 for an insats without targets yet.
    pub row_version: i64,
}

/// An activity as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredActivity {
    /// Its id.
    pub id: i64,
    /// The activity.
    pub activity: finsam_core::participants::activity::Activity,
}

/// An indicator as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredIndicator {
    /// Its id.
    pub id: i64,
    /// The insats's application.
    pub application: ApplicationId,
    /// The indicator with its years.
    pub indicator: finsam_core::participants::indicator::Indicator,
    /// Raised by every change.
    pub row_version: i64,
}

/// A staffing entry as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredStaffing {
    /// Its id.
    pub id: i64,
    /// The insats's application.
    pub application: ApplicationId,
    /// The entry.
    pub staffing: finsam_core::participants::activity::Staffing,
}

/// Participant reports.
#[async_trait]
pub trait ParticipantStore: Send + Sync {
    /// The targets of the förbund's insatser that have any, by insats.
    async fn participant_targets(&self, association: AssociationId) -> Result<Vec<StoredTargets>>;
    /// Sets an insats's targets if they have not changed since `expected_row_version` (0: none
    /// were set). Audited with `summary`.
    async fn save_participant_targets(
        &self,
        actor: Actor,
        (association, application, expected_row_version): (AssociationId, ApplicationId, i64),
        targets: &finsam_core::participants::rates::Targets,
        summary: &str,
    ) -> Result<StoredTargets>;
    /// The förbund's activities (its own and its insatser's), by day.
    async fn activities(&self, association: AssociationId) -> Result<Vec<StoredActivity>>;
    /// Logs an activity (an insats's must be the förbund's). Audited with `summary`.
    async fn add_activity(
        &self,
        actor: Actor,
        association: AssociationId,
        activity: &finsam_core::participants::activity::Activity,
        summary: &str,
    ) -> Result<StoredActivity>;
    /// Takes an activity out of the log. Audited with `summary`.
    async fn remove_activity(
        &self,
        actor: Actor,
        association: AssociationId,
        id: i64,
        summary: &str,
    ) -> Result<()>;
    /// The indicators of the förbund's insatser, by insats and id.
    async fn indicators(&self, association: AssociationId) -> Result<Vec<StoredIndicator>>;
    /// Adds an indicator to an insats (`existing` none), or replaces one read at its row
    /// version. Audited with `summary`.
    async fn save_indicator(
        &self,
        actor: Actor,
        (association, application): (AssociationId, ApplicationId),
        existing: Option<(i64, i64)>,
        indicator: &finsam_core::participants::indicator::Indicator,
        summary: &str,
    ) -> Result<StoredIndicator>;
    /// The staffing entries of the förbund's insatser, by insats and day.
    async fn staffing(&self, association: AssociationId) -> Result<Vec<StoredStaffing>>;
    /// Adds a staffing entry to an insats. Audited with `summary`.
    async fn add_staffing(
        &self,
        actor: Actor,
        (association, application): (AssociationId, ApplicationId),
        staffing: &finsam_core::participants::activity::Staffing,
        summary: &str,
    ) -> Result<StoredStaffing>;
    /// The förbund's participant reports, or one insats's, by insats and period.
    async fn participant_reports(
        &self,
        association: AssociationId,
        application: Option<ApplicationId>,
    ) -> Result<Vec<StoredParticipantReport>>;
    /// One report of the förbund.
    async fn participant_report(
        &self,
        association: AssociationId,
        id: i64,
    ) -> Result<StoredParticipantReport>;
    /// Starts a report as a draft; a second for the same insats, kind and period is
    /// [`StoreError::Duplicate`]. Audited with `summary`.
    async fn create_participant_report(
        &self,
        actor: Actor,
        association: AssociationId,
        new: &NewParticipantReport,
        summary: &str,
    ) -> Result<StoredParticipantReport>;
    /// Replaces a report's figures if it has not changed since `expected_row_version`.
    async fn save_participant_report(
        &self,
        actor: Actor,
        (association, id, expected_row_version): (AssociationId, i64, i64),
        report: &ParticipantReport,
        summary: &str,
    ) -> Result<StoredParticipantReport>;
    /// Moves a report on (checked by core before against what was read at
    /// `expected_row_version`), with the schedule's receipt when the step brings one.
    async fn step_participant_report(
        &self,
        actor: Actor,
        (association, id, expected_row_version): (AssociationId, i64, i64),
        step: &ReportStep<'_>,
        summary: &str,
    ) -> Result<StoredParticipantReport>;
}

const COLUMNS: &str = "id, application_id, kind, period_start, period_end, figures, state, comment, row_version, updated_at";

/// A day column that must have a day.
fn day(row: &sqlx::any::AnyRow, column: &str) -> Result<Date> {
    day_column(row, column)?.ok_or_else(|| StoreError::Corrupt(format!("{column} saknas")))
}

fn approval(state: &str, comment: Option<String>) -> Result<Approval> {
    Ok(match state {
        "utkast" => Approval::Draft,
        "inskickad" => Approval::Submitted,
        "atersand" => Approval::Returned {
            comment: comment.unwrap_or_default(),
        },
        "godkand" => Approval::Approved,
        other => return Err(StoreError::Corrupt(format!("rapportens läge {other:?}"))),
    })
}

fn comment_of(a: &Approval) -> Option<&str> {
    match a {
        Approval::Returned { comment } => Some(comment),
        _ => None,
    }
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredParticipantReport> {
    let figures: String = row.try_get("figures").map_err(db)?;
    let state: String = row.try_get("state").map_err(db)?;
    Ok(StoredParticipantReport {
        id: row.try_get("id").map_err(db)?,
        application: ApplicationId(row.try_get("application_id").map_err(db)?),
        kind: row.try_get("kind").map_err(db)?,
        from: day(row, "period_start")?,
        to: day(row, "period_end")?,
        report: serde_json::from_str(&figures)
            .map_err(|e| StoreError::Corrupt(format!("deltagarrapportens siffror: {e}")))?,
        approval: approval(&state, row.try_get("comment").map_err(db)?)?,
        row_version: row.try_get("row_version").map_err(db)?,
        updated_at: row.try_get("updated_at").map_err(db)?,
    })
}

fn figures(report: &ParticipantReport) -> Result<String> {
    serde_json::to_string(report)
        .map_err(|e| StoreError::Corrupt(format!("deltagarrapportens siffror: {e}")))
}

async fn report_on(
    conn: &mut AnyConnection,
    association: AssociationId,
    id: i64,
) -> Result<StoredParticipantReport> {
    let sql =
        format!("SELECT {COLUMNS} FROM participant_reports WHERE id = $1 AND association_id = $2");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(association.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// Claims the report at `expected`, or says which version it has now.
async fn claim(
    conn: &mut AnyConnection,
    (association, id, expected): (AssociationId, i64, i64),
) -> Result<StoredParticipantReport> {
    let before = report_on(conn, association, id).await?;
    if before.row_version != expected {
        return Err(StoreError::Conflict {
            current: before.row_version,
        });
    }
    Ok(before)
}

#[async_trait]
impl ParticipantStore for SqlStore {
    async fn indicators(&self, association: AssociationId) -> Result<Vec<StoredIndicator>> {
        let rows = sqlx::query(
            "SELECT id, application_id, indicator, row_version FROM indicators \
             WHERE association_id = $1 ORDER BY application_id, id",
        )
        .bind(association.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let text: String = row.try_get("indicator").map_err(db)?;
                Ok(StoredIndicator {
                    id: row.try_get("id").map_err(db)?,
                    application: ApplicationId(row.try_get("application_id").map_err(db)?),
                    indicator: serde_json::from_str(&text)
                        .map_err(|e| StoreError::Corrupt(format!("indikator: {e}")))?,
                    row_version: row.try_get("row_version").map_err(db)?,
                })
            })
            .collect()
    }

    async fn save_indicator(
        &self,
        actor: Actor,
        (association, application): (AssociationId, ApplicationId),
        existing: Option<(i64, i64)>,
        indicator: &finsam_core::participants::indicator::Indicator,
        summary: &str,
    ) -> Result<StoredIndicator> {
        let mut tx = self.begin_write().await?;
        application_on(&mut tx, association, application).await?;
        let text = serde_json::to_string(indicator)
            .map_err(|e| StoreError::Corrupt(format!("indikator: {e}")))?;
        let (id, row_version, old, action) = match existing {
            Some((id, expected)) => {
                let before = sqlx::query(
                    "SELECT indicator, row_version FROM indicators \
                     WHERE id = $1 AND association_id = $2 AND application_id = $3",
                )
                .bind(id)
                .bind(association.0)
                .bind(application.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db)?
                .ok_or(StoreError::NotFound)?;
                let current: i64 = before.try_get("row_version").map_err(db)?;
                if current != expected {
                    return Err(StoreError::Conflict { current });
                }
                sqlx::query(
                    "UPDATE indicators SET indicator = $1, row_version = row_version + 1, updated_at = $2 WHERE id = $3",
                )
                .bind(&text)
                .bind(now())
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                let old: String = before.try_get("indicator").map_err(db)?;
                (id, current + 1, Some(old), "indicator.update")
            }
            None => {
                let row = sqlx::query(
                    "INSERT INTO indicators (association_id, application_id, indicator, row_version, updated_at) \
                     VALUES ($1, $2, $3, 1, $4) RETURNING id",
                )
                .bind(association.0)
                .bind(application.0)
                .bind(&text)
                .bind(now())
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?;
                (row.try_get("id").map_err(db)?, 1, None, "indicator.create")
            }
        };
        let audit = Audit {
            association: Some(association),
            action,
            entity: "indicator",
            entity_id: Some(id),
            summary,
            old_value: old.as_deref(),
            new_value: Some(&text),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(StoredIndicator {
            id,
            application,
            indicator: indicator.clone(),
            row_version,
        })
    }

    async fn activities(&self, association: AssociationId) -> Result<Vec<StoredActivity>> {
        use finsam_core::participants::activity::{Activity, ActivityKind};
        let rows = sqlx::query(
            "SELECT id, application_id, happened_on, kind, text FROM activities \
             WHERE association_id = $1 ORDER BY happened_on, id",
        )
        .bind(association.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let kind: String = row.try_get("kind").map_err(db)?;
                Ok(StoredActivity {
                    id: row.try_get("id").map_err(db)?,
                    activity: Activity {
                        on: day(row, "happened_on")?,
                        kind: ActivityKind::from_word(&kind)
                            .ok_or_else(|| StoreError::Corrupt(format!("aktivitet {kind:?}")))?,
                        insats: row.try_get("application_id").map_err(db)?,
                        text: row.try_get("text").map_err(db)?,
                    },
                })
            })
            .collect()
    }

    async fn add_activity(
        &self,
        actor: Actor,
        association: AssociationId,
        a: &finsam_core::participants::activity::Activity,
        summary: &str,
    ) -> Result<StoredActivity> {
        let mut tx = self.begin_write().await?;
        if let Some(i) = a.insats {
            application_on(&mut tx, association, ApplicationId(i)).await?;
        }
        let row = sqlx::query(
            "INSERT INTO activities (association_id, application_id, happened_on, kind, text, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(association.0)
        .bind(a.insats)
        .bind(a.on.to_string())
        .bind(a.kind.word())
        .bind(&a.text)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let id: i64 = row.try_get("id").map_err(db)?;
        let new = serde_json::json!({
            "dag": a.on.to_string(),
            "slag": a.kind.word(),
            "ansokan": a.insats,
            "text": a.text,
        })
        .to_string();
        let audit = Audit {
            association: Some(association),
            action: "activity.create",
            entity: "activity",
            entity_id: Some(id),
            summary,
            old_value: None,
            new_value: Some(&new),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(StoredActivity {
            id,
            activity: a.clone(),
        })
    }

    async fn remove_activity(
        &self,
        actor: Actor,
        association: AssociationId,
        id: i64,
        summary: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let gone = sqlx::query("DELETE FROM activities WHERE id = $1 AND association_id = $2")
            .bind(id)
            .bind(association.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if gone.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let audit = Audit {
            association: Some(association),
            action: "activity.delete",
            entity: "activity",
            entity_id: Some(id),
            summary,
            old_value: None,
            new_value: None,
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn staffing(&self, association: AssociationId) -> Result<Vec<StoredStaffing>> {
        use finsam_core::participants::activity::Staffing;
        let rows = sqlx::query(
            "SELECT id, application_id, from_day, role, fte FROM staffing \
             WHERE association_id = $1 ORDER BY application_id, from_day, id",
        )
        .bind(association.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let fte: i64 = row.try_get("fte").map_err(db)?;
                Ok(StoredStaffing {
                    id: row.try_get("id").map_err(db)?,
                    application: ApplicationId(row.try_get("application_id").map_err(db)?),
                    staffing: Staffing {
                        from: day(row, "from_day")?,
                        role: row.try_get("role").map_err(db)?,
                        fte: u32::try_from(fte)
                            .map_err(|_| StoreError::Corrupt(format!("tjänster {fte}")))?,
                    },
                })
            })
            .collect()
    }

    async fn add_staffing(
        &self,
        actor: Actor,
        (association, application): (AssociationId, ApplicationId),
        s: &finsam_core::participants::activity::Staffing,
        summary: &str,
    ) -> Result<StoredStaffing> {
        let mut tx = self.begin_write().await?;
        application_on(&mut tx, association, application).await?;
        let row = sqlx::query(
            "INSERT INTO staffing (association_id, application_id, from_day, role, fte, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(association.0)
        .bind(application.0)
        .bind(s.from.to_string())
        .bind(&s.role)
        .bind(i64::from(s.fte))
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let id: i64 = row.try_get("id").map_err(db)?;
        let new = serde_json::json!({
            "fran": s.from.to_string(),
            "roll": s.role,
            "hundradels_tjanster": s.fte,
        })
        .to_string();
        let audit = Audit {
            association: Some(association),
            action: "staffing.create",
            entity: "staffing",
            entity_id: Some(id),
            summary,
            old_value: None,
            new_value: Some(&new),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(StoredStaffing {
            id,
            application,
            staffing: s.clone(),
        })
    }

    async fn participant_targets(&self, association: AssociationId) -> Result<Vec<StoredTargets>> {
        let rows = sqlx::query(
            "SELECT application_id, targets, row_version FROM participant_targets \
             WHERE association_id = $1 ORDER BY application_id",
        )
        .bind(association.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let text: String = row.try_get("targets").map_err(db)?;
                Ok(StoredTargets {
                    application: ApplicationId(row.try_get("application_id").map_err(db)?),
                    targets: serde_json::from_str(&text)
                        .map_err(|e| StoreError::Corrupt(format!("deltagarmål: {e}")))?,
                    row_version: row.try_get("row_version").map_err(db)?,
                })
            })
            .collect()
    }

    async fn save_participant_targets(
        &self,
        actor: Actor,
        (association, application, expected): (AssociationId, ApplicationId, i64),
        targets: &finsam_core::participants::rates::Targets,
        summary: &str,
    ) -> Result<StoredTargets> {
        let mut tx = self.begin_write().await?;
        application_on(&mut tx, association, application).await?;
        let text = serde_json::to_string(targets)
            .map_err(|e| StoreError::Corrupt(format!("deltagarmål: {e}")))?;
        let before = sqlx::query(
            "SELECT targets, row_version FROM participant_targets WHERE application_id = $1",
        )
        .bind(application.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let (old, current) = match &before {
            Some(row) => (
                Some(row.try_get::<String, _>("targets").map_err(db)?),
                row.try_get::<i64, _>("row_version").map_err(db)?,
            ),
            None => (None, 0),
        };
        if current != expected {
            return Err(StoreError::Conflict { current });
        }
        if before.is_some() {
            sqlx::query(
                "UPDATE participant_targets SET targets = $1, row_version = row_version + 1, updated_at = $2 \
                 WHERE application_id = $3",
            )
            .bind(&text)
            .bind(now())
            .bind(application.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        } else {
            sqlx::query(
                "INSERT INTO participant_targets (application_id, association_id, targets, row_version, updated_at) \
                 VALUES ($1, $2, $3, 1, $4)",
            )
            .bind(application.0)
            .bind(association.0)
            .bind(&text)
            .bind(now())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        let audit = Audit {
            association: Some(association),
            action: "participants.targets",
            entity: "participant_targets",
            entity_id: Some(application.0),
            summary,
            old_value: old.as_deref(),
            new_value: Some(&text),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(StoredTargets {
            application,
            targets: *targets,
            row_version: current + 1,
        })
    }

    async fn participant_reports(
        &self,
        association: AssociationId,
        application: Option<ApplicationId>,
    ) -> Result<Vec<StoredParticipantReport>> {
        let filter = if application.is_some() {
            " AND application_id = $2"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM participant_reports WHERE association_id = $1{filter} \
             ORDER BY application_id, period_start, period_end, kind"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(association.0);
        if let Some(a) = application {
            q = q.bind(a.0);
        }
        let rows = q.fetch_all(&self.pool).await.map_err(db)?;
        rows.iter().map(from_row).collect()
    }

    async fn participant_report(
        &self,
        association: AssociationId,
        id: i64,
    ) -> Result<StoredParticipantReport> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        report_on(&mut conn, association, id).await
    }

    async fn create_participant_report(
        &self,
        actor: Actor,
        association: AssociationId,
        new: &NewParticipantReport,
        summary: &str,
    ) -> Result<StoredParticipantReport> {
        let mut tx = self.begin_write().await?;
        application_on(&mut tx, association, new.application).await?;
        let text = figures(&new.report)?;
        let at = now();
        let row = sqlx::query(
            "INSERT INTO participant_reports (association_id, application_id, kind, period_start, period_end, figures, state, comment, row_version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'utkast', NULL, 1, $7, $7) RETURNING id",
        )
        .bind(association.0)
        .bind(new.application.0)
        .bind(&new.kind)
        .bind(new.from.to_string())
        .bind(new.to.to_string())
        .bind(&text)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let id: i64 = row.try_get("id").map_err(db)?;
        let audit = Audit {
            association: Some(association),
            action: "participants.create",
            entity: "participant_report",
            entity_id: Some(id),
            summary,
            old_value: None,
            new_value: Some(&text),
        };
        write_audit(&mut tx, actor, audit).await?;
        let stored = report_on(&mut tx, association, id).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn save_participant_report(
        &self,
        actor: Actor,
        key: (AssociationId, i64, i64),
        report: &ParticipantReport,
        summary: &str,
    ) -> Result<StoredParticipantReport> {
        let (association, id, _) = key;
        let mut tx = self.begin_write().await?;
        let before = claim(&mut tx, key).await?;
        let old = figures(&before.report)?;
        let text = figures(report)?;
        sqlx::query(
            "UPDATE participant_reports SET figures = $1, row_version = row_version + 1, updated_at = $2 \
             WHERE id = $3 AND association_id = $4",
        )
        .bind(&text)
        .bind(now())
        .bind(id)
        .bind(association.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let audit = Audit {
            association: Some(association),
            action: "participants.update",
            entity: "participant_report",
            entity_id: Some(id),
            summary,
            old_value: Some(&old),
            new_value: Some(&text),
        };
        write_audit(&mut tx, actor, audit).await?;
        let stored = report_on(&mut tx, association, id).await?;
        tx.commit().await?;
        Ok(stored)
    }

    async fn step_participant_report(
        &self,
        actor: Actor,
        key: (AssociationId, i64, i64),
        step: &ReportStep<'_>,
        summary: &str,
    ) -> Result<StoredParticipantReport> {
        let (association, id, _) = key;
        let mut tx = self.begin_write().await?;
        let before = claim(&mut tx, key).await?;
        sqlx::query(
            "UPDATE participant_reports SET state = $1, comment = $2, row_version = row_version + 1, updated_at = $3 \
             WHERE id = $4 AND association_id = $5",
        )
        .bind(step.approval.word())
        .bind(comment_of(step.approval))
        .bind(now())
        .bind(id)
        .bind(association.0)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if let Some(r) = step.receipt {
            let exists = sqlx::query(
                "SELECT id FROM report_receipts WHERE application_id = $1 AND kind = $2 AND period_end = $3",
            )
            .bind(r.application.0)
            .bind(&r.kind)
            .bind(r.period_end.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
            if exists.is_none() {
                sqlx::query(
                    "INSERT INTO report_receipts (association_id, application_id, kind, period_end, received_on, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(association.0)
                .bind(r.application.0)
                .bind(&r.kind)
                .bind(r.period_end.to_string())
                .bind(r.received.to_string())
                .bind(now())
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
        }
        let old = serde_json::json!({
            "lage": before.approval.word(),
            "kommentar": comment_of(&before.approval),
        })
        .to_string();
        let new = serde_json::json!({
            "lage": step.approval.word(),
            "kommentar": comment_of(step.approval),
        })
        .to_string();
        let audit = Audit {
            association: Some(association),
            action: step.action,
            entity: "participant_report",
            entity_id: Some(id),
            summary,
            old_value: Some(&old),
            new_value: Some(&new),
        };
        write_audit(&mut tx, actor, audit).await?;
        let stored = report_on(&mut tx, association, id).await?;
        tx.commit().await?;
        Ok(stored)
    }
}
