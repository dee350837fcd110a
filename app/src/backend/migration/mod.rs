//! Schema migrations, run at start-up. Each has an `up` and a `down`; both are tested on
//! SQLite and PostgreSQL. Later features add migrations here; they never edit an old one.

use sea_orm_migration::prelude::*;

mod m20261201_000001_foundation;
mod m20261201_000002_catalog_listing;
mod m20261201_000003_catalog_covering_index;
mod m20261202_000004_accounts;
mod m20261202_000005_orders;
mod m20261202_000006_fairs;
mod m20261202_000007_channels;
mod m20261203_000008_trade;
mod m20261203_000009_listing_order_indexes;

pub struct Migrator;

/// Adds columns given as (table, column, SQL type) to existing tables. Each is nullable, so a
/// populated database upgrades without a default, and the same statement suits both engines.
async fn add_columns(manager: &SchemaManager<'_>, columns: &[(&str, &str, &str)]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for (table, column, ty) in columns {
        db.execute_unprepared(&format!("ALTER TABLE {table} ADD COLUMN {column} {ty}")).await?;
    }
    Ok(())
}

/// Drops what [`add_columns`] added, last first.
async fn drop_columns(manager: &SchemaManager<'_>, columns: &[(&str, &str, &str)]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for (table, column, _) in columns.iter().rev() {
        db.execute_unprepared(&format!("ALTER TABLE {table} DROP COLUMN {column}")).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261201_000001_foundation::Migration),
            Box::new(m20261201_000002_catalog_listing::Migration),
            Box::new(m20261201_000003_catalog_covering_index::Migration),
            Box::new(m20261202_000004_accounts::Migration),
            Box::new(m20261202_000005_orders::Migration),
            Box::new(m20261202_000006_fairs::Migration),
            Box::new(m20261202_000007_channels::Migration),
            Box::new(m20261203_000008_trade::Migration),
            Box::new(m20261203_000009_listing_order_indexes::Migration),
        ]
    }
}
