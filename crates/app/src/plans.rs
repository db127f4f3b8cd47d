//! Förbund and their plans: finding a förbund by its organisationsnummer, creating one,
//! bringing in a plan file as a new draft, reading a stored version (cached), and the plan that
//! covers a year.

use std::sync::Arc;

use finsam_core::plan_file::{self, line_col};
use finsam_core::{OrgNumber, Plan};
use finsam_store::{
    Actor, Association, AssociationId, PlanVersion, Status, StoreError, VersionHead, VersionId,
};

use crate::App;
use crate::users::names_org;

/// Why a plan file was not brought in. Nothing was written in any case.
#[derive(Debug)]
pub enum PlanImportError {
    /// The file does not read, or does not compute: Swedish messages, with line and column
    /// where there is one.
    Unreadable(Vec<Located>),
    /// The file is another förbund's.
    OtherAssociation(String),
    /// The file names no organisationsnummer, only the förbund's name, which matches: it is
    /// imported once the user confirms that it is this förbund's plan.
    NameOnly(String),
    /// The store failed.
    Store(StoreError),
}

/// A message about a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The line and column (1-based), when the message has a place.
    pub at: Option<(usize, usize)>,
    /// What is wrong, in Swedish.
    pub message: String,
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((line, col)) => write!(f, "Rad {line}, kolumn {col}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
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

/// Why an edit of a draft was not saved. Nothing was written in any case.
#[derive(Debug)]
pub enum EditError<E> {
    /// The edit itself refused, on the draft as it is now (the line it changes was changed by
    /// someone else, or is gone).
    Refused(E),
    /// The save failed.
    Save(SaveError),
}

/// How often an edit is applied again to a draft that others keep saving before it gives up.
pub const MAX_REAPPLIED: usize = 20;

impl App {
    /// Applies `edit` to the draft and saves the result. When someone else saved the draft in
    /// between (its row version moved), the draft is read again and `edit` applied to it anew:
    /// changes to different lines never conflict (decision 0003). `edit` refuses when what it
    /// changes is no longer as the user saw it; only that is a conflict. The edit gives the
    /// changed plan and the audit log's sentence; the saved version is returned with the edit's
    /// last value.
    pub async fn edit_draft<E, T>(
        &self,
        actor: Actor,
        version: &VersionHead,
        plan: Arc<Plan>,
        mut edit: impl FnMut(&Plan) -> Result<(Plan, String, T), E>,
    ) -> Result<(PlanVersion, T), EditError<E>> {
        let mut head = version.clone();
        let mut plan = plan;
        for _ in 0..MAX_REAPPLIED {
            let (changed, summary, value) = edit(&plan).map_err(EditError::Refused)?;
            let changed = Plan::edited(&plan, changed);
            match self.save_draft(actor, &head, &changed, &summary).await {
                Ok(saved) => return Ok((saved, value)),
                Err(SaveError::Conflict) => {
                    let fresh = self
                        .store()
                        .version(head.association, head.id)
                        .await
                        .map_err(|e| EditError::Save(SaveError::Store(e)))?;
                    plan = self
                        .plan_of(&fresh)
                        .map_err(|e| EditError::Save(SaveError::Uncomputable(e)))?;
                    head = fresh.head;
                }
                Err(e) => return Err(EditError::Save(e)),
            }
        }
        Err(EditError::Save(SaveError::Conflict))
    }

    /// Writes a changed plan as the draft's new document with the audit log's sentence for the
    /// change; a race with another save is a conflict, never an overwrite.
    pub async fn save_draft(
        &self,
        actor: Actor,
        version: &VersionHead,
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

    /// A plan file as a new draft plan of `association`, which it must belong to. The file is
    /// read off the async workers (a large file with many errors is CPU work) and stored only
    /// if it can be computed.
    pub async fn import_plan(
        &self,
        actor: Actor,
        association: &Association,
        bytes: &[u8],
        name_confirmed: bool,
        version_name: Option<&str>,
    ) -> Result<PlanVersion, PlanImportError> {
        let version_name = version_name
            .map(check_version_name)
            .transpose()
            .map_err(|m| {
                PlanImportError::Unreadable(vec![Located {
                    at: None,
                    message: m,
                }])
            })?
            .flatten();
        let (plan, document) = read_for(association, bytes.to_vec(), name_confirmed).await?;
        let mut v = self
            .store()
            .create_plan(actor, association.id, &plan.title, &document)
            .await?;
        if let Some(name) = version_name {
            v.head = self
                .store()
                .name_version(actor, association.id, v.id, Some(&name))
                .await?;
        }
        Ok(v)
    }

    /// Names a version, or takes its name away (an empty name).
    pub async fn name_version(
        &self,
        actor: Actor,
        association: &Association,
        version: VersionId,
        name: &str,
    ) -> Result<VersionHead, String> {
        let name = check_version_name(name)?;
        self.store()
            .name_version(actor, association.id, version, name.as_deref())
            .await
            .map_err(|e| e.to_string())
    }

    /// A draft's plan file replaced by a new text, as the API's PUT does: the same checks as an
    /// import (readable, the förbund's own, computable), then saved if nobody saved since
    /// `expected_row_version`.
    pub async fn replace_document(
        &self,
        actor: Actor,
        association: &Association,
        version: VersionId,
        expected_row_version: i64,
        text: String,
    ) -> Result<PlanVersion, PlanImportError> {
        // The URL names the förbund: a plan file without organisationsnummer whose name
        // matches is taken as confirmed.
        let (_, document) = read_for(association, text.into_bytes(), true).await?;
        Ok(self
            .store()
            .update_draft(
                actor,
                association.id,
                version,
                expected_row_version,
                &document,
                "Planfilen ersattes via API",
            )
            .await?)
    }

    /// A plan (already read) as a new draft of its förbund, which is created when new; only a
    /// plan that can be computed. The Swedish message says why not.
    pub async fn import_plan_creating_association(
        &self,
        actor: Actor,
        plan: &Plan,
        document: &str,
        version_name: Option<&str>,
    ) -> Result<(Association, PlanVersion), String> {
        let version_name = version_name.map(check_version_name).transpose()?.flatten();
        finsam_core::compute(plan)
            .map_err(|e| format!("planen går inte att räkna med: {e}; ingenting sparades"))?;
        if plan.association.org_number.is_none() {
            return Err("planen saknar organisationsnummer, som behövs för att lägga in förbundet i databasen. Lägg till org_number under [association], eller läs in planen i webbappen hos ett förbund som redan finns; ingenting sparades".into());
        }
        let (association, mut v) = self
            .create_with_association(actor, plan, document)
            .await
            .map_err(|e| e.to_string())?;
        if let Some(name) = version_name {
            v.head = self
                .store()
                .name_version(actor, association.id, v.id, Some(&name))
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok((association, v))
    }

    async fn create_with_association(
        &self,
        actor: Actor,
        plan: &Plan,
        document: &str,
    ) -> Result<(Association, PlanVersion), StoreError> {
        let Some(org) = &plan.association.org_number else {
            return Err(StoreError::Unsupported("planen saknar organisationsnummer"));
        };
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

    /// The next year's plan started from an adopted version (the rule is
    /// [`finsam_core::next_plan`]), stored as the first draft of a new plan. Returns it with the
    /// names of the lines left out because they had ended. Only an adopted version is started
    /// from: a draft is still being changed and is revised in place.
    pub async fn start_next_plan(
        &self,
        actor: Actor,
        association: &Association,
        from: &VersionHead,
        plan: &Plan,
    ) -> Result<(PlanVersion, Vec<String>), String> {
        if from.status != Status::Adopted {
            return Err("Nästa års plan startas från en beslutad version.".into());
        }
        let next = finsam_core::next_plan::next_plan(plan).map_err(|e| e.to_string())?;
        let document = plan_file::to_toml(&next.plan);
        // What is stored must read back to the same plan: the draft is edited from its text.
        if plan_file::read(&document).map(|l| l.plan).as_ref() != Ok(&next.plan) {
            return Err("Nästa års plan kunde inte skrivas som planfil; inget sparades.".into());
        }
        let v = self
            .store()
            .start_next_plan(actor, association.id, from.id, &next.plan.title, &document)
            .await
            .map_err(|e| e.to_string())?;
        Ok((v, next.ended))
    }

    /// The plan in a stored version, read once per row version.
    pub fn plan_of(&self, version: &PlanVersion) -> Result<Arc<Plan>, String> {
        self.plans
            .get_or_build(version.id.0, version.row_version, || {
                read_stored(version.id, &version.document)
            })
    }

    /// The plan in the version `head` names: from the cache, or else its text is fetched and
    /// read (once per row version). A page that has only the head pays for the text only then.
    pub async fn plan_at(&self, head: &VersionHead) -> Result<Arc<Plan>, String> {
        if let Some(plan) = self.plans.get(head.id.0, head.row_version) {
            return Ok(plan);
        }
        let document = self
            .store()
            .document(head.association, head.id)
            .await
            .map_err(|e| format!("lagrad plan {} går inte att hämta: {e}", head.id.0))?;
        let plan = read_stored(head.id, &document)?;
        Ok(self.plans.put(head.id.0, head.row_version, plan))
    }

    /// The plan that covers `year`: the newest adopted version, or, before the board has
    /// adopted one, the newest draft.
    pub async fn adopted_plan(
        &self,
        association: &Association,
        year: i32,
    ) -> Result<Option<Arc<Plan>>, StoreError> {
        self.plan_covering(association, &[year]).await
    }

    /// The plan ([`App::adopted_plan`]) of the first of `years` that a plan covers, with the
    /// förbund's versions read once.
    pub async fn plan_covering(
        &self,
        association: &Association,
        years: &[i32],
    ) -> Result<Option<Arc<Plan>>, StoreError> {
        let versions = self.store().versions(association.id).await?;
        Ok(self
            .version_covering(&versions, years)
            .map(|(_, plan)| plan))
    }

    /// Among `versions`, the one [`App::plan_covering`] chooses, with its plan: the adopted
    /// version (else a draft) covering the first of `years` that any covers.
    pub fn version_covering<'v>(
        &self,
        versions: &'v [finsam_store::PlanVersion],
        years: &[i32],
    ) -> Option<(&'v finsam_store::PlanVersion, Arc<Plan>)> {
        for year in years {
            let adopted = versions.iter().filter(|v| v.status == Status::Adopted);
            let drafts = versions.iter().filter(|v| v.status != Status::Adopted);
            for v in adopted.chain(drafts) {
                if let Ok(plan) = self.plan_of(v)
                    && plan.budget.years.contains(year)
                {
                    return Some((v, plan));
                }
            }
        }
        None
    }
}

/// Reads a stored version's text; a stored text that does not read is a fault of ours.
/// A plan file read for `association` off the async workers: readable (Swedish messages with
/// line and column, at most [`plan_file::MAX_ERRORS`]), the förbund's own, and computable.
async fn read_for(
    association: &Association,
    bytes: Vec<u8>,
    name_confirmed: bool,
) -> Result<(Plan, String), PlanImportError> {
    let org_number = association.org_number.clone();
    let name = association.name.clone();
    tokio::task::spawn_blocking(move || {
        let loaded = plan_file::read_bytes(&bytes).map_err(|errors| {
            let text = String::from_utf8_lossy(&bytes);
            PlanImportError::Unreadable(
                errors
                    .iter()
                    .map(|e| Located {
                        at: Some(line_col(&text, e.span.start)),
                        message: e.message.clone(),
                    })
                    .collect(),
            )
        })?;
        let plan_name = &loaded.plan.association.name;
        match &loaded.plan.association.org_number {
            Some(org) if *org != org_number => {
                return Err(PlanImportError::OtherAssociation(format!(
                    "Planfilen gäller organisationsnummer {org}, men {name} har {org_number}. Välj rätt fil eller rätt förbund."
                )));
            }
            Some(_) => {}
            None if !same_name(plan_name, &name) => {
                return Err(PlanImportError::OtherAssociation(format!(
                    "Planfilen saknar organisationsnummer och gäller \"{plan_name}\", inte {name}. Välj rätt fil, eller lägg till org_number = \"{org_number}\" under [association] om planen är {name}s."
                )));
            }
            None if !name_confirmed => {
                return Err(PlanImportError::NameOnly(format!(
                    "Planfilen saknar organisationsnummer; den gäller \"{plan_name}\" enligt namnet. Bekräfta att det är {name}s plan (organisationsnummer {org_number}) och ladda upp filen igen."
                )));
            }
            None => {}
        }
        finsam_core::compute(&loaded.plan).map_err(|e| {
            PlanImportError::Unreadable(vec![Located {
                at: None,
                message: format!(
                    "Planen går inte att räkna med: {e}. Rätta beloppen och läs in filen igen."
                ),
            }])
        })?;
        let document = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok((loaded.plan, document))
    })
    .await
    .map_err(|e| PlanImportError::Store(StoreError::Unsupported(crate::actuals::leak_join(e))))?
}

/// The longest name of a version, in characters.
pub const MAX_VERSION_NAME: usize = 80;

/// A version's name as given: trimmed, `None` when empty, refused when too long.
pub fn check_version_name(name: &str) -> Result<Option<String>, String> {
    let name = name.trim();
    if name.chars().count() > MAX_VERSION_NAME {
        return Err(format!(
            "versionens namn får ha högst {MAX_VERSION_NAME} tecken, t.ex. \"reviderad juni\""
        ));
    }
    Ok((!name.is_empty()).then(|| name.to_owned()))
}

/// Two names of a förbund are the same when they differ only in case and spacing.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

fn read_stored(id: VersionId, document: &str) -> Result<Plan, String> {
    plan_file::read(document)
        .map(|l| l.plan)
        .map_err(|e| format!("lagrad plan {} går inte att läsa: {e:?}", id.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use finsam_store::{AssociationId, SqlStore, UserId};

    /// `plan_at` reads the text only when the plan is not cached: a head that is still cached
    /// gives the plan it was read as, even after the text changed under it (a real page would
    /// then have the new row version, and read the new text).
    #[tokio::test]
    async fn plan_at_reads_the_text_only_on_a_miss() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("t.db").display());
        let store = SqlStore::open(&url).await.expect("opens");
        let app = App::new(std::sync::Arc::new(store));
        crate::demo::load(app.store()).await.expect("demo");
        let user = app
            .store()
            .user_by_username("demo")
            .await
            .expect("demo user")
            .id;
        let head = |v: VersionId| {
            let app = app.clone();
            async move {
                app.store()
                    .access_version(user, AssociationId(1), v)
                    .await
                    .expect("reads")
                    .and_then(|(_, _, v)| v)
                    .expect("the version")
            }
        };
        let v1 = head(VersionId(1)).await;
        let first = app.plan_at(&v1).await.expect("reads");
        assert!(std::sync::Arc::ptr_eq(
            &first,
            &app.plan_at(&v1).await.expect("cached")
        ));

        let mut edited = (*first).clone();
        edited.title = "Ny titel".to_owned();
        let saved = app
            .save_draft(Actor::User(UserId(user.0)), &v1, &edited, "titeln")
            .await
            .expect("saves");
        assert_eq!(app.plan_at(&v1).await.expect("cached").title, first.title);
        let v1_now = head(VersionId(1)).await;
        assert_eq!(v1_now.row_version, saved.row_version);
        assert_eq!(app.plan_at(&v1_now).await.expect("reads").title, "Ny titel");

        let elsewhere = VersionHead {
            association: AssociationId(2),
            row_version: v1_now.row_version + 1,
            ..v1_now
        };
        assert!(
            app.plan_at(&elsewhere).await.is_err(),
            "not another förbund's text"
        );
    }
}
