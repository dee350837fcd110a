//! The programme office's console: verification queues (producers, buyers, certificates),
//! expiry lists, moderation and statistics. Office role only, checked first in each.

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

/// `decision` is `approve` or `reject`; a rejection needs a `note`. On approval the office
/// may correct the `stars` and the expiry (`expires_on`, `YYYY-MM-DD`); empty keeps what
/// the producer entered. The office verifies a certificate; it does not edit the product.
#[server(prefix = "/api", endpoint = "review_certificate")]
pub async fn review_certificate(
    certificate_id: i32,
    decision: String,
    note: String,
    #[server(default)] stars: String,
    #[server(default)] expires_on: String,
) -> Result<(), AppError> {
    office_only().await?;
    let approve = approves(&decision)?;
    let correction = correction(&stars, &expires_on)?;
    let db = crate::backend::state::db()?;
    crate::backend::office::review_certificate(&db, certificate_id, approve, &note, Some(correction)).await
}

/// Sets or corrects the stars and expiry of a verified certificate.
#[server(prefix = "/api", endpoint = "correct_certificate")]
pub async fn correct_certificate(certificate_id: i32, #[server(default)] stars: String, #[server(default)] expires_on: String) -> Result<(), AppError> {
    office_only().await?;
    let correction = correction(&stars, &expires_on)?;
    let db = crate::backend::state::db()?;
    crate::backend::office::correct_certificate(&db, certificate_id, correction).await
}

#[server(prefix = "/api", endpoint = "expiring_certificates")]
pub async fn expiring_certificates(lang: crate::i18n::Lang) -> Result<crate::domain::storefront::ExpiryLists, AppError> {
    office_only().await?;
    let db = crate::backend::state::db()?;
    crate::backend::office::expiring_certificates(&db, crate::domain::time::today_in_vietnam(), lang).await
}

#[server(prefix = "/api", endpoint = "pending_buyers")]
pub async fn pending_buyers(lang: crate::i18n::Lang) -> Result<Vec<crate::domain::trade::BuyerBusiness>, AppError> {
    office_only().await?;
    let db = crate::backend::state::db()?;
    crate::backend::trade::pending_buyers(&db, lang).await
}

#[server(prefix = "/api", endpoint = "review_buyer")]
pub async fn review_buyer(business_id: i32, decision: String, #[server(default)] note: String) -> Result<(), AppError> {
    office_only().await?;
    let approve = approves(&decision)?;
    let db = crate::backend::state::db()?;
    crate::backend::trade::review_buyer(&db, business_id, approve, &note).await
}

/// Takes down a product or storefront (`kind` is `product` or `producer`) with a reason.
#[server(prefix = "/api", endpoint = "moderate")]
pub async fn moderate(kind: String, slug: String, reason: String) -> Result<(), AppError> {
    office_only().await?;
    let target = crate::domain::storefront::ModerationTarget::from_form(&kind, &slug)?;
    let db = crate::backend::state::db()?;
    crate::backend::office::moderate(&db, &target, &reason).await
}

#[server(prefix = "/api", endpoint = "lift_moderation")]
pub async fn lift_moderation(kind: String, slug: String) -> Result<(), AppError> {
    office_only().await?;
    let target = crate::domain::storefront::ModerationTarget::from_form(&kind, &slug)?;
    let db = crate::backend::state::db()?;
    crate::backend::office::lift_moderation(&db, &target).await
}

#[server(prefix = "/api", endpoint = "moderated")]
pub async fn moderated() -> Result<Vec<crate::domain::storefront::Moderated>, AppError> {
    office_only().await?;
    let db = crate::backend::state::db()?;
    crate::backend::office::moderated(&db).await
}

#[server(prefix = "/api", endpoint = "office_stats")]
pub async fn office_stats(lang: crate::i18n::Lang) -> Result<crate::domain::figures::OfficeStats, AppError> {
    office_only().await?;
    let db = crate::backend::state::db()?;
    Ok(crate::backend::stats::office_stats(&db, lang, chrono::Utc::now()).await?)
}

#[cfg(feature = "ssr")]
async fn office_only() -> Result<crate::domain::accounts::SessionUser, AppError> {
    crate::backend::auth::require_role(crate::domain::Role::ProgrammeOffice).await
}

/// Optional stars (3–5) and expiry from the office's forms.
#[cfg(feature = "ssr")]
fn correction(stars: &str, expires_on: &str) -> Result<crate::backend::office::Correction, AppError> {
    use crate::error::Problem;
    let stars = match stars.trim() {
        "" => None,
        s => Some(s.parse::<i64>().ok().and_then(|n| crate::domain::OcopStars::new(n).ok()).ok_or_else(|| AppError::invalid("stars", Problem::OutOfRange))?),
    };
    let expires_on = match expires_on.trim() {
        "" => None,
        d => Some(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| AppError::invalid("expires_on", Problem::Malformed))?),
    };
    Ok(crate::backend::office::Correction { stars, expires_on })
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

/// Grants (`grant` = `grant`) or revokes (`revoke`) `role` (`organizer` or `programme_office`)
/// for the registered account with `email`. Office only; returns the account's id.
#[server(prefix = "/api", endpoint = "set_account_role")]
pub async fn set_account_role(email: String, role: String, grant: String) -> Result<i32, AppError> {
    let office = crate::backend::auth::require_role(crate::domain::Role::ProgrammeOffice).await?;
    let role = crate::domain::Role::parse(&role).ok_or_else(|| AppError::invalid("role", crate::error::Problem::Unknown))?;
    let grant = match grant.as_str() {
        "grant" => true,
        "revoke" => false,
        _ => return Err(AppError::BadRequest),
    };
    let db = crate::backend::state::db()?;
    crate::backend::roles::set_role(&db, office.id, &email, role, grant).await
}
