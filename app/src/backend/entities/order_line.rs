use sea_orm::entity::prelude::*;

use crate::domain::Unit;

/// A product as it was ordered: name, unit and price are copies, so later edits of the
/// product do not rewrite the order.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub order_id: i32,
    pub product_id: i32,
    pub product_name: String,
    pub product_slug: String,
    pub unit: Unit,
    pub unit_price_vnd: i64,
    pub quantity: i32,
    pub line_total_vnd: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
