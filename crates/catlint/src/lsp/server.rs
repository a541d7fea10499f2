//! The server: the main loop, notifications, debouncing and publishing.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use catlint_core::rules::internal_error::panic_message;
use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    FileSystemWatcher, GlobPattern, MessageType, PublishDiagnosticsParams, Registration,
    RegistrationParams, ShowMessageParams,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::convert::{LineMap, apply_changes};
use super::workspace::Workspace;
use super::{ServerError, diagnostics, path_of};

pub(super) struct Server<'c> {
    pub(super) connection: &'c Connection,
    pub(super) workspace: Workspace,
    pub(super) debounce: Duration,
    /// Documents changed and not yet checked, with when to check them.
    pub(super) pending: BTreeMap<PathBuf, Instant>,
    pub(super) snippets: bool,
    pub(super) today: String,
    pub(super) verbose: bool,
    /// `shutdown` was received: only `exit` is expected now.
    pub(super) shut_down: bool,
}

impl Server<'_> {
    pub(super) fn main_loop(&mut self) -> Result<(), ServerError> {
        loop {
            let next = self.pending.values().min().copied();
            let message = match next {
                Some(deadline) => {
                    let wait = deadline.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => return self.stopped(),
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return self.stopped(),
                },
            };
            match message {
                Some(Message::Request(request)) if self.shut_down => {
                    self.send(Message::Response(Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".to_owned(),
                    )))?;
                }
                Some(Message::Request(request))
                    if request.method == lsp_types::request::Shutdown::METHOD =>
                {
                    self.shut_down = true;
                    self.pending.clear();
                    self.send(Message::Response(Response::new_ok(request.id, ())))?;
                }
                Some(Message::Request(request)) => self.request(request)?,
                Some(Message::Notification(notification)) => {
                    if notification.method == lsp_types::notification::Exit::METHOD {
                        return self.stopped();
                    }
                    if !self.shut_down {
                        self.guarded_notification(notification)?;
                    }
                }
                Some(Message::Response(_)) | None => {}
            }
            self.check_due()?;
        }
    }

    /// The end of the connection (`exit`, or the client closed it): clean after `shutdown`.
    fn stopped(&self) -> Result<(), ServerError> {
        if self.shut_down {
            Ok(())
        } else {
            Err(ServerError::NoShutdown)
        }
    }

    /// Handle a notification; a panic drops it (logged) and the server goes on.
    fn guarded_notification(&mut self, n: Notification) -> Result<(), ServerError> {
        let method = n.method.clone();
        match catch_unwind(AssertUnwindSafe(|| self.notification(n))) {
            Ok(result) => result,
            Err(panic) => {
                eprintln!(
                    "catlint lsp: handling `{method}` panicked ({}); the notification was dropped",
                    panic_message(&*panic)
                );
                Ok(())
            }
        }
    }

    /// Check the documents whose debounce window has passed (unless something else, such as
    /// a change of the file tree, has checked their current text already).
    fn check_due(&mut self) -> Result<(), ServerError> {
        let now = Instant::now();
        let due: Vec<PathBuf> = self
            .pending
            .iter()
            .filter(|(_, deadline)| **deadline <= now)
            .map(|(p, _)| p.clone())
            .collect();
        for path in due {
            self.pending.remove(&path);
            if self
                .workspace
                .docs
                .get(&path)
                .is_none_or(|d| d.checked.is_some())
            {
                continue;
            }
            let started = Instant::now();
            let changed = self.workspace.check(&path);
            self.publish(&changed)?;
            self.log(format_args!(
                "checked and published {} {:.1} ms after the debounce window ({} ms) ended",
                path.display(),
                started.elapsed().as_secs_f64() * 1000.0,
                self.debounce.as_millis()
            ));
        }
        Ok(())
    }

    fn log(&self, message: std::fmt::Arguments<'_>) {
        if self.verbose {
            eprintln!("catlint lsp: {message}");
        }
    }

    fn send(&self, message: Message) -> Result<(), ServerError> {
        self.connection
            .sender
            .send(message)
            .map_err(|_| ServerError::NoShutdown)
    }

    fn notify<N: lsp_types::notification::Notification>(
        &self,
        params: N::Params,
    ) -> Result<(), ServerError> {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_owned(),
            params,
        )))
    }

    /// Publish the current diagnostics of open documents.
    pub(super) fn publish(&mut self, paths: &[PathBuf]) -> Result<(), ServerError> {
        for path in paths {
            let Some(doc) = self.workspace.docs.get(path) else {
                continue;
            };
            let diagnostics = doc
                .checked
                .as_ref()
                .map(|c| diagnostics::to_lsp(&doc.uri, &doc.text, &LineMap::new(&doc.text), c))
                .unwrap_or_default();
            self.notify::<lsp_types::notification::PublishDiagnostics>(PublishDiagnosticsParams {
                uri: doc.uri.clone(),
                diagnostics,
                version: Some(doc.version),
            })?;
        }
        self.tell_messages()
    }

    /// Show the workspace's problems (a broken catlint.toml) once each.
    pub(super) fn tell_messages(&mut self) -> Result<(), ServerError> {
        for message in std::mem::take(&mut self.workspace.messages) {
            self.notify::<lsp_types::notification::ShowMessage>(ShowMessageParams {
                typ: MessageType::ERROR,
                message,
            })?;
        }
        Ok(())
    }

    pub(super) fn register_watchers(&self) -> Result<(), ServerError> {
        let watchers = [
            "**/*.{md,markdown}",
            "**/catlint.toml",
            "**/{hugo,config}.{toml,yaml,yml,json}",
            "**/config/**/*.{toml,yaml,yml,json}",
        ]
        .into_iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.to_owned()),
            kind: None,
        })
        .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "catlint-watched-files".to_owned(),
                method: lsp_types::notification::DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: Some(serde_json::to_value(options)?),
            }],
        };
        self.send(Message::Request(Request::new(
            RequestId::from("catlint/register-watchers".to_owned()),
            lsp_types::request::RegisterCapability::METHOD.to_owned(),
            params,
        )))
    }

    fn notification(&mut self, n: Notification) -> Result<(), ServerError> {
        use lsp_types::notification as N;
        match n.method.as_str() {
            N::DidOpenTextDocument::METHOD => {
                let Some(p) = self.params::<DidOpenTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return Ok(());
                };
                self.pending.remove(&path);
                let changed = self.workspace.open(
                    path,
                    p.text_document.uri,
                    p.text_document.version,
                    p.text_document.text,
                );
                self.publish(&changed)?;
            }
            N::DidChangeTextDocument::METHOD => {
                let Some(p) = self.params::<DidChangeTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return Ok(());
                };
                let Some(doc) = self.workspace.docs.get(&path) else {
                    return Ok(());
                };
                let mut text = doc.text.clone();
                apply_changes(&mut text, p.content_changes);
                self.workspace.change(&path, p.text_document.version, text);
                self.pending.insert(path, Instant::now() + self.debounce);
            }
            N::DidSaveTextDocument::METHOD => {
                let Some(p) = self.params::<DidSaveTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return Ok(());
                };
                self.pending.remove(&path);
                let changed = self.workspace.check(&path);
                self.publish(&changed)?;
            }
            N::DidCloseTextDocument::METHOD => {
                let Some(p) = self.params::<DidCloseTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let Some(path) = path_of(&p.text_document.uri) else {
                    return Ok(());
                };
                self.pending.remove(&path);
                let changed = self.workspace.close(&path);
                self.notify::<N::PublishDiagnostics>(PublishDiagnosticsParams {
                    uri: p.text_document.uri,
                    diagnostics: Vec::new(),
                    version: None,
                })?;
                self.publish(&changed)?;
            }
            N::DidChangeWatchedFiles::METHOD => {
                let Some(p) = self.params::<DidChangeWatchedFilesParams>(n.params) else {
                    return Ok(());
                };
                let changes: Vec<_> = p
                    .changes
                    .iter()
                    .filter_map(|c| Some((path_of(&c.uri)?, c.typ)))
                    .collect();
                let changed = self.workspace.files_changed(&changes);
                self.publish(&changed)?;
            }
            N::DidChangeWorkspaceFolders::METHOD => {
                let Some(p) = self.params::<DidChangeWorkspaceFoldersParams>(n.params) else {
                    return Ok(());
                };
                let added = p
                    .event
                    .added
                    .iter()
                    .filter_map(|f| path_of(&f.uri))
                    .collect();
                let removed: Vec<PathBuf> = p
                    .event
                    .removed
                    .iter()
                    .filter_map(|f| path_of(&f.uri))
                    .collect();
                self.workspace.set_roots(added, &removed);
                let changed = self.workspace.check_all_open();
                self.publish(&changed)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// A notification's parameters; `None` (logged) when they do not parse.
    fn params<P: DeserializeOwned>(&self, value: serde_json::Value) -> Option<P> {
        serde_json::from_value(value)
            .inspect_err(|e| {
                self.log(format_args!(
                    "ignored a notification with invalid parameters: {e}"
                ))
            })
            .ok()
    }

    fn request(&mut self, request: Request) -> Result<(), ServerError> {
        use lsp_types::request as R;
        let id = request.id.clone();
        let response = match request.method.as_str() {
            R::CodeActionRequest::METHOD => self.answer(id, request.params, Self::code_action),
            R::HoverRequest::METHOD => self.answer(id, request.params, Self::hover),
            R::Completion::METHOD => self.answer(id, request.params, Self::completion),
            _ => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("catlint does not handle `{}`", request.method),
            ),
        };
        self.send(Message::Response(response))
    }

    pub(super) fn answer<P: DeserializeOwned, R: Serialize>(
        &mut self,
        id: RequestId,
        params: serde_json::Value,
        handler: fn(&mut Self, P) -> Result<R, ServerError>,
    ) -> Response {
        let params = match serde_json::from_value::<P>(params) {
            Ok(p) => p,
            Err(e) => return Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
        };
        match catch_unwind(AssertUnwindSafe(|| handler(self, params))) {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err(e)) => Response::new_err(id, ErrorCode::InternalError as i32, e.to_string()),
            Err(panic) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("catlint panicked: {}", panic_message(&*panic)),
            ),
        }
    }

    /// Make sure `path`'s diagnostics belong to its current text (a change may still wait
    /// for its debounce window).
    pub(super) fn flush(&mut self, path: &PathBuf) -> Result<(), ServerError> {
        let stale = self
            .workspace
            .docs
            .get(path)
            .is_some_and(|d| d.checked.is_none());
        if stale || self.pending.contains_key(path) {
            self.pending.remove(path);
            let changed = self.workspace.check(path);
            self.publish(&changed)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use catlint_core::rules::Settings;

    fn boom(_: &mut Server<'_>, _: serde_json::Value) -> Result<(), ServerError> {
        panic!("boom in a handler")
    }

    #[test]
    fn a_panic_while_answering_is_an_internal_error_and_the_server_goes_on() {
        let (connection, client) = Connection::memory();
        let mut server = Server {
            connection: &connection,
            workspace: Workspace::new(Vec::new(), None, Settings::default()),
            debounce: Duration::ZERO,
            pending: BTreeMap::new(),
            snippets: false,
            today: String::new(),
            verbose: false,
            shut_down: false,
        };
        let response = server.answer(RequestId::from(1), serde_json::json!({}), boom);
        let error = response.error.expect("an error response");
        assert_eq!(error.code, ErrorCode::InternalError as i32);
        assert!(error.message.contains("boom in a handler"), "{error:?}");
        // The next request is answered as usual; then `shutdown` and `exit` end it cleanly.
        for message in [
            Message::Request(Request::new(
                RequestId::from(2),
                lsp_types::request::HoverRequest::METHOD.to_owned(),
                serde_json::json!({
                    "textDocument": { "uri": "file:///nowhere/a.md" },
                    "position": { "line": 0, "character": 0 },
                }),
            )),
            Message::Request(Request::new(
                RequestId::from(3),
                lsp_types::request::Shutdown::METHOD.to_owned(),
                serde_json::Value::Null,
            )),
            Message::Notification(Notification::new(
                lsp_types::notification::Exit::METHOD.to_owned(),
                serde_json::Value::Null,
            )),
        ] {
            client.sender.send(message).expect("send");
        }
        assert!(server.main_loop().is_ok());
        let answers: Vec<Response> = client
            .receiver
            .try_iter()
            .filter_map(|m| match m {
                Message::Response(r) => Some(r),
                _ => None,
            })
            .collect();
        assert_eq!(answers.len(), 2, "{answers:?}");
        assert!(answers.iter().all(|r| r.error.is_none()), "{answers:?}");
    }
}
