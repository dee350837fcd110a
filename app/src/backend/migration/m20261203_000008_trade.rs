//! Trade connection and the office's moderation: buyers' businesses (verified by the
//! office), trade requests (direct, or fanned out from a broadcast, one request per
//! producer reached), the products they name, quotes, the thread of each request, meeting
//! requests at fairs, the office's reason for taking a product down, and an index on
//! `products.updated_at` (the catalog cache's version).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum BuyerBusinesses {
    Table, Id, UserId, Name, Kind, TaxCode, Address, DistrictId, ContactPerson, Phone, Verification, ReviewNote, CreatedAt,
}
#[derive(DeriveIden)]
enum TradeBroadcasts { Table, Id, BuyerUserId, CategoryId, DistrictId, MinStars, ProducerKind, Reached, CreatedAt }
#[derive(DeriveIden)]
enum TradeRequests {
    Table, Id, BuyerUserId, ProducerId, BroadcastId, Quantity, Unit, TargetPriceVnd, WantedBy, DeliveryPlace, Message, Status,
    CreatedAt, UpdatedAt,
}
#[derive(DeriveIden)]
enum TradeRequestProducts { Table, RequestId, ProductId }
#[derive(DeriveIden)]
enum TradeQuotes { Table, Id, RequestId, ProducerId, AuthorUserId, PriceVnd, Quantity, LeadTimeDays, ValidUntil, CreatedAt }
#[derive(DeriveIden)]
enum TradeMessages { Table, Id, RequestId, AuthorUserId, FromBuyer, Body, CreatedAt }
#[derive(DeriveIden)]
enum MeetingRequests { Table, Id, FairId, BuyerUserId, ProducerId, StartsAt, Message, Status, Reply, CreatedAt }
#[derive(DeriveIden)]
enum Users { Table, Id }
#[derive(DeriveIden)]
enum Districts { Table, Id }
#[derive(DeriveIden)]
enum Producers { Table, Id }
#[derive(DeriveIden)]
enum Products { Table, Id }
#[derive(DeriveIden)]
enum Fairs { Table, Id }

const ADDED_COLUMNS: &[(&str, &str, &str)] = &[
    // The office's reason for unpublishing a product; while set, the producer cannot publish it.
    ("products", "moderation_note", "TEXT"),
];

fn fk(name: &str, from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

fn id<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).integer().not_null().auto_increment().primary_key().to_owned()
}

async fn index(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden, cols: &[&'static str], unique: bool) -> Result<(), DbErr> {
    let mut stmt = Index::create().name(name).table(table).to_owned();
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    if unique {
        stmt.unique();
    }
    manager.create_index(stmt).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        manager.create_table(Table::create().table(BuyerBusinesses::Table)
            .col(id(BuyerBusinesses::Id))
            .col(ColumnDef::new(BuyerBusinesses::UserId).integer().not_null().unique_key())
            .col(ColumnDef::new(BuyerBusinesses::Name).string().not_null())
            .col(ColumnDef::new(BuyerBusinesses::Kind).string_len(32).not_null())
            .col(ColumnDef::new(BuyerBusinesses::TaxCode).string_len(20).not_null())
            .col(ColumnDef::new(BuyerBusinesses::Address).string().not_null())
            .col(ColumnDef::new(BuyerBusinesses::DistrictId).integer().not_null())
            .col(ColumnDef::new(BuyerBusinesses::ContactPerson).string().not_null())
            .col(ColumnDef::new(BuyerBusinesses::Phone).string_len(20).not_null())
            .col(ColumnDef::new(BuyerBusinesses::Verification).string_len(32).not_null())
            .col(ColumnDef::new(BuyerBusinesses::ReviewNote).text().null())
            .col(ColumnDef::new(BuyerBusinesses::CreatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_buyer_businesses_user", (BuyerBusinesses::Table, BuyerBusinesses::UserId), (Users::Table, Users::Id), Cascade))
            .foreign_key(&mut fk("fk_buyer_businesses_district", (BuyerBusinesses::Table, BuyerBusinesses::DistrictId), (Districts::Table, Districts::Id), Restrict))
            .to_owned()).await?;
        index(manager, "idx_buyer_businesses_verification", BuyerBusinesses::Table, &["verification", "created_at"], false).await?;

        manager.create_table(Table::create().table(TradeBroadcasts::Table)
            .col(id(TradeBroadcasts::Id))
            .col(ColumnDef::new(TradeBroadcasts::BuyerUserId).integer().not_null())
            .col(ColumnDef::new(TradeBroadcasts::CategoryId).integer().null())
            .col(ColumnDef::new(TradeBroadcasts::DistrictId).integer().null())
            .col(ColumnDef::new(TradeBroadcasts::MinStars).small_integer().null())
            .col(ColumnDef::new(TradeBroadcasts::ProducerKind).string_len(32).null())
            .col(ColumnDef::new(TradeBroadcasts::Reached).integer().not_null())
            .col(ColumnDef::new(TradeBroadcasts::CreatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_trade_broadcasts_buyer", (TradeBroadcasts::Table, TradeBroadcasts::BuyerUserId), (Users::Table, Users::Id), Cascade))
            .to_owned()).await?;

        manager.create_table(Table::create().table(TradeRequests::Table)
            .col(id(TradeRequests::Id))
            .col(ColumnDef::new(TradeRequests::BuyerUserId).integer().not_null())
            .col(ColumnDef::new(TradeRequests::ProducerId).integer().not_null())
            .col(ColumnDef::new(TradeRequests::BroadcastId).integer().null())
            .col(ColumnDef::new(TradeRequests::Quantity).integer().not_null().check(Expr::col(TradeRequests::Quantity).gte(1)))
            .col(ColumnDef::new(TradeRequests::Unit).string_len(32).not_null())
            .col(ColumnDef::new(TradeRequests::TargetPriceVnd).big_integer().null().check(Expr::col(TradeRequests::TargetPriceVnd).gte(0)))
            .col(ColumnDef::new(TradeRequests::WantedBy).date().null())
            .col(ColumnDef::new(TradeRequests::DeliveryPlace).string().not_null())
            .col(ColumnDef::new(TradeRequests::Message).text().not_null())
            .col(ColumnDef::new(TradeRequests::Status).string_len(32).not_null())
            .col(ColumnDef::new(TradeRequests::CreatedAt).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(TradeRequests::UpdatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_trade_requests_buyer", (TradeRequests::Table, TradeRequests::BuyerUserId), (Users::Table, Users::Id), Cascade))
            .foreign_key(&mut fk("fk_trade_requests_producer", (TradeRequests::Table, TradeRequests::ProducerId), (Producers::Table, Producers::Id), Cascade))
            .foreign_key(&mut fk("fk_trade_requests_broadcast", (TradeRequests::Table, TradeRequests::BroadcastId), (TradeBroadcasts::Table, TradeBroadcasts::Id), SetNull))
            .to_owned()).await?;
        index(manager, "idx_trade_requests_buyer", TradeRequests::Table, &["buyer_user_id", "created_at"], false).await?;
        index(manager, "idx_trade_requests_producer", TradeRequests::Table, &["producer_id", "created_at"], false).await?;

        manager.create_table(Table::create().table(TradeRequestProducts::Table)
            .col(ColumnDef::new(TradeRequestProducts::RequestId).integer().not_null())
            .col(ColumnDef::new(TradeRequestProducts::ProductId).integer().not_null())
            .primary_key(Index::create().col(TradeRequestProducts::RequestId).col(TradeRequestProducts::ProductId))
            .foreign_key(&mut fk("fk_trade_request_products_request", (TradeRequestProducts::Table, TradeRequestProducts::RequestId), (TradeRequests::Table, TradeRequests::Id), Cascade))
            .foreign_key(&mut fk("fk_trade_request_products_product", (TradeRequestProducts::Table, TradeRequestProducts::ProductId), (Products::Table, Products::Id), Cascade))
            .to_owned()).await?;

        manager.create_table(Table::create().table(TradeQuotes::Table)
            .col(id(TradeQuotes::Id))
            .col(ColumnDef::new(TradeQuotes::RequestId).integer().not_null())
            .col(ColumnDef::new(TradeQuotes::ProducerId).integer().not_null())
            .col(ColumnDef::new(TradeQuotes::AuthorUserId).integer().not_null())
            .col(ColumnDef::new(TradeQuotes::PriceVnd).big_integer().not_null().check(Expr::col(TradeQuotes::PriceVnd).gt(0)))
            .col(ColumnDef::new(TradeQuotes::Quantity).integer().not_null().check(Expr::col(TradeQuotes::Quantity).gte(1)))
            .col(ColumnDef::new(TradeQuotes::LeadTimeDays).integer().not_null().check(Expr::col(TradeQuotes::LeadTimeDays).gte(0)))
            .col(ColumnDef::new(TradeQuotes::ValidUntil).date().not_null())
            .col(ColumnDef::new(TradeQuotes::CreatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_trade_quotes_request", (TradeQuotes::Table, TradeQuotes::RequestId), (TradeRequests::Table, TradeRequests::Id), Cascade))
            .foreign_key(&mut fk("fk_trade_quotes_producer", (TradeQuotes::Table, TradeQuotes::ProducerId), (Producers::Table, Producers::Id), Cascade))
            .foreign_key(&mut fk("fk_trade_quotes_author", (TradeQuotes::Table, TradeQuotes::AuthorUserId), (Users::Table, Users::Id), Cascade))
            .to_owned()).await?;
        index(manager, "idx_trade_quotes_request", TradeQuotes::Table, &["request_id", "id"], false).await?;

        manager.create_table(Table::create().table(TradeMessages::Table)
            .col(id(TradeMessages::Id))
            .col(ColumnDef::new(TradeMessages::RequestId).integer().not_null())
            .col(ColumnDef::new(TradeMessages::AuthorUserId).integer().not_null())
            .col(ColumnDef::new(TradeMessages::FromBuyer).boolean().not_null())
            .col(ColumnDef::new(TradeMessages::Body).text().not_null())
            .col(ColumnDef::new(TradeMessages::CreatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_trade_messages_request", (TradeMessages::Table, TradeMessages::RequestId), (TradeRequests::Table, TradeRequests::Id), Cascade))
            .foreign_key(&mut fk("fk_trade_messages_author", (TradeMessages::Table, TradeMessages::AuthorUserId), (Users::Table, Users::Id), Cascade))
            .to_owned()).await?;
        index(manager, "idx_trade_messages_request", TradeMessages::Table, &["request_id", "id"], false).await?;

        manager.create_table(Table::create().table(MeetingRequests::Table)
            .col(id(MeetingRequests::Id))
            .col(ColumnDef::new(MeetingRequests::FairId).integer().not_null())
            .col(ColumnDef::new(MeetingRequests::BuyerUserId).integer().not_null())
            .col(ColumnDef::new(MeetingRequests::ProducerId).integer().not_null())
            .col(ColumnDef::new(MeetingRequests::StartsAt).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(MeetingRequests::Message).text().not_null())
            .col(ColumnDef::new(MeetingRequests::Status).string_len(32).not_null())
            .col(ColumnDef::new(MeetingRequests::Reply).text().null())
            .col(ColumnDef::new(MeetingRequests::CreatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_meeting_requests_fair", (MeetingRequests::Table, MeetingRequests::FairId), (Fairs::Table, Fairs::Id), Cascade))
            .foreign_key(&mut fk("fk_meeting_requests_buyer", (MeetingRequests::Table, MeetingRequests::BuyerUserId), (Users::Table, Users::Id), Cascade))
            .foreign_key(&mut fk("fk_meeting_requests_producer", (MeetingRequests::Table, MeetingRequests::ProducerId), (Producers::Table, Producers::Id), Cascade))
            .to_owned()).await?;
        // One request per buyer, exhibitor and slot.
        index(manager, "uq_meeting_requests_slot", MeetingRequests::Table, &["fair_id", "producer_id", "buyer_user_id", "starts_at"], true).await?;

        super::add_columns(manager, ADDED_COLUMNS).await?;
        // The catalog cache's version, `MAX(updated_at)`, read on every catalog page.
        manager.create_index(Index::create().name("idx_products_updated").table(Products::Table).col(Alias::new("updated_at")).to_owned()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_products_updated").table(Products::Table).to_owned()).await?;
        super::drop_columns(manager, ADDED_COLUMNS).await?;
        for table in ["meeting_requests", "trade_messages", "trade_quotes", "trade_request_products", "trade_requests", "trade_broadcasts", "buyer_businesses"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}
