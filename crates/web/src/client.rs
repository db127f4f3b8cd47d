//! Who is at the other end: the client's address, from the connection, or from
//! `X-Forwarded-For` when the connection comes from a proxy that Finsam is told to trust
//! (`finsam serve --trusted-proxy`). Login throttling counts per this address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::AppState;

/// The client's address of a request (as text: an IP address, or `okänd` when the server runs
/// without connection info, as in-process tests may).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub String);

/// The client's address: the peer of the connection, unless that peer is a trusted proxy; then
/// the nearest address in `X-Forwarded-For` that is not itself a trusted proxy (the entries
/// further left are the client's word and could be forged).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for entry in forwarded.iter().rev() {
        match entry.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => {}
            Ok(ip) => return ip,
            // A malformed entry ends what can be believed.
            Err(_) => break,
        }
    }
    peer
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ClientAddr, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddr(peer.map_or_else(
            || "okänd".to_owned(),
            |p| client_address(p, &parts.headers, &state.trusted_proxies).to_string(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    fn forwarded(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", v.parse().expect("a header"));
        h
    }

    #[test]
    fn forwarded_addresses_count_only_from_a_trusted_proxy() {
        let proxy = ip("10.0.0.1");
        let h = forwarded("203.0.113.9, 198.51.100.7");
        // Not trusted: the header is ignored.
        assert_eq!(
            client_address(ip("192.0.2.5"), &h, &[proxy]),
            ip("192.0.2.5")
        );
        // Trusted: the nearest entry, not the leftmost one a client could have written.
        assert_eq!(client_address(proxy, &h, &[proxy]), ip("198.51.100.7"));
        // Two trusted proxies in a row are skipped.
        let h = forwarded("198.51.100.7, 10.0.0.2");
        assert_eq!(
            client_address(proxy, &h, &[proxy, ip("10.0.0.2")]),
            ip("198.51.100.7")
        );
        // Garbage or nothing: the proxy itself.
        assert_eq!(client_address(proxy, &forwarded("x"), &[proxy]), proxy);
        assert_eq!(client_address(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }
}
