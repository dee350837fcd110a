//! The organizer's console: `/organizer` lists the organizer's own fairs and creates new
//! ones; `/organizer/fairs/{id}` edits one, its booth types and status, and reviews its
//! exhibitor applications (filtered by status, category and stars).

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::api::fairs::{
    fair_applications, get_fair_choices, get_organizer_fair, my_fairs, AddBoothType, CreateFair, DecideApplication, RemoveBoothType,
    SetFairStatus, UpdateFair,
};
use crate::components::forms::{action_done, action_error, Field, FieldProblem, FormError};
use crate::components::seo::PageMeta;
use crate::components::upload::UploadForm;
use crate::domain::detail::NamedLink;
use crate::domain::fairs::{ApplicationRow, FairChoices, FairForm, OrganizerFair};
use crate::domain::time::format_datetime;
use crate::domain::{ApplicationStatus, EventKind, FairStatus};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang, Msg};
use crate::pages::accounts::LoginPrompt;

/// The fair's fields, shared by the create and edit forms.
#[component]
fn FairFields(form: FairForm, choices: FairChoices, error: Signal<Option<AppError>>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let category_select = move |n: usize, field: &'static str, selected: String| {
        let id = format!("fair-{field}");
        view! {
            <div class="field">
                <label for=id.clone()>{format!("{} {n}", t(Msg::FocusCategories))}</label>
                <select id=id name=format!("fair[{field}]") data-testid=format!("select-{field}")>
                    <option value="">{t(Msg::AnyChoice)}</option>
                    {choices.categories.iter().map(|c| view! {
                        <option value=c.slug.to_string() selected=c.slug.as_str() == selected>{c.name.clone()}</option>
                    }).collect_view()}
                </select>
                <FieldProblem field error/>
            </div>
        }
    };
    view! {
        <div class="field">
            <label for="fair-kind">{t(Msg::EventKindLabel)}</label>
            <select id="fair-kind" name="fair[kind]" data-testid="select-kind">
                {EventKind::ALL.iter().map(|k| view! { <option value=k.code() selected=k.code() == form.kind>{lang.event_kind(*k)}</option> }).collect_view()}
            </select>
            <p class="field__hint">{t(Msg::EventKindHint)}</p>
            <FieldProblem field="kind" error/>
        </div>
        <Field label=Msg::FieldFairName name="fair[name_vi]" field="name_vi" value=form.name_vi.clone() required=true error/>
        <Field label=Msg::FieldFairNameEn name="fair[name_en]" field="name_en" value=form.name_en.clone() error/>
        <Field label=Msg::FieldDescriptionVi name="fair[description_vi]" field="description_vi" value=form.description_vi.clone() multiline=true required=true error/>
        <Field label=Msg::FieldDescriptionEn name="fair[description_en]" field="description_en" value=form.description_en.clone() multiline=true error/>
        <div class="field-row">
            <Field label=Msg::FieldStartsAt name="fair[starts_at]" field="starts_at" kind="datetime-local" value=form.starts_at.clone() required=true error/>
            <Field label=Msg::FieldEndsAt name="fair[ends_at]" field="ends_at" kind="datetime-local" value=form.ends_at.clone() required=true error/>
            <Field label=Msg::ApplicationDeadline name="fair[deadline]" field="deadline" kind="datetime-local" value=form.deadline.clone() required=true error/>
        </div>
        <Field label=Msg::FieldVenueName name="fair[venue_name]" field="venue_name" value=form.venue_name.clone() error/>
        <Field label=Msg::FieldVenueAddress name="fair[venue_address]" field="venue_address" value=form.venue_address.clone() error/>
        <div class="field">
            <label for="fair-district">{t(Msg::FilterDistrict)}</label>
            <select id="fair-district" name="fair[district]" required data-testid="select-district">
                <option value="">{t(Msg::FieldChooseCommune)}</option>
                {choices.districts.iter().map(|d| view! {
                    <option value=d.slug.to_string() selected=d.slug.as_str() == form.district>{d.name.clone()}</option>
                }).collect_view()}
            </select>
            <FieldProblem field="district" error/>
        </div>
        <div class="field-row">
            <Field label=Msg::FieldContactName name="fair[contact_name]" field="contact_name" value=form.contact_name.clone() required=true error/>
            <Field label=Msg::FieldPhone name="fair[contact_phone]" field="contact_phone" kind="tel" value=form.contact_phone.clone() required=true error/>
            <Field label=Msg::FieldContactEmail name="fair[contact_email]" field="contact_email" kind="email" value=form.contact_email.clone() error/>
        </div>
        <Field label=Msg::FieldOnlineUrl name="fair[online_url]" field="online_url" kind="url" value=form.online_url.clone() error/>
        <Field label=Msg::FieldAgenda name="fair[agenda]" field="agenda" value=form.agenda.clone() multiline=true error/>
        <div class="field-row">
            <Field label=Msg::FieldCapacity name="fair[capacity]" field="capacity" value=form.capacity.clone() inputmode="numeric" error/>
            <div class="field">
                <label for="fair-village">{t(Msg::FieldVillage)}</label>
                <select id="fair-village" name="fair[village]" data-testid="select-village">
                    <option value="">{t(Msg::AnyChoice)}</option>
                    {choices.villages.iter().map(|v| view! {
                        <option value=v.slug.to_string() selected=v.slug.as_str() == form.village>{v.name.clone()}</option>
                    }).collect_view()}
                </select>
                <FieldProblem field="village" error/>
            </div>
        </div>
        <div class="field-row">
            {category_select(1, "category_1", form.category_1.clone())}
            {category_select(2, "category_2", form.category_2.clone())}
            {category_select(3, "category_3", form.category_3.clone())}
        </div>
    }
}

#[component]
pub fn OrganizerPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let fairs = Resource::new(|| (), move |_| my_fairs(lang));
    let choices = Resource::new(|| (), move |_| get_fair_choices(lang));
    let create = ServerAction::<CreateFair>::new();
    let error = action_error(create, "/api/create_fair");
    view! {
        <PageMeta title=lang.title(Msg::OrganizerTitle) description=t(Msg::OrganizerTitle).to_owned()/>
        <section class="dashboard" data-testid="organizer">
            <h1>{t(Msg::OrganizerTitle)}</h1>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || fairs.get().map(|f| match f {
                    Err(AppError::Unauthorized) => view! { <LoginPrompt/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(fairs) => view! {
                        <h2>{t(Msg::MyFairs)}</h2>
                        {if fairs.is_empty() {
                            view! { <p class="empty-state">{t(Msg::NoFairsYet)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="fair-list" data-testid="my-fairs">
                                    {fairs.into_iter().map(|f| view! {
                                        <li data-testid="my-fair">
                                            <A href=format!("/organizer/fairs/{}", f.id)>{f.name}</A>
                                            {format!(" · {} · {} · {}", format_datetime(f.starts_at, lang), lang.fair_status(f.status), lang.count_exhibitors(f.exhibitors))}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <h2>{t(Msg::CreateFair)}</h2>
                        {move || choices.get().and_then(Result::ok).map(|choices| view! {
                            <ActionForm action=create attr:class="form" attr:data-testid="create-fair-form">
                                <FormError error/>
                                <FairFields form=FairForm::default() choices error lang/>
                                <button type="submit" class="button button--primary" data-testid="create-fair">{t(Msg::CreateFair)}</button>
                            </ActionForm>
                        })}
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn OrganizerFairPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    let update = ServerAction::<UpdateFair>::new();
    let add_booth = ServerAction::<AddBoothType>::new();
    let remove_booth = ServerAction::<RemoveBoothType>::new();
    let status = ServerAction::<SetFairStatus>::new();
    let decide = ServerAction::<DecideApplication>::new();
    // Bumped after a cover photo upload sent by script.
    let fair = Resource::new(
        move || (id(), update.version().get(), add_booth.version().get(), remove_booth.version().get(), status.version().get(), decide.version().get()),
        |(id, ..)| get_organizer_fair(id),
    );
    let choices = Resource::new(|| (), move |_| get_fair_choices(lang));
    view! {
        <PageMeta title=lang.title(Msg::OrganizerTitle) description=t(Msg::OrganizerTitle).to_owned()/>
        <section class="dashboard" data-testid="organizer-fair">
            <p><A href="/organizer">{t(Msg::MyFairs)}</A></p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || fair.get().map(|f| match f {
                    Err(AppError::Unauthorized) => view! { <LoginPrompt/> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::pages::not_found::NotFoundPage/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(fair) => view! {
                        <FairConsole fair choices=choices.get().and_then(Result::ok).unwrap_or_default() update add_booth remove_booth status decide lang/>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn FairConsole(
    fair: OrganizerFair,
    choices: FairChoices,
    update: ServerAction<UpdateFair>,
    add_booth: ServerAction<AddBoothType>,
    remove_booth: ServerAction<RemoveBoothType>,
    status: ServerAction<SetFairStatus>,
    decide: ServerAction<DecideApplication>,
    lang: Lang,
) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let upload_error = {
        let query = use_query_map();
        Memo::new(move |_| query.with(|q| q.get("upload_error")))
    };
    let update_error = action_error(update, "/api/update_fair");
    let saved = action_done(update, "/api/update_fair");
    let booth_error = action_error(add_booth, "/api/add_booth_type");
    let status_error = action_error(status, "/api/set_fair_status");
    let remove_error = action_error(remove_booth, "/api/remove_booth_type");
    let fair_id = fair.id;
    let status_button = move |to: FairStatus, label: Msg| {
        view! {
            <ActionForm action=status attr:class="inline-form">
                <input type="hidden" name="id" value=fair_id.to_string()/>
                <input type="hidden" name="status" value=to.code()/>
                <button type="submit" class="button button--primary" data-testid=format!("fair-{}", to.code())>{t(label)}</button>
            </ActionForm>
        }
    };
    view! {
        <h1 data-testid="console-fair-name">{fair.form.name_vi.clone()}</h1>
        <p>
            <span class="badge" data-testid="console-fair-status" data-status=fair.status.code()>{lang.fair_status(fair.status)}</span>
            {format!(" · {} · {}", lang.count_pending_applications(fair.pending), lang.count_exhibitors(fair.approved))}
            {(fair.status != FairStatus::Draft).then(|| view! { " · "<A href=format!("/fairs/{}", fair.slug) attr:data-testid="public-fair">{t(Msg::ViewPublicPage)}</A> })}
        </p>
        <FormError error=status_error/>
        <p class="status-actions">
            {(fair.status == FairStatus::Draft).then(|| status_button(FairStatus::Published, Msg::PublishFair))}
            {(fair.status == FairStatus::Published).then(|| status_button(FairStatus::Finished, Msg::FinishFair))}
            {matches!(fair.status, FairStatus::Draft | FairStatus::Published).then(|| status_button(FairStatus::Cancelled, Msg::CancelFair))}
        </p>
        <section aria-labelledby="cover-heading">
            <h2 id="cover-heading">{t(Msg::FairCover)}</h2>
            {fair.cover_url.clone().map(|src| view! { <img class="fair-cover" src=src alt="" width="600" height="300" data-testid="console-cover"/> })}
            {move || upload_error.get().map(|code| view! { <p class="form-error" role="alert">{crate::components::upload::upload_message(&code, lang)}</p> })}
            <UploadForm action=format!("/organizer/fairs/{fair_id}/cover") field="photo" accept="image/jpeg,image/png,image/webp"
                label=Msg::FairCover submit=Msg::UploadCover id="cover-file" testid="cover-upload"/>
        </section>
        <section aria-labelledby="booth-types-heading">
            <h2 id="booth-types-heading">{t(Msg::BoothsHeading)}</h2>
            <FormError error=remove_error/>
            <ul data-testid="console-booth-types">
                {fair.booth_types.clone().into_iter().map(|b| view! {
                    <li>
                        {format!("{} {} · {} · {} / {}", b.name, b.size.clone().unwrap_or_default(), b.price, b.taken, b.count)}
                        <ActionForm action=remove_booth attr:class="inline-form">
                            <input type="hidden" name="id" value=b.id.to_string()/>
                            <button type="submit" class="button button--small">{t(Msg::RemoveFromCart)}</button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action=add_booth attr:class="form" attr:data-testid="booth-type-form">
                <FormError error=booth_error/>
                <input type="hidden" name="fair_id" value=fair_id.to_string()/>
                <div class="field-row">
                    <Field label=Msg::BoothType name="booth[name]" field="name" required=true error=booth_error/>
                    <Field label=Msg::BoothSize name="booth[size]" field="size" error=booth_error/>
                    <Field label=Msg::BoothCount name="booth[count]" field="count" inputmode="numeric" required=true error=booth_error/>
                    <Field label=Msg::UnitPrice name="booth[price]" field="price" inputmode="numeric" error=booth_error/>
                </div>
                <button type="submit" class="button" data-testid="add-booth-type">{t(Msg::AddBoothType)}</button>
            </ActionForm>
        </section>
        <Applications fair_id decide categories=choices.categories.clone() lang/>
        <section aria-labelledby="edit-fair-heading">
            <h2 id="edit-fair-heading">{t(Msg::EditFair)}</h2>
            <ActionForm action=update attr:class="form" attr:data-testid="edit-fair-form">
                <FormError error=update_error/>
                {move || saved.get().then(|| view! { <p class="form-ok" role="status">{t(Msg::Saved)}</p> })}
                <input type="hidden" name="id" value=fair_id.to_string()/>
                <FairFields form=fair.form.clone() choices error=update_error lang/>
                <button type="submit" class="button button--primary">{t(Msg::Save)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Applications(fair_id: i32, decide: ServerAction<DecideApplication>, categories: Vec<NamedLink>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| (q.get("status").unwrap_or_default(), q.get("category").unwrap_or_default(), q.get("stars").unwrap_or_default()))
    });
    let rows = Resource::new(
        move || (filter.get(), decide.version().get()),
        move |((status, category, stars), _)| fair_applications(fair_id, ApplicationStatus::parse(&status), category, stars, lang),
    );
    let error = action_error(decide, "/api/decide_application");
    view! {
        <section aria-labelledby="applications-heading" data-testid="applications">
            <h2 id="applications-heading">{t(Msg::ApplicationsHeading)}</h2>
            <leptos_router::components::Form method="GET" action="" attr:class="fair-filters">
                <label for="app-status">{t(Msg::StatusColumn)}</label>
                <select id="app-status" name="status" data-testid="application-status-filter">
                    <option value="">{t(Msg::AllOrders)}</option>
                    {ApplicationStatus::ALL.iter().map(|s| view! {
                        <option value=s.code() selected=move || filter.get().0 == s.code()>{lang.application_status(*s)}</option>
                    }).collect_view()}
                </select>
                <label for="app-stars">{t(Msg::FilterStars)}</label>
                <select id="app-stars" name="stars">
                    <option value="">{t(Msg::AnyChoice)}</option>
                    {[3u8, 4, 5].into_iter().map(|s| view! { <option value=s.to_string() selected=move || filter.get().2 == s.to_string()>{lang.stars(s)}</option> }).collect_view()}
                </select>
                <label for="app-category">{t(Msg::FilterCategory)}</label>
                <select id="app-category" name="category">
                    <option value="">{t(Msg::AnyChoice)}</option>
                    {categories.into_iter().map(|c| {
                        let slug = c.slug.to_string();
                        let chosen = slug.clone();
                        view! { <option value=slug selected=move || filter.get().1 == chosen>{c.name}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" class="button">{t(Msg::ApplyFilters)}</button>
            </leptos_router::components::Form>
            <FormError error/>
            <Suspense fallback=|| ()>
                {move || rows.get().map(|r| match r {
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="empty-state">{t(Msg::NoApplications)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="application-list">
                            {rows.into_iter().map(|row| view! { <ApplicationItem row decide error lang/> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ApplicationItem(row: ApplicationRow, decide: ServerAction<DecideApplication>, error: Signal<Option<AppError>>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let pending = row.status == ApplicationStatus::Pending;
    let approved = row.status == ApplicationStatus::Approved;
    let booth_id = format!("booth-{}", row.id);
    let reason_id = format!("reason-{}", row.id);
    view! {
        <li class="application" data-testid="application" data-status=row.status.code() data-producer=row.producer.slug.to_string()>
            <p>
                <strong><A href=format!("/producers/{}", row.producer.slug)>{row.producer.name.clone()}</A></strong>
                " "<span class="badge badge--kind">{lang.producer_kind(row.producer.kind)}</span>
                {row.best_stars.map(|s| view! { " "<span class="ocop-badge">{format!("OCOP {}", lang.stars(s))}</span> })}
            </p>
            <p>{format!("{} · {}: {} · {}", lang.application_status(row.status), t(Msg::BoothType), row.booth_type, format_datetime(row.applied_at, lang))}
                {row.booth_number.clone().map(|b| format!(" · {} {b}", t(Msg::BoothNumber)))}</p>
            {(!row.products.is_empty()).then(|| view! {
                <p>{row.products.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ")}</p>
            })}
            {row.note.clone().map(|n| view! { <p class="timeline__note">{n}</p> })}
            {row.reason.clone().map(|r| view! { <p class="timeline__note">{format!("{}: {r}", t(Msg::RejectReason))}</p> })}
            {pending.then(|| view! {
                <ActionForm action=decide attr:class="inline-form" attr:data-testid="approve-form">
                    <input type="hidden" name="id" value=row.id.to_string()/>
                    <input type="hidden" name="decision" value="approve"/>
                    <label for=booth_id.clone()>{t(Msg::BoothNumber)}</label>
                    <input id=booth_id name="booth_number" required maxlength="12" class="quantity-input" data-testid="booth-number-input"/>
                    <button type="submit" class="button button--primary" data-testid="approve-application">{t(Msg::Approve)}</button>
                    <FieldProblem field="booth_number" error/>
                </ActionForm>
            })}
            {(pending || approved).then(|| view! {
                <ActionForm action=decide attr:class="inline-form" attr:data-testid="reject-form">
                    <input type="hidden" name="id" value=row.id.to_string()/>
                    <input type="hidden" name="decision" value="reject"/>
                    <label for=reason_id.clone()>{t(Msg::RejectReason)}</label>
                    <input id=reason_id name="reason" required data-testid="reject-reason"/>
                    <button type="submit" class="button" data-testid="reject-application">{t(Msg::Reject)}</button>
                </ActionForm>
            })}
        </li>
    }
}
