use sea_orm::entity::prelude::*;

use crate::domain::MeetingStatus;

/// A verified buyer's request to meet an exhibitor during a fair, in one slot.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fair_id: i32,
    pub buyer_user_id: i32,
    pub producer_id: i32,
    pub starts_at: DateTimeUtc,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub status: MeetingStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub reply: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
