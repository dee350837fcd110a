//! The product catalog. Public.

use leptos::prelude::*;

use crate::domain::catalog::ProductPage;
use crate::error::AppError;
use crate::i18n::Lang;

/// Published products, newest first; `q` matches words regardless of accents and case.
#[server(prefix = "/api", endpoint = "products")]
pub async fn list_products(q: String, page: u32, lang: Lang) -> Result<ProductPage, AppError> {
    use crate::domain::catalog::MAX_QUERY_LEN;
    use crate::error::Problem;

    if q.chars().count() > MAX_QUERY_LEN {
        return Err(AppError::invalid("q", Problem::TooLong));
    }
    if page == 0 || page > 100_000 {
        return Err(AppError::invalid("page", Problem::OutOfRange));
    }
    let db = crate::backend::state::db()?;
    Ok(crate::backend::catalog::list_products(&db, &q, page, lang).await?)
}
