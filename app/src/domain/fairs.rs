//! Trade fairs: what an organizer fills in (the fair, its booth types), what a producer sends
//! to exhibit, how the organizer decides, and what visitors see. Times are typed and shown
//! in Hà Nội time (UTC+7 all year) and kept in UTC.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::accounts::{normalize_email, normalize_name, Problems};
use super::catalog::ProductCard;
use super::detail::{NamedLink, ProducerSummary};
use super::storefront::{check_text, normalize_phone};
use super::time::vietnam_offset;
use super::{ApplicationStatus, EventKind, FairStatus, RegistrantRole, Slug, Vnd};
use crate::error::{AppError, Problem};

pub const MAX_FAIR_NAME_CHARS: usize = 150;
pub const MAX_FAIR_DESCRIPTION_CHARS: usize = 5_000;
pub const MAX_BOOTH_TYPES: usize = 10;
pub const MAX_BOOTHS_PER_TYPE: i32 = 2_000;
/// Focus categories a fair names (top-level ones).
pub const MAX_FOCUS_CATEGORIES: usize = 3;
/// Products an exhibitor brings to show.
pub const MAX_SHOWN_PRODUCTS: usize = 12;

/// Reads an `<input type="datetime-local">` value (`2026-12-20T08:00`) as Hà Nội time.
pub fn parse_local_datetime(raw: &str) -> Result<DateTime<Utc>, Problem> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(Problem::Required);
    }
    let naive = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| Problem::Malformed)?;
    naive.and_local_timezone(vietnam_offset()).single().map(|at| at.with_timezone(&Utc)).ok_or(Problem::Malformed)
}

/// The `datetime-local` value of a moment, in Hà Nội time.
pub fn to_local_input(at: DateTime<Utc>) -> String {
    at.with_timezone(&vietnam_offset()).format("%Y-%m-%dT%H:%M").to_string()
}

/// A booth number as organizers write them: `A-12`, `B3`, `12`.
pub fn check_booth_number(raw: &str) -> Result<String, Problem> {
    let t = raw.trim().to_uppercase();
    if t.is_empty() {
        return Err(Problem::Required);
    }
    if t.chars().count() > 12 || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Problem::Malformed);
    }
    Ok(t)
}

fn line(raw: &str, required: bool, max: usize) -> Result<String, Problem> {
    let t = check_text(raw, required, max)?;
    if t.contains('\n') { Err(Problem::Malformed) } else { Ok(t) }
}

fn optional_slug(raw: &str) -> Result<Option<Slug>, Problem> {
    match raw.trim() {
        "" => Ok(None),
        t => Slug::parse(t).map(Some).map_err(|_| Problem::Unknown),
    }
}

/// The fair as its organizer's form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairForm {
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    pub description_vi: String,
    #[serde(default)]
    pub description_en: String,
    pub starts_at: String,
    pub ends_at: String,
    pub deadline: String,
    pub venue_name: String,
    pub venue_address: String,
    /// The district's slug.
    pub district: String,
    pub contact_name: String,
    pub contact_phone: String,
    #[serde(default)]
    pub contact_email: String,
    /// Up to three focus categories (top-level slugs); empty ones are ignored.
    #[serde(default)]
    pub category_1: String,
    #[serde(default)]
    pub category_2: String,
    #[serde(default)]
    pub category_3: String,
    /// The kind of event (`EventKind` code); empty means a trade fair.
    #[serde(default)]
    pub kind: String,
    /// An online event's link.
    #[serde(default)]
    pub online_url: String,
    /// A workshop's or conference's programme.
    #[serde(default)]
    pub agenda: String,
    /// How many buyers and producers may register (workshops, conferences).
    #[serde(default)]
    pub capacity: String,
    /// A market day's craft village (slug).
    #[serde(default)]
    pub village: String,
}

/// Most people one workshop registers.
pub const MAX_CAPACITY: i32 = 5_000;

/// A link people may follow: http(s), no spaces, bounded.
pub fn check_link(raw: &str, required: bool) -> Result<Option<String>, Problem> {
    let t = raw.trim();
    if t.is_empty() {
        return if required { Err(Problem::Required) } else { Ok(None) };
    }
    let ok = (t.starts_with("https://") || t.starts_with("http://")) && t.len() <= 300 && t.len() > 10 && !t.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    if ok { Ok(Some(t.to_owned())) } else { Err(Problem::Malformed) }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FairInput {
    pub name_vi: String,
    pub name_en: Option<String>,
    pub description_vi: String,
    pub description_en: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub venue_name: String,
    pub venue_address: String,
    pub district: Slug,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: Option<String>,
    pub categories: Vec<Slug>,
    pub kind: EventKind,
    pub online_url: Option<String>,
    pub agenda: Option<String>,
    pub capacity: Option<i32>,
    pub village: Option<Slug>,
}

impl FairForm {
    pub fn validate(&self) -> Result<FairInput, AppError> {
        let mut p = Problems::new();
        let name_vi = p.check("name_vi", line(&self.name_vi, true, MAX_FAIR_NAME_CHARS));
        let name_en = p.check("name_en", line(&self.name_en, false, MAX_FAIR_NAME_CHARS));
        let description_vi = p.check("description_vi", check_text(&self.description_vi, true, MAX_FAIR_DESCRIPTION_CHARS));
        let description_en = p.check("description_en", check_text(&self.description_en, false, MAX_FAIR_DESCRIPTION_CHARS));
        let starts_at = p.check("starts_at", parse_local_datetime(&self.starts_at));
        let ends_at = p.check("ends_at", parse_local_datetime(&self.ends_at));
        let deadline = p.check("deadline", parse_local_datetime(&self.deadline));
        if let (Some(s), Some(e)) = (starts_at, ends_at) {
            if e <= s {
                p.add("ends_at", Problem::OutOfRange);
            }
        }
        if let (Some(s), Some(d)) = (starts_at, deadline) {
            if d > s {
                p.add("deadline", Problem::OutOfRange);
            }
        }
        let kind = p.check("kind", match self.kind.trim() {
            "" => Ok(EventKind::TradeFair),
            k => EventKind::parse(k).ok_or(Problem::Unknown),
        });
        let kind_or_fair = kind.unwrap_or(EventKind::TradeFair);
        // An online event has a link instead of a venue.
        let venue_name = p.check("venue_name", line(&self.venue_name, !kind_or_fair.is_online(), 200));
        let venue_address = p.check("venue_address", line(&self.venue_address, !kind_or_fair.is_online(), 300));
        let online_url = p.check("online_url", check_link(&self.online_url, kind_or_fair.is_online()));
        let agenda = p.check("agenda", check_text(&self.agenda, kind_or_fair == EventKind::Workshop, MAX_FAIR_DESCRIPTION_CHARS));
        let capacity = if kind_or_fair.has_registration() {
            p.check("capacity", super::storefront::parse_count(&self.capacity, 1, MAX_CAPACITY)).map(Some)
        } else {
            Some(None)
        };
        let village = if kind_or_fair == EventKind::MarketDay {
            p.check("village", optional_slug(&self.village).and_then(|v| v.ok_or(Problem::Required))).map(Some)
        } else {
            Some(None)
        };
        let district = p.check("district", optional_slug(&self.district).and_then(|d| d.ok_or(Problem::Required)));
        let contact_name = p.check("contact_name", normalize_name(&self.contact_name));
        let contact_phone = p.check("contact_phone", normalize_phone(&self.contact_phone));
        let contact_email = match self.contact_email.trim() {
            "" => Some(None),
            e => p.check("contact_email", normalize_email(e)).map(Some),
        };
        let mut categories = Vec::new();
        for (field, raw) in [("category_1", &self.category_1), ("category_2", &self.category_2), ("category_3", &self.category_3)] {
            if let Some(Some(slug)) = p.check(field, optional_slug(raw)) {
                if !categories.contains(&slug) {
                    categories.push(slug);
                }
            }
        }
        p.finish()?;
        Ok(FairInput {
            name_vi: name_vi.unwrap_or_default(),
            name_en: name_en.filter(|s| !s.is_empty()),
            description_vi: description_vi.unwrap_or_default(),
            description_en: description_en.filter(|s| !s.is_empty()),
            starts_at: starts_at.unwrap_or_default(),
            ends_at: ends_at.unwrap_or_default(),
            deadline: deadline.unwrap_or_default(),
            venue_name: venue_name.unwrap_or_default(),
            venue_address: venue_address.unwrap_or_default(),
            district: district.expect("checked"),
            contact_name: contact_name.unwrap_or_default(),
            contact_phone: contact_phone.unwrap_or_default(),
            contact_email: contact_email.flatten(),
            categories,
            kind: kind_or_fair,
            online_url: online_url.flatten(),
            agenda: agenda.filter(|a| !a.is_empty()),
            capacity: capacity.flatten(),
            village: village.flatten(),
        })
    }
}

/// A kind of booth a fair offers: `Gian tiêu chuẩn 3×3 m`, 40 of them, at 2.000.000 ₫.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoothTypeForm {
    pub name: String,
    #[serde(default)]
    pub size: String,
    pub count: String,
    pub price: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoothTypeInput {
    pub name: String,
    pub size: Option<String>,
    pub count: i32,
    pub price: Vnd,
}

impl BoothTypeForm {
    pub fn validate(&self) -> Result<BoothTypeInput, AppError> {
        let mut p = Problems::new();
        let name = p.check("name", line(&self.name, true, 80));
        let size = p.check("size", line(&self.size, false, 40));
        let count = p.check("count", super::storefront::parse_count(&self.count, 1, MAX_BOOTHS_PER_TYPE));
        let price = p.check(
            "price",
            if self.price.trim().is_empty() {
                Ok(Vnd::ZERO)
            } else {
                Vnd::parse(&self.price).map_err(|_| Problem::Malformed)
            },
        );
        p.finish()?;
        Ok(BoothTypeInput {
            name: name.unwrap_or_default(),
            size: size.filter(|s| !s.is_empty()),
            count: count.unwrap_or(1),
            price: price.unwrap_or(Vnd::ZERO),
        })
    }
}

/// A producer's application as its form sends it: the booth type's id, the ids of the
/// products to show (checkboxes `application[products][n]`), a note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExhibitForm {
    pub booth_type: String,
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExhibitInput {
    pub booth_type_id: i32,
    pub product_ids: Vec<i32>,
    pub note: Option<String>,
}

impl ExhibitForm {
    pub fn validate(&self) -> Result<ExhibitInput, AppError> {
        let mut p = Problems::new();
        let booth = p.check(
            "booth_type",
            match self.booth_type.trim() {
                "" => Err(Problem::Required),
                t => t.parse::<i32>().ok().filter(|n| *n > 0).ok_or(Problem::Unknown),
            },
        );
        let ids = p.check("products", super::storefront::parse_ids(&self.products, MAX_SHOWN_PRODUCTS)).unwrap_or_default();
        let note = p.check("note", check_text(&self.note, false, 1_000));
        p.finish()?;
        Ok(ExhibitInput { booth_type_id: booth.unwrap_or_default(), product_ids: ids, note: note.filter(|n| !n.is_empty()) })
    }
}

/// What the organizer decides about an application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    Approve { booth_number: String },
    Reject { reason: String },
}

impl Decision {
    pub fn from_form(decision: &str, booth_number: &str, reason: &str) -> Result<Self, AppError> {
        match decision.trim() {
            "approve" => Ok(Decision::Approve { booth_number: check_booth_number(booth_number).map_err(|p| AppError::invalid("booth_number", p))? }),
            "reject" => Ok(Decision::Reject { reason: check_text(reason, true, 300).map_err(|p| AppError::invalid("reason", p))? }),
            _ => Err(AppError::invalid("decision", Problem::Unknown)),
        }
    }
}

/// Whether applications are open at `now`: the fair is published and its deadline ahead.
pub fn applications_open(status: FairStatus, deadline: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    status == FairStatus::Published && now <= deadline
}

/// Whether a producer may still withdraw an application (only before the organizer decides).
pub fn may_withdraw(status: ApplicationStatus) -> bool {
    status == ApplicationStatus::Pending
}

/// A `YYYY-MM` month filter.
pub fn parse_month(raw: &str) -> Option<(i32, u32)> {
    let (y, m) = raw.trim().split_once('-')?;
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
    ((2000..=2100).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

/// The `/fairs` filters, as the URL carries them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairsQuery {
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub category: String,
    /// An `EventKind` code.
    #[serde(default)]
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairCard {
    pub id: i32,
    pub slug: Slug,
    pub name: String,
    pub cover_url: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue_name: String,
    pub district: Option<NamedLink>,
    pub status: FairStatus,
    pub kind: EventKind,
    pub exhibitors: u64,
    pub interested: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairList {
    pub upcoming: Vec<FairCard>,
    pub past: Vec<FairCard>,
    /// Choices for the filters: months with fairs (`YYYY-MM`), districts and categories.
    pub months: Vec<String>,
    pub districts: Vec<NamedLink>,
    pub categories: Vec<NamedLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoothTypeView {
    pub id: i32,
    pub name: String,
    pub size: Option<String>,
    pub count: i32,
    pub taken: i32,
    pub price: Vnd,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exhibitor {
    pub producer: ProducerSummary,
    pub booth_number: Option<String>,
    pub booth_type: String,
    pub products: Vec<ProductCard>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairDetail {
    pub id: i32,
    pub slug: Slug,
    pub name: String,
    pub cover_url: Option<String>,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub venue_name: String,
    pub venue_address: String,
    pub district: Option<NamedLink>,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: Option<String>,
    pub categories: Vec<NamedLink>,
    pub status: FairStatus,
    pub booth_types: Vec<BoothTypeView>,
    /// Approved exhibitors, by booth number.
    pub exhibitors: Vec<Exhibitor>,
    pub interested: u64,
    pub applications_open: bool,
    pub kind: EventKind,
    pub online_url: Option<String>,
    pub agenda: Option<String>,
    pub village: Option<NamedLink>,
    /// Registration (workshops, conferences): places, places taken, and whether it is open.
    pub capacity: Option<i32>,
    pub registered: i32,
    pub registration_open: bool,
}

/// A fair in the organizer's console, with its form and counts of applications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerFair {
    pub id: i32,
    pub slug: Slug,
    pub cover_url: Option<String>,
    pub status: FairStatus,
    pub form: FairForm,
    pub booth_types: Vec<BoothTypeView>,
    pub pending: u64,
    pub approved: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub id: i32,
    pub producer: ProducerSummary,
    pub booth_type: String,
    pub status: ApplicationStatus,
    pub note: Option<String>,
    pub reason: Option<String>,
    pub booth_number: Option<String>,
    pub products: Vec<NamedLink>,
    /// The best valid OCOP rating among the products shown.
    pub best_stars: Option<u8>,
    pub applied_at: DateTime<Utc>,
}

/// The organizer's filter over applications.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationFilter {
    pub status: Option<ApplicationStatus>,
    /// A top-level category the shown products are in.
    pub category: Option<Slug>,
    /// At least this many stars among the shown products.
    pub stars: Option<u8>,
}

/// A producer's application, as the dashboard lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyApplication {
    pub id: i32,
    pub fair_slug: Slug,
    pub fair_name: String,
    pub starts_at: DateTime<Utc>,
    pub status: ApplicationStatus,
    pub booth_type: String,
    pub booth_number: Option<String>,
    pub reason: Option<String>,
    pub may_withdraw: bool,
}

/// "Exhibiting at …": an upcoming fair a producer was approved for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exhibiting {
    pub fair_slug: Slug,
    pub fair_name: String,
    pub starts_at: DateTime<Utc>,
    pub booth_number: Option<String>,
}

/// What a fair's form offers: districts, top-level categories and craft villages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairChoices {
    pub districts: Vec<NamedLink>,
    pub categories: Vec<NamedLink>,
    pub villages: Vec<NamedLink>,
}

/// Whether a workshop takes registrations at `now`: published, not yet started, places left.
pub fn registration_open(kind: EventKind, status: FairStatus, starts_at: DateTime<Utc>, capacity: Option<i32>, registered: i32, now: DateTime<Utc>) -> bool {
    kind.has_registration() && status == FairStatus::Published && now < starts_at && capacity.is_some_and(|c| registered < c)
}

/// One registered participant of a workshop, as the other participants see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub role: RegistrantRole,
    pub name: String,
    /// A producer's storefront.
    pub producer: Option<ProducerSummary>,
}

/// The caller's place at a workshop, and who else is registered (shown only to participants).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participation {
    pub registered_as: Option<RegistrantRole>,
    /// The roles the caller may register as.
    pub may_register_as: Vec<RegistrantRole>,
    pub participants: Vec<Participant>,
}

/// What the fair page offers a signed-in producer member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExhibitChoices {
    pub verified: bool,
    pub products: Vec<(i32, String)>,
    pub existing: Option<MyApplication>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn good() -> FairForm {
        FairForm {
            name_vi: "Hội chợ OCOP Hà Nội".into(),
            description_vi: "Sản phẩm OCOP của 30 quận, huyện.".into(),
            starts_at: "2027-01-10T08:00".into(),
            ends_at: "2027-01-14T21:00".into(),
            deadline: "2026-12-31T17:00".into(),
            venue_name: "Cung Văn hoá Hữu nghị".into(),
            venue_address: "91 Trần Hưng Đạo".into(),
            district: "hoan-kiem".into(),
            contact_name: "Phạm Minh Tuấn".into(),
            contact_phone: "024 3825 1234".into(),
            category_1: "gom-su".into(),
            category_2: "gom-su".into(),
            ..Default::default()
        }
    }

    #[test]
    fn times_are_read_in_hanoi_time() {
        let at = parse_local_datetime("2027-01-10T08:00").unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(2027, 1, 10, 1, 0, 0).unwrap());
        assert_eq!(to_local_input(at), "2027-01-10T08:00");
        assert_eq!(parse_local_datetime("10/01/2027"), Err(Problem::Malformed));
        assert_eq!(parse_local_datetime(" "), Err(Problem::Required));
    }

    #[test]
    fn a_fair_is_checked_field_by_field() {
        let input = good().validate().unwrap();
        assert_eq!(input.categories.len(), 1, "a repeated category counts once");
        assert_eq!(input.contact_phone, "02438251234");
        let bad = FairForm { ends_at: "2027-01-09T08:00".into(), deadline: "2027-02-01T00:00".into(), district: String::new(), ..good() };
        let err = bad.validate().unwrap_err();
        assert_eq!(err.field_problem("ends_at"), Some(Problem::OutOfRange));
        assert_eq!(err.field_problem("deadline"), Some(Problem::OutOfRange));
        assert_eq!(err.field_problem("district"), Some(Problem::Required));
    }

    #[test]
    fn booths_applications_and_decisions() {
        assert_eq!(check_booth_number(" a-12 "), Ok("A-12".into()));
        assert_eq!(check_booth_number("A 12"), Err(Problem::Malformed));
        let booth = BoothTypeForm { name: "Gian tiêu chuẩn".into(), size: "3×3 m".into(), count: "40".into(), price: "2.000.000".into() };
        assert_eq!(booth.validate().unwrap().count, 40);
        assert!(BoothTypeForm { count: "0".into(), ..booth }.validate().is_err());
        let form = ExhibitForm { booth_type: "3".into(), products: vec!["5".into(), "5".into(), "7".into()], note: String::new() };
        assert_eq!(form.validate().unwrap().product_ids, vec![5, 7]);
        assert!(ExhibitForm { booth_type: "x".into(), ..Default::default() }.validate().is_err());
        assert_eq!(Decision::from_form("approve", "b-3", "").unwrap(), Decision::Approve { booth_number: "B-3".into() });
        assert!(Decision::from_form("reject", "", "").is_err(), "a rejection says why");
        let deadline = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        assert!(applications_open(FairStatus::Published, deadline, deadline));
        assert!(!applications_open(FairStatus::Published, deadline, deadline + chrono::Duration::seconds(1)));
        assert!(!applications_open(FairStatus::Draft, deadline, deadline));
        assert_eq!(parse_month("2027-01"), Some((2027, 1)));
        assert_eq!(parse_month("2027-13"), None);
    }
}
