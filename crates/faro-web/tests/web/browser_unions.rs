//! Issue 5, in real headless Chromium: a registrar finds a held vote in the work queue, records
//! its results station by station and publishes them, and a citizen on a phone reads the results
//! on the public page. Accessibility (axe, WCAG 2 A/AA) is checked on the way.

use fantoccini::{Client, Locator};

use crate::browser::{axe, click, err, open_browser, report, serve, text_of, wait_js, wait_path};
use crate::browser_conciliation::{check, js, login};
use crate::support::Fixture;
use crate::union_registrar_seed::{seed, Seeded};

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
