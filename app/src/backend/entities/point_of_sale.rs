use sea_orm::entity::prelude::*;

use crate::domain::PosKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "points_of_sale")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub kind: PosKind,
    pub address: String,
    /// Xã / phường.
    pub ward: Option<String>,
    pub district_id: i32,
    pub opening_hours: Option<String>,
    pub phone: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// A buyer managing its own outlet; with `manager_producer_id`, empty for the office's.
    pub manager_user_id: Option<i32>,
    /// A producer managing its own showroom.
    pub manager_producer_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
