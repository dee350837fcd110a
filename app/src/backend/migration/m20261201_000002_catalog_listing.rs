//! The catalog: listing columns copied onto each product so facets and sorting need no joins
//! (district, village, producer kind, top category, current OCOP rating, folded search text),
//! and the databases' own full-text indexes over the folded text:
//! - SQLite: an FTS5 table with `products` as its external content, kept in step by triggers;
//! - PostgreSQL: a generated, weighted `tsvector` column with a GIN index.
//! The copied columns are maintained by `backend::listing::refresh` on every write that
//! changes them; this migration fills them for rows that already exist.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Products {
    Table,
    DistrictId,
    VillageId,
    ProducerKind,
    TopCategoryId,
    OcopStars,
    OcopExpiresOn,
    SearchBodyFolded,
    SearchAccented,
}

const INDEXES: &[(&str, &[&str])] = &[
    ("idx_products_listing_district", &["status", "district_id"]),
    ("idx_products_listing_village", &["status", "village_id"]),
    ("idx_products_listing_kind", &["status", "producer_kind"]),
    ("idx_products_listing_top_category", &["status", "top_category_id"]),
    ("idx_products_listing_stars", &["status", "ocop_stars"]),
    ("idx_products_listing_price", &["status", "price_vnd"]),
];

const SQLITE_FTS: &[&str] = &[
    "CREATE VIRTUAL TABLE products_fts USING fts5(search_folded, search_body_folded, content='products', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN \
       INSERT INTO products_fts(rowid, search_folded, search_body_folded) VALUES (new.id, new.search_folded, new.search_body_folded); END",
    "CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN \
       INSERT INTO products_fts(products_fts, rowid, search_folded, search_body_folded) VALUES ('delete', old.id, old.search_folded, old.search_body_folded); END",
    "CREATE TRIGGER products_fts_update AFTER UPDATE OF search_folded, search_body_folded ON products BEGIN \
       INSERT INTO products_fts(products_fts, rowid, search_folded, search_body_folded) VALUES ('delete', old.id, old.search_folded, old.search_body_folded); \
       INSERT INTO products_fts(rowid, search_folded, search_body_folded) VALUES (new.id, new.search_folded, new.search_body_folded); END",
];

const POSTGRES_FTS: &[&str] = &[
    "ALTER TABLE products ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (\
       setweight(to_tsvector('simple', search_folded), 'A') || setweight(to_tsvector('simple', search_body_folded), 'B')) STORED",
    "CREATE INDEX idx_products_search_vector ON products USING GIN (search_vector)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per ALTER: SQLite allows no more.
        let columns = [
            ColumnDef::new(Products::DistrictId).integer().null().to_owned(),
            ColumnDef::new(Products::VillageId).integer().null().to_owned(),
            ColumnDef::new(Products::ProducerKind).string_len(32).null().to_owned(),
            ColumnDef::new(Products::TopCategoryId).integer().null().to_owned(),
            ColumnDef::new(Products::OcopStars).small_integer().null().to_owned(),
            ColumnDef::new(Products::OcopExpiresOn).date().null().to_owned(),
            ColumnDef::new(Products::SearchBodyFolded).text().not_null().default("").to_owned(),
            ColumnDef::new(Products::SearchAccented).text().not_null().default("").to_owned(),
        ];
        for mut column in columns {
            manager
                .alter_table(Table::alter().table(Products::Table).add_column(&mut column).to_owned())
                .await?;
        }
        for (name, cols) in INDEXES {
            let mut index = Index::create().name(*name).table(Products::Table).to_owned();
            for col in *cols {
                index.col(Alias::new(*col));
            }
            manager.create_index(index).await?;
        }

        let db = manager.get_connection();
        // Fill the new columns first, then index them, then install the triggers: an FTS5
        // external-content index must only ever be told to delete what it holds, so no
        // trigger may fire on rows the index has not seen yet.
        crate::backend::listing::refresh_all(db).await?;
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                let (table, triggers) = SQLITE_FTS.split_at(1);
                db.execute_unprepared(table[0]).await?;
                db.execute_unprepared("INSERT INTO products_fts(products_fts) VALUES ('rebuild')").await?;
                for sql in triggers {
                    db.execute_unprepared(sql).await?;
                }
            }
            DbBackend::Postgres => {
                for sql in POSTGRES_FTS {
                    db.execute_unprepared(sql).await?;
                }
            }
            other => return Err(DbErr::Migration(format!("unsupported database {other:?}"))),
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                for sql in [
                    "DROP TRIGGER IF EXISTS products_fts_insert",
                    "DROP TRIGGER IF EXISTS products_fts_delete",
                    "DROP TRIGGER IF EXISTS products_fts_update",
                    "DROP TABLE IF EXISTS products_fts",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
            _ => {
                db.execute_unprepared("DROP INDEX IF EXISTS idx_products_search_vector").await?;
                db.execute_unprepared("ALTER TABLE products DROP COLUMN IF EXISTS search_vector").await?;
            }
        }
        for (name, _) in INDEXES {
            manager.drop_index(Index::drop().name(*name).table(Products::Table).to_owned()).await?;
        }
        for column in [
            Products::SearchAccented,
            Products::SearchBodyFolded,
            Products::OcopExpiresOn,
            Products::OcopStars,
            Products::TopCategoryId,
            Products::ProducerKind,
            Products::VillageId,
            Products::DistrictId,
        ] {
            manager
                .alter_table(Table::alter().table(Products::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
