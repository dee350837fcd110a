use sea_orm::entity::prelude::*;

use crate::domain::{ProducerKind, VerificationStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "producers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub kind: ProducerKind,
    pub name: String,
    pub village_id: Option<i32>,
    pub commune_id: i32,
    pub address_line: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub story_vi: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub story_en: Option<String>,
    pub logo_url: Option<String>,
    pub banner_url: Option<String>,
    /// Jobs the producer reports (members and workers), for the programme's figures.
    pub workers: Option<i32>,
    pub verification: VerificationStatus,
    /// The office's reason when it rejected the producer.
    #[sea_orm(column_type = "Text", nullable)]
    pub review_note: Option<String>,
    pub created_at: DateTimeUtc,
    /// The shipping rule: a flat fee per order, waived from an order amount (migration 5).
    pub shipping_flat_vnd: Option<i64>,
    pub free_shipping_from_vnd: Option<i64>,
    /// Where bank transfers go, as the producer writes it.
    #[sea_orm(column_type = "Text", nullable)]
    pub bank_account: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::product::Entity")]
    Product,
}

impl Related<super::product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
