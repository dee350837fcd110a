//! Points of sale: the OCOP shops, village showrooms, supermarkets, mall counters, chain
//! outlets and cooperative shops where products can be bought offline, and which products
//! each one stocks.

use serde::{Deserialize, Serialize};

use super::accounts::Problems;
use super::catalog::ProductCard;
use super::detail::NamedLink;
use super::storefront::{check_text, normalize_phone};
use super::{PosKind, Slug};
use crate::error::{AppError, Problem};

/// Hà Nội's extent, with a margin: coordinates outside are a typing mistake.
const LATITUDES: std::ops::RangeInclusive<f64> = 20.3..=21.6;
const LONGITUDES: std::ops::RangeInclusive<f64> = 105.2..=106.1;
/// Most products one stocking change adds.
pub const MAX_BULK_ADD: usize = 500;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosForm {
    pub name: String,
    pub kind: String,
    pub address: String,
    /// Xã / phường.
    #[serde(default)]
    pub ward: String,
    /// The district's slug.
    pub district: String,
    #[serde(default)]
    pub opening_hours: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PosInput {
    pub name: String,
    pub kind: PosKind,
    pub address: String,
    pub ward: Option<String>,
    pub district: Slug,
    pub opening_hours: Option<String>,
    pub phone: Option<String>,
    pub coordinates: Option<(f64, f64)>,
}

fn line(raw: &str, required: bool, max: usize) -> Result<String, Problem> {
    let t = check_text(raw, required, max)?;
    if t.contains('\n') { Err(Problem::Malformed) } else { Ok(t) }
}

fn coordinate(raw: &str, range: &std::ops::RangeInclusive<f64>) -> Result<Option<f64>, Problem> {
    match raw.trim().replace(',', ".").as_str() {
        "" => Ok(None),
        t => {
            let v: f64 = t.parse().map_err(|_| Problem::Malformed)?;
            if v.is_finite() && range.contains(&v) { Ok(Some(v)) } else { Err(Problem::OutOfRange) }
        }
    }
}

impl PosForm {
    pub fn validate(&self) -> Result<PosInput, AppError> {
        let mut p = Problems::new();
        let name = p.check("name", line(&self.name, true, 120));
        let kind = p.check("kind", PosKind::parse(self.kind.trim()).ok_or(if self.kind.trim().is_empty() { Problem::Required } else { Problem::Unknown }));
        let address = p.check("address", line(&self.address, true, 300));
        let ward = p.check("ward", line(&self.ward, false, 120));
        let district = p.check("district", match self.district.trim() {
            "" => Err(Problem::Required),
            d => Slug::parse(d).map_err(|_| Problem::Unknown),
        });
        let hours = p.check("opening_hours", line(&self.opening_hours, false, 120));
        let phone = match self.phone.trim() {
            "" => Some(None),
            raw => p.check("phone", normalize_phone(raw)).map(Some),
        };
        let lat = p.check("latitude", coordinate(&self.latitude, &LATITUDES));
        let lng = p.check("longitude", coordinate(&self.longitude, &LONGITUDES));
        let coordinates = match (lat.flatten(), lng.flatten()) {
            (Some(a), Some(b)) => Some((a, b)),
            (None, None) => None,
            (Some(_), None) => {
                p.add("longitude", Problem::Required);
                None
            }
            (None, Some(_)) => {
                p.add("latitude", Problem::Required);
                None
            }
        };
        p.finish()?;
        Ok(PosInput {
            name: name.unwrap_or_default(),
            kind: kind.expect("checked"),
            address: address.unwrap_or_default(),
            ward: ward.filter(|w| !w.is_empty()),
            district: district.expect("checked"),
            opening_hours: hours.filter(|h| !h.is_empty()),
            phone: phone.flatten(),
            coordinates,
        })
    }
}

/// How a stocking list changes: one product, every product of a producer, every product of
/// a category, or one product out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StockChange {
    AddProduct(Slug),
    AddProducer(Slug),
    AddCategory(Slug),
    Remove(i32),
}

impl StockChange {
    pub fn from_form(how: &str, value: &str) -> Result<Self, AppError> {
        let slug = || Slug::parse(value.trim()).map_err(|_| AppError::invalid("value", if value.trim().is_empty() { Problem::Required } else { Problem::Unknown }));
        match how.trim() {
            "product" => Ok(StockChange::AddProduct(slug()?)),
            "producer" => Ok(StockChange::AddProducer(slug()?)),
            "category" => Ok(StockChange::AddCategory(slug()?)),
            "remove" => value.trim().parse::<i32>().map(StockChange::Remove).map_err(|_| AppError::invalid("value", Problem::Malformed)),
            _ => Err(AppError::invalid("how", Problem::Unknown)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosSummary {
    pub id: i32,
    pub slug: Slug,
    pub name: String,
    pub kind: PosKind,
    pub address: String,
    pub ward: Option<String>,
    pub district: NamedLink,
    pub opening_hours: Option<String>,
    pub phone: Option<String>,
    /// From the district the visitor picked, in tenths of a kilometre.
    pub distance_tenths_km: Option<u32>,
}

impl PosSummary {
    /// `12 Phố Huế, Phường Hàng Bài, Hoàn Kiếm`.
    pub fn full_address(&self) -> String {
        match &self.ward {
            Some(w) => format!("{}, {w}, {}", self.address, self.district.name),
            None => format!("{}, {}", self.address, self.district.name),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosDetail {
    pub summary: PosSummary,
    pub products: Vec<ProductCard>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosList {
    pub points: Vec<PosSummary>,
    pub districts: Vec<NamedLink>,
}

/// A point of sale in its manager's console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedPos {
    pub summary: PosSummary,
    pub form: PosForm,
    /// (product id, product name, producer name)
    pub stocked: Vec<(i32, String, String)>,
}

/// "Also sold at" on a product page or storefront, nearest first when a district is given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoldAt {
    pub near: Option<NamedLink>,
    pub points: Vec<PosSummary>,
    pub districts: Vec<NamedLink>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> PosForm {
        PosForm {
            name: "Cửa hàng OCOP Hoàn Kiếm".into(),
            kind: "ocop_shop".into(),
            address: "25 Hàng Bông".into(),
            district: "hoan-kiem".into(),
            latitude: "21,0295".into(),
            longitude: "105.848".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_point_of_sale_is_checked() {
        let input = good().validate().unwrap();
        assert_eq!(input.coordinates, Some((21.0295, 105.848)));
        let err = PosForm { latitude: "48.85".into(), kind: "kiosk".into(), ..good() }.validate().unwrap_err();
        assert_eq!(err.field_problem("latitude"), Some(Problem::OutOfRange));
        assert_eq!(err.field_problem("kind"), Some(Problem::Unknown));
        let half = PosForm { longitude: String::new(), ..good() }.validate().unwrap_err();
        assert_eq!(half.field_problem("longitude"), Some(Problem::Required));
        assert!(PosForm { latitude: "NaN".into(), ..good() }.validate().is_err());
    }

    #[test]
    fn stocking_changes() {
        assert_eq!(StockChange::from_form("producer", "hop-tac-xa-lua-van-phuc").unwrap(), StockChange::AddProducer(Slug::parse("hop-tac-xa-lua-van-phuc").unwrap()));
        assert_eq!(StockChange::from_form("remove", "12").unwrap(), StockChange::Remove(12));
        assert!(StockChange::from_form("category", "").is_err());
        assert!(StockChange::from_form("everything", "x").is_err());
    }
}
