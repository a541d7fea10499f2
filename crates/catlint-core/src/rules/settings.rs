//! What the rules are run with: parser limits, "now", the site's time zone, rule options, and
//! each rule's severity.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::frontmatter::Limits;
use crate::model::date::Zone;
use crate::rules::RuleId;

/// Options of the rules, for one configuration of one site.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Parser limits.
    pub limits: Limits,
    /// "Now", in seconds since the Unix epoch (the front ends set it from the clock, or from
    /// `--now` for reproducible runs; the default is the epoch, so that nothing reads the
    /// clock behind the caller's back).
    pub now: i64,
    /// The time zone dates without one are read in: the site's `timeZone`, else UTC. Every
    /// date rule uses it, and so does the `date-timezone` fix.
    pub zone: Zone,
    /// `headline-content-words`: the most words in `headline.content`.
    pub headline_max_words: usize,
    /// `banned-phrase`: the phrases, matched ignoring case.
    pub banned_phrases: Vec<String>,
    /// `headline-stale`: report headlines older than this many days (off when `None`).
    pub stale_after_days: Option<u32>,
    /// `date-timezone`: every date field, also on a site with a `timeZone` (`every-date`).
    pub every_date: bool,
    /// Severity per rule where it differs from the default; `None` turns the rule off.
    pub severities: BTreeMap<RuleId, Option<Severity>>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            now: 0,
            zone: Zone::utc(),
            headline_max_words: 50,
            banned_phrases: vec!["best practices".to_owned()],
            stale_after_days: None,
            every_date: false,
            severities: super::OFF_BY_DEFAULT
                .iter()
                .map(|&rule| (rule, None))
                .collect(),
        }
    }
}

impl Settings {
    /// The last step of every file's diagnostics: apply the configured severities (dropping
    /// rules that are off), sort by position and drop exact repeats.
    pub fn finish(&self, out: &mut Vec<Diagnostic>) {
        out.retain_mut(|d| match self.severities.get(&d.rule) {
            None => true,
            Some(None) => false,
            Some(Some(severity)) => {
                d.severity = *severity;
                true
            }
        });
        sort(out);
    }
}

/// Sort diagnostics by position, then rule, and drop exact repeats.
pub fn sort(out: &mut Vec<Diagnostic>) {
    out.sort_by(|a, b| {
        a.span
            .map(|s| (s.start, s.end))
            .cmp(&b.span.map(|s| (s.start, s.end)))
            .then(a.rule.cmp(&b.rule))
    });
    out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
}
