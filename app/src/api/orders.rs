//! Checkout and orders, for the consumer who places them and the producer who fulfils them.
//! A consumer reaches only their own orders; a producer member only their producer's.

use leptos::prelude::*;

use crate::domain::orders::{CheckoutForm, CheckoutStart, Inbox, OrderDetail, OrderSummary, ShippingForm};
use crate::domain::OrderStatus;
use crate::error::AppError;
use crate::i18n::Lang;

/// Opens the checkout: the signed-in user's cart and a fresh idempotency key.
#[server(prefix = "/api", endpoint = "begin_checkout")]
pub async fn begin_checkout(lang: Lang) -> Result<CheckoutStart, AppError> {
    use crate::backend::{auth, cart, sessions};
    let user = auth::require_user().await?;
    let db = crate::backend::state::db()?;
    let lines = cart::user_lines(&db, user.id).await?;
    Ok(CheckoutStart {
        cart: cart::price(&db, &lines, lang).await?,
        idempotency_key: sessions::new_token(),
        recipient_name: user.display_name,
    })
}

/// Places the cart as one order per producer, then shows the confirmation.
#[server(prefix = "/api", endpoint = "place_order")]
pub async fn place_order(order: CheckoutForm) -> Result<Vec<i32>, AppError> {
    let user = crate::backend::auth::require_user().await?;
    let input = order.validate()?;
    let db = crate::backend::state::db()?;
    let ids = crate::backend::orders::checkout(&db, user.id, input).await?;
    let list = ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    leptos_axum::redirect(&format!("/orders?placed={list}"));
    Ok(ids)
}

#[server(prefix = "/api", endpoint = "my_orders")]
pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    let user = crate::backend::auth::require_user().await?;
    let db = crate::backend::state::db()?;
    crate::backend::orders::orders_of_user(&db, user.id).await
}

#[server(prefix = "/api", endpoint = "order")]
pub async fn get_order(id: i32, lang: Lang) -> Result<OrderDetail, AppError> {
    let user = crate::backend::auth::require_user().await?;
    let db = crate::backend::state::db()?;
    crate::backend::orders::order_detail(&db, &user, id, lang).await
}

/// The consumer cancels their order while it is still placed.
#[server(prefix = "/api", endpoint = "cancel_order")]
pub async fn cancel_order(id: i32, reason: String) -> Result<(), AppError> {
    let user = crate::backend::auth::require_user().await?;
    let reason = crate::domain::storefront::check_text(&reason, false, crate::domain::orders::MAX_REASON_CHARS)
        .map_err(|p| AppError::invalid("reason", p))?;
    let db = crate::backend::state::db()?;
    crate::backend::orders::cancel_by_consumer(&db, user.id, id, Some(reason).filter(|r| !r.is_empty())).await
}

/// The producer's order inbox, optionally only one status.
#[server(prefix = "/api", endpoint = "producer_orders")]
pub async fn producer_orders(status: Option<OrderStatus>) -> Result<Inbox, AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    crate::backend::orders::inbox(&db, producer_id, status).await
}

/// The producer moves an order on: `step` is `confirm`, `ship` (carrier, tracking number),
/// `deliver`, `cancel` (reason) or `confirm_payment`. (Not `action`: a form field of that name
/// hides the form's own `action` from scripts, the islands router's among them.)
#[server(prefix = "/api", endpoint = "update_order")]
pub async fn update_order(
    id: i32,
    step: String,
    #[server(default)] carrier: String,
    #[server(default)] tracking_number: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let action = crate::domain::orders::OrderAction::from_form(&step, &carrier, &tracking_number, &reason)?;
    let db = crate::backend::state::db()?;
    crate::backend::orders::act_as_producer(&db, producer_id, id, action).await
}

#[server(prefix = "/api", endpoint = "shipping_settings")]
pub async fn shipping_settings() -> Result<ShippingForm, AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    crate::backend::orders::shipping_settings(&db, producer_id).await
}

#[server(prefix = "/api", endpoint = "save_shipping")]
pub async fn save_shipping(shipping: ShippingForm) -> Result<(), AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let input = shipping.validate()?;
    let db = crate::backend::state::db()?;
    crate::backend::orders::set_shipping(&db, producer_id, input).await
}
