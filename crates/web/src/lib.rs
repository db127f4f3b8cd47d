//! How people reach Finsam: server-rendered Swedish pages that work without JavaScript, and a
//! JSON API over the same resources and the same authorization.
//!
//! `app(state)` builds the whole application, so that tests start exactly what production runs.

mod api;
mod auth;
mod charts;
mod client;
mod csrf;
mod error;
mod pages;
mod security;
mod upload;
mod view;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use finsam_app::App;
use finsam_app::actuals::MAX_UPLOAD;
use finsam_app::cache::VersionCache;
use finsam_store::Store;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The use cases, over the store.
    pub app: App,
    /// Whether cookies carry `Secure` (set when Finsam is served over https).
    pub secure_cookies: bool,
    /// Proxies whose `X-Forwarded-For` names the client (see `client`); none by default.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Uploads being received now (see `csrf::MAX_UPLOADS`).
    uploads: Arc<tokio::sync::Semaphore>,
    /// Dashboards per plan version and unit shown (`view::unit_index`), the same for every
    /// user.
    dashboards: Arc<[VersionCache<view::Dashboard>; 2]>,
    /// The API's JSON of a plan version, the same for every user.
    version_json: Arc<VersionCache<axum::body::Bytes>>,
    /// The budget editor's table and findings per plan version and unit shown.
    editors: Arc<[VersionCache<pages::EditorParts>; 2]>,
    /// Exported files of a plan version per (version, unit, file), at the förbund's audit
    /// stamp (the goals sheet reads the books too).
    exports: Arc<Exports>,
    /// Rendered follow-up page bodies, at the förbund's audit stamp.
    follow_up_bodies: Arc<pages::FollowUpBodies>,
    /// Rendered application pages and lists, at their förbund's audit stamp.
    application_bodies: Arc<pages::ApplicationBodies>,
    application_lists: Arc<pages::ListBodies>,
    /// Rendered reports tables, at their förbund's audit stamp.
    report_bodies: Arc<pages::ReportBodies>,
    /// Calendars as ICS files, at their förbund's audit stamp.
    calendars: Arc<pages::CalendarFiles>,
    /// Rendered budget tables, at their version's row version.
    budget_tables: Arc<pages::BudgetTables>,
}

/// Exported files per (version, unit, file).
type Exports = finsam_app::cache::StampCache<(i64, &'static str, String), Vec<u8>>;

impl AppState {
    /// The state for a store.
    pub fn new(store: Arc<dyn Store>, secure_cookies: bool) -> AppState {
        AppState {
            app: App::new(store),
            secure_cookies,
            trusted_proxies: Vec::new(),
            uploads: Arc::new(tokio::sync::Semaphore::new(csrf::MAX_UPLOADS)),
            dashboards: Arc::default(),
            version_json: Arc::default(),
            editors: Arc::default(),
            exports: Arc::default(),
            // About 60 kB each: a few förbund's periods.
            follow_up_bodies: Arc::new(pages::FollowUpBodies::with_capacity(64)),
            application_bodies: Arc::new(pages::ApplicationBodies::with_capacity(512)),
            application_lists: Arc::new(pages::ListBodies::with_capacity(256)),
            report_bodies: Arc::new(pages::ReportBodies::with_capacity(256)),
            calendars: Arc::new(pages::CalendarFiles::with_capacity(256)),
            budget_tables: Arc::new(pages::BudgetTables::with_capacity(64)),
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("secure_cookies", &self.secure_cookies)
            .finish_non_exhaustive()
    }
}

/// Every file of participant figures marked public (small numbers hidden), by its name under
/// a report's address; a test walks them.
pub use pages::PUBLIC_FILES as PUBLIC_PARTICIPANT_FILES;
pub use security::HSTS;

/// The largest request body accepted (plan file uploads included); SIE uploads may be up to
/// [`MAX_UPLOAD`].
pub const MAX_BODY: usize = 1024 * 1024;

/// The whole application.
pub fn app(state: AppState) -> Router {
    let routes = pages::routes()
        .merge(api::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::protect,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD))
        .layer(axum::middleware::from_fn(error::humane));
    let https = state.secure_cookies;
    security::layers(routes, https).with_state(state)
}

/// Serves the application on `listener` until Ctrl-C or SIGTERM, then finishes the requests
/// in flight.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("avslutar: väntar in pågående förfrågningar");
}
