//! `finsam serve --demo`: a fresh database with the example förbund, their plans and a login for
//! each role, so that a new user sees a filled-in förbund at once.

use finsam_core::plan_file;
use finsam_store::{Actor, Role, Store, StoreError};

use crate::users::hash_password;

/// The demo's users: login name, display name, and the role they get in every demo förbund.
pub const USERS: [(&str, &str, Role); 4] = [
    ("demo", "Demo Förbundschef", Role::Director),
    ("ekonom", "Demo Ekonom", Role::Accountant),
    ("styrelse", "Demo Styrelseledamot", Role::Board),
    ("revisor", "Demo Revisor", Role::Auditor),
];

/// The demo's insatsägare: a login for Lindesberg's Coachingteamet, in SOFINT only.
pub const INSATS_OWNER: (&str, &str) = ("insats", "Demo Insatsägare (Lindesbergs kommun)");

/// The password of every demo user. The demo is for trying Finsam on one's own machine only.
pub const PASSWORD: &str = "finsam-demo";

/// SOFINT's bookkeeping January–June 2024 (made by bench/src/sie_demo.rs) and its mapping.
const SOFINT_SIE: &[u8] = include_bytes!("../../../../examples/sofint-2024-06.se");
const SOFINT_MAPPING: &str = include_str!("../../../../examples/sofint-kontokoppling.txt");

const PLANS: [&str; 3] = [
    include_str!("../../../../examples/sofint-2024.toml"),
    include_str!("../../../../examples/alvdalen-2025.toml"),
    include_str!("../../../../examples/norrby-2025.toml"),
];

/// Loads the example förbund, their plans and the demo users into an empty store.
pub async fn load(store: &dyn Store) -> Result<(), StoreError> {
    let hash = hash_password(PASSWORD)
        .map_err(|_| StoreError::Unsupported("lösenordet kunde inte hashas"))?;
    let mut users = Vec::new();
    let (mut sofint, mut norrbygden) = (None, None);
    for (name, display, role) in USERS {
        let id = match store.create_user(Actor::System, name, display, &hash).await {
            Ok(id) => id,
            Err(StoreError::Duplicate) => store.user_by_username(name).await?.id,
            Err(e) => return Err(e),
        };
        users.push((id, role));
    }
    for text in PLANS {
        let plan = plan_file::read(text)
            .map_err(|_| StoreError::Unsupported("ett exempel går inte att läsa"))?
            .plan;
        let Some(org) = &plan.association.org_number else {
            return Err(StoreError::Unsupported(
                "ett exempel saknar organisationsnummer",
            ));
        };
        let id = match store
            .create_association(Actor::System, &plan.association.name, org)
            .await
        {
            Ok(id) => id,
            Err(StoreError::Duplicate) => continue,
            Err(e) => return Err(e),
        };
        for (user, role) in &users {
            store.grant_role(Actor::System, *user, id, *role).await?;
        }
        store
            .create_plan(Actor::System, id, &plan.title, text)
            .await?;
        if org.as_str() == "222000-1818" {
            load_actuals(store, id).await?;
            let owner = match store
                .create_user(Actor::System, INSATS_OWNER.0, INSATS_OWNER.1, &hash)
                .await
            {
                Ok(u) => u,
                Err(StoreError::Duplicate) => store.user_by_username(INSATS_OWNER.0).await?.id,
                Err(e) => return Err(e),
            };
            store
                .grant_role(Actor::System, owner, id, Role::InsatsOwner)
                .await?;
            store
                .set_role_member(Actor::System, owner, id, Some("lindesberg"))
                .await?;
            insatser::sofint(store, id).await?;
            sofint = Some(id);
        }
        if org.as_str() == "222000-1396" {
            insatser::norrbygden(store, id).await?;
            norrbygden = Some(id);
        }
    }
    // SOFINT's structural insats comes last, so that the other demo applications keep their
    // numbers.
    if let Some(id) = sofint {
        insatser::welfare_guide(store, id).await?;
    }
    if let Some(id) = norrbygden {
        insatser::quarterly(store, id).await?;
    }
    Ok(())
}

pub mod insatser;

/// SOFINT's first half of 2024, so that the follow-up pages show the interim report.
async fn load_actuals(
    store: &dyn Store,
    id: finsam_store::AssociationId,
) -> Result<(), StoreError> {
    let association = store.association(id).await?;
    let (data, _) = crate::actuals::prepare(
        &association,
        SOFINT_SIE,
        "sofint-2024-06.se",
        Some(2024),
        false,
        &mut |_, _| {},
    )
    .map_err(|_| StoreError::Unsupported("demons SIE-fil går inte att läsa"))?;
    store
        .import_ledger(Actor::System, id, &data, &|_, _| {})
        .await?;
    store
        .save_mapping(Actor::System, id, 0, "kommunbas", SOFINT_MAPPING)
        .await?;
    Ok(())
}
