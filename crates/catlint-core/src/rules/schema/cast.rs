//! What Hugo reads of a scalar in one of its own fields: Hugo converts front matter values
//! with Go's `cast` package (`cast.ToBool`, `cast.ToInt`, `cast.ToString`,
//! `cast.ToStringSlice`), so `draft: "true"`, `weight: "5"`, `title: 1984` and
//! `keywords: "a b"` are read as meant. The Hugo page model validates what Hugo reads; a
//! value `cast` cannot convert is left as written, for the schema to report.

use serde_json::Value as Json;

/// The value Hugo reads of `value` in a field that takes one of `types` (JSON Schema type
/// names), when it is not one of them already and `cast` converts it; `None` otherwise.
pub(crate) fn as_hugo_reads(types: &[&str], value: &Json) -> Option<Json> {
    let takes = |t: &str| types.contains(&t);
    let fits = match value {
        Json::Bool(_) => takes("boolean"),
        Json::Number(n) => takes("number") || (takes("integer") && n.is_i64()),
        Json::String(_) => takes("string"),
        Json::Array(_) => takes("array"),
        Json::Object(_) => takes("object"),
        Json::Null => true,
    };
    if fits {
        return None;
    }
    if takes("boolean") {
        return to_bool(value).map(Json::Bool);
    }
    if takes("integer") {
        return to_int(value).map(Json::from);
    }
    if takes("number") {
        // cast.ToFloat64E: a boolean is 1 or 0, a text holds a number.
        return match value {
            Json::Bool(b) => Some(Json::from(u8::from(*b))),
            Json::String(s) => s
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .and_then(serde_json::Number::from_f64)
                .map(Json::Number),
            _ => None,
        };
    }
    if takes("string") {
        return to_string(value).map(Json::String);
    }
    if takes("array")
        && let Json::String(s) = value
    {
        // cast.ToStringSlice splits a text at white space.
        return Some(Json::Array(
            s.split_whitespace()
                .map(|w| Json::String(w.into()))
                .collect(),
        ));
    }
    None
}

/// `cast.ToBoolE`: a number is true unless 0; a text as `strconv.ParseBool` reads it.
fn to_bool(value: &Json) -> Option<bool> {
    match value {
        Json::Number(n) => Some(n.as_f64().is_some_and(|f| f != 0.0)),
        Json::String(s) => match s.as_str() {
            "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
            "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// `cast.ToIntE`: a fraction is cut off, a boolean is 1 or 0, a text holds a decimal
/// integer (a trailing `.0` allowed).
fn to_int(value: &Json) -> Option<i64> {
    match value {
        // The cast truncates toward zero, as Go's int conversion does.
        #[allow(clippy::cast_possible_truncation)]
        Json::Number(n) => n
            .as_f64()
            .filter(|f| f.is_finite() && f.abs() < 9.0e18)
            .map(|f| f.trunc() as i64),
        Json::Bool(b) => Some(i64::from(*b)),
        Json::String(s) => {
            let s = match s.split_once('.') {
                Some((int, zeros)) if !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') => int,
                _ => s,
            };
            let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        }
        _ => None,
    }
}

/// `cast.ToStringE`: a number or boolean as Go prints it.
fn to_string(value: &Json) -> Option<String> {
    match value {
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_scalars_as_gos_cast_package_does() {
        let bool_ = ["boolean", "null"];
        assert_eq!(as_hugo_reads(&bool_, &json!("true")), Some(json!(true)));
        assert_eq!(as_hugo_reads(&bool_, &json!(1)), Some(json!(true)));
        assert_eq!(as_hugo_reads(&bool_, &json!(0)), Some(json!(false)));
        assert_eq!(as_hugo_reads(&bool_, &json!("yes")), None);
        assert_eq!(as_hugo_reads(&bool_, &json!(true)), None);
        let int = ["integer", "null"];
        assert_eq!(as_hugo_reads(&int, &json!("5")), Some(json!(5)));
        assert_eq!(as_hugo_reads(&int, &json!("-5.00")), Some(json!(-5)));
        assert_eq!(as_hugo_reads(&int, &json!(2.5)), Some(json!(2)));
        assert_eq!(as_hugo_reads(&int, &json!("abc")), None);
        assert_eq!(as_hugo_reads(&int, &json!("5.5")), None);
        let text = ["string", "null"];
        assert_eq!(as_hugo_reads(&text, &json!(1984)), Some(json!("1984")));
        assert_eq!(as_hugo_reads(&text, &json!([1])), None);
        assert_eq!(as_hugo_reads(&["number"], &json!("0.5")), Some(json!(0.5)));
        let list = ["array", "null"];
        assert_eq!(
            as_hugo_reads(&list, &json!("a, b")),
            Some(json!(["a,", "b"]))
        );
    }
}
