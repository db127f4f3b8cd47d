//! Where Finsam keeps its data: associations, users and their roles, plan versions, the audit
//! log and sessions. One trait, [`Store`]; one SQL implementation, [`SqlStore`], that runs on
//! SQLite (the default, an embedded file) and PostgreSQL (hosted), each with its own migrations.
//!
//! Every mutation takes the [`Actor`] that makes it and writes its audit row in the same
//! transaction as the change. Plan drafts use optimistic locking: a write names the row version
//! it started from and gets [`StoreError::Conflict`] when someone else saved in between.

mod associations;
mod audit;
mod feeds;
mod grants;
mod hot;
mod insatser;
mod ledger;
mod lite;
mod meetings;
mod participants;
mod people;
mod plans;
mod sql;
mod users;

pub use associations::AssociationStore;
pub use audit::{AuditStore, SecurityEvent};
pub use feeds::{Feed, FeedStore};
pub use grants::{GrantStore, Receipt, StoredDisbursement};
pub use insatser::{
    ApplicationFilter, ApplicationHead, ApplicationId, FileHead, InsatsStore, NewFile,
    StoredApplication, Submission,
};
pub use ledger::LedgerStore;
pub use ledger::{AccountRows, ObjectCost};
pub use meetings::{MeetingStore, StoredAgendaItem, StoredMeeting, StoredSettings};
pub use participants::{
    NewParticipantReport, ParticipantStore, ReportStep, StoredActivity, StoredIndicator,
    StoredParticipantReport, StoredStaffing, StoredTargets,
};
pub use people::{LinkRefused, Member, PeopleStore};
pub use plans::{PlanStore, SessionVersion, VersionAccess};
pub use users::{ApiToken, Failures, LoginAttempt, LoginStanding, UserStore};

/// Every store trait, for code that calls a concrete store's methods (`use finsam_store::prelude::*`).
pub mod prelude {
    pub use crate::{
        AssociationStore, AuditStore, FeedStore, GrantStore, InsatsStore, LedgerStore,
        MeetingStore, ParticipantStore, PeopleStore, PlanStore, Store, UserStore,
    };
}

use std::fmt;

use async_trait::async_trait;

pub use ledger::{ImportOutcome, LedgerData, LedgerImport, MappingData};
pub use sql::SqlStore;

/// An association's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssociationId(pub i64);

/// A user's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

/// A plan version's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VersionId(pub i64);

/// Who makes a change: a user, or the system itself (set-up from the command line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A logged-in user.
    User(UserId),
    /// The command line or the server itself.
    System,
}

impl Actor {
    pub(crate) fn user_id(self) -> Option<i64> {
        match self {
            Actor::User(u) => Some(u.0),
            Actor::System => None,
        }
    }
}

/// A user's role in one association.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Förbundschef: everything.
    Director,
    /// Ekonom: the budget and the actuals.
    Accountant,
    /// Styrelse: reads.
    Board,
    /// Revisor: reads, and reads the audit log.
    Auditor,
    /// Insatsägare: only their own insatser.
    InsatsOwner,
}

impl Role {
    /// Every role with the word stored and shown for it.
    pub const ALL: [(Role, &'static str); 5] = [
        (Role::Director, "förbundschef"),
        (Role::Accountant, "ekonom"),
        (Role::Board, "styrelse"),
        (Role::Auditor, "revisor"),
        (Role::InsatsOwner, "insatsägare"),
    ];

    /// The Swedish word.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(r, _)| *r == self)
            .map_or("", |(_, w)| w)
    }

    /// Reads the Swedish word.
    pub fn from_word(word: &str) -> Option<Role> {
        Self::ALL.iter().find(|(_, w)| *w == word).map(|(r, _)| *r)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// An association as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Association {
    /// Its id.
    pub id: AssociationId,
    /// Its name.
    pub name: String,
    /// Its organisationsnummer.
    pub org_number: finsam_core::OrgNumber,
}

/// A user as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct User {
    /// Its id.
    pub id: UserId,
    /// The login name.
    pub username: String,
    /// The name shown.
    pub display_name: String,
    /// The argon2id hash of the password (PHC string).
    pub password_hash: String,
}

impl fmt::Debug for User {
    /// The password hash is never written to logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("password_hash", &"[dold]")
            .finish()
    }
}

/// Where a plan version is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Being prepared; can change.
    Draft,
    /// Adopted by the board; never changes again.
    Adopted,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Draft => "utkast",
            Status::Adopted => "beslutad",
        }
    }

    fn from_word(w: &str) -> Option<Status> {
        match w {
            "utkast" => Some(Status::Draft),
            "beslutad" => Some(Status::Adopted),
            _ => None,
        }
    }
}

/// The board's decision that adopted a version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adoption {
    /// The day of the decision.
    pub on: time::Date,
    /// The meeting (e.g. `Styrelsemöte 2023-11-17, § 45`).
    pub meeting: String,
    /// The decision's text.
    pub decision: String,
    /// The statement made when the version was adopted although the checks found errors
    /// ("Styrelsen beslutade med kännedom om 2 fel: …"). Written to the audit log with the
    /// adoption; a version read back has `None`.
    pub acknowledged: Option<String>,
}

/// One version of a plan without its text: what a page needs to decide and to find the parsed
/// plan in a cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionHead {
    /// Its id.
    pub id: VersionId,
    /// The association it belongs to.
    pub association: AssociationId,
    /// The plan (the series of versions) it belongs to.
    pub plan_id: i64,
    /// The plan's title.
    pub title: String,
    /// 1 for the first version, then counting revisions.
    pub number: i64,
    /// Draft or adopted.
    pub status: Status,
    /// The version this one was revised from.
    pub based_on: Option<VersionId>,
    /// Incremented by every save; a write must name the row version it started from.
    pub row_version: i64,
    /// The board's decision, once adopted.
    pub adoption: Option<Adoption>,
    /// A name that tells the version apart ("reviderad juni"), when it has one.
    pub name: Option<String>,
}

impl VersionHead {
    /// How pages and lists name the version: "Verksamhetsplan 2024, version 1: reviderad juni
    /// (nr 17)", the number being the one its address uses.
    pub fn label(&self) -> String {
        let name = self
            .name
            .as_deref()
            .map(|n| format!(": {n}"))
            .unwrap_or_default();
        format!(
            "{}, version {}{name} (nr {})",
            self.title, self.number, self.id.0
        )
    }
}

/// One version of a plan: its plan file text and its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanVersion {
    /// Everything but the text.
    pub head: VersionHead,
    /// The plan file text (see finsam-core's plan_file).
    pub document: String,
}

/// A version reads as its head (`v.id`, `v.row_version`, …); the text is `v.document`.
impl std::ops::Deref for PlanVersion {
    type Target = VersionHead;
    fn deref(&self) -> &VersionHead {
        &self.head
    }
}

/// One row of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its id, in the order changes were made.
    pub id: i64,
    /// The association the change belongs to, if any.
    pub association: Option<AssociationId>,
    /// Who made it (`None`: the system).
    pub user: Option<UserId>,
    /// When, in seconds since 1970 (UTC).
    pub at: i64,
    /// What kind of change (`plan.update`, `user.create` …).
    pub action: String,
    /// What was changed (`plan_version`, `user` …).
    pub entity: String,
    /// The id of what was changed.
    pub entity_id: Option<i64>,
    /// A Swedish sentence that says what happened.
    pub summary: String,
    /// The value before.
    pub old_value: Option<String>,
    /// The value after.
    pub new_value: Option<String>,
}

/// Which page of a list to read: 1-based, with at most [`PageRequest::MAX_PER_PAGE`] items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// The page, from 1.
    pub page: u32,
    /// Items per page.
    pub per_page: u32,
}

impl PageRequest {
    /// The most items a page may have.
    pub const MAX_PER_PAGE: u32 = 500;

    /// A request kept within bounds: page at least 1, 1 to [`Self::MAX_PER_PAGE`] per page.
    pub fn new(page: u32, per_page: u32) -> PageRequest {
        PageRequest {
            page: page.max(1),
            per_page: per_page.clamp(1, Self::MAX_PER_PAGE),
        }
    }

    /// The rows to skip.
    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    /// The rows to read.
    pub fn limit(self) -> i64 {
        i64::from(self.per_page)
    }
}

/// One page of a list, and how long the whole list is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paged<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// Items in the whole list.
    pub total: i64,
    /// Which page this is.
    pub request: PageRequest,
}

impl<T> Paged<T> {
    /// How many pages the whole list has (at least 1).
    pub fn pages(&self) -> u32 {
        let per = i64::from(self.request.per_page);
        u32::try_from(((self.total + per - 1) / per).max(1)).unwrap_or(u32::MAX)
    }
}

/// Which audit rows to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this action (`plan.update`…).
    pub action: Option<String>,
    /// Only changes by the user with this login name.
    pub username: Option<String>,
    /// Only at or after this time (seconds since 1970).
    pub from: Option<i64>,
    /// Only before this time (seconds since 1970).
    pub until: Option<i64>,
}

/// An audit row with the login name of who made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedAuditEntry {
    /// The row.
    pub entry: AuditEntry,
    /// The login name of its user; `None` for the system.
    pub username: Option<String>,
    /// The full name of its user; `None` for the system.
    pub display_name: Option<String>,
    /// For a change to a user (a role granted): that user's full name and login name.
    pub subject: Option<(String, String)>,
}

/// A login session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The user.
    pub user: UserId,
    /// The token that forms must carry (CSRF protection).
    pub csrf_token: String,
    /// When it ends, in seconds since 1970 (UTC).
    pub expires_at: i64,
}

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Nothing with that id (or not in that association).
    #[error("hittades inte")]
    NotFound,
    /// Someone saved in between: the current row version is given.
    #[error("någon annan har sparat en nyare version (version {current})")]
    Conflict {
        /// The row version now stored.
        current: i64,
    },
    /// An adopted version cannot change.
    #[error("versionen är beslutad och kan inte ändras; starta en revidering")]
    Adopted,
    /// A unique name or number is already taken.
    #[error("finns redan")]
    Duplicate,
    /// The database failed.
    #[error("databasfel: {0}")]
    Database(#[from] sqlx::Error),
    /// The SQLite file failed on the direct path bulk imports take.
    #[error("databasfel (SQLite): {0}")]
    Sqlite(String),
    /// The database could not be prepared.
    #[error("databasen kunde inte förberedas: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// The backend cannot do this.
    #[error("{0}")]
    Unsupported(&'static str),
    /// Stored data that no longer reads as what it was stored as.
    #[error("lagrade data är skadade: {0}")]
    Corrupt(String),
    /// The database URL names no backend Finsam has.
    #[error("okänd databas-URL {0:?}; använd sqlite:FIL eller postgres://…")]
    UnknownBackend(String),
}

/// A shorthand for store results.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Everything Finsam keeps: one trait per aggregate, and what concerns the whole database.
#[async_trait]
pub trait Store:
    AssociationStore
    + UserStore
    + PeopleStore
    + PlanStore
    + AuditStore
    + LedgerStore
    + InsatsStore
    + MeetingStore
    + GrantStore
    + FeedStore
    + ParticipantStore
    + Send
    + Sync
{
    /// Writes a consistent copy of the whole database to `path` while it is in use (SQLite).
    async fn backup(&self, path: &str) -> Result<()>;
}
