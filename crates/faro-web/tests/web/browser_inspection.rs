//! Case 10, in real headless Chromium on a phone-sized screen: an inspector starts an inspection,
//! fills the checklist, closes the record and sends it to the sanction procedure; once the
//! sanction is final, a citizen finds the published result. Accessibility is checked on the way.

use std::sync::Arc;

use chrono::{Duration, Utc};
use fantoccini::{Client, Locator};
use faro_core::inspection::{Command, Kind, Matter, Origin};
use faro_core::law::Law;
use faro_core::{sanction, Actor, Jurisdiction};
use faro_store::inspections::Target;
use serde_json::{json, Value};

use crate::browser::{axe, click, err, open_browser, report, serve, wait_js, wait_path};
use crate::support::{catalogs, Fixture, PASSWORD};

fn check(cond: bool, msg: impl Into<String>) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(msg.into())
    }
}

async fn js(c: &Client, script: &str) -> Result<Value, String> {
    c.execute(script, vec![]).await.map_err(err("script"))
}

async fn login(c: &Client, base: &str, username: &str) -> Result<(), String> {
    c.goto(&format!("{base}/login")).await.map_err(err("open /login"))?;
    wait_path(c, "/login").await?;
    c.find(Locator::Id("username"))
        .await
        .map_err(err("username"))?
        .send_keys(username)
        .await
        .map_err(err("type user"))?;
    c.find(Locator::Id("password"))
        .await
        .map_err(err("password"))?
        .send_keys(PASSWORD)
        .await
        .map_err(err("type password"))?;
    click(c, "form[action='/login'] button[type='submit']").await?;
    wait_js(
        c,
        "the staff home",
        "location.pathname === '/' && document.readyState === 'complete'",
    )
    .await
}

/// Sets up an ordered extraordinary inspection of subcontracting (five questions) for `inspector`.
fn ordered_inspection(f: &Fixture, law: &Law, workplace_id: i64, inspector_id: i64) -> i64 {
    let actor = Actor::system("test");
    let now = Utc::now() - Duration::hours(1);
    let out = f
        .store
        .inspection_command(
            law,
            &actor,
            now,
            Target::New,
            &Command::Program {
                workplace_id,
                jurisdiction: Jurisdiction::Federal,
                kind: Kind::Extraordinary,
                origin: Origin::Complaint,
                matters: vec![Matter::Subcontracting],
                planned_for: now.date_naive(),
                program_id: None,
            },
            None,
        )
        .unwrap();
    f.store
        .inspection_command(
            law,
            &actor,
            now,
            Target::Existing(out.id),
            &Command::Order {
                number: format!("OI-FED-2026-{:06}", out.id),
                inspector_id,
                inspector_name: "Jorge Luis Méndez Salazar".into(),
                scope: "Subcontratación y REPSE".into(),
                legal_basis: "LFT 540, 541 y 542".into(),
            },
            None,
        )
        .unwrap();
    out.id
}

async fn inspector_part(c: &Client, base: &str, id: i64, violations: &mut Vec<String>) -> Result<(), String> {
    login(c, base, "inspector").await?;
    c.goto(&format!("{base}/inspections/{id}"))
        .await
        .map_err(err("open the case"))?;
    wait_path(c, &format!("/inspections/{id}")).await?;
    violations.extend(axe(c, "inspection (phone)").await?);
    // The page fits the phone: nothing wider than the screen.
    let overflow = js(c, "return document.documentElement.scrollWidth - window.innerWidth;").await?;
    check(
        overflow.as_i64().unwrap_or(99) <= 1,
        format!("the case page is wider than the phone by {overflow}px"),
    )?;
    click(
        c,
        &format!("form[action='/inspections/{id}/start'] button[type='submit']"),
    )
    .await?;
    wait_js(
        c,
        "the started case",
        "document.readyState === 'complete' && !document.querySelector(\"form[action$='/start']\")",
    )
    .await?;

    // The checklist: the first question fails for 3 workers, the others comply.
    let protocol = format!("/inspections/{id}/protocol/subcontracting");
    c.goto(&format!("{base}{protocol}"))
        .await
        .map_err(err("open the protocol"))?;
    wait_path(c, &protocol).await?;
    violations.extend(axe(c, "protocol (phone)").await?);
    let total = js(c, "return document.querySelectorAll('ol.questions > li form').length;").await?;
    let total = total.as_u64().unwrap_or(0);
    check(total == 5, format!("five questions expected, found {total}"))?;
    for i in 0..total {
        let (choice, affected) = if i == 0 { ("fails", "3") } else { ("complies", "0") };
        let form = format!("document.querySelectorAll('ol.questions > li form')[{i}]");
        js(
            c,
            &format!(
                "const f = {form}; f.querySelector(\"input[value='{choice}']\").click();
                 f.querySelector(\"input[name='affected_workers']\").value = '{affected}';
                 return true;"
            ),
        )
        .await?;
        let before = js(c, "return performance.timeOrigin;").await?;
        js(
            c,
            &format!("{form}.querySelector(\"button[type='submit']\").click(); return true;"),
        )
        .await?;
        wait_js(
            c,
            "the saved answer",
            &format!("performance.timeOrigin !== {before} && document.readyState === 'complete'"),
        )
        .await?;
    }
    let progress = js(c, "return document.getElementById('progress').textContent;").await?;
    check(
        progress.as_str().unwrap_or("").contains('5'),
        format!("all five answered: {progress}"),
    )?;

    // The record: the inspector and the employer's representative, who refuses to sign.
    c.goto(&format!("{base}/inspections/{id}"))
        .await
        .map_err(err("back to the case"))?;
    wait_path(c, &format!("/inspections/{id}")).await?;
    js(
        c,
        "document.getElementById('pn-1').value = 'Jorge Luis Méndez Salazar';
         document.getElementById('pr-1').value = 'inspector';
         document.getElementById('pn-2').value = 'Laura Gómez';
         document.getElementById('pr-2').value = 'employer_representative';
         document.getElementById('ps-2').value = 'refused';
         return true;",
    )
    .await?;
    click(
        c,
        &format!("form[action='/inspections/{id}/record'] button[type='submit']"),
    )
    .await?;
    wait_js(
        c,
        "the closed record",
        &format!("document.readyState === 'complete' && document.querySelector(\"form[action='/inspections/{id}/sanction']\") !== null"),
    )
    .await?;
    violations.extend(axe(c, "record closed (phone)").await?);
    let pdf_link = js(c, "return !!document.querySelector(\"a[href^='/documents/']\");").await?;
    check(pdf_link == json!(true), "the record's PDF is linked from the case")?;
    js(
        c,
        "document.getElementById('sanction-reason').value = 'Sin registro REPSE'; return true;",
    )
    .await?;
    click(
        c,
        &format!("form[action='/inspections/{id}/sanction'] button[type='submit']"),
    )
    .await?;
    wait_js(
        c,
        "the case sent to sanction",
        &format!("document.readyState === 'complete' && document.querySelector(\"form[action='/inspections/{id}/sanction']\") === null"),
    )
    .await
}

async fn citizen_part(
    c: &Client,
    base: &str,
    workplace: &str,
    workplace_id: i64,
    violations: &mut Vec<String>,
) -> Result<(), String> {
    c.delete_all_cookies().await.map_err(err("forget the session"))?;
    c.goto(&format!("{base}/results")).await.map_err(err("open /results"))?;
    wait_path(c, "/results").await?;
    violations.extend(axe(c, "results search (phone)").await?);
    c.find(Locator::Id("q"))
        .await
        .map_err(err("search field"))?
        .send_keys(workplace)
        .await
        .map_err(err("type"))?;
    click(c, "form.search button[type='submit']").await?;
    let link = format!("#results a[href='/results/workplaces/{workplace_id}']");
    // The search answers in place (htmx) and puts the query in the address: wait for both, then
    // follow the link (again if the list was being replaced under the click).
    wait_js(
        c,
        "the published result",
        &format!(
            "location.search.includes('q=') && document.querySelector({}) !== null",
            json!(link)
        ),
    )
    .await?;
    let mut clicked = click(c, &link).await;
    for _ in 0..5 {
        if clicked.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        clicked = click(c, &link).await;
    }
    clicked?;
    wait_path(c, &format!("/results/workplaces/{workplace_id}")).await?;
    violations.extend(axe(c, "published result (phone)").await?);
    let body = js(c, "return document.querySelector('main').textContent;").await?;
    let body = body.as_str().unwrap_or("");
    check(
        body.contains("REPSE") || body.contains("1004-C"),
        format!("the finding is shown: {}", &body[..body.len().min(400)]),
    )?;
    check(
        !body.contains("Laura Gómez"),
        "no participant's name on the public page",
    )?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inspector_on_a_phone_takes_a_case_to_sanction_and_a_citizen_finds_the_result() {
    let Some(browser) = open_browser(390, 844, true).await else {
        return;
    };
    let f = Fixture::new();
    let law = Law::official(catalogs(), None).unwrap();
    let w = f.workplaces().into_iter().next().unwrap();
    let inspector = f.store.user_by_username("inspector").unwrap().unwrap().id;
    let id = ordered_inspection(&f, &law, w.id, inspector);
    let (base, server) = serve(&f).await;
    let c = &browser.client;
    let mut violations = Vec::new();
    let mut outcome = inspector_part(c, &base, id, &mut violations).await;

    if outcome.is_ok() {
        // The sanctions area takes it to a final resolution (weeks later: the store is given the time).
        let (sid, _) = f
            .store
            .sanction_of_inspection(id)
            .unwrap()
            .expect("the procedure opened");
        let (_, inspection) = f.store.inspection(id).unwrap().unwrap();
        let q = inspection.findings()[0].question_id.clone();
        let actor = Actor::system("test");
        let t = Utc::now();
        let steps = [
            (t, sanction::Command::Summon),
            (
                t,
                sanction::Command::RecordResponse {
                    summary: "Sin pruebas".into(),
                },
            ),
            (t, sanction::Command::CloseHearing),
            (
                t,
                sanction::Command::Resolve {
                    folio: format!("RS-FED-{sid}"),
                    decisions: vec![sanction::FineDecision {
                        question_id: q,
                        per_worker_uma: 2000,
                        intent: true,
                        seriousness: sanction::Seriousness::High,
                        harm: sanction::Harm::Actual,
                        capacity: sanction::Capacity::High,
                        justification: "Personal sin registro REPSE".into(),
                    }],
                    prior: vec![],
                },
            ),
            (t, sanction::Command::NotifyResolution),
            (t + Duration::days(60), sanction::Command::MarkFinal),
        ];
        for (at, cmd) in steps {
            f.store.sanction_command(&law, &actor, at, sid, &cmd).unwrap();
        }
        outcome = citizen_part(c, &base, &w.name, w.id, &mut violations).await;
    }
    browser.close().await;
    server.abort();
    let _ = Arc::clone(&f.store);
    report(outcome, &violations);
}
