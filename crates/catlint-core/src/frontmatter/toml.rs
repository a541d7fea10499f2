//! TOML front matter (between `+++` lines) parsed into a spanned [`Node`] tree.
//!
//! Parsing is done by [`toml::de::DeTable::parse`], which gives the byte span of every key and
//! value. The tree is built from it with:
//!
//! * tables in source order (the parser sorts keys, so entries are re-sorted by key position);
//! * date-times kept as the text written in the source, e.g. `2023-10-15T13:18:50-07:00`;
//! * `[table]` headers spanned by the whole header, and tables created implicitly by a dotted
//!   key or header (`a` in `a.b = 1` or `[a.b]`) spanned by the first key segment that named
//!   them;
//! * arrays of tables (`[[x]]`) as sequences of mappings, spanned by their first header.
//!
//! A cheap pre-scan ([`super::depth`]) rejects too deeply nested text before the parser runs,
//! and the tree builder checks the exact depth of what it builds.

use std::ops::Range;

use ::toml::Spanned;
use ::toml::de::{DeArray, DeFloat, DeInteger, DeTable, DeValue};

use super::file_span;
use super::{Entry, Key, Limits, Node, ParseError, Value, depth};
use crate::span::Span;

/// Parse TOML front matter `text`, which starts at byte `base` of the file.
pub(crate) fn parse(text: &str, base: usize, limits: &Limits) -> Result<Node, ParseError> {
    if let Some(offset) = depth::toml_too_deep(text, limits.max_depth) {
        return Err(depth::limit_error(text, base, offset, limits.max_depth));
    }
    let table = DeTable::parse(text).map_err(|e| syntax_error(text, base, &e))?;
    let builder = Builder {
        text,
        base,
        max_depth: limits.max_depth,
    };
    let root = Spanned::new(0..text.len(), DeValue::Table(table.into_inner()));
    builder.node(&root, 1)
}

/// Turns the parser's spanned values into [`Node`]s with file offsets.
struct Builder<'s> {
    text: &'s str,
    base: usize,
    max_depth: usize,
}

impl Builder<'_> {
    /// The node of `value`, which is at nesting `depth` (the root table is at 1).
    fn node(&self, value: &Spanned<DeValue<'_>>, depth: usize) -> Result<Node, ParseError> {
        let span = self.span(value.span());
        let value = match value.get_ref() {
            DeValue::String(s) => Value::String(s.to_string()),
            DeValue::Integer(i) => Value::Int(integer(i).ok_or_else(|| self.too_large(span))?),
            DeValue::Float(f) => Value::Float(float(f).ok_or_else(|| self.too_large(span))?),
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(dt) => {
                let written = self
                    .slice(value.span())
                    .map_or_else(|| dt.to_string(), str::to_owned);
                // Hugo reads a TOML date-time with its TOML parser, not with its date
                // layouts: the text as written when the layouts read it alike, else the
                // canonical spelling (`2023-10-15t13:18z` is 2023-10-15T13:18:00Z).
                Value::String(if crate::model::date::parse_date(&written).is_ok() {
                    written
                } else {
                    let mut canonical = *dt;
                    if let Some(time) = canonical.time.as_mut() {
                        time.second.get_or_insert(0);
                    }
                    canonical.to_string()
                })
            }
            DeValue::Array(items) => {
                self.check_depth(depth, span)?;
                Value::Seq(self.seq(items, depth)?)
            }
            DeValue::Table(table) => {
                self.check_depth(depth, span)?;
                Value::Map(self.map(table, depth)?)
            }
        };
        Ok(Node::new(value, span))
    }

    fn seq(&self, items: &DeArray<'_>, depth: usize) -> Result<Vec<Node>, ParseError> {
        items
            .iter()
            .map(|item| self.node(item, depth + 1))
            .collect()
    }

    /// The entries of `table` in source order.
    fn map(&self, table: &DeTable<'_>, depth: usize) -> Result<Vec<Entry>, ParseError> {
        let mut pairs: Vec<_> = table.iter().collect();
        pairs.sort_by_key(|(key, _)| key.span().start);
        pairs
            .into_iter()
            .map(|(key, value)| {
                Ok(Entry {
                    key: Key {
                        name: key.get_ref().to_string(),
                        span: self.span(key.span()),
                    },
                    value: self.node(value, depth + 1)?,
                })
            })
            .collect()
    }

    fn check_depth(&self, depth: usize, span: Span) -> Result<(), ParseError> {
        if depth > self.max_depth {
            return Err(ParseError::too_deep(self.max_depth, span));
        }
        Ok(())
    }

    fn too_large(&self, span: Span) -> ParseError {
        let written = self.slice(span.start - self.base..span.end - self.base);
        ParseError::syntax(
            format!(
                "the number {} is too large or too small",
                written.unwrap_or("here")
            ),
            span,
        )
    }

    /// The source text of a parser span, if it is a valid slice.
    fn slice(&self, range: Range<usize>) -> Option<&str> {
        self.text.get(range)
    }

    /// A parser span as file offsets, clamped to the text.
    fn span(&self, range: Range<usize>) -> Span {
        file_span(self.text, self.base, range)
    }
}

/// A span of `text` as file offsets, clamped to the text.
/// The value of a TOML integer, if it fits an `i64`.
fn integer(i: &DeInteger<'_>) -> Option<i64> {
    i64::from_str_radix(i.as_str(), i.radix()).ok()
}

/// The value of a TOML float, if it is finite or written as `inf`.
fn float(f: &DeFloat<'_>) -> Option<f64> {
    let value: f64 = f.as_str().parse().ok()?;
    (value.is_finite() || f.as_str().contains("inf")).then_some(value)
}

/// A syntax error for the parser's `error`, in words for a content editor.
fn syntax_error(text: &str, base: usize, error: &::toml::de::Error) -> ParseError {
    let span = error.span().map_or_else(
        || file_span(text, base, 0..text.len()),
        |r| file_span(text, base, r),
    );
    let written = text.get(span.start - base..span.end - base).unwrap_or("");
    let message = editor_message(error.message(), written);
    if error.message().contains("recursion") {
        ParseError::limit(message, span)
    } else {
        ParseError::syntax(message, span)
    }
}

/// Rephrase the parser's `message` about the text `written` at the error.
fn editor_message(message: &str, written: &str) -> String {
    let first_line = message.lines().next().unwrap_or(message).trim();
    let first_line = first_line
        .strip_suffix(", expected nothing")
        .unwrap_or(first_line);
    if first_line.starts_with("duplicate key") {
        return format!("the key `{}` is defined more than once", written.trim());
    }
    if first_line.contains("recursion") {
        return "the front matter nests too deeply".to_owned();
    }
    first_line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::ParseErrorKind;

    /// `prefix` + `toml`, parsed with `toml` starting after the prefix.
    fn parse_at(prefix: &str, toml: &str) -> (String, Result<Node, ParseError>) {
        let file = format!("{prefix}{toml}");
        let result = parse(toml, prefix.len(), &Limits::default());
        (file, result)
    }

    fn ok(prefix: &str, toml: &str) -> (String, Node) {
        let (file, result) = parse_at(prefix, toml);
        match result {
            Ok(node) => (file, node),
            Err(e) => panic!("{toml:?} failed: {e:?}"),
        }
    }

    fn src(file: &str, span: Span) -> &str {
        &file[span.start..span.end]
    }

    fn entry<'n>(node: &'n Node, key: &str) -> &'n Entry {
        node.get(key)
            .unwrap_or_else(|| panic!("no key {key} in {node:?}"))
    }

    fn err(toml: &str) -> ParseError {
        let prefix = "+++\n";
        let (_, result) = parse_at(prefix, toml);
        let e = result.expect_err(toml);
        assert!(
            e.span.start >= prefix.len() && e.span.end <= prefix.len() + toml.len(),
            "{toml:?}: span {:?} outside the text",
            e.span
        );
        e
    }

    const PREFIX: &str = "é’🐱 +++\r\n";

    #[test]
    fn top_level_keys_and_values_are_spanned() {
        let toml = "title = \"Hello, wörld\"\ndraft = true\nweight = 10\nratio = 1.5\n\"quoted key\" = 'lit'\n";
        let (file, node) = ok(PREFIX, toml);
        let map = node.as_map().unwrap();
        let names: Vec<_> = map.iter().map(|e| e.key.name.as_str()).collect();
        assert_eq!(names, ["title", "draft", "weight", "ratio", "quoted key"]);
        let title = entry(&node, "title");
        assert_eq!(src(&file, title.key.span), "title");
        assert_eq!(src(&file, title.value.span), "\"Hello, wörld\"");
        assert_eq!(title.value.value, Value::String("Hello, wörld".into()));
        assert_eq!(entry(&node, "draft").value.value, Value::Bool(true));
        assert_eq!(entry(&node, "weight").value.value, Value::Int(10));
        assert_eq!(src(&file, entry(&node, "weight").value.span), "10");
        assert_eq!(entry(&node, "ratio").value.value, Value::Float(1.5));
        let quoted = entry(&node, "quoted key");
        assert_eq!(src(&file, quoted.key.span), "\"quoted key\"");
        assert_eq!(src(&file, quoted.value.span), "'lit'");
        assert_eq!(
            node.span,
            Span::new(PREFIX.len(), PREFIX.len() + toml.len())
        );
    }

    #[test]
    fn source_order_is_kept_not_alphabetical() {
        let (_, node) = ok("", "zeta = 1\nalpha = 2\n[mid]\nb = 1\na = 2\n");
        let names: Vec<_> = node
            .as_map()
            .unwrap()
            .iter()
            .map(|e| e.key.name.clone())
            .collect();
        assert_eq!(names, ["zeta", "alpha", "mid"]);
        let mid = entry(&node, "mid").value.as_map().unwrap();
        assert_eq!(mid[0].key.name, "b");
        assert_eq!(mid[1].key.name, "a");
    }

    #[test]
    fn nested_table_header() {
        let toml = "title = \"x\"\r\n[headline]\r\nupdated = 2023-10-15T13:18:50-07:00\r\n";
        let (file, node) = ok(PREFIX, toml);
        let headline = entry(&node, "headline");
        assert_eq!(src(&file, headline.key.span), "headline");
        assert_eq!(src(&file, headline.value.span), "[headline]");
        let updated = entry(&headline.value, "updated");
        assert_eq!(src(&file, updated.key.span), "updated");
        assert_eq!(src(&file, updated.value.span), "2023-10-15T13:18:50-07:00");
        assert_eq!(
            updated.value.value,
            Value::String("2023-10-15T13:18:50-07:00".into())
        );
    }

    #[test]
    fn nested_dotted_key() {
        let toml = "title = \"é\"\r\nheadline.title = \"t\"\r\nheadline.updated = 2023-10-15\r\n";
        let (file, node) = ok(PREFIX, toml);
        let headline = entry(&node, "headline");
        assert_eq!(src(&file, headline.key.span), "headline");
        // The implicit table is spanned by the first key segment that created it.
        assert_eq!(headline.key.span, headline.value.span);
        let first = toml.find("headline").unwrap() + PREFIX.len();
        assert_eq!(headline.key.span.start, first);
        let updated = entry(&headline.value, "updated");
        assert_eq!(src(&file, updated.key.span), "updated");
        assert_eq!(src(&file, updated.value.span), "2023-10-15");
        assert_eq!(updated.value.value, Value::String("2023-10-15".into()));
        assert_eq!(headline.value.as_map().unwrap()[0].key.name, "title");
    }

    #[test]
    fn implicit_table_from_header_segments() {
        let toml = "[a.b]\nc = 1\n";
        let (file, node) = ok(PREFIX, toml);
        let a = entry(&node, "a");
        assert_eq!(src(&file, a.key.span), "a");
        assert_eq!(src(&file, a.value.span), "a");
        let b = entry(&a.value, "b");
        assert_eq!(src(&file, b.key.span), "b");
        assert_eq!(src(&file, b.value.span), "[a.b]");
        assert_eq!(entry(&b.value, "c").value.value, Value::Int(1));
    }

    #[test]
    fn date_times_are_kept_as_written() {
        let toml = "a = 2023-10-15T13:18:50-07:00\nb = 2023-10-15\nc = 13:18:50\nd = 1979-05-27 07:32:00Z\ne = 2023-10-15T13:18:50.123\n";
        let (_, node) = ok("", toml);
        for (key, text) in [
            ("a", "2023-10-15T13:18:50-07:00"),
            ("b", "2023-10-15"),
            ("c", "13:18:50"),
            ("d", "1979-05-27 07:32:00Z"),
            ("e", "2023-10-15T13:18:50.123"),
        ] {
            assert_eq!(entry(&node, key).value.value, Value::String(text.into()));
        }
    }

    #[test]
    fn date_times_the_layouts_do_not_read_get_their_canonical_spelling() {
        let toml = "a = 2023-10-15t13:18:50z\nb = 2023-10-15T13:18Z\nc = 2023-10-15 13:18:50z\n";
        let (_, node) = ok("", toml);
        for key in ["a", "b", "c"] {
            let Value::String(text) = &entry(&node, key).value.value else {
                panic!("{key} is text");
            };
            assert!(
                crate::model::date::parse_date(text).is_ok(),
                "{key}: {text}"
            );
        }
    }

    #[test]
    fn arrays_and_inline_tables() {
        let toml =
            "tags = [\"a\", \"b\",\n  \"c\", ]\nauthor = { name = \"Zoë\", links = [1, 2.5] }\n";
        let (file, node) = ok(PREFIX, toml);
        let tags = entry(&node, "tags");
        assert_eq!(src(&file, tags.value.span), "[\"a\", \"b\",\n  \"c\", ]");
        let Value::Seq(items) = &tags.value.value else {
            panic!("not a seq")
        };
        assert_eq!(items.len(), 3);
        assert_eq!(src(&file, items[2].span), "\"c\"");
        let author = entry(&node, "author");
        assert!(src(&file, author.value.span).starts_with("{ name"));
        let name = entry(&author.value, "name");
        assert_eq!(src(&file, name.key.span), "name");
        assert_eq!(src(&file, name.value.span), "\"Zoë\"");
        let links = &entry(&author.value, "links").value;
        assert_eq!(
            links.value,
            Value::Seq(vec![
                Node::new(Value::Int(1), links_span(&file, "1")),
                Node::new(Value::Float(2.5), links_span(&file, "2.5")),
            ])
        );
    }

    fn links_span(file: &str, text: &str) -> Span {
        let start = file.rfind(text).unwrap();
        Span::new(start, start + text.len())
    }

    #[test]
    fn array_of_tables_is_a_seq_of_maps() {
        let toml = "[[menu]]\nname = \"a\"\n[[menu]]\nname = \"b\"\n";
        let (file, node) = ok(PREFIX, toml);
        let menu = entry(&node, "menu");
        assert_eq!(src(&file, menu.key.span), "menu");
        let Value::Seq(items) = &menu.value.value else {
            panic!("not a seq")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(src(&file, items[1].span), "[[menu]]");
        assert_eq!(
            entry(&items[1], "name").value.value,
            Value::String("b".into())
        );
    }

    #[test]
    fn numbers_in_other_notations() {
        let (_, node) = ok("", "a = 0xff\nb = 1_000\nc = -inf\nd = 6.02e23\ne = +7\n");
        assert_eq!(entry(&node, "a").value.value, Value::Int(255));
        assert_eq!(entry(&node, "b").value.value, Value::Int(1000));
        assert_eq!(
            entry(&node, "c").value.value,
            Value::Float(f64::NEG_INFINITY)
        );
        assert_eq!(entry(&node, "d").value.value, Value::Float(6.02e23));
        assert_eq!(entry(&node, "e").value.value, Value::Int(7));
    }

    #[test]
    fn empty_text_is_an_empty_map() {
        let node = parse("", 7, &Limits::default()).unwrap();
        assert_eq!(node, Node::new(Value::Map(Vec::new()), Span::empty(7)));
        let node = parse("# only a comment\n", 7, &Limits::default()).unwrap();
        assert_eq!(node.as_map(), Some(&[][..]));
    }

    #[test]
    fn syntax_errors_have_spans_inside_the_text() {
        let cases = [
            "title = \"unclosed\n",
            "title = 'unclosed\n",
            "title = \"\"\"never closed\n",
            "title =\n",
            "title\n",
            "= 1\n",
            "title = \"bad \\q escape\"\n",
            "a = [1, 2\n",
            "a = {b = 1\n",
            "[table\n",
            "a = 1 b = 2\n",
            "a = 2023-13-45\n",
            "a = tru\n",
            "a = 1__0\n",
            "[a]\n[a]\n",
            "a = 1\na.b = 2\n",
            "é = 1\n",
            "a = \"é\" \u{1F408}\n",
            "a = 99999999999999999999\n",
        ];
        for toml in cases {
            let e = err(toml);
            assert_eq!(e.kind, ParseErrorKind::Syntax, "{toml:?}: {e:?}");
            assert!(
                !e.message.is_empty() && !e.message.starts_with("invalid TOML"),
                "{e:?}"
            );
        }
    }

    #[test]
    fn duplicate_key_names_the_key() {
        let toml = "title = 1\r\ntitle = 2\r\n";
        let e = err(toml);
        assert!(e.message.contains("`title`"), "{e:?}");
        let second = "+++\n".len() + toml.rfind("title").unwrap();
        assert_eq!(e.span, Span::new(second, second + 5));
    }

    #[test]
    fn error_span_points_at_the_problem() {
        let toml = "a = 1\nb = [1, 2\nc = 3\n";
        let e = err(toml);
        assert!(
            e.span.start >= "+++\n".len() + toml.find('b').unwrap(),
            "{e:?}"
        );
    }

    #[test]
    fn integer_overflow_is_an_error() {
        let e = err("a = 99999999999999999999\n");
        assert_eq!(e.kind, ParseErrorKind::Syntax);
    }

    fn limit(toml: &str) -> ParseError {
        let e = parse(toml, 3, &Limits::default()).expect_err("too deep");
        assert_eq!(e.kind, ParseErrorKind::Limit, "{e:?}");
        assert!(e.message.contains("64"), "{e:?}");
        assert!(e.span.start >= 3 && e.span.end <= 3 + toml.len());
        e
    }

    #[test]
    fn deep_arrays_hit_the_depth_limit() {
        let toml = format!("a = {}", "[".repeat(5000));
        let e = limit(&toml);
        assert_eq!(&toml[e.span.start - 3..e.span.end - 3], "[");
        limit(&format!("a = {}1{}\n", "[".repeat(5000), "]".repeat(5000)));
        limit(&format!("a = {}\n", "{b = ".repeat(5000)));
    }

    #[test]
    fn deep_dotted_keys_and_headers_hit_the_depth_limit() {
        limit(&format!("{} = 1\n", vec!["a"; 5000].join(".")));
        limit(&format!("[{}]\n", vec!["a"; 5000].join(".")));
        limit(&format!("x = {{ {} = 1 }}\n", vec!["a"; 5000].join(".")));
    }

    #[test]
    fn depth_limit_is_exact() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        // root, a, seq: 3 levels.
        assert!(parse("a = [1]\n", 0, &limits).is_ok());
        assert!(parse("[a]\nb = [1]\n", 0, &limits).is_ok());
        assert!(parse("[a]\nb = [[1]]\n", 0, &limits).is_err());
        // An array of tables is a sequence and a mapping.
        assert!(parse("[[a]]\nb = 1\n", 0, &limits).is_ok());
        assert!(parse("[[a]]\n[[a.b]]\n", 0, &limits).is_err());
        // Brackets in strings and comments do not nest.
        assert!(parse("a = \"[[[[\" # [[[[\nb = '{{{{'\n", 0, &limits).is_ok());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for toml in [
            "\u{0}",
            "[",
            "[[",
            "]",
            "}",
            "{",
            "\"",
            "'''",
            "\"\"\"",
            "a.",
            ".",
            "a = \\",
            "\r",
            "a = 1\r",
            "[a]]",
            "[[a]",
            "a = [[[]]]]]]",
            "a = \"\\u{D800}\"",
            "a = \"\\uD800\"",
        ] {
            let _ = parse(toml, 1, &Limits::default());
        }
    }
}
