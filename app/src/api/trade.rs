//! Trade connection. Buyers register their business (any signed-in user may); only buyers
//! the office has verified see wholesale terms, send requests and broadcasts, accept quotes
//! and ask exhibitors for meetings. The producer side (its members, or the cooperative of a
//! member household) quotes, declines and answers meetings. Each side reaches only its own
//! requests: the service answers `NotFound` for anyone else's.

use leptos::prelude::*;

use crate::domain::trade::{
    AudienceForm, Reach, BusinessForm, BuyerDesk, MeetingChoices, MeetingForm, ProducerDesk, QuoteForm, RequestDetail, RequestForm, TradeChoices,
    WholesaleTerms,
};
use crate::error::AppError;
use crate::i18n::Lang;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::backend::{auth, meetings, state, trade};
    pub use crate::domain::time::today_in_vietnam;
    pub use chrono::Utc;

    /// A signed-in verified buyer, or 401 / 403.
    pub async fn verified_buyer() -> Result<(crate::domain::accounts::SessionUser, sea_orm::DatabaseConnection), crate::error::AppError> {
        let user = auth::require_user().await?;
        let db = state::db()?;
        trade::require_verified_buyer(&db, &user).await?;
        Ok((user, db))
    }

    /// The signed-in user as a viewer of requests (either side), with the database.
    pub async fn viewer() -> Result<(trade::Viewer, sea_orm::DatabaseConnection), crate::error::AppError> {
        let user = auth::require_user().await?;
        let db = state::db()?;
        Ok((trade::Viewer::of(&db, &user).await?, db))
    }

    /// A producer member, with the producers it acts for.
    pub async fn producer_side() -> Result<(trade::Viewer, sea_orm::DatabaseConnection), crate::error::AppError> {
        let (user, _) = auth::require_producer_member().await?;
        let db = state::db()?;
        Ok((trade::Viewer::of(&db, &user).await?, db))
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

/// The buyer's console. Any signed-in user may open it (to register a business); requests,
/// suggestions and meetings are there once the business is verified.
#[server(prefix = "/api", endpoint = "buyer_desk")]
pub async fn get_buyer_desk(lang: Lang) -> Result<BuyerDesk, AppError> {
    let user = auth::require_user().await?;
    let db = state::db()?;
    let business = trade::my_business(&db, user.id, lang).await?;
    if !trade::is_verified_buyer(&db, &user).await? {
        return Ok(BuyerDesk { business, requests: Vec::new(), suggestions: Vec::new(), meetings: Vec::new() });
    }
    let today = today_in_vietnam();
    Ok(BuyerDesk {
        business,
        requests: trade::buyer_requests(&db, user.id, lang, today).await?,
        suggestions: trade::suggestions(&db, user.id, today).await?,
        meetings: meetings::for_buyer(&db, user.id, lang).await?,
    })
}

#[server(prefix = "/api", endpoint = "register_business")]
pub async fn register_business(business: BusinessForm) -> Result<(), AppError> {
    let user = auth::require_user().await?;
    let input = business.validate()?;
    let db = state::db()?;
    trade::register_business(&db, user.id, input).await?;
    leptos_axum::redirect("/trade");
    Ok(())
}

#[server(prefix = "/api", endpoint = "trade_choices")]
pub async fn get_trade_choices(lang: Lang) -> Result<TradeChoices, AppError> {
    auth::require_user().await?;
    let db = state::db()?;
    trade::choices(&db, lang).await
}

/// Wholesale terms of one product: verified buyers only (403 for anyone else).
#[server(prefix = "/api", endpoint = "wholesale_terms")]
pub async fn get_wholesale_terms(product_id: i32, lang: Lang) -> Result<Option<WholesaleTerms>, AppError> {
    let (_, db) = verified_buyer().await?;
    trade::wholesale_for_product(&db, product_id, lang).await
}

/// Wholesale terms of a storefront's products: verified buyers only.
#[server(prefix = "/api", endpoint = "wholesale_list")]
pub async fn wholesale_list(producer: String, lang: Lang) -> Result<Vec<WholesaleTerms>, AppError> {
    let (_, db) = verified_buyer().await?;
    let slug = crate::domain::Slug::parse(producer.trim()).map_err(|_| AppError::NotFound)?;
    trade::wholesale_for_producer(&db, &slug, lang).await
}

/// Whether the caller is a verified buyer (so pages offer the buyer's actions). Never an error.
#[server(prefix = "/api", endpoint = "am_verified_buyer")]
pub async fn am_verified_buyer() -> Result<bool, AppError> {
    let Some(user) = auth::current_user().await? else { return Ok(false) };
    let db = state::db()?;
    trade::is_verified_buyer(&db, &user).await
}

#[server(prefix = "/api", endpoint = "send_trade_request")]
pub async fn send_trade_request(request: RequestForm) -> Result<i32, AppError> {
    let (user, db) = verified_buyer().await?;
    let input = request.validate(today_in_vietnam())?;
    let id = trade::send_request(&db, user.id, input, Utc::now()).await?;
    leptos_axum::redirect(&format!("/trade/requests/{id}"));
    Ok(id)
}

/// How many producers a broadcast would reach, and that said in `lang` (the broadcast form's
/// island shows it as it is: it carries no message tables).
#[server(prefix = "/api", endpoint = "broadcast_reach")]
pub async fn broadcast_reach(audience: AudienceForm, lang: Lang) -> Result<Reach, AppError> {
    let (_, db) = verified_buyer().await?;
    let audience = audience.validate()?;
    let count = trade::broadcast_reach(&db, &audience, today_in_vietnam()).await?;
    Ok(Reach { count, text: lang.broadcast_reach(count) })
}

/// Sends a request to every producer matching the audience; answers how many it reached.
#[server(prefix = "/api", endpoint = "broadcast_trade_request")]
pub async fn broadcast_trade_request(audience: AudienceForm, request: RequestForm) -> Result<u64, AppError> {
    let (user, db) = verified_buyer().await?;
    let audience = audience.validate()?;
    let today = today_in_vietnam();
    let input = request.validate(today)?;
    let (_, reached) = trade::broadcast(&db, user.id, &audience, input, Utc::now(), today).await?;
    leptos_axum::redirect(&format!("/trade?sent={reached}"));
    Ok(reached)
}

#[server(prefix = "/api", endpoint = "trade_request")]
pub async fn trade_request(id: i32, lang: Lang) -> Result<RequestDetail, AppError> {
    let (viewer, db) = viewer().await?;
    trade::request_detail(&db, &viewer, id, lang, today_in_vietnam()).await
}

#[server(prefix = "/api", endpoint = "quote_trade_request")]
pub async fn quote_trade_request(id: i32, quote: QuoteForm) -> Result<(), AppError> {
    let (viewer, db) = producer_side().await?;
    let today = today_in_vietnam();
    let input = quote.validate(today)?;
    trade::quote(&db, &viewer, id, input, Utc::now(), today).await
}

#[server(prefix = "/api", endpoint = "accept_trade_quote")]
pub async fn accept_trade_quote(id: i32) -> Result<(), AppError> {
    let (user, db) = verified_buyer().await?;
    let viewer = trade::Viewer::of(&db, &user).await?;
    trade::accept(&db, &viewer, id, Utc::now(), today_in_vietnam()).await
}

#[server(prefix = "/api", endpoint = "decline_trade_request")]
pub async fn decline_trade_request(id: i32) -> Result<(), AppError> {
    let (viewer, db) = viewer().await?;
    trade::decline(&db, &viewer, id, Utc::now(), today_in_vietnam()).await
}

#[server(prefix = "/api", endpoint = "post_trade_message")]
pub async fn post_trade_message(id: i32, body: String) -> Result<(), AppError> {
    let (viewer, db) = viewer().await?;
    let body = crate::domain::trade::check_message(&body)?;
    trade::post_message(&db, &viewer, id, body, Utc::now()).await
}

/// The producer's side: requests to it (and its members) and meetings asked of it.
#[server(prefix = "/api", endpoint = "producer_desk")]
pub async fn get_producer_desk(lang: Lang) -> Result<ProducerDesk, AppError> {
    let (viewer, db) = producer_side().await?;
    Ok(ProducerDesk {
        requests: trade::producer_requests(&db, &viewer.producers, lang, today_in_vietnam()).await?,
        meetings: meetings::for_producers(&db, &viewer.producers, lang).await?,
    })
}

#[server(prefix = "/api", endpoint = "meeting_choices")]
pub async fn get_meeting_choices(fair_id: i32, lang: Lang) -> Result<MeetingChoices, AppError> {
    let (user, db) = verified_buyer().await?;
    meetings::choices(&db, user.id, fair_id, lang, Utc::now()).await
}

#[server(prefix = "/api", endpoint = "request_meeting")]
pub async fn request_meeting(fair_id: i32, meeting: MeetingForm) -> Result<i32, AppError> {
    let (user, db) = verified_buyer().await?;
    let input = meeting.validate()?;
    meetings::request(&db, user.id, fair_id, input, Utc::now()).await
}

/// `decision` is `accept` or `decline`.
#[server(prefix = "/api", endpoint = "answer_meeting")]
pub async fn answer_meeting(id: i32, decision: String, #[server(default)] reply: String) -> Result<(), AppError> {
    let (viewer, db) = producer_side().await?;
    let accept = match decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::invalid("decision", crate::error::Problem::Unknown)),
    };
    meetings::answer(&db, &viewer.producers, id, accept, &reply).await
}
