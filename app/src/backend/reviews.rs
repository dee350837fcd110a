//! Reviews: a consumer rates each product they received once; the product page shows the
//! average and the latest reviews.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::db::is_unique_violation;
use super::entities::*;
use crate::domain::orders::{average_tenths, Review, ReviewInput, Reviews};
use crate::domain::OrderStatus;
use crate::error::AppError;

/// How many reviews a product page shows.
pub const LATEST_REVIEWS: u64 = 20;

/// Records a review. Only someone with a delivered order of the product may review it
/// (`Forbidden` otherwise), and only once (`Conflict` the second time); never a member of
/// the product's own producer (`OwnProduct`). The unique index decides between two at once.
pub async fn add_review(db: &impl ConnectionTrait, user_id: i32, product_id: i32, input: ReviewInput) -> Result<(), AppError> {
    // A producer's member does not rate its own producer's products.
    if let Some(own) = super::cart::own_producer(db, user_id).await? {
        if product::Entity::find_by_id(product_id).one(db).await?.is_some_and(|p| p.producer_id == own) {
            return Err(AppError::OwnProduct);
        }
    }
    let delivered: Vec<i32> = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .filter(order::Column::UserId.eq(user_id))
        .filter(order::Column::Status.eq(OrderStatus::Delivered))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    if delivered.is_empty() {
        return Err(AppError::Forbidden);
    }
    let line = order_line::Entity::find()
        .filter(order_line::Column::ProductId.eq(product_id))
        .filter(order_line::Column::OrderId.is_in(delivered))
        .order_by_asc(order_line::Column::OrderId)
        .one(db)
        .await?
        .ok_or(AppError::Forbidden)?;
    let inserted = review::ActiveModel {
        product_id: Set(product_id),
        user_id: Set(user_id),
        order_id: Set(line.order_id),
        rating: Set(i16::from(input.rating)),
        body: Set(input.body),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(err) if is_unique_violation(&err) => Err(AppError::Conflict),
        Err(err) => Err(err.into()),
    }
}

/// A product's review count, average and latest reviews with their authors' names.
pub async fn product_reviews(db: &impl ConnectionTrait, product_id: i32) -> Result<Reviews, sea_orm::DbErr> {
    let (count, sum): (i64, Option<i64>) = review::Entity::find()
        .select_only()
        .column_as(review::Column::Id.count(), "n")
        .column_as(review::Column::Rating.sum(), "total")
        .filter(review::Column::ProductId.eq(product_id))
        .into_tuple::<(i64, Option<i64>)>()
        .one(db)
        .await?
        .unwrap_or((0, None));
    let rows = review::Entity::find()
        .filter(review::Column::ProductId.eq(product_id))
        .order_by_desc(review::Column::CreatedAt)
        .order_by_desc(review::Column::Id)
        .limit(LATEST_REVIEWS)
        .all(db)
        .await?;
    let user_ids: Vec<i32> = rows.iter().map(|r| r.user_id).collect();
    let names: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(Reviews {
        count: i64::max(count, 0) as u64,
        average_tenths: average_tenths(sum.unwrap_or(0), count),
        latest: rows
            .into_iter()
            .map(|r| Review {
                author: names.get(&r.user_id).cloned().unwrap_or_default(),
                rating: r.rating.clamp(1, 5) as u8,
                body: r.body,
                at: r.created_at,
            })
            .collect(),
    })
}

/// The ratings `user_id` gave to any of `product_ids`.
pub async fn ratings_by(db: &impl ConnectionTrait, user_id: i32, product_ids: &[i32]) -> Result<HashMap<i32, u8>, AppError> {
    Ok(review::Entity::find()
        .filter(review::Column::UserId.eq(user_id))
        .filter(review::Column::ProductId.is_in(product_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.product_id, r.rating.clamp(1, 5) as u8))
        .collect())
}
