//! No personal data on any public page, download or API answer.
//!
//! A small demo nation (every procedure's history: inspections, conciliation, the union registry)
//! is built with the real binary and served. Its event log holds everything the system knows, so
//! the personal data to look for is read from it: every CURP, and the address, telephone and
//! e-mail of every person (an object with a CURP, a worker party of a conciliation request).
//! Then an anonymous visitor crawls everything public: the home page and every parameterless
//! public GET route of the API document, following every same-site link, form and download
//! (a few of each kind of page), plus the public API's record routes for the first ids. No
//! answer may contain one of those values, nor anything shaped like a CURP.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/http.rs"]
mod http;
#[path = "support/process.rs"]
mod process;

use process::Server;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;
use std::process::{Command, Stdio};

/// Pages of one kind (the path with its numbers and query blanked) the crawl reads at most.
const PER_KIND: usize = 25;
/// Answers the crawl reads at most.
const MAX_ANSWERS: usize = 2_500;
/// Ids tried on each public API route that takes one.
const API_IDS: std::ops::RangeInclusive<i64> = 1..=4;

fn faro(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_faro"));
    c.arg("--data-dir")
        .arg(data)
        .env_remove("FARO_DATABASE_URL")
        .env_remove("FARO_DATA_DIR")
        .env_remove("FARO_LISTEN")
        .env("FARO_LOG", "warn")
        .stdin(Stdio::null());
    c
}

// ---------------------------------------------------------------------------------------------
// What is personal.

/// Is `s` shaped like a CURP (RENAPO's 18 characters: 4 letters, birth date, sex, state, 3
/// consonants, homonymy, check digit)?
fn curp_shaped(s: &[u8]) -> bool {
    s.len() == 18
        && s[..4].iter().all(u8::is_ascii_uppercase)
        && s[4..10].iter().all(u8::is_ascii_digit)
        && matches!(s[10], b'H' | b'M' | b'X')
        && s[11..16].iter().all(u8::is_ascii_uppercase)
        && (s[16].is_ascii_uppercase() || s[16].is_ascii_digit())
        && s[17].is_ascii_digit()
}

/// Every CURP-shaped word of `text` (delimited by anything but letters and digits).
fn curps_in(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| curp_shaped(w.as_bytes()))
        .map(str::to_string)
        .collect()
}

const CONTACT_KEYS: &[&str] = &["address", "phone", "telephone", "email", "home_address"];

/// The personal values of a JSON document: CURPs anywhere, and the contact fields of persons
/// (objects that carry a CURP) and of worker parties (a conciliation request's `person` with the
/// role `worker`).
fn personal_values(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::String(s) => out.extend(curps_in(s)),
        serde_json::Value::Array(items) => items.iter().for_each(|i| personal_values(i, out)),
        serde_json::Value::Object(map) => {
            let is_person = map.get("curp").is_some_and(|c| !c.is_null());
            let is_worker_party =
                map.get("role").and_then(|r| r.as_str()) == Some("worker") && map.contains_key("person");
            if is_person || is_worker_party {
                for key in CONTACT_KEYS {
                    if let Some(s) = map.get(*key).and_then(|s| s.as_str()) {
                        // Short values ("s/n", a bare town) say nothing of anyone.
                        if s.trim().chars().count() >= 12 {
                            out.insert(s.trim().to_string());
                        }
                    }
                }
            }
            map.values().for_each(|i| personal_values(i, out));
        }
        _ => {}
    }
}

fn personal_data(db: &Path) -> BTreeSet<String> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the demo database");
    let mut stmt = conn.prepare("SELECT payload FROM events").expect("read the log");
    let mut rows = stmt.query([]).expect("read the log");
    let mut out = BTreeSet::new();
    while let Some(row) = rows.next().expect("a row") {
        let payload: String = row.get(0).expect("a payload");
        let v: serde_json::Value = serde_json::from_str(&payload).expect("JSON payloads");
        personal_values(&v, &mut out);
    }
    out
}

/// The ways a value can appear in an answer: as is, HTML-escaped, JSON-escaped.
fn spellings(value: &str) -> Vec<String> {
    let html = value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;");
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json.trim_matches('"').to_string();
    let mut all = vec![value.to_string(), html, json];
    all.sort();
    all.dedup();
    all
}

// ---------------------------------------------------------------------------------------------
// The crawl.

/// The page's kind: its path with every number blanked and without the query.
fn kind_of(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.split('/')
        .map(|seg| {
            if seg.chars().any(|c| c.is_ascii_digit()) {
                "N"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The same-site targets of an HTML page's links, sources and GET forms.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\"", "action=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            let target = unescape(&rest[..end]);
            if target.starts_with('/') && !target.starts_with("//") {
                out.push(target.split('#').next().unwrap_or("").to_string());
            }
        }
    }
    out
}

/// An attribute's value as the browser reads it (the templates escape `/` and `&`).
fn unescape(attr: &str) -> String {
    attr.replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&#x3d;", "=")
        .replace("&#x3f;", "?")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Paths never worth visiting anonymously: they change the session or need one.
fn skipped(path: &str) -> bool {
    ["/login", "/logout", "/language"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}?")))
}

struct Crawl {
    seen: BTreeSet<String>,
    per_kind: BTreeMap<String, usize>,
    queue: VecDeque<String>,
}

impl Crawl {
    fn push(&mut self, path: String) {
        if skipped(&path) || self.seen.contains(&path) {
            return;
        }
        let n = self.per_kind.entry(kind_of(&path)).or_default();
        if *n >= PER_KIND {
            return;
        }
        *n += 1;
        self.seen.insert(path.clone());
        self.queue.push_back(path);
    }
}

/// The public API document's GET routes: those without parameters as they are, those with one
/// id for the first few ids.
fn api_seeds(openapi: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    let Some(paths) = openapi["paths"].as_object() else {
        return out;
    };
    for (path, item) in paths {
        let public = path.contains("/public/") || !path.starts_with("/api/v1/");
        if item.get("get").is_none() || !public {
            continue;
        }
        match path.matches('{').count() {
            0 => out.push(path.clone()),
            1 => {
                let (head, tail) = path.split_once('{').unwrap_or((path, ""));
                let tail = tail.split_once('}').map(|(_, t)| t).unwrap_or("");
                out.extend(API_IDS.map(|id| format!("{head}{id}{tail}")));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn no_public_answer_holds_personal_data() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let data = dir.path().join("data");
    let demo = faro(&data)
        .args(["demo", "--scale", "0.01", "--no-serve"])
        .output()
        .expect("run faro demo");
    assert!(
        demo.status.success(),
        "{}{}",
        String::from_utf8_lossy(&demo.stdout),
        String::from_utf8_lossy(&demo.stderr)
    );
    let personal = personal_data(&data.join("faro.sqlite3"));
    let curps = personal.iter().filter(|v| curp_shaped(v.as_bytes())).count();
    assert!(curps > 100, "the demo should hold many persons' CURPs, found {curps}");
    assert!(personal.len() > curps, "and their addresses");
    let needles: Vec<(String, String)> = personal
        .iter()
        .flat_map(|v| spellings(v).into_iter().map(move |s| (s, v.clone())))
        .collect();

    let server = Server::start(faro(&data));
    let get = |path: &str| {
        http::send(server.addr, "GET", path, "", None).unwrap_or_else(|e| panic!("GET {path}: {}", e.detail()))
    };
    let openapi: serde_json::Value = serde_json::from_str(&get("/api/openapi.json").body).expect("the API document");
    let mut crawl = Crawl {
        seen: BTreeSet::new(),
        per_kind: BTreeMap::new(),
        queue: VecDeque::new(),
    };
    crawl.push("/".to_string());
    for seed in api_seeds(&openapi) {
        crawl.push(seed);
    }

    let mut leaks: Vec<String> = Vec::new();
    let mut answers = 0usize;
    let mut ok_kinds = BTreeSet::new();
    let mut other = BTreeSet::new();
    while let Some(path) = crawl.queue.pop_front() {
        if answers >= MAX_ANSWERS {
            break;
        }
        answers += 1;
        let reply = get(&path);
        assert!(
            reply.status < 500,
            "GET {path} answered {}: {}",
            reply.status,
            http::snippet(&reply.body)
        );
        if reply.status == 200 {
            ok_kinds.insert(kind_of(&path));
        } else {
            other.insert(format!("{} {path}", reply.status));
        }
        let body = &reply.body;
        for curp in curps_in(body) {
            leaks.push(format!("{path}: a CURP-shaped value {curp}"));
        }
        for (needle, value) in &needles {
            if body.contains(needle.as_str()) {
                leaks.push(format!("{path}: personal data {value:?}"));
            }
        }
        let html = reply.header("content-type").is_some_and(|t| t.starts_with("text/html"));
        if html {
            for link in links(body) {
                crawl.push(link);
            }
        }
    }
    leaks.sort();
    leaks.dedup();
    assert!(leaks.is_empty(), "{} leaks:\n{}", leaks.len(), leaks.join("\n"));
    // The crawl reached the public surfaces it is meant to cover.
    for kind in [
        "/",
        "/results",
        "/data",
        "/verify",
        "/conciliation/calculator",
        "/union-registry",
        "/union-registry/unions/N",
        "/union-registry/agreements/N",
        "/union-registry/votes/N",
        "/union-registry/statistics",
        "/union-registry/data/agreements.csv",
        "/api/N/public/agreements/N",
    ] {
        assert!(ok_kinds.contains(kind), "the crawl never read {kind}: {ok_kinds:?}");
    }
    assert!(
        answers > 60,
        "only {answers} answers read: {ok_kinds:?}, not 200: {other:?}"
    );
    println!(
        "{answers} public answers read, {} kinds, {} personal values looked for",
        ok_kinds.len(),
        personal.len()
    );
}

#[test]
fn the_detectors_find_what_they_look_for() {
    assert!(curp_shaped(b"GOMC800101HDFRRR09"));
    assert!(!curp_shaped(b"GOMC800101HDFRRR0"));
    assert!(!curp_shaped(b"GOMC80010XHDFRRR09"));
    assert_eq!(curps_in("CURP: GOMC800101HDFRRR09, tel"), vec!["GOMC800101HDFRRR09"]);
    let doc = serde_json::json!({
        "parties": [
            {"role": "worker", "person": {"kind": "natural", "name": "Ana"}, "address": "Calle Olmo 12, Col. Centro"},
            {"role": "employer", "person": null, "address": "Av. Industria 400, Parque Norte"}
        ],
        "members": [{"name": "Luis", "curp": "LOPL900101HJCPRS02", "address": "Privada Roble 3, Tlaquepaque"}]
    });
    let mut found = BTreeSet::new();
    personal_values(&doc, &mut found);
    let want: BTreeSet<String> = [
        "Calle Olmo 12, Col. Centro",
        "LOPL900101HJCPRS02",
        "Privada Roble 3, Tlaquepaque",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(found, want);
    assert_eq!(
        kind_of("/union-registry/agreements/12?page=2"),
        "/union-registry/agreements/N"
    );
    assert_eq!(
        links("<a href=\"/a?x=1&amp;y=2#t\">a</a><a href=\"https://x\">"),
        vec!["/a?x=1&y=2"]
    );
    assert_eq!(
        links("<a href=\"&#x2f;data&#x2f;x.csv\" download>"),
        vec!["/data/x.csv"]
    );
    let api = serde_json::json!({"paths": {
        "/api/v1/public/agreements/{id}": {"get": {}},
        "/api/v1/workplaces/{id}": {"get": {}},
        "/api/v1/public/inspections": {"get": {}},
        "/api/v1/workplaces": {"post": {}}
    }});
    assert_eq!(
        api_seeds(&api),
        vec![
            "/api/v1/public/agreements/1",
            "/api/v1/public/agreements/2",
            "/api/v1/public/agreements/3",
            "/api/v1/public/agreements/4",
            "/api/v1/public/inspections"
        ]
    );
}
