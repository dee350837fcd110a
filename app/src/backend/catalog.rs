//! Catalog queries. Search here is word-by-word substring matching on a folded copy of the
//! product's searchable text (`products.search_folded`), so "gom bat trang" finds
//! "Gốm Bát Tràng"; LIKE wildcards in the input are escaped, so any input is just text.

use std::collections::HashMap;

use sea_orm::{
    sea_query::LikeExpr,
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::entities::{ocop_certificate, producer, product, product_image, village};
use crate::domain::{
    catalog::{ProductCard, ProductPage, PAGE_SIZE},
    text::fold,
    OcopStars, ProductStatus, Slug, VerificationStatus, Vnd,
};
use crate::i18n::Lang;

/// The folded text a product is found by: its names, its producer, village and category.
pub fn search_text(parts: &[&str]) -> String {
    fold(&parts.join(" "))
}

fn like_pattern(term: &str) -> String {
    let mut escaped = String::with_capacity(term.len() + 2);
    escaped.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

pub async fn list_products(
    db: &impl ConnectionTrait,
    q: &str,
    page: u32,
    lang: Lang,
) -> Result<ProductPage, DbErr> {
    let mut condition = Condition::all().add(product::Column::Status.eq(ProductStatus::Published));
    for term in fold(q).split(' ').filter(|t| !t.is_empty()).take(12) {
        condition = condition.add(
            product::Column::SearchFolded.like(LikeExpr::new(like_pattern(term)).escape('\\')),
        );
    }
    // Only verified producers' products are public.
    condition = condition.add(
        product::Column::ProducerId.in_subquery(
            sea_orm::sea_query::Query::select()
                .column(producer::Column::Id)
                .from(producer::Entity)
                .and_where(producer::Column::Verification.eq(VerificationStatus::Verified))
                .to_owned(),
        ),
    );

    let base = product::Entity::find().filter(condition);
    let total = base.clone().count(db).await?;
    let rows = base
        .order_by_desc(product::Column::CreatedAt)
        .order_by_desc(product::Column::Id)
        .offset(u64::from(page.saturating_sub(1)) * u64::from(PAGE_SIZE))
        .limit(u64::from(PAGE_SIZE))
        .all(db)
        .await?;

    let product_ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let producer_ids: Vec<i32> = rows.iter().map(|p| p.producer_id).collect();
    let producers: HashMap<i32, producer::Model> = producer::Entity::find()
        .filter(producer::Column::Id.is_in(producer_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let village_ids: Vec<i32> = producers.values().filter_map(|p| p.village_id).collect();
    let villages: HashMap<i32, String> = village::Entity::find()
        .filter(village::Column::Id.is_in(village_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.name))
        .collect();
    let mut covers: HashMap<i32, String> = HashMap::new();
    for image in product_image::Entity::find()
        .filter(product_image::Column::ProductId.is_in(product_ids.clone()))
        .order_by_asc(product_image::Column::Position)
        .all(db)
        .await?
    {
        covers.entry(image.product_id).or_insert(image.url);
    }
    // The current certificate is the latest verified one; an expired one earns no badge.
    let today = crate::domain::time::today_in_vietnam();
    let mut current: HashMap<i32, ocop_certificate::Model> = HashMap::new();
    for cert in ocop_certificate::Entity::find()
        .filter(ocop_certificate::Column::ProductId.is_in(product_ids))
        .filter(ocop_certificate::Column::Status.eq(VerificationStatus::Verified))
        .all(db)
        .await?
    {
        match current.get(&cert.product_id) {
            Some(known) if (known.decision_date, known.id) >= (cert.decision_date, cert.id) => {}
            _ => {
                current.insert(cert.product_id, cert);
            }
        }
    }
    let stars: HashMap<i32, OcopStars> = current
        .into_iter()
        .filter(|(_, cert)| cert.expires_on >= today)
        .filter_map(|(id, cert)| Some((id, OcopStars::new(i64::from(cert.stars)).ok()?)))
        .collect();

    let items = rows
        .into_iter()
        .filter_map(|p| {
            let maker = producers.get(&p.producer_id)?;
            let name = match lang {
                Lang::En => p.name_en.clone().unwrap_or_else(|| p.name_vi.clone()),
                Lang::Vi => p.name_vi.clone(),
            };
            Some(ProductCard {
                slug: Slug::parse(&p.slug).ok()?,
                name,
                price: Vnd::new(p.price_vnd).ok()?,
                unit: p.unit,
                in_stock: p.stock > 0,
                stars: stars.get(&p.id).copied(),
                producer_name: maker.name.clone(),
                village_name: maker.village_id.and_then(|id| villages.get(&id).cloned()),
                image_url: covers.get(&p.id).cloned().unwrap_or_else(|| "/img/placeholder.svg".to_owned()),
            })
        })
        .collect();
    Ok(ProductPage { items, total, page })
}
