//! Trade fairs for visitors: `/fairs` (upcoming first, then past; by month, district and
//! category, with the calendar feed) and `/fairs/{slug}` (dates, venue, booths, the approved
//! exhibitors with their products, "I'm interested", the `.ics`, and for a verified
//! producer the application form).

use leptos::prelude::*;
use leptos_router::{components::{Form, A}, hooks::use_query_map};

use crate::api::fairs::{fair_interest, get_exhibit_choices, list_fairs, ApplyToFair, SetFairInterest, WithdrawApplication};
use crate::components::fair_card::FairCardView;
use crate::components::forms::{action_done, action_error, FieldProblem, FormError};
use crate::components::product_card::ProductGrid;
use crate::components::seo::PageMeta;
use crate::domain::fairs::{FairDetail, FairsQuery};
use crate::domain::time::format_datetime;
use crate::domain::ApplicationStatus;
use crate::error::AppError;
use crate::i18n::{use_lang, Lang, Msg};

#[component]
pub fn FairsPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        query.with(|q| FairsQuery {
            month: q.get("month").unwrap_or_default(),
            district: q.get("district").unwrap_or_default(),
            category: q.get("category").unwrap_or_default(),
            kind: q.get("kind").unwrap_or_default(),
        })
    });
    let fairs = Resource::new(move || filters.get(), move |q| list_fairs(q, lang));
    let feed = move || {
        let d = filters.get().district;
        if d.is_empty() { "/fairs.ics".to_owned() } else { format!("/fairs.ics?district={d}") }
    };
    view! {
        <PageMeta title=lang.title(Msg::FairsTitle) description=t(Msg::FairsLead).to_owned()/>
        <section class="fairs" data-testid="fairs">
            <h1>{t(Msg::FairsTitle)}</h1>
            <p>{t(Msg::FairsLead)}" "<a href=feed rel="external" data-testid="fairs-feed">{t(Msg::SubscribeCalendar)}</a></p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || fairs.get().map(|r| match r {
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(list) => {
                        let current = filters.get();
                        view! {
                            <Form method="GET" action="/fairs" attr:class="fair-filters" attr:data-testid="fair-filters">
                                <label for="fair-month">{t(Msg::FilterMonth)}</label>
                                <select id="fair-month" name="month">
                                    <option value="">{t(Msg::AnyChoice)}</option>
                                    {list.months.iter().map(|m| view! { <option value=m.clone() selected=*m == current.month>{m.clone()}</option> }).collect_view()}
                                </select>
                                <label for="fair-district">{t(Msg::FilterDistrict)}</label>
                                <select id="fair-district" name="district">
                                    <option value="">{t(Msg::AnyChoice)}</option>
                                    {list.districts.iter().map(|d| view! {
                                        <option value=d.slug.to_string() selected=d.slug.as_str() == current.district>{d.name.clone()}</option>
                                    }).collect_view()}
                                </select>
                                <label for="fair-kind">{t(Msg::EventKindLabel)}</label>
                                <select id="fair-kind" name="kind" data-testid="fair-kind-filter">
                                    <option value="">{t(Msg::AnyChoice)}</option>
                                    {crate::domain::EventKind::ALL.iter().map(|k| view! {
                                        <option value=k.code() selected=k.code() == current.kind>{lang.event_kind(*k)}</option>
                                    }).collect_view()}
                                </select>
                                <label for="fair-category">{t(Msg::FilterCategory)}</label>
                                <select id="fair-category" name="category">
                                    <option value="">{t(Msg::AnyChoice)}</option>
                                    {list.categories.iter().map(|c| view! {
                                        <option value=c.slug.to_string() selected=c.slug.as_str() == current.category>{c.name.clone()}</option>
                                    }).collect_view()}
                                </select>
                                <button type="submit" class="button">{t(Msg::ApplyFilters)}</button>
                            </Form>
                            <h2>{t(Msg::UpcomingFairs)}</h2>
                            {if list.upcoming.is_empty() {
                                view! { <p class="empty-state" data-testid="fairs-empty">{t(Msg::FairsEmpty)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="fair-list" data-testid="upcoming-fairs">
                                        {list.upcoming.into_iter().map(|fair| view! { <FairCardView fair/> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {(!list.past.is_empty()).then(|| view! {
                                <h2>{t(Msg::PastFairs)}</h2>
                                <ul class="fair-list" data-testid="past-fairs">
                                    {list.past.into_iter().map(|fair| view! { <FairCardView fair/> }).collect_view()}
                                </ul>
                            })}
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn FairPage() -> impl IntoView {
    super::slug_page(crate::api::fairs::get_fair, |fair| view! { <FairView fair/> })
}

#[component]
fn FairView(fair: FairDetail) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let canonical = format!("/fairs/{}", fair.slug);
    let fair_id = fair.id;
    let meetings = fair.kind.has_booths() && fair.status == crate::domain::FairStatus::Published && !fair.exhibitors.is_empty();
    view! {
        <PageMeta title=lang.title_of(&fair.name) description=fair.description.clone() canonical/>
        <article class="fair-detail" data-testid="fair-detail" data-status=fair.status.code()>
            {fair.cover_url.clone().map(|src| view! { <img class="fair-cover" src=src alt="" width="1200" height="600" data-testid="fair-cover"/> })}
            <h1 data-testid="fair-name">{fair.name.clone()}</h1>
            <p><span class="badge" data-testid="fair-kind" data-kind=fair.kind.code()>{lang.event_kind(fair.kind)}</span></p>
            {(fair.status != crate::domain::FairStatus::Published).then(|| view! {
                <p class="status-banner status-banner--rejected" data-testid="fair-status">{lang.fair_status(fair.status)}</p>
            })}
            <dl class="fair-facts">
                <dt>{t(Msg::FairDates)}</dt>
                <dd>
                    <time datetime=fair.starts_at.to_rfc3339()>{format_datetime(fair.starts_at, lang)}</time>
                    " – "
                    <time datetime=fair.ends_at.to_rfc3339()>{format_datetime(fair.ends_at, lang)}</time>
                </dd>
                {match fair.online_url.clone().filter(|_| fair.kind.is_online()) {
                    Some(url) => {
                        let href = url.clone();
                        view! {
                            <dt>{t(Msg::OnlineEvent)}</dt>
                            <dd><a href=href rel="noopener nofollow" data-testid="online-url">{url}</a></dd>
                        }.into_any()
                    }
                    None => view! {
                        <dt>{t(Msg::FairVenue)}</dt>
                        <dd>{format!("{}, {}", fair.venue_name, fair.venue_address)}{fair.district.clone().map(|d| format!(", {}", d.name))}</dd>
                    }.into_any(),
                }}
                {fair.village.clone().map(|v| view! {
                    <dt>{t(Msg::FieldVillage)}</dt>
                    <dd><A href=format!("/villages/{}", v.slug)>{v.name}</A></dd>
                })}
                <dt>{t(Msg::FairContact)}</dt>
                <dd>{fair.contact_name.clone()}" · "{fair.contact_phone.clone()}{fair.contact_email.clone().map(|e| format!(" · {e}"))}</dd>
                <dt>{t(Msg::ApplicationDeadline)}</dt>
                <dd>{format_datetime(fair.deadline, lang)}</dd>
                {(!fair.categories.is_empty()).then(|| view! {
                    <dt>{t(Msg::FocusCategories)}</dt>
                    <dd>{fair.categories.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ")}</dd>
                })}
            </dl>
            <p>
                <a href=format!("/fairs/{}/calendar.ics", fair.slug) rel="external" class="button" data-testid="fair-ics">{t(Msg::AddToCalendar)}</a>
                " "<InterestButton fair_id interested=fair.interested/>
            </p>
            <section aria-labelledby="about-fair"><h2 id="about-fair">{t(Msg::AboutFair)}</h2><p>{fair.description.clone()}</p></section>
            {fair.agenda.clone().map(|a| view! {
                <section aria-labelledby="agenda-heading"><h2 id="agenda-heading">{t(Msg::FieldAgenda)}</h2><p class="agenda" data-testid="agenda">{a}</p></section>
            })}
            {fair.kind.has_registration().then(|| view! {
                <RegistrationSection fair_id capacity=fair.capacity.unwrap_or(0) registered=fair.registered open=fair.registration_open lang/>
            })}
            {fair.kind.has_booths().then(|| view! {
            <section aria-labelledby="booths-heading">
                <h2 id="booths-heading">{t(Msg::BoothsHeading)}</h2>
                <table class="cart-lines" data-testid="booth-types">
                    <thead><tr><th scope="col">{t(Msg::BoothType)}</th><th scope="col">{t(Msg::BoothSize)}</th><th scope="col">{t(Msg::UnitPrice)}</th><th scope="col">{t(Msg::BoothsLeft)}</th></tr></thead>
                    <tbody>
                        {fair.booth_types.iter().map(|b| view! {
                            <tr><td>{b.name.clone()}</td><td>{b.size.clone().unwrap_or_default()}</td><td>{b.price.to_string()}</td>
                                <td>{format!("{} / {}", (b.count - b.taken).max(0), b.count)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section aria-labelledby="exhibitors-heading" data-testid="exhibitors">
                <h2 id="exhibitors-heading">{t(Msg::ExhibitorsHeading)}</h2>
                {if fair.exhibitors.is_empty() {
                    view! { <p class="empty-state">{t(Msg::NoExhibitorsYet)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="booth-map" data-testid="booth-map">
                            {fair.exhibitors.into_iter().map(|e| view! {
                                <li class="booth" data-testid="exhibitor" data-booth=e.booth_number.clone().unwrap_or_default()>
                                    <p class="booth__number" data-testid="booth-number">{e.booth_number.clone().unwrap_or_default()}</p>
                                    <p><A href=format!("/producers/{}", e.producer.slug)>{e.producer.name.clone()}</A></p>
                                    <p><span class="badge badge--kind">{lang.producer_kind(e.producer.kind)}</span>
                                        {e.producer.village.clone().map(|v| view! { " · "<A href=format!("/villages/{}", v.slug)>{v.name}</A> })}
                                        {format!(" · {}", e.booth_type)}</p>
                                    {(!e.products.is_empty()).then(|| view! { <ProductGrid products=e.products/> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            })}
            {meetings.then(|| view! { <crate::pages::trade::MeetingSection fair_id lang/> })}
            {fair.applications_open.then(|| view! { <ExhibitSection fair_id booth_types=fair.booth_types.iter().map(|b| (b.id, b.name.clone(), b.count - b.taken)).collect() lang/> })}
        </article>
    }
}

#[component]
fn InterestButton(fair_id: i32, interested: u64) -> impl IntoView {
    let lang = use_lang();
    let set = ServerAction::<SetFairInterest>::new();
    let state = Resource::new(move || set.version().get(), move |_| fair_interest(fair_id));
    // The page's count includes the visitor as they were when it loaded; after they change
    // their mind, move it by the difference.
    let initially = StoredValue::new(None::<bool>);
    let count = move |on: bool| {
        let was = initially.get_value().unwrap_or(on);
        (interested as i64 + i64::from(on) - i64::from(was)).max(0) as u64
    };
    let location = leptos_router::hooks::use_location();
    view! {
        <Transition fallback=|| ()>
            {move || state.get().map(|s| match s {
                Ok(Some(on)) => {
                    if initially.get_value().is_none() {
                        initially.set_value(Some(on));
                    }
                    view! {
                        <ActionForm action=set attr:class="inline-form" attr:data-testid="interest-form">
                            <input type="hidden" name="fair_id" value=fair_id.to_string()/>
                            <input type="hidden" name="on" value=(!on).to_string()/>
                            <button type="submit" class="button" aria-pressed=on.to_string() data-testid="interest-button">
                                {if on { lang.t(Msg::Interested) } else { lang.t(Msg::ImInterested) }}
                            </button>
                        </ActionForm>
                        <span data-testid="interest-count">{lang.count_interested(count(on))}</span>
                    }.into_any()
                }
                _ => view! {
                    <A href=format!("/login?next={}", location.pathname.get_untracked()) attr:class="button">{lang.t(Msg::ImInterested)}</A>
                    " "<span data-testid="interest-count">{lang.count_interested(interested)}</span>
                }.into_any(),
            })}
        </Transition>
    }
}

/// The application form for a producer member (or their application, once sent).
#[component]
fn ExhibitSection(fair_id: i32, booth_types: Vec<(i32, String, i32)>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let apply = ServerAction::<ApplyToFair>::new();
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let choices = Resource::new(move || (apply.version().get(), withdraw.version().get()), move |_| get_exhibit_choices(fair_id, lang));
    let error = action_error(apply, "/api/apply_to_fair");
    let applied = action_done(apply, "/api/apply_to_fair");
    view! {
        <Suspense fallback=|| ()>
            {move || choices.get().map(|c| match c {
                Ok(Some(choices)) if !choices.verified => view! { <p class="empty-state">{t(Msg::ExhibitNeedsVerification)}</p> }.into_any(),
                Ok(Some(choices)) => match choices.existing.clone().filter(|a| !matches!(a.status, ApplicationStatus::Withdrawn | ApplicationStatus::Rejected)) {
                    Some(mine) => view! {
                        <section class="status-banner status-banner--pending" data-testid="my-application" data-status=mine.status.code()>
                            <strong>{lang.application_status(mine.status)}</strong>
                            <p>{format!("{}: {}", t(Msg::BoothType), mine.booth_type)}{mine.booth_number.clone().map(|b| format!(" · {} {b}", t(Msg::BoothNumber)))}</p>
                            {mine.may_withdraw.then(|| view! {
                                <ActionForm action=withdraw attr:class="inline-form">
                                    <input type="hidden" name="id" value=mine.id.to_string()/>
                                    <button type="submit" class="button" data-testid="withdraw-application">{t(Msg::WithdrawApplication)}</button>
                                </ActionForm>
                            })}
                        </section>
                    }.into_any(),
                    None => {
                        let booths = booth_types.clone();
                        view! {
                            <section aria-labelledby="exhibit-heading">
                                <h2 id="exhibit-heading">{t(Msg::ApplyToExhibit)}</h2>
                                {move || applied.get().then(|| view! { <p class="form-ok" role="status">{t(Msg::ApplicationSent)}</p> })}
                                <ActionForm action=apply attr:class="form" attr:data-testid="exhibit-form">
                                    <FormError error/>
                                    <input type="hidden" name="fair_id" value=fair_id.to_string()/>
                                    <div class="field">
                                        <label for="booth-type">{t(Msg::BoothType)}</label>
                                        <select id="booth-type" name="application[booth_type]" required data-testid="select-booth-type">
                                            {booths.into_iter().map(|(id, name, left)| view! {
                                                <option value=id.to_string() disabled=left <= 0>{format!("{name} ({left})")}</option>
                                            }).collect_view()}
                                        </select>
                                        <FieldProblem field="booth_type" error/>
                                    </div>
                                    <fieldset>
                                        <legend>{t(Msg::ProductsToShow)}</legend>
                                        {choices.products.iter().enumerate().map(|(i, (id, name))| {
                                            let input_id = format!("show-{id}");
                                            view! {
                                                <div class="choice">
                                                    <input type="checkbox" id=input_id.clone() name=format!("application[products][{i}]") value=id.to_string()
                                                        data-testid="show-product"/>
                                                    <label for=input_id>{name.clone()}</label>
                                                </div>
                                            }
                                        }).collect_view()}
                                        <FieldProblem field="products" error/>
                                    </fieldset>
                                    <div class="field">
                                        <label for="exhibit-note">{t(Msg::FieldOrderNote)}</label>
                                        <textarea id="exhibit-note" name="application[note]" rows="3" data-testid="exhibit-note"></textarea>
                                    </div>
                                    <button type="submit" class="button button--primary" data-testid="send-application">{t(Msg::SendApplication)}</button>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                },
                Ok(None) => ().into_any(),
                Err(AppError::Unauthorized) => ().into_any(),
                Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// A workshop's registration: places left, registering as a buyer or for one's producer, and
/// (for participants) who else is coming.
#[component]
fn RegistrationSection(fair_id: i32, capacity: i32, registered: i32, open: bool, lang: Lang) -> impl IntoView {
    use crate::api::fairs::{get_participation, RegisterForEvent, UnregisterFromEvent};
    let t = move |m: Msg| lang.t(m);
    let register = ServerAction::<RegisterForEvent>::new();
    let unregister = ServerAction::<UnregisterFromEvent>::new();
    let state = Resource::new(move || (register.version().get(), unregister.version().get()), move |_| get_participation(fair_id));
    let error = action_error(register, "/api/register_for_event");
    view! {
        <section aria-labelledby="registration-heading" data-testid="registration">
            <h2 id="registration-heading">{t(Msg::RegistrationHeading)}</h2>
            <p data-testid="places-left">{lang.places_left((capacity - registered).max(0), capacity)}</p>
            <FormError error/>
            <Suspense fallback=|| ()>
                {move || state.get().map(|s| match s {
                    Ok(Some(p)) => match p.registered_as {
                        Some(role) => view! {
                            <p class="form-ok" data-testid="registered-as" data-role=role.code()>{format!("{}: {}", t(Msg::RegisteredAs), lang.registrant_role(role))}</p>
                            <ActionForm action=unregister attr:class="inline-form">
                                <input type="hidden" name="fair_id" value=fair_id.to_string()/>
                                <button type="submit" class="button button--small">{t(Msg::Unregister)}</button>
                            </ActionForm>
                            <h3>{t(Msg::OtherParticipants)}</h3>
                            <ul data-testid="participants">
                                {p.participants.into_iter().map(|x| view! {
                                    <li data-testid="participant" data-role=x.role.code()>
                                        {match x.producer.clone() {
                                            Some(prod) => view! { <A href=format!("/producers/{}", prod.slug)>{x.name.clone()}</A> }.into_any(),
                                            None => view! { <span>{x.name.clone()}</span> }.into_any(),
                                        }}
                                        {format!(" · {}", lang.registrant_role(x.role))}
                                        // Participants meet through trade requests: a buyer asks a producer here.
                                        {(role == crate::domain::RegistrantRole::Buyer).then_some(x.producer.clone()).flatten().map(|prod| view! {
                                            " "<A href=format!("/trade/new?producer={}", prod.slug) attr:class="button button--small" attr:data-testid="participant-ask">{t(Msg::AskForQuote)}</A>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        None if open => view! {
                            {p.may_register_as.into_iter().map(|role| view! {
                                <ActionForm action=register attr:class="inline-form">
                                    <input type="hidden" name="fair_id" value=fair_id.to_string()/>
                                    <input type="hidden" name="role" value=role.code()/>
                                    <button type="submit" class="button button--primary" data-testid=format!("register-{}", role.code())>
                                        {format!("{} ({})", t(Msg::Register), lang.registrant_role(role))}
                                    </button>
                                </ActionForm>
                            }).collect_view()}
                        }.into_any(),
                        None => view! { <p class="empty-state">{t(Msg::RegistrationClosed)}</p> }.into_any(),
                    },
                    _ => view! { <p class="empty-state">{t(Msg::RegistrationNeedsLogin)}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
