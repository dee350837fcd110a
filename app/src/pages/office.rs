//! `/office`: the programme office's console: queues of producers, buyers and certificates
//! (approving a certificate may correct its stars and expiry), certificates expiring within
//! 90 days and expired ones, moderation, granting the organizer and office roles, and
//! `/office/stats` with the charts and the CSV exports.

use leptos::prelude::*;

use crate::api::office::{pending_certificates, pending_producers, ReviewCertificate, ReviewProducer};
use crate::components::forms::{action_error, Field, FormError};
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
            <p class="office__links">
                <a href="/office/stats" data-testid="office-stats-link">{t(Msg::OfficeStatsTitle)}</a>
            </p>
            <BuyerQueue lang/>
            <CertificateQueue lang/>
            <ExpiryLists lang/>
            <Moderation lang/>
            <RoleGrants lang/>
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
                                        <input type="hidden" name="certificate_id" value=id.clone()/>
                                        <input type="hidden" name="decision" value="approve"/>
                                        <input type="hidden" name="note" value=""/>
                                        <label for=format!("cert-stars-{id}")>{t(Msg::CorrectStars)}</label>
                                        <select id=format!("cert-stars-{id}") name="stars">
                                            <option value="">{t(Msg::KeepAsEntered)}</option>
                                            {[3u8, 4, 5].into_iter().map(|s| view! { <option value=s.to_string()>{lang.stars(s)}</option> }).collect_view()}
                                        </select>
                                        <label for=format!("cert-expiry-{id}")>{t(Msg::CorrectExpiry)}</label>
                                        <input id=format!("cert-expiry-{id}") type="date" name="expires_on"/>
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

#[component]
fn BuyerQueue(lang: Lang) -> impl IntoView {
    use crate::api::office::{pending_buyers, ReviewBuyer};
    let t = move |m: Msg| lang.t(m);
    let review = ServerAction::<ReviewBuyer>::new();
    let error = action_error(review, "/api/review_buyer");
    let pending = Resource::new(move || review.version().get(), move |_| pending_buyers(lang));
    view! {
        <h2>{t(Msg::OfficeBuyersHeading)}</h2>
        <FormError error/>
        <Transition fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || pending.get().map(|r| match r {
                Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="empty-state" data-testid="no-pending-buyers">{t(Msg::NoPendingBuyers)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="pending-list">
                        {list.into_iter().map(|b| {
                            let id = b.id.to_string();
                            let reject_id = id.clone();
                            let note_id = format!("buyer-note-{}", b.id);
                            view! {
                                <li class="pending" data-testid="pending-buyer" data-business-id=b.id>
                                    <h3 data-testid="pending-buyer-name">{b.name.clone()}</h3>
                                    <p class="badge">{lang.buyer_kind(b.kind)}</p>
                                    <dl class="facts">
                                        <dt>{t(Msg::TaxCode)}</dt><dd>{b.tax_code.clone()}</dd>
                                        <dt>{t(Msg::AddressLabel)}</dt><dd>{format!("{}, {}", b.address, b.district)}</dd>
                                        <dt>{t(Msg::ContactPerson)}</dt><dd>{format!("{} · {}", b.contact_person, b.phone)}</dd>
                                        <dt>{t(Msg::ApplicantLabel)}</dt><dd>{b.email.clone()}</dd>
                                        <dt>{t(Msg::AppliedAt)}</dt><dd>{b.registered_at.clone()}</dd>
                                    </dl>
                                    <ActionForm action=review attr:class="inline-form">
                                        <input type="hidden" name="business_id" value=id/>
                                        <input type="hidden" name="decision" value="approve"/>
                                        <button type="submit" class="button button--primary" data-testid="approve-buyer">{t(Msg::ApproveAction)}</button>
                                    </ActionForm>
                                    <ActionForm action=review attr:class="form reject-form">
                                        <input type="hidden" name="business_id" value=reject_id/>
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
fn CertificateTable(rows: Vec<crate::domain::storefront::CertificateRow>, testid: &'static str, lang: Lang) -> impl IntoView {
    use crate::api::office::CorrectCertificate;
    use crate::domain::time::format_date;
    let t = move |m: Msg| lang.t(m);
    let correct = ServerAction::<CorrectCertificate>::new();
    let error = action_error(correct, "/api/correct_certificate");
    view! {
        <FormError error/>
        <table class="data-table" data-testid=testid>
            <thead><tr>
                <th scope="col">{t(Msg::ColumnProduct)}</th>
                <th scope="col">{t(Msg::ColumnRating)}</th>
                <th scope="col">{t(Msg::ValidUntil)}</th>
                <th scope="col">{t(Msg::CorrectExpiry)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|c| {
                    let input_id = format!("{testid}-expiry-{}", c.id);
                    view! {
                        <tr data-testid="certificate-row">
                            <th scope="row">{c.product_name.clone()}<br/><small>{format!("{} · {}", c.producer_name, c.decision_number)}</small></th>
                            <td>{lang.stars(c.stars)}</td>
                            <td>{format_date(c.expires_on, lang)}</td>
                            <td>
                                <ActionForm action=correct attr:class="inline-form">
                                    <input type="hidden" name="certificate_id" value=c.id.to_string()/>
                                    <label for=input_id.clone() class="visually-hidden">{t(Msg::CorrectExpiry)}</label>
                                    <input id=input_id type="date" name="expires_on" required/>
                                    <button type="submit" class="button button--small">{t(Msg::SaveAction)}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ExpiryLists(lang: Lang) -> impl IntoView {
    use crate::api::office::expiring_certificates;
    let t = move |m: Msg| lang.t(m);
    let lists = Resource::new(|| (), move |_| expiring_certificates(lang));
    view! {
        <Transition fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || lists.get().map(|r| match r {
                Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                Ok(l) => view! {
                    <h2>{t(Msg::ExpiringHeading)}</h2>
                    {if l.expiring.is_empty() {
                        view! { <p class="empty-state">{t(Msg::NoneExpiring)}</p> }.into_any()
                    } else {
                        view! { <CertificateTable rows=l.expiring testid="expiring-certificates" lang/> }.into_any()
                    }}
                    <h2>{t(Msg::ExpiredHeading)}</h2>
                    {if l.expired.is_empty() {
                        view! { <p class="empty-state">{t(Msg::NoneExpired)}</p> }.into_any()
                    } else {
                        view! { <CertificateTable rows=l.expired testid="expired-certificates" lang/> }.into_any()
                    }}
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Moderation(lang: Lang) -> impl IntoView {
    use crate::api::office::{moderated, LiftModeration, Moderate};
    let t = move |m: Msg| lang.t(m);
    let take_down = ServerAction::<Moderate>::new();
    let lift = ServerAction::<LiftModeration>::new();
    let error = action_error(take_down, "/api/moderate");
    let list = Resource::new(move || (take_down.version().get(), lift.version().get()), |_| moderated());
    view! {
        <h2>{t(Msg::ModerationHeading)}</h2>
        <ActionForm action=take_down attr:class="form" attr:data-testid="moderation-form">
            <FormError error/>
            <div class="field">
                <label for="moderate-kind">{t(Msg::ModerationWhat)}</label>
                <select id="moderate-kind" name="kind">
                    <option value="product">{t(Msg::ColumnProduct)}</option>
                    <option value="producer">{t(Msg::Storefront)}</option>
                </select>
            </div>
            <Field label=Msg::ModerationSlug name="slug" field="slug" required=true error/>
            <Field label=Msg::ModerationReason name="reason" field="reason" required=true error/>
            <button type="submit" class="button" data-testid="moderate">{t(Msg::Unpublish)}</button>
        </ActionForm>
        <Transition fallback=|| ()>
            {move || list.get().map(|r| match r {
                Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                Ok(items) if items.is_empty() => view! { <p class="empty-state">{t(Msg::NothingModerated)}</p> }.into_any(),
                Ok(items) => view! {
                    <ul data-testid="moderated">
                        {items.into_iter().map(|m| view! {
                            <li data-testid="moderated-item">
                                {format!("{} · {} · {}", m.name, m.target.slug(), m.reason)}
                                <ActionForm action=lift attr:class="inline-form">
                                    <input type="hidden" name="kind" value=m.target.kind()/>
                                    <input type="hidden" name="slug" value=m.target.slug().to_string()/>
                                    <button type="submit" class="button button--small">{t(Msg::LiftModeration)}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </Transition>
    }
}

/// `/office/stats`: the programme's figures and charts, all from the live data, and the
/// CSV exports.
#[component]
pub fn OfficeStatsPage() -> impl IntoView {
    use crate::api::office::office_stats;
    use crate::domain::exports::Export;
    use crate::components::chart::BarChart;
    use crate::components::figures::FiguresView;
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let stats = Resource::new(|| (), move |_| office_stats(lang));
    view! {
        <PageMeta title=lang.title(Msg::OfficeStatsTitle) description=t(Msg::OfficeStatsLead).to_owned()/>
        <section class="office-stats" data-testid="office-stats">
            <h1>{t(Msg::OfficeStatsTitle)}</h1>
            <p>{t(Msg::OfficeStatsLead)}</p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || stats.get().map(|r| match r {
                    Err(AppError::Unauthorized) => view! { <crate::pages::accounts::LoginPrompt/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(s) => {
                        let stars = vec![
                            crate::domain::figures::Bar { label: t(Msg::FigPotentialFive).to_owned(), value: s.figures.potential_five_star + s.figures.five_star },
                            crate::domain::figures::Bar { label: t(Msg::FigFourStar).to_owned(), value: s.figures.four_star },
                            crate::domain::figures::Bar { label: t(Msg::FigThreeStar).to_owned(), value: s.figures.three_star },
                        ];
                        let kinds = s.figures.producers_by_kind.iter()
                            .map(|(k, n)| crate::domain::figures::Bar { label: lang.producer_kind_plural(*k).to_owned(), value: *n })
                            .collect::<Vec<_>>();
                        view! {
                            <FiguresView figures=s.figures.clone()/>
                            <div class="charts">
                                <BarChart title=t(Msg::ChartVillagesByDistrict).to_owned() bars=s.villages_by_district.clone() id="villages"/>
                                <BarChart title=t(Msg::FiguresStarsCaption).to_owned() bars=stars id="stars"/>
                                <BarChart title=t(Msg::FiguresKindsCaption).to_owned() bars=kinds id="kinds"/>
                                <BarChart title=t(Msg::ChartOcopByCategory).to_owned() bars=s.ocop_by_category.clone() id="categories"/>
                                <BarChart title=t(Msg::ChartOrdersByMonth).to_owned() bars=s.orders_by_month.clone() id="orders"/>
                                <BarChart title=t(Msg::ChartRequestsByMonth).to_owned() bars=s.requests_by_month.clone() id="requests"/>
                                <BarChart title=lang.fairs_and_exhibitors(s.fairs_total, s.exhibitors_total) bars=s.exhibitors_by_fair.clone() id="fairs"/>
                            </div>
                            <p data-testid="verified-buyers">{format!("{}: {}", t(Msg::VerifiedBuyers), lang.number(s.verified_buyers))}</p>
                        }.into_any()
                    }
                })}
            </Suspense>
            <h2>{t(Msg::ExportsHeading)}</h2>
            <ul class="exports" data-testid="exports">
                {Export::ALL.into_iter().map(|e| {
                    let label = match e {
                        Export::Products => Msg::ExportProducts,
                        Export::Producers => Msg::ExportProducers,
                        Export::Villages => Msg::ExportVillages,
                        Export::Certificates => Msg::ExportCertificates,
                        Export::TradeRequests => Msg::ExportTradeRequests,
                    };
                    view! { <li><a href=format!("/office/export/{}", e.file_name()) download=e.file_name() rel="external" data-testid=format!("export-{}", e.file_name())>{t(label)}</a></li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// Grants or revokes the organizer or office role of a registered account, by email.
#[component]
fn RoleGrants(lang: Lang) -> impl IntoView {
    use crate::api::office::SetAccountRole;
    let t = move |m: Msg| lang.t(m);
    let set = ServerAction::<SetAccountRole>::new();
    let error = action_error(set, "/api/set_account_role");
    let saved = move || {
        set.value().get().and_then(|r| r.ok()).map(|_| view! { <p class="success" role="status" data-testid="role-saved">{t(Msg::RoleSaved)}</p> })
    };
    view! {
        <h2>{t(Msg::RolesHeading)}</h2>
        <p>{t(Msg::RolesLead)}</p>
        <FormError error/>
        {saved}
        <ActionForm action=set attr:class="form" attr:data-testid="role-form">
            <Field label=Msg::FieldEmail name="email" field="email" kind="email" required=true error/>
            <label for="role-role">{t(Msg::RoleLabel)}</label>
            <select id="role-role" name="role">
                <option value="organizer">{t(Msg::RoleOrganizer)}</option>
                <option value="programme_office">{t(Msg::RoleOffice)}</option>
            </select>
            <label for="role-grant">{t(Msg::RoleChange)}</label>
            <select id="role-grant" name="grant">
                <option value="grant">{t(Msg::GrantRole)}</option>
                <option value="revoke">{t(Msg::RevokeRole)}</option>
            </select>
            <button type="submit" class="button button--primary" data-testid="role-submit">{t(Msg::ApplyRole)}</button>
        </ActionForm>
    }
}
