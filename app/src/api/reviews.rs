//! Reviews and favourites of signed-in shoppers. A product's reviews reach its page with
//! the product (`api::detail`).

use leptos::prelude::*;

use crate::domain::favourites::{FavouriteKind, Favourites};
use crate::domain::orders::ReviewForm;
use crate::error::AppError;
use crate::i18n::Lang;

/// Rates a product the caller has received (once).
#[server(prefix = "/api", endpoint = "review_product")]
pub async fn review_product(product_id: i32, review: ReviewForm) -> Result<(), AppError> {
    let user = crate::backend::auth::require_user().await?;
    let input = review.validate()?;
    let db = crate::backend::state::db()?;
    crate::backend::reviews::add_review(&db, user.id, product_id, input).await
}

/// Whether the caller keeps this product or producer as a favourite; `None` for a guest.
#[server(prefix = "/api", endpoint = "favourite_state")]
pub async fn favourite_state(kind: FavouriteKind, id: i32) -> Result<Option<bool>, AppError> {
    let Some(user) = crate::backend::auth::current_user().await? else { return Ok(None) };
    let db = crate::backend::state::db()?;
    crate::backend::favourites::is_favourite(&db, user.id, kind, id).await.map(Some)
}

#[server(prefix = "/api", endpoint = "set_favourite")]
pub async fn set_favourite(kind: FavouriteKind, id: i32, on: bool) -> Result<(), AppError> {
    let user = crate::backend::auth::require_user().await?;
    let db = crate::backend::state::db()?;
    crate::backend::favourites::set(&db, user.id, kind, id, on).await
}

#[server(prefix = "/api", endpoint = "my_favourites")]
pub async fn my_favourites(lang: Lang) -> Result<Favourites, AppError> {
    let user = crate::backend::auth::require_user().await?;
    let db = crate::backend::state::db()?;
    crate::backend::favourites::favourites(&db, user.id, lang).await
}
