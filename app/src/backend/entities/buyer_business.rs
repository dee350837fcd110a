use sea_orm::entity::prelude::*;

use crate::domain::{BuyerKind, VerificationStatus};

/// A wholesale buyer's business, verified by the programme office.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "buyer_businesses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub user_id: i32,
    pub name: String,
    pub kind: BuyerKind,
    pub tax_code: String,
    pub address: String,
    pub district_id: i32,
    pub contact_person: String,
    pub phone: String,
    pub verification: VerificationStatus,
    #[sea_orm(column_type = "Text", nullable)]
    pub review_note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
