//! End-to-end tests of the `catlint` binary on broken category pages.
//!
//! * Part A — `fixtures/invalid/<rule>/categories/<case>/_index.md`: each fixture is the seed
//!   page with one defect; `catlint check --format json <file>` must exit with the expected
//!   code and report exactly the expected rules on the expected lines (`FIXTURE_TABLE`, which
//!   `fixtures/invalid/README.md` documents).
//! * Part B — mutations of the seed page: every defect in `mutations()` is applied to the seed
//!   written as YAML, TOML and JSON, with LF and CRLF line endings, with and without a UTF-8
//!   BOM. All files go into one temporary content tree that is checked by ONE run of the
//!   binary; the expected line of each defect is found by searching the mutated bytes for a
//!   marker.
//!
//! In both parts every diagnostic must have a span inside the file (line within the file's
//! line count, offsets within its length, line consistent with the offset), except the
//! file-level rules `file-too-large` and `io-error`, whose span is null.

// The case tables are long by nature.
#![allow(clippy::too_many_lines)]

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde_json::Value;

// ----- Running the binary ------------------------------------------------------------------

/// What one run of `catlint check --format json` printed.
struct Run {
    code: i32,
    report: Value,
}

fn catlint_check<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = common::command()
        .arg("check")
        .arg("--format")
        .arg("json")
        .args(args)
        .output()
        .expect("the catlint binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "catlint did not print JSON ({e}); stdout:\n{stdout}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert_eq!(report["version"], 1, "JSON contract version");
    Run {
        code: output
            .status
            .code()
            .expect("catlint exited normally, not by a signal"),
        report,
    }
}

/// One diagnostic of the JSON report.
#[derive(Debug, Clone)]
struct Diag {
    path: String,
    rule: String,
    severity: String,
    message: String,
    /// `(start line, start offset, end line, end offset)`; `None` when the span is null.
    span: Option<(usize, usize, usize, usize)>,
}

impl Diag {
    fn line(&self) -> Option<usize> {
        self.span.map(|s| s.0)
    }
}

fn diagnostics(report: &Value) -> Vec<Diag> {
    let list = report["diagnostics"]
        .as_array()
        .expect("`diagnostics` is a list");
    list.iter()
        .map(|d| {
            let num =
                |v: &Value| usize::try_from(v.as_u64().expect("a position is a number")).unwrap();
            let span = match &d["span"] {
                Value::Null => None,
                s => Some((
                    num(&s["start"]["line"]),
                    num(&s["start"]["offset"]),
                    num(&s["end"]["line"]),
                    num(&s["end"]["offset"]),
                )),
            };
            Diag {
                path: d["path"].as_str().expect("`path` is text").to_owned(),
                rule: d["rule"].as_str().expect("`rule` is text").to_owned(),
                severity: d["severity"]
                    .as_str()
                    .expect("`severity` is text")
                    .to_owned(),
                message: d["message"].as_str().expect("`message` is text").to_owned(),
                span,
            }
        })
        .collect()
}

fn files_checked(report: &Value) -> u64 {
    report["files_checked"]
        .as_u64()
        .expect("`files_checked` is a number")
}

// ----- Lines, as catlint counts them (`\n`, `\r\n` or a lone `\r` end a line) ---------------

/// The 1-based line of byte `offset` of `bytes`.
fn line_at(bytes: &[u8], offset: usize) -> usize {
    let before = &bytes[..offset.min(bytes.len())];
    let mut line = 1;
    for (i, &b) in before.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

/// Number of lines of `bytes` (a final line break starts one more, empty, line).
fn line_count(bytes: &[u8]) -> usize {
    line_at(bytes, bytes.len())
}

/// Rules whose diagnostics are about the whole file and have no span.
const FILE_LEVEL_RULES: &[&str] = &["file-too-large", "io-error"];

/// Problems with the span of `d` in a file of `bytes` (empty when all is well).
fn span_problems(d: &Diag, bytes: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    let file_level = FILE_LEVEL_RULES.contains(&d.rule.as_str());
    match (file_level, d.span) {
        (true, None) => {}
        (true, Some(_)) => problems.push(format!(
            "{}: a file-level diagnostic should have span null",
            d.rule
        )),
        (false, None) => problems.push(format!("{}: the diagnostic has no span", d.rule)),
        (false, Some((start_line, start, end_line, end))) => {
            let lines = line_count(bytes);
            if start_line == 0 || start_line > lines || end_line > lines || end_line < start_line {
                problems.push(format!(
                    "{}: span lines {start_line}..{end_line} are not within the file's {lines} lines",
                    d.rule
                ));
            }
            if start > end || end > bytes.len() {
                problems.push(format!(
                    "{}: span offsets {start}..{end} are not within the file's {} bytes",
                    d.rule,
                    bytes.len()
                ));
            }
            if start <= bytes.len() && line_at(bytes, start) != start_line {
                problems.push(format!(
                    "{}: offset {start} is on line {}, but the span says line {start_line}",
                    d.rule,
                    line_at(bytes, start)
                ));
            }
        }
    }
    let expected_severity = catlint_core::rules::RuleId::from_id(&d.rule)
        .map(|r| r.default_severity().to_string())
        .unwrap_or_default();
    if d.severity != expected_severity {
        problems.push(format!(
            "{}: severity {} (expected {expected_severity})",
            d.rule, d.severity
        ));
    }
    problems
}

fn sorted(mut v: Vec<(String, Option<usize>)>) -> Vec<(String, Option<usize>)> {
    v.sort();
    v
}

// ----- Part A: fixtures/invalid ------------------------------------------------------------

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/invalid")
}

/// A fixture: its path under `fixtures/invalid`, the expected exit code, every expected
/// `(rule, line)` (`None`: span null), and extra arguments to check it with.
struct Fixture {
    path: &'static str,
    exit: i32,
    expect: Vec<(String, Option<usize>)>,
    args: Vec<&'static str>,
}

/// One line per fixture: path, exit code, `rule:line` for each expected diagnostic (`rule:-`
/// for span null), then extra arguments. Keep in step with `fixtures/invalid/README.md`.
const FIXTURE_TABLE: &str = "
frontmatter-missing/categories/no-opening-delimiter/_index.md             1  frontmatter-missing:1
frontmatter-missing/categories/empty-file/_index.md                       1  frontmatter-missing:1
frontmatter-missing/categories/markdown-only.md                           1  frontmatter-missing:1
frontmatter-unterminated/categories/yaml-no-closing-delimiter/_index.md   1  frontmatter-unterminated:1
frontmatter-unterminated/categories/toml-no-closing-delimiter/_index.md   1  frontmatter-unterminated:1
frontmatter-unterminated/categories/json-no-closing-brace/_index.md       1  frontmatter-unterminated:1
syntax/categories/yaml-colon-in-plain-scalar/_index.md                    1  syntax:2
syntax/categories/toml-unquoted-string/_index.md                          1  syntax:2
# TOML forbids a key twice in one table: an exact duplicate is a TOML syntax error.
syntax/categories/toml-duplicate-key/_index.md                            1  syntax:4
# The TOML parser validates bare datetimes: Feb 30 unquoted is a syntax error, not invalid-date.
syntax/categories/toml-impossible-datetime/_index.md                      1  syntax:26
syntax/categories/json-missing-comma/_index.md                            1  syntax:2
syntax/categories/json-unquoted-string/_index.md                          1  syntax:2
duplicate-key/categories/yaml-exact-duplicate/_index.md                   1  duplicate-key:4
# Two spellings of one key (and a JSON repeat) build: Hugo reads one value, a warning.
shadowed-key/categories/yaml-case-duplicate/_index.md                     0  shadowed-key:4
shadowed-key/categories/yaml-headline-case-duplicate/_index.md            0  shadowed-key:26
# `title` and `Title` are two TOML keys (valid TOML) but one key to Hugo.
shadowed-key/categories/toml-case-duplicate/_index.md                     0  shadowed-key:4
shadowed-key/categories/json-exact-duplicate/_index.md                    0  shadowed-key:4
shadowed-key/categories/json-case-duplicate/_index.md                     0  shadowed-key:4
absolute-url/categories/yaml-url-with-protocol/_index.md                  1  absolute-url:3
absolute-url/categories/yaml-alias-with-protocol/_index.md                1  absolute-url:3
removed-field/categories/yaml-underscore-build/_index.md                  1  removed-field:3
deprecated-field/categories/yaml-cascade-underscore-target/_index.md      0  deprecated-field:4
misread-value/categories/yaml-date-number/_index.md                       0  misread-value:4
# A missing top-level field is reported on the opening delimiter; a missing headline field on `headline`.
missing-field/categories/yaml-date/_index.md                              1  missing-field:1
missing-field/categories/yaml-headline-updated/_index.md                  1  missing-field:20
missing-field/categories/toml-date/_index.md                              1  missing-field:1
missing-field/categories/toml-headline-updated/_index.md                  1  missing-field:21
missing-field/categories/json-date/_index.md                              1  missing-field:1
missing-field/categories/json-headline-updated/_index.md                  1  missing-field:7
# A misspelt required key is also a missing field (reported on line 1).
unknown-field/categories/yaml-descripton/_index.md                        1  unknown-field:5 missing-field:1
unknown-field/categories/yaml-headline-extra-key/_index.md                1  unknown-field:22
unknown-field/categories/toml-descripton/_index.md                        1  unknown-field:5 missing-field:1
unknown-field/categories/json-descripton/_index.md                        1  unknown-field:5 missing-field:1
wrong-type/categories/yaml-trustpilot-list/_index.md                      1  wrong-type:3
wrong-type/categories/yaml-title-number/_index.md                         1  wrong-type:22
wrong-type/categories/toml-trustpilot-list/_index.md                      1  wrong-type:3
wrong-type/categories/json-trustpilot-list/_index.md                      1  wrong-type:3
invalid-date/categories/yaml-headline-updated-feb-30/_index.md            1  invalid-date:25
invalid-date/categories/yaml-date-slashes/_index.md                       1  invalid-date:4
invalid-date/categories/toml-quoted-feb-30/_index.md                      1  invalid-date:26
invalid-date/categories/json-headline-updated-feb-30/_index.md            1  invalid-date:12
# too-long is a warning: exit code 0.
too-long/categories/yaml-description/_index.md                            0  too-long:5
too-long/categories/yaml-headline-subtitle/_index.md                      0  too-long:23
too-long/categories/json-description/_index.md                            0  too-long:5
empty-value/categories/yaml-title-nothing/_index.md                       1  empty-value:2
empty-value/categories/yaml-description-empty-string/_index.md            1  empty-value:5
empty-value/categories/toml-title-empty-string/_index.md                  1  empty-value:2
empty-value/categories/json-title-null/_index.md                          1  empty-value:2
encoding/categories/latin1-description/_index.md                          1  encoding:5
encoding/categories/nul-byte/_index.md                                    1  encoding:5
encoding/categories/utf16le/_index.md                                     1  encoding:1
encoding/categories/latin1-body/_index.md                                 1  encoding:29
parse-limit/categories/yaml-alias-bomb/_index.md                          1  parse-limit:24
parse-limit/categories/yaml-nesting-200/_index.md                         1  parse-limit:84
parse-limit/categories/json-nesting-200/_index.md                         1  parse-limit:7
parse-limit/categories/toml-nesting-200/_index.md                         1  parse-limit:6
# A valid 2,079-byte page, too large only under a 100-byte limit: not read (so not in
# `files_checked`), and its diagnostic has no span.
file-too-large/categories/seed-copy/_index.md                             1  file-too-large:-  --max-file-size=100
# Page rules (from here on). instructions-opening is an error: exit 1.
# A misspelt title: the Instructions (line 7) and headline.title (22) both name the right spelling.
instructions-opening/categories/yaml-name-without-spaces/_index.md        1  instructions-opening:7
instructions-opening/categories/yaml-title-misspelt/_index.md             1  instructions-opening:7 headline-title:22
instructions-opening/categories/toml-old-name/_index.md                   1  instructions-opening:7
instructions-opening/categories/json-opening-not-the-template/_index.md   1  instructions-opening:6
# The remaining page rules are warnings: exit 0 when alone.
# A missing section is reported on the `Instructions` key; a heading without bullets on the heading.
# One-sentence Instructions (as the real business-agility.md) lack both sections: two diagnostics.
instructions-sections/categories/yaml-topics-heading-renamed/_index.md    0  instructions-sections:6
instructions-sections/categories/yaml-no-exclusion/_index.md              0  instructions-sections:6
instructions-sections/categories/yaml-topics-as-a-sentence/_index.md      0  instructions-sections:10
instructions-sections/categories/toml-one-paragraph/_index.md             0  instructions-sections:6 instructions-sections:6
headline-title/categories/yaml-old-name/_index.md                         0  headline-title:22
headline-title/categories/yaml-title-not-first/_index.md                  0  headline-title:22
headline-title/categories/toml-other-term/_index.md                       0  headline-title:23
# A block scalar is reported where its value starts: the `>-` line.
headline-content-words/categories/yaml-51-words/_index.md                 0  headline-content-words:24
headline-content-words/categories/yaml-folded-block/_index.md             0  headline-content-words:24
headline-content-words/categories/json-65-words/_index.md                 0  headline-content-words:11
# A phrase split over two lines of a plain scalar cannot be pointed at: the value's start.
banned-phrase/categories/yaml-description/_index.md                       0  banned-phrase:5
banned-phrase/categories/yaml-subtitle-title-case/_index.md               0  banned-phrase:23
banned-phrase/categories/yaml-phrase-across-lines/_index.md               0  banned-phrase:5
banned-phrase/categories/json-headline-content/_index.md                  0  banned-phrase:11
# headline.updated earlier than date: compares two dates of the page, so no --now is needed
# (`stale-after-days`, the time-dependent half, has no command-line option).
headline-stale/categories/yaml-page-redated/_index.md                     0  headline-stale:25
headline-stale/categories/yaml-updated-date-only/_index.md                0  headline-stale:25
headline-stale/categories/json-updated-offset/_index.md                   0  headline-stale:12
# Checked with a pinned now. A row with extra arguments must be clean when the whole tree is
# checked without them (fixture_tree_checked_in_one_run): these dates (2025-09-01, 2026-02-11)
# are past by the system clock, and headline.updated moves with `date` so that headline-stale
# stays quiet.
future-date/categories/yaml-scheduled-launch/_index.md                    0  future-date:4 --now=2025-06-01T00:00:00Z
# 2205 (transposed 2025) is future for any now, so this row needs no --now; headline.updated
# (2025-02-13) is then before the page date: headline-stale too.
future-date/categories/yaml-year-transposed/_index.md                     0  future-date:4 headline-stale:25
# The same with the page generated on a clock a year ahead (2026).
future-date/categories/json-clock-a-year-ahead/_index.md                  0  future-date:4 --now=2025-06-01T00:00:00Z
date-timezone/categories/yaml-date-no-zone/_index.md                      0  date-timezone:4
date-timezone/categories/toml-local-datetime/_index.md                    0  date-timezone:4
# `draft: no` / `trustpilot: Y`: the word is text in Hugo >= 0.152 where the field must be
# true/false, so wrong-type (an error: exit 1) reports the same value too.
yaml-legacy-boolean/categories/yaml-draft-no/_index.md                    0  yaml-legacy-boolean:4
yaml-legacy-boolean/categories/yaml-trustpilot-capital-y/_index.md        0  yaml-legacy-boolean:3
yaml-legacy-boolean/categories/yaml-params-toc-on/_index.md               0  yaml-legacy-boolean:27
key-case/categories/yaml-instructions-lowercase/_index.md                 0  key-case:6
key-case/categories/yaml-headline-title-capitalised/_index.md             0  key-case:22
key-case/categories/toml-headline-table/_index.md                         0  key-case:21
key-case/categories/json-description-capitalised/_index.md                0  key-case:5
# YAML drops trailing spaces of plain scalars: the YAML case quotes the title.
untrimmed-value/categories/yaml-title-trailing-space/_index.md            0  untrimmed-value:2
untrimmed-value/categories/toml-description-leading-space/_index.md       0  untrimmed-value:5
untrimmed-value/categories/json-subtitle-trailing-tab/_index.md           0  untrimmed-value:10
";

fn fixtures() -> Vec<Fixture> {
    FIXTURE_TABLE
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace();
            let path = words.next().expect("a path");
            let exit = words
                .next()
                .and_then(|w| w.parse().ok())
                .expect("an exit code");
            let (mut expect, mut args) = (Vec::new(), Vec::new());
            for w in words {
                if w.starts_with("--") {
                    args.push(w);
                } else {
                    let (rule, line) = w.split_once(':').expect("rule:line");
                    let line = (line != "-").then(|| line.parse().expect("a line number"));
                    expect.push((rule.to_owned(), line));
                }
            }
            Fixture {
                path,
                exit,
                expect: sorted(expect),
                args,
            }
        })
        .collect()
}

/// Rules whose behaviour depends on the front matter format: each needs a TOML and a JSON
/// fixture too.
const FORMAT_SENSITIVE_RULES: &[&str] = &[
    "syntax",
    // Not duplicate-key: an exact TOML repeat is a TOML syntax error, and a JSON repeat or a
    // repeat in another case is shadowed-key (Hugo builds), which has all three.
    "shadowed-key",
    "wrong-type",
    "invalid-date",
    "missing-field",
    "unknown-field",
];

#[test]
fn fixtures_report_their_rule_on_the_expected_line() {
    let root = fixtures_dir();
    let mut failures = Vec::new();
    for fixture in fixtures() {
        let file = root.join(fixture.path);
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let args = fixture
            .args
            .iter()
            .map(OsStr::new)
            .chain([file.as_os_str()]);
        let run = catlint_check(args);
        let diags = diagnostics(&run.report);
        let mut problems = Vec::new();
        if run.code != fixture.exit {
            problems.push(format!(
                "exit code {} (expected {})",
                run.code, fixture.exit
            ));
        }
        // A file over the size limit is not read, so it is not counted as checked.
        let readable = fixture
            .expect
            .iter()
            .all(|(rule, _)| !FILE_LEVEL_RULES.contains(&rule.as_str()));
        if files_checked(&run.report) != u64::from(readable) {
            problems.push(format!("files_checked is {}", files_checked(&run.report)));
        }
        let got = sorted(diags.iter().map(|d| (d.rule.clone(), d.line())).collect());
        if got != fixture.expect {
            problems.push(format!("reported {got:?}, expected {:?}", fixture.expect));
        }
        for d in &diags {
            if Path::new(&d.path) != file {
                problems.push(format!("diagnostic for another path: {}", d.path));
            }
            problems.extend(span_problems(d, &bytes));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n    {}",
                fixture.path,
                problems.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every file under `dir`, relative to `base`, with `/` separators.
fn files_under(base: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files_under(base, &path, out);
        } else {
            let rel = path.strip_prefix(base).expect("under the base");
            let parts: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            out.push(parts.join("/"));
        }
    }
}

/// The rules that have a fixture directory (all but `io-error`, which needs an unreadable
/// path: see `unreadable_path_is_an_io_error_without_span`).
const FIXTURE_RULES: &[&str] = &[
    "frontmatter-missing",
    "frontmatter-unterminated",
    "syntax",
    "duplicate-key",
    "shadowed-key",
    "absolute-url",
    "removed-field",
    "deprecated-field",
    "misread-value",
    "missing-field",
    "unknown-field",
    "wrong-type",
    "invalid-date",
    "too-long",
    "empty-value",
    "encoding",
    "parse-limit",
    "file-too-large",
    "instructions-opening",
    "instructions-sections",
    "headline-title",
    "headline-content-words",
    "banned-phrase",
    "headline-stale",
    "future-date",
    "date-timezone",
    "yaml-legacy-boolean",
    "key-case",
    "untrimmed-value",
];

#[test]
fn fixture_table_matches_the_fixture_tree() {
    let root = fixtures_dir();
    let table = fixtures();
    let mut on_disk = Vec::new();
    files_under(&root, &root, &mut on_disk);
    on_disk.retain(|p| p != "README.md" && p != ".gitattributes");
    on_disk.sort();
    let mut in_table: Vec<&str> = table.iter().map(|f| f.path).collect();
    in_table.sort_unstable();
    assert_eq!(
        on_disk, in_table,
        "every fixture file has a row in FIXTURE_TABLE, and every row a file"
    );

    let readme =
        std::fs::read_to_string(root.join("README.md")).expect("fixtures/invalid/README.md");
    for fixture in &table {
        let (dir, rest) = fixture.path.split_once('/').expect("<rule>/…");
        assert!(
            FIXTURE_RULES.contains(&dir),
            "{}: `{dir}` is not a rule directory",
            fixture.path
        );
        assert!(
            rest.starts_with("categories/"),
            "{}: not a category page path",
            fixture.path
        );
        assert!(
            fixture.expect.iter().any(|(rule, _)| rule == dir),
            "{}: a fixture of `{dir}` must expect `{dir}`",
            fixture.path
        );
        assert!(
            readme.contains(fixture.path),
            "README.md does not list {}",
            fixture.path
        );
    }
    for rule in FIXTURE_RULES {
        let cases: Vec<&str> = in_table
            .iter()
            .copied()
            .filter(|p| p.starts_with(&format!("{rule}/")))
            .collect();
        assert!(!cases.is_empty(), "no fixture for `{rule}`");
        if FORMAT_SENSITIVE_RULES.contains(rule) {
            for format in ["yaml-", "toml-", "json-"] {
                let prefix = format!("{rule}/categories/{format}");
                assert!(
                    cases.iter().any(|p| p.starts_with(&prefix)),
                    "`{rule}` has no {format}… fixture"
                );
            }
        }
    }
    for case in [
        "parse-limit/categories/yaml-alias-bomb/",
        "parse-limit/categories/yaml-nesting-200/",
    ] {
        assert!(
            in_table.iter().any(|p| p.starts_with(case)),
            "no fixture {case}"
        );
    }
}

/// Checking the whole fixture tree at once: discovery finds every page (and skips README.md),
/// and the batch reports the same as the one-file runs (without `--max-file-size 100` the
/// file-too-large fixture is a clean page).
#[test]
fn fixture_tree_checked_in_one_run() {
    let root = fixtures_dir();
    let table = fixtures();
    let run = catlint_check([root.as_os_str()]);
    assert_eq!(run.code, 1);
    assert_eq!(files_checked(&run.report), table.len() as u64);
    let mut by_file: BTreeMap<PathBuf, Vec<(String, Option<usize>)>> = BTreeMap::new();
    for d in diagnostics(&run.report) {
        let line = d.line();
        by_file
            .entry(PathBuf::from(d.path))
            .or_default()
            .push((d.rule, line));
    }
    for fixture in &table {
        let got = sorted(by_file.remove(&root.join(fixture.path)).unwrap_or_default());
        let want = if fixture.args.is_empty() {
            fixture.expect.clone()
        } else {
            Vec::new()
        };
        assert_eq!(got, want, "{}", fixture.path);
    }
    assert!(
        by_file.is_empty(),
        "diagnostics for unexpected files: {by_file:?}"
    );
}

#[test]
fn unreadable_path_is_an_io_error_without_span() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let missing = dir.path().join("content/categories/gone/_index.md");
    let run = catlint_check([missing.as_os_str()]);
    assert_eq!(run.code, 2, "an unreadable path exits with 2");
    let diags = diagnostics(&run.report);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].rule, "io-error");
    assert_eq!(diags[0].span, None);
    assert_eq!(Path::new(&diags[0].path), missing);
    assert_eq!(files_checked(&run.report), 0);
}

#[test]
fn syntax_messages_name_the_format_once() {
    let root = fixtures_dir();
    let syntax_cases: Vec<Fixture> = fixtures()
        .into_iter()
        .filter(|f| f.path.starts_with("syntax/"))
        .collect();
    assert_eq!(syntax_cases.len(), 6);
    for fixture in syntax_cases {
        let run = catlint_check([root.join(fixture.path)]);
        let diags = diagnostics(&run.report);
        assert_eq!(diags.len(), 1, "{}: {diags:?}", fixture.path);
        let message = &diags[0].message;
        let format = ["YAML", "TOML", "JSON"]
            .into_iter()
            .find(|f| message.starts_with(&format!("invalid {f}: ")))
            .unwrap_or_else(|| panic!("{}: {message:?} does not name the format", fixture.path));
        assert_eq!(
            message.matches(&format!("invalid {format}")).count(),
            1,
            "{}: {message:?}",
            fixture.path
        );
    }
}

// ----- fixtures/valid ----------------------------------------------------------------------

/// `fixtures/valid`: category pages that break no rule (each case is listed in its README.md),
/// checked in ONE run with a pinned now: no diagnostic at all, exit 0, and every page found.
#[test]
fn valid_fixtures_are_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/valid");
    let mut files = Vec::new();
    files_under(&root, &root, &mut files);
    // README.md is not a category page: discovery skips it.
    let pages = files
        .iter()
        .filter(|p| p.ends_with(".md") && p.as_str() != "README.md")
        .count();
    assert!(pages > 0, "no page in fixtures/valid");
    let run = catlint_check([OsStr::new("--now=2025-06-01T00:00:00Z"), root.as_os_str()]);
    let diags = diagnostics(&run.report);
    assert!(diags.is_empty(), "fixtures/valid must be clean: {diags:#?}");
    assert_eq!(run.code, 0, "a clean tree exits with 0");
    assert_eq!(
        files_checked(&run.report),
        pages as u64,
        "every page of fixtures/valid is found and checked"
    );
}

// ----- Part B: mutations of the seed page --------------------------------------------------

// The reference page `corpus/seed/content/categories/customer-feedback-loops/_index.md`, field
// by field. `seed(Format::Yaml)` reproduces it byte for byte (checked against the unchanged
// copy in fixtures/invalid/file-too-large).
const TITLE: &str = "Customer Feedback Loops";
const DATE: &str = "2025-02-11T10:17:24Z";
const DESCRIPTION: &str =
    "Tightening the loop between delivery and learning to ensure products meet real needs.";
const INSTRUCTIONS: &str = concat!(
    "**Use this category only for discussions on Customer Feedback Loops.**  \n",
    "The purpose of this category is to explore the mechanisms and practices that facilitate the integration of ",
    "customer feedback into the product development process, ensuring that products are aligned with user needs and ",
    "expectations. This includes methods for collecting, analysing, and acting on feedback to enhance product ",
    "quality and customer satisfaction.\n",
    "\n",
    "**Key Topics:**\n",
    "- The importance of customer feedback in Agile and Lean methodologies.\n",
    "- Techniques for gathering customer insights (e.g., surveys, interviews, usability testing).\n",
    "- The role of feedback loops in iterative development and continuous improvement.\n",
    "- Strategies for integrating feedback into the product backlog and prioritisation processes.\n",
    "- Case studies demonstrating effective feedback loop implementations.\n",
    "- Tools and frameworks that support customer feedback collection and analysis.\n",
    "- The impact of customer feedback on team dynamics and decision-making.\n",
    "\n",
    "**Strictly exclude** discussions that do not directly relate to the processes of collecting and utilising ",
    "customer feedback, such as general product management practices that do not emphasise feedback integration, ",
    "or unrelated Agile and DevOps concepts that do not focus on the feedback loop mechanism.",
);
const SUBTITLE: &str = "Enhancing product relevance through iterative learning and responsive delivery based on user insights.";
const CONTENT: &str = "Facilitating a dynamic exchange of insights between users and teams to refine product offerings. \
                       Posts should explore techniques for gathering and analysing feedback, methods for integrating \
                       user input into development cycles, and strategies for fostering a culture of continuous \
                       improvement and responsiveness to changing needs.";
const UPDATED: &str = "2025-02-13T12:05:19Z";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Yaml,
    Toml,
    Json,
}

const FORMATS: [Format; 3] = [Format::Yaml, Format::Toml, Format::Json];

/// A JSON (and TOML basic) string literal.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// The seed page in `format`, with LF line endings. TOML writes the dates as bare TOML
/// datetimes, `Instructions` as a multi-line basic string and `headline` as a table.
fn seed(format: Format) -> String {
    match format {
        Format::Yaml => {
            let instructions: String = INSTRUCTIONS
                .split('\n')
                .map(|l| {
                    if l.is_empty() {
                        "\n".to_owned()
                    } else {
                        format!("  {l}\n")
                    }
                })
                .collect();
            format!(
                "---\ntitle: {TITLE}\ntrustpilot: false\ndate: {DATE}\ndescription: {DESCRIPTION}\n\
                 Instructions: |-\n{instructions}headline:\n  cards: []\n  title: {TITLE}\n  subtitle: {SUBTITLE}\n  \
                 content: {CONTENT}\n  updated: {UPDATED}\n\n---\n\n"
            )
        }
        Format::Toml => format!(
            "+++\ntitle = {}\ntrustpilot = false\ndate = {DATE}\ndescription = {}\nInstructions = \"\"\"\n{INSTRUCTIONS}\"\"\"\n\n\
             [headline]\ncards = []\ntitle = {}\nsubtitle = {}\ncontent = {}\nupdated = {UPDATED}\n\n+++\n\n",
            quoted(TITLE),
            quoted(DESCRIPTION),
            quoted(TITLE),
            quoted(SUBTITLE),
            quoted(CONTENT),
        ),
        Format::Json => format!(
            "{{\n  \"title\": {},\n  \"trustpilot\": false,\n  \"date\": \"{DATE}\",\n  \"description\": {},\n  \
             \"Instructions\": {},\n  \"headline\": {{\n    \"cards\": [],\n    \"title\": {},\n    \"subtitle\": {},\n    \
             \"content\": {},\n    \"updated\": \"{UPDATED}\"\n  }}\n}}\n\n",
            quoted(TITLE),
            quoted(DESCRIPTION),
            quoted(INSTRUCTIONS),
            quoted(TITLE),
            quoted(SUBTITLE),
            quoted(CONTENT),
        ),
    }
}

/// Where a diagnostic is expected.
#[derive(Debug, Clone)]
enum At {
    /// Line 1: the opening delimiter (or what stands in its place).
    FirstLine,
    /// The line of the first occurrence of these bytes in the mutated file.
    Marker(Vec<u8>),
}

/// One defect in one format: replace `find` (which occurs exactly once in the seed) by
/// `replace`, and expect exactly the diagnostics `expect`.
#[derive(Debug, Clone)]
struct Edit {
    find: Vec<u8>,
    replace: Vec<u8>,
    expect: Vec<(&'static str, At)>,
}

fn edit(find: impl AsRef<[u8]>, replace: impl AsRef<[u8]>, expect: &[(&'static str, At)]) -> Edit {
    Edit {
        find: find.as_ref().to_vec(),
        replace: replace.as_ref().to_vec(),
        expect: expect.to_vec(),
    }
}

fn marker(m: impl AsRef<[u8]>) -> At {
    At::Marker(m.as_ref().to_vec())
}

/// A defect, written in each format.
struct Mutation {
    name: &'static str,
    yaml: Edit,
    toml: Edit,
    json: Edit,
}

impl Mutation {
    fn edit(&self, format: Format) -> &Edit {
        match format {
            Format::Yaml => &self.yaml,
            Format::Toml => &self.toml,
            Format::Json => &self.json,
        }
    }
}

/// `n` characters of text (ASCII then ten `é`, so characters and bytes differ).
fn text_of_chars(n: usize) -> String {
    let mut s = "x".repeat(n - 10);
    s.push_str(&"é".repeat(10));
    s
}

/// The defects. Each applies to every format, line ending and BOM; where the expected rule
/// differs by format the comment says FORMAT-SPECIFIC. Line endings and the BOM never change
/// the expected rule or line (the BOM comes before line 1). Not in the matrix: lone-CR line
/// endings, which TOML forbids (every TOML page would be a `syntax` error).
fn mutations() -> Vec<Mutation> {
    let long = text_of_chars(161);
    let limit = text_of_chars(160);
    vec![
        // The unchanged seed: no diagnostic in any format, line ending or BOM.
        Mutation {
            name: "unchanged",
            yaml: edit("trustpilot: false", "trustpilot: false", &[]),
            toml: edit("trustpilot = false", "trustpilot = false", &[]),
            json: edit("\"trustpilot\": false", "\"trustpilot\": false", &[]),
        },
        // A typo in a key: unknown-field on it, and the real field is then missing (reported
        // on the opening delimiter, line 1).
        Mutation {
            name: "unknown-key-descripton",
            yaml: edit(
                "description:",
                "descripton:",
                &[
                    ("unknown-field", marker("descripton")),
                    ("missing-field", At::FirstLine),
                ],
            ),
            toml: edit(
                "description =",
                "descripton =",
                &[
                    ("unknown-field", marker("descripton")),
                    ("missing-field", At::FirstLine),
                ],
            ),
            json: edit(
                "\"description\":",
                "\"descripton\":",
                &[
                    ("unknown-field", marker("descripton")),
                    ("missing-field", At::FirstLine),
                ],
            ),
        },
        // `title` and `Title`. TOML keys are case-sensitive, so this is valid TOML: the
        // duplicate is catlint's own (Hugo's) case-insensitive rule → shadowed-key (Hugo builds and
        // reads `Title`) in all three.
        Mutation {
            name: "duplicate-key-case",
            yaml: edit(
                "trustpilot: false\n",
                "trustpilot: false\nTitle: Customer Feedback Loops\n",
                &[("shadowed-key", marker("Title"))],
            ),
            toml: edit(
                "trustpilot = false\n",
                "trustpilot = false\nTitle = \"Customer Feedback Loops\"\n",
                &[("shadowed-key", marker("Title"))],
            ),
            json: edit(
                "\"trustpilot\": false,\n",
                "\"trustpilot\": false,\n  \"Title\": \"Customer Feedback Loops\",\n",
                &[("shadowed-key", marker("Title"))],
            ),
        },
        // `title` twice, same spelling. FORMAT-SPECIFIC: TOML forbids a key twice in a table,
        // so the TOML parser rejects the file before catlint's duplicate check runs → `syntax`
        // on the second `title`. YAML (saphyr) and JSON (jsonc-parser) keep both entries:
        // `duplicate-key` in YAML (`hugo` fails), `shadowed-key` in JSON (Hugo keeps the last).
        Mutation {
            name: "duplicate-key-exact",
            yaml: edit(
                "trustpilot: false\n",
                "trustpilot: false\ntitle: Again\n",
                &[("duplicate-key", marker("title: Again"))],
            ),
            toml: edit(
                "trustpilot = false\n",
                "trustpilot = false\ntitle = \"Again\"\n",
                &[("syntax", marker("title = \"Again\""))],
            ),
            json: edit(
                "\"trustpilot\": false,\n",
                "\"trustpilot\": false,\n  \"title\": \"Again\",\n",
                &[("shadowed-key", marker("\"title\": \"Again\""))],
            ),
        },
        // No `date`: a missing top-level field is reported on the opening delimiter.
        Mutation {
            name: "missing-date",
            yaml: edit(
                format!("date: {DATE}\n"),
                "",
                &[("missing-field", At::FirstLine)],
            ),
            toml: edit(
                format!("date = {DATE}\n"),
                "",
                &[("missing-field", At::FirstLine)],
            ),
            json: edit(
                format!("  \"date\": \"{DATE}\",\n"),
                "",
                &[("missing-field", At::FirstLine)],
            ),
        },
        // No `headline.updated`: reported on the `headline` key (`[headline]` header in TOML).
        Mutation {
            name: "missing-headline-updated",
            yaml: edit(
                format!("  updated: {UPDATED}\n"),
                "",
                &[("missing-field", marker("headline:"))],
            ),
            toml: edit(
                format!("updated = {UPDATED}\n"),
                "",
                &[("missing-field", marker("[headline]"))],
            ),
            json: edit(
                format!(",\n    \"updated\": \"{UPDATED}\""),
                "",
                &[("missing-field", marker("\"headline\""))],
            ),
        },
        Mutation {
            name: "wrong-type-trustpilot-list",
            yaml: edit(
                "trustpilot: false",
                "trustpilot: [1]",
                &[("wrong-type", marker("trustpilot"))],
            ),
            toml: edit(
                "trustpilot = false",
                "trustpilot = [1]",
                &[("wrong-type", marker("trustpilot"))],
            ),
            json: edit(
                "\"trustpilot\": false",
                "\"trustpilot\": [1]",
                &[("wrong-type", marker("trustpilot"))],
            ),
        },
        // An impossible date in `headline.updated`, written as each format writes dates.
        // FORMAT-SPECIFIC: a bare TOML datetime is validated by the TOML parser → `syntax`
        // (the string form is the next mutation). YAML's plain scalar and JSON's string reach
        // the date check → `invalid-date`.
        Mutation {
            name: "invalid-date-feb-30",
            yaml: edit(
                format!("updated: {UPDATED}"),
                "updated: 2025-02-30T10:17:24Z",
                &[("invalid-date", marker("2025-02-30"))],
            ),
            toml: edit(
                format!("updated = {UPDATED}"),
                "updated = 2025-02-30T10:17:24Z",
                &[("syntax", marker("2025-02-30"))],
            ),
            json: edit(
                format!("\"updated\": \"{UPDATED}\""),
                "\"updated\": \"2025-02-30T10:17:24Z\"",
                &[("invalid-date", marker("2025-02-30"))],
            ),
        },
        // The same date quoted: a string in all three formats → `invalid-date` everywhere
        // (the JSON edit is the same as above: JSON has no other way to write a date).
        Mutation {
            name: "invalid-date-feb-30-quoted",
            yaml: edit(
                format!("updated: {UPDATED}"),
                "updated: \"2025-02-30T10:17:24Z\"",
                &[("invalid-date", marker("2025-02-30"))],
            ),
            toml: edit(
                format!("updated = {UPDATED}"),
                "updated = \"2025-02-30T10:17:24Z\"",
                &[("invalid-date", marker("2025-02-30"))],
            ),
            json: edit(
                format!("\"updated\": \"{UPDATED}\""),
                "\"updated\": \"2025-02-30T10:17:24Z\"",
                &[("invalid-date", marker("2025-02-30"))],
            ),
        },
        // A date layout Hugo does not read (a string in TOML: `11/02/2025` is no TOML value).
        Mutation {
            name: "invalid-date-layout",
            yaml: edit(
                format!("date: {DATE}"),
                "date: 11/02/2025",
                &[("invalid-date", marker("11/02/2025"))],
            ),
            toml: edit(
                format!("date = {DATE}"),
                "date = \"11/02/2025\"",
                &[("invalid-date", marker("11/02/2025"))],
            ),
            json: edit(
                format!("\"date\": \"{DATE}\""),
                "\"date\": \"11/02/2025\"",
                &[("invalid-date", marker("11/02/2025"))],
            ),
        },
        // 161 characters (171 bytes): too-long, a warning.
        Mutation {
            name: "too-long-description",
            yaml: edit(DESCRIPTION, &long, &[("too-long", marker("description:"))]),
            toml: edit(DESCRIPTION, &long, &[("too-long", marker("description ="))]),
            json: edit(
                DESCRIPTION,
                &long,
                &[("too-long", marker("\"description\""))],
            ),
        },
        // Exactly 160 characters (170 bytes): at the limit, no diagnostic.
        Mutation {
            name: "description-at-limit",
            yaml: edit(DESCRIPTION, &limit, &[]),
            toml: edit(DESCRIPTION, &limit, &[]),
            json: edit(DESCRIPTION, &limit, &[]),
        },
        // An empty title: `title:` in YAML (null); TOML has no null, so `title = ""`; JSON `""`.
        Mutation {
            name: "empty-title",
            yaml: edit(
                format!("---\ntitle: {TITLE}\n"),
                "---\ntitle:\n",
                &[("empty-value", marker("title:"))],
            ),
            toml: edit(
                format!("+++\ntitle = \"{TITLE}\"\n"),
                "+++\ntitle = \"\"\n",
                &[("empty-value", marker("title ="))],
            ),
            json: edit(
                format!("{{\n  \"title\": \"{TITLE}\","),
                "{\n  \"title\": \"\",",
                &[("empty-value", marker("\"title\""))],
            ),
        },
        // A syntax error on the title line (chosen so that every parser stops on that line).
        Mutation {
            name: "syntax-error",
            yaml: edit(
                format!("---\ntitle: {TITLE}\n"),
                "---\ntitle: Customer: Feedback Loops\n",
                &[("syntax", marker("Customer:"))],
            ),
            toml: edit(
                format!("+++\ntitle = \"{TITLE}\"\n"),
                "+++\ntitle = Customer Feedback Loops\n",
                &[("syntax", marker("title = Customer"))],
            ),
            json: edit(
                format!("{{\n  \"title\": \"{TITLE}\","),
                "{\n  \"title\": Customer Feedback Loops,",
                &[("syntax", marker("\"title\": Customer"))],
            ),
        },
        // The closing delimiter removed: reported on the opening one.
        Mutation {
            name: "unterminated",
            yaml: edit(
                "\n---\n",
                "\n",
                &[("frontmatter-unterminated", At::FirstLine)],
            ),
            toml: edit(
                "\n+++\n",
                "\n",
                &[("frontmatter-unterminated", At::FirstLine)],
            ),
            json: edit(
                "  }\n}\n",
                "  }\n",
                &[("frontmatter-unterminated", At::FirstLine)],
            ),
        },
        // The opening delimiter removed: the page starts with a field.
        Mutation {
            name: "missing-frontmatter",
            yaml: edit(
                "---\ntitle:",
                "title:",
                &[("frontmatter-missing", At::FirstLine)],
            ),
            toml: edit(
                "+++\ntitle",
                "title",
                &[("frontmatter-missing", At::FirstLine)],
            ),
            json: edit(
                "{\n  \"title\"",
                "  \"title\"",
                &[("frontmatter-missing", At::FirstLine)],
            ),
        },
        // A byte that is never valid UTF-8, inside the description.
        Mutation {
            name: "invalid-utf8-in-frontmatter",
            yaml: edit(
                "between delivery",
                b"between \xFFdelivery",
                &[("encoding", marker(b"\xFF"))],
            ),
            toml: edit(
                "between delivery",
                b"between \xFFdelivery",
                &[("encoding", marker(b"\xFF"))],
            ),
            json: edit(
                "between delivery",
                b"between \xFFdelivery",
                &[("encoding", marker(b"\xFF"))],
            ),
        },
        // A Latin-1 byte in the body: reported, and the (valid) front matter is still checked.
        Mutation {
            name: "invalid-utf8-in-body",
            yaml: edit(
                "\n---\n\n",
                b"\n---\n\nCaf\xE9 notes.\n",
                &[("encoding", marker(b"\xE9"))],
            ),
            toml: edit(
                "\n+++\n\n",
                b"\n+++\n\nCaf\xE9 notes.\n",
                &[("encoding", marker(b"\xE9"))],
            ),
            json: edit(
                "  }\n}\n\n",
                b"  }\n}\n\nCaf\xE9 notes.\n",
                &[("encoding", marker(b"\xE9"))],
            ),
        },
        // A NUL byte inside the description: binary content.
        Mutation {
            name: "nul-byte",
            yaml: edit(
                "between delivery",
                b"between\0delivery",
                &[("encoding", marker(b"\0"))],
            ),
            toml: edit(
                "between delivery",
                b"between\0delivery",
                &[("encoding", marker(b"\0"))],
            ),
            json: edit(
                "between delivery",
                b"between\0delivery",
                &[("encoding", marker(b"\0"))],
            ),
        },
    ]
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return Vec::new();
    }
    (0..=haystack.len() - needle.len())
        .filter(|&i| &haystack[i..i + needle.len()] == needle)
        .collect()
}

/// Replace the single occurrence of `find` in `text`.
fn apply(text: &[u8], e: &Edit, what: &str) -> Vec<u8> {
    let at = find_all(text, &e.find);
    assert_eq!(
        at.len(),
        1,
        "{what}: {:?} occurs {} times in the seed",
        String::from_utf8_lossy(&e.find),
        at.len()
    );
    let mut out = text[..at[0]].to_vec();
    out.extend_from_slice(&e.replace);
    out.extend_from_slice(&text[at[0] + e.find.len()..]);
    out
}

fn to_crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 20);
    for &b in bytes {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A page written for the batch run, with its expected `(rule, line)`s.
struct Page {
    name: String,
    path: PathBuf,
    bytes: Vec<u8>,
    expect: Vec<(String, Option<usize>)>,
}

#[test]
fn yaml_seed_is_the_reference_page() {
    let copy = std::fs::read_to_string(
        fixtures_dir().join("file-too-large/categories/seed-copy/_index.md"),
    )
    .expect("the unchanged seed copy");
    assert_eq!(seed(Format::Yaml), copy);
}

#[test]
fn every_mutation_in_every_format_line_ending_and_bom() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let content = tmp.path().join("content");
    let mut pages = Vec::new();
    for m in mutations() {
        for format in FORMATS {
            let e = m.edit(format);
            let mutated = apply(
                seed(format).as_bytes(),
                e,
                &format!("{}/{format:?}", m.name),
            );
            for crlf in [false, true] {
                for bom in [false, true] {
                    let mut bytes = if bom { BOM.to_vec() } else { Vec::new() };
                    bytes.extend(if crlf {
                        to_crlf(&mutated)
                    } else {
                        mutated.clone()
                    });
                    let name = format!(
                        "{}-{}-{}-{}",
                        m.name,
                        format!("{format:?}").to_lowercase(),
                        if crlf { "crlf" } else { "lf" },
                        if bom { "bom" } else { "nobom" }
                    );
                    let expect = e
                        .expect
                        .iter()
                        .map(|(rule, at)| {
                            let line = match at {
                                At::FirstLine => 1,
                                At::Marker(needle) => {
                                    let hits = find_all(&bytes, needle);
                                    let first = *hits.first().unwrap_or_else(|| {
                                        panic!(
                                            "{name}: marker {:?} not found",
                                            String::from_utf8_lossy(needle)
                                        )
                                    });
                                    line_at(&bytes, first)
                                }
                            };
                            ((*rule).to_owned(), Some(line))
                        })
                        .collect();
                    let path = content.join("categories").join(&name).join("_index.md");
                    std::fs::create_dir_all(path.parent().expect("a parent"))
                        .expect("create the page directory");
                    std::fs::write(&path, &bytes).expect("write the page");
                    pages.push(Page {
                        name,
                        path,
                        bytes,
                        expect: sorted(expect),
                    });
                }
            }
        }
    }

    // One run over the whole tree.
    let run = catlint_check([content.as_os_str()]);
    assert_eq!(run.code, 1, "error diagnostics exit with 1");
    assert_eq!(
        files_checked(&run.report),
        pages.len() as u64,
        "every page was found and read"
    );
    let mut by_path: BTreeMap<PathBuf, Vec<Diag>> = BTreeMap::new();
    for d in diagnostics(&run.report) {
        by_path.entry(PathBuf::from(&d.path)).or_default().push(d);
    }

    let mut failures = Vec::new();
    for page in &pages {
        let diags = by_path.remove(&page.path).unwrap_or_default();
        let got = sorted(diags.iter().map(|d| (d.rule.clone(), d.line())).collect());
        let mut problems = Vec::new();
        if got != page.expect {
            problems.push(format!("reported {got:?}, expected {:?}", page.expect));
        }
        for d in &diags {
            problems.extend(span_problems(d, &page.bytes));
        }
        if !problems.is_empty() {
            failures.push(format!("{}:\n    {}", page.name, problems.join("\n    ")));
        }
    }
    assert!(
        by_path.is_empty(),
        "diagnostics for files that were not written: {:?}",
        by_path.keys()
    );
    assert!(
        failures.is_empty(),
        "{} of {} mutated pages failed:\n{}",
        failures.len(),
        pages.len(),
        failures.join("\n")
    );
}
