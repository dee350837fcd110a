use sea_orm::entity::prelude::*;

use crate::domain::{OrderStatus, PaymentMethod};

/// One producer's part of a checkout.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub checkout_id: i32,
    pub user_id: i32,
    pub producer_id: i32,
    pub status: OrderStatus,
    pub payment_method: PaymentMethod,
    pub payment_received_at: Option<DateTimeUtc>,
    pub recipient_name: String,
    pub phone: String,
    pub province: String,
    pub ward: String,
    pub street: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub subtotal_vnd: i64,
    pub shipping_vnd: i64,
    pub total_vnd: i64,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancel_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
