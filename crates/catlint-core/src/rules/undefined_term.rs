pub(crate) const SUMMARY: &str = "A page files itself under a term that has no page.";

pub(crate) const DOCS: &str = r#"# undefined-term

## What it does
Reports an item of a page's (a post's, or a term page's) `categories:` (or any declared taxonomy) list whose term has no
page, in a taxonomy that has term pages (one without any is left to Hugo's generated
pages). The reference is turned into a key the way Hugo does (lower case, spaces to hyphens),
so posts may name a term by title or by key. The closest existing term is suggested.

## Why is this bad?
Hugo silently creates an empty term page for it: the post is filed under a term without
description, instructions or headline — often a retired slug or "Uncategorized".

## Example
```yaml
categories:
  - Uncategorized
  - Kanbn
```

## Use instead
```yaml
categories:
  - Kanban
```

## Fix
No automatic fix yet."#;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::engine::schema::keys_equal;
use crate::index::{SiteIndex, term_key};
use crate::rules::RuleId;

pub(crate) fn check(index: &SiteIndex, out: &mut Vec<(PathBuf, Diagnostic)>) {
    for taxonomy in &index.taxonomies {
        let terms: Vec<_> = index.terms_of(&taxonomy.plural).collect();
        // A taxonomy without any term page is left to Hugo's generated pages.
        if terms.is_empty() {
            continue;
        }
        let keys: BTreeSet<String> = terms.iter().map(|t| t.location.key.to_lowercase()).collect();
        // The same wrong name tends to recur across posts: look for its closest term once.
        let mut suggestions: HashMap<String, Option<String>> = HashMap::new();
        for post in &index.posts {
            for list in post.lists.iter().filter(|l| keys_equal(&l.key, &taxonomy.plural)) {
                for (name, span) in &list.items {
                    let key = term_key(name);
                    if key.is_empty() || keys.contains(&key) {
                        continue;
                    }
                    let suggestion = suggestions.entry(key.clone()).or_insert_with(|| closest(&key, &keys));
                    let help = match &suggestion {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("create `{}/{key}/_index.md`, or remove the term from the list", taxonomy.plural),
                    };
                    out.push((
                        post.path.clone(),
                        Diagnostic::new(
                            RuleId::UndefinedTerm,
                            format!("`{name}` is not a {}: there is no page for the term `{key}`", taxonomy.singular),
                            Some(*span),
                        )
                        .with_label("no such term")
                        .with_help(help),
                    ));
                }
            }
        }
    }
}

/// Least normalized similarity of a suggestion.
const MIN_SIMILARITY: f64 = 0.7;

/// The existing key closest to `key`, if it is close enough to be what was meant.
fn closest(key: &str, keys: &BTreeSet<String>) -> Option<String> {
    let len = key.chars().count();
    keys.iter()
        // The edit distance is at least the difference in length: skip keys whose length
        // alone keeps them under the threshold.
        .filter(|k| {
            let other = k.chars().count();
            let longest = len.max(other).max(1) as f64;
            1.0 - len.abs_diff(other) as f64 / longest >= MIN_SIMILARITY
        })
        .map(|k| (strsim::normalized_damerau_levenshtein(key, k), k))
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.clone())
}
