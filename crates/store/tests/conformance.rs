//! One conformance suite for every backend (atuin's habit): each scenario runs on a fresh SQLite
//! file (with the direct rusqlite fast path, and again on another file without it, all through
//! sqlx) and, when `FINSAM_TEST_POSTGRES_URL` names a server, on a fresh PostgreSQL database.
//! scripts/test.sh installs and starts PostgreSQL and sets the variable; without it the
//! PostgreSQL half says loudly that it did not run.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};

use finsam_store::prelude::*;
use finsam_store::{
    Actor, Adoption, AssociationId, AssociationStore, AuditFilter, AuditStore, Failures,
    LedgerStore, LoginAttempt, LoginStanding, PageRequest, PlanStore, Role, SecurityEvent, Session,
    SqlStore, Status, StoreError, UserId, UserStore,
};
use sqlx::Connection;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty PostgreSQL database on the test server, or `None` when there is no server.
async fn fresh_postgres() -> Option<String> {
    let Ok(base) = std::env::var("FINSAM_TEST_POSTGRES_URL") else {
        eprintln!(
            "OBS: PostgreSQL-delen av konformitetstesterna kördes INTE: FINSAM_TEST_POSTGRES_URL saknas. \
             Kör bash scripts/test.sh, som installerar och startar PostgreSQL."
        );
        return None;
    };
    sqlx::any::install_default_drivers();
    let name = format!(
        "finsam_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let mut admin = sqlx::AnyConnection::connect(&base)
        .await
        .expect("the test server answers");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("creates a test database");
    let (prefix, _) = base.rsplit_once('/').expect("a URL with a database name");
    Some(format!("{prefix}/{name}"))
}

/// Runs `scenario` on SQLite (fast path on and off) and on PostgreSQL (when available).
async fn on_every_backend<F, Fut>(scenario: F)
where
    F: Fn(SqlStore, &'static str) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite:{}", dir.path().join("finsam.db").display());
    let fast = SqlStore::open(&url).await.expect("opens SQLite");
    assert!(fast.has_fast_path(), "a SQLite file takes the direct path");
    scenario(fast, "sqlite").await;
    let url = format!("sqlite:{}", dir.path().join("finsam-sqlx.db").display());
    let plain = SqlStore::open(&url)
        .await
        .expect("opens SQLite")
        .without_fast_path();
    assert!(!plain.has_fast_path());
    scenario(plain, "sqlite-sqlx").await;
    if let Some(url) = fresh_postgres().await {
        scenario(
            SqlStore::open(&url).await.expect("opens PostgreSQL"),
            "postgres",
        )
        .await;
    }
}

fn org(text: &str) -> finsam_core::OrgNumber {
    finsam_core::OrgNumber::parse(text).expect("a valid organisationsnummer")
}

const PLAN_V1: &str = "title = \"Plan\"\n# version 1\n";
const PLAN_V2: &str = "title = \"Plan\"\n# version 2\n";
const PLAN_V3: &str = "title = \"Plan\"\n# version 3\n";

async fn setup(store: &SqlStore) -> (AssociationId, AssociationId, UserId) {
    let a = store
        .create_association(Actor::System, "SOFINT", &org("222000-1818"))
        .await
        .expect("creates");
    let b = store
        .create_association(Actor::System, "Älvdalen", &org("222000-1230"))
        .await
        .expect("creates");
    let u = store
        .create_user(Actor::System, "anna", "Anna Ek", "$argon2id$hash")
        .await
        .expect("creates");
    store
        .grant_role(Actor::System, u, a, Role::Director)
        .await
        .expect("grants");
    (a, b, u)
}

/// A session of `u` under the token hash `hash1`, valid until 2 000.
async fn session_of(store: &SqlStore, u: UserId) -> Session {
    let s = Session {
        user: u,
        csrf_token: "csrf".into(),
        expires_at: 2_000,
    };
    store.create_session("hash1", &s).await.expect("stores");
    s
}

#[tokio::test]
async fn associations_users_and_roles() {
    on_every_backend(|store, backend| async move {
        let (a, b, u) = setup(&store).await;
        let mine = store.associations_for(u).await.expect("lists");
        assert_eq!(mine.len(), 1, "{backend}");
        assert_eq!((mine[0].0.id, mine[0].1), (a, Role::Director), "{backend}");
        assert_eq!(store.role(u, b).await.expect("reads"), None, "{backend}");
        store
            .grant_role(Actor::System, u, a, Role::Auditor)
            .await
            .expect("changes the role");
        assert_eq!(
            store.role(u, a).await.expect("reads"),
            Some(Role::Auditor),
            "{backend}"
        );
        assert_eq!(
            store.associations().await.expect("lists").len(),
            2,
            "{backend}"
        );
        let user = store.user_by_username("anna").await.expect("finds");
        assert_eq!(
            (user.id, user.display_name.as_str()),
            (u, "Anna Ek"),
            "{backend}"
        );
        assert!(
            !format!("{user:?}").contains("argon2"),
            "{backend}: the hash never reaches a log"
        );
        assert!(
            matches!(
                store.user_by_username("bo").await,
                Err(StoreError::NotFound)
            ),
            "{backend}"
        );
        assert!(
            matches!(
                store.create_user(Actor::System, "anna", "Annan", "x").await,
                Err(StoreError::Duplicate)
            ),
            "{backend}"
        );
        assert!(
            matches!(
                store
                    .create_association(Actor::System, "Kopia", &org("222000-1818"))
                    .await,
                Err(StoreError::Duplicate)
            ),
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_plan_from_draft_to_adopted_to_revision() {
    on_every_backend(|store, backend| async move {
        let (a, _, u) = setup(&store).await;
        let me = Actor::User(u);
        let v1 = store
            .create_plan(me, a, "Verksamhetsplan 2024", PLAN_V1)
            .await
            .expect("creates");
        assert_eq!(
            (v1.number, v1.status, v1.row_version),
            (1, Status::Draft, 1),
            "{backend}"
        );
        let v1 = store
            .update_draft(me, a, v1.id, 1, PLAN_V2, "rad ändrad")
            .await
            .expect("saves");
        assert_eq!(
            (v1.row_version, v1.document.as_str()),
            (2, PLAN_V2),
            "{backend}"
        );
        let adoption = Adoption {
            on: time::Date::from_calendar_date(2023, time::Month::November, 17).expect("a day"),
            meeting: "Styrelsemöte 2023-11-17".into(),
            decision: "Styrelsen fastställer verksamhetsplan och budget 2024.".into(),
            acknowledged: None,
        };
        let adopted = store
            .adopt(me, a, v1.id, 2, &adoption)
            .await
            .expect("adopts");
        assert_eq!(
            (adopted.status, adopted.adoption.as_ref()),
            (Status::Adopted, Some(&adoption)),
            "{backend}"
        );
        assert!(
            matches!(
                store.update_draft(me, a, v1.id, 3, PLAN_V3, "x").await,
                Err(StoreError::Adopted)
            ),
            "{backend}"
        );
        assert!(
            matches!(
                store.adopt(me, a, v1.id, 3, &adoption).await,
                Err(StoreError::Adopted)
            ),
            "{backend}"
        );
        let v2 = store.start_revision(me, a, v1.id).await.expect("revises");
        assert_eq!(
            (v2.number, v2.status, v2.based_on, v2.document.as_str()),
            (2, Status::Draft, Some(v1.id), PLAN_V2),
            "{backend}"
        );
        let all = store.versions(a).await.expect("lists");
        assert_eq!(
            all.iter().map(|v| v.number).collect::<Vec<_>>(),
            [2, 1],
            "{backend}"
        );
        // The adopted version is unchanged by the revision.
        assert_eq!(
            store.version(a, v1.id).await.expect("reads").document,
            PLAN_V2,
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_stale_save_gets_a_conflict_and_the_first_save_survives() {
    on_every_backend(|store, backend| async move {
        let (a, _, u) = setup(&store).await;
        let me = Actor::User(u);
        let v = store
            .create_plan(me, a, "Plan", PLAN_V1)
            .await
            .expect("creates");
        // Two people opened row version 1; the first saves.
        store
            .update_draft(me, a, v.id, 1, PLAN_V2, "första")
            .await
            .expect("first save");
        let before = store.audit_log(a, 100).await.expect("reads").len();
        match store.update_draft(me, a, v.id, 1, PLAN_V3, "andra").await {
            Err(StoreError::Conflict { current }) => assert_eq!(current, 2, "{backend}"),
            other => panic!("{backend}: expected a conflict, got {other:?}"),
        }
        let now = store.version(a, v.id).await.expect("reads");
        assert_eq!(
            (now.document.as_str(), now.row_version),
            (PLAN_V2, 2),
            "{backend}"
        );
        assert_eq!(
            store.audit_log(a, 100).await.expect("reads").len(),
            before,
            "{backend}: no audit row for a refused save"
        );
    })
    .await;
}

#[tokio::test]
async fn access_with_a_version_in_one_step() {
    on_every_backend(|store, backend| async move {
        let (a, b, u) = setup(&store).await;
        let v = store
            .create_plan(Actor::User(u), a, "Plan", PLAN_V1)
            .await
            .expect("creates");
        let (assoc, role, version) = store
            .access_version(u, a, v.id)
            .await
            .expect("reads")
            .expect("has a role");
        assert_eq!((assoc.id, role), (a, Role::Director), "{backend}");
        assert_eq!(version, Some(v.head.clone()), "{backend}");
        assert_eq!(
            store.document(a, v.id).await.expect("reads"),
            PLAN_V1,
            "{backend}: the text, asked apart"
        );
        assert!(
            matches!(store.document(b, v.id).await, Err(StoreError::NotFound)),
            "{backend}: not another förbund's text"
        );
        let missing = store
            .access_version(u, a, finsam_store::VersionId(v.id.0 + 100))
            .await
            .expect("reads");
        assert!(
            matches!(missing, Some((_, _, None))),
            "{backend}: no such version"
        );
        assert!(
            store
                .access_version(u, b, v.id)
                .await
                .expect("reads")
                .is_none(),
            "{backend}: no role in b"
        );
    })
    .await;
}

#[tokio::test]
async fn one_association_cannot_reach_another() {
    on_every_backend(|store, backend| async move {
        let (a, b, u) = setup(&store).await;
        let me = Actor::User(u);
        let v = store
            .create_plan(me, a, "Plan", PLAN_V1)
            .await
            .expect("creates");
        assert!(
            matches!(store.version(b, v.id).await, Err(StoreError::NotFound)),
            "{backend}"
        );
        assert!(
            matches!(
                store.update_draft(me, b, v.id, 1, PLAN_V2, "x").await,
                Err(StoreError::NotFound)
            ),
            "{backend}"
        );
        assert!(
            matches!(
                store.start_revision(me, b, v.id).await,
                Err(StoreError::NotFound)
            ),
            "{backend}"
        );
        assert!(
            store.versions(b).await.expect("lists").is_empty(),
            "{backend}"
        );
        assert_eq!(
            store.version(a, v.id).await.expect("reads").document,
            PLAN_V1,
            "{backend}"
        );
    })
    .await;
}

#[tokio::test]
async fn every_mutation_writes_its_audit_row() {
    on_every_backend(|store, backend| async move {
        let (a, _, u) = setup(&store).await;
        let me = Actor::User(u);
        let v = store
            .create_plan(me, a, "Plan", PLAN_V1)
            .await
            .expect("creates");
        store
            .update_draft(
                me,
                a,
                v.id,
                1,
                PLAN_V2,
                "Coachingteamet 2024: −2 330 000 → −2 300 000",
            )
            .await
            .expect("saves");
        let adoption = Adoption {
            on: time::Date::from_calendar_date(2024, time::Month::June, 14).expect("a day"),
            meeting: "Möte".into(),
            decision: "Beslut".into(),
            acknowledged: None,
        };
        store
            .adopt(me, a, v.id, 2, &adoption)
            .await
            .expect("adopts");
        store.start_revision(me, a, v.id).await.expect("revises");
        let log = store.audit_log(a, 100).await.expect("reads");
        let actions: Vec<&str> = log.iter().rev().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "association.create",
                "role.grant",
                "plan.create",
                "plan.update",
                "plan.adopt",
                "plan.revise"
            ],
            "{backend}"
        );
        let update = log
            .iter()
            .find(|e| e.action == "plan.update")
            .expect("the update");
        assert_eq!(update.user, Some(u), "{backend}");
        assert_eq!(
            update.summary, "Coachingteamet 2024: −2 330 000 → −2 300 000",
            "{backend}"
        );
        assert_eq!(
            (update.old_value.as_deref(), update.new_value.as_deref()),
            (Some(PLAN_V1), Some(PLAN_V2)),
            "{backend}"
        );
    })
    .await;
}

/// A version's name is written with its audit row and read back on every path that reads a
/// version's head: the one-query access (SQLite's fast path too), the lists, the version.
#[tokio::test]
async fn a_version_is_named_and_every_read_gives_the_name() {
    on_every_backend(|store, backend| async move {
        let (a, b, u) = setup(&store).await;
        let me = Actor::User(u);
        let v = store
            .create_plan(me, a, "Plan", PLAN_V1)
            .await
            .expect("creates");
        assert_eq!(v.name, None, "{backend}");
        let named = store
            .name_version(me, a, v.id, Some("reviderad juni"))
            .await
            .expect("names");
        assert_eq!(named.name.as_deref(), Some("reviderad juni"), "{backend}");
        assert_eq!(
            named.row_version,
            v.row_version + 1,
            "{backend}: caches move on"
        );
        assert_eq!(
            named.label(),
            format!("Plan, version 1: reviderad juni (nr {})", v.id.0)
        );
        let (_, _, head) = store
            .access_version(u, a, v.id)
            .await
            .expect("reads")
            .expect("has a role");
        assert_eq!(
            head.and_then(|h| h.name).as_deref(),
            Some("reviderad juni"),
            "{backend}"
        );
        let page = store
            .versions_page(a, finsam_store::PageRequest::new(1, 10))
            .await
            .expect("lists");
        assert_eq!(
            page.items[0].name.as_deref(),
            Some("reviderad juni"),
            "{backend}"
        );
        let log = store.audit_log(a, 1).await.expect("reads");
        assert_eq!(
            (log[0].action.as_str(), log[0].summary.as_str()),
            ("version.name", "Version 1 fick namnet \"reviderad juni\""),
            "{backend}"
        );
        let unnamed = store
            .name_version(me, a, v.id, None)
            .await
            .expect("unnames");
        assert_eq!(unnamed.name, None, "{backend}");
        assert!(
            matches!(
                store.name_version(me, b, v.id, Some("x")).await,
                Err(StoreError::NotFound)
            ),
            "{backend}: not another förbund's version"
        );
    })
    .await;
}

/// `session_version` answers as `session_user` followed by `access_version` would, on every
/// backend (PostgreSQL and SQLite without the fast path in one query).
#[tokio::test]
async fn a_session_with_its_access_in_one_step() {
    on_every_backend(|store, backend| async move {
        let (a, b, u) = setup(&store).await;
        let v = store
            .create_plan(Actor::User(u), a, "Plan", PLAN_V1)
            .await
            .expect("creates");
        session_of(&store, u).await;
        for (association, version) in [
            (a, v.id),
            (a, finsam_store::VersionId(v.id.0 + 100)),
            (b, v.id),
            (AssociationId(a.0 + 100), v.id),
        ] {
            let (session, user, access) = store
                .session_version("hash1", 1_000, association, version)
                .await
                .expect("reads")
                .expect("a valid session");
            let (session_alone, user_alone) =
                store.session_user("hash1", 1_000).await.expect("reads");
            assert_eq!(
                (&session, &user),
                (&session_alone, &user_alone),
                "{backend}"
            );
            assert_eq!(
                access,
                store
                    .access_version(u, association, version)
                    .await
                    .expect("reads"),
                "{backend}: {association:?} {version:?}"
            );
        }
        let (_, _, access) = store
            .session_version("hash1", 1_000, a, v.id)
            .await
            .expect("reads")
            .expect("a valid session");
        assert_eq!(
            access,
            Some((
                store.association(a).await.expect("reads"),
                Role::Director,
                Some(v.head.clone())
            )),
            "{backend}"
        );
        for (hash, now) in [("hash1", 2_000), ("other", 1_000)] {
            assert!(
                store
                    .session_version(hash, now, a, v.id)
                    .await
                    .expect("reads")
                    .is_none(),
                "{backend}: {hash} at {now} is no session"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn sessions_expire_and_login_failures_are_counted() {
    on_every_backend(|store, backend| async move {
        let (_, _, u) = setup(&store).await;
        let s = session_of(&store, u).await;
        assert_eq!(
            store.session("hash1", 1_000).await.expect("finds"),
            s,
            "{backend}"
        );
        assert!(
            matches!(
                store.session("hash1", 2_000).await,
                Err(StoreError::NotFound)
            ),
            "{backend}: expired"
        );
        store.delete_session("hash1").await.expect("deletes");
        assert!(
            matches!(
                store.session("hash1", 1_000).await,
                Err(StoreError::NotFound)
            ),
            "{backend}"
        );
        // Expired sessions are deleted, live ones kept.
        store.create_session("hash1", &s).await.expect("stores");
        let old = Session {
            expires_at: 500,
            ..s.clone()
        };
        store.create_session("old", &old).await.expect("stores");
        assert_eq!(
            store.delete_expired_sessions(1_000).await.expect("deletes"),
            1,
            "{backend}"
        );
        assert!(store.session("hash1", 1_000).await.is_ok(), "{backend}");

        // Failures are counted in one row per name, client and window.
        let attempt = |username, client, at| LoginAttempt {
            username,
            client,
            at,
        };
        for at in [100, 200, 300] {
            let n = store
                .record_login_failure(attempt("anna", "192.0.2.1", at), 0, 0)
                .await
                .expect("records");
            assert_eq!(n, at / 100, "{backend}: counted in one row");
        }
        store
            .record_login_failure(attempt("anna", "192.0.2.1", 950), 900, 0)
            .await
            .expect("records");
        store
            .record_login_failure(attempt("bo", "192.0.2.1", 960), 900, 0)
            .await
            .expect("records");
        store
            .record_login_failure(attempt("anna", "198.51.100.2", 970), 900, 0)
            .await
            .expect("records");
        let standing = store
            .login_standing("anna", "192.0.2.1", 0)
            .await
            .expect("counts");
        assert_eq!(
            standing,
            LoginStanding {
                name: Failures {
                    count: 4,
                    last_at: Some(950)
                },
                client: Failures {
                    count: 5,
                    last_at: Some(960)
                },
            },
            "{backend}"
        );
        assert_eq!(
            store
                .login_standing("anna", "192.0.2.1", 900)
                .await
                .expect("counts")
                .name
                .count,
            1,
            "{backend}: only the windows since"
        );
        assert_eq!(
            store
                .login_standing("ingen", "203.0.113.1", 0)
                .await
                .expect("counts"),
            LoginStanding::default(),
            "{backend}"
        );
        // Counting prunes the windows before the given start.
        store
            .record_login_failure(attempt("cilla", "192.0.2.1", 1_900), 1_800, 900)
            .await
            .expect("records");
        assert_eq!(
            store
                .login_standing("anna", "192.0.2.1", 0)
                .await
                .expect("counts")
                .name
                .count,
            1,
            "{backend}: the first window is gone"
        );
        store
            .clear_login_failures("anna", "192.0.2.1")
            .await
            .expect("clears");
        let after = store
            .login_standing("anna", "192.0.2.1", 0)
            .await
            .expect("counts");
        assert_eq!((after.name.count, after.client.count), (0, 2), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn security_events_reach_the_associations_log_once_per_window() {
    on_every_backend(|store, backend| async move {
        let (a, b, u) = setup(&store).await;
        let event = |at| SecurityEvent {
            association: a,
            actor: Actor::User(u),
            about: None,
            action: "access.denied",
            summary: "Nekad",
            at,
        };
        let before = store.audit_log(a, 100).await.expect("reads").len();
        assert!(
            store
                .log_security_event(event(1_000), Some(100))
                .await
                .expect("writes")
        );
        assert!(
            !store
                .log_security_event(event(1_100), Some(900))
                .await
                .expect("asks"),
            "{backend}: the same window again writes nothing"
        );
        assert!(
            store
                .log_security_event(event(2_000), Some(1_500))
                .await
                .expect("writes"),
            "{backend}: a new window"
        );
        let other = SecurityEvent {
            association: b,
            ..event(2_000)
        };
        assert!(
            store
                .log_security_event(other, Some(1_500))
                .await
                .expect("writes")
        );
        let failed = SecurityEvent {
            actor: Actor::System,
            about: Some(u),
            action: "session.login_failed",
            ..event(2_000)
        };
        assert!(
            store
                .log_security_event(failed, None)
                .await
                .expect("writes")
        );
        assert!(
            store
                .log_security_event(failed, None)
                .await
                .expect("writes"),
            "{backend}: without a window every event is written"
        );
        let log = store.audit_log(a, 100).await.expect("reads");
        assert_eq!(log.len(), before + 4, "{backend}");
        assert_eq!(log[0].action, "session.login_failed");
        assert_eq!(
            (log[0].user, log[0].entity_id),
            (None, Some(u.0)),
            "{backend}"
        );
        assert_eq!(log[2].user, Some(u), "{backend}");
    })
    .await;
}

#[tokio::test]
async fn a_backup_taken_while_in_use_restores_the_same_data() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite:{}", dir.path().join("finsam.db").display());
    let store = SqlStore::open(&url).await.expect("opens");
    let (a, _, u) = setup(&store).await;
    let v = store
        .create_plan(Actor::User(u), a, "Plan", PLAN_V1)
        .await
        .expect("creates");
    let copy = dir.path().join("kopia.db");
    store
        .backup(&copy.display().to_string())
        .await
        .expect("backs up");
    // The original goes on changing after the copy was taken.
    store
        .update_draft(Actor::User(u), a, v.id, 1, PLAN_V2, "efter kopian")
        .await
        .expect("saves");
    let restored = SqlStore::open(&format!("sqlite:{}", copy.display()))
        .await
        .expect("opens the copy");
    assert_eq!(
        restored.associations().await.expect("lists"),
        store.associations().await.expect("lists")
    );
    let old = restored.version(a, v.id).await.expect("reads");
    assert_eq!((old.document.as_str(), old.row_version), (PLAN_V1, 1));
    assert_eq!(restored.audit_log(a, 100).await.expect("reads").len(), 3);
    assert_eq!(
        restored.user_by_username("anna").await.expect("finds").id,
        u
    );
}

#[tokio::test]
async fn unknown_database_urls_are_refused() {
    assert!(matches!(
        SqlStore::open("mysql://x").await,
        Err(StoreError::UnknownBackend(_))
    ));
}

fn day(y: i32, m: u8, d: u8) -> time::Date {
    time::Date::from_calendar_date(y, time::Month::try_from(m).expect("a month"), d).expect("a day")
}

fn ledger(sha: &str, rows: usize) -> finsam_store::LedgerData {
    use finsam_core::Money;
    use finsam_core::actuals::{Entry, EntryKind, Ledger, Row, Span, YearIndex};
    use finsam_core::budget::YearMonth;
    let entry = |year, kind, account: &str, month: Option<(i32, u8)>, ore| Entry {
        year,
        kind,
        account: account.into(),
        month: month.map(|(year, month)| YearMonth { year, month }),
        amount: Money::from_ore(ore),
    };
    finsam_store::LedgerData {
        ledger: Ledger {
            org_number: Some("222000-1818".into()),
            company_name: Some("SOFINT".into()),
            program: Some("Test 1".into()),
            generated: Some(day(2024, 7, 15)),
            year: Span {
                start: day(2024, 1, 1),
                end: day(2024, 12, 31),
            },
            prior: Some(Span {
                start: day(2023, 1, 1),
                end: day(2023, 12, 31),
            }),
            accounts: [
                ("1930".to_owned(), "Bank".to_owned()),
                ("4010".to_owned(), "Coachingteamet".to_owned()),
            ]
            .into(),
            entries: vec![
                entry(YearIndex::Current, EntryKind::Opening, "1930", None, 100),
                entry(
                    YearIndex::Current,
                    EntryKind::Movement,
                    "4010",
                    Some((2024, 1)),
                    500,
                ),
                entry(
                    YearIndex::Prior,
                    EntryKind::Budget,
                    "4010",
                    Some((2023, 12)),
                    7,
                ),
            ],
            rows: (0..rows)
                .map(|i| Row {
                    voucher: format!("A {i}"),
                    voucher_date: day(2024, 1, 25),
                    date: day(2024, 1, 25),
                    account: "4010".into(),
                    amount: Money::from_ore(1),
                    text: "Faktura".into(),
                    // Every second row on Coachingteamet's project, every sixth on a
                    // cost centre too.
                    objects: finsam_core::actuals::objects_text(
                        [
                            (i % 2 == 0).then_some((6, "COACH")),
                            (i % 6 == 0).then_some((1, "100")),
                        ]
                        .into_iter()
                        .flatten(),
                    ),
                })
                .collect(),
            objects: [((6, "COACH".to_owned()), "Coachingteamet".to_owned())].into(),
            notes: vec!["en anteckning".into()],
        },
        file_name: format!("sofint-{sha}.se"),
        file_sha256: sha.repeat(8),
    }
}

/// Everything an import touches, to compare before and after.
async fn ledger_snapshot(store: &SqlStore, a: AssociationId) -> String {
    let imports = store.ledger_imports(a).await.expect("lists");
    let year = store.ledger(a, 2024).await.expect("loads");
    let rows = store.ledger_rows(a, 2024, "4010").await.expect("rows");
    let audit = store.audit_log(a, 1000).await.expect("audit");
    format!("{imports:?}\n{year:?}\n{rows:?}\n{audit:?}")
}

#[tokio::test]
async fn a_ledger_import_is_idempotent_and_a_newer_file_replaces_it() {
    on_every_backend(|store, backend| async move {
        let (a, b, u) = setup(&store).await;
        let me = Actor::User(u);
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let progress = |done: usize, total: usize| {
            assert!(done <= total);
            calls.fetch_add(1, Ordering::SeqCst);
        };
        let first = store
            .import_ledger(me, a, &ledger("aa", 2_500), &progress)
            .await
            .expect("imports");
        assert!(
            matches!(first, finsam_store::ImportOutcome::Created(_)),
            "{backend}"
        );
        assert!(
            calls.load(Ordering::SeqCst) >= 3,
            "{backend}: progress is reported per batch"
        );
        let (info, data) = store
            .ledger(a, 2024)
            .await
            .expect("loads")
            .expect("is there");
        assert_eq!(info.row_count, 2_500, "{backend}");
        assert_eq!(data.entries, ledger("aa", 0).ledger.entries, "{backend}");
        assert_eq!(data.year.start, day(2024, 1, 1), "{backend}");
        assert_eq!(data.generated, Some(day(2024, 7, 15)), "{backend}");
        assert_eq!(info.generated, Some(day(2024, 7, 15)), "{backend}");
        assert_eq!(data.accounts.len(), 2, "{backend}");
        assert_eq!(
            store.ledger_rows(a, 2024, "4010").await.unwrap().len(),
            2_500,
            "{backend}"
        );
        assert_eq!(
            store.ledger(b, 2024).await.unwrap(),
            None,
            "{backend}: another association sees nothing"
        );

        let before = ledger_snapshot(&store, a).await;
        let again = store
            .import_ledger(me, a, &ledger("aa", 2_500), &|_, _| {})
            .await
            .expect("imports");
        assert!(
            matches!(again, finsam_store::ImportOutcome::Unchanged(_)),
            "{backend}"
        );
        assert_eq!(
            ledger_snapshot(&store, a).await,
            before,
            "{backend}: the same file changes nothing"
        );

        let newer = store
            .import_ledger(me, a, &ledger("bb", 10), &|_, _| {})
            .await
            .expect("imports");
        let finsam_store::ImportOutcome::Replaced { previous, now } = newer else {
            panic!("{backend}: a newer file replaces");
        };
        assert_eq!(
            (previous.row_count, now.row_count),
            (2_500, 10),
            "{backend}"
        );
        assert_eq!(
            store.ledger_rows(a, 2024, "4010").await.unwrap().len(),
            10,
            "{backend}"
        );
        assert_eq!(store.ledger_imports(a).await.unwrap().len(), 1, "{backend}");
        let log = store.audit_log(a, 10).await.unwrap();
        assert_eq!(log[0].action, "ledger.replace", "{backend}");
        assert!(
            log[0].summary.contains("ersatte den tidigare importen"),
            "{backend}: {}",
            log[0].summary
        );
        assert!(
            log[0]
                .old_value
                .as_deref()
                .unwrap()
                .contains("sofint-aa.se"),
            "{backend}"
        );
        assert_eq!(log[1].action, "ledger.import", "{backend}");
    })
    .await;
}

#[tokio::test]
async fn an_import_that_fails_half_way_leaves_the_database_as_it_was() {
    on_every_backend(|store, backend| async move {
        let (a, _, u) = setup(&store).await;
        let me = Actor::User(u);
        store
            .import_ledger(me, a, &ledger("aa", 100), &|_, _| {})
            .await
            .expect("imports");
        let before = ledger_snapshot(&store, a).await;
        // A replacement whose last entry breaks a constraint: the old import has been deleted
        // and thousands of rows written by the time it fails.
        let mut bad = ledger("cc", 3_000);
        bad.ledger.entries.push(finsam_core::actuals::Entry {
            year: finsam_core::actuals::YearIndex::Current,
            kind: finsam_core::actuals::EntryKind::Movement,
            account: "4010".into(),
            month: Some(finsam_core::budget::YearMonth {
                year: 2024,
                month: 13,
            }),
            amount: finsam_core::Money::from_ore(1),
        });
        bad.ledger.rows.reverse();
        let err = store
            .import_ledger(me, a, &bad, &|_, _| {})
            .await
            .expect_err("fails");
        assert!(
            matches!(err, StoreError::Database(_) | StoreError::Sqlite(_)),
            "{backend}: {err}"
        );
        assert_eq!(
            ledger_snapshot(&store, a).await,
            before,
            "{backend}: nothing changed"
        );
    })
    .await;
}

#[tokio::test]
async fn the_mapping_and_forecast_figures_are_saved_with_their_audit_rows() {
    on_every_backend(|store, backend| async move {
        let (a, _, u) = setup(&store).await;
        let me = Actor::User(u);
        assert_eq!(store.mapping(a).await.unwrap(), None, "{backend}");
        let m = store
            .save_mapping(me, a, 0, "kommunbas", "4010 insats\n")
            .await
            .expect("saves");
        assert_eq!(m.row_version, 1, "{backend}");
        let err = store
            .save_mapping(me, a, 0, "bas", "")
            .await
            .expect_err("stale");
        assert!(
            matches!(err, StoreError::Conflict { current: 1 }),
            "{backend}"
        );
        let m = store
            .save_mapping(me, a, 1, "bas", "4010 strukturell\n")
            .await
            .expect("saves");
        assert_eq!((m.chart.as_str(), m.row_version), ("bas", 2), "{backend}");
        store
            .save_forecast_adjustments(
                me,
                a,
                2024,
                &[("insats:Coachingteamet".into(), 240_350_000)],
            )
            .await
            .expect("saves");
        assert_eq!(
            store.forecast_adjustments(a, 2024).await.unwrap(),
            vec![("insats:Coachingteamet".to_owned(), 240_350_000)],
            "{backend}"
        );
        assert!(
            store
                .forecast_adjustments(a, 2025)
                .await
                .unwrap()
                .is_empty(),
            "{backend}"
        );
        let actions: Vec<String> = store
            .audit_log(a, 10)
            .await
            .unwrap()
            .iter()
            .map(|e| e.action.clone())
            .collect();
        assert_eq!(
            actions[..3],
            ["forecast.update", "mapping.update", "mapping.update"],
            "{backend}"
        );
    })
    .await;
}

/// PostgreSQL: the plan pages' read keeps its own connections (outside sqlx's pool). When the
/// server drops them (a restart, an administrator), a read fails at most once per connection
/// and the next one reconnects; nothing stays broken.
#[tokio::test]
async fn the_page_read_recovers_from_dropped_connections() {
    let Some(url) = fresh_postgres().await else {
        return;
    };
    let store = SqlStore::open(&url).await.expect("opens PostgreSQL");
    let (a, _, u) = setup(&store).await;
    let v = store
        .create_plan(Actor::User(u), a, "Plan", PLAN_V1)
        .await
        .expect("creates");
    session_of(&store, u).await;
    let read = || store.session_version("hash1", 1_000, a, v.id);
    // Every connection used once, then cut off by the server.
    for _ in 0..32 {
        assert!(read().await.expect("reads").is_some());
    }
    let mut admin = sqlx::AnyConnection::connect(&url).await.expect("connects");
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut admin)
    .await
    .expect("terminates");
    let mut failures = 0;
    for _ in 0..64 {
        match read().await {
            Ok(found) => assert!(found.is_some()),
            Err(_) => failures += 1,
        }
    }
    assert!(failures <= 32, "{failures} failed reads");
    for _ in 0..8 {
        assert!(read().await.expect("reads again").is_some());
    }
}

#[tokio::test]
async fn long_lists_are_read_a_page_at_a_time() {
    on_every_backend(|store, backend| async move {
        let (a, _, u) = setup(&store).await;
        // 250 voucher rows of 1 öre on one account: pages of 100, the sum over all.
        store
            .import_ledger(Actor::User(u), a, &ledger("cc", 250), &|_, _| {})
            .await
            .expect("imports");
        let page = |n| PageRequest::new(n, 100);
        let first = store
            .account_rows(a, 2024, "4010", page(1))
            .await
            .expect("reads");
        assert_eq!(
            (first.page.items.len(), first.page.total, first.page.pages()),
            (100, 250, 3),
            "{backend}"
        );
        assert_eq!(first.sum, finsam_core::Money::from_ore(250), "{backend}");
        let last = store
            .account_rows(a, 2024, "4010", page(3))
            .await
            .expect("reads");
        assert_eq!(last.page.items.len(), 50, "{backend}");
        let mut seen: Vec<String> = Vec::new();
        for n in 1..=3 {
            let p = store
                .account_rows(a, 2024, "4010", page(n))
                .await
                .expect("reads");
            seen.extend(p.page.items.into_iter().map(|r| r.voucher));
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 250, "{backend}: every row once");
        let none = store
            .account_rows(a, 2024, "9999", page(1))
            .await
            .expect("reads");
        assert_eq!(
            (none.page.total, none.page.pages(), none.sum),
            (0, 1, finsam_core::Money::ZERO)
        );

        // The audit log: filtered and paged in the database, newest first.
        for i in 0..30 {
            store
                .log_security_event(
                    SecurityEvent {
                        association: a,
                        actor: Actor::User(u),
                        about: None,
                        action: "access.denied",
                        summary: &format!("nekad {i}"),
                        at: 10_000 + i,
                    },
                    None,
                )
                .await
                .expect("writes");
        }
        let denied = AuditFilter {
            action: Some("access.denied".into()),
            ..AuditFilter::default()
        };
        let p = store
            .audit_page(a, &denied, PageRequest::new(2, 20))
            .await
            .expect("reads");
        assert_eq!(
            (p.total, p.items.len(), p.pages()),
            (30, 10, 2),
            "{backend}"
        );
        assert_eq!(
            p.items[0].entry.summary, "nekad 9",
            "{backend}: newest first"
        );
        assert_eq!(p.items[0].username.as_deref(), Some("anna"), "{backend}");
        // One event by its id, only in its own association's log.
        let newest = &p.items[0].entry;
        let stamp = store.audit_stamp(a).await.expect("reads");
        assert!(
            stamp >= newest.id,
            "{backend}: the stamp is the newest event"
        );
        assert_eq!(
            store
                .audit_stamp(AssociationId(a.0 + 1000))
                .await
                .expect("reads"),
            0,
            "{backend}: no events, stamp 0"
        );
        store
            .log_event(Actor::System, "test", "x")
            .await
            .expect("writes");
        assert_eq!(
            store.audit_stamp(a).await.expect("reads"),
            stamp,
            "{backend}: an event of no association leaves the stamp"
        );
        let one = store
            .audit_entry(a, newest.id)
            .await
            .expect("reads")
            .expect("there");
        assert_eq!(&one, newest, "{backend}");
        assert_eq!(
            store
                .audit_entry(AssociationId(a.0 + 1000), newest.id)
                .await
                .expect("reads"),
            None,
            "{backend}: another förbund's log has no such event"
        );
        let window = AuditFilter {
            from: Some(10_010),
            until: Some(10_015),
            username: Some("anna".into()),
            ..denied.clone()
        };
        let p = store
            .audit_page(a, &window, PageRequest::new(1, 20))
            .await
            .expect("reads");
        assert_eq!(p.total, 5, "{backend}");
        let nobody = AuditFilter {
            username: Some("ingen".into()),
            ..AuditFilter::default()
        };
        assert_eq!(
            store
                .audit_page(a, &nobody, PageRequest::new(1, 20))
                .await
                .expect("reads")
                .total,
            0
        );
        assert!(
            store
                .audit_actions(a)
                .await
                .expect("reads")
                .contains(&"access.denied".to_owned()),
            "{backend}"
        );
        assert_eq!(
            PageRequest::new(0, 10_000),
            PageRequest::new(1, PageRequest::MAX_PER_PAGE)
        );
    })
    .await;
}

#[tokio::test]
async fn api_tokens_are_made_listed_and_revoked() {
    on_every_backend(|store, backend| async move {
        let (a, b, u) = setup(&store).await;
        let t = store
            .create_api_token(
                Actor::User(u),
                a,
                "Skript",
                Role::Board,
                "ab".repeat(32).as_str(),
            )
            .await
            .expect("makes");
        let user = store.api_token_user(&"ab".repeat(32)).await.expect("finds");
        assert_eq!(user.id, t.user, "{backend}");
        assert_eq!(
            store.role(user.id, a).await.expect("asks"),
            Some(Role::Board)
        );
        assert_eq!(
            store.role(user.id, b).await.expect("asks"),
            None,
            "{backend}: one förbund"
        );
        let listed = store.api_tokens(a).await.expect("lists");
        assert_eq!(
            (listed.len(), listed[0].role),
            (1, Some(Role::Board)),
            "{backend}"
        );
        assert!(store.api_tokens(b).await.expect("lists").is_empty());
        assert!(
            matches!(
                store.revoke_api_token(Actor::User(u), b, t.id).await,
                Err(StoreError::NotFound)
            ),
            "{backend}: not another förbund's"
        );
        store
            .revoke_api_token(Actor::User(u), a, t.id)
            .await
            .expect("revokes");
        assert!(
            matches!(
                store.api_token_user(&"ab".repeat(32)).await,
                Err(StoreError::NotFound)
            ),
            "{backend}"
        );
        assert_eq!(
            store.role(user.id, a).await.expect("asks"),
            None,
            "{backend}: role taken"
        );
        let listed = store.api_tokens(a).await.expect("lists");
        assert!(
            listed[0].revoked_at.is_some() && listed[0].role.is_none(),
            "{backend}"
        );
        let log = store.audit_log(a, 10).await.expect("reads");
        assert_eq!(log[0].action, "apitoken.revoke", "{backend}");
        assert_eq!(log[1].action, "apitoken.create", "{backend}");
    })
    .await;
}

#[tokio::test]
async fn people_are_managed_with_roles_and_one_time_password_links() {
    use finsam_store::{LinkRefused, PeopleStore};
    on_every_backend(|store, backend| async move {
        let (a, b, anna) = setup(&store).await;
        let erik = store
            .create_user(Actor::System, "erik", "Erik Berg", "!")
            .await
            .expect("creates");
        store
            .grant_role(Actor::User(anna), erik, a, Role::Accountant)
            .await
            .expect("grants");
        // An API key's own user is no person of the förbund.
        store
            .create_api_token(Actor::User(anna), a, "Skript", Role::Board, "tokenhash")
            .await
            .expect("makes a key");
        let people = store.members(a).await.expect("lists");
        let names: Vec<(&str, Role)> = people
            .iter()
            .map(|m| (m.user.username.as_str(), m.role))
            .collect();
        assert_eq!(
            names,
            [("anna", Role::Director), ("erik", Role::Accountant)],
            "{backend}"
        );
        assert!(
            store.members(b).await.expect("lists").is_empty(),
            "{backend}"
        );

        // A one-time link: read, used once, never again; an expired one says so.
        store
            .create_password_link(Actor::User(anna), a, erik, "link1", 1_000)
            .await
            .expect("makes a link");
        store
            .create_password_link(Actor::User(anna), a, erik, "link2", 1_000)
            .await
            .expect("makes a link");
        let shown = store.password_link_user("link1", 999).await.expect("reads");
        assert_eq!(shown.map(|u| u.id), Ok(erik), "{backend}");
        assert_eq!(
            store
                .password_link_user("link1", 1_000)
                .await
                .expect("reads")
                .map(|u| u.id),
            Err(LinkRefused::Expired),
            "{backend}"
        );
        let s = Session {
            user: erik,
            csrf_token: "c".into(),
            expires_at: 5_000,
        };
        store.create_session("eriks", &s).await.expect("stores");
        assert_eq!(
            store
                .use_password_link("link1", 999, "$argon2id$new")
                .await
                .expect("uses"),
            Ok(erik),
            "{backend}"
        );
        assert_eq!(
            store.user(erik).await.expect("reads").password_hash,
            "$argon2id$new",
            "{backend}"
        );
        assert!(
            store.session("eriks", 100).await.is_err(),
            "{backend}: sessions ended"
        );
        assert_eq!(
            store
                .use_password_link("link1", 999, "$argon2id$again")
                .await
                .expect("answers"),
            Err(LinkRefused::Unknown),
            "{backend}: a link works once"
        );
        assert_eq!(
            store
                .use_password_link("link2", 1_000, "$argon2id$late")
                .await
                .expect("answers"),
            Err(LinkRefused::Expired),
            "{backend}"
        );
        assert_eq!(
            store.user(erik).await.expect("reads").password_hash,
            "$argon2id$new",
            "{backend}: nothing changed by a refused link"
        );

        // A user's own change of password, and a role taken away; each in the log.
        store
            .set_password(Actor::User(erik), erik, Some(a), "$argon2id$own")
            .await
            .expect("sets");
        store
            .revoke_role(Actor::User(anna), erik, a)
            .await
            .expect("revokes");
        assert_eq!(store.role(erik, a).await.expect("reads"), None, "{backend}");
        assert!(matches!(
            store.revoke_role(Actor::User(anna), erik, a).await,
            Err(StoreError::NotFound)
        ));
        let actions: Vec<String> = store
            .audit_log(a, 20)
            .await
            .expect("reads")
            .into_iter()
            .map(|e| e.action)
            .collect();
        for want in ["role.revoke", "user.password", "password.link"] {
            assert!(
                actions.iter().any(|x| x == want),
                "{backend}: {want} in {actions:?}"
            );
        }
    })
    .await;
}

fn insats_named(name: &str, owner: &str) -> finsam_core::insats::Insats {
    use finsam_core::budget::YearMonth;
    use finsam_core::insats::{Budget, Kind, Period, Registration};
    finsam_core::insats::Insats {
        name: name.into(),
        kind: Kind::Individual,
        members: vec![owner.into(), "af".into()],
        owner: owner.into(),
        target_groups: vec!["Unga vuxna".into()],
        purpose: "Arbete eller studier.".into(),
        period: Period::new(
            YearMonth {
                year: 2024,
                month: 2,
            },
            YearMonth {
                year: 2027,
                month: 1,
            },
        )
        .expect("a period"),
        budget: Budget::ProjectYears(vec![finsam_core::Money::from_ore(120_000_000)]),
        co_financing: std::collections::BTreeMap::new(),
        goals: Vec::new(),
        steering_group: vec!["Enhetschef".into()],
        registration: Registration {
            orientation: "Arbetslivsinriktad".into(),
            precise_orientation: None,
            follow_up_method: "Deltagare".into(),
            esf: false,
        },
    }
}

#[tokio::test]
async fn applications_keep_their_history_numbers_files_and_audit_rows() {
    use finsam_core::insats::workflow::{Case, DecidedBy, Decision, Event, Outcome, State};
    use finsam_store::{ApplicationFilter, ApplicationId, InsatsStore, NewFile, Submission};
    on_every_backend(|store, engine| async move {
        let (a, b, u) = setup(&store).await;
        let me = Actor::User(u);
        let submitted = |y, m, d| Case::new(day(y, m, d));
        let first = store
            .submit_application(
                me,
                a,
                (
                    &insats_named("Coachingteamet", "lindesberg"),
                    &submitted(2024, 1, 15),
                ),
                Submission {
                    continuation: Some("Kommunen tar över efter tre år."),
                    case_format: "{år}/{nr}",
                    files: &[NewFile {
                        name: "budget.xlsx",
                        content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        bytes: b"PK\x03\x04 budget",
                    }],
                },
            )
            .await
            .expect("submitted");
        assert_eq!(first.case_number, "2024/1", "{engine}");
        let sent = store.files(a, first.id).await.expect("lists");
        assert_eq!(
            sent.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["budget.xlsx"],
            "{engine}: the file came with the application"
        );
        assert_eq!(first.insats.name, "Coachingteamet");
        assert_eq!(first.case.state(), State::Received);
        let second = store
            .submit_application(
                me,
                a,
                (&insats_named("Rehabmässan", "nora"), &submitted(2024, 3, 1)),
                Submission {
                    continuation: None,
                    case_format: "{år}/{nr}",
                    files: &[],
                },
            )
            .await
            .expect("submitted");
        assert_eq!(second.case_number, "2024/2");
        let next_year = store
            .submit_application(
                me,
                a,
                (&insats_named("Unga", "nora"), &submitted(2025, 1, 7)),
                Submission {
                    continuation: None,
                    case_format: "SOF-{år}-{nr}",
                    files: &[],
                },
            )
            .await
            .expect("submitted");
        assert_eq!(next_year.case_number, "SOF-2025-1");
        // Another förbund numbers its own, and cannot read these.
        let other = store
            .submit_application(
                me,
                b,
                (&insats_named("Annat", "x"), &submitted(2024, 5, 5)),
                Submission {
                    continuation: None,
                    case_format: "{år}/{nr}",
                    files: &[],
                },
            )
            .await
            .expect("submitted");
        assert_eq!(other.case_number, "2024/1");
        assert!(matches!(
            store.application(b, first.id).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.application(a, first.id).await.expect("reads"), first);

        // A step saved; a stale one refused and nothing changed.
        let mut case = first.case.clone();
        case.record(
            Event::Decide(Decision {
                on: day(2024, 3, 14),
                by: DecidedBy::Board {
                    paragraph: "§ 12".into(),
                },
                outcome: Outcome::Rejected {
                    motivation: "Utanför uppdraget.".into(),
                },
            }),
            day(2024, 3, 14),
        )
        .expect("a legal step");
        let decided = store
            .record_step(
                me,
                a,
                first.id,
                first.row_version,
                &case,
                ("application.decide", "Ansökan 2024/1 avslogs"),
            )
            .await
            .expect("saved");
        assert_eq!(decided.case, case);
        assert_eq!(decided.row_version, first.row_version + 1);
        let stale = store
            .record_step(
                me,
                a,
                first.id,
                first.row_version,
                &first.case,
                ("application.decide", "x"),
            )
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { current }) if current == decided.row_version)
        );
        assert_eq!(
            store.application(a, first.id).await.expect("reads"),
            decided
        );

        // Lists: newest first, by owner, by state; the open ones leave out the rejected.
        let all = store
            .applications(a, &ApplicationFilter::default(), PageRequest::new(1, 10))
            .await
            .expect("lists");
        let numbers: Vec<&str> = all.items.iter().map(|h| h.case_number.as_str()).collect();
        assert_eq!(numbers, ["SOF-2025-1", "2024/2", "2024/1"]);
        assert_eq!(all.total, 3);
        let nora = store
            .applications(
                a,
                &ApplicationFilter {
                    owner: Some("nora".into()),
                    states: vec![],
                },
                PageRequest::new(1, 10),
            )
            .await
            .expect("lists");
        assert_eq!(nora.total, 2);
        let rejected = store
            .applications(
                a,
                &ApplicationFilter {
                    owner: None,
                    states: vec![State::Rejected],
                },
                PageRequest::new(1, 10),
            )
            .await
            .expect("lists");
        assert_eq!(rejected.items.len(), 1);
        assert_eq!(rejected.items[0].state, State::Rejected);
        let open = store.open_applications(a, None).await.expect("lists");
        assert_eq!(open.len(), 2);
        assert!(
            store
                .open_applications(a, Some("lindesberg"))
                .await
                .expect("lists")
                .is_empty()
        );

        // The insats changed by a completion; a file kept and read back only through its own
        // application and förbund.
        let mut changed = second.insats.clone();
        changed.purpose = "Mässa för arbetsgivare.".into();
        let updated = store
            .update_insats(
                me,
                a,
                second.id,
                second.row_version,
                (&changed, Some("Fortsätter i ordinarie verksamhet.")),
                "Ansökan 2024/2 kompletterad",
            )
            .await
            .expect("updated");
        assert_eq!(updated.insats, changed);
        assert_eq!(
            updated.continuation.as_deref(),
            Some("Fortsätter i ordinarie verksamhet.")
        );
        let pdf = b"%PDF-1.4 en liten fil".to_vec();
        let head = store
            .add_file(me, a, second.id, ("budget.pdf", "application/pdf"), &pdf)
            .await
            .expect("kept");
        assert_eq!(head.size, i64::try_from(pdf.len()).expect("fits"));
        assert_eq!(
            store.files(a, second.id).await.expect("lists"),
            vec![head.clone()]
        );
        let (read, bytes) = store.file(a, second.id, head.id).await.expect("reads");
        assert_eq!((read, bytes), (head.clone(), pdf));
        assert!(matches!(
            store.file(b, second.id, head.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.file(a, first.id, head.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.application(a, ApplicationId(9_999)).await,
            Err(StoreError::NotFound)
        ));

        // The insatsägare's member.
        assert_eq!(store.role_member(u, a).await.expect("reads"), None);
        store
            .set_role_member(me, u, a, Some("lindesberg"))
            .await
            .expect("ties");
        assert_eq!(
            store.role_member(u, a).await.expect("reads").as_deref(),
            Some("lindesberg")
        );
        assert!(matches!(
            store.set_role_member(me, u, b, Some("x")).await,
            Err(StoreError::NotFound)
        ));

        // Every change has its audit row.
        let actions: Vec<String> = store
            .audit_log(a, 50)
            .await
            .expect("reads")
            .into_iter()
            .map(|e| e.action)
            .collect();
        for action in [
            "application.submit",
            "application.decide",
            "insats.update",
            "application.file",
            "role.member",
        ] {
            assert!(
                actions.iter().any(|x| x == action),
                "{engine}: {action} in {actions:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn settings_are_saved_against_their_row_version_and_meetings_one_a_day() {
    use finsam_core::insats::settings::Settings;
    use finsam_core::meeting::{Kind, Meeting};
    use finsam_store::MeetingStore;
    on_every_backend(|store, engine| async move {
        let (a, b, u) = setup(&store).await;
        let me = Actor::User(u);
        let first = store.settings(a).await.expect("reads");
        assert_eq!(first.row_version, 0, "{engine}: never saved");
        assert_eq!(first.settings, Settings::default());
        let changed = Settings {
            target_groups: vec!["Unga vuxna 16–29 år".into()],
            answer_months: 3,
            ..Settings::default()
        };
        let saved = store
            .save_settings(me, a, &changed, 0)
            .await
            .expect("saves");
        assert_eq!(saved.row_version, 1);
        assert_eq!(store.settings(a).await.expect("reads"), saved);
        assert!(
            matches!(
                store.save_settings(me, a, &Settings::default(), 0).await,
                Err(StoreError::Conflict { current: 1 })
            ),
            "{engine}: a stale save is refused"
        );
        assert_eq!(store.settings(a).await.expect("reads").settings, changed);
        assert_eq!(store.settings(b).await.expect("reads").row_version, 0);
        let again = store
            .save_settings(me, a, &Settings::default(), 1)
            .await
            .expect("saves");
        assert_eq!(again.row_version, 2);

        let meeting = Meeting {
            on: day(2024, 9, 19),
            kind: Kind::Board,
            note: Some("Lindesberg".into()),
            times: None,
        };
        let kept = store.add_meeting(me, a, &meeting).await.expect("adds");
        assert_eq!(kept.meeting, meeting);
        assert!(
            matches!(
                store.add_meeting(me, a, &meeting).await,
                Err(StoreError::Duplicate)
            ),
            "{engine}: one meeting a day"
        );
        store
            .add_meeting(me, b, &meeting)
            .await
            .expect("another förbund's own");
        let earlier = Meeting {
            on: day(2024, 2, 15),
            kind: Kind::ExtraBoard,
            note: None,
            times: None,
        };
        store.add_meeting(me, a, &earlier).await.expect("adds");
        let days: Vec<String> = store
            .meetings(a)
            .await
            .expect("lists")
            .iter()
            .map(|m| m.meeting.on.to_string())
            .collect();
        assert_eq!(days, ["2024-02-15", "2024-09-19"]);
        assert_eq!(
            store.meeting_on(a, day(2024, 9, 19)).await.expect("reads"),
            Some(kept)
        );
        assert_eq!(
            store.meeting_on(a, day(2024, 9, 20)).await.expect("reads"),
            None
        );
        // The beredningsgrupp may meet on the board's day; the board's meeting is the day's.
        let preparation = Meeting {
            on: day(2024, 9, 19),
            kind: Kind::Preparation,
            note: None,
            times: Some((
                finsam_core::meeting::Clock::parse("09:30").expect("a time"),
                finsam_core::meeting::Clock::parse("12:00").expect("a time"),
            )),
        };
        let kept_preparation = store
            .add_meeting(me, a, &preparation)
            .await
            .expect("another kind the same day");
        assert_eq!(
            kept_preparation.meeting.times, preparation.times,
            "{engine}"
        );
        assert_eq!(
            store
                .meeting_on(a, day(2024, 9, 19))
                .await
                .expect("reads")
                .map(|m| m.meeting.kind),
            Some(Kind::Board)
        );
        let listed: Vec<Meeting> = store
            .meetings(a)
            .await
            .expect("lists")
            .into_iter()
            .map(|m| m.meeting)
            .collect();
        assert_eq!(
            listed[1..],
            [meeting.clone(), preparation.clone()],
            "{engine}: on one day by their times, the times read back"
        );
        // A year made at once, leaving a meeting already there as it is.
        let next: Vec<Meeting> = [&meeting, &preparation]
            .iter()
            .map(|m| m.next_year())
            .collect();
        assert_eq!(
            store
                .add_meetings(me, a, &next[..1], "ett")
                .await
                .expect("adds"),
            1
        );
        assert_eq!(
            store
                .add_meetings(me, a, &next, "båda")
                .await
                .expect("adds"),
            1,
            "{engine}: the one already there left"
        );
        let actions: Vec<String> = store
            .audit_log(a, 50)
            .await
            .expect("reads")
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(
            actions.iter().filter(|x| *x == "settings.update").count(),
            2,
            "{engine}"
        );
        assert_eq!(
            actions.iter().filter(|x| *x == "meeting.create").count(),
            3,
            "{engine}"
        );
        assert_eq!(
            actions.iter().filter(|x| *x == "meeting.copy").count(),
            2,
            "{engine}"
        );
    })
    .await;
}

/// The deadline tables read only the applications with a deadline still to meet: exactly those
/// core's deadlines leave unmet, whatever state the history ends in.
#[tokio::test]
async fn open_applications_are_those_with_a_deadline_not_met() {
    use finsam_core::insats::deadlines::{Rules, deadlines};
    use finsam_core::insats::workflow::{Case, DecidedBy, Decision, Event, Outcome};
    use finsam_store::{InsatsStore, Submission};
    on_every_backend(|store, engine| async move {
        let (a, _, u) = setup(&store).await;
        let me = Actor::User(u);
        let decision = |granted: bool| Decision {
            on: day(2024, 3, 1),
            by: DecidedBy::Delegation,
            outcome: if granted {
                Outcome::Granted {
                    amounts: [(2024, finsam_core::Money::from_ore(100))].into(),
                    conditions: None,
                }
            } else {
                Outcome::Rejected {
                    motivation: "Nej.".into(),
                }
            },
        };
        let ways: Vec<(&str, Vec<Event>)> = vec![
            ("inkommen", vec![]),
            (
                "komplettering",
                vec![Event::RequestCompletion {
                    missing: "x".into(),
                    by: day(2024, 3, 20),
                }],
            ),
            ("beviljad", vec![Event::Decide(decision(true))]),
            (
                "avtal",
                vec![
                    Event::Decide(decision(true)),
                    Event::SignAgreement {
                        forbund: day(2024, 3, 1),
                        owner: day(2024, 3, 1),
                    },
                ],
            ),
            ("avslagen", vec![Event::Decide(decision(false))]),
            ("aterkallad", vec![Event::Withdraw]),
            ("beredd", vec![Event::Prepare { opinion: None }]),
        ];
        let mut want = Vec::new();
        for (name, events) in ways {
            let mut case = Case::new(day(2024, 2, 1));
            for e in events {
                case.record(e, day(2024, 3, 1)).expect("a legal step");
            }
            let stored = store
                .submit_application(
                    me,
                    a,
                    (&insats_named(name, "nora"), &case),
                    Submission {
                        continuation: None,
                        case_format: "{år}/{nr}",
                        files: &[],
                    },
                )
                .await
                .expect("submitted");
            if deadlines(&case, Rules::default())
                .iter()
                .any(|d| d.met.is_none())
            {
                want.push(stored.insats.name.clone());
            }
        }
        let open: Vec<String> = store
            .open_applications(a, None)
            .await
            .expect("lists")
            .into_iter()
            .map(|s| s.insats.name)
            .collect();
        assert_eq!(open, want, "{engine}");
        assert_eq!(open, ["inkommen", "beviljad", "beredd"], "{engine}");
    })
    .await;
}

/// The applicant's completion is one change: the insats, the files and the step together, or,
/// on a stale row version, none of them.
#[tokio::test]
async fn a_completion_saves_the_insats_its_files_and_the_step_together() {
    use finsam_core::insats::workflow::{Case, Event, State};
    use finsam_store::{InsatsStore, NewFile, Submission};
    on_every_backend(|store, engine| async move {
        let (a, _, u) = setup(&store).await;
        let me = Actor::User(u);
        let mut case = Case::new(day(2024, 2, 1));
        case.record(
            Event::RequestCompletion {
                missing: "Budget".into(),
                by: day(2024, 3, 1),
            },
            day(2024, 2, 10),
        )
        .expect("a legal step");
        let stored = store
            .submit_application(
                me,
                a,
                (&insats_named("Steget", "nora"), &case),
                Submission {
                    continuation: None,
                    case_format: "{år}/{nr}",
                    files: &[],
                },
            )
            .await
            .expect("submitted");
        let mut changed = stored.insats.clone();
        changed.purpose = "Tydligare syfte.".into();
        let mut completed = stored.case.clone();
        completed
            .record(Event::Complete, day(2024, 2, 20))
            .expect("a legal step");
        let file = [NewFile {
            name: "budget.pdf",
            content_type: "application/pdf",
            bytes: b"%PDF-1.7",
        }];
        let stale = store
            .complete_application(
                me,
                (a, stored.id, stored.row_version + 1),
                (&changed, Some("Kommunen tar över.")),
                &file,
                (&completed, "Ansökan kompletterad"),
            )
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { .. })),
            "{engine}"
        );
        assert_eq!(
            store.application(a, stored.id).await.expect("reads"),
            stored,
            "{engine}: nothing of a refused completion"
        );
        assert!(store.files(a, stored.id).await.expect("lists").is_empty());
        let done = store
            .complete_application(
                me,
                (a, stored.id, stored.row_version),
                (&changed, Some("Kommunen tar över.")),
                &file,
                (&completed, "Ansökan kompletterad"),
            )
            .await
            .expect("completed");
        assert_eq!(done.case.state(), State::Resubmitted, "{engine}");
        assert_eq!(done.insats.purpose, "Tydligare syfte.");
        assert_eq!(done.continuation.as_deref(), Some("Kommunen tar över."));
        assert_eq!(store.files(a, stored.id).await.expect("lists").len(), 1);
        let actions: Vec<String> = store
            .audit_log(a, 10)
            .await
            .expect("reads")
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(
            actions[..3],
            ["application.complete", "application.file", "insats.update"],
            "{engine}"
        );
    })
    .await;
}

/// Disbursements move on the application's row version (a stale one is refused and writes
/// nothing); received reports are kept once each; feeds are found by their hash until revoked,
/// and only their own user revokes them. Every change is audited.
#[tokio::test]
async fn disbursements_receipts_and_feeds() {
    use finsam_core::insats::disbursements::{Disbursement, Stage};
    use finsam_core::insats::workflow::{Case, DecidedBy, Decision, Event, Outcome};
    use finsam_store::{FeedStore, GrantStore, InsatsStore, Receipt, Submission};
    on_every_backend(|store, engine| async move {
        let (a, b, u) = setup(&store).await;
        let me = Actor::User(u);
        let mut case = Case::new(day(2024, 2, 1));
        case.record(
            Event::Decide(Decision {
                on: day(2024, 3, 1),
                by: DecidedBy::Delegation,
                outcome: Outcome::Granted {
                    amounts: [(2024, finsam_core::Money::from_ore(100_000))].into(),
                    conditions: None,
                },
            }),
            day(2024, 3, 1),
        )
        .expect("a grant");
        let mut rejected = Case::new(day(2024, 2, 1));
        rejected
            .record(Event::Withdraw, day(2024, 2, 2))
            .expect("withdrawn");
        let mut stored = Vec::new();
        for (name, c) in [("Beviljad", &case), ("Återkallad", &rejected)] {
            stored.push(
                store
                    .submit_application(
                        me,
                        a,
                        (&insats_named(name, "nora"), c),
                        Submission {
                            continuation: None,
                            case_format: "{år}/{nr}",
                            files: &[],
                        },
                    )
                    .await
                    .expect("submitted"),
            );
        }
        let app = &stored[0];
        let granted = store.granted_applications(a).await.expect("lists");
        assert_eq!(granted.len(), 1, "{engine}");
        assert_eq!(granted[0].id, app.id, "{engine}");
        assert!(store.granted_applications(b).await.expect("lists").is_empty());

        let d = Disbursement {
            requested: day(2024, 3, 10),
            amount: finsam_core::Money::from_ore(60_000),
            approved: None,
            paid: None,
            note: Some("mars".into()),
        };
        let added = store
            .add_disbursement(me, (a, app.id, app.row_version), &d, "Utbetalning begärd")
            .await
            .expect("added");
        // The same row version again is stale now: nothing is written.
        let stale = store
            .add_disbursement(me, (a, app.id, app.row_version), &d, "igen")
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { current }) if current == app.row_version + 1),
            "{engine}: {stale:?}"
        );
        let approved = d
            .advanced(Stage::Approved, day(2024, 3, 12))
            .expect("approves");
        store
            .advance_disbursement(
                me,
                (a, app.id, app.row_version + 1),
                (added.id, &approved),
                "Utbetalning godkänd",
            )
            .await
            .expect("moves on");
        // Another förbund's key reaches nothing.
        let other = store
            .advance_disbursement(
                me,
                (b, app.id, app.row_version + 2),
                (added.id, &approved),
                "x",
            )
            .await;
        assert!(other.is_err(), "{engine}");
        let list = store.disbursements(a, app.id).await.expect("lists");
        assert_eq!(list.len(), 1, "{engine}");
        assert_eq!(list[0].disbursement, approved, "{engine}");
        assert!(store.disbursements(b, app.id).await.expect("lists").is_empty());

        let receipt = Receipt {
            application: app.id,
            kind: "Kvartalsrapport".into(),
            period_end: day(2024, 3, 31),
            received: day(2024, 4, 20),
        };
        store
            .receive_report(me, a, &receipt, "Kvartalsrapport inkommen")
            .await
            .expect("received");
        let twice = store.receive_report(me, a, &receipt, "igen").await;
        assert!(matches!(twice, Err(StoreError::Duplicate)), "{engine}: {twice:?}");
        let elsewhere = store.receive_report(me, b, &receipt, "fel förbund").await;
        assert!(elsewhere.is_err(), "{engine}");
        assert_eq!(store.receipts(a).await.expect("reads"), vec![receipt], "{engine}");

        let feed = store
            .create_feed(me, (u, a), "hash-1")
            .await
            .expect("made");
        assert_eq!(store.feed_owner("hash-1").await.expect("found"), (u, a));
        assert!(matches!(
            store.revoke_feed(me, (u, b), feed.id).await,
            Err(StoreError::NotFound)
        ));
        store.revoke_feed(me, (u, a), feed.id).await.expect("revoked");
        assert!(matches!(
            store.feed_owner("hash-1").await,
            Err(StoreError::NotFound)
        ));
        assert!(store.feeds(u, a).await.expect("lists")[0].revoked_at.is_some());

        let actions: Vec<String> = store
            .audit_log(a, 100)
            .await
            .expect("reads")
            .into_iter()
            .map(|e| e.action)
            .collect();
        for want in [
            "disbursement.create",
            "disbursement.update",
            "report.receive",
            "feed.create",
            "feed.revoke",
        ] {
            assert_eq!(
                actions.iter().filter(|a| *a == want).count(),
                1,
                "{engine}: {want} in {actions:?}"
            );
        }
    })
    .await;
}

/// A meeting's agenda keeps its items in order, only on the förbund's own meetings, and every
/// change is audited.
#[tokio::test]
async fn a_meetings_agenda_keeps_its_order() {
    use finsam_core::meeting::{AgendaItem, AgendaKind, Kind, Meeting};
    use finsam_store::MeetingStore;
    on_every_backend(|store, engine| async move {
        let (a, b, u) = setup(&store).await;
        let me = Actor::User(u);
        let meeting = store
            .add_meeting(
                me,
                a,
                &Meeting {
                    on: day(2024, 11, 15),
                    kind: Kind::Board,
                    note: None,
                    times: None,
                },
            )
            .await
            .expect("added");
        let items = [
            AgendaItem {
                kind: AgendaKind::Application(3),
                title: "Beslut om Hälsosteget (2024/2)".into(),
            },
            AgendaItem {
                kind: AgendaKind::PlanVersion(1),
                title: "Verksamhetsplan och budget 2025".into(),
            },
            AgendaItem {
                kind: AgendaKind::Other,
                title: "Övriga frågor".into(),
            },
        ];
        let mut ids = Vec::new();
        for item in &items {
            ids.push(
                store
                    .add_agenda_item(me, (a, meeting.id), item)
                    .await
                    .expect("added")
                    .id,
            );
        }
        assert!(matches!(
            store.add_agenda_item(me, (b, meeting.id), &items[2]).await,
            Err(StoreError::NotFound)
        ));
        store
            .remove_agenda_item(me, (a, meeting.id), ids[1])
            .await
            .expect("removed");
        assert!(matches!(
            store.remove_agenda_item(me, (a, meeting.id), ids[1]).await,
            Err(StoreError::NotFound)
        ));
        let agenda: Vec<AgendaItem> = store
            .agenda(a, meeting.id)
            .await
            .expect("reads")
            .into_iter()
            .map(|s| s.item)
            .collect();
        assert_eq!(agenda, [items[0].clone(), items[2].clone()], "{engine}");
        assert!(store.agenda(b, meeting.id).await.expect("reads").is_empty());
        let log: Vec<String> = store
            .audit_log(a, 100)
            .await
            .expect("reads")
            .into_iter()
            .map(|e| e.action)
            .filter(|x| x.starts_with("agenda."))
            .collect();
        assert_eq!(
            log,
            ["agenda.remove", "agenda.add", "agenda.add", "agenda.add"],
            "{engine}"
        );
    })
    .await;
}

/// The ledger's rows keep their SIE objects and the import the objects' names: the costs per
/// object sum the rows on cost accounts, a row on two objects in both; a newer file replaces
/// them.
#[tokio::test]
async fn costs_are_summed_per_sie_object() {
    on_every_backend(|store, backend| async move {
        let (a, b, u) = setup(&store).await;
        let me = Actor::User(u);
        store
            .import_ledger(me, a, &ledger("cc", 12), &|_, _| {})
            .await
            .expect("imports");
        let costs = store.object_costs(a, 2024).await.expect("sums");
        let found: Vec<(u32, &str, &str, i64)> = costs
            .iter()
            .map(|c| (c.dimension, c.code.as_str(), c.name.as_str(), c.cost.ore()))
            .collect();
        // Rows 0, 2, …, 10 on COACH (6 öre); rows 0 and 6 on cost centre 100 (2 öre).
        assert_eq!(
            found,
            [(1, "100", "100", 2), (6, "COACH", "Coachingteamet", 6)],
            "{backend}"
        );
        assert_eq!(costs[1].last_day, Some(day(2024, 1, 25)), "{backend}");
        assert!(store.object_costs(b, 2024).await.expect("sums").is_empty());
        assert!(store.object_costs(a, 2023).await.expect("sums").is_empty());
        let rows = store.ledger_rows(a, 2024, "4010").await.expect("reads");
        assert_eq!(
            rows.iter().filter(|r| r.objects.contains("COACH")).count(),
            6
        );
        // A newer file for the year replaces the old one, its objects too.
        store
            .import_ledger(me, a, &ledger("dd", 4), &|_, _| {})
            .await
            .expect("replaces");
        let costs = store.object_costs(a, 2024).await.expect("sums");
        assert_eq!(
            costs.iter().map(|c| c.cost.ore()).collect::<Vec<_>>(),
            [1, 2],
            "{backend}"
        );
    })
    .await;
}

/// A participant report starts as a draft, once per insats, kind and period; its figures and
/// its state move on its row version (a stale change is refused and writes nothing); the first
/// sending in marks the schedule's report received in the same transaction; another förbund
/// reaches nothing. Every change is audited.
#[tokio::test]
async fn participant_reports_keep_their_figures_state_and_receipt() {
    use finsam_core::participants::{Approval, Counted, ParticipantReport};
    use finsam_store::{GrantStore, NewParticipantReport, ParticipantStore, Receipt, ReportStep};
    on_every_backend(|store, engine| async move {
        let (a, b, u) = setup(&store).await;
        let me = Actor::User(u);
        let app = coachingteamet(&store, a, me).await;
        let figures = ParticipantReport {
            total: Counted::split(103, 56, 47, 0),
            new: Counted::split(38, 18, 20, 0),
            finished: Counted::split(35, 19, 16, 0),
            ongoing: Counted::total(65),
            outcomes: vec![("program".into(), Counted::total(13))],
            narrative: "Första halvåret.".into(),
            ..Default::default()
        };
        let new = NewParticipantReport {
            application: app.id,
            kind: "Halvårsrapport".into(),
            from: day(2024, 1, 1),
            to: day(2024, 6, 30),
            report: figures.clone(),
        };
        let made = store
            .create_participant_report(me, a, &new, "Deltagarrapport påbörjad")
            .await
            .expect("made");
        assert_eq!(made.report, figures, "{engine}");
        assert_eq!(made.approval, Approval::Draft, "{engine}");
        let twice = store.create_participant_report(me, a, &new, "igen").await;
        assert!(
            matches!(twice, Err(StoreError::Duplicate)),
            "{engine}: {twice:?}"
        );
        assert!(
            store
                .create_participant_report(me, b, &new, "fel förbund")
                .await
                .is_err(),
            "{engine}"
        );

        let mut fixed = figures.clone();
        fixed.ongoing = Counted::total(68);
        let saved = store
            .save_participant_report(me, (a, made.id, made.row_version), &fixed, "rättad")
            .await
            .expect("saved");
        assert_eq!(saved.report.ongoing.total, 68, "{engine}");
        let stale = store
            .save_participant_report(me, (a, made.id, made.row_version), &figures, "gammal")
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { current }) if current == saved.row_version),
            "{engine}: {stale:?}"
        );
        assert!(
            store
                .save_participant_report(me, (b, made.id, saved.row_version), &figures, "x")
                .await
                .is_err(),
            "{engine}"
        );

        let receipt = Receipt {
            application: app.id,
            kind: "Halvårsrapport".into(),
            period_end: day(2024, 6, 30),
            received: day(2024, 7, 20),
        };
        let sent = store
            .step_participant_report(
                me,
                (a, made.id, saved.row_version),
                &ReportStep {
                    action: "participants.submit",
                    approval: &Approval::Submitted,
                    receipt: Some(&receipt),
                },
                "inskickad",
            )
            .await
            .expect("sent");
        let returned = store
            .step_participant_report(
                me,
                (a, made.id, sent.row_version),
                &ReportStep {
                    action: "participants.return",
                    approval: &Approval::Returned {
                        comment: "Rätta åldrarna.".into(),
                    },
                    receipt: None,
                },
                "återsänd",
            )
            .await
            .expect("returned");
        assert_eq!(
            returned.approval,
            Approval::Returned {
                comment: "Rätta åldrarna.".into()
            },
            "{engine}"
        );
        // Sent in again: the receipt is already there and stays the first.
        let again = store
            .step_participant_report(
                me,
                (a, made.id, returned.row_version),
                &ReportStep {
                    action: "participants.submit",
                    approval: &Approval::Submitted,
                    receipt: Some(&Receipt {
                        received: day(2024, 8, 1),
                        ..receipt.clone()
                    }),
                },
                "inskickad igen",
            )
            .await
            .expect("sent again");
        assert_eq!(
            store.receipts(a).await.expect("reads"),
            vec![receipt.clone()],
            "{engine}"
        );
        let stale_step = store
            .step_participant_report(
                me,
                (a, made.id, returned.row_version),
                &ReportStep {
                    action: "participants.approve",
                    approval: &Approval::Approved,
                    receipt: None,
                },
                "gammal",
            )
            .await;
        assert!(
            matches!(stale_step, Err(StoreError::Conflict { .. })),
            "{engine}"
        );
        store
            .step_participant_report(
                me,
                (a, made.id, again.row_version),
                &ReportStep {
                    action: "participants.approve",
                    approval: &Approval::Approved,
                    receipt: None,
                },
                "godkänd",
            )
            .await
            .expect("approved");
        let listed = store
            .participant_reports(a, Some(app.id))
            .await
            .expect("lists");
        assert_eq!(listed.len(), 1, "{engine}");
        assert_eq!(listed[0].approval, Approval::Approved, "{engine}");
        assert_eq!(listed[0].report.ongoing.total, 68, "{engine}");
        assert!(
            store
                .participant_reports(b, None)
                .await
                .expect("lists")
                .is_empty()
        );
        assert!(matches!(
            store.participant_report(b, made.id).await,
            Err(StoreError::NotFound)
        ));

        // Targets: set once from nothing, changed on their row version, a stale change refused.
        use finsam_core::participants::rates::Targets;
        let t = Targets {
            total: Some(120),
            new: Some(50),
            finished: Some(50),
            step_forward: Some(55),
            ..Targets::default()
        };
        let set = store
            .save_participant_targets(me, (a, app.id, 0), &t, "mål satta")
            .await
            .expect("set");
        assert_eq!(set.row_version, 1, "{engine}");
        let again = store
            .save_participant_targets(me, (a, app.id, 0), &t, "igen")
            .await;
        assert!(
            matches!(again, Err(StoreError::Conflict { current: 1 })),
            "{engine}: {again:?}"
        );
        let t2 = Targets {
            with_plan: Some(90),
            ..t
        };
        store
            .save_participant_targets(me, (a, app.id, 1), &t2, "mål ändrade")
            .await
            .expect("changed");
        let kept = store.participant_targets(a).await.expect("reads");
        assert_eq!(kept.len(), 1, "{engine}");
        assert_eq!((kept[0].targets, kept[0].row_version), (t2, 2), "{engine}");
        assert!(
            store
                .participant_targets(b)
                .await
                .expect("reads")
                .is_empty()
        );
        assert!(
            store
                .save_participant_targets(me, (b, app.id, 0), &t, "fel förbund")
                .await
                .is_err(),
            "{engine}"
        );

        let actions: Vec<String> = store
            .audit_log(a, 100)
            .await
            .expect("reads")
            .into_iter()
            .map(|e| e.action)
            .collect();
        for (want, n) in [
            ("participants.targets", 2),
            ("participants.create", 1),
            ("participants.update", 1),
            ("participants.submit", 2),
            ("participants.return", 1),
            ("participants.approve", 1),
        ] {
            assert_eq!(
                actions.iter().filter(|a| *a == want).count(),
                n,
                "{engine}: {want} in {actions:?}"
            );
        }
    })
    .await;
}

/// The activity log keeps the förbund's own activities and its insatser's by day, an activity
/// leaves it by its id in its own förbund only; staffing entries are kept per insats. Audited.
#[tokio::test]
async fn activities_and_staffing_are_kept() {
    use finsam_core::participants::activity::{Activity, ActivityKind, Staffing};
    use finsam_store::ParticipantStore;
    on_every_backend(|store, engine| async move {
        let (a, b, u) = setup(&store).await;
        let me = Actor::User(u);
        let app = coachingteamet(&store, a, me).await;
        let visit = Activity {
            on: day(2024, 4, 10),
            kind: ActivityKind::StudyVisit,
            insats: Some(app.id.0),
            text: "Studiebesök från Vadstena".into(),
        };
        let lecture = Activity {
            on: day(2024, 2, 6),
            kind: ActivityKind::Knowledge,
            insats: None,
            text: "Föreläsning om arbetsmarknad och etablering".into(),
        };
        let first = store
            .add_activity(me, a, &visit, "aktivitet")
            .await
            .expect("logged");
        store
            .add_activity(me, a, &lecture, "aktivitet")
            .await
            .expect("logged");
        assert!(
            store
                .add_activity(me, b, &visit, "fel förbund")
                .await
                .is_err(),
            "{engine}"
        );
        let log = store.activities(a).await.expect("reads");
        let kept: Vec<&Activity> = log.iter().map(|s| &s.activity).collect();
        assert_eq!(kept, [&lecture, &visit], "{engine}: by day");
        assert!(matches!(
            store.remove_activity(me, b, first.id, "fel förbund").await,
            Err(StoreError::NotFound)
        ));
        store
            .remove_activity(me, a, first.id, "borttagen")
            .await
            .expect("removed");
        assert_eq!(
            store.activities(a).await.expect("reads").len(),
            1,
            "{engine}"
        );

        let coach = Staffing {
            from: day(2024, 3, 1),
            role: "Coach".into(),
            fte: 250,
        };
        store
            .add_staffing(me, (a, app.id), &coach, "bemanning")
            .await
            .expect("added");
        assert!(
            store
                .add_staffing(me, (b, app.id), &coach, "x")
                .await
                .is_err(),
            "{engine}"
        );
        let s = store.staffing(a).await.expect("reads");
        assert_eq!((s.len(), &s[0].staffing), (1, &coach), "{engine}");
        // An indicator: added, replaced on its row version, a stale replace refused.
        use finsam_core::participants::indicator::{Indicator, YearValue};
        let mut visits = Indicator {
            name: "Besök på webbplatsen".into(),
            caution: "Räknas på IP-adressens hemvist.".into(),
            years: Vec::new(),
        };
        let made = store
            .save_indicator(me, (a, app.id), None, &visits, "indikator")
            .await
            .expect("added");
        visits.set(YearValue {
            year: 2023,
            value: Some(28_759),
            target: None,
            note: String::new(),
        });
        store
            .save_indicator(me, (a, app.id), Some((made.id, 1)), &visits, "år")
            .await
            .expect("replaced");
        let stale = store
            .save_indicator(me, (a, app.id), Some((made.id, 1)), &visits, "gammal")
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict { current: 2 })),
            "{engine}: {stale:?}"
        );
        assert!(
            store
                .save_indicator(me, (b, app.id), Some((made.id, 2)), &visits, "x")
                .await
                .is_err(),
            "{engine}"
        );
        let kept = store.indicators(a).await.expect("reads");
        assert_eq!((kept.len(), &kept[0].indicator), (1, &visits), "{engine}");
        let actions: Vec<String> = store
            .audit_log(a, 50)
            .await
            .expect("reads")
            .into_iter()
            .map(|e| e.action)
            .collect();
        for (want, n) in [
            ("activity.create", 2),
            ("activity.delete", 1),
            ("staffing.create", 1),
            ("indicator.create", 1),
            ("indicator.update", 1),
        ] {
            assert_eq!(
                actions.iter().filter(|x| *x == want).count(),
                n,
                "{engine}: {want}"
            );
        }
    })
    .await;
}

/// Nora's Coachingteamet, submitted to `a` (a newly received application).
async fn coachingteamet(
    store: &SqlStore,
    a: AssociationId,
    me: Actor,
) -> finsam_store::StoredApplication {
    use finsam_core::insats::workflow::Case;
    use finsam_store::{InsatsStore, Submission};
    store
        .submit_application(
            me,
            a,
            (
                &insats_named("Coachingteamet", "nora"),
                &Case::new(day(2024, 2, 1)),
            ),
            Submission {
                continuation: None,
                case_format: "{år}/{nr}",
                files: &[],
            },
        )
        .await
        .expect("submitted")
}
