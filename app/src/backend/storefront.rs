//! A producer's own storefront: applying to sell, the profile, products, stock and photos.
//!
//! Every function takes the caller's producer id (from `backend::auth`) and touches only rows
//! of that producer: a product id of another producer is `Forbidden`, an unknown one
//! `NotFound`, and nothing is written in either case. Writes that change what the catalog
//! shows refresh the listing columns in the same transaction. Writes that check the row
//! first (publishing, photos) lock the product for their write transaction.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use super::accounts::grant;
use super::db::{begin_write, is_unique_violation, LockForWrite};
use super::entities::*;
use super::listing;
use crate::domain::storefront::{
    PhotoMove, Application, EditorChoices, MyProduct, Photo, Profile, ProductDraft, ProductForm, ProductInput, ProfileForm, Storefront,
};
use crate::domain::text::fold;
use crate::domain::{ProducerKind, ProductStatus, Role, Slug, VerificationStatus, Vnd};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;

/// Most photos one product keeps.
pub const MAX_PHOTOS: u64 = 12;

/// A slug from `name` that no row of `taken` uses yet.
pub(crate) async fn free_slug<F, Fut>(name: &str, fallback: &str, taken: F) -> Result<String, AppError>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<bool, sea_orm::DbErr>>,
{
    let base = Slug::from_name(name).or_else(|| Slug::from_name(fallback)).ok_or(AppError::Internal)?;
    let mut candidate = base.clone();
    let mut n = 2;
    while taken(candidate.to_string()).await? {
        candidate = base.with_suffix(n);
        n += 1;
        if n > 500 {
            return Err(AppError::Conflict);
        }
    }
    Ok(candidate.to_string())
}

/// Inserts a producer, pending the office's verification, under a free slug made from its
/// name; `row` carries the fields that differ between an application and a member household.
async fn insert_pending_producer(
    db: &impl ConnectionTrait,
    mut row: producer::ActiveModel,
    fallback_slug: &str,
) -> Result<producer::Model, AppError> {
    let name = match &row.name {
        sea_orm::ActiveValue::Set(name) => name.clone(),
        _ => String::new(),
    };
    row.slug = Set(free_slug(&name, fallback_slug, |s| async move {
        Ok(producer::Entity::find().filter(producer::Column::Slug.eq(s)).count(db).await? > 0)
    })
    .await?);
    row.story_en = Set(None);
    row.logo_url = Set(None);
    row.banner_url = Set(None);
    row.workers = Set(None);
    row.verification = Set(VerificationStatus::Pending);
    row.review_note = Set(None);
    row.created_at = Set(Utc::now());
    match row.insert(db).await {
        Ok(row) => Ok(row),
        // Another producer took the same free slug at the same moment.
        Err(err) if is_unique_violation(&err) => Err(AppError::Conflict),
        Err(err) => Err(err.into()),
    }
}

/// Turns a user into a producer member of a new, pending producer.
pub async fn apply(db: &DatabaseConnection, user_id: i32, app: Application) -> Result<i32, AppError> {
    let txn = begin_write(db).await?;
    // Locked: of two applications at once, the second sees the first's producer.
    let user = user::Entity::find_by_id(user_id).lock_for_write().one(&txn).await?.ok_or(AppError::Unauthorized)?;
    if user.producer_id.is_some() {
        return Err(AppError::Conflict);
    }
    let (village_id, commune_id) = match &app.village {
        Some(slug) => {
            let v = village::Entity::find()
                .filter(village::Column::Slug.eq(slug.as_str()))
                .one(&txn)
                .await?
                .ok_or_else(|| AppError::invalid("village", Problem::Unknown))?;
            (Some(v.id), v.commune_id)
        }
        None => {
            let id = app.commune_id.ok_or_else(|| AppError::invalid("commune", Problem::Required))?;
            commune::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::invalid("commune", Problem::Unknown))?;
            (None, id)
        }
    };
    let producer = insert_pending_producer(
        &txn,
        producer::ActiveModel {
            kind: Set(app.kind),
            name: Set(app.name),
            village_id: Set(village_id),
            commune_id: Set(commune_id),
            address_line: Set(app.address_line),
            phone: Set(Some(app.phone)),
            email: Set(Some(user.email.clone())),
            story_vi: Set(app.story_vi),
            ..Default::default()
        },
        "co-so",
    )
    .await?;
    let mut member = user.into_active_model();
    member.producer_id = Set(Some(producer.id));
    member.update(&txn).await?;
    grant(&txn, user_id, Role::ProducerMember).await?;
    txn.commit().await?;
    Ok(producer.id)
}

async fn producer_row(db: &impl ConnectionTrait, producer_id: i32) -> Result<producer::Model, AppError> {
    producer::Entity::find_by_id(producer_id).one(db).await?.ok_or(AppError::NotFound)
}

/// Member households of a cooperative, as (id, name).
async fn members(db: &impl ConnectionTrait, producer_id: i32) -> Result<Vec<(i32, String)>, AppError> {
    let ids: Vec<i32> = cooperative_member::Entity::find()
        .filter(cooperative_member::Column::CooperativeId.eq(producer_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.member_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(producer::Entity::find()
        .filter(producer::Column::Id.is_in(ids))
        .order_by_asc(producer::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

pub async fn storefront(db: &impl ConnectionTrait, producer_id: i32) -> Result<Storefront, AppError> {
    let p = producer_row(db, producer_id).await?;
    Ok(Storefront {
        id: p.id,
        slug: Slug::parse(&p.slug).map_err(|_| AppError::Internal)?,
        kind: p.kind,
        verification: p.verification,
        review_note: p.review_note.clone(),
        members: if p.kind == ProducerKind::Cooperative { members(db, p.id).await? } else { Vec::new() },
        profile: ProfileForm {
            name: p.name,
            story_vi: p.story_vi,
            story_en: p.story_en.unwrap_or_default(),
            address_line: p.address_line,
            phone: p.phone.unwrap_or_default(),
            email: p.email.unwrap_or_default(),
        },
        logo_url: p.logo_url,
        banner_url: p.banner_url,
    })
}

async fn product_ids_of(db: &impl ConnectionTrait, producer_id: i32) -> Result<Vec<i32>, AppError> {
    Ok(product::Entity::find()
        .filter(product::Column::ProducerId.eq(producer_id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect())
}

pub async fn update_profile(db: &DatabaseConnection, producer_id: i32, profile: Profile) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let mut row = producer_row(&txn, producer_id).await?.into_active_model();
    row.name = Set(profile.name);
    row.story_vi = Set(profile.story_vi);
    row.story_en = Set(profile.story_en);
    row.address_line = Set(profile.address_line);
    row.phone = Set(Some(profile.phone));
    row.email = Set(profile.email);
    row.update(&txn).await?;
    // The producer's name is part of every product's search text.
    listing::refresh(&txn, &product_ids_of(&txn, producer_id).await?).await?;
    txn.commit().await?;
    Ok(())
}

/// Sets the logo or the banner; returns the URLs it replaced, for removal from the store.
pub async fn set_brand_image(
    db: &DatabaseConnection,
    producer_id: i32,
    banner: bool,
    url: String,
) -> Result<Option<String>, AppError> {
    let txn = begin_write(db).await?;
    // Locked: of two uploads at once, each replaces (and hands back) a different image.
    let p = producer::Entity::find_by_id(producer_id).lock_for_write().one(&txn).await?.ok_or(AppError::NotFound)?;
    let old = if banner { p.banner_url.clone() } else { p.logo_url.clone() };
    let mut row = p.into_active_model();
    if banner {
        row.banner_url = Set(Some(url));
    } else {
        row.logo_url = Set(Some(url));
    }
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(old)
}

/// The producer's products, newest first, optionally narrowed by words and status.
pub async fn my_products(
    db: &impl ConnectionTrait,
    producer_id: i32,
    q: &str,
    status: Option<ProductStatus>,
    lang: Lang,
) -> Result<Vec<MyProduct>, AppError> {
    let mut select = product::Entity::find().filter(product::Column::ProducerId.eq(producer_id));
    if let Some(status) = status {
        select = select.filter(product::Column::Status.eq(status));
    }
    let rows = select.order_by_desc(product::Column::CreatedAt).order_by_desc(product::Column::Id).all(db).await?;
    let words: Vec<String> = fold(q).split_whitespace().map(str::to_owned).collect();
    let rows: Vec<product::Model> = rows
        .into_iter()
        .filter(|p| {
            let text = fold(&format!("{} {}", p.name_vi, p.name_en.as_deref().unwrap_or("")));
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect();
    let ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let covers = covers(db, &ids).await?;
    let member_ids: Vec<i32> = rows.iter().filter_map(|p| p.member_producer_id).collect();
    let member_names: std::collections::HashMap<i32, String> = if member_ids.is_empty() {
        Default::default()
    } else {
        producer::Entity::find().filter(producer::Column::Id.is_in(member_ids)).all(db).await?.into_iter().map(|p| (p.id, p.name)).collect()
    };
    Ok(rows
        .into_iter()
        .map(|p| MyProduct {
            id: p.id,
            slug: Slug::parse(&p.slug).unwrap_or_else(|_| Slug::from_name("san-pham").expect("valid")),
            name: match lang {
                Lang::En => p.name_en.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| p.name_vi.clone()),
                Lang::Vi => p.name_vi.clone(),
            },
            price: Vnd::new(p.price_vnd).unwrap_or(Vnd::ZERO),
            unit: p.unit,
            stock: p.stock,
            status: p.status,
            image_url: covers.get(&p.id).cloned(),
            member_name: p.member_producer_id.and_then(|m| member_names.get(&m).cloned()),
            moderation_note: p.moderation_note.clone(),
        })
        .collect())
}

/// The cover (first photo's thumbnail) of each product.
async fn covers(db: &impl ConnectionTrait, ids: &[i32]) -> Result<std::collections::HashMap<i32, String>, AppError> {
    let mut out = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let images = product_image::Entity::find()
        .filter(product_image::Column::ProductId.is_in(ids.to_vec()))
        .order_by_asc(product_image::Column::Position)
        .order_by_asc(product_image::Column::Id)
        .all(db)
        .await?;
    for img in images {
        out.entry(img.product_id).or_insert_with(|| img.thumb_url.unwrap_or(img.url));
    }
    Ok(out)
}

/// A product of `producer_id`: `NotFound` when there is none, `Forbidden` when it is another's.
pub async fn own_product(db: &impl ConnectionTrait, producer_id: i32, product_id: i32) -> Result<product::Model, AppError> {
    let p = product::Entity::find_by_id(product_id).one(db).await?.ok_or(AppError::NotFound)?;
    if p.producer_id != producer_id {
        return Err(AppError::Forbidden);
    }
    Ok(p)
}

/// [`own_product`], its row locked for the rest of the write transaction: the producer's
/// edits of one product (status, photos) and the office's moderation of it run one after
/// another, each checking what the one before left.
async fn locked_product(db: &impl ConnectionTrait, producer_id: i32, product_id: i32) -> Result<product::Model, AppError> {
    let p = product::Entity::find_by_id(product_id).lock_for_write().one(db).await?.ok_or(AppError::NotFound)?;
    if p.producer_id != producer_id {
        return Err(AppError::Forbidden);
    }
    Ok(p)
}

pub async fn photos(db: &impl ConnectionTrait, product_id: i32) -> Result<Vec<Photo>, AppError> {
    Ok(product_image::Entity::find()
        .filter(product_image::Column::ProductId.eq(product_id))
        .order_by_asc(product_image::Column::Position)
        .order_by_asc(product_image::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| Photo { id: i.id, thumb_url: i.thumb_url.clone().unwrap_or_else(|| i.url.clone()), url: i.url, position: i.position })
        .collect())
}

pub async fn product_draft(db: &impl ConnectionTrait, producer_id: i32, product_id: i32) -> Result<ProductDraft, AppError> {
    let p = own_product(db, producer_id, product_id).await?;
    let category = category::Entity::find_by_id(p.category_id).one(db).await?.map(|c| c.slug).unwrap_or_default();
    Ok(ProductDraft {
        id: p.id,
        slug: Slug::parse(&p.slug).map_err(|_| AppError::Internal)?,
        status: p.status,
        photos: photos(db, p.id).await?,
        form: ProductForm {
            name_vi: p.name_vi,
            name_en: p.name_en.unwrap_or_default(),
            description_vi: p.description_vi,
            description_en: p.description_en.unwrap_or_default(),
            category,
            price: p.price_vnd.to_string(),
            unit: p.unit.code().to_owned(),
            stock: p.stock.to_string(),
            wholesale_price: p.wholesale_price_vnd.map(|w| w.to_string()).unwrap_or_default(),
            min_order_qty: p.min_order_qty.map(|m| m.to_string()).unwrap_or_default(),
            retail_min_qty: p.retail_min_qty.map(|m| m.to_string()).unwrap_or_default(),
            member: p.member_producer_id.map(|m| m.to_string()).unwrap_or_default(),
        },
    })
}

/// The leaf category a form names, or a field error.
async fn leaf_category(db: &impl ConnectionTrait, slug: &Slug) -> Result<i32, AppError> {
    let c = category::Entity::find()
        .filter(category::Column::Slug.eq(slug.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("category", Problem::Unknown))?;
    if c.parent_id.is_none() {
        // Products sit in a leaf category, so the catalog's two levels stay exact.
        return Err(AppError::invalid("category", Problem::Unknown));
    }
    Ok(c.id)
}

/// The member household a cooperative lists a product for must be one of its members.
async fn check_member(db: &impl ConnectionTrait, producer_id: i32, member: Option<i32>) -> Result<(), AppError> {
    if let Some(member) = member {
        let is_member = cooperative_member::Entity::find_by_id((producer_id, member)).one(db).await?.is_some();
        if !is_member {
            return Err(AppError::invalid("member", Problem::Unknown));
        }
    }
    Ok(())
}

fn apply_input(row: &mut product::ActiveModel, input: ProductInput, category_id: i32) {
    row.name_vi = Set(input.name_vi);
    row.name_en = Set(input.name_en);
    row.description_vi = Set(input.description_vi);
    row.description_en = Set(input.description_en);
    row.category_id = Set(category_id);
    row.price_vnd = Set(input.price.amount());
    row.unit = Set(input.unit);
    row.stock = Set(input.stock);
    row.wholesale_price_vnd = Set(input.wholesale_price.map(Vnd::amount));
    row.min_order_qty = Set(Some(input.min_order_qty));
    row.retail_min_qty = Set(Some(input.retail_min_qty).filter(|m| *m > 1));
    row.member_producer_id = Set(input.member);
    row.updated_at = Set(Utc::now());
}

/// Creates a draft product; returns its id.
pub async fn create_product(db: &DatabaseConnection, producer_id: i32, input: ProductInput) -> Result<i32, AppError> {
    let txn = begin_write(db).await?;
    producer_row(&txn, producer_id).await?;
    let category_id = leaf_category(&txn, &input.category).await?;
    check_member(&txn, producer_id, input.member).await?;
    let slug = free_slug(&input.name_vi, "san-pham", |s| {
        let txn = &txn;
        async move { Ok(product::Entity::find().filter(product::Column::Slug.eq(s)).count(txn).await? > 0) }
    })
    .await?;
    let now = Utc::now();
    let mut row = product::ActiveModel {
        producer_id: Set(producer_id),
        slug: Set(slug),
        status: Set(ProductStatus::Draft),
        search_folded: Set(String::new()),
        search_body_folded: Set(String::new()),
        search_accented: Set(String::new()),
        district_id: Set(None),
        village_id: Set(None),
        producer_kind: Set(None),
        top_category_id: Set(None),
        ocop_stars: Set(None),
        ocop_expires_on: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    apply_input(&mut row, input, category_id);
    let inserted = match row.insert(&txn).await {
        Ok(p) => p,
        Err(err) if is_unique_violation(&err) => return Err(AppError::Conflict),
        Err(err) => return Err(err.into()),
    };
    listing::refresh(&txn, &[inserted.id]).await?;
    txn.commit().await?;
    Ok(inserted.id)
}

pub async fn update_product(db: &DatabaseConnection, producer_id: i32, product_id: i32, input: ProductInput) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let p = locked_product(&txn, producer_id, product_id).await?;
    let category_id = leaf_category(&txn, &input.category).await?;
    check_member(&txn, producer_id, input.member).await?;
    let mut row = p.into_active_model();
    apply_input(&mut row, input, category_id);
    row.update(&txn).await?;
    listing::refresh(&txn, &[product_id]).await?;
    txn.commit().await?;
    Ok(())
}

/// A copy of a product as a new draft (its photos are shared files, listed again).
pub async fn duplicate_product(db: &DatabaseConnection, producer_id: i32, product_id: i32, lang: Lang) -> Result<i32, AppError> {
    let draft = product_draft(db, producer_id, product_id).await?;
    let mut form = draft.form;
    form.name_vi = format!("{} ({})", form.name_vi, lang.t(crate::i18n::Msg::CopySuffix));
    form.name_vi = form.name_vi.chars().take(crate::domain::storefront::MAX_PRODUCT_NAME_CHARS).collect();
    let input = form.validate()?;
    let new_id = create_product(db, producer_id, input).await?;
    let txn = begin_write(db).await?;
    for photo in product_image::Entity::find().filter(product_image::Column::ProductId.eq(product_id)).all(&txn).await? {
        product_image::ActiveModel {
            product_id: Set(new_id),
            url: Set(photo.url),
            position: Set(photo.position),
            alt_vi: Set(photo.alt_vi),
            alt_en: Set(photo.alt_en),
            thumb_url: Set(photo.thumb_url),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(new_id)
}

pub async fn set_status(db: &DatabaseConnection, producer_id: i32, product_id: i32, status: ProductStatus) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    // Locked: a moderation or the removal of the last photo at the same moment is seen.
    let p = locked_product(&txn, producer_id, product_id).await?;
    if status == ProductStatus::Published {
        // Taken down by the office: it stays down until the office lifts it.
        if p.moderation_note.is_some() {
            return Err(AppError::Forbidden);
        }
        let photos = product_image::Entity::find().filter(product_image::Column::ProductId.eq(product_id)).count(&txn).await?;
        if photos == 0 {
            return Err(AppError::invalid("photos", Problem::Required));
        }
    }
    let mut row = p.into_active_model();
    row.status = Set(status);
    row.updated_at = Set(Utc::now());
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn set_stock(db: &impl ConnectionTrait, producer_id: i32, product_id: i32, stock: i32) -> Result<(), AppError> {
    // One statement, conditional on the owner; the product only tells why when it fails.
    let done = product::Entity::update_many()
        .col_expr(product::Column::Stock, Expr::value(stock))
        .col_expr(product::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(product::Column::Id.eq(product_id))
        .filter(product::Column::ProducerId.eq(producer_id))
        .exec(db)
        .await?;
    if done.rows_affected == 1 {
        return Ok(());
    }
    own_product(db, producer_id, product_id).await?;
    Err(AppError::NotFound)
}

/// Adds a stored photo at the end of a product's photos.
pub async fn add_photo(db: &DatabaseConnection, producer_id: i32, product_id: i32, url: String, thumb_url: String) -> Result<i32, AppError> {
    let txn = begin_write(db).await?;
    // Locked: concurrent uploads count and place their photos one after another.
    let p = locked_product(&txn, producer_id, product_id).await?;
    let existing = photos(&txn, product_id).await?;
    if existing.len() as u64 >= MAX_PHOTOS {
        return Err(AppError::invalid("photo", Problem::OutOfRange));
    }
    let position = existing.iter().map(|p| p.position + 1).max().unwrap_or(0);
    let image = product_image::ActiveModel {
        product_id: Set(product_id),
        url: Set(url),
        thumb_url: Set(Some(thumb_url)),
        position: Set(position),
        alt_vi: Set(p.name_vi.clone()),
        alt_en: Set(p.name_en.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(image.id)
}

/// A photo of one of the producer's products, whose row is then locked (as in [`add_photo`]).
async fn own_photo(db: &impl ConnectionTrait, producer_id: i32, photo_id: i32) -> Result<product_image::Model, AppError> {
    let photo = product_image::Entity::find_by_id(photo_id).one(db).await?.ok_or(AppError::NotFound)?;
    locked_product(db, producer_id, photo.product_id).await?;
    Ok(photo)
}

/// Reorders a product's photos; positions are rewritten 0, 1, 2, … in the new order.
pub async fn move_photo(db: &DatabaseConnection, producer_id: i32, photo_id: i32, how: PhotoMove) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let photo = own_photo(&txn, producer_id, photo_id).await?;
    let mut order: Vec<i32> = photos(&txn, photo.product_id).await?.into_iter().map(|p| p.id).collect();
    let Some(at) = order.iter().position(|id| *id == photo_id) else { return Err(AppError::NotFound) };
    match how {
        PhotoMove::Earlier if at > 0 => order.swap(at, at - 1),
        PhotoMove::Later if at + 1 < order.len() => order.swap(at, at + 1),
        PhotoMove::Cover => {
            let id = order.remove(at);
            order.insert(0, id);
        }
        _ => {}
    }
    for (position, id) in order.into_iter().enumerate() {
        product_image::ActiveModel { id: Set(id), position: Set(position as i32), ..Default::default() }.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Removes a photo; returns its URLs when no other product shows the same file.
pub async fn remove_photo(db: &DatabaseConnection, producer_id: i32, photo_id: i32) -> Result<Vec<String>, AppError> {
    let txn = begin_write(db).await?;
    let photo = own_photo(&txn, producer_id, photo_id).await?;
    // Removed by a concurrent call meanwhile: that call hands its files back, not this one.
    if product_image::Entity::delete_by_id(photo_id).exec(&txn).await?.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    let still_used = product_image::Entity::find().filter(product_image::Column::Url.eq(photo.url.as_str())).count(&txn).await? > 0;
    txn.commit().await?;
    Ok(if still_used { Vec::new() } else { [Some(photo.url), photo.thumb_url].into_iter().flatten().collect() })
}

/// The choices the application and product forms offer.
pub async fn editor_choices(db: &impl ConnectionTrait, lang: Lang) -> Result<EditorChoices, AppError> {
    let name = |vi: &str, en: &str| if lang == Lang::En { en.to_owned() } else { vi.to_owned() };
    let cats = category::Entity::find().order_by_asc(category::Column::Position).all(db).await?;
    let categories = cats
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|top| {
            let leaves = cats.iter().filter(|c| c.parent_id == Some(top.id)).map(|c| (c.slug.clone(), name(&c.name_vi, &c.name_en))).collect();
            (name(&top.name_vi, &top.name_en), leaves)
        })
        .collect();
    let districts = district::Entity::find().order_by_asc(district::Column::Position).all(db).await?;
    let communes_all = commune::Entity::find().order_by_asc(commune::Column::Name).all(db).await?;
    let villages_all = village::Entity::find().order_by_asc(village::Column::Name).all(db).await?;
    let mut communes = Vec::new();
    let mut villages = Vec::new();
    for d in &districts {
        let cs: Vec<&commune::Model> = communes_all.iter().filter(|c| c.district_id == d.id).collect();
        let vs: Vec<(String, String)> = villages_all
            .iter()
            .filter(|v| cs.iter().any(|c| c.id == v.commune_id))
            .map(|v| (v.slug.clone(), v.name.clone()))
            .collect();
        if !cs.is_empty() {
            communes.push((d.name.clone(), cs.iter().map(|c| (c.id, c.name.clone())).collect()));
        }
        if !vs.is_empty() {
            villages.push((d.name.clone(), vs));
        }
    }
    Ok(EditorChoices { categories, villages, communes })
}

/// A producer submits a certificate for one of its products: *pending* until the office
/// verifies it, and only then shown (the public pages read verified certificates only).
pub async fn submit_certificate(
    db: &impl ConnectionTrait,
    producer_id: i32,
    product_id: i32,
    cert: crate::domain::storefront::CertificateInput,
    scan_url: Option<String>,
) -> Result<i32, AppError> {
    own_product(db, producer_id, product_id).await?;
    let row = ocop_certificate::ActiveModel {
        product_id: Set(product_id),
        stars: Set(i16::from(cert.rating.stars().get())),
        level: Set(cert.rating.level()),
        decision_number: Set(cert.decision_number),
        decision_date: Set(cert.decision_date),
        expires_on: Set(cert.expires_on),
        status: Set(VerificationStatus::Pending),
        scan_url: Set(scan_url),
        review_note: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Certificates as rows for the producer's editor or the office's queue.
pub async fn certificate_rows(
    db: &impl ConnectionTrait,
    certs: Vec<ocop_certificate::Model>,
    lang: Lang,
) -> Result<Vec<crate::domain::storefront::CertificateRow>, AppError> {
    let product_ids: Vec<i32> = certs.iter().map(|c| c.product_id).collect();
    let products: std::collections::HashMap<i32, product::Model> =
        product::Entity::find().filter(product::Column::Id.is_in(product_ids)).all(db).await?.into_iter().map(|p| (p.id, p)).collect();
    let producer_ids: Vec<i32> = products.values().map(|p| p.producer_id).collect();
    let producers: std::collections::HashMap<i32, String> =
        producer::Entity::find().filter(producer::Column::Id.is_in(producer_ids)).all(db).await?.into_iter().map(|p| (p.id, p.name)).collect();
    Ok(certs
        .into_iter()
        .map(|c| {
            let product = products.get(&c.product_id);
            crate::domain::storefront::CertificateRow {
                id: c.id,
                product_id: c.product_id,
                product_name: product
                    .map(|p| if lang == Lang::En { p.name_en.clone().unwrap_or_else(|| p.name_vi.clone()) } else { p.name_vi.clone() })
                    .unwrap_or_default(),
                producer_name: product.and_then(|p| producers.get(&p.producer_id).cloned()).unwrap_or_default(),
                stars: u8::try_from(c.stars).unwrap_or(0),
                level: c.level,
                decision_number: c.decision_number,
                decision_date: c.decision_date,
                expires_on: c.expires_on,
                status: c.status,
                scan_url: c.scan_url,
                review_note: c.review_note,
            }
        })
        .collect())
}

/// A product's certificates, newest first.
pub async fn product_certificates(
    db: &impl ConnectionTrait,
    producer_id: i32,
    product_id: i32,
    lang: Lang,
) -> Result<Vec<crate::domain::storefront::CertificateRow>, AppError> {
    own_product(db, producer_id, product_id).await?;
    let certs = ocop_certificate::Entity::find()
        .filter(ocop_certificate::Column::ProductId.eq(product_id))
        .order_by_desc(ocop_certificate::Column::DecisionDate)
        .order_by_desc(ocop_certificate::Column::Id)
        .all(db)
        .await?;
    certificate_rows(db, certs, lang).await
}

/// A cooperative adds a member household; returns the household's producer id.
pub async fn add_member(db: &DatabaseConnection, producer_id: i32, member: crate::domain::storefront::MemberInput) -> Result<i32, AppError> {
    let txn = begin_write(db).await?;
    let coop = producer_row(&txn, producer_id).await?;
    if coop.kind != ProducerKind::Cooperative {
        return Err(AppError::Forbidden);
    }
    let household = insert_pending_producer(
        &txn,
        producer::ActiveModel {
            kind: Set(ProducerKind::Household),
            name: Set(member.name),
            village_id: Set(coop.village_id),
            commune_id: Set(coop.commune_id),
            address_line: Set(member.address_line),
            phone: Set(member.phone),
            email: Set(None),
            story_vi: Set(String::new()),
            ..Default::default()
        },
        "ho-thanh-vien",
    )
    .await?;
    cooperative_member::ActiveModel { cooperative_id: Set(producer_id), member_id: Set(household.id) }.insert(&txn).await?;
    txn.commit().await?;
    Ok(household.id)
}
