//! The one place that decides who may do what: a policy over (role, action, resource).
//! Everything not listed here is denied.
//!
//! The resource says what in the förbund is acted on. Today every resource belongs to the
//! förbund as a whole; the insatser bring resources that belong to one party (an insats, its
//! applications), where the policy will also ask whether the user's party owns it, so that an
//! insatsägare can be limited to its own.

use finsam_store::{
    Association, AssociationId, Role, StoreError, UserId, VersionAccess, VersionHead, VersionId,
};

use crate::App;

/// What a user wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read it.
    Read,
    /// Download it as a file.
    Export,
    /// Change it (a draft, the account mapping, the forecast figures).
    Edit,
    /// Bring in a file as a new one (a plan file, the bookkeeping's SIE file).
    Import,
    /// Record the board's adoption of a draft.
    Adopt,
    /// Start a revision of an adopted plan.
    Revise,
}

impl Action {
    /// Every action, for tables and tests.
    pub const ALL: [Action; 6] = [
        Action::Read,
        Action::Export,
        Action::Edit,
        Action::Import,
        Action::Adopt,
        Action::Revise,
    ];
}

impl Action {
    /// The Swedish verb, for the audit log: "rollen styrelse får inte *ändra* planen".
    pub fn verb(self) -> &'static str {
        match self {
            Action::Read => "läsa",
            Action::Export => "ladda ner",
            Action::Edit => "ändra",
            Action::Import => "importera till",
            Action::Adopt => "besluta",
            Action::Revise => "revidera",
        }
    }
}

/// What in an association an action is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resource {
    /// The förbund's own page: its plans and imports listed.
    Association,
    /// Plans and their versions: budget, members, goals, findings.
    Plan,
    /// The bookkeeping: imported SIE files, the account mapping, the follow-up and forecast.
    Actuals,
    /// The audit log.
    AuditLog,
    /// An application and its insats; `own` when it is the application of the member the user
    /// acts for (an insatsägare's own). The list of applications is read as one's own.
    Application {
        /// The user's role names the member that owns the application.
        own: bool,
    },
    /// The money paid out against grants (utbetalningar), recorded by the kansli.
    Disbursements,
}

impl Resource {
    /// Every resource, for tables and tests.
    pub const ALL: [Resource; 7] = [
        Resource::Association,
        Resource::Plan,
        Resource::Actuals,
        Resource::AuditLog,
        Resource::Application { own: true },
        Resource::Application { own: false },
        Resource::Disbursements,
    ];
}

impl Resource {
    /// The Swedish noun, for the audit log.
    pub fn noun(self) -> &'static str {
        match self {
            Resource::Association => "förbundet",
            Resource::Plan => "planen",
            Resource::Actuals => "bokföringen",
            Resource::AuditLog => "ändringsloggen",
            Resource::Application { .. } => "ansökan",
            Resource::Disbursements => "utbetalningarna",
        }
    }
}

/// Whether `role` may do `action` on `resource`: förbundschef everything; ekonom reads, edits
/// and imports plans and the bookkeeping; styrelse reads and exports; revisor reads and exports,
/// the audit log too; insatsägare nothing of the förbund's own, but reads, exports and edits its
/// own member's applications (submits, completes, withdraws, sends files). On an application,
/// `Edit` is the applicant's part and `Adopt` the kansli's (a request for completion, the
/// preparation, the decision as taken, the agreement, start and close): förbundschef only;
/// ekonom, styrelse and revisor read. Disbursements: the förbundschef and the ekonom record
/// them, styrelse and revisor read them (an insatsägare sees its own on its application).
pub fn allows(role: Role, action: Action, resource: Resource) -> bool {
    use Action as A;
    use Resource as R;
    let reads = matches!(action, A::Read | A::Export);
    match (role, resource) {
        (Role::Director, _) => true,
        (Role::Accountant, R::Association) => action == A::Read,
        (Role::Accountant, R::Plan | R::Actuals) => reads || matches!(action, A::Edit | A::Import),
        (Role::Accountant, R::Disbursements) => reads || action == A::Edit,
        (Role::Board | Role::Auditor, R::Disbursements) => reads,
        (Role::Board | Role::Auditor, R::Association) => action == A::Read,
        (Role::Board | Role::Auditor, R::Plan | R::Actuals) => reads,
        (Role::Auditor, R::AuditLog) => reads,
        (Role::Accountant | Role::Board | Role::Auditor, R::Application { .. }) => reads,
        (Role::InsatsOwner, R::Application { own }) => own && (reads || action == A::Edit),
        (Role::Accountant | Role::Board | Role::InsatsOwner, R::AuditLog)
        | (Role::InsatsOwner, R::Association | R::Plan | R::Actuals | R::Disbursements) => false,
    }
}

/// Why a request was not let through.
#[derive(Debug)]
pub enum Denied {
    /// The user has no role in the association (or it, or the version, does not exist): its
    /// existence is not revealed.
    NotFound,
    /// The user's role does not allow the action.
    Forbidden,
    /// The store failed while asking.
    Store(StoreError),
}

impl From<StoreError> for Denied {
    fn from(e: StoreError) -> Denied {
        Denied::Store(e)
    }
}

impl App {
    /// The association and the user's role there, if the role allows `action` on `resource`.
    /// Every refusal is logged.
    pub async fn authorize(
        &self,
        user: UserId,
        association: AssociationId,
        action: Action,
        resource: Resource,
    ) -> Result<(Association, Role), Denied> {
        match self.store().access(user, association).await? {
            Some((a, role)) if allows(role, action, resource) => Ok((a, role)),
            found => {
                let role = found.map(|(_, r)| r);
                let denied = refuse(user, association, action, resource, role);
                self.note_refusal(user, association, action, resource, role)
                    .await?;
                Err(denied)
            }
        }
    }

    /// The förbund's applications as the user may see them: the association, the role, and the
    /// member whose applications alone the user sees (an insatsägare's own), if `action` is
    /// allowed on them.
    pub async fn authorize_applications(
        &self,
        user: UserId,
        association: AssociationId,
        action: Action,
    ) -> Result<(Association, Role, Option<String>), Denied> {
        let (a, role) = self
            .authorize(
                user,
                association,
                action,
                Resource::Application { own: true },
            )
            .await?;
        let member = match role {
            Role::InsatsOwner => Some(
                self.store()
                    .role_member(user, association)
                    .await?
                    .ok_or(Denied::Forbidden)?,
            ),
            _ => None,
        };
        Ok((a, role, member))
    }

    /// One application, if the user may do `action` on it. Another member's application is
    /// not found for an insatsägare (its existence is not told), and a refusal of the role is
    /// logged.
    pub async fn authorize_application(
        &self,
        user: UserId,
        association: AssociationId,
        id: finsam_store::ApplicationId,
        action: Action,
    ) -> Result<(Association, Role, finsam_store::StoredApplication), Denied> {
        let (a, role, stored, _) = self
            .authorize_application_at(user, association, id, action)
            .await?;
        Ok((a, role, (*stored).clone()))
    }

    /// [`App::authorize_application`], with the förbund's audit stamp the application was read
    /// at (for what a page keeps rendered at that stamp).
    pub async fn authorize_application_at(
        &self,
        user: UserId,
        association: AssociationId,
        id: finsam_store::ApplicationId,
        action: Action,
    ) -> Result<
        (
            Association,
            Role,
            std::sync::Arc<finsam_store::StoredApplication>,
            i64,
        ),
        Denied,
    > {
        let (a, role, member) = self
            .authorize_applications(user, association, Action::Read)
            .await?;
        let (stored, stamp) = self.application_at_stamp(association, id).await?;
        let own = member.as_deref().is_none_or(|m| m == stored.insats.owner);
        if role == Role::InsatsOwner && !own {
            return Err(Denied::NotFound);
        }
        let resource = Resource::Application { own };
        if !allows(role, action, resource) {
            self.note_refusal(user, association, action, resource, Some(role))
                .await?;
            return Err(Denied::Forbidden);
        }
        Ok((a, role, stored, stamp))
    }

    /// An application whose disbursements the user may do `action` on: the application must
    /// be the user's to read, and the role allow `action` on [`Resource::Disbursements`].
    pub async fn authorize_disbursements(
        &self,
        user: UserId,
        association: AssociationId,
        id: finsam_store::ApplicationId,
        action: Action,
    ) -> Result<
        (
            Association,
            Role,
            std::sync::Arc<finsam_store::StoredApplication>,
        ),
        Denied,
    > {
        let (a, role, stored, _) = self
            .authorize_application_at(user, association, id, Action::Read)
            .await?;
        if !allows(role, action, Resource::Disbursements) {
            self.note_refusal(
                user,
                association,
                action,
                Resource::Disbursements,
                Some(role),
            )
            .await?;
            return Err(Denied::Forbidden);
        }
        Ok((a, role, stored))
    }

    /// An application as stored, kept in memory while the förbund's audit stamp stays the same
    /// (every change to an application writes the förbund's audit log).
    async fn application_at_stamp(
        &self,
        association: AssociationId,
        id: finsam_store::ApplicationId,
    ) -> Result<(std::sync::Arc<finsam_store::StoredApplication>, i64), Denied> {
        let stamp = self.store().audit_stamp(association).await?;
        let key = (association.0, id.0);
        if let Some(kept) = self.applications.get(&key, stamp) {
            return Ok((kept, stamp));
        }
        let stored = match self.store().application(association, id).await {
            Ok(s) => s,
            Err(StoreError::NotFound) => return Err(Denied::NotFound),
            Err(e) => return Err(e.into()),
        };
        Ok((self.applications.put(&key, stamp, stored), stamp))
    }

    /// [`decide_version`], with a refusal of the user's role written in the förbund's audit
    /// log (see [`App::note_refusal`]).
    pub async fn decide_version(
        &self,
        user: UserId,
        association: AssociationId,
        access: VersionAccess,
        action: Action,
    ) -> Result<(Association, Role, VersionHead), Denied> {
        let role = access.as_ref().map(|(_, r, _)| *r);
        let decided = decide_version(user, association, access, action);
        if matches!(decided, Err(Denied::Forbidden)) {
            self.note_refusal(user, association, action, Resource::Plan, role)
                .await?;
        }
        decided
    }

    /// Writes an action that the user's role in the förbund refused in that förbund's audit
    /// log, where its förbundschef and revisor read it: once per user and window of
    /// [`crate::throttle::WINDOW`] (the first refusal says what was asked). A user without a
    /// role there is not the förbund's to hear of; that refusal is in the server log only.
    pub async fn note_refusal(
        &self,
        user: UserId,
        association: AssociationId,
        action: Action,
        resource: Resource,
        role: Option<Role>,
    ) -> Result<(), StoreError> {
        let Some(role) = role else {
            return Ok(());
        };
        let now = crate::users::now();
        let summary = format!(
            "Nekad: rollen {role} får inte {} {}",
            action.verb(),
            resource.noun()
        );
        self.store()
            .log_security_event(
                finsam_store::SecurityEvent {
                    association,
                    actor: finsam_store::Actor::User(user),
                    about: None,
                    action: "access.denied",
                    summary: &summary,
                    at: now,
                },
                Some(now - crate::throttle::WINDOW),
            )
            .await?;
        Ok(())
    }

    /// Like [`App::authorize`] for a plan, and also the head of the plan version `version` of
    /// that association (without its text; see [`App::plan_at`]), in one query; a version that
    /// does not exist there is `NotFound`.
    pub async fn authorize_version(
        &self,
        user: UserId,
        association: AssociationId,
        version: VersionId,
        action: Action,
    ) -> Result<(Association, Role, VersionHead), Denied> {
        let access = self
            .store()
            .access_version(user, association, version)
            .await?;
        self.decide_version(user, association, access, action).await
    }
}

/// The policy's answer for `action` on a plan version, from what the store found of the user's
/// access to it (see `PlanStore::access_version`); refusals are logged.
pub fn decide_version(
    user: UserId,
    association: AssociationId,
    access: VersionAccess,
    action: Action,
) -> Result<(Association, Role, VersionHead), Denied> {
    match access {
        Some((a, role, v)) if allows(role, action, Resource::Plan) => {
            v.map(|v| (a, role, v)).ok_or(Denied::NotFound)
        }
        found => Err(refuse(
            user,
            association,
            action,
            Resource::Plan,
            found.map(|(_, r, _)| r),
        )),
    }
}

/// Logs a refusal and says which it is: a role that does not allow the action is `Forbidden`;
/// no role in the förbund is `NotFound` (its existence is not revealed).
fn refuse(
    user: UserId,
    association: AssociationId,
    action: Action,
    resource: Resource,
    role: Option<Role>,
) -> Denied {
    match role {
        Some(role) => {
            tracing::warn!(user = user.0, association = association.0, ?action, ?resource, %role, "nekad: rollen tillåter inte");
            Denied::Forbidden
        }
        None => {
            tracing::warn!(
                user = user.0,
                association = association.0,
                ?action,
                ?resource,
                "nekad: ingen roll i förbundet"
            );
            Denied::NotFound
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The design, written out as a table independently of the match that enforces it.
    #[test]
    fn the_table() {
        use Action as A;
        use Resource as R;
        let designed = |role: Role, resource: Resource| -> Vec<Action> {
            match (role, resource) {
                (Role::Director, _) => A::ALL.to_vec(),
                (Role::Accountant, R::Plan | R::Actuals) => {
                    vec![A::Read, A::Export, A::Edit, A::Import]
                }
                (Role::Accountant, R::Disbursements) => vec![A::Read, A::Export, A::Edit],
                (Role::Board | Role::Auditor, R::Plan | R::Actuals | R::Disbursements)
                | (Role::Auditor, R::AuditLog) => vec![A::Read, A::Export],
                (Role::Accountant | Role::Board | Role::Auditor, R::Association) => vec![A::Read],
                (Role::Accountant | Role::Board | Role::Auditor, R::Application { .. }) => {
                    vec![A::Read, A::Export]
                }
                (Role::InsatsOwner, R::Application { own: true }) => {
                    vec![A::Read, A::Export, A::Edit]
                }
                _ => vec![],
            }
        };
        for (role, _) in Role::ALL {
            for resource in R::ALL {
                let allowed: Vec<Action> = A::ALL
                    .into_iter()
                    .filter(|a| allows(role, *a, resource))
                    .collect();
                assert_eq!(allowed, designed(role, resource), "{role} on {resource:?}");
            }
        }
        assert!(
            R::ALL
                .iter()
                .filter(|r| **r != R::Application { own: true })
                .all(|r| A::ALL.iter().all(|a| !allows(Role::InsatsOwner, *a, *r))),
            "an insatsägare reaches nothing of the förbund's own, nor another member's application"
        );
    }
}
