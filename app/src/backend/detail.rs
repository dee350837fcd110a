//! The detail pages' queries: one product, one craft village, one producer's storefront, and
//! the sitemap's lists of public pages.
//!
//! Policy: only *public* things leave this module. A product is public when it is published
//! and its producer is verified; a producer when it is verified; every village is public. A
//! draft or archived product, or anything of an unverified producer, is `None` here, exactly
//! as an unknown slug is, so the page answers 404 and nothing hints that it exists.
//!
//! A product's current OCOP certificate is its latest verified one (by decision date, then
//! id); when that one has expired it is reported as expired, never replaced by an older one.
//! This module only reads: it never writes products (their listing columns belong to
//! `backend::listing` and `backend::catalog`).

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};

use super::listing::current_certificates;
use super::entities::{
    category, commune, cooperative_member, district, ip_mark, ocop_certificate, producer, product,
    product_image, product_mark, village, village_craft,
};
use crate::domain::{
    catalog::ProductCard,
    detail::{
        Certificate, MarkBadge, NamedLink, Photo, ProducerDetail, ProducerSummary, ProductDetail,
        SitemapEntry, SitemapFile, StarCount, VillageDetail, FALLBACK_LOGO, RELATED_LIMIT, SITEMAP_FILE_URLS,
    },
    geo::District,
    text::fold,
    OcopStars, ProducerKind, ProductStatus, Slug, VerificationStatus, Vnd,
};
use crate::i18n::Lang;

const PLACEHOLDER_IMAGE: &str = "/img/placeholder.svg";

/// The pages every sitemap lists, besides the detail pages.
pub const STATIC_PATHS: [&str; 4] = ["/", "/products", "/villages", "/fairs"];

/// English text when the page is in English and there is some, else the Vietnamese.
pub(crate) fn localized(lang: Lang, vi: &str, en: Option<&str>) -> String {
    match (lang, en.map(str::trim)) {
        (Lang::En, Some(en)) if !en.is_empty() => en.to_owned(),
        _ => vi.to_owned(),
    }
}

fn category_link(c: &category::Model, lang: Lang) -> Option<NamedLink> {
    let name = match lang {
        Lang::Vi => c.name_vi.clone(),
        Lang::En => c.name_en.clone(),
    };
    Some(NamedLink { slug: Slug::parse(&c.slug).ok()?, name })
}

fn village_link(v: &village::Model) -> Option<NamedLink> {
    Some(NamedLink { slug: Slug::parse(&v.slug).ok()?, name: v.name.clone() })
}

/// Products anyone may see: published, of a verified producer.
fn public_products() -> Select<product::Entity> {
    product::Entity::find()
        .inner_join(producer::Entity)
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
}

fn newest_first(select: Select<product::Entity>) -> Select<product::Entity> {
    select.order_by_desc(product::Column::CreatedAt).order_by_desc(product::Column::Id)
}

/// The latest verified certificate of each of `product_ids`.
fn to_certificate(cert: &ocop_certificate::Model) -> Option<Certificate> {
    Some(Certificate {
        stars: OcopStars::new(i64::from(cert.stars)).ok()?,
        level: cert.level,
        decision_number: cert.decision_number.clone(),
        decision_date: cert.decision_date,
        expires_on: cert.expires_on,
    })
}

/// Producers by id, for the rows that name them.
pub(crate) async fn producers_by_id(
    db: &impl ConnectionTrait,
    ids: Vec<i32>,
) -> Result<HashMap<i32, producer::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(producer::Entity::find().filter(producer::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|p| (p.id, p)).collect())
}

/// Product rows → cards, with their makers, villages, covers and current valid stars.
pub(crate) async fn cards(
    db: &impl ConnectionTrait,
    rows: Vec<product::Model>,
    lang: Lang,
    today: NaiveDate,
) -> Result<Vec<ProductCard>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let producer_ids: Vec<i32> = rows.iter().map(|p| p.producer_id).collect();
    let producers = producers_by_id(db, producer_ids).await?;
    let village_ids: Vec<i32> = producers.values().filter_map(|p| p.village_id).collect();
    let villages: HashMap<i32, String> = village::Entity::find()
        .filter(village::Column::Id.is_in(village_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.name))
        .collect();
    let product_ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let mut covers: HashMap<i32, String> = HashMap::new();
    for image in product_image::Entity::find()
        .filter(product_image::Column::ProductId.is_in(product_ids.clone()))
        .order_by_asc(product_image::Column::Position)
        .order_by_asc(product_image::Column::Id)
        .all(db)
        .await?
    {
        covers.entry(image.product_id).or_insert(image.url);
    }
    let certificates = current_certificates(db, product_ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|p| {
            let maker = producers.get(&p.producer_id);
            let stars = certificates
                .get(&p.id)
                .filter(|c| c.expires_on >= today)
                .and_then(|c| OcopStars::new(i64::from(c.stars)).ok());
            Some(ProductCard {
                id: p.id,
                slug: Slug::parse(&p.slug).ok()?,
                name: localized(lang, &p.name_vi, p.name_en.as_deref()),
                price: Vnd::new(p.price_vnd).ok()?,
                unit: p.unit,
                in_stock: p.stock > 0,
                stars,
                producer_name: maker.map(|m| m.name.clone()).unwrap_or_default(),
                village_name: maker.and_then(|m| m.village_id).and_then(|id| villages.get(&id).cloned()),
                image_url: covers.remove(&p.id).unwrap_or_else(|| PLACEHOLDER_IMAGE.to_owned()),
            })
        })
        .collect())
}

pub(crate) async fn summaries(
    db: &impl ConnectionTrait,
    producers: Vec<producer::Model>,
) -> Result<Vec<ProducerSummary>, DbErr> {
    let village_ids: Vec<i32> = producers.iter().filter_map(|p| p.village_id).collect();
    let villages: HashMap<i32, village::Model> = if village_ids.is_empty() {
        HashMap::new()
    } else {
        village::Entity::find()
            .filter(village::Column::Id.is_in(village_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|v| (v.id, v))
            .collect()
    };
    let mut out: Vec<ProducerSummary> = producers
        .into_iter()
        .filter_map(|p| {
            Some(ProducerSummary {
                slug: Slug::parse(&p.slug).ok()?,
                village: p.village_id.and_then(|id| villages.get(&id)).and_then(village_link),
                name: p.name,
                kind: p.kind,
            })
        })
        .collect();
    // SQL collations do not know Vietnamese; order by the folded name.
    out.sort_by_cached_key(|p| fold(&p.name));
    Ok(out)
}

async fn district_of_commune(
    db: &impl ConnectionTrait,
    commune_id: i32,
) -> Result<Option<(commune::Model, District)>, DbErr> {
    let Some(commune) = commune::Entity::find_by_id(commune_id).one(db).await? else {
        return Ok(None);
    };
    let Some(d) = district::Entity::find_by_id(commune.district_id).one(db).await? else {
        return Ok(None);
    };
    let Ok(slug) = Slug::parse(&d.slug) else { return Ok(None) };
    Ok(Some((commune, District { slug, name: d.name, kind: d.kind })))
}

async fn verified_producer(db: &impl ConnectionTrait, id: i32) -> Result<Option<producer::Model>, DbErr> {
    producer::Entity::find_by_id(id)
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
        .one(db)
        .await
}

/// A public product by its slug, with everything its page shows.
pub async fn product_detail(
    db: &impl ConnectionTrait,
    slug: &Slug,
    lang: Lang,
) -> Result<Option<ProductDetail>, DbErr> {
    product_detail_on(db, slug, lang, crate::domain::time::today_in_vietnam()).await
}

/// [`product_detail`] as seen on `today`.
pub async fn product_detail_on(
    db: &impl ConnectionTrait,
    slug: &Slug,
    lang: Lang,
    today: NaiveDate,
) -> Result<Option<ProductDetail>, DbErr> {
    let Some(p) = public_products().filter(product::Column::Slug.eq(slug.as_str())).one(db).await? else {
        return Ok(None);
    };
    let Some(maker) = verified_producer(db, p.producer_id).await? else {
        return Ok(None);
    };

    let photos = product_image::Entity::find()
        .filter(product_image::Column::ProductId.eq(p.id))
        .order_by_asc(product_image::Column::Position)
        .order_by_asc(product_image::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| Photo { alt: localized(lang, &i.alt_vi, i.alt_en.as_deref()), url: i.url })
        .collect();

    let mut categories = Vec::new();
    if let Some(leaf) = category::Entity::find_by_id(p.category_id).one(db).await? {
        if let Some(parent_id) = leaf.parent_id {
            if let Some(top) = category::Entity::find_by_id(parent_id).one(db).await? {
                categories.extend(category_link(&top, lang));
            }
        }
        categories.extend(category_link(&leaf, lang));
    }

    let certificate =
        current_certificates(db, vec![p.id]).await?.remove(&p.id).as_ref().and_then(to_certificate);
    let certificate_expired = certificate.as_ref().is_some_and(|c| c.is_expired(today));

    let mark_ids: Vec<i32> = product_mark::Entity::find()
        .filter(product_mark::Column::ProductId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.mark_id)
        .collect();
    let marks = if mark_ids.is_empty() {
        Vec::new()
    } else {
        ip_mark::Entity::find()
            .filter(ip_mark::Column::Id.is_in(mark_ids))
            .order_by_asc(ip_mark::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|m| MarkBadge { kind: m.kind, name: m.name })
            .collect()
    };

    let more = newest_first(
        public_products()
            .filter(product::Column::ProducerId.eq(p.producer_id))
            .filter(product::Column::Id.ne(p.id)),
    )
    .limit(RELATED_LIMIT)
    .all(db)
    .await?;
    let similar = newest_first(
        public_products()
            .filter(product::Column::CategoryId.eq(p.category_id))
            .filter(product::Column::ProducerId.ne(p.producer_id)),
    )
    .limit(RELATED_LIMIT)
    .all(db)
    .await?;

    let Some(producer) = summaries(db, vec![maker]).await?.pop() else {
        return Ok(None);
    };
    let Ok(slug) = Slug::parse(&p.slug) else { return Ok(None) };
    let Ok(price) = Vnd::new(p.price_vnd) else { return Ok(None) };
    let member_household = match p.member_producer_id {
        Some(id) => producer::Entity::find_by_id(id).one(db).await?.map(|m| m.name),
        None => None,
    };
    Ok(Some(ProductDetail {
        id: p.id,
        minimum: p.retail_min_qty.unwrap_or(1).max(1),
        slug,
        name: localized(lang, &p.name_vi, p.name_en.as_deref()),
        description: localized(lang, &p.description_vi, p.description_en.as_deref()),
        photos,
        price,
        unit: p.unit,
        stock: u32::try_from(p.stock).unwrap_or(0),
        categories,
        certificate,
        certificate_expired,
        marks,
        producer,
        member_household,
        more_from_producer: cards(db, more, lang, today).await?,
        similar: cards(db, similar, lang, today).await?,
        reviews: super::reviews::product_reviews(db, p.id).await?,
        exhibiting: super::fairs::exhibiting(db, p.producer_id, lang, chrono::Utc::now()).await?,
    }))
}

/// A craft village by its slug, with its verified producers and first public products.
pub async fn village_detail(
    db: &impl ConnectionTrait,
    slug: &Slug,
    lang: Lang,
) -> Result<Option<VillageDetail>, DbErr> {
    let Some(v) = village::Entity::find().filter(village::Column::Slug.eq(slug.as_str())).one(db).await?
    else {
        return Ok(None);
    };
    let Some((commune, district)) = district_of_commune(db, v.commune_id).await? else {
        return Ok(None);
    };
    let craft_ids: Vec<i32> = village_craft::Entity::find()
        .filter(village_craft::Column::VillageId.eq(v.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.category_id)
        .collect();
    let crafts = if craft_ids.is_empty() {
        Vec::new()
    } else {
        category::Entity::find()
            .filter(category::Column::Id.is_in(craft_ids))
            .order_by_asc(category::Column::Position)
            .all(db)
            .await?
            .iter()
            .filter_map(|c| category_link(c, lang))
            .collect()
    };
    let producers = producer::Entity::find()
        .filter(producer::Column::VillageId.eq(v.id))
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
        .all(db)
        .await?;
    let producers = summaries(db, producers).await?;
    let of_village = || public_products().filter(producer::Column::VillageId.eq(v.id));
    let product_count = of_village().count(db).await?;
    Ok(Some(VillageDetail {
        slug: slug.clone(),
        crafts,
        district,
        commune: commune.name,
        year_recognised: v.year_recognised,
        traditional: v.traditional,
        story: localized(lang, &v.story_vi, v.story_en.as_deref()),
        producers,
        product_count,
        name: v.name,
    }))
}

/// A verified producer's storefront by its slug.
pub async fn producer_detail(
    db: &impl ConnectionTrait,
    slug: &Slug,
    lang: Lang,
) -> Result<Option<ProducerDetail>, DbErr> {
    let today = crate::domain::time::today_in_vietnam();
    let Some(p) = producer::Entity::find()
        .filter(producer::Column::Slug.eq(slug.as_str()))
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some((commune, district)) = district_of_commune(db, p.commune_id).await? else {
        return Ok(None);
    };
    let village = match p.village_id {
        Some(id) => village::Entity::find_by_id(id).one(db).await?.as_ref().and_then(village_link),
        None => None,
    };

    let own = || public_products().filter(product::Column::ProducerId.eq(p.id));
    let product_count = own().count(db).await?;

    // Stars of every public product's current certificate, when still valid.
    let all_ids: Vec<i32> = own().select_only().column(product::Column::Id).into_tuple().all(db).await?;
    let mut by_stars: HashMap<OcopStars, u64> = HashMap::new();
    for cert in current_certificates(db, all_ids).await?.values() {
        if cert.expires_on >= today {
            if let Ok(stars) = OcopStars::new(i64::from(cert.stars)) {
                *by_stars.entry(stars).or_default() += 1;
            }
        }
    }
    let certificates = OcopStars::ALL
        .iter()
        .rev()
        .filter_map(|s| by_stars.get(s).map(|&count| StarCount { stars: *s, count }))
        .collect();

    let members = if p.kind == ProducerKind::Cooperative {
        let ids: Vec<i32> = cooperative_member::Entity::find()
            .filter(cooperative_member::Column::CooperativeId.eq(p.id))
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.member_id)
            .collect();
        verified_among(db, ids).await?
    } else {
        Vec::new()
    };
    let cooperative_ids: Vec<i32> = cooperative_member::Entity::find()
        .filter(cooperative_member::Column::MemberId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.cooperative_id)
        .collect();
    let member_of = verified_among(db, cooperative_ids).await?;

    Ok(Some(ProducerDetail {
        id: p.id,
        slug: slug.clone(),
        kind: p.kind,
        logo_url: p
            .logo_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| FALLBACK_LOGO.to_owned()),
        banner_url: p.banner_url.clone().filter(|u| !u.trim().is_empty()),
        village,
        story: localized(lang, &p.story_vi, p.story_en.as_deref()),
        certificates,
        address: p.address_line.clone(),
        commune: commune.name,
        district,
        phone: p.phone.clone(),
        product_count,
        members,
        member_of,
        exhibiting: super::fairs::exhibiting(db, p.id, lang, chrono::Utc::now()).await?,
        name: p.name,
    }))
}

async fn verified_among(db: &impl ConnectionTrait, ids: Vec<i32>) -> Result<Vec<ProducerSummary>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = verified_producers()
        .filter(producer::Column::Id.is_in(ids))
        .all(db)
        .await?;
    summaries(db, rows).await
}

/// How many public products and verified producers the sitemap lists (its numbered files).
pub async fn sitemap_counts(db: &impl ConnectionTrait) -> Result<(u64, u64), DbErr> {
    let products = public_products().count(db).await?;
    let producers = verified_producers().count(db).await?;
    Ok((products, producers))
}

fn verified_producers() -> Select<producer::Entity> {
    producer::Entity::find().filter(producer::Column::Verification.eq(VerificationStatus::Verified))
}

/// The URLs of one sitemap file: the fixed pages and every village, or one numbered slice of
/// the public products or the verified producers (by id, so a slice stays put as rows are
/// added). A slice past the end is empty.
pub async fn sitemap_file(db: &impl ConnectionTrait, file: SitemapFile) -> Result<Vec<SitemapEntry>, DbErr> {
    let slice = |n: u64| (n.saturating_sub(1) * SITEMAP_FILE_URLS, SITEMAP_FILE_URLS);
    match file {
        SitemapFile::Pages => {
            let mut entries: Vec<SitemapEntry> =
                STATIC_PATHS.iter().map(|p| SitemapEntry { path: (*p).to_owned(), last_modified: None }).collect();
            let villages: Vec<String> = village::Entity::find()
                .select_only()
                .column(village::Column::Slug)
                .order_by_asc(village::Column::Id)
                .into_tuple()
                .all(db)
                .await?;
            entries.extend(villages.into_iter().map(|slug| SitemapEntry { path: format!("/villages/{slug}"), last_modified: None }));
            Ok(entries)
        }
        SitemapFile::Products(n) => {
            let (offset, limit) = slice(n);
            let products: Vec<(String, chrono::DateTime<chrono::Utc>)> = public_products()
                .select_only()
                .column(product::Column::Slug)
                .column(product::Column::UpdatedAt)
                .order_by_asc(product::Column::Id)
                .offset(offset)
                .limit(limit)
                .into_tuple()
                .all(db)
                .await?;
            Ok(products
                .into_iter()
                .map(|(slug, updated)| SitemapEntry { path: format!("/products/{slug}"), last_modified: Some(updated.date_naive()) })
                .collect())
        }
        SitemapFile::Producers(n) => {
            let (offset, limit) = slice(n);
            let producers: Vec<String> = verified_producers()
                .select_only()
                .column(producer::Column::Slug)
                .order_by_asc(producer::Column::Id)
                .offset(offset)
                .limit(limit)
                .into_tuple()
                .all(db)
                .await?;
            Ok(producers.into_iter().map(|slug| SitemapEntry { path: format!("/producers/{slug}"), last_modified: None }).collect())
        }
    }
}
