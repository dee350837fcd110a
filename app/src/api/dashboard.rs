//! The producer's storefront editor. Every function here acts for the caller's own producer
//! only (`require_producer_member`); ids of another producer's rows are refused with 403.

use leptos::prelude::*;

use crate::domain::storefront::{
    ApplicationForm, EditorChoices, MyProduct, PhotoMove, ProductDraft, ProductForm, ProfileForm, Storefront,
};
use crate::domain::ProductStatus;
use crate::error::AppError;
use crate::i18n::Lang;

/// The categories, villages and communes the forms offer. Public data, but only for
/// signed-in users, who are the ones filling the forms.
#[server(prefix = "/api", endpoint = "editor_choices")]
pub async fn get_editor_choices(lang: Lang) -> Result<EditorChoices, AppError> {
    crate::backend::auth::require_user().await?;
    let db = crate::backend::state::db()?;
    crate::backend::storefront::editor_choices(&db, lang).await
}

/// A signed-in user applies for a storefront: their producer is created, pending review.
#[server(prefix = "/api", endpoint = "apply_as_producer")]
pub async fn apply_as_producer(form: ApplicationForm) -> Result<(), AppError> {
    let user = crate::backend::auth::require_user().await?;
    let application = form.validate()?;
    let db = crate::backend::state::db()?;
    crate::backend::storefront::apply(&db, user.id, application).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

#[server(prefix = "/api", endpoint = "my_storefront")]
pub async fn my_storefront() -> Result<Storefront, AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    crate::backend::storefront::storefront(&db, producer_id).await
}

#[server(prefix = "/api", endpoint = "update_profile")]
pub async fn update_profile(profile: ProfileForm) -> Result<(), AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let profile = profile.validate()?;
    let db = crate::backend::state::db()?;
    crate::backend::storefront::update_profile(&db, producer_id, profile).await
}

#[server(prefix = "/api", endpoint = "my_products")]
pub async fn my_products(q: String, status: Option<ProductStatus>, lang: Lang) -> Result<Vec<MyProduct>, AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let q: String = q.chars().take(crate::domain::catalog::MAX_QUERY_LEN).collect();
    let db = crate::backend::state::db()?;
    crate::backend::storefront::my_products(&db, producer_id, &q, status, lang).await
}

#[server(prefix = "/api", endpoint = "product_draft")]
pub async fn get_product_draft(id: i32) -> Result<ProductDraft, AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    crate::backend::storefront::product_draft(&db, producer_id, id).await
}

/// Creates (`id` empty) or updates a product, then opens it in the editor.
#[server(prefix = "/api", endpoint = "save_product")]
pub async fn save_product(id: Option<i32>, product: ProductForm) -> Result<i32, AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let input = product.validate()?;
    let db = crate::backend::state::db()?;
    let id = match id {
        Some(id) => {
            crate::backend::storefront::update_product(&db, producer_id, id, input).await?;
            id
        }
        None => crate::backend::storefront::create_product(&db, producer_id, input).await?,
    };
    leptos_axum::redirect(&format!("/dashboard/products/{id}?saved=1"));
    Ok(id)
}

#[server(prefix = "/api", endpoint = "duplicate_product")]
pub async fn duplicate_product(id: i32, lang: Lang) -> Result<i32, AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    let new_id = crate::backend::storefront::duplicate_product(&db, producer_id, id, lang).await?;
    leptos_axum::redirect(&format!("/dashboard/products/{new_id}"));
    Ok(new_id)
}

#[server(prefix = "/api", endpoint = "set_product_status")]
pub async fn set_product_status(id: i32, status: ProductStatus) -> Result<(), AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    crate::backend::storefront::set_status(&db, producer_id, id, status).await
}

#[server(prefix = "/api", endpoint = "set_stock")]
pub async fn set_stock(id: i32, stock: String) -> Result<(), AppError> {
    use crate::domain::storefront::{parse_count, MAX_STOCK};
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let stock = parse_count(&stock, 0, MAX_STOCK).map_err(|p| AppError::invalid("stock", p))?;
    let db = crate::backend::state::db()?;
    crate::backend::storefront::set_stock(&db, producer_id, id, stock).await
}

#[server(prefix = "/api", endpoint = "move_photo")]
pub async fn move_photo(photo_id: i32, how: PhotoMove) -> Result<(), AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    crate::backend::storefront::move_photo(&db, producer_id, photo_id, how).await
}

#[server(prefix = "/api", endpoint = "remove_photo")]
pub async fn remove_photo(photo_id: i32) -> Result<(), AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    let unused = crate::backend::storefront::remove_photo(&db, producer_id, photo_id).await?;
    let uploads = leptos::prelude::use_context::<crate::backend::AppState>().map(|s| s.uploads);
    if let Some(uploads) = uploads {
        uploads.delete_urls(&unused.iter().map(String::as_str).collect::<Vec<_>>()).await;
    }
    Ok(())
}

/// A product's certificates with their review status (the producer's own products only).
#[server(prefix = "/api", endpoint = "product_certificates")]
pub async fn product_certificates(id: i32, lang: Lang) -> Result<Vec<crate::domain::storefront::CertificateRow>, AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let db = crate::backend::state::db()?;
    crate::backend::storefront::product_certificates(&db, producer_id, id, lang).await
}

/// A cooperative adds a member household (other producers are refused with 403).
#[server(prefix = "/api", endpoint = "add_member")]
pub async fn add_member(member: crate::domain::storefront::MemberForm) -> Result<(), AppError> {
    let (_, producer_id) = crate::backend::auth::require_producer_member().await?;
    let member = member.validate()?;
    let db = crate::backend::state::db()?;
    crate::backend::storefront::add_member(&db, producer_id, member).await.map(|_| ())
}
