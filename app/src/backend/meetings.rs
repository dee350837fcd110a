//! Meetings at fairs: a verified buyer asks an approved exhibitor for a half-hour slot during
//! the fair; the exhibitor's side (its members, or its cooperative) accepts or declines. An
//! exhibitor is never booked twice in one slot: accepting locks the exhibitor's requests for
//! that slot (PostgreSQL) inside a write transaction (SQLite: `BEGIN IMMEDIATE`), then checks
//! for an accepted one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{sea_query::Expr, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::detail::localized;
use super::db::LockForWrite;
use super::entities::*;
use crate::domain::detail::NamedLink;
use crate::domain::fairs::to_local_input;
use crate::domain::storefront::check_text;
use crate::domain::time::format_datetime;
use crate::domain::trade::{is_meeting_slot, meeting_slots, MeetingChoices, MeetingInput, MeetingView};
use crate::domain::{ApplicationStatus, FairStatus, MeetingStatus, Slug};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;

async fn exhibitors(db: &impl ConnectionTrait, fair_id: i32) -> Result<Vec<(i32, String)>, AppError> {
    let ids: Vec<i32> = fair_application::Entity::find()
        .filter(fair_application::Column::FairId.eq(fair_id))
        .filter(fair_application::Column::Status.eq(ApplicationStatus::Approved))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.producer_id)
        .collect();
    let makers = super::detail::producers_by_id(db, ids).await?;
    let mut out: Vec<(i32, String)> = makers.into_values().map(|m| (m.id, m.name)).collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

async fn views(db: &impl ConnectionTrait, rows: Vec<meeting_request::Model>, lang: Lang) -> Result<Vec<MeetingView>, AppError> {
    let fairs: HashMap<i32, fair::Model> = fair::Entity::find()
        .filter(fair::Column::Id.is_in(rows.iter().map(|m| m.fair_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let makers = super::detail::producers_by_id(db, rows.iter().map(|m| m.producer_id).collect()).await?;
    let buyers: HashMap<i32, String> = buyer_business::Entity::find()
        .filter(buyer_business::Column::UserId.is_in(rows.iter().map(|m| m.buyer_user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.user_id, b.name))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|m| {
            let f = fairs.get(&m.fair_id)?;
            Some(MeetingView {
                id: m.id,
                fair: NamedLink { slug: Slug::parse(&f.slug).ok()?, name: localized(lang, &f.name_vi, f.name_en.as_deref()) },
                buyer: buyers.get(&m.buyer_user_id).cloned().unwrap_or_default(),
                producer: makers.get(&m.producer_id).map(|p| p.name.clone()).unwrap_or_default(),
                starts_at: format_datetime(m.starts_at, lang),
                message: m.message,
                status: m.status,
                reply: m.reply,
            })
        })
        .collect())
}

/// What the fair page offers a verified buyer: exhibitors, the slots still ahead, and the
/// meetings it has asked for at this fair.
pub async fn choices(db: &impl ConnectionTrait, buyer_user_id: i32, fair_id: i32, lang: Lang, now: DateTime<Utc>) -> Result<MeetingChoices, AppError> {
    let f = fair::Entity::find_by_id(fair_id).one(db).await?.ok_or(AppError::NotFound)?;
    if f.status != FairStatus::Published {
        return Err(AppError::NotFound);
    }
    let slots = meeting_slots(f.starts_at, f.ends_at)
        .into_iter()
        .filter(|s| *s > now)
        .map(|s| (to_local_input(s), format_datetime(s, lang)))
        .collect();
    let mine = meeting_request::Entity::find()
        .filter(meeting_request::Column::FairId.eq(fair_id))
        .filter(meeting_request::Column::BuyerUserId.eq(buyer_user_id))
        .order_by_asc(meeting_request::Column::StartsAt)
        .all(db)
        .await?;
    Ok(MeetingChoices { exhibitors: exhibitors(db, fair_id).await?, slots, mine: views(db, mine, lang).await? })
}

/// A verified buyer asks an approved exhibitor for a slot still ahead.
pub async fn request(db: &DatabaseConnection, buyer_user_id: i32, fair_id: i32, input: MeetingInput, now: DateTime<Utc>) -> Result<i32, AppError> {
    let txn = super::db::begin_write(db).await?;
    // Share-locked: a cancellation of the fair waits for this request.
    let f = fair::Entity::find_by_id(fair_id).lock_shared().one(&txn).await?.ok_or(AppError::NotFound)?;
    if f.status != FairStatus::Published || f.ends_at <= now {
        return Err(AppError::Conflict);
    }
    if !is_meeting_slot(input.starts_at, f.starts_at, f.ends_at) || input.starts_at <= now {
        return Err(AppError::invalid("slot", Problem::OutOfRange));
    }
    if !exhibitors(&txn, fair_id).await?.iter().any(|(id, _)| *id == input.producer_id) {
        return Err(AppError::invalid("exhibitor", Problem::Unknown));
    }
    let inserted = meeting_request::ActiveModel {
        fair_id: Set(fair_id),
        buyer_user_id: Set(buyer_user_id),
        producer_id: Set(input.producer_id),
        starts_at: Set(input.starts_at),
        message: Set(input.message),
        status: Set(MeetingStatus::Requested),
        reply: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let row = match inserted {
        Ok(row) => row,
        Err(err) if super::db::is_unique_violation(&err) => return Err(AppError::Conflict),
        Err(err) => return Err(err.into()),
    };
    txn.commit().await?;
    Ok(row.id)
}

/// The exhibitor's side accepts or declines a requested meeting. Accepting a slot already
/// taken by another accepted meeting is a conflict.
pub async fn answer(db: &DatabaseConnection, producers: &[i32], meeting_id: i32, accept: bool, reply: &str) -> Result<(), AppError> {
    let reply = check_text(reply, false, 500).map_err(|p| AppError::invalid("reply", p))?;
    let txn = super::db::begin_write(db).await?;
    let m = meeting_request::Entity::find_by_id(meeting_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if !producers.contains(&m.producer_id) {
        return Err(AppError::NotFound);
    }
    if accept {
        // The exhibitor's requests for this slot (this one among them), locked in id order:
        // two acceptances in one slot run one after the other, and the second sees the first.
        meeting_request::Entity::find()
            .select_only()
            .column(meeting_request::Column::Id)
            .filter(meeting_request::Column::ProducerId.eq(m.producer_id))
            .filter(meeting_request::Column::StartsAt.eq(m.starts_at))
            .order_by_asc(meeting_request::Column::Id)
            .lock_for_write()
            .into_tuple::<i32>()
            .all(&txn)
            .await?;
        let taken = meeting_request::Entity::find()
            .select_only()
            .column(meeting_request::Column::Id)
            .filter(meeting_request::Column::ProducerId.eq(m.producer_id))
            .filter(meeting_request::Column::StartsAt.eq(m.starts_at))
            .filter(meeting_request::Column::Status.eq(MeetingStatus::Accepted))
            .into_tuple::<i32>()
            .one(&txn)
            .await?;
        if taken.is_some() {
            return Err(AppError::Conflict);
        }
    }
    let to = if accept { MeetingStatus::Accepted } else { MeetingStatus::Declined };
    let done = meeting_request::Entity::update_many()
        .col_expr(meeting_request::Column::Status, Expr::value(to.code()))
        .col_expr(meeting_request::Column::Reply, Expr::value((!reply.is_empty()).then_some(reply)))
        .filter(meeting_request::Column::Id.eq(meeting_id))
        .filter(meeting_request::Column::Status.eq(MeetingStatus::Requested))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    txn.commit().await?;
    Ok(())
}

pub async fn for_producers(db: &impl ConnectionTrait, producers: &[i32], lang: Lang) -> Result<Vec<MeetingView>, AppError> {
    if producers.is_empty() {
        return Ok(Vec::new());
    }
    let rows = meeting_request::Entity::find()
        .filter(meeting_request::Column::ProducerId.is_in(producers.to_vec()))
        .order_by_asc(meeting_request::Column::StartsAt)
        .limit(200)
        .all(db)
        .await?;
    views(db, rows, lang).await
}

pub async fn for_buyer(db: &impl ConnectionTrait, buyer_user_id: i32, lang: Lang) -> Result<Vec<MeetingView>, AppError> {
    let rows = meeting_request::Entity::find()
        .filter(meeting_request::Column::BuyerUserId.eq(buyer_user_id))
        .order_by_asc(meeting_request::Column::StartsAt)
        .limit(200)
        .all(db)
        .await?;
    views(db, rows, lang).await
}
