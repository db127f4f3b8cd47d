//! Finsam's use cases: what the web pages, the JSON API and the command line all call. Importing
//! an SIE file, building a follow-up, the plan of a year, plan edits with their audit text, users
//! and their sessions, the demo, and the authorization policy over (role, action, resource).
//!
//! The domain (finsam-core) decides what is right; the store keeps it; this layer puts the two
//! together for one use case at a time. It knows nothing of HTTP or the terminal.

pub mod actuals;
pub mod application_form;
pub mod audit;
pub mod cache;
pub mod calendar;
pub mod clock;
pub mod demo;
pub mod grants;
pub mod insatser;
pub mod line_merge;
pub mod memberships;
pub mod participants;
pub mod people;
pub mod plan_edit;
pub mod plans;
pub mod policy;
pub mod settings;
pub mod throttle;
pub mod undo;
pub mod users;

use std::sync::Arc;

use finsam_core::Plan;
use finsam_store::Store;

pub use policy::{Action, Denied, Resource, allows};

/// How many follow-up contexts (each with a fiscal year's ledger) are kept at once.
pub const CONTEXTS_KEPT: usize = 16;

/// The application: the store and what is cached in front of it. Cheap to clone.
#[derive(Clone)]
pub struct App {
    store: Arc<dyn Store>,
    plans: Arc<cache::VersionCache<Plan>>,
    memberships: Arc<memberships::Memberships>,
    /// Follow-up contexts per (förbund, fiscal year), at the förbund's audit stamp.
    contexts: Arc<actuals::Contexts>,
    /// Applications as read, per (förbund, application) at the förbund's audit stamp.
    applications: Arc<cache::StampCache<(i64, i64), finsam_store::StoredApplication>>,
    /// The deadline tables, per (förbund, insatsägare's member, day) at the förbund's audit
    /// stamp.
    due: Arc<insatser::DueCache>,
    /// The board's meetings per förbund at its audit stamp.
    meetings: Arc<cache::StampCache<i64, Vec<finsam_store::StoredMeeting>>>,
    /// The reports due per (förbund, day) at the förbund's audit stamp.
    reports: Arc<grants::ReportCache>,
    /// The overview's pending applications with their what-if, per förbund at its stamp.
    pending: Arc<grants::PendingCache>,
    /// A fixed today, for a test or a demonstration of a past day; none: the calendar's.
    today: Option<finsam_core::plan::Date>,
}

impl App {
    /// The application over a store.
    pub fn new(store: Arc<dyn Store>) -> App {
        App {
            store,
            plans: Arc::default(),
            memberships: Arc::default(),
            // A context holds a fiscal year's ledger: keep a few, not hundreds.
            contexts: Arc::new(actuals::Contexts::with_capacity(CONTEXTS_KEPT)),
            applications: Arc::new(cache::StampCache::with_capacity(1024)),
            due: Arc::default(),
            meetings: Arc::default(),
            reports: Arc::default(),
            pending: Arc::default(),
            today: None,
        }
    }

    /// The same application with `day` as today for deadlines and new applications (a story
    /// told on a day of the demo's year).
    #[must_use]
    pub fn on_day(self, day: finsam_core::plan::Date) -> App {
        App {
            today: Some(day),
            ..self
        }
    }

    /// Where the data is kept, for reads that need no use case of their own.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").finish_non_exhaustive()
    }
}
