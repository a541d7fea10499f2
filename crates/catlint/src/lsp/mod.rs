//! `catlint lsp`: the language server, over stdio.
//!
//! - On open and save of a page, its diagnostics are published at once; on change, after
//!   the debounce window ([`DEFAULT_DEBOUNCE_MS`], `--debounce-ms`) has passed without a
//!   further change to that document.
//! - The workspace ([`workspace`]) finds the Hugo sites under the editor's folders and
//!   their `catlint.toml`, reads the index once, and keeps it current from open buffers and
//!   `workspace/didChangeWatchedFiles` (registered dynamically when the client can).
//! - Code actions ([`actions`]), hover ([`hover`]) and completion ([`completion`]) work on
//!   the buffer's text; [`convert`] maps byte spans to UTF-16 positions and back.
//!
//! Nothing the client sends can stop the server: a request it cannot answer gets an error
//! response, a notification it cannot read is logged and dropped, and a panic while handling
//! either is caught (the request gets an internal error). After `shutdown`, requests get
//! `InvalidRequest` and notifications other than `exit` are ignored; `exit` ends the server
//! with code 0 after `shutdown`, 1 without.

mod actions;
mod completion;
mod convert;
mod diagnostics;
mod hover;
mod workspace;

use std::any::Any;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use catlint_core::engine::Settings;
use catlint_core::engine::fix::{FixMode, fix_until_stable};
use catlint_core::engine::schema::{SchemaIndex, keys_equal};
use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CompletionItem, CompletionItemKind, CompletionList, CompletionOptions, CompletionParams,
    CompletionResponse, CompletionTextEdit, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions,
    DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, Documentation, FileSystemWatcher, GlobPattern, Hover, HoverContents,
    HoverParams, HoverProviderCapability, InitializeParams, InsertTextFormat, MarkupContent,
    MarkupKind, MessageType, PublishDiagnosticsParams, Registration, RegistrationParams,
    SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Url,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::cli::LspArgs;
use crate::discover::normalize;
use convert::{LineMap, apply_changes};
use workspace::{Role, Workspace};

/// How long a document must stay unchanged before it is checked again, by default.
pub(crate) const DEFAULT_DEBOUNCE_MS: u64 = 200;

/// Why the server stopped abnormally.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ServerError {
    /// The connection to the client broke (or the client never initialised it).
    #[error("language server protocol error: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    /// The client closed the connection without `shutdown`.
    #[error("the client closed the connection without asking the server to shut down")]
    NoShutdown,
    /// The stdio threads failed.
    #[error("reading or writing the connection failed: {0}")]
    Io(#[from] std::io::Error),
    /// A message could not be encoded.
    #[error("a message could not be encoded: {0}")]
    Encode(#[from] serde_json::Error),
}

/// Run the language server on standard input and output until the client shuts it down.
pub(crate) fn serve(args: &LspArgs) -> miette::Result<u8> {
    let settings = crate::settings::engine_settings(args.now.as_deref())?;
    let (connection, io_threads) = Connection::stdio();
    let result = run(&connection, args, settings);
    drop(connection);
    let joined = io_threads.join();
    match result {
        // The protocol asks for exit code 1 when `exit` comes without `shutdown`.
        Err(ServerError::NoShutdown) => return Ok(crate::EXIT_ERRORS),
        Err(e) => return Err(miette::miette!("{e}")),
        Ok(()) => {}
    }
    joined.map_err(|e| miette::miette!("{}", ServerError::Io(e)))?;
    Ok(crate::EXIT_CLEAN)
}

fn run(connection: &Connection, args: &LspArgs, settings: Settings) -> Result<(), ServerError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_else(|e| {
        if args.verbose {
            eprintln!("catlint lsp: ignored the initialize parameters, which do not parse: {e}");
        }
        InitializeParams::default()
    });
    let capabilities = server_capabilities();
    connection.initialize_finish(
        id,
        serde_json::json!({
            "capabilities": capabilities,
            "serverInfo": ServerInfo {
                name: "catlint".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            },
        }),
    )?;
    let mut server = Server {
        connection,
        workspace: Workspace::new(
            workspace_roots(&params),
            args.config.clone(),
            settings.clone(),
        ),
        debounce: Duration::from_millis(args.debounce_ms),
        pending: BTreeMap::new(),
        snippets: params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false),
        today: completion::date_of(settings.now),
        verbose: args.verbose,
        shut_down: false,
    };
    server.tell_messages()?;
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    if watch {
        server.register_watchers()?;
    }
    server.main_loop()
}

fn server_capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
                CodeActionKind::from(actions::FIX_ALL_KIND),
            ]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["[".to_owned(), ",".to_owned(), "-".to_owned()]),
            ..CompletionOptions::default()
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp_types::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders, else the root URI or path the client gave.
#[allow(deprecated)] // `root_uri` and `root_path`: older clients send only these
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let from_folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| path_of(&f.uri))
        .collect();
    if !from_folders.is_empty() {
        return from_folders;
    }
    if let Some(path) = params.root_uri.as_ref().and_then(path_of) {
        return vec![path];
    }
    params
        .root_path
        .as_ref()
        .map(|p| normalize(&PathBuf::from(p)))
        .filter(|p| p.is_absolute())
        .into_iter()
        .collect()
}

/// The absolute path of a `file:` URI.
fn path_of(uri: &Url) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok().map(|p| normalize(&p))
}

struct Server<'c> {
    connection: &'c Connection,
    workspace: Workspace,
    debounce: Duration,
    /// Documents changed and not yet checked, with when to check them.
    pending: BTreeMap<PathBuf, Instant>,
    snippets: bool,
    today: String,
    verbose: bool,
    /// `shutdown` was received: only `exit` is expected now.
    shut_down: bool,
}

/// What a caught panic said.
pub(crate) fn panic_message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), ServerError> {
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
    fn publish(&mut self, paths: &[PathBuf]) -> Result<(), ServerError> {
        for path in paths {
            let Some(doc) = self.workspace.docs.get(path) else {
                continue;
            };
            let diagnostics = doc
                .checked
                .as_ref()
                .map(|c| {
                    diagnostics::to_lsp(
                        &doc.uri,
                        &doc.text,
                        &LineMap::new(&doc.text),
                        &c.diagnostics,
                    )
                })
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
    fn tell_messages(&mut self) -> Result<(), ServerError> {
        for message in std::mem::take(&mut self.workspace.messages) {
            self.notify::<lsp_types::notification::ShowMessage>(ShowMessageParams {
                typ: MessageType::ERROR,
                message,
            })?;
        }
        Ok(())
    }

    fn register_watchers(&self) -> Result<(), ServerError> {
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

    fn answer<P: DeserializeOwned, R: Serialize>(
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
    fn flush(&mut self, path: &PathBuf) -> Result<(), ServerError> {
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

    fn code_action(
        &mut self,
        p: CodeActionParams,
    ) -> Result<Option<lsp_types::CodeActionResponse>, ServerError> {
        let Some(path) = path_of(&p.text_document.uri) else {
            return Ok(None);
        };
        self.flush(&path)?;
        let place = self.workspace.place(&path);
        let Some(doc) = self.workspace.docs.get(&path) else {
            return Ok(None);
        };
        let Some(checked) = &doc.checked else {
            return Ok(None);
        };
        let map = LineMap::new(&doc.text);
        let request = actions::Request {
            uri: &doc.uri,
            text: &doc.text,
            map: &map,
            range: map.span(&doc.text, p.range),
            only: p.context.only.as_deref(),
        };
        let has_safe_fix = checked.diagnostics.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == catlint_core::diagnostic::Applicability::Safe)
        });
        let fixed = place
            .filter(|_| has_safe_fix && request.wants_fix_all())
            .and_then(|place| self.workspace.checker(place, &path))
            .map(|checker| {
                let report = fix_until_stable(
                    doc.text.as_bytes(),
                    FixMode {
                        unsafe_fixes: false,
                    },
                    |src| checker.check(src),
                );
                String::from_utf8(report.fixed).unwrap_or_else(|_| doc.text.clone())
            });
        let actions = actions::code_actions(&request, &checked.diagnostics, fixed.as_deref());
        Ok((!actions.is_empty()).then_some(actions))
    }

    fn hover(&mut self, p: HoverParams) -> Result<Option<Hover>, ServerError> {
        let position = p.text_document_position_params;
        let Some(path) = path_of(&position.text_document.uri) else {
            return Ok(None);
        };
        let Some(place) = self.workspace.place(&path) else {
            return Ok(None);
        };
        let Some(doc) = self.workspace.docs.get(&path) else {
            return Ok(None);
        };
        let map = LineMap::new(&doc.text);
        let offset = map.offset(&doc.text, position.position);
        let limits = self.workspace.limits(place);
        let keys = self.workspace.list_keys(place);
        let found = match hover::term_at(&doc.text, offset, &keys, &limits) {
            Some((key, name, span)) => {
                let plural = keys
                    .iter()
                    .find(|k| keys_equal(k, &key))
                    .cloned()
                    .unwrap_or(key);
                let terms = self.workspace.terms(place, &plural);
                hover::term_hover(
                    &name,
                    span,
                    &self.workspace.singular(place, &plural),
                    &terms,
                )
            }
            None if place.role != Role::Post => {
                hover::key_at(&doc.text, offset, &limits).and_then(|(path_keys, span)| {
                    let schema = SchemaIndex::new(catlint_schema::category_schema_for(
                        &self.workspace.taxonomy_config(place, &path),
                    ));
                    hover::field_hover(&schema, &path_keys, span)
                })
            }
            None => None,
        };
        Ok(found.map(|h| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: Some(map.range(&doc.text, h.span)),
        }))
    }

    fn completion(
        &mut self,
        p: CompletionParams,
    ) -> Result<Option<CompletionResponse>, ServerError> {
        let position = p.text_document_position;
        let Some(path) = path_of(&position.text_document.uri) else {
            return Ok(None);
        };
        let Some(place) = self.workspace.place(&path) else {
            return Ok(None);
        };
        let Some(doc) = self.workspace.docs.get(&path) else {
            return Ok(None);
        };
        let map = LineMap::new(&doc.text);
        let offset = map.offset(&doc.text, position.position);
        let Some(context) = completion::context(&doc.text, offset) else {
            return Ok(None);
        };
        let items = match context {
            completion::Context::Key {
                format,
                path: keys,
                typed,
                present,
            } => {
                if place.role == Role::Post {
                    return Ok(None);
                }
                let schema = SchemaIndex::new(catlint_schema::category_schema_for(
                    &self.workspace.taxonomy_config(place, &path),
                ));
                let title = page_title(&doc.text, &self.workspace.limits(place));
                completion::keys(
                    &schema,
                    format,
                    &keys,
                    typed,
                    &present,
                    completion::HeadlineBlock {
                        snippets: self.snippets,
                        title: title.as_deref(),
                        today: &self.today,
                    },
                )
            }
            completion::Context::Term {
                format,
                key,
                typed,
                flow,
            } => {
                let keys = self.workspace.list_keys(place);
                let Some(plural) = keys.iter().find(|k| keys_equal(k, &key)).cloned() else {
                    return Ok(None);
                };
                let limits = self.workspace.limits(place);
                let (lists, _) = catlint_core::index::read_post(
                    doc.text.as_bytes(),
                    &[plural.as_str()],
                    &limits,
                );
                let listed: Vec<String> = lists
                    .iter()
                    .flat_map(|l| &l.items)
                    .filter(|(_, span)| !(span.start <= offset && offset <= span.end))
                    .map(|(name, _)| name.clone())
                    .collect();
                let terms = self.workspace.terms(place, &plural);
                completion::terms(
                    &terms,
                    &self.workspace.singular(place, &plural),
                    format,
                    typed,
                    flow,
                    &listed,
                )
            }
        };
        let items = items
            .into_iter()
            .map(|item| CompletionItem {
                label: item.label,
                kind: Some(match item.kind {
                    completion::ItemKind::Key => CompletionItemKind::PROPERTY,
                    completion::ItemKind::Term => CompletionItemKind::ENUM_MEMBER,
                }),
                detail: item.detail,
                documentation: item.documentation.map(|value| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value,
                    })
                }),
                filter_text: Some(item.insert.clone()),
                sort_text: Some(item.sort),
                insert_text_format: Some(if item.snippet {
                    InsertTextFormat::SNIPPET
                } else {
                    InsertTextFormat::PLAIN_TEXT
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    map.range(&doc.text, item.replace),
                    item.insert,
                ))),
                ..CompletionItem::default()
            })
            .collect();
        Ok(Some(CompletionResponse::List(CompletionList {
            is_incomplete: false,
            items,
        })))
    }
}

/// The page's title: from the parsed front matter, else (while the front matter does not
/// parse) from a top-level `title:` or `title =` line.
fn page_title(text: &str, limits: &catlint_core::frontmatter::Limits) -> Option<String> {
    use catlint_core::frontmatter;
    let extracted = frontmatter::extract(text.as_bytes()).ok()?;
    let content = extracted.content;
    let fm = text.get(content.start..content.end)?;
    if let Ok(root) = frontmatter::parse(extracted.format, fm, content.start, limits) {
        let entry = root
            .as_map()?
            .iter()
            .find(|e| keys_equal(&e.key.name, "title"))?;
        return entry.value.as_str().map(str::to_owned);
    }
    fm.lines().find_map(|line| {
        let rest = line.strip_prefix("title")?.trim_start();
        let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
        let value = value.trim().trim_matches(['"', '\'']);
        (!value.is_empty()).then(|| value.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
