//! Accounts over HTTP: the session cookie, throttling with 429, and the authorization
//! matrix: every mutating server function and upload route called as anonymous, consumer,
//! member of another producer, the owner, organizer, buyer and office, with exactly the
//! allowed ones succeeding and the refused ones changing nothing.

use axum::{body::Body, http::{header, Request, StatusCode}, Router};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::http_layers::tests::{api, send, serially, test_app};
use app::backend::entities::{product, product_image};

const DEMO_PASSWORD: &str = "cholang-demo";

pub(crate) fn form(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Logs in and returns the `Cookie` header value for the new session.
pub(crate) async fn login(router: &Router, email: &str) -> String {
    login_with(router, email, DEMO_PASSWORD).await
}

/// Logs in with a password of one's own and returns the `Cookie` header value.
pub(crate) async fn login_with(router: &Router, email: &str, password: &str) -> String {
    let body = form(&[("email", email.into()), ("password", password.into()), ("next", "/account".into())]);
    let (status, headers, text) = send(router, api().uri("/api/login").body(Body::from(body)).unwrap()).await;
    assert!(status.is_success() || status.is_redirection(), "login {email}: {status} {text}");
    let cookie = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("cholang_session="))
        .unwrap_or_else(|| panic!("no session cookie for {email}"))
        .to_owned();
    cookie.split(';').next().unwrap().to_owned()
}

pub(crate) async fn call(router: &Router, cookie: Option<&str>, path: &str, body: String) -> (StatusCode, String) {
    let mut req = api().uri(path);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let (status, _, text) = send(router, req.body(Body::from(body)).unwrap()).await;
    (status, text)
}

pub(crate) fn png() -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(64, 48, image::Rgb([20, 120, 200])));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn multipart_field(file: &[u8], field: &str) -> (String, Vec<u8>) {
    let boundary = "----cholangboundary7MA4YWxk";
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n").as_bytes());
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(router: &Router, cookie: Option<&str>, product_id: i32, file: &[u8]) -> (StatusCode, String) {
    upload_to(router, cookie, &format!("/dashboard/products/{product_id}/photos"), file, "photo").await
}

pub(crate) async fn upload_to(router: &Router, cookie: Option<&str>, path: &str, file: &[u8], field: &str) -> (StatusCode, String) {
    let (content_type, body) = multipart_field(file, field);
    let mut req = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, content_type);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let (status, _, text) = send(router, req.body(Body::from(body)).unwrap()).await;
    (status, text)
}

#[test]
fn sessions_cookies_and_throttling() {
    serially(async {
        let (router, dir, _) = test_app().await;
        let body = form(&[("email", "khach@cholang.test".into()), ("password", DEMO_PASSWORD.into()), ("next", "https://evil.example".into())]);
        let (status, headers, _) = send(&router, api().uri("/api/login").body(Body::from(body)).unwrap()).await;
        // A script call gets 200 and the place to go; a plain form post gets a 302 there.
        assert!(status.is_success() || status.is_redirection(), "{status}");
        assert_eq!(headers.get(header::LOCATION).unwrap(), "/account", "never sent to another site");
        let set = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Secure"), "{set}");
        let cookie = set.split(';').next().unwrap().to_owned();

        let (status, me) = call(&router, Some(&cookie), "/api/me", String::new()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(me.contains("khach@cholang.test"), "{me}");
        let (_, anonymous) = call(&router, None, "/api/me", String::new()).await;
        assert_eq!(anonymous, "null");

        // A second login is a new session id; logging out ends this one only.
        let second = login(&router, "khach@cholang.test").await;
        assert_ne!(second, cookie);
        let (status, _) = call(&router, Some(&cookie), "/api/logout", String::new()).await;
        assert!(status.is_redirection() || status.is_success());
        assert_eq!(call(&router, Some(&cookie), "/api/me", String::new()).await.1, "null");
        assert!(call(&router, Some(&second), "/api/me", String::new()).await.1.contains("khach@"));

        let wrong = || form(&[("email", "sieuthi@cholang.test".into()), ("password", "not the password".into()), ("next", "/".into())]);
        for _ in 0..app::backend::throttle::ACCOUNT_LIMIT {
            let (status, body) = call(&router, None, "/api/login", wrong()).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
            assert!(body.contains("bad_credentials"), "{body}");
        }
        let (status, body) = call(&router, None, "/api/login", wrong()).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[test]
fn every_mutation_is_allowed_to_exactly_its_owner() {
    serially(async {
        let (router, dir, db) = test_app().await;
        // Demo producer 1 (Bát Tràng, gom.battrang@) owns these rows.
        let target = product::Entity::find().filter(product::Column::ProducerId.eq(1)).order_by_asc(product::Column::Id).one(&db).await.unwrap().unwrap();
        let photo = product_image::Entity::find().filter(product_image::Column::ProductId.eq(target.id)).one(&db).await.unwrap().unwrap();
        let category = app::backend::entities::category::Entity::find_by_id(target.category_id).one(&db).await.unwrap().unwrap().slug;
        // A pending producer for the office to review.
        let applicant = app::backend::accounts::register(&db, "moi@cholang.test", "một mật khẩu đủ dài", "Người Mới").await.unwrap();
        let form_in = app::domain::storefront::ApplicationForm {
            kind: "household".into(), name: "Hộ Mới".into(), village: "bat-trang".into(), commune: String::new(),
            address_line: "Xóm 1".into(), phone: "0912345678".into(), story_vi: "Mới vào nghề.".into(),
        };
        let pending = app::backend::storefront::apply(&db, applicant, form_in.validate().unwrap()).await.unwrap();

        let product_fields = |name: &str| {
            form(&[
                ("id", target.id.to_string()),
                ("product[name_vi]", name.into()),
                ("product[description_vi]", "Mô tả mới.".into()),
                ("product[category]", category.clone()),
                ("product[price]", "500000".into()),
                ("product[unit]", "piece".into()),
                ("product[stock]", "3".into()),
            ])
        };
        let calls: Vec<(&str, String)> = vec![
            ("/api/set_stock", form(&[("id", target.id.to_string()), ("stock", "0".into())])),
            ("/api/set_product_status", form(&[("id", target.id.to_string()), ("status", "archived".into())])),
            ("/api/save_product", product_fields("Đã bị sửa")),
            ("/api/duplicate_product", form(&[("id", target.id.to_string()), ("lang", "vi".into())])),
            ("/api/move_photo", form(&[("photo_id", photo.id.to_string()), ("how", "later".into())])),
            ("/api/product_draft", form(&[("id", target.id.to_string())])),
            ("/api/remove_photo", form(&[("photo_id", photo.id.to_string())])),
        ];

        let anonymous = None;
        let consumer = Some(login(&router, "khach@cholang.test").await);
        let other_producer = Some(login(&router, "htx.vanphuc@cholang.test").await);
        let organizer = Some(login(&router, "hoicho@cholang.test").await);
        let buyer = Some(login(&router, "sieuthi@cholang.test").await);
        let office = Some(login(&router, "vanphong@cholang.test").await);
        let owner = Some(login(&router, "gom.battrang@cholang.test").await);

        let refused = [
            ("anonymous", &anonymous, StatusCode::UNAUTHORIZED),
            ("consumer", &consumer, StatusCode::FORBIDDEN),
            ("member of another producer", &other_producer, StatusCode::FORBIDDEN),
            ("organizer", &organizer, StatusCode::FORBIDDEN),
            ("buyer", &buyer, StatusCode::FORBIDDEN),
            ("office", &office, StatusCode::FORBIDDEN),
        ];
        for (who, cookie, expected) in &refused {
            for (path, body) in &calls {
                let (status, text) = call(&router, cookie.as_deref(), path, body.clone()).await;
                assert_eq!(status, *expected, "{who} calling {path}: {text}");
            }
            let (status, text) = upload(&router, cookie.as_deref(), target.id, &png()).await;
            assert_eq!(status, *expected, "{who} uploading: {text}");
            let (status, text) = upload_to(&router, cookie.as_deref(), &format!("/dashboard/products/{}/certificates", target.id), &png(), "scan").await;
            assert_eq!(status, *expected, "{who} submitting a certificate: {text}");
            let review = form(&[("certificate_id", "1".into()), ("decision", "reject".into()), ("note", "x".into())]);
            if *who != "office" {
                let (status, text) = call(&router, cookie.as_deref(), "/api/review_certificate", review).await;
                assert_eq!(status, *expected, "{who} reviewing a certificate: {text}");
            }
            // Only the office reviews producers.
            if *who != "office" {
                let review = form(&[("producer_id", pending.to_string()), ("decision", "approve".into()), ("note", String::new())]);
                let (status, text) = call(&router, cookie.as_deref(), "/api/review_producer", review).await;
                assert_eq!(status, *expected, "{who} reviewing: {text}");
            }
            let member = form(&[("member[name]", "Hộ Thành Viên".into()), ("member[address_line]", "Xóm 2".into())]);
            if *who != "member of another producer" {
                let (status, text) = call(&router, cookie.as_deref(), "/api/add_member", member).await;
                assert_eq!(status, *expected, "{who} adding a member household: {text}");
            }
            let (status, _) = call(&router, cookie.as_deref(), "/api/update_profile", form(&[
                ("profile[name]", "X".into()), ("profile[story_vi]", "Câu chuyện.".into()), ("profile[address_line]", "Xóm 1".into()),
                ("profile[phone]", "0912345678".into()),
            ])).await;
            if *who == "member of another producer" {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "their own profile, checked and refused as invalid");
            } else {
                assert_eq!(status, *expected, "{who} updating a profile");
            }
        }
        let unchanged = product::Entity::find_by_id(target.id).one(&db).await.unwrap().unwrap();
        assert_eq!(unchanged, target, "refused calls changed nothing");
        assert!(product_image::Entity::find_by_id(photo.id).one(&db).await.unwrap().is_some());
        assert_eq!(app::backend::storefront::my_products(&db, 1, "", None, app::i18n::Lang::Vi).await.unwrap().len(),
            product::Entity::find().filter(product::Column::ProducerId.eq(1)).all(&db).await.unwrap().len());

        // The office may review; the owner may do everything above.
        let review = form(&[("producer_id", pending.to_string()), ("decision", "approve".into()), ("note", String::new())]);
        let (status, text) = call(&router, office.as_deref(), "/api/review_producer", review).await;
        assert_eq!(status, StatusCode::OK, "office reviewing: {text}");
        for (path, body) in &calls {
            let (status, text) = call(&router, owner.as_deref(), path, body.clone()).await;
            assert!(status.is_success() || status.is_redirection(), "owner calling {path}: {status} {text}");
        }
        let (status, text) = upload(&router, owner.as_deref(), target.id, &png()).await;
        assert_eq!(status, StatusCode::CREATED, "owner uploading: {text}");
        // Only a cooperative adds member households: the Bát Tràng enterprise cannot, the
        // Vạn Phúc cooperative can.
        let member = || form(&[("member[name]", "Hộ Thành Viên".into()), ("member[address_line]", "Xóm 2".into())]);
        assert_eq!(call(&router, owner.as_deref(), "/api/add_member", member()).await.0, StatusCode::FORBIDDEN);
        assert_eq!(call(&router, other_producer.as_deref(), "/api/add_member", member()).await.0, StatusCode::OK);
        let changed = product::Entity::find_by_id(target.id).one(&db).await.unwrap().unwrap();
        assert_eq!(changed.name_vi, "Đã bị sửa");
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[test]
fn uploads_are_checked_re_encoded_and_served_safely() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let owner = login(&router, "gom.battrang@cholang.test").await;
        let target = product::Entity::find().filter(product::Column::ProducerId.eq(1)).one(&db).await.unwrap().unwrap();
        let before = product_image::Entity::find().filter(product_image::Column::ProductId.eq(target.id)).all(&db).await.unwrap().len();

        let (status, text) = upload(&router, Some(&owner), target.id, &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "zero bytes: {text}");
        let (status, text) = upload(&router, Some(&owner), target.id, b"<html><script>alert(1)</script></html>").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "not an image: {text}");
        assert!(text.contains("unsupported_file"), "{text}");
        let mut huge = png();
        huge.resize(app::backend::uploads::MAX_UPLOAD_BYTES + 1024, 0);
        let (status, text) = upload(&router, Some(&owner), target.id, &huge).await;
        assert!(status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::PAYLOAD_TOO_LARGE, "oversized: {status} {text}");
        assert_eq!(product_image::Entity::find().filter(product_image::Column::ProductId.eq(target.id)).all(&db).await.unwrap().len(), before,
            "bad files store nothing");

        let mut tricky = png();
        tricky.extend_from_slice(b"<script>alert('hidden')</script>");
        let (status, text) = upload(&router, Some(&owner), target.id, &tricky).await;
        assert_eq!(status, StatusCode::CREATED, "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let url = json["url"].as_str().unwrap().to_owned();
        let get = Request::builder().uri(&url).header(header::HOST, "127.0.0.1:3000").body(Body::empty()).unwrap();
        let (status, headers, body) = send(&router, get).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers.get(header::CONTENT_TYPE).unwrap(), "image/jpeg");
        assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
        assert!(headers.get(header::CACHE_CONTROL).unwrap().to_str().unwrap().contains("immutable"));
        assert!(!body.contains("<script>"), "the appended script is gone");
        let traversal = Request::builder().uri("/uploads/..%2F..%2Fetc%2Fpasswd").header(header::HOST, "127.0.0.1:3000").body(Body::empty()).unwrap();
        assert_eq!(send(&router, traversal).await.0, StatusCode::NOT_FOUND);
        let _ = std::fs::remove_dir_all(dir);
    });
}

/// A login form post from `ip` (as the socket's peer, the way login throttling reads it).
fn login_from(ip: [u8; 4], email: &str, password: &str) -> Request<Body> {
    let body = form(&[("email", email.into()), ("password", password.into()), ("next", "/".into())]);
    let mut req = api().uri("/api/login").body(Body::from(body)).unwrap();
    req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((ip, 50_000))));
    req
}

#[test]
fn concurrent_wrong_logins_are_throttled_before_they_are_checked() {
    serially(async {
        let (router, dir, _) = test_app().await;
        let limit = app::backend::throttle::ACCOUNT_LIMIT as usize;
        let guesses = (0..50u8).map(|n| send(&router, login_from([10, 20, 0, n], "sieuthi@cholang.test", "not the password")));
        let answers = futures::future::join_all(guesses).await;
        let unauthorized = answers.iter().filter(|(status, _, _)| *status == StatusCode::UNAUTHORIZED).count();
        let limited = answers.iter().filter(|(status, _, _)| *status == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!((unauthorized, limited), (limit, 50 - limit), "{:?}", answers.iter().map(|a| a.0).collect::<Vec<_>>());
        assert!(answers.iter().all(|(status, _, body)| *status != StatusCode::TOO_MANY_REQUESTS || body.contains("rate_limited")));
        // The right password is refused while the account is blocked, and no session is made.
        let (status, headers, body) = send(&router, login_from([10, 20, 1, 1], "sieuthi@cholang.test", DEMO_PASSWORD)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert!(headers.get(header::SET_COOKIE).is_none());
        // Another account is not affected.
        let (status, _, body) = send(&router, login_from([10, 20, 1, 2], "khach@cholang.test", DEMO_PASSWORD)).await;
        assert!(status.is_success() || status.is_redirection(), "{status} {body}");
        let _ = std::fs::remove_dir_all(dir);
    });
}

/// A PNG of `width`×`height` black pixels, written row by row through zlib: a 12000×12000 one
/// is ~420 KB and 432 MB decoded, made without allocating its pixels.
fn black_png(width: u32, height: u32) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = out[start..].iter().fold(!0u32, |mut crc, &byte| {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
            crc
        });
        out.extend_from_slice(&(!crc).to_be_bytes());
    }
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    chunk(&mut out, b"IHDR", &header);
    // Each row is its filter byte (0) and its pixels (0): the whole stream is zeros.
    let row = vec![0u8; 1 + 3 * width as usize];
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..height {
        z.write_all(&row).unwrap();
    }
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

/// This process's resident memory and its peak, in KiB (Linux).
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[test]
fn an_image_bomb_is_refused_from_its_header_quickly_and_without_memory() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let cookie = login(&router, "gom.battrang@cholang.test").await;
        let target = product::Entity::find().filter(product::Column::ProducerId.eq(1)).order_by_asc(product::Column::Id).one(&db).await.unwrap().unwrap();
        let bomb = black_png(12_000, 12_000);
        assert!(bomb.len() < 600 * 1024, "a small file: {} bytes", bomb.len());
        let photos_before = product_image::Entity::find().filter(product_image::Column::ProductId.eq(target.id)).all(&db).await.unwrap().len();

        // Reset the peak (Linux: 5 > clear_refs), so the peak after is this upload's.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let (idle, _) = memory_kib();
        let started = std::time::Instant::now();
        let (status, body) = upload(&router, Some(&cookie), target.id, &bomb).await;
        let took = started.elapsed();
        let (_, peak) = memory_kib();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("\"problem\":\"image_too_large\""), "{body}");
        assert!(took < std::time::Duration::from_secs(1), "refused in {took:?}");
        let grew = peak.saturating_sub(idle);
        assert!(grew < 100 * 1024, "memory grew by {grew} KiB");
        eprintln!("bomb of {} bytes refused in {took:?}; peak RSS {} KiB above idle", bomb.len(), grew);
        assert_eq!(
            product_image::Entity::find().filter(product_image::Column::ProductId.eq(target.id)).all(&db).await.unwrap().len(),
            photos_before,
            "nothing stored"
        );

        // A form post goes back to the editor, which says why in the user's language.
        let (content_type, form_body) = multipart_field(&bomb, "photo");
        let req = Request::builder()
            .method("POST")
            .uri(format!("/dashboard/products/{}/photos", target.id))
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::CONTENT_TYPE, content_type)
            .header(header::COOKIE, &cookie)
            .body(Body::from(form_body))
            .unwrap();
        let (status, headers, _) = send(&router, req).await;
        assert!(status.is_redirection(), "{status}");
        let back = headers.get(header::LOCATION).unwrap().to_str().unwrap().to_owned();
        assert!(back.ends_with("?upload_error=dimensions"), "{back}");
        for (lang, says) in [("vi", "Ảnh quá lớn: tối đa 8000×8000"), ("en", "Image too large: at most 8000×8000 pixels")] {
            let page = Request::builder()
                .uri(format!("{back}&lang={lang}"))
                .header(header::HOST, "127.0.0.1:3000")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap();
            let (status, _, html) = send(&router, page).await;
            assert_eq!(status, StatusCode::OK);
            assert!(html.contains(says), "{lang}: {says:?} not on the editor");
        }
        let _ = std::fs::remove_dir_all(dir);
    });
}

#[test]
fn one_upload_at_a_time_per_account() {
    serially(async {
        let (router, dir, db) = test_app().await;
        let cookie = login(&router, "gom.battrang@cholang.test").await;
        let user_id = app::backend::entities::user::Entity::find()
            .filter(app::backend::entities::user::Column::Email.eq("gom.battrang@cholang.test"))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let target = product::Entity::find().filter(product::Column::ProducerId.eq(1)).order_by_asc(product::Column::Id).one(&db).await.unwrap().unwrap();
        let path = format!("/dashboard/products/{}/photos", target.id);

        // The first upload's body arrives slowly and holds the account's one slot meanwhile.
        let (content_type, body) = multipart_field(&png(), "photo");
        let (more, rest) = futures::channel::mpsc::unbounded::<Result<Vec<u8>, std::io::Error>>();
        more.unbounded_send(Ok(body[..64].to_vec())).unwrap();
        let slow = Request::builder()
            .method("POST")
            .uri(&path)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, content_type)
            .header(header::COOKIE, &cookie)
            .body(Body::from_stream(rest))
            .unwrap();
        let first = tokio::spawn({
            let router = router.clone();
            async move { send(&router, slow).await }
        });
        let waiting = std::time::Instant::now();
        while !app::backend::uploads::is_uploading(user_id) {
            assert!(waiting.elapsed() < std::time::Duration::from_secs(10), "the first upload never started");
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let (status, text) = upload(&router, Some(&cookie), target.id, &png()).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{text}");
        assert!(text.contains("rate_limited"), "{text}");
        more.unbounded_send(Ok(body[64..].to_vec())).unwrap();
        drop(more);
        let (status, _, text) = first.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{text}");
        assert!(!app::backend::uploads::is_uploading(user_id), "the slot ends with the upload");
        assert_eq!(upload(&router, Some(&cookie), target.id, &png()).await.0, StatusCode::CREATED);
        let _ = std::fs::remove_dir_all(dir);
    });
}
