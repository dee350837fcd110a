//! The office's CSV exports, by the file name their URL ends with
//! (`/office/export/{file}`). What each holds is `backend::export`'s business.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Products,
    Producers,
    Villages,
    Certificates,
    TradeRequests,
}

impl Export {
    pub const ALL: [Export; 5] = [Export::Products, Export::Producers, Export::Villages, Export::Certificates, Export::TradeRequests];

    /// From the file name in the URL (`products.csv`, …); anything else is no export.
    pub fn parse(file: &str) -> Option<Self> {
        Export::ALL.into_iter().find(|e| e.file_name() == file)
    }

    pub fn file_name(self) -> &'static str {
        match self {
            Export::Products => "products.csv",
            Export::Producers => "producers.csv",
            Export::Villages => "villages.csv",
            Export::Certificates => "certificates.csv",
            Export::TradeRequests => "trade-requests.csv",
        }
    }
}
