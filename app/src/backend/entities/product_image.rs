use sea_orm::entity::prelude::*;

/// Photos of a product; the one at position 0 is the cover.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_images")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub product_id: i32,
    pub url: String,
    pub position: i32,
    pub alt_vi: String,
    pub alt_en: Option<String>,
    /// The small rendition for lists; `None` for the seed's illustrations, which have one size.
    #[sea_orm(column_type = "Text", nullable)]
    pub thumb_url: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
