//! Diagnostics: what a rule found, where, and how it could be fixed.
