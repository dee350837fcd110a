//! Carts: a signed-in user's lines in `cart_items`, a guest's in a cookie (`GuestCart`), both
//! priced here from the products as they are now. A guest's cart joins the account's at login.
//! A producer's member cannot put its own producer's products in its cart (`OwnProduct`).

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};

use super::db::{begin_write, LockForWrite};
use super::detail::localized;
use super::entities::*;
use crate::domain::cart::{group_lines, line_problem, Cart, CartLine, GuestCart, ShippingRule, GUEST_CART_COOKIE, MAX_CART_LINES, MAX_LINE_QTY};
use crate::domain::{ProductStatus, Slug, VerificationStatus, Vnd};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;

/// The shipping rule a producer row sets.
pub fn shipping_rule(p: &producer::Model) -> ShippingRule {
    ShippingRule {
        flat_fee: p.shipping_flat_vnd.and_then(|v| Vnd::new(v).ok()).unwrap_or(Vnd::ZERO),
        free_from: p.free_shipping_from_vnd.and_then(|v| Vnd::new(v).ok()),
    }
}

/// Whether a product may be bought at all: published, by a verified producer.
pub fn buyable(product: &product::Model, maker: &producer::Model) -> bool {
    product.status == ProductStatus::Published && maker.verification == VerificationStatus::Verified
}

/// The fewest units a consumer buys of a product.
pub fn minimum(product: &product::Model) -> i32 {
    product.retail_min_qty.unwrap_or(1).max(1)
}

/// Prices `(product id, quantity)` lines. Products that no longer exist are left out (their
/// cart rows went with them); every other line is kept and flagged if it cannot be bought.
pub async fn price(db: &impl ConnectionTrait, lines: &[(i32, i32)], lang: Lang) -> Result<Cart, AppError> {
    if lines.is_empty() {
        return Ok(Cart::default());
    }
    let ids: Vec<i32> = lines.iter().map(|(id, _)| *id).collect();
    let products: HashMap<i32, product::Model> =
        product::Entity::find().filter(product::Column::Id.is_in(ids.clone())).all(db).await?.into_iter().map(|p| (p.id, p)).collect();
    let producer_ids: Vec<i32> = products.values().map(|p| p.producer_id).collect();
    let producers = super::detail::producers_by_id(db, producer_ids).await?;
    let mut covers: HashMap<i32, String> = HashMap::new();
    for image in product_image::Entity::find()
        .filter(product_image::Column::ProductId.is_in(ids))
        .order_by_asc(product_image::Column::Position)
        .order_by_asc(product_image::Column::Id)
        .all(db)
        .await?
    {
        covers.entry(image.product_id).or_insert(image.thumb_url.unwrap_or(image.url));
    }
    let mut priced = Vec::new();
    for (id, quantity) in lines {
        let (Some(p), Some(maker)) = (products.get(id), products.get(id).and_then(|p| producers.get(&p.producer_id))) else {
            continue;
        };
        let (Ok(slug), Ok(producer_slug), Ok(unit_price)) = (Slug::parse(&p.slug), Slug::parse(&maker.slug), Vnd::new(p.price_vnd)) else {
            continue;
        };
        let line = CartLine {
            product_id: p.id,
            slug,
            name: localized(lang, &p.name_vi, p.name_en.as_deref()),
            photo: covers.remove(&p.id),
            unit: p.unit,
            unit_price,
            quantity: *quantity,
            stock: p.stock,
            minimum: minimum(p),
            line_total: unit_price.times(*quantity),
            problem: line_problem(buyable(p, maker), p.stock, minimum(p), *quantity),
        };
        priced.push((line, maker.id, maker.name.clone(), producer_slug, shipping_rule(maker)));
    }
    Ok(group_lines(priced))
}

/// A signed-in user's lines, oldest first.
pub async fn user_lines(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<(i32, i32)>, AppError> {
    Ok(cart_item::Entity::find()
        .filter(cart_item::Column::UserId.eq(user_id))
        .order_by_asc(cart_item::Column::AddedAt)
        .order_by_asc(cart_item::Column::ProductId)
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.product_id, i.quantity))
        .collect())
}

/// A product that may go into a cart: it exists and is on sale. Unknown and unpublished
/// products are `NotFound`, as their pages are.
pub async fn check_addable(db: &impl ConnectionTrait, product_id: i32) -> Result<product::Model, AppError> {
    let product = product::Entity::find_by_id(product_id).one(db).await?.ok_or(AppError::NotFound)?;
    let maker = producer::Entity::find_by_id(product.producer_id).one(db).await?.ok_or(AppError::NotFound)?;
    if buyable(&product, &maker) { Ok(product) } else { Err(AppError::NotFound) }
}

pub fn check_quantity(quantity: i32) -> Result<i32, AppError> {
    if (0..=MAX_LINE_QTY).contains(&quantity) { Ok(quantity) } else { Err(AppError::invalid("quantity", Problem::OutOfRange)) }
}

/// The producer `user_id` is a member of, if any: its products are not the user's to buy.
pub async fn own_producer(db: &impl ConnectionTrait, user_id: i32) -> Result<Option<i32>, AppError> {
    Ok(user::Entity::find_by_id(user_id).one(db).await?.and_then(|u| u.producer_id))
}

/// The user's row, locked for the rest of the transaction: one user's cart changes run one
/// after another (PostgreSQL; SQLite's write transaction already does), so two adds of one
/// product add up and the line limit holds.
async fn lock_user(db: &impl ConnectionTrait, user_id: i32) -> Result<user::Model, AppError> {
    user::Entity::find_by_id(user_id).lock_for_write().one(db).await?.ok_or(AppError::Unauthorized)
}

/// Sets the quantity of a signed-in user's line (0 removes it).
pub async fn set_user_quantity(db: &DatabaseConnection, user_id: i32, product_id: i32, quantity: i32) -> Result<(), AppError> {
    let quantity = check_quantity(quantity)?;
    let txn = begin_write(db).await?;
    let user = lock_user(&txn, user_id).await?;
    set_line(&txn, &user, product_id, quantity).await?;
    txn.commit().await?;
    Ok(())
}

/// Adds `quantity` units to a signed-in user's line.
pub async fn add_for_user(db: &DatabaseConnection, user_id: i32, product_id: i32, quantity: i32) -> Result<(), AppError> {
    let quantity = check_quantity(quantity)?;
    let txn = begin_write(db).await?;
    let user = lock_user(&txn, user_id).await?;
    add_line(&txn, &user, product_id, quantity).await?;
    txn.commit().await?;
    Ok(())
}

/// Sets a line of a user whose row the transaction holds. A new line must be of a product on
/// sale, not of the user's own producer, and within the line limit.
async fn set_line(db: &impl ConnectionTrait, user: &user::Model, product_id: i32, quantity: i32) -> Result<(), AppError> {
    if quantity == 0 {
        cart_item::Entity::delete_many()
            .filter(cart_item::Column::UserId.eq(user.id))
            .filter(cart_item::Column::ProductId.eq(product_id))
            .exec(db)
            .await?;
        return Ok(());
    }
    let existing = cart_item::Entity::find_by_id((user.id, product_id)).one(db).await?;
    if existing.is_none() {
        let product = check_addable(db, product_id).await?;
        if user.producer_id == Some(product.producer_id) {
            return Err(AppError::OwnProduct);
        }
        let lines = cart_item::Entity::find().filter(cart_item::Column::UserId.eq(user.id)).count(db).await?;
        if lines >= MAX_CART_LINES as u64 {
            return Err(AppError::invalid("cart", Problem::TooLong));
        }
    }
    cart_item::Entity::insert(cart_item::ActiveModel {
        user_id: Set(user.id),
        product_id: Set(product_id),
        quantity: Set(quantity),
        added_at: Set(Utc::now()),
    })
    .on_conflict(OnConflict::columns([cart_item::Column::UserId, cart_item::Column::ProductId]).update_column(cart_item::Column::Quantity).to_owned())
    .exec_without_returning(db)
    .await?;
    Ok(())
}

async fn add_line(db: &impl ConnectionTrait, user: &user::Model, product_id: i32, quantity: i32) -> Result<(), AppError> {
    let current = cart_item::Entity::find_by_id((user.id, product_id)).one(db).await?.map_or(0, |i| i.quantity);
    set_line(db, user, product_id, (current + quantity).min(MAX_LINE_QTY)).await
}

/// Adds `quantity` units to a guest's cart, checking the product first.
pub async fn add_for_guest(db: &impl ConnectionTrait, cart: &mut GuestCart, product_id: i32, quantity: i32) -> Result<(), AppError> {
    let quantity = check_quantity(quantity)?;
    let current = cart.quantity_of(product_id);
    set_for_guest(db, cart, product_id, (current + quantity).min(MAX_LINE_QTY)).await
}

pub async fn set_for_guest(db: &impl ConnectionTrait, cart: &mut GuestCart, product_id: i32, quantity: i32) -> Result<(), AppError> {
    let quantity = check_quantity(quantity)?;
    if quantity > 0 && cart.quantity_of(product_id) == 0 {
        check_addable(db, product_id).await?;
    }
    if cart.set(product_id, quantity) { Ok(()) } else { Err(AppError::invalid("cart", Problem::TooLong)) }
}

/// Adds a guest's cart to the account's at login: quantities of the same product add up;
/// products no longer on sale, the user's own producer's and lines past the limit are left
/// behind, not an error.
pub async fn merge_guest(db: &DatabaseConnection, user_id: i32, guest: &GuestCart) -> Result<(), AppError> {
    if guest.is_empty() {
        return Ok(());
    }
    let txn = begin_write(db).await?;
    let user = lock_user(&txn, user_id).await?;
    for (product_id, quantity) in guest.lines() {
        match add_line(&txn, &user, *product_id, *quantity).await {
            Ok(()) | Err(AppError::NotFound | AppError::OwnProduct | AppError::Validation { .. }) => {}
            Err(other) => return Err(other),
        }
    }
    txn.commit().await?;
    Ok(())
}

/// The guest cart the current request carries (empty without one).
pub fn request_guest_cart() -> GuestCart {
    super::auth::request_cookie(GUEST_CART_COOKIE).map(|v| GuestCart::parse(&v)).unwrap_or_default()
}

/// `Set-Cookie` keeping a guest's cart for 30 days (or removing the cookie when empty).
pub fn guest_cookie(cart: &GuestCart, secure: bool) -> String {
    let max_age = if cart.is_empty() { 0 } else { 30 * 24 * 3600 };
    format!(
        "{GUEST_CART_COOKIE}={}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{}",
        cart.encode(),
        if secure { "; Secure" } else { "" }
    )
}

/// Empties a signed-in user's cart.
pub async fn clear_user(db: &impl ConnectionTrait, user_id: i32) -> Result<(), AppError> {
    cart_item::Entity::delete_many().filter(cart_item::Column::UserId.eq(user_id)).exec(db).await?;
    Ok(())
}
