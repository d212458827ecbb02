//! Case 9: a journey in real headless Chromium (fantoccini + chromedriver) against the server on
//! a real socket, with an axe-core WCAG 2 A/AA check of every page on the way.
//!
//! Without chromedriver the test prints "skipped: chromedriver not found" and passes, unless
//! FARO_REQUIRE_BROWSER=1 (CI sets it), when it fails.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use crate::support::{text, Fixture, PASSWORD};

const AXE: &str = include_str!("../vendor/axe-4.10.2.min.js");
pub const WAIT: Duration = Duration::from_secs(15);

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

fn first_existing(env: &str, names: &[&str], paths: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).map(PathBuf::from).filter(|p| p.is_file()) {
        return Some(p);
    }
    names
        .iter()
        .find_map(|n| on_path(n))
        .or_else(|| paths.iter().map(PathBuf::from).find(|p| p.is_file()))
}

/// The chromedriver process; killed when dropped, even if the test fails.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn wait_for_port(port: u16) -> bool {
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

pub fn err<E: std::fmt::Display>(what: &'static str) -> impl Fn(E) -> String {
    move |e| format!("{what}: {e}")
}

/// Polls a JavaScript condition until it is true.
pub async fn wait_js(c: &Client, what: &str, condition: &str) -> Result<(), String> {
    let script = format!("return !!({condition});");
    let start = Instant::now();
    loop {
        // Errors while a page is being replaced are expected: try again.
        if let Ok(Value::Bool(true)) = c.execute(&script, vec![]).await {
            return Ok(());
        }
        if start.elapsed() > WAIT {
            let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            return Err(format!("timed out waiting for {what} ({condition}) on {url}"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn wait_path(c: &Client, prefix: &str) -> Result<(), String> {
    wait_js(
        c,
        &format!("the page {prefix}"),
        &format!(
            "location.pathname.startsWith({}) && document.readyState === 'complete'",
            json!(prefix)
        ),
    )
    .await
}

/// Injects axe-core and runs the WCAG 2 A and AA rules; returns the violations, described.
pub async fn axe(c: &Client, page: &str) -> Result<Vec<String>, String> {
    let loaded = c
        .execute(&format!("{AXE}\n;return typeof window.axe;"), vec![])
        .await
        .map_err(err("inject axe"))?;
    ensure!(loaded == json!("object"), "axe did not load on {page}: {loaded}");
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] })
          .then(r => done({ violations: r.violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\s+/g, ' '))
          })) }))
          .catch(e => done({ error: String(e) }));
    "#;
    let r = c.execute_async(script, vec![]).await.map_err(err("run axe"))?;
    if let Some(e) = r.get("error") {
        return Err(format!("axe failed on {page}: {e}"));
    }
    let list = r["violations"].as_array().cloned().unwrap_or_default();
    Ok(list
        .iter()
        .map(|v| {
            format!(
                "{page}: [{}] {} ({}) at {}",
                v["impact"].as_str().unwrap_or("?"),
                v["id"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                v["nodes"]
            )
        })
        .collect())
}

pub async fn text_of(c: &Client, css: &str) -> Result<String, String> {
    c.find(Locator::Css(css))
        .await
        .map_err(err("find"))?
        .text()
        .await
        .map_err(err("text"))
}

pub async fn click(c: &Client, css: &str) -> Result<(), String> {
    let e = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .map_err(|e| format!("no {css}: {e}"))?;
    e.click().await.map_err(|e| format!("click {css}: {e}"))
}

/// A word of the employer's name that search can use: letters only, at least four of them.
fn search_word(name: &str) -> Option<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .max_by_key(|w| w.len())
        .map(str::to_string)
}

async fn journey(c: &Client, base: &str, f: &Fixture, violations: &mut Vec<String>) -> Result<(), String> {
    // The first workplace (lowest id) comes first in any search that matches it.
    let w = f.workplaces().into_iter().next().ok_or("no workplace")?;
    let employer = f
        .store
        .employer(w.employer_id)
        .map_err(err("employer"))?
        .ok_or("no employer")?;
    let word = search_word(&employer.name)
        .or_else(|| search_word(&w.name))
        .ok_or_else(|| format!("no usable word in {} / {}", employer.name, w.name))?;

    // The public home page.
    c.goto(&format!("{base}/")).await.map_err(err("open /"))?;
    wait_js(c, "the home page", "document.querySelector('main h1') !== null").await?;
    ensure!(
        c.execute("return document.documentElement.lang;", vec![])
            .await
            .map_err(err("lang"))?
            == json!("es-MX"),
        "the home page is not Spanish"
    );
    violations.extend(axe(c, "home (public)").await?);

    // The login page, through its link.
    click(c, "main a[href='/login']").await?;
    wait_path(c, "/login").await?;
    violations.extend(axe(c, "login").await?);
    let user = c.find(Locator::Id("username")).await.map_err(err("username field"))?;
    user.send_keys("inspector").await.map_err(err("type user"))?;
    let pass = c.find(Locator::Id("password")).await.map_err(err("password field"))?;
    pass.send_keys(PASSWORD).await.map_err(err("type password"))?;
    click(c, "form[action='/login'] button[type='submit']").await?;
    wait_js(
        c,
        "the staff home page",
        "location.pathname === '/' && document.querySelector('ul.tasks') !== null",
    )
    .await?;
    let h1 = text_of(c, "main h1").await?;
    ensure!(h1.contains("Jorge Luis"), "the staff home greets the inspector: {h1}");
    violations.extend(axe(c, "home (inspector)").await?);

    // The registry, and a search by a word of the employer's name.
    click(c, "nav a[href='/registry']").await?;
    wait_path(c, "/registry").await?;
    violations.extend(axe(c, "registry (empty)").await?);
    let q = c.find(Locator::Id("q")).await.map_err(err("search field"))?;
    q.send_keys(&word).await.map_err(err("type the word"))?;
    click(c, "form.search button[type='submit']").await?;
    let link = format!("#results a[href='/employers/{}']", employer.id);
    wait_js(
        c,
        "the results",
        &format!("document.querySelector({}) !== null", json!(link)),
    )
    .await?;
    violations.extend(axe(c, &format!("registry results for {word}")).await?);

    // The employer's page, from the results.
    click(c, &link).await?;
    wait_path(c, &format!("/employers/{}", employer.id)).await?;
    let h1 = text_of(c, "main h1").await?;
    ensure!(
        h1.trim() == employer.name,
        "the employer page shows {h1}, not {}",
        employer.name
    );
    violations.extend(axe(c, "employer").await?);

    // One of its workplaces.
    click(c, "#results a[href^='/workplaces/']").await?;
    wait_path(c, "/workplaces/").await?;
    let kicker = text_of(c, "main .kicker").await?;
    ensure!(
        kicker.to_lowercase() == text("es", "workplace.title").to_lowercase(),
        "the workplace page is in Spanish: {kicker}"
    );
    let path = c.current_url().await.map_err(err("url"))?.path().to_string();
    violations.extend(axe(c, "workplace").await?);

    // The language button switches to English and stays on the page.
    click(c, "#lang-switch").await?;
    wait_js(
        c,
        "the English page",
        "document.documentElement.lang === 'en' && document.readyState === 'complete'",
    )
    .await?;
    let now = c.current_url().await.map_err(err("url"))?.path().to_string();
    ensure!(now == path, "the language switch came back to {now}, not {path}");
    let kicker = text_of(c, "main .kicker").await?;
    ensure!(
        kicker.to_lowercase() == text("en", "workplace.title").to_lowercase(),
        "the workplace page is in English: {kicker}"
    );
    let history = text_of(c, "#history-title").await?;
    ensure!(
        history == text("en", "history.title"),
        "English history title: {history}"
    );
    let button = text_of(c, "#lang-switch").await?;
    ensure!(
        button == text("en", "lang.switch_to"),
        "the button now offers Spanish: {button}"
    );
    violations.extend(axe(c, "workplace (English)").await?);
    let lang = f
        .store
        .user_by_username("inspector")
        .map_err(err("user"))?
        .ok_or("no user")?
        .language;
    ensure!(lang == "en", "the choice is kept on the account: {lang}");
    Ok(())
}

/// A headless Chromium session through chromedriver; both end when dropped.
pub struct Browser {
    pub client: Client,
    driver: Driver,
    profile: tempfile::TempDir,
}

impl Browser {
    pub async fn close(self) {
        let _ = self.client.close().await;
        drop(self.driver);
        drop(self.profile);
    }
}

/// Opens Chromium with a window of `width` x `height` pixels, or `None` (after saying why) when
/// chromedriver or chromium is missing and FARO_REQUIRE_BROWSER is not 1.
pub async fn open_browser(width: u32, height: u32, mobile: bool) -> Option<Browser> {
    let required = std::env::var("FARO_REQUIRE_BROWSER").as_deref() == Ok("1");
    let driver_path = first_existing(
        "FARO_CHROMEDRIVER",
        &["chromedriver"],
        &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
    );
    let chromium = first_existing(
        "FARO_CHROMIUM",
        &[],
        &[
            "/usr/bin/chromium",
            "/usr/lib/chromium/chromium",
            "/usr/bin/chromium-browser",
        ],
    );
    let (driver_path, chromium) = match (driver_path, chromium) {
        (Some(d), Some(c)) => (d, c),
        (d, _) => {
            let missing = if d.is_none() { "chromedriver" } else { "chromium" };
            assert!(
                !required,
                "FARO_REQUIRE_BROWSER=1 but {missing} was not found (apt-get install chromium chromium-driver)"
            );
            println!("skipped: {missing} not found (apt-get install chromium chromium-driver; CI sets FARO_REQUIRE_BROWSER=1)");
            return None;
        }
    };
    let port = free_port();
    let driver = Driver(
        Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver_path.display())),
    );
    assert!(wait_for_port(port).await, "chromedriver did not listen on port {port}");
    let profile = tempfile::tempdir().expect("profile dir");
    let mut options = json!({
        "binary": chromium.to_string_lossy(),
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", format!("--window-size={width},{height}"), "--lang=es-MX",
            format!("--user-data-dir={}", profile.path().display()),
        ],
        // A Spanish-speaking visitor: the public pages follow Accept-Language.
        "prefs": { "intl": { "accept_languages": "es-MX,es" } }
    });
    if mobile {
        // A phone: its screen size, touch and pixel ratio, as Chromium's device emulation does it.
        options["mobileEmulation"] = json!({
            "deviceMetrics": { "width": width, "height": height, "pixelRatio": 3.0, "touch": true },
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36"
        });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".to_string(), options);
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap_or_else(|e| panic!("cannot open a Chromium session through chromedriver: {e}"));
    Some(Browser {
        client,
        driver,
        profile,
    })
}

/// Serves the fixture's app on a real socket; returns its base URL and the server task.
pub async fn serve(f: &Fixture) -> (String, tokio::task::JoinHandle<Result<(), std::io::Error>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let app = f.app.clone().into_make_service_with_connect_info::<SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), server)
}

pub fn report(outcome: Result<(), String>, violations: &[String]) {
    if let Err(e) = outcome {
        panic!("browser journey failed: {e}");
    }
    for v in violations {
        println!("accessibility violation: {v}");
    }
    assert!(
        violations.is_empty(),
        "{} accessibility violations:\n{}",
        violations.len(),
        violations.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_journey_is_accessible() {
    let Some(browser) = open_browser(1280, 900, false).await else {
        return;
    };
    let f = Fixture::new();
    let (base, server) = serve(&f).await;
    let mut violations = Vec::new();
    let outcome = journey(&browser.client, &base, &f, &mut violations).await;
    browser.close().await;
    server.abort();
    report(outcome, &violations);
}
