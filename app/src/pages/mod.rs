//! One module per page.

pub mod accounts;
pub mod cart;
pub mod checkout;
pub mod dashboard;
pub mod fairs;
pub mod favourites;
pub mod home;
pub mod not_found;
pub mod office;
pub mod orders;
pub mod organizer;
pub mod points_of_sale;
pub mod producer;
pub mod product;
pub mod product_editor;
pub mod products;
pub mod trade;
pub mod trade_audience;
pub mod village;
pub mod villages;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::error::AppError;
use crate::i18n::{use_lang, Lang, Msg};

/// A page for one thing named by the `:slug` in the URL: fetch it, render it, or answer with
/// the 404 page when there is no such thing (unknown or malformed slug).
pub fn slug_page<T, Fut, V>(
    fetch: fn(String, Lang) -> Fut,
    render: fn(T) -> V,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug")).unwrap_or_default();
    let detail = Resource::new(move || (slug(), lang), move |(slug, lang)| fetch(slug, lang));

    view! {
        <Suspense fallback=move || view! { <p>{lang.t(Msg::Loading)}</p> }>
            {move || detail.get().map(|result| match result {
                Ok(item) => render(item).into_any(),
                Err(AppError::NotFound | AppError::Validation { .. }) => view! { <not_found::NotFoundPage/> }.into_any(),
                Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}
