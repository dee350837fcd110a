//! Checkout and orders. One checkout turns the cart into one order per producer and takes
//! the units out of stock in the same transaction; a short line writes nothing at all.
//!
//! How stock stays right under concurrency:
//! - each line is a conditional `UPDATE products SET stock = stock - n WHERE id = ? AND
//!   stock >= n` that must change exactly one row, and `CHECK (stock >= 0)` backs it up;
//! - on SQLite the transaction starts `BEGIN IMMEDIATE`, so checkouts queue for the write
//!   lock (within the busy timeout) instead of failing half-way;
//! - on PostgreSQL those updates lock the product rows, always in ascending id order, so two
//!   checkouts of the same products in opposite order wait for each other, never deadlock.

use std::collections::{BTreeMap, HashMap};

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::cart::{buyable, minimum, shipping_rule, user_lines};
use super::db::{begin_write, is_unique_violation};
use super::detail::localized;
use super::entities::*;
use crate::domain::accounts::SessionUser;
use crate::domain::orders::{
    consumer_may_cancel, order_number, producer_transition, CheckoutInput, Delivery, Inbox, InboxCounts, OrderAction,
    OrderDetail, OrderEvent, OrderLineView, OrderSummary, Shortage, ShippingForm, ShippingInput,
};
use crate::domain::{OrderStatus, PaymentMethod, ProductStatus, Role, Slug, Vnd};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;

/// Most orders a list shows at once.
pub const LIST_LIMIT: u64 = 200;

/// The orders an earlier checkout with this key created, if there was one.
async fn orders_of_checkout(db: &impl ConnectionTrait, user_id: i32, key: &str) -> Result<Option<Vec<i32>>, AppError> {
    let Some(done) = checkout::Entity::find()
        .filter(checkout::Column::UserId.eq(user_id))
        .filter(checkout::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let ids = order::Entity::find()
        .filter(order::Column::CheckoutId.eq(done.id))
        .order_by_asc(order::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    Ok(Some(ids))
}

/// Places the user's cart as orders, one per producer, and returns their ids. A retry with
/// the same idempotency key returns the first attempt's orders and writes nothing.
pub async fn checkout(db: &DatabaseConnection, user_id: i32, input: CheckoutInput) -> Result<Vec<i32>, AppError> {
    if let Some(ids) = orders_of_checkout(db, user_id, &input.idempotency_key).await? {
        return Ok(ids);
    }
    let now = Utc::now();
    let txn = begin_write(db).await?;
    // The key's row first: a concurrent retry of the same checkout stops here (PostgreSQL
    // makes it wait for this transaction, then fails it on the unique index).
    let inserted = checkout::ActiveModel {
        user_id: Set(user_id),
        idempotency_key: Set(input.idempotency_key.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let checkout_row = match inserted {
        Ok(row) => row,
        Err(err) if is_unique_violation(&err) => {
            txn.rollback().await?;
            return orders_of_checkout(db, user_id, &input.idempotency_key).await?.ok_or(AppError::Conflict);
        }
        Err(err) => return Err(err.into()),
    };

    let lines = user_lines(&txn, user_id).await?;
    if lines.is_empty() {
        return Err(AppError::invalid("cart", Problem::Required));
    }
    let ids: Vec<i32> = lines.iter().map(|(id, _)| *id).collect();
    let products: HashMap<i32, product::Model> =
        product::Entity::find().filter(product::Column::Id.is_in(ids)).all(&txn).await?.into_iter().map(|p| (p.id, p)).collect();
    // A producer's member does not buy from its own storefront.
    if let Some(own) = super::cart::own_producer(&txn, user_id).await? {
        if products.values().any(|p| p.producer_id == own) {
            return Err(AppError::OwnProduct);
        }
    }
    let producer_ids: Vec<i32> = products.values().map(|p| p.producer_id).collect();
    let producers = super::detail::producers_by_id(&txn, producer_ids).await?;

    // Take the units out of stock, in ascending product id.
    let mut sorted = lines.clone();
    sorted.sort_by_key(|(id, _)| *id);
    let mut shortages = Vec::new();
    for (product_id, quantity) in &sorted {
        let Some(p) = products.get(product_id) else { continue };
        let maker = producers.get(&p.producer_id).ok_or(AppError::Internal)?;
        let name = p.name_vi.clone();
        if *quantity < minimum(p) {
            return Err(AppError::invalid("cart", Problem::OutOfRange));
        }
        if !buyable(p, maker) {
            shortages.push(Shortage { product_id: p.id, name, wanted: *quantity, available: 0 });
            continue;
        }
        let taken = product::Entity::update_many()
            // Stock only: `updated_at` is the catalog cache's version, which orders leave alone.
            .col_expr(product::Column::Stock, Expr::col(product::Column::Stock).sub(*quantity))
            .filter(product::Column::Id.eq(*product_id))
            .filter(product::Column::Stock.gte(*quantity))
            .filter(product::Column::Status.eq(ProductStatus::Published))
            .exec(&txn)
            .await?;
        if taken.rows_affected != 1 {
            let left = product::Entity::find_by_id(*product_id).one(&txn).await?.map_or(0, |p| std::cmp::max(p.stock, 0));
            shortages.push(Shortage { product_id: p.id, name, wanted: *quantity, available: left });
        }
    }
    if !shortages.is_empty() {
        txn.rollback().await?;
        return Err(AppError::OutOfStock { lines: shortages });
    }

    // One order per producer, producers in the order the cart shows them.
    let mut groups: Vec<(i32, Vec<(&product::Model, i32)>)> = Vec::new();
    for (product_id, quantity) in &lines {
        let Some(p) = products.get(product_id) else { continue };
        match groups.iter_mut().find(|(id, _)| *id == p.producer_id) {
            Some((_, g)) => g.push((p, *quantity)),
            None => groups.push((p.producer_id, vec![(p, *quantity)])),
        }
    }
    let too_large = || AppError::invalid("cart", Problem::OutOfRange);
    let mut order_ids = Vec::new();
    for (producer_id, group) in groups {
        let maker = producers.get(&producer_id).ok_or(AppError::Internal)?;
        let mut priced = Vec::new();
        for (p, quantity) in group {
            let unit_price = Vnd::new(p.price_vnd).map_err(|_| AppError::Internal)?;
            priced.push((p, quantity, unit_price, unit_price.times(quantity).ok_or_else(too_large)?));
        }
        let subtotal = Vnd::sum(priced.iter().map(|l| l.3)).ok_or_else(too_large)?;
        let shipping = shipping_rule(maker).fee(subtotal);
        let total = subtotal.plus(shipping).ok_or_else(too_large)?;
        let Delivery { recipient_name, phone, province, ward, street, note } = input.delivery.clone();
        let order = order::ActiveModel {
            checkout_id: Set(checkout_row.id),
            user_id: Set(user_id),
            producer_id: Set(producer_id),
            status: Set(OrderStatus::Placed),
            payment_method: Set(input.payment),
            payment_received_at: Set(None),
            recipient_name: Set(recipient_name),
            phone: Set(phone),
            province: Set(province),
            ward: Set(ward),
            street: Set(street),
            note: Set(note),
            subtotal_vnd: Set(subtotal.amount()),
            shipping_vnd: Set(shipping.amount()),
            total_vnd: Set(total.amount()),
            carrier: Set(None),
            tracking_number: Set(None),
            cancel_reason: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let rows = priced.into_iter().map(|(p, quantity, unit_price, line_total)| order_line::ActiveModel {
            order_id: Set(order.id),
            product_id: Set(p.id),
            product_name: Set(p.name_vi.clone()),
            product_slug: Set(p.slug.clone()),
            unit: Set(p.unit),
            unit_price_vnd: Set(unit_price.amount()),
            quantity: Set(quantity),
            line_total_vnd: Set(line_total.amount()),
            ..Default::default()
        });
        order_line::Entity::insert_many(rows).exec_without_returning(&txn).await?;
        record_event(&txn, order.id, OrderStatus::Placed, None).await?;
        order_ids.push(order.id);
    }
    super::cart::clear_user(&txn, user_id).await?;
    txn.commit().await?;
    Ok(order_ids)
}

async fn record_event(db: &impl ConnectionTrait, order_id: i32, status: OrderStatus, note: Option<String>) -> Result<(), AppError> {
    order_event::ActiveModel { order_id: Set(order_id), status: Set(status), note: Set(note), at: Set(Utc::now()), ..Default::default() }
        .insert(db)
        .await?;
    Ok(())
}

/// Puts a cancelled order's units back, in ascending product id like a checkout.
async fn restore_stock(db: &impl ConnectionTrait, order_id: i32) -> Result<(), AppError> {
    let lines = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(order_id))
        .order_by_asc(order_line::Column::ProductId)
        .all(db)
        .await?;
    for line in lines {
        product::Entity::update_many()
            .col_expr(product::Column::Stock, Expr::col(product::Column::Stock).add(line.quantity))
            .filter(product::Column::Id.eq(line.product_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Moves an order from `from` to `to` only if no one moved it meanwhile.
async fn move_order(
    db: &impl ConnectionTrait,
    order: &order::Model,
    to: OrderStatus,
    changes: impl FnOnce(sea_orm::UpdateMany<order::Entity>) -> sea_orm::UpdateMany<order::Entity>,
) -> Result<(), AppError> {
    let update = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(to))
        .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(order::Column::Id.eq(order.id))
        .filter(order::Column::Status.eq(order.status));
    let done = changes(update).exec(db).await?;
    if done.rows_affected == 1 { Ok(()) } else { Err(AppError::Conflict) }
}

/// The consumer cancels their own order while it is still placed; its units go back.
pub async fn cancel_by_consumer(db: &DatabaseConnection, user_id: i32, order_id: i32, reason: Option<String>) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let order = order::Entity::find_by_id(order_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    // Someone else's order is not found, so order ids reveal nothing.
    if order.user_id != user_id {
        return Err(AppError::NotFound);
    }
    if !consumer_may_cancel(order.status) {
        return Err(AppError::Conflict);
    }
    let note = reason.clone();
    move_order(&txn, &order, OrderStatus::Cancelled, |u| u.col_expr(order::Column::CancelReason, Expr::value(reason))).await?;
    restore_stock(&txn, order.id).await?;
    record_event(&txn, order.id, OrderStatus::Cancelled, note).await?;
    txn.commit().await?;
    Ok(())
}

/// A producer moves one of its own orders on: confirm, ship, deliver, cancel (units go
/// back) or confirm a bank transfer.
pub async fn act_as_producer(db: &DatabaseConnection, producer_id: i32, order_id: i32, action: OrderAction) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let order = order::Entity::find_by_id(order_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if order.producer_id != producer_id {
        return Err(AppError::NotFound);
    }
    let to = producer_transition(order.status, &action).ok_or(AppError::Conflict)?;
    match action {
        OrderAction::ConfirmPayment => {
            if order.payment_method != PaymentMethod::BankTransfer {
                return Err(AppError::Conflict);
            }
            let done = order::Entity::update_many()
                .col_expr(order::Column::PaymentReceivedAt, Expr::value(Some(Utc::now())))
                .col_expr(order::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(order::Column::Id.eq(order.id))
                .filter(order::Column::PaymentReceivedAt.is_null())
                .filter(order::Column::Status.ne(OrderStatus::Cancelled))
                .exec(&txn)
                .await?;
            if done.rows_affected != 1 {
                return Err(AppError::Conflict);
            }
        }
        OrderAction::Ship { carrier, tracking_number } => {
            let note = format!("{carrier} · {tracking_number}");
            move_order(&txn, &order, to, |u| {
                u.col_expr(order::Column::Carrier, Expr::value(Some(carrier)))
                    .col_expr(order::Column::TrackingNumber, Expr::value(Some(tracking_number)))
            })
            .await?;
            record_event(&txn, order.id, to, Some(note)).await?;
        }
        OrderAction::Cancel { reason } => {
            move_order(&txn, &order, to, |u| u.col_expr(order::Column::CancelReason, Expr::value(Some(reason.clone())))).await?;
            restore_stock(&txn, order.id).await?;
            record_event(&txn, order.id, to, Some(reason)).await?;
        }
        OrderAction::Confirm | OrderAction::Deliver => {
            move_order(&txn, &order, to, |u| u).await?;
            record_event(&txn, order.id, to, None).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Order rows → summaries, with producer names and unit counts in one query each.
async fn summaries(db: &impl ConnectionTrait, orders: Vec<order::Model>) -> Result<Vec<OrderSummary>, AppError> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let producer_ids: Vec<i32> = orders.iter().map(|o| o.producer_id).collect();
    let producers = super::detail::producers_by_id(db, producer_ids).await?;
    let order_ids: Vec<i32> = orders.iter().map(|o| o.id).collect();
    let units: HashMap<i32, i64> = order_line::Entity::find()
        .select_only()
        .column(order_line::Column::OrderId)
        .column_as(order_line::Column::Quantity.sum(), "units")
        .filter(order_line::Column::OrderId.is_in(order_ids))
        .group_by(order_line::Column::OrderId)
        .into_tuple::<(i32, Option<i64>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, n)| (id, n.unwrap_or(0)))
        .collect();
    Ok(orders
        .into_iter()
        .filter_map(|o| {
            let maker = producers.get(&o.producer_id)?;
            Some(OrderSummary {
                id: o.id,
                number: order_number(o.id),
                producer_name: maker.name.clone(),
                producer_slug: Slug::parse(&maker.slug).ok()?,
                recipient_name: o.recipient_name,
                status: o.status,
                payment: o.payment_method,
                total: Vnd::new(o.total_vnd).ok()?,
                units: units.get(&o.id).copied().unwrap_or(0),
                placed_at: o.created_at,
            })
        })
        .collect())
}

/// A consumer's orders, newest first.
pub async fn orders_of_user(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<OrderSummary>, AppError> {
    let rows = order::Entity::find()
        .filter(order::Column::UserId.eq(user_id))
        .order_by_desc(order::Column::CreatedAt)
        .order_by_desc(order::Column::Id)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    summaries(db, rows).await
}

/// A producer's order inbox: counts by status and the orders in `status` (all when `None`).
pub async fn inbox(db: &impl ConnectionTrait, producer_id: i32, status: Option<OrderStatus>) -> Result<Inbox, AppError> {
    let counts: BTreeMap<OrderStatus, u64> = order::Entity::find()
        .select_only()
        .column(order::Column::Status)
        .column_as(order::Column::Id.count(), "n")
        .filter(order::Column::ProducerId.eq(producer_id))
        .group_by(order::Column::Status)
        .into_tuple::<(OrderStatus, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(s, n)| (s, std::cmp::max(n, 0) as u64))
        .collect();
    let mut select = order::Entity::find().filter(order::Column::ProducerId.eq(producer_id));
    if let Some(status) = status {
        select = select.filter(order::Column::Status.eq(status));
    }
    let rows = select.order_by_desc(order::Column::CreatedAt).order_by_desc(order::Column::Id).limit(LIST_LIMIT).all(db).await?;
    Ok(Inbox {
        counts: InboxCounts(OrderStatus::ALL.iter().map(|s| (*s, counts.get(s).copied().unwrap_or(0))).collect()),
        orders: summaries(db, rows).await?,
    })
}

/// One order, for the consumer who placed it or a member of the producer it is for; anyone
/// else gets `NotFound`, as for an order that does not exist.
pub async fn order_detail(db: &impl ConnectionTrait, viewer: &SessionUser, order_id: i32, lang: Lang) -> Result<OrderDetail, AppError> {
    let o = order::Entity::find_by_id(order_id).one(db).await?.ok_or(AppError::NotFound)?;
    let is_consumer = o.user_id == viewer.id;
    let is_producer = viewer.has(Role::ProducerMember) && viewer.producer.as_ref().is_some_and(|p| p.id == o.producer_id);
    if !is_consumer && !is_producer {
        return Err(AppError::NotFound);
    }
    let maker = producer::Entity::find_by_id(o.producer_id).one(db).await?.ok_or(AppError::Internal)?;
    let lines = order_line::Entity::find()
        .filter(order_line::Column::OrderId.eq(o.id))
        .order_by_asc(order_line::Column::Id)
        .all(db)
        .await?;
    let product_ids: Vec<i32> = lines.iter().map(|l| l.product_id).collect();
    let ratings = if is_consumer { super::reviews::ratings_by(db, o.user_id, &product_ids).await? } else { HashMap::new() };
    // English names where the product has one now; the order keeps the Vietnamese name it
    // was placed with.
    let english: HashMap<i32, String> = if lang == Lang::En {
        product::Entity::find()
            .filter(product::Column::Id.is_in(product_ids))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|p| p.name_en.filter(|n| !n.trim().is_empty()).map(|n| (p.id, n)))
            .collect()
    } else {
        HashMap::new()
    };
    let events = order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(o.id))
        .order_by_asc(order_event::Column::At)
        .order_by_asc(order_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| OrderEvent { status: e.status, at: e.at, note: e.note })
        .collect();
    let money = |v: i64| Vnd::new(v).map_err(|_| AppError::Internal);
    Ok(OrderDetail {
        id: o.id,
        number: order_number(o.id),
        status: o.status,
        payment: o.payment_method,
        payment_received: o.payment_received_at.is_some(),
        bank_account: maker.bank_account.clone(),
        producer_name: maker.name.clone(),
        producer_slug: Slug::parse(&maker.slug).map_err(|_| AppError::Internal)?,
        producer_phone: maker.phone.clone(),
        delivery: Delivery {
            recipient_name: o.recipient_name,
            phone: o.phone,
            province: o.province,
            ward: o.ward,
            street: o.street,
            note: o.note,
        },
        lines: lines
            .into_iter()
            .filter_map(|l| {
                Some(OrderLineView {
                    product_id: l.product_id,
                    product_slug: Slug::parse(&l.product_slug).ok()?,
                    name: english.get(&l.product_id).cloned().unwrap_or_else(|| localized(Lang::Vi, &l.product_name, None)),
                    unit: l.unit,
                    unit_price: Vnd::new(l.unit_price_vnd).ok()?,
                    quantity: l.quantity,
                    line_total: Vnd::new(l.line_total_vnd).ok()?,
                    my_rating: ratings.get(&l.product_id).copied(),
                })
            })
            .collect(),
        subtotal: money(o.subtotal_vnd)?,
        shipping: money(o.shipping_vnd)?,
        total: money(o.total_vnd)?,
        carrier: o.carrier,
        tracking_number: o.tracking_number,
        cancel_reason: o.cancel_reason,
        events,
        consumer_may_cancel: is_consumer && consumer_may_cancel(o.status),
        viewer_is_producer: is_producer,
    })
}

/// The producer's shipping rule and bank account, as its form shows them.
pub async fn shipping_settings(db: &impl ConnectionTrait, producer_id: i32) -> Result<ShippingForm, AppError> {
    let p = producer::Entity::find_by_id(producer_id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(ShippingForm::from_settings(shipping_rule(&p), p.bank_account))
}

pub async fn set_shipping(db: &impl ConnectionTrait, producer_id: i32, input: ShippingInput) -> Result<(), AppError> {
    let done = producer::Entity::update_many()
        .col_expr(producer::Column::ShippingFlatVnd, Expr::value(Some(input.rule.flat_fee.amount())))
        .col_expr(producer::Column::FreeShippingFromVnd, Expr::value(input.rule.free_from.map(Vnd::amount)))
        .col_expr(producer::Column::BankAccount, Expr::value(input.bank_account))
        .filter(producer::Column::Id.eq(producer_id))
        .exec(db)
        .await?;
    if done.rows_affected == 1 { Ok(()) } else { Err(AppError::NotFound) }
}
