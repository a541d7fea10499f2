//! A language server client for the tests: the real `catlint lsp`, spoken to over JSON-RPC
//! on its stdio.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long to wait for any one answer (debug builds on a busy machine are slow).
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The debounce window the tests run the server with.
pub const DEBOUNCE_MS: u64 = 100;

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    pub backlog: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Start `catlint lsp` and initialise it with `root` as the workspace folder.
    pub fn start(root: &Path) -> Self {
        Self::start_with(root, json!({}))
    }

    pub fn start_with(root: &Path, capabilities: Value) -> Self {
        Self::start_debounced(root, capabilities, DEBOUNCE_MS)
    }

    pub fn start_debounced(root: &Path, capabilities: Value, debounce_ms: u64) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_catlint"))
            .args(["lsp", "--debounce-ms", &debounce_ms.to_string()])
            .current_dir(root)
            .env("CATLINT_NOW", "2026-01-01T00:00:00Z")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start catlint lsp");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("JSON from the server");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut client = Self {
            child,
            stdin,
            incoming,
            backlog: Vec::new(),
            next_id: 0,
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": capabilities,
                "workspaceFolders": [{ "uri": uri(root), "name": "site" }],
            }),
        );
        assert_eq!(result["serverInfo"]["name"], "catlint");
        client.notify("initialized", json!({}));
        client
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).expect("encode");
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write");
        stdin.write_all(&body).expect("write");
        stdin.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Send a request and wait for its response (result or error).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next_message();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// Send a request; its result (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    pub fn next_message(&mut self) -> Value {
        match self.incoming.recv_timeout(TIMEOUT) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// The next `publishDiagnostics` for `uri` (from the backlog first).
    pub fn diagnostics(&mut self, uri: &str) -> Value {
        let is_it = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.backlog.iter().position(is_it) {
            return self.backlog.remove(i)["params"].clone();
        }
        loop {
            let message = self.next_message();
            if is_it(&message) {
                return message["params"].clone();
            }
            self.backlog.push(message);
        }
    }

    /// A `publishDiagnostics` for `uri` arriving within `wait`, if any.
    pub fn diagnostics_within(&mut self, uri: &str, wait: Duration) -> Option<Value> {
        let is_it = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.backlog.iter().position(is_it) {
            return Some(self.backlog.remove(i)["params"].clone());
        }
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(m) if is_it(&m) => return Some(m["params"].clone()),
                Ok(m) => self.backlog.push(m),
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
            }
        }
    }

    pub fn open(&mut self, path: &Path) -> (String, String) {
        let text = std::fs::read_to_string(path).expect("read page");
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
        (uri, text)
    }

    pub fn change_all(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    /// `shutdown`, `exit`, and the exit code.
    pub fn shutdown(mut self) -> i32 {
        let result = self.request("shutdown", Value::Null);
        assert!(result.is_null());
        self.exit()
    }

    /// `exit` (whether or not `shutdown` came first), and the exit code.
    pub fn exit(mut self) -> i32 {
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn uri(path: &Path) -> String {
    let path = path.to_string_lossy();
    let mut out = String::from("file://");
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
