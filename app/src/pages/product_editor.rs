//! `/dashboard/products/new` and `/dashboard/products/{id}`: the product editor, with its
//! photos (upload, order, cover, remove) once the product exists.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::{use_params_map, use_query_map}};

use crate::api::dashboard::{product_certificates, get_editor_choices, get_product_draft, my_storefront, MovePhoto, RemovePhoto, SaveProduct};
use crate::components::forms::{action_error, Field, FieldProblem, FormError};
use crate::components::seo::PageMeta;
use crate::domain::storefront::{EditorChoices, ProductDraft, ProductForm, Storefront};
use crate::domain::{ProducerKind, Unit};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang, Msg};
use crate::components::upload::{upload_message, UploadForm};
use crate::pages::dashboard::GroupedSelect;

#[component]
pub fn ProductEditorPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i32>().ok())));
    let move_photo = ServerAction::<MovePhoto>::new();
    let remove_photo = ServerAction::<RemovePhoto>::new();
    // Bumped after an upload sent by script, to read the photos again.
    let data = Resource::new(
        move || (id.get(), move_photo.version().get(), remove_photo.version().get()),
        move |(id, ..)| async move {
            let storefront = my_storefront().await?;
            let choices = get_editor_choices(lang).await?;
            let draft = match id {
                Some(id) => Some(get_product_draft(id).await?),
                None => None,
            };
            Ok::<_, AppError>((storefront, choices, draft))
        },
    );
    view! {
        <PageMeta title=lang.title(Msg::EditProductTitle) description=t(Msg::EditProductTitle).to_owned()/>
        <section class="dashboard product-editor" data-testid="product-editor">
            <p><A href="/dashboard">{t(Msg::BackToDashboard)}</A></p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || data.get().map(|r| match r {
                    Err(AppError::Unauthorized) => view! { <crate::pages::accounts::LoginPrompt/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert" data-testid="editor-error">{err.localized(lang)}</p> }.into_any(),
                    Ok((storefront, choices, draft)) => view! {
                        // (the editor, then certificates and photos once the product exists)
                        <EditorForm storefront choices draft=draft.clone() lang/>
                        {draft.as_ref().map(|d| view! { <Certificates product_id=d.id lang/> })}
                        <Photos draft move_photo remove_photo lang/>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn EditorForm(storefront: Storefront, choices: EditorChoices, draft: Option<ProductDraft>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let save = ServerAction::<SaveProduct>::new();
    let error = action_error(save, "/api/save_product");
    let saved = {
        let query = use_query_map();
        Memo::new(move |_| query.with(|q| q.get("saved").is_some()))
    };
    let form = draft.as_ref().map(|d| d.form.clone()).unwrap_or_else(|| ProductForm { min_order_qty: "1".into(), ..Default::default() });
    let heading = if draft.is_some() { t(Msg::EditProductTitle) } else { t(Msg::NewProductTitle) };
    let members: Vec<(String, String)> = storefront.members.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    let status_line = draft.as_ref().map(|d| {
        let public = (d.status == crate::domain::ProductStatus::Published).then(|| {
            let href = format!("/products/{}", d.slug);
            let slug = d.slug.to_string();
            view! { " · "<A href=href>{slug}</A> }
        });
        view! {
            <p class="status-line" data-testid="product-status" data-status=d.status.code()>
                {lang.product_status(d.status)}
                {public}
            </p>
        }
    });
    let hidden_id = draft.as_ref().map(|d| view! { <input type="hidden" name="id" value=d.id.to_string()/> });
    view! {
        <h1>{heading}</h1>
        {status_line}
        {move || (saved.get() && error.get().is_none()).then(|| view! { <p class="form-ok" role="status" data-testid="saved">{t(Msg::Saved)}</p> })}
        <ActionForm action=save attr:class="form" attr:data-testid="product-form">
            <FormError error/>
            {hidden_id}
            <Field label=Msg::FieldNameVi name="product[name_vi]" field="name_vi" value=form.name_vi.clone() required=true error/>
            <Field label=Msg::FieldNameEn name="product[name_en]" field="name_en" value=form.name_en.clone() error/>
            <Field label=Msg::FieldDescriptionVi name="product[description_vi]" field="description_vi" value=form.description_vi.clone() multiline=true required=true error/>
            <Field label=Msg::FieldDescriptionEn name="product[description_en]" field="description_en" value=form.description_en.clone() multiline=true error/>
            <div class="field">
                <label for="category">{t(Msg::FieldCategory)}</label>
                <GroupedSelect id="category" name="product[category]" groups=choices.categories selected=form.category.clone()
                    empty=Some(t(Msg::FieldChooseCategory)) required=true/>
                <FieldProblem field="category" error/>
            </div>
            <div class="field-row">
                <Field label=Msg::FieldPrice name="product[price]" field="price" value=form.price.clone() required=true inputmode="numeric" error/>
                <div class="field">
                    <label for="unit">{t(Msg::FieldUnit)}</label>
                    <select id="unit" name="product[unit]" data-testid="select-unit">
                        {Unit::ALL.iter().map(|u| {
                            let chosen = u.code() == form.unit;
                            view! { <option value=u.code() selected=chosen>{lang.unit(*u)}</option> }
                        }).collect_view()}
                    </select>
                    <FieldProblem field="unit" error/>
                </div>
                <Field label=Msg::FieldStock name="product[stock]" field="stock" value=form.stock.clone() required=true inputmode="numeric" error/>
            </div>
            <div class="field-row">
                <Field label=Msg::FieldWholesalePrice name="product[wholesale_price]" field="wholesale_price" value=form.wholesale_price.clone() inputmode="numeric" error/>
                <Field label=Msg::FieldMinOrder name="product[min_order_qty]" field="min_order_qty" value=form.min_order_qty.clone() inputmode="numeric" error/>
                <Field label=Msg::FieldRetailMin name="product[retail_min_qty]" field="retail_min_qty" value=form.retail_min_qty.clone() inputmode="numeric" error/>
            </div>
            {(storefront.kind == ProducerKind::Cooperative && !members.is_empty()).then(|| view! {
                <div class="field">
                    <label for="member">{t(Msg::FieldMember)}</label>
                    <GroupedSelect id="member" name="product[member]" groups=vec![(t(Msg::MemberHouseholds).to_owned(), members)]
                        selected=form.member.clone() empty=Some(t(Msg::FieldMemberNone))/>
                    <FieldProblem field="member" error/>
                </div>
            })}
            <button type="submit" class="button button--primary" data-testid="save-product">{t(Msg::SaveProduct)}</button>
        </ActionForm>
    }
}

#[component]
fn Photos(
    draft: Option<ProductDraft>,
    move_photo: ServerAction<MovePhoto>,
    remove_photo: ServerAction<RemovePhoto>,
    lang: Lang,
) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let upload_error = {
        let query = use_query_map();
        Memo::new(move |_| query.with(|q| q.get("upload_error")))
    };
    view! {
        <section aria-labelledby="photos-heading" class="photos" data-testid="photos">
            <h2 id="photos-heading">{t(Msg::PhotosHeading)}</h2>
            {match draft {
                None => view! { <p class="empty-state">{t(Msg::SaveFirstForPhotos)}</p> }.into_any(),
                Some(d) => {
                    let count = d.photos.len();
                    let action = format!("/dashboard/products/{}/photos", d.id);
                    view! {
                        <p class="field__hint">{t(Msg::PhotosHint)}</p>
                        {move || upload_error.get().map(|code| view! { <p class="form-error" role="alert" data-testid="upload-error">{upload_message(&code, lang)}</p> })}
                        {(count == 0).then(|| view! { <p class="empty-state">{t(Msg::NoPhotosYet)}</p> })}
                        <ol class="photo-list" data-testid="photo-list">
                            {d.photos.into_iter().enumerate().map(|(i, photo)| {
                                let pid = photo.id.to_string();
                                let button = |how: &'static str, label: Msg, show: bool| {
                                    let pid = pid.clone();
                                    show.then(|| view! {
                                        <ActionForm action=move_photo attr:class="inline-form">
                                            <input type="hidden" name="photo_id" value=pid/>
                                            <input type="hidden" name="how" value=how/>
                                            <button type="submit" class="button button--small">{t(label)}</button>
                                        </ActionForm>
                                    })
                                };
                                view! {
                                    <li class="photo" data-testid="photo">
                                        <img src=photo.thumb_url.clone() alt="" width="160" height="160"/>
                                        {(i == 0).then(|| view! { <span class="badge">{t(Msg::CoverPhoto)}</span> })}
                                        {button("cover", Msg::MakeCover, i > 0)}
                                        {button("earlier", Msg::MoveEarlier, i > 0)}
                                        {button("later", Msg::MoveLater, i + 1 < count)}
                                        <ActionForm action=remove_photo attr:class="inline-form">
                                            <input type="hidden" name="photo_id" value=pid.clone()/>
                                            <button type="submit" class="button button--small">{t(Msg::RemovePhoto)}</button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        <UploadForm action field="photo" accept="image/jpeg,image/png,image/webp" label=Msg::ChoosePhoto
                            submit=Msg::UploadPhoto id="photo-file" testid="photo-upload"/>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Certificates(product_id: i32, lang: Lang) -> impl IntoView {
    use crate::domain::IssuingLevel;
    use crate::domain::time::format_date;
    let t = move |m: Msg| lang.t(m);
    let certificates = Resource::new(move || product_id, move |id| product_certificates(id, lang));
    let query = use_query_map();
    let submitted = Memo::new(move |_| query.with(|q| q.get("certificate").is_some()));
    let problem = Memo::new(move |_| {
        query.with(|q| q.get("certificate_error")).map(|code| {
            let (field, problem) = code.split_once('.').unwrap_or(("", ""));
            let problem: Option<crate::error::Problem> = serde_json::from_value(serde_json::Value::String(problem.to_owned())).ok();
            (field.to_owned(), problem)
        })
    });
    let action = format!("/dashboard/products/{product_id}/certificates");
    view! {
        <section aria-labelledby="certificates-heading" class="certificates" data-testid="certificates">
            <h2 id="certificates-heading">{t(Msg::CertificatesHeading)}</h2>
            <p class="field__hint">{t(Msg::CertificatesHint)}</p>
            {move || submitted.get().then(|| view! { <p class="form-ok" role="status" data-testid="certificate-submitted">{t(Msg::CertificateSubmitted)}</p> })}
            {move || problem.get().map(|(_, p)| view! {
                <p class="form-error" role="alert" data-testid="certificate-error">
                    {p.map(|p| lang.t(p.message())).unwrap_or_else(|| lang.t(Msg::ErrValidation))}
                </p>
            })}
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || certificates.get().map(|r| match r {
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty-state">{t(Msg::NoCertificates)}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="data-table" data-testid="certificate-list">
                            <thead><tr>
                                <th scope="col">{t(Msg::ColumnRating)}</th>
                                <th scope="col">{t(Msg::DecisionNumber)}</th>
                                <th scope="col">{t(Msg::ValidUntil)}</th>
                                <th scope="col">{t(Msg::ColumnStatus)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|c| view! {
                                    <tr data-testid="certificate" data-status=c.status.code()>
                                        <td>{format!("OCOP {} · {}", lang.stars(c.stars), lang.issuing_level(c.level))}</td>
                                        <td>{format!("{} ({})", c.decision_number, format_date(c.decision_date, lang))}</td>
                                        <td>{format_date(c.expires_on, lang)}</td>
                                        <td>
                                            {lang.verification(c.status)}
                                            {c.review_note.clone().map(|n| view! { <span class="review-note">{format!(": {n}")}</span> })}
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Suspense>
            <form method="post" action=action enctype="multipart/form-data" class="form" data-testid="certificate-form">
                <div class="field-row">
                    <div class="field">
                        <label for="cert-stars">{t(Msg::FieldStars)}</label>
                        <select id="cert-stars" name="stars">
                            {[3u8, 4, 5].into_iter().map(|n| view! { <option value=n.to_string()>{lang.stars(n)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="cert-level">{t(Msg::IssuingLevelLabel)}</label>
                        <select id="cert-level" name="level">
                            {IssuingLevel::ALL.iter().map(|l| view! { <option value=l.code()>{lang.issuing_level(*l)}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="cert-number">{t(Msg::DecisionNumber)}</label>
                        <input id="cert-number" name="decision_number" required maxlength="60" data-testid="cert-number"/>
                    </div>
                    <div class="field">
                        <label for="cert-date">{t(Msg::DecisionDate)}</label>
                        <input id="cert-date" name="decision_date" type="date" required data-testid="cert-date"/>
                    </div>
                </div>
                <div class="field">
                    <label for="cert-scan">{t(Msg::FieldScan)}</label>
                    <input id="cert-scan" name="scan" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" required/>
                </div>
                <button type="submit" class="button" data-testid="submit-certificate">{t(Msg::SubmitCertificate)}</button>
            </form>
        </section>
    }
}
