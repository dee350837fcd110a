//! Reference data: Hà Nội's districts with their communes and wards, the product categories
//! (whose leaves are also the crafts of a village) and the well-known craft villages.
//!
//! Policy:
//! - The data lives in versioned files, `app/reference/{districts,categories,villages}.toml`,
//!   embedded in the binary with `include_str!`; `server import-reference DIR` reads the same
//!   three files from another folder instead (a newer register, without a rebuild).
//! - Everything is checked before the database is touched ([`Reference::parse`]): slugs,
//!   district kinds, a category's parent listed before it, a village's district, commune and
//!   crafts. A bad file changes nothing.
//! - [`import`] is idempotent and additive, in one write transaction: a row is matched by its
//!   slug (a commune by its district and name) and updated in place when the file differs;
//!   a village's crafts are added, never removed; nothing is ever deleted (producers, products
//!   and fairs point at these rows). New rows get the next ids in file order, so on an empty
//!   database the ids are the file's positions (the demo seed and its tests rely on that).
//! - It never creates accounts, producers or products: that is the demo seed's business.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    IntoActiveModel, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use serde::Deserialize;

use super::db::reset_id_sequence;
use super::entities::{category, commune, district, village, village_craft};
use crate::domain::{DistrictKind, Slug};

/// The three files, by name, as the binary carries them.
const EMBEDDED: [(&str, &str); 3] = [
    ("districts.toml", include_str!("../../reference/districts.toml")),
    ("categories.toml", include_str!("../../reference/categories.toml")),
    ("villages.toml", include_str!("../../reference/villages.toml")),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictRef {
    pub slug: String,
    pub name: String,
    pub kind: DistrictKind,
    pub communes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRef {
    pub slug: String,
    pub parent: Option<String>,
    pub name_vi: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VillageRef {
    pub slug: String,
    pub name: String,
    pub district: String,
    pub commune: String,
    pub crafts: Vec<String>,
    pub year_recognised: Option<i32>,
    pub traditional: bool,
    pub story_vi: String,
    pub story_en: Option<String>,
}

/// The parsed and checked reference data, in file order.
#[derive(Debug, Clone)]
pub struct Reference {
    pub districts: Vec<DistrictRef>,
    pub categories: Vec<CategoryRef>,
    pub villages: Vec<VillageRef>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: {message}")]
    Invalid { file: &'static str, message: String },
    #[error("database: {0}")]
    Db(#[from] DbErr),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DistrictsFile {
    district: Vec<DistrictRef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    category: Vec<CategoryRef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VillagesFile {
    village: Vec<VillageRef>,
}

fn from_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, ReferenceError> {
    toml::from_str(text).map_err(|e| ReferenceError::Syntax { file: file.to_owned(), message: e.to_string() })
}

impl Reference {
    /// The data the binary was built with.
    pub fn embedded() -> Result<Self, ReferenceError> {
        let [(_, districts), (_, categories), (_, villages)] = EMBEDDED;
        Self::parse(districts, categories, villages)
    }

    /// The three files from `dir` (all three are required, so a typo in a name is an error
    /// rather than a silently skipped table).
    pub fn from_dir(dir: &Path) -> Result<Self, ReferenceError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path)
                .map_err(|source| ReferenceError::Read { path: path.display().to_string(), source })
        };
        let [(d, _), (c, _), (v, _)] = EMBEDDED;
        Self::parse(&read(d)?, &read(c)?, &read(v)?)
    }

    /// Parses and checks the three files' contents.
    pub fn parse(districts: &str, categories: &str, villages: &str) -> Result<Self, ReferenceError> {
        let reference = Reference {
            districts: from_toml::<DistrictsFile>("districts.toml", districts)?.district,
            categories: from_toml::<CategoriesFile>("categories.toml", categories)?.category,
            villages: from_toml::<VillagesFile>("villages.toml", villages)?.village,
        };
        reference.check()?;
        Ok(reference)
    }

    pub fn district(&self, slug: &str) -> Option<&DistrictRef> {
        self.districts.iter().find(|d| d.slug == slug)
    }

    pub fn category(&self, slug: &str) -> Option<&CategoryRef> {
        self.categories.iter().find(|c| c.slug == slug)
    }

    /// The categories that have a parent: the crafts a village can practise.
    pub fn leaf_categories(&self) -> Vec<&str> {
        self.categories.iter().filter(|c| c.parent.is_some()).map(|c| c.slug.as_str()).collect()
    }

    fn check(&self) -> Result<(), ReferenceError> {
        fn slug(file: &'static str, seen: &mut HashSet<String>, s: &str) -> Result<(), ReferenceError> {
            let invalid = |message: String| ReferenceError::Invalid { file, message };
            if Slug::parse(s).is_err() {
                return Err(invalid(format!(
                    "{s:?} is not a slug (lowercase ascii letters, digits and dashes)"
                )));
            }
            if !seen.insert(s.to_owned()) {
                return Err(invalid(format!("slug {s:?} appears twice")));
            }
            Ok(())
        }
        let invalid = |file, message: String| ReferenceError::Invalid { file, message };

        let mut seen = HashSet::new();
        for d in &self.districts {
            slug("districts.toml", &mut seen, &d.slug)?;
            let mut names = HashSet::new();
            for c in &d.communes {
                if c.trim().is_empty() || !names.insert(c.as_str()) {
                    return Err(invalid(
                        "districts.toml",
                        format!("{}: commune {c:?} is empty or listed twice", d.slug),
                    ));
                }
            }
        }
        let mut seen = HashSet::new();
        for c in &self.categories {
            if let Some(parent) = &c.parent {
                if !seen.contains(parent) {
                    return Err(invalid(
                        "categories.toml",
                        format!("{}: parent {parent:?} must be listed before it", c.slug),
                    ));
                }
            }
            slug("categories.toml", &mut seen, &c.slug)?;
        }
        let leaves = self.leaf_categories();
        let mut seen = HashSet::new();
        for v in &self.villages {
            slug("villages.toml", &mut seen, &v.slug)?;
            let district = self.district(&v.district).ok_or_else(|| {
                invalid("villages.toml", format!("{}: no district {:?}", v.slug, v.district))
            })?;
            if !district.communes.contains(&v.commune) {
                return Err(invalid(
                    "villages.toml",
                    format!("{}: {:?} is not a commune of {}", v.slug, v.commune, v.district),
                ));
            }
            if v.crafts.is_empty() {
                return Err(invalid(
                    "villages.toml",
                    format!("{}: a village has at least one craft", v.slug),
                ));
            }
            if let Some(craft) = v.crafts.iter().find(|c| !leaves.contains(&c.as_str())) {
                return Err(invalid(
                    "villages.toml",
                    format!("{}: craft {craft:?} is not a leaf category", v.slug),
                ));
            }
        }
        Ok(())
    }
}

/// What an import added and changed (all zero when the database already held the data).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub districts_added: usize,
    pub communes_added: usize,
    pub categories_added: usize,
    pub villages_added: usize,
    pub crafts_added: usize,
    /// Existing rows whose fields were brought in line with the files.
    pub updated: usize,
}

impl ImportReport {
    pub fn changed_anything(&self) -> bool {
        *self != Self::default()
    }
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "added {} districts, {} communes and wards, {} categories, {} craft villages, {} village crafts; updated {} rows",
            self.districts_added, self.communes_added, self.categories_added, self.villages_added, self.crafts_added, self.updated
        )
    }
}

/// Imports `reference` in one write transaction (`BEGIN IMMEDIATE` on SQLite, so two
/// importers queue instead of both inserting).
pub async fn import(db: &DatabaseConnection, reference: &Reference) -> Result<ImportReport, ReferenceError> {
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    let report = import_in(&txn, reference).await?;
    txn.commit().await?;
    Ok(report)
}

/// The import inside the caller's transaction (the demo seed's, say).
pub async fn import_in(
    txn: &impl ConnectionTrait,
    reference: &Reference,
) -> Result<ImportReport, ReferenceError> {
    let mut report = ImportReport::default();
    let district_ids = import_districts(txn, reference, &mut report).await?;
    let commune_ids = import_communes(txn, reference, &district_ids, &mut report).await?;
    let category_ids = import_categories(txn, reference, &mut report).await?;
    import_villages(txn, reference, &district_ids, &commune_ids, &category_ids, &mut report).await?;
    for (table, added) in [
        ("districts", report.districts_added),
        ("communes", report.communes_added),
        ("categories", report.categories_added),
        ("villages", report.villages_added),
    ] {
        if added > 0 {
            reset_id_sequence(txn, table).await?;
        }
    }
    Ok(report)
}

/// The next free id of a table whose ids are `existing`.
fn next_id<'a>(existing: impl Iterator<Item = &'a i32>) -> i32 {
    existing.max().copied().unwrap_or(0) + 1
}

async fn import_districts(
    txn: &impl ConnectionTrait,
    reference: &Reference,
    report: &mut ImportReport,
) -> Result<HashMap<String, i32>, DbErr> {
    let existing: HashMap<String, district::Model> =
        district::Entity::find().all(txn).await?.into_iter().map(|d| (d.slug.clone(), d)).collect();
    let mut id = next_id(existing.values().map(|d| &d.id));
    let mut ids = HashMap::new();
    for (i, d) in reference.districts.iter().enumerate() {
        let position = i as i32 + 1;
        match existing.get(&d.slug) {
            Some(row) => {
                ids.insert(d.slug.clone(), row.id);
                if row.name != d.name || row.kind != d.kind || row.position != position {
                    let mut active = row.clone().into_active_model();
                    active.name = Set(d.name.clone());
                    active.kind = Set(d.kind);
                    active.position = Set(position);
                    active.update(txn).await?;
                    report.updated += 1;
                }
            }
            None => {
                district::ActiveModel {
                    id: Set(id),
                    slug: Set(d.slug.clone()),
                    name: Set(d.name.clone()),
                    kind: Set(d.kind),
                    position: Set(position),
                }
                .insert(txn)
                .await?;
                ids.insert(d.slug.clone(), id);
                id += 1;
                report.districts_added += 1;
            }
        }
    }
    Ok(ids)
}

async fn import_communes(
    txn: &impl ConnectionTrait,
    reference: &Reference,
    district_ids: &HashMap<String, i32>,
    report: &mut ImportReport,
) -> Result<HashMap<(i32, String), i32>, DbErr> {
    let mut ids: HashMap<(i32, String), i32> = commune::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|c| ((c.district_id, c.name), c.id))
        .collect();
    let mut id = next_id(ids.values());
    let mut rows = Vec::new();
    for d in &reference.districts {
        let district_id = *district_ids
            .get(&d.slug)
            .ok_or_else(|| DbErr::Custom(format!("district {:?} was not imported", d.slug)))?;
        for name in &d.communes {
            if let std::collections::hash_map::Entry::Vacant(slot) = ids.entry((district_id, name.clone())) {
                slot.insert(id);
                rows.push(commune::ActiveModel {
                    id: Set(id),
                    district_id: Set(district_id),
                    name: Set(name.clone()),
                });
                id += 1;
            }
        }
    }
    report.communes_added = rows.len();
    for chunk in rows.chunks(500) {
        commune::Entity::insert_many(chunk.to_vec()).exec_without_returning(txn).await?;
    }
    Ok(ids)
}

async fn import_categories(
    txn: &impl ConnectionTrait,
    reference: &Reference,
    report: &mut ImportReport,
) -> Result<HashMap<String, i32>, DbErr> {
    let existing: HashMap<String, category::Model> =
        category::Entity::find().all(txn).await?.into_iter().map(|c| (c.slug.clone(), c)).collect();
    let mut id = next_id(existing.values().map(|c| &c.id));
    let mut ids: HashMap<String, i32> = HashMap::new();
    for (i, c) in reference.categories.iter().enumerate() {
        let position = i as i32 + 1;
        // Checked by `Reference::check`: a parent comes before its children.
        let parent_id = c.parent.as_ref().and_then(|p| ids.get(p).copied());
        match existing.get(&c.slug) {
            Some(row) => {
                ids.insert(c.slug.clone(), row.id);
                if row.parent_id != parent_id
                    || row.name_vi != c.name_vi
                    || row.name_en != c.name_en
                    || row.position != position
                {
                    let mut active = row.clone().into_active_model();
                    active.parent_id = Set(parent_id);
                    active.name_vi = Set(c.name_vi.clone());
                    active.name_en = Set(c.name_en.clone());
                    active.position = Set(position);
                    active.update(txn).await?;
                    report.updated += 1;
                }
            }
            None => {
                category::ActiveModel {
                    id: Set(id),
                    slug: Set(c.slug.clone()),
                    parent_id: Set(parent_id),
                    name_vi: Set(c.name_vi.clone()),
                    name_en: Set(c.name_en.clone()),
                    position: Set(position),
                }
                .insert(txn)
                .await?;
                ids.insert(c.slug.clone(), id);
                id += 1;
                report.categories_added += 1;
            }
        }
    }
    Ok(ids)
}

async fn import_villages(
    txn: &impl ConnectionTrait,
    reference: &Reference,
    district_ids: &HashMap<String, i32>,
    commune_ids: &HashMap<(i32, String), i32>,
    category_ids: &HashMap<String, i32>,
    report: &mut ImportReport,
) -> Result<(), DbErr> {
    let existing: HashMap<String, village::Model> =
        village::Entity::find().all(txn).await?.into_iter().map(|v| (v.slug.clone(), v)).collect();
    let mut crafts: HashSet<(i32, i32)> = village_craft::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.village_id, c.category_id))
        .collect();
    let mut id = next_id(existing.values().map(|v| &v.id));
    let mut craft_rows = Vec::new();
    for v in &reference.villages {
        // Checked by `Reference::check`: the district, commune and crafts exist.
        let commune_id = district_ids
            .get(&v.district)
            .and_then(|d| commune_ids.get(&(*d, v.commune.clone())))
            .copied()
            .ok_or_else(|| {
                DbErr::Custom(format!("{}: no commune {:?} in {:?}", v.slug, v.commune, v.district))
            })?;
        let village_id = match existing.get(&v.slug) {
            Some(row) => {
                if row.name != v.name
                    || row.commune_id != commune_id
                    || row.year_recognised != v.year_recognised
                    || row.traditional != v.traditional
                    || row.story_vi != v.story_vi
                    || row.story_en != v.story_en
                {
                    let mut active = row.clone().into_active_model();
                    active.name = Set(v.name.clone());
                    active.commune_id = Set(commune_id);
                    active.year_recognised = Set(v.year_recognised);
                    active.traditional = Set(v.traditional);
                    active.story_vi = Set(v.story_vi.clone());
                    active.story_en = Set(v.story_en.clone());
                    active.update(txn).await?;
                    report.updated += 1;
                }
                row.id
            }
            None => {
                village::ActiveModel {
                    id: Set(id),
                    slug: Set(v.slug.clone()),
                    name: Set(v.name.clone()),
                    commune_id: Set(commune_id),
                    year_recognised: Set(v.year_recognised),
                    traditional: Set(v.traditional),
                    story_vi: Set(v.story_vi.clone()),
                    story_en: Set(v.story_en.clone()),
                }
                .insert(txn)
                .await?;
                id += 1;
                report.villages_added += 1;
                id - 1
            }
        };
        for craft in &v.crafts {
            let category_id = *category_ids
                .get(craft)
                .ok_or_else(|| DbErr::Custom(format!("{}: no category {craft:?}", v.slug)))?;
            if crafts.insert((village_id, category_id)) {
                craft_rows.push(village_craft::ActiveModel {
                    village_id: Set(village_id),
                    category_id: Set(category_id),
                });
            }
        }
    }
    report.crafts_added = craft_rows.len();
    if !craft_rows.is_empty() {
        village_craft::Entity::insert_many(craft_rows).exec_without_returning(txn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_files_parse_and_hold_hanoi() {
        let r = Reference::embedded().expect("embedded reference data");
        assert_eq!(r.districts.len(), 30, "12 quận, 1 thị xã, 17 huyện");
        assert_eq!(r.districts.iter().filter(|d| d.kind == DistrictKind::UrbanDistrict).count(), 12);
        assert_eq!(r.districts.iter().filter(|d| d.kind == DistrictKind::Town).count(), 1);
        assert!(r.districts.iter().map(|d| d.communes.len()).sum::<usize>() > 500);
        assert_eq!(r.categories.len(), 24);
        assert_eq!(r.leaf_categories().len(), 21);
        assert_eq!(r.villages.len(), 40);
        // A village's slug is its name's, so a link made before the move still works.
        for v in &r.villages {
            assert_eq!(
                Slug::from_name(&v.name).map(|s| s.to_string()).as_deref(),
                Some(v.slug.as_str()),
                "{}",
                v.name
            );
        }
    }

    #[test]
    fn a_bad_file_is_refused_with_where() {
        let [(_, d), (_, c), (_, v)] = EMBEDDED;
        let unknown_commune = v.replacen("commune = \"Xã Bát Tràng\"", "commune = \"Xã Không Có\"", 1);
        let err = Reference::parse(d, c, &unknown_commune).unwrap_err().to_string();
        assert!(err.contains("villages.toml") && err.contains("bat-trang"), "{err}");
        let orphan =
            format!("[[category]]\nslug = \"con\"\nparent = \"cha\"\nname_vi = \"x\"\nname_en = \"x\"\n{c}");
        assert!(Reference::parse(d, &orphan, v).unwrap_err().to_string().contains("parent"));
        let bad_kind = d.replacen("kind = \"town\"", "kind = \"city\"", 1);
        assert!(matches!(Reference::parse(&bad_kind, c, v), Err(ReferenceError::Syntax { .. })));
        let twice =
            format!("{d}\n[[district]]\nslug = \"ba-dinh\"\nname = \"x\"\nkind = \"town\"\ncommunes = []\n");
        assert!(Reference::parse(&twice, c, v).unwrap_err().to_string().contains("twice"));
    }
}
