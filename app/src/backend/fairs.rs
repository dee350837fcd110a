//! Trade fairs. Organizers list their own fairs and decide on applications; verified
//! producers apply before the deadline; visitors see published fairs and their exhibitors.
//!
//! An organizer touches only fairs it created (another's is `Forbidden`, an unknown one
//! `NotFound`); a producer only its own applications. Booth capacity holds under racing
//! approvals: approving takes a booth with `UPDATE booth_types SET taken = taken + 1 WHERE
//! taken < count`, which must change one row, in the approving transaction.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::db::{begin_write, is_unique_violation, LockForWrite};
use super::detail::{cards, localized, summaries};
use super::entities::*;
use crate::domain::detail::{NamedLink, ProducerSummary};
use crate::domain::fairs::{
    applications_open, may_withdraw, parse_month, to_local_input, ApplicationFilter, ApplicationRow, BoothTypeInput, BoothTypeView,
    registration_open, Decision, Exhibiting, Participant, Participation, ExhibitChoices, ExhibitInput, Exhibitor, FairCard, FairChoices, FairDetail, FairForm, FairInput, FairList, FairsQuery,
    MyApplication, OrganizerFair, MAX_BOOTH_TYPES,
};
use crate::domain::time::vietnam_offset;
use crate::domain::{ApplicationStatus, FairStatus, ProductStatus, Slug, VerificationStatus, Vnd};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;

/// A fair of `organizer_id`: another organizer's is `Forbidden`, an unknown one `NotFound`.
async fn own_fair(db: &impl ConnectionTrait, organizer_id: i32, fair_id: i32) -> Result<fair::Model, AppError> {
    let f = fair::Entity::find_by_id(fair_id).one(db).await?.ok_or(AppError::NotFound)?;
    if f.organizer_id == organizer_id { Ok(f) } else { Err(AppError::Forbidden) }
}

/// [`own_fair`], its row locked for the rest of the write transaction: the organizer's
/// changes of one fair (its booth types, status, capacity, cover) run one after another,
/// each checking what the one before left.
async fn locked_fair(db: &impl ConnectionTrait, organizer_id: i32, fair_id: i32) -> Result<fair::Model, AppError> {
    let f = fair::Entity::find_by_id(fair_id).lock_for_write().one(db).await?.ok_or(AppError::NotFound)?;
    if f.organizer_id == organizer_id { Ok(f) } else { Err(AppError::Forbidden) }
}

/// District, category and village ids for a fair's slugs, or the field that names an unknown one.
async fn resolve(db: &impl ConnectionTrait, input: &FairInput) -> Result<(i32, Vec<i32>, Option<i32>), AppError> {
    let district = district::Entity::find()
        .filter(district::Column::Slug.eq(input.district.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("district", Problem::Unknown))?;
    let mut categories = Vec::new();
    for (i, slug) in input.categories.iter().enumerate() {
        let c = category::Entity::find()
            .filter(category::Column::Slug.eq(slug.as_str()))
            .one(db)
            .await?
            .ok_or_else(|| AppError::invalid(&format!("category_{}", i + 1), Problem::Unknown))?;
        categories.push(c.id);
    }
    let village = match &input.village {
        Some(slug) => Some(
            village::Entity::find()
                .filter(village::Column::Slug.eq(slug.as_str()))
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("village", Problem::Unknown))?
                .id,
        ),
        None => None,
    };
    Ok((district.id, categories, village))
}

async fn set_categories(db: &impl ConnectionTrait, fair_id: i32, ids: &[i32]) -> Result<(), AppError> {
    fair_category::Entity::delete_many().filter(fair_category::Column::FairId.eq(fair_id)).exec(db).await?;
    if !ids.is_empty() {
        let rows = ids.iter().map(|id| fair_category::ActiveModel { fair_id: Set(fair_id), category_id: Set(*id) });
        fair_category::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    Ok(())
}

fn apply_input(row: &mut fair::ActiveModel, input: FairInput, district_id: i32, village_id: Option<i32>) {
    row.kind = Set(input.kind);
    row.online_url = Set(input.online_url);
    row.agenda = Set(input.agenda);
    row.capacity = Set(input.capacity);
    row.village_id = Set(village_id);
    row.name_vi = Set(input.name_vi);
    row.name_en = Set(input.name_en);
    row.description_vi = Set(input.description_vi);
    row.description_en = Set(input.description_en);
    row.starts_at = Set(input.starts_at);
    row.ends_at = Set(input.ends_at);
    row.deadline = Set(input.deadline);
    row.venue_name = Set(input.venue_name);
    row.venue_address = Set(input.venue_address);
    row.district_id = Set(district_id);
    row.contact_name = Set(input.contact_name);
    row.contact_phone = Set(input.contact_phone);
    row.contact_email = Set(input.contact_email);
    row.updated_at = Set(Utc::now());
}

/// Creates a draft fair for its organizer; returns its id.
pub async fn create_fair(db: &DatabaseConnection, organizer_id: i32, input: FairInput) -> Result<i32, AppError> {
    let txn = begin_write(db).await?;
    let (district_id, categories, village_id) = resolve(&txn, &input).await?;
    let slug = super::storefront::free_slug(&input.name_vi, "hoi-cho", |s| {
        let txn = &txn;
        async move { Ok(fair::Entity::find().filter(fair::Column::Slug.eq(s)).count(txn).await? > 0) }
    })
    .await?;
    let mut row = fair::ActiveModel {
        slug: Set(slug),
        organizer_id: Set(organizer_id),
        status: Set(FairStatus::Draft),
        revision: Set(1),
        registered: Set(0),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    apply_input(&mut row, input, district_id, village_id);
    let fair = match row.insert(&txn).await {
        Ok(fair) => fair,
        // Another fair took the same free slug at the same moment.
        Err(err) if is_unique_violation(&err) => return Err(AppError::Conflict),
        Err(err) => return Err(err.into()),
    };
    set_categories(&txn, fair.id, &categories).await?;
    txn.commit().await?;
    Ok(fair.id)
}

pub async fn update_fair(db: &DatabaseConnection, organizer_id: i32, fair_id: i32, input: FairInput) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    // Locked: a registration waits, then counts against the new capacity.
    let current = locked_fair(&txn, organizer_id, fair_id).await?;
    let (district_id, categories, village_id) = resolve(&txn, &input).await?;
    // Places already taken cannot be taken away.
    if input.capacity.is_some_and(|c| c < current.registered) {
        return Err(AppError::invalid("capacity", Problem::OutOfRange));
    }
    let revision = current.revision + 1;
    let mut row = current.into_active_model();
    apply_input(&mut row, input, district_id, village_id);
    row.revision = Set(revision);
    row.update(&txn).await?;
    set_categories(&txn, fair_id, &categories).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn add_booth_type(db: &DatabaseConnection, organizer_id: i32, fair_id: i32, input: BoothTypeInput) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    locked_fair(&txn, organizer_id, fair_id).await?;
    let existing = booth_type::Entity::find().filter(booth_type::Column::FairId.eq(fair_id)).count(&txn).await?;
    if existing >= MAX_BOOTH_TYPES as u64 {
        return Err(AppError::invalid("name", Problem::TooLong));
    }
    booth_type::ActiveModel {
        fair_id: Set(fair_id),
        name: Set(input.name),
        size: Set(input.size),
        count: Set(input.count),
        taken: Set(0),
        price_vnd: Set(input.price.amount()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a booth type nobody has applied for yet (`Conflict` otherwise).
pub async fn remove_booth_type(db: &DatabaseConnection, organizer_id: i32, booth_type_id: i32) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let booth = booth_type::Entity::find_by_id(booth_type_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    locked_fair(&txn, organizer_id, booth.fair_id).await?;
    // Locked: an application for this booth type (which reads it with a share lock) either
    // came first and is counted, or waits and then finds the type gone.
    booth_type::Entity::find_by_id(booth.id).lock_for_write().one(&txn).await?.ok_or(AppError::NotFound)?;
    let used = fair_application::Entity::find().filter(fair_application::Column::BoothTypeId.eq(booth.id)).count(&txn).await?;
    if used > 0 {
        return Err(AppError::Conflict);
    }
    booth_type::Entity::delete_by_id(booth.id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Sets a fair's cover photo; returns the one it replaces (to delete from storage).
pub async fn set_cover(db: &DatabaseConnection, organizer_id: i32, fair_id: i32, url: String) -> Result<Option<String>, AppError> {
    let txn = begin_write(db).await?;
    let f = locked_fair(&txn, organizer_id, fair_id).await?;
    let old = f.cover_url.clone();
    let revision = f.revision + 1;
    let mut row = f.into_active_model();
    row.cover_url = Set(Some(url));
    row.revision = Set(revision);
    row.updated_at = Set(Utc::now());
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(old)
}

/// Whether `fair_id` is the organizer's (`Forbidden` / `NotFound` otherwise).
pub async fn check_owner(db: &impl ConnectionTrait, organizer_id: i32, fair_id: i32) -> Result<(), AppError> {
    own_fair(db, organizer_id, fair_id).await.map(|_| ())
}

/// Publishes, cancels or finishes a fair. Publishing needs at least one booth type.
pub async fn set_status(db: &DatabaseConnection, organizer_id: i32, fair_id: i32, to: FairStatus) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    // Locked: a booth type removed at the same moment is not counted.
    let f = locked_fair(&txn, organizer_id, fair_id).await?;
    use FairStatus::*;
    let allowed = matches!((f.status, to), (Draft, Published) | (Draft | Published, Cancelled) | (Published, Finished));
    if !allowed {
        return Err(AppError::Conflict);
    }
    if to == Published && f.kind.has_booths() && booth_type::Entity::find().filter(booth_type::Column::FairId.eq(fair_id)).count(&txn).await? == 0 {
        return Err(AppError::invalid("booth_types", Problem::Required));
    }
    let done = fair::Entity::update_many()
        .col_expr(fair::Column::Status, Expr::value(to))
        .col_expr(fair::Column::Revision, Expr::col(fair::Column::Revision).add(1))
        .col_expr(fair::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(fair::Column::Id.eq(fair_id))
        .filter(fair::Column::Status.eq(f.status))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    txn.commit().await?;
    Ok(())
}

async fn booth_views(db: &impl ConnectionTrait, fair_id: i32) -> Result<Vec<BoothTypeView>, AppError> {
    Ok(booth_type::Entity::find()
        .filter(booth_type::Column::FairId.eq(fair_id))
        .order_by_asc(booth_type::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|b| BoothTypeView {
            id: b.id,
            name: b.name,
            size: b.size,
            count: b.count,
            taken: b.taken,
            price: Vnd::new(b.price_vnd).unwrap_or(Vnd::ZERO),
        })
        .collect())
}

/// Approved applications per fair, and interested visitors per fair.
async fn fair_counts(db: &impl ConnectionTrait, fair_ids: &[i32]) -> Result<(HashMap<i32, u64>, HashMap<i32, u64>), AppError> {
    let exhibitors = fair_application::Entity::find()
        .select_only()
        .column(fair_application::Column::FairId)
        .column_as(fair_application::Column::Id.count(), "n")
        .filter(fair_application::Column::FairId.is_in(fair_ids.iter().copied()))
        .filter(fair_application::Column::Status.eq(ApplicationStatus::Approved))
        .group_by(fair_application::Column::FairId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, n)| (id, std::cmp::max(n, 0) as u64))
        .collect();
    let interested = fair_interest::Entity::find()
        .select_only()
        .column(fair_interest::Column::FairId)
        .column_as(fair_interest::Column::UserId.count(), "n")
        .filter(fair_interest::Column::FairId.is_in(fair_ids.iter().copied()))
        .group_by(fair_interest::Column::FairId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, n)| (id, std::cmp::max(n, 0) as u64))
        .collect();
    Ok((exhibitors, interested))
}

async fn districts_by_id(db: &impl ConnectionTrait) -> Result<HashMap<i32, district::Model>, AppError> {
    Ok(district::Entity::find().all(db).await?.into_iter().map(|d| (d.id, d)).collect())
}

fn district_link(d: &district::Model) -> Option<NamedLink> {
    Some(NamedLink { slug: Slug::parse(&d.slug).ok()?, name: d.name.clone() })
}

fn category_name(c: &category::Model, lang: Lang) -> String {
    match lang {
        Lang::Vi => c.name_vi.clone(),
        Lang::En => c.name_en.clone(),
    }
}

async fn fair_cards(db: &impl ConnectionTrait, rows: Vec<fair::Model>, lang: Lang) -> Result<Vec<FairCard>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|f| f.id).collect();
    let (exhibitors, interested) = fair_counts(db, &ids).await?;
    let districts = districts_by_id(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|f| {
            Some(FairCard {
                id: f.id,
                slug: Slug::parse(&f.slug).ok()?,
                name: localized(lang, &f.name_vi, f.name_en.as_deref()),
                cover_url: f.cover_url.clone(),
                starts_at: f.starts_at,
                ends_at: f.ends_at,
                venue_name: f.venue_name,
                district: districts.get(&f.district_id).and_then(district_link),
                status: f.status,
                kind: f.kind,
                exhibitors: exhibitors.get(&f.id).copied().unwrap_or(0),
                interested: interested.get(&f.id).copied().unwrap_or(0),
            })
        })
        .collect())
}

/// An organizer's own fairs, newest first.
pub async fn organizer_fairs(db: &impl ConnectionTrait, organizer_id: i32, lang: Lang) -> Result<Vec<FairCard>, AppError> {
    let rows = fair::Entity::find()
        .filter(fair::Column::OrganizerId.eq(organizer_id))
        .order_by_desc(fair::Column::StartsAt)
        .all(db)
        .await?;
    fair_cards(db, rows, lang).await
}

/// One of the organizer's fairs, as its console edits it.
pub async fn organizer_fair(db: &impl ConnectionTrait, organizer_id: i32, fair_id: i32) -> Result<OrganizerFair, AppError> {
    let f = own_fair(db, organizer_id, fair_id).await?;
    let district = district::Entity::find_by_id(f.district_id).one(db).await?.map(|d| d.slug).unwrap_or_default();
    let category_ids: Vec<i32> = fair_category::Entity::find()
        .filter(fair_category::Column::FairId.eq(f.id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.category_id)
        .collect();
    let mut slugs: Vec<String> = category::Entity::find()
        .filter(category::Column::Id.is_in(category_ids))
        .order_by_asc(category::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.slug)
        .collect();
    slugs.resize(3, String::new());
    let count = |status: ApplicationStatus| {
        fair_application::Entity::find()
            .filter(fair_application::Column::FairId.eq(f.id))
            .filter(fair_application::Column::Status.eq(status))
            .count(db)
    };
    let (pending, approved) = (count(ApplicationStatus::Pending).await?, count(ApplicationStatus::Approved).await?);
    Ok(OrganizerFair {
        id: f.id,
        cover_url: f.cover_url.clone(),
        slug: Slug::parse(&f.slug).map_err(|_| AppError::Internal)?,
        status: f.status,
        booth_types: booth_views(db, f.id).await?,
        pending,
        approved,
        form: FairForm {
            name_vi: f.name_vi,
            name_en: f.name_en.unwrap_or_default(),
            description_vi: f.description_vi,
            description_en: f.description_en.unwrap_or_default(),
            starts_at: to_local_input(f.starts_at),
            ends_at: to_local_input(f.ends_at),
            deadline: to_local_input(f.deadline),
            venue_name: f.venue_name,
            venue_address: f.venue_address,
            district,
            contact_name: f.contact_name,
            contact_phone: f.contact_phone,
            contact_email: f.contact_email.unwrap_or_default(),
            category_1: slugs[0].clone(),
            category_2: slugs[1].clone(),
            category_3: slugs[2].clone(),
            kind: f.kind.code().to_owned(),
            online_url: f.online_url.unwrap_or_default(),
            agenda: f.agenda.unwrap_or_default(),
            capacity: f.capacity.map(|c| c.to_string()).unwrap_or_default(),
            village: match f.village_id {
                Some(id) => village::Entity::find_by_id(id).one(db).await?.map(|v| v.slug).unwrap_or_default(),
                None => String::new(),
            },
        },
    })
}

/// Producer rows → their summaries (kind, village), by producer id.
async fn summaries_by_id(db: &impl ConnectionTrait, makers: &HashMap<i32, producer::Model>) -> Result<HashMap<i32, ProducerSummary>, AppError> {
    let by_slug: HashMap<&str, i32> = makers.values().map(|p| (p.slug.as_str(), p.id)).collect();
    Ok(summaries(db, makers.values().cloned().collect())
        .await?
        .into_iter()
        .filter_map(|s| Some((*by_slug.get(s.slug.as_str())?, s)))
        .collect())
}

/// The products each application shows, by application id.
async fn shown_products(db: &impl ConnectionTrait, application_ids: Vec<i32>) -> Result<HashMap<i32, Vec<product::Model>>, AppError> {
    let links = application_product::Entity::find()
        .filter(application_product::Column::ApplicationId.is_in(application_ids))
        .all(db)
        .await?;
    let products: HashMap<i32, product::Model> = product::Entity::find()
        .filter(product::Column::Id.is_in(links.iter().map(|l| l.product_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut out: HashMap<i32, Vec<product::Model>> = HashMap::new();
    for l in links {
        if let Some(p) = products.get(&l.product_id) {
            out.entry(l.application_id).or_default().push(p.clone());
        }
    }
    Ok(out)
}

/// A fair's applications for its organizer, filtered by status, category and stars.
pub async fn applications(
    db: &impl ConnectionTrait,
    organizer_id: i32,
    fair_id: i32,
    filter: &ApplicationFilter,
    lang: Lang,
) -> Result<Vec<ApplicationRow>, AppError> {
    own_fair(db, organizer_id, fair_id).await?;
    let mut select = fair_application::Entity::find().filter(fair_application::Column::FairId.eq(fair_id));
    if let Some(status) = filter.status {
        select = select.filter(fair_application::Column::Status.eq(status));
    }
    let rows = select.order_by_asc(fair_application::Column::CreatedAt).order_by_asc(fair_application::Column::Id).all(db).await?;
    let category_id = match &filter.category {
        Some(slug) => Some(
            category::Entity::find()
                .filter(category::Column::Slug.eq(slug.as_str()))
                .one(db)
                .await?
                .ok_or_else(|| AppError::invalid("category", Problem::Unknown))?
                .id,
        ),
        None => None,
    };
    let shown = shown_products(db, rows.iter().map(|a| a.id).collect()).await?;
    let makers = super::detail::producers_by_id(db, rows.iter().map(|a| a.producer_id).collect()).await?;
    let summaries_by_id = summaries_by_id(db, &makers).await?;
    let booths: HashMap<i32, String> = booth_type::Entity::find()
        .filter(booth_type::Column::FairId.eq(fair_id))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let today = crate::domain::time::today_in_vietnam();
    let mut out = Vec::new();
    for a in rows {
        let products = shown.get(&a.id).cloned().unwrap_or_default();
        let best_stars = products
            .iter()
            .filter(|p| p.ocop_expires_on.is_some_and(|e| e >= today))
            .filter_map(|p| p.ocop_stars)
            .max()
            .map(|s| s.clamp(0, 5) as u8);
        if let Some(min) = filter.stars {
            if best_stars.is_none_or(|s| s < min) {
                continue;
            }
        }
        if let Some(cat) = category_id {
            if !products.iter().any(|p| p.top_category_id == Some(cat) || p.category_id == cat) {
                continue;
            }
        }
        let Some(producer) = summaries_by_id.get(&a.producer_id).cloned() else { continue };
        out.push(ApplicationRow {
            id: a.id,
            producer,
            booth_type: booths.get(&a.booth_type_id).cloned().unwrap_or_default(),
            status: a.status,
            note: a.note,
            reason: a.reason,
            booth_number: a.booth_number,
            products: products
                .iter()
                .filter_map(|p| Some(NamedLink { slug: Slug::parse(&p.slug).ok()?, name: localized(lang, &p.name_vi, p.name_en.as_deref()) }))
                .collect(),
            best_stars,
            applied_at: a.created_at,
        });
    }
    Ok(out)
}

/// The organizer approves (with a booth number) or rejects (with a reason) an application.
pub async fn decide(db: &DatabaseConnection, organizer_id: i32, application_id: i32, decision: Decision) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    // Locked: of two decisions at once, the second sees the first's.
    let app = fair_application::Entity::find_by_id(application_id).lock_for_write().one(&txn).await?.ok_or(AppError::NotFound)?;
    own_fair(&txn, organizer_id, app.fair_id).await?;
    let now = Utc::now();
    match decision {
        Decision::Approve { booth_number } => {
            if app.status != ApplicationStatus::Pending {
                return Err(AppError::Conflict);
            }
            let taken = booth_type::Entity::update_many()
                .col_expr(booth_type::Column::Taken, Expr::col(booth_type::Column::Taken).add(1))
                .filter(booth_type::Column::Id.eq(app.booth_type_id))
                .filter(Expr::col(booth_type::Column::Taken).lt(Expr::col(booth_type::Column::Count)))
                .exec(&txn)
                .await?;
            if taken.rows_affected != 1 {
                return Err(AppError::invalid("booth_type", Problem::NoneLeft));
            }
            let approved = fair_application::Entity::update_many()
                .col_expr(fair_application::Column::Status, Expr::value(ApplicationStatus::Approved))
                .col_expr(fair_application::Column::BoothNumber, Expr::value(Some(booth_number)))
                .col_expr(fair_application::Column::Reason, Expr::value(Option::<String>::None))
                .col_expr(fair_application::Column::UpdatedAt, Expr::value(now))
                .filter(fair_application::Column::Id.eq(app.id))
                .filter(fair_application::Column::Status.eq(ApplicationStatus::Pending))
                .exec(&txn)
                .await;
            match approved {
                Ok(done) if done.rows_affected == 1 => {}
                Ok(_) => return Err(AppError::Conflict),
                Err(err) if is_unique_violation(&err) => return Err(AppError::invalid("booth_number", Problem::Taken)),
                Err(err) => return Err(err.into()),
            }
        }
        Decision::Reject { reason } => {
            if !matches!(app.status, ApplicationStatus::Pending | ApplicationStatus::Approved) {
                return Err(AppError::Conflict);
            }
            if app.status == ApplicationStatus::Approved {
                booth_type::Entity::update_many()
                    .col_expr(booth_type::Column::Taken, Expr::col(booth_type::Column::Taken).sub(1))
                    .filter(booth_type::Column::Id.eq(app.booth_type_id))
                    .filter(booth_type::Column::Taken.gt(0))
                    .exec(&txn)
                    .await?;
            }
            let done = fair_application::Entity::update_many()
                .col_expr(fair_application::Column::Status, Expr::value(ApplicationStatus::Rejected))
                .col_expr(fair_application::Column::BoothNumber, Expr::value(Option::<String>::None))
                .col_expr(fair_application::Column::Reason, Expr::value(Some(reason)))
                .col_expr(fair_application::Column::UpdatedAt, Expr::value(now))
                .filter(fair_application::Column::Id.eq(app.id))
                .filter(fair_application::Column::Status.eq(app.status))
                .exec(&txn)
                .await?;
            if done.rows_affected != 1 {
                return Err(AppError::Conflict);
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// A verified producer applies to exhibit: the fair must be published and before its
/// deadline, the booth type the fair's, the products its own published ones. A producer
/// whose earlier application was withdrawn or rejected may apply again.
pub async fn apply(db: &DatabaseConnection, producer_id: i32, fair_id: i32, input: ExhibitInput, now: DateTime<Utc>) -> Result<i32, AppError> {
    let txn = begin_write(db).await?;
    // The producer, fair and booth type are read with share locks: a suspension, a change of
    // the fair's status or the removal of the booth type waits for this application.
    let maker = producer::Entity::find_by_id(producer_id).lock_shared().one(&txn).await?.ok_or(AppError::Forbidden)?;
    if maker.verification != VerificationStatus::Verified {
        return Err(AppError::Forbidden);
    }
    let f = fair::Entity::find_by_id(fair_id).lock_shared().one(&txn).await?.ok_or(AppError::NotFound)?;
    if f.status == FairStatus::Draft {
        return Err(AppError::NotFound);
    }
    if !applications_open(f.status, f.deadline, now) {
        return Err(AppError::Conflict);
    }
    // The producer's earlier application, locked (before the booth type, as `decide` locks
    // the application before it takes a booth): two applications at once run one after the
    // other.
    let existing = fair_application::Entity::find()
        .filter(fair_application::Column::FairId.eq(fair_id))
        .filter(fair_application::Column::ProducerId.eq(producer_id))
        .lock_for_write()
        .one(&txn)
        .await?;
    let booth = booth_type::Entity::find_by_id(input.booth_type_id).lock_shared().one(&txn).await?;
    if booth.is_none_or(|b| b.fair_id != fair_id) {
        return Err(AppError::invalid("booth_type", Problem::Unknown));
    }
    let own = product::Entity::find()
        .filter(product::Column::Id.is_in(input.product_ids.clone()))
        .filter(product::Column::ProducerId.eq(producer_id))
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .count(&txn)
        .await?;
    if own != input.product_ids.len() as u64 {
        return Err(AppError::invalid("products", Problem::Unknown));
    }
    let id = match existing {
        Some(old) if matches!(old.status, ApplicationStatus::Withdrawn | ApplicationStatus::Rejected) => {
            let id = old.id;
            let mut row = old.into_active_model();
            row.status = Set(ApplicationStatus::Pending);
            row.booth_type_id = Set(input.booth_type_id);
            row.note = Set(input.note);
            row.reason = Set(None);
            row.booth_number = Set(None);
            row.updated_at = Set(now);
            row.update(&txn).await?;
            application_product::Entity::delete_many().filter(application_product::Column::ApplicationId.eq(id)).exec(&txn).await?;
            id
        }
        Some(_) => return Err(AppError::Conflict),
        None => {
            let inserted = fair_application::ActiveModel {
                fair_id: Set(fair_id),
                producer_id: Set(producer_id),
                booth_type_id: Set(input.booth_type_id),
                status: Set(ApplicationStatus::Pending),
                note: Set(input.note),
                reason: Set(None),
                booth_number: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(row) => row.id,
                Err(err) if is_unique_violation(&err) => return Err(AppError::Conflict),
                Err(err) => return Err(err.into()),
            }
        }
    };
    if !input.product_ids.is_empty() {
        let rows = input.product_ids.iter().map(|p| application_product::ActiveModel { application_id: Set(id), product_id: Set(*p) });
        application_product::Entity::insert_many(rows).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(id)
}

/// The producer withdraws its own application, before the organizer has decided.
pub async fn withdraw(db: &impl ConnectionTrait, producer_id: i32, application_id: i32) -> Result<(), AppError> {
    let app = fair_application::Entity::find_by_id(application_id).one(db).await?.ok_or(AppError::NotFound)?;
    if app.producer_id != producer_id {
        return Err(AppError::Forbidden);
    }
    if !may_withdraw(app.status) {
        return Err(AppError::Conflict);
    }
    let done = fair_application::Entity::update_many()
        .col_expr(fair_application::Column::Status, Expr::value(ApplicationStatus::Withdrawn))
        .col_expr(fair_application::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(fair_application::Column::Id.eq(app.id))
        .filter(fair_application::Column::Status.eq(ApplicationStatus::Pending))
        .exec(db)
        .await?;
    if done.rows_affected == 1 { Ok(()) } else { Err(AppError::Conflict) }
}

async fn my_application_rows(
    db: &impl ConnectionTrait,
    apps: Vec<fair_application::Model>,
    lang: Lang,
) -> Result<Vec<MyApplication>, AppError> {
    let fairs: HashMap<i32, fair::Model> = fair::Entity::find()
        .filter(fair::Column::Id.is_in(apps.iter().map(|a| a.fair_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let booths: HashMap<i32, String> = booth_type::Entity::find()
        .filter(booth_type::Column::Id.is_in(apps.iter().map(|a| a.booth_type_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    Ok(apps
        .into_iter()
        .filter_map(|a| {
            let f = fairs.get(&a.fair_id)?;
            Some(MyApplication {
                id: a.id,
                fair_slug: Slug::parse(&f.slug).ok()?,
                fair_name: localized(lang, &f.name_vi, f.name_en.as_deref()),
                starts_at: f.starts_at,
                status: a.status,
                booth_type: booths.get(&a.booth_type_id).cloned().unwrap_or_default(),
                booth_number: a.booth_number,
                reason: a.reason,
                may_withdraw: may_withdraw(a.status),
            })
        })
        .collect())
}

/// A producer's applications, newest fair first.
pub async fn my_applications(db: &impl ConnectionTrait, producer_id: i32, lang: Lang) -> Result<Vec<MyApplication>, AppError> {
    let apps = fair_application::Entity::find()
        .filter(fair_application::Column::ProducerId.eq(producer_id))
        .order_by_desc(fair_application::Column::CreatedAt)
        .all(db)
        .await?;
    my_application_rows(db, apps, lang).await
}

/// What the fair page's application form offers a producer: its products and its current
/// application, if any.
pub async fn exhibit_choices(db: &impl ConnectionTrait, producer_id: i32, fair_id: i32, lang: Lang) -> Result<ExhibitChoices, AppError> {
    let maker = producer::Entity::find_by_id(producer_id).one(db).await?.ok_or(AppError::Forbidden)?;
    let products = product::Entity::find()
        .filter(product::Column::ProducerId.eq(producer_id))
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .order_by_asc(product::Column::NameVi)
        .limit(200)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, localized(lang, &p.name_vi, p.name_en.as_deref())))
        .collect();
    let existing = fair_application::Entity::find()
        .filter(fair_application::Column::FairId.eq(fair_id))
        .filter(fair_application::Column::ProducerId.eq(producer_id))
        .all(db)
        .await?;
    Ok(ExhibitChoices {
        verified: maker.verification == VerificationStatus::Verified,
        products,
        existing: my_application_rows(db, existing, lang).await?.pop(),
    })
}

/// Midnight on the first of a month in Hà Nội, in UTC.
fn month_start(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let date = NaiveDate::from_ymd_opt(year, month, 1)?;
    vietnam_offset().from_local_datetime(&date.and_hms_opt(0, 0, 0)?).single().map(|d| d.with_timezone(&Utc))
}

/// Published, finished and cancelled fairs (never drafts), filtered; upcoming ones first by
/// start, then past ones, latest first.
pub async fn list(db: &impl ConnectionTrait, query: &FairsQuery, lang: Lang, now: DateTime<Utc>) -> Result<FairList, AppError> {
    let visible = || fair::Entity::find().filter(fair::Column::Status.ne(FairStatus::Draft));
    let mut select = visible();
    if let Some((y, m)) = parse_month(&query.month) {
        let (next_y, next_m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        if let (Some(from), Some(to)) = (month_start(y, m), month_start(next_y, next_m)) {
            select = select.filter(fair::Column::StartsAt.lt(to)).filter(fair::Column::EndsAt.gte(from));
        }
    }
    let districts = districts_by_id(db).await?;
    if !query.district.trim().is_empty() {
        match districts.values().find(|d| d.slug == query.district.trim()) {
            Some(d) => select = select.filter(fair::Column::DistrictId.eq(d.id)),
            None => return Err(AppError::invalid("district", Problem::Unknown)),
        }
    }
    let top_categories = category::Entity::find().filter(category::Column::ParentId.is_null()).order_by_asc(category::Column::Position).all(db).await?;
    if !query.category.trim().is_empty() {
        let Some(c) = category::Entity::find().filter(category::Column::Slug.eq(query.category.trim())).one(db).await? else {
            return Err(AppError::invalid("category", Problem::Unknown));
        };
        let fair_ids: Vec<i32> = fair_category::Entity::find()
            .filter(fair_category::Column::CategoryId.eq(c.id))
            .all(db)
            .await?
            .into_iter()
            .map(|fc| fc.fair_id)
            .collect();
        select = select.filter(fair::Column::Id.is_in(fair_ids));
    }
    if !query.kind.trim().is_empty() {
        let kind = crate::domain::EventKind::parse(query.kind.trim()).ok_or_else(|| AppError::invalid("kind", Problem::Unknown))?;
        select = select.filter(fair::Column::Kind.eq(kind));
    }
    let rows = select.order_by_asc(fair::Column::StartsAt).order_by_asc(fair::Column::Id).limit(500).all(db).await?;
    let (mut upcoming, mut past): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|f| f.ends_at >= now && f.status != FairStatus::Finished);
    past.reverse();
    past.truncate(50);
    upcoming.truncate(200);

    // Filter choices from every visible fair.
    let all = visible().all(db).await?;
    let mut months: Vec<String> = all.iter().map(|f| {
        let local = f.starts_at.with_timezone(&vietnam_offset());
        format!("{:04}-{:02}", local.year(), local.month())
    }).collect();
    months.sort();
    months.dedup();
    let mut district_ids: Vec<i32> = all.iter().map(|f| f.district_id).collect();
    district_ids.sort();
    district_ids.dedup();
    let mut district_links: Vec<&district::Model> = district_ids.iter().filter_map(|id| districts.get(id)).collect();
    district_links.sort_by_key(|d| d.position);
    Ok(FairList {
        upcoming: fair_cards(db, upcoming, lang).await?,
        past: fair_cards(db, past, lang).await?,
        months,
        districts: district_links.into_iter().filter_map(district_link).collect(),
        categories: top_categories
            .iter()
            .filter_map(|c| Some(NamedLink { slug: Slug::parse(&c.slug).ok()?, name: category_name(c, lang) }))
            .collect(),
    })
}

/// A fair's public page (drafts are not found).
pub async fn detail(db: &impl ConnectionTrait, slug: &Slug, lang: Lang, now: DateTime<Utc>) -> Result<Option<FairDetail>, AppError> {
    let Some(f) = fair::Entity::find().filter(fair::Column::Slug.eq(slug.as_str())).one(db).await? else { return Ok(None) };
    if f.status == FairStatus::Draft {
        return Ok(None);
    }
    let district = district::Entity::find_by_id(f.district_id).one(db).await?.as_ref().and_then(district_link);
    let category_ids: Vec<i32> =
        fair_category::Entity::find().filter(fair_category::Column::FairId.eq(f.id)).all(db).await?.into_iter().map(|c| c.category_id).collect();
    let categories = category::Entity::find()
        .filter(category::Column::Id.is_in(category_ids))
        .order_by_asc(category::Column::Position)
        .all(db)
        .await?
        .iter()
        .filter_map(|c| Some(NamedLink { slug: Slug::parse(&c.slug).ok()?, name: category_name(c, lang) }))
        .collect();
    let booth_types = booth_views(db, f.id).await?;
    let approved = fair_application::Entity::find()
        .filter(fair_application::Column::FairId.eq(f.id))
        .filter(fair_application::Column::Status.eq(ApplicationStatus::Approved))
        .order_by_asc(fair_application::Column::BoothNumber)
        .all(db)
        .await?;
    let shown = shown_products(db, approved.iter().map(|a| a.id).collect()).await?;
    let mut makers = super::detail::producers_by_id(db, approved.iter().map(|a| a.producer_id).collect()).await?;
    makers.retain(|_, m| m.verification == VerificationStatus::Verified);
    let producers = summaries_by_id(db, &makers).await?;
    // Every exhibitor's cards in one batch (a `cards` call per exhibitor would repeat its
    // queries for each booth), then handed back to their exhibitors by product id.
    let all_shown: Vec<product::Model> = shown.values().flatten().filter(|p| p.status == ProductStatus::Published).cloned().collect();
    let mut cards_by_id: HashMap<i32, crate::domain::catalog::ProductCard> =
        cards(db, all_shown, lang, crate::domain::time::today_in_vietnam()).await?.into_iter().map(|c| (c.id, c)).collect();
    let mut exhibitors = Vec::new();
    for a in approved {
        let Some(producer) = producers.get(&a.producer_id).cloned() else { continue };
        let products = shown.get(&a.id).into_iter().flatten().filter_map(|p| cards_by_id.remove(&p.id)).collect();
        exhibitors.push(Exhibitor {
            producer,
            booth_number: a.booth_number,
            booth_type: booth_types.iter().find(|b| b.id == a.booth_type_id).map(|b| b.name.clone()).unwrap_or_default(),
            products,
        });
    }
    let interested = fair_interest::Entity::find().filter(fair_interest::Column::FairId.eq(f.id)).count(db).await?;
    Ok(Some(FairDetail {
        id: f.id,
        slug: slug.clone(),
        cover_url: f.cover_url.clone(),
        name: localized(lang, &f.name_vi, f.name_en.as_deref()),
        description: localized(lang, &f.description_vi, f.description_en.as_deref()),
        starts_at: f.starts_at,
        ends_at: f.ends_at,
        deadline: f.deadline,
        venue_name: f.venue_name,
        venue_address: f.venue_address,
        district,
        contact_name: f.contact_name,
        contact_phone: f.contact_phone,
        contact_email: f.contact_email,
        categories,
        status: f.status,
        booth_types,
        exhibitors,
        interested,
        applications_open: f.kind.has_booths() && applications_open(f.status, f.deadline, now),
        kind: f.kind,
        online_url: f.online_url.clone(),
        agenda: f.agenda.clone(),
        village: match f.village_id {
            Some(id) => village::Entity::find_by_id(id)
                .one(db)
                .await?
                .and_then(|v| Some(NamedLink { slug: Slug::parse(&v.slug).ok()?, name: v.name })),
            None => None,
        },
        capacity: f.capacity,
        registered: f.registered,
        registration_open: registration_open(f.kind, f.status, f.starts_at, f.capacity, f.registered, now),
    }))
}

/// "I'm interested" on a visible fair, or taking it back.
pub async fn set_interest(db: &impl ConnectionTrait, user_id: i32, fair_id: i32, on: bool) -> Result<(), AppError> {
    if on {
        let f = fair::Entity::find_by_id(fair_id).one(db).await?.ok_or(AppError::NotFound)?;
        if f.status == FairStatus::Draft {
            return Err(AppError::NotFound);
        }
        fair_interest::Entity::insert(fair_interest::ActiveModel { fair_id: Set(fair_id), user_id: Set(user_id), created_at: Set(Utc::now()) })
            .on_conflict(sea_orm::sea_query::OnConflict::columns([fair_interest::Column::FairId, fair_interest::Column::UserId]).do_nothing().to_owned())
            .exec_without_returning(db)
            .await?;
    } else {
        fair_interest::Entity::delete_by_id((fair_id, user_id)).exec(db).await?;
    }
    Ok(())
}

pub async fn is_interested(db: &impl ConnectionTrait, user_id: i32, fair_id: i32) -> Result<bool, AppError> {
    Ok(fair_interest::Entity::find_by_id((fair_id, user_id)).one(db).await?.is_some())
}

/// The upcoming published fairs a producer was approved for.
pub async fn exhibiting(db: &impl ConnectionTrait, producer_id: i32, lang: Lang, now: DateTime<Utc>) -> Result<Vec<Exhibiting>, sea_orm::DbErr> {
    let apps = fair_application::Entity::find()
        .filter(fair_application::Column::ProducerId.eq(producer_id))
        .filter(fair_application::Column::Status.eq(ApplicationStatus::Approved))
        .all(db)
        .await?;
    if apps.is_empty() {
        return Ok(Vec::new());
    }
    let fairs = fair::Entity::find()
        .filter(fair::Column::Id.is_in(apps.iter().map(|a| a.fair_id)))
        .filter(fair::Column::Status.eq(FairStatus::Published))
        .filter(fair::Column::EndsAt.gte(now))
        .order_by_asc(fair::Column::StartsAt)
        .all(db)
        .await?;
    Ok(fairs
        .into_iter()
        .filter_map(|f| {
            Some(Exhibiting {
                fair_slug: Slug::parse(&f.slug).ok()?,
                fair_name: localized(lang, &f.name_vi, f.name_en.as_deref()),
                starts_at: f.starts_at,
                booth_number: apps.iter().find(|a| a.fair_id == f.id).and_then(|a| a.booth_number.clone()),
            })
        })
        .collect())
}

/// The districts and top-level categories a fair's form offers.
pub async fn form_choices(db: &impl ConnectionTrait, lang: Lang) -> Result<FairChoices, AppError> {
    let mut districts: Vec<district::Model> = district::Entity::find().all(db).await?;
    districts.sort_by_key(|d| d.position);
    let categories = category::Entity::find().filter(category::Column::ParentId.is_null()).order_by_asc(category::Column::Position).all(db).await?;
    let mut villages: Vec<village::Model> = village::Entity::find().all(db).await?;
    villages.sort_by_cached_key(|v| crate::domain::text::fold(&v.name));
    Ok(FairChoices {
        villages: villages.iter().filter_map(|v| Some(NamedLink { slug: Slug::parse(&v.slug).ok()?, name: v.name.clone() })).collect(),
        districts: districts.iter().filter_map(district_link).collect(),
        categories: categories
            .iter()
            .filter_map(|c| Some(NamedLink { slug: Slug::parse(&c.slug).ok()?, name: category_name(c, lang) }))
            .collect(),
    })
}

/// A fair as the calendar feeds carry it.
#[derive(Clone, Debug)]
pub struct CalendarFair {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub status: FairStatus,
    pub kind: crate::domain::EventKind,
    pub online_url: Option<String>,
    pub revision: i32,
    pub updated_at: DateTime<Utc>,
}

/// Visible fairs for the calendar feeds: one by slug, or all (optionally in one district).
pub async fn calendar_fairs(db: &impl ConnectionTrait, slug: Option<&str>, district: Option<&str>) -> Result<Vec<CalendarFair>, AppError> {
    let mut select = fair::Entity::find().filter(fair::Column::Status.ne(FairStatus::Draft));
    if let Some(slug) = slug {
        select = select.filter(fair::Column::Slug.eq(slug));
    }
    let districts = districts_by_id(db).await?;
    if let Some(d) = district.map(str::trim).filter(|d| !d.is_empty()) {
        let id = districts.values().find(|x| x.slug == d).map(|x| x.id).ok_or(AppError::NotFound)?;
        select = select.filter(fair::Column::DistrictId.eq(id));
    }
    Ok(select
        .order_by_asc(fair::Column::StartsAt)
        .limit(1_000)
        .all(db)
        .await?
        .into_iter()
        .map(|f| CalendarFair {
            location: match (&f.online_url, districts.get(&f.district_id)) {
                (Some(url), _) if f.kind.is_online() => format!("Trực tuyến / Online: {url}"),
                (_, Some(d)) => format!("{}, {}, {}", f.venue_name, f.venue_address, d.name),
                (_, None) => format!("{}, {}", f.venue_name, f.venue_address),
            },
            kind: f.kind,
            online_url: f.online_url.clone(),
            id: f.id,
            slug: f.slug,
            name: f.name_vi,
            description: f.description_vi,
            starts_at: f.starts_at,
            ends_at: f.ends_at,
            status: f.status,
            revision: f.revision,
            updated_at: f.updated_at,
        })
        .collect())
}

/// What the caller may do at a workshop and, once registered, who else is registered.
pub async fn participation(db: &impl ConnectionTrait, user: &crate::domain::accounts::SessionUser, fair_id: i32) -> Result<Participation, AppError> {
    use crate::domain::{RegistrantRole, Role};
    let f = fair::Entity::find_by_id(fair_id).one(db).await?.ok_or(AppError::NotFound)?;
    if f.status == FairStatus::Draft || !f.kind.has_registration() {
        return Err(AppError::NotFound);
    }
    let mine = event_registration::Entity::find_by_id((fair_id, user.id)).one(db).await?;
    let mut may = Vec::new();
    if super::trade::is_verified_buyer(db, user).await? {
        may.push(RegistrantRole::Buyer);
    }
    if super::auth::producer_verified(user) && user.has(Role::ProducerMember) {
        may.push(RegistrantRole::Producer);
    }
    let participants = if mine.is_some() {
        let rows = event_registration::Entity::find()
            .filter(event_registration::Column::FairId.eq(fair_id))
            .order_by_asc(event_registration::Column::CreatedAt)
            .all(db)
            .await?;
        let users: HashMap<i32, String> = user::Entity::find()
            .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let makers = super::detail::producers_by_id(db, rows.iter().filter_map(|r| r.producer_id).collect()).await?;
        let summaries = summaries_by_id(db, &makers).await?;
        rows.into_iter()
            .filter(|r| r.user_id != user.id)
            .map(|r| Participant {
                role: r.role,
                name: r.producer_id.and_then(|p| makers.get(&p)).map(|m| m.name.clone()).or_else(|| users.get(&r.user_id).cloned()).unwrap_or_default(),
                producer: r.producer_id.and_then(|p| summaries.get(&p).cloned()),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Participation { registered_as: mine.map(|m| m.role), may_register_as: may, participants })
}

/// Registers the caller for a workshop as a buyer or for its producer, taking one place with
/// a conditional update (`registered < capacity`) so racing registrations never overfill it.
pub async fn register(
    db: &DatabaseConnection,
    user: &crate::domain::accounts::SessionUser,
    fair_id: i32,
    role: crate::domain::RegistrantRole,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use crate::domain::{RegistrantRole, Role};
    let producer_id = match role {
        // A buyer whose business the office has verified.
        RegistrantRole::Buyer if super::trade::is_verified_buyer(db, user).await? => None,
        RegistrantRole::Producer if user.has(Role::ProducerMember) && super::auth::producer_verified(user) => user.producer.as_ref().map(|p| p.id),
        _ => return Err(AppError::Forbidden),
    };
    let txn = begin_write(db).await?;
    // Locked: a cancellation or a smaller capacity at the same moment is seen.
    let f = fair::Entity::find_by_id(fair_id).lock_for_write().one(&txn).await?.ok_or(AppError::NotFound)?;
    if f.status == FairStatus::Draft || !f.kind.has_registration() {
        return Err(AppError::NotFound);
    }
    if f.status != FairStatus::Published || now >= f.starts_at {
        return Err(AppError::Conflict);
    }
    if event_registration::Entity::find_by_id((fair_id, user.id)).one(&txn).await?.is_some() {
        return Err(AppError::Conflict);
    }
    let taken = fair::Entity::update_many()
        .col_expr(fair::Column::Registered, Expr::col(fair::Column::Registered).add(1))
        .filter(fair::Column::Id.eq(fair_id))
        .filter(Expr::col(fair::Column::Registered).lt(Expr::col(fair::Column::Capacity)))
        .exec(&txn)
        .await?;
    if taken.rows_affected != 1 {
        return Err(AppError::invalid("capacity", Problem::NoneLeft));
    }
    let inserted = event_registration::ActiveModel {
        fair_id: Set(fair_id),
        user_id: Set(user.id),
        role: Set(role),
        producer_id: Set(producer_id),
        created_at: Set(now),
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(err) if is_unique_violation(&err) => return Err(AppError::Conflict),
        Err(err) => return Err(err.into()),
    }
    txn.commit().await?;
    Ok(())
}

/// Gives the caller's place at a workshop back.
pub async fn unregister(db: &DatabaseConnection, user_id: i32, fair_id: i32) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let gone = event_registration::Entity::delete_by_id((fair_id, user_id)).exec(&txn).await?;
    if gone.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    fair::Entity::update_many()
        .col_expr(fair::Column::Registered, Expr::col(fair::Column::Registered).sub(1))
        .filter(fair::Column::Id.eq(fair_id))
        .filter(fair::Column::Registered.gt(0))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
