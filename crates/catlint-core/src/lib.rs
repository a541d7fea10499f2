//! catlint-core: the category model, span-exact front matter parsing, the Hugo site, the
//! rules, and the site session that runs them.
//!
//! The modules tell the story in order, and each imports only from those before it:
//! [`model`] → [`frontmatter`] → [`site`] → [`rules`] → [`project`]; [`span`] and
//! [`diagnostic`] are the vocabulary all of them share.

pub mod diagnostic;
pub mod frontmatter;
pub mod model;
pub mod project;
pub mod rules;
pub mod site;
pub mod span;

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The layers, in story order; a module may use its own layer and those before it.
    /// `span` and `diagnostic` are the shared vocabulary (`diagnostic` may name a `RuleId`).
    const LAYERS: [&str; 7] = [
        "span",
        "diagnostic",
        "model",
        "frontmatter",
        "site",
        "rules",
        "project",
    ];

    fn layer(module: &str) -> Option<usize> {
        LAYERS.iter().position(|l| *l == module)
    }

    fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// No import runs back up a layer: `model` → `frontmatter` → `site` → `rules` →
    /// `project`.
    #[test]
    fn imports_follow_the_layers() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        let mut wrong = Vec::new();
        for file in files {
            let rel = file.strip_prefix(&src).expect("under src");
            let first = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .unwrap_or_default()
                .trim_end_matches(".rs")
                .to_owned();
            let Some(own) = layer(&first) else {
                continue; // lib.rs
            };
            let text = std::fs::read_to_string(&file).expect("read");
            for (at, _) in text.match_indices("crate::") {
                let rest = &text[at + "crate::".len()..];
                let ident = |s: &str| -> String {
                    s.trim_start()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect()
                };
                // `crate::x::…`, or each of `crate::{x::…, y}`.
                let used: Vec<String> = match rest.strip_prefix('{') {
                    Some(group) => group
                        .split_once('}')
                        .map(|(inside, _)| inside)
                        .unwrap_or_default()
                        .split(',')
                        .map(ident)
                        .collect(),
                    None => vec![ident(rest)],
                };
                for used in used {
                    let Some(theirs) = layer(&used) else {
                        continue;
                    };
                    let allowed = theirs <= own
                        || (first == "diagnostic"
                            && text[at..].starts_with("crate::rules::RuleId"));
                    if !allowed {
                        wrong.push(format!("{} uses crate::{used}", rel.display()));
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "imports up the layers:\n{}",
            wrong.join("\n")
        );
    }
}
