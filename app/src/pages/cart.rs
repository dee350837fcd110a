//! `/cart`: the lines grouped by producer with their subtotals, shipping and totals;
//! quantities change and lines go away with small forms that work before the wasm loads. A
//! line that cannot be bought as it stands says why.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::cart::{get_cart, RemoveFromCart, SetCartQuantity};
use crate::components::forms::action_error;
use crate::components::seo::PageMeta;
use crate::domain::cart::{Cart, CartGroup, CartLine};
use crate::i18n::{use_lang, Lang, Msg};

#[component]
pub fn CartPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let set = ServerAction::<SetCartQuantity>::new();
    let remove = ServerAction::<RemoveFromCart>::new();
    let cart = Resource::new(move || (set.version().get(), remove.version().get()), move |_| get_cart(lang));
    let error = action_error(set, "/api/set_cart_quantity");
    view! {
        <PageMeta title=lang.title(Msg::CartTitle) description=t(Msg::CartTitle).to_owned()/>
        <section class="cart-page" data-testid="cart">
            <h1>{t(Msg::CartTitle)}</h1>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.localized(lang)}</p> })}
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || cart.get().map(|c| match c {
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(cart) if cart.is_empty() => view! {
                        <p data-testid="cart-empty">{t(Msg::CartEmpty)}" "<A href="/products">{t(Msg::BrowseProducts)}</A></p>
                    }.into_any(),
                    Ok(cart) => view! { <CartView cart set remove lang/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CartView(cart: Cart, set: ServerAction<SetCartQuantity>, remove: ServerAction<RemoveFromCart>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let ready = cart.ready();
    let total = cart.total();
    view! {
        {cart.groups.into_iter().map(|group| view! { <GroupView group set remove lang/> }).collect_view()}
        <div class="cart-summary">
            {total.map(|total| view! {
                <p class="cart-summary__total">{t(Msg::GrandTotal)}": "<strong data-testid="cart-total">{total.to_string()}</strong></p>
            })}
            {if ready {
                view! { <A href="/checkout" attr:class="button button--primary" attr:data-testid="go-to-checkout">{t(Msg::GoToCheckout)}</A> }.into_any()
            } else {
                view! { <p class="form-error" role="alert" data-testid="cart-not-ready">{t(Msg::CartHasProblems)}</p> }.into_any()
            }}
        </div>
    }
}

#[component]
fn GroupView(group: CartGroup, set: ServerAction<SetCartQuantity>, remove: ServerAction<RemoveFromCart>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let heading_id = format!("cart-group-{}", group.producer_id);
    let labelled_by = heading_id.clone();
    view! {
        <section class="cart-group" aria-labelledby=labelled_by data-testid="cart-group">
            <h2 id=heading_id>
                <A href=format!("/producers/{}", group.producer_slug)>{group.producer_name.clone()}</A>
            </h2>
            <table class="cart-lines">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::ProductColumn)}</th>
                        <th scope="col">{t(Msg::UnitPrice)}</th>
                        <th scope="col">{t(Msg::Quantity)}</th>
                        <th scope="col">{t(Msg::LineTotal)}</th>
                        <th scope="col"><span class="visually-hidden">{t(Msg::RemoveFromCart)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {group.lines.into_iter().map(|line| view! { <LineRow line set remove lang/> }).collect_view()}
                </tbody>
            </table>
            <dl class="cart-group__sums">
                <dt>{t(Msg::Subtotal)}</dt>
                <dd data-testid="group-subtotal">{group.subtotal.map(|v| v.to_string()).unwrap_or_else(|| "—".into())}</dd>
                <dt>{t(Msg::ShippingFee)}</dt>
                <dd data-testid="group-shipping">{if group.shipping.amount() == 0 { t(Msg::FreeShipping).to_owned() } else { group.shipping.to_string() }}</dd>
                <dt>{t(Msg::OrderTotal)}</dt>
                <dd data-testid="group-total">{group.total.map(|v| v.to_string()).unwrap_or_else(|| "—".into())}</dd>
            </dl>
            {group.free_shipping_from.filter(|_| group.shipping.amount() > 0).map(|from| view! {
                <p class="cart-group__hint">{lang.free_shipping_from(from)}</p>
            })}
        </section>
    }
}

#[component]
fn LineRow(line: CartLine, set: ServerAction<SetCartQuantity>, remove: ServerAction<RemoveFromCart>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let quantity_id = format!("cart-qty-{}", line.product_id);
    let problem = line.problem.map(|p| lang.line_problem(p));
    let has_problem = problem.is_some();
    view! {
        <tr data-testid="cart-line" data-product=line.product_id.to_string() class:cart-line--problem=has_problem>
            <td>
                <A href=format!("/products/{}", line.slug) attr:class="cart-line__product">
                    {line.photo.clone().map(|src| view! { <img src=src alt="" width="64" height="48" loading="lazy"/> })}
                    <span>{line.name.clone()}</span>
                </A>
                {problem.map(|p| view! { <p class="cart-line__problem" role="status" data-testid="line-problem">{p}</p> })}
            </td>
            <td>{format!("{} / {}", line.unit_price, lang.unit(line.unit))}</td>
            <td>
                <ActionForm action=set attr:class="inline-form">
                    <input type="hidden" name="product_id" value=line.product_id.to_string()/>
                    <label for=quantity_id.clone() class="visually-hidden">{t(Msg::Quantity)}</label>
                    <input id=quantity_id type="number" name="quantity" min="0" max="9999" value=line.quantity.to_string()
                        inputmode="numeric" class="quantity-input" data-testid="line-quantity"/>
                    <button type="submit" class="button button--small" data-testid="update-quantity">{t(Msg::Update)}</button>
                </ActionForm>
            </td>
            <td data-testid="line-total">{line.line_total.map(|v| v.to_string()).unwrap_or_else(|| "—".into())}</td>
            <td>
                <ActionForm action=remove attr:class="inline-form">
                    <input type="hidden" name="product_id" value=line.product_id.to_string()/>
                    <button type="submit" class="button button--small" data-testid="remove-line">{t(Msg::RemoveFromCart)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}
