//! Trade fairs. Visitors read published fairs; organizers manage only their own fairs and
//! their applications (`require_role(Organizer)`, then ownership in the service); verified
//! producer members apply and withdraw their own applications.

use leptos::prelude::*;

use crate::domain::fairs::{
    ApplicationRow, BoothTypeForm, ExhibitChoices, ExhibitForm, FairCard, FairChoices, FairDetail, FairForm, FairList, FairsQuery,
    MyApplication, OrganizerFair,
};
use crate::domain::{ApplicationStatus, FairStatus};
use crate::error::AppError;
use crate::i18n::Lang;

#[server(prefix = "/api", endpoint = "fairs")]
pub async fn list_fairs(query: FairsQuery, lang: Lang) -> Result<FairList, AppError> {
    let db = crate::backend::state::db()?;
    crate::backend::fairs::list(&db, &query, lang, chrono::Utc::now()).await
}

#[server(prefix = "/api", endpoint = "fair")]
pub async fn get_fair(slug: String, lang: Lang) -> Result<FairDetail, AppError> {
    let slug = crate::domain::Slug::parse(&slug).map_err(|_| AppError::NotFound)?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::detail(&db, &slug, lang, chrono::Utc::now()).await?.ok_or(AppError::NotFound)
}

/// Whether the caller marked the fair "I'm interested"; `None` for a guest.
#[server(prefix = "/api", endpoint = "fair_interest")]
pub async fn fair_interest(fair_id: i32) -> Result<Option<bool>, AppError> {
    let Some(user) = crate::backend::auth::current_user().await? else { return Ok(None) };
    let db = crate::backend::state::db()?;
    crate::backend::fairs::is_interested(&db, user.id, fair_id).await.map(Some)
}

#[server(prefix = "/api", endpoint = "set_fair_interest")]
pub async fn set_fair_interest(fair_id: i32, on: bool) -> Result<(), AppError> {
    let user = crate::backend::auth::require_user().await?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::set_interest(&db, user.id, fair_id, on).await
}

#[server(prefix = "/api", endpoint = "fair_choices")]
pub async fn get_fair_choices(lang: Lang) -> Result<FairChoices, AppError> {
    crate::backend::auth::require_role(crate::domain::Role::Organizer).await?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::form_choices(&db, lang).await
}

#[server(prefix = "/api", endpoint = "my_fairs")]
pub async fn my_fairs(lang: Lang) -> Result<Vec<FairCard>, AppError> {
    let user = crate::backend::auth::require_role(crate::domain::Role::Organizer).await?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::organizer_fairs(&db, user.id, lang).await
}

/// Creates a draft fair and opens it in the console.
#[server(prefix = "/api", endpoint = "create_fair")]
pub async fn create_fair(fair: FairForm) -> Result<i32, AppError> {
    let user = crate::backend::auth::require_role(crate::domain::Role::Organizer).await?;
    let input = fair.validate()?;
    let db = crate::backend::state::db()?;
    let id = crate::backend::fairs::create_fair(&db, user.id, input).await?;
    leptos_axum::redirect(&format!("/organizer/fairs/{id}"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "organizer_fair")]
pub async fn get_organizer_fair(id: i32) -> Result<OrganizerFair, AppError> {
    let user = crate::backend::auth::require_role(crate::domain::Role::Organizer).await?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::organizer_fair(&db, user.id, id).await
}

#[server(prefix = "/api", endpoint = "update_fair")]
pub async fn update_fair(id: i32, fair: FairForm) -> Result<(), AppError> {
    let user = crate::backend::auth::require_role(crate::domain::Role::Organizer).await?;
    let input = fair.validate()?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::update_fair(&db, user.id, id, input).await
}

#[server(prefix = "/api", endpoint = "add_booth_type")]
pub async fn add_booth_type(fair_id: i32, booth: BoothTypeForm) -> Result<(), AppError> {
    let user = crate::backend::auth::require_role(crate::domain::Role::Organizer).await?;
    let input = booth.validate()?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::add_booth_type(&db, user.id, fair_id, input).await
}

#[server(prefix = "/api", endpoint = "remove_booth_type")]
pub async fn remove_booth_type(id: i32) -> Result<(), AppError> {
    let user = crate::backend::auth::require_role(crate::domain::Role::Organizer).await?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::remove_booth_type(&db, user.id, id).await
}

/// Publishes, cancels or finishes one of the organizer's fairs.
#[server(prefix = "/api", endpoint = "set_fair_status")]
pub async fn set_fair_status(id: i32, status: FairStatus) -> Result<(), AppError> {
    let user = crate::backend::auth::require_role(crate::domain::Role::Organizer).await?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::set_status(&db, user.id, id, status).await
}

#[server(prefix = "/api", endpoint = "fair_applications")]
pub async fn fair_applications(
    fair_id: i32,
    status: Option<ApplicationStatus>,
    #[server(default)] category: String,
    #[server(default)] stars: String,
    lang: Lang,
) -> Result<Vec<ApplicationRow>, AppError> {
    let user = crate::backend::auth::require_role(crate::domain::Role::Organizer).await?;
    let filter = crate::domain::fairs::ApplicationFilter {
        status,
        category: match category.trim() {
            "" => None,
            c => Some(crate::domain::Slug::parse(c).map_err(|_| AppError::invalid("category", crate::error::Problem::Unknown))?),
        },
        stars: stars.trim().parse::<u8>().ok().filter(|s| (3..=5).contains(s)),
    };
    let db = crate::backend::state::db()?;
    crate::backend::fairs::applications(&db, user.id, fair_id, &filter, lang).await
}

/// The organizer approves (`approve`, booth number) or rejects (`reject`, reason).
#[server(prefix = "/api", endpoint = "decide_application")]
pub async fn decide_application(
    id: i32,
    decision: String,
    #[server(default)] booth_number: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let user = crate::backend::auth::require_role(crate::domain::Role::Organizer).await?;
    let decision = crate::domain::fairs::Decision::from_form(&decision, &booth_number, &reason)?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::decide(&db, user.id, id, decision).await
}

/// What the fair page's application form offers the caller: `None` unless they are a
/// producer member.
#[server(prefix = "/api", endpoint = "exhibit_choices")]
pub async fn get_exhibit_choices(fair_id: i32, lang: Lang) -> Result<Option<ExhibitChoices>, AppError> {
    let Some(user) = crate::backend::auth::current_user().await? else { return Ok(None) };
    let Ok(producer_id) = crate::backend::auth::producer_of(&user) else { return Ok(None) };
    let db = crate::backend::state::db()?;
    crate::backend::fairs::exhibit_choices(&db, producer_id, fair_id, lang).await.map(Some)
}

#[server(prefix = "/api", endpoint = "apply_to_fair")]
pub async fn apply_to_fair(fair_id: i32, application: ExhibitForm) -> Result<i32, AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let input = application.validate()?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::apply(&db, producer_id, fair_id, input, chrono::Utc::now()).await
}

#[server(prefix = "/api", endpoint = "my_fair_applications")]
pub async fn my_fair_applications(lang: Lang) -> Result<Vec<MyApplication>, AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::my_applications(&db, producer_id, lang).await
}

#[server(prefix = "/api", endpoint = "withdraw_application")]
pub async fn withdraw_application(id: i32) -> Result<(), AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::withdraw(&db, producer_id, id).await
}

/// The caller's place at a workshop and, once registered, the other participants; `None`
/// for a guest.
#[server(prefix = "/api", endpoint = "participation")]
pub async fn get_participation(fair_id: i32) -> Result<Option<crate::domain::fairs::Participation>, AppError> {
    let Some(user) = crate::backend::auth::current_user().await? else { return Ok(None) };
    let db = crate::backend::state::db()?;
    crate::backend::fairs::participation(&db, &user, fair_id).await.map(Some)
}

#[server(prefix = "/api", endpoint = "register_for_event")]
pub async fn register_for_event(fair_id: i32, role: crate::domain::RegistrantRole) -> Result<(), AppError> {
    let user = crate::backend::auth::require_user().await?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::register(&db, &user, fair_id, role, chrono::Utc::now()).await
}

#[server(prefix = "/api", endpoint = "unregister_from_event")]
pub async fn unregister_from_event(fair_id: i32) -> Result<(), AppError> {
    let user = crate::backend::auth::require_user().await?;
    let db = crate::backend::state::db()?;
    crate::backend::fairs::unregister(&db, user.id, fair_id).await
}
