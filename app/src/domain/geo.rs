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
