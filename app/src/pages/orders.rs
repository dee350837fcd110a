//! Orders: the consumer's history (`/orders`, with the confirmation of a checkout just
//! placed), one order with its status timeline (`/orders/{id}`: cancelling while placed,
//! reviewing after delivery, and the producer's actions), and the producer's inbox
//! (`/dashboard/orders`) with counts by status.

use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_params_map, use_query_map},
};

use crate::api::orders::{get_order, my_orders, producer_orders, shipping_settings, CancelOrder, SaveShipping, UpdateOrder};
use crate::api::reviews::ReviewProduct;
use crate::components::forms::{action_done, action_error, Field, FormError};
use crate::components::seo::PageMeta;
use crate::domain::orders::{parse_order_number, OrderDetail, OrderLineView, OrderSummary};
use crate::domain::time::format_datetime;
use crate::domain::{OrderStatus, PaymentMethod};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang, Msg};
use crate::pages::accounts::LoginPrompt;

fn placed_ids() -> Memo<Vec<i32>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| q.get("placed").map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect()).unwrap_or_default())
    })
}

#[component]
fn StatusBadge(status: OrderStatus, lang: Lang) -> impl IntoView {
    view! { <span class=format!("order-status order-status--{}", status.code()) data-testid="order-status" data-status=status.code()>{lang.order_status(status)}</span> }
}

#[component]
fn OrderTable(orders: Vec<OrderSummary>, lang: Lang, #[prop(optional)] for_producer: bool, #[prop(optional)] highlight: Vec<i32>) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    view! {
        <table class="orders-table" data-testid="orders-table">
            <thead>
                <tr>
                    <th scope="col">{t(Msg::OrderNumber)}</th>
                    <th scope="col">{t(Msg::PlacedAt)}</th>
                    <th scope="col">{if for_producer { t(Msg::FieldRecipient) } else { t(Msg::ProducerColumn) }}</th>
                    <th scope="col">{t(Msg::Quantity)}</th>
                    <th scope="col">{t(Msg::OrderTotal)}</th>
                    <th scope="col">{t(Msg::StatusColumn)}</th>
                </tr>
            </thead>
            <tbody>
                {orders.into_iter().map(|o| {
                    let just_placed = highlight.contains(&o.id);
                    view! {
                        <tr data-testid="order-row" data-order=o.id.to_string() class:order-row--new=just_placed>
                            <td><A href=format!("/orders/{}", o.id) attr:data-testid="order-link">{o.number.clone()}</A></td>
                            <td>{format_datetime(o.placed_at, lang)}</td>
                            <td>{if for_producer { o.recipient_name.clone() } else { o.producer_name.clone() }}</td>
                            <td>{lang.count_units(o.units)}</td>
                            <td>{o.total.to_string()}</td>
                            <td><StatusBadge status=o.status lang/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let orders = Resource::new(|| (), |_| my_orders());
    let placed = placed_ids();
    view! {
        <PageMeta title=lang.title(Msg::OrdersTitle) description=t(Msg::OrdersTitle).to_owned()/>
        <section class="orders" data-testid="orders">
            <h1>{t(Msg::OrdersTitle)}</h1>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || orders.get().map(|o| match o {
                    Err(AppError::Unauthorized) => view! { <LoginPrompt/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(orders) => {
                        let placed = placed.get();
                        let new_orders: Vec<OrderSummary> = orders.iter().filter(|o| placed.contains(&o.id)).cloned().collect();
                        let count = new_orders.len();
                        view! {
                            {(!new_orders.is_empty()).then(move || view! {
                                <div class="status-banner status-banner--verified" role="status" data-testid="order-confirmation">
                                    <strong>{t(Msg::OrderPlaced)}</strong>
                                    <p>{lang.orders_placed(count)}</p>
                                    <ul>
                                        {new_orders.into_iter().map(|o| {
                                            let transfer = (o.payment == PaymentMethod::BankTransfer).then(|| format!(" · {}", lang.transfer_reference(&o.number)));
                                            let line = format!(" · {} · {}", o.producer_name, o.total);
                                            view! {
                                                <li><A href=format!("/orders/{}", o.id)>{o.number}</A>{line}{transfer}</li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </div>
                            })}
                            {if orders.is_empty() {
                                view! { <p data-testid="no-orders">{t(Msg::NoOrders)}" "<A href="/products">{t(Msg::BrowseProducts)}</A></p> }.into_any()
                            } else {
                                view! { <OrderTable orders lang highlight=placed/> }.into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).as_deref().and_then(parse_order_number);
    let cancel = ServerAction::<CancelOrder>::new();
    let act = ServerAction::<UpdateOrder>::new();
    let review = ServerAction::<ReviewProduct>::new();
    let order = Resource::new(
        move || (id(), cancel.version().get(), act.version().get(), review.version().get()),
        move |(id, ..)| async move {
            match id {
                Some(id) => get_order(id, lang).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageMeta title=lang.title(Msg::OrderTitle) description=t(Msg::OrderTitle).to_owned()/>
        <section class="order" data-testid="order">
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || order.get().map(|o| match o {
                    Err(AppError::Unauthorized) => view! { <LoginPrompt/> }.into_any(),
                    Err(AppError::NotFound) => view! { <crate::pages::not_found::NotFoundPage/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(order) => view! { <OrderView order cancel act review lang/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn OrderView(
    order: OrderDetail,
    cancel: ServerAction<CancelOrder>,
    act: ServerAction<UpdateOrder>,
    review: ServerAction<ReviewProduct>,
    lang: Lang,
) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let cancel_error = action_error(cancel, "/api/cancel_order");
    let review_error = action_error(review, "/api/review_product");
    let d = order.delivery.clone();
    let delivered = order.status == OrderStatus::Delivered;
    let for_consumer = !order.viewer_is_producer;
    let actions = order.viewer_is_producer.then(|| order.clone());
    view! {
        <h1>{format!("{} {}", t(Msg::OrderTitle), order.number.clone())}</h1>
        <p><StatusBadge status=order.status lang/></p>
        <div class="order__columns">
            <section aria-labelledby="timeline-heading">
                <h2 id="timeline-heading">{t(Msg::TimelineHeading)}</h2>
                <ol class="timeline" data-testid="timeline">
                    {order.events.iter().map(|e| view! {
                        <li data-status=e.status.code()>
                            <strong>{lang.order_status(e.status)}</strong>" "
                            <time datetime=e.at.to_rfc3339()>{format_datetime(e.at, lang)}</time>
                            {e.note.clone().map(|n| view! { <p class="timeline__note">{n}</p> })}
                        </li>
                    }).collect_view()}
                </ol>
                {order.tracking_number.clone().map(|tracking| view! {
                    <p data-testid="tracking">{format!("{}: {} · {}", t(Msg::Shipment), order.carrier.clone().unwrap_or_default(), tracking)}</p>
                })}
                {order.cancel_reason.clone().map(|r| view! { <p data-testid="cancel-reason">{format!("{}: {r}", t(Msg::CancelReason))}</p> })}
            </section>
            <section aria-labelledby="delivery-heading">
                <h2 id="delivery-heading">{t(Msg::DeliveryHeading)}</h2>
                <p>{d.recipient_name.clone()}" · "{d.phone.clone()}</p>
                <p>{format!("{}, {}, {}", d.street, d.ward, d.province)}</p>
                {d.note.clone().map(|n| view! { <p>{format!("{}: {n}", t(Msg::FieldOrderNote))}</p> })}
                <h2>{t(Msg::PaymentHeading)}</h2>
                <p data-testid="payment">{lang.payment_method(order.payment)}</p>
                {(order.payment == PaymentMethod::BankTransfer).then(|| view! {
                    <p>{lang.transfer_reference(&order.number)}</p>
                    {order.bank_account.clone().map(|b| view! { <p>{format!("{}: {b}", t(Msg::BankAccount))}</p> })}
                    <p data-testid="payment-received">{if order.payment_received { t(Msg::PaymentReceived) } else { t(Msg::PaymentAwaited) }}</p>
                })}
                <p>{t(Msg::SoldBy)}" "<A href=format!("/producers/{}", order.producer_slug.clone())>{order.producer_name.clone()}</A>
                    {order.producer_phone.clone().map(|p| format!(" · {p}"))}</p>
            </section>
        </div>
        <table class="cart-lines" data-testid="order-lines">
            <thead>
                <tr>
                    <th scope="col">{t(Msg::ProductColumn)}</th>
                    <th scope="col">{t(Msg::UnitPrice)}</th>
                    <th scope="col">{t(Msg::Quantity)}</th>
                    <th scope="col">{t(Msg::LineTotal)}</th>
                </tr>
            </thead>
            <tbody>
                {order.lines.iter().cloned().map(|l| view! {
                    <tr>
                        <td><A href=format!("/products/{}", l.product_slug)>{l.name.clone()}</A></td>
                        <td>{format!("{} / {}", l.unit_price, lang.unit(l.unit))}</td>
                        <td>{l.quantity.to_string()}</td>
                        <td>{l.line_total.to_string()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <dl class="cart-group__sums">
            <dt>{t(Msg::Subtotal)}</dt><dd>{order.subtotal.to_string()}</dd>
            <dt>{t(Msg::ShippingFee)}</dt><dd>{order.shipping.to_string()}</dd>
            <dt>{t(Msg::OrderTotal)}</dt><dd data-testid="order-total">{order.total.to_string()}</dd>
        </dl>
        {order.consumer_may_cancel.then(|| view! {
            <section aria-labelledby="cancel-heading">
                <h2 id="cancel-heading">{t(Msg::CancelOrder)}</h2>
                <ActionForm action=cancel attr:class="form" attr:data-testid="cancel-form">
                    <FormError error=cancel_error/>
                    <input type="hidden" name="id" value=order.id.to_string()/>
                    <Field label=Msg::CancelReason name="reason" field="reason" error=cancel_error/>
                    <button type="submit" class="button" data-testid="cancel-order">{t(Msg::CancelOrder)}</button>
                </ActionForm>
            </section>
        })}
        {(delivered && for_consumer).then(|| view! {
            <section aria-labelledby="review-heading" data-testid="reviews-to-write">
                <h2 id="review-heading">{t(Msg::ReviewHeading)}</h2>
                <FormError error=review_error/>
                {order.lines.iter().cloned().map(|l| view! { <ReviewLine line=l review lang/> }).collect_view()}
            </section>
        })}
        {actions.map(|order| view! { <ProducerActions order act lang/> })}
    }
}

#[component]
fn ReviewLine(line: OrderLineView, review: ServerAction<ReviewProduct>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    match line.my_rating {
        Some(rating) => view! {
            <p data-testid="reviewed">{format!("{}: {}", line.name, lang.rating(rating))}</p>
        }.into_any(),
        None => {
            let group = format!("rating-{}", line.product_id);
            view! {
                <ActionForm action=review attr:class="form review-form" attr:data-testid="review-form">
                    <input type="hidden" name="product_id" value=line.product_id.to_string()/>
                    <fieldset>
                        <legend>{line.name.clone()}</legend>
                        <div class="rating-choices">
                            {(1..=5u8).rev().map(|n| {
                                let id = format!("{group}-{n}");
                                view! {
                                    <input type="radio" id=id.clone() name="review[rating]" value=n.to_string() required checked=n == 5
                                        data-testid=format!("rating-{n}")/>
                                    <label for=id>{lang.rating(n)}</label>
                                }
                            }).collect_view()}
                        </div>
                        <label for=format!("{group}-body")>{t(Msg::ReviewBody)}</label>
                        <textarea id=format!("{group}-body") name="review[body]" rows="3" data-testid="review-body"></textarea>
                    </fieldset>
                    <button type="submit" class="button button--primary" data-testid="submit-review">{t(Msg::SubmitReview)}</button>
                </ActionForm>
            }.into_any()
        }
    }
}

/// What the producer may do next with an order, each as its own small form.
#[component]
fn ProducerActions(order: OrderDetail, act: ServerAction<UpdateOrder>, lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let error = action_error(act, "/api/update_order");
    let id = order.id.to_string();
    let simple = move |action: &'static str, label: Msg| {
        let id = id.clone();
        view! {
            <ActionForm action=act attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="step" value=action/>
                <button type="submit" class="button button--primary" data-testid=format!("order-{action}")>{t(label)}</button>
            </ActionForm>
        }
    };
    let status = order.status;
    let awaiting_transfer = order.payment == PaymentMethod::BankTransfer && !order.payment_received && status != OrderStatus::Cancelled;
    view! {
        <section class="producer-actions" aria-labelledby="actions-heading" data-testid="producer-actions">
            <h2 id="actions-heading">{t(Msg::OrderActions)}</h2>
            <FormError error/>
            {(status == OrderStatus::Placed).then(|| simple("confirm", Msg::ConfirmOrder))}
            {(status == OrderStatus::Confirmed).then(|| view! {
                <ActionForm action=act attr:class="form" attr:data-testid="ship-form">
                    <input type="hidden" name="id" value=order.id.to_string()/>
                    <input type="hidden" name="step" value="ship"/>
                    <Field label=Msg::FieldCarrier name="carrier" field="carrier" required=true error/>
                    <Field label=Msg::FieldTracking name="tracking_number" field="tracking_number" required=true error/>
                    <button type="submit" class="button button--primary" data-testid="order-ship">{t(Msg::ShipOrder)}</button>
                </ActionForm>
            })}
            {(status == OrderStatus::Shipped).then(|| simple("deliver", Msg::DeliverOrder))}
            {awaiting_transfer.then(|| simple("confirm_payment", Msg::ConfirmPayment))}
            {matches!(status, OrderStatus::Placed | OrderStatus::Confirmed).then(|| view! {
                <ActionForm action=act attr:class="form" attr:data-testid="producer-cancel-form">
                    <input type="hidden" name="id" value=order.id.to_string()/>
                    <input type="hidden" name="step" value="cancel"/>
                    <Field label=Msg::CancelReason name="reason" field="reason" required=true error/>
                    <button type="submit" class="button" data-testid="order-cancel">{t(Msg::CancelOrder)}</button>
                </ActionForm>
            })}
            <p><A href="/dashboard/orders">{t(Msg::OrderInboxTitle)}</A></p>
        </section>
    }
}

/// `/dashboard/orders`: the producer's orders by status, and the shipping settings.
#[component]
pub fn OrderInboxPage() -> impl IntoView {
    let lang = use_lang();
    let t = move |m: Msg| lang.t(m);
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status")).as_deref().and_then(OrderStatus::parse);
    let inbox = Resource::new(status, |status| producer_orders(status));
    view! {
        <PageMeta title=lang.title(Msg::OrderInboxTitle) description=t(Msg::OrderInboxTitle).to_owned()/>
        <section class="dashboard" data-testid="order-inbox">
            <h1>{t(Msg::OrderInboxTitle)}</h1>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || inbox.get().map(|i| match i {
                    Err(AppError::Unauthorized) => view! { <LoginPrompt/> }.into_any(),
                    Err(err) => view! { <p class="error" role="alert">{err.localized(lang)}</p> }.into_any(),
                    Ok(inbox) => {
                        let current = status();
                        view! {
                            <nav class="status-tabs" aria-label=t(Msg::StatusColumn)>
                                <A href="/dashboard/orders" attr:aria-current=current.is_none().then_some("page")>
                                    {format!("{} ({})", t(Msg::AllOrders), inbox.counts.0.iter().map(|(_, n)| n).sum::<u64>())}
                                </A>
                                {OrderStatus::ALL.iter().map(|s| view! {
                                    <A href=format!("/dashboard/orders?status={}", s.code())
                                        attr:aria-current=(current == Some(*s)).then_some("page")
                                        attr:data-testid=format!("inbox-tab-{}", s.code())>
                                        {format!("{} ({})", lang.order_status(*s), inbox.counts.of(*s))}
                                    </A>
                                }).collect_view()}
                            </nav>
                            {if inbox.orders.is_empty() {
                                view! { <p data-testid="no-orders">{t(Msg::NoOrders)}</p> }.into_any()
                            } else {
                                view! { <OrderTable orders=inbox.orders lang for_producer=true/> }.into_any()
                            }}
                        }.into_any()
                    }
                })}
            </Suspense>
            <ShippingSettings lang/>
        </section>
    }
}

#[component]
fn ShippingSettings(lang: Lang) -> impl IntoView {
    let t = move |m: Msg| lang.t(m);
    let save = ServerAction::<SaveShipping>::new();
    let settings = Resource::new(move || save.version().get(), |_| shipping_settings());
    let error = action_error(save, "/api/save_shipping");
    let done = action_done(save, "/api/save_shipping");
    view! {
        <section aria-labelledby="shipping-heading">
            <h2 id="shipping-heading">{t(Msg::ShippingHeading)}</h2>
            <Suspense fallback=|| ()>
                {move || settings.get().and_then(Result::ok).map(|s| view! {
                    <ActionForm action=save attr:class="form" attr:data-testid="shipping-form">
                        <FormError error/>
                        {move || done.get().then(|| view! { <p class="form-ok" role="status">{t(Msg::Saved)}</p> })}
                        <Field label=Msg::FieldFlatFee name="shipping[flat_fee]" field="flat_fee" value=s.flat_fee.clone() inputmode="numeric" required=true error/>
                        <Field label=Msg::FieldFreeFrom name="shipping[free_from]" field="free_from" value=s.free_from.clone() inputmode="numeric" error/>
                        <Field label=Msg::BankAccount name="shipping[bank_account]" field="bank_account" value=s.bank_account.clone() error/>
                        <button type="submit" class="button button--primary">{t(Msg::Save)}</button>
                    </ActionForm>
                })}
            </Suspense>
        </section>
    }
}
