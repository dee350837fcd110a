//! The programme office's verification screen. Office role only.

use leptos::prelude::*;

use crate::domain::storefront::PendingProducer;
use crate::error::AppError;

#[server(prefix = "/api", endpoint = "pending_producers")]
pub async fn pending_producers() -> Result<Vec<PendingProducer>, AppError> {
    crate::backend::auth::require_role(crate::domain::Role::ProgrammeOffice).await?;
    let db = crate::backend::state::db()?;
    crate::backend::office::pending_producers(&db).await
}

/// `decision` is `approve` or `reject`; a rejection needs a `note`, which the producer sees.
#[server(prefix = "/api", endpoint = "review_producer")]
pub async fn review_producer(producer_id: i32, decision: String, note: String) -> Result<(), AppError> {
    crate::backend::auth::require_role(crate::domain::Role::ProgrammeOffice).await?;
    let approve = approves(&decision)?;
    let db = crate::backend::state::db()?;
    crate::backend::office::review_producer(&db, producer_id, approve, &note).await
}

#[server(prefix = "/api", endpoint = "pending_certificates")]
pub async fn pending_certificates(lang: crate::i18n::Lang) -> Result<Vec<crate::domain::storefront::CertificateRow>, AppError> {
    crate::backend::auth::require_role(crate::domain::Role::ProgrammeOffice).await?;
    let db = crate::backend::state::db()?;
    crate::backend::office::pending_certificates(&db, lang).await
}

/// `decision` is `approve` or `reject`; a rejection needs a `note`. The office verifies a
/// certificate; it does not edit the product.
#[server(prefix = "/api", endpoint = "review_certificate")]
pub async fn review_certificate(certificate_id: i32, decision: String, note: String) -> Result<(), AppError> {
    crate::backend::auth::require_role(crate::domain::Role::ProgrammeOffice).await?;
    let approve = approves(&decision)?;
    let db = crate::backend::state::db()?;
    crate::backend::office::review_certificate(&db, certificate_id, approve, &note).await
}

/// `approve` → true, `reject` → false; anything else is a field error.
#[cfg(feature = "ssr")]
fn approves(decision: &str) -> Result<bool, AppError> {
    match decision {
        "approve" => Ok(true),
        "reject" => Ok(false),
        _ => Err(AppError::invalid("decision", crate::error::Problem::Unknown)),
    }
}
