//! Accounts and storefront editing: sessions kept in the database (so several app servers
//! share them), login throttling counters, the office's notes on a producer or certificate,
//! photo thumbnails, a certificate's scan, and a cooperative's products listed for a member.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Sessions { Table, Id, UserId, CreatedAt, ExpiresAt }
#[derive(DeriveIden)]
enum LoginThrottle { Table, Key, WindowStartedAt, Failures }
#[derive(DeriveIden)]
enum Users { Table, Id }

/// Columns added to existing tables: (table, column, SQL type). Each is nullable, so a
/// populated database upgrades without a default, and the same statement suits both engines.
const ADDED_COLUMNS: &[(&str, &str, &str)] = &[
    ("producers", "review_note", "TEXT"),
    ("ocop_certificates", "scan_url", "TEXT"),
    ("ocop_certificates", "review_note", "TEXT"),
    ("product_images", "thumb_url", "TEXT"),
    // No foreign key: SQLite cannot drop a column that has one; the storefront service
    // checks that the member belongs to the cooperative.
    ("products", "member_producer_id", "INTEGER"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    // The SHA-256 of the cookie's token, so a leaked table opens no session.
                    .col(ColumnDef::new(Sessions::Id).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(Sessions::UserId).integer().not_null())
                    .col(ColumnDef::new(Sessions::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Sessions::ExpiresAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_sessions_user").table(Sessions::Table).col(Sessions::UserId).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    // `account:{email}` or `ip:{address}`.
                    .col(ColumnDef::new(LoginThrottle::Key).string_len(300).not_null().primary_key())
                    .col(ColumnDef::new(LoginThrottle::WindowStartedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(LoginThrottle::Failures).integer().not_null())
                    .to_owned(),
            )
            .await?;
        super::add_columns(manager, ADDED_COLUMNS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::drop_columns(manager, ADDED_COLUMNS).await?;
        manager.drop_table(Table::drop().table(LoginThrottle::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Sessions::Table).to_owned()).await
    }
}
