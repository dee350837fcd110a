use sea_orm::entity::prelude::*;

use crate::domain::{IssuingLevel, VerificationStatus};

/// An OCOP rating decision for one product. A product may be re-rated; its current
/// certificate is the latest verified one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ocop_certificates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub product_id: i32,
    pub stars: i16,
    pub level: IssuingLevel,
    pub decision_number: String,
    pub decision_date: Date,
    pub expires_on: Date,
    pub status: VerificationStatus,
    /// The uploaded scan of the decision (an image or a PDF), for the office to check.
    #[sea_orm(column_type = "Text", nullable)]
    pub scan_url: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
