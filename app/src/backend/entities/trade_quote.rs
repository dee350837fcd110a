use sea_orm::entity::prelude::*;

/// A producer's quote on a request; the latest one is the one a buyer accepts.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trade_quotes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub request_id: i32,
    /// Who answered: the producer asked, or the cooperative it belongs to.
    pub producer_id: i32,
    pub author_user_id: i32,
    pub price_vnd: i64,
    pub quantity: i32,
    pub lead_time_days: i32,
    pub valid_until: Date,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
