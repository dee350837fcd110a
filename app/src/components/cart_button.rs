//! "Add to cart" on product cards and pages, and the cart link with its badge in the header.
//!
//! Both are islands: the rest of the page is server-rendered only. The form posts to the
//! server function, so it works before the wasm loads (the server sends the browser back to
//! the page, whose header then counts the new units); once awake it stays on the page, says
//! so, and tells the badge through a DOM event (sibling islands share no context).

use leptos::prelude::*;

use crate::api::cart::{cart_units, AddToCart};
use crate::components::forms::url_error;
use crate::error::AppError;
use crate::i18n::{use_lang, Msg};

/// A form adding `product_id` to the cart: with a quantity box on the product page, a
/// single button on cards.
#[component]
pub fn AddToCartForm(product_id: i32, #[prop(default = 1)] minimum: i32, #[prop(optional)] with_quantity: bool) -> impl IntoView {
    // A post without the wasm that failed comes back with its error in the URL; the server
    // reads it here and hands it to the island.
    let failed = url_error("/api/add_to_cart").get_untracked();
    view! { <AddToCart product_id minimum with_quantity failed/> }
}

#[island]
fn AddToCart(product_id: i32, minimum: i32, with_quantity: bool, failed: Option<AppError>) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let add = ServerAction::<AddToCart>::new();
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(()))) {
            crate::browser::notify_cart_changed();
        }
    });
    let error = Signal::derive(move || match add.value().get() {
        Some(Err(err)) => Some(err),
        Some(Ok(())) => None,
        None => failed.clone(),
    });
    let added = move || matches!(add.value().get(), Some(Ok(())));
    let quantity_id = format!("qty-{product_id}");
    view! {
        <ActionForm action=add attr:class="add-to-cart" attr:data-testid="add-to-cart">
            <input type="hidden" name="product_id" value=product_id.to_string()/>
            {if with_quantity {
                view! {
                    <label for=quantity_id.clone() class="add-to-cart__label">{t(Msg::Quantity)}</label>
                    <input id=quantity_id type="number" name="quantity" min=minimum.max(1).to_string() max="9999"
                        value=minimum.max(1).to_string() inputmode="numeric" class="add-to-cart__quantity" data-testid="add-quantity"/>
                }.into_any()
            } else {
                view! { <input type="hidden" name="quantity" value=minimum.max(1).to_string()/> }.into_any()
            }}
            <button type="submit" class="button button--primary" data-testid="add-to-cart-button">{t(Msg::AddToCart)}</button>
            {move || added().then(|| view! {
                <p class="form-ok" role="status" data-testid="added-to-cart">
                    {t(Msg::AddedToCart)}" "<a href="/cart">{t(Msg::ViewCart)}</a>
                </p>
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.localized(lang)}</p> })}
        </ActionForm>
    }
}

/// The header's cart link, with the number of units in it (counted on the server for every
/// page; the badge counts again when an island changes the cart).
#[component]
pub fn CartLink() -> impl IntoView {
    let lang = use_lang();
    let units = Resource::new(|| (), |_| cart_units());
    view! {
        <a href="/cart" class="cart-link" data-testid="nav-cart">
            {lang.t(Msg::NavCart)}
            <Suspense fallback=|| ()>
                {move || units.get().map(|n| view! { <CartBadge units=n.unwrap_or(0)/> })}
            </Suspense>
        </a>
    }
}

#[island]
fn CartBadge(units: i64) -> impl IntoView {
    let lang = use_lang();
    let units = RwSignal::new(units);
    let badge = NodeRef::<leptos::html::Span>::new();
    Effect::new(move |_| {
        crate::browser::on_cart_changed(move || {
            // A badge the router has since replaced (a page left) has nothing to count.
            if badge.get_untracked().is_some_and(|b| !b.is_connected()) {
                return;
            }
            leptos::task::spawn_local(async move {
                if let Ok(n) = cart_units().await {
                    units.set(n);
                }
            });
        });
    });
    view! {
        <span node_ref=badge class="cart-badge-slot">
            {move || (units.get() > 0).then(|| view! {
                " "<span class="cart-badge" data-testid="cart-badge" aria-label=lang.cart_units(units.get())>{units.get().to_string()}</span>
            })}
        </span>
    }
}
