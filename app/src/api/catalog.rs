//! The product catalog. Public.

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::domain::catalog::{CatalogQuery, ProductPage};
use crate::error::AppError;
use crate::i18n::Lang;

/// Published products of verified producers, filtered, sorted and paginated, with facet
/// counts. The query's types already rule out bad values; long text is cut, not refused.
#[server(prefix = "/api", endpoint = "products", input = Json)]
pub async fn list_products(query: CatalogQuery, lang: Lang) -> Result<ProductPage, AppError> {
    use crate::domain::catalog::{MAX_PAGE, MAX_QUERY_LEN};
    use crate::error::Problem;

    if query.page == 0 || query.page > MAX_PAGE {
        return Err(AppError::invalid("page", Problem::OutOfRange));
    }
    let mut query = query;
    if query.q.chars().count() > MAX_QUERY_LEN {
        query.q = query.q.chars().take(MAX_QUERY_LEN).collect();
    }
    let db = crate::backend::state::db()?;
    match use_context::<crate::backend::AppState>() {
        Some(state) => Ok(state.catalog_cache.list_products(&db, &query, lang).await?),
        None => Ok(crate::backend::catalog::list_products(&db, &query, lang).await?),
    }
}

/// Search-as-you-type suggestions for the header box.
#[server(prefix = "/api", endpoint = "suggest")]
pub async fn suggest(q: String, lang: Lang) -> Result<crate::domain::catalog::Suggestions, AppError> {
    let q: String = q.chars().take(crate::domain::catalog::MAX_QUERY_LEN).collect();
    let db = crate::backend::state::db()?;
    Ok(crate::backend::catalog::suggest(&db, &q, lang).await?)
}
