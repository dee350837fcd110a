//! User text is escaped wherever a page shows it. A corpus of payloads is written into every
//! user-editable text field (orders, reviews, trade requests and messages, a cancel reason
//! and a moderation reason through their server functions as the owning role; then every
//! free-text column of those rows and of a producer, its product and photo, cooperative
//! members, a fair, its booth types and applications, a point of sale, a buyer business,
//! certificates and display names directly in the database), and every page that shows them
//! is fetched as the visitors who see it: anonymous, the consumer, the producer, the buyer,
//! the organizer, the office. In each page no payload may become markup: no injected element
//! or event attribute, one `<title>` holding exactly the escaped name, and textareas holding
//! only escaped text.

use axum::{body::Body, http::{header, Request, StatusCode}};
use sea_orm::{sea_query::Expr, ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};

use crate::account_tests::{call, form, login};
use crate::http_layers::tests::{send, serially, test_app};
use app::backend::entities::{
    booth_type, buyer_business, cooperative_member, fair, fair_application, ocop_certificate, order, order_event, order_line,
    point_of_sale, producer, product, product_image, review, trade_message, trade_request, user,
};
use app::domain::{FairStatus, VerificationStatus};
use app::i18n::Lang;

/// What an attacker types into a text field.
const CORPUS: &[&str] = &[
    r#"</title><meta http-equiv="refresh" content="0;url=https://evil.example/">"#,
    "</textarea><script>alert(1)</script>",
    r#""><img src=x onerror=alert(1)>"#,
    "'; alert(1);//",
    "<svg onload=alert(1)>",
    "{{7*7}}",
    "]]>",
    "</script><script>alert(2)</script>",
    "\u{202E}lmth.exe\u{202C} \u{200F}<!-- x -->",
    "&lt;b&gt; &amp; &#60;",
    r#"<style>*{display:none}</style><iframe src="javascript:alert(3)"></iframe>"#,
];

/// The value written into a field: its label, then the whole corpus.
fn payload(label: &str) -> String {
    format!("{label} {}", CORPUS.join(" "))
}

/// The escaped form of a corpus entry every checked page must show (so no check passes
/// because the field was not on the page).
const SHOWN: &str = "&lt;svg onload=alert(1)&gt;";

fn ok(status: StatusCode) -> bool {
    status.is_success() || status.is_redirection()
}

/// Sets `columns` of the rows matching `filter` to their payloads.
macro_rules! poison {
    ($db:expr, $entity:ident, $filter:expr, [$($col:ident),+ $(,)?]) => {{
        let mut update = $entity::Entity::update_many();
        $(
            update = update.col_expr($entity::Column::$col, Expr::value(payload(concat!(stringify!($entity), ".", stringify!($col)))));
        )+
        let result = update.filter($filter).exec($db).await.unwrap();
        assert!(result.rows_affected > 0, "no {} row to write into", stringify!($entity));
    }};
}

#[test]
fn every_user_text_is_escaped_on_every_page_that_shows_it() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let consumer = login(&router, "khach@cholang.test").await;
        let owner = login(&router, "gom.battrang@cholang.test").await;
        let cooperative = login(&router, "htx.vanphuc@cholang.test").await;
        let buyer = login(&router, "sieuthi@cholang.test").await;
        let organizer = login(&router, "hoicho@cholang.test").await;
        let office = login(&router, "vanphong@cholang.test").await;
        // Short enough for every field's length limit; the whole corpus goes in below.
        let text = |label: &str| format!("{label} <svg onload=alert(1)> \"'&");

        // Through the server functions, as the role that writes each text.
        let p = product::Entity::find()
            .filter(product::Column::ProducerId.eq(1))
            .filter(product::Column::Stock.gt(5))
            .order_by_asc(product::Column::Id)
            .one(&db)
            .await
            .unwrap()
            .expect("a demo product with stock");
        let place = |key: &'static str| {
            form(&[
                ("order[recipient_name]", "Lê Văn Cường".into()),
                ("order[phone]", "0912 345 678".into()),
                ("order[province]", text("checkout.province")),
                ("order[ward]", text("checkout.ward")),
                ("order[street]", text("checkout.street")),
                ("order[note]", text("checkout.note")),
                ("order[payment]", "cod".into()),
                ("order[idempotency_key]", key.into()),
            ])
        };
        let add = form(&[("product_id", p.id.to_string()), ("quantity", "1".into())]);
        let mut orders = Vec::new();
        for key in ["escaping-checkout-key-1", "escaping-checkout-key-2"] {
            assert_eq!(call(&router, Some(&consumer), "/api/add_to_cart", add.clone()).await.0, StatusCode::OK);
            let (status, body) = call(&router, Some(&consumer), "/api/place_order", place(key)).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            orders.push(serde_json::from_str::<Vec<i32>>(&body).unwrap()[0]);
        }
        let (delivered, cancelled) = (orders[0].to_string(), orders[1].to_string());
        for step in [
            form(&[("id", delivered.clone()), ("step", "confirm".into())]),
            form(&[("id", delivered.clone()), ("step", "ship".into()), ("carrier", text("ship.carrier")), ("tracking_number", "EB123VN".into())]),
            form(&[("id", delivered.clone()), ("step", "deliver".into())]),
        ] {
            let (status, body) = call(&router, Some(&owner), "/api/update_order", step).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let review = form(&[("product_id", p.id.to_string()), ("review[rating]", "4".into()), ("review[body]", text("review.body"))]);
        let (status, body) = call(&router, Some(&consumer), "/api/review_product", review).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = call(&router, Some(&consumer), "/api/cancel_order", form(&[("id", cancelled.clone()), ("reason", text("cancel.reason"))])).await;
        assert!(ok(status), "{status} {body}");
        // A line in the cart and favourites, for the cart, checkout and favourites pages.
        assert_eq!(call(&router, Some(&consumer), "/api/add_to_cart", add.clone()).await.0, StatusCode::OK);
        for (kind, id) in [("product", p.id), ("producer", 1)] {
            let on = form(&[("kind", kind.into()), ("id", id.to_string()), ("on", "true".into())]);
            assert_eq!(call(&router, Some(&consumer), "/api/set_favourite", on).await.0, StatusCode::OK);
        }

        let bat_trang = producer::Entity::find_by_id(1).one(&db).await.unwrap().unwrap();
        let wanted_by = (app::domain::time::today_in_vietnam() + chrono::Duration::days(30)).format("%Y-%m-%d").to_string();
        let request = form(&[
            ("request[producer]", bat_trang.slug.clone()),
            ("request[quantity]", "200".into()),
            ("request[unit]", "piece".into()),
            ("request[wanted_by]", wanted_by),
            ("request[delivery_place]", text("request.delivery_place")),
            ("request[message]", text("request.message")),
        ]);
        let (status, body) = call(&router, Some(&buyer), "/api/send_trade_request", request).await;
        assert!(ok(status), "{status} {body}");
        let request_id = trade_request::Entity::find().order_by_desc(trade_request::Column::Id).one(&db).await.unwrap().unwrap().id;
        for (who, cookie) in [("buyer", &buyer), ("producer", &owner)] {
            let message = form(&[("id", request_id.to_string()), ("body", text(&format!("message.{who}")))]);
            let (status, body) = call(&router, Some(cookie), "/api/post_trade_message", message).await;
            assert!(ok(status), "{who}: {status} {body}");
        }

        // The consumer registers a business: pending, on the office's list.
        let business = form(&[
            ("business[name]", text("business.name")),
            ("business[kind]", "shop_chain".into()),
            ("business[tax_code]", "0107654321".into()),
            ("business[address]", text("business.address")),
            ("business[district]", "hoan-kiem".into()),
            ("business[contact_person]", "Nguyễn Thu Hà".into()),
            ("business[phone]", "0987654321".into()),
        ]);
        let (status, body) = call(&router, Some(&consumer), "/api/register_business", business).await;
        assert!(ok(status), "{status} {body}");

        // The office takes down another product of the producer, with a reason.
        let moderated = product::Entity::find()
            .filter(product::Column::ProducerId.eq(1))
            .filter(product::Column::Id.ne(p.id))
            .order_by_asc(product::Column::Id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let takedown = form(&[("kind", "product".into()), ("slug", moderated.slug.clone()), ("reason", text("moderation.reason"))]);
        let (status, body) = call(&router, Some(&office), "/api/moderate", takedown).await;
        assert!(ok(status), "{status} {body}");

        // Then every free-text column of the rows these pages show, directly.
        let members: Vec<i32> = cooperative_member::Entity::find()
            .filter(cooperative_member::Column::CooperativeId.eq(2))
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.member_id)
            .collect();
        assert!(!members.is_empty(), "the demo cooperative has member households");
        let mut producers = vec![1, 2];
        producers.extend(&members);
        poison!(&db, producer, producer::Column::Id.is_in(producers), [Name, AddressLine, StoryVi, StoryEn, ReviewNote]);
        // One household waits for the office's review.
        let household = producer::Entity::find_by_id(members[0]).one(&db).await.unwrap().unwrap();
        let mut household = household.into_active_model();
        household.verification = Set(VerificationStatus::Pending);
        household.update(&db).await.unwrap();
        poison!(&db, product, product::Column::Id.is_in([p.id, moderated.id]), [NameVi, NameEn, DescriptionVi, DescriptionEn, ModerationNote]);
        poison!(&db, product_image, product_image::Column::ProductId.eq(p.id), [AltVi, AltEn]);
        poison!(&db, ocop_certificate, ocop_certificate::Column::ProductId.eq(p.id), [DecisionNumber, ReviewNote]);
        poison!(&db, order, order::Column::Id.is_in(orders.clone()), [RecipientName, Province, Ward, Street, Note, Carrier, TrackingNumber, CancelReason]);
        poison!(&db, order_line, order_line::Column::OrderId.is_in(orders.clone()), [ProductName]);
        poison!(&db, order_event, order_event::Column::OrderId.is_in(orders.clone()), [Note]);
        poison!(&db, review, review::Column::ProductId.eq(p.id), [Body]);
        poison!(&db, trade_request, trade_request::Column::Id.eq(request_id), [DeliveryPlace, Message]);
        poison!(&db, trade_message, trade_message::Column::RequestId.eq(request_id), [Body]);
        poison!(&db, buyer_business, buyer_business::Column::Id.is_not_null(), [Name, Address, ContactPerson, ReviewNote]);
        poison!(&db, user, user::Column::Email.ne("nobody"), [DisplayName]);
        let organizer_id = user::Entity::find().filter(user::Column::Email.eq("hoicho@cholang.test")).one(&db).await.unwrap().unwrap().id;
        let the_fair = fair::Entity::find()
            .filter(fair::Column::OrganizerId.eq(organizer_id))
            .filter(fair::Column::Status.eq(FairStatus::Published))
            .order_by_asc(fair::Column::Id)
            .one(&db)
            .await
            .unwrap()
            .expect("a published demo fair");
        poison!(&db, fair, fair::Column::Id.eq(the_fair.id), [NameVi, NameEn, DescriptionVi, DescriptionEn, VenueName, VenueAddress, ContactName, Agenda]);
        poison!(&db, booth_type, booth_type::Column::FairId.eq(the_fair.id), [Name, Size]);
        poison!(&db, fair_application, fair_application::Column::FairId.eq(the_fair.id), [Note, Reason, BoothNumber]);
        let showroom = point_of_sale::Entity::find().filter(point_of_sale::Column::ManagerProducerId.eq(1)).one(&db).await.unwrap().unwrap();
        poison!(&db, point_of_sale, point_of_sale::Column::Id.eq(showroom.id), [Name, Address, Ward, OpeningHours]);

        let titled = |label: &str, lang: Lang| Some(lang.title_of(&payload(label)));
        let village = match bat_trang.village_id {
            Some(id) => app::backend::entities::village::Entity::find_by_id(id).one(&db).await.unwrap().map(|v| v.slug),
            None => None,
        };
        let cooperative_slug = producer::Entity::find_by_id(2).one(&db).await.unwrap().unwrap().slug;
        // (who, cookie, path, the page's title when it is a user text)
        let mut pages: Vec<(&str, Option<&str>, String, Option<String>)> = vec![
            ("anonymous", None, format!("/products/{}", p.slug), titled("product.NameVi", Lang::Vi)),
            ("anonymous", None, format!("/products/{}?lang=en", p.slug), titled("product.NameEn", Lang::En)),
            ("anonymous", None, format!("/producers/{}", bat_trang.slug), titled("producer.Name", Lang::Vi)),
            ("anonymous", None, format!("/producers/{cooperative_slug}"), titled("producer.Name", Lang::Vi)),
            ("anonymous", None, format!("/fairs/{}", the_fair.slug), titled("fair.NameVi", Lang::Vi)),
            ("anonymous", None, format!("/fairs/{}?lang=en", the_fair.slug), titled("fair.NameEn", Lang::En)),
            ("anonymous", None, "/fairs".into(), None),
            ("anonymous", None, format!("/points-of-sale/{}", showroom.slug), titled("point_of_sale.Name", Lang::Vi)),
            ("anonymous", None, "/points-of-sale".into(), None),
            ("consumer", Some(&consumer), "/cart".into(), None),
            ("consumer", Some(&consumer), "/checkout".into(), None),
            ("consumer", Some(&consumer), "/orders".into(), None),
            ("consumer", Some(&consumer), format!("/orders/{delivered}"), None),
            ("consumer", Some(&consumer), format!("/orders/{cancelled}"), None),
            ("consumer", Some(&consumer), "/favourites".into(), None),
            ("consumer", Some(&consumer), "/account".into(), None),
            ("consumer", Some(&consumer), "/trade".into(), None),
            ("producer", Some(&owner), "/dashboard".into(), None),
            ("producer", Some(&owner), format!("/dashboard/products/{}", p.id), None),
            ("producer", Some(&owner), format!("/dashboard/products/{}", moderated.id), None),
            ("producer", Some(&owner), "/dashboard/orders".into(), None),
            ("producer", Some(&owner), "/dashboard/trade".into(), None),
            ("producer", Some(&owner), format!("/orders/{delivered}"), None),
            ("producer", Some(&owner), "/manage/points-of-sale".into(), None),
            ("producer", Some(&owner), format!("/manage/points-of-sale/{}", showroom.id), None),
            ("cooperative", Some(&cooperative), "/dashboard".into(), None),
            ("buyer", Some(&buyer), "/trade".into(), None),
            ("buyer", Some(&buyer), format!("/trade/requests/{request_id}"), None),
            ("organizer", Some(&organizer), "/organizer".into(), None),
            ("organizer", Some(&organizer), format!("/organizer/fairs/{}", the_fair.id), None),
            ("office", Some(&office), "/office".into(), None),
            ("office", Some(&office), "/office/stats".into(), None),
        ];
        if let Some(village) = village {
            pages.push(("anonymous", None, format!("/villages/{village}"), None));
        }
        // Pages that may or may not list the changed rows: checked, but need not show a payload.
        let listings = ["/", "/products?sort=newest", "/office/stats"];
        pages.push(("anonymous", None, "/".into(), None));
        pages.push(("anonymous", None, "/products?sort=newest".into(), None));

        let mut failures = Vec::new();
        for (who, cookie, path, title) in &pages {
            let mut req = Request::builder().uri(path.as_str()).header(header::HOST, "127.0.0.1:3000");
            if let Some(c) = cookie {
                req = req.header(header::COOKIE, *c);
            }
            let (status, _, html) = send(&router, req.body(Body::empty()).unwrap()).await;
            if status != StatusCode::OK {
                failures.push(format!("{who} {path}: {status}"));
                continue;
            }
            let listing = listings.contains(&path.as_str());
            for problem in problems(&html, title.as_deref()).into_iter().filter(|p| !(listing && p.starts_with("no payload shown"))) {
                failures.push(format!("{who} {path}: {problem}"));
            }
        }
        assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
        let _ = std::fs::remove_dir_all(dir);
    });
}

/// An element's start tag as a browser's tokenizer reads it.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
    /// Before `<body>`.
    in_head: bool,
    /// The raw content of `<script>`, `<style>`, `<title>`, `<textarea>` (up to their end tag).
    text: Option<String>,
}

/// The start tags of `html`, following the HTML tokenizer closely enough for this check:
/// comments, doctype and end tags skipped; quoted and unquoted attributes; the content of
/// raw-text and RCDATA elements (`script`, `style`, `title`, `textarea`, …) read up to their
/// end tag, as a browser does, so markup in them is not taken for tags.
fn tags(html: &str) -> Vec<Tag> {
    let lower = html.to_ascii_lowercase();
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut in_head = true;
    let mut i = 0;
    while let Some(at) = html[i..].find('<').map(|at| at + i) {
        i = at + 1;
        if html[at..].starts_with("<!--") {
            i = lower[at + 4..].find("-->").map_or(b.len(), |e| at + 4 + e + 3);
            continue;
        }
        match b.get(at + 1) {
            Some(b'!' | b'?' | b'/') => {
                i = html[at..].find('>').map_or(b.len(), |e| at + e + 1);
                continue;
            }
            Some(c) if c.is_ascii_alphabetic() => {}
            _ => continue,
        }
        let mut j = at + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = lower[at + 1..j].to_owned();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let start = j;
            j += 1;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let key = lower[start..j].to_owned();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let quote = b[j] as char;
                    let end = html[j + 1..].find(quote).map_or(b.len(), |e| j + 1 + e);
                    value = html[j + 1..end].to_owned();
                    j = (end + 1).min(b.len());
                } else {
                    let start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[start..j].to_owned();
                }
            }
            attrs.push((key, value));
        }
        i = (j + 1).min(b.len());
        if name == "body" {
            in_head = false;
        }
        let mut text = None;
        // (A `<title>` in the body is SVG's: foreign content, parsed for tags like the rest.)
        if matches!(name.as_str(), "script" | "style" | "textarea" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript")
            || (name == "title" && in_head)
        {
            let end = lower[i..].find(&format!("</{name}")).map_or(b.len(), |e| i + e);
            text = Some(html[i..end].to_owned());
            i = end;
        }
        out.push(Tag { name, attrs, in_head, text });
    }
    out
}

/// Some 80 bytes of `html` either side of `at`, cut at characters.
fn around(html: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(80);
    while !html.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 80).min(html.len());
    while !html.is_char_boundary(end) {
        end += 1;
    }
    &html[start..end]
}

/// Character references back to text (the few an escaper writes).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&")
}

/// What is wrong with a page that shows the payloads; `title` is the tab title it should
/// have when that is a user text.
fn problems(html: &str, title: Option<&str>) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for raw in ["<meta http-equiv", "<script>alert", "<img src=x", "<svg onload", "<iframe", "<style>*"] {
        if lower.contains(raw) {
            let at = lower.find(raw).unwrap();
            found.push(format!("unescaped {raw:?} in …{}…", around(html, at)));
        }
    }
    let tags = tags(html);
    for tag in &tags {
        if let Some((key, _)) = tag.attrs.iter().find(|(k, _)| k.starts_with("on") || k == "http-equiv" || k == "srcdoc") {
            found.push(format!("injected attribute {key} on <{}>", tag.name));
        }
        if matches!(tag.name.as_str(), "iframe" | "object" | "embed" | "base" | "frame" | "xmp" | "noembed" | "noframes" | "plaintext")
            || (tag.name == "img" && tag.attrs.iter().any(|(k, v)| k == "src" && v == "x"))
        {
            found.push(format!("an injected <{}> element", tag.name));
        }
        if tag.name == "meta" && tag.attrs.iter().any(|(k, _)| k == "http-equiv") {
            found.push("an injected <meta http-equiv>".into());
        }
        let text = tag.text.as_deref().unwrap_or_default();
        if tag.name == "script" && text.trim_start().starts_with("alert(") {
            found.push(format!("an injected <script>{text}"));
        }
        if tag.name == "style" && text.contains("display:none") {
            found.push(format!("an injected <style>{text}"));
        }
        if (tag.name == "textarea" || (tag.name == "title" && tag.in_head)) && text.contains('<') {
            found.push(format!("unescaped text in <{}>: {text}", tag.name));
        }
    }
    let titles: Vec<&Tag> = tags.iter().filter(|t| t.in_head && t.name == "title").collect();
    if titles.len() != 1 {
        found.push(format!("{} <title> elements in <head>", titles.len()));
    }
    if let (Some(expected), Some(t)) = (title, titles.first()) {
        let raw = t.text.as_deref().unwrap_or_default();
        if unescape(raw) != expected {
            found.push(format!("<title> is {raw:?}, not the escaped {expected:?}"));
        }
    }
    if !html.contains(SHOWN) {
        found.push(format!("no payload shown (no {SHOWN:?}): a field missing from the page, or the check is vacuous"));
    }
    found
}

#[test]
fn the_checker_sees_what_a_browser_would() {
    let page = |head: &str, body: &str| format!("<!DOCTYPE html><html><head>{head}</head><body>{body} {SHOWN}</body></html>");
    let good = page("<title>A &lt;b&gt; · Chợ Làng</title><meta name=\"description\" content=\"&lt;svg&gt; &quot;x\">", "<textarea name=a>&lt;/textarea&gt;</textarea><script type=\"application/ld+json\">{\"n\":\"\\u003c/script\\u003e alert(1)\"}</script>");
    assert_eq!(problems(&good, Some("A <b> · Chợ Làng")), Vec::<String>::new());
    let bad_title = page(&format!("<title>{}</title>", CORPUS[0]), "");
    assert!(problems(&bad_title, None).iter().any(|p| p.contains("http-equiv")), "{:?}", problems(&bad_title, None));
    let bad_textarea = page("<title>t</title>", "<textarea></textarea><script>alert(1)</script></textarea>");
    assert!(!problems(&bad_textarea, None).is_empty());
    let bad_attr = page("<title>t</title>", "<a title=\"\"><img src=x onerror=alert(1)>\">x</a>");
    assert!(problems(&bad_attr, None).iter().any(|p| p.contains("onerror")));
    // Markup inside a raw-text element is not a tag.
    let in_script = page("<title>t</title>", "<script>var s = '<img src=y onerror=1>';</script>");
    assert_eq!(problems(&in_script, None), Vec::<String>::new());
}
