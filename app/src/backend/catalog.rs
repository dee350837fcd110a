//! The catalog: filtered, sorted, paginated products with facet counts, and full-text search.
//!
//! Search uses each database's own engine over the folded text kept in the listing columns
//! (`backend::listing`): SQLite FTS5 (`products_fts`) and PostgreSQL's `tsvector`. Input is
//! folded ("Gốm" → "gom", "Đ" → "d"), split into words of letters and digits only, and each
//! word becomes a quoted prefix term, so `lua van` finds "lụa Vạn Phúc" and no input can
//! reach the engine as syntax. Words typed with accents rank exact-accent matches first.
//!
//! Facet counts are "what would I get if I chose this": each facet is counted with every
//! filter applied except its own.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, QueryResult,
};

use super::entities::{category, district, producer, product_image, village};
use super::sql::{like_contains, Sql};
use crate::domain::{
    catalog::{CatalogQuery, FacetChoice, Facets, PriceBand, ProductCard, ProductPage, Sort, PAGE_SIZE},
    text::fold,
    OcopStars, ProducerKind, Slug, Unit, Vnd,
};
use crate::i18n::Lang;

const MAX_TERMS: usize = 8;
const MAX_TERM_CHARS: usize = 40;
const VILLAGE_FACET_SIZE: usize = 40;

/// The search words of a query, folded, in the form each engine takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerms {
    pub words: Vec<String>,
    /// Lower-case words the person typed with accents, for ranking.
    pub accented: Vec<String>,
}

impl SearchTerms {
    /// `None` when the query has no words at all (then nothing is searched); words are
    /// letters and digits only, so they are safe inside a quoted FTS term.
    pub fn parse(q: &str) -> Option<Self> {
        let q: String = q.chars().take(crate::domain::catalog::MAX_QUERY_LEN).collect();
        let words: Vec<String> = fold(&q)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(MAX_TERMS)
            .map(|w| w.chars().take(MAX_TERM_CHARS).collect())
            .collect();
        if words.is_empty() {
            return None;
        }
        let accented = q
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && fold(w) != *w)
            .take(MAX_TERMS)
            .map(str::to_owned)
            .collect();
        Some(Self { words, accented })
    }

    /// FTS5: every word a quoted prefix term, all required.
    pub fn fts5_match(&self) -> String {
        self.words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ")
    }

    /// PostgreSQL `to_tsquery('simple', …)`: every word a prefix term, all required.
    pub fn tsquery(&self) -> String {
        self.words.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(" & ")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Facet {
    Category,
    Stars,
    District,
    Village,
    Kind,
    Price,
    InStock,
}

impl Facet {
    const ALL: [Facet; 7] = [Facet::Category, Facet::Stars, Facet::District, Facet::Village, Facet::Kind, Facet::Price, Facet::InStock];
}

/// `p.price_vnd >= min [AND p.price_vnd < max]`.
fn write_price_range(sql: &mut Sql, band: PriceBand) {
    sql.push("p.price_vnd >= ").bind(band.min.amount());
    if let Some(max) = band.max {
        sql.push(" AND p.price_vnd < ").bind(max.amount());
    }
}

/// Slugs resolved to ids. An unknown slug resolves to an id no row has, so the filter
/// matches nothing rather than being silently dropped.
#[derive(Default)]
struct Filters {
    /// `Some(None)`: the query had text but no words; nothing matches.
    search: Option<Option<SearchTerms>>,
    category: Option<(i32, bool)>,
    stars: Option<i16>,
    district: Option<i32>,
    village: Option<i32>,
    producer: Option<i32>,
    kind: Option<ProducerKind>,
    price: Option<PriceBand>,
    in_stock: bool,
    today: NaiveDate,
}

const NO_ROW: i32 = -1;

/// The lookups the catalog needs to label and resolve: small tables, read once per call.
struct Lookups {
    categories: Vec<category::Model>,
    districts: Vec<district::Model>,
}

impl Filters {
    /// On SQLite, the full-text matches are computed once, up front: left inside `IN (…)`,
    /// SQLite may run the MATCH again for every candidate row (minutes at 100,000 products).
    fn write_with(&self, sql: &mut Sql) {
        if let (Some(Some(terms)), DbBackend::Sqlite) = (&self.search, sql.backend()) {
            sql.push("WITH fts_hits AS MATERIALIZED (SELECT rowid AS id FROM products_fts WHERE products_fts MATCH ")
                .bind(terms.fts5_match())
                .push(") ");
        }
    }

    /// The scope (published, verified producer, search, producer) and, `with_facets`, every
    /// chosen facet filter.
    fn write_where(&self, sql: &mut Sql, with_facets: bool, search_joined: bool) {
        sql.push(
            " WHERE p.status = 'published' AND p.producer_id IN (SELECT id FROM producers WHERE verification = 'verified')",
        );
        match &self.search {
            None => {}
            Some(None) => {
                sql.push(" AND 1 = 0");
            }
            Some(Some(terms)) if !search_joined => match sql.backend() {
                DbBackend::Postgres => {
                    sql.push(" AND p.search_vector @@ to_tsquery('simple', ").bind(terms.tsquery()).push(")");
                }
                _ => {
                    sql.push(" AND p.id IN (SELECT id FROM fts_hits)");
                }
            },
            Some(Some(_)) => {}
        }
        // The producer is a scope (a storefront's catalog), not a facet.
        if let Some(id) = self.producer {
            sql.push(" AND p.producer_id = ").bind(id);
        }
        if with_facets {
            for facet in Facet::ALL {
                if self.is_chosen(facet) {
                    sql.push(" AND ");
                    self.write_condition(sql, facet);
                }
            }
        }
    }

    fn is_chosen(&self, facet: Facet) -> bool {
        match facet {
            Facet::Category => self.category.is_some(),
            Facet::Stars => self.stars.is_some(),
            Facet::District => self.district.is_some(),
            Facet::Village => self.village.is_some(),
            Facet::Kind => self.kind.is_some(),
            Facet::Price => self.price.is_some(),
            Facet::InStock => self.in_stock,
        }
    }

    /// The SQL condition of a chosen facet filter; the one place each is written.
    fn write_condition(&self, sql: &mut Sql, facet: Facet) {
        match facet {
            Facet::Category => {
                if let Some((id, is_top)) = self.category {
                    sql.push(if is_top { "p.top_category_id = " } else { "p.category_id = " }).bind(id);
                }
            }
            Facet::Stars => {
                if let Some(stars) = self.stars {
                    sql.push("p.ocop_stars = ").bind(stars).push(" AND p.ocop_expires_on >= ").bind(self.today);
                }
            }
            Facet::District => {
                if let Some(id) = self.district {
                    sql.push("p.district_id = ").bind(id);
                }
            }
            Facet::Village => {
                if let Some(id) = self.village {
                    sql.push("p.village_id = ").bind(id);
                }
            }
            Facet::Kind => {
                if let Some(kind) = self.kind {
                    sql.push("p.producer_kind = ").bind(kind.code());
                }
            }
            Facet::Price => {
                if let Some(band) = self.price {
                    write_price_range(sql, band);
                }
            }
            Facet::InStock => {
                sql.push("p.stock > 0");
            }
        }
    }
}

impl Filters {
    /// `1` for each chosen facet filter a row passes, summed: `(CASE WHEN … THEN 1 ELSE 0 END) + …`.
    fn write_pass_indicators(&self, sql: &mut Sql) {
        for (i, facet) in Facet::ALL.into_iter().filter(|f| self.is_chosen(*f)).enumerate() {
            sql.push(if i == 0 { "(CASE WHEN " } else { " + (CASE WHEN " });
            self.write_condition(sql, facet);
            sql.push(" THEN 1 ELSE 0 END)");
        }
    }
}

fn count_of(row: &QueryResult, col: &str) -> Result<u64, DbErr> {
    Ok(row.try_get::<Option<i64>>("", col)?.unwrap_or(0).max(0) as u64)
}

async fn query(db: &impl ConnectionTrait, sql: Sql) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(sql.build()).await
}

struct Resolved {
    filters: Filters,
    lookups: Lookups,
    village: Option<village::Model>,
    producer: Option<producer::Model>,
}

async fn resolve(db: &impl ConnectionTrait, q: &CatalogQuery) -> Result<Resolved, DbErr> {
    let lookups = Lookups {
        categories: category::Entity::find().order_by_asc(category::Column::Position).all(db).await?,
        districts: district::Entity::find().order_by_asc(district::Column::Position).all(db).await?,
    };
    let slug_id = |slug: &Option<Slug>, found: Option<i32>| slug.as_ref().map(|_| found.unwrap_or(NO_ROW));

    let category = q.category.as_ref().map(|slug| {
        lookups
            .categories
            .iter()
            .find(|c| c.slug == slug.as_str())
            .map_or((NO_ROW, false), |c| (c.id, c.parent_id.is_none()))
    });
    let district = slug_id(
        &q.district,
        q.district.as_ref().and_then(|s| lookups.districts.iter().find(|d| d.slug == s.as_str())).map(|d| d.id),
    );
    let village_row = match &q.village {
        Some(s) => village::Entity::find().filter(village::Column::Slug.eq(s.as_str())).one(db).await?,
        None => None,
    };
    let producer_row = match &q.producer {
        Some(s) => producer::Entity::find().filter(producer::Column::Slug.eq(s.as_str())).one(db).await?,
        None => None,
    };
    let filters = Filters {
        search: (!q.q.trim().is_empty()).then(|| SearchTerms::parse(&q.q)),
        category,
        stars: q.stars.map(|s| i16::from(s.get())),
        district,
        village: slug_id(&q.village, village_row.as_ref().map(|v| v.id)),
        producer: slug_id(&q.producer, producer_row.as_ref().map(|p| p.id)),
        kind: q.kind,
        price: q.price,
        in_stock: q.in_stock,
        today: crate::domain::time::today_in_vietnam(),
    };
    Ok(Resolved { filters, lookups, village: village_row, producer: producer_row })
}

/// One page of cards for resolved filters; `limit` rows from page `q.page`. `filter_first`:
/// the filters match few products, so SQLite should find them through a filter's index and
/// sort them, not walk the sort order's index (it has no statistics to tell the two apart).
async fn page_items(
    db: &impl ConnectionTrait,
    filters: &Filters,
    q: &CatalogQuery,
    limit: i64,
    lang: Lang,
    filter_first: bool,
) -> Result<Vec<ProductCard>, DbErr> {
    let backend = db.get_database_backend();
    let page = q.page.max(1);
    let terms = filters.search.clone().flatten();
    let sort = match (q.sort, &terms) {
        (Sort::Relevance, None) => Sort::Newest,
        (sort, _) => sort,
    };
    let fts_join = sort == Sort::Relevance && backend == DbBackend::Sqlite && terms.is_some();
    let mut sql = Sql::new(backend);
    if !fts_join {
        filters.write_with(&mut sql);
    }
    sql.push(
        "SELECT p.id AS id, p.slug AS slug, p.name_vi AS name_vi, p.name_en AS name_en, p.price_vnd AS price_vnd, \
         p.unit AS unit, p.stock AS stock, CAST(p.ocop_stars AS INTEGER) AS ocop_stars, p.ocop_expires_on AS ocop_expires_on, \
         p.producer_id AS producer_id, p.village_id AS village_id FROM ",
    );
    // CROSS JOIN fixes SQLite's join order: the matches first, then their products.
    sql.push(if fts_join { "products_fts CROSS JOIN products p ON p.id = products_fts.rowid" } else { "products p" });
    filters.write_where(&mut sql, true, fts_join);
    if let (true, Some(terms)) = (fts_join, &terms) {
        sql.push(" AND products_fts MATCH ").bind(terms.fts5_match());
    }
    sql.push(" ORDER BY ");
    // A unary `+` makes a sort key an expression no index provides (SQLite only: PostgreSQL
    // has no `+` for timestamps, and plans from its statistics).
    let key = if filter_first && backend == DbBackend::Sqlite { "+" } else { "" };
    match sort {
        Sort::Relevance => {
            if let Some(terms) = &terms {
                if !terms.accented.is_empty() {
                    sql.push("(");
                    for (i, word) in terms.accented.iter().enumerate() {
                        if i > 0 {
                            sql.push(" + ");
                        }
                        sql.push("CASE WHEN p.search_accented LIKE ").bind(like_contains(word)).push(" ESCAPE '\\' THEN 1 ELSE 0 END");
                    }
                    sql.push(") DESC, ");
                }
                match backend {
                    DbBackend::Postgres => {
                        sql.push("ts_rank(p.search_vector, to_tsquery('simple', ").bind(terms.tsquery()).push(")) DESC, ");
                    }
                    _ => {
                        sql.push("bm25(products_fts, 10.0, 1.0), ");
                    }
                }
            }
            sql.push("p.id DESC");
        }
        Sort::Newest => {
            sql.push(key).push("p.created_at DESC, p.id DESC");
        }
        Sort::PriceAsc => {
            sql.push(key).push("p.price_vnd ASC, p.id ASC");
        }
        Sort::PriceDesc => {
            sql.push(key).push("p.price_vnd DESC, p.id DESC");
        }
        Sort::Stars => {
            sql.push("CASE WHEN p.ocop_expires_on >= ").bind(filters.today).push(" THEN COALESCE(p.ocop_stars, 0) ELSE 0 END DESC, p.created_at DESC, p.id DESC");
        }
    }
    sql.push(" LIMIT ").bind(limit).push(" OFFSET ").bind(i64::from(page - 1) * limit);
    let rows = query(db, sql).await?;
    cards(db, rows, lang, filters.today).await

}

/// Just the cards of the first `limit` results (for suggestions).
async fn list_products_only(
    db: &impl ConnectionTrait,
    q: &CatalogQuery,
    lang: Lang,
    limit: i64,
) -> Result<Vec<ProductCard>, DbErr> {
    let resolved = resolve(db, q).await?;
    page_items(db, &resolved.filters, q, limit, lang, false).await
}

pub async fn list_products(db: &impl ConnectionTrait, q: &CatalogQuery, lang: Lang) -> Result<ProductPage, DbErr> {
    list_products_from(db, q, lang, None).await
}

/// [`list_products`], counting the facets from `whole` (the whole catalog's groups, current)
/// when the query allows it (see [`WholeCatalog`]) instead of scanning the products again.
pub(crate) async fn list_products_from(
    db: &impl ConnectionTrait,
    q: &CatalogQuery,
    lang: Lang,
    whole: Option<&WholeCatalog>,
) -> Result<ProductPage, DbErr> {
    let Resolved { filters, lookups, village: village_row, producer: producer_row } = resolve(db, q).await?;
    let page = q.page.max(1);
    let whole = whole.filter(|w| w.today == filters.today && uses_whole_catalog(q));
    let ((facets, total), items) = if let Some(whole) = whole {
        // A standard band (the only price `uses_whole_catalog` lets through), by its index.
        let band = filters.price.and_then(|p| PriceBand::standard().iter().position(|b| *b == p));
        let counted = facets(db, &filters, GroupsOf::Whole(&whole.groups, band), &lookups, lang, q).await?;
        // Walking the sort order's index finds a page after about (rows wanted) × (catalog /
        // matches) rows; fetching the matches through a filter's index and sorting them costs
        // about (matches). The first wins when matches are many, the second when they are few.
        let total = counted.1;
        let wanted = u64::from(page) * u64::from(PAGE_SIZE);
        let filter_first = total.saturating_mul(total) < wanted.saturating_mul(whole.size);
        (counted, page_items(db, &filters, q, i64::from(PAGE_SIZE), lang, filter_first).await?)
    } else {
        // A search or a storefront: the scan for the counts and the page are independent, so
        // they run side by side on two of the pool's connections (a broad search's first
        // visitor waits for the longer of the two, not both).
        let (scanned, items) = tokio::try_join!(
            scan_groups(db, &filters),
            page_items(db, &filters, q, i64::from(PAGE_SIZE), lang, false)
        )?;
        (facets(db, &filters, GroupsOf::Scanned(scanned), &lookups, lang, q).await?, items)
    };
    let mut active_labels = Vec::new();
    if let Some(v) = &village_row {
        active_labels.push((v.slug.clone(), v.name.clone()));
    }
    if let Some(p) = &producer_row {
        active_labels.push((p.slug.clone(), p.name.clone()));
    }
    Ok(ProductPage { items, total, page, facets, active_labels })
}

fn category_name(c: &category::Model, lang: Lang) -> String {
    match lang {
        Lang::Vi => c.name_vi.clone(),
        Lang::En => c.name_en.clone(),
    }
}

/// One group of matching products that agree on every facet column, from the single scan
/// `scan_groups` makes.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    category: Option<i32>,
    top_category: Option<i32>,
    district: Option<i32>,
    village: Option<i32>,
    kind: Option<String>,
    /// Stars of a rating still valid today.
    stars: Option<i16>,
    /// Index into `PriceBand::standard()`.
    band: Option<usize>,
    in_stock: bool,
    /// Whether the price filter (which may be any range, not only a standard band) passes.
    price_ok: bool,
    n: u64,
}

impl Filters {
    /// The facets whose filters `g` fails; `price_ok`: whether it passes the price filter.
    fn failing(&self, g: &Group, price_ok: bool) -> Vec<Facet> {
        let mut out = Vec::new();
        if let Some((id, is_top)) = self.category {
            if (if is_top { g.top_category } else { g.category }) != Some(id) {
                out.push(Facet::Category);
            }
        }
        if self.stars.is_some() && g.stars != self.stars {
            out.push(Facet::Stars);
        }
        if self.district.is_some() && g.district != self.district {
            out.push(Facet::District);
        }
        if self.village.is_some() && g.village != self.village {
            out.push(Facet::Village);
        }
        if let Some(kind) = self.kind {
            if g.kind.as_deref() != Some(kind.code()) {
                out.push(Facet::Kind);
            }
        }
        if self.price.is_some() && !price_ok {
            out.push(Facet::Price);
        }
        if self.in_stock && !g.in_stock {
            out.push(Facet::InStock);
        }
        out
    }

    /// How many facet filters are chosen.
    fn chosen_count(&self) -> usize {
        Facet::ALL.into_iter().filter(|f| self.is_chosen(*f)).count()
    }
}

/// The whole public catalog's facet groups (no search text, no producer scope, no filter),
/// as of `today` (stars count only while their certificate is valid).
///
/// Every listing without search text or producer scope, whatever its facet filters, is a
/// selection of these groups, as long as its price filter is none or one of the standard
/// bands (the groups know a product's band, not its price). Kept by the catalog cache, they
/// spare each such listing its own scan of every product (a quarter of a second at 100,000).
#[derive(Clone, Debug)]
pub(crate) struct WholeCatalog {
    today: NaiveDate,
    /// Products in the whole catalog (the groups' sum).
    size: u64,
    groups: std::sync::Arc<Vec<Group>>,
}

pub(crate) async fn whole_catalog(db: &impl ConnectionTrait) -> Result<WholeCatalog, DbErr> {
    let today = crate::domain::time::today_in_vietnam();
    let groups = scan_groups(db, &Filters { today, ..Default::default() }).await?;
    let size = groups.iter().map(|g| g.n).sum();
    Ok(WholeCatalog { today, size, groups: std::sync::Arc::new(groups) })
}

/// Whether a query's facets may be counted from the whole catalog's groups: no search text,
/// no producer scope, and no price filter or a standard band. The one place this is decided.
pub(crate) fn uses_whole_catalog(q: &CatalogQuery) -> bool {
    q.q.trim().is_empty() && q.producer.is_none() && q.price.is_none_or(|p| PriceBand::standard().contains(&p))
}

/// Where the facet groups come from.
enum GroupsOf<'a> {
    /// This query's own scan (its price filter already evaluated per group).
    Scanned(Vec<Group>),
    /// The whole catalog's, and the index of the standard price band chosen, if any.
    Whole(&'a [Group], Option<usize>),
}

/// The products in scope, grouped by every facet column: one scan of the covering index.
async fn scan_groups(db: &impl ConnectionTrait, filters: &Filters) -> Result<Vec<Group>, DbErr> {
    let bands = PriceBand::standard();
    let mut sql = Sql::new(db.get_database_backend());
    filters.write_with(&mut sql);
    sql.push(
        "SELECT p.category_id AS c, p.top_category_id AS tc, p.district_id AS d, p.village_id AS v, p.producer_kind AS k, \
         CAST(CASE WHEN p.ocop_expires_on >= ",
    )
    .bind(filters.today)
    .push(" THEN p.ocop_stars END AS INTEGER) AS s, CASE");
    for (i, band) in bands.iter().enumerate() {
        sql.push(" WHEN ");
        write_price_range(&mut sql, *band);
        sql.push(&format!(" THEN {i}"));
    }
    sql.push(" END AS b, CASE WHEN p.stock > 0 THEN 1 ELSE 0 END AS st, ");
    if filters.is_chosen(Facet::Price) {
        sql.push("CASE WHEN ");
        filters.write_condition(&mut sql, Facet::Price);
        sql.push(" THEN 1 ELSE 0 END AS pf");
    } else {
        sql.push("1 AS pf");
    }
    sql.push(", COUNT(*) AS n FROM products p");
    filters.write_where(&mut sql, false, false);
    // Groups failing two filters or more count nowhere: leave them out of the scan's result.
    if filters.chosen_count() >= 2 {
        sql.push(" AND (");
        filters.write_pass_indicators(&mut sql);
        sql.push(&format!(") >= {}", filters.chosen_count() - 1));
    }
    sql.push(" GROUP BY p.category_id, p.top_category_id, p.district_id, p.village_id, p.producer_kind, s, b, st, pf");
    let mut groups = Vec::new();
    for r in query(db, sql).await? {
        groups.push(Group {
            category: r.try_get("", "c")?,
            top_category: r.try_get("", "tc")?,
            district: r.try_get("", "d")?,
            village: r.try_get("", "v")?,
            kind: r.try_get("", "k")?,
            stars: r.try_get::<Option<i32>>("", "s")?.and_then(|s| i16::try_from(s).ok()),
            band: r.try_get::<Option<i32>>("", "b")?.and_then(|b| usize::try_from(b).ok()),
            in_stock: r.try_get::<i32>("", "st")? == 1,
            price_ok: r.try_get::<i32>("", "pf")? == 1,
            n: count_of(&r, "n")?,
        });
    }
    Ok(groups)
}

/// The total and every facet's counts from the groups of the products in scope.
///
/// A facet's counts are those of the products passing every *other* filter, so a group of
/// products counts towards the total and all facets when it passes every filter, towards
/// one facet alone when it fails only that facet's filter, and towards nothing otherwise.
async fn facets(
    db: &impl ConnectionTrait,
    filters: &Filters,
    groups: GroupsOf<'_>,
    lookups: &Lookups,
    lang: Lang,
    q: &CatalogQuery,
) -> Result<(Facets, u64), DbErr> {
    let bands = PriceBand::standard();
    let (groups, price_band): (&[Group], Option<Option<usize>>) = match &groups {
        GroupsOf::Scanned(groups) => (groups, None),
        GroupsOf::Whole(groups, band) => (groups, Some(*band)),
    };
    let mut total = 0;
    let mut leaf_counts: HashMap<i32, u64> = HashMap::new();
    let mut star_counts: HashMap<i16, u64> = HashMap::new();
    let mut district_counts: HashMap<i32, u64> = HashMap::new();
    let mut village_map: HashMap<i32, u64> = HashMap::new();
    let mut kind_counts: HashMap<String, u64> = HashMap::new();
    let mut band_counts = vec![0u64; bands.len()];
    let mut in_stock = 0;
    for g in groups {
        let price_ok = match price_band {
            None => g.price_ok,
            Some(None) => true,
            Some(Some(band)) => g.band == Some(band),
        };
        let failing = filters.failing(g, price_ok);
        let counts_for = |f: Facet| failing.is_empty() || failing == [f];
        if failing.is_empty() {
            total += g.n;
        }
        if counts_for(Facet::Category) {
            if let Some(c) = g.category {
                *leaf_counts.entry(c).or_default() += g.n;
            }
        }
        if counts_for(Facet::Stars) {
            if let Some(s) = g.stars {
                *star_counts.entry(s).or_default() += g.n;
            }
        }
        if counts_for(Facet::District) {
            if let Some(d) = g.district {
                *district_counts.entry(d).or_default() += g.n;
            }
        }
        if counts_for(Facet::Village) {
            if let Some(v) = g.village {
                *village_map.entry(v).or_default() += g.n;
            }
        }
        if counts_for(Facet::Kind) {
            if let Some(k) = &g.kind {
                *kind_counts.entry(k.clone()).or_default() += g.n;
            }
        }
        if counts_for(Facet::Price) {
            if let Some(b) = g.band {
                band_counts[b] += g.n;
            }
        }
        if counts_for(Facet::InStock) && g.in_stock {
            in_stock += g.n;
        }
    }

    // Categories: counts per leaf, summed into their top category.
    let mut categories = Vec::new();
    for top in lookups.categories.iter().filter(|c| c.parent_id.is_none()) {
        let leaves: Vec<&category::Model> =
            lookups.categories.iter().filter(|c| c.parent_id == Some(top.id)).collect();
        let sum: u64 = leaves.iter().map(|l| leaf_counts.get(&l.id).copied().unwrap_or(0)).sum();
        let selected = |c: &category::Model| q.category.as_ref().is_some_and(|s| s.as_str() == c.slug);
        if sum == 0 && !selected(top) && !leaves.iter().any(|l| selected(l)) {
            continue;
        }
        categories.push(FacetChoice { value: top.slug.clone(), label: category_name(top, lang), count: sum, parent: None });
        for leaf in leaves {
            let n = leaf_counts.get(&leaf.id).copied().unwrap_or(0);
            if n > 0 || selected(leaf) {
                categories.push(FacetChoice {
                    value: leaf.slug.clone(),
                    label: category_name(leaf, lang),
                    count: n,
                    parent: Some(top.slug.clone()),
                });
            }
        }
    }

    let stars = OcopStars::ALL
        .iter()
        .rev()
        .map(|s| FacetChoice {
            value: s.get().to_string(),
            label: lang.stars(s.get()),
            count: star_counts.get(&i16::from(s.get())).copied().unwrap_or(0),
            parent: None,
        })
        .collect();

    let districts = lookups
        .districts
        .iter()
        .filter_map(|d| {
            let n = district_counts.get(&d.id).copied().unwrap_or(0);
            let selected = q.district.as_ref().is_some_and(|s| s.as_str() == d.slug);
            (n > 0 || selected).then(|| FacetChoice { value: d.slug.clone(), label: d.name.clone(), count: n, parent: None })
        })
        .collect();

    let mut village_counts: Vec<(i32, u64)> = village_map.into_iter().collect();
    village_counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let selected_village = filters.village;
    let shown: Vec<(i32, u64)> = village_counts
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, (id, _))| *i < VILLAGE_FACET_SIZE || Some(*id) == selected_village)
        .map(|(_, v)| v)
        .collect();
    let names: HashMap<i32, village::Model> = village::Entity::find()
        .filter(village::Column::Id.is_in(shown.iter().map(|(id, _)| *id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let villages = shown
        .into_iter()
        .filter_map(|(id, n)| {
            let v = names.get(&id)?;
            Some(FacetChoice { value: v.slug.clone(), label: v.name.clone(), count: n, parent: None })
        })
        .collect();

    let kinds = ProducerKind::ALL
        .iter()
        .map(|k| FacetChoice {
            value: k.code().to_owned(),
            label: lang.producer_kind(*k).to_owned(),
            count: kind_counts.get(k.code()).copied().unwrap_or(0),
            parent: None,
        })
        .collect();

    let prices = bands
        .iter()
        .zip(band_counts)
        .map(|(band, count)| FacetChoice { value: band.code(), label: lang.price_band(*band), count, parent: None })
        .collect();

    Ok((Facets { categories, stars, districts, villages, kinds, prices, in_stock }, total))
}

/// Product rows → cards: names of makers and villages, cover photos, current stars.
async fn cards(
    db: &impl ConnectionTrait,
    rows: Vec<QueryResult>,
    lang: Lang,
    today: NaiveDate,
) -> Result<Vec<ProductCard>, DbErr> {
    struct Row {
        id: i32,
        slug: String,
        name_vi: String,
        name_en: Option<String>,
        price: i64,
        unit: String,
        stock: i32,
        stars: Option<i32>,
        expires: Option<NaiveDate>,
        producer_id: i32,
        village_id: Option<i32>,
    }
    let mut parsed = Vec::with_capacity(rows.len());
    for r in rows {
        parsed.push(Row {
            id: r.try_get("", "id")?,
            slug: r.try_get("", "slug")?,
            name_vi: r.try_get("", "name_vi")?,
            name_en: r.try_get("", "name_en")?,
            price: r.try_get("", "price_vnd")?,
            unit: r.try_get("", "unit")?,
            stock: r.try_get("", "stock")?,
            stars: r.try_get("", "ocop_stars")?,
            expires: r.try_get("", "ocop_expires_on")?,
            producer_id: r.try_get("", "producer_id")?,
            village_id: r.try_get("", "village_id")?,
        });
    }
    let producers: HashMap<i32, String> = producer::Entity::find()
        .filter(producer::Column::Id.is_in(parsed.iter().map(|p| p.producer_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let villages: HashMap<i32, String> = village::Entity::find()
        .filter(village::Column::Id.is_in(parsed.iter().filter_map(|p| p.village_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.name))
        .collect();
    let mut covers: HashMap<i32, String> = HashMap::new();
    for image in product_image::Entity::find()
        .filter(product_image::Column::ProductId.is_in(parsed.iter().map(|p| p.id).collect::<Vec<_>>()))
        .order_by_asc(product_image::Column::Position)
        .all(db)
        .await?
    {
        covers.entry(image.product_id).or_insert(image.url);
    }
    Ok(parsed
        .into_iter()
        .filter_map(|p| {
            let name = match lang {
                Lang::En => p.name_en.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| p.name_vi.clone()),
                Lang::Vi => p.name_vi.clone(),
            };
            let valid = p.expires.is_some_and(|e| e >= today);
            Some(ProductCard {
                id: p.id,
                slug: Slug::parse(&p.slug).ok()?,
                name,
                price: Vnd::new(p.price).ok()?,
                unit: Unit::parse(&p.unit)?,
                in_stock: p.stock > 0,
                stars: p.stars.filter(|_| valid).and_then(|s| OcopStars::new(i64::from(s)).ok()),
                producer_name: producers.get(&p.producer_id).cloned().unwrap_or_default(),
                village_name: p.village_id.and_then(|id| villages.get(&id).cloned()),
                image_url: covers.remove(&p.id).unwrap_or_else(|| "/img/placeholder.svg".to_owned()),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::SearchTerms;

    #[test]
    fn terms_are_folded_words_only() {
        let t = SearchTerms::parse("Gốm BÁT-tràng!!").unwrap();
        assert_eq!(t.words, vec!["gom", "bat", "trang"]);
        assert_eq!(t.accented, vec!["gốm", "bát", "tràng"]);
        assert_eq!(t.fts5_match(), "\"gom\"* \"bat\"* \"trang\"*");
        assert_eq!(t.tsquery(), "gom:* & bat:* & trang:*");
        assert!(SearchTerms::parse("\"*()' NEAR/ ^ -").is_some_and(|t| t.words == vec!["near"]));
        assert_eq!(SearchTerms::parse("%%% ()*"), None);
        assert_eq!(SearchTerms::parse("đồ Đồng").unwrap().words, vec!["do", "dong"]);
        let long = "lụa ".repeat(5000);
        assert!(SearchTerms::parse(&long).unwrap().words.len() <= 8);
    }
}

const SUGGESTIONS_EACH: usize = 5;

/// Whether every query word is a prefix of some word of `folded_name`.
fn words_match(words: &[String], folded_name: &str) -> bool {
    let name_words: Vec<&str> = folded_name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.iter().all(|w| name_words.iter().any(|n| n.starts_with(w.as_str())))
}

/// Products through the full-text index (best match first); villages and producers, a few
/// hundred rows each, by matching their folded names word by word.
pub async fn suggest(db: &impl ConnectionTrait, q: &str, lang: Lang) -> Result<crate::domain::catalog::Suggestions, DbErr> {
    let Some(terms) = SearchTerms::parse(q) else {
        return Ok(Default::default());
    };
    let query = CatalogQuery { q: q.to_owned(), page: 1, sort: Sort::Relevance, ..Default::default() };
    let mut page = list_products_only(db, &query, lang, SUGGESTIONS_EACH as i64).await?;
    page.truncate(SUGGESTIONS_EACH);
    let products = page.into_iter().map(|p| (p.slug.to_string(), p.name)).collect();

    let mut villages: Vec<(String, String)> = village::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter(|v| words_match(&terms.words, &fold(&v.name)))
        .map(|v| (v.slug, v.name))
        .collect();
    villages.sort_by_cached_key(|(_, name)| (name.chars().count(), fold(name)));
    villages.truncate(SUGGESTIONS_EACH);
    let mut producers: Vec<(String, String)> = producer::Entity::find()
        .filter(producer::Column::Verification.eq(crate::domain::VerificationStatus::Verified))
        .all(db)
        .await?
        .into_iter()
        .filter(|p| words_match(&terms.words, &fold(&p.name)))
        .map(|p| (p.slug, p.name))
        .collect();
    producers.sort_by_cached_key(|(_, name)| (name.chars().count(), fold(name)));
    producers.truncate(SUGGESTIONS_EACH);
    Ok(crate::domain::catalog::Suggestions { products, villages, producers })
}
