//! Trade connection (*kết nối giao thương*): buyers' businesses, requests to producers (one
//! producer, or broadcast to every producer matching an audience), quotes, the thread on a
//! request, and meetings at fairs. The forms and rules here run in the browser and on the
//! server alike; who may do what is decided in `backend::trade`.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::accounts::{normalize_name, Problems};
use super::detail::NamedLink;
use super::storefront::{check_text, normalize_phone, parse_count, parse_ids};
use super::{BuyerKind, MeetingStatus, OcopStars, ProducerKind, Slug, TradeStatus, Unit, VerificationStatus, Vnd};
use crate::error::{AppError, Problem};

pub const MAX_MESSAGE_CHARS: usize = 2_000;
pub const MAX_REQUEST_QUANTITY: i32 = 10_000_000;
pub const MAX_LEAD_TIME_DAYS: i32 = 365;
/// The most products one request names.
pub const MAX_REQUEST_PRODUCTS: usize = 50;
/// The most producers one broadcast reaches; a wider audience must be narrowed first.
pub const MAX_BROADCAST_REACH: u64 = 200;
/// Certificates expiring within this many days are listed for the office.
pub const EXPIRY_WARNING_DAYS: i64 = 90;
/// Meetings at fairs are booked in slots of this many minutes, within opening hours.
pub const MEETING_SLOT_MINUTES: i64 = 30;
const MEETING_DAY_OPENS: u32 = 8;
const MEETING_DAY_CLOSES: u32 = 17;

/// A Vietnamese tax code (mã số thuế): 10 digits, or 10 digits, a dash and 3 digits for a
/// branch. Spaces are dropped.
pub fn normalize_tax_code(raw: &str) -> Result<String, Problem> {
    let code: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() {
        return Err(Problem::Required);
    }
    let (main, branch) = match code.split_once('-') {
        Some((m, b)) => (m, Some(b)),
        None => (code.as_str(), None),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if digits(main, 10) && branch.is_none_or(|b| digits(b, 3)) { Ok(code) } else { Err(Problem::Malformed) }
}

fn line(raw: &str, required: bool, max: usize) -> Result<String, Problem> {
    let t = check_text(raw, required, max)?;
    if t.contains('\n') { Err(Problem::Malformed) } else { Ok(t) }
}

fn choice<T>(raw: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, Problem> {
    match raw.trim() {
        "" => Err(Problem::Required),
        t => parse(t).ok_or(Problem::Unknown),
    }
}

fn optional_slug(raw: &str) -> Result<Option<Slug>, Problem> {
    match raw.trim() {
        "" => Ok(None),
        t => Slug::parse(t).map(Some).map_err(|_| Problem::Unknown),
    }
}

fn date(raw: &str) -> Result<Option<NaiveDate>, Problem> {
    match raw.trim() {
        "" => Ok(None),
        t => NaiveDate::parse_from_str(t, "%Y-%m-%d").map(Some).map_err(|_| Problem::Malformed),
    }
}

/// A buyer's business, as registered for verification.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessForm {
    pub name: String,
    pub kind: String,
    pub tax_code: String,
    pub address: String,
    /// The district's slug.
    pub district: String,
    pub contact_person: String,
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusinessInput {
    pub name: String,
    pub kind: BuyerKind,
    pub tax_code: String,
    pub address: String,
    pub district: Slug,
    pub contact_person: String,
    pub phone: String,
}

impl BusinessForm {
    pub fn validate(&self) -> Result<BusinessInput, AppError> {
        let mut p = Problems::new();
        let name = p.check("name", line(&self.name, true, 160));
        let kind = p.check("kind", choice(&self.kind, BuyerKind::parse));
        let tax_code = p.check("tax_code", normalize_tax_code(&self.tax_code));
        let address = p.check("address", line(&self.address, true, 300));
        let district = p.check("district", choice(&self.district, |t| Slug::parse(t).ok()));
        let contact = p.check("contact_person", normalize_name(&self.contact_person));
        let phone = p.check("phone", normalize_phone(&self.phone));
        p.finish()?;
        Ok(BusinessInput {
            name: name.unwrap_or_default(),
            kind: kind.expect("checked"),
            tax_code: tax_code.unwrap_or_default(),
            address: address.unwrap_or_default(),
            district: district.expect("checked"),
            contact_person: contact.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
        })
    }
}

/// A buyer's business as the buyer and the office see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerBusiness {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub kind: BuyerKind,
    pub tax_code: String,
    pub address: String,
    pub district: String,
    pub contact_person: String,
    pub phone: String,
    pub verification: VerificationStatus,
    pub review_note: Option<String>,
    pub registered_at: String,
}

/// What a buyer asks for, in a request to one producer or a broadcast.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestForm {
    /// The producer's slug (a direct request; empty for a broadcast).
    #[serde(default)]
    pub producer: String,
    /// Product ids of that producer the request is about.
    #[serde(default)]
    pub products: Vec<String>,
    pub quantity: String,
    pub unit: String,
    #[serde(default)]
    pub target_price: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub wanted_by: String,
    pub delivery_place: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestInput {
    pub producer: Option<Slug>,
    pub product_ids: Vec<i32>,
    pub quantity: i32,
    pub unit: Unit,
    pub target_price: Option<Vnd>,
    pub wanted_by: Option<NaiveDate>,
    pub delivery_place: String,
    pub message: String,
}

impl RequestForm {
    /// Checks the form as of `today` (a wanted date cannot be past).
    pub fn validate(&self, today: NaiveDate) -> Result<RequestInput, AppError> {
        let mut p = Problems::new();
        let producer = p.check("producer", optional_slug(&self.producer));
        let ids = p.check("products", parse_ids(&self.products, MAX_REQUEST_PRODUCTS)).unwrap_or_default();
        let quantity = p.check("quantity", parse_count(&self.quantity, 1, MAX_REQUEST_QUANTITY));
        let unit = p.check("unit", choice(&self.unit, Unit::parse));
        let target_price = match self.target_price.trim() {
            "" => Some(None),
            raw => p.check("target_price", Vnd::parse(raw).map(Some).map_err(|_| Problem::Malformed)),
        };
        let wanted_by = p.check("wanted_by", date(&self.wanted_by).and_then(|d| match d {
            Some(d) if d < today || d > today + Duration::days(3 * 365) => Err(Problem::OutOfRange),
            d => Ok(d),
        }));
        let place = p.check("delivery_place", line(&self.delivery_place, true, 300));
        let message = p.check("message", check_text(&self.message, false, MAX_MESSAGE_CHARS));
        p.finish()?;
        Ok(RequestInput {
            producer: producer.flatten(),
            product_ids: ids,
            quantity: quantity.unwrap_or(1),
            unit: unit.expect("checked"),
            target_price: target_price.flatten(),
            wanted_by: wanted_by.flatten(),
            delivery_place: place.unwrap_or_default(),
            message: message.unwrap_or_default(),
        })
    }
}

/// Who a broadcast reaches: verified producers with a public product matching every given
/// criterion (a top-level category includes its subcategories; stars are a minimum).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceForm {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub stars: String,
    #[serde(default)]
    pub producer_kind: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    pub category: Option<Slug>,
    pub district: Option<Slug>,
    pub min_stars: Option<OcopStars>,
    pub kind: Option<ProducerKind>,
}

impl AudienceForm {
    pub fn validate(&self) -> Result<Audience, AppError> {
        let mut p = Problems::new();
        let category = p.check("category", optional_slug(&self.category));
        let district = p.check("district", optional_slug(&self.district));
        let stars = p.check("stars", match self.stars.trim() {
            "" => Ok(None),
            t => t.parse::<i64>().ok().and_then(|n| OcopStars::new(n).ok()).map(Some).ok_or(Problem::OutOfRange),
        });
        let kind = p.check("producer_kind", match self.producer_kind.trim() {
            "" => Ok(None),
            t => ProducerKind::parse(t).map(Some).ok_or(Problem::Unknown),
        });
        p.finish()?;
        Ok(Audience { category: category.flatten(), district: district.flatten(), min_stars: stars.flatten(), kind: kind.flatten() })
    }
}

/// A producer's answer to a request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteForm {
    pub price: String,
    pub quantity: String,
    pub lead_time_days: String,
    /// `YYYY-MM-DD`: the quote holds until the end of that day.
    pub valid_until: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteInput {
    pub price: Vnd,
    pub quantity: i32,
    pub lead_time_days: i32,
    pub valid_until: NaiveDate,
}

impl QuoteForm {
    pub fn validate(&self, today: NaiveDate) -> Result<QuoteInput, AppError> {
        let mut p = Problems::new();
        let price = p.check("price", match self.price.trim() {
            "" => Err(Problem::Required),
            raw => Vnd::parse(raw).map_err(|_| Problem::Malformed).and_then(|v| if v.amount() > 0 { Ok(v) } else { Err(Problem::OutOfRange) }),
        });
        let quantity = p.check("quantity", parse_count(&self.quantity, 1, MAX_REQUEST_QUANTITY));
        let lead = p.check("lead_time_days", parse_count(&self.lead_time_days, 0, MAX_LEAD_TIME_DAYS));
        let valid = p.check("valid_until", match date(&self.valid_until) {
            Ok(None) => Err(Problem::Required),
            Ok(Some(d)) if d < today || d > today + Duration::days(365) => Err(Problem::OutOfRange),
            Ok(Some(d)) => Ok(d),
            Err(e) => Err(e),
        });
        p.finish()?;
        Ok(QuoteInput {
            price: price.expect("checked"),
            quantity: quantity.unwrap_or(1),
            lead_time_days: lead.unwrap_or(0),
            valid_until: valid.expect("checked"),
        })
    }
}

/// A message on a request's thread.
pub fn check_message(raw: &str) -> Result<String, AppError> {
    check_text(raw, true, MAX_MESSAGE_CHARS).map_err(|p| AppError::invalid("body", p))
}

/// The status a request shows on `today`: an open request past its wanted date, or a quote
/// past its validity, has expired, whatever was stored.
pub fn effective_status(stored: TradeStatus, wanted_by: Option<NaiveDate>, quote_valid_until: Option<NaiveDate>, today: NaiveDate) -> TradeStatus {
    match stored {
        TradeStatus::Open if wanted_by.is_some_and(|d| d < today) => TradeStatus::Expired,
        TradeStatus::Quoted if quote_valid_until.is_some_and(|d| d < today) => TradeStatus::Expired,
        s => s,
    }
}

/// Which side of a request the viewer is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Buyer,
    Producer,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: i32,
    pub buyer: String,
    pub producer: NamedLink,
    pub products: Vec<String>,
    pub quantity: i32,
    pub unit: Unit,
    pub status: TradeStatus,
    pub broadcast: bool,
    pub created_at: String,
    pub quoted_price: Option<Vnd>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteView {
    pub id: i32,
    pub price: Vnd,
    pub quantity: i32,
    pub lead_time_days: i32,
    pub valid_until: String,
    pub by: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub author: String,
    pub side: Side,
    pub body: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub summary: RequestSummary,
    pub viewer: Side,
    pub target_price: Option<Vnd>,
    pub wanted_by: Option<String>,
    pub delivery_place: String,
    pub message: String,
    /// The buyer's contact person and phone, for the producer's side.
    pub buyer_contact: Option<String>,
    pub quotes: Vec<QuoteView>,
    pub messages: Vec<MessageView>,
    pub can_quote: bool,
    pub can_accept: bool,
    pub can_decline: bool,
}

/// A producer suggested to a buyer from what the buyer asked for before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub producer: NamedLink,
    pub kind: ProducerKind,
    pub district: String,
    pub village: Option<String>,
    pub matching_products: u64,
}

/// The buyer's console: its business, its requests and suggestions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerDesk {
    pub business: Option<BuyerBusiness>,
    pub requests: Vec<RequestSummary>,
    pub suggestions: Vec<Suggestion>,
    pub meetings: Vec<MeetingView>,
}

/// A product's wholesale terms, for verified buyers only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WholesaleTerms {
    pub product_id: i32,
    pub product: String,
    pub price: Vnd,
    pub min_order_qty: i32,
    pub unit: Unit,
}

/// How many producers a broadcast's audience holds, and that as a sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reach {
    pub count: u64,
    pub text: String,
}

/// What the forms offer: categories (top level, with subcategories), districts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradeChoices {
    pub categories: Vec<NamedLink>,
    pub districts: Vec<NamedLink>,
}

/// A meeting asked for at a fair.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingForm {
    /// The exhibitor's producer id.
    pub exhibitor: String,
    /// The slot's start, `YYYY-MM-DDTHH:MM` in Hà Nội time.
    pub slot: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingInput {
    pub producer_id: i32,
    pub starts_at: DateTime<Utc>,
    pub message: String,
}

impl MeetingForm {
    pub fn validate(&self) -> Result<MeetingInput, AppError> {
        let mut p = Problems::new();
        let producer = p.check("exhibitor", choice(&self.exhibitor, |t| t.parse::<i32>().ok().filter(|n| *n > 0)));
        let slot = p.check("slot", match self.slot.trim() {
            "" => Err(Problem::Required),
            t => super::fairs::parse_local_datetime(t),
        });
        let message = p.check("message", check_text(&self.message, false, 500));
        p.finish()?;
        Ok(MeetingInput { producer_id: producer.unwrap_or_default(), starts_at: slot.expect("checked"), message: message.unwrap_or_default() })
    }
}

/// The meeting slots of a fair: every half hour from 08:00 to 17:00 (Hà Nội time) on each
/// day of the fair, within its opening and closing times.
pub fn meeting_slots(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let tz = super::time::vietnam_offset();
    let slot = Duration::minutes(MEETING_SLOT_MINUTES);
    let (first, last) = (starts_at.with_timezone(&tz).date_naive(), ends_at.with_timezone(&tz).date_naive());
    let mut out = Vec::new();
    let mut day = first;
    // Fairs last days, not months; the bound keeps a mistyped year from making thousands.
    while day <= last && out.len() < 400 {
        let mut minutes = 0;
        while let Some(t) = NaiveTime::from_hms_opt(MEETING_DAY_OPENS + minutes / 60, minutes % 60, 0) {
            if t.hour() >= MEETING_DAY_CLOSES {
                break;
            }
            if let Some(at) = tz.from_local_datetime(&day.and_time(t)).single() {
                let at = at.with_timezone(&Utc);
                if at >= starts_at && at + slot <= ends_at {
                    out.push(at);
                }
            }
            minutes += MEETING_SLOT_MINUTES as u32;
        }
        day = match day.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    out
}

/// Whether `at` is one of the fair's slots.
pub fn is_meeting_slot(at: DateTime<Utc>, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> bool {
    meeting_slots(starts_at, ends_at).contains(&at)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingView {
    pub id: i32,
    pub fair: NamedLink,
    pub buyer: String,
    pub producer: String,
    pub starts_at: String,
    pub message: String,
    pub status: MeetingStatus,
    pub reply: Option<String>,
}

/// What the fair page offers a verified buyer: the exhibitors and the slots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingChoices {
    pub exhibitors: Vec<(i32, String)>,
    /// (`YYYY-MM-DDTHH:MM` local, label).
    pub slots: Vec<(String, String)>,
    pub mine: Vec<MeetingView>,
}

/// The producer's side: requests to it (and, for a cooperative, to its members) and the
/// meetings asked of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerDesk {
    pub requests: Vec<RequestSummary>,
    pub meetings: Vec<MeetingView>,
}

/// The month (Hà Nội time) a figure is counted in, `YYYY-MM`.
pub fn month_key(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&super::time::vietnam_offset());
    format!("{:04}-{:02}", local.year(), local.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    #[test]
    fn tax_codes() {
        assert_eq!(normalize_tax_code(" 0101234567 "), Ok("0101234567".into()));
        assert_eq!(normalize_tax_code("0101234567-001"), Ok("0101234567-001".into()));
        for bad in ["123", "01012345678", "0101234567-01", "01012345a7", "0101234567-"] {
            assert_eq!(normalize_tax_code(bad), Err(Problem::Malformed), "{bad}");
        }
        assert_eq!(normalize_tax_code(""), Err(Problem::Required));
    }

    #[test]
    fn request_form_reports_every_problem() {
        let form = RequestForm { quantity: "0".into(), unit: "tonne".into(), wanted_by: "2026-11-30".into(), target_price: "abc".into(), ..Default::default() };
        let err = form.validate(today()).unwrap_err();
        for field in ["quantity", "unit", "wanted_by", "target_price", "delivery_place"] {
            assert!(err.field_problem(field).is_some(), "{field}");
        }
        let ok = RequestForm {
            producer: "gom-su".into(),
            products: vec!["3".into(), "3".into(), "4".into()],
            quantity: "500".into(),
            unit: "piece".into(),
            target_price: "120.000".into(),
            wanted_by: "2027-01-15".into(),
            delivery_place: "Kho Long Biên".into(),
            message: "".into(),
        }
        .validate(today())
        .unwrap();
        assert_eq!(ok.product_ids, vec![3, 4]);
        assert_eq!(ok.target_price.map(Vnd::amount), Some(120_000));
    }

    #[test]
    fn statuses_expire() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
        assert_eq!(effective_status(TradeStatus::Open, Some(d(1)), None, d(1)), TradeStatus::Open);
        assert_eq!(effective_status(TradeStatus::Open, Some(d(1)), None, d(2)), TradeStatus::Expired);
        assert_eq!(effective_status(TradeStatus::Quoted, None, Some(d(5)), d(6)), TradeStatus::Expired);
        assert_eq!(effective_status(TradeStatus::Accepted, Some(d(1)), Some(d(1)), d(9)), TradeStatus::Accepted);
    }

    #[test]
    fn quotes_need_a_future_validity() {
        let q = QuoteForm { price: "95.000".into(), quantity: "500".into(), lead_time_days: "14".into(), valid_until: "2026-11-01".into() };
        assert_eq!(q.validate(today()).unwrap_err().field_problem("valid_until"), Some(Problem::OutOfRange));
        let q = QuoteForm { valid_until: "2026-12-20".into(), ..q };
        assert_eq!(q.validate(today()).unwrap().price.amount(), 95_000);
    }

    #[test]
    fn slots_lie_within_the_fair_and_the_day() {
        let tz = crate::domain::time::vietnam_offset();
        let start = tz.with_ymd_and_hms(2026, 12, 10, 9, 0, 0).unwrap().with_timezone(&Utc);
        let end = tz.with_ymd_and_hms(2026, 12, 11, 12, 0, 0).unwrap().with_timezone(&Utc);
        let slots = meeting_slots(start, end);
        // Day one 09:00–16:30 (16 slots), day two 08:00–11:30 (8 slots).
        assert_eq!(slots.len(), 24);
        assert_eq!(slots[0], start);
        assert!(is_meeting_slot(start + Duration::minutes(30), start, end));
        assert!(!is_meeting_slot(start + Duration::minutes(10), start, end));
        assert!(!is_meeting_slot(end, start, end));
    }
}
