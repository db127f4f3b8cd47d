//! Förbund (associations): created, listed, and those a user has a role in.

use async_trait::async_trait;
use sqlx::Row;

use crate::sql::*;
use crate::*;

/// Förbund (associations): created, listed, and those a user has a role in.
#[async_trait]
pub trait AssociationStore: Send + Sync {
    /// Creates an association.
    async fn create_association(
        &self,
        actor: Actor,
        name: &str,
        org_number: &finsam_core::OrgNumber,
    ) -> Result<AssociationId>;
    /// One association.
    async fn association(&self, id: AssociationId) -> Result<Association>;
    /// All associations, by name.
    async fn associations(&self) -> Result<Vec<Association>>;
    /// The associations where a user has a role, with the role.
    async fn associations_for(&self, user: UserId) -> Result<Vec<(Association, Role)>>;
}

#[async_trait]
impl AssociationStore for SqlStore {
    async fn create_association(
        &self,
        actor: Actor,
        name: &str,
        org_number: &finsam_core::OrgNumber,
    ) -> Result<AssociationId> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO associations (name, org_number, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(name)
            .bind(org_number.to_string())
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
}
