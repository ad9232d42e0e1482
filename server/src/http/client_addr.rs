//! Who is asking: the client's address, worked out once per request and put in the request's
//! extensions as [`ClientAddr`] for rate limits and flood grouping.
//!
//! Every real deployment sits behind an HTTPS proxy, so the peer address is the proxy's. The
//! forwarded headers (`X-Forwarded-For`, then `Forwarded`) are believed **only** when the peer
//! is a configured trusted proxy (`SPEAKUP_TRUSTED_PROXIES`), and then the client is the
//! right-most address that is not itself a trusted proxy (a client can put anything on the
//! left). Without trusted proxies the headers are ignored: anyone could send them.

use app::api::state::ClientAddr;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Request};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The proxies whose forwarded headers we believe.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// Parses `10.0.0.1, 10.1.0.0/16, ::1` (commas or semicolons; single addresses allowed).
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let nets = list
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{s:?} is not an address or a network like 10.0.0.0/8"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies(Arc::new(nets)))
    }

    fn trusts(&self, ip: &IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }
}

/// The client's address from the peer and the request headers.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    if !trusted.trusts(&peer) {
        return peer;
    }
    let chain = forwarded_for(headers);
    chain
        .iter()
        .rev()
        .find(|ip| !trusted.trusts(ip))
        .or(chain.first())
        .copied()
        .unwrap_or(peer)
}

/// The addresses a request passed through, left (client) to right (nearest proxy).
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let values = |name: &str| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_string())
            .collect::<Vec<_>>()
    };
    let xff: Vec<IpAddr> = values("x-forwarded-for")
        .iter()
        .filter_map(|s| parse_node(s))
        .collect();
    if !xff.is_empty() {
        return xff;
    }
    values("forwarded")
        .iter()
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.trim().split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| parse_node(v.trim().trim_matches('"')))
                    .flatten()
            })
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]:4711` or `2001:db8::1`.
fn parse_node(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse() {
        return Some(ip);
    }
    if let Ok(sock) = s.parse::<SocketAddr>() {
        return Some(sock.ip());
    }
    s.strip_prefix('[')
        .and_then(|r| r.split(']').next())
        .and_then(|v6| v6.parse().ok())
}

pub async fn attach(
    State(trusted): State<TrustedProxies>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if let Some(peer) = peer {
        let ip = client_address(peer, req.headers(), &trusted);
        req.extensions_mut().insert(ClientAddr(ip));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_headers_count_only_from_a_trusted_proxy() {
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        let none = TrustedProxies::default();
        assert_eq!(
            client_address(ip("198.51.100.7"), &h, &none),
            ip("198.51.100.7")
        );
        let proxy = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(
            client_address(ip("10.0.0.2"), &h, &proxy),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_address(ip("198.51.100.7"), &h, &proxy),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn a_client_cannot_pick_its_address_by_adding_to_the_left() {
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.5")]);
        let proxy = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(
            client_address(ip("10.0.0.2"), &h, &proxy),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn the_standard_forwarded_header_and_ipv6_are_understood() {
        let h = headers(&[("forwarded", "for=\"[2001:db8:cafe::17]:4711\";proto=https")]);
        let proxy = TrustedProxies::parse("::1; 127.0.0.1").unwrap();
        assert_eq!(
            client_address(ip("::1"), &h, &proxy),
            ip("2001:db8:cafe::17")
        );
        let h = headers(&[("x-forwarded-for", "192.0.2.1:5555")]);
        assert_eq!(client_address(ip("127.0.0.1"), &h, &proxy), ip("192.0.2.1"));
    }

    #[test]
    fn ipv6_is_grouped_by_64_and_ipv4_by_address() {
        let a = ClientAddr(ip("2001:db8:1:2:aaaa::1"));
        let b = ClientAddr(ip("2001:db8:1:2:bbbb::2"));
        let c = ClientAddr(ip("2001:db8:1:3::1"));
        assert_eq!(a.group(), b.group());
        assert_ne!(a.group(), c.group());
        assert_eq!(ClientAddr(ip("192.0.2.1")).group(), "192.0.2.1");
        assert_eq!(ClientAddr(ip("::ffff:192.0.2.1")).group(), "192.0.2.1");
    }

    #[test]
    fn bad_proxy_settings_are_refused_with_a_reason() {
        assert!(TrustedProxies::parse("10.0.0.0/8, nonsense").is_err());
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
    }
}
