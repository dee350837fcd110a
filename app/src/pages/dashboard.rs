//! `/dashboard`: a producer's own storefront. A signed-in user without a producer sees the
//! application form; a member sees the verification status, the profile editor with a
//! preview, the logo and banner uploads and the product list with inline stock editing.

use leptos::prelude::*;
use leptos_router::{components::{Form, A}, hooks::use_query_map};

use crate::api::accounts::current_user;
use crate::api::dashboard::{
    get_editor_choices, my_products, my_storefront, AddMember, ApplyAsProducer, DuplicateProduct, SetProductStatus, SetStock,
    UpdateProfile,
};
use crate::components::forms::{action_done, action_error, Field, FieldProblem, FormError};
use crate::components::seo::PageMeta;
use crate::components::live_text::LiveText;
use crate::components::upload::{upload_message, UploadForm};
use crate::domain::storefront::{MyProduct, Storefront};
use crate::domain::{ProducerKind, ProductStatus, VerificationStatus};
use crate::i18n::{use_lang, Lang, Msg};
use crate::pages::accounts::LoginPrompt;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    // Applying turns the user into a producer member: read the user again after it.
    let apply = ServerAction::<ApplyAsProducer>::new();
    let user = Resource::new(move || apply.version().get(), |_| current_user());
    view! {
        <PageMeta title=lang.title(Msg::DashboardTitle) description=t(Msg::DashboardTitle).to_owned()/>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || user.get().map(|u| match u {
                Ok(Some(user)) if user.producer.is_some() => view! { <StorefrontEditor/> }.into_any(),
                Ok(Some(_)) => view! { <ApplicationView apply/> }.into_any(),
                Ok(None) => view! { <LoginPrompt/> }.into_any(),
                Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// A `<select>` of grouped choices, with the current value selected.
#[component]
pub fn GroupedSelect(
    id: &'static str,
    name: &'static str,
    groups: Vec<(String, Vec<(String, String)>)>,
    #[prop(into)] selected: String,
    /// The label of the empty first option.
    empty: Option<&'static str>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <select id=id name=name required=required data-testid=format!("select-{id}")>
            {empty.map(|label| view! { <option value="">{label}</option> })}
            {groups.into_iter().map(|(group, choices)| view! {
                <optgroup label=group>
                    {choices.into_iter().map(|(value, label)| {
                        let chosen = value == selected;
                        view! { <option value=value selected=chosen>{label}</option> }
                    }).collect_view()}
                </optgroup>
            }).collect_view()}
        </select>
    }
}

#[component]
fn ApplicationView(apply: ServerAction<ApplyAsProducer>) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let choices = Resource::new(|| (), move |_| get_editor_choices(lang));
    let error = action_error(apply, "/api/apply_as_producer");
    view! {
        <section class="dashboard" data-testid="application">
            <h1>{t(Msg::ApplyHeading)}</h1>
            <p>{t(Msg::ApplyLead)}</p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || choices.get().map(|c| match c {
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(choices) => {
                        let communes = choices.communes.into_iter()
                            .map(|(d, cs)| (d, cs.into_iter().map(|(id, n)| (id.to_string(), n)).collect()))
                            .collect();
                        view! {
                            <ActionForm action=apply attr:class="form" attr:data-testid="application-form">
                                <FormError error/>
                                <div class="field">
                                    <label for="kind">{t(Msg::FieldKind)}</label>
                                    <select id="kind" name="form[kind]" required data-testid="select-kind">
                                        {ProducerKind::ALL.iter().map(|k| view! { <option value=k.code()>{lang.producer_kind(*k)}</option> }).collect_view()}
                                    </select>
                                    <FieldProblem field="kind" error/>
                                </div>
                                <Field label=Msg::FieldProducerName name="form[name]" field="name" required=true autocomplete="organization" error/>
                                <div class="field">
                                    <label for="village">{t(Msg::FieldVillage)}</label>
                                    <GroupedSelect id="village" name="form[village]" groups=choices.villages selected="" empty=Some(t(Msg::FieldNoVillage))/>
                                    <FieldProblem field="village" error/>
                                </div>
                                <div class="field">
                                    <label for="commune">{t(Msg::FieldCommune)}</label>
                                    <GroupedSelect id="commune" name="form[commune]" groups=communes selected="" empty=Some(t(Msg::FieldChooseCommune))/>
                                    <FieldProblem field="commune" error/>
                                </div>
                                <Field label=Msg::FieldAddress name="form[address_line]" field="address_line" required=true autocomplete="street-address" error/>
                                <Field label=Msg::FieldPhone name="form[phone]" field="phone" kind="tel" required=true autocomplete="tel" error/>
                                <Field label=Msg::FieldStory name="form[story_vi]" field="story_vi" multiline=true required=true error/>
                                <button type="submit" class="button button--primary">{t(Msg::ApplySubmit)}</button>
                            </ActionForm>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn StorefrontEditor() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let update = ServerAction::<UpdateProfile>::new();
    let add_member = ServerAction::<AddMember>::new();
    // Bumped after a logo or banner upload sent by script.
    let storefront = Resource::new(move || (update.version().get(), add_member.version().get()), |_| my_storefront());
    view! {
        <section class="dashboard" data-testid="dashboard">
            <h1>{t(Msg::DashboardTitle)}</h1>
            <p><A href="/dashboard/orders" attr:data-testid="dashboard-orders">{t(Msg::OrderInboxTitle)}</A>
                " · "<A href="/dashboard/trade" attr:data-testid="dashboard-trade">{t(Msg::ProducerTradeTitle)}</A></p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || storefront.get().map(|s| match s {
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(s) => view! {
                        <StorefrontView storefront=s.clone() update lang/>
                        {(s.kind == ProducerKind::Cooperative).then(|| view! { <Members storefront=s add_member lang/> })}
                    }.into_any(),
                })}
            </Suspense>
            <ProductList/>
            <FairApplications/>
        </section>
    }
}

#[component]
fn StatusBanner(storefront: Storefront, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let status = storefront.verification;
    view! {
        <div class=format!("status-banner status-banner--{}", status.code()) data-testid="verification-status" data-status=status.code()>
            <strong>{lang.verification(status)}</strong>
            {match status {
                VerificationStatus::Pending => view! { <p>{t(Msg::PendingExplained)}</p> }.into_any(),
                VerificationStatus::Rejected => view! {
                    <p>{t(Msg::RejectedExplained)}" "<span data-testid="review-note">{storefront.review_note.clone().unwrap_or_default()}</span></p>
                }.into_any(),
                VerificationStatus::Suspended => view! {
                    <p>{t(Msg::SuspendedExplained)}" "<span data-testid="review-note">{storefront.review_note.clone().unwrap_or_default()}</span></p>
                }.into_any(),
                VerificationStatus::Verified => view! {
                    <p><A href=format!("/producers/{}", storefront.slug) attr:data-testid="public-storefront">{t(Msg::ViewStorefront)}</A></p>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn StorefrontView(storefront: Storefront, update: ServerAction<UpdateProfile>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let error = action_error(update, "/api/update_profile");
    let done = action_done(update, "/api/update_profile");
    let p = storefront.profile.clone();
    let (preview_name, preview_story) = (p.name.clone(), p.story_vi.clone());
    let upload_error = {
        let query = use_query_map();
        Memo::new(move |_| query.with(|q| q.get("upload_error")))
    };
    view! {
        <StatusBanner storefront=storefront.clone() lang/>
        <div class="dashboard__columns">
            <section aria-labelledby="profile-heading">
                <h2 id="profile-heading">{t(Msg::ProfileHeading)}</h2>
                <ActionForm action=update attr:class="form" attr:data-testid="profile-form">
                    <FormError error/>
                    {move || done.get().then(|| view! { <p class="form-ok" role="status">{t(Msg::Saved)}</p> })}
                    <div class="field">
                        <label for="f-name">{t(Msg::FieldProducerName)}</label>
                        <input id="f-name" name="profile[name]" value=p.name.clone() required data-testid="field-name"/>
                        <FieldProblem field="name" error/>
                    </div>
                    <div class="field">
                        <label for="f-story-vi">{t(Msg::FieldStory)}</label>
                        <textarea id="f-story-vi" name="profile[story_vi]" rows="6" required data-testid="field-story_vi"
                            inner_html=crate::components::escaping::textarea_html(&p.story_vi)></textarea>
                        <FieldProblem field="story_vi" error/>
                    </div>
                    <Field label=Msg::FieldStoryEn name="profile[story_en]" field="story_en" multiline=true value=p.story_en.clone() error/>
                    <Field label=Msg::FieldAddress name="profile[address_line]" field="address_line" value=p.address_line.clone() required=true error/>
                    <Field label=Msg::FieldPhone name="profile[phone]" field="phone" kind="tel" value=p.phone.clone() required=true error/>
                    <Field label=Msg::FieldContactEmail name="profile[email]" field="email" kind="email" value=p.email.clone() error/>
                    <button type="submit" class="button button--primary">{t(Msg::SaveProfile)}</button>
                </ActionForm>
            </section>
            <section aria-labelledby="preview-heading" class="preview" data-testid="preview">
                <h2 id="preview-heading">{t(Msg::PreviewHeading)}</h2>
                <div class="storefront storefront--preview">
                    {storefront.banner_url.clone().map(|b| view! { <img class="storefront__banner" src=b alt="" width="1200" height="300"/> })}
                    <div class="storefront__identity">
                        {storefront.logo_url.clone().map(|l| view! { <img class="storefront__logo" src=l alt="" width="96" height="96"/> })}
                        <div>
                            <p class="badge badge--kind">{lang.producer_kind(storefront.kind)}</p>
                            <p class="preview__name" data-testid="preview-name"><LiveText source="f-name" text=preview_name paragraphs=false/></p>
                        </div>
                    </div>
                    // The preview follows what is typed, before saving.
                    <div class="detail-story">
                        <LiveText source="f-story-vi" text=preview_story paragraphs=true/>
                    </div>
                </div>
                <h3>{t(Msg::LogoHeading)}</h3>
                {move || upload_error.get().map(|code| view! { <p class="form-error" role="alert">{upload_message(&code, lang)}</p> })}
                <UploadForm action="/dashboard/brand/logo".to_owned() field="photo" accept="image/jpeg,image/png,image/webp"
                    label=Msg::UploadLogo submit=Msg::UploadLogo id="logo-file" testid="logo-upload"/>
                <UploadForm action="/dashboard/brand/banner".to_owned() field="photo" accept="image/jpeg,image/png,image/webp"
                    label=Msg::UploadBanner submit=Msg::UploadBanner id="banner-file" testid="banner-upload"/>
            </section>
        </div>
    }
}

#[component]
fn ProductList() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|p| p.get("q").unwrap_or_default()));
    let status = Memo::new(move |_| query.with(|p| p.get("status").and_then(|s| ProductStatus::parse(&s))));
    let set_status = ServerAction::<SetProductStatus>::new();
    let set_stock = ServerAction::<SetStock>::new();
    let duplicate = ServerAction::<DuplicateProduct>::new();
    let products = Resource::new(
        move || (q.get(), status.get(), set_status.version().get(), set_stock.version().get(), duplicate.version().get()),
        move |(q, status, ..)| my_products(q, status, lang),
    );
    let status_error = action_error(set_status, "/api/set_product_status");
    let stock_error = action_error(set_stock, "/api/set_stock");
    view! {
        <section aria-labelledby="products-heading" class="my-products">
            <div class="my-products__head">
                <h2 id="products-heading">{t(Msg::ProductsHeading)}</h2>
                <A href="/dashboard/products/new" attr:class="button button--primary" attr:data-testid="new-product">{t(Msg::NewProduct)}</A>
            </div>
            <Form method="GET" action="/dashboard" attr:class="my-products__filter">
                <label for="my-q">{t(Msg::SearchMyProducts)}</label>
                <input id="my-q" type="search" name="q" value=move || q.get()/>
                <label for="my-status">{t(Msg::FilterStatus)}</label>
                <select id="my-status" name="status">
                    <option value="">{t(Msg::AllStatuses)}</option>
                    {ProductStatus::ALL.iter().map(|s| {
                        let code = s.code();
                        view! { <option value=code selected=move || status.get().map(|c| c.code()) == Some(code)>{lang.product_status(*s)}</option> }
                    }).collect_view()}
                </select>
                <button type="submit" class="button">{t(Msg::SearchButton)}</button>
            </Form>
            <FormError error=status_error/>
            <FormError error=stock_error/>
            <Transition fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || products.get().map(|r| match r {
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty-state" data-testid="no-products">{t(Msg::NoProductsInDashboard)}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="data-table my-products__table" data-testid="my-products">
                            <thead><tr>
                                <th scope="col">{t(Msg::ColumnProduct)}</th>
                                <th scope="col">{t(Msg::ColumnPrice)}</th>
                                <th scope="col">{t(Msg::StockLabel)}</th>
                                <th scope="col">{t(Msg::ColumnStatus)}</th>
                                <th scope="col">{t(Msg::ColumnActions)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|p| view! { <ProductRow product=p set_status set_stock duplicate lang/> }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ProductRow(
    product: MyProduct,
    set_status: ServerAction<SetProductStatus>,
    set_stock: ServerAction<SetStock>,
    duplicate: ServerAction<DuplicateProduct>,
    lang: Lang,
) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let id = product.id.to_string();
    let stock_id = format!("stock-{}", product.id);
    let row_id = id.clone();
    let stock_form_id = id.clone();
    let duplicate_id = id.clone();
    let status_form = move |target: ProductStatus, label: Msg, testid: &'static str| {
        let id = row_id.clone();
        view! {
            <ActionForm action=set_status attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="status" value=target.code()/>
                <button type="submit" class="button button--small" data-testid=testid>{t(label)}</button>
            </ActionForm>
        }
    };
    view! {
        <tr data-testid="my-product" data-product-id=product.id>
            <td>
                <div class="my-product">
                    {product.image_url.clone().map(|src| view! { <img src=src alt="" width="48" height="48"/> })}
                    <span data-testid="my-product-name">{product.name.clone()}</span>
                    {product.member_name.clone().map(|m| view! { <span class="my-product__member">{m}</span> })}
                </div>
                {product.moderation_note.clone().map(|note| view! {
                    <p class="form-error" data-testid="moderation-note">{t(Msg::ModeratedExplained)}" "{note}</p>
                })}
            </td>
            <td>{product.price.to_string()}</td>
            <td>
                <ActionForm action=set_stock attr:class="inline-form stock-form">
                    <input type="hidden" name="id" value=stock_form_id/>
                    <label for=stock_id.clone() class="visually-hidden">{t(Msg::StockLabel)}</label>
                    <input id=stock_id type="number" name="stock" min="0" value=product.stock.to_string() inputmode="numeric" data-testid="stock-input"/>
                    <button type="submit" class="button button--small" data-testid="save-stock">{t(Msg::SaveStock)}</button>
                </ActionForm>
            </td>
            <td data-testid="my-product-status" data-status=product.status.code()>{lang.product_status(product.status)}</td>
            <td class="my-product__actions">
                <A href=format!("/dashboard/products/{}", product.id) attr:class="button button--small" attr:data-testid="edit-product">{t(Msg::EditAction)}</A>
                {match product.status {
                    ProductStatus::Published => status_form(ProductStatus::Draft, Msg::UnpublishAction, "unpublish").into_any(),
                    _ => status_form(ProductStatus::Published, Msg::PublishAction, "publish").into_any(),
                }}
                {(product.status != ProductStatus::Archived).then(|| status_form(ProductStatus::Archived, Msg::ArchiveAction, "archive"))}
                <ActionForm action=duplicate attr:class="inline-form">
                    <input type="hidden" name="id" value=duplicate_id/>
                    <input type="hidden" name="lang" value=lang.code()/>
                    <button type="submit" class="button button--small">{t(Msg::DuplicateAction)}</button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// A cooperative's member households, and adding one.
#[component]
fn Members(storefront: Storefront, add_member: ServerAction<AddMember>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let error = action_error(add_member, "/api/add_member");
    view! {
        <section aria-labelledby="members-heading" class="members" data-testid="members">
            <h2 id="members-heading">{t(Msg::MemberHouseholds)}</h2>
            <ul data-testid="member-list">
                {storefront.members.into_iter().map(|(_, name)| view! { <li>{name}</li> }).collect_view()}
            </ul>
            <h3>{t(Msg::AddMemberHeading)}</h3>
            <ActionForm action=add_member attr:class="form" attr:data-testid="member-form">
                <FormError error/>
                <Field label=Msg::FieldMemberName name="member[name]" field="member_name" required=true error/>
                <Field label=Msg::FieldAddress name="member[address_line]" field="member_address" required=true error/>
                <Field label=Msg::FieldPhone name="member[phone]" field="member_phone" kind="tel" error/>
                <button type="submit" class="button">{t(Msg::AddMemberSubmit)}</button>
            </ActionForm>
        </section>
    }
}

/// The producer's applications to exhibit at fairs, with their status and booth.
#[component]
fn FairApplications() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let withdraw = ServerAction::<crate::api::fairs::WithdrawApplication>::new();
    let apps = Resource::new(move || withdraw.version().get(), move |_| crate::api::fairs::my_fair_applications(lang));
    view! {
        <section aria-labelledby="fair-applications-heading" data-testid="fair-applications">
            <h2 id="fair-applications-heading">{t(Msg::MyFairApplications)}</h2>
            <Suspense fallback=|| ()>
                {move || apps.get().and_then(Result::ok).map(|apps| if apps.is_empty() {
                    view! { <p class="empty-state">{t(Msg::NoApplications)}" "<A href="/fairs">{t(Msg::NavFairs)}</A></p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {apps.into_iter().map(|a| view! {
                                <li data-testid="fair-application" data-status=a.status.code()>
                                    <A href=format!("/fairs/{}", a.fair_slug)>{a.fair_name.clone()}</A>
                                    {format!(" · {} · {}", lang.application_status(a.status), a.booth_type)}
                                    {a.booth_number.clone().map(|b| format!(" · {} {b}", t(Msg::BoothNumber)))}
                                    {a.reason.clone().map(|r| format!(" · {r}"))}
                                    {a.may_withdraw.then(|| view! {
                                        <ActionForm action=withdraw attr:class="inline-form">
                                            <input type="hidden" name="id" value=a.id.to_string()/>
                                            <button type="submit" class="button button--small">{t(Msg::WithdrawApplication)}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
