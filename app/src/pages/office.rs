//! `/office`: the programme office's verification screen for producers (the full console
//! comes with the trade-connection work).

use leptos::prelude::*;

use crate::api::office::{pending_certificates, pending_producers, ReviewCertificate, ReviewProducer};
use crate::components::forms::{action_error, FormError};
use crate::components::seo::PageMeta;
use crate::domain::storefront::PendingProducer;
use crate::error::AppError;
use crate::i18n::{use_lang, Lang, Msg};

#[component]
pub fn OfficePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let review = ServerAction::<ReviewProducer>::new();
    let error = action_error(review, "/api/review_producer");
    let pending = Resource::new(move || review.version().get(), |_| pending_producers());
    view! {
        <PageMeta title=lang.title(Msg::OfficeTitle) description=t(Msg::OfficeLead).to_owned()/>
        <section class="office" data-testid="office">
            <h1>{t(Msg::OfficeTitle)}</h1>
            <p>{t(Msg::OfficeLead)}</p>
            <FormError error/>
            <Transition fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || pending.get().map(|r| match r {
                    Err(AppError::Unauthorized) => view! { <crate::pages::accounts::LoginPrompt/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty-state" data-testid="no-pending">{t(Msg::NoPendingProducers)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="pending-list">
                            {list.into_iter().map(|p| view! { <PendingCard producer=p review lang/> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
            <CertificateQueue lang/>
        </section>
    }
}

#[component]
fn CertificateQueue(lang: Lang) -> impl IntoView {
    use crate::domain::time::format_date;
    let t = move |m: Msg| lang.t(m);
    let review = ServerAction::<ReviewCertificate>::new();
    let error = action_error(review, "/api/review_certificate");
    let pending = Resource::new(move || review.version().get(), move |_| pending_certificates(lang));
    view! {
        <h2>{t(Msg::OfficeCertificatesHeading)}</h2>
        <FormError error/>
        <Transition fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || pending.get().map(|r| match r {
                Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="empty-state" data-testid="no-pending-certificates">{t(Msg::NoPendingCertificates)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="pending-list">
                        {list.into_iter().map(|c| {
                            let id = c.id.to_string();
                            let reject_id = id.clone();
                            let note_id = format!("cert-note-{}", c.id);
                            view! {
                                <li class="pending" data-testid="pending-certificate" data-certificate-id=c.id>
                                    <h3>{c.product_name.clone()}</h3>
                                    <p>{c.producer_name.clone()}</p>
                                    <p>{format!("OCOP {} · {} · {} ({}) · {} {}", lang.stars(c.stars), lang.issuing_level(c.level), c.decision_number,
                                        format_date(c.decision_date, lang), t(Msg::ValidUntil), format_date(c.expires_on, lang))}</p>
                                    {c.scan_url.clone().map(|u| view! { <p><a href=u target="_blank" rel="noopener">{t(Msg::ViewScan)}</a></p> })}
                                    <ActionForm action=review attr:class="inline-form">
                                        <input type="hidden" name="certificate_id" value=id/>
                                        <input type="hidden" name="decision" value="approve"/>
                                        <input type="hidden" name="note" value=""/>
                                        <button type="submit" class="button button--primary" data-testid="approve-certificate">{t(Msg::ApproveAction)}</button>
                                    </ActionForm>
                                    <ActionForm action=review attr:class="form reject-form">
                                        <input type="hidden" name="certificate_id" value=reject_id/>
                                        <input type="hidden" name="decision" value="reject"/>
                                        <label for=note_id.clone()>{t(Msg::RejectReason)}</label>
                                        <input id=note_id name="note" required/>
                                        <button type="submit" class="button">{t(Msg::RejectAction)}</button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn PendingCard(producer: PendingProducer, review: ServerAction<ReviewProducer>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let id = producer.id.to_string();
    let approve_id = id.clone();
    let note_id = format!("note-{}", producer.id);
    view! {
        <li class="pending" data-testid="pending-producer" data-producer-id=producer.id>
            <h2 data-testid="pending-name">{producer.name.clone()}</h2>
            <p class="badge badge--kind">{lang.producer_kind(producer.kind)}</p>
            <dl class="facts">
                {producer.village.clone().map(|v| view! { <dt>{t(Msg::VillageLabel)}</dt><dd>{v}</dd> })}
                <dt>{t(Msg::AddressLabel)}</dt><dd>{format!("{}, {}", producer.address_line, producer.district)}</dd>
                {producer.phone.clone().map(|p| view! { <dt>{t(Msg::PhoneLabel)}</dt><dd>{p}</dd> })}
                {producer.applicant_email.clone().map(|e| view! { <dt>{t(Msg::ApplicantLabel)}</dt><dd>{e}</dd> })}
                <dt>{t(Msg::AppliedAt)}</dt><dd>{producer.applied_at.clone()}</dd>
            </dl>
            <p class="pending__story">{producer.story.clone()}</p>
            <ActionForm action=review attr:class="inline-form">
                <input type="hidden" name="producer_id" value=approve_id/>
                <input type="hidden" name="decision" value="approve"/>
                <input type="hidden" name="note" value=""/>
                <button type="submit" class="button button--primary" data-testid="approve">{t(Msg::ApproveAction)}</button>
            </ActionForm>
            <ActionForm action=review attr:class="form reject-form">
                <input type="hidden" name="producer_id" value=id/>
                <input type="hidden" name="decision" value="reject"/>
                <label for=note_id.clone()>{t(Msg::RejectReason)}</label>
                <input id=note_id name="note" required data-testid="reject-note"/>
                <button type="submit" class="button" data-testid="reject">{t(Msg::RejectAction)}</button>
            </ActionForm>
        </li>
    }
}
