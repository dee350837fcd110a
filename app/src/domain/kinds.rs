//! The closed sets of values the marketplace uses, each with a stable code. The code is what
//! the database stores (via sea-orm's `DeriveActiveEnum` on the server), what URLs carry and
//! what the wire format uses; labels come from the translation layer, never from here.

#[cfg(feature = "ssr")]
use sea_orm::entity::prelude::StringLen;

macro_rules! code_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))"))]
        pub enum $name {
            $(
                #[serde(rename = $code)]
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $code))]
                $variant,
            )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

code_enum! {
    /// The three legal forms behind OCOP products.
    pub enum ProducerKind {
        Enterprise = "enterprise",
        Cooperative = "cooperative",
        Household = "household",
    }
}

code_enum! {
    /// What a user may do; a user can hold several roles.
    pub enum Role {
        Consumer = "consumer",
        ProducerMember = "producer_member",
        Organizer = "organizer",
        Buyer = "buyer",
        ProgrammeOffice = "programme_office",
    }
}

code_enum! {
    /// Whether the programme office has checked a producer, buyer or certificate.
    /// `Suspended`: taken down by the office (moderation), with a reason the owner sees.
    pub enum VerificationStatus {
        Pending = "pending",
        Verified = "verified",
        Rejected = "rejected",
        Suspended = "suspended",
    }
}

code_enum! {
    /// Draft products are visible only to their producer; archived ones are kept for orders.
    pub enum ProductStatus {
        Draft = "draft",
        Published = "published",
        Archived = "archived",
    }
}

code_enum! {
    pub enum IssuingLevel {
        City = "city",
        National = "national",
    }
}

code_enum! {
    /// Intellectual-property marks a craft village's products may carry.
    pub enum MarkKind {
        Trademark = "trademark",
        CollectiveMark = "collective_mark",
        CertificationMark = "certification_mark",
        GeographicalIndication = "geographical_indication",
    }
}

code_enum! {
    pub enum DistrictKind {
        UrbanDistrict = "urban_district",
        Town = "town",
        RuralDistrict = "rural_district",
    }
}

code_enum! {
    /// Selling units. Quantities are whole numbers of these.
    pub enum Unit {
        Piece = "piece",
        Set = "set",
        Box = "box",
        Kg = "kg",
        Bag = "bag",
        Bottle = "bottle",
        Jar = "jar",
        Metre = "metre",
        Pack = "pack",
        Pair = "pair",
    }
}

code_enum! {
    /// Where an order is in its life: placed → confirmed → shipped → delivered, or cancelled
    /// (by the consumer while placed, by the producer until it ships).
    pub enum OrderStatus {
        Placed = "placed",
        Confirmed = "confirmed",
        Shipped = "shipped",
        Delivered = "delivered",
        Cancelled = "cancelled",
    }
}

code_enum! {
    pub enum PaymentMethod {
        CashOnDelivery = "cod",
        BankTransfer = "bank_transfer",
    }
}

code_enum! {
    /// A trade fair's life: drafted by its organizer, published for all to see, then
    /// finished, or cancelled.
    pub enum FairStatus {
        Draft = "draft",
        Published = "published",
        Cancelled = "cancelled",
        Finished = "finished",
    }
}

code_enum! {
    /// A producer's application to exhibit at a fair.
    pub enum ApplicationStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
    }
}

code_enum! {
    /// The kinds of trade event a fair listing can be. Each needs its own fields: an online
    /// livestream a link, a workshop an agenda and a capacity, a market day its village.
    pub enum EventKind {
        TradeFair = "trade_fair",
        Exhibition = "exhibition",
        Conference = "conference",
        Workshop = "workshop",
        Livestream = "livestream",
        MarketDay = "market_day",
    }
}

impl EventKind {
    /// Kinds with booths that producers apply for.
    pub fn has_booths(self) -> bool {
        matches!(self, EventKind::TradeFair | EventKind::Exhibition | EventKind::MarketDay)
    }

    /// Kinds that buyers and producers register for, up to a capacity.
    pub fn has_registration(self) -> bool {
        matches!(self, EventKind::Workshop | EventKind::Conference)
    }

    /// Online only: a link instead of a venue.
    pub fn is_online(self) -> bool {
        self == EventKind::Livestream
    }
}

code_enum! {
    /// Who a registration to a workshop is for.
    pub enum RegistrantRole {
        Buyer = "buyer",
        Producer = "producer",
    }
}

code_enum! {
    /// Where products are sold offline.
    pub enum PosKind {
        OcopShop = "ocop_shop",
        VillageShowroom = "village_showroom",
        Supermarket = "supermarket",
        MallCounter = "mall_counter",
        ChainOutlet = "chain_outlet",
        CoopShop = "coop_shop",
    }
}

code_enum! {
    /// What kind of business a wholesale buyer is.
    pub enum BuyerKind {
        Supermarket = "supermarket",
        ShopChain = "shop_chain",
        Distributor = "distributor",
        Exporter = "exporter",
        Restaurant = "restaurant",
        Other = "other",
    }
}

code_enum! {
    /// Where a trade-connection request stands. `Expired` is also computed at read time:
    /// an open request past its wanted date, or a quote past its validity.
    pub enum TradeStatus {
        Open = "open",
        Quoted = "quoted",
        Accepted = "accepted",
        Declined = "declined",
        Expired = "expired",
    }
}

code_enum! {
    /// A buyer's request to meet an exhibitor during a fair.
    pub enum MeetingStatus {
        Requested = "requested",
        Accepted = "accepted",
        Declined = "declined",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in ProducerKind::ALL {
            assert_eq!(ProducerKind::parse(k.code()), Some(*k));
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.code()));
        }
        for u in Unit::ALL {
            assert_eq!(Unit::parse(u.code()), Some(*u));
        }
        assert_eq!(Role::parse("programme_office"), Some(Role::ProgrammeOffice));
        assert_eq!(Role::parse("admin"), None);
        assert!(serde_json::from_str::<ProducerKind>("\"company\"").is_err());
    }
}
