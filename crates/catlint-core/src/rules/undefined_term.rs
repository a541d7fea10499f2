pub(crate) const SUMMARY: &str = "A page files itself under a term that has no page.";

pub(crate) const DOCS: &str = r#"# undefined-term

## What it does
Reports an item of a page's (a post's, or a term page's) `categories:` (or any declared
taxonomy) list whose term has no page in the page's language, in a taxonomy that has term
pages (one without any is left to Hugo's generated pages). The list may be the top-level key,
`params.<taxonomy>` (which Hugo prefers), or come from a `cascade` (then the finding is on
the cascade's item). The term is found as Hugo finds it: by its key, the term lower-cased
with each space made `-` and everything else kept (`Don't Panic` is in
`categories/don't-panic/`, `R&D` is not in `categories/rd/`; `A/B Testing` is in
`categories/a/b-testing/`). Terms are per language: a French post needs a French term page
(`_index.fr.md`, or one in the French content folder). The closest existing term is
suggested. A taxonomy folder with a content adapter (`_content.gotmpl`) is not checked:
its pages are made when Hugo runs.

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
use crate::rules::RuleId;
use crate::rules::index::{Found, SiteIndex};
use crate::site::terms::term_key;

pub(crate) fn check(index: &SiteIndex<'_>, out: &mut Vec<(PathBuf, Diagnostic)>) {
    for (i, taxonomy) in index.taxonomies.iter().enumerate() {
        // A taxonomy without any term page is left to Hugo's generated pages; one whose
        // folder has a content adapter may have pages catlint cannot see.
        if index.terms_of(&taxonomy.plural).next().is_none()
            || index.adapters_may_add(Some(&taxonomy.plural))
        {
            continue;
        }
        let mut keys: HashMap<&str, BTreeSet<String>> = HashMap::new();
        for t in index.terms_of(&taxonomy.plural) {
            keys.entry(t.location.lang.as_str())
                .or_default()
                .insert(t.location.key.clone());
        }
        // A term's title, where writing it finds the term (its key is the term's).
        let mut titles: HashMap<(&str, &str), &str> = HashMap::new();
        for t in index.terms_of(&taxonomy.plural) {
            if let Some((title, _)) = &t.facts.title
                && term_key(title) == t.location.key
            {
                titles.insert((t.location.lang.as_str(), t.location.key.as_str()), title);
            }
        }
        let candidates: HashMap<&str, Vec<Candidate<'_>>> = keys
            .iter()
            .map(|(lang, k)| (*lang, candidates(k)))
            .collect();
        // The same wrong name tends to recur across posts: look for its closest term once.
        let mut suggestions: HashMap<(&str, &str), Option<String>> = HashMap::new();
        for r in index.references.iter().filter(|r| r.taxonomy == i) {
            if !matches!(index.find(r), Found::Nothing) {
                continue;
            }
            let key: &str = &r.key;
            let suggestion = suggestions.entry((r.lang, key)).or_insert_with(|| {
                closest(
                    key,
                    candidates
                        .get(r.lang)
                        .map(Vec::as_slice)
                        .unwrap_or_default(),
                )
            });
            let file = if r.lang == index.default_language() {
                "_index.md".to_owned()
            } else {
                format!("_index.{}.md", r.lang)
            };
            let lang_keys = keys.get(r.lang);
            let parts = several_in_one(r.name, |k| lang_keys.is_some_and(|ks| ks.contains(k)));
            let help = match (&parts, &suggestion) {
                (Some(parts), _) => format!(
                    "it names {} terms in one item: write {} as separate items",
                    parts.len(),
                    parts
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                // Written as a display name: suggest the term's display name.
                (None, Some(s)) => match titles.get(&(r.lang, s.as_str())) {
                    Some(title) if *r.name != *key => format!("did you mean `{title}`?"),
                    _ => format!("did you mean `{s}`?"),
                },
                (None, None) => format!(
                    "create `{}/{key}/{file}`, or remove the term from the list",
                    taxonomy.plural
                ),
            };
            let language = index.in_language(r.lang);
            out.push((
                r.origin.to_path_buf(),
                Diagnostic::new(
                    RuleId::UndefinedTerm,
                    format!(
                        "`{}` is not {}: there is no page for the term `{key}`{language}",
                        r.name,
                        with_article(&taxonomy.singular)
                    ),
                    Some(r.span),
                )
                .with_label("no such term")
                .with_help(help),
            ));
        }
    }
}

/// The terms `name` lists when it is several terms written as one item (`admin, li-wei`):
/// each part, split at commas or semicolons, is a term (`is_term` of its key).
fn several_in_one(name: &str, is_term: impl Fn(&str) -> bool) -> Option<Vec<&str>> {
    let parts: Vec<&str> = name
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (parts.len() >= 2 && parts.iter().all(|p| is_term(&term_key(p)))).then_some(parts)
}

/// `a category`, `an author`, `a user`: the indefinite article English puts before `noun`.
fn with_article(noun: &str) -> String {
    let lower = noun.to_lowercase();
    let consonant_sound = ["uni", "use", "usu", "uti", "eu", "one"];
    let vowel = lower.starts_with(['a', 'e', 'i', 'o', 'u'])
        && !consonant_sound.iter().any(|p| lower.starts_with(p));
    let hour = ["hour", "honest", "honor", "honour", "heir"];
    let an = vowel || hour.iter().any(|p| lower.starts_with(p));
    format!("{} {noun}", if an { "an" } else { "a" })
}

/// Least normalized similarity of a suggestion.
const MIN_SIMILARITY: f64 = 0.7;

/// A term key and what bounds its edit distance to another string cheaply: its length and
/// a histogram of its characters.
struct Candidate<'a> {
    key: &'a str,
    len: usize,
    histogram: Histogram,
}

/// Characters counted in 64 buckets. Each edit changes at most two counts by one, so half
/// the L1 distance of two histograms is a lower bound of the edit distance (transpositions
/// change none); merging characters into buckets only lowers it.
#[derive(Clone, Copy)]
struct Histogram([u16; 64]);

impl Histogram {
    fn of(text: &str) -> Self {
        let mut counts = [0u16; 64];
        for c in text.chars() {
            let bucket = (c as usize) % counts.len();
            counts[bucket] = counts[bucket].saturating_add(1);
        }
        Self(counts)
    }

    fn min_edits(&self, other: &Self) -> usize {
        let l1: usize = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| usize::from(a.abs_diff(*b)))
            .sum();
        l1.div_ceil(2)
    }
}

fn candidates(keys: &BTreeSet<String>) -> Vec<Candidate<'_>> {
    keys.iter()
        .map(|k| Candidate {
            key: k,
            len: k.chars().count(),
            histogram: Histogram::of(k),
        })
        .collect()
}

/// The existing key closest to `key`, if it is close enough to be what was meant.
fn closest(key: &str, candidates: &[Candidate<'_>]) -> Option<String> {
    let len = key.chars().count();
    let histogram = Histogram::of(key);
    candidates
        .iter()
        // Skip keys whose length or characters alone keep them under the threshold.
        .filter(|c| {
            let longest = len.max(c.len).max(1) as f64;
            let at_least = len.abs_diff(c.len).max(histogram.min_edits(&c.histogram));
            1.0 - at_least as f64 / longest >= MIN_SIMILARITY
        })
        .map(|c| (strsim::normalized_damerau_levenshtein(key, c.key), c.key))
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_terms_in_one_item_are_told_apart_from_a_term_with_a_comma() {
        let terms = ["admin", "li-wei"];
        let is_term = |k: &str| terms.contains(&k);
        assert_eq!(
            several_in_one("admin, Li Wei", is_term),
            Some(vec!["admin", "Li Wei"])
        );
        assert_eq!(
            several_in_one("admin; li-wei", is_term),
            Some(vec!["admin", "li-wei"])
        );
        assert_eq!(several_in_one("admin, nobody", is_term), None);
        assert_eq!(several_in_one("admin", is_term), None);
    }

    #[test]
    fn articles_follow_the_sound() {
        for (noun, phrase) in [
            ("category", "a category"),
            ("author", "an author"),
            ("tag", "a tag"),
            ("ingredient", "an ingredient"),
            ("user", "a user"),
            ("hour", "an hour"),
            ("event", "an event"),
        ] {
            assert_eq!(with_article(noun), phrase);
        }
    }

    #[test]
    fn the_cheap_bounds_never_drop_a_close_key() {
        let keys: BTreeSet<String> = [
            "kanban",
            "lean",
            "agile-coaching",
            "scrum",
            "flow-efficiency",
            "ai-and-automation",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        let all = candidates(&keys);
        for probe in [
            "kanbn",
            "kanabn",
            "agile-coachng",
            "flow-efficency",
            "lean",
            "srcum",
            "x",
            "",
            "ai-and-automaton",
        ] {
            let histogram = Histogram::of(probe);
            let len = probe.chars().count();
            for c in &all {
                // The bounds are lower bounds of the real distance.
                let real = strsim::damerau_levenshtein(probe, c.key);
                assert!(len.abs_diff(c.len) <= real, "{probe} / {}", c.key);
                assert!(
                    histogram.min_edits(&c.histogram) <= real,
                    "{probe} / {}",
                    c.key
                );
            }
            let brute = keys
                .iter()
                .map(|k| (strsim::normalized_damerau_levenshtein(probe, k), k))
                .filter(|(score, _)| *score >= MIN_SIMILARITY)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| k.clone());
            assert_eq!(closest(probe, &all), brute, "{probe}");
        }
        assert_eq!(closest("kanbn", &all).as_deref(), Some("kanban"));
    }
}
