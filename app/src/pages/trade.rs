//! Trade connection pages: the buyer's console `/trade` (register the business, broadcast a
//! request with its reach shown before sending, the requests, suggested producers and
//! meetings), `/trade/new?producer=…` (a request to one producer), `/trade/requests/{id}`
//! (quotes, accept or decline, the thread) and the producer's side `/dashboard/trade`.
//! Also the pieces other pages embed: wholesale terms for verified buyers, and the meeting
//! form on a fair page.

use leptos::prelude::*;
use leptos_router::{components::A, hooks::{use_params_map, use_query_map}};

use crate::api::trade::*;
use crate::components::forms::{action_error, Field, FieldProblem, FormError};
use crate::components::seo::PageMeta;
use crate::domain::detail::NamedLink;
use crate::domain::trade::{BuyerBusiness, MeetingView, RequestSummary, Side, Suggestion};
use crate::domain::{BuyerKind, Unit, VerificationStatus};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang, Msg};
use crate::pages::accounts::LoginPrompt;
use crate::pages::trade_audience::{BroadcastAudience, BROADCAST_FORM_ID};

fn error_view(err: AppError, lang: Lang) -> AnyView {
    match err {
        AppError::Unauthorized => view! { <LoginPrompt/> }.into_any(),
        err => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
    }
}

#[component]
fn NamedSelect(id: &'static str, name: &'static str, choices: Vec<NamedLink>, lang: Lang, #[prop(optional)] selected: String, #[prop(optional)] required: bool) -> impl IntoView {
    view! {
        <select id=id name=name required=required data-testid=format!("select-{id}")>
            <option value="">{lang.t(if required { Msg::ChooseOne } else { Msg::AnyChoice })}</option>
            {choices.into_iter().map(|c| {
                let chosen = c.slug.as_str() == selected;
                view! { <option value=c.slug.to_string() selected=chosen>{c.name}</option> }
            }).collect_view()}
        </select>
    }
}

#[component]
pub fn TradePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let register = ServerAction::<RegisterBusiness>::new();
    // Refetched when a registration succeeds; a refused one keeps the form as typed.
    let registered = Memo::new(move |_| register.value().with(|v| matches!(v, Some(Ok(_)))));
    let query = use_query_map();
    let sent = Memo::new(move |_| query.with(|q| q.get("sent")).and_then(|n| n.parse::<u64>().ok()));
    // A broadcast comes back to `/trade?sent=N`: the list is read again with it.
    let desk = Resource::new(move || (registered.get(), sent.get()), move |_| get_buyer_desk(lang));
    view! {
        <PageMeta title=lang.title(Msg::TradeTitle) description=t(Msg::TradeLead).to_owned()/>
        <section class="trade" data-testid="trade">
            <h1>{t(Msg::TradeTitle)}</h1>
            <p>{t(Msg::TradeLead)}</p>
            {move || sent.get().map(|n| view! { <p class="form-ok" role="status" data-testid="broadcast-sent">{lang.broadcast_sent(n)}</p> })}
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || desk.get().map(|r| match r {
                    Err(err) => error_view(err, lang),
                    Ok(desk) => {
                        let verified = desk.business.as_ref().is_some_and(|b| b.verification == VerificationStatus::Verified);
                        view! {
                            {match desk.business.clone() {
                                Some(b) => view! { <BusinessBanner business=b lang/> }.into_any(),
                                None => view! { <p data-testid="no-business">{t(Msg::BusinessIntro)}</p> }.into_any(),
                            }}
                            {(!verified).then(|| view! { <BusinessFormView register business=desk.business.clone() lang/> })}
                            {verified.then(|| view! {
                                <BroadcastSection lang/>
                                <h2>{t(Msg::MyTradeRequests)}</h2>
                                <RequestList requests=desk.requests.clone() lang/>
                                <h2>{t(Msg::SuggestedProducers)}</h2>
                                <SuggestionList suggestions=desk.suggestions.clone() lang/>
                                <h2>{t(Msg::MeetingsHeading)}</h2>
                                <MeetingList meetings=desk.meetings.clone() answer=None lang/>
                            })}
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn BusinessBanner(business: BuyerBusiness, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let status = business.verification;
    view! {
        <div class=format!("status-banner status-banner--{}", status.code()) data-testid="business-status" data-status=status.code()>
            <strong>{format!("{} · {}", business.name, lang.verification(status))}</strong>
            <p>{format!("{} · {} · {}", lang.buyer_kind(business.kind), business.tax_code, business.district)}</p>
            {match status {
                VerificationStatus::Pending => view! { <p>{t(Msg::BusinessPendingExplained)}</p> }.into_any(),
                VerificationStatus::Verified => view! { <p>{t(Msg::BusinessVerifiedExplained)}</p> }.into_any(),
                _ => view! { <p>{t(Msg::RejectedExplained)}" "<span data-testid="review-note">{business.review_note.clone().unwrap_or_default()}</span></p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn BusinessFormView(register: ServerAction<RegisterBusiness>, business: Option<BuyerBusiness>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let error = action_error(register, "/api/register_business");
    let choices = Resource::new(|| (), move |_| get_trade_choices(lang));
    let b = business.clone();
    let kind = b.as_ref().map(|b| b.kind.code()).unwrap_or("");
    view! {
        <h2>{t(Msg::BusinessHeading)}</h2>
        <ActionForm action=register attr:class="form" attr:data-testid="business-form">
            <FormError error/>
            <Field label=Msg::BusinessName name="business[name]" field="name" value=b.as_ref().map(|b| b.name.clone()).unwrap_or_default() required=true error/>
            <div class="field">
                <label for="business-kind">{t(Msg::BusinessKind)}</label>
                <select id="business-kind" name="business[kind]" required data-testid="field-kind">
                    <option value="">{t(Msg::ChooseOne)}</option>
                    {BuyerKind::ALL.iter().map(|k| view! { <option value=k.code() selected=k.code() == kind>{lang.buyer_kind(*k)}</option> }).collect_view()}
                </select>
                <FieldProblem field="kind" error/>
            </div>
            <Field label=Msg::TaxCode name="business[tax_code]" field="tax_code" value=b.as_ref().map(|b| b.tax_code.clone()).unwrap_or_default() required=true inputmode="numeric" error/>
            <Field label=Msg::FieldAddress name="business[address]" field="address" value=b.as_ref().map(|b| b.address.clone()).unwrap_or_default() required=true error/>
            <div class="field">
                <label for="business-district">{t(Msg::FilterDistrict)}</label>
                <Suspense fallback=|| ()>
                    {move || choices.get().map(|c| {
                        let c = c.unwrap_or_default();
                        view! { <NamedSelect id="business-district" name="business[district]" choices=c.districts required=true lang/> }
                    })}
                </Suspense>
                <FieldProblem field="district" error/>
            </div>
            <Field label=Msg::ContactPerson name="business[contact_person]" field="contact_person" value=b.as_ref().map(|b| b.contact_person.clone()).unwrap_or_default() required=true error/>
            <Field label=Msg::FieldPhone name="business[phone]" field="phone" kind="tel" value=b.as_ref().map(|b| b.phone.clone()).unwrap_or_default() required=true error/>
            <button type="submit" class="button button--primary" data-testid="register-business">{t(Msg::RegisterBusiness)}</button>
        </ActionForm>
    }
}

/// Quantity, unit, target price, wanted date, delivery place and message, under `request[…]`.
#[component]
fn RequestFields(error: Signal<Option<AppError>>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    view! {
        <Field label=Msg::TradeQuantity name="request[quantity]" field="quantity" required=true inputmode="numeric" error/>
        <div class="field">
            <label for="request-unit">{t(Msg::TradeUnit)}</label>
            <select id="request-unit" name="request[unit]" required data-testid="field-unit">
                {Unit::ALL.iter().map(|u| view! { <option value=u.code()>{lang.unit(*u)}</option> }).collect_view()}
            </select>
        </div>
        <Field label=Msg::TargetPrice name="request[target_price]" field="target_price" inputmode="numeric" hint=Msg::TargetPriceHint error/>
        <Field label=Msg::WantedBy name="request[wanted_by]" field="wanted_by" kind="date" error/>
        <Field label=Msg::DeliveryPlace name="request[delivery_place]" field="delivery_place" required=true error/>
        <Field label=Msg::TradeMessage name="request[message]" field="message" multiline=true error/>
    }
}

#[component]
fn BroadcastSection(lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let send = ServerAction::<BroadcastTradeRequest>::new();
    let error = action_error(send, "/api/broadcast_trade_request");
    let choices = Resource::new(|| (), move |_| get_trade_choices(lang));
    view! {
        <section aria-labelledby="broadcast-heading" class="broadcast">
            <h2 id="broadcast-heading">{t(Msg::BroadcastHeading)}</h2>
            <p>{t(Msg::BroadcastLead)}</p>
            <ActionForm action=send attr:class="form" attr:id=BROADCAST_FORM_ID attr:data-testid="broadcast-form">
                <FormError error/>
                <FieldProblem field="audience" error/>
                <Suspense fallback=|| ()>
                    {move || choices.get().map(|c| view! { <BroadcastAudience choices=c.unwrap_or_default()/> })}
                </Suspense>
                <RequestFields error lang/>
                <button type="submit" class="button button--primary" data-testid="send-broadcast">{t(Msg::SendBroadcast)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RequestList(requests: Vec<RequestSummary>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    if requests.is_empty() {
        return view! { <p class="empty-state" data-testid="no-requests">{t(Msg::NoTradeRequests)}</p> }.into_any();
    }
    view! {
        <table class="data-table" data-testid="trade-requests">
            <thead><tr>
                <th scope="col">{t(Msg::TradeRequestColumn)}</th>
                <th scope="col">{t(Msg::ColumnProducerOrBuyer)}</th>
                <th scope="col">{t(Msg::TradeQuantity)}</th>
                <th scope="col">{t(Msg::ColumnStatus)}</th>
            </tr></thead>
            <tbody>
                {requests.into_iter().map(|r| view! {
                    <tr data-testid="trade-request-row" data-status=r.status.code() data-request-id=r.id>
                        <td>
                            <A href=format!("/trade/requests/{}", r.id)>{lang.trade_request_number(r.id)}</A>
                            {r.broadcast.then(|| view! { " "<span class="badge">{t(Msg::BroadcastBadge)}</span> })}
                            <br/><small>{r.created_at.clone()}{(!r.products.is_empty()).then(|| format!(" · {}", r.products.join(", ")))}</small>
                        </td>
                        <td>{format!("{} · {}", r.producer.name, r.buyer)}</td>
                        <td>{format!("{} {}", lang.number(r.quantity.max(0) as u64), lang.unit(r.unit))}</td>
                        <td><span class=format!("badge badge--{}", r.status.code())>{lang.trade_status(r.status)}</span>
                            {r.quoted_price.map(|p| format!(" · {p}"))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn SuggestionList(suggestions: Vec<Suggestion>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    if suggestions.is_empty() {
        return view! { <p class="empty-state">{t(Msg::NoSuggestions)}</p> }.into_any();
    }
    view! {
        <ul class="suggestions" data-testid="suggestions">
            {suggestions.into_iter().map(|s| view! {
                <li data-testid="suggestion">
                    <A href=format!("/producers/{}", s.producer.slug)>{s.producer.name.clone()}</A>
                    {format!(" · {} · {}{} · {}", lang.producer_kind(s.kind), s.village.clone().map(|v| format!("{v}, ")).unwrap_or_default(), s.district,
                        lang.count_products(s.matching_products))}
                    " "<A href=format!("/trade/new?producer={}", s.producer.slug) attr:class="button button--small">{t(Msg::AskForQuote)}</A>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn MeetingList(meetings: Vec<MeetingView>, answer: Option<ServerAction<AnswerMeeting>>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    if meetings.is_empty() {
        return view! { <p class="empty-state">{t(Msg::NoMeetings)}</p> }.into_any();
    }
    view! {
        <ul class="meetings" data-testid="meetings">
            {meetings.into_iter().map(|m| {
                let pending = m.status == crate::domain::MeetingStatus::Requested;
                let id = m.id.to_string();
                view! {
                    <li data-testid="meeting" data-status=m.status.code()>
                        <A href=format!("/fairs/{}", m.fair.slug)>{m.fair.name.clone()}</A>
                        {format!(" · {} · {} ↔ {} · {}", m.starts_at, m.buyer, m.producer, lang.meeting_status(m.status))}
                        {(!m.message.is_empty()).then(|| view! { <p>{m.message.clone()}</p> })}
                        {m.reply.clone().map(|r| view! { <p><em>{r}</em></p> })}
                        {answer.filter(|_| pending).map(|answer| {
                            let decline_id = id.clone();
                            view! {
                                <ActionForm action=answer attr:class="inline-form">
                                    <input type="hidden" name="id" value=id.clone()/>
                                    <input type="hidden" name="decision" value="accept"/>
                                    <button type="submit" class="button button--primary button--small" data-testid="accept-meeting">{t(Msg::AcceptAction)}</button>
                                </ActionForm>
                                <ActionForm action=answer attr:class="inline-form">
                                    <input type="hidden" name="id" value=decline_id/>
                                    <input type="hidden" name="decision" value="decline"/>
                                    <button type="submit" class="button button--small" data-testid="decline-meeting">{t(Msg::DeclineAction)}</button>
                                </ActionForm>
                            }
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// `/trade/new?producer=slug&product=id`: a request to one producer, naming some of its
/// products (those with wholesale terms are offered, the one linked from is ticked).
#[component]
pub fn NewTradeRequestPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let query = use_query_map();
    let producer = Memo::new(move |_| query.with(|q| q.get("producer")).unwrap_or_default());
    let picked = Memo::new(move |_| query.with(|q| q.get("product")).unwrap_or_default());
    let send = ServerAction::<SendTradeRequest>::new();
    let error = action_error(send, "/api/send_trade_request");
    let terms = Resource::new(move || producer.get(), move |p| wholesale_list(p, lang));
    view! {
        <PageMeta title=lang.title(Msg::NewTradeRequestTitle) description=t(Msg::TradeLead).to_owned()/>
        <section class="trade" data-testid="new-trade-request">
            <h1>{t(Msg::NewTradeRequestTitle)}</h1>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || terms.get().map(|r| match r {
                    Err(err) => error_view(err, lang),
                    Ok(list) => view! {
                        <ActionForm action=send attr:class="form" attr:data-testid="trade-request-form">
                            <FormError error/>
                            <input type="hidden" name="request[producer]" value=producer.get()/>
                            <FieldProblem field="producer" error/>
                            {(!list.is_empty()).then(|| view! {
                                <fieldset>
                                    <legend>{t(Msg::RequestProducts)}</legend>
                                    {list.into_iter().enumerate().map(|(i, w)| {
                                        let input_id = format!("request-product-{}", w.product_id);
                                        let checked = picked.get() == w.product_id.to_string();
                                        view! {
                                            <div class="checkbox">
                                                <input type="checkbox" id=input_id.clone() name=format!("request[products][{i}]") value=w.product_id.to_string() checked=checked/>
                                                <label for=input_id>{format!("{} · {} · {}", w.product, w.price, lang.minimum_units(w.min_order_qty))}</label>
                                            </div>
                                        }
                                    }).collect_view()}
                                    <FieldProblem field="products" error/>
                                </fieldset>
                            })}
                            <RequestFields error lang/>
                            <button type="submit" class="button button--primary" data-testid="send-request">{t(Msg::SendRequest)}</button>
                        </ActionForm>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn TradeRequestPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).and_then(|i| i.parse::<i32>().ok()).unwrap_or(0));
    let quote = ServerAction::<QuoteTradeRequest>::new();
    let accept = ServerAction::<AcceptTradeQuote>::new();
    let decline = ServerAction::<DeclineTradeRequest>::new();
    let post = ServerAction::<PostTradeMessage>::new();
    let detail = Resource::new(
        move || (id.get(), quote.version().get(), accept.version().get(), decline.version().get(), post.version().get()),
        move |(id, ..)| trade_request(id, lang),
    );
    let quote_error = action_error(quote, "/api/quote_trade_request");
    let accept_error = action_error(accept, "/api/accept_trade_quote");
    let decline_error = action_error(decline, "/api/decline_trade_request");
    let post_error = action_error(post, "/api/post_trade_message");
    view! {
        <PageMeta title=lang.title(Msg::TradeTitle) description=t(Msg::TradeLead).to_owned()/>
        <section class="trade-request" data-testid="trade-request">
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || detail.get().map(|r| match r {
                    Err(AppError::NotFound) => view! { <crate::pages::not_found::NotFoundPage/> }.into_any(),
                    Err(err) => error_view(err, lang),
                    Ok(d) => {
                        let s = d.summary.clone();
                        let id = s.id.to_string();
                        let (accept_id, decline_id, post_id) = (id.clone(), id.clone(), id.clone());
                        view! {
                            <h1>{lang.trade_request_number(s.id)}</h1>
                            <p><span class=format!("badge badge--{}", s.status.code()) data-testid="trade-status" data-status=s.status.code()>{lang.trade_status(s.status)}</span>
                                {s.broadcast.then(|| view! { " "<span class="badge">{t(Msg::BroadcastBadge)}</span> })}</p>
                            <dl class="fair-facts">
                                <dt>{t(Msg::TradeBuyer)}</dt><dd data-testid="trade-buyer">{s.buyer.clone()}{d.buyer_contact.clone().map(|c| format!(" · {c}"))}</dd>
                                <dt>{t(Msg::TradeProducer)}</dt><dd><A href=format!("/producers/{}", s.producer.slug)>{s.producer.name.clone()}</A></dd>
                                {(!s.products.is_empty()).then(|| view! { <dt>{t(Msg::RequestProducts)}</dt><dd data-testid="trade-products">{s.products.join(", ")}</dd> })}
                                <dt>{t(Msg::TradeQuantity)}</dt><dd>{format!("{} {}", lang.number(s.quantity.max(0) as u64), lang.unit(s.unit))}</dd>
                                {d.target_price.map(|p| view! { <dt>{t(Msg::TargetPrice)}</dt><dd>{p.to_string()}</dd> })}
                                {d.wanted_by.clone().map(|w| view! { <dt>{t(Msg::WantedBy)}</dt><dd>{w}</dd> })}
                                <dt>{t(Msg::DeliveryPlace)}</dt><dd>{d.delivery_place.clone()}</dd>
                                <dt>{t(Msg::CreatedAt)}</dt><dd>{s.created_at.clone()}</dd>
                            </dl>
                            {(!d.message.is_empty()).then(|| view! { <p class="trade-request__message">{d.message.clone()}</p> })}

                            <h2>{t(Msg::QuotesHeading)}</h2>
                            {if d.quotes.is_empty() {
                                view! { <p class="empty-state">{t(Msg::NoQuotes)}</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="quotes" data-testid="quotes">
                                        {d.quotes.iter().map(|q| view! {
                                            <li data-testid="quote">
                                                <strong data-testid="quote-price">{q.price.to_string()}</strong>
                                                {format!(" · {} {} · {} · {} {} · {} · {}", lang.number(q.quantity.max(0) as u64), lang.unit(s.unit),
                                                    lang.lead_time(q.lead_time_days), t(Msg::ValidUntil), q.valid_until, q.by, q.at)}
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                            {d.can_accept.then(|| view! {
                                <ActionForm action=accept attr:class="inline-form">
                                    <FormError error=accept_error/>
                                    <input type="hidden" name="id" value=accept_id/>
                                    <button type="submit" class="button button--primary" data-testid="accept-quote">{t(Msg::AcceptQuote)}</button>
                                </ActionForm>
                            })}
                            {d.can_decline.then(|| view! {
                                <ActionForm action=decline attr:class="inline-form">
                                    <FormError error=decline_error/>
                                    <input type="hidden" name="id" value=decline_id/>
                                    <button type="submit" class="button" data-testid="decline-request">{t(Msg::DeclineAction)}</button>
                                </ActionForm>
                            })}
                            {d.can_quote.then(|| view! {
                                <h2>{t(Msg::SendQuote)}</h2>
                                <ActionForm action=quote attr:class="form" attr:data-testid="quote-form">
                                    <FormError error=quote_error/>
                                    <input type="hidden" name="id" value=id.clone()/>
                                    <Field label=Msg::QuotePrice name="quote[price]" field="price" required=true inputmode="numeric" error=quote_error/>
                                    <Field label=Msg::TradeQuantity name="quote[quantity]" field="quantity" value=s.quantity.to_string() required=true inputmode="numeric" error=quote_error/>
                                    <Field label=Msg::LeadTimeDays name="quote[lead_time_days]" field="lead_time_days" required=true inputmode="numeric" error=quote_error/>
                                    <Field label=Msg::ValidUntil name="quote[valid_until]" field="valid_until" kind="date" required=true error=quote_error/>
                                    <button type="submit" class="button button--primary" data-testid="send-quote">{t(Msg::SendQuote)}</button>
                                </ActionForm>
                            })}

                            <h2>{t(Msg::ThreadHeading)}</h2>
                            <ol class="thread" data-testid="thread">
                                {d.messages.iter().map(|m| view! {
                                    <li class=format!("thread__message thread__message--{}", if m.side == Side::Buyer { "buyer" } else { "producer" }) data-testid="thread-message">
                                        <p><strong>{m.author.clone()}</strong>{format!(" · {}", m.at)}</p>
                                        <p>{m.body.clone()}</p>
                                    </li>
                                }).collect_view()}
                            </ol>
                            <ActionForm action=post attr:class="form" attr:data-testid="message-form">
                                <FormError error=post_error/>
                                <input type="hidden" name="id" value=post_id/>
                                <Field label=Msg::TradeMessage name="body" field="body" multiline=true required=true error=post_error/>
                                <button type="submit" class="button" data-testid="post-message">{t(Msg::PostMessage)}</button>
                            </ActionForm>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/dashboard/trade`: the requests sent to the producer (and its members) and the meetings
/// buyers asked of it at fairs.
#[component]
pub fn ProducerTradePage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let answer = ServerAction::<AnswerMeeting>::new();
    let error = action_error(answer, "/api/answer_meeting");
    let desk = Resource::new(move || answer.version().get(), move |_| get_producer_desk(lang));
    view! {
        <PageMeta title=lang.title(Msg::ProducerTradeTitle) description=t(Msg::TradeLead).to_owned()/>
        <section class="trade" data-testid="producer-trade">
            <h1>{t(Msg::ProducerTradeTitle)}</h1>
            <FormError error/>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || desk.get().map(|r| match r {
                    Err(err) => error_view(err, lang),
                    Ok(desk) => view! {
                        <h2>{t(Msg::IncomingRequests)}</h2>
                        <RequestList requests=desk.requests lang/>
                        <h2>{t(Msg::MeetingsHeading)}</h2>
                        <MeetingList meetings=desk.meetings answer=Some(answer) lang/>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// A product's wholesale terms, shown to verified buyers only (the server refuses everyone
/// else, so nothing renders for them).
#[component]
pub fn WholesaleBox(product_id: i32, producer_slug: String) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let terms = Resource::new(move || product_id, move |id| get_wholesale_terms(id, lang));
    view! {
        <Suspense fallback=|| ()>
            {move || terms.get().and_then(|r| r.ok()).map(|found| {
                let href = format!("/trade/new?producer={}&product={product_id}", producer_slug);
                view! {
                    <section class="wholesale" data-testid="wholesale" aria-labelledby="wholesale-heading">
                        <h2 id="wholesale-heading">{t(Msg::WholesaleHeading)}</h2>
                        {match found {
                            Some(w) => view! {
                                <p data-testid="wholesale-price">{format!("{} / {}", w.price, lang.unit(w.unit))}</p>
                                <p data-testid="wholesale-minimum">{lang.minimum_units(w.min_order_qty)}</p>
                            }.into_any(),
                            None => view! { <p>{t(Msg::NoWholesaleTerms)}</p> }.into_any(),
                        }}
                        <A href=href attr:class="button button--primary" attr:data-testid="ask-for-quote">{t(Msg::AskForQuote)}</A>
                    </section>
                }
            })}
        </Suspense>
    }
}

/// A storefront's wholesale price list, for verified buyers only.
#[component]
pub fn WholesaleTable(producer_slug: String) -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let slug = producer_slug.clone();
    let terms = Resource::new(move || slug.clone(), move |s| wholesale_list(s, lang));
    view! {
        <Suspense fallback=|| ()>
            {move || terms.get().and_then(|r| r.ok()).map(|list| {
                let href = format!("/trade/new?producer={}", producer_slug);
                view! {
                    <section class="wholesale" data-testid="wholesale-list" aria-labelledby="wholesale-list-heading">
                        <h2 id="wholesale-list-heading">{t(Msg::WholesaleHeading)}</h2>
                        <table class="data-table">
                            <thead><tr><th scope="col">{t(Msg::ColumnProduct)}</th><th scope="col">{t(Msg::WholesaleHeading)}</th><th scope="col">{t(Msg::FieldMinOrder)}</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|w| view! {
                                    <tr data-testid="wholesale-row"><th scope="row">{w.product}</th><td>{format!("{} / {}", w.price, lang.unit(w.unit))}</td><td>{w.min_order_qty}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <A href=href attr:class="button button--primary">{t(Msg::AskForQuote)}</A>
                    </section>
                }
            })}
        </Suspense>
    }
}

/// On a fair page: a verified buyer asks an exhibitor for a meeting slot.
#[component]
pub fn MeetingSection(fair_id: i32, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let ask = ServerAction::<RequestMeeting>::new();
    let error = action_error(ask, "/api/request_meeting");
    let choices = Resource::new(move || ask.version().get(), move |_| get_meeting_choices(fair_id, lang));
    view! {
        <Suspense fallback=|| ()>
            {move || choices.get().and_then(|r| r.ok()).map(|c| view! {
                <section class="meeting" data-testid="meeting-section" aria-labelledby="meeting-heading">
                    <h2 id="meeting-heading">{t(Msg::MeetingHeading)}</h2>
                    {if c.exhibitors.is_empty() || c.slots.is_empty() {
                        view! { <p class="empty-state">{t(Msg::NoMeetingSlots)}</p> }.into_any()
                    } else {
                        view! {
                            <ActionForm action=ask attr:class="form" attr:data-testid="meeting-form">
                                <FormError error/>
                                <input type="hidden" name="fair_id" value=fair_id.to_string()/>
                                <div class="field">
                                    <label for="meeting-exhibitor">{t(Msg::Exhibitor)}</label>
                                    <select id="meeting-exhibitor" name="meeting[exhibitor]" required data-testid="meeting-exhibitor">
                                        {c.exhibitors.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                                    </select>
                                    <FieldProblem field="exhibitor" error/>
                                </div>
                                <div class="field">
                                    <label for="meeting-slot">{t(Msg::MeetingSlot)}</label>
                                    <select id="meeting-slot" name="meeting[slot]" required data-testid="meeting-slot">
                                        {c.slots.iter().map(|(value, label)| view! { <option value=value.clone()>{label.clone()}</option> }).collect_view()}
                                    </select>
                                    <FieldProblem field="slot" error/>
                                </div>
                                <Field label=Msg::TradeMessage name="meeting[message]" field="message" error/>
                                <button type="submit" class="button button--primary" data-testid="ask-meeting">{t(Msg::AskMeeting)}</button>
                            </ActionForm>
                        }.into_any()
                    }}
                    <MeetingList meetings=c.mine answer=None lang/>
                </section>
            })}
        </Suspense>
    }
}
