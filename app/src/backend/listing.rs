//! The listing columns of `products`: copies of where a product comes from (district,
//! village, producer kind, top category), its current OCOP rating, and its search text.
//! Facets, sorting and full-text search read only these, so the catalog needs no joins.
//!
//! Whoever changes a product, its producer (village, kind, name), a certificate or a category
//! calls `refresh` for the products concerned, in the same transaction. `refresh` also sets
//! `updated_at`, which `catalog_cache` reads as the catalog's version.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use super::entities::{category, commune, ocop_certificate, producer, product, village};
use crate::domain::{text::fold, VerificationStatus};

/// What a product is found by, computed from its rows. Used by the seed (which writes the
/// columns directly) and by `refresh`.
pub struct ListingText {
    pub folded: String,
    pub body_folded: String,
    pub accented: String,
}

pub fn listing_text(
    name_vi: &str,
    name_en: Option<&str>,
    description_vi: &str,
    description_en: Option<&str>,
    producer: &str,
    village: Option<&str>,
    category_vi: &str,
    category_en: &str,
) -> ListingText {
    let names = [name_vi, name_en.unwrap_or(""), producer, village.unwrap_or(""), category_vi, category_en]
        .join(" ");
    let body = [description_vi, description_en.unwrap_or("")].join(" ");
    ListingText { folded: fold(&names), body_folded: fold(&body), accented: names.to_lowercase() }
}

/// Recomputes the listing columns of every product (used once by the migration).
pub async fn refresh_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    // Only the ids: this runs inside migration 2, when later migrations' columns of the
    // products entity do not exist yet (a fresh database has no products to refresh).
    let ids: Vec<i32> =
        product::Entity::find().select_only().column(product::Column::Id).into_tuple::<i32>().all(db).await?;
    for chunk in ids.chunks(500) {
        refresh(db, chunk).await?;
    }
    Ok(())
}

/// Recomputes the listing columns of the given products.
pub async fn refresh(db: &impl ConnectionTrait, product_ids: &[i32]) -> Result<(), DbErr> {
    if product_ids.is_empty() {
        return Ok(());
    }
    // Locked in id order (as checkouts take them) until the caller's transaction ends: two
    // refreshes of one product at once (a rename and a certificate review, say) run one after
    // the other, so the later one computes from what the earlier one wrote.
    let products = product::Entity::find()
        .filter(product::Column::Id.is_in(product_ids.to_vec()))
        .order_by_asc(product::Column::Id)
        .lock(sea_orm::sea_query::LockType::NoKeyUpdate)
        .all(db)
        .await?;
    let producers: HashMap<i32, producer::Model> = producer::Entity::find()
        .filter(producer::Column::Id.is_in(products.iter().map(|p| p.producer_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let villages: HashMap<i32, village::Model> = village::Entity::find()
        .filter(village::Column::Id.is_in(producers.values().filter_map(|p| p.village_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let communes: HashMap<i32, commune::Model> = commune::Entity::find()
        .filter(commune::Column::Id.is_in(producers.values().map(|p| p.commune_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let categories: HashMap<i32, category::Model> =
        category::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c)).collect();
    let current = current_certificates(db, product_ids.to_vec()).await?;

    for p in products {
        let maker = producers.get(&p.producer_id);
        let village = maker.and_then(|m| m.village_id).and_then(|id| villages.get(&id));
        let category = categories.get(&p.category_id);
        let top = category.map(|c| c.parent_id.unwrap_or(c.id));
        let text = listing_text(
            &p.name_vi,
            p.name_en.as_deref(),
            &p.description_vi,
            p.description_en.as_deref(),
            maker.map_or("", |m| m.name.as_str()),
            village.map(|v| v.name.as_str()),
            category.map_or("", |c| c.name_vi.as_str()),
            category.map_or("", |c| c.name_en.as_str()),
        );
        let cert = current.get(&p.id);
        let mut row: product::ActiveModel = p.into();
        row.district_id = Set(maker.and_then(|m| communes.get(&m.commune_id)).map(|c| c.district_id));
        row.village_id = Set(village.map(|v| v.id));
        row.producer_kind = Set(maker.map(|m| m.kind));
        row.top_category_id = Set(top);
        row.ocop_stars = Set(cert.map(|c| c.stars));
        row.ocop_expires_on = Set(cert.map(|c| c.expires_on));
        row.search_folded = Set(text.folded);
        row.search_body_folded = Set(text.body_folded);
        row.search_accented = Set(text.accented);
        // What the listing shows changed: this is also the catalog cache's version.
        row.updated_at = Set(chrono::Utc::now());
        row.update(db).await?;
    }
    Ok(())
}

/// The current certificate of each product: its latest verified one (by decision date,
/// then id). The one place this rule lives in Rust; `backend::stats` states it in SQL.
pub async fn current_certificates(
    db: &impl ConnectionTrait,
    product_ids: Vec<i32>,
) -> Result<HashMap<i32, ocop_certificate::Model>, DbErr> {
    let mut current = HashMap::new();
    if product_ids.is_empty() {
        return Ok(current);
    }
    for cert in ocop_certificate::Entity::find()
        .filter(ocop_certificate::Column::ProductId.is_in(product_ids))
        .filter(ocop_certificate::Column::Status.eq(VerificationStatus::Verified))
        .order_by_desc(ocop_certificate::Column::DecisionDate)
        .order_by_desc(ocop_certificate::Column::Id)
        .all(db)
        .await?
    {
        current.entry(cert.product_id).or_insert(cert);
    }
    Ok(current)
}
