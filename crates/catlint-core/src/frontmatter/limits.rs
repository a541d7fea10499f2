//! Bounds that keep parsing hostile input fast and the stack safe.

/// Parser limits. Exceeding one yields a `parse-limit` diagnostic, never a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of mappings and sequences. Checked before any tree is built, so a
    /// 5,000-level document cannot overflow the stack while it is built or dropped.
    pub max_depth: usize,
    /// Most nodes that YAML aliases may expand to in one document (billion laughs guard).
    pub max_alias_nodes: usize,
    /// Largest front matter, in bytes.
    pub max_frontmatter_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 64,
            max_alias_nodes: 10_000,
            max_frontmatter_bytes: 1024 * 1024,
        }
    }
}
