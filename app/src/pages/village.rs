//! One craft village: its crafts, where it is, its story, its verified producers and its first
//! products, with a link to all of them in the catalog. An unknown village is the 404 page.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::detail::get_village_detail;
use crate::components::{producer_card::ProducerList, seo::PageMeta};
use crate::domain::detail::VillageDetail;
use crate::i18n::{use_lang, Msg};
use crate::pages::products::{Catalog, CatalogScope};

#[component]
pub fn VillagePage() -> impl IntoView {
    super::slug_page(get_village_detail, |village| view! { <VillageView village/> })
}

#[component]
fn VillageView(village: VillageDetail) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let VillageDetail {
        slug,
        name,
        crafts,
        district,
        commune,
        year_recognised,
        traditional,
        story,
        producers,
        product_count: _,
    } = village;
    let canonical = format!("/villages/{slug}");
    let location = format!("{}, {} {}", commune, lang.district_kind(district.kind), district.name);

    view! {
        <PageMeta title=lang.title_of(&name) description=story.clone() canonical/>
        <article class="village-detail" data-testid="village-detail">
            <header class="detail-header">
                <h1 data-testid="village-name">{name}</h1>
                {traditional.then(|| view! { <p class="badge" data-testid="village-traditional">{t(Msg::VillageTraditional)}</p> })}
                <dl class="facts">
                    {(!crafts.is_empty()).then(|| view! {
                        <dt>{t(Msg::VillageCrafts)}</dt>
                        <dd data-testid="village-crafts">
                            {crafts.into_iter().enumerate().map(|(i, c)| view! {
                                {(i > 0).then_some(", ")}
                                <A href=format!("/products?category={}", c.slug)>{c.name}</A>
                            }).collect_view()}
                        </dd>
                    })}
                    <dt>{t(Msg::VillageLocation)}</dt>
                    <dd data-testid="village-location">
                        <A href=format!("/products?district={}", district.slug)>{location}</A>
                    </dd>
                </dl>
                {year_recognised.map(|y| view! { <p class="detail-header__year" data-testid="village-year">{lang.recognised_in(y)}</p> })}
            </header>
            <section class="detail-story" aria-labelledby="story-heading">
                <h2 id="story-heading">{t(Msg::VillageStory)}</h2>
                <p data-testid="village-story">{story}</p>
            </section>
            <section aria-labelledby="producers-heading">
                <h2 id="producers-heading">
                    {t(Msg::VillageProducers)}
                    <span class="count">{lang.count_producers(producers.len() as u64)}</span>
                </h2>
                {if producers.is_empty() {
                    view! { <p class="empty-state">{t(Msg::NoVerifiedProducers)}</p> }.into_any()
                } else {
                    view! { <ProducerList producers testid="village-producers"/> }.into_any()
                }}
            </section>
            <section class="embedded-catalog" aria-labelledby="catalog-heading" data-testid="village-catalog">
                <Catalog scope=CatalogScope::village(slug.clone()) heading=t(Msg::VillageProducts).to_owned()/>
            </section>
        </article>
    }
}
