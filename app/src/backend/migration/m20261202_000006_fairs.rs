//! Trade fairs: the fair an organizer lists, its focus categories and booth types, the
//! producers' applications with the products they bring, and visitors' interest.
//!
//! `booth_types.taken` counts approved applications, kept by a conditional update
//! (`taken < count`) in the approving transaction, with `CHECK (taken <= count)` behind it:
//! two approvals racing for the last booth cannot both win.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Fairs {
    Table, Id, Slug, OrganizerId, NameVi, NameEn, DescriptionVi, DescriptionEn, StartsAt, EndsAt, Deadline,
    VenueName, VenueAddress, DistrictId, ContactName, ContactPhone, ContactEmail, CoverUrl, Status, Revision, CreatedAt, UpdatedAt,
}
#[derive(DeriveIden)]
enum FairCategories { Table, FairId, CategoryId }
#[derive(DeriveIden, Clone, Copy)]
enum BoothTypes { Table, Id, FairId, Name, Size, Count, Taken, PriceVnd }
#[derive(DeriveIden)]
enum FairApplications { Table, Id, FairId, ProducerId, BoothTypeId, Status, Note, Reason, BoothNumber, CreatedAt, UpdatedAt }
#[derive(DeriveIden)]
enum ApplicationProducts { Table, ApplicationId, ProductId }
#[derive(DeriveIden)]
enum FairInterests { Table, FairId, UserId, CreatedAt }
#[derive(DeriveIden)]
enum Users { Table, Id }
#[derive(DeriveIden)]
enum Districts { Table, Id }
#[derive(DeriveIden)]
enum Categories { Table, Id }
#[derive(DeriveIden)]
enum Producers { Table, Id }
#[derive(DeriveIden)]
enum Products { Table, Id }

fn fk(name: &str, from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};

        manager.create_table(Table::create().table(Fairs::Table)
            .col(ColumnDef::new(Fairs::Id).integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(Fairs::Slug).string_len(120).not_null().unique_key())
            .col(ColumnDef::new(Fairs::OrganizerId).integer().not_null())
            .col(ColumnDef::new(Fairs::NameVi).string().not_null())
            .col(ColumnDef::new(Fairs::NameEn).string().null())
            .col(ColumnDef::new(Fairs::DescriptionVi).text().not_null())
            .col(ColumnDef::new(Fairs::DescriptionEn).text().null())
            .col(ColumnDef::new(Fairs::StartsAt).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(Fairs::EndsAt).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(Fairs::Deadline).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(Fairs::VenueName).string().not_null())
            .col(ColumnDef::new(Fairs::VenueAddress).string().not_null())
            .col(ColumnDef::new(Fairs::DistrictId).integer().not_null())
            .col(ColumnDef::new(Fairs::ContactName).string().not_null())
            .col(ColumnDef::new(Fairs::ContactPhone).string_len(20).not_null())
            .col(ColumnDef::new(Fairs::ContactEmail).string().null())
            .col(ColumnDef::new(Fairs::CoverUrl).string().null())
            .col(ColumnDef::new(Fairs::Status).string_len(32).not_null())
            // Bumped on every change: the calendar feeds' SEQUENCE.
            .col(ColumnDef::new(Fairs::Revision).integer().not_null())
            .col(ColumnDef::new(Fairs::CreatedAt).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(Fairs::UpdatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_fairs_organizer", (Fairs::Table, Fairs::OrganizerId), (Users::Table, Users::Id), Restrict))
            .foreign_key(&mut fk("fk_fairs_district", (Fairs::Table, Fairs::DistrictId), (Districts::Table, Districts::Id), Restrict))
            .to_owned()).await?;
        manager.create_index(Index::create().name("idx_fairs_status_starts").table(Fairs::Table).col(Fairs::Status).col(Fairs::StartsAt).to_owned()).await?;
        manager.create_index(Index::create().name("idx_fairs_organizer").table(Fairs::Table).col(Fairs::OrganizerId).to_owned()).await?;

        manager.create_table(Table::create().table(FairCategories::Table)
            .col(ColumnDef::new(FairCategories::FairId).integer().not_null())
            .col(ColumnDef::new(FairCategories::CategoryId).integer().not_null())
            .primary_key(Index::create().col(FairCategories::FairId).col(FairCategories::CategoryId))
            .foreign_key(&mut fk("fk_fair_categories_fair", (FairCategories::Table, FairCategories::FairId), (Fairs::Table, Fairs::Id), Cascade))
            .foreign_key(&mut fk("fk_fair_categories_category", (FairCategories::Table, FairCategories::CategoryId), (Categories::Table, Categories::Id), Restrict))
            .to_owned()).await?;

        manager.create_table(Table::create().table(BoothTypes::Table)
            .col(ColumnDef::new(BoothTypes::Id).integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(BoothTypes::FairId).integer().not_null())
            .col(ColumnDef::new(BoothTypes::Name).string().not_null())
            .col(ColumnDef::new(BoothTypes::Size).string().null())
            .col(ColumnDef::new(BoothTypes::Count).integer().not_null().check(Expr::col(BoothTypes::Count).gt(0)))
            .col(ColumnDef::new(BoothTypes::Taken).integer().not_null().check(Expr::col(BoothTypes::Taken).gte(0)))
            .col(ColumnDef::new(BoothTypes::PriceVnd).big_integer().not_null().check(Expr::col(BoothTypes::PriceVnd).gte(0)))
            .check(Expr::col(BoothTypes::Taken).lte(Expr::col(BoothTypes::Count)))
            .foreign_key(&mut fk("fk_booth_types_fair", (BoothTypes::Table, BoothTypes::FairId), (Fairs::Table, Fairs::Id), Cascade))
            .to_owned()).await?;
        manager.create_index(Index::create().name("idx_booth_types_fair").table(BoothTypes::Table).col(BoothTypes::FairId).to_owned()).await?;

        manager.create_table(Table::create().table(FairApplications::Table)
            .col(ColumnDef::new(FairApplications::Id).integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new(FairApplications::FairId).integer().not_null())
            .col(ColumnDef::new(FairApplications::ProducerId).integer().not_null())
            .col(ColumnDef::new(FairApplications::BoothTypeId).integer().not_null())
            .col(ColumnDef::new(FairApplications::Status).string_len(32).not_null())
            .col(ColumnDef::new(FairApplications::Note).text().null())
            .col(ColumnDef::new(FairApplications::Reason).text().null())
            .col(ColumnDef::new(FairApplications::BoothNumber).string_len(12).null())
            .col(ColumnDef::new(FairApplications::CreatedAt).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(FairApplications::UpdatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_fair_applications_fair", (FairApplications::Table, FairApplications::FairId), (Fairs::Table, Fairs::Id), Cascade))
            .foreign_key(&mut fk("fk_fair_applications_producer", (FairApplications::Table, FairApplications::ProducerId), (Producers::Table, Producers::Id), Cascade))
            .foreign_key(&mut fk("fk_fair_applications_booth_type", (FairApplications::Table, FairApplications::BoothTypeId), (BoothTypes::Table, BoothTypes::Id), Restrict))
            .to_owned()).await?;
        // One application per producer and fair; one exhibitor per booth number (NULLs,
        // for undecided applications, do not collide on either engine).
        manager.create_index(Index::create().name("ux_fair_applications_producer").table(FairApplications::Table)
            .col(FairApplications::FairId).col(FairApplications::ProducerId).unique().to_owned()).await?;
        manager.create_index(Index::create().name("ux_fair_applications_booth").table(FairApplications::Table)
            .col(FairApplications::FairId).col(FairApplications::BoothNumber).unique().to_owned()).await?;

        manager.create_table(Table::create().table(ApplicationProducts::Table)
            .col(ColumnDef::new(ApplicationProducts::ApplicationId).integer().not_null())
            .col(ColumnDef::new(ApplicationProducts::ProductId).integer().not_null())
            .primary_key(Index::create().col(ApplicationProducts::ApplicationId).col(ApplicationProducts::ProductId))
            .foreign_key(&mut fk("fk_application_products_application", (ApplicationProducts::Table, ApplicationProducts::ApplicationId), (FairApplications::Table, FairApplications::Id), Cascade))
            .foreign_key(&mut fk("fk_application_products_product", (ApplicationProducts::Table, ApplicationProducts::ProductId), (Products::Table, Products::Id), Cascade))
            .to_owned()).await?;

        manager.create_table(Table::create().table(FairInterests::Table)
            .col(ColumnDef::new(FairInterests::FairId).integer().not_null())
            .col(ColumnDef::new(FairInterests::UserId).integer().not_null())
            .col(ColumnDef::new(FairInterests::CreatedAt).timestamp_with_time_zone().not_null())
            .primary_key(Index::create().col(FairInterests::FairId).col(FairInterests::UserId))
            .foreign_key(&mut fk("fk_fair_interests_fair", (FairInterests::Table, FairInterests::FairId), (Fairs::Table, Fairs::Id), Cascade))
            .foreign_key(&mut fk("fk_fair_interests_user", (FairInterests::Table, FairInterests::UserId), (Users::Table, Users::Id), Cascade))
            .to_owned()).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["fair_interests", "application_products", "fair_applications", "booth_types", "fair_categories", "fairs"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}
