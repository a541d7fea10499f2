//! A site's pages as Hugo resolves them: the fields each page inherits from `cascade`
//! entries (its own, its ancestors' in its language, the site configuration's), whether Hugo
//! builds and renders it, and the terms it is filed under.

use std::collections::HashMap;
use std::path::Path;

use super::{IndexedPage, Reference, Resolution, SiteModel};
use crate::frontmatter::keys_equal;
use crate::model::date::parse_date;
use crate::site::cascade::CompiledTarget;
use crate::site::{
    Cascade, DateField, HugoFields, HugoKind, Render, TargetPage, Taxonomy, TermList, term_key,
};
use crate::span::Span;

/// Why Hugo does not build a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unbuilt {
    /// `draft: true` (and no `buildDrafts`).
    Draft,
    /// Its publish date, as written, is after "now" (and no `buildFuture`).
    Future(String),
    /// Its expiry date, as written, is before "now" (and no `buildExpired`).
    Expired(String),
    /// Its language is disabled.
    Language(String),
}

/// Whether Hugo builds a page, and renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BuildState {
    /// Built and written: it has a URL.
    Rendered,
    /// Built but not written (`build.render: never`/`link`, `headless: true`): pages list
    /// it, but their links lead nowhere.
    NotRendered,
    /// Not built: Hugo leaves it out, and drops its term from every page that lists it.
    Unbuilt(Unbuilt),
}

/// A page's [`BuildState`], and the span of the page's own field that decides it (none
/// when the field is inherited from a cascade, or the state is the default). Without a
/// site, only `draft` and the build options are read ("now" is the site's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    pub(crate) state: BuildState,
    pub(crate) span: Option<Span>,
}

impl Built {
    /// Whether Hugo builds the page.
    #[must_use]
    pub fn is_built(&self) -> bool {
        !matches!(self.state, BuildState::Unbuilt(_))
    }

    /// Whether Hugo writes the page (it has a URL to link to).
    #[must_use]
    pub fn is_rendered(&self) -> bool {
        self.state == BuildState::Rendered
    }
}

/// A field value and the file it comes from (the page itself, or a cascade's file).
struct Inherited<'a, T> {
    value: T,
    own: bool,
    origin: &'a Path,
}

/// The fields of one page once cascades filled what it lacks.
struct Effective<'a> {
    lists: Vec<Inherited<'a, &'a TermList>>,
    draft: Option<Inherited<'a, (bool, Span)>>,
    dates: Vec<Inherited<'a, &'a DateField>>,
    render: Option<Inherited<'a, (Render, Span)>>,
    headless: Option<Inherited<'a, (bool, Span)>>,
}

impl<'a, T> Inherited<'a, T> {
    fn new(value: T, own: bool, origin: &'a Path) -> Self {
        Self { value, own, origin }
    }
}

impl<'a> Effective<'a> {
    fn own(path: &'a Path, f: &'a HugoFields) -> Self {
        Self {
            lists: f
                .lists
                .iter()
                .map(|l| Inherited::new(l, true, path))
                .collect(),
            draft: f
                .draft()
                .map(|d| Inherited::new((d.value, d.span), true, path)),
            dates: f
                .dates
                .iter()
                .map(|d| Inherited::new(d, true, path))
                .collect(),
            render: f
                .build()
                .map(|b| Inherited::new(b.render.unwrap_or((Render::Always, b.key)), true, path)),
            headless: f
                .headless()
                .map(|h| Inherited::new((h.value, h.span), true, path)),
        }
    }

    /// Fill what the page lacks from `cascade` (written in `origin`).
    fn fill(&mut self, cascade: &'a Cascade, origin: &'a Path) {
        fn from<'a, T>(value: T, origin: &'a Path) -> Inherited<'a, T> {
            Inherited::new(value, false, origin)
        }
        let f = &cascade.fields;
        for list in &f.lists {
            if !self
                .lists
                .iter()
                .any(|l| keys_equal(&l.value.key, &list.key))
            {
                self.lists.push(from(list, origin));
            }
        }
        if self.draft.is_none() {
            self.draft = f.draft().map(|d| from((d.value, d.span), origin));
        }
        for date in &f.dates {
            if !self.dates.iter().any(|d| d.value.key == date.key) {
                self.dates.push(from(date, origin));
            }
        }
        if self.render.is_none() {
            self.render = f
                .build()
                .map(|b| from(b.render.unwrap_or((Render::Always, b.key)), origin));
        }
        if self.headless.is_none() {
            self.headless = f.headless().map(|h| from((h.value, h.span), origin));
        }
    }
}

/// Resolve every page of `pages`: whether Hugo builds each, and every term
/// each is filed under (pushed to `references`, in page order).
pub(super) fn resolve<'a>(
    taxonomies: &'a [Taxonomy],
    site: Option<SiteModel<'a>>,
    pages: &[IndexedPage<'a>],
    references: &mut Vec<Reference<'a>>,
) -> Vec<Built> {
    let cascades = Cascades::new(pages, site);
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let effective = effective(i, page, &cascades);
            let built = built(&effective, page, site);
            let lang = page
                .place
                .map(|p| p.lang.as_str())
                .or_else(|| page.location.map(|l| l.lang.as_str()))
                .unwrap_or("en");
            // A disabled language is not part of the site: its pages file nothing, and
            // nothing is said of their lists.
            if !matches!(built.state, BuildState::Unbuilt(Unbuilt::Language(_))) {
                push_references(
                    taxonomies,
                    page.path,
                    lang,
                    built.is_built(),
                    &effective,
                    references,
                );
            }
            built
        })
        .collect()
}

/// A cascade entry ready to test pages against.
struct Entry<'a> {
    cascade: &'a Cascade,
    target: CompiledTarget,
    /// The file it is written in.
    origin: &'a Path,
    /// The language of the page that declares it (`None`: the site configuration).
    lang: Option<&'a str>,
}

/// Every cascade of a site, compiled once: by the Hugo path of the list page (home, section,
/// taxonomy, term) that declares it, each page's own, and the configuration's.
struct Cascades<'a> {
    by_path: HashMap<&'a str, Vec<Entry<'a>>>,
    own: HashMap<usize, Vec<Entry<'a>>>,
    site: Vec<Entry<'a>>,
}

impl<'a> Cascades<'a> {
    fn new(pages: &[IndexedPage<'a>], site: Option<SiteModel<'a>>) -> Self {
        let entries = |page: &IndexedPage<'a>, lang: &'a str| -> Vec<Entry<'a>> {
            page.facts
                .cascade
                .iter()
                .map(|c| Entry {
                    cascade: c,
                    target: c.target.compile(),
                    origin: page.path,
                    lang: Some(lang),
                })
                .collect()
        };
        let mut by_path: HashMap<&'a str, Vec<Entry<'a>>> = HashMap::new();
        let mut own = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            let Some(place) = page.place else {
                continue;
            };
            if page.facts.cascade.is_empty() {
                continue;
            }
            if place.kind == HugoKind::Page {
                own.insert(i, entries(page, &place.lang));
            } else {
                by_path
                    .entry(place.path.as_str())
                    .or_default()
                    .extend(entries(page, &place.lang));
            }
        }
        let site = site
            .map(|s| {
                s.cascade
                    .iter()
                    .map(|(file, c)| Entry {
                        cascade: c,
                        target: c.target.compile(),
                        origin: file,
                        lang: None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self { by_path, own, site }
    }
}

fn effective<'a>(i: usize, page: &IndexedPage<'a>, cascades: &Cascades<'a>) -> Effective<'a> {
    let mut effective = Effective::own(page.path, &page.facts.hugo);
    let Some(place) = page.place else {
        return effective;
    };
    let target = TargetPage {
        path: &place.path,
        kind: place.kind.name(),
    };
    // A page's own cascade applies to it too; then its ancestors', nearest first (those of
    // its own language before those of other languages that reach it), then the site's.
    let mut entries: Vec<&Entry<'a>> = cascades.own.get(&i).into_iter().flatten().collect();
    let own_path = (place.kind != HugoKind::Page).then_some(place.path.as_str());
    for path in own_path.into_iter().chain(place.ancestors()) {
        let start = entries.len();
        entries.extend(cascades.by_path.get(path).into_iter().flatten());
        entries[start..].sort_by_key(|e| e.lang != Some(place.lang.as_str()));
    }
    entries.extend(&cascades.site);
    for e in entries {
        if e.target.reaches(e.lang, &place.lang) && e.target.matches(target) {
            effective.fill(e.cascade, e.origin);
        }
    }
    effective
}

fn built(effective: &Effective<'_>, page: &IndexedPage<'_>, site: Option<SiteModel<'_>>) -> Built {
    let unbuilt = |reason, span| Built {
        state: BuildState::Unbuilt(reason),
        span,
    };
    let own_span = |own: bool, span: Span| own.then_some(span);
    let options = site.map(|s| s.config.build).unwrap_or_default();
    if let (Some(site), Some(place)) = (site, page.place)
        && !site.config.builds_language(&place.lang)
    {
        return unbuilt(Unbuilt::Language(place.lang.clone()), None);
    }
    if let Some(draft) = &effective.draft
        && draft.value.0
        && !options.drafts
    {
        return unbuilt(Unbuilt::Draft, own_span(draft.own, draft.value.1));
    }
    if let Some(site) = site {
        let date = |keys: &[String]| {
            keys.iter().find_map(|key| {
                let field = effective.dates.iter().find(|d| d.value.key.name() == key)?;
                let parsed = parse_date(field.value.text.trim()).ok()?;
                Some((site.zone.instant(&parsed), field))
            })
        };
        if !options.future
            && let Some((at, field)) = date(&site.config.publish_date_keys)
            && at > site.now
        {
            let reason = Unbuilt::Future(field.value.text.clone());
            return unbuilt(reason, own_span(field.own, field.value.span));
        }
        if !options.expired
            && let Some((at, field)) = date(&site.config.expiry_date_keys)
            && at < site.now
        {
            let reason = Unbuilt::Expired(field.value.text.clone());
            return unbuilt(reason, own_span(field.own, field.value.span));
        }
    }
    let not_rendered = |span| Built {
        state: BuildState::NotRendered,
        span,
    };
    if let Some(render) = &effective.render
        && render.value.0 != Render::Always
    {
        return not_rendered(own_span(render.own, render.value.1));
    }
    if let Some(headless) = &effective.headless
        && headless.value.0
    {
        return not_rendered(own_span(headless.own, headless.value.1));
    }
    Built {
        state: BuildState::Rendered,
        span: None,
    }
}

fn push_references<'a>(
    taxonomies: &'a [Taxonomy],
    page: &'a Path,
    lang: &'a str,
    page_built: bool,
    effective: &Effective<'a>,
    out: &mut Vec<Reference<'a>>,
) {
    for list in &effective.lists {
        let Some(taxonomy) = taxonomies
            .iter()
            .position(|t| keys_equal(&t.plural, &list.value.key))
        else {
            continue;
        };
        for (name, span) in &list.value.items {
            if name.is_empty() {
                continue;
            }
            out.push(Reference {
                page,
                lang,
                page_built,
                taxonomy,
                name,
                key: term_key(name).into_boxed_str(),
                origin: list.origin,
                span: *span,
                found: Resolution::Nothing,
            });
        }
    }
}
