//! "Add to cart" on product cards and pages, and the cart link with its badge in the header.
//!
//! Both are rendered on the server only: they ship no code. The form posts to the server
//! function as a plain form: without the wasm the browser posts it and loads the page the
//! server sends back; with it the islands router posts it and swaps that page in, without a
//! reload and where the page was scrolled. Either way the page comes back from the server
//! with the header counting the new units and, beside the form that was used (each names
//! itself in a hidden field, `__form=cart-<id>`), "added" or what went wrong.

use leptos::prelude::*;
use server_fn::ServerFn;

use crate::api::cart::{cart_units, AddToCart};
use crate::components::forms::form_outcome;
use crate::i18n::{use_lang, Msg};

/// A form adding `product_id` to the cart: with a quantity box on the product page, a
/// single button on cards.
#[component]
pub fn AddToCartForm(
    product_id: i32,
    #[prop(default = 1)] minimum: i32,
    #[prop(optional)] with_quantity: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let key = format!("cart-{product_id}");
    let outcome = form_outcome(AddToCart::PATH, &key);
    let quantity_id = format!("qty-{product_id}");
    let quantity = minimum.max(1).to_string();
    view! {
        <form method="post" action=AddToCart::PATH class="add-to-cart" data-testid="add-to-cart">
            <input type="hidden" name="__form" value=key/>
            <input type="hidden" name="product_id" value=product_id.to_string()/>
            {if with_quantity {
                view! {
                    <label for=quantity_id.clone() class="add-to-cart__label">{t(Msg::Quantity)}</label>
                    <input id=quantity_id type="number" name="quantity" min=quantity.clone() max="9999"
                        value=quantity inputmode="numeric" class="add-to-cart__quantity" data-testid="add-quantity"
                        aria-invalid=outcome.error.is_some().then_some("true")/>
                }.into_any()
            } else {
                view! { <input type="hidden" name="quantity" value=quantity/> }.into_any()
            }}
            <button type="submit" class="button button--primary" data-testid="add-to-cart-button">{t(Msg::AddToCart)}</button>
            {outcome.done.then(|| view! {
                <p class="form-ok" role="status" data-testid="added-to-cart">
                    {t(Msg::AddedToCart)}" "<a href="/cart">{t(Msg::ViewCart)}</a>
                </p>
            })}
            {outcome.error.map(|e| view! { <p class="form-error" role="alert">{e.localized(lang)}</p> })}
        </form>
    }
}

/// The header's cart link, with the number of units in it, counted on the server for every
/// page (the islands router swaps in the header of each page it shows).
#[component]
pub fn CartLink() -> impl IntoView {
    let lang = use_lang();
    let units = Resource::new(|| (), |_| cart_units());
    view! {
        <a href="/cart" class="cart-link" data-testid="nav-cart">
            {lang.t(Msg::NavCart)}
            <Suspense fallback=|| ()>
                {move || units.get().map(|n| n.unwrap_or(0)).filter(|n| *n > 0).map(|n| view! {
                    " "<span class="cart-badge" data-testid="cart-badge" aria-label=lang.cart_units(n)>{n.to_string()}</span>
                })}
            </Suspense>
        </a>
    }
}
