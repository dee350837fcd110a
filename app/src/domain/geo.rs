//! Places: Hà Nội's districts and the craft villages in them, as the client sees them.

use serde::{Deserialize, Serialize};

use super::{DistrictKind, Slug};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    pub slug: Slug,
    pub name: String,
    pub kind: DistrictKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageSummary {
    pub slug: Slug,
    pub name: String,
    pub commune: String,
    pub traditional: bool,
    pub year_recognised: Option<i32>,
    /// Names of the village's crafts in the requested language.
    pub crafts: Vec<String>,
    pub producers: u64,
    pub products: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictVillages {
    pub district: District,
    pub villages: Vec<VillageSummary>,
}

/// Approximate centres of Hà Nội's 30 districts (latitude, longitude), for "nearest first".
/// Rounded to about a kilometre: enough to order places, not to navigate.
pub const DISTRICT_CENTRES: &[(&str, f64, f64)] = &[
    ("ba-dinh", 21.034, 105.814), ("hoan-kiem", 21.029, 105.852), ("tay-ho", 21.070, 105.818),
    ("long-bien", 21.045, 105.889), ("cau-giay", 21.031, 105.791), ("dong-da", 21.018, 105.829),
    ("hai-ba-trung", 21.006, 105.857), ("hoang-mai", 20.975, 105.861), ("thanh-xuan", 20.994, 105.810),
    ("nam-tu-liem", 21.008, 105.758), ("bac-tu-liem", 21.071, 105.759), ("ha-dong", 20.956, 105.756),
    ("son-tay", 21.138, 105.505), ("ba-vi", 21.199, 105.423), ("chuong-my", 20.919, 105.707),
    ("dan-phuong", 21.087, 105.669), ("dong-anh", 21.137, 105.848), ("gia-lam", 21.023, 105.951),
    ("hoai-duc", 21.024, 105.703), ("me-linh", 21.182, 105.716), ("my-duc", 20.686, 105.743),
    ("phu-xuyen", 20.733, 105.901), ("phuc-tho", 21.109, 105.552), ("quoc-oai", 20.992, 105.640),
    ("soc-son", 21.257, 105.849), ("thach-that", 21.023, 105.550), ("thanh-oai", 20.859, 105.769),
    ("thanh-tri", 20.941, 105.846), ("thuong-tin", 20.855, 105.862), ("ung-hoa", 20.717, 105.770),
];

pub fn district_centre(slug: &str) -> Option<(f64, f64)> {
    DISTRICT_CENTRES.iter().find(|(s, _, _)| *s == slug).map(|(_, lat, lng)| (*lat, *lng))
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lng1, lat2, lng2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lng2 - lng1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_district_has_a_centre_and_distances_make_sense() {
        assert_eq!(DISTRICT_CENTRES.len(), 30);
        let hoan_kiem = district_centre("hoan-kiem").unwrap();
        let ba_dinh = district_centre("ba-dinh").unwrap();
        let ba_vi = district_centre("ba-vi").unwrap();
        assert!(distance_km(hoan_kiem, ba_dinh) < 5.0);
        assert!(distance_km(hoan_kiem, ba_vi) > 40.0);
        assert_eq!(distance_km(ba_vi, ba_vi), 0.0);
    }
}
