use sea_orm::entity::prelude::*;

use crate::domain::ApplicationStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fair_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub fair_id: i32,
    pub producer_id: i32,
    pub booth_type_id: i32,
    pub status: ApplicationStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    /// The organizer's reason for a rejection.
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub booth_number: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
