//! `vplan watch --serve`: a live preview on 127.0.0.1.
//!
//! Serves a page that shows the document's pages as SVG and polls
//! `/status`; after each rebuild the version changes and the page reloads
//! its images. A failed build shows its error above the last good pages.
//! With `--format pdf,html` the web page is served too, at `/webbsida`,
//! beside the pages.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tiny_http::{Header, Response, Server};

use crate::build::BuildReport;
use crate::error::Error;

/// What the preview shows.
#[derive(Debug, Default, Serialize)]
struct State {
    /// Goes up with every build, good or failed.
    version: u64,
    /// The document's title.
    title: String,
    /// The number of pages.
    pages: usize,
    /// The last build's error, if it failed.
    error: Option<String>,
    /// The pages as SVG, served separately.
    #[serde(skip)]
    svg: Vec<String>,
    /// Whether there is a web page to show beside the pages.
    webbsida: bool,
    /// The web page, served at `/webbsida`.
    #[serde(skip)]
    html: Option<String>,
}

/// A running preview server.
#[derive(Clone)]
pub struct Preview {
    state: Arc<Mutex<State>>,
}

const PAGE: &str = include_str!("preview.html");

impl Preview {
    /// Starts serving on `addr` (port 0 picks a free port); returns the address.
    pub fn start(addr: SocketAddr) -> Result<(Self, SocketAddr), Error> {
        let server = Server::http(addr)
            .map_err(|e| Error::Usage(format!("cannot serve the preview on {addr}: {e}")))?;
        let local = server.server_addr().to_ip().unwrap_or(addr);
        let preview = Self { state: Arc::new(Mutex::new(State::default())) };
        let serving = preview.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str());
                // A page elsewhere could point a name of its own at 127.0.0.1
                // (DNS rebinding) and read an unpublished draft: only our own
                // names for this address are answered.
                let response = if host.is_some_and(|h| own_host(h, local.port())) {
                    serving.respond(request.url())
                } else {
                    Response::from_string("forbidden: unknown Host").with_status_code(403)
                };
                // A client that went away is no concern of the server's.
                let _ = request.respond(response);
            }
        });
        Ok((preview, local))
    }

    /// Shows a finished build.
    pub fn built(&self, report: &BuildReport) {
        self.update(|s| {
            s.title = report.title.clone();
            s.pages = report.svg.len();
            s.svg = report.svg.clone();
            s.html = report.html.clone();
            s.webbsida = s.html.is_some();
            s.error = None;
        });
    }

    /// Shows a failed build above the last good pages.
    pub fn failed(&self, error: &Error) {
        self.update(|s| s.error = Some(error.render(false)));
    }

    fn update(&self, change: impl FnOnce(&mut State)) {
        if let Ok(mut state) = self.state.lock() {
            change(&mut state);
            state.version += 1;
        }
    }

    fn respond(&self, url: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        let Ok(state) = self.state.lock() else {
            return Response::from_string("busy").with_status_code(503);
        };
        let path = url.split('?').next().unwrap_or(url);
        let (body, kind) = match path {
            "/" => (PAGE.to_string(), "text/html; charset=utf-8"),
            "/status" => (serde_json::to_string(&*state).unwrap_or_default(), "application/json"),
            "/webbsida" => match &state.html {
                Some(page) => (page.clone(), "text/html; charset=utf-8"),
                None => {
                    return Response::from_string("no web page: build with --format pdf,html")
                        .with_status_code(404);
                }
            },
            _ => match page_number(path).and_then(|n| state.svg.get(n)) {
                Some(svg) => (svg.clone(), "image/svg+xml"),
                None => return Response::from_string("not found").with_status_code(404),
            },
        };
        let header = Header::from_bytes("Content-Type", kind).expect("a valid header");
        let no_cache = Header::from_bytes("Cache-Control", "no-store").expect("a valid header");
        Response::from_string(body).with_header(header).with_header(no_cache)
    }
}

/// Whether a Host header names this server: 127.0.0.1, localhost or
/// [::1], with the port served.
fn own_host(host: &str, port: u16) -> bool {
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host.eq_ignore_ascii_case(&format!("{name}:{port}")))
}

/// `/page/3.svg` → 2 (pages are numbered from 1 in URLs).
fn page_number(path: &str) -> Option<usize> {
    let n: usize = path.strip_prefix("/page/")?.strip_suffix(".svg")?.parse().ok()?;
    n.checked_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_host_names_are_answered() {
        assert!(
            own_host("127.0.0.1:3535", 3535)
                && own_host("localhost:3535", 3535)
                && own_host("[::1]:3535", 3535)
        );
        assert!(
            !own_host("evil.example:3535", 3535)
                && !own_host("127.0.0.1:80", 3535)
                && !own_host("127.0.0.1", 3535)
        );
    }

    #[test]
    fn page_urls_are_numbered_from_one() {
        assert_eq!(page_number("/page/1.svg"), Some(0));
        assert_eq!(page_number("/page/0.svg"), None);
        assert_eq!(page_number("/page/x.svg"), None);
        assert_eq!(page_number("/pages"), None);
    }
}
