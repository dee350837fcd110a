//! The programme office: verification of producers and certificates (with corrections of
//! stars and expiry), the expiry lists, and moderation. The office verifies and takes down;
//! it does not edit a producer's storefront or products.
//!
//! Every review is decided once: the status it starts from is checked in the write (a
//! conditional update) or on the row locked for the transaction, so of two reviews at once
//! one wins and the other is a `Conflict`.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set};

use super::db::{begin_write, LockForWrite};
use super::entities::*;
use super::listing;
use crate::domain::storefront::{check_text, PendingProducer};
use crate::domain::VerificationStatus;
use crate::error::AppError;

pub const MAX_NOTE_CHARS: usize = 1_000;

/// Producers waiting for the office, oldest application first.
pub async fn pending_producers(db: &DatabaseConnection) -> Result<Vec<PendingProducer>, AppError> {
    let rows = producer::Entity::find()
        .filter(producer::Column::Verification.eq(VerificationStatus::Pending))
        .order_by_asc(producer::Column::CreatedAt)
        .order_by_asc(producer::Column::Id)
        .all(db)
        .await?;
    // One query per table for the whole queue, not per producer.
    let villages: HashMap<i32, String> = village::Entity::find()
        .filter(village::Column::Id.is_in(rows.iter().filter_map(|p| p.village_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v.name))
        .collect();
    let communes: HashMap<i32, commune::Model> = commune::Entity::find()
        .filter(commune::Column::Id.is_in(rows.iter().map(|p| p.commune_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let districts: HashMap<i32, String> = district::Entity::find()
        .filter(district::Column::Id.is_in(communes.values().map(|c| c.district_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let applicants: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::ProducerId.is_in(rows.iter().map(|p| p.id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|u| u.producer_id.map(|p| (p, u.email)))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for p in rows {
        let village = p.village_id.and_then(|id| villages.get(&id).cloned());
        let commune = communes.get(&p.commune_id);
        let district = commune.and_then(|c| districts.get(&c.district_id).cloned()).unwrap_or_default();
        let applicant = applicants.get(&p.id).cloned();
        out.push(PendingProducer {
            id: p.id,
            name: p.name,
            kind: p.kind,
            village,
            district,
            address_line: format!("{}, {}", p.address_line, commune.map(|c| c.name.as_str()).unwrap_or_default()),
            phone: p.phone,
            story: p.story_vi,
            applicant_email: applicant,
            applied_at: crate::domain::time::format_datetime(p.created_at, crate::i18n::Lang::Vi),
        })
    }
    Ok(out)
}

/// Verifies or rejects a pending producer. A rejection needs a reason, which the producer
/// sees. Only a pending producer can be reviewed (a second click is a conflict, not a change).
pub async fn review_producer(db: &DatabaseConnection, producer_id: i32, approve: bool, note: &str) -> Result<(), AppError> {
    let note = check_text(note, !approve, MAX_NOTE_CHARS).map_err(|p| AppError::invalid("note", p))?;
    let to = if approve { VerificationStatus::Verified } else { VerificationStatus::Rejected };
    let txn = begin_write(db).await?;
    // Conditional on still pending: of two reviews at once, one wins and the other conflicts.
    let done = producer::Entity::update_many()
        .col_expr(producer::Column::Verification, Expr::value(to.code()))
        .col_expr(producer::Column::ReviewNote, Expr::value((!note.is_empty()).then_some(note)))
        .filter(producer::Column::Id.eq(producer_id))
        .filter(producer::Column::Verification.eq(VerificationStatus::Pending))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(if producer::Entity::find_by_id(producer_id).one(&txn).await?.is_some() { AppError::Conflict } else { AppError::NotFound });
    }
    let ids: Vec<i32> = product::Entity::find()
        .filter(product::Column::ProducerId.eq(producer_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    listing::refresh(&txn, &ids).await?;
    txn.commit().await?;
    Ok(())
}


/// Certificates waiting for the office, oldest submission first.
pub async fn pending_certificates(
    db: &DatabaseConnection,
    lang: crate::i18n::Lang,
) -> Result<Vec<crate::domain::storefront::CertificateRow>, AppError> {
    let certs = ocop_certificate::Entity::find()
        .filter(ocop_certificate::Column::Status.eq(VerificationStatus::Pending))
        .order_by_asc(ocop_certificate::Column::CreatedAt)
        .order_by_asc(ocop_certificate::Column::Id)
        .all(db)
        .await?;
    super::storefront::certificate_rows(db, certs, lang).await
}

/// Verifies or rejects a pending certificate; a verified one becomes the product's current
/// rating (when it is the latest) in the same transaction. On approval the office may
/// correct the stars and the expiry it read on the scan.
pub async fn review_certificate(
    db: &DatabaseConnection,
    certificate_id: i32,
    approve: bool,
    note: &str,
    correction: Option<Correction>,
) -> Result<(), AppError> {
    let note = check_text(note, !approve, MAX_NOTE_CHARS).map_err(|p| AppError::invalid("note", p))?;
    let txn = begin_write(db).await?;
    // Locked: a second review waits, then sees this one's status.
    let c = ocop_certificate::Entity::find_by_id(certificate_id).lock_for_write().one(&txn).await?.ok_or(AppError::NotFound)?;
    if c.status != VerificationStatus::Pending {
        return Err(AppError::Conflict);
    }
    let product_id = c.product_id;
    let level = c.level;
    let mut row = c.into_active_model();
    row.status = Set(if approve { VerificationStatus::Verified } else { VerificationStatus::Rejected });
    row.review_note = Set((!note.is_empty()).then_some(note));
    if let (true, Some(fix)) = (approve, correction) {
        apply_correction(&mut row, level, fix)?;
    }
    row.update(&txn).await?;
    listing::refresh(&txn, &[product_id]).await?;
    txn.commit().await?;
    Ok(())
}

/// Stars and expiry the office sets on a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Correction {
    pub stars: Option<crate::domain::OcopStars>,
    pub expires_on: Option<chrono::NaiveDate>,
}

fn apply_correction(row: &mut ocop_certificate::ActiveModel, level: crate::domain::IssuingLevel, fix: Correction) -> Result<(), AppError> {
    if let Some(stars) = fix.stars {
        crate::domain::OcopRating::new(stars, level).map_err(|_| AppError::invalid("stars", crate::error::Problem::OutOfRange))?;
        row.stars = Set(i16::from(stars.get()));
    }
    if let Some(expires_on) = fix.expires_on {
        row.expires_on = Set(expires_on);
    }
    Ok(())
}

/// Corrects the stars or the expiry of a verified certificate; the product's listing (its
/// badge and facets) follows in the same transaction.
pub async fn correct_certificate(db: &DatabaseConnection, certificate_id: i32, fix: Correction) -> Result<(), AppError> {
    let txn = begin_write(db).await?;
    let c = ocop_certificate::Entity::find_by_id(certificate_id).lock_for_write().one(&txn).await?.ok_or(AppError::NotFound)?;
    if c.status != VerificationStatus::Verified {
        return Err(AppError::Conflict);
    }
    let (product_id, level) = (c.product_id, c.level);
    let mut row = c.into_active_model();
    apply_correction(&mut row, level, fix)?;
    row.update(&txn).await?;
    listing::refresh(&txn, &[product_id]).await?;
    txn.commit().await?;
    Ok(())
}

/// Current certificates (each product's latest verified one) expiring within
/// [`EXPIRY_WARNING_DAYS`] of `today`, and those already expired, soonest first. An expired
/// one no longer shows a badge anywhere: the listing and detail pages compare the expiry
/// with the day they render.
pub async fn expiring_certificates(
    db: &DatabaseConnection,
    today: chrono::NaiveDate,
    lang: crate::i18n::Lang,
) -> Result<crate::domain::storefront::ExpiryLists, AppError> {
    use crate::domain::trade::EXPIRY_WARNING_DAYS;
    let horizon = today + chrono::Duration::days(EXPIRY_WARNING_DAYS);
    let candidates = ocop_certificate::Entity::find()
        .filter(ocop_certificate::Column::Status.eq(VerificationStatus::Verified))
        .filter(ocop_certificate::Column::ExpiresOn.lte(horizon))
        .order_by_asc(ocop_certificate::Column::ExpiresOn)
        .order_by_asc(ocop_certificate::Column::Id)
        .limit(1_000)
        .all(db)
        .await?;
    let current = listing::current_certificates(db, candidates.iter().map(|c| c.product_id).collect()).await?;
    let (expired, expiring): (Vec<_>, Vec<_>) = candidates
        .into_iter()
        .filter(|c| current.get(&c.product_id).is_some_and(|cur| cur.id == c.id))
        .partition(|c| c.expires_on < today);
    Ok(crate::domain::storefront::ExpiryLists {
        expiring: super::storefront::certificate_rows(db, expiring, lang).await?,
        expired: super::storefront::certificate_rows(db, expired, lang).await?,
    })
}

/// Unpublishes a product or a whole storefront with a reason its producer sees. A product
/// goes back to draft and cannot be published while the note stands; a storefront is
/// suspended, which hides it and all its products.
pub async fn moderate(db: &DatabaseConnection, target: &crate::domain::storefront::ModerationTarget, reason: &str) -> Result<(), AppError> {
    use crate::domain::storefront::ModerationTarget;
    let reason = check_text(reason, true, MAX_NOTE_CHARS).map_err(|p| AppError::invalid("reason", p))?;
    let txn = begin_write(db).await?;
    let ids = match target {
        ModerationTarget::Product(slug) => {
            let p = product::Entity::find()
                .filter(product::Column::Slug.eq(slug.as_str()))
                .lock_for_write()
                .one(&txn)
                .await?
                .ok_or_else(|| AppError::invalid("slug", crate::error::Problem::Unknown))?;
            let id = p.id;
            let mut row = p.into_active_model();
            row.status = Set(crate::domain::ProductStatus::Draft);
            row.moderation_note = Set(Some(reason));
            row.updated_at = Set(chrono::Utc::now());
            row.update(&txn).await?;
            vec![id]
        }
        ModerationTarget::Producer(slug) => {
            let p = producer::Entity::find()
                .filter(producer::Column::Slug.eq(slug.as_str()))
                .lock_for_write()
                .one(&txn)
                .await?
                .ok_or_else(|| AppError::invalid("slug", crate::error::Problem::Unknown))?;
            if p.verification != VerificationStatus::Verified {
                return Err(AppError::Conflict);
            }
            let id = p.id;
            let mut row = p.into_active_model();
            row.verification = Set(VerificationStatus::Suspended);
            row.review_note = Set(Some(reason));
            row.update(&txn).await?;
            product::Entity::find().filter(product::Column::ProducerId.eq(id)).all(&txn).await?.into_iter().map(|p| p.id).collect()
        }
    };
    listing::refresh(&txn, &ids).await?;
    txn.commit().await?;
    Ok(())
}

/// Lifts a moderation: the product may be published again by its producer; a suspended
/// storefront is verified again.
pub async fn lift_moderation(db: &DatabaseConnection, target: &crate::domain::storefront::ModerationTarget) -> Result<(), AppError> {
    use crate::domain::storefront::ModerationTarget;
    let txn = begin_write(db).await?;
    let ids = match target {
        ModerationTarget::Product(slug) => {
            let p = product::Entity::find().filter(product::Column::Slug.eq(slug.as_str())).lock_for_write().one(&txn).await?.ok_or(AppError::NotFound)?;
            if p.moderation_note.is_none() {
                return Err(AppError::Conflict);
            }
            let id = p.id;
            let mut row = p.into_active_model();
            row.moderation_note = Set(None);
            row.update(&txn).await?;
            vec![id]
        }
        ModerationTarget::Producer(slug) => {
            let p = producer::Entity::find().filter(producer::Column::Slug.eq(slug.as_str())).lock_for_write().one(&txn).await?.ok_or(AppError::NotFound)?;
            if p.verification != VerificationStatus::Suspended {
                return Err(AppError::Conflict);
            }
            let id = p.id;
            let mut row = p.into_active_model();
            row.verification = Set(VerificationStatus::Verified);
            row.review_note = Set(None);
            row.update(&txn).await?;
            product::Entity::find().filter(product::Column::ProducerId.eq(id)).all(&txn).await?.into_iter().map(|p| p.id).collect()
        }
    };
    listing::refresh(&txn, &ids).await?;
    txn.commit().await?;
    Ok(())
}

/// What the office has taken down and may lift.
pub async fn moderated(db: &impl sea_orm::ConnectionTrait) -> Result<Vec<crate::domain::storefront::Moderated>, AppError> {
    use crate::domain::storefront::{Moderated, ModerationTarget};
    let mut out = Vec::new();
    for p in producer::Entity::find().filter(producer::Column::Verification.eq(VerificationStatus::Suspended)).limit(200).all(db).await? {
        if let Ok(slug) = crate::domain::Slug::parse(&p.slug) {
            out.push(Moderated { target: ModerationTarget::Producer(slug), name: p.name, reason: p.review_note.unwrap_or_default() });
        }
    }
    for p in product::Entity::find().filter(product::Column::ModerationNote.is_not_null()).limit(200).all(db).await? {
        if let Ok(slug) = crate::domain::Slug::parse(&p.slug) {
            out.push(Moderated { target: ModerationTarget::Product(slug), name: p.name_vi, reason: p.moderation_note.unwrap_or_default() });
        }
    }
    Ok(out)
}
