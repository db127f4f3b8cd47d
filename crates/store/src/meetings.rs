//! The förbund's own records around its insatser (issue 12): its settings, kept as JSON in
//! core's words (`finsam_core::insats::settings`), and the board's meetings (`finsam_core::
//! meeting`), one a day. Every change writes its audit row in the same transaction; a save of
//! the settings based on an older row version is refused.

use async_trait::async_trait;
use finsam_core::insats::settings::Settings;
use finsam_core::meeting::{AgendaItem, AgendaKind, Clock, Kind, Meeting};
use sqlx::Row;

use crate::sql::*;
use crate::*;

/// A meeting as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMeeting {
    /// Its id.
    pub id: i64,
    /// The meeting.
    pub meeting: Meeting,
}

/// An agenda item as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAgendaItem {
    /// Its id.
    pub id: i64,
    /// The item.
    pub item: AgendaItem,
}

/// The settings as stored, with the row version a save must name (0: never saved, the
/// defaults).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSettings {
    /// The settings.
    pub settings: Settings,
    /// Their row version.
    pub row_version: i64,
}

/// Settings and meetings.
#[async_trait]
pub trait MeetingStore: Send + Sync {
    /// The förbund's settings; the defaults (row version 0) when it has saved none.
    async fn settings(&self, association: AssociationId) -> Result<StoredSettings>;
    /// Saves the settings (checked by core before), if nobody saved them since
    /// `expected_row_version`; audited.
    async fn save_settings(
        &self,
        actor: Actor,
        association: AssociationId,
        settings: &Settings,
        expected_row_version: i64,
    ) -> Result<StoredSettings>;
    /// The förbund's meetings, the earliest first.
    async fn meetings(&self, association: AssociationId) -> Result<Vec<StoredMeeting>>;
    /// The board's meeting held on a day (ordinary, extra, or a planning day), if there is one.
    async fn meeting_on(
        &self,
        association: AssociationId,
        on: finsam_core::plan::Date,
    ) -> Result<Option<StoredMeeting>>;
    /// A new meeting; a second of its kind on the same day is refused as a duplicate. Audited.
    async fn add_meeting(
        &self,
        actor: Actor,
        association: AssociationId,
        meeting: &Meeting,
    ) -> Result<StoredMeeting>;
    /// A meeting's agenda, in order.
    async fn agenda(
        &self,
        association: AssociationId,
        meeting: i64,
    ) -> Result<Vec<StoredAgendaItem>>;
    /// Adds an item last on a meeting's agenda (the meeting must be the förbund's); audited.
    async fn add_agenda_item(
        &self,
        actor: Actor,
        (association, meeting): (AssociationId, i64),
        item: &AgendaItem,
    ) -> Result<StoredAgendaItem>;
    /// Takes an item off a meeting's agenda; audited. Not found when it is not there.
    async fn remove_agenda_item(
        &self,
        actor: Actor,
        (association, meeting): (AssociationId, i64),
        id: i64,
    ) -> Result<()>;
    /// Several meetings at once (a year made from last year's), leaving any of the same kind
    /// and day as it is; one audit row with `summary`. Returns how many were added.
    async fn add_meetings(
        &self,
        actor: Actor,
        association: AssociationId,
        meetings: &[Meeting],
        summary: &str,
    ) -> Result<usize>;
}

fn meeting_from(row: &sqlx::any::AnyRow) -> Result<StoredMeeting> {
    let on: String = row.try_get("held_on").map_err(db)?;
    let kind: String = row.try_get("kind").map_err(db)?;
    Ok(StoredMeeting {
        id: row.try_get("id").map_err(db)?,
        meeting: Meeting {
            on: finsam_core::insats::serial::parse_day(&on)
                .ok_or_else(|| StoreError::Corrupt(format!("mötesdag {on:?}")))?,
            kind: Kind::from_word(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("mötestyp {kind:?}")))?,
            note: row.try_get("note").map_err(db)?,
            times: times(row)?,
        },
    })
}

const MEETING_COLUMNS: &str = "id, held_on, kind, note, starts_at, ends_at";

/// The times as stored: both or none.
fn times(row: &sqlx::any::AnyRow) -> Result<Option<(Clock, Clock)>> {
    let starts: Option<String> = row.try_get("starts_at").map_err(db)?;
    let ends: Option<String> = row.try_get("ends_at").map_err(db)?;
    match (starts, ends) {
        (Some(s), Some(e)) => match (Clock::parse(&s), Clock::parse(&e)) {
            (Some(s), Some(e)) => Ok(Some((s, e))),
            _ => Err(StoreError::Corrupt(format!("mötestid {s:?}–{e:?}"))),
        },
        _ => Ok(None),
    }
}

/// The kinds at which the board decides, as an SQL list of their words (our own fixed words).
fn board_kinds() -> String {
    Kind::ALL
        .iter()
        .filter(|(k, _)| k.is_board())
        .map(|(_, w)| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts a meeting in the caller's transaction; `skip_taken`: a meeting of the same kind on
/// the same day is left as it is rather than refused.
async fn insert_meeting(
    conn: &mut sqlx::AnyConnection,
    association: AssociationId,
    meeting: &Meeting,
    skip_taken: bool,
) -> Result<Option<i64>> {
    let sql = format!(
        "INSERT INTO meetings (association_id, held_on, kind, note, starts_at, ends_at, created_at, row_version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1){} RETURNING id",
        if skip_taken {
            " ON CONFLICT (association_id, held_on, kind) DO NOTHING"
        } else {
            ""
        }
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(association.0)
        .bind(meeting.on.to_string())
        .bind(meeting.kind.word())
        .bind(meeting.note.as_deref())
        .bind(meeting.times.map(|(s, _)| s.to_string()))
        .bind(meeting.times.map(|(_, e)| e.to_string()))
        .bind(now())
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
    row.map(|r| r.try_get("id").map_err(db)).transpose()
}

#[async_trait]
impl MeetingStore for SqlStore {
    async fn settings(&self, association: AssociationId) -> Result<StoredSettings> {
        let row = sqlx::query(
            "SELECT document, row_version FROM association_settings WHERE association_id = $1",
        )
        .bind(association.0)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        match row {
            None => Ok(StoredSettings {
                settings: Settings::default(),
                row_version: 0,
            }),
            Some(row) => {
                let document: String = row.try_get("document").map_err(db)?;
                Ok(StoredSettings {
                    settings: serde_json::from_str(&document)
                        .map_err(|e| StoreError::Corrupt(format!("inställningarna: {e}")))?,
                    row_version: row.try_get("row_version").map_err(db)?,
                })
            }
        }
    }

    async fn save_settings(
        &self,
        actor: Actor,
        association: AssociationId,
        settings: &Settings,
        expected_row_version: i64,
    ) -> Result<StoredSettings> {
        let document =
            serde_json::to_string(settings).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.begin_write().await?;
        let current = sqlx::query(
            "SELECT document, row_version FROM association_settings WHERE association_id = $1",
        )
        .bind(association.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let (old, current_version) = match &current {
            Some(row) => (
                Some(row.try_get::<String, _>("document").map_err(db)?),
                row.try_get::<i64, _>("row_version").map_err(db)?,
            ),
            None => (None, 0),
        };
        if current_version != expected_row_version {
            return Err(StoreError::Conflict {
                current: current_version,
            });
        }
        let t = now();
        if current.is_some() {
            sqlx::query(
                "UPDATE association_settings SET document = $1, updated_at = $2, row_version = row_version + 1 \
                 WHERE association_id = $3",
            )
            .bind(&document)
            .bind(t)
            .bind(association.0)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        } else {
            sqlx::query(
                "INSERT INTO association_settings (association_id, document, updated_at, row_version) \
                 VALUES ($1, $2, $3, 1)",
            )
            .bind(association.0)
            .bind(&document)
            .bind(t)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        let audit = Audit {
            association: Some(association),
            action: "settings.update",
            entity: "association_settings",
            entity_id: Some(association.0),
            summary: "Förbundets inställningar för insatser och ansökningar ändrade",
            old_value: old.as_deref(),
            new_value: Some(&document),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(StoredSettings {
            settings: settings.clone(),
            row_version: current_version + 1,
        })
    }

    async fn meetings(&self, association: AssociationId) -> Result<Vec<StoredMeeting>> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE association_id = $1 \
             ORDER BY held_on, COALESCE(starts_at, ''), id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(association.0)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(meeting_from).collect()
    }

    async fn meeting_on(
        &self,
        association: AssociationId,
        on: finsam_core::plan::Date,
    ) -> Result<Option<StoredMeeting>> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE association_id = $1 AND held_on = $2 \
             AND kind IN ({}) ORDER BY id LIMIT 1",
            board_kinds()
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(association.0)
            .bind(on.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(meeting_from).transpose()
    }

    async fn add_meeting(
        &self,
        actor: Actor,
        association: AssociationId,
        meeting: &Meeting,
    ) -> Result<StoredMeeting> {
        let document =
            serde_json::to_string(meeting).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.begin_write().await?;
        let id = insert_meeting(&mut tx, association, meeting, false)
            .await?
            .ok_or(StoreError::Duplicate)?;
        let summary = format!("{} lades in i förbundets möten", meeting.title());
        let audit = Audit {
            association: Some(association),
            action: "meeting.create",
            entity: "meeting",
            entity_id: Some(id),
            summary: &summary,
            old_value: None,
            new_value: Some(&document),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(StoredMeeting {
            id,
            meeting: meeting.clone(),
        })
    }

    async fn agenda(
        &self,
        association: AssociationId,
        meeting: i64,
    ) -> Result<Vec<StoredAgendaItem>> {
        let rows = sqlx::query(
            "SELECT id, kind, ref_id, title FROM agenda_items \
             WHERE association_id = $1 AND meeting_id = $2 ORDER BY position, id",
        )
        .bind(association.0)
        .bind(meeting)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let word: String = row.try_get("kind").map_err(db)?;
                let reference: Option<i64> = row.try_get("ref_id").map_err(db)?;
                Ok(StoredAgendaItem {
                    id: row.try_get("id").map_err(db)?,
                    item: AgendaItem {
                        kind: AgendaKind::from_parts(&word, reference).ok_or_else(|| {
                            StoreError::Corrupt(format!("dagordningspunkt {word:?}"))
                        })?,
                        title: row.try_get("title").map_err(db)?,
                    },
                })
            })
            .collect()
    }

    async fn add_agenda_item(
        &self,
        actor: Actor,
        (association, meeting): (AssociationId, i64),
        item: &AgendaItem,
    ) -> Result<StoredAgendaItem> {
        let mut tx = self.begin_write().await?;
        let found = sqlx::query("SELECT id FROM meetings WHERE id = $1 AND association_id = $2")
            .bind(meeting)
            .bind(association.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
        if found.is_none() {
            return Err(StoreError::NotFound);
        }
        let position: i64 = sqlx::query(
            "SELECT COALESCE(MAX(position), 0) + 1 AS next FROM agenda_items WHERE meeting_id = $1",
        )
        .bind(meeting)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("next")
        .map_err(db)?;
        let id: i64 = sqlx::query(
            "INSERT INTO agenda_items (association_id, meeting_id, position, kind, ref_id, title, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(association.0)
        .bind(meeting)
        .bind(position)
        .bind(item.kind.word())
        .bind(item.kind.reference())
        .bind(&item.title)
        .bind(now())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?
        .try_get("id")
        .map_err(db)?;
        let summary = format!("Dagordningen: {} tillagd", item.title);
        let audit = Audit {
            association: Some(association),
            action: "agenda.add",
            entity: "agenda_item",
            entity_id: Some(id),
            summary: &summary,
            old_value: None,
            new_value: Some(&item.title),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(StoredAgendaItem {
            id,
            item: item.clone(),
        })
    }

    async fn remove_agenda_item(
        &self,
        actor: Actor,
        (association, meeting): (AssociationId, i64),
        id: i64,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let title: String = sqlx::query(
            "DELETE FROM agenda_items WHERE id = $1 AND association_id = $2 AND meeting_id = $3 RETURNING title",
        )
        .bind(id)
        .bind(association.0)
        .bind(meeting)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?
        .try_get("title")
        .map_err(db)?;
        let summary = format!("Dagordningen: {title} borttagen");
        let audit = Audit {
            association: Some(association),
            action: "agenda.remove",
            entity: "agenda_item",
            entity_id: Some(id),
            summary: &summary,
            old_value: Some(&title),
            new_value: None,
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn add_meetings(
        &self,
        actor: Actor,
        association: AssociationId,
        meetings: &[Meeting],
        summary: &str,
    ) -> Result<usize> {
        let document =
            serde_json::to_string(meetings).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.begin_write().await?;
        let mut added = 0;
        for m in meetings {
            if insert_meeting(&mut tx, association, m, true)
                .await?
                .is_some()
            {
                added += 1;
            }
        }
        let audit = Audit {
            association: Some(association),
            action: "meeting.copy",
            entity: "meeting",
            entity_id: None,
            summary,
            old_value: None,
            new_value: Some(&document),
        };
        write_audit(&mut tx, actor, audit).await?;
        tx.commit().await?;
        Ok(added)
    }
}
