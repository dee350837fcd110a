//! The craft-village directory, grouped by district, with producer and product counts.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::places::list_villages_by_district;
use crate::components::seo::PageMeta;
use crate::i18n::{use_lang, Msg};

#[component]
pub fn VillagesPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let groups = Resource::new(move || lang, list_villages_by_district);

    view! {
        <PageMeta title=lang.title(Msg::VillagesTitle) description=t(Msg::VillagesLead)/>
        <h1>{t(Msg::VillagesTitle)}</h1>
        <p class="lead">{t(Msg::VillagesLead)}</p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || groups.get().map(|result| match result {
                Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                Ok(groups) => view! {
                    <div class="district-groups" data-testid="village-groups">
                        {groups.into_iter().map(|group| {
                            let heading_id = format!("district-{}", group.district.slug);
                            view! {
                                <section class="district-group" aria-labelledby=heading_id.clone()>
                                    <h2 id=heading_id.clone()>
                                        {format!("{} {}", lang.district_kind(group.district.kind), group.district.name)}
                                        <span class="count">{lang.count_villages(group.villages.len() as u64)}</span>
                                    </h2>
                                    <ul class="village-list">
                                        {group.villages.into_iter().map(|v| view! {
                                            <li class="village-card" data-testid="village">
                                                <h3><A href=format!("/villages/{}", v.slug) attr:data-testid="village-link">{v.name.clone()}</A></h3>
                                                <p class="village-card__crafts">{v.crafts.join(", ")}</p>
                                                <p class="village-card__meta">
                                                    {v.commune.clone()}
                                                    {v.year_recognised.map(|y| format!(" · {}", lang.recognised_in(y)))}
                                                </p>
                                                {v.traditional.then(|| view! { <p class="badge">{t(Msg::VillageTraditional)}</p> })}
                                                <p class="village-card__counts">
                                                    {format!("{} · {}", lang.count_producers(v.producers), lang.count_products(v.products))}
                                                </p>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            }
                        }).collect_view()}
                    </div>
                }.into_any(),
            })}
        </Suspense>
    }
}
