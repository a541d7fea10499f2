//! One pipeline: what `catlint lsp` publishes for a page is exactly what `catlint check`
//! reports for it — rule, severity, start and end, message — on every fixture site and on
//! generated sites (fixed seeds) that mix nested `catlint.toml` files (other severities,
//! rules turned off, a broken one), suppression comments, cross-file findings, several
//! taxonomies, YAML and TOML, and a site `timeZone`. After every page is opened, and again
//! after an edit, a file created, a file deleted and a `catlint.toml` edited, each compared
//! with a fresh `catlint check` of the new state.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::lsp::{Client, uri};
use serde_json::{Value, json};

/// A finding as both front ends can say it: file (relative to the site), rule, severity,
/// start and end (line and UTF-16 column, from 0), and message (with its help).
type Finding = (String, String, String, (u64, u64), (u64, u64), String);

/// The line and UTF-16 column of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column: usize = before[start..].chars().map(char::len_utf16).sum();
    (line as u64, column as u64)
}

fn severity_name(lsp: u64) -> &'static str {
    match lsp {
        1 => "error",
        2 => "warning",
        _ => "info",
    }
}

/// What `catlint check` reports for the pages of `site`.
fn check_findings(site: &Path) -> BTreeSet<Finding> {
    let out = common::command()
        .args(["check", "--format", "json", "--no-cache", "."])
        .current_dir(site)
        .env("CATLINT_NOW", "2026-01-01T00:00:00Z")
        .output()
        .expect("run catlint check");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut found = BTreeSet::new();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        let path = d["path"].as_str().unwrap_or_default().to_owned();
        if !path.ends_with(".md") {
            continue; // the language server publishes for pages only
        }
        let text = texts
            .entry(path.clone())
            .or_insert_with(|| std::fs::read_to_string(site.join(&path)).unwrap_or_default());
        let offset =
            |at: &str| usize::try_from(d["span"][at]["offset"].as_u64().unwrap_or(0)).unwrap_or(0);
        let mut message = d["message"].as_str().unwrap_or_default().to_owned();
        if let Some(help) = d["help"].as_str() {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        found.insert((
            path,
            d["rule"].as_str().unwrap_or_default().to_owned(),
            d["severity"].as_str().unwrap_or_default().to_owned(),
            position(text, offset("start")),
            position(text, offset("end")),
            message,
        ));
    }
    found
}

/// A language server on `site` with every page open, and what it last published per page.
struct Editor {
    site: PathBuf,
    client: Client,
    published: BTreeMap<String, Value>,
    open: BTreeSet<PathBuf>,
    version: i64,
}

impl Editor {
    fn start(site: &Path) -> Self {
        let client = Client::start_with(
            site,
            json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
        );
        let mut editor = Self {
            site: site.to_path_buf(),
            client,
            published: BTreeMap::new(),
            open: BTreeSet::new(),
            version: 1,
        };
        for page in pages(site) {
            editor.open(&page);
        }
        editor.settle(None);
        editor
    }

    fn open(&mut self, page: &Path) {
        let (_, _) = self.client.open(page);
        self.open.insert(page.to_path_buf());
    }

    /// Wait until the server has handled everything sent so far (a request is answered after
    /// the notifications before it; a code action first checks a change waiting for its
    /// debounce window), then take what it published.
    fn settle(&mut self, changed: Option<&Path>) {
        let target = changed
            .map(Path::to_path_buf)
            .or_else(|| self.open.iter().next().cloned())
            .expect("a page");
        let _ = self.client.request_raw(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri(&target) },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                "context": { "diagnostics": [] },
            }),
        );
        for message in std::mem::take(&mut self.client.backlog) {
            if message["method"] == "textDocument/publishDiagnostics" {
                let uri = message["params"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                self.published
                    .insert(uri, message["params"]["diagnostics"].clone());
            }
        }
    }

    /// What the server last published for the open pages.
    fn findings(&self) -> BTreeSet<Finding> {
        let mut found = BTreeSet::new();
        for page in &self.open {
            let rel = page
                .strip_prefix(&self.site)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let Some(diagnostics) = self.published.get(&uri(page)) else {
                panic!("nothing published for {rel}");
            };
            for d in diagnostics.as_array().expect("diagnostics") {
                let at = |end: &str| {
                    (
                        d["range"][end]["line"].as_u64().unwrap_or(0),
                        d["range"][end]["character"].as_u64().unwrap_or(0),
                    )
                };
                found.insert((
                    rel.clone(),
                    d["code"].as_str().unwrap_or_default().to_owned(),
                    severity_name(d["severity"].as_u64().unwrap_or(0)).to_owned(),
                    at("start"),
                    at("end"),
                    d["message"].as_str().unwrap_or_default().to_owned(),
                ));
            }
        }
        found
    }

    /// `path` changed on disk (and in its buffer, when open).
    fn edit(&mut self, path: &Path, text: &str) {
        std::fs::write(path, text).expect("write");
        if self.open.contains(path) {
            self.version += 1;
            self.client.change_all(&uri(path), self.version, text);
            self.settle(Some(path));
        } else {
            self.watched(path, 2);
        }
    }

    /// A file was created (1), changed (2) or deleted (3) on disk.
    fn watched(&mut self, path: &Path, kind: u8) {
        self.client.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": uri(path), "type": kind }] }),
        );
        self.settle(None);
    }

    fn create(&mut self, path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self.watched(path, 1);
        self.open(path);
        self.settle(Some(path));
    }

    fn delete(&mut self, path: &Path) {
        self.client.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri(path) } }),
        );
        self.open.remove(path);
        self.published.remove(&uri(path));
        std::fs::remove_file(path).expect("remove");
        self.watched(path, 3);
    }

    /// The server and a fresh `catlint check` agree on every open page: how many findings
    /// they agree on.
    fn assert_agrees(&self, when: &str) -> usize {
        let checked: BTreeSet<Finding> = check_findings(&self.site)
            .into_iter()
            .filter(|f| self.open.contains(&self.site.join(&f.0)))
            .collect();
        let published = self.findings();
        let only_check: Vec<&Finding> = checked.difference(&published).collect();
        let only_lsp: Vec<&Finding> = published.difference(&checked).collect();
        assert!(
            only_check.is_empty() && only_lsp.is_empty(),
            "{} {when}: only in catlint check: {only_check:#?}\nonly in catlint lsp: {only_lsp:#?}",
            self.site.display()
        );
        checked.len()
    }
}

fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if path.is_dir() && !hidden {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_fixture_site_gets_the_same_diagnostics_from_both_front_ends() {
    // The rule fixtures and the Hugo-parity cases (cascades, languages, mounts, drafts).
    let sites: Vec<_> = ["fixtures/sites", "fixtures/hugo"]
        .iter()
        .flat_map(|d| std::fs::read_dir(common::root().join(d)).expect("fixture sites"))
        .collect();
    let (mut compared, mut sites_compared) = (0, 0);
    for entry in sites.into_iter().flatten() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let site = tmp.path().join("site");
        common::copy_dir(&entry.path(), &site);
        if pages(&site).is_empty() {
            continue;
        }
        let editor = Editor::start(&site);
        compared += editor.assert_agrees("after opening every page");
        sites_compared += 1;
    }
    assert!(sites_compared >= 40, "only {sites_compared} fixture sites");
    assert!(compared >= 30, "only {compared} findings compared");
}

#[test]
fn generated_sites_agree_after_every_kind_of_change() {
    for seed in [1, 2, 3, 4, 5, 6] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let site = tmp.path().join("site");
        let generated = generate(&site, seed);
        let mut editor = Editor::start(&site);
        let mut counts =
            vec![editor.assert_agrees(&format!("seed {seed}: after opening every page"))];

        // An edit that changes what the cross-file rules read: a term page retitled as
        // another term.
        let (page, text) = &generated.retitle;
        editor.edit(page, text);
        counts.push(editor.assert_agrees(&format!("seed {seed}: after an edit")));

        // A post created, filed under a term that exists and one that does not.
        let post = site.join("content/posts/new-post.md");
        let listed = &generated.terms[0];
        editor.create(
            &post,
            &format!("---\ntitle: New\ncategories: [\"{listed}\", Nowhere]\n---\nbody\n"),
        );
        counts.push(editor.assert_agrees(&format!("seed {seed}: after a file was created")));

        // A term page deleted: the posts that list it now name an undefined term.
        editor.delete(&generated.deletable);
        counts.push(editor.assert_agrees(&format!("seed {seed}: after a file was deleted")));

        // The site's catlint.toml edited: other severities, another rule off.
        editor.edit(
            &site.join("catlint.toml"),
            "[rules]\nundefined-term = \"error\"\nunused-term = \"warning\"\ndate-timezone = \"off\"\n",
        );
        counts.push(editor.assert_agrees(&format!("seed {seed}: after catlint.toml was edited")));
        // Every state had findings to compare, and the changes changed them.
        assert!(counts.iter().all(|&n| n > 10), "seed {seed}: {counts:?}");
        assert!(
            counts.windows(2).any(|w| w[0] != w[1]),
            "seed {seed}: {counts:?}"
        );
        println!("seed {seed}: findings compared per state {counts:?}");
        assert_eq!(editor.client.shutdown(), 0);
    }
}

/// What a generated site offers the test to change.
struct Generated {
    /// The titles of its categories.
    terms: Vec<String>,
    /// A term page and a new text for it (another term's title).
    retitle: (PathBuf, String),
    /// A term page that posts list.
    deletable: PathBuf,
}

/// A deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const NAMES: [&str; 12] = [
    "Lean",
    "Kanban",
    "Flow Metrics",
    "Scrum",
    "DevOps",
    "Product Discovery",
    "Évolution",
    "Team Topologies",
    "Value Streams",
    "Coaching",
    "Leadership",
    "Forecasting",
];

const ZONES: [Option<&str>; 4] = [
    None,
    Some("Europe/London"),
    Some("Asia/Tokyo"),
    Some("America/Los_Angeles"),
];

fn key_of(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

/// A term page of `title` in `format`, with the defects `rng` chooses.
fn term_page(
    rng: &mut Rng,
    title: &str,
    toml: bool,
    extra_lists: &[(&str, Vec<String>)],
) -> String {
    let date = if rng.chance(40) {
        "2025-03-30T01:30:00" // no zone (and, in London, in the hour that does not exist)
    } else if rng.chance(10) {
        "2026-06-01T00:00:00Z" // in the future
    } else {
        "2025-02-11T10:17:24Z"
    };
    let description = if rng.chance(15) {
        "x".repeat(170)
    } else {
        format!("All about {title}.")
    };
    let opening = if rng.chance(15) {
        "Something else"
    } else {
        title
    };
    let unknown = rng.chance(20);
    let suppress = rng.chance(25);
    let updated = if rng.chance(20) {
        "2025-01-01T00:00:00"
    } else {
        "2025-02-13T12:05:19Z"
    };
    if toml {
        let mut s = String::from("+++\n");
        if suppress {
            s.push_str("# catlint-disable-next-line too-long\n");
        }
        s.push_str(&format!(
            "title = \"{title}\"\ndate = \"{date}\"\ndescription = \"{description}\"\n"
        ));
        s.push_str(&format!(
            "Instructions = \"\"\"**Use this category only for discussions on {opening}.**\n**Key Topics:**\n- one\n**Strictly exclude** other things.\"\"\"\n"
        ));
        if unknown {
            s.push_str("descripton = \"typo\"\n");
        }
        for (key, items) in extra_lists {
            let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
            s.push_str(&format!("{key} = [{}]\n", quoted.join(", ")));
        }
        s.push_str(&format!(
            "[headline]\ncards = []\ntitle = \"{title}\"\nsubtitle = \"On {title}.\"\ncontent = \"Short.\"\nupdated = \"{updated}\"\n+++\nBody.\n"
        ));
        s
    } else {
        let mut s = String::from("---\n");
        if suppress {
            s.push_str("# catlint-disable-next-line too-long\n");
        }
        s.push_str(&format!(
            "title: {title}\ndate: {date}\ndescription: {description}\n"
        ));
        s.push_str(&format!(
            "Instructions: |-\n  **Use this category only for discussions on {opening}.**\n  **Key Topics:**\n  - one\n  **Strictly exclude** other things.\n"
        ));
        if unknown {
            s.push_str("descripton: typo\n");
        }
        for (key, items) in extra_lists {
            s.push_str(&format!("{key}:\n"));
            for item in items {
                s.push_str(&format!("  - {item}\n"));
            }
        }
        s.push_str(&format!(
            "headline:\n  cards: []\n  title: {title}\n  subtitle: On {title}.\n  content: Short.\n  updated: {updated}\n---\nBody.\n"
        ));
        s
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A Hugo site made from `seed`.
fn generate(site: &Path, seed: u64) -> Generated {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    generate_config(site, &mut rng);
    let (terms, term_paths) = generate_terms(site, &mut rng);
    generate_posts(site, &mut rng, &terms);
    // The retitle: the last term page takes the first term's title (a duplicate).
    let last = term_paths.last().cloned().expect("terms");
    let retitled = std::fs::read_to_string(&last).expect("read").replacen(
        &terms[terms.len() - 1],
        &terms[0],
        2,
    );
    // A post that lists the second term, so that deleting its page changes something.
    write(
        &site.join("content/posts/lists-second.md"),
        &format!("---\ntitle: Second\ncategories: [\"{}\"]\n---\n", terms[1]),
    );
    Generated {
        terms: terms.clone(),
        retitle: (last, retitled),
        deletable: term_paths[1].clone(),
    }
}

/// The site's configuration (YAML or TOML, a time zone or none, concepts declared or not)
/// and its catlint.toml.
fn generate_config(site: &Path, rng: &mut Rng) {
    let zone = *rng.pick(&ZONES);
    let declare_concepts = rng.chance(50);
    let toml_config = rng.chance(50);
    let zone_line = |toml: bool| match (zone, toml) {
        (Some(z), true) => format!("timeZone = \"{z}\"\n"),
        (Some(z), false) => format!("timeZone: {z}\n"),
        (None, _) => String::new(),
    };
    if toml_config {
        let concepts = if declare_concepts {
            "concept = \"concepts\"\n"
        } else {
            ""
        };
        write(
            &site.join("hugo.toml"),
            &format!(
                "{}[taxonomies]\ncategory = \"categories\"\ntag = \"tags\"\n{concepts}",
                zone_line(true)
            ),
        );
    } else {
        let concepts = if declare_concepts {
            "  concept: concepts\n"
        } else {
            ""
        };
        write(
            &site.join("hugo.yaml"),
            &format!(
                "{}taxonomies:\n  category: categories\n  tag: tags\n{concepts}",
                zone_line(false)
            ),
        );
    }
    write(
        &site.join("catlint.toml"),
        "[rules]\ndate-timezone = \"info\"\nheadline-content-words = { max-words = 40 }\n",
    );
}

/// The category pages (bundles and single files, YAML and TOML, with defects), their
/// nested catlint.toml files, the concept and tag pages.
fn generate_terms(site: &Path, rng: &mut Rng) -> (Vec<String>, Vec<PathBuf>) {
    let count = 5 + rng.below(5);
    let terms: Vec<String> = NAMES[..count].iter().map(|s| (*s).to_owned()).collect();
    let mut term_paths = Vec::new();
    for (i, title) in terms.iter().enumerate() {
        let key = key_of(title);
        let toml = rng.chance(40);
        let single = rng.chance(25);
        let path = if single {
            site.join(format!("content/categories/{key}.md"))
        } else {
            site.join(format!("content/categories/{key}/_index.md"))
        };
        // A category filed under concepts, now and then.
        let lists: Vec<(&str, Vec<String>)> = if rng.chance(30) {
            vec![("concepts", vec!["Flow".to_owned(), "Nope".to_owned()])]
        } else {
            Vec::new()
        };
        write(&path, &term_page(rng, title, toml, &lists));
        // Nested configurations: other severities, a rule off, a broken one.
        if !single && i % 3 == 1 {
            let text = match rng.below(3) {
                0 => "[rules]\ndate-timezone = \"error\"\ntoo-long = \"off\"\n",
                1 => "[rules]\nunknown-field = \"warning\"\nunused-term = \"off\"\n",
                _ => "[rules]\nno-such-rule = \"off\"\n",
            };
            write(&path.with_file_name("catlint.toml"), text);
        }
        // A bundle conflict, or two pages with one title.
        if i == 0 && rng.chance(50) {
            write(
                &site.join(format!("content/categories/{key}.md")),
                &term_page(rng, title, false, &[]),
            );
        }
        term_paths.push(path);
    }
    for name in ["Flow", "Value"] {
        let path = site.join(format!("content/concepts/{}/_index.md", key_of(name)));
        write(&path, &format!("---\ntitle: {name}\n---\n"));
    }
    write(
        &site.join("content/tags/agile/_index.md"),
        "---\ntitle: Agile\n---\n",
    );
    (terms, term_paths)
}

/// The posts: terms by title or by key, misspelt, missing; suppressions used, unused and
/// unknown.
fn generate_posts(site: &Path, rng: &mut Rng, terms: &[String]) {
    // Posts: by title or by key, misspelt, missing; suppressions used, unused and unknown.
    for p in 0..(6 + rng.below(6)) {
        let mut listed = Vec::new();
        for _ in 0..(1 + rng.below(3)) {
            let t = rng.pick(terms).clone();
            listed.push(match rng.below(4) {
                0 => key_of(&t),
                1 => format!("{}x", &t[..t.len().min(4)]),
                _ => t,
            });
        }
        if rng.chance(20) {
            listed.push("Uncategorized".to_owned());
        }
        let mut text = String::from("---\ntitle: Post\n");
        match rng.below(4) {
            0 => text.push_str("# catlint-disable-next-line undefined-term\n"),
            1 => text.push_str("# catlint-disable-next-line no-such-rule\n"),
            _ => {}
        }
        let items: Vec<String> = listed.iter().map(|l| format!("\"{l}\"")).collect();
        text.push_str(&format!("categories: [{}]\n", items.join(", ")));
        if rng.chance(40) {
            text.push_str("tags: [Agile, agil]\n");
        }
        if rng.chance(30) {
            text.push_str("concepts: [Flow]\n");
        }
        text.push_str("---\nA post.\n");
        write(&site.join(format!("content/posts/post-{p}.md")), &text);
    }
}
