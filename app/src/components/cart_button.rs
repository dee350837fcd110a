//! "Add to cart" on product cards and pages, and the cart link with its badge in the header.
//! The form posts to the server function, so it works before the wasm loads (the server
//! sends the browser back to the page); after hydration it stays on the page and the badge
//! is read again.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};

use crate::api::cart::{cart_units, AddToCart};
use crate::components::forms::action_error;
use crate::i18n::{use_lang, Msg};

/// Bumped whenever the cart changes in the browser, so the header's badge is read again.
#[derive(Clone, Copy)]
pub struct CartChanged(pub RwSignal<u32>);

pub fn provide_cart_changed() {
    provide_context(CartChanged(RwSignal::new(0)));
}

/// Tells the header that the cart changed after each successful run of `action`.
pub fn notify_cart_on<I, O>(action: ServerAction<I>)
where
    I: server_fn::ServerFn<Output = O, Error = crate::error::AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let changed = use_context::<CartChanged>();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            if let Some(CartChanged(n)) = changed {
                n.update(|n| *n += 1);
            }
        }
    });
}

/// A form adding `product_id` to the cart: with a quantity box on the product page, a
/// single button on cards.
#[component]
pub fn AddToCartForm(product_id: i32, #[prop(default = 1)] minimum: i32, #[prop(optional)] with_quantity: bool) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let add = ServerAction::<AddToCart>::new();
    notify_cart_on(add);
    let error = action_error(add, "/api/add_to_cart");
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
                    {t(Msg::AddedToCart)}" "<A href="/cart">{t(Msg::ViewCart)}</A>
                </p>
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.localized(lang)}</p> })}
        </ActionForm>
    }
}

/// The header's cart link, with the number of units in it.
#[component]
pub fn CartLink() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let changed = use_context::<CartChanged>().map(|c| c.0);
    let units = Resource::new(
        move || (location.pathname.get(), changed.map(|c| c.get())),
        |_| cart_units(),
    );
    view! {
        <A href="/cart" attr:class="cart-link" attr:data-testid="nav-cart">
            {lang.t(Msg::NavCart)}
            <Transition fallback=|| ()>
                {move || units.get().and_then(Result::ok).filter(|n| *n > 0).map(|n| view! {
                    " "<span class="cart-badge" data-testid="cart-badge" aria-label=lang.cart_units(n)>{n.to_string()}</span>
                })}
            </Transition>
        </A>
    }
}
