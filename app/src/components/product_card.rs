//! A product in a list: photo, name, price and unit, OCOP stars, maker and village. The whole
//! card links to the product page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::cart_button::AddToCartForm;
use crate::domain::catalog::ProductCard;
use crate::i18n::{use_lang, Msg};

#[component]
pub fn ProductCardView(product: ProductCard) -> impl IntoView {
    let lang = use_lang();
    let href = format!("/products/{}", product.slug);
    view! {
        <li class="product-card" data-testid="product-card">
            <A href=href attr:class="product-card__link">
                <img src=product.image_url.clone() alt="" width="320" height="240" loading="lazy"/>
                <h2 class="product-card__name">{product.name.clone()}</h2>
            </A>
            <p class="product-card__price">{format!("{} / {}", product.price, lang.unit(product.unit))}</p>
            {product.stars.map(|s| view! { <p class="ocop-badge">{format!("OCOP {}", lang.stars(s.get()))}</p> })}
            {if product.in_stock {
                view! { <AddToCartForm product_id=product.id/> }.into_any()
            } else {
                view! { <p class="stock stock--out">{lang.t(Msg::OutOfStock)}</p> }.into_any()
            }}
            <p class="product-card__maker">{product.producer_name.clone()}</p>
            {product.village_name.clone().map(|v| view! { <p class="product-card__village">{v}</p> })}
        </li>
    }
}

/// A grid of product cards.
#[component]
pub fn ProductGrid(products: Vec<ProductCard>) -> impl IntoView {
    view! {
        <ul class="product-grid" data-testid="product-grid">
            {products.into_iter().map(|product| view! { <ProductCardView product/> }).collect_view()}
        </ul>
    }
}
