//! JSON front matter (an object `{ … }` at the top of the page) parsed into a spanned [`Node`]
//! tree.
//!
//! Parsing is done by [`jsonc_parser::parse_to_ast`] with every JSONC/JSON5 extension turned
//! off, so only strict JSON is accepted (no comments, trailing commas, unquoted keys,
//! single-quoted strings, hexadecimal or non-finite numbers). Objects keep duplicate keys in
//! source order; key spans include the quotes. Numbers that fit an `i64` and are written
//! without a fraction or exponent are integers, all others are floats.
//!
//! A cheap pre-scan ([`super::depth`]) rejects too deeply nested text before the recursive
//! parser runs, which also bounds the recursion of the tree builder.

use jsonc_parser::ast::{self, ObjectPropName};
use jsonc_parser::common::{Range, Ranged};
use jsonc_parser::errors::ParseErrorKind as JsonErrorKind;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::file_span;
use super::{Entry, Key, Limits, Node, ParseError, Value, depth};
use crate::span::Span;

/// Parse JSON front matter `text` (the whole object), which starts at byte `base` of the file.
pub(crate) fn parse(text: &str, base: usize, limits: &Limits) -> Result<Node, ParseError> {
    if let Some(offset) = depth::json_too_deep(text, limits.max_depth) {
        return Err(depth::limit_error(text, base, offset, limits.max_depth));
    }
    let parsed = parse_to_ast(text, &CollectOptions::default(), &strict())
        .map_err(|e| syntax_error(text, base, &e))?;
    let builder = Builder { text, base };
    match parsed.value {
        Some(root @ ast::Value::Object(_)) => builder.node(&root),
        Some(other) => Err(ParseError::syntax(
            "the front matter must be an object `{ … }`",
            builder.span(other.range()),
        )),
        None => Err(ParseError::syntax(
            "the front matter is empty",
            builder.span(Range::new(0, text.len())),
        )),
    }
}

/// Parser options that accept only strict JSON.
fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Turns the parser's AST into [`Node`]s with file offsets.
struct Builder<'s> {
    text: &'s str,
    base: usize,
}

impl Builder<'_> {
    fn node(&self, value: &ast::Value<'_>) -> Result<Node, ParseError> {
        let span = self.span(value.range());
        let value = match value {
            ast::Value::StringLit(s) => Value::String(s.value.to_string()),
            ast::Value::NumberLit(n) => number(n.value, span)?,
            ast::Value::BooleanLit(b) => Value::Bool(b.value),
            ast::Value::NullKeyword(_) => Value::Null,
            ast::Value::Array(a) => Value::Seq(
                a.elements
                    .iter()
                    .map(|e| self.node(e))
                    .collect::<Result<_, _>>()?,
            ),
            ast::Value::Object(o) => Value::Map(
                o.properties
                    .iter()
                    .map(|p| self.entry(p))
                    .collect::<Result<_, _>>()?,
            ),
        };
        Ok(Node::new(value, span))
    }

    fn entry(&self, prop: &ast::ObjectProp<'_>) -> Result<Entry, ParseError> {
        let (name, range) = match &prop.name {
            ObjectPropName::String(s) => (s.value.to_string(), s.range),
            ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
        };
        Ok(Entry {
            key: Key {
                name,
                span: self.span(range),
            },
            value: self.node(&prop.value)?,
        })
    }

    /// A parser range as file offsets, clamped to the text.
    fn span(&self, range: Range) -> Span {
        file_span(self.text, self.base, range.start..range.end)
    }
}

/// An integer if `written` is one that fits an `i64`, else a float.
fn number(written: &str, span: Span) -> Result<Value, ParseError> {
    if let Ok(i) = written.parse::<i64>() {
        return Ok(Value::Int(i));
    }
    match written.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(Value::Float(f)),
        _ => Err(ParseError::syntax(
            format!("the number {written} is out of range"),
            span,
        )),
    }
}

/// A range of `text` as file offsets, clamped to the text.
/// A syntax (or nesting limit) error for the parser's `error`.
fn syntax_error(text: &str, base: usize, error: &jsonc_parser::errors::ParseError) -> ParseError {
    let span = file_span(text, base, error.range().start..error.range().end);
    let written = text.get(span.start - base..span.end - base).unwrap_or("");
    let message = editor_message(error.kind(), written).to_string();
    match error.kind() {
        JsonErrorKind::NestingDepthExceeded => ParseError::limit(message, span),
        _ => ParseError::syntax(message, span),
    }
}

/// The parser's error `kind` about the text `written` at the error, in words for a content
/// editor.
fn editor_message(kind: &JsonErrorKind, written: &str) -> String {
    let text = match kind {
        JsonErrorKind::UnexpectedToken | JsonErrorKind::UnexpectedWord if !written.is_empty() => {
            return format!("unexpected `{written}` (text must be written in double quotes)");
        }
        JsonErrorKind::CommentsNotAllowed => "comments are not allowed in JSON",
        JsonErrorKind::TrailingCommasNotAllowed => {
            "a comma after the last item is not allowed in JSON"
        }
        JsonErrorKind::ExpectedStringObjectProperty => "keys must be written in double quotes",
        JsonErrorKind::SingleQuotedStringsNotAllowed => "text must be written in double quotes",
        JsonErrorKind::ExpectedComma => "a comma is missing here",
        JsonErrorKind::ExpectedColonAfterObjectKey => "a colon `:` is missing after the key",
        JsonErrorKind::ExpectedObjectValue => "a value is missing after the colon",
        JsonErrorKind::MultipleRootJsonValues => "there is more text after the closing `}`",
        JsonErrorKind::NestingDepthExceeded => "the front matter nests too deeply",
        other => return lowercase_first(&other.to_string()),
    };
    text.to_owned()
}

/// `s` with its first letter in lower case ("Unterminated array" → "unterminated array").
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::ParseErrorKind;

    const PREFIX: &str = "é’🐱\r\n";

    fn ok(json: &str) -> (String, Node) {
        let file = format!("{PREFIX}{json}");
        match parse(json, PREFIX.len(), &Limits::default()) {
            Ok(node) => (file, node),
            Err(e) => panic!("{json:?} failed: {e:?}"),
        }
    }

    fn err(json: &str) -> ParseError {
        let e = parse(json, PREFIX.len(), &Limits::default()).expect_err(json);
        assert!(
            e.span.start >= PREFIX.len() && e.span.end <= PREFIX.len() + json.len(),
            "{json:?}: span {:?} outside the text",
            e.span
        );
        e
    }

    fn src(file: &str, span: Span) -> &str {
        &file[span.start..span.end]
    }

    fn entry<'n>(node: &'n Node, key: &str) -> &'n Entry {
        node.get(key)
            .unwrap_or_else(|| panic!("no key {key} in {node:?}"))
    }

    #[test]
    fn top_level_keys_and_values_are_spanned() {
        let json = "{\r\n  \"title\": \"Zoë’s \\\"post\\\"\",\r\n  \"draft\": false,\r\n  \"weight\": -3,\r\n  \"ratio\": 2.5e1,\r\n  \"big\": 12345678901234567890,\r\n  \"none\": null\r\n}";
        let (file, node) = ok(json);
        assert_eq!(src(&file, node.span), json);
        let title = entry(&node, "title");
        assert_eq!(src(&file, title.key.span), "\"title\"");
        assert_eq!(src(&file, title.value.span), "\"Zoë’s \\\"post\\\"\"");
        assert_eq!(title.value.value, Value::String("Zoë’s \"post\"".into()));
        assert_eq!(entry(&node, "draft").value.value, Value::Bool(false));
        assert_eq!(entry(&node, "weight").value.value, Value::Int(-3));
        assert_eq!(src(&file, entry(&node, "weight").value.span), "-3");
        assert_eq!(entry(&node, "ratio").value.value, Value::Float(25.0));
        assert_eq!(
            entry(&node, "big").value.value,
            Value::Float(12_345_678_901_234_567_890.0)
        );
        assert_eq!(entry(&node, "none").value.value, Value::Null);
        assert_eq!(src(&file, entry(&node, "none").value.span), "null");
    }

    #[test]
    fn nested_object() {
        let json = "{\"title\": \"é\", \"headline\": {\"updated\": \"2023-10-15\", \"a\": [1, {\"b\": true}]}}";
        let (file, node) = ok(json);
        let headline = entry(&node, "headline");
        assert_eq!(src(&file, headline.key.span), "\"headline\"");
        assert!(src(&file, headline.value.span).starts_with("{\"updated\""));
        assert!(src(&file, headline.value.span).ends_with("}]}"));
        let updated = entry(&headline.value, "updated");
        assert_eq!(src(&file, updated.key.span), "\"updated\"");
        assert_eq!(src(&file, updated.value.span), "\"2023-10-15\"");
        let a = &entry(&headline.value, "a").value;
        let Value::Seq(items) = &a.value else {
            panic!("not a seq")
        };
        assert_eq!(src(&file, items[1].span), "{\"b\": true}");
        assert_eq!(entry(&items[1], "b").value.value, Value::Bool(true));
    }

    #[test]
    fn duplicate_keys_are_kept_in_order() {
        let json = "{\"a\": 1, \"b\": 2, \"a\": 3}";
        let (file, node) = ok(json);
        let map = node.as_map().unwrap();
        let names: Vec<_> = map.iter().map(|e| e.key.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "a"]);
        assert_eq!(src(&file, map[2].value.span), "3");
        assert_eq!(entry(&node, "a").value.value, Value::Int(3));
    }

    #[test]
    fn escaped_keys_are_decoded() {
        let (file, node) = ok("{\"caf\\u00e9\": 1}");
        let e = &node.as_map().unwrap()[0];
        assert_eq!(e.key.name, "café");
        assert_eq!(src(&file, e.key.span), "\"caf\\u00e9\"");
    }

    #[test]
    fn syntax_errors_have_spans_inside_the_text() {
        for json in [
            "{\"a\": \"unclosed}",
            "{\"a\": }",
            "{\"a\" 1}",
            "{\"a\": \"bad \\q escape\"}",
            "{\"a\": 1,}",
            "{\"a\": [1, 2,]}",
            "{\"a\": 1 // comment\n}",
            "{/* c */ \"a\": 1}",
            "{a: 1}",
            "{'a': 1}",
            "{\"a\": 'x'}",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": 0x10}",
            "{\"a\": +1}",
            "{\"a\": .5}",
            "{\"a\": NaN}",
            "{\"a\": Infinity}",
            "{\"a\": tru}",
            "{\"a\": True}",
            "{\"a\": 1e999}",
            "{\"a\": [1, 2}",
            "{\"a\": 1",
            "{\"a\": 1} {}",
            "{\"a\": \"\\u12\"}",
            "[1, 2]",
            "\"text\"",
            "",
            "   ",
            "{\"é\": 1, \"🐈\": é}",
        ] {
            let e = err(json);
            assert_eq!(e.kind, ParseErrorKind::Syntax, "{json:?}: {e:?}");
            assert!(
                !e.message.is_empty() && !e.message.starts_with("invalid JSON"),
                "{e:?}"
            );
        }
    }

    #[test]
    fn error_messages_and_spans() {
        let json = "{\"a\": 1,\r\n \"b\": 2,\r\n}";
        let e = err(json);
        assert!(e.message.contains("comma"), "{e:?}");
        let comma = PREFIX.len() + json.rfind(',').unwrap();
        assert_eq!(e.span, Span::new(comma, comma + 1));

        let json = "{\"a\": 1 // note\n}";
        let e = err(json);
        assert!(e.message.contains("comments"), "{e:?}");
        let slash = PREFIX.len() + json.find("//").unwrap();
        assert_eq!(e.span.start, slash);

        let e = err("{\"a\": yes}");
        assert_eq!(
            e.message,
            "unexpected `yes` (text must be written in double quotes)"
        );
    }

    #[test]
    fn deep_nesting_hits_the_depth_limit() {
        for json in [
            format!("{}1{}", "[".repeat(5000), "]".repeat(5000)),
            format!("{}1{}", "{\"a\":".repeat(5000), "}".repeat(5000)),
            "{\"a\":".repeat(5000),
        ] {
            let e = parse(&json, 2, &Limits::default()).expect_err("too deep");
            assert_eq!(e.kind, ParseErrorKind::Limit, "{e:?}");
            assert_eq!(e.message, "the front matter nests deeper than 64 levels");
            assert!(matches!(&json[e.span.start - 2..e.span.end - 2], "[" | "{"));
        }
    }

    #[test]
    fn depth_limit_is_exact_and_ignores_strings() {
        let limits = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        assert!(parse("{\"a\": [1], \"b\": \"[[[{{{\\\"[[\"}", 0, &limits).is_ok());
        assert!(parse("{\"a\": [[1]]}", 0, &limits).is_err());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for json in [
            "{",
            "}",
            "[",
            "\"",
            "{\"",
            "{\"\\",
            "{\"a\":\"\\u",
            "{\"a\":\"\\uD800\"}",
            "\u{0}",
            "{\"a\":-}",
            "{\"a\":1.}",
            "{\"a\":1e}",
            "/*",
            "{\"a\":\"\n\"}",
            "\u{FEFF}{}",
        ] {
            let _ = parse(json, 1, &Limits::default());
        }
    }
}
