//! "Did you mean …?": the known name closest to a misspelt one.

/// The known name closest to `name`, ignoring case, if it is close enough to be a typo.
#[must_use]
pub fn suggest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = name.to_lowercase();
    let mut best: Option<(&str, usize)> = None;
    for &k in known {
        let distance = strsim::damerau_levenshtein(&lower, &k.to_lowercase());
        let allowed = match k.chars().count() {
            0..=3 => 1,
            4..=8 => 2,
            _ => 3,
        };
        if distance <= allowed && best.is_none_or(|(_, d)| distance < d) {
            best = Some((k, distance));
        }
    }
    best.map(|(k, _)| k)
}

/// The known name closest to `name` when no other is as close: a rename that is not a guess.
#[must_use]
pub fn unique_suggestion<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let best = suggest(name, known)?;
    let distance = |k: &str| strsim::damerau_levenshtein(&name.to_lowercase(), &k.to_lowercase());
    let d = distance(best);
    (known.iter().filter(|k| distance(k) == d).count() == 1).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only_when_unambiguous_for_renames() {
        let known = ["description", "date", "title", "tags"];
        assert_eq!(suggest("descripton", &known), Some("description"));
        assert_eq!(suggest("xyz", &known), None);
        assert_eq!(unique_suggestion("tagz", &["tags", "tagx"]), None);
        assert_eq!(unique_suggestion("titel", &known), Some("title"));
    }
}
