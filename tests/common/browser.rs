//! Helpers that drive headless Chromium through the DevTools protocol (for
//! the opt-in `browser` tests), and child processes and minimal HTTP on
//! 127.0.0.1 (for the watch tests too).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A child process that is killed when the test ends, however it ends.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The next output line containing `needle`, within 30 s.
pub fn wait_for(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return line,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no line with `{needle}` within 30 s");
}

/// A minimal HTTP GET on 127.0.0.1; returns the body.
pub fn http_get(port: u16, path: &str) -> String {
    let response = http_get_as(port, path, &format!("127.0.0.1:{port}"));
    response.split_once("\r\n\r\n").map(|(_, body)| body.to_string()).unwrap_or_default()
}

/// A minimal HTTP GET on 127.0.0.1 with a given Host header; returns the
/// whole response.
pub fn http_get_as(port: u16, path: &str, host: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

/// Fails the test, saying what to install, when Chromium is not at hand.
pub fn require_chromium() {
    let found =
        Command::new("chromium").arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    assert!(
        found.is_ok_and(|s| s.success()),
        "the browser tests need Chromium: install it with `apt-get install chromium` \
         (and axe-core with `npm install --prefix tests/axe axe-core@4`), then run \
         `cargo test --release --test browser` again"
    );
}

/// Headless Chromium with the DevTools protocol on a port of its own.
pub fn start_chromium(url: &str, profile: &Path) -> (Killed, u16) {
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium runs (`apt-get install chromium`)");
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let line = wait_for(&rx, "DevTools listening on ws://127.0.0.1:");
    let port = line.split("127.0.0.1:").nth(1).unwrap().split('/').next().unwrap().parse().unwrap();
    (Killed(child), port)
}

/// Evaluates JavaScript in the page through the DevTools protocol.
pub struct Page {
    socket: tungstenite::WebSocket<TcpStream>,
    id: u64,
}

impl Page {
    pub fn open(devtools_port: u16) -> Self {
        let deadline = Instant::now() + Duration::from_secs(20);
        let ws_url = loop {
            let targets: serde_json::Value =
                serde_json::from_str(&http_get(devtools_port, "/json/list")).unwrap_or_default();
            let page = targets.as_array().and_then(|t| t.iter().find(|t| t["type"] == "page").cloned());
            if let Some(url) = page.and_then(|p| p["webSocketDebuggerUrl"].as_str().map(String::from)) {
                break url;
            }
            assert!(Instant::now() < deadline, "Chromium opened no page");
            std::thread::sleep(Duration::from_millis(100));
        };
        let stream = TcpStream::connect(("127.0.0.1", devtools_port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let (socket, _) = tungstenite::client(ws_url.as_str(), stream).unwrap();
        Page { socket, id: 0 }
    }

    pub fn eval(&mut self, expression: &str) -> String {
        self.call(expression, false)
    }

    /// Evaluates JavaScript that gives a promise, and waits for its value.
    pub fn eval_async(&mut self, expression: &str) -> String {
        self.call(expression, true)
    }

    fn call(&mut self, expression: &str, await_promise: bool) -> String {
        let params = serde_json::json!({"expression": expression, "returnByValue": true, "awaitPromise": await_promise});
        let result = self.command("Runtime.evaluate", params);
        result["result"]["value"].as_str().unwrap_or_default().to_string()
    }

    /// Calls a method of the DevTools protocol (`Emulation.…`, `Page.…`)
    /// and gives its result.
    pub fn command(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.id += 1;
        let call = serde_json::json!({"id": self.id, "method": method, "params": params});
        self.socket.send(tungstenite::Message::text(call.to_string())).unwrap();
        loop {
            let message = self.socket.read().expect("Chromium answers within 60 s");
            let Ok(text) = message.to_text() else { continue };
            let reply: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            if reply["id"] == self.id {
                return reply["result"].clone();
            }
        }
    }

    /// Lays the page out `width` CSS pixels wide, as a narrow phone.
    pub fn set_width(&mut self, width: u32) {
        self.command(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
        );
    }

    /// The page printed to PDF, as Chromium's print dialog would.
    pub fn print(&mut self) -> Vec<u8> {
        use base64::Engine;
        let result = self.command("Page.printToPDF", serde_json::json!({}));
        base64::engine::general_purpose::STANDARD.decode(result["data"].as_str().unwrap_or_default()).unwrap()
    }

    /// Waits until the expression gives `want`, within 20 s.
    pub fn wait_until(&mut self, expression: &str, want: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut got = String::new();
        while Instant::now() < deadline {
            got = self.eval(expression);
            if got == want {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the page shows `{got}`, not `{want}`");
    }
}
