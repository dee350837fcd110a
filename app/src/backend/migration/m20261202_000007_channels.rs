//! Offline channels and kinds of events: points of sale with the products they stock; a
//! kind for each fair listing (trade fair, exhibition, conference, workshop, livestream,
//! market day) with the fields the kinds need; registrations for workshops.
//!
//! `fairs.registered` counts registrations, kept by a conditional update (`registered <
//! capacity`) in the registering statement, like booths and stock.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PointsOfSale {
    Table, Id, Slug, Name, Kind, Address, Ward, DistrictId, OpeningHours, Phone, Latitude, Longitude, ManagerUserId, ManagerProducerId,
    CreatedAt, UpdatedAt,
}
#[derive(DeriveIden)]
enum PosProducts { Table, PosId, ProductId }
#[derive(DeriveIden)]
enum EventRegistrations { Table, FairId, UserId, Role, ProducerId, CreatedAt }
#[derive(DeriveIden)]
enum Fairs { Table, Id }
#[derive(DeriveIden)]
enum Users { Table, Id }
#[derive(DeriveIden)]
enum Districts { Table, Id }
#[derive(DeriveIden)]
enum Producers { Table, Id }
#[derive(DeriveIden)]
enum Products { Table, Id }

const ADDED_COLUMNS: &[(&str, &str, &str)] = &[
    ("fairs", "kind", "VARCHAR(32) NOT NULL DEFAULT 'trade_fair'"),
    ("fairs", "online_url", "TEXT"),
    ("fairs", "agenda", "TEXT"),
    ("fairs", "capacity", "INTEGER CHECK (capacity >= 1)"),
    ("fairs", "registered", "INTEGER NOT NULL DEFAULT 0 CHECK (registered >= 0)"),
    // No foreign key: SQLite cannot drop a column that has one.
    ("fairs", "village_id", "INTEGER"),
];

fn fk(name: &str, from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        manager.create_table(Table::create().table(PointsOfSale::Table)
            .col(ColumnDef::new(PointsOfSale::Id).integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(PointsOfSale::Slug).string_len(120).not_null().unique_key())
            .col(ColumnDef::new(PointsOfSale::Name).string().not_null())
            .col(ColumnDef::new(PointsOfSale::Kind).string_len(32).not_null())
            .col(ColumnDef::new(PointsOfSale::Address).string().not_null())
            .col(ColumnDef::new(PointsOfSale::Ward).string().null())
            .col(ColumnDef::new(PointsOfSale::DistrictId).integer().not_null())
            .col(ColumnDef::new(PointsOfSale::OpeningHours).string().null())
            .col(ColumnDef::new(PointsOfSale::Phone).string_len(20).null())
            .col(ColumnDef::new(PointsOfSale::Latitude).double().null())
            .col(ColumnDef::new(PointsOfSale::Longitude).double().null())
            // Managed by the office (both empty), a buyer (its user) or a producer (its showroom).
            .col(ColumnDef::new(PointsOfSale::ManagerUserId).integer().null())
            .col(ColumnDef::new(PointsOfSale::ManagerProducerId).integer().null())
            .col(ColumnDef::new(PointsOfSale::CreatedAt).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(PointsOfSale::UpdatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_pos_district", (PointsOfSale::Table, PointsOfSale::DistrictId), (Districts::Table, Districts::Id), Restrict))
            .foreign_key(&mut fk("fk_pos_manager_user", (PointsOfSale::Table, PointsOfSale::ManagerUserId), (Users::Table, Users::Id), Cascade))
            .foreign_key(&mut fk("fk_pos_manager_producer", (PointsOfSale::Table, PointsOfSale::ManagerProducerId), (Producers::Table, Producers::Id), Cascade))
            .to_owned()).await?;
        manager.create_index(Index::create().name("idx_pos_district_kind").table(PointsOfSale::Table).col(PointsOfSale::DistrictId).col(PointsOfSale::Kind).to_owned()).await?;

        manager.create_table(Table::create().table(PosProducts::Table)
            .col(ColumnDef::new(PosProducts::PosId).integer().not_null())
            .col(ColumnDef::new(PosProducts::ProductId).integer().not_null())
            .primary_key(Index::create().col(PosProducts::PosId).col(PosProducts::ProductId))
            .foreign_key(&mut fk("fk_pos_products_pos", (PosProducts::Table, PosProducts::PosId), (PointsOfSale::Table, PointsOfSale::Id), Cascade))
            .foreign_key(&mut fk("fk_pos_products_product", (PosProducts::Table, PosProducts::ProductId), (Products::Table, Products::Id), Cascade))
            .to_owned()).await?;
        // "Also sold at": from a product to the places that stock it.
        manager.create_index(Index::create().name("idx_pos_products_product").table(PosProducts::Table).col(PosProducts::ProductId).to_owned()).await?;

        manager.create_table(Table::create().table(EventRegistrations::Table)
            .col(ColumnDef::new(EventRegistrations::FairId).integer().not_null())
            .col(ColumnDef::new(EventRegistrations::UserId).integer().not_null())
            .col(ColumnDef::new(EventRegistrations::Role).string_len(32).not_null())
            .col(ColumnDef::new(EventRegistrations::ProducerId).integer().null())
            .col(ColumnDef::new(EventRegistrations::CreatedAt).timestamp_with_time_zone().not_null())
            .primary_key(Index::create().col(EventRegistrations::FairId).col(EventRegistrations::UserId))
            .foreign_key(&mut fk("fk_event_registrations_fair", (EventRegistrations::Table, EventRegistrations::FairId), (Fairs::Table, Fairs::Id), Cascade))
            .foreign_key(&mut fk("fk_event_registrations_user", (EventRegistrations::Table, EventRegistrations::UserId), (Users::Table, Users::Id), Cascade))
            .foreign_key(&mut fk("fk_event_registrations_producer", (EventRegistrations::Table, EventRegistrations::ProducerId), (Producers::Table, Producers::Id), Cascade))
            .to_owned()).await?;

        super::add_columns(manager, ADDED_COLUMNS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::drop_columns(manager, ADDED_COLUMNS).await?;
        for table in ["event_registrations", "pos_products", "points_of_sale"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}
