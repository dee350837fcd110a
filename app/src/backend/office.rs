//! The programme office's verification of producers. The office verifies; it does not edit
//! a producer's storefront or products.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

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
    let txn = db.begin().await?;
    let p = producer::Entity::find_by_id(producer_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if p.verification != VerificationStatus::Pending {
        return Err(AppError::Conflict);
    }
    let mut row = p.into_active_model();
    row.verification = Set(if approve { VerificationStatus::Verified } else { VerificationStatus::Rejected });
    row.review_note = Set((!note.is_empty()).then_some(note));
    row.update(&txn).await?;
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
/// rating (when it is the latest) in the same transaction.
pub async fn review_certificate(db: &DatabaseConnection, certificate_id: i32, approve: bool, note: &str) -> Result<(), AppError> {
    let note = check_text(note, !approve, MAX_NOTE_CHARS).map_err(|p| AppError::invalid("note", p))?;
    let txn = db.begin().await?;
    let c = ocop_certificate::Entity::find_by_id(certificate_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if c.status != VerificationStatus::Pending {
        return Err(AppError::Conflict);
    }
    let product_id = c.product_id;
    let mut row = c.into_active_model();
    row.status = Set(if approve { VerificationStatus::Verified } else { VerificationStatus::Rejected });
    row.review_note = Set((!note.is_empty()).then_some(note));
    row.update(&txn).await?;
    listing::refresh(&txn, &[product_id]).await?;
    txn.commit().await?;
    Ok(())
}
