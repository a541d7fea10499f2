pub(crate) const SUMMARY: &str =
    "A bundle file named for a language the site does not declare (`_index.de.md`).";

pub(crate) const DOCS: &str = r#"# undeclared-language

## What it does
Reports an `_index.<code>.md` or `index.<code>.md` whose `<code>` is not one of the site's
languages (`languages`, or the default content language). Hugo does not read it as a
translation: it is a separate, ordinary page named `_index.<code>` — for a term, not the
term's page.

## Why is this bad?
The translation never appears, and the language's posts get a bare generated term page
instead.

## Example
```toml
# hugo.toml
[languages.en]
[languages.fr]
```
```text
content/categories/lean/_index.de.md
```

## Use instead
Declare the language (`[languages.de]`), or rename the file.

## Fix
No automatic fix."#;

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;
use crate::rules::index::SiteIndex;

pub(crate) fn check(index: &SiteIndex<'_>, out: &mut Vec<(PathBuf, Diagnostic)>) {
    let Some(site) = index.site else {
        return;
    };
    let mut languages: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    if !languages.contains(&site.config.default_language.as_str()) {
        languages.insert(0, &site.config.default_language);
    }
    let declared = languages
        .iter()
        .map(|l| format!("`{l}`"))
        .collect::<Vec<_>>()
        .join(", ");
    for (path, place, anchor) in &index.undeclared_languages {
        let Some(code) = &place.undeclared_language else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        out.push((
            path.to_path_buf(),
            Diagnostic::new(
                RuleId::UndeclaredLanguage,
                format!(
                    "`{code}` is not a language of this site ({declared}): Hugo reads `{name}` as a separate page at `{}`, not as a translation",
                    place.path
                ),
                Some(*anchor),
            )
            .with_label("not a language of the site")
            .with_help(format!(
                "declare `{code}` under `languages` in the site configuration, or rename the file"
            )),
        ));
    }
}
