//! The listing indexes also order by `created_at`, so a listing filtered by one facet and
//! sorted newest first (a village's, a district's, a category's page) reads its page straight
//! from the index. With `(status, village_id)` alone, SQLite (which keeps no statistics here)
//! walked `(status, created_at)` instead, filtering as it went: for a village with few
//! products, the whole catalog (150 ms at 100,000 products; 8 ms with these).
//! Each new index starts with the columns of the one it replaces, so it serves those lookups too.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (old index, its columns, new index): the new one has the old columns then `created_at`.
const REPLACED: &[(&str, &[&str], &str)] = &[
    ("idx_products_listing_district", &["status", "district_id"], "idx_products_newest_district"),
    ("idx_products_listing_village", &["status", "village_id"], "idx_products_newest_village"),
    ("idx_products_listing_kind", &["status", "producer_kind"], "idx_products_newest_kind"),
    ("idx_products_listing_top_category", &["status", "top_category_id"], "idx_products_newest_top_category"),
    ("idx_products_listing_stars", &["status", "ocop_stars"], "idx_products_newest_stars"),
];
/// Leaf categories had only `(category_id)`, for the foreign key; it stays.
const ADDED: (&str, &[&str]) = ("idx_products_newest_category", &["status", "category_id"]);

fn index(name: &str, columns: &[&str], newest: bool) -> IndexCreateStatement {
    let mut index = Index::create().name(name).table(Alias::new("products")).to_owned();
    for col in columns {
        index.col(Alias::new(*col));
    }
    if newest {
        index.col(Alias::new("created_at"));
    }
    index
}

fn drop(name: &str) -> IndexDropStatement {
    Index::drop().name(name).table(Alias::new("products")).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (old, columns, new) in REPLACED {
            manager.create_index(index(new, columns, true)).await?;
            manager.drop_index(drop(old)).await?;
        }
        manager.create_index(index(ADDED.0, ADDED.1, true)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(drop(ADDED.0)).await?;
        for (old, columns, new) in REPLACED.iter().rev() {
            manager.create_index(index(old, columns, false)).await?;
            manager.drop_index(drop(new)).await?;
        }
        Ok(())
    }
}
