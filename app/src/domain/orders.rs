//! Checkout and orders: the delivery form, an order's life and who may move it, what the
//! consumer and the producer see of an order, reviews, and the producer's shipping rule.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::accounts::{normalize_name, Problems};
use super::cart::ShippingRule;
use super::storefront::{check_text, normalize_phone};
use super::{OrderStatus, PaymentMethod, Slug, Unit, Vnd};
use crate::error::{AppError, Problem};

pub const MAX_ADDRESS_PART_CHARS: usize = 120;
pub const MAX_NOTE_CHARS: usize = 500;
pub const MAX_REASON_CHARS: usize = 300;
pub const MAX_REVIEW_CHARS: usize = 2_000;
pub const MAX_BANK_CHARS: usize = 200;

/// The number people read and quote: `CL0000123`. Derived from the order's id, so it is
/// unique without a second lookup; a bank transfer carries it as its reference.
pub fn order_number(id: i32) -> String {
    format!("CL{id:07}")
}

/// The id behind an order number (`CL0000123`, `cl123` or plain `123`).
pub fn parse_order_number(number: &str) -> Option<i32> {
    let t = number.trim();
    let digits = t.strip_prefix("CL").or_else(|| t.strip_prefix("cl")).unwrap_or(t);
    if digits.is_empty() || digits.len() > 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i32>().ok().filter(|id| *id > 0)
}

/// A retry or a double click of one checkout carries the same key, so it creates its
/// orders once. The checkout page makes a fresh one each time it renders.
pub fn check_idempotency_key(raw: &str) -> Result<String, Problem> {
    let key = raw.trim();
    if key.is_empty() {
        return Err(Problem::Required);
    }
    if key.len() < 16 || key.len() > 64 || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(Problem::Malformed);
    }
    Ok(key.to_owned())
}

/// The checkout form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutForm {
    pub recipient_name: String,
    pub phone: String,
    /// Tỉnh / thành phố.
    pub province: String,
    /// Xã / phường.
    pub ward: String,
    /// Street, house number, hamlet.
    pub street: String,
    #[serde(default)]
    pub note: String,
    pub payment: String,
    pub idempotency_key: String,
}

/// Where and to whom an order goes, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub recipient_name: String,
    pub phone: String,
    pub province: String,
    pub ward: String,
    pub street: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckoutInput {
    pub delivery: Delivery,
    pub payment: PaymentMethod,
    pub idempotency_key: String,
}

fn address_part(raw: &str) -> Result<String, Problem> {
    let part = check_text(raw, true, MAX_ADDRESS_PART_CHARS)?;
    if part.contains('\n') { Err(Problem::Malformed) } else { Ok(part) }
}

impl CheckoutForm {
    pub fn validate(&self) -> Result<CheckoutInput, AppError> {
        let mut p = Problems::new();
        let recipient_name = p.check("recipient_name", normalize_name(&self.recipient_name));
        let phone = p.check("phone", normalize_phone(&self.phone));
        let province = p.check("province", address_part(&self.province));
        let ward = p.check("ward", address_part(&self.ward));
        let street = p.check("street", address_part(&self.street));
        let note = p.check("note", check_text(&self.note, false, MAX_NOTE_CHARS));
        let payment = p.check(
            "payment",
            if self.payment.trim().is_empty() { Err(Problem::Required) } else { PaymentMethod::parse(self.payment.trim()).ok_or(Problem::Unknown) },
        );
        let key = p.check("idempotency_key", check_idempotency_key(&self.idempotency_key));
        p.finish()?;
        Ok(CheckoutInput {
            delivery: Delivery {
                recipient_name: recipient_name.unwrap_or_default(),
                phone: phone.unwrap_or_default(),
                province: province.unwrap_or_default(),
                ward: ward.unwrap_or_default(),
                street: street.unwrap_or_default(),
                note: note.filter(|n| !n.is_empty()),
            },
            payment: payment.unwrap_or(PaymentMethod::CashOnDelivery),
            idempotency_key: key.unwrap_or_default(),
        })
    }
}

/// What a producer does to an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum OrderAction {
    Confirm,
    Ship { carrier: String, tracking_number: String },
    Deliver,
    Cancel { reason: String },
    /// A bank transfer has arrived.
    ConfirmPayment,
}

impl OrderAction {
    /// Reads the producer's form: `action` and the fields that action needs, checked.
    pub fn from_form(action: &str, carrier: &str, tracking_number: &str, reason: &str) -> Result<Self, AppError> {
        match action.trim() {
            "confirm" => Ok(OrderAction::Confirm),
            "deliver" => Ok(OrderAction::Deliver),
            "confirm_payment" => Ok(OrderAction::ConfirmPayment),
            "ship" => {
                let mut p = Problems::new();
                let carrier = p.check("carrier", address_part(carrier));
                let tracking = p.check("tracking_number", address_part(tracking_number));
                p.finish()?;
                Ok(OrderAction::Ship { carrier: carrier.unwrap_or_default(), tracking_number: tracking.unwrap_or_default() })
            }
            "cancel" => Ok(OrderAction::Cancel { reason: check_reason(reason).map_err(|e| AppError::invalid("reason", e))? }),
            _ => Err(AppError::invalid("step", Problem::Unknown)),
        }
    }
}

pub fn check_reason(raw: &str) -> Result<String, Problem> {
    check_text(raw, true, MAX_REASON_CHARS)
}

/// The status an action leads to from `from`, or `None` when it is not allowed there.
/// Confirming payment keeps the status.
pub fn producer_transition(from: OrderStatus, action: &OrderAction) -> Option<OrderStatus> {
    use OrderStatus::*;
    match (from, action) {
        (Placed, OrderAction::Confirm) => Some(Confirmed),
        (Confirmed, OrderAction::Ship { .. }) => Some(Shipped),
        (Shipped, OrderAction::Deliver) => Some(Delivered),
        (Placed | Confirmed, OrderAction::Cancel { .. }) => Some(Cancelled),
        (Placed | Confirmed | Shipped | Delivered, OrderAction::ConfirmPayment) => Some(from),
        _ => None,
    }
}

/// A consumer may cancel an order only before the producer has confirmed it.
pub fn consumer_may_cancel(status: OrderStatus) -> bool {
    status == OrderStatus::Placed
}

/// What the checkout page needs: the cart and a fresh idempotency key for this attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutStart {
    pub cart: super::cart::Cart,
    pub idempotency_key: String,
    /// The signed-in user's name, to fill in the recipient.
    pub recipient_name: String,
}

/// A line the checkout could not fill: what was asked and what is left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortage {
    pub product_id: i32,
    pub name: String,
    pub wanted: i32,
    pub available: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: i32,
    pub number: String,
    pub producer_name: String,
    pub producer_slug: Slug,
    /// For the producer's inbox: who ordered.
    pub recipient_name: String,
    pub status: OrderStatus,
    pub payment: PaymentMethod,
    pub total: Vnd,
    pub units: i64,
    pub placed_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub product_id: i32,
    pub product_slug: Slug,
    pub name: String,
    pub unit: Unit,
    pub unit_price: Vnd,
    pub quantity: i32,
    pub line_total: Vnd,
    /// The consumer's own rating of this product, if they have reviewed it.
    pub my_rating: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    pub status: OrderStatus,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: i32,
    pub number: String,
    pub status: OrderStatus,
    pub payment: PaymentMethod,
    pub payment_received: bool,
    /// Where a bank transfer goes, as the producer wrote it.
    pub bank_account: Option<String>,
    pub producer_name: String,
    pub producer_slug: Slug,
    pub producer_phone: Option<String>,
    pub delivery: Delivery,
    pub lines: Vec<OrderLineView>,
    pub subtotal: Vnd,
    pub shipping: Vnd,
    pub total: Vnd,
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub cancel_reason: Option<String>,
    pub events: Vec<OrderEvent>,
    /// Whether the one asking may cancel it now (the consumer while placed).
    pub consumer_may_cancel: bool,
    /// Whether the one asking fulfils it (a member of its producer): they get the actions.
    pub viewer_is_producer: bool,
}

/// The producer's inbox: how many orders are in each status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxCounts(pub Vec<(OrderStatus, u64)>);

impl InboxCounts {
    pub fn of(&self, status: OrderStatus) -> u64 {
        self.0.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub counts: InboxCounts,
    pub orders: Vec<OrderSummary>,
}

/// A rating from 1 to 5 stars.
pub fn parse_rating(raw: &str) -> Result<u8, Problem> {
    match raw.trim() {
        "" => Err(Problem::Required),
        t => match t.parse::<u8>() {
            Ok(n @ 1..=5) => Ok(n),
            Ok(_) => Err(Problem::OutOfRange),
            Err(_) => Err(Problem::Malformed),
        },
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewForm {
    pub rating: String,
    #[serde(default)]
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewInput {
    pub rating: u8,
    pub body: Option<String>,
}

impl ReviewForm {
    pub fn validate(&self) -> Result<ReviewInput, AppError> {
        let mut p = Problems::new();
        let rating = p.check("rating", parse_rating(&self.rating));
        let body = p.check("body", check_text(&self.body, false, MAX_REVIEW_CHARS));
        p.finish()?;
        Ok(ReviewInput { rating: rating.unwrap_or(5), body: body.filter(|b| !b.is_empty()) })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub author: String,
    pub rating: u8,
    pub body: Option<String>,
    pub at: DateTime<Utc>,
}

/// A product's reviews with their average, in tenths of a star (4.5 → 45).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviews {
    pub count: u64,
    pub average_tenths: Option<u32>,
    pub latest: Vec<Review>,
}

/// The average of ratings in tenths of a star, rounded half up.
pub fn average_tenths(sum: i64, count: i64) -> Option<u32> {
    (count > 0).then(|| ((sum * 100 / count + 5) / 10) as u32)
}

/// The shipping settings a producer edits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingForm {
    pub flat_fee: String,
    #[serde(default)]
    pub free_from: String,
    #[serde(default)]
    pub bank_account: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShippingInput {
    pub rule: ShippingRule,
    pub bank_account: Option<String>,
}

fn amount(raw: &str, required: bool) -> Result<Option<Vnd>, Problem> {
    if raw.trim().is_empty() {
        return if required { Err(Problem::Required) } else { Ok(None) };
    }
    Vnd::parse(raw).map(Some).map_err(|e| match e {
        super::money::MoneyError::NotANumber => Problem::Malformed,
        _ => Problem::OutOfRange,
    })
}

impl ShippingForm {
    pub fn validate(&self) -> Result<ShippingInput, AppError> {
        let mut p = Problems::new();
        let flat = p.check("flat_fee", amount(&self.flat_fee, true));
        let free_from = p.check("free_from", amount(&self.free_from, false));
        let bank = p.check("bank_account", check_text(&self.bank_account, false, MAX_BANK_CHARS));
        p.finish()?;
        Ok(ShippingInput {
            rule: ShippingRule { flat_fee: flat.flatten().unwrap_or(Vnd::ZERO), free_from: free_from.flatten() },
            bank_account: bank.filter(|b| !b.is_empty()),
        })
    }

    pub fn from_settings(rule: ShippingRule, bank_account: Option<String>) -> Self {
        ShippingForm {
            flat_fee: rule.flat_fee.amount().to_string(),
            free_from: rule.free_from.map(|v| v.amount().to_string()).unwrap_or_default(),
            bank_account: bank_account.unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> CheckoutForm {
        CheckoutForm {
            recipient_name: "Nguyễn Văn An".into(),
            phone: "+84 912 345 678".into(),
            province: "Hà Nội".into(),
            ward: "Phường Hoàn Kiếm".into(),
            street: "12 Hàng Gai".into(),
            note: String::new(),
            payment: "cod".into(),
            idempotency_key: "0123456789abcdef0123".into(),
        }
    }

    #[test]
    fn checkout_form_is_checked_field_by_field() {
        let input = good().validate().unwrap();
        assert_eq!(input.delivery.phone, "0912345678");
        assert_eq!(input.payment, PaymentMethod::CashOnDelivery);
        let bad = CheckoutForm { phone: "12345".into(), ward: " ".into(), payment: "bitcoin".into(), idempotency_key: "short".into(), ..good() };
        let err = bad.validate().unwrap_err();
        assert_eq!(err.field_problem("phone"), Some(Problem::Malformed));
        assert_eq!(err.field_problem("ward"), Some(Problem::Required));
        assert_eq!(err.field_problem("payment"), Some(Problem::Unknown));
        assert_eq!(err.field_problem("idempotency_key"), Some(Problem::Malformed));
        let multiline = CheckoutForm { street: "12\nHàng Gai".into(), ..good() };
        assert_eq!(multiline.validate().unwrap_err().field_problem("street"), Some(Problem::Malformed));
    }

    #[test]
    fn order_numbers_round_trip() {
        assert_eq!(order_number(123), "CL0000123");
        assert_eq!(parse_order_number("CL0000123"), Some(123));
        assert_eq!(parse_order_number("123"), Some(123));
        assert_eq!(parse_order_number("CL"), None);
        assert_eq!(parse_order_number("CL-1"), None);
        assert_eq!(parse_order_number("99999999999"), None);
    }

    #[test]
    fn the_life_of_an_order() {
        use OrderStatus::*;
        let ship = OrderAction::Ship { carrier: "VNPost".into(), tracking_number: "EB1".into() };
        let cancel = OrderAction::Cancel { reason: "Hết hàng".into() };
        assert_eq!(producer_transition(Placed, &OrderAction::Confirm), Some(Confirmed));
        assert_eq!(producer_transition(Placed, &ship), None, "confirmed before shipped");
        assert_eq!(producer_transition(Confirmed, &ship), Some(Shipped));
        assert_eq!(producer_transition(Shipped, &OrderAction::Deliver), Some(Delivered));
        assert_eq!(producer_transition(Shipped, &cancel), None, "a shipped order is not cancelled");
        assert_eq!(producer_transition(Cancelled, &OrderAction::Confirm), None);
        assert_eq!(producer_transition(Delivered, &OrderAction::ConfirmPayment), Some(Delivered));
        assert!(consumer_may_cancel(Placed) && !consumer_may_cancel(Confirmed));
        assert_eq!(OrderAction::from_form("ship", "", "x", "").unwrap_err().field_problem("carrier"), Some(Problem::Required));
        assert_eq!(OrderAction::from_form("cancel", "", "", " ").unwrap_err().field_problem("reason"), Some(Problem::Required));
        assert!(OrderAction::from_form("refund", "", "", "").is_err());
    }

    #[test]
    fn ratings_and_averages() {
        assert_eq!(parse_rating("5"), Ok(5));
        assert_eq!(parse_rating("0"), Err(Problem::OutOfRange));
        assert_eq!(parse_rating("6"), Err(Problem::OutOfRange));
        assert_eq!(parse_rating("x"), Err(Problem::Malformed));
        assert_eq!(average_tenths(9, 2), Some(45));
        assert_eq!(average_tenths(13, 3), Some(43));
        assert_eq!(average_tenths(0, 0), None);
    }

    #[test]
    fn shipping_form() {
        let input = ShippingForm { flat_fee: "30.000".into(), free_from: "500.000 ₫".into(), bank_account: String::new() }.validate().unwrap();
        assert_eq!(input.rule.fee(Vnd::new(100_000).unwrap()), Vnd::new(30_000).unwrap());
        let err = ShippingForm { flat_fee: "-1".into(), ..Default::default() }.validate().unwrap_err();
        assert_eq!(err.field_problem("flat_fee"), Some(Problem::OutOfRange));
    }
}
