//! One product: photos, name, price and unit, stock, category path, the current OCOP
//! certificate (or that it has expired), IP marks, the producer, and related products.
//! Unknown, draft or archived products, and products of unverified producers, are the 404 page.

use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::json;

use crate::api::detail::get_product_detail;
use crate::components::{
    cart_button::AddToCartForm,
    fair_card::ExhibitingNotice,
    sold_at::SoldAtSection,
    favourite_button::FavouriteButton,
    product_card::ProductGrid,
    seo::{use_public_origin, JsonLd, PageMeta, PublicOrigin},
};
use crate::domain::{detail::ProductDetail, favourites::FavouriteKind, time::format_date};
use crate::i18n::{use_lang, Msg};

#[component]
pub fn ProductPage() -> impl IntoView {
    super::slug_page(get_product_detail, |product| view! { <ProductView product/> })
}

/// schema.org `Product` for search engines.
pub fn product_json_ld(p: &ProductDetail, origin: &PublicOrigin) -> serde_json::Value {
    let producer_url = origin.url(&format!("/producers/{}", p.producer.slug));
    let organization = json!({ "@type": "Organization", "name": p.producer.name, "url": producer_url });
    let availability =
        if p.in_stock() { "https://schema.org/InStock" } else { "https://schema.org/OutOfStock" };
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": p.name,
        "description": p.description,
        "image": p.photos.iter().map(|i| origin.url(&i.url)).collect::<Vec<_>>(),
        "sku": p.slug.as_str(),
        "brand": organization,
        "manufacturer": organization,
        "offers": {
            "@type": "Offer",
            "price": p.price.amount(),
            "priceCurrency": "VND",
            "availability": availability,
            "url": origin.url(&format!("/products/{}", p.slug)),
        },
    });
    if let Some(avg) = p.reviews.average_tenths {
        data["aggregateRating"] = json!({
            "@type": "AggregateRating",
            "ratingValue": f64::from(avg) / 10.0,
            "reviewCount": p.reviews.count,
            "bestRating": 5,
            "worstRating": 1,
        });
    }
    data
}

#[component]
fn ProductView(product: ProductDetail) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let origin = use_public_origin();
    let data = product_json_ld(&product, &origin);
    let cover = product.photos.first().map(|p| p.url.clone());
    let ProductDetail {
        id,
        minimum,
        slug,
        name,
        description,
        photos,
        price,
        unit,
        stock,
        categories,
        certificate,
        certificate_expired,
        marks,
        producer,
        member_household,
        more_from_producer,
        similar,
        reviews,
        exhibiting,
    } = product;
    let canonical = format!("/products/{slug}");

    let gallery = {
        let mut photos = photos.into_iter();
        let main = photos.next();
        let rest: Vec<_> = photos.collect();
        view! {
            <div class="gallery" role="group" aria-label=t(Msg::ProductPhotos) data-testid="product-gallery">
                {match main {
                    Some(p) => view! {
                        <img class="gallery__main" src=p.url alt=p.alt width="640" height="480"/>
                    }.into_any(),
                    None => view! {
                        <img class="gallery__main" src="/img/placeholder.svg" alt="" width="640" height="480"/>
                    }.into_any(),
                }}
                {(!rest.is_empty()).then(|| view! {
                    <ul class="gallery__thumbs">
                        {rest.into_iter().map(|p| view! {
                            <li><img src=p.url alt=p.alt width="160" height="120" loading="lazy"/></li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
        }
    };

    let ocop = certificate.map(|c| {
        let decision_number = c.decision_number.clone();
        if certificate_expired {
            view! {
                <section class="certificate certificate--expired" data-testid="certificate-expired" aria-labelledby="ocop-heading">
                    <h2 id="ocop-heading">{t(Msg::OcopCertificateHeading)}</h2>
                    <p class="certificate__expired">{t(Msg::CertificateExpired)}</p>
                    <dl>
                        <dt>{t(Msg::DecisionNumber)}</dt><dd>{decision_number}</dd>
                        <dt>{t(Msg::ExpiredOn)}</dt><dd>{format_date(c.expires_on, lang)}</dd>
                    </dl>
                </section>
            }
            .into_any()
        } else {
            let badge = c.rating().map(|r| lang.ocop_badge(r));
            view! {
                <section class="certificate" data-testid="ocop-certificate" aria-labelledby="ocop-heading">
                    <h2 id="ocop-heading">{t(Msg::OcopCertificateHeading)}</h2>
                    {badge.map(|b| view! {
                        <p class="ocop-badge ocop-badge--large" data-testid="ocop-badge"
                            data-stars=c.stars.get().to_string()>{b}</p>
                    })}
                    <dl>
                        <dt>{t(Msg::DecisionNumber)}</dt><dd data-testid="decision-number">{decision_number}</dd>
                        <dt>{t(Msg::IssuingLevelLabel)}</dt><dd>{lang.issuing_level(c.level)}</dd>
                        <dt>{t(Msg::DecisionDate)}</dt><dd>{format_date(c.decision_date, lang)}</dd>
                        <dt>{t(Msg::ValidUntil)}</dt><dd>{format_date(c.expires_on, lang)}</dd>
                    </dl>
                </section>
            }
            .into_any()
        }
    });

    let producer_href = format!("/producers/{}", producer.slug);
    let producer_slug = producer.slug.to_string();
    view! {
        <PageMeta title=lang.title_of(&name) description=description.clone() image=cover.unwrap_or_default()
            canonical og_type="product"/>
        <JsonLd data/>
        <article class="product-detail" data-testid="product-detail">
            {(!categories.is_empty()).then(|| view! {
                <nav class="breadcrumb" aria-label=t(Msg::CategoryPath) data-testid="category-path">
                    <ol>
                        {categories.into_iter().map(|c| view! {
                            <li><A href=format!("/products?category={}", c.slug)>{c.name}</A></li>
                        }).collect_view()}
                    </ol>
                </nav>
            })}
            <div class="product-detail__top">
                {gallery}
                <div class="product-detail__summary">
                    <h1 data-testid="product-name">{name}</h1>
                    <p class="product-price" data-testid="product-price">
                        {format!("{price} / {}", lang.unit(unit))}
                    </p>
                    {reviews.average_tenths.map(|avg| view! {
                        <p class="rating-summary"><a href="#reviews-heading" data-testid="rating-summary">{lang.average_rating(avg, reviews.count)}</a></p>
                    })}
                    {if stock > 0 {
                        view! {
                            <p class="stock stock--in" data-testid="product-stock">{lang.in_stock_count(u64::from(stock))}</p>
                            {(minimum > 1).then(|| view! { <p class="field__hint">{lang.minimum_units(minimum)}</p> })}
                            <AddToCartForm product_id=id minimum with_quantity=true/>
                        }.into_any()
                    } else {
                        view! { <p class="stock stock--out" data-testid="product-stock">{t(Msg::OutOfStock)}</p> }.into_any()
                    }}
                    <FavouriteButton kind=FavouriteKind::Product id/>
                    <ExhibitingNotice exhibiting/>
                    {(!marks.is_empty()).then(|| view! {
                        <ul class="marks" aria-label=t(Msg::MarksHeading) data-testid="product-marks">
                            {marks.into_iter().map(|m| view! {
                                <li class="badge badge--mark" data-kind=m.kind.code()>
                                    {format!("{}: {}", lang.mark_kind(m.kind), m.name)}
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    {ocop}
                    <section class="producer-card producer-card--wide" data-testid="producer-card" aria-labelledby="maker-heading">
                        <h2 id="maker-heading">{t(Msg::MadeBy)}</h2>
                        <p class="badge badge--kind" data-testid="producer-kind">{lang.producer_kind(producer.kind)}</p>
                        <p class="producer-card__name"><A href=producer_href.clone()>{producer.name.clone()}</A></p>
                        {member_household.map(|m| view! {
                            <p class="producer-card__member" data-testid="member-household">{format!("{}: {m}", t(Msg::FromMemberHousehold))}</p>
                        })}
                        {producer.village.clone().map(|v| view! {
                            <p class="producer-card__village">
                                {format!("{}: ", t(Msg::VillageLabel))}
                                <A href=format!("/villages/{}", v.slug) attr:data-testid="village-link">{v.name}</A>
                            </p>
                        })}
                        <A href=producer_href attr:class="button">{t(Msg::VisitStorefront)}</A>
                    </section>
                </div>
            </div>
            <section class="product-detail__description" aria-labelledby="description-heading">
                <h2 id="description-heading">{t(Msg::ProductDescription)}</h2>
                <p>{description}</p>
            </section>
            <crate::pages::trade::WholesaleBox product_id=id producer_slug=producer_slug.clone()/>
            <SoldAtSection product_id=id/>
            <section class="reviews" aria-labelledby="reviews-heading" data-testid="reviews">
                <h2 id="reviews-heading">{t(Msg::ReviewsHeading)}</h2>
                {if reviews.latest.is_empty() {
                    view! { <p>{t(Msg::NoReviews)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-list">
                            {reviews.latest.into_iter().map(|r| view! {
                                <li data-testid="review">
                                    <p><strong>{lang.rating(r.rating)}</strong>" · "{r.author}" · "
                                        <time datetime=r.at.to_rfc3339()>{crate::domain::time::format_datetime(r.at, lang)}</time></p>
                                    {r.body.map(|b| view! { <p>{b}</p> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            {(!more_from_producer.is_empty()).then(|| view! {
                <section class="related" aria-labelledby="more-heading" data-testid="more-from-producer">
                    <h2 id="more-heading">{t(Msg::MoreFromProducer)}</h2>
                    <ProductGrid products=more_from_producer/>
                </section>
            })}
            {(!similar.is_empty()).then(|| view! {
                <section class="related" aria-labelledby="similar-heading" data-testid="similar-products">
                    <h2 id="similar-heading">{t(Msg::SimilarProducts)}</h2>
                    <ProductGrid products=similar/>
                </section>
            })}
        </article>
    }
}
