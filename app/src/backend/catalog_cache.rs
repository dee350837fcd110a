//! A short-lived cache of catalog pages (items, total and facet counts), because computing
//! the facets means scanning every matching product, and the same few listings (a category,
//! a district, a popular search) are asked for over and over.
//!
//! An entry is used only while the catalog's *version* is unchanged and it is younger than
//! [`TTL`]. The version is the newest `products.updated_at`, read from the database with one
//! indexed lookup, so every app server on the same database sees a write at once: every
//! change to what a listing shows (a product saved, published, archived or restocked by its
//! producer, a certificate or producer verified, a moderation) sets `updated_at`, directly
//! or through `listing::refresh`. Stock taken by checkouts does not (it would empty the cache
//! on every order); stock shown in listings may lag by up to [`TTL`], while product pages,
//! the cart and checkout always read it live.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DbErr, Statement};

use super::catalog::WholeCatalog;
use crate::domain::catalog::{CatalogQuery, ProductPage};
use crate::i18n::Lang;

pub const TTL: Duration = Duration::from_secs(60);
/// Entries kept at most; past it the oldest half goes.
const CAPACITY: usize = 2_000;

struct Entry {
    version: Option<String>,
    stored: Instant,
    page: ProductPage,
}

#[derive(Clone, Default)]
pub struct CatalogCache {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
    /// A burst of requests for a page not yet cached computes it once.
    computing: super::single_flight::SingleFlight,
    whole: Arc<Mutex<Option<WholeEntry>>>,
}

struct WholeEntry {
    version: Option<String>,
    stored: Instant,
    whole: WholeCatalog,
}

/// The single-flight key of the whole catalog's groups (page keys are JSON, never this).
const WHOLE_KEY: &str = "whole catalog";

/// Whether what was stored at `stored`, at catalog version `stored_version`, may still be used.
fn is_current(stored_version: &Option<String>, stored: Instant, version: &Option<String>) -> bool {
    stored_version == version && stored.elapsed() < TTL
}

/// The catalog's version: the newest product change.
pub async fn version(db: &impl ConnectionTrait) -> Result<Option<String>, DbErr> {
    let sql = "SELECT CAST(MAX(updated_at) AS TEXT) AS v FROM products";
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await?;
    Ok(row.and_then(|r| r.try_get::<Option<String>>("", "v").ok().flatten()))
}

impl CatalogCache {
    /// The page for `q`, from the cache when it is still current, else computed and kept.
    pub async fn list_products(&self, db: &impl ConnectionTrait, q: &CatalogQuery, lang: Lang) -> Result<ProductPage, DbErr> {
        let key = match serde_json::to_string(&(q, lang)) {
            Ok(key) => key,
            Err(_) => return super::catalog::list_products(db, q, lang).await,
        };
        let current = version(db).await?;
        let cached = || self.fresh(&key, &current).map(Ok);
        self.computing
            .run(&key, cached, || async {
                let whole = if super::catalog::uses_whole_catalog(q) {
                    Some(self.whole_catalog(db, &current).await?)
                } else {
                    None
                };
                let computed = super::catalog::list_products_from(db, q, lang, whole.as_ref()).await;
                if let Ok(page) = &computed {
                    self.store(key.clone(), current.clone(), page.clone());
                }
                computed
            })
            .await
    }

    /// The whole catalog's groups at `version`, from the cache or scanned once and kept.
    async fn whole_catalog(&self, db: &impl ConnectionTrait, version: &Option<String>) -> Result<WholeCatalog, DbErr> {
        let cached = || {
            let entry = self.whole.lock().ok()?;
            let e = entry.as_ref()?;
            is_current(&e.version, e.stored, version).then(|| Ok(e.whole.clone()))
        };
        self.computing
            .run(WHOLE_KEY, cached, || async {
                let whole = super::catalog::whole_catalog(db).await?;
                if let Ok(mut entry) = self.whole.lock() {
                    *entry = Some(WholeEntry { version: version.clone(), stored: Instant::now(), whole: whole.clone() });
                }
                Ok(whole)
            })
            .await
    }

    fn fresh(&self, key: &str, version: &Option<String>) -> Option<ProductPage> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(key)?;
        is_current(&e.version, e.stored, version).then(|| e.page.clone())
    }

    fn store(&self, key: String, version: Option<String>, page: ProductPage) {
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.len() >= CAPACITY {
            // Drop what is stale, then (if still full) the older half.
            entries.retain(|_, e| is_current(&e.version, e.stored, &version));
            if entries.len() >= CAPACITY {
                let mut ages: Vec<Instant> = entries.values().map(|e| e.stored).collect();
                ages.sort();
                let cut = ages[ages.len() / 2];
                entries.retain(|_, e| e.stored > cut);
            }
        }
        entries.insert(key, Entry { version, stored: Instant::now(), page });
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
