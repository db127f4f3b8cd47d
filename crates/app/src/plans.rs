//! Förbund and their plans: finding a förbund by its organisationsnummer, creating one,
//! bringing in a plan file as a new draft, reading a stored version (cached), and the plan that
//! covers a year.

use std::sync::Arc;

use finsam_core::plan_file::{self, line_col};
use finsam_core::{OrgNumber, Plan};
use finsam_store::{Actor, Association, AssociationId, PlanVersion, Status, StoreError};

use crate::App;
use crate::users::names_org;

/// Why a plan file was not brought in. Nothing was written in any case.
#[derive(Debug)]
pub enum PlanImportError {
    /// The file does not read: Swedish messages with line and column.
    Unreadable(Vec<String>),
    /// The file is another förbund's.
    OtherAssociation(String),
    /// The store failed.
    Store(StoreError),
}

impl From<StoreError> for PlanImportError {
    fn from(e: StoreError) -> PlanImportError {
        PlanImportError::Store(e)
    }
}

/// Why a changed plan was not saved. Nothing was written in any case.
#[derive(Debug)]
pub enum SaveError {
    /// The changed plan does not compute (an amount overflows): the user's input error.
    Uncomputable(String),
    /// Someone saved the draft in between.
    Conflict,
    /// The version is adopted and never changes.
    Adopted,
    /// The store failed.
    Store(StoreError),
}

impl App {
    /// Writes a changed plan as the draft's new document with the audit log's sentence for the
    /// change; a race with another save is a conflict, never an overwrite.
    pub async fn save_draft(
        &self,
        actor: Actor,
        version: &PlanVersion,
        plan: &Plan,
        summary: &str,
    ) -> Result<PlanVersion, SaveError> {
        finsam_core::compute(plan).map_err(|e| SaveError::Uncomputable(e.to_string()))?;
        match self
            .store()
            .update_draft(
                actor,
                version.association,
                version.id,
                version.row_version,
                &plan_file::to_toml(plan),
                summary,
            )
            .await
        {
            Ok(v) => Ok(v),
            Err(StoreError::Conflict { .. }) => Err(SaveError::Conflict),
            Err(StoreError::Adopted) => Err(SaveError::Adopted),
            Err(e) => Err(SaveError::Store(e)),
        }
    }

    /// The förbund with this organisationsnummer (with or without the dash).
    pub async fn association_by_org(&self, org: &str) -> Result<Option<Association>, StoreError> {
        Ok(self
            .store()
            .associations()
            .await?
            .into_iter()
            .find(|a| names_org(&a.org_number, org)))
    }

    /// Creates a förbund; the message says what is wrong when it cannot be.
    pub async fn create_association(
        &self,
        actor: Actor,
        name: &str,
        org: &str,
    ) -> Result<(AssociationId, OrgNumber), String> {
        let org = OrgNumber::parse(org).map_err(|e| format!("organisationsnumret {org}: {e}"))?;
        match self.store().create_association(actor, name, &org).await {
            Ok(id) => Ok((id, org)),
            Err(StoreError::Duplicate) => Err(format!(
                "ett förbund med organisationsnummer {org} finns redan"
            )),
            Err(e) => Err(e.to_string()),
        }
    }

    /// A plan file as a new draft plan of `association`, which it must belong to.
    pub async fn import_plan(
        &self,
        actor: Actor,
        association: &Association,
        bytes: &[u8],
    ) -> Result<PlanVersion, PlanImportError> {
        let loaded = plan_file::read_bytes(bytes).map_err(|errors| {
            let text = String::from_utf8_lossy(bytes);
            PlanImportError::Unreadable(
                errors
                    .iter()
                    .map(|e| {
                        let (line, col) = line_col(&text, e.span.start);
                        format!("Rad {line}, kolumn {col}: {}", e.message)
                    })
                    .collect(),
            )
        })?;
        let org = &loaded.plan.association.org_number;
        if *org != association.org_number {
            return Err(PlanImportError::OtherAssociation(format!(
                "Planfilen gäller organisationsnummer {org}, men {} har {}. Välj rätt fil eller rätt förbund.",
                association.name, association.org_number
            )));
        }
        let document = String::from_utf8_lossy(bytes);
        Ok(self
            .store()
            .create_plan(actor, association.id, &loaded.plan.title, &document)
            .await?)
    }

    /// A plan (already read) as a new draft of its förbund, which is created when new.
    pub async fn import_plan_creating_association(
        &self,
        actor: Actor,
        plan: &Plan,
        document: &str,
    ) -> Result<(Association, PlanVersion), StoreError> {
        let org = &plan.association.org_number;
        let association = match self.association_by_org(&org.to_string()).await? {
            Some(a) => a,
            None => {
                let id = self
                    .store()
                    .create_association(actor, &plan.association.name, org)
                    .await?;
                self.store().association(id).await?
            }
        };
        let v = self
            .store()
            .create_plan(actor, association.id, &plan.title, document)
            .await?;
        Ok((association, v))
    }

    /// The plan in a stored version, read once per row version.
    pub fn plan_of(&self, version: &PlanVersion) -> Result<Arc<Plan>, String> {
        self.plans
            .get_or_build(version.id.0, version.row_version, || {
                plan_file::read(&version.document)
                    .map(|l| l.plan)
                    .map_err(|e| format!("lagrad plan {} går inte att läsa: {e:?}", version.id.0))
            })
    }

    /// The plan that covers `year`: the newest adopted version, or, before the board has
    /// adopted one, the newest draft.
    pub async fn adopted_plan(
        &self,
        association: &Association,
        year: i32,
    ) -> Result<Option<Arc<Plan>>, StoreError> {
        let versions = self.store().versions(association.id).await?;
        let adopted = versions.iter().filter(|v| v.status == Status::Adopted);
        let drafts = versions.iter().filter(|v| v.status != Status::Adopted);
        for v in adopted.chain(drafts) {
            if let Ok(plan) = self.plan_of(v)
                && plan.budget.years.contains(&year)
            {
                return Ok(Some(plan));
            }
        }
        Ok(None)
    }
}
