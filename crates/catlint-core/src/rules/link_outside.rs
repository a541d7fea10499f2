pub(crate) const SUMMARY: &str =
    "A path leads outside the repository (a symbolic link, a content folder); it is not read.";

pub(crate) const DOCS: &str = r#"# link-outside

## What it does
Reports a page, a configuration file, a content folder or a path named on the command line
that resolves outside the repository — usually a symbolic link — and does not read it. The
repository is `--root` when given, else the nearest folder above the checked path holding
`.git`, else the Hugo site, else the checked folder itself (the language server: its
workspace folders). Links that stay inside the repository are followed as before.

## Why is this bad?
catlint runs on content other people wrote: a pull request from a fork can add a symbolic
link (git stores links as links), and a link named `content/categories/x/_index.md` that
points to `/etc/passwd` or to a credentials file of the CI runner would otherwise have its
first lines shown in the report — in the CI log of a public repository — and `--fix` would
write to a file outside the repository.

## Example
```text
content/categories/x/_index.md -> /etc/passwd
```

## Use instead
Put the page itself in the repository. To check content that really lives elsewhere, pass
`--follow-links` (it is read; it is still never written) or a `--root` that includes it.

## Fix
No automatic fix."#;

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::rules::RuleId;

/// The diagnostic of a path that resolves to `target`, outside the boundary folder `root`.
#[must_use]
pub fn diagnostic(target: &Path, root: &Path) -> Diagnostic {
    Diagnostic::new(
        RuleId::LinkOutside,
        format!(
            "this path leads outside the repository, to `{}` (the repository is `{}`): catlint did not read it",
            target.display(),
            root.display()
        ),
        None,
    )
    .with_help(
        "keep the file itself in the repository; to check it where it is, pass `--follow-links` (reading only) or a `--root` that includes it",
    )
}
