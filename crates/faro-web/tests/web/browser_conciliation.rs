//! Issue 4, in real headless Chromium: a worker on a phone-sized screen files a conciliation
//! request online (receipt with folio, hearing date and code; its PDF; /verify says the PDF is
//! authentic), and a conciliator serves the summons, holds the hearing and records a convenio of
//! two instalments through the pages. Accessibility (axe, WCAG 2 A/AA) is checked on the way.
//!
//! Core refuses to record a hearing before its day (`conciliation.hearing_not_yet`) and the
//! scheduler sets the online request's hearing days ahead, so the conciliator's part works a case
//! filed through the store at a past moment (as `conciliation_staff` does) whose hearing is on
//! the last working day up to today; the online case is checked on the conciliator's agenda.

use chrono::{Duration, NaiveDate, Utc};
use fantoccini::{Client, Locator};
use faro_core::calendar::LegalCalendar;
use faro_core::conciliation::Status;
use serde_json::{json, Value};

use crate::browser::{axe, click, err, open_browser, report, serve, text_of, wait_js, wait_path};
use crate::conciliation_staff::seed_case;
use crate::support::{Fixture, PASSWORD};

/// A synthetic CURP with a valid check digit (the one of the other conciliation tests).
const CURP: &str = "BOXW310820HNERXN09";

pub(crate) fn check(cond: bool, msg: impl Into<String>) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(msg.into())
    }
}

pub(crate) async fn js(c: &Client, script: &str) -> Result<Value, String> {
    c.execute(script, vec![]).await.map_err(err("script"))
}

pub(crate) async fn type_into(c: &Client, id: &str, value: &str) -> Result<(), String> {
    c.find(Locator::Id(id))
        .await
        .map_err(|e| format!("no #{id}: {e}"))?
        .send_keys(value)
        .await
        .map_err(|e| format!("type into #{id}: {e}"))
}

async fn choose(c: &Client, id: &str, value: &str) -> Result<(), String> {
    c.find(Locator::Id(id))
        .await
        .map_err(|e| format!("no #{id}: {e}"))?
        .select_by_value(value)
        .await
        .map_err(|e| format!("choose {value} in #{id}: {e}"))
}

/// Nothing on the page is wider than the screen.
async fn fits(c: &Client, page: &str) -> Result<(), String> {
    let overflow = js(c, "return document.documentElement.scrollWidth - window.innerWidth;").await?;
    check(
        overflow.as_i64().unwrap_or(99) <= 1,
        format!("the {page} is wider than the phone by {overflow}px"),
    )
}

pub(crate) async fn login(c: &Client, base: &str, username: &str) -> Result<(), String> {
    c.goto(&format!("{base}/login")).await.map_err(err("open /login"))?;
    wait_path(c, "/login").await?;
    type_into(c, "username", username).await?;
    type_into(c, "password", PASSWORD).await?;
    click(c, "form[action='/login'] button[type='submit']").await?;
    wait_js(
        c,
        "the staff home",
        "location.pathname === '/' && document.readyState === 'complete'",
    )
    .await
}

/// The hearing day: the last working day up to today; the filing: 8 working days before it.
fn days() -> (NaiveDate, NaiveDate) {
    let cal = LegalCalendar::official();
    let mut h = Utc::now().date_naive();
    while !cal.is_working_day(h) {
        h -= Duration::days(1);
    }
    let mut f = h;
    let mut n = 0;
    while n < 8 {
        f -= Duration::days(1);
        if cal.is_working_day(f) {
            n += 1;
        }
    }
    (f, h)
}

/// What the worker's receipt says.
struct Receipt {
    folio: String,
    hearing: String,
}

async fn worker_part(c: &Client, base: &str, f: &Fixture, violations: &mut Vec<String>) -> Result<Receipt, String> {
    // The public home page, and its link to the online request.
    c.goto(&format!("{base}/")).await.map_err(err("open /"))?;
    wait_js(c, "the home page", "document.querySelector('main h1') !== null").await?;
    click(c, "#public-conciliation a[href='/conciliation/request']").await?;
    wait_path(c, "/conciliation/request").await?;
    violations.extend(axe(c, "request form (phone)").await?);
    fits(c, "request form").await?;

    // A worker dismissed from a car plant in Guadalajara (car manufacturing: federal, 527-I).
    type_into(c, "r-requester-name", "Rosa María Hernández Vega").await?;
    type_into(c, "r-requester-curp", CURP).await?;
    type_into(c, "r-requester-address", "Av. Vallarta 1200, Guadalajara, Jalisco").await?;
    type_into(c, "r-contact", "rosa.hernandez@example.mx").await?;
    choose(c, "r-counterpart-kind", "legal_entity").await?;
    type_into(c, "r-counterpart-name", "Autopartes del Bajío SA de CV").await?;
    type_into(c, "r-counterpart-rfc", "MAB9307148T4").await?;
    type_into(c, "r-counterpart-address", "Carretera a El Salto km 5, Guadalajara").await?;
    type_into(c, "r-workplace-address", "Carretera a El Salto km 5").await?;
    choose(c, "r-workplace-state", "14").await?;
    type_into(c, "r-workplace-municipality", "Guadalajara").await?;
    choose(c, "r-workplace-activity", "336110").await?;
    click(c, "#r-objects input[name='objects'][value='dismissal']").await?;
    click(c, "#r-consent").await?;
    click(c, "#intake-submit").await?;
    wait_js(
        c,
        "the receipt",
        "location.pathname.startsWith('/conciliation/receipt/') && document.readyState === 'complete' \
         && document.getElementById('receipt-folio') !== null",
    )
    .await?;
    violations.extend(axe(c, "receipt (phone)").await?);
    fits(c, "receipt").await?;

    let folio = text_of(c, "#receipt-folio").await?.trim().to_string();
    let hearing = text_of(c, "#receipt-date").await?.trim().to_string();
    let code = text_of(c, "#receipt-code").await?.trim().to_string();
    check(
        folio.starts_with("SC-FED-"),
        format!("filed at the federal centre: {folio}"),
    )?;
    check(!code.is_empty(), "the receipt shows its verification code")?;
    let page = js(c, "return document.querySelector('main').textContent;").await?;
    check(
        !page.as_str().unwrap_or("").contains(CURP),
        "no CURP on the receipt page",
    )?;
    // The store agrees: scheduled, with the date the receipt shows, within the legal window.
    let (_, case) = f
        .store
        .conciliation_case_by_folio(&folio)
        .map_err(err("case"))?
        .ok_or_else(|| format!("no case {folio} in the store"))?;
    check(
        case.status == Status::HearingScheduled,
        format!("the case is scheduled: {:?}", case.status),
    )?;
    let h = case.hearing.ok_or("no hearing in the store")?;
    check(
        h.slot.date.format("%Y-%m-%d").to_string() == hearing,
        format!("the receipt's date {hearing} is the hearing's {}", h.slot.date),
    )?;
    check(
        h.slot.date > Utc::now().date_naive() && h.slot.date <= h.window.latest(),
        format!("the hearing {} is ahead and within its window", h.slot.date),
    )?;

    // The receipt's PDF, fetched as the page would: 200, application/pdf, a PDF.
    let pdf = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.getElementById('receipt-pdf').href)
               .then(r => r.arrayBuffer().then(b => done({
                   status: r.status, type: r.headers.get('content-type'),
                   head: String.fromCharCode(...new Uint8Array(b.slice(0, 4))) })))
               .catch(e => done({ error: String(e) }));",
            vec![],
        )
        .await
        .map_err(err("fetch the PDF"))?;
    check(
        pdf["status"] == json!(200)
            && pdf["type"].as_str().unwrap_or("").starts_with("application/pdf")
            && pdf["head"] == json!("%PDF"),
        format!("the receipt PDF: {pdf}"),
    )?;

    // /verify with the code knows the receipt; the downloaded PDF is declared authentic.
    let pdf_href = js(c, "return document.getElementById('receipt-pdf').href;").await?;
    let pdf_href = pdf_href.as_str().unwrap_or("").to_string();
    c.goto(&format!("{base}/verify?code={}", crate::support::url_encode(&code)))
        .await
        .map_err(err("open /verify"))?;
    wait_js(
        c,
        "the verified document",
        "document.readyState === 'complete' && document.getElementById('verify-result') !== null",
    )
    .await?;
    let result = text_of(c, "#verify-result").await?;
    check(result.contains(&folio), format!("/verify names the folio: {result}"))?;
    violations.extend(axe(c, "verify (phone)").await?);
    let attached = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(arguments[0]).then(r => r.blob()).then(b => {
                 const t = new DataTransfer();
                 t.items.add(new File([b], 'recibo.pdf', { type: 'application/pdf' }));
                 document.getElementById('file').files = t.files;
                 done(document.getElementById('file').files.length);
             }).catch(e => done(String(e)));",
            vec![json!(pdf_href)],
        )
        .await
        .map_err(err("attach the PDF"))?;
    check(attached == json!(1), format!("the PDF is attached: {attached}"))?;
    click(c, "#verify-result form button[type='submit']").await?;
    wait_js(
        c,
        "the verdict",
        "document.readyState === 'complete' && document.getElementById('verdict') !== null",
    )
    .await?;
    let ok = js(c, "return document.getElementById('verdict').classList.contains('ok');").await?;
    let verdict = text_of(c, "#verdict").await?;
    check(ok == json!(true), format!("the receipt PDF is authentic: {verdict}"))?;
    Ok(Receipt { folio, hearing })
}

async fn conciliator_part(
    c: &Client,
    base: &str,
    f: &Fixture,
    online: &Receipt,
    violations: &mut Vec<String>,
) -> Result<(), String> {
    let (filed, hearing) = days();
    let id = seed_case(f, "Grupo Doña Lupe SA de CV", filed, hearing);
    login(c, base, "conciliador").await?;

    // The online request reached the agenda of its hearing day.
    c.goto(&format!("{base}/conciliation/agenda?date={}", online.hearing))
        .await
        .map_err(err("open the online case's day"))?;
    wait_path(c, "/conciliation/agenda").await?;
    let day = text_of(c, "main").await?;
    check(
        day.contains(&online.folio),
        format!("the agenda of {} lists {}", online.hearing, online.folio),
    )?;

    // Today's hearing (or the last working day's), from the agenda to the case.
    c.goto(&format!("{base}/conciliation/agenda?date={hearing}"))
        .await
        .map_err(err("open the agenda"))?;
    wait_path(c, "/conciliation/agenda").await?;
    violations.extend(axe(c, "agenda").await?);
    click(c, &format!("#hearing-{id} a[href='/conciliation/{id}']")).await?;
    wait_js(
        c,
        "the case page",
        &format!(
            "location.pathname === '/conciliation/{id}' && document.readyState === 'complete' \
             && document.getElementById('form-service') !== null"
        ),
    )
    .await?;
    violations.extend(axe(c, "case (scheduled)").await?);

    // The summons, served on the day of filing.
    js(
        c,
        &format!("document.getElementById('service-on').value = '{filed}'; return true;"),
    )
    .await?;
    click(c, "#form-service input[name='result'][value='served']").await?;
    click(c, "#form-service button[type='submit']").await?;
    wait_js(
        c,
        "the served summons",
        "document.readyState === 'complete' && document.getElementById('form-service') === null \
         && document.getElementById('form-hearing') !== null",
    )
    .await?;
    let summons = text_of(c, "#summons").await?;
    check(
        summons.contains(&filed.to_string()),
        format!("the summons shows it was served on {filed}: {summons}"),
    )?;

    // The hearing ends in a convenio: the constitutional indemnity in two instalments.
    // The form shows only the fields of the outcome chosen.
    let shown = "return ['settlement-fields', 'absence-fields', 'new-hearing-fields']
        .map(id => getComputedStyle(document.getElementById(id)).display !== 'none');";
    let nothing_chosen = js(c, shown).await?;
    check(
        nothing_chosen == json!([false, false, false]),
        format!("no outcome chosen, no outcome's fields: {nothing_chosen}"),
    )?;
    click(c, "#form-hearing input[name='outcome'][value='justified_absence']").await?;
    let absence = js(c, shown).await?;
    check(
        absence == json!([false, true, true]),
        format!("a justified absence shows who, why and the new hearing: {absence}"),
    )?;
    click(c, "#form-hearing input[name='outcome'][value='settlement']").await?;
    let settlement = js(c, shown).await?;
    check(
        settlement == json!([true, false, false]),
        format!("a settlement shows the convenio only: {settlement}"),
    )?;
    let item = "#settlement-fields tbody tr:first-child";
    c.find(Locator::Css(&format!("{item} select[name='item_concept']")))
        .await
        .map_err(err("the first concept"))?
        .select_by_value("dismissal")
        .await
        .map_err(err("choose the concept"))?;
    for (name, value) in [
        ("item_description", "Indemnización constitucional"),
        ("item_amount", "30000"),
    ] {
        c.find(Locator::Css(&format!("{item} input[name='{name}']")))
            .await
            .map_err(|e| format!("no {name}: {e}"))?
            .send_keys(value)
            .await
            .map_err(|e| format!("type {name}: {e}"))?;
    }
    let second = hearing + Duration::days(30);
    js(
        c,
        &format!(
            "const d = document.querySelectorAll(\"#form-hearing input[name='installment_due_on']\");
             const a = document.querySelectorAll(\"#form-hearing input[name='installment_amount']\");
             d[0].value = '{hearing}'; a[0].value = '10000';
             d[1].value = '{second}'; a[1].value = '20000';
             return true;"
        ),
    )
    .await?;
    type_into(c, "h-wage", "400").await?;
    type_into(c, "h-penalty", "400").await?;
    click(c, "#settlement-fields input[name='ratified']").await?;
    click(c, "#form-hearing > button[type='submit']").await?;
    wait_js(
        c,
        "the convenio",
        "document.readyState === 'complete' && document.getElementById('convenio') !== null",
    )
    .await
    .map_err(|e| format!("{e} (a refusal would be in #error)"))?;
    violations.extend(axe(c, "case (settled)").await?);
    let rows = js(c, "return document.querySelectorAll('#installments tbody tr').length;").await?;
    check(rows == json!(2), format!("two instalments listed: {rows}"))?;
    let total = text_of(c, "#convenio-total").await?;
    check(total.contains("30"), format!("the convenio's total: {total}"))?;

    // The convenio's document is listed with its code and served from the case.
    let (_, case) = f.store.conciliation_case(id).map_err(err("case"))?.ok_or("no case")?;
    check(
        case.status == Status::Settled,
        format!("settled in the store: {:?}", case.status),
    )?;
    let docs = f
        .store
        .documents_of(&format!("conciliation/{id}"))
        .map_err(err("documents"))?;
    let convenio = docs
        .iter()
        .find(|d| d.kind == "conc_convenio")
        .ok_or("no convenio document in the store")?;
    let listed = js(
        c,
        &format!(
            "return Array.from(document.querySelectorAll('#documents li')).some(li =>
                 li.querySelector('.mono') && li.querySelector('.mono').textContent.trim() === {code}
                 && li.querySelector(\"a[href$='/documents/\" + {code} + \".pdf']\") !== null);",
            code = json!(convenio.code)
        ),
    )
    .await?;
    let list = text_of(c, "#documents").await.unwrap_or_default();
    check(
        listed == json!(true),
        format!("the convenio {} is listed with its code: {list}", convenio.code),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_files_online_on_a_phone_and_a_conciliator_records_a_settlement() {
    let Some(phone) = open_browser(390, 844, true).await else {
        return;
    };
    let f = Fixture::new();
    let (base, server) = serve(&f).await;
    let mut violations = Vec::new();
    let filed = worker_part(&phone.client, &base, &f, &mut violations).await;
    phone.close().await;
    let outcome = match filed {
        Ok(receipt) => match open_browser(1280, 900, false).await {
            Some(desk) => {
                let r = conciliator_part(&desk.client, &base, &f, &receipt, &mut violations).await;
                desk.close().await;
                r
            }
            None => Err("chromium went missing between the two parts".to_string()),
        },
        Err(e) => Err(format!("the worker's part: {e}")),
    };
    server.abort();
    report(outcome, &violations);
}
