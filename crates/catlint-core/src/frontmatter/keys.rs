//! How Hugo compares front matter keys: ignoring case (`Title` is `title`, and the two side
//! by side are one key written twice).

use std::borrow::Cow;

/// The key as Hugo compares it (lower case), borrowed when it already is.
#[must_use]
pub fn fold_case(key: &str) -> Cow<'_, str> {
    if key.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Cow::Owned(key.to_lowercase())
    } else {
        Cow::Borrowed(key)
    }
}

/// Keys are equal as Hugo compares them: ignoring case ([`fold_case`], without allocating
/// for ASCII keys).
#[must_use]
pub fn keys_equal(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_ignoring_case() {
        assert!(keys_equal("Instructions", "instructions"));
        assert!(keys_equal("ÉTÉ", "été"));
        assert!(!keys_equal("title", "titles"));
        assert_eq!(fold_case("title"), Cow::Borrowed("title"));
        assert_eq!(fold_case("Title"), "title");
    }
}
