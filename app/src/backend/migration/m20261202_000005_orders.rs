//! Carts, checkouts, orders with their lines and status history, reviews, favourites, and
//! what a producer sets for selling: a shipping rule, a bank account for transfers and a
//! retail minimum per product.
//!
//! Stock stays on `products` (with its `CHECK (stock >= 0)` from migration 1): a checkout
//! decrements it in the same transaction that writes the order.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CartItems { Table, UserId, ProductId, Quantity, AddedAt }
#[derive(DeriveIden)]
enum Checkouts { Table, Id, UserId, IdempotencyKey, CreatedAt }
#[derive(DeriveIden, Clone, Copy)]
enum Orders {
    Table, Id, CheckoutId, UserId, ProducerId, Status, PaymentMethod, PaymentReceivedAt, RecipientName, Phone,
    Province, Ward, Street, Note, SubtotalVnd, ShippingVnd, TotalVnd, Carrier, TrackingNumber, CancelReason,
    CreatedAt, UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum OrderLines { Table, Id, OrderId, ProductId, ProductName, ProductSlug, Unit, UnitPriceVnd, Quantity, LineTotalVnd }
#[derive(DeriveIden)]
enum OrderEvents { Table, Id, OrderId, Status, Note, At }
#[derive(DeriveIden)]
enum Reviews { Table, Id, ProductId, UserId, OrderId, Rating, Body, CreatedAt }
#[derive(DeriveIden)]
enum FavouriteProducts { Table, UserId, ProductId, CreatedAt }
#[derive(DeriveIden)]
enum FavouriteProducers { Table, UserId, ProducerId, CreatedAt }
#[derive(DeriveIden)]
enum Users { Table, Id }
#[derive(DeriveIden)]
enum Products { Table, Id }
#[derive(DeriveIden)]
enum Producers { Table, Id }

/// Nullable columns added to existing tables: a populated database upgrades as it is.
const ADDED_COLUMNS: &[(&str, &str, &str)] = &[
    ("producers", "shipping_flat_vnd", "BIGINT CHECK (shipping_flat_vnd >= 0)"),
    ("producers", "free_shipping_from_vnd", "BIGINT CHECK (free_shipping_from_vnd >= 0)"),
    ("producers", "bank_account", "TEXT"),
    // The fewest units a consumer buys; no value means one.
    ("products", "retail_min_qty", "INTEGER CHECK (retail_min_qty >= 1)"),
];

fn fk(name: &str, from: (impl IntoIden, impl IntoIden), to: (impl IntoIden, impl IntoIden), on_delete: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(on_delete).to_owned()
}

fn id<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col).integer().not_null().auto_increment().primary_key().to_owned()
}

fn money<T: IntoIden + Copy + 'static>(col: T) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().check(Expr::col(col).gte(0)).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};

        manager.create_table(Table::create().table(CartItems::Table)
            .col(ColumnDef::new(CartItems::UserId).integer().not_null())
            .col(ColumnDef::new(CartItems::ProductId).integer().not_null())
            .col(ColumnDef::new(CartItems::Quantity).integer().not_null().check(Expr::col(CartItems::Quantity).gt(0)))
            .col(ColumnDef::new(CartItems::AddedAt).timestamp_with_time_zone().not_null())
            .primary_key(Index::create().col(CartItems::UserId).col(CartItems::ProductId))
            .foreign_key(&mut fk("fk_cart_items_user", (CartItems::Table, CartItems::UserId), (Users::Table, Users::Id), Cascade))
            .foreign_key(&mut fk("fk_cart_items_product", (CartItems::Table, CartItems::ProductId), (Products::Table, Products::Id), Cascade))
            .to_owned()).await?;

        manager.create_table(Table::create().table(Checkouts::Table)
            .col(id(Checkouts::Id))
            .col(ColumnDef::new(Checkouts::UserId).integer().not_null())
            .col(ColumnDef::new(Checkouts::IdempotencyKey).string_len(64).not_null())
            .col(ColumnDef::new(Checkouts::CreatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_checkouts_user", (Checkouts::Table, Checkouts::UserId), (Users::Table, Users::Id), Cascade))
            .to_owned()).await?;
        manager.create_index(Index::create().name("ux_checkouts_user_key").table(Checkouts::Table)
            .col(Checkouts::UserId).col(Checkouts::IdempotencyKey).unique().to_owned()).await?;

        manager.create_table(Table::create().table(Orders::Table)
            .col(id(Orders::Id))
            .col(ColumnDef::new(Orders::CheckoutId).integer().not_null())
            .col(ColumnDef::new(Orders::UserId).integer().not_null())
            .col(ColumnDef::new(Orders::ProducerId).integer().not_null())
            .col(ColumnDef::new(Orders::Status).string_len(32).not_null())
            .col(ColumnDef::new(Orders::PaymentMethod).string_len(32).not_null())
            .col(ColumnDef::new(Orders::PaymentReceivedAt).timestamp_with_time_zone().null())
            .col(ColumnDef::new(Orders::RecipientName).string().not_null())
            .col(ColumnDef::new(Orders::Phone).string_len(20).not_null())
            .col(ColumnDef::new(Orders::Province).string().not_null())
            .col(ColumnDef::new(Orders::Ward).string().not_null())
            .col(ColumnDef::new(Orders::Street).string().not_null())
            .col(ColumnDef::new(Orders::Note).text().null())
            .col(money(Orders::SubtotalVnd))
            .col(money(Orders::ShippingVnd))
            .col(money(Orders::TotalVnd))
            .col(ColumnDef::new(Orders::Carrier).string().null())
            .col(ColumnDef::new(Orders::TrackingNumber).string().null())
            .col(ColumnDef::new(Orders::CancelReason).text().null())
            .col(ColumnDef::new(Orders::CreatedAt).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(Orders::UpdatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_orders_checkout", (Orders::Table, Orders::CheckoutId), (Checkouts::Table, Checkouts::Id), Restrict))
            .foreign_key(&mut fk("fk_orders_user", (Orders::Table, Orders::UserId), (Users::Table, Users::Id), Restrict))
            .foreign_key(&mut fk("fk_orders_producer", (Orders::Table, Orders::ProducerId), (Producers::Table, Producers::Id), Restrict))
            .to_owned()).await?;
        for (name, cols) in [
            ("idx_orders_user_created", &["user_id", "created_at"][..]),
            ("idx_orders_producer_status", &["producer_id", "status", "created_at"][..]),
            ("idx_orders_checkout", &["checkout_id"][..]),
        ] {
            let mut stmt = Index::create().name(name).table(Orders::Table).to_owned();
            for col in cols {
                stmt.col(Alias::new(*col));
            }
            manager.create_index(stmt).await?;
        }

        manager.create_table(Table::create().table(OrderLines::Table)
            .col(id(OrderLines::Id))
            .col(ColumnDef::new(OrderLines::OrderId).integer().not_null())
            .col(ColumnDef::new(OrderLines::ProductId).integer().not_null())
            // Name, slug, unit and price as they were when ordered: later edits do not
            // rewrite an order.
            .col(ColumnDef::new(OrderLines::ProductName).string().not_null())
            .col(ColumnDef::new(OrderLines::ProductSlug).string_len(120).not_null())
            .col(ColumnDef::new(OrderLines::Unit).string_len(32).not_null())
            .col(money(OrderLines::UnitPriceVnd))
            .col(ColumnDef::new(OrderLines::Quantity).integer().not_null().check(Expr::col(OrderLines::Quantity).gt(0)))
            .col(money(OrderLines::LineTotalVnd))
            .foreign_key(&mut fk("fk_order_lines_order", (OrderLines::Table, OrderLines::OrderId), (Orders::Table, Orders::Id), Cascade))
            .foreign_key(&mut fk("fk_order_lines_product", (OrderLines::Table, OrderLines::ProductId), (Products::Table, Products::Id), Restrict))
            .to_owned()).await?;
        manager.create_index(Index::create().name("idx_order_lines_order").table(OrderLines::Table).col(OrderLines::OrderId).to_owned()).await?;
        manager.create_index(Index::create().name("idx_order_lines_product").table(OrderLines::Table).col(OrderLines::ProductId).to_owned()).await?;

        manager.create_table(Table::create().table(OrderEvents::Table)
            .col(id(OrderEvents::Id))
            .col(ColumnDef::new(OrderEvents::OrderId).integer().not_null())
            .col(ColumnDef::new(OrderEvents::Status).string_len(32).not_null())
            .col(ColumnDef::new(OrderEvents::Note).text().null())
            .col(ColumnDef::new(OrderEvents::At).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_order_events_order", (OrderEvents::Table, OrderEvents::OrderId), (Orders::Table, Orders::Id), Cascade))
            .to_owned()).await?;
        manager.create_index(Index::create().name("idx_order_events_order").table(OrderEvents::Table).col(OrderEvents::OrderId).to_owned()).await?;

        manager.create_table(Table::create().table(Reviews::Table)
            .col(id(Reviews::Id))
            .col(ColumnDef::new(Reviews::ProductId).integer().not_null())
            .col(ColumnDef::new(Reviews::UserId).integer().not_null())
            .col(ColumnDef::new(Reviews::OrderId).integer().not_null())
            .col(ColumnDef::new(Reviews::Rating).small_integer().not_null().check(Expr::col(Reviews::Rating).between(1, 5)))
            .col(ColumnDef::new(Reviews::Body).text().null())
            .col(ColumnDef::new(Reviews::CreatedAt).timestamp_with_time_zone().not_null())
            .foreign_key(&mut fk("fk_reviews_product", (Reviews::Table, Reviews::ProductId), (Products::Table, Products::Id), Cascade))
            .foreign_key(&mut fk("fk_reviews_user", (Reviews::Table, Reviews::UserId), (Users::Table, Users::Id), Cascade))
            .foreign_key(&mut fk("fk_reviews_order", (Reviews::Table, Reviews::OrderId), (Orders::Table, Orders::Id), Cascade))
            .to_owned()).await?;
        // One review per product and person, whatever the number of orders.
        manager.create_index(Index::create().name("ux_reviews_product_user").table(Reviews::Table)
            .col(Reviews::ProductId).col(Reviews::UserId).unique().to_owned()).await?;

        manager.create_table(Table::create().table(FavouriteProducts::Table)
            .col(ColumnDef::new(FavouriteProducts::UserId).integer().not_null())
            .col(ColumnDef::new(FavouriteProducts::ProductId).integer().not_null())
            .col(ColumnDef::new(FavouriteProducts::CreatedAt).timestamp_with_time_zone().not_null())
            .primary_key(Index::create().col(FavouriteProducts::UserId).col(FavouriteProducts::ProductId))
            .foreign_key(&mut fk("fk_fav_products_user", (FavouriteProducts::Table, FavouriteProducts::UserId), (Users::Table, Users::Id), Cascade))
            .foreign_key(&mut fk("fk_fav_products_product", (FavouriteProducts::Table, FavouriteProducts::ProductId), (Products::Table, Products::Id), Cascade))
            .to_owned()).await?;
        manager.create_table(Table::create().table(FavouriteProducers::Table)
            .col(ColumnDef::new(FavouriteProducers::UserId).integer().not_null())
            .col(ColumnDef::new(FavouriteProducers::ProducerId).integer().not_null())
            .col(ColumnDef::new(FavouriteProducers::CreatedAt).timestamp_with_time_zone().not_null())
            .primary_key(Index::create().col(FavouriteProducers::UserId).col(FavouriteProducers::ProducerId))
            .foreign_key(&mut fk("fk_fav_producers_user", (FavouriteProducers::Table, FavouriteProducers::UserId), (Users::Table, Users::Id), Cascade))
            .foreign_key(&mut fk("fk_fav_producers_producer", (FavouriteProducers::Table, FavouriteProducers::ProducerId), (Producers::Table, Producers::Id), Cascade))
            .to_owned()).await?;

        super::add_columns(manager, ADDED_COLUMNS).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        super::drop_columns(manager, ADDED_COLUMNS).await?;
        for table in ["favourite_producers", "favourite_products", "reviews", "order_events", "order_lines", "orders", "checkouts", "cart_items"] {
            manager.drop_table(Table::drop().table(Alias::new(table)).to_owned()).await?;
        }
        Ok(())
    }
}
