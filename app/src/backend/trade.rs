//! Trade connection: buyers' businesses, wholesale terms, requests (direct or broadcast),
//! quotes, threads and matchmaking.
//!
//! Policy: a request is seen only by its buyer and by the producer side it was sent to (the
//! producer's members, and for a member household the cooperative it belongs to, which
//! answers on its behalf). Anyone else gets `NotFound`, so ids reveal nothing. Wholesale
//! terms leave this module only through `wholesale_*`, which the server functions call for
//! verified buyers alone.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    sea_query::Expr, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, PaginatorTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::db::{begin_write, is_unique_violation, LockForWrite};
use super::detail::localized;
use super::entities::*;
use crate::domain::accounts::SessionUser;
use crate::domain::detail::NamedLink;
use crate::domain::storefront::check_text;
use crate::domain::time::{format_date, format_datetime};
use crate::domain::trade::*;
use crate::domain::{ProducerKind, ProductStatus, Role, Slug, TradeStatus, VerificationStatus, Vnd};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;

pub const MAX_NOTE_CHARS: usize = 1_000;

fn link(slug: &str, name: &str) -> NamedLink {
    NamedLink { slug: Slug::parse(slug).unwrap_or_else(|_| Slug::from_name("co-so").expect("a valid slug")), name: name.to_owned() }
}

// ---------------------------------------------------------------- buyers

async fn business_row(db: &impl ConnectionTrait, user_id: i32) -> Result<Option<buyer_business::Model>, AppError> {
    Ok(buyer_business::Entity::find().filter(buyer_business::Column::UserId.eq(user_id)).one(db).await?)
}

/// Whether `user` is a buyer whose business the office has verified.
pub async fn is_verified_buyer(db: &impl ConnectionTrait, user: &SessionUser) -> Result<bool, AppError> {
    if !user.has(Role::Buyer) {
        return Ok(false);
    }
    Ok(business_row(db, user.id).await?.is_some_and(|b| b.verification == VerificationStatus::Verified))
}

/// A verified buyer, or 403 (a pending or rejected business is not verified).
pub async fn require_verified_buyer(db: &impl ConnectionTrait, user: &SessionUser) -> Result<(), AppError> {
    if is_verified_buyer(db, user).await? { Ok(()) } else { Err(AppError::Forbidden) }
}

async fn district_id(db: &impl ConnectionTrait, slug: &Slug, field: &str) -> Result<i32, AppError> {
    district::Entity::find()
        .filter(district::Column::Slug.eq(slug.as_str()))
        .one(db)
        .await?
        .map(|d| d.id)
        .ok_or_else(|| AppError::invalid(field, Problem::Unknown))
}

/// Registers (or, while pending or rejected, corrects) the caller's business, which waits for
/// the office. The caller becomes a buyer; a verified business is changed only by the office.
pub async fn register_business(db: &DatabaseConnection, user_id: i32, input: BusinessInput) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let district_id = district_id(&txn, &input.district, "district").await?;
    // Locked: an office review waits for this correction (and then reviews it), or this
    // correction sees the review and leaves a verified business alone.
    let existing = buyer_business::Entity::find().filter(buyer_business::Column::UserId.eq(user_id)).lock_for_write().one(&txn).await?;
    let mut row = match existing {
        Some(b) if b.verification == VerificationStatus::Verified => return Err(AppError::Conflict),
        Some(b) => b.into_active_model(),
        None => buyer_business::ActiveModel { user_id: Set(user_id), created_at: Set(Utc::now()), ..Default::default() },
    };
    row.name = Set(input.name);
    row.kind = Set(input.kind);
    row.tax_code = Set(input.tax_code);
    row.address = Set(input.address);
    row.district_id = Set(district_id);
    row.contact_person = Set(input.contact_person);
    row.phone = Set(input.phone);
    row.verification = Set(VerificationStatus::Pending);
    row.review_note = Set(None);
    match row.save(&txn).await {
        Ok(_) => {}
        // Two first registrations of one user at once: the unique index keeps one.
        Err(err) if is_unique_violation(&err) => return Err(AppError::Conflict),
        Err(err) => return Err(err.into()),
    }
    super::accounts::grant(&txn, user_id, Role::Buyer).await?;
    txn.commit().await?;
    Ok(())
}

async fn business_views(db: &impl ConnectionTrait, rows: Vec<buyer_business::Model>, lang: Lang) -> Result<Vec<BuyerBusiness>, AppError> {
    let districts: HashMap<i32, String> = district::Entity::find().all(db).await?.into_iter().map(|d| (d.id, d.name)).collect();
    let emails: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|b| b.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    Ok(rows
        .into_iter()
        .map(|b| BuyerBusiness {
            id: b.id,
            email: emails.get(&b.user_id).cloned().unwrap_or_default(),
            district: districts.get(&b.district_id).cloned().unwrap_or_default(),
            name: b.name,
            kind: b.kind,
            tax_code: b.tax_code,
            address: b.address,
            contact_person: b.contact_person,
            phone: b.phone,
            verification: b.verification,
            review_note: b.review_note,
            registered_at: format_datetime(b.created_at, lang),
        })
        .collect())
}

pub async fn my_business(db: &impl ConnectionTrait, user_id: i32, lang: Lang) -> Result<Option<BuyerBusiness>, AppError> {
    let rows: Vec<_> = business_row(db, user_id).await?.into_iter().collect();
    Ok(business_views(db, rows, lang).await?.pop())
}

/// Businesses waiting for the office, oldest first.
pub async fn pending_buyers(db: &impl ConnectionTrait, lang: Lang) -> Result<Vec<BuyerBusiness>, AppError> {
    let rows = buyer_business::Entity::find()
        .filter(buyer_business::Column::Verification.eq(VerificationStatus::Pending))
        .order_by_asc(buyer_business::Column::CreatedAt)
        .order_by_asc(buyer_business::Column::Id)
        .all(db)
        .await?;
    business_views(db, rows, lang).await
}

/// Verifies or rejects a pending business; a rejection needs a reason, which the buyer sees.
pub async fn review_buyer(db: &impl ConnectionTrait, business_id: i32, approve: bool, note: &str) -> Result<(), AppError> {
    let note = check_text(note, !approve, MAX_NOTE_CHARS).map_err(|p| AppError::invalid("note", p))?;
    let to = if approve { VerificationStatus::Verified } else { VerificationStatus::Rejected };
    // Conditional on still pending: of two clicks at once, one wins and the other conflicts.
    let done = buyer_business::Entity::update_many()
        .col_expr(buyer_business::Column::Verification, Expr::value(to.code()))
        .col_expr(buyer_business::Column::ReviewNote, Expr::value((!note.is_empty()).then_some(note)))
        .filter(buyer_business::Column::Id.eq(business_id))
        .filter(buyer_business::Column::Verification.eq(VerificationStatus::Pending))
        .exec(db)
        .await?;
    if done.rows_affected == 1 {
        Ok(())
    } else if buyer_business::Entity::find_by_id(business_id).one(db).await?.is_some() {
        Err(AppError::Conflict)
    } else {
        Err(AppError::NotFound)
    }
}

// ---------------------------------------------------------------- wholesale terms

fn is_public(p: &product::Model, maker: Option<&producer::Model>) -> bool {
    p.status == ProductStatus::Published && maker.is_some_and(|m| m.verification == VerificationStatus::Verified)
}

fn terms(p: &product::Model, lang: Lang) -> Option<WholesaleTerms> {
    Some(WholesaleTerms {
        product_id: p.id,
        product: localized(lang, &p.name_vi, p.name_en.as_deref()),
        price: Vnd::new(p.wholesale_price_vnd?).ok()?,
        min_order_qty: p.min_order_qty.unwrap_or(1),
        unit: p.unit,
    })
}

/// The wholesale terms of one public product, if it has any. Callers check the buyer first.
pub async fn wholesale_for_product(db: &impl ConnectionTrait, product_id: i32, lang: Lang) -> Result<Option<WholesaleTerms>, AppError> {
    let Some(p) = product::Entity::find_by_id(product_id).one(db).await? else { return Err(AppError::NotFound) };
    let maker = producer::Entity::find_by_id(p.producer_id).one(db).await?;
    if !is_public(&p, maker.as_ref()) {
        return Err(AppError::NotFound);
    }
    Ok(terms(&p, lang))
}

/// The wholesale terms of a verified producer's public products. Callers check the buyer first.
pub async fn wholesale_for_producer(db: &impl ConnectionTrait, slug: &Slug, lang: Lang) -> Result<Vec<WholesaleTerms>, AppError> {
    let maker = producer::Entity::find()
        .filter(producer::Column::Slug.eq(slug.as_str()))
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(product::Entity::find()
        .filter(product::Column::ProducerId.eq(maker.id))
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .filter(product::Column::WholesalePriceVnd.is_not_null())
        .order_by_asc(product::Column::NameVi)
        .limit(200)
        .all(db)
        .await?
        .iter()
        .filter_map(|p| terms(p, lang))
        .collect())
}

// ---------------------------------------------------------------- audiences

/// The ids an audience's slugs stand for; an unknown slug is a field error.
struct ResolvedAudience {
    category_id: Option<i32>,
    district_id: Option<i32>,
    min_stars: Option<i16>,
    kind: Option<ProducerKind>,
}

async fn resolve(db: &impl ConnectionTrait, audience: &Audience) -> Result<ResolvedAudience, AppError> {
    let category_id = match &audience.category {
        Some(slug) => Some(
            category::Entity::find()
                .filter(category::Column::Slug.eq(slug.as_str()))
                .one(db)
                .await?
                .map(|c| c.id)
                .ok_or_else(|| AppError::invalid("category", Problem::Unknown))?,
        ),
        None => None,
    };
    let district_id = match &audience.district {
        Some(slug) => Some(district_id(db, slug, "district").await?),
        None => None,
    };
    Ok(ResolvedAudience { category_id, district_id, min_stars: audience.min_stars.map(|s| i16::from(s.get())), kind: audience.kind })
}

/// Public products matching an audience, as (producer, product) pairs. Stars count only
/// while the rating is valid.
async fn matching_products(db: &impl ConnectionTrait, a: &ResolvedAudience, today: NaiveDate) -> Result<Vec<(i32, i32)>, AppError> {
    let mut q = product::Entity::find()
        .select_only()
        .column(product::Column::ProducerId)
        .column(product::Column::Id)
        .inner_join(producer::Entity)
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified));
    if let Some(c) = a.category_id {
        q = q.filter(Condition::any().add(product::Column::CategoryId.eq(c)).add(product::Column::TopCategoryId.eq(c)));
    }
    if let Some(d) = a.district_id {
        q = q.filter(product::Column::DistrictId.eq(d));
    }
    if let Some(s) = a.min_stars {
        q = q.filter(product::Column::OcopStars.gte(s)).filter(product::Column::OcopExpiresOn.gte(today));
    }
    if let Some(k) = a.kind {
        q = q.filter(product::Column::ProducerKind.eq(k));
    }
    Ok(q.order_by_asc(product::Column::ProducerId).order_by_asc(product::Column::Id).into_tuple::<(i32, i32)>().all(db).await?)
}

fn by_producer(pairs: Vec<(i32, i32)>) -> Vec<(i32, Vec<i32>)> {
    let mut out: Vec<(i32, Vec<i32>)> = Vec::new();
    for (producer, product) in pairs {
        match out.last_mut() {
            Some((p, list)) if *p == producer => list.push(product),
            _ => out.push((producer, vec![product])),
        }
    }
    out
}

/// How many producers a broadcast to `audience` would reach.
pub async fn broadcast_reach(db: &impl ConnectionTrait, audience: &Audience, today: NaiveDate) -> Result<u64, AppError> {
    let a = resolve(db, audience).await?;
    Ok(by_producer(matching_products(db, &a, today).await?).len() as u64)
}

// ---------------------------------------------------------------- requests

fn request_row(buyer: i32, producer: i32, broadcast: Option<i32>, input: &RequestInput, now: DateTime<Utc>) -> trade_request::ActiveModel {
    trade_request::ActiveModel {
        buyer_user_id: Set(buyer),
        producer_id: Set(producer),
        broadcast_id: Set(broadcast),
        quantity: Set(input.quantity),
        unit: Set(input.unit),
        target_price_vnd: Set(input.target_price.map(Vnd::amount)),
        wanted_by: Set(input.wanted_by),
        delivery_place: Set(input.delivery_place.clone()),
        message: Set(input.message.clone()),
        status: Set(TradeStatus::Open),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

async fn attach_products(db: &impl ConnectionTrait, request_id: i32, product_ids: &[i32]) -> Result<(), AppError> {
    if product_ids.is_empty() {
        return Ok(());
    }
    let rows = product_ids.iter().take(MAX_REQUEST_PRODUCTS).map(|p| trade_request_product::ActiveModel { request_id: Set(request_id), product_id: Set(*p) });
    trade_request_product::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// A verified buyer's request to one verified producer about some of its public products.
pub async fn send_request(db: &DatabaseConnection, buyer_user_id: i32, input: RequestInput, now: DateTime<Utc>) -> Result<i32, AppError> {
    let slug = input.producer.clone().ok_or_else(|| AppError::invalid("producer", Problem::Required))?;
    let txn = begin_write(db).await?;
    // Read with a share lock: a suspension of the producer at the same moment waits for this
    // request. (Its products are not locked: a checkout holds them in its own order.)
    let maker = producer::Entity::find()
        .filter(producer::Column::Slug.eq(slug.as_str()))
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
        .lock_shared()
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::invalid("producer", Problem::Unknown))?;
    if !input.product_ids.is_empty() {
        let found = product::Entity::find()
            .filter(product::Column::Id.is_in(input.product_ids.clone()))
            .filter(product::Column::ProducerId.eq(maker.id))
            .filter(product::Column::Status.eq(ProductStatus::Published))
            .count(&txn)
            .await?;
        if found != input.product_ids.len() as u64 {
            return Err(AppError::invalid("products", Problem::Unknown));
        }
    }
    let request = request_row(buyer_user_id, maker.id, None, &input, now).insert(&txn).await?;
    attach_products(&txn, request.id, &input.product_ids).await?;
    txn.commit().await?;
    Ok(request.id)
}

/// Sends one request to every producer the audience reaches, each naming its matching
/// products; all of it or nothing. Refused when it would reach none, or more than
/// [`MAX_BROADCAST_REACH`] (the buyer narrows the audience first).
pub async fn broadcast(
    db: &DatabaseConnection,
    buyer_user_id: i32,
    audience: &Audience,
    input: RequestInput,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(i32, u64), AppError> {
    // The reach is read and the requests written in one write transaction (a producer
    // suspended meanwhile may still get its request, as if it had come a moment earlier).
    let txn = begin_write(db).await?;
    let a = resolve(&txn, audience).await?;
    let reached = by_producer(matching_products(&txn, &a, today).await?);
    if reached.is_empty() {
        return Err(AppError::invalid("audience", Problem::Required));
    }
    if reached.len() as u64 > MAX_BROADCAST_REACH {
        return Err(AppError::invalid("audience", Problem::TooLong));
    }
    let cast = trade_broadcast::ActiveModel {
        buyer_user_id: Set(buyer_user_id),
        category_id: Set(a.category_id),
        district_id: Set(a.district_id),
        min_stars: Set(a.min_stars),
        producer_kind: Set(a.kind),
        reached: Set(reached.len() as i32),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (producer_id, products) in &reached {
        let request = request_row(buyer_user_id, *producer_id, Some(cast.id), &input, now).insert(&txn).await?;
        attach_products(&txn, request.id, products).await?;
    }
    txn.commit().await?;
    Ok((cast.id, reached.len() as u64))
}

/// The producers a member of `producer_id` acts for: itself, and for a cooperative its
/// member households (the cooperative answers on their behalf).
pub async fn acting_for(db: &impl ConnectionTrait, producer_id: i32) -> Result<Vec<i32>, AppError> {
    let mut ids = vec![producer_id];
    let members = cooperative_member::Entity::find().filter(cooperative_member::Column::CooperativeId.eq(producer_id)).all(db).await?;
    ids.extend(members.into_iter().map(|m| m.member_id));
    Ok(ids)
}

/// Who is looking at requests.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub user_id: i32,
    /// The producers the viewer acts for (empty for a buyer with no storefront).
    pub producers: Vec<i32>,
}

impl Viewer {
    pub async fn of(db: &impl ConnectionTrait, user: &SessionUser) -> Result<Self, AppError> {
        let producers = match &user.producer {
            Some(p) if user.has(Role::ProducerMember) => acting_for(db, p.id).await?,
            _ => Vec::new(),
        };
        Ok(Viewer { user_id: user.id, producers })
    }

    fn side(&self, r: &trade_request::Model) -> Option<Side> {
        if r.buyer_user_id == self.user_id {
            Some(Side::Buyer)
        } else if self.producers.contains(&r.producer_id) {
            Some(Side::Producer)
        } else {
            None
        }
    }
}

async fn latest_quotes(db: &impl ConnectionTrait, request_ids: &[i32]) -> Result<HashMap<i32, trade_quote::Model>, AppError> {
    let mut out = HashMap::new();
    if request_ids.is_empty() {
        return Ok(out);
    }
    for q in trade_quote::Entity::find()
        .filter(trade_quote::Column::RequestId.is_in(request_ids.to_vec()))
        .order_by_desc(trade_quote::Column::Id)
        .all(db)
        .await?
    {
        out.entry(q.request_id).or_insert(q);
    }
    Ok(out)
}

async fn summaries(db: &impl ConnectionTrait, rows: Vec<trade_request::Model>, lang: Lang, today: NaiveDate) -> Result<Vec<RequestSummary>, AppError> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let quotes = latest_quotes(db, &ids).await?;
    let producers = super::detail::producers_by_id(db, rows.iter().map(|r| r.producer_id).collect()).await?;
    let businesses: HashMap<i32, String> = buyer_business::Entity::find()
        .filter(buyer_business::Column::UserId.is_in(rows.iter().map(|r| r.buyer_user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.user_id, b.name))
        .collect();
    let links = if ids.is_empty() {
        Vec::new()
    } else {
        trade_request_product::Entity::find().filter(trade_request_product::Column::RequestId.is_in(ids.clone())).all(db).await?
    };
    let names: HashMap<i32, String> = product::Entity::find()
        .filter(product::Column::Id.is_in(links.iter().map(|l| l.product_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, localized(lang, &p.name_vi, p.name_en.as_deref())))
        .collect();
    let mut products: HashMap<i32, Vec<String>> = HashMap::new();
    for l in links {
        if let Some(n) = names.get(&l.product_id) {
            products.entry(l.request_id).or_default().push(n.clone());
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let quote = quotes.get(&r.id);
            let maker = producers.get(&r.producer_id);
            RequestSummary {
                id: r.id,
                buyer: businesses.get(&r.buyer_user_id).cloned().unwrap_or_default(),
                producer: maker.map(|m| link(&m.slug, &m.name)).unwrap_or_else(|| link("co-so", "")),
                products: products.remove(&r.id).unwrap_or_default(),
                quantity: r.quantity,
                unit: r.unit,
                status: effective_status(r.status, r.wanted_by, quote.map(|q| q.valid_until), today),
                broadcast: r.broadcast_id.is_some(),
                created_at: format_datetime(r.created_at, lang),
                quoted_price: quote.and_then(|q| Vnd::new(q.price_vnd).ok()),
            }
        })
        .collect())
}

/// The buyer's requests, newest first.
pub async fn buyer_requests(db: &impl ConnectionTrait, buyer_user_id: i32, lang: Lang, today: NaiveDate) -> Result<Vec<RequestSummary>, AppError> {
    let rows = trade_request::Entity::find()
        .filter(trade_request::Column::BuyerUserId.eq(buyer_user_id))
        .order_by_desc(trade_request::Column::CreatedAt)
        .order_by_desc(trade_request::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    summaries(db, rows, lang, today).await
}

/// Requests to the producers a viewer acts for, newest first.
pub async fn producer_requests(db: &impl ConnectionTrait, producers: &[i32], lang: Lang, today: NaiveDate) -> Result<Vec<RequestSummary>, AppError> {
    if producers.is_empty() {
        return Ok(Vec::new());
    }
    let rows = trade_request::Entity::find()
        .filter(trade_request::Column::ProducerId.is_in(producers.to_vec()))
        .order_by_desc(trade_request::Column::CreatedAt)
        .order_by_desc(trade_request::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    summaries(db, rows, lang, today).await
}

async fn visible_request(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> Result<(trade_request::Model, Side), AppError> {
    let r = trade_request::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let side = viewer.side(&r).ok_or(AppError::NotFound)?;
    Ok((r, side))
}

/// [`visible_request`], its row locked for the rest of the write transaction: quotes,
/// acceptances and declines of one request run one after another, each seeing the status
/// and latest quote the one before left.
async fn locked_request(db: &impl ConnectionTrait, viewer: &Viewer, id: i32) -> Result<(trade_request::Model, Side), AppError> {
    let r = trade_request::Entity::find_by_id(id).lock_for_write().one(db).await?.ok_or(AppError::NotFound)?;
    let side = viewer.side(&r).ok_or(AppError::NotFound)?;
    Ok((r, side))
}

pub async fn request_detail(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, lang: Lang, today: NaiveDate) -> Result<RequestDetail, AppError> {
    let (r, viewer_side) = visible_request(db, viewer, id).await?;
    let (target_price, wanted_by, place, message, buyer_id) =
        (r.target_price_vnd, r.wanted_by, r.delivery_place.clone(), r.message.clone(), r.buyer_user_id);
    let summary = summaries(db, vec![r], lang, today).await?.pop().ok_or(AppError::NotFound)?;
    let quotes = trade_quote::Entity::find().filter(trade_quote::Column::RequestId.eq(id)).order_by_asc(trade_quote::Column::Id).all(db).await?;
    let quoting = super::detail::producers_by_id(db, quotes.iter().map(|q| q.producer_id).collect()).await?;
    let messages = trade_message::Entity::find().filter(trade_message::Column::RequestId.eq(id)).order_by_asc(trade_message::Column::Id).all(db).await?;
    let authors: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(messages.iter().map(|m| m.author_user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let business = business_row(db, buyer_id).await?;
    let live = matches!(summary.status, TradeStatus::Open | TradeStatus::Quoted);
    Ok(RequestDetail {
        can_quote: viewer_side == Side::Producer && live,
        can_accept: viewer_side == Side::Buyer && summary.status == TradeStatus::Quoted,
        can_decline: live,
        viewer: viewer_side,
        target_price: target_price.and_then(|p| Vnd::new(p).ok()),
        wanted_by: wanted_by.map(|d| format_date(d, lang)),
        delivery_place: place,
        message,
        buyer_contact: (viewer_side == Side::Producer).then(|| business.map(|b| format!("{} · {}", b.contact_person, b.phone))).flatten(),
        quotes: quotes
            .into_iter()
            .filter_map(|q| {
                Some(QuoteView {
                    id: q.id,
                    price: Vnd::new(q.price_vnd).ok()?,
                    quantity: q.quantity,
                    lead_time_days: q.lead_time_days,
                    valid_until: format_date(q.valid_until, lang),
                    by: quoting.get(&q.producer_id).map(|p| p.name.clone()).unwrap_or_default(),
                    at: format_datetime(q.created_at, lang),
                })
            })
            .collect(),
        messages: messages
            .into_iter()
            .map(|m| MessageView {
                author: authors.get(&m.author_user_id).cloned().unwrap_or_default(),
                side: if m.from_buyer { Side::Buyer } else { Side::Producer },
                body: m.body,
                at: format_datetime(m.created_at, lang),
            })
            .collect(),
        summary,
    })
}

/// Stored and effective status of a request, with its latest quote's validity.
async fn live_status(db: &impl ConnectionTrait, r: &trade_request::Model, today: NaiveDate) -> Result<TradeStatus, AppError> {
    let quote = latest_quotes(db, &[r.id]).await?.remove(&r.id);
    Ok(effective_status(r.status, r.wanted_by, quote.map(|q| q.valid_until), today))
}

/// Moves a request from one of `from` to `to`, conditionally, so two answers at once cannot
/// both win.
async fn transition(db: &impl ConnectionTrait, id: i32, from: &[TradeStatus], to: TradeStatus, now: DateTime<Utc>) -> Result<(), AppError> {
    let done = trade_request::Entity::update_many()
        .col_expr(trade_request::Column::Status, Expr::value(to.code()))
        .col_expr(trade_request::Column::UpdatedAt, Expr::value(now))
        .filter(trade_request::Column::Id.eq(id))
        .filter(trade_request::Column::Status.is_in(from.iter().map(|s| s.code()).collect::<Vec<_>>()))
        .exec(db)
        .await?;
    if done.rows_affected == 1 { Ok(()) } else { Err(AppError::Conflict) }
}

/// The producer side quotes (or quotes again) on an open or quoted request.
pub async fn quote(db: &DatabaseConnection, viewer: &Viewer, id: i32, input: QuoteInput, now: DateTime<Utc>, today: NaiveDate) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let (r, side) = locked_request(&txn, viewer, id).await?;
    if side != Side::Producer {
        return Err(AppError::Forbidden);
    }
    if !matches!(live_status(&txn, &r, today).await?, TradeStatus::Open | TradeStatus::Quoted) {
        return Err(AppError::Conflict);
    }
    // The one answering: the producer asked, or the cooperative answering for its member.
    let answering = viewer.producers.first().copied().unwrap_or(r.producer_id);
    transition(&txn, id, &[TradeStatus::Open, TradeStatus::Quoted], TradeStatus::Quoted, now).await?;
    trade_quote::ActiveModel {
        request_id: Set(id),
        producer_id: Set(answering),
        author_user_id: Set(viewer.user_id),
        price_vnd: Set(input.price.amount()),
        quantity: Set(input.quantity),
        lead_time_days: Set(input.lead_time_days),
        valid_until: Set(input.valid_until),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The buyer accepts the latest quote, while it is valid.
pub async fn accept(db: &DatabaseConnection, viewer: &Viewer, id: i32, now: DateTime<Utc>, today: NaiveDate) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let (r, side) = locked_request(&txn, viewer, id).await?;
    if side != Side::Buyer {
        return Err(AppError::Forbidden);
    }
    if live_status(&txn, &r, today).await? != TradeStatus::Quoted {
        return Err(AppError::Conflict);
    }
    transition(&txn, id, &[TradeStatus::Quoted], TradeStatus::Accepted, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Either side declines a live request: the producer instead of quoting, the buyer a quote
/// (or its own request).
pub async fn decline(db: &DatabaseConnection, viewer: &Viewer, id: i32, now: DateTime<Utc>, today: NaiveDate) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let (r, _) = locked_request(&txn, viewer, id).await?;
    if !matches!(live_status(&txn, &r, today).await?, TradeStatus::Open | TradeStatus::Quoted) {
        return Err(AppError::Conflict);
    }
    transition(&txn, id, &[TradeStatus::Open, TradeStatus::Quoted], TradeStatus::Declined, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a message to a request's thread, from whichever side the viewer is on.
pub async fn post_message(db: &impl ConnectionTrait, viewer: &Viewer, id: i32, body: String, now: DateTime<Utc>) -> Result<(), AppError> {
    let (_, side) = visible_request(db, viewer, id).await?;
    trade_message::ActiveModel {
        request_id: Set(id),
        author_user_id: Set(viewer.user_id),
        from_buyer: Set(side == Side::Buyer),
        body: Set(body),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------- matchmaking

/// Producers to suggest to a buyer: verified producers with public products in the
/// categories and districts the buyer asked about before (at the lowest stars it asked
/// for), that it has not sent a request to yet; most matching products first.
pub async fn suggestions(db: &impl ConnectionTrait, buyer_user_id: i32, today: NaiveDate) -> Result<Vec<Suggestion>, AppError> {
    let asked = trade_request::Entity::find().filter(trade_request::Column::BuyerUserId.eq(buyer_user_id)).limit(500).all(db).await?;
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let asked_producers: BTreeSet<i32> = asked.iter().map(|r| r.producer_id).collect();
    let ids: Vec<i32> = asked.iter().map(|r| r.id).collect();
    let named: Vec<i32> = trade_request_product::Entity::find()
        .filter(trade_request_product::Column::RequestId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.product_id)
        .collect();
    let products = product::Entity::find().filter(product::Column::Id.is_in(named)).all(db).await?;
    let mut categories: BTreeSet<i32> = products.iter().filter_map(|p| p.top_category_id).collect();
    let mut districts: BTreeSet<i32> = products.iter().filter_map(|p| p.district_id).collect();
    let mut stars: Option<i16> = products.iter().filter_map(|p| p.ocop_stars).min();
    let casts = trade_broadcast::Entity::find().filter(trade_broadcast::Column::BuyerUserId.eq(buyer_user_id)).all(db).await?;
    let all_categories = category::Entity::find().all(db).await?;
    for c in &casts {
        if let Some(id) = c.category_id {
            categories.insert(all_categories.iter().find(|k| k.id == id).and_then(|k| k.parent_id).unwrap_or(id));
        }
        districts.extend(c.district_id);
        if let Some(s) = c.min_stars {
            stars = Some(stars.map_or(s, |t| t.min(s)));
        }
    }
    let mut q = product::Entity::find()
        .select_only()
        .column(product::Column::ProducerId)
        .column_as(product::Column::Id.count(), "n")
        .inner_join(producer::Entity)
        .filter(product::Column::Status.eq(ProductStatus::Published))
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
        .filter(product::Column::ProducerId.is_not_in(asked_producers.iter().copied().collect::<Vec<_>>()));
    if !categories.is_empty() {
        q = q.filter(product::Column::TopCategoryId.is_in(categories.into_iter().collect::<Vec<_>>()));
    }
    if !districts.is_empty() {
        q = q.filter(product::Column::DistrictId.is_in(districts.into_iter().collect::<Vec<_>>()));
    }
    if let Some(s) = stars {
        q = q.filter(product::Column::OcopStars.gte(s)).filter(product::Column::OcopExpiresOn.gte(today));
    }
    let counts: Vec<(i32, i64)> = q
        .group_by(product::Column::ProducerId)
        .order_by_desc(Expr::col(sea_orm::sea_query::Alias::new("n")))
        .order_by_asc(product::Column::ProducerId)
        .limit(6)
        .into_tuple()
        .all(db)
        .await?;
    let makers = super::detail::producers_by_id(db, counts.iter().map(|(p, _)| *p).collect()).await?;
    let villages: HashMap<i32, String> = village::Entity::find()
        .filter(village::Column::Id.is_in(makers.values().filter_map(|m| m.village_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.name))
        .collect();
    let communes: HashMap<i32, i32> = commune::Entity::find()
        .filter(commune::Column::Id.is_in(makers.values().map(|m| m.commune_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.district_id))
        .collect();
    let district_names: HashMap<i32, String> = district::Entity::find().all(db).await?.into_iter().map(|d| (d.id, d.name)).collect();
    Ok(counts
        .into_iter()
        .filter_map(|(id, n)| {
            let m = makers.get(&id)?;
            Some(Suggestion {
                producer: link(&m.slug, &m.name),
                kind: m.kind,
                district: communes.get(&m.commune_id).and_then(|d| district_names.get(d)).cloned().unwrap_or_default(),
                village: m.village_id.and_then(|v| villages.get(&v).cloned()),
                matching_products: n.max(0) as u64,
            })
        })
        .collect())
}

/// The categories (each top-level one followed by its subcategories) and districts the
/// request forms offer.
pub async fn choices(db: &impl ConnectionTrait, lang: Lang) -> Result<TradeChoices, AppError> {
    let all = category::Entity::find().order_by_asc(category::Column::Position).order_by_asc(category::Column::Id).all(db).await?;
    let name = |c: &category::Model| if lang == Lang::En { c.name_en.clone() } else { c.name_vi.clone() };
    let mut categories = Vec::with_capacity(all.len());
    for top in all.iter().filter(|c| c.parent_id.is_none()) {
        categories.push(link(&top.slug, &name(top)));
        for leaf in all.iter().filter(|c| c.parent_id == Some(top.id)) {
            categories.push(link(&leaf.slug, &format!("— {}", name(leaf))));
        }
    }
    let districts = district::Entity::find()
        .order_by_asc(district::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|d| link(&d.slug, &d.name))
        .collect();
    Ok(TradeChoices { categories, districts })
}
