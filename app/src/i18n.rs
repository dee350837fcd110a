//! The translation layer. Vietnamese first, English second.
//!
//! Every user-facing string is a [`Msg`]; each message must be given in both languages (the
//! macro will not compile otherwise), so a missing translation is a build error, not a blank.
//! Labels for domain codes (producer kinds, units, …) and messages with numbers in them are
//! functions here too, so no component ever spells out user-facing text itself.
//!
//! The page language comes from `?lang=` on any URL, else the `lang` cookie, else Vietnamese.
//! The server renders `<html lang>` from it; the client reads it back from `<html lang>` at
//! hydration, so both sides always agree.

use serde::{Deserialize, Serialize};

use crate::domain::{money::group_thousands, DistrictKind, MarkKind, ProducerKind, ProductStatus, Role, Unit, VerificationStatus};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "vi")]
    Vi,
    #[serde(rename = "en")]
    En,
}

pub const LANG_COOKIE: &str = "lang";
pub const LANG_PARAM: &str = "lang";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" | "vi-vn" => Some(Lang::Vi),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, for the switch in the header.
    pub fn other(self) -> Self {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// The language's own name, as the switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Vi => "Tiếng Việt",
            Lang::En => "English",
        }
    }

    /// Decimal separator for shares such as `69,4 %`.
    fn decimal_separator(self) -> char {
        match self {
            Lang::Vi => ',',
            Lang::En => '.',
        }
    }

    fn thousands_separator(self) -> char {
        match self {
            Lang::Vi => '.',
            Lang::En => ',',
        }
    }

    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self)
    }

    /// A count: `1.054` in Vietnamese, `1,054` in English.
    pub fn number(self, n: u64) -> String {
        group_thousands(n, self.thousands_separator())
    }

    /// A share given in tenths of a percent: 694 → `69,4 %` / `69.4%`.
    pub fn per_mille(self, tenths_of_percent: u64) -> String {
        let whole = tenths_of_percent / 10;
        let tenth = tenths_of_percent % 10;
        match self {
            Lang::Vi => format!("{whole}{}{tenth} %", self.decimal_separator()),
            Lang::En => format!("{whole}{}{tenth}%", self.decimal_separator()),
        }
    }

    pub fn stars(self, stars: u8) -> String {
        match self {
            Lang::Vi => format!("{stars} sao"),
            Lang::En if stars == 1 => "1 star".to_owned(),
            Lang::En => format!("{stars} stars"),
        }
    }

    pub fn producer_kind(self, kind: ProducerKind) -> &'static str {
        match kind {
            ProducerKind::Enterprise => self.t(Msg::KindEnterprise),
            ProducerKind::Cooperative => self.t(Msg::KindCooperative),
            ProducerKind::Household => self.t(Msg::KindHousehold),
        }
    }

    pub fn role(self, role: Role) -> &'static str {
        self.t(match role {
            Role::Consumer => Msg::RoleConsumer,
            Role::ProducerMember => Msg::RoleProducerMember,
            Role::Organizer => Msg::RoleOrganizer,
            Role::Buyer => Msg::RoleBuyer,
            Role::ProgrammeOffice => Msg::RoleOffice,
        })
    }

    pub fn product_status(self, status: ProductStatus) -> &'static str {
        self.t(match status {
            ProductStatus::Draft => Msg::ProductStatusDraft,
            ProductStatus::Published => Msg::ProductStatusPublished,
            ProductStatus::Archived => Msg::ProductStatusArchived,
        })
    }

    pub fn verification(self, status: VerificationStatus) -> &'static str {
        self.t(match status {
            VerificationStatus::Pending => Msg::StatusPending,
            VerificationStatus::Verified => Msg::StatusVerified,
            VerificationStatus::Rejected => Msg::StatusRejected,
            VerificationStatus::Suspended => Msg::StatusSuspended,
        })
    }

    pub fn producer_kind_plural(self, kind: ProducerKind) -> &'static str {
        match kind {
            ProducerKind::Enterprise => self.t(Msg::KindEnterprises),
            ProducerKind::Cooperative => self.t(Msg::KindCooperatives),
            ProducerKind::Household => self.t(Msg::KindHouseholds),
        }
    }

    pub fn district_kind(self, kind: DistrictKind) -> &'static str {
        match kind {
            DistrictKind::UrbanDistrict => self.t(Msg::DistrictKindUrban),
            DistrictKind::Town => self.t(Msg::DistrictKindTown),
            DistrictKind::RuralDistrict => self.t(Msg::DistrictKindRural),
        }
    }

    pub fn mark_kind(self, kind: MarkKind) -> &'static str {
        match kind {
            MarkKind::Trademark => self.t(Msg::MarkTrademark),
            MarkKind::CollectiveMark => self.t(Msg::MarkCollective),
            MarkKind::CertificationMark => self.t(Msg::MarkCertification),
            MarkKind::GeographicalIndication => self.t(Msg::MarkGeographicalIndication),
        }
    }

    pub fn unit(self, unit: Unit) -> &'static str {
        match (unit, self) {
            (Unit::Piece, Lang::Vi) => "cái",
            (Unit::Piece, Lang::En) => "piece",
            (Unit::Set, Lang::Vi) => "bộ",
            (Unit::Set, Lang::En) => "set",
            (Unit::Box, Lang::Vi) => "hộp",
            (Unit::Box, Lang::En) => "box",
            (Unit::Kg, Lang::Vi) => "kg",
            (Unit::Kg, Lang::En) => "kg",
            (Unit::Bag, Lang::Vi) => "túi",
            (Unit::Bag, Lang::En) => "bag",
            (Unit::Bottle, Lang::Vi) => "chai",
            (Unit::Bottle, Lang::En) => "bottle",
            (Unit::Jar, Lang::Vi) => "hũ",
            (Unit::Jar, Lang::En) => "jar",
            (Unit::Metre, Lang::Vi) => "mét",
            (Unit::Metre, Lang::En) => "metre",
            (Unit::Pack, Lang::Vi) => "gói",
            (Unit::Pack, Lang::En) => "pack",
            (Unit::Pair, Lang::Vi) => "đôi",
            (Unit::Pair, Lang::En) => "pair",
        }
    }

    /// `Công nhận năm 2008` / `Recognised in 2008`.
    pub fn recognised_in(self, year: i32) -> String {
        match self {
            Lang::Vi => format!("Công nhận năm {year}"),
            Lang::En => format!("Recognised in {year}"),
        }
    }

    pub fn count_producers(self, n: u64) -> String {
        match self {
            Lang::Vi => format!("{} cơ sở sản xuất", self.number(n)),
            Lang::En if n == 1 => "1 producer".to_owned(),
            Lang::En => format!("{} producers", self.number(n)),
        }
    }

    pub fn count_products(self, n: u64) -> String {
        match self {
            Lang::Vi => format!("{} sản phẩm", self.number(n)),
            Lang::En if n == 1 => "1 product".to_owned(),
            Lang::En => format!("{} products", self.number(n)),
        }
    }

    pub fn count_villages(self, n: u64) -> String {
        match self {
            Lang::Vi => format!("{} làng nghề", self.number(n)),
            Lang::En if n == 1 => "1 craft village".to_owned(),
            Lang::En => format!("{} craft villages", self.number(n)),
        }
    }

    /// `Trang 2 / 44` / `Page 2 of 44`.
    pub fn page_of(self, page: u64, pages: u64) -> String {
        match self {
            Lang::Vi => format!("Trang {page} / {pages}"),
            Lang::En => format!("Page {page} of {pages}"),
        }
    }

    /// A price band of the catalog's price facet.
    pub fn price_band(self, band: crate::domain::catalog::PriceBand) -> String {
        match (band.min.amount(), band.max, self) {
            (0, Some(max), Lang::Vi) => format!("Dưới {max}"),
            (0, Some(max), Lang::En) => format!("Under {max}"),
            (_, None, Lang::Vi) => format!("Từ {}", band.min),
            (_, None, Lang::En) => format!("{} and up", band.min),
            (_, Some(max), _) => format!("{} – {max}", band.min),
        }
    }

    pub fn sort_label(self, sort: crate::domain::catalog::Sort) -> &'static str {
        use crate::domain::catalog::Sort;
        match sort {
            Sort::Relevance => self.t(Msg::SortRelevance),
            Sort::Newest => self.t(Msg::SortNewest),
            Sort::PriceAsc => self.t(Msg::SortPriceAsc),
            Sort::PriceDesc => self.t(Msg::SortPriceDesc),
            Sort::Stars => self.t(Msg::SortStars),
        }
    }

    /// `Kết quả cho “gốm”` / `Results for “gốm”`.
    pub fn results_for(self, q: &str) -> String {
        match self {
            Lang::Vi => format!("Kết quả cho “{q}”"),
            Lang::En => format!("Results for “{q}”"),
        }
    }

    /// Browser tab titles for named things: `Bát Tràng · Chợ Làng`.
    pub fn title_of(self, name: &str) -> String {
        format!("{name} · {}", self.t(Msg::BrandName))
    }

    /// `Còn hàng: 12` / `In stock: 12`.
    pub fn in_stock_count(self, n: u64) -> String {
        match self {
            Lang::Vi => format!("Còn hàng: {}", self.number(n)),
            Lang::En => format!("In stock: {}", self.number(n)),
        }
    }

    pub fn issuing_level(self, level: crate::domain::IssuingLevel) -> &'static str {
        match level {
            crate::domain::IssuingLevel::City => self.t(Msg::LevelCity),
            crate::domain::IssuingLevel::National => self.t(Msg::LevelNational),
        }
    }

    /// The OCOP badge: `OCOP 4 sao`, or `OCOP tiềm năng 5 sao` for a city-level 5-star rating.
    pub fn ocop_badge(self, rating: crate::domain::OcopRating) -> String {
        if rating.is_potential_five() {
            self.t(Msg::OcopPotentialFive).to_owned()
        } else {
            format!("OCOP {}", self.stars(rating.stars().get()))
        }
    }

    pub fn order_status(self, status: crate::domain::OrderStatus) -> &'static str {
        use crate::domain::OrderStatus::*;
        self.t(match status {
            Placed => Msg::StatusPlaced,
            Confirmed => Msg::StatusConfirmed,
            Shipped => Msg::StatusShipped,
            Delivered => Msg::StatusDelivered,
            Cancelled => Msg::StatusCancelled,
        })
    }

    pub fn payment_method(self, method: crate::domain::PaymentMethod) -> &'static str {
        self.t(match method {
            crate::domain::PaymentMethod::CashOnDelivery => Msg::PayCashOnDelivery,
            crate::domain::PaymentMethod::BankTransfer => Msg::PayBankTransfer,
        })
    }

    /// Why a cart line cannot be bought as it stands.
    pub fn line_problem(self, problem: crate::domain::cart::LineProblem) -> String {
        use crate::domain::cart::LineProblem::*;
        match (problem, self) {
            (Unavailable, _) => self.t(Msg::ProblemUnavailable).to_owned(),
            (OutOfStock, _) => self.t(Msg::ProblemOutOfStock).to_owned(),
            (NotEnoughStock { available }, Lang::Vi) => format!("Chỉ còn {available}."),
            (NotEnoughStock { available }, Lang::En) => format!("Only {available} left."),
            (BelowMinimum { minimum }, _) => self.minimum_units(minimum),
        }
    }

    /// `Mua tối thiểu 2` / `Sold from 2 units`.
    pub fn minimum_units(self, minimum: i32) -> String {
        match self {
            Lang::Vi => format!("Mua tối thiểu {minimum}."),
            Lang::En => format!("Sold from {minimum} units."),
        }
    }

    /// A line a checkout could not fill.
    pub fn shortage(self, name: &str, wanted: i32, available: i32) -> String {
        match (self, available) {
            (Lang::Vi, 0) => format!("{name}: bạn đặt {wanted}, nhưng sản phẩm đã hết hoặc ngừng bán."),
            (Lang::En, 0) => format!("{name}: you asked for {wanted}, but none is left or it is no longer on sale."),
            (Lang::Vi, n) => format!("{name}: bạn đặt {wanted}, chỉ còn {n}."),
            (Lang::En, n) => format!("{name}: you asked for {wanted}, only {n} left."),
        }
    }

    pub fn cart_units(self, n: i64) -> String {
        match self {
            Lang::Vi => format!("{n} sản phẩm trong giỏ"),
            Lang::En if n == 1 => "1 item in the cart".to_owned(),
            Lang::En => format!("{n} items in the cart"),
        }
    }

    pub fn count_units(self, n: i64) -> String {
        match self {
            Lang::Vi => format!("{n} món"),
            Lang::En if n == 1 => "1 item".to_owned(),
            Lang::En => format!("{n} items"),
        }
    }

    pub fn free_shipping_from(self, from: crate::domain::Vnd) -> String {
        match self {
            Lang::Vi => format!("Miễn phí vận chuyển cho đơn từ {from}."),
            Lang::En => format!("Free shipping for orders from {from}."),
        }
    }

    /// `Giỏ hàng sẽ thành 2 đơn, mỗi cơ sở một đơn.`
    pub fn orders_to_create(self, n: usize) -> String {
        match self {
            Lang::Vi => format!("Giỏ hàng sẽ thành {n} đơn, mỗi cơ sở một đơn."),
            Lang::En if n == 1 => "Your cart becomes 1 order.".to_owned(),
            Lang::En => format!("Your cart becomes {n} orders, one per producer."),
        }
    }

    pub fn orders_placed(self, n: usize) -> String {
        match self {
            Lang::Vi => format!("Đã tạo {n} đơn hàng:"),
            Lang::En if n == 1 => "1 order was created:".to_owned(),
            Lang::En => format!("{n} orders were created:"),
        }
    }

    /// What a bank transfer must say.
    pub fn transfer_reference(self, number: &str) -> String {
        match self {
            Lang::Vi => format!("Nội dung chuyển khoản: {number}"),
            Lang::En => format!("Transfer reference: {number}"),
        }
    }

    /// `★★★★☆ 4/5`.
    pub fn rating(self, stars: u8) -> String {
        let stars = stars.clamp(1, 5);
        let drawn: String = (1..=5).map(|i| if i <= stars { '★' } else { '☆' }).collect();
        format!("{drawn} {stars}/5")
    }

    /// `4,5 / 5 (12 đánh giá)` / `4.5 / 5 (12 reviews)`.
    pub fn average_rating(self, tenths: u32, count: u64) -> String {
        let value = format!("{}{}{}", tenths / 10, self.decimal_separator(), tenths % 10);
        match self {
            Lang::Vi => format!("★ {value} / 5 ({} đánh giá)", self.number(count)),
            Lang::En if count == 1 => format!("★ {value} / 5 (1 review)"),
            Lang::En => format!("★ {value} / 5 ({} reviews)", self.number(count)),
        }
    }

    pub fn fair_status(self, status: crate::domain::FairStatus) -> &'static str {
        use crate::domain::FairStatus::*;
        self.t(match status {
            Draft => Msg::FairDraft,
            Published => Msg::FairPublished,
            Cancelled => Msg::FairCancelled,
            Finished => Msg::FairFinished,
        })
    }

    pub fn application_status(self, status: crate::domain::ApplicationStatus) -> &'static str {
        use crate::domain::ApplicationStatus::*;
        self.t(match status {
            Pending => Msg::ApplicationPending,
            Approved => Msg::ApplicationApproved,
            Rejected => Msg::ApplicationRejected,
            Withdrawn => Msg::ApplicationWithdrawn,
        })
    }

    pub fn count_exhibitors(self, n: u64) -> String {
        match self {
            Lang::Vi => format!("{} đơn vị tham gia", self.number(n)),
            Lang::En if n == 1 => "1 exhibitor".to_owned(),
            Lang::En => format!("{} exhibitors", self.number(n)),
        }
    }

    pub fn count_interested(self, n: u64) -> String {
        match self {
            Lang::Vi => format!("{} người quan tâm", self.number(n)),
            Lang::En => format!("{} interested", self.number(n)),
        }
    }

    pub fn count_pending_applications(self, n: u64) -> String {
        match self {
            Lang::Vi => format!("{} đăng ký chờ duyệt", self.number(n)),
            Lang::En if n == 1 => "1 application waiting".to_owned(),
            Lang::En => format!("{} applications waiting", self.number(n)),
        }
    }

    pub fn pos_kind(self, kind: crate::domain::PosKind) -> &'static str {
        use crate::domain::PosKind::*;
        self.t(match kind {
            OcopShop => Msg::PosOcopShop,
            VillageShowroom => Msg::PosVillageShowroom,
            Supermarket => Msg::PosSupermarket,
            MallCounter => Msg::PosMallCounter,
            ChainOutlet => Msg::PosChainOutlet,
            CoopShop => Msg::PosCoopShop,
        })
    }

    pub fn event_kind(self, kind: crate::domain::EventKind) -> &'static str {
        use crate::domain::EventKind::*;
        self.t(match kind {
            TradeFair => Msg::KindTradeFair,
            Exhibition => Msg::KindExhibition,
            Conference => Msg::KindConference,
            Workshop => Msg::KindWorkshop,
            Livestream => Msg::KindLivestream,
            MarketDay => Msg::KindMarketDay,
        })
    }

    pub fn registrant_role(self, role: crate::domain::RegistrantRole) -> &'static str {
        self.t(match role {
            crate::domain::RegistrantRole::Buyer => Msg::RoleAsBuyer,
            crate::domain::RegistrantRole::Producer => Msg::RoleAsProducer,
        })
    }

    /// A distance given in tenths of a kilometre: `3,4 km` / `3.4 km`.
    pub fn distance(self, tenths_km: u32) -> String {
        format!("{}{}{} km", tenths_km / 10, self.decimal_separator(), tenths_km % 10)
    }

    pub fn places_left(self, left: i32, capacity: i32) -> String {
        match self {
            Lang::Vi => format!("Còn {left} / {capacity} chỗ"),
            Lang::En => format!("{left} of {capacity} places left"),
        }
    }

    pub fn buyer_kind(self, kind: crate::domain::BuyerKind) -> &'static str {
        use crate::domain::BuyerKind::*;
        match (kind, self) {
            (Supermarket, Lang::Vi) => "Siêu thị",
            (Supermarket, Lang::En) => "Supermarket",
            (ShopChain, Lang::Vi) => "Chuỗi cửa hàng",
            (ShopChain, Lang::En) => "Shop chain",
            (Distributor, Lang::Vi) => "Nhà phân phối",
            (Distributor, Lang::En) => "Distributor",
            (Exporter, Lang::Vi) => "Doanh nghiệp xuất khẩu",
            (Exporter, Lang::En) => "Exporter",
            (Restaurant, Lang::Vi) => "Nhà hàng",
            (Restaurant, Lang::En) => "Restaurant",
            (Other, Lang::Vi) => "Khác",
            (Other, Lang::En) => "Other",
        }
    }

    pub fn trade_status(self, status: crate::domain::TradeStatus) -> &'static str {
        use crate::domain::TradeStatus::*;
        match (status, self) {
            (Open, Lang::Vi) => "Đang chờ báo giá",
            (Open, Lang::En) => "Open",
            (Quoted, Lang::Vi) => "Đã báo giá",
            (Quoted, Lang::En) => "Quoted",
            (Accepted, Lang::Vi) => "Đã chấp nhận",
            (Accepted, Lang::En) => "Accepted",
            (Declined, Lang::Vi) => "Đã từ chối",
            (Declined, Lang::En) => "Declined",
            (Expired, Lang::Vi) => "Hết hạn",
            (Expired, Lang::En) => "Expired",
        }
    }

    pub fn meeting_status(self, status: crate::domain::MeetingStatus) -> &'static str {
        use crate::domain::MeetingStatus::*;
        match (status, self) {
            (Requested, Lang::Vi) => "Chờ trả lời",
            (Requested, Lang::En) => "Waiting for an answer",
            (Accepted, Lang::Vi) => "Đã nhận lời",
            (Accepted, Lang::En) => "Accepted",
            (Declined, Lang::Vi) => "Đã từ chối",
            (Declined, Lang::En) => "Declined",
        }
    }

    pub fn broadcast_reach(self, n: u64) -> String {
        match self {
            Lang::Vi => format!("Sẽ gửi tới {} cơ sở", self.number(n)),
            Lang::En if n == 1 => "Will reach 1 producer".to_owned(),
            Lang::En => format!("Will reach {} producers", self.number(n)),
        }
    }

    pub fn broadcast_sent(self, n: u64) -> String {
        match self {
            Lang::Vi => format!("Đã gửi yêu cầu tới {} cơ sở.", self.number(n)),
            Lang::En if n == 1 => "Your request was sent to 1 producer.".to_owned(),
            Lang::En => format!("Your request was sent to {} producers.", self.number(n)),
        }
    }

    pub fn trade_request_number(self, id: i32) -> String {
        match self {
            Lang::Vi => format!("Yêu cầu số {id}"),
            Lang::En => format!("Request no. {id}"),
        }
    }

    pub fn lead_time(self, days: i32) -> String {
        match self {
            Lang::Vi => format!("chuẩn bị {days} ngày"),
            Lang::En if days == 1 => "1 day to prepare".to_owned(),
            Lang::En => format!("{days} days to prepare"),
        }
    }

    pub fn fairs_and_exhibitors(self, fairs: u64, exhibitors: u64) -> String {
        match self {
            Lang::Vi => format!("Hội chợ và nhà trưng bày ({} hội chợ, {} lượt trưng bày)", self.number(fairs), self.number(exhibitors)),
            Lang::En => format!("Fairs and exhibitors ({} fairs, {} exhibitors)", self.number(fairs), self.number(exhibitors)),
        }
    }

    /// Browser tab titles: `Làng nghề · Chợ Làng`.
    pub fn title(self, page: Msg) -> String {
        format!("{} · {}", self.t(page), self.t(Msg::BrandName))
    }
}

macro_rules! messages {
    ($($key:ident => $vi:literal, $en:literal;)+) => {
        /// Every fixed user-facing string. Add a line to `messages!` to add one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum Msg { $($key),+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),+];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Vi) => $vi, (Msg::$key, Lang::En) => $en,)+
                }
            }
        }
    };
}

messages! {
    BrandName => "Chợ Làng", "Chợ Làng";
    Tagline => "Sản phẩm làng nghề và OCOP Hà Nội", "Hà Nội craft-village and OCOP products";
    SkipToContent => "Bỏ qua, đến nội dung chính", "Skip to main content";
    MainNavigation => "Điều hướng chính", "Main navigation";
    NavHome => "Trang chủ", "Home";
    NavProducts => "Sản phẩm", "Products";
    NavVillages => "Làng nghề", "Craft villages";
    NavFairs => "Hội chợ", "Trade fairs";
    SearchLabel => "Tìm sản phẩm, làng nghề, cơ sở", "Search products, villages, producers";
    SearchPlaceholder => "Ví dụ: gốm Bát Tràng", "e.g. Bát Tràng ceramics";
    SearchButton => "Tìm", "Search";
    SuggestionsLabel => "Gợi ý tìm kiếm", "Search suggestions";
    SuggestionProducer => "Cơ sở sản xuất", "Producer";
    SwitchLanguageLabel => "Chuyển ngôn ngữ", "Change language";
    FooterAbout => "Chợ Làng kết nối giao thương cho làng nghề, sản phẩm thủ công mỹ nghệ và sản phẩm OCOP của Hà Nội.", "Chợ Làng connects Hà Nội's craft villages, fine-art handicrafts and OCOP products with buyers.";
    FooterDemo => "Dữ liệu trình diễn, không phải số liệu chính thức.", "Demonstration data, not official records.";
    Loading => "Đang tải…", "Loading…";

    HomeTitle => "Làng nghề và sản phẩm OCOP Hà Nội", "Hà Nội's craft villages and OCOP products";
    HomeLead => "Mua trực tiếp từ doanh nghiệp, hợp tác xã và hộ sản xuất của các làng nghề; tìm hội chợ; kết nối giao thương với nhà phân phối.", "Buy straight from the enterprises, cooperatives and households of the craft villages; find trade fairs; connect with distributors.";
    FiguresHeading => "Chương trình trong những con số", "The programme in figures";
    FigVillages => "làng nghề và làng nghề truyền thống", "craft villages and traditional craft villages";
    FigDistricts => "quận, huyện, thị xã có làng nghề", "districts and towns with craft villages";
    FigOcopProducts => "sản phẩm OCOP được đánh giá, phân hạng", "OCOP products assessed and rated";
    FigPotentialFive => "tiềm năng 5 sao", "potential 5-star";
    FigFiveStar => "5 sao quốc gia", "national 5-star";
    FigFourStar => "4 sao", "4-star";
    FigThreeStar => "3 sao", "3-star";
    FigProducers => "chủ thể sản xuất", "producers";
    FigJobs => "việc làm ở nông thôn", "rural jobs";
    FiguresStarsCaption => "Sản phẩm OCOP theo hạng sao", "OCOP products by star rating";
    FiguresKindsCaption => "Chủ thể OCOP theo loại hình", "OCOP producers by kind";
    FiguresLive => "Tính trực tiếp từ dữ liệu của Chợ Làng.", "Computed live from Chợ Làng's data.";
    ColumnRating => "Hạng", "Rating";
    ColumnCount => "Số lượng", "Count";
    ColumnShare => "Tỷ lệ", "Share";
    ColumnKind => "Loại hình", "Kind";
    DistrictPickerHeading => "Xem theo quận, huyện", "By district";
    DistrictPickerLabel => "Quận, huyện, thị xã", "District or town";
    DistrictPickerSubmit => "Xem", "Show";
    DistrictPickerChoose => "Chọn một quận, huyện", "Choose a district";
    ExploreVillages => "Khám phá các làng nghề", "Explore the craft villages";

    KindEnterprise => "Doanh nghiệp", "Enterprise";
    KindCooperative => "Hợp tác xã", "Cooperative";
    KindHousehold => "Hộ kinh doanh", "Household business";
    KindEnterprises => "Doanh nghiệp", "Enterprises";
    KindCooperatives => "Hợp tác xã", "Cooperatives";
    KindHouseholds => "Hộ kinh doanh", "Household businesses";
    DistrictKindUrban => "Quận", "Urban district";
    DistrictKindTown => "Thị xã", "Town";
    DistrictKindRural => "Huyện", "Rural district";
    MarkTrademark => "Nhãn hiệu", "Trademark";
    MarkCollective => "Nhãn hiệu tập thể", "Collective mark";
    MarkCertification => "Nhãn hiệu chứng nhận", "Certification mark";
    MarkGeographicalIndication => "Chỉ dẫn địa lý", "Geographical indication";

    VillagesTitle => "Làng nghề Hà Nội", "Hà Nội's craft villages";
    VillagesLead => "Các làng nghề theo quận, huyện, thị xã.", "The craft villages, by district and town.";
    VillageTraditional => "Làng nghề truyền thống", "Traditional craft village";

    ProductsTitle => "Sản phẩm", "Products";
    OutOfStock => "Tạm hết hàng", "Out of stock";
    ProductsEmpty => "Không có sản phẩm nào phù hợp.", "No products match.";
    ProductsEmptyFiltered => "Không có sản phẩm nào phù hợp với tìm kiếm và bộ lọc này.", "No products match this search and these filters.";
    FiltersHeading => "Bộ lọc", "Filters";
    FacetCategory => "Danh mục", "Category";
    FacetStars => "Hạng OCOP", "OCOP rating";
    FacetDistrict => "Quận, huyện, thị xã", "District or town";
    FacetVillage => "Làng nghề", "Craft village";
    FacetKind => "Loại hình cơ sở", "Producer kind";
    FacetPrice => "Giá", "Price";
    FacetInStock => "Chỉ hiện hàng còn", "In stock only";
    SortLabel => "Sắp xếp", "Sort by";
    SortRelevance => "Phù hợp nhất", "Best match";
    SortNewest => "Mới nhất", "Newest";
    SortPriceAsc => "Giá tăng dần", "Price: low to high";
    SortPriceDesc => "Giá giảm dần", "Price: high to low";
    SortStars => "Hạng sao cao nhất", "Highest rated";
    ApplySort => "Áp dụng", "Apply";
    ClearFilters => "Xóa tất cả bộ lọc", "Clear all filters";
    RemoveFilter => "Bỏ bộ lọc", "Remove filter";
    ActiveFilters => "Đang lọc theo", "Filtered by";
    Pagination => "Phân trang", "Pages";
    PreviousPage => "Trang trước", "Previous page";
    NextPage => "Trang sau", "Next page";
    FairsTitle => "Hội chợ, triển lãm", "Trade fairs and exhibitions";
    FairsEmpty => "Không có hội chợ nào sắp diễn ra khớp với lựa chọn này.", "No upcoming fair matches these choices.";

    // Detail pages (product, village, storefront) and SEO.
    ProductPhotos => "Ảnh sản phẩm", "Product photos";
    CategoryPath => "Danh mục sản phẩm", "Product category";
    ProductDescription => "Mô tả sản phẩm", "Description";
    OcopCertificateHeading => "Chứng nhận OCOP", "OCOP certificate";
    OcopPotentialFive => "OCOP tiềm năng 5 sao", "Potential 5-star OCOP";
    DecisionNumber => "Số quyết định", "Decision number";
    IssuingLevelLabel => "Cấp công nhận", "Awarded at";
    LevelCity => "Cấp thành phố", "City level";
    LevelNational => "Cấp quốc gia", "National level";
    DecisionDate => "Ngày quyết định", "Decision date";
    ValidUntil => "Hiệu lực đến", "Valid until";
    CertificateExpired => "Chứng nhận OCOP đã hết hiệu lực", "The OCOP certificate has expired";
    ExpiredOn => "Hết hiệu lực từ", "Expired on";
    MarksHeading => "Nhãn hiệu, chỉ dẫn địa lý", "Marks and geographical indications";
    MadeBy => "Cơ sở sản xuất", "Made by";
    VisitStorefront => "Xem gian hàng", "Visit the storefront";
    MoreFromProducer => "Sản phẩm khác của cơ sở", "More from this producer";
    SimilarProducts => "Sản phẩm tương tự", "Similar products";
    VillageLabel => "Làng nghề", "Craft village";
    VillageCrafts => "Nghề", "Crafts";
    VillageLocation => "Địa bàn", "Location";
    VillageStory => "Câu chuyện làng nghề", "The village's story";
    VillageProducers => "Các cơ sở sản xuất", "Producers";
    VillageProducts => "Sản phẩm của làng", "Products of the village";
    AllVillageProducts => "Xem tất cả sản phẩm của làng", "All products of this village";
    NoVerifiedProducers => "Chưa có cơ sở sản xuất nào được xác minh.", "No verified producers yet.";
    NoProductsYet => "Chưa có sản phẩm nào.", "No products yet.";
    ProducerAbout => "Giới thiệu", "About";
    OcopSummaryHeading => "Sản phẩm OCOP đang có hiệu lực", "OCOP products with a valid certificate";
    NoValidCertificates => "Chưa có sản phẩm OCOP nào đang có hiệu lực.", "No product holds a valid OCOP certificate.";
    ContactHeading => "Liên hệ", "Contact";
    AddressLabel => "Địa chỉ", "Address";
    PhoneLabel => "Điện thoại", "Phone";
    ProducerProducts => "Sản phẩm của cơ sở", "Products";
    AllProducerProducts => "Xem tất cả sản phẩm của cơ sở", "All products of this producer";
    MemberHouseholds => "Hộ thành viên", "Member households";
    MemberOf => "Thành viên của", "Member of";

    NotFoundTitle => "Không tìm thấy trang", "Page not found";
    NotFoundBody => "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.", "The page you are looking for does not exist or has moved.";
    BackHome => "Về trang chủ", "Back to the home page";

    ErrNotFound => "Không tìm thấy nội dung yêu cầu.", "What you asked for was not found.";
    ErrUnauthorized => "Bạn cần đăng nhập để làm việc này.", "You need to log in to do this.";
    ErrForbidden => "Bạn không có quyền làm việc này.", "You are not allowed to do this.";
    ErrOwnProduct => "Đây là sản phẩm của cơ sở bạn: không thể tự mua hay tự đánh giá.", "This is your own storefront's product: you cannot buy or review it.";
    ErrValidation => "Thông tin chưa hợp lệ, vui lòng kiểm tra lại.", "Some of the information is not valid; please check it.";
    ErrConflict => "Nội dung đã thay đổi hoặc đã tồn tại.", "This has changed or already exists.";
    ErrRateLimited => "Bạn thao tác quá nhanh, vui lòng thử lại sau ít phút.", "Too many attempts; please try again in a few minutes.";
    ErrBusy => "Máy chủ đang bận, vui lòng thử lại sau giây lát.", "The server is busy; please try again in a moment.";
    ErrInternal => "Đã có lỗi ở máy chủ. Vui lòng thử lại sau.", "Something went wrong on our side. Please try again later.";
    ErrNetwork => "Không kết nối được với máy chủ. Vui lòng kiểm tra mạng và thử lại.", "Could not reach the server. Please check your connection and try again.";
    ProblemRequired => "Vui lòng điền mục này.", "Please fill this in.";
    ProblemInvalidSlug => "Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang.", "Use only lower-case letters without accents, digits and hyphens.";
    ProblemUnknown => "Không có lựa chọn này.", "There is no such choice.";
    ProblemTooLong => "Nội dung quá dài.", "This is too long.";
    ProblemOutOfRange => "Giá trị nằm ngoài khoảng cho phép.", "This value is out of range.";
    ProblemMalformed => "Định dạng không đúng.", "This is not in the right format.";
    ProblemTooShort => "Nội dung quá ngắn.", "This is too short.";
    ProblemWeakPassword => "Mật khẩu quá dễ đoán: dùng ít nhất 10 ký tự, không phải mật khẩu phổ biến.", "This password is too easy to guess: use at least 10 characters that are not a common password.";
    ProblemTaken => "Email này đã được đăng ký.", "This email is already registered.";
    ProblemWrongPassword => "Mật khẩu hiện tại không đúng.", "The current password is not right.";
    ProblemUnsupportedFile => "Chỉ nhận ảnh JPEG, PNG hoặc WebP (giấy chứng nhận: cả PDF).", "Only JPEG, PNG or WebP images are accepted (certificates: PDF too).";
    ProblemFileSize => "Tệp trống hoặc lớn hơn 8 MB.", "The file is empty or larger than 8 MB.";
    ProblemImageTooLarge => "Ảnh quá lớn: tối đa 8000×8000 điểm ảnh và 40 megapixel.", "Image too large: at most 8000×8000 pixels and 40 megapixels.";
    ErrBadCredentials => "Email hoặc mật khẩu không đúng.", "Wrong email or password.";

    NavLogin => "Đăng nhập", "Log in";
    NavRegister => "Đăng ký", "Register";
    NavAccount => "Tài khoản", "Account";
    NavDashboard => "Gian hàng của tôi", "My storefront";
    NavOffice => "Văn phòng chương trình", "Programme office";
    AccountMenu => "Tài khoản của bạn", "Your account";
    LoginTitle => "Đăng nhập", "Log in";
    LoginLead => "Đăng nhập để mua hàng, quản lý gian hàng hoặc hội chợ.", "Log in to shop, or to manage your storefront or fairs.";
    RegisterTitle => "Tạo tài khoản", "Create an account";
    RegisterLead => "Một tài khoản để mua hàng. Cơ sở sản xuất đăng ký gian hàng sau khi tạo tài khoản.", "One account to shop with. Producers apply for a storefront once the account exists.";
    FieldEmail => "Email", "Email";
    FieldPassword => "Mật khẩu", "Password";
    FieldDisplayName => "Họ và tên", "Full name";
    FieldCurrentPassword => "Mật khẩu hiện tại", "Current password";
    FieldNewPassword => "Mật khẩu mới", "New password";
    PasswordHint => "Ít nhất 10 ký tự. Một câu ngắn dễ nhớ là mật khẩu tốt.", "At least 10 characters. A short sentence you remember makes a good password.";
    LoginSubmit => "Đăng nhập", "Log in";
    RegisterSubmit => "Tạo tài khoản", "Create account";
    NoAccountYet => "Chưa có tài khoản?", "No account yet?";
    HaveAccount => "Đã có tài khoản?", "Already have an account?";
    AccountTitle => "Tài khoản", "Account";
    SignedInAs => "Đang đăng nhập với", "Signed in as";
    RolesLabel => "Vai trò", "Roles";
    ChangePasswordHeading => "Đổi mật khẩu", "Change password";
    ChangePasswordSubmit => "Đổi mật khẩu", "Change password";
    PasswordChanged => "Đã đổi mật khẩu. Các phiên đăng nhập khác đã được đăng xuất.", "Password changed. Your other sessions have been logged out.";
    LogoutSubmit => "Đăng xuất", "Log out";
    Working => "Đang xử lý…", "Working…";
    Saved => "Đã lưu.", "Saved.";
    RoleConsumer => "Người mua", "Consumer";
    RoleProducerMember => "Thành viên cơ sở sản xuất", "Producer member";
    RoleOrganizer => "Đơn vị tổ chức hội chợ", "Fair organizer";
    RoleBuyer => "Nhà phân phối, người mua sỉ", "Distributor or wholesale buyer";
    RoleOffice => "Văn phòng chương trình", "Programme office";

    DashboardTitle => "Gian hàng của tôi", "My storefront";
    ApplyHeading => "Đăng ký gian hàng cho cơ sở sản xuất", "Apply for a producer storefront";
    ApplyLead => "Doanh nghiệp, hợp tác xã hoặc hộ sản xuất điền thông tin dưới đây. Văn phòng chương trình xác minh trước khi gian hàng được hiển thị công khai; trong lúc chờ, bạn vẫn chuẩn bị sản phẩm được.", "Enterprises, cooperatives and households fill in the details below. The programme office verifies them before the storefront goes public; meanwhile you can prepare your products.";
    ApplySubmit => "Gửi đăng ký", "Send application";
    FieldKind => "Loại hình", "Kind";
    FieldProducerName => "Tên cơ sở", "Producer's name";
    FieldVillage => "Làng nghề", "Craft village";
    FieldNoVillage => "Không thuộc làng nghề", "Not in a craft village";
    FieldCommune => "Xã, phường (khi không thuộc làng nghề)", "Commune or ward (when not in a craft village)";
    FieldChooseCommune => "Chọn xã, phường", "Choose a commune or ward";
    FieldAddress => "Địa chỉ (thôn, số nhà)", "Address (hamlet, number)";
    FieldPhone => "Số điện thoại", "Phone";
    FieldStory => "Giới thiệu (tiếng Việt)", "Story (Vietnamese)";
    FieldStoryEn => "Giới thiệu (tiếng Anh, không bắt buộc)", "Story (English, optional)";
    FieldContactEmail => "Email liên hệ (không bắt buộc)", "Contact email (optional)";
    StatusPending => "Đang chờ xác minh", "Waiting for verification";
    StatusVerified => "Đã xác minh", "Verified";
    StatusRejected => "Bị từ chối", "Rejected";
    PendingExplained => "Văn phòng chương trình đang xác minh cơ sở của bạn. Gian hàng và sản phẩm chưa hiển thị công khai.", "The programme office is verifying your producer. Your storefront and products are not public yet.";
    RejectedExplained => "Văn phòng chương trình đã từ chối đăng ký. Lý do:", "The programme office rejected the application. Reason:";
    ViewStorefront => "Xem gian hàng công khai", "View the public storefront";
    ProfileHeading => "Thông tin gian hàng", "Storefront profile";
    SaveProfile => "Lưu thông tin", "Save profile";
    PreviewHeading => "Xem trước", "Preview";
    ProductsHeading => "Sản phẩm", "Products";
    NewProduct => "Thêm sản phẩm", "Add a product";
    FilterStatus => "Trạng thái", "Status";
    AllStatuses => "Mọi trạng thái", "All statuses";
    ProductStatusDraft => "Nháp", "Draft";
    ProductStatusPublished => "Đang bán", "Published";
    ProductStatusArchived => "Đã lưu trữ", "Archived";
    StockLabel => "Tồn kho", "Stock";
    SaveStock => "Lưu", "Save";
    EditAction => "Sửa", "Edit";
    DuplicateAction => "Nhân bản", "Duplicate";
    ArchiveAction => "Lưu trữ", "Archive";
    PublishAction => "Đăng bán", "Publish";
    UnpublishAction => "Ngừng bán", "Unpublish";
    NoProductsInDashboard => "Chưa có sản phẩm nào.", "No products yet.";
    SearchMyProducts => "Tìm trong sản phẩm của tôi", "Search my products";
    ColumnProduct => "Sản phẩm", "Product";
    ColumnPrice => "Giá", "Price";
    ColumnStatus => "Trạng thái", "Status";
    ColumnActions => "Thao tác", "Actions";
    EditProductTitle => "Sửa sản phẩm", "Edit product";
    NewProductTitle => "Sản phẩm mới", "New product";
    FieldNameVi => "Tên sản phẩm (tiếng Việt)", "Name (Vietnamese)";
    FieldNameEn => "Tên sản phẩm (tiếng Anh, không bắt buộc)", "Name (English, optional)";
    FieldDescriptionVi => "Mô tả (tiếng Việt)", "Description (Vietnamese)";
    FieldDescriptionEn => "Mô tả (tiếng Anh, không bắt buộc)", "Description (English, optional)";
    FieldCategory => "Danh mục", "Category";
    FieldChooseCategory => "Chọn danh mục", "Choose a category";
    FieldPrice => "Giá bán lẻ (đồng)", "Retail price (đồng)";
    FieldUnit => "Đơn vị", "Unit";
    FieldStock => "Tồn kho", "Stock";
    FieldWholesalePrice => "Giá sỉ (đồng, không bắt buộc)", "Wholesale price (đồng, optional)";
    FieldMinOrder => "Số lượng tối thiểu cho giá sỉ", "Minimum quantity for the wholesale price";
    FieldRetailMin => "Số lượng mua lẻ tối thiểu", "Fewest units a consumer buys";
    FieldMember => "Hộ thành viên (sản phẩm của hộ nào)", "Member household (whose product it is)";
    FieldMemberNone => "Của chính hợp tác xã", "The cooperative's own";
    SaveProduct => "Lưu sản phẩm", "Save product";
    BackToDashboard => "Về gian hàng", "Back to my storefront";
    PhotosHeading => "Ảnh sản phẩm", "Photos";
    PhotosHint => "JPEG, PNG hoặc WebP, tối đa 8 MB mỗi ảnh. Ảnh đầu tiên là ảnh bìa.", "JPEG, PNG or WebP, up to 8 MB each. The first photo is the cover.";
    UploadPhoto => "Tải ảnh lên", "Upload photo";
    ChoosePhoto => "Chọn ảnh", "Choose a photo";
    Uploading => "Đang tải lên", "Uploading";
    MakeCover => "Đặt làm ảnh bìa", "Make cover";
    MoveEarlier => "Lên trước", "Move earlier";
    MoveLater => "Ra sau", "Move later";
    RemovePhoto => "Xoá ảnh", "Remove photo";
    CoverPhoto => "Ảnh bìa", "Cover";
    NoPhotosYet => "Chưa có ảnh. Sản phẩm cần ít nhất một ảnh.", "No photos yet. A product needs at least one photo.";
    SaveFirstForPhotos => "Lưu sản phẩm trước, rồi thêm ảnh.", "Save the product first, then add photos.";
    LogoHeading => "Logo và ảnh bìa", "Logo and banner";
    UploadLogo => "Tải logo", "Upload logo";
    UploadBanner => "Tải ảnh bìa gian hàng", "Upload banner";

    OfficeTitle => "Xác minh cơ sở sản xuất", "Producer verification";
    OfficeLead => "Các cơ sở đang chờ xác minh, cũ nhất trước.", "Producers waiting for verification, oldest first.";
    NoPendingProducers => "Không có cơ sở nào đang chờ.", "No producer is waiting.";
    ApproveAction => "Xác minh", "Verify";
    RejectAction => "Từ chối", "Reject";
    RejectReason => "Lý do từ chối", "Reason for rejecting";
    AppliedAt => "Đăng ký lúc", "Applied at";
    ApplicantLabel => "Người đăng ký", "Applicant";
    Reviewed => "Đã xử lý.", "Done.";
    CopySuffix => "bản sao", "copy";
    FromMemberHousehold => "Sản phẩm của hộ thành viên", "From member household";
    AddMemberHeading => "Thêm hộ thành viên", "Add a member household";
    AddMemberSubmit => "Thêm hộ thành viên", "Add member household";
    FieldMemberName => "Tên hộ (chủ hộ)", "Household name (head of household)";
    CertificatesHeading => "Giấy chứng nhận OCOP", "OCOP certificates";
    CertificatesHint => "Gửi quyết định công nhận kèm bản chụp (ảnh hoặc PDF). Giấy chứng nhận chỉ hiển thị công khai sau khi văn phòng chương trình xác minh.", "Send the rating decision with a scan (image or PDF). A certificate is shown publicly only after the programme office verifies it.";
    FieldStars => "Số sao", "Stars";
    FieldScan => "Bản chụp quyết định (JPEG, PNG, WebP hoặc PDF, tối đa 8 MB)", "Scan of the decision (JPEG, PNG, WebP or PDF, up to 8 MB)";
    SubmitCertificate => "Gửi giấy chứng nhận", "Submit certificate";
    CertificateSubmitted => "Đã gửi giấy chứng nhận, đang chờ xác minh.", "Certificate submitted; waiting for verification.";
    NoCertificates => "Chưa có giấy chứng nhận nào.", "No certificates yet.";
    OfficeCertificatesHeading => "Giấy chứng nhận OCOP chờ xác minh", "OCOP certificates waiting for verification";
    NoPendingCertificates => "Không có giấy chứng nhận nào đang chờ.", "No certificate is waiting.";
    ViewScan => "Xem bản chụp", "View the scan";
    Save => "Lưu", "Save";
    Quantity => "Số lượng", "Quantity";
    Update => "Cập nhật", "Update";
    AddToCart => "Thêm vào giỏ", "Add to cart";
    AddedToCart => "Đã thêm vào giỏ hàng.", "Added to your cart.";
    ViewCart => "Xem giỏ hàng", "View cart";
    NavCart => "Giỏ hàng", "Cart";
    NavOrders => "Đơn hàng", "Orders";
    NavFavourites => "Yêu thích", "Favourites";
    FavouriteSave => "♡ Lưu vào yêu thích", "♡ Save to favourites";
    FavouriteSaved => "♥ Đã lưu — bỏ lưu", "♥ Saved — remove";
    NoFavourites => "Bạn chưa lưu sản phẩm hay cơ sở nào.", "You have not saved any products or producers yet.";
    FavouriteProducers => "Cơ sở sản xuất đã lưu", "Saved producers";
    FavouriteProducts => "Sản phẩm đã lưu", "Saved products";
    CartTitle => "Giỏ hàng", "Your cart";
    CartEmpty => "Giỏ hàng đang trống.", "Your cart is empty.";
    BrowseProducts => "Xem sản phẩm", "Browse products";
    GrandTotal => "Tổng cộng", "Grand total";
    GoToCheckout => "Đặt hàng", "Go to checkout";
    CartHasProblems => "Có sản phẩm trong giỏ chưa thể đặt; hãy sửa số lượng hoặc bỏ sản phẩm đó.", "Some lines of your cart cannot be ordered as they are; change the quantity or remove them.";
    ProductColumn => "Sản phẩm", "Product";
    UnitPrice => "Đơn giá", "Unit price";
    LineTotal => "Thành tiền", "Amount";
    RemoveFromCart => "Bỏ khỏi giỏ", "Remove";
    Subtotal => "Tạm tính", "Subtotal";
    ShippingFee => "Phí vận chuyển", "Shipping";
    FreeShipping => "Miễn phí", "Free";
    OrderTotal => "Tổng đơn", "Order total";
    CheckoutTitle => "Đặt hàng", "Checkout";
    BackToCart => "Quay lại giỏ hàng", "Back to the cart";
    DeliveryHeading => "Giao hàng", "Delivery";
    FieldRecipient => "Người nhận", "Recipient";
    FieldProvince => "Tỉnh / thành phố", "Province / city";
    FieldWard => "Xã / phường", "Commune / ward";
    FieldStreet => "Số nhà, đường, thôn xóm", "House number, street, hamlet";
    FieldOrderNote => "Ghi chú", "Note";
    PaymentHeading => "Thanh toán", "Payment";
    BankTransferExplained => "Chuyển khoản: mỗi đơn có mã tham chiếu riêng; cơ sở xác nhận khi nhận được tiền.", "Bank transfer: each order has its own reference; the producer confirms when the money arrives.";
    PlaceOrder => "Xác nhận đặt hàng", "Place order";
    OrderSummaryHeading => "Tóm tắt đơn hàng", "Order summary";
    OrdersTitle => "Đơn hàng của tôi", "My orders";
    OrderTitle => "Đơn hàng", "Order";
    OrderNumber => "Mã đơn", "Order number";
    PlacedAt => "Ngày đặt", "Placed";
    ProducerColumn => "Cơ sở", "Producer";
    StatusColumn => "Trạng thái", "Status";
    OrderPlaced => "Đặt hàng thành công!", "Your order is placed!";
    NoOrders => "Chưa có đơn hàng nào.", "No orders yet.";
    TimelineHeading => "Tiến trình", "Progress";
    Shipment => "Vận chuyển", "Shipment";
    CancelReason => "Lý do huỷ", "Reason for cancelling";
    BankAccount => "Tài khoản nhận chuyển khoản", "Account for transfers";
    PaymentReceived => "Cơ sở đã nhận được tiền.", "The producer has received the payment.";
    PaymentAwaited => "Đang chờ chuyển khoản.", "Waiting for the transfer.";
    SoldBy => "Bán bởi", "Sold by";
    CancelOrder => "Huỷ đơn", "Cancel the order";
    ReviewHeading => "Đánh giá sản phẩm đã nhận", "Review what you received";
    ReviewBody => "Nhận xét (không bắt buộc)", "Comments (optional)";
    SubmitReview => "Gửi đánh giá", "Submit review";
    ReviewsHeading => "Đánh giá của khách hàng", "Customer reviews";
    NoReviews => "Chưa có đánh giá nào.", "No reviews yet.";
    OrderActions => "Xử lý đơn", "Fulfil the order";
    ConfirmOrder => "Xác nhận đơn", "Confirm the order";
    FieldCarrier => "Đơn vị vận chuyển", "Carrier";
    FieldTracking => "Mã vận đơn", "Tracking number";
    ShipOrder => "Đã gửi hàng", "Mark as shipped";
    DeliverOrder => "Đã giao hàng", "Mark as delivered";
    ConfirmPayment => "Đã nhận chuyển khoản", "Transfer received";
    AllOrders => "Tất cả", "All";
    OrderInboxTitle => "Đơn hàng của cơ sở", "Orders to fulfil";
    ShippingHeading => "Phí vận chuyển và chuyển khoản", "Shipping and transfers";
    FieldFlatFee => "Phí vận chuyển mỗi đơn (₫)", "Shipping fee per order (₫)";
    FieldFreeFrom => "Miễn phí vận chuyển cho đơn từ (₫)", "Free shipping for orders from (₫)";
    StatusPlaced => "Đã đặt", "Placed";
    StatusConfirmed => "Đã xác nhận", "Confirmed";
    StatusShipped => "Đang giao", "Shipped";
    StatusDelivered => "Đã giao", "Delivered";
    StatusCancelled => "Đã huỷ", "Cancelled";
    PayCashOnDelivery => "Thanh toán khi nhận hàng (COD)", "Cash on delivery";
    PayBankTransfer => "Chuyển khoản ngân hàng", "Bank transfer";
    ProblemUnavailable => "Sản phẩm này hiện không bán.", "This product is no longer on sale.";
    ProblemOutOfStock => "Sản phẩm đã hết hàng.", "This product is out of stock.";
    ProblemNoneLeft => "Không còn chỗ trống loại này.", "None of this kind is left.";
    NavOrganizer => "Ban tổ chức", "Organizer";
    FairsLead => "Hội chợ, triển lãm kết nối sản phẩm làng nghề và OCOP với người mua.", "Fairs and exhibitions connecting craft-village and OCOP products with buyers.";
    SubscribeCalendar => "Theo dõi lịch hội chợ (.ics)", "Subscribe to the fairs calendar (.ics)";
    FilterMonth => "Tháng", "Month";
    FilterDistrict => "Quận, huyện", "District";
    FilterCategory => "Ngành hàng", "Category";
    FilterStars => "Số sao OCOP", "OCOP stars";
    AnyChoice => "Tất cả", "Any";
    ApplyFilters => "Lọc", "Filter";
    UpcomingFairs => "Sắp diễn ra", "Upcoming";
    PastFairs => "Đã diễn ra", "Past";
    FairDates => "Thời gian", "Dates";
    FairVenue => "Địa điểm", "Venue";
    FairContact => "Liên hệ ban tổ chức", "Organizer contact";
    ApplicationDeadline => "Hạn đăng ký gian hàng", "Application deadline";
    FocusCategories => "Ngành hàng trọng tâm", "Focus category";
    AddToCalendar => "Thêm vào lịch", "Add to calendar";
    AboutFair => "Giới thiệu", "About";
    BoothsHeading => "Gian hàng", "Booths";
    BoothType => "Loại gian", "Booth type";
    BoothSize => "Kích thước", "Size";
    BoothCount => "Số gian", "Number of booths";
    BoothsLeft => "Còn trống", "Left";
    BoothNumber => "Gian số", "Booth";
    ExhibitorsHeading => "Đơn vị tham gia", "Exhibitors";
    NoExhibitorsYet => "Chưa có đơn vị nào được duyệt.", "No exhibitor approved yet.";
    ImInterested => "Tôi quan tâm", "I'm interested";
    Interested => "✓ Đã quan tâm — bỏ", "✓ Interested — undo";
    ExhibitNeedsVerification => "Cơ sở của bạn cần được xác minh trước khi đăng ký gian hàng.", "Your storefront must be verified before it can apply for a booth.";
    ApplyToExhibit => "Đăng ký gian hàng", "Apply for a booth";
    ProductsToShow => "Sản phẩm trưng bày", "Products to show";
    SendApplication => "Gửi đăng ký", "Send the application";
    ApplicationSent => "Đã gửi đăng ký, chờ ban tổ chức duyệt.", "Application sent; the organizer will review it.";
    WithdrawApplication => "Rút đăng ký", "Withdraw";
    MyFairApplications => "Đăng ký tham gia hội chợ", "Fair applications";
    NoApplications => "Chưa có đăng ký nào.", "No applications yet.";
    OrganizerTitle => "Quản lý hội chợ", "Organizer console";
    MyFairs => "Hội chợ của tôi", "My fairs";
    NoFairsYet => "Bạn chưa tạo hội chợ nào.", "You have not created a fair yet.";
    CreateFair => "Tạo hội chợ", "Create a fair";
    EditFair => "Sửa thông tin hội chợ", "Edit the fair";
    FieldFairName => "Tên hội chợ", "Fair name";
    FieldFairNameEn => "Tên tiếng Anh", "Name in English";
    FieldStartsAt => "Bắt đầu", "Starts";
    FieldEndsAt => "Kết thúc", "Ends";
    FieldVenueName => "Tên địa điểm", "Venue";
    FieldVenueAddress => "Địa chỉ", "Address";
    FieldContactName => "Người liên hệ", "Contact person";
    ViewPublicPage => "Xem trang công khai", "View the public page";
    PublishFair => "Công bố", "Publish";
    FinishFair => "Kết thúc hội chợ", "Mark as finished";
    CancelFair => "Huỷ hội chợ", "Cancel the fair";
    AddBoothType => "Thêm loại gian", "Add a booth type";
    ApplicationsHeading => "Đăng ký gian hàng", "Applications";
    Approve => "Duyệt", "Approve";
    Reject => "Từ chối", "Reject";
    ExhibitingAt => "Sắp tham gia hội chợ", "Exhibiting at";
    FairDraft => "Bản nháp", "Draft";
    FairPublished => "Đã công bố", "Published";
    FairCancelled => "Đã huỷ", "Cancelled";
    FairFinished => "Đã kết thúc", "Finished";
    ApplicationPending => "Chờ duyệt", "Pending";
    ApplicationApproved => "Đã duyệt", "Approved";
    ApplicationRejected => "Bị từ chối", "Rejected";
    ApplicationWithdrawn => "Đã rút", "Withdrawn";
    NavPointsOfSale => "Điểm bán", "Where to buy";
    PointsOfSaleTitle => "Điểm bán sản phẩm OCOP", "Where to buy OCOP products";
    PointsOfSaleLead => "Cửa hàng OCOP, showroom ở làng nghề, siêu thị, quầy ở trung tâm thương mại và chuỗi phân phối.", "OCOP shops, craft-village showrooms, supermarkets, mall counters and distribution chains.";
    NoPointsOfSale => "Chưa có điểm bán nào.", "No points of sale yet.";
    PosKindLabel => "Loại điểm bán", "Kind";
    NearestTo => "Gần quận, huyện", "Nearest to";
    SortNearest => "Xếp gần nhất", "Nearest first";
    AlsoSoldAt => "Có bán tại", "Also sold at";
    OpeningHours => "Giờ mở cửa", "Opening hours";
    StockedProducts => "Sản phẩm có bán", "Products stocked";
    NoStockedProducts => "Chưa có sản phẩm nào.", "No products listed yet.";
    ManagePointsOfSale => "Quản lý điểm bán", "Manage points of sale";
    CreatePointOfSale => "Thêm điểm bán", "Add a point of sale";
    EditPointOfSale => "Sửa điểm bán", "Edit the point of sale";
    DeletePointOfSale => "Xoá điểm bán", "Delete the point of sale";
    PosName => "Tên điểm bán", "Name";
    Latitude => "Vĩ độ (không bắt buộc)", "Latitude (optional)";
    Longitude => "Kinh độ (không bắt buộc)", "Longitude (optional)";
    AddByProduct => "Thêm sản phẩm (mã trong đường dẫn)", "Add a product (its URL slug)";
    AddByProducer => "Thêm mọi sản phẩm của cơ sở (mã)", "Add all of a producer's products (its slug)";
    AddByCategory => "Thêm mọi sản phẩm của ngành hàng (mã)", "Add all products of a category (its slug)";
    Add => "Thêm", "Add";
    PosOcopShop => "Cửa hàng OCOP", "OCOP shop";
    PosVillageShowroom => "Showroom tại làng nghề", "Craft-village showroom";
    PosSupermarket => "Siêu thị", "Supermarket";
    PosMallCounter => "Quầy tại trung tâm thương mại", "Shopping-centre counter";
    PosChainOutlet => "Cửa hàng chuỗi phân phối", "Distribution-chain outlet";
    PosCoopShop => "Cửa hàng hợp tác xã", "Cooperative shop";
    EventKindLabel => "Loại sự kiện", "Kind of event";
    EventKindHint => "Sự kiện trực tuyến cần đường dẫn, không cần địa điểm; hội thảo cần chương trình và số chỗ; phiên chợ làng nghề cần chọn làng.", "An online event needs a link and no venue; a workshop needs an agenda and a capacity; a market day needs its village.";
    KindTradeFair => "Hội chợ", "Trade fair";
    KindExhibition => "Triển lãm", "Exhibition";
    KindConference => "Hội nghị kết nối giao thương", "Trade-connection conference";
    KindWorkshop => "Hội thảo", "Workshop";
    KindLivestream => "Phiên livestream bán hàng", "Livestream sales night";
    KindMarketDay => "Phiên chợ làng nghề", "Craft-village market day";
    FieldOnlineUrl => "Đường dẫn sự kiện trực tuyến", "Online event link";
    FieldAgenda => "Chương trình", "Agenda";
    FieldCapacity => "Số chỗ đăng ký", "Places";
    OnlineEvent => "Trực tuyến", "Online";
    RegistrationHeading => "Đăng ký tham dự", "Registration";
    Register => "Đăng ký", "Register";
    Unregister => "Huỷ đăng ký", "Cancel my registration";
    RegisteredAs => "Bạn đã đăng ký với tư cách", "You are registered as";
    OtherParticipants => "Những người tham dự khác", "Other participants";
    RegistrationClosed => "Đã đóng đăng ký.", "Registration is closed.";
    RegistrationNeedsLogin => "Đăng nhập bằng tài khoản người mua hoặc cơ sở sản xuất để đăng ký.", "Log in as a buyer or a producer to register.";
    RoleAsBuyer => "người mua", "buyer";
    RoleAsProducer => "cơ sở sản xuất", "producer";
    FairCover => "Ảnh bìa", "Cover photo";
    UploadCover => "Tải ảnh bìa lên", "Upload the cover";


    StatusSuspended => "Bị tạm gỡ", "Suspended";
    SuspendedExplained => "Văn phòng chương trình đã tạm gỡ gian hàng của bạn. Lý do:", "The programme office has taken your storefront down. Reason:";
    ModeratedExplained => "Văn phòng chương trình đã gỡ sản phẩm này. Lý do:", "The programme office has taken this product down. Reason:";
    TradeTitle => "Kết nối giao thương", "Trade connection";
    TradeLead => "Gửi yêu cầu báo giá tới cơ sở sản xuất, nhận báo giá và trao đổi trực tiếp.", "Send requests for quotes to producers, receive quotes and talk to them directly.";
    BusinessIntro => "Đăng ký doanh nghiệp của bạn để xem giá sỉ và gửi yêu cầu báo giá. Văn phòng chương trình sẽ xác minh.", "Register your business to see wholesale prices and send requests for quotes. The programme office verifies it.";
    BusinessHeading => "Doanh nghiệp của bạn", "Your business";
    BusinessName => "Tên doanh nghiệp", "Business name";
    BusinessKind => "Loại hình", "Kind of business";
    TaxCode => "Mã số thuế", "Tax code";
    ContactPerson => "Người liên hệ", "Contact person";
    RegisterBusiness => "Gửi đăng ký", "Register";
    ChooseOne => "Chọn…", "Choose…";
    BusinessPendingExplained => "Văn phòng chương trình đang xác minh doanh nghiệp của bạn.", "The programme office is verifying your business.";
    BusinessVerifiedExplained => "Doanh nghiệp đã được xác minh: bạn xem được giá sỉ và gửi được yêu cầu báo giá.", "Your business is verified: you see wholesale prices and can send requests for quotes.";
    BroadcastHeading => "Gửi yêu cầu tới nhiều cơ sở", "Send a request to many producers";
    BroadcastLead => "Chọn ngành hàng, quận/huyện, số sao OCOP và loại hình cơ sở; yêu cầu được gửi tới mọi cơ sở phù hợp.", "Pick a category, district, OCOP stars and kind of producer; the request goes to every producer that matches.";
    MinStars => "Số sao OCOP tối thiểu", "Minimum OCOP stars";
    FilterProducerKind => "Loại hình cơ sở", "Kind of producer";
    SendBroadcast => "Gửi tới các cơ sở phù hợp", "Send to matching producers";
    TradeQuantity => "Số lượng", "Quantity";
    TradeUnit => "Đơn vị", "Unit";
    TargetPrice => "Giá mong muốn (đồng / đơn vị)", "Target price (đồng per unit)";
    TargetPriceHint => "Không bắt buộc.", "Optional.";
    WantedBy => "Cần trước ngày", "Wanted by";
    DeliveryPlace => "Nơi giao hàng", "Delivery place";
    TradeMessage => "Lời nhắn", "Message";
    MyTradeRequests => "Yêu cầu của bạn", "Your requests";
    NoTradeRequests => "Chưa có yêu cầu nào.", "No requests yet.";
    TradeRequestColumn => "Yêu cầu", "Request";
    ColumnProducerOrBuyer => "Cơ sở · Người mua", "Producer · Buyer";
    BroadcastBadge => "Gửi nhiều nơi", "Broadcast";
    SuggestedProducers => "Cơ sở gợi ý cho bạn", "Producers suggested for you";
    NoSuggestions => "Gửi yêu cầu đầu tiên để nhận gợi ý cơ sở phù hợp.", "Send a first request to get suggestions of matching producers.";
    AskForQuote => "Yêu cầu báo giá", "Ask for a quote";
    MeetingsHeading => "Lịch gặp tại hội chợ", "Meetings at fairs";
    NoMeetings => "Chưa có lịch gặp nào.", "No meetings yet.";
    AcceptAction => "Đồng ý", "Accept";
    DeclineAction => "Từ chối", "Decline";
    NewTradeRequestTitle => "Yêu cầu báo giá", "Request for a quote";
    RequestProducts => "Sản phẩm", "Products";
    SendRequest => "Gửi yêu cầu", "Send the request";
    TradeBuyer => "Người mua", "Buyer";
    TradeProducer => "Cơ sở sản xuất", "Producer";
    CreatedAt => "Ngày gửi", "Sent on";
    QuotesHeading => "Báo giá", "Quotes";
    NoQuotes => "Chưa có báo giá.", "No quote yet.";
    AcceptQuote => "Chấp nhận báo giá", "Accept the quote";
    SendQuote => "Gửi báo giá", "Send a quote";
    QuotePrice => "Đơn giá (đồng)", "Unit price (đồng)";
    LeadTimeDays => "Thời gian chuẩn bị (ngày)", "Lead time (days)";
    ThreadHeading => "Trao đổi", "Conversation";
    PostMessage => "Gửi lời nhắn", "Send the message";
    ProducerTradeTitle => "Yêu cầu từ người mua", "Requests from buyers";
    IncomingRequests => "Yêu cầu báo giá nhận được", "Requests for quotes received";
    WholesaleHeading => "Giá sỉ", "Wholesale price";
    NoWholesaleTerms => "Sản phẩm này chưa có giá sỉ; hãy gửi yêu cầu báo giá.", "No wholesale price for this product yet; ask for a quote.";
    MeetingHeading => "Hẹn gặp nhà trưng bày", "Meet an exhibitor";
    NoMeetingSlots => "Không còn khung giờ hẹn gặp.", "No meeting slots left.";
    Exhibitor => "Nhà trưng bày", "Exhibitor";
    MeetingSlot => "Khung giờ (30 phút)", "Slot (30 minutes)";
    AskMeeting => "Xin hẹn gặp", "Ask for a meeting";
    OfficeBuyersHeading => "Người mua chờ xác minh", "Buyers waiting for verification";
    RolesHeading => "Vai trò tài khoản", "Account roles";
    RolesLead => "Cấp hoặc thu hồi vai trò ban tổ chức hội chợ hay văn phòng chương trình cho một tài khoản đã đăng ký.", "Grant or revoke the trade-fair organizer or programme-office role of a registered account.";
    RoleLabel => "Vai trò", "Role";
    RoleChange => "Thay đổi", "Change";
    GrantRole => "Cấp vai trò", "Grant the role";
    RevokeRole => "Thu hồi vai trò", "Revoke the role";
    ApplyRole => "Lưu", "Save";
    RoleSaved => "Đã lưu vai trò.", "Role saved.";
    NoPendingBuyers => "Không có người mua nào chờ xác minh.", "No buyers waiting.";
    CorrectStars => "Số sao", "Stars";
    KeepAsEntered => "Giữ như đã khai", "Keep as entered";
    CorrectExpiry => "Hạn mới", "New expiry";
    SaveAction => "Lưu", "Save";
    ExpiringHeading => "Chứng nhận sắp hết hạn (90 ngày)", "Certificates expiring within 90 days";
    ExpiredHeading => "Chứng nhận đã hết hạn", "Expired certificates";
    NoneExpiring => "Không có chứng nhận nào sắp hết hạn.", "No certificate expires within 90 days.";
    NoneExpired => "Không có chứng nhận nào đã hết hạn.", "No expired certificates.";
    ModerationHeading => "Gỡ sản phẩm, gian hàng", "Take down a product or storefront";
    ModerationWhat => "Gỡ", "Take down";
    Storefront => "Gian hàng", "Storefront";
    ModerationSlug => "Đường dẫn (slug)", "Slug";
    ModerationReason => "Lý do (cơ sở sẽ thấy)", "Reason (the producer sees it)";
    Unpublish => "Gỡ xuống", "Take down";
    LiftModeration => "Khôi phục", "Restore";
    NothingModerated => "Không có gì đang bị gỡ.", "Nothing is taken down.";
    OfficeStatsTitle => "Thống kê chương trình", "Programme statistics";
    OfficeStatsLead => "Mọi con số được tính từ dữ liệu hiện tại.", "Every figure is counted from the live data.";
    ChartItem => "Mục", "Item";
    ChartTotal => "Tổng", "Total";
    ChartVillagesByDistrict => "Làng nghề theo quận, huyện, thị xã", "Craft villages by district";
    ChartOcopByCategory => "Sản phẩm OCOP theo ngành hàng", "OCOP products by category";
    ChartOrdersByMonth => "Đơn hàng theo tháng", "Orders by month";
    ChartRequestsByMonth => "Yêu cầu giao thương theo tháng", "Trade requests by month";
    VerifiedBuyers => "Người mua đã xác minh", "Verified buyers";
    ExportsHeading => "Xuất dữ liệu (CSV)", "Exports (CSV)";
    ExportProducts => "Sản phẩm", "Products";
    ExportProducers => "Cơ sở sản xuất", "Producers";
    ExportVillages => "Làng nghề", "Craft villages";
    ExportCertificates => "Chứng nhận OCOP", "OCOP certificates";
    ExportTradeRequests => "Yêu cầu giao thương", "Trade requests";
    NavTrade => "Giao thương", "Trade";
    ErrOutOfStock => "Không đủ hàng cho đơn này; chưa có gì được đặt.", "Not enough stock for this order; nothing was placed.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for msg in Msg::ALL {
            assert!(!msg.text(Lang::Vi).trim().is_empty(), "{msg:?} vi");
            assert!(!msg.text(Lang::En).trim().is_empty(), "{msg:?} en");
        }
    }

    #[test]
    fn vietnamese_differs_from_english_where_it_should() {
        assert_ne!(Lang::Vi.t(Msg::NavVillages), Lang::En.t(Msg::NavVillages));
        assert_eq!(Lang::Vi.t(Msg::NavVillages), "Làng nghề");
    }

    #[test]
    fn numbers_and_shares() {
        assert_eq!(Lang::Vi.number(1054), "1.054");
        assert_eq!(Lang::En.number(1054), "1,054");
        assert_eq!(Lang::Vi.per_mille(694), "69,4 %");
        assert_eq!(Lang::En.per_mille(16), "1.6%");
        assert_eq!(Lang::En.count_products(1), "1 product");
    }

    #[test]
    fn parses_codes() {
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::default(), Lang::Vi);
    }
}

/// The language a request asks for: `?lang=` first, then the `lang` cookie's value (read with
/// the one cookie parser, `backend::cookies`), else Vietnamese. Returns whether `?lang=` chose
/// it, so the server can remember the choice in the cookie.
pub fn lang_from_request(query: Option<&str>, lang_cookie: Option<&str>) -> (Lang, bool) {
    let from_query = query.and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == LANG_PARAM)
            .and_then(|(_, v)| Lang::parse(v))
    });
    if let Some(lang) = from_query {
        return (lang, true);
    }
    (lang_cookie.and_then(Lang::parse).unwrap_or_default(), false)
}

/// The `Set-Cookie` value that remembers a language for a year.
pub fn lang_cookie(lang: Lang) -> String {
    format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code())
}

/// The page language, fixed for the page's lifetime (switching reloads the page, so the
/// server renders it and the cookie is set).
///
/// In the browser an island has no context from the server-rendered page around it, so
/// there the language is what the server rendered into `<html lang>`.
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_else(|| {
        #[cfg(feature = "hydrate")]
        return crate::browser::document_lang().unwrap_or_default();
        #[cfg(not(feature = "hydrate"))]
        Lang::default()
    })
}

#[cfg(test)]
mod request_tests {
    use super::*;

    #[test]
    fn query_beats_cookie_beats_default() {
        assert_eq!(lang_from_request(Some("a=1&lang=en"), Some("vi")), (Lang::En, true));
        assert_eq!(lang_from_request(Some("lang=xx"), Some("en")), (Lang::En, false));
        assert_eq!(lang_from_request(None, None), (Lang::Vi, false));
        assert_eq!(lang_from_request(Some("lang="), Some("")), (Lang::Vi, false));
    }
}
