//! A producer's storefront: banner and logo, kind, village, story, a summary of its valid
//! OCOP certificates by stars, contact details, its first products, and cooperative
//! membership both ways. Unknown or unverified producers are the 404 page.

use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::json;

use crate::api::detail::get_producer_detail;
use crate::components::{
    fair_card::ExhibitingNotice,
    sold_at::SoldAtSection,
    favourite_button::FavouriteButton,
    producer_card::ProducerList,
    seo::{use_public_origin, JsonLd, PageMeta, PublicOrigin},
};
use crate::domain::{detail::ProducerDetail, favourites::FavouriteKind};
use crate::i18n::{use_lang, Msg};
use crate::pages::products::{Catalog, CatalogScope};

#[component]
pub fn ProducerPage() -> impl IntoView {
    super::slug_page(get_producer_detail, |producer| view! { <ProducerView producer/> })
}

/// schema.org `Organization` for search engines.
pub fn producer_json_ld(p: &ProducerDetail, origin: &PublicOrigin) -> serde_json::Value {
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": p.name,
        "description": p.story,
        "url": origin.url(&format!("/producers/{}", p.slug)),
        "logo": origin.url(&p.logo_url),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": p.address,
            "addressLocality": p.commune,
            "addressRegion": p.district.name,
            "addressCountry": "VN",
        },
    });
    if let Some(phone) = &p.phone {
        data["telephone"] = json!(phone);
    }
    data
}

#[component]
fn ProducerView(producer: ProducerDetail) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let origin = use_public_origin();
    let data = producer_json_ld(&producer, &origin);
    let ProducerDetail {
        id,
        slug,
        name,
        kind,
        logo_url,
        banner_url,
        village,
        story,
        certificates,
        address,
        commune,
        district,
        phone,
        product_count: _,
        members,
        member_of,
        exhibiting,
    } = producer;
    let canonical = format!("/producers/{slug}");
    let share_image = banner_url.clone().unwrap_or_else(|| logo_url.clone());

    view! {
        <PageMeta title=lang.title_of(&name) description=story.clone() image=share_image canonical og_type="profile"/>
        <JsonLd data/>
        <article class="storefront" data-testid="storefront">
            <header class="storefront__header">
                {banner_url.map(|b| view! { <img class="storefront__banner" src=b alt="" width="1200" height="300"/> })}
                <div class="storefront__identity">
                    <img class="storefront__logo" src=logo_url alt="" width="96" height="96" data-testid="producer-logo"/>
                    <div>
                        <p class="badge badge--kind" data-testid="producer-kind">{lang.producer_kind(kind)}</p>
                        <h1 data-testid="producer-name">{name}</h1>
                        <FavouriteButton kind=FavouriteKind::Producer id/>
                        <ExhibitingNotice exhibiting/>
                        {village.map(|v| view! {
                            <p>
                                {format!("{}: ", t(Msg::VillageLabel))}
                                <A href=format!("/villages/{}", v.slug) attr:data-testid="village-link">{v.name}</A>
                            </p>
                        })}
                        {(!member_of.is_empty()).then(|| view! {
                            <p class="member-of" data-testid="member-of">
                                {format!("{} ", t(Msg::MemberOf))}
                                {member_of.into_iter().enumerate().map(|(i, c)| view! {
                                    {(i > 0).then_some(", ")}
                                    <A href=format!("/producers/{}", c.slug)>{c.name}</A>
                                }).collect_view()}
                            </p>
                        })}
                    </div>
                </div>
            </header>
            <crate::pages::trade::WholesaleTable producer_slug=slug.to_string()/>
            <SoldAtSection producer_id=id/>
            <section class="detail-story" aria-labelledby="about-heading">
                <h2 id="about-heading">{t(Msg::ProducerAbout)}</h2>
                <p data-testid="producer-story">{story}</p>
            </section>
            <div class="storefront__facts">
                <section aria-labelledby="ocop-summary-heading" data-testid="ocop-summary">
                    <h2 id="ocop-summary-heading">{t(Msg::OcopSummaryHeading)}</h2>
                    {if certificates.is_empty() {
                        view! { <p class="empty-state">{t(Msg::NoValidCertificates)}</p> }.into_any()
                    } else {
                        view! {
                            <table class="data-table">
                                <thead><tr><th scope="col">{t(Msg::ColumnRating)}</th><th scope="col">{t(Msg::ColumnCount)}</th></tr></thead>
                                <tbody>
                                    {certificates.into_iter().map(|c| view! {
                                        <tr data-stars=c.stars.get().to_string()>
                                            <th scope="row">{format!("OCOP {}", lang.stars(c.stars.get()))}</th>
                                            <td>{lang.number(c.count)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                </section>
                <section aria-labelledby="contact-heading" data-testid="producer-contact">
                    <h2 id="contact-heading">{t(Msg::ContactHeading)}</h2>
                    <dl class="facts">
                        <dt>{t(Msg::AddressLabel)}</dt>
                        <dd>{format!("{address}, {commune}, {} {}", lang.district_kind(district.kind), district.name)}</dd>
                        {phone.map(|phone| {
                            let tel = format!("tel:{}", phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
                            view! { <dt>{t(Msg::PhoneLabel)}</dt><dd><a href=tel>{phone}</a></dd> }
                        })}
                    </dl>
                </section>
            </div>
            {(!members.is_empty()).then(|| view! {
                <section aria-labelledby="members-heading">
                    <h2 id="members-heading">{t(Msg::MemberHouseholds)}</h2>
                    <ProducerList producers=members testid="member-households"/>
                </section>
            })}
            <section class="embedded-catalog" aria-labelledby="catalog-heading" data-testid="producer-catalog">
                <Catalog scope=CatalogScope::producer(slug.clone()) heading=t(Msg::ProducerProducts).to_owned()/>
            </section>
        </article>
    }
}
