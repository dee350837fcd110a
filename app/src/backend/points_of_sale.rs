//! Points of sale and what each stocks. The programme office manages any of them; a buyer
//! its own outlets (supermarkets, mall counters, chain outlets, OCOP shops); a producer its
//! own showroom or cooperative shop, stocked only with its own products. Anyone else is
//! `Forbidden`. "Also sold at" orders the places that stock a product by distance from the
//! district a visitor picks (the place's coordinates, else its district's centre).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::db::{begin_write, is_unique_violation, LockForWrite};
use super::detail::{cards, localized};
use super::entities::*;
use crate::domain::accounts::SessionUser;
use crate::domain::detail::NamedLink;
use crate::domain::geo::{district_centre, distance_km};
use crate::domain::points_of_sale::{ManagedPos, PosDetail, PosForm, PosInput, PosList, PosSummary, SoldAt, StockChange, MAX_BULK_ADD};
use crate::domain::{PosKind, ProductStatus, Role, Slug, VerificationStatus};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;

/// Who is managing points of sale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Manager {
    Office,
    Buyer(i32),
    Producer(i32),
}

impl Manager {
    /// The role the user manages points of sale in, if any (the office first); a buyer only
    /// once the office has verified its business (`verified_buyer`).
    pub fn of(user: &SessionUser, verified_buyer: bool) -> Option<Self> {
        if user.has(Role::ProgrammeOffice) {
            Some(Manager::Office)
        } else if user.has(Role::ProducerMember) && super::auth::producer_verified(user) {
            user.producer.as_ref().map(|p| Manager::Producer(p.id))
        } else if user.has(Role::Buyer) && verified_buyer {
            Some(Manager::Buyer(user.id))
        } else {
            None
        }
    }

    fn may_run(self, kind: PosKind) -> bool {
        match self {
            Manager::Office => true,
            Manager::Producer(_) => matches!(kind, PosKind::VillageShowroom | PosKind::CoopShop),
            Manager::Buyer(_) => !matches!(kind, PosKind::VillageShowroom | PosKind::CoopShop),
        }
    }

    fn manages(self, pos: &point_of_sale::Model) -> bool {
        match self {
            Manager::Office => true,
            Manager::Buyer(user) => pos.manager_user_id == Some(user),
            Manager::Producer(producer) => pos.manager_producer_id == Some(producer),
        }
    }
}

async fn managed(db: &impl ConnectionTrait, manager: Manager, pos_id: i32) -> Result<point_of_sale::Model, AppError> {
    let pos = point_of_sale::Entity::find_by_id(pos_id).one(db).await?.ok_or(AppError::NotFound)?;
    if manager.manages(&pos) { Ok(pos) } else { Err(AppError::Forbidden) }
}

/// [`managed`], the row locked for the rest of the write transaction (`exclusive`) or held
/// against deletion (shared): an edit or a stocking change and a deletion at the same moment
/// run one after the other, and the later one finds the place gone.
async fn locked(db: &impl ConnectionTrait, manager: Manager, pos_id: i32, exclusive: bool) -> Result<point_of_sale::Model, AppError> {
    let select = point_of_sale::Entity::find_by_id(pos_id);
    let select = if exclusive { select.lock_for_write() } else { select.lock_shared() };
    let pos = select.one(db).await?.ok_or(AppError::NotFound)?;
    if manager.manages(&pos) { Ok(pos) } else { Err(AppError::Forbidden) }
}

async fn district_id(db: &impl ConnectionTrait, slug: &Slug) -> Result<i32, AppError> {
    Ok(district::Entity::find()
        .filter(district::Column::Slug.eq(slug.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("district", Problem::Unknown))?
        .id)
}

fn apply(row: &mut point_of_sale::ActiveModel, input: PosInput, district_id: i32) {
    row.name = Set(input.name);
    row.kind = Set(input.kind);
    row.address = Set(input.address);
    row.ward = Set(input.ward);
    row.district_id = Set(district_id);
    row.opening_hours = Set(input.opening_hours);
    row.phone = Set(input.phone);
    row.latitude = Set(input.coordinates.map(|c| c.0));
    row.longitude = Set(input.coordinates.map(|c| c.1));
    row.updated_at = Set(Utc::now());
}

pub async fn create(db: &DatabaseConnection, manager: Manager, input: PosInput) -> Result<i32, AppError> {
    if !manager.may_run(input.kind) {
        return Err(AppError::invalid("kind", Problem::OutOfRange));
    }
    let txn = begin_write(db).await?;
    let district = district_id(&txn, &input.district).await?;
    let slug = super::storefront::free_slug(&input.name, "diem-ban", |s| {
        let txn = &txn;
        async move { Ok(point_of_sale::Entity::find().filter(point_of_sale::Column::Slug.eq(s)).count(txn).await? > 0) }
    })
    .await?;
    let mut row = point_of_sale::ActiveModel {
        slug: Set(slug),
        manager_user_id: Set(match manager { Manager::Buyer(u) => Some(u), _ => None }),
        manager_producer_id: Set(match manager { Manager::Producer(p) => Some(p), _ => None }),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    apply(&mut row, input, district);
    let id = match row.insert(&txn).await {
        Ok(row) => row.id,
        // Another place took the same free slug at the same moment.
        Err(err) if is_unique_violation(&err) => return Err(AppError::Conflict),
        Err(err) => return Err(err.into()),
    };
    txn.commit().await?;
    Ok(id)
}

pub async fn update(db: &DatabaseConnection, manager: Manager, pos_id: i32, input: PosInput) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let pos = locked(&txn, manager, pos_id, true).await?;
    if !manager.may_run(input.kind) {
        return Err(AppError::invalid("kind", Problem::OutOfRange));
    }
    let district = district_id(&txn, &input.district).await?;
    let mut row = pos.into_active_model();
    apply(&mut row, input, district);
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, manager: Manager, pos_id: i32) -> Result<(), AppError> {
    managed(db, manager, pos_id).await?;
    point_of_sale::Entity::delete_by_id(pos_id).exec(db).await?;
    Ok(())
}

/// Adds or removes stocked products. A producer's showroom takes only its own products.
/// Returns how many products were added (or removed).
pub async fn change_stock(db: &DatabaseConnection, manager: Manager, pos_id: i32, change: StockChange) -> Result<u64, AppError> {
    let txn = begin_write(db).await?;
    locked(&txn, manager, pos_id, false).await?;
    let added = stock_change(&txn, manager, pos_id, change).await?;
    txn.commit().await?;
    Ok(added)
}

async fn stock_change(db: &impl ConnectionTrait, manager: Manager, pos_id: i32, change: StockChange) -> Result<u64, AppError> {
    let public = || {
        product::Entity::find()
            .inner_join(producer::Entity)
            .filter(product::Column::Status.eq(ProductStatus::Published))
            .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
    };
    let mut select = match &change {
        StockChange::Remove(product_id) => {
            let gone = pos_product::Entity::delete_by_id((pos_id, *product_id)).exec(db).await?;
            return Ok(gone.rows_affected);
        }
        StockChange::AddProduct(slug) => public().filter(product::Column::Slug.eq(slug.as_str())),
        StockChange::AddProducer(slug) => public().filter(producer::Column::Slug.eq(slug.as_str())),
        StockChange::AddCategory(slug) => {
            let c = category::Entity::find()
                .filter(category::Column::Slug.eq(slug.as_str()))
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("value", Problem::Unknown))?;
            public().filter(product::Column::CategoryId.eq(c.id).or(product::Column::TopCategoryId.eq(c.id)))
        }
    };
    if let Manager::Producer(own) = manager {
        select = select.filter(product::Column::ProducerId.eq(own));
    }
    let ids: Vec<i32> = select.select_only().column(product::Column::Id).limit(MAX_BULK_ADD as u64).into_tuple().all(db).await?;
    if ids.is_empty() {
        return Err(AppError::invalid("value", Problem::Unknown));
    }
    let rows = ids.iter().map(|id| pos_product::ActiveModel { pos_id: Set(pos_id), product_id: Set(*id) });
    pos_product::Entity::insert_many(rows)
        .on_conflict(OnConflict::columns([pos_product::Column::PosId, pos_product::Column::ProductId]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(ids.len() as u64)
}

fn coordinates(pos: &point_of_sale::Model, districts: &HashMap<i32, district::Model>) -> Option<(f64, f64)> {
    pos.latitude.zip(pos.longitude).or_else(|| districts.get(&pos.district_id).and_then(|d| district_centre(&d.slug)))
}

fn summary(pos: point_of_sale::Model, districts: &HashMap<i32, district::Model>, from: Option<(f64, f64)>) -> Option<PosSummary> {
    let d = districts.get(&pos.district_id)?;
    let distance = from.zip(coordinates(&pos, districts)).map(|(a, b)| (distance_km(a, b) * 10.0).round() as u32);
    Some(PosSummary {
        id: pos.id,
        slug: Slug::parse(&pos.slug).ok()?,
        district: NamedLink { slug: Slug::parse(&d.slug).ok()?, name: d.name.clone() },
        name: pos.name,
        kind: pos.kind,
        address: pos.address,
        ward: pos.ward,
        opening_hours: pos.opening_hours,
        phone: pos.phone,
        distance_tenths_km: distance,
    })
}

async fn districts(db: &impl ConnectionTrait) -> Result<HashMap<i32, district::Model>, AppError> {
    Ok(district::Entity::find().all(db).await?.into_iter().map(|d| (d.id, d)).collect())
}

fn district_links(all: &HashMap<i32, district::Model>) -> Vec<NamedLink> {
    let mut list: Vec<&district::Model> = all.values().collect();
    list.sort_by_key(|d| d.position);
    list.into_iter().filter_map(|d| Some(NamedLink { slug: Slug::parse(&d.slug).ok()?, name: d.name.clone() })).collect()
}

/// Sorts nearest first when a district was picked, else by district then name.
fn order(points: &mut [PosSummary]) {
    points.sort_by(|a, b| {
        a.distance_tenths_km.cmp(&b.distance_tenths_km).then_with(|| crate::domain::text::fold(&a.name).cmp(&crate::domain::text::fold(&b.name)))
    });
}

/// `/points-of-sale`: all places, or those in a district and of a kind; `near` (a district)
/// orders them nearest first.
pub async fn list(db: &impl ConnectionTrait, district: Option<&str>, kind: Option<PosKind>, near: Option<&str>) -> Result<PosList, AppError> {
    let all = districts(db).await?;
    let mut select = point_of_sale::Entity::find();
    if let Some(slug) = district.filter(|d| !d.is_empty()) {
        let id = all.values().find(|d| d.slug == slug).map(|d| d.id).ok_or_else(|| AppError::invalid("district", Problem::Unknown))?;
        select = select.filter(point_of_sale::Column::DistrictId.eq(id));
    }
    if let Some(kind) = kind {
        select = select.filter(point_of_sale::Column::Kind.eq(kind));
    }
    let from = near.and_then(district_centre);
    let mut points: Vec<PosSummary> = select.limit(1_000).all(db).await?.into_iter().filter_map(|p| summary(p, &all, from)).collect();
    order(&mut points);
    Ok(PosList { points, districts: district_links(&all) })
}

/// One place with the public products it stocks.
pub async fn detail(db: &impl ConnectionTrait, slug: &Slug, lang: Lang) -> Result<Option<PosDetail>, AppError> {
    let Some(pos) = point_of_sale::Entity::find().filter(point_of_sale::Column::Slug.eq(slug.as_str())).one(db).await? else {
        return Ok(None);
    };
    let ids: Vec<i32> = pos_product::Entity::find().filter(pos_product::Column::PosId.eq(pos.id)).all(db).await?.into_iter().map(|p| p.product_id).collect();
    let rows = product::Entity::find()
        .inner_join(producer::Entity)
        .filter(product::Column::Id.is_in(ids))
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
        .order_by_asc(product::Column::NameVi)
        .limit(200)
        .all(db)
        .await?;
    let products = cards(db, rows, lang, crate::domain::time::today_in_vietnam()).await?;
    let all = districts(db).await?;
    Ok(summary(pos, &all, None).map(|summary| PosDetail { summary, products }))
}

/// "Also sold at": the places stocking `product_id` (or, for a storefront, any product of
/// `producer_id`), nearest to the `near` district first.
pub async fn sold_at(db: &impl ConnectionTrait, product_id: Option<i32>, producer_id: Option<i32>, near: Option<&str>) -> Result<SoldAt, AppError> {
    let product_ids: Vec<i32> = match (product_id, producer_id) {
        (Some(id), _) => vec![id],
        (None, Some(p)) => product::Entity::find()
            .select_only()
            .column(product::Column::Id)
            .filter(product::Column::ProducerId.eq(p))
            .into_tuple()
            .all(db)
            .await?,
        (None, None) => Vec::new(),
    };
    let pos_ids: Vec<i32> = pos_product::Entity::find()
        .select_only()
        .column(pos_product::Column::PosId)
        .distinct()
        .filter(pos_product::Column::ProductId.is_in(product_ids))
        .into_tuple()
        .all(db)
        .await?;
    let all = districts(db).await?;
    let near_link = near.and_then(|slug| all.values().find(|d| d.slug == slug)).and_then(|d| Some(NamedLink { slug: Slug::parse(&d.slug).ok()?, name: d.name.clone() }));
    let from = near_link.as_ref().and_then(|d| district_centre(d.slug.as_str()));
    let mut points: Vec<PosSummary> = point_of_sale::Entity::find()
        .filter(point_of_sale::Column::Id.is_in(pos_ids))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| summary(p, &all, from))
        .collect();
    order(&mut points);
    points.truncate(50);
    Ok(SoldAt { near: near_link, points, districts: district_links(&all) })
}

/// The places a manager runs.
pub async fn managed_list(db: &impl ConnectionTrait, manager: Manager) -> Result<Vec<PosSummary>, AppError> {
    let mut select = point_of_sale::Entity::find();
    match manager {
        Manager::Office => {}
        Manager::Buyer(u) => select = select.filter(point_of_sale::Column::ManagerUserId.eq(u)),
        Manager::Producer(p) => select = select.filter(point_of_sale::Column::ManagerProducerId.eq(p)),
    }
    let all = districts(db).await?;
    let mut points: Vec<PosSummary> = select.limit(1_000).all(db).await?.into_iter().filter_map(|p| summary(p, &all, None)).collect();
    order(&mut points);
    Ok(points)
}

/// One place in its manager's console, with its stocking list.
pub async fn managed_detail(db: &impl ConnectionTrait, manager: Manager, pos_id: i32, lang: Lang) -> Result<ManagedPos, AppError> {
    let pos = managed(db, manager, pos_id).await?;
    let all = districts(db).await?;
    let form = PosForm {
        name: pos.name.clone(),
        kind: pos.kind.code().to_owned(),
        address: pos.address.clone(),
        ward: pos.ward.clone().unwrap_or_default(),
        district: all.get(&pos.district_id).map(|d| d.slug.clone()).unwrap_or_default(),
        opening_hours: pos.opening_hours.clone().unwrap_or_default(),
        phone: pos.phone.clone().unwrap_or_default(),
        latitude: pos.latitude.map(|v| v.to_string()).unwrap_or_default(),
        longitude: pos.longitude.map(|v| v.to_string()).unwrap_or_default(),
    };
    let ids: Vec<i32> = pos_product::Entity::find().filter(pos_product::Column::PosId.eq(pos.id)).all(db).await?.into_iter().map(|p| p.product_id).collect();
    let rows = product::Entity::find().filter(product::Column::Id.is_in(ids)).order_by_asc(product::Column::NameVi).limit(1_000).all(db).await?;
    let makers = super::detail::producers_by_id(db, rows.iter().map(|p| p.producer_id).collect()).await?;
    let stocked = rows
        .into_iter()
        .map(|p| {
            let maker = makers.get(&p.producer_id).map(|m| m.name.clone()).unwrap_or_default();
            (p.id, localized(lang, &p.name_vi, p.name_en.as_deref()), maker)
        })
        .collect();
    let summary = summary(pos, &all, None).ok_or(AppError::Internal)?;
    Ok(ManagedPos { summary, form, stocked })
}
