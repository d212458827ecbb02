//! Issue 5, in real headless Chromium: a registrar finds a held vote in the work queue, records
//! its results station by station and publishes them, and a citizen on a phone reads the results
//! on the public page; and a citizen searches a clause across all agreements from the home page,
//! without accents and in the plural, and opens the agreement it is in. Accessibility (axe,
//! WCAG 2 A/AA) is checked on the way.

use fantoccini::{Client, Locator};

use crate::browser::{axe, click, err, open_browser, report, serve, text_of, wait_js, wait_path};
use crate::browser_conciliation::{check, js, login};
use crate::support::Fixture;
use crate::union_registrar_seed::{seed, Seeded};
use crate::union_seed::CLAUSE;

/// The counts typed per station: for the first option, the second, void, blank.
const COUNTS: [[u32; 4]; 2] = [[31, 9, 1, 2], [27, 14, 0, 1]];

async fn fill(c: &Client, id: &str, value: u32) -> Result<(), String> {
    let e = c.find(Locator::Id(id)).await.map_err(|e| format!("no #{id}: {e}"))?;
    e.clear().await.map_err(|e| format!("clear #{id}: {e}"))?;
    e.send_keys(&value.to_string())
        .await
        .map_err(|e| format!("type into #{id}: {e}"))
}

async fn registrar_part(c: &Client, base: &str, s: &Seeded, violations: &mut Vec<String>) -> Result<(), String> {
    login(c, base, "registrador").await?;
    c.goto(&format!("{base}/registrar"))
        .await
        .map_err(err("open /registrar"))?;
    wait_js(
        c,
        "the work queue",
        "document.readyState === 'complete' && document.querySelector('main h1') !== null",
    )
    .await?;
    violations.extend(axe(c, "registrar's queue").await?);
    let path = format!("/registrar/votes/{}", s.vote);
    click(c, &format!("main a[href='{path}']")).await?;
    wait_path(c, &path).await?;
    wait_js(
        c,
        "the results form",
        "document.getElementById('form-results') !== null",
    )
    .await?;
    violations.extend(axe(c, "vote file, results form").await?);
    for (station, counts) in COUNTS.iter().enumerate() {
        fill(c, &format!("in-votes.{station}.0"), counts[0]).await?;
        fill(c, &format!("in-votes.{station}.1"), counts[1]).await?;
        fill(c, &format!("in-void.{station}"), counts[2]).await?;
        fill(c, &format!("in-blank.{station}"), counts[3]).await?;
    }
    click(c, "#form-results button[type='submit']").await?;
    wait_js(
        c,
        "the publish form",
        "document.readyState === 'complete' && document.getElementById('form-publish') !== null",
    )
    .await?;
    violations.extend(axe(c, "vote file, results recorded").await?);
    click(c, "#form-publish button[type='submit']").await?;
    wait_js(
        c,
        "the published vote",
        "document.readyState === 'complete' && document.getElementById('form-publish') === null \
         && document.getElementById('form-results') === null",
    )
    .await
}

async fn citizen_part(c: &Client, base: &str, s: &Seeded, violations: &mut Vec<String>) -> Result<(), String> {
    let path = format!("/union-registry/votes/{}", s.vote);
    c.goto(&format!("{base}{path}"))
        .await
        .map_err(err("open the public vote"))?;
    wait_js(
        c,
        "the public results",
        "document.getElementById('vote-results') !== null",
    )
    .await?;
    violations.extend(axe(c, "public vote results (phone)").await?);
    let ballots: u32 = COUNTS.iter().flatten().sum();
    let shown = text_of(c, "#vote-ballots").await?;
    check(
        shown.replace([',', ' ', '\u{a0}'], "") == ballots.to_string(),
        format!("the public page shows {ballots} ballots, not {shown:?}"),
    )?;
    let rows = js(
        c,
        "return [...document.querySelectorAll('#stations tbody tr')].map(r => [...r.cells].map(c => c.textContent.trim()));",
    )
    .await?;
    for (station, counts) in COUNTS.iter().enumerate() {
        let row: Vec<String> = rows[station]
            .as_array()
            .map(|r| r.iter().map(|c| c.as_str().unwrap_or("").to_string()).collect())
            .unwrap_or_default();
        // Station, place, roll, then the options, void and blank.
        let tail: Vec<String> = row.iter().skip(3).cloned().collect();
        let want: Vec<String> = counts.iter().map(u32::to_string).collect();
        check(
            tail == want,
            format!("station {station}: {row:?}, wanted the counts {want:?}"),
        )?;
    }
    let published = text_of(c, "#vote-published").await?;
    check(published.trim() != "—", "the publication date is shown")?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registrar_records_a_votes_results_and_a_citizen_reads_them_on_the_public_page() {
    let Some(desk) = open_browser(1280, 900, false).await else {
        return;
    };
    let f = Fixture::new();
    let s = seed(&f);
    let (base, server) = serve(&f).await;
    let mut violations = Vec::new();
    let recorded = registrar_part(&desk.client, &base, &s, &mut violations).await;
    desk.close().await;
    let outcome = match recorded {
        Ok(()) => match open_browser(390, 844, true).await {
            Some(phone) => {
                let r = citizen_part(&phone.client, &base, &s, &mut violations).await;
                phone.close().await;
                r
            }
            None => Err("chromium went missing between the two parts".to_string()),
        },
        Err(e) => Err(format!("the registrar's part: {e}")),
    };
    server.abort();
    report(outcome, &violations);
}

/// A citizen looks for agreements whose working day is eight hours: "jornadas ocho horas" (no
/// accent needed, plural for singular), finds the agreement with the words highlighted, and reads
/// the clause in its public text.
async fn search_part(c: &Client, base: &str, agreement: i64, violations: &mut Vec<String>) -> Result<(), String> {
    c.goto(&format!("{base}/")).await.map_err(err("open /"))?;
    wait_js(c, "the home page", "document.querySelector('main h1') !== null").await?;
    click(c, "a[href='/union-registry']").await?;
    wait_path(c, "/union-registry").await?;
    wait_js(c, "the search form", "document.getElementById('q') !== null").await?;
    violations.extend(axe(c, "registry search (phone)").await?);
    let q = c.find(Locator::Id("q")).await.map_err(err("the search box"))?;
    q.send_keys("jornadas ocho horas")
        .await
        .map_err(err("type the search"))?;
    click(c, "form[role='search'] button[type='submit']").await?;
    let href = format!("/union-registry/agreements/{agreement}");
    wait_js(
        c,
        "the agreement among the results",
        &format!("document.querySelector(\"#ureg-results a[href='{href}']\") !== null"),
    )
    .await?;
    let marks = js(
        c,
        "return [...document.querySelectorAll('#ureg-results .snippet mark')].map(m => m.textContent.toLowerCase());",
    )
    .await?;
    let marks: Vec<String> = marks
        .as_array()
        .map(|m| m.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    check(
        marks.iter().any(|m| m.starts_with("jornada")) && marks.iter().any(|m| m == "horas"),
        format!("the snippet highlights the words found: {marks:?}"),
    )?;
    violations.extend(axe(c, "registry search results (phone)").await?);
    click(c, &format!("#ureg-results a[href='{href}']")).await?;
    wait_path(c, &href).await?;
    wait_js(c, "the agreement page", "document.readyState === 'complete'").await?;
    violations.extend(axe(c, "agreement page (phone)").await?);
    let page = js(c, "return document.querySelector('main').textContent;").await?;
    check(
        page.as_str().unwrap_or("").contains(CLAUSE),
        format!("the agreement page shows the clause {CLAUSE:?}"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_searches_a_clause_across_all_agreements_and_opens_the_agreement() {
    let Some(phone) = open_browser(390, 844, true).await else {
        return;
    };
    let f = Fixture::new();
    let seeded = crate::union_seed::seed(&f.store);
    let outcome = match f.state.registry_index.catch_up(&f.store) {
        Ok(_) => {
            let (base, server) = serve(&f).await;
            let mut violations = Vec::new();
            let r = search_part(&phone.client, &base, seeded.agreement_id, &mut violations).await;
            server.abort();
            (r, violations)
        }
        Err(e) => (Err(format!("the index did not catch up: {e}")), Vec::new()),
    };
    phone.close().await;
    report(outcome.0, &outcome.1);
}
