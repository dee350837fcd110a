//! Scale-out: two server processes on one PostgreSQL database and one uploads directory.
//! A session made through one is honoured by the other, and a photo uploaded through one is
//! served by the other: nothing a request needs lives in one process's memory.
//!
//! Needs `CHOLANG_TEST_POSTGRES` (an admin URL that may create databases); skipped without
//! it unless `CHOLANG_REQUIRE_POSTGRES=1` (as `make test` sets), which makes it fail instead.

mod common;

use common::*;

fn png() -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(80, 60, image::Rgb([150, 60, 30])));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn two_servers_share_sessions_and_uploads_through_one_database() {
    let Some(admin_url) = postgres_admin_url() else { return };
    let name = format!("cholang_scale_{}", std::process::id());
    let database_url = fresh_postgres(&admin_url, &name);
    let uploads = std::env::temp_dir().join(format!("{name}_uploads"));

    let seeded = command(&database_url, &uploads, 0).args(["seed", "--demo"]).status().unwrap();
    assert!(seeded.success(), "seeding failed");
    let (port_a, port_b) = (free_port(), free_port());
    let _a = Server(command(&database_url, &uploads, port_a).spawn().unwrap());
    let _b = Server(command(&database_url, &uploads, port_b).spawn().unwrap());
    wait_until_up(port_a);
    wait_until_up(port_b);

    // Log in through A.
    let form = b"email=gom.battrang%40cholang.test&password=cholang-demo&next=%2Fdashboard";
    let (status, headers, _) = http(port_a, "POST", "/api/login", &[("Content-Type", "application/x-www-form-urlencoded".into())], form);
    assert!(status < 400, "login on A: {status}");
    let cookie = headers
        .iter()
        .find(|(k, v)| k == "set-cookie" && v.starts_with("cholang_session="))
        .map(|(_, v)| v.split(';').next().unwrap().to_owned())
        .expect("a session cookie from A");

    // B knows the session.
    let (status, _, body) = http(port_b, "POST", "/api/me", &[("Cookie", cookie.clone()), ("Content-Type", "application/x-www-form-urlencoded".into())], b"");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("gom.battrang@cholang.test"), "B honours A's session");

    // Upload a photo through B (to the owner's first product, found through B's API), fetch it from A.
    let (status, _, body) = http(port_b, "POST", "/api/my_products", &[("Cookie", cookie.clone()), ("Content-Type", "application/x-www-form-urlencoded".into())], b"q=&lang=vi");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let products: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let product_id = products[0]["id"].as_i64().expect("the owner has products");
    let boundary = "scaleoutboundary";
    let mut multipart = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n").into_bytes();
    multipart.extend_from_slice(&png());
    multipart.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let (status, _, body) = http(
        port_b,
        "POST",
        &format!("/dashboard/products/{product_id}/photos"),
        &[("Cookie", cookie.clone()), ("Accept", "application/json".into()), ("Content-Type", format!("multipart/form-data; boundary={boundary}"))],
        &multipart,
    );
    assert_eq!(status, 201, "upload on B: {}", String::from_utf8_lossy(&body));
    let uploaded: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let url = uploaded["url"].as_str().unwrap();
    let (status, headers, body) = http(port_a, "GET", url, &[], b"");
    assert_eq!(status, 200, "A serves the photo B stored");
    assert!(headers.iter().any(|(k, v)| k == "content-type" && v == "image/jpeg"));
    assert!(body.starts_with(&[0xFF, 0xD8, 0xFF]), "a JPEG");

    // Logging out through A ends the session for B too.
    http(port_a, "POST", "/api/logout", &[("Cookie", cookie.clone()), ("Content-Type", "application/x-www-form-urlencoded".into())], b"");
    let (_, _, body) = http(port_b, "POST", "/api/me", &[("Cookie", cookie), ("Content-Type", "application/x-www-form-urlencoded".into())], b"");
    assert_eq!(String::from_utf8_lossy(&body), "null");

    drop(_a);
    drop(_b);
    let _ = std::fs::remove_dir_all(&uploads);
    drop_postgres(&admin_url, &name);
}
