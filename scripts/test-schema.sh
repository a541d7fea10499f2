#!/usr/bin/env bash
# Checks catlint's emitted JSON Schema with an independent validator (Python `jsonschema`):
#  1. the schema passes strict draft-07 meta-validation;
#  2. on every fixture page, the independent validator and catlint agree on whether the page
#     satisfies the schema. The pages are fed as catlint's own extracted JSON (`catlint dump`):
#     a YAML 1.1 loader would turn dates into datetimes and fail every page.
# Ends with "schema: N passed, M failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check 'jsonschema>=4.20,<5'

cargo build --quiet --locked -p catlint
bin=target/debug/catlint
# Term pages checked with the default configuration and no suppressions: the single-defect
# pages, the clean pages and the example site's category pages (not its list page).
mapfile -t pages < <(find fixtures/invalid fixtures/valid fixtures/sites/example -path '*/categories/*' -name '*.md' \
  ! -path 'fixtures/sites/example/content/categories/_index.md' | sort)
"$bin" schema > "$work/schema.json"
"$bin" dump "${pages[@]}" > "$work/instances.json"
CATLINT_NOW=2026-01-01T00:00:00Z "$bin" check --format json "${pages[@]}" > "$work/report.json" || true

"$work/venv/bin/python" - "$work/schema.json" "$work/instances.json" "$work/report.json" <<'PY'
import json, sys
from jsonschema import Draft7Validator

schema = json.load(open(sys.argv[1]))
instances = json.load(open(sys.argv[2]))
report = json.load(open(sys.argv[3]))
passed = failed = 0

def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)

try:
    Draft7Validator.check_schema(schema)
    check(True, "meta")
except Exception as e:  # noqa: BLE001
    check(False, f"the schema is not valid draft-07: {e}")

# The rules that report what the schema says (invalid-date only for an unreadable layout:
# "does not exist on the calendar" is catlint's own check beyond the pattern).
SCHEMA_RULES = {"missing-field", "unknown-field", "wrong-type", "too-long", "empty-value"}


def stands_for_schema(d: dict) -> bool:
    """A finding that reports, in a more specific form, what the schema says: catlint gives one
    finding per defect, so these replace the schema's own (unknown-field, wrong-type)."""
    rule, message = d["rule"], d["message"]
    if rule == "removed-field":  # `_build`: not a field of the model
        return True
    if rule == "misread-value":  # a date written as a number: not text
        return "seconds since 1970" in message
    if rule == "yaml-legacy-boolean":  # in a true/false field (its fix writes true/false)
        return (d.get("fix") or {}).get("applicability") == "unsafe"
    return False


by_path = {}
for d in report["diagnostics"]:
    schema_level = d["rule"] in SCHEMA_RULES or stands_for_schema(d) or (
        d["rule"] == "invalid-date" and "does not exist on the calendar" not in d["message"]
        and "should be a date" not in d["message"])
    by_path.setdefault(d["path"], set())
    if schema_level:
        by_path[d["path"]].add(d["rule"])
    if d["rule"] == "invalid-date" and "should be a date" in d["message"]:
        by_path[d["path"]].add("wrong-type")

validator = Draft7Validator(schema)
compared = 0
for path, instance in instances.items():
    if instance is None:
        continue  # not parseable: syntax, encoding, limits — nothing to validate
    compared += 1
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    independent_ok = not errors
    catlint_ok = not by_path.get(path)
    check(independent_ok == catlint_ok,
          f"{path}: jsonschema says {'valid' if independent_ok else 'invalid: ' + errors[0].message}, "
          f"catlint says {'valid' if catlint_ok else sorted(by_path[path])}")
print(f"compared {compared} pages")
print(f"schema: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
