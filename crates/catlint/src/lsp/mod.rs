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
mod requests;
mod server;
mod workspace;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use catlint_core::rules::Settings;
use catlint_core::site::hugo::normalize;
use lsp_server::Connection;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, InitializeParams, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Url, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};

use crate::cli::LspArgs;
use server::Server;
use workspace::Workspace;
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
