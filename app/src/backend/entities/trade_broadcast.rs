use sea_orm::entity::prelude::*;

use crate::domain::ProducerKind;

/// A request a buyer sent to every producer matching an audience; each producer reached has
/// its own `trade_requests` row pointing here.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trade_broadcasts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub buyer_user_id: i32,
    pub category_id: Option<i32>,
    pub district_id: Option<i32>,
    pub min_stars: Option<i16>,
    pub producer_kind: Option<ProducerKind>,
    pub reached: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
