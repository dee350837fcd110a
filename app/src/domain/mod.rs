//! Domain types shared by client and server. Each value the marketplace cares about is a
//! newtype or enum built only through a checked `parse`, so an invalid star rating, price or
//! slug cannot exist past the edge of the system.

pub mod accounts;
pub mod cart;
pub mod catalog;
pub mod detail;
pub mod exports;
pub mod fairs;
pub mod favourites;
pub mod figures;
pub mod geo;
pub mod kinds;
pub mod money;
pub mod ocop;
pub mod orders;
pub mod points_of_sale;
pub mod slug;
pub mod storefront;
pub mod text;
pub mod time;
pub mod trade;

pub use kinds::{
    ApplicationStatus, BuyerKind, DistrictKind, EventKind, FairStatus, IssuingLevel, MarkKind, MeetingStatus, OrderStatus, PaymentMethod, PosKind, ProducerKind, ProductStatus,
    RegistrantRole, Role, TradeStatus, Unit, VerificationStatus,
};
pub use money::Vnd;
pub use ocop::{OcopRating, OcopStars};
pub use slug::Slug;
