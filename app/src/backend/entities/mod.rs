//! sea-orm entities, one per table. Generated-style and free of logic: queries and rules live
//! in the services beside them (`backend::*`), domain types in `crate::domain`.

pub mod application_product;
pub mod booth_type;
pub mod cart_item;
pub mod category;
pub mod checkout;
pub mod commune;
pub mod cooperative_member;
pub mod district;
pub mod event_registration;
pub mod fair;
pub mod fair_application;
pub mod fair_category;
pub mod fair_interest;
pub mod favourite_producer;
pub mod favourite_product;
pub mod ip_mark;
pub mod ocop_certificate;
pub mod order;
pub mod order_event;
pub mod order_line;
pub mod point_of_sale;
pub mod pos_product;
pub mod producer;
pub mod product;
pub mod product_image;
pub mod product_mark;
pub mod review;
pub mod session;
pub mod user;
pub mod user_role;
pub mod village;
pub mod village_craft;
