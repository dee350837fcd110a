use sea_orm::entity::prelude::*;

use crate::domain::{ProductStatus, Unit};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub producer_id: i32,
    pub category_id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name_vi: String,
    pub name_en: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description_vi: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description_en: Option<String>,
    /// Retail price in đồng.
    pub price_vnd: i64,
    pub unit: Unit,
    pub stock: i32,
    pub wholesale_price_vnd: Option<i64>,
    /// The wholesale minimum, going with `wholesale_price_vnd`.
    pub min_order_qty: Option<i32>,
    /// The fewest units a consumer buys; `None` means one.
    pub retail_min_qty: Option<i32>,
    pub status: ProductStatus,
    /// For a cooperative's product: the member household it is listed for.
    pub member_producer_id: Option<i32>,
    /// Accent-free, lower-case names of the product, its producer, village and category,
    /// kept in step with every write (`backend::catalog::search_text`).
    #[sea_orm(column_type = "Text")]
    pub search_folded: String,
    // Listing columns, copies kept by `backend::listing::refresh` (see migration 2).
    pub district_id: Option<i32>,
    pub village_id: Option<i32>,
    pub producer_kind: Option<crate::domain::ProducerKind>,
    pub top_category_id: Option<i32>,
    /// Stars of the current verified certificate, with its expiry: a rating past its expiry
    /// no longer counts, whatever this column says.
    pub ocop_stars: Option<i16>,
    pub ocop_expires_on: Option<Date>,
    /// Folded descriptions, searched with less weight than `search_folded`.
    #[sea_orm(column_type = "Text")]
    pub search_body_folded: String,
    /// Lower-case names with their accents, to rank exact-accent matches first.
    #[sea_orm(column_type = "Text")]
    pub search_accented: String,
    /// The office's reason for unpublishing the product; while set it cannot be published.
    #[sea_orm(column_type = "Text", nullable)]
    pub moderation_note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::producer::Entity",
        from = "Column::ProducerId",
        to = "super::producer::Column::Id"
    )]
    Producer,
}

impl Related<super::producer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Producer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
