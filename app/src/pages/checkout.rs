//! `/checkout`: the delivery address in the Vietnamese form, the recipient, a phone number,
//! a note and the payment method, over a summary of the orders it will create (one per
//! producer). The form carries the idempotency key the server made for this page, so a
//! double click or a retry places the orders once.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::orders::{begin_checkout, PlaceOrder};
use crate::components::forms::{action_error, Field, FieldProblem, FormError};
use crate::components::seo::PageMeta;
use crate::domain::orders::CheckoutStart;
use crate::domain::PaymentMethod;
use crate::error::AppError;
use crate::i18n::{use_lang, Lang, Msg};
use crate::pages::accounts::LoginPrompt;

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let start = Resource::new(|| (), move |_| begin_checkout(lang));
    view! {
        <PageMeta title=lang.title(Msg::CheckoutTitle) description=t(Msg::CheckoutTitle).to_owned()/>
        <section class="checkout" data-testid="checkout">
            <h1>{t(Msg::CheckoutTitle)}</h1>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || start.get().map(|s| match s {
                    Err(AppError::Unauthorized) => view! { <LoginPrompt/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(start) if start.cart.is_empty() => view! {
                        <p data-testid="cart-empty">{t(Msg::CartEmpty)}" "<A href="/products">{t(Msg::BrowseProducts)}</A></p>
                    }.into_any(),
                    Ok(start) => view! { <CheckoutForm start lang/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CheckoutForm(start: CheckoutStart, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let place = ServerAction::<PlaceOrder>::new();
    let error = action_error(place, "/api/place_order");
    let shortages = move || match error.get() {
        Some(AppError::OutOfStock { lines }) => lines,
        _ => Vec::new(),
    };
    let ready = start.cart.ready();
    let total = start.cart.total();
    view! {
        <div class="checkout__columns">
            <ActionForm action=place attr:class="form" attr:data-testid="checkout-form">
                <FormError error/>
                {move || {
                    let lines = shortages();
                    (!lines.is_empty()).then(|| view! {
                        <ul class="form-error" data-testid="shortages">
                            {lines.into_iter().map(|s| view! { <li>{lang.shortage(&s.name, s.wanted, s.available)}</li> }).collect_view()}
                        </ul>
                        <p><A href="/cart">{t(Msg::BackToCart)}</A></p>
                    })
                }}
                <input type="hidden" name="order[idempotency_key]" value=start.idempotency_key.clone()/>
                <fieldset>
                    <legend>{t(Msg::DeliveryHeading)}</legend>
                    <Field label=Msg::FieldRecipient name="order[recipient_name]" field="recipient_name" value=start.recipient_name.clone()
                        required=true autocomplete="name" error/>
                    <Field label=Msg::FieldPhone name="order[phone]" field="phone" kind="tel" required=true autocomplete="tel" error/>
                    <Field label=Msg::FieldProvince name="order[province]" field="province" value="Hà Nội" required=true
                        autocomplete="address-level1" error/>
                    <Field label=Msg::FieldWard name="order[ward]" field="ward" required=true autocomplete="address-level2" error/>
                    <Field label=Msg::FieldStreet name="order[street]" field="street" required=true autocomplete="street-address" error/>
                    <Field label=Msg::FieldOrderNote name="order[note]" field="note" multiline=true error/>
                </fieldset>
                <fieldset>
                    <legend>{t(Msg::PaymentHeading)}</legend>
                    {PaymentMethod::ALL.iter().enumerate().map(|(i, m)| {
                        let id = format!("pay-{}", m.code());
                        view! {
                            <div class="choice">
                                <input type="radio" id=id.clone() name="order[payment]" value=m.code() checked=i == 0
                                    data-testid=format!("pay-{}", m.code())/>
                                <label for=id>{lang.payment_method(*m)}</label>
                            </div>
                        }
                    }).collect_view()}
                    <p class="field__hint">{t(Msg::BankTransferExplained)}</p>
                    <FieldProblem field="payment" error/>
                </fieldset>
                <button type="submit" class="button button--primary" disabled=!ready data-testid="place-order">
                    {t(Msg::PlaceOrder)}
                </button>
                {(!ready).then(|| view! { <p class="form-error" role="alert">{t(Msg::CartHasProblems)}" "<A href="/cart">{t(Msg::BackToCart)}</A></p> })}
            </ActionForm>
            <aside class="checkout__summary" aria-labelledby="summary-heading">
                <h2 id="summary-heading">{t(Msg::OrderSummaryHeading)}</h2>
                <p>{lang.orders_to_create(start.cart.groups.len())}</p>
                {start.cart.groups.into_iter().map(|g| view! {
                    <section class="checkout__group" data-testid="checkout-group">
                        <h3>{g.producer_name}</h3>
                        <ul>
                            {g.lines.into_iter().map(|l| view! {
                                <li>{format!("{} × {}", l.quantity, l.name)}</li>
                            }).collect_view()}
                        </ul>
                        <p>{t(Msg::ShippingFee)}": "{if g.shipping.amount() == 0 { t(Msg::FreeShipping).to_owned() } else { g.shipping.to_string() }}</p>
                        <p>{t(Msg::OrderTotal)}": "<strong>{g.total.map(|v| v.to_string()).unwrap_or_default()}</strong></p>
                    </section>
                }).collect_view()}
                {total.map(|v| view! { <p class="checkout__total">{t(Msg::GrandTotal)}": "<strong data-testid="checkout-total">{v.to_string()}</strong></p> })}
            </aside>
        </div>
    }
}
