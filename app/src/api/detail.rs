//! The detail pages: one product, one craft village, one producer's storefront. Public:
//! anyone may read them; what is not public (drafts, unverified producers) is a 404, the same
//! as an unknown slug.

use leptos::prelude::*;

use crate::domain::detail::{ProducerDetail, ProductDetail, VillageDetail};
use crate::error::AppError;
use crate::i18n::Lang;

#[server(prefix = "/api", endpoint = "product_detail")]
pub async fn get_product_detail(slug: String, lang: Lang) -> Result<ProductDetail, AppError> {
    use crate::domain::Slug;
    use crate::error::Problem;

    let slug = Slug::parse(slug.trim()).map_err(|_| AppError::invalid("slug", Problem::InvalidSlug))?;
    let db = crate::backend::state::db()?;
    crate::backend::detail::product_detail(&db, &slug, lang).await?.ok_or(AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "village_detail")]
pub async fn get_village_detail(slug: String, lang: Lang) -> Result<VillageDetail, AppError> {
    use crate::domain::Slug;
    use crate::error::Problem;

    let slug = Slug::parse(slug.trim()).map_err(|_| AppError::invalid("slug", Problem::InvalidSlug))?;
    let db = crate::backend::state::db()?;
    crate::backend::detail::village_detail(&db, &slug, lang).await?.ok_or(AppError::NotFound)
}

#[server(prefix = "/api", endpoint = "producer_detail")]
pub async fn get_producer_detail(slug: String, lang: Lang) -> Result<ProducerDetail, AppError> {
    use crate::domain::Slug;
    use crate::error::Problem;

    let slug = Slug::parse(slug.trim()).map_err(|_| AppError::invalid("slug", Problem::InvalidSlug))?;
    let db = crate::backend::state::db()?;
    crate::backend::detail::producer_detail(&db, &slug, lang).await?.ok_or(AppError::NotFound)
}
