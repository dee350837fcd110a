//! The fuzz suite: every registered server function and every page route, called with
//! generated input, anonymously and as each demo role. No answer may be a 5xx, nothing may
//! panic and nothing may log a warning or an error.

pub(crate) mod alarms {
    //! What a test must not cause: a panic anywhere in the process (a hook counts them, on
    //! whatever thread or task they happen) and a `WARN` or `ERROR` log event (a global
    //! subscriber keeps them). Both are installed once for the test process.

    use std::sync::{Mutex, OnceLock};

    use tracing::field::{Field, Visit};
    use tracing_subscriber::{filter::LevelFilter, layer::SubscriberExt, Layer};

    /// Everything alarming seen so far in this process, in order.
    static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

    fn record(line: String) {
        SEEN.lock().unwrap_or_else(|p| p.into_inner()).push(line);
    }

    fn seen() -> usize {
        SEEN.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    struct Keep;

    struct Message(String);

    impl Visit for Message {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            if !self.0.is_empty() {
                self.0.push(' ');
            }
            self.0.push_str(&format!("{}={value:?}", field.name()));
        }
    }

    impl<S: tracing::Subscriber> Layer<S> for Keep {
        fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
            let mut message = Message(String::new());
            event.record(&mut message);
            record(format!("{} {}: {}", event.metadata().level(), event.metadata().target(), message.0));
        }
    }

    fn install() {
        static ONCE: OnceLock<()> = OnceLock::new();
        ONCE.get_or_init(|| {
            let subscriber = tracing_subscriber::registry().with(Keep.with_filter(LevelFilter::WARN));
            tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber in the tests");
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                record(format!("PANIC {info}"));
                previous(info);
            }));
        });
    }

    /// Watches from now on.
    pub(crate) struct Alarms {
        from: usize,
    }

    impl Alarms {
        pub(crate) fn start() -> Self {
            install();
            Alarms { from: seen() }
        }

        /// The panics and warning or error events since [`Alarms::start`].
        pub(crate) fn since(&self) -> Vec<String> {
            SEEN.lock().unwrap_or_else(|p| p.into_inner())[self.from..].to_vec()
        }

        pub(crate) fn assert_quiet(&self, what: &str) {
            let alarms = self.since();
            assert!(alarms.is_empty(), "{what}: {} panics, warnings or errors:\n{}", alarms.len(), alarms.join("\n"));
        }
    }
}

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    Router,
};
use futures::StreamExt;
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, ValueTree};
use proptest::test_runner::TestRunner;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_reflection::{ContainerFormat, Format, Registry, Samples, Tracer, TracerConfig, VariantFormat};
use tower::ServiceExt;

use crate::http_layers::tests::{serially, test_app};
use alarms::Alarms;

/// Server-function calls, then page and route requests, per run.
const CALLS: usize = 9_000;
const GETS: usize = 1_500;
/// Requests in flight at once.
const IN_FLIGHT: usize = 6;
/// Calls of a function that hashes a password (argon2): each is ~50 ms of CPU by design.
const HASHING_CALLS: usize = 60;

/// The shape of a value as the function's `Deserialize` reads it (traced by serde-reflection).
#[derive(Clone, Debug)]
enum Shape {
    Unit,
    Bool,
    Int { min: i128, max: i128 },
    Float,
    Str,
    Option(Box<Shape>),
    Seq(Box<Shape>),
    Map(Box<Shape>, Box<Shape>),
    Tuple(Vec<Shape>),
    Struct(Vec<(String, Shape)>),
    Enum(Vec<(String, Variant)>),
}

#[derive(Clone, Debug)]
enum Variant {
    Unit,
    NewType(Shape),
    Tuple(Vec<Shape>),
    Struct(Vec<(String, Shape)>),
}

/// A registered server function: its path, its encoding and its arguments.
struct Target {
    path: &'static str,
    json: bool,
    args: Vec<(String, Shape)>,
}

impl Target {
    fn hashes_a_password(&self) -> bool {
        ["/api/login", "/api/register", "/api/change_password"].contains(&self.path)
    }
}

/// Traces `T` (a server function's argument struct) until every enum it holds has shown all
/// its variants. The demo data's valid values seed the tracer where a type checks its input
/// (`Stars` 3–5, a `Slug`), so tracing gets through their `Deserialize`.
fn target<T>() -> Result<Target, String>
where
    T: server_fn::ServerFn + for<'de> server_fn::serde::Deserialize<'de>,
{
    let config = TracerConfig::default()
        .is_human_readable(true)
        .default_string_value("bat-trang".into())
        .default_borrowed_str_value("bat-trang")
        .default_i64_value(4)
        .default_i32_value(4)
        .default_u8_value(4)
        .default_u32_value(4)
        .default_u64_value(4);
    let mut tracer = Tracer::new(config);
    let samples = Samples::new();
    let mut format = None;
    for _ in 0..24 {
        let (f, _) = tracer.trace_type_once::<T>(&samples).map_err(|e| format!("{}: {e}", T::PATH))?;
        format = Some(f);
    }
    let registry = tracer.registry_unchecked();
    let shape = shape_of(&format.expect("traced"), &registry, 0);
    let args = match shape {
        Shape::Struct(fields) => fields,
        Shape::Unit => Vec::new(),
        other => return Err(format!("{}: arguments are not a struct but {other:?}", T::PATH)),
    };
    // `Http<PostUrl, Json>` or `Http<Json, Json>`: the first parameter is the input encoding.
    let protocol = std::any::type_name::<T::Protocol>();
    let input = protocol.split_once('<').map_or(protocol, |(_, rest)| rest).split(',').next().unwrap_or("");
    Ok(Target { path: T::PATH, json: !input.contains("Url"), args })
}

fn shape_of(format: &Format, registry: &Registry, depth: usize) -> Shape {
    if depth > 8 {
        return Shape::Str;
    }
    let all = |formats: &[Format]| formats.iter().map(|f| shape_of(f, registry, depth + 1)).collect::<Vec<_>>();
    let named = |fields: &[serde_reflection::Named<Format>]| {
        fields.iter().map(|f| (f.name.clone(), shape_of(&f.value, registry, depth + 1))).collect::<Vec<_>>()
    };
    match format {
        Format::TypeName(name) => match registry.get(name) {
            Some(ContainerFormat::UnitStruct) => Shape::Unit,
            Some(ContainerFormat::NewTypeStruct(inner)) => shape_of(inner, registry, depth + 1),
            Some(ContainerFormat::TupleStruct(items)) => Shape::Tuple(all(items)),
            Some(ContainerFormat::Struct(fields)) => Shape::Struct(named(fields)),
            Some(ContainerFormat::Enum(variants)) => Shape::Enum(
                variants
                    .values()
                    .map(|v| {
                        let variant = match &v.value {
                            VariantFormat::NewType(inner) => Variant::NewType(shape_of(inner, registry, depth + 1)),
                            VariantFormat::Tuple(items) => Variant::Tuple(all(items)),
                            VariantFormat::Struct(fields) => Variant::Struct(named(fields)),
                            _ => Variant::Unit,
                        };
                        (v.name.clone(), variant)
                    })
                    .collect(),
            ),
            None => Shape::Str,
        },
        Format::Unit => Shape::Unit,
        Format::Bool => Shape::Bool,
        Format::I8 => Shape::Int { min: i8::MIN.into(), max: i8::MAX.into() },
        Format::I16 => Shape::Int { min: i16::MIN.into(), max: i16::MAX.into() },
        Format::I32 => Shape::Int { min: i32::MIN.into(), max: i32::MAX.into() },
        Format::I64 => Shape::Int { min: i64::MIN.into(), max: i64::MAX.into() },
        Format::U8 => Shape::Int { min: 0, max: u8::MAX.into() },
        Format::U16 => Shape::Int { min: 0, max: u16::MAX.into() },
        Format::U32 => Shape::Int { min: 0, max: u32::MAX.into() },
        Format::U64 => Shape::Int { min: 0, max: u64::MAX.into() },
        Format::I128 | Format::U128 => Shape::Int { min: i64::MIN.into(), max: i64::MAX.into() },
        Format::F32 | Format::F64 => Shape::Float,
        Format::Char | Format::Str | Format::Bytes | Format::Variable(_) => Shape::Str,
        Format::Option(inner) => Shape::Option(Box::new(shape_of(inner, registry, depth + 1))),
        Format::Seq(inner) | Format::TupleArray { content: inner, .. } => Shape::Seq(Box::new(shape_of(inner, registry, depth + 1))),
        Format::Map { key, value } => Shape::Map(Box::new(shape_of(key, registry, depth + 1)), Box::new(shape_of(value, registry, depth + 1))),
        Format::Tuple(items) => Shape::Tuple(all(items)),
    }
}

/// Every server function of the app, by its argument type. The suite checks this list against
/// the functions actually registered, so a new function cannot be left out.
macro_rules! every_server_function {
    ($($module:ident :: $ty:ident),* $(,)?) => {
        fn targets() -> Vec<Result<Target, String>> {
            vec![$(target::<app::api::$module::$ty>()),*]
        }
    };
}

every_server_function![
    accounts::CurrentUser, accounts::Register, accounts::Login, accounts::Logout, accounts::ChangePassword,
    cart::GetCart, cart::CartUnits, cart::AddToCart, cart::SetCartQuantity, cart::RemoveFromCart,
    catalog::ListProducts, catalog::Suggest,
    dashboard::GetEditorChoices, dashboard::ApplyAsProducer, dashboard::MyStorefront, dashboard::UpdateProfile,
    dashboard::MyProducts, dashboard::GetProductDraft, dashboard::SaveProduct, dashboard::DuplicateProduct,
    dashboard::SetProductStatus, dashboard::SetStock, dashboard::MovePhoto, dashboard::RemovePhoto,
    dashboard::ProductCertificates, dashboard::AddMember,
    detail::GetProductDetail, detail::GetVillageDetail, detail::GetProducerDetail,
    fairs::ListFairs, fairs::GetFair, fairs::FairInterest, fairs::SetFairInterest, fairs::GetFairChoices, fairs::MyFairs,
    fairs::CreateFair, fairs::GetOrganizerFair, fairs::UpdateFair, fairs::AddBoothType, fairs::RemoveBoothType,
    fairs::SetFairStatus, fairs::FairApplications, fairs::DecideApplication, fairs::GetExhibitChoices, fairs::ApplyToFair,
    fairs::MyFairApplications, fairs::WithdrawApplication, fairs::GetParticipation, fairs::RegisterForEvent,
    fairs::UnregisterFromEvent,
    office::PendingProducers, office::ReviewProducer, office::PendingCertificates, office::ReviewCertificate,
    office::CorrectCertificate, office::ExpiringCertificates, office::PendingBuyers, office::ReviewBuyer, office::Moderate,
    office::LiftModeration, office::Moderated, office::OfficeStats, office::SetAccountRole,
    orders::BeginCheckout, orders::PlaceOrder, orders::MyOrders, orders::GetOrder, orders::CancelOrder,
    orders::ProducerOrders, orders::UpdateOrder, orders::ShippingSettings, orders::SaveShipping,
    places::ListDistricts, places::ListVillagesByDistrict,
    points_of_sale::ListPointsOfSale, points_of_sale::GetPointOfSale, points_of_sale::GetSoldAt,
    points_of_sale::MyPointsOfSale, points_of_sale::GetManagedPos, points_of_sale::CreatePos, points_of_sale::UpdatePos,
    points_of_sale::DeletePos, points_of_sale::ChangePosStock,
    reviews::ReviewProduct, reviews::FavouriteState, reviews::SetFavourite, reviews::MyFavourites,
    stats::GetProgrammeFigures, stats::GetDistrictFigures,
    trade::GetBuyerDesk, trade::RegisterBusiness, trade::GetTradeChoices, trade::GetWholesaleTerms, trade::WholesaleList,
    trade::AmVerifiedBuyer, trade::SendTradeRequest, trade::BroadcastReach, trade::BroadcastTradeRequest,
    trade::TradeRequest, trade::QuoteTradeRequest, trade::AcceptTradeQuote, trade::DeclineTradeRequest,
    trade::PostTradeMessage, trade::GetProducerDesk, trade::GetMeetingChoices, trade::RequestMeeting,
    trade::AnswerMeeting,
];

/// A generated value, before it is written as a form or as JSON.
#[derive(Clone, Debug)]
enum Val {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Val>),
    Obj(Vec<(String, Val)>),
}

impl Val {
    fn json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Int(n) => i64::try_from(*n)
                .map(Value::from)
                .or_else(|_| u64::try_from(*n).map(Value::from))
                .unwrap_or_else(|_| Value::String(n.to_string())),
            Val::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Val::Str(s) => Value::String(s.clone()),
            Val::Seq(items) => Value::Array(items.iter().map(Val::json).collect()),
            Val::Obj(fields) => Value::Object(fields.iter().map(|(k, v)| (k.clone(), v.json())).collect()),
        }
    }

    /// `serde_qs` style, as the server functions read forms: `outer[inner]=value`, `list[0]=…`.
    fn form_pairs(&self, key: &str, out: &mut Vec<(String, String)>) {
        let scalar = |out: &mut Vec<(String, String)>, value: String| out.push((key.to_owned(), value));
        let nested = |k: &str| if key.is_empty() { k.to_owned() } else { format!("{key}[{k}]") };
        match self {
            Val::Null => {}
            Val::Bool(b) => scalar(out, b.to_string()),
            Val::Int(n) => scalar(out, n.to_string()),
            Val::Float(f) => scalar(out, f.to_string()),
            Val::Str(s) => scalar(out, s.clone()),
            Val::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.form_pairs(&nested(&i.to_string()), out);
                }
            }
            Val::Obj(fields) => {
                for (k, v) in fields {
                    v.form_pairs(&nested(k), out);
                }
            }
        }
    }
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Text that has broken servers: empty, huge, control and combining characters, markup,
/// SQL and full-text syntax, paths, numbers out of range.
fn hostile_texts() -> Vec<String> {
    let mut texts: Vec<String> = [
        "", " ", "\0", "\u{FEFF}", "\u{202E}gnp.exe", "e\u{301}\u{301}\u{301}", "🏺🧧👩🏽‍🌾", "ㅤ", "\r\n\r\n", "\t",
        "'; DROP TABLE products; --", "\" OR 1=1 --", "%", "_", "\\", "*", "\"", "NEAR(", "gốm AND OR NOT", "a:b", "-",
        "<script>alert(1)</script>", "</title><meta http-equiv=refresh content=0;url=//evil.example>", "{{7*7}}",
        "../../../../etc/passwd", "/dashboard", "//evil.example", "https://evil.example/", "javascript:alert(1)",
        "-1", "0", "-0", "1e309", "NaN", "inf", "9223372036854775808", "-9223372036854775809", "340282366920938463463374607431768211456",
        "0x10", "1.5", "1,5", "1.000.000.000.000.000", "99999999999999999999 ₫", "2027-02-30", "0000-00-00", "9999-12-31T23:59:59Z",
        "true", "null", "[]", "{}", "a[b]=c", "%ZZ", "%00", "+", "&", "=", "vi", "EN", "Vi",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    texts.push("a".repeat(5_000));
    texts.push("Gốm men rạn Bát Tràng ".repeat(400));
    texts.push("ắ".repeat(3_000));
    texts
}

/// Values the demo data really has (slugs, e-mails, codes), so generated calls reach the
/// functions' logic and not only their parsers.
async fn real_texts(db: &DatabaseConnection) -> Vec<String> {
    let mut texts: Vec<String> = [
        "khach@cholang.test", "gom.battrang@cholang.test", "htx.vanphuc@cholang.test", "hoicho@cholang.test",
        "sieuthi@cholang.test", "vanphong@cholang.test", "nobody@cholang.test", "Mật khẩu mới 2026 rất dài",
        "450.000", "1.200.000", "12", "0912 345 678", "+84912345678", "2027-03-15", "2027-04-01", "10:00", "Xóm 3",
        "Gốm men lam", "approve", "reject", "verify", "up", "down", "set", "add", "products.csv", "cod", "bank_transfer",
        "/account", "/products", "gia-lam", "bat-trang", "van-phuc", "gom-su",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    for (table, limit) in [("products", 40), ("villages", 15), ("producers", 15), ("districts", 10), ("categories", 10), ("fairs", 10), ("points_of_sale", 10)] {
        let sql = format!("SELECT slug FROM {table} ORDER BY id LIMIT {limit}");
        if let Ok(rows) = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await {
            texts.extend(rows.iter().filter_map(|row| row.try_get::<String>("", "slug").ok()));
        }
    }
    texts
}

struct Corpus {
    real: Vec<String>,
    hostile: Vec<String>,
}

fn text(corpus: &Corpus) -> BoxedStrategy<String> {
    prop_oneof![
        6 => proptest::sample::select(corpus.real.clone()),
        3 => proptest::sample::select(corpus.hostile.clone()),
        2 => proptest::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
    ]
    .boxed()
}

fn int(min: i128, max: i128, corpus: &Corpus) -> BoxedStrategy<Val> {
    let edges: Vec<i128> = vec![min, max, 0, -1, 1, i128::from(i32::MAX), i128::from(i64::MIN), i128::from(u64::MAX)];
    prop_oneof![
        6 => (1i128..=12).prop_map(Val::Int),
        4 => (1i128..=1_200).prop_map(Val::Int),
        2 => proptest::sample::select(edges).prop_map(Val::Int),
        1 => text(corpus).prop_map(Val::Str),
    ]
    .boxed()
}

fn value(shape: &Shape, corpus: &Corpus) -> BoxedStrategy<Val> {
    match shape {
        Shape::Unit => Just(Val::Null).boxed(),
        Shape::Bool => prop_oneof![8 => any::<bool>().prop_map(Val::Bool), 1 => text(corpus).prop_map(Val::Str)].boxed(),
        Shape::Int { min, max } => int(*min, *max, corpus),
        Shape::Float => prop_oneof![any::<f64>().prop_map(Val::Float), (0.0f64..100.0).prop_map(Val::Float)].boxed(),
        Shape::Str => text(corpus).prop_map(Val::Str).boxed(),
        Shape::Option(inner) => prop_oneof![1 => Just(Val::Null), 3 => value(inner, corpus)].boxed(),
        Shape::Seq(inner) => proptest::collection::vec(value(inner, corpus), 0..5).prop_map(Val::Seq).boxed(),
        Shape::Map(key, item) => proptest::collection::vec((value(key, corpus), value(item, corpus)), 0..4)
            .prop_map(|pairs| Val::Obj(pairs.into_iter().map(|(k, v)| (format!("{k:?}"), v)).collect()))
            .boxed(),
        Shape::Tuple(items) => items.iter().map(|s| value(s, corpus)).collect::<Vec<_>>().prop_map(Val::Seq).boxed(),
        Shape::Struct(fields) => fields_value(fields, corpus),
        Shape::Enum(variants) => {
            let mut names: Vec<String> = variants.iter().map(|(n, _)| n.clone()).collect();
            names.extend(names.clone().into_iter().map(|n| n.to_uppercase()));
            names.push("khong-co".into());
            let choices: Vec<BoxedStrategy<Val>> = variants
                .iter()
                .map(|(name, variant)| {
                    let name = name.clone();
                    match variant {
                        Variant::Unit => Just(Val::Str(name)).boxed(),
                        Variant::NewType(inner) => value(inner, corpus).prop_map(move |v| Val::Obj(vec![(name.clone(), v)])).boxed(),
                        Variant::Tuple(items) => items
                            .iter()
                            .map(|s| value(s, corpus))
                            .collect::<Vec<_>>()
                            .prop_map(move |v| Val::Obj(vec![(name.clone(), Val::Seq(v))]))
                            .boxed(),
                        Variant::Struct(fields) => {
                            fields_value(fields, corpus).prop_map(move |v| Val::Obj(vec![(name.clone(), v)])).boxed()
                        }
                    }
                })
                .collect();
            prop_oneof![
                6 => proptest::strategy::Union::new(choices),
                1 => proptest::sample::select(names).prop_map(Val::Str),
                1 => text(corpus).prop_map(Val::Str),
            ]
            .boxed()
        }
    }
}

/// A struct's fields: usually all of them, sometimes one missing, one of the wrong type or
/// one too many.
fn fields_value(fields: &[(String, Shape)], corpus: &Corpus) -> BoxedStrategy<Val> {
    let names: Vec<String> = fields.iter().map(|(n, _)| n.clone()).collect();
    let values: Vec<BoxedStrategy<Val>> = fields.iter().map(|(_, s)| value(s, corpus)).collect();
    let wrong = prop_oneof![
        text(corpus).prop_map(Val::Str),
        Just(Val::Obj(vec![("x".into(), Val::Str("1".into()))])),
        Just(Val::Seq(vec![Val::Int(1), Val::Int(2)])),
        Just(Val::Null),
    ];
    (values, 0u8..100, any::<proptest::sample::Index>(), wrong, text(corpus))
        .prop_map(move |(values, dice, which, wrong, extra)| {
            let mut fields: Vec<(String, Val)> = names.iter().cloned().zip(values).collect();
            if !fields.is_empty() {
                let i = which.index(fields.len());
                match dice {
                    0..=5 => {
                        fields.remove(i);
                    }
                    6..=11 => fields[i].1 = wrong,
                    12..=15 => fields.push((format!("extra_{}", which.index(1000)), Val::Str(extra))),
                    16..=17 => {
                        let duplicate = fields[i].clone();
                        fields.push(duplicate);
                    }
                    _ => {}
                }
            }
            Val::Obj(fields)
        })
        .boxed()
}

/// Who calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Anonymous,
    Consumer,
    Producer,
    Cooperative,
    Organizer,
    Buyer,
    Office,
}

const ROLES: [Role; 7] = [Role::Anonymous, Role::Consumer, Role::Producer, Role::Cooperative, Role::Organizer, Role::Buyer, Role::Office];

impl Role {
    fn email(self) -> Option<&'static str> {
        match self {
            Role::Anonymous => None,
            Role::Consumer => Some("khach@cholang.test"),
            Role::Producer => Some("gom.battrang@cholang.test"),
            Role::Cooperative => Some("htx.vanphuc@cholang.test"),
            Role::Organizer => Some("hoicho@cholang.test"),
            Role::Buyer => Some("sieuthi@cholang.test"),
            Role::Office => Some("vanphong@cholang.test"),
        }
    }
}

/// A session for `role`, made directly in the database (logging in costs an argon2 hash).
async fn session_cookie(db: &DatabaseConnection, role: Role) -> Option<String> {
    let email = role.email()?;
    let sql = format!("SELECT id FROM users WHERE email = '{email}'");
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().expect("demo user");
    let id: i32 = row.try_get("", "id").unwrap();
    let token = app::backend::sessions::start(db, id).await.unwrap();
    Some(format!("{}={token}", app::backend::sessions::SESSION_COOKIE))
}

/// One request to make.
#[derive(Clone, Debug)]
struct Call {
    method: &'static str,
    uri: String,
    role: Role,
    content_type: Option<&'static str>,
    accept_html: bool,
    body: String,
}

fn garbage_body() -> BoxedStrategy<String> {
    prop_oneof![
        Just(String::new()),
        Just("%%%".to_owned()),
        Just("a[b][c][d][e][f][g][h]=1".to_owned()),
        Just("=&=&&==".to_owned()),
        Just("{\"unterminated\": ".to_owned()),
        Just("x=".to_owned() + &"A".repeat(300 * 1024)),
        proptest::collection::vec(any::<u8>(), 0..200).prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ]
    .boxed()
}

fn call_strategy(target: &Target, corpus: &Corpus) -> BoxedStrategy<Call> {
    let path = target.path;
    let json = target.json;
    let args = fields_value(&target.args, corpus);
    (args, garbage_body(), 0u8..100, proptest::sample::select(ROLES.to_vec()))
        .prop_map(move |(args, garbage, dice, role)| {
            let (content_type, body) = match dice {
                0..=4 => (Some(if json { "application/json" } else { "application/x-www-form-urlencoded" }), garbage),
                5..=7 => (Some(if json { "application/x-www-form-urlencoded" } else { "application/json" }), {
                    let mut pairs = Vec::new();
                    args.form_pairs("", &mut pairs);
                    if json { form_body(&pairs) } else { args.json().to_string() }
                }),
                8 => (None, form_body(&{
                    let mut pairs = Vec::new();
                    args.form_pairs("", &mut pairs);
                    pairs
                })),
                _ if json => (Some("application/json"), args.json().to_string()),
                _ => {
                    let mut pairs = Vec::new();
                    args.form_pairs("", &mut pairs);
                    (Some("application/x-www-form-urlencoded"), form_body(&pairs))
                }
            };
            Call { method: "POST", uri: path.to_owned(), role, content_type, accept_html: dice >= 90, body }
        })
        .boxed()
}

fn form_body(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect::<Vec<_>>().join("&")
}

/// GET of a page or route, its `{parameters}` and query drawn from the corpus.
fn get_strategy(routes: Vec<String>, corpus: &Corpus) -> BoxedStrategy<Call> {
    const QUERY_KEYS: &[&str] = &[
        "q", "page", "stars", "district", "village", "category", "sort", "lang", "kind", "near", "status", "saved",
        "price_min", "price_max", "producer", "tab", "__err", "__path", "next", "fair", "x",
    ];
    let segment = prop_oneof![
        4 => proptest::sample::select(corpus.real.clone()),
        3 => (1i64..=1_200).prop_map(|n| n.to_string()),
        2 => proptest::sample::select(corpus.hostile.clone()),
        1 => proptest::sample::select(vec!["-1".to_owned(), "0".into(), "99999999999999999999".into(), "%2e%2e".into(), "a%00b".into()]),
    ];
    let keys: Vec<String> = QUERY_KEYS.iter().map(|k| (*k).to_owned()).collect();
    let query = proptest::collection::vec((proptest::sample::select(keys), text(corpus)), 0..4);
    (proptest::sample::select(routes), proptest::collection::vec(segment, 4), query, proptest::sample::select(ROLES.to_vec()))
        .prop_map(|(route, segments, query, role)| {
            let mut uri = String::new();
            let mut segments = segments.into_iter();
            for part in route.split('/').filter(|p| !p.is_empty()) {
                uri.push('/');
                if part.starts_with('{') {
                    let s = segments.next().unwrap_or_default();
                    // Encoded, except for the odd raw `%` escape the generator chose on purpose.
                    uri.push_str(&if s.starts_with('%') || s.contains("%00") { s } else { percent_encode(&s) });
                } else {
                    uri.push_str(part);
                }
            }
            if uri.is_empty() {
                uri.push('/');
            }
            if !query.is_empty() {
                uri.push('?');
                uri.push_str(&query.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect::<Vec<_>>().join("&"));
            }
            Call { method: "GET", uri, role, content_type: None, accept_html: true, body: String::new() }
        })
        .boxed()
}

/// Uploads with bodies that are not what they claim.
fn upload_strategy(corpus: &Corpus) -> BoxedStrategy<Call> {
    let routes: Vec<String> = ["/dashboard/products/{}/photos", "/dashboard/brand/{}", "/dashboard/products/{}/certificates", "/organizer/fairs/{}/cover"]
        .map(str::to_owned)
        .to_vec();
    (proptest::sample::select(routes), text(corpus), garbage_body(), proptest::sample::select(ROLES.to_vec()), any::<bool>())
        .prop_map(|(route, segment, body, role, multipart)| {
            let uri = route.replace("{}", &percent_encode(&segment));
            let content_type = if multipart { "multipart/form-data; boundary=XyZ" } else { "image/png" };
            Call { method: "POST", uri, role, content_type: Some(content_type), accept_html: false, body }
        })
        .boxed()
}

struct Outcome {
    call: Call,
    status: Option<StatusCode>,
    answer: String,
}

async fn run(router: &Router, cookie: Option<String>, call: Call) -> Outcome {
    let mut req = Request::builder().method(call.method).uri(&call.uri).header(header::HOST, "127.0.0.1:3000");
    if let Some(cookie) = &cookie {
        req = req.header(header::COOKIE, cookie);
    }
    if let Some(content_type) = call.content_type {
        req = req.header(header::CONTENT_TYPE, content_type);
    }
    if call.accept_html {
        req = req.header(header::ACCEPT, "text/html").header(header::REFERER, "http://127.0.0.1:3000/products");
    }
    let req = match req.body(Body::from(call.body.clone())) {
        Ok(req) => req,
        // A URI the HTTP library itself refuses never reaches a server.
        Err(_) => return Outcome { call, status: Some(StatusCode::BAD_REQUEST), answer: String::new() },
    };
    match tokio::time::timeout(Duration::from_secs(40), router.clone().oneshot(req)).await {
        Ok(Ok(res)) => {
            let status = res.status();
            let bytes = axum::body::to_bytes(res.into_body(), 32 * 1024 * 1024).await.unwrap_or_default();
            let answer = if status.is_server_error() { String::from_utf8_lossy(&bytes[..bytes.len().min(600)]).into_owned() } else { String::new() };
            Outcome { call, status: Some(status), answer }
        }
        Ok(Err(never)) => match never {},
        Err(_) => Outcome { call, status: None, answer: "no answer within 40 s".into() },
    }
}

#[test]
fn every_server_function_and_route_survives_generated_input() {
    serially(every_server_function_and_route_survives_generated_input_body());
}

async fn every_server_function_and_route_survives_generated_input_body() {
    let (router, dir, db) = test_app().await;

    // Every registered server function has its argument shape, and no other is called.
    let (targets, untraceable): (Vec<_>, Vec<_>) = targets().into_iter().partition(Result::is_ok);
    let untraceable: Vec<String> = untraceable.into_iter().filter_map(Result::err).collect();
    assert!(untraceable.is_empty(), "argument types the tracer could not read:\n{}", untraceable.join("\n"));
    let targets: Vec<Target> = targets.into_iter().map(Result::unwrap).collect();
    let listed: std::collections::BTreeSet<&str> = targets.iter().map(|t| t.path).collect();
    let registered: std::collections::BTreeSet<&str> = server_fn::axum::server_fn_paths().map(|(path, _)| path).collect();
    assert_eq!(listed, registered, "every_server_function! must list exactly the registered server functions");
    assert!(targets.iter().any(|t| t.path == "/api/products" && t.json), "list_products takes JSON");
    assert!(targets.iter().any(|t| t.path == "/api/login" && !t.json && t.args.len() == 3), "login takes a form of three fields");

    let corpus = Corpus { real: real_texts(&db).await, hostile: hostile_texts() };
    let pages: Vec<String> = leptos_axum::generate_route_list(app::App).iter().map(|r| r.path().to_owned()).collect();
    assert!(pages.len() >= 30, "{pages:?}");
    let mut routes = pages.clone();
    routes.extend(
        ["/healthz", "/robots.txt", "/sitemap.xml", "/sitemaps/{file}", "/fairs.ics", "/fairs/{slug}/calendar.ics", "/office/export/{file}", "/uploads/{key}", "/{anything}", "/pkg/{file}"]
            .map(str::to_owned),
    );

    // Draw every request up front, deterministically (the same run every time).
    let mut runner = TestRunner::deterministic();
    let mut draw = |strategy: &BoxedStrategy<Call>| strategy.new_tree(&mut runner).expect("a value").current();
    let call_strategies: Vec<(bool, BoxedStrategy<Call>)> = targets.iter().map(|t| (t.hashes_a_password(), call_strategy(t, &corpus))).collect();
    let get = get_strategy(routes, &corpus);
    let upload = upload_strategy(&corpus);
    let mut calls = Vec::with_capacity(CALLS + GETS);
    let mut hashing = 0;
    while calls.len() < CALLS {
        // Round-robin over the functions, so each gets its share.
        let i = calls.len() % call_strategies.len();
        let (hashes, strategy) = &call_strategies[i];
        if *hashes {
            if hashing >= HASHING_CALLS {
                calls.push(draw(&call_strategies[(i + 1) % call_strategies.len()].1));
                continue;
            }
            hashing += 1;
        }
        calls.push(draw(strategy));
    }
    for n in 0..GETS {
        calls.push(if n % 10 == 9 { draw(&upload) } else { draw(&get) });
    }

    // One session per role; a call that may end its session (log-out) gets one of its own.
    let mut cookies = BTreeMap::new();
    for role in ROLES {
        cookies.insert(role as u8, session_cookie(&db, role).await);
    }
    let alarms = Alarms::start();
    let started = Instant::now();
    let total = calls.len();
    let outcomes: Vec<Outcome> = futures::stream::iter(calls)
        .map(|call| {
            let router = router.clone();
            let db = db.clone();
            let shared = cookies[&(call.role as u8)].clone();
            async move {
                let cookie = if call.uri == "/api/logout" || call.uri == "/api/change_password" { session_cookie(&db, call.role).await } else { shared };
                run(&router, cookie, call).await
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let elapsed = started.elapsed();

    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    for outcome in &outcomes {
        *by_status.entry(outcome.status.map_or("none".into(), |s| s.as_u16().to_string())).or_default() += 1;
    }
    eprintln!(
        "fuzz: {total} requests ({} server-function calls over {} functions, {} page and route requests) in {:.1} s; statuses {by_status:?}",
        CALLS,
        targets.len(),
        GETS,
        elapsed.as_secs_f64()
    );
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|o| o.status.is_none_or(|s| s.is_server_error()))
        .map(|o| {
            let body: String = o.call.body.chars().take(300).collect();
            format!("{:?} {} {} as {:?} ({:?}) body {body:?}\n  → {}", o.status, o.call.method, o.call.uri, o.call.role, o.call.content_type, o.answer)
        })
        .collect();
    assert!(total >= 10_000);
    assert!(failures.is_empty(), "{} answers were 5xx or none:\n{}", failures.len(), failures.join("\n"));
    alarms.assert_quiet("fuzzing");
    let _ = std::fs::remove_dir_all(dir);
}
