//! Points of sale. Lists, pages and "also sold at" are public; managing one is for the
//! office (any), a buyer (its own outlets) or a producer (its own showroom), checked in
//! `backend::points_of_sale`.

use leptos::prelude::*;

use crate::domain::points_of_sale::{ManagedPos, PosDetail, PosForm, PosList, PosSummary, SoldAt};
use crate::error::AppError;
use crate::i18n::Lang;

#[cfg(feature = "ssr")]
async fn manager() -> Result<crate::backend::points_of_sale::Manager, AppError> {
    let user = crate::backend::auth::require_user().await?;
    let db = crate::backend::state::db()?;
    let verified_buyer = crate::backend::trade::is_verified_buyer(&db, &user).await?;
    crate::backend::points_of_sale::Manager::of(&user, verified_buyer).ok_or(AppError::Forbidden)
}

#[cfg(feature = "ssr")]
fn optional(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

#[server(prefix = "/api", endpoint = "points_of_sale")]
pub async fn list_points_of_sale(
    #[server(default)] district: String,
    #[server(default)] kind: String,
    #[server(default)] near: String,
) -> Result<PosList, AppError> {
    let kind = match optional(&kind) {
        Some(k) => Some(crate::domain::PosKind::parse(k).ok_or_else(|| AppError::invalid("kind", crate::error::Problem::Unknown))?),
        None => None,
    };
    let db = crate::backend::state::db()?;
    crate::backend::points_of_sale::list(&db, optional(&district), kind, optional(&near)).await
}

#[server(prefix = "/api", endpoint = "point_of_sale")]
pub async fn get_point_of_sale(slug: String, lang: Lang) -> Result<PosDetail, AppError> {
    let slug = crate::domain::Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let db = crate::backend::state::db()?;
    crate::backend::points_of_sale::detail(&db, &slug, lang).await?.ok_or(AppError::NotFound)
}

/// Where a product (or any product of a producer) is also sold, nearest to `near` first.
#[server(prefix = "/api", endpoint = "sold_at")]
pub async fn get_sold_at(product_id: Option<i32>, producer_id: Option<i32>, #[server(default)] near: String) -> Result<SoldAt, AppError> {
    let db = crate::backend::state::db()?;
    crate::backend::points_of_sale::sold_at(&db, product_id, producer_id, optional(&near)).await
}

#[server(prefix = "/api", endpoint = "my_points_of_sale")]
pub async fn my_points_of_sale() -> Result<Vec<PosSummary>, AppError> {
    let manager = manager().await?;
    let db = crate::backend::state::db()?;
    crate::backend::points_of_sale::managed_list(&db, manager).await
}

#[server(prefix = "/api", endpoint = "managed_point_of_sale")]
pub async fn get_managed_pos(id: i32, lang: Lang) -> Result<ManagedPos, AppError> {
    let manager = manager().await?;
    let db = crate::backend::state::db()?;
    crate::backend::points_of_sale::managed_detail(&db, manager, id, lang).await
}

#[server(prefix = "/api", endpoint = "create_point_of_sale")]
pub async fn create_pos(pos: PosForm) -> Result<i32, AppError> {
    let manager = manager().await?;
    let input = pos.validate()?;
    let db = crate::backend::state::db()?;
    let id = crate::backend::points_of_sale::create(&db, manager, input).await?;
    leptos_axum::redirect(&format!("/manage/points-of-sale/{id}"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "update_point_of_sale")]
pub async fn update_pos(id: i32, pos: PosForm) -> Result<(), AppError> {
    let manager = manager().await?;
    let input = pos.validate()?;
    let db = crate::backend::state::db()?;
    crate::backend::points_of_sale::update(&db, manager, id, input).await
}

#[server(prefix = "/api", endpoint = "delete_point_of_sale")]
pub async fn delete_pos(id: i32) -> Result<(), AppError> {
    let manager = manager().await?;
    let db = crate::backend::state::db()?;
    crate::backend::points_of_sale::delete(&db, manager, id).await?;
    leptos_axum::redirect("/manage/points-of-sale");
    Ok(())
}

/// Adds to or removes from a stocking list: `how` is `product` (slug), `producer` (slug),
/// `category` (slug) or `remove` (product id).
#[server(prefix = "/api", endpoint = "change_pos_stock")]
pub async fn change_pos_stock(id: i32, how: String, value: String) -> Result<u64, AppError> {
    let manager = manager().await?;
    let change = crate::domain::points_of_sale::StockChange::from_form(&how, &value)?;
    let db = crate::backend::state::db()?;
    crate::backend::points_of_sale::change_stock(&db, manager, id, change).await
}
