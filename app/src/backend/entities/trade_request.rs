use sea_orm::entity::prelude::*;

use crate::domain::{TradeStatus, Unit};

/// A buyer's request to one producer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trade_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub buyer_user_id: i32,
    pub producer_id: i32,
    pub broadcast_id: Option<i32>,
    pub quantity: i32,
    pub unit: Unit,
    pub target_price_vnd: Option<i64>,
    pub wanted_by: Option<Date>,
    pub delivery_place: String,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub status: TradeStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
