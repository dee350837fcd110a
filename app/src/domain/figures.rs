//! The programme's headline figures, computed from live data and shown on the home page (and,
//! later, the office's statistics). Shared so the client renders exactly what the server counted.

use serde::{Deserialize, Serialize};

use super::ProducerKind;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeFigures {
    /// Recognised craft villages and traditional craft villages.
    pub villages: u64,
    /// Districts and towns that have at least one craft village.
    pub districts_with_villages: u64,
    /// Products holding a verified OCOP rating (their current certificate).
    pub ocop_products: u64,
    pub three_star: u64,
    pub four_star: u64,
    /// Rated 5 stars by the city, awaiting the national council.
    pub potential_five_star: u64,
    /// Confirmed 5 stars by the national council.
    pub five_star: u64,
    /// Verified producers with at least one OCOP product, by kind.
    pub producers_by_kind: Vec<(ProducerKind, u64)>,
    /// Jobs the verified producers report.
    pub rural_jobs: u64,
}

impl ProgrammeFigures {
    pub fn producers_total(&self) -> u64 {
        self.producers_by_kind.iter().map(|(_, n)| n).sum()
    }

    pub fn producers_of(&self, kind: ProducerKind) -> u64 {
        self.producers_by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    /// Share of OCOP products, in tenths of a percent, rounded half up: 731 of 1,054 → 694.
    pub fn per_mille(part: u64, whole: u64) -> u64 {
        if whole == 0 {
            0
        } else {
            (part * 1000 + whole / 2) / whole
        }
    }
}

/// Figures for one district, for the district picker on the home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictFigures {
    pub district: super::geo::District,
    pub villages: u64,
    pub producers: u64,
    pub ocop_products: u64,
}

/// One bar of a chart: its label and value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: u64,
}

/// The office's statistics, each series counted from the live data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeStats {
    pub figures: ProgrammeFigures,
    pub villages_by_district: Vec<Bar>,
    /// OCOP-rated products (current certificates) by top-level category.
    pub ocop_by_category: Vec<Bar>,
    /// The last twelve months, oldest first (`YYYY-MM`).
    pub orders_by_month: Vec<Bar>,
    pub requests_by_month: Vec<Bar>,
    /// Approved exhibitors of each fair, latest fairs first.
    pub exhibitors_by_fair: Vec<Bar>,
    pub fairs_total: u64,
    pub exhibitors_total: u64,
    pub verified_buyers: u64,
}

/// The twelve months ending with `last` (`(year, month)`), oldest first, as `YYYY-MM`.
pub fn last_twelve_months(last: (i32, u32)) -> Vec<String> {
    let (mut y, mut m) = last;
    let mut out = Vec::with_capacity(12);
    for _ in 0..12 {
        out.push(format!("{y:04}-{m:02}"));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn twelve_months_cross_the_year() {
        let months = super::last_twelve_months((2026, 3));
        assert_eq!(months.first().map(String::as_str), Some("2025-04"));
        assert_eq!(months.last().map(String::as_str), Some("2026-03"));
        assert_eq!(months.len(), 12);
    }

    use super::ProgrammeFigures;

    #[test]
    fn shares_match_the_article() {
        assert_eq!(ProgrammeFigures::per_mille(17, 1054), 16);
        assert_eq!(ProgrammeFigures::per_mille(731, 1054), 694);
        assert_eq!(ProgrammeFigures::per_mille(306, 1054), 290);
        assert_eq!(ProgrammeFigures::per_mille(1, 0), 0);
    }
}
