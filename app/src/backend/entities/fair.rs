use sea_orm::entity::prelude::*;

use crate::domain::FairStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fairs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    /// The organizer's user id: only they change it.
    pub organizer_id: i32,
    pub name_vi: String,
    pub name_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description_vi: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description_en: Option<String>,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub deadline: DateTimeUtc,
    pub venue_name: String,
    pub venue_address: String,
    pub district_id: i32,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: Option<String>,
    /// The cover photo (an upload).
    pub cover_url: Option<String>,
    pub status: FairStatus,
    /// Bumped on every change (the calendar's SEQUENCE).
    pub revision: i32,
    pub kind: crate::domain::EventKind,
    pub online_url: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub agenda: Option<String>,
    /// Places for registrations (workshops, conferences), and how many are taken.
    pub capacity: Option<i32>,
    pub registered: i32,
    /// A market day's craft village.
    pub village_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
