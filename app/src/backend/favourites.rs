//! Favourite products and producers of a signed-in user.

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::entities::*;
use crate::domain::favourites::{FavouriteKind, Favourites};
use crate::domain::VerificationStatus;
use crate::error::AppError;
use crate::i18n::Lang;

/// Marks or unmarks a public product or producer as a favourite. Unknown or unpublished
/// ones are `NotFound` when marking; unmarking always succeeds.
pub async fn set(db: &impl ConnectionTrait, user_id: i32, kind: FavouriteKind, id: i32, on: bool) -> Result<(), AppError> {
    let now = Utc::now();
    match (kind, on) {
        (FavouriteKind::Product, true) => {
            super::cart::check_addable(db, id).await?;
            favourite_product::Entity::insert(favourite_product::ActiveModel { user_id: Set(user_id), product_id: Set(id), created_at: Set(now) })
                .on_conflict(OnConflict::columns([favourite_product::Column::UserId, favourite_product::Column::ProductId]).do_nothing().to_owned())
                .exec_without_returning(db)
                .await?;
        }
        (FavouriteKind::Product, false) => {
            favourite_product::Entity::delete_by_id((user_id, id)).exec(db).await?;
        }
        (FavouriteKind::Producer, true) => {
            let p = producer::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
            if p.verification != VerificationStatus::Verified {
                return Err(AppError::NotFound);
            }
            favourite_producer::Entity::insert(favourite_producer::ActiveModel { user_id: Set(user_id), producer_id: Set(id), created_at: Set(now) })
                .on_conflict(OnConflict::columns([favourite_producer::Column::UserId, favourite_producer::Column::ProducerId]).do_nothing().to_owned())
                .exec_without_returning(db)
                .await?;
        }
        (FavouriteKind::Producer, false) => {
            favourite_producer::Entity::delete_by_id((user_id, id)).exec(db).await?;
        }
    }
    Ok(())
}

pub async fn is_favourite(db: &impl ConnectionTrait, user_id: i32, kind: FavouriteKind, id: i32) -> Result<bool, AppError> {
    Ok(match kind {
        FavouriteKind::Product => favourite_product::Entity::find_by_id((user_id, id)).one(db).await?.is_some(),
        FavouriteKind::Producer => favourite_producer::Entity::find_by_id((user_id, id)).one(db).await?.is_some(),
    })
}

/// A user's favourites, newest first; ones that are no longer public are not shown.
pub async fn favourites(db: &impl ConnectionTrait, user_id: i32, lang: Lang) -> Result<Favourites, AppError> {
    let product_ids: Vec<i32> = favourite_product::Entity::find()
        .filter(favourite_product::Column::UserId.eq(user_id))
        .order_by_desc(favourite_product::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.product_id)
        .collect();
    let mut rows = product::Entity::find()
        .inner_join(producer::Entity)
        .filter(product::Column::Id.is_in(product_ids.clone()))
        .filter(product::Column::Status.eq(crate::domain::ProductStatus::Published))
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
        .all(db)
        .await?;
    rows.sort_by_key(|p| product_ids.iter().position(|id| *id == p.id));
    let products = super::detail::cards(db, rows, lang, crate::domain::time::today_in_vietnam()).await?;
    let producer_ids: Vec<i32> = favourite_producer::Entity::find()
        .filter(favourite_producer::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.producer_id)
        .collect();
    let makers = producer::Entity::find()
        .filter(producer::Column::Id.is_in(producer_ids))
        .filter(producer::Column::Verification.eq(VerificationStatus::Verified))
        .all(db)
        .await?;
    let producers = super::detail::summaries(db, makers).await?;
    Ok(Favourites { products, producers })
}
