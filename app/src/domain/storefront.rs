//! What a producer edits: the storefront profile, the onboarding application and products,
//! with the rules each field must meet. Forms send text; `validate` turns it into typed values
//! or reports every problem by field, the same on the client and the server.

use serde::{Deserialize, Serialize};

use super::accounts::{normalize_email, normalize_name, Problems};
use super::{ProducerKind, ProductStatus, Slug, Unit, Vnd};
use crate::error::{AppError, Problem};

pub const MAX_STORY_CHARS: usize = 5_000;
pub const MAX_ADDRESS_CHARS: usize = 200;
pub const MAX_PRODUCT_NAME_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 5_000;
pub const MAX_STOCK: i32 = 1_000_000;
pub const MAX_MIN_ORDER: i32 = 100_000;

/// A Vietnamese phone number as stored: `0` and 9 digits for a mobile (`09x`, `08x`, `07x`,
/// `05x`, `03x`), or `02` and 9 digits for a landline. `+84` and `84` prefixes, spaces,
/// dots and dashes are accepted and dropped.
pub fn normalize_phone(raw: &str) -> Result<String, Problem> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(Problem::Required);
    }
    if trimmed.chars().any(|c| !(c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-' | '(' | ')'))) {
        return Err(Problem::Malformed);
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("84").filter(|_| trimmed.starts_with('+') || digits.len() == 11 || digits.len() == 12) {
        format!("0{rest}")
    } else {
        digits
    };
    let mobile = national.len() == 10 && matches!(national.as_bytes().get(1), Some(b'3' | b'5' | b'7' | b'8' | b'9'));
    let landline = national.len() == 11 && national.starts_with("02");
    if national.starts_with('0') && (mobile || landline) { Ok(national) } else { Err(Problem::Malformed) }
}

/// Free text kept as typed (paragraphs included), trimmed and bounded; markup is not
/// interpreted anywhere, so it needs no sanitising, only a length check.
pub fn check_text(raw: &str, required: bool, max_chars: usize) -> Result<String, Problem> {
    let text = raw.trim().replace("\r\n", "\n");
    if text.is_empty() && required {
        return Err(Problem::Required);
    }
    if text.chars().count() > max_chars {
        return Err(Problem::TooLong);
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Problem::Malformed);
    }
    Ok(text)
}

fn optional(raw: &str) -> Option<&str> {
    let t = raw.trim();
    (!t.is_empty()).then_some(t)
}

/// The storefront profile a producer edits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub name: String,
    pub story_vi: String,
    #[serde(default)]
    pub story_en: String,
    pub address_line: String,
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub story_vi: String,
    pub story_en: Option<String>,
    pub address_line: String,
    pub phone: String,
    pub email: Option<String>,
}

impl ProfileForm {
    pub fn validate(&self) -> Result<Profile, AppError> {
        let mut p = Problems::new();
        let name = p.check("name", normalize_name(&self.name));
        let story_vi = p.check("story_vi", check_text(&self.story_vi, true, MAX_STORY_CHARS));
        let story_en = p.check("story_en", check_text(&self.story_en, false, MAX_STORY_CHARS));
        let address_line = p.check("address_line", check_text(&self.address_line, true, MAX_ADDRESS_CHARS));
        let phone = p.check("phone", normalize_phone(&self.phone));
        let email = match optional(&self.email) {
            None => Some(None),
            Some(e) => p.check("email", normalize_email(e)).map(Some),
        };
        p.finish()?;
        Ok(Profile {
            name: name.unwrap_or_default(),
            story_vi: story_vi.unwrap_or_default(),
            story_en: story_en.filter(|s| !s.is_empty()),
            address_line: address_line.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            email: email.flatten(),
        })
    }
}

/// A producer's application to sell on Chợ Làng: the profile plus what the office checks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationForm {
    pub kind: String,
    pub name: String,
    /// The craft village's slug, or empty for a producer outside the villages.
    #[serde(default)]
    pub village: String,
    /// The commune's id (a number), required when no village is chosen.
    #[serde(default)]
    pub commune: String,
    pub address_line: String,
    pub phone: String,
    pub story_vi: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub kind: ProducerKind,
    pub name: String,
    pub village: Option<Slug>,
    pub commune_id: Option<i32>,
    pub address_line: String,
    pub phone: String,
    pub story_vi: String,
}

impl ApplicationForm {
    pub fn validate(&self) -> Result<Application, AppError> {
        let mut p = Problems::new();
        let kind = p.check("kind", ProducerKind::parse(self.kind.trim()).ok_or(if self.kind.trim().is_empty() { Problem::Required } else { Problem::Unknown }));
        let name = p.check("name", normalize_name(&self.name));
        let village = match optional(&self.village) {
            None => Some(None),
            Some(v) => p.check("village", Slug::parse(v).map(Some).map_err(|_| Problem::Unknown)),
        };
        let commune_id = match optional(&self.commune) {
            None => Some(None),
            Some(c) => p.check("commune", c.parse::<i32>().ok().filter(|n| *n > 0).map(Some).ok_or(Problem::Unknown)),
        };
        if matches!((&village, &commune_id), (Some(None), Some(None))) {
            p.add("commune", Problem::Required);
        }
        let address_line = p.check("address_line", check_text(&self.address_line, true, MAX_ADDRESS_CHARS));
        let phone = p.check("phone", normalize_phone(&self.phone));
        let story_vi = p.check("story_vi", check_text(&self.story_vi, true, MAX_STORY_CHARS));
        p.finish()?;
        Ok(Application {
            kind: kind.unwrap_or(ProducerKind::Household),
            name: name.unwrap_or_default(),
            village: village.flatten(),
            commune_id: commune_id.flatten(),
            address_line: address_line.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            story_vi: story_vi.unwrap_or_default(),
        })
    }
}

/// A product as the editor's form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductForm {
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    pub description_vi: String,
    #[serde(default)]
    pub description_en: String,
    /// A leaf category's slug.
    pub category: String,
    pub price: String,
    pub unit: String,
    pub stock: String,
    #[serde(default)]
    pub wholesale_price: String,
    #[serde(default)]
    pub min_order_qty: String,
    /// The fewest units a consumer buys (empty: one).
    #[serde(default)]
    pub retail_min_qty: String,
    /// A cooperative's member household this product is listed for (its producer id), if any.
    #[serde(default)]
    pub member: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductInput {
    pub name_vi: String,
    pub name_en: Option<String>,
    pub description_vi: String,
    pub description_en: Option<String>,
    pub category: Slug,
    pub price: Vnd,
    pub unit: Unit,
    pub stock: i32,
    pub wholesale_price: Option<Vnd>,
    pub min_order_qty: i32,
    pub retail_min_qty: i32,
    pub member: Option<i32>,
}

/// A whole number in `min..=max`, as typed (spaces and grouping dots allowed).
pub fn parse_count(raw: &str, min: i32, max: i32) -> Result<i32, Problem> {
    let t: String = raw.trim().chars().filter(|c| !matches!(c, ' ' | '.' | ',')).collect();
    if t.is_empty() {
        return Err(Problem::Required);
    }
    let n: i64 = t.parse().map_err(|_| Problem::Malformed)?;
    if n < i64::from(min) || n > i64::from(max) {
        return Err(Problem::OutOfRange);
    }
    Ok(n as i32)
}

/// Ids ticked in a form (checkboxes of products, say): each a positive number, repeats
/// dropped, at most `max` of them.
pub fn parse_ids(raw: &[String], max: usize) -> Result<Vec<i32>, Problem> {
    let mut ids = Vec::new();
    for r in raw {
        match r.trim().parse::<i32>() {
            Ok(id) if id > 0 => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => return Err(Problem::Unknown),
        }
    }
    if ids.len() > max { Err(Problem::TooLong) } else { Ok(ids) }
}

fn price(raw: &str) -> Result<Vnd, Problem> {
    if raw.trim().is_empty() {
        return Err(Problem::Required);
    }
    let v = Vnd::parse(raw).map_err(|e| match e {
        super::money::MoneyError::NotANumber => Problem::Malformed,
        _ => Problem::OutOfRange,
    })?;
    if v.amount() == 0 { Err(Problem::OutOfRange) } else { Ok(v) }
}

impl ProductForm {
    pub fn validate(&self) -> Result<ProductInput, AppError> {
        let mut p = Problems::new();
        let name_vi = p.check("name_vi", check_text(&self.name_vi, true, MAX_PRODUCT_NAME_CHARS).and_then(|n| {
            if n.chars().count() < 2 { Err(Problem::TooShort) } else if n.contains('\n') { Err(Problem::Malformed) } else { Ok(n) }
        }));
        let name_en = p.check("name_en", check_text(&self.name_en, false, MAX_PRODUCT_NAME_CHARS));
        let description_vi = p.check("description_vi", check_text(&self.description_vi, true, MAX_DESCRIPTION_CHARS));
        let description_en = p.check("description_en", check_text(&self.description_en, false, MAX_DESCRIPTION_CHARS));
        let category = p.check("category", if self.category.trim().is_empty() { Err(Problem::Required) } else { Slug::parse(self.category.trim()).map_err(|_| Problem::Unknown) });
        let retail = p.check("price", price(&self.price));
        let unit = p.check("unit", Unit::parse(self.unit.trim()).ok_or(Problem::Unknown));
        let stock = p.check("stock", parse_count(&self.stock, 0, MAX_STOCK));
        let wholesale = match optional(&self.wholesale_price) {
            None => Some(None),
            Some(w) => p.check("wholesale_price", price(w).and_then(|w| match retail {
                Some(r) if w > r => Err(Problem::OutOfRange),
                _ => Ok(Some(w)),
            })),
        };
        let min_order_qty = match optional(&self.min_order_qty) {
            None => Some(1),
            Some(m) => p.check("min_order_qty", parse_count(m, 1, MAX_MIN_ORDER)),
        };
        let retail_min_qty = match optional(&self.retail_min_qty) {
            None => Some(1),
            Some(m) => p.check("retail_min_qty", parse_count(m, 1, MAX_MIN_ORDER)),
        };
        let member = match optional(&self.member) {
            None => Some(None),
            Some(m) => p.check("member", m.parse::<i32>().ok().filter(|n| *n > 0).map(Some).ok_or(Problem::Unknown)),
        };
        p.finish()?;
        Ok(ProductInput {
            name_vi: name_vi.unwrap_or_default(),
            name_en: name_en.filter(|s| !s.is_empty()),
            description_vi: description_vi.unwrap_or_default(),
            description_en: description_en.filter(|s| !s.is_empty()),
            category: category.expect("checked"),
            price: retail.expect("checked"),
            unit: unit.expect("checked"),
            stock: stock.unwrap_or(0),
            wholesale_price: wholesale.flatten(),
            min_order_qty: min_order_qty.unwrap_or(1),
            retail_min_qty: retail_min_qty.unwrap_or(1),
            member: member.flatten(),
        })
    }
}

/// One product in the dashboard's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProduct {
    pub id: i32,
    pub slug: Slug,
    pub name: String,
    pub price: Vnd,
    pub unit: Unit,
    pub stock: i32,
    pub status: ProductStatus,
    pub image_url: Option<String>,
    /// For a cooperative: the member household it is listed for.
    pub member_name: Option<String>,
    /// Why the office took the product down, if it did.
    #[serde(default)]
    pub moderation_note: Option<String>,
}

/// A product as the editor opens it: the form's values plus its photos.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDraft {
    pub id: i32,
    pub slug: Slug,
    pub status: ProductStatus,
    pub form: ProductForm,
    pub photos: Vec<Photo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub id: i32,
    pub url: String,
    pub thumb_url: String,
    pub position: i32,
}

/// What the dashboard shows of the producer itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Storefront {
    pub id: i32,
    pub slug: Slug,
    pub kind: ProducerKind,
    pub verification: super::VerificationStatus,
    /// Why the office rejected the application, when it did.
    pub review_note: Option<String>,
    pub profile: ProfileForm,
    pub logo_url: Option<String>,
    pub banner_url: Option<String>,
    /// For a cooperative: its member households as (producer id, name).
    pub members: Vec<(i32, String)>,
}

/// A producer waiting for the office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingProducer {
    pub id: i32,
    pub name: String,
    pub kind: ProducerKind,
    pub village: Option<String>,
    pub district: String,
    pub address_line: String,
    pub phone: Option<String>,
    pub story: String,
    pub applicant_email: Option<String>,
    pub applied_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_vietnamese_forms() {
        assert_eq!(normalize_phone("0912 345 678"), Ok("0912345678".into()));
        assert_eq!(normalize_phone("+84 912.345.678"), Ok("0912345678".into()));
        assert_eq!(normalize_phone("84912345678"), Ok("0912345678".into()));
        assert_eq!(normalize_phone("024 3874 0123"), Ok("02438740123".into()));
        for bad in ["0112345678", "12345", "0912-345-67x", "091234567890", "+1 202 555 0100"] {
            assert_eq!(normalize_phone(bad), Err(Problem::Malformed), "{bad}");
        }
        assert_eq!(normalize_phone(" "), Err(Problem::Required));
    }

    fn good_product() -> ProductForm {
        ProductForm {
            name_vi: "Bình gốm men lam".into(),
            description_vi: "Vẽ tay.\n\nNung 1.200 °C.".into(),
            category: "gom-su".into(),
            price: "1.250.000".into(),
            unit: "piece".into(),
            stock: "12".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_product_form_becomes_typed_values() {
        let p = good_product().validate().unwrap();
        assert_eq!(p.price.amount(), 1_250_000);
        assert_eq!(p.min_order_qty, 1);
        assert_eq!(p.description_vi, "Vẽ tay.\n\nNung 1.200 °C.");
        assert_eq!(p.name_en, None);
    }

    #[test]
    fn every_problem_is_reported_by_field() {
        let form = ProductForm { name_vi: "".into(), price: "abc".into(), stock: "-1".into(), unit: "ton".into(),
            wholesale_price: "2.000.000".into(), min_order_qty: "0".into(), ..good_product() };
        let err = form.validate().unwrap_err();
        assert_eq!(err.field_problem("name_vi"), Some(Problem::Required));
        assert_eq!(err.field_problem("price"), Some(Problem::Malformed));
        assert_eq!(err.field_problem("stock"), Some(Problem::OutOfRange));
        assert_eq!(err.field_problem("unit"), Some(Problem::Unknown));
        assert_eq!(err.field_problem("min_order_qty"), Some(Problem::OutOfRange));
        let dearer_wholesale = ProductForm { wholesale_price: "2.000.000".into(), ..good_product() };
        assert_eq!(dearer_wholesale.validate().unwrap_err().field_problem("wholesale_price"), Some(Problem::OutOfRange));
        let free = ProductForm { price: "0".into(), ..good_product() };
        assert_eq!(free.validate().unwrap_err().field_problem("price"), Some(Problem::OutOfRange));
    }

    #[test]
    fn an_application_needs_a_place() {
        let form = ApplicationForm { kind: "household".into(), name: "Hộ Nguyễn Văn A".into(), address_line: "Xóm 2".into(),
            phone: "0912345678".into(), story_vi: "Làm nón lá ba đời.".into(), ..Default::default() };
        assert_eq!(form.validate().unwrap_err().field_problem("commune"), Some(Problem::Required));
        let with_village = ApplicationForm { village: "chuong".into(), ..form.clone() };
        assert_eq!(with_village.validate().unwrap().village.unwrap().as_str(), "chuong");
        let bad_kind = ApplicationForm { kind: "ngo".into(), commune: "3".into(), ..form };
        assert_eq!(bad_kind.validate().unwrap_err().field_problem("kind"), Some(Problem::Unknown));
    }
}

/// What to do with one photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoMove {
    Earlier,
    Later,
    Cover,
}

/// The choices the producer forms offer, each group headed by its label.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorChoices {
    /// Leaf categories (slug, name) under their top category's name.
    pub categories: Vec<(String, Vec<(String, String)>)>,
    /// Craft villages (slug, name) under their district's name.
    pub villages: Vec<(String, Vec<(String, String)>)>,
    /// Communes (id, name) under their district's name.
    pub communes: Vec<(String, Vec<(i32, String)>)>,
}

pub const MAX_DECISION_NUMBER_CHARS: usize = 60;

/// A certificate as the producer's form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateForm {
    pub stars: String,
    pub level: String,
    pub decision_number: String,
    /// `YYYY-MM-DD`, as a date input sends it.
    pub decision_date: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateInput {
    pub rating: super::OcopRating,
    pub decision_number: String,
    pub decision_date: chrono::NaiveDate,
    /// The rating's validity (36 months from the decision).
    pub expires_on: chrono::NaiveDate,
}

impl CertificateForm {
    /// Checks the form as of `today` (a decision cannot be dated in the future, nor be
    /// expired already).
    pub fn validate(&self, today: chrono::NaiveDate) -> Result<CertificateInput, AppError> {
        use super::{IssuingLevel, OcopRating, OcopStars};
        let mut p = Problems::new();
        let stars = p.check("stars", self.stars.trim().parse::<i64>().ok().and_then(|n| OcopStars::new(n).ok()).ok_or(Problem::OutOfRange));
        let level = p.check("level", IssuingLevel::parse(self.level.trim()).ok_or(Problem::Unknown));
        let number = p.check("decision_number", check_text(&self.decision_number, true, MAX_DECISION_NUMBER_CHARS));
        let date = p.check("decision_date", chrono::NaiveDate::parse_from_str(self.decision_date.trim(), "%Y-%m-%d").map_err(|_| {
            if self.decision_date.trim().is_empty() { Problem::Required } else { Problem::Malformed }
        }).and_then(|d| {
            if d > today || super::ocop::expiry_for(d) < today { Err(Problem::OutOfRange) } else { Ok(d) }
        }));
        let rating = match (stars, level) {
            (Some(s), Some(l)) => p.check("level", OcopRating::new(s, l).map_err(|_| Problem::OutOfRange)),
            _ => None,
        };
        p.finish()?;
        let decision_date = date.expect("checked");
        Ok(CertificateInput {
            rating: rating.expect("checked"),
            decision_number: number.unwrap_or_default(),
            decision_date,
            expires_on: super::ocop::expiry_for(decision_date),
        })
    }
}

/// A certificate as its producer and the office see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRow {
    pub id: i32,
    pub product_id: i32,
    pub product_name: String,
    pub producer_name: String,
    pub stars: u8,
    pub level: super::IssuingLevel,
    pub decision_number: String,
    pub decision_date: chrono::NaiveDate,
    pub expires_on: chrono::NaiveDate,
    pub status: super::VerificationStatus,
    pub scan_url: Option<String>,
    pub review_note: Option<String>,
}

/// The office's expiry lists: current certificates expiring soon, and expired ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiryLists {
    pub expiring: Vec<CertificateRow>,
    pub expired: Vec<CertificateRow>,
}

/// What the office takes down: a product or a whole storefront, by slug.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModerationTarget {
    Product(Slug),
    Producer(Slug),
}

impl ModerationTarget {
    /// `kind` is `product` or `producer`.
    pub fn from_form(kind: &str, slug: &str) -> Result<Self, AppError> {
        let slug = Slug::parse(slug.trim()).map_err(|_| AppError::invalid("slug", if slug.trim().is_empty() { Problem::Required } else { Problem::InvalidSlug }))?;
        match kind.trim() {
            "product" => Ok(ModerationTarget::Product(slug)),
            "producer" => Ok(ModerationTarget::Producer(slug)),
            _ => Err(AppError::invalid("kind", Problem::Unknown)),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            ModerationTarget::Product(_) => "product",
            ModerationTarget::Producer(_) => "producer",
        }
    }

    pub fn slug(&self) -> &Slug {
        match self {
            ModerationTarget::Product(s) | ModerationTarget::Producer(s) => s,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moderated {
    pub target: ModerationTarget,
    pub name: String,
    pub reason: String,
}

#[cfg(test)]
mod certificate_tests {
    use super::*;

    fn form(stars: &str, level: &str, date: &str) -> CertificateForm {
        CertificateForm { stars: stars.into(), level: level.into(), decision_number: "1234/QĐ-UBND".into(), decision_date: date.into() }
    }

    #[test]
    fn certificates_follow_the_ocop_rules() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let ok = form("4", "city", "2025-06-30").validate(today).unwrap();
        assert_eq!(ok.expires_on, chrono::NaiveDate::from_ymd_opt(2028, 6, 30).unwrap());
        assert_eq!(form("4", "national", "2025-06-30").validate(today).unwrap_err().field_problem("level"), Some(Problem::OutOfRange));
        assert_eq!(form("6", "city", "2025-06-30").validate(today).unwrap_err().field_problem("stars"), Some(Problem::OutOfRange));
        assert_eq!(form("4", "city", "2027-01-01").validate(today).unwrap_err().field_problem("decision_date"), Some(Problem::OutOfRange));
        assert_eq!(form("4", "city", "2020-01-01").validate(today).unwrap_err().field_problem("decision_date"), Some(Problem::OutOfRange));
        assert_eq!(form("4", "city", "30/06/2025").validate(today).unwrap_err().field_problem("decision_date"), Some(Problem::Malformed));
    }
}

/// A member household a cooperative adds: it gets its own producer record (kind household,
/// in the cooperative's village and commune), pending the office's verification.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberForm {
    pub name: String,
    pub address_line: String,
    #[serde(default)]
    pub phone: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberInput {
    pub name: String,
    pub address_line: String,
    pub phone: Option<String>,
}

impl MemberForm {
    pub fn validate(&self) -> Result<MemberInput, AppError> {
        let mut p = Problems::new();
        let name = p.check("member_name", normalize_name(&self.name));
        let address_line = p.check("member_address", check_text(&self.address_line, true, MAX_ADDRESS_CHARS));
        let phone = match optional(&self.phone) {
            None => Some(None),
            Some(ph) => p.check("member_phone", normalize_phone(ph)).map(Some),
        };
        p.finish()?;
        Ok(MemberInput { name: name.unwrap_or_default(), address_line: address_line.unwrap_or_default(), phone: phone.flatten() })
    }
}
