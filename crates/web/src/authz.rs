//! The one place that decides who may do what. Everything not listed here is denied.

use finsam_store::{Association, AssociationId, Role};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;

/// What a request wants to do in an association.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read plans, budgets, members, goals and findings.
    View,
    /// Download a plan file.
    Export,
    /// Change a draft: budget lines, members, goals.
    Edit,
    /// Upload a plan file as a new plan.
    Import,
    /// Record the board's adoption of a draft.
    Adopt,
    /// Start a revision of an adopted plan.
    Revise,
    /// Read the audit log.
    ReadAudit,
    /// Import the bookkeeping's SIE file.
    ImportActuals,
    /// Change the account mapping and the forecast figures.
    EditActuals,
}

impl Action {
    /// Every action, for tables and tests.
    pub const ALL: [Action; 9] = [
        Action::View,
        Action::Export,
        Action::Edit,
        Action::Import,
        Action::Adopt,
        Action::Revise,
        Action::ReadAudit,
        Action::ImportActuals,
        Action::EditActuals,
    ];
}

/// Whether `role` may do `action`: förbundschef everything; ekonom the budget and the actuals;
/// styrelse reads;
/// revisor reads and reads the audit log; insatsägare nothing of the plan (their own insatser
/// come with a later capability).
pub fn allows(role: Role, action: Action) -> bool {
    use Action as A;
    match role {
        Role::Director => true,
        Role::Accountant => matches!(
            action,
            A::View | A::Export | A::Edit | A::Import | A::ImportActuals | A::EditActuals
        ),
        Role::Board => matches!(action, A::View | A::Export),
        Role::Auditor => matches!(action, A::View | A::Export | A::ReadAudit),
        Role::InsatsOwner => false,
    }
}

/// The association and the user's role there, if the role allows `action`. A user without
/// any role there gets `NotFound`, so that other associations' existence is not revealed; a role that does
/// not allow the action gets `Forbidden`. Both are logged.
pub async fn require(
    state: &AppState,
    user: &CurrentUser,
    association: AssociationId,
    action: Action,
) -> Result<(Association, Role), AppError> {
    match state.store.access(user.user.id, association).await? {
        Some((a, role)) if allows(role, action) => Ok((a, role)),
        Some((_, role)) => {
            tracing::warn!(user = user.user.id.0, association = association.0, ?action, %role, "nekad: rollen tillåter inte");
            Err(AppError::Forbidden)
        }
        None => {
            tracing::warn!(
                user = user.user.id.0,
                association = association.0,
                ?action,
                "nekad: ingen roll i förbundet"
            );
            Err(AppError::NotFound)
        }
    }
}

/// Like [`require`], and also the plan version `version` of that association, in one query;
/// a version that does not exist there is `NotFound`.
pub async fn require_version(
    state: &AppState,
    user: &CurrentUser,
    association: AssociationId,
    version: finsam_store::VersionId,
    action: Action,
) -> Result<(Association, Role, finsam_store::PlanVersion), AppError> {
    match state
        .store
        .access_version(user.user.id, association, version)
        .await?
    {
        Some((a, role, v)) if allows(role, action) => {
            v.map(|v| (a, role, v)).ok_or(AppError::NotFound)
        }
        Some(_) => require(state, user, association, action)
            .await
            .and(Err(AppError::Forbidden)),
        None => require(state, user, association, action)
            .await
            .and(Err(AppError::NotFound)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table() {
        let table: Vec<(Role, Vec<Action>)> = Role::ALL
            .iter()
            .map(|(r, _)| {
                (
                    *r,
                    Action::ALL.into_iter().filter(|a| allows(*r, *a)).collect(),
                )
            })
            .collect();
        use Action as A;
        assert_eq!(
            table,
            vec![
                (Role::Director, A::ALL.to_vec()),
                (
                    Role::Accountant,
                    vec![
                        A::View,
                        A::Export,
                        A::Edit,
                        A::Import,
                        A::ImportActuals,
                        A::EditActuals
                    ]
                ),
                (Role::Board, vec![A::View, A::Export]),
                (Role::Auditor, vec![A::View, A::Export, A::ReadAudit]),
                (Role::InsatsOwner, vec![]),
            ]
        );
    }
}
