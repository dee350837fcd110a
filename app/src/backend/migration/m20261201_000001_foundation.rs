//! The foundation: places, categories, producers, products, OCOP certificates, IP marks and
//! users with roles. Enum-like columns hold the stable codes of `crate::domain::kinds`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Districts { Table, Id, Slug, Name, Kind, Position }
#[derive(DeriveIden)]
enum Communes { Table, Id, DistrictId, Name }
#[derive(DeriveIden)]
enum Categories { Table, Id, Slug, ParentId, NameVi, NameEn, Position }
#[derive(DeriveIden)]
enum Villages { Table, Id, Slug, Name, CommuneId, YearRecognised, Traditional, StoryVi, StoryEn }
#[derive(DeriveIden)]
enum VillageCrafts { Table, VillageId, CategoryId }
#[derive(DeriveIden)]
enum Producers {
    Table, Id, Slug, Kind, Name, VillageId, CommuneId, AddressLine, Phone, Email, StoryVi, StoryEn,
    LogoUrl, BannerUrl, Workers, Verification, CreatedAt,
}
#[derive(DeriveIden)]
enum CooperativeMembers { Table, CooperativeId, MemberId }
#[derive(DeriveIden)]
enum Products {
    Table, Id, ProducerId, CategoryId, Slug, NameVi, NameEn, DescriptionVi, DescriptionEn,
    PriceVnd, Unit, Stock, WholesalePriceVnd, MinOrderQty, Status, SearchFolded, CreatedAt, UpdatedAt,
}
#[derive(DeriveIden)]
enum ProductImages { Table, Id, ProductId, Url, Position, AltVi, AltEn }
#[derive(DeriveIden)]
enum OcopCertificates {
    Table, Id, ProductId, Stars, Level, DecisionNumber, DecisionDate, ExpiresOn, Status, CreatedAt,
}
#[derive(DeriveIden)]
enum IpMarks { Table, Id, Kind, Name, Holder, Area, VillageId }
#[derive(DeriveIden)]
enum ProductMarks { Table, ProductId, MarkId }
#[derive(DeriveIden)]
enum Users { Table, Id, Email, PasswordHash, DisplayName, ProducerId, CreatedAt }
#[derive(DeriveIden)]
enum UserRoles { Table, UserId, Role }

fn id<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).integer().not_null().auto_increment().primary_key().to_owned()
}

fn code<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).string_len(32).not_null().to_owned()
}

fn fk(name: &str, from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

async fn index(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden, cols: &[&'static str]) -> Result<(), DbErr> {
    let mut stmt = Index::create().name(name).table(table).to_owned();
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    manager.create_index(stmt).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};

        manager.create_table(Table::create().table(Districts::Table)
            .col(id(Districts::Id))
            .col(ColumnDef::new(Districts::Slug).string_len(120).not_null().unique_key())
            .col(ColumnDef::new(Districts::Name).string().not_null())
            .col(code(Districts::Kind))
            .col(ColumnDef::new(Districts::Position).integer().not_null())
            .to_owned()).await?;

        manager.create_table(Table::create().table(Communes::Table)
            .col(id(Communes::Id))
            .col(ColumnDef::new(Communes::DistrictId).integer().not_null())
            .col(ColumnDef::new(Communes::Name).string().not_null())
            .foreign_key(&mut fk("fk_communes_district", (Communes::Table, Communes::DistrictId), (Districts::Table, Districts::Id), Restrict))
            .to_owned()).await?;
        index(manager, "idx_communes_district", Communes::Table, &["district_id"]).await?;

        manager.create_table(Table::create().table(Categories::Table)
            .col(id(Categories::Id))
            .col(ColumnDef::new(Categories::Slug).string_len(120).not_null().unique_key())
            .col(ColumnDef::new(Categories::ParentId).integer().null())
            .col(ColumnDef::new(Categories::NameVi).string().not_null())
            .col(ColumnDef::new(Categories::NameEn).string().not_null())
            .col(ColumnDef::new(Categories::Position).integer().not_null())
            .foreign_key(&mut fk("fk_categories_parent", (Categories::Table, Categories::ParentId), (Categories::Table, Categories::Id), Restrict))
            .to_owned()).await?;

        manager.create_table(Table::create().table(Villages::Table)
            .col(id(Villages::Id))
            .col(ColumnDef::new(Villages::Slug).string_len(120).not_null().unique_key())
            .col(ColumnDef::new(Villages::Name).string().not_null())
            .col(ColumnDef::new(Villages::CommuneId).integer().not_null())
            .col(ColumnDef::new(Villages::YearRecognised).integer().null())
            .col(ColumnDef::new(Villages::Traditional).boolean().not_null())
            .col(ColumnDef::new(Villages::StoryVi).text().not_null())
            .col(ColumnDef::new(Villages::StoryEn).text().null())
            .foreign_key(&mut fk("fk_villages_commune", (Villages::Table, Villages::CommuneId), (Communes::Table, Communes::Id), Restrict))
            .to_owned()).await?;
        index(manager, "idx_villages_commune", Villages::Table, &["commune_id"]).await?;

        manager.create_table(Table::create().table(VillageCrafts::Table)
            .col(ColumnDef::new(VillageCrafts::VillageId).integer().not_null())
            .col(ColumnDef::new(VillageCrafts::CategoryId).integer().not_null())
            .primary_key(Index::create().col(VillageCrafts::VillageId).col(VillageCrafts::CategoryId))
            .foreign_key(&mut fk("fk_village_crafts_village", (VillageCrafts::Table, VillageCrafts::VillageId), (Villages::Table, Villages::Id), Cascade))
            .foreign_key(&mut fk("fk_village_crafts_category", (VillageCrafts::Table, VillageCrafts::CategoryId), (Categories::Table, Categories::Id), Restrict))
            .to_owned()).await?;

        manager.create_table(Table::create().table(Producers::Table)
            .col(id(Producers::Id))
            .col(ColumnDef::new(Producers::Slug).string_len(120).not_null().unique_key())
            .col(code(Producers::Kind))
            .col(ColumnDef::new(Producers::Name).string().not_null())
            .col(ColumnDef::new(Producers::VillageId).integer().null())
            .col(ColumnDef::new(Producers::CommuneId).integer().not_null())
            .col(ColumnDef::new(Producers::AddressLine).string().not_null())
            .col(ColumnDef::new(Producers::Phone).string_len(20).null())
            .col(ColumnDef::new(Producers::Email).string().null())
            .col(ColumnDef::new(Producers::StoryVi).text().not_null())
            .col(ColumnDef::new(Producers::StoryEn).text().null())
            .col(ColumnDef::new(Producers::LogoUrl).string().null())
            .col(ColumnDef::new(Producers::BannerUrl).string().null())
            .col(ColumnDef::new(Producers::Workers).integer().null().check(Expr::col(Producers::Workers).gte(0)))
            .col(code(Producers::Verification))
            .col(ColumnDef::new(Producers::CreatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_producers_village", (Producers::Table, Producers::VillageId), (Villages::Table, Villages::Id), SetNull))
            .foreign_key(&mut fk("fk_producers_commune", (Producers::Table, Producers::CommuneId), (Communes::Table, Communes::Id), Restrict))
            .to_owned()).await?;
        index(manager, "idx_producers_village", Producers::Table, &["village_id"]).await?;

        manager.create_table(Table::create().table(CooperativeMembers::Table)
            .col(ColumnDef::new(CooperativeMembers::CooperativeId).integer().not_null())
            .col(ColumnDef::new(CooperativeMembers::MemberId).integer().not_null())
            .primary_key(Index::create().col(CooperativeMembers::CooperativeId).col(CooperativeMembers::MemberId))
            .foreign_key(&mut fk("fk_coop_members_coop", (CooperativeMembers::Table, CooperativeMembers::CooperativeId), (Producers::Table, Producers::Id), Cascade))
            .foreign_key(&mut fk("fk_coop_members_member", (CooperativeMembers::Table, CooperativeMembers::MemberId), (Producers::Table, Producers::Id), Cascade))
            .to_owned()).await?;

        manager.create_table(Table::create().table(Products::Table)
            .col(id(Products::Id))
            .col(ColumnDef::new(Products::ProducerId).integer().not_null())
            .col(ColumnDef::new(Products::CategoryId).integer().not_null())
            .col(ColumnDef::new(Products::Slug).string_len(120).not_null().unique_key())
            .col(ColumnDef::new(Products::NameVi).string().not_null())
            .col(ColumnDef::new(Products::NameEn).string().null())
            .col(ColumnDef::new(Products::DescriptionVi).text().not_null())
            .col(ColumnDef::new(Products::DescriptionEn).text().null())
            .col(ColumnDef::new(Products::PriceVnd).big_integer().not_null().check(Expr::col(Products::PriceVnd).gte(0)))
            .col(code(Products::Unit))
            .col(ColumnDef::new(Products::Stock).integer().not_null().check(Expr::col(Products::Stock).gte(0)))
            .col(ColumnDef::new(Products::WholesalePriceVnd).big_integer().null().check(Expr::col(Products::WholesalePriceVnd).gte(0)))
            .col(ColumnDef::new(Products::MinOrderQty).integer().null().check(Expr::col(Products::MinOrderQty).gte(1)))
            .col(code(Products::Status))
            .col(ColumnDef::new(Products::SearchFolded).text().not_null())
            .col(ColumnDef::new(Products::CreatedAt).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(Products::UpdatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_products_producer", (Products::Table, Products::ProducerId), (Producers::Table, Producers::Id), Cascade))
            .foreign_key(&mut fk("fk_products_category", (Products::Table, Products::CategoryId), (Categories::Table, Categories::Id), Restrict))
            .to_owned()).await?;
        index(manager, "idx_products_producer", Products::Table, &["producer_id"]).await?;
        index(manager, "idx_products_category", Products::Table, &["category_id"]).await?;
        index(manager, "idx_products_status_created", Products::Table, &["status", "created_at"]).await?;

        manager.create_table(Table::create().table(ProductImages::Table)
            .col(id(ProductImages::Id))
            .col(ColumnDef::new(ProductImages::ProductId).integer().not_null())
            .col(ColumnDef::new(ProductImages::Url).string().not_null())
            .col(ColumnDef::new(ProductImages::Position).integer().not_null())
            .col(ColumnDef::new(ProductImages::AltVi).string().not_null())
            .col(ColumnDef::new(ProductImages::AltEn).string().null())
            .foreign_key(&mut fk("fk_product_images_product", (ProductImages::Table, ProductImages::ProductId), (Products::Table, Products::Id), Cascade))
            .to_owned()).await?;
        index(manager, "idx_product_images_product", ProductImages::Table, &["product_id", "position"]).await?;

        manager.create_table(Table::create().table(OcopCertificates::Table)
            .col(id(OcopCertificates::Id))
            .col(ColumnDef::new(OcopCertificates::ProductId).integer().not_null())
            .col(ColumnDef::new(OcopCertificates::Stars).small_integer().not_null()
                .check(Expr::col(OcopCertificates::Stars).between(3, 5)))
            .col(code(OcopCertificates::Level))
            .col(ColumnDef::new(OcopCertificates::DecisionNumber).string_len(64).not_null())
            .col(ColumnDef::new(OcopCertificates::DecisionDate).date().not_null())
            .col(ColumnDef::new(OcopCertificates::ExpiresOn).date().not_null())
            .col(code(OcopCertificates::Status))
            .col(ColumnDef::new(OcopCertificates::CreatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_ocop_certificates_product", (OcopCertificates::Table, OcopCertificates::ProductId), (Products::Table, Products::Id), Cascade))
            .to_owned()).await?;
        index(manager, "idx_ocop_certificates_product", OcopCertificates::Table, &["product_id", "decision_date"]).await?;

        manager.create_table(Table::create().table(IpMarks::Table)
            .col(id(IpMarks::Id))
            .col(code(IpMarks::Kind))
            .col(ColumnDef::new(IpMarks::Name).string().not_null())
            .col(ColumnDef::new(IpMarks::Holder).string().not_null())
            .col(ColumnDef::new(IpMarks::Area).string().not_null())
            .col(ColumnDef::new(IpMarks::VillageId).integer().null())
            .foreign_key(&mut fk("fk_ip_marks_village", (IpMarks::Table, IpMarks::VillageId), (Villages::Table, Villages::Id), SetNull))
            .to_owned()).await?;

        manager.create_table(Table::create().table(ProductMarks::Table)
            .col(ColumnDef::new(ProductMarks::ProductId).integer().not_null())
            .col(ColumnDef::new(ProductMarks::MarkId).integer().not_null())
            .primary_key(Index::create().col(ProductMarks::ProductId).col(ProductMarks::MarkId))
            .foreign_key(&mut fk("fk_product_marks_product", (ProductMarks::Table, ProductMarks::ProductId), (Products::Table, Products::Id), Cascade))
            .foreign_key(&mut fk("fk_product_marks_mark", (ProductMarks::Table, ProductMarks::MarkId), (IpMarks::Table, IpMarks::Id), Cascade))
            .to_owned()).await?;

        manager.create_table(Table::create().table(Users::Table)
            .col(id(Users::Id))
            .col(ColumnDef::new(Users::Email).string_len(254).not_null().unique_key())
            .col(ColumnDef::new(Users::PasswordHash).string().not_null())
            .col(ColumnDef::new(Users::DisplayName).string().not_null())
            .col(ColumnDef::new(Users::ProducerId).integer().null())
            .col(ColumnDef::new(Users::CreatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_users_producer", (Users::Table, Users::ProducerId), (Producers::Table, Producers::Id), SetNull))
            .to_owned()).await?;

        manager.create_table(Table::create().table(UserRoles::Table)
            .col(ColumnDef::new(UserRoles::UserId).integer().not_null())
            .col(code(UserRoles::Role))
            .primary_key(Index::create().col(UserRoles::UserId).col(UserRoles::Role))
            .foreign_key(&mut fk("fk_user_roles_user", (UserRoles::Table, UserRoles::UserId), (Users::Table, Users::Id), Cascade))
            .to_owned()).await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Reverse order of creation, so no foreign key is left dangling.
        let tables: [DynIden; 14] = [
            UserRoles::Table.into_iden(),
            Users::Table.into_iden(),
            ProductMarks::Table.into_iden(),
            IpMarks::Table.into_iden(),
            OcopCertificates::Table.into_iden(),
            ProductImages::Table.into_iden(),
            Products::Table.into_iden(),
            CooperativeMembers::Table.into_iden(),
            Producers::Table.into_iden(),
            VillageCrafts::Table.into_iden(),
            Villages::Table.into_iden(),
            Categories::Table.into_iden(),
            Communes::Table.into_iden(),
            Districts::Table.into_iden(),
        ];
        for table in tables {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
