//! The layers every request passes: a request id (the one an error page shows and every log line
//! of the request carries), request tracing, and the security headers on every response (a
//! Content-Security-Policy without inline script, no framing, no MIME sniffing, no referrer to
//! other sites). From tower-http, so that none of it is written here.

use axum::Router;
use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The policy: everything from Finsam itself, nothing inline but styles in SVG charts' attributes.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The header that carries a request's id, in the request and in its response.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    /// The id of the request being handled, for the error page and the log.
    static CURRENT_ID: String;
}

/// The id of the request being handled, when there is one.
pub fn current_request_id() -> Option<String> {
    CURRENT_ID.try_with(Clone::clone).ok()
}

/// A fresh id for every request: twelve hex digits, short enough to read out on the phone to
/// support, unique in a log. A random start per process and a counter, so that making one costs
/// no system call (an id is not a secret).
#[derive(Clone, Copy, Debug, Default)]
struct CountingId;

fn next_id() -> u64 {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: OnceLock<AtomicU64> = OnceLock::new();
    let next = NEXT.get_or_init(|| {
        let start = u64::from_str_radix(&finsam_app::users::random_hex(6), 16).unwrap_or(0);
        AtomicU64::new(start)
    });
    next.fetch_add(1, Ordering::Relaxed) & 0xffff_ffff_ffff
}

impl MakeRequestId for CountingId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&format!("{:012x}", next_id()))
            .ok()
            .map(RequestId::new)
    }
}

/// Runs the rest of the request with its id at hand for [`current_request_id`].
async fn scope_id(req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    CURRENT_ID.scope(id, next.run(req)).await
}

/// HSTS, sent when Finsam is served over https (`--secure-cookies`): a year, subdomains not
/// included (they may be other services of the förbund's host).
pub const HSTS: &str = "max-age=31536000";

/// Wraps the routes in the layers, innermost first as written. Every answer is `no-store`
/// unless its route says otherwise (the style sheet): pages and API answers hold a förbund's
/// figures and must not stay in a shared computer's cache. With `https`, HSTS too.
pub fn layers<S: Clone + Send + Sync + 'static>(routes: Router<S>, https: bool) -> Router<S> {
    let header =
        |name, value| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    let routes = if https {
        routes.layer(header(STRICT_TRANSPORT_SECURITY, HSTS))
    } else {
        routes
    };
    routes
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(header(CONTENT_SECURITY_POLICY, CSP))
        .layer(header(X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(X_FRAME_OPTIONS, "DENY"))
        .layer(header(REFERRER_POLICY, "same-origin"))
        .layer(axum::middleware::from_fn(scope_id))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                let id = req
                    .headers()
                    .get(&REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!("förfrågan", id, metod = %req.method(), sökväg = req.uri().path())
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, CountingId))
}
