// This file is part of the IVF consortium chain's patch of sc-rpc-server (see PATCH.md).
// SPDX-License-Identifier: GPL-3.0-or-later WITH Classpath-exception-2.0

//! Which browser origins may call the node, enforced for WebSocket upgrades as well as HTTP.
//!
//! Browsers apply CORS to `fetch` but not to WebSocket: any page the operator opens may open
//! `ws://127.0.0.1:9944` and the browser sends the page's `Origin` along without asking the
//! server for a grant (Cross-Site WebSocket Hijacking). Upstream's server answers CORS
//! preflights from the `--rpc-cors` list but accepts every WebSocket upgrade, so a page from
//! any origin could call every method the interface exposes, unsafe ones included on a
//! loopback interface with `--rpc-methods auto`. [`OriginFilterLayer`] refuses, with
//! `403 Forbidden`, any request that carries an `Origin` outside the list, before the request
//! reaches the JSON-RPC service. A request without `Origin` (a native client: `@polkadot/api`
//! in Node.js, `substrate-interface`, curl) is not a browser acting for a page, and passes.
//!
//! An allowed origin is written as browsers send it, `scheme://host[:port]`, and may end in
//! `:*` to allow every port of that scheme and host (`http://localhost:*`), which is how the
//! default list has always been written; upstream matched such entries literally, so local
//! pages on any real port got no CORS grant.

use std::{
	error::Error,
	future::Future,
	pin::Pin,
	sync::Arc,
	task::{Context, Poll},
};

use http::{header::ORIGIN, HeaderValue, StatusCode};
use jsonrpsee::server::{HttpBody, HttpResponse};

/// The origins a listener answers: every origin (no `--rpc-cors` list, or `all`), or a list.
#[derive(Debug, Clone)]
pub enum OriginPolicy {
	/// Any origin may call (upstream's `--rpc-cors all`).
	Any,
	/// Only the listed origins may call.
	List(Arc<Vec<AllowedOrigin>>),
}

/// One entry of an origin list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedOrigin {
	/// Exactly this origin, compared as browsers serialise it (ASCII case-insensitive).
	Exact(String),
	/// `scheme://host` on any port, written `scheme://host:*`.
	AnyPort {
		/// `scheme://host`, without a trailing colon.
		scheme_and_host: String,
	},
}

impl AllowedOrigin {
	/// Reads one `--rpc-cors` entry.
	pub fn parse(entry: &str) -> Self {
		let entry = entry.trim().to_ascii_lowercase();
		match entry.strip_suffix(":*") {
			Some(scheme_and_host) => Self::AnyPort { scheme_and_host: scheme_and_host.to_owned() },
			None => Self::Exact(entry),
		}
	}

	/// Whether `origin` (an `Origin` header's value) is this entry.
	pub fn matches(&self, origin: &str) -> bool {
		let origin = origin.to_ascii_lowercase();
		match self {
			Self::Exact(allowed) => *allowed == origin,
			Self::AnyPort { scheme_and_host } => {
				match origin.strip_prefix(scheme_and_host.as_str()) {
					// The origin's host is exactly the entry's: nothing follows, or a numeric port.
					Some("") => true,
					Some(rest) => rest.strip_prefix(':').is_some_and(|port| {
						!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
					}),
					None => false,
				}
			},
		}
	}
}

impl OriginPolicy {
	/// The policy of a `--rpc-cors` setting: `None` (or `all`) allows every origin.
	pub fn from_cors(cors: Option<&[String]>) -> Self {
		match cors {
			None => Self::Any,
			Some(list) => {
				Self::List(Arc::new(list.iter().map(|e| AllowedOrigin::parse(e)).collect()))
			},
		}
	}

	/// Whether a request whose `Origin` header is `origin` may be answered.
	pub fn allows(&self, origin: &HeaderValue) -> bool {
		match self {
			Self::Any => true,
			Self::List(list) => origin
				.to_str()
				.is_ok_and(|origin| list.iter().any(|allowed| allowed.matches(origin))),
		}
	}
}

/// Layer that refuses requests from browser origins outside the [`OriginPolicy`].
#[derive(Debug, Clone)]
pub struct OriginFilterLayer {
	policy: OriginPolicy,
}

impl OriginFilterLayer {
	/// A layer enforcing `policy`.
	pub fn new(policy: OriginPolicy) -> Self {
		Self { policy }
	}
}

impl<S> tower::Layer<S> for OriginFilterLayer {
	type Service = OriginFilter<S>;

	fn layer(&self, inner: S) -> Self::Service {
		OriginFilter { inner, policy: self.policy.clone() }
	}
}

/// Middleware of [`OriginFilterLayer`].
#[derive(Debug, Clone)]
pub struct OriginFilter<S> {
	inner: S,
	policy: OriginPolicy,
}

impl<S, B> tower::Service<http::Request<B>> for OriginFilter<S>
where
	S: tower::Service<http::Request<B>, Response = HttpResponse>,
	S::Error: Into<Box<dyn Error + Send + Sync>> + 'static,
	S::Future: Send + 'static,
{
	type Response = HttpResponse;
	type Error = Box<dyn Error + Send + Sync + 'static>;
	type Future =
		Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send + 'static>>;

	fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
		self.inner.poll_ready(cx).map_err(Into::into)
	}

	fn call(&mut self, req: http::Request<B>) -> Self::Future {
		if let Some(origin) = req.headers().get(ORIGIN) {
			if !self.policy.allows(origin) {
				log::debug!(target: "rpc", "refused a request from origin {origin:?}: not in --rpc-cors");
				let refusal = http::Response::builder()
					.status(StatusCode::FORBIDDEN)
					.body(HttpBody::from(
						"This origin may not call the node: it is not in the node's --rpc-cors list.",
					))
					.expect("a static status and body make a valid response; qed");
				return Box::pin(async move { Ok(refusal) });
			}
		}
		let fut = self.inner.call(req);
		Box::pin(async move { fut.await.map_err(Into::into) })
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn policy(list: &[&str]) -> OriginPolicy {
		OriginPolicy::from_cors(Some(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
	}

	fn allows(policy: &OriginPolicy, origin: &str) -> bool {
		policy.allows(&HeaderValue::from_str(origin).unwrap())
	}

	#[test]
	fn a_listed_origin_is_allowed_and_any_other_refused() {
		let p = policy(&["https://polkadot.js.org"]);
		assert!(allows(&p, "https://polkadot.js.org"));
		assert!(allows(&p, "HTTPS://Polkadot.JS.org"));
		assert!(!allows(&p, "https://polkadot.js.org.evil.example"));
		assert!(!allows(&p, "http://polkadot.js.org"));
		assert!(!allows(&p, "https://evil.example"));
		assert!(!allows(&p, "null"));
	}

	#[test]
	fn a_port_wildcard_allows_every_port_of_that_host_only() {
		let p = policy(&["http://localhost:*"]);
		assert!(allows(&p, "http://localhost"));
		assert!(allows(&p, "http://localhost:3000"));
		assert!(!allows(&p, "http://localhost.evil.example"));
		assert!(!allows(&p, "http://localhost.evil.example:3000"));
		assert!(!allows(&p, "http://localhost:3000.evil.example"));
		assert!(!allows(&p, "http://localhost:"));
		assert!(!allows(&p, "https://localhost:3000"));
	}

	#[test]
	fn no_list_allows_every_origin() {
		assert!(allows(&OriginPolicy::from_cors(None), "https://evil.example"));
	}
}
