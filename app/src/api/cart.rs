//! The cart. A signed-in user's cart is kept in the database; a guest's in a cookie, which
//! joins the account's cart at login. Forms post here with or without the wasm.

use leptos::prelude::*;

use crate::domain::cart::Cart;
use crate::error::AppError;
use crate::i18n::Lang;

/// The caller's cart, priced from the products as they are now.
#[server(prefix = "/api", endpoint = "cart")]
pub async fn get_cart(lang: Lang) -> Result<Cart, AppError> {
    use crate::backend::{auth, cart};
    let db = crate::backend::state::db()?;
    let lines = match auth::current_user().await? {
        Some(user) => cart::user_lines(&db, user.id).await?,
        None => cart::request_guest_cart().lines().to_vec(),
    };
    cart::price(&db, &lines, lang).await
}

/// How many units the caller's cart holds, for the header's badge.
#[server(prefix = "/api", endpoint = "cart_units")]
pub async fn cart_units() -> Result<i64, AppError> {
    use crate::backend::{auth, cart};
    let db = crate::backend::state::db()?;
    Ok(match auth::current_user().await? {
        Some(user) => cart::user_lines(&db, user.id).await?.iter().map(|(_, q)| i64::from(*q)).sum(),
        None => cart::request_guest_cart().lines().iter().map(|(_, q)| i64::from(*q)).sum(),
    })
}

/// Changes the caller's cart: `add` units to a line, or `set` its quantity (0 removes it).
#[cfg(feature = "ssr")]
async fn change_cart(product_id: i32, quantity: i32, add: bool) -> Result<(), AppError> {
    use crate::backend::{auth, cart};
    let db = crate::backend::state::db()?;
    match auth::current_user().await? {
        Some(user) if add => cart::add_for_user(&db, user.id, product_id, quantity).await,
        Some(user) => cart::set_user_quantity(&db, user.id, product_id, quantity).await,
        None => {
            let mut guest = cart::request_guest_cart();
            if add {
                cart::add_for_guest(&db, &mut guest, product_id, quantity).await?;
            } else {
                cart::set_for_guest(&db, &mut guest, product_id, quantity).await?;
            }
            auth::set_cookie(&cart::guest_cookie(&guest, auth::secure_cookies()));
            Ok(())
        }
    }
}

#[server(prefix = "/api", endpoint = "add_to_cart")]
pub async fn add_to_cart(product_id: i32, quantity: i32) -> Result<(), AppError> {
    if quantity < 1 {
        return Err(AppError::invalid("quantity", crate::error::Problem::OutOfRange));
    }
    change_cart(product_id, quantity, true).await
}

#[server(prefix = "/api", endpoint = "set_cart_quantity")]
pub async fn set_cart_quantity(product_id: i32, quantity: i32) -> Result<(), AppError> {
    change_cart(product_id, quantity, false).await
}

#[server(prefix = "/api", endpoint = "remove_from_cart")]
pub async fn remove_from_cart(product_id: i32) -> Result<(), AppError> {
    change_cart(product_id, 0, false).await
}
