//! Schema migrations, run at start-up. Each has an `up` and a `down`; both are tested on
//! SQLite and PostgreSQL. Later features add migrations here; they never edit an old one.

use sea_orm_migration::prelude::*;

mod m20261201_000001_foundation;
mod m20261201_000002_catalog_listing;
mod m20261201_000003_catalog_covering_index;
mod m20261202_000004_accounts;
mod m20261202_000005_orders;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261201_000001_foundation::Migration),
            Box::new(m20261201_000002_catalog_listing::Migration),
            Box::new(m20261201_000003_catalog_covering_index::Migration),
            Box::new(m20261202_000004_accounts::Migration),
            Box::new(m20261202_000005_orders::Migration),
        ]
    }
}
