//! The requests: code actions, hover and completion, on the document's current text.

use catlint_core::diagnostic::Applicability;
use catlint_core::frontmatter::keys_equal;
use catlint_core::project::fix::{FixMode, fix_until_stable};
use lsp_types::{
    CodeActionParams, CompletionItem, CompletionItemKind, CompletionList, CompletionParams,
    CompletionResponse, CompletionTextEdit, Documentation, Hover, HoverContents, HoverParams,
    InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use std::path::PathBuf;

use catlint_core::rules::{PageFacts, Settings};

use super::convert::LineMap;
use super::server::Server;
use super::workspace::Place;
use super::{ServerError, actions, completion, hover, path_of};

impl Server<'_> {
    pub(super) fn code_action(
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
        let has_safe_fix = checked.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        });
        let fixed = place
            .filter(|_| has_safe_fix && request.wants_fix_all())
            .and_then(|place| self.workspace.checker(place, &path))
            .map(|(checker, settings)| {
                let report = fix_until_stable(
                    doc.text.as_bytes(),
                    FixMode {
                        unsafe_fixes: false,
                    },
                    |src| checker.check_alone(src, settings),
                );
                String::from_utf8(report.fixed).unwrap_or_else(|_| doc.text.clone())
            });
        let actions = actions::code_actions(&request, checked, fixed.as_deref());
        Ok((!actions.is_empty()).then_some(actions))
    }

    /// The open document at `position` of a request: its path, place and the byte offset.
    fn at(
        &mut self,
        position: &lsp_types::TextDocumentPositionParams,
    ) -> Option<(PathBuf, Place, usize)> {
        let path = path_of(&position.text_document.uri)?;
        let place = self.workspace.place(&path)?;
        let doc = self.workspace.docs.get(&path)?;
        let offset = LineMap::new(&doc.text).offset(&doc.text, position.position);
        Some((path, place, offset))
    }

    pub(super) fn hover(&mut self, p: HoverParams) -> Result<Option<Hover>, ServerError> {
        let Some((path, place, offset)) = self.at(&p.text_document_position_params) else {
            return Ok(None);
        };
        let ws = &self.workspace;
        let Some(doc) = ws.docs.get(&path) else {
            return Ok(None);
        };
        let limits = ws.limits(place, &path);
        let keys = ws.list_keys(place, &path);
        let found = match hover::term_at(&doc.text, offset, &keys, &limits) {
            Some((key, name, span)) => {
                let plural = keys
                    .iter()
                    .find(|k| keys_equal(k, &key))
                    .cloned()
                    .unwrap_or(key);
                let terms = ws.terms(place, &path, &plural);
                hover::term_hover(&name, span, &ws.singular(place, &path, &plural), &terms)
            }
            // A field's documentation: the category model's on a term page, Hugo's page
            // model's on any other page.
            None => {
                let schema = ws.checker(place, &path).map(|(c, _)| c.schema());
                hover::key_at(&doc.text, offset, &limits)
                    .and_then(|(path_keys, span)| hover::field_hover(schema?, &path_keys, span))
            }
        };
        let map = LineMap::new(&doc.text);
        Ok(found.map(|h| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: Some(map.range(&doc.text, h.span)),
        }))
    }

    pub(super) fn completion(
        &mut self,
        p: CompletionParams,
    ) -> Result<Option<CompletionResponse>, ServerError> {
        let Some((path, place, offset)) = self.at(&p.text_document_position) else {
            return Ok(None);
        };
        let ws = &self.workspace;
        let Some(doc) = ws.docs.get(&path) else {
            return Ok(None);
        };
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
                let Some((checker, _)) = ws.checker(place, &path) else {
                    return Ok(None);
                };
                let title = page_title(&doc.text, &ws.limits(place, &path));
                completion::keys(
                    checker.schema(),
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
                let keys = ws.list_keys(place, &path);
                let Some(plural) = keys.iter().find(|k| keys_equal(k, &key)).cloned() else {
                    return Ok(None);
                };
                let settings = Settings {
                    limits: ws.limits(place, &path),
                    ..Settings::default()
                };
                let facts =
                    PageFacts::read(doc.text.as_bytes(), &settings, &[plural.as_str()], false);
                let listed: Vec<String> = facts
                    .hugo
                    .lists
                    .iter()
                    .flat_map(|l| &l.items)
                    .filter(|(_, span)| !(span.start <= offset && offset <= span.end))
                    .map(|(name, _)| name.clone())
                    .collect();
                let terms = ws.terms(place, &path, &plural);
                completion::terms(
                    &terms,
                    &ws.singular(place, &path, &plural),
                    format,
                    typed,
                    flow,
                    &listed,
                )
            }
        };
        let map = LineMap::new(&doc.text);
        let items = items
            .into_iter()
            .map(|item| completion_item(item, &map, &doc.text))
            .collect();
        Ok(Some(CompletionResponse::List(CompletionList {
            is_incomplete: false,
            items,
        })))
    }
}

/// The protocol's form of a completion item.
fn completion_item(item: completion::Item, map: &LineMap, text: &str) -> CompletionItem {
    CompletionItem {
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
            map.range(text, item.replace),
            item.insert,
        ))),
        ..CompletionItem::default()
    }
}

/// The page's title: from the parsed front matter, else (while the front matter does not
/// parse) from a top-level `title:` or `title =` line.
fn page_title(text: &str, limits: &catlint_core::frontmatter::Limits) -> Option<String> {
    use catlint_core::frontmatter;
    match frontmatter::read(text.as_bytes(), limits) {
        Ok(front) => {
            let entry = front
                .root
                .as_map()?
                .iter()
                .find(|e| keys_equal(&e.key.name, "title"))?;
            entry.value.as_str().map(str::to_owned)
        }
        Err(_) => {
            let extracted = frontmatter::extract(text.as_bytes()).ok()?;
            let fm = text.get(extracted.content.start..extracted.content.end)?;
            fm.lines().find_map(|line| {
                let rest = line.strip_prefix("title")?.trim_start();
                let value = rest.strip_prefix(':').or_else(|| rest.strip_prefix('='))?;
                let value = value.trim().trim_matches(['"', '\'']);
                (!value.is_empty()).then(|| value.to_owned())
            })
        }
    }
}
