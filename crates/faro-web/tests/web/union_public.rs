//! The registry's public pages, statistics, open data and API on the registry of
//! `union_seed::seed`: each page shows what it must, the numbers match a count by hand, the
//! files follow their dictionary, no personal data of members or voters appears anywhere, and bad
//! input gives 400 and unknown records 404.

use axum::http::StatusCode;
use serde_json::Value;

use crate::support::{page_contains, Agent, Fixture};
use crate::union_seed::{self, Seeded};

/// The path the authorization matrix asks for a route of this module, on the seed's records.
pub fn matrix_path(path: &str, s: &Seeded) -> Option<String> {
    Some(match path {
        "/union-registry/unions/{id}" | "/api/v1/public/unions/{id}" => path.replace("{id}", &s.union_id.to_string()),
        "/union-registry/agreements/{id}" | "/api/v1/public/agreements/{id}" => {
            path.replace("{id}", &s.agreement_id.to_string())
        }
        "/union-registry/votes/{id}" | "/api/v1/public/votes/{id}" => {
            path.replace("{id}", &s.legitimization_vote_id.to_string())
        }
        _ => return None,
    })
}

async fn seeded() -> (Fixture, Seeded) {
    let f = Fixture::new();
    let s = union_seed::seed(&f.store);
    (f, s)
}

async fn ok(a: &mut Agent, uri: &str) -> String {
    let r = a.get(uri).await;
    assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text());
    r.text()
}

fn assert_no_personal_data(s: &Seeded, what: &str, body: &str) {
    for p in &s.personal {
        assert!(!body.contains(p.as_str()), "{what} shows personal data: {p}");
    }
    assert!(!body.contains("3312345678"), "{what} shows the phone");
}

#[tokio::test]
async fn the_union_page_shows_its_registration_leadership_agreements_filings_and_votes() {
    let (f, s) = seeded().await;
    let mut a = f.agent();
    let body = ok(&mut a, &format!("/union-registry/unions/{}", s.union_id)).await;
    assert!(page_contains(&body, union_seed::UNION_NAME));
    assert!(body.contains(union_seed::UNION_NUMBER));
    assert!(page_contains(&body, union_seed::FEDERATION));
    assert!(body.contains("Industrial"), "the kind as a word");
    assert!(body.contains("Registrado"), "the status as a word");
    assert!(body.contains("Jalisco"));
    assert!(body.contains("<dd id=\"union-members\">22</dd>"));
    assert!(body.contains("2022-03-15"), "registered on");
    for (name, office) in union_seed::OFFICERS {
        assert!(page_contains(&body, name), "officer {name}");
        assert!(page_contains(&body, office));
    }
    assert!(body.contains(&format!("/union-registry/agreements/{}", s.agreement_id)));
    assert!(body.contains(union_seed::AGREEMENT_NUMBER));
    assert!(body.contains(&format!("/union-registry/votes/{}", s.legitimization_vote_id)));
    assert!(body.contains(&format!("/union-registry/votes/{}", s.revision_vote_id)));
    // Registered in March 2022 without a filing since: both filings overdue.
    assert_eq!(body.matches("<strong class=\"overdue\">Vencida").count(), 2, "{body}");
    assert!(
        body.contains("2022-06-15"),
        "members due three months after the registration"
    );
    assert_no_personal_data(&s, "the union page", &body);
    // In English.
    let mut en = f.agent().with_language("en");
    let body = ok(&mut en, &format!("/union-registry/unions/{}", s.union_id)).await;
    assert!(body.contains("Registered") && body.contains("Overdue"));
}

#[tokio::test]
async fn the_agreement_page_shows_parties_place_terms_flags_revisions_votes_and_the_redacted_text() {
    let (f, s) = seeded().await;
    let mut a = f.agent();
    let body = ok(&mut a, &format!("/union-registry/agreements/{}", s.agreement_id)).await;
    assert!(page_contains(&body, union_seed::EMPLOYER_NAME));
    assert!(body.contains(union_seed::EMPLOYER_RFC));
    assert!(body.contains(&format!("/union-registry/unions/{}", s.union_id)));
    assert!(
        body.contains("Zapopan, Jalisco"),
        "the municipality and state from the catalogs"
    );
    assert!(body.contains("Servicios de alojamiento"), "the sector's name");
    assert!(body.contains("<dd id=\"agreement-covered\">200</dd>"));
    assert!(body.contains("<dd id=\"agreement-legitimization\">Legitimado</dd>"));
    assert!(body.contains("Previo a la reforma de 2019"), "the kind as a word");
    // The wage table (after the revision) with the position below the minimum wage flagged.
    assert!(body.contains("$330.00") && body.contains("$600.00") && body.contains("$150.00"));
    assert!(body.contains("Debajo del salario mínimo"));
    assert!(body.contains("id=\"below-law\""));
    assert!(body.contains("Prima vacacional"));
    // The revision with its increase and its vote.
    assert!(body.contains("Salarial"));
    let increase = f
        .store
        .agreement(s.agreement_id)
        .unwrap()
        .unwrap()
        .summary
        .wage_increase_bp
        .expect("the revision's increase");
    assert!(body.contains(&format!("{:.2} %", increase as f64 / 100.0)));
    // The public version: the clause stays, the planted data are gone.
    assert!(page_contains(&body, union_seed::CLAUSE));
    assert!(body.contains("[CURP ELIMINADA]") && body.contains("[TELÉFONO ELIMINADO]"));
    assert!(body.contains("[NOMBRE ELIMINADO]"));
    assert_no_personal_data(&s, "the agreement page", &body);
}

#[tokio::test]
async fn the_vote_page_shows_stations_totals_turnout_margin_and_outcome_without_the_roll() {
    let (f, s) = seeded().await;
    let mut a = f.agent();
    let body = ok(&mut a, &format!("/union-registry/votes/{}", s.legitimization_vote_id)).await;
    assert!(body.contains("Legitimación del contrato"));
    assert!(page_contains(
        &body,
        &format!("/union-registry/agreements/{}", s.agreement_id)
    ));
    assert!(body.contains("<dd id=\"vote-roll\">100</dd>"));
    assert!(body.contains("<dd id=\"vote-ballots\">91</dd>"));
    assert!(body.contains("<dd id=\"vote-turnout\">91.00 %</dd>"));
    assert!(body.contains("<dd id=\"vote-margin\">66.66 %</dd>"));
    assert!(body.contains("<dd id=\"vote-outcome\">Aprobado</dd>"));
    assert!(body.contains("<dt>A favor</dt><dd>75</dd>") && body.contains("<dt>En contra</dt><dd>15</dd>"));
    // Two stations with their counts.
    assert!(body
        .contains("<th scope=\"row\">C1</th><td>Comedor C1</td><td>50</td><td>40</td><td>5</td><td>0</td><td>0</td>"));
    assert!(body
        .contains("<th scope=\"row\">C2</th><td>Comedor C2</td><td>50</td><td>35</td><td>10</td><td>1</td><td>0</td>"));
    assert!(!body.contains("id=\"vote-published\">—"), "the publication date");
    assert_no_personal_data(&s, "the vote page", &body);
}

#[tokio::test]
async fn the_statistics_match_a_count_by_hand_and_draw_their_charts() {
    let (f, s) = seeded().await;
    let mut a = f.agent();
    let body = ok(&mut a, "/union-registry/statistics").await;
    for id in [
        "chart-coverage-state",
        "chart-coverage-sector",
        "chart-wages",
        "chart-votes",
        "chart-women",
        "chart-compliance",
    ] {
        assert!(body.contains(&format!("<svg id=\"{id}\"")), "chart {id}");
    }
    assert!(body.matches("<table>").count() >= 6, "a table beside each chart");
    // 200 workers under the legitimized agreement in Jalisco.
    assert!(
        body.contains("<th scope=\"row\">Jalisco</th><td>1</td><td>1</td><td>200</td>"),
        "{body}"
    );
    // One woman of the two officers whose sex is known.
    assert!(body.contains("<strong id=\"women-total\">50.00 %</strong>"));
    // The two votes of 2022: turnouts 91 % and 90 %, margins 66.66 % and 33.33 %.
    assert!(
        body.contains(
            "<th scope=\"row\">2022</th><td>2</td><td>2</td><td>2</td><td>0</td><td>90.50 %</td><td>50.00 %</td>"
        ),
        "{body}"
    );
    // The one registered union is overdue with both filings.
    assert_eq!(body.matches("<td>1</td><td>1</td><td>100.00 %</td>").count(), 2);
    assert_no_personal_data(&s, "the statistics", &body);
    // The API gives the same figures.
    let j = a.get("/api/v1/public/union-registry/statistics?state=14").await;
    assert_eq!(j.status, StatusCode::OK);
    let j: Value = j.json();
    assert_eq!(j["state"], "14");
    assert_eq!(j["coverage_by_state"][0]["legitimized_workers"], 200);
    assert_eq!(j["women_total"]["women_share_bp"], 5000);
    assert_eq!(j["votes_by_year"][0]["mean_turnout_bp"], 9050);
    assert_eq!(j["compliance"]["overdue_financial_report"], 1);
    let increase = f
        .store
        .agreement(s.agreement_id)
        .unwrap()
        .unwrap()
        .summary
        .wage_increase_bp;
    assert_eq!(j["wages"][0]["weighted_increase_bp"], serde_json::json!(increase));
    // Another state has none of it.
    let j: Value = a.get("/api/v1/public/union-registry/statistics?state=09").await.json();
    assert_eq!(j["coverage_by_state"], serde_json::json!([]));
}

#[tokio::test]
async fn the_compliance_list_shows_overdue_unions_by_state() {
    let (f, s) = seeded().await;
    let mut a = f.agent();
    let body = ok(&mut a, "/union-registry/compliance?state=14").await;
    assert_eq!(
        body.matches(&format!("href=\"/union-registry/unions/{}\"", s.union_id))
            .count(),
        2,
        "both filings"
    );
    assert!(body.contains("LFT 377-III") && body.contains("LFT 373"));
    let body = ok(&mut a, "/union-registry/compliance?state=09").await;
    assert!(body.contains("id=\"no-overdue\""));
}

fn dictionary_fields(dict: &Value, file: &str) -> Vec<String> {
    dict["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == file)
        .unwrap_or_else(|| panic!("{file} in the dictionary"))["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert!(!f["description"]["es"].as_str().unwrap().is_empty());
            assert!(!f["description"]["en"].as_str().unwrap().is_empty());
            f["name"].as_str().unwrap().to_string()
        })
        .collect()
}

#[tokio::test]
async fn the_open_data_follow_their_dictionary_and_hold_the_seed() {
    let (f, s) = seeded().await;
    let mut a = f.agent();
    let page = ok(&mut a, "/union-registry/data").await;
    for file in [
        "unions.csv",
        "unions.json",
        "agreements.csv",
        "agreements.json",
        "revisions.csv",
        "votes.csv",
    ] {
        assert!(
            page_contains(&page, &format!("/union-registry/data/{file}")),
            "{file} listed"
        );
    }
    let dict: Value = a.get("/union-registry/data/dictionary.json").await.json();
    for (file, needles) in [
        (
            "unions.csv",
            vec![union_seed::UNION_NUMBER.to_string(), "industrial".into(), "22".into()],
        ),
        (
            "agreements.csv",
            vec![
                union_seed::AGREEMENT_NUMBER.into(),
                union_seed::EMPLOYER_RFC.into(),
                "legitimized".into(),
            ],
        ),
        (
            "revisions.csv",
            vec![
                format!("{},{}", s.agreement_id, union_seed::AGREEMENT_NUMBER),
                "wage".into(),
            ],
        ),
        (
            "votes.csv",
            vec![
                format!("{},legitimization", s.legitimization_vote_id),
                ",100,75,15,1,0,91,90,9100,6666,approved".into(),
            ],
        ),
    ] {
        let r = a.get(&format!("/union-registry/data/{file}")).await;
        assert_eq!(r.status, StatusCode::OK, "{file}");
        assert!(r.header("content-type").unwrap().starts_with("text/csv"));
        let text = r.text();
        let mut lines = text.split("\r\n");
        let header = lines.next().unwrap();
        assert_eq!(header, dictionary_fields(&dict, file).join(","), "{file}'s header");
        let rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
        assert!(!rows.is_empty(), "{file} has rows");
        let columns = header.split(',').count();
        for needle in needles {
            assert!(text.contains(&needle), "{file} holds {needle}:\n{text}");
        }
        if file != "agreements.csv" {
            for row in &rows {
                assert_eq!(row.split(',').count(), columns, "{file}: {row}");
            }
        }
        assert_no_personal_data(&s, file, &text);
    }
    for (file, id_field, id) in [
        ("unions.json", "union_id", s.union_id),
        ("agreements.json", "agreement_id", s.agreement_id),
    ] {
        let r = a.get(&format!("/union-registry/data/{file}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_no_personal_data(&s, file, &r.text());
        let rows: Value = r.json();
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x[id_field] == id)
            .expect("the seed's record");
        let mut keys: Vec<String> = row.as_object().unwrap().keys().cloned().collect();
        let mut want = dictionary_fields(&dict, file);
        keys.sort();
        want.sort();
        assert_eq!(keys, want, "{file}'s fields");
    }
}

#[tokio::test]
async fn the_api_answers_each_record_without_personal_data() {
    let (f, s) = seeded().await;
    let mut a = f.agent();
    let u = a.get(&format!("/api/v1/public/unions/{}", s.union_id)).await;
    assert_eq!(u.status, StatusCode::OK);
    assert_no_personal_data(&s, "the union API", &u.text());
    let u: Value = u.json();
    assert_eq!(u["union"]["union_registration"], union_seed::UNION_NUMBER);
    assert_eq!(u["leaders"].as_array().unwrap().len(), 3);
    assert_eq!(u["agreements"][0]["agreement_id"], s.agreement_id);
    assert_eq!(u["filings"][0]["overdue"], true);
    let g = a.get(&format!("/api/v1/public/agreements/{}", s.agreement_id)).await;
    assert_eq!(g.status, StatusCode::OK);
    assert_no_personal_data(&s, "the agreement API", &g.text());
    let g: Value = g.json();
    assert_eq!(g["agreement"]["legitimization"], "legitimized");
    assert_eq!(g["wage_table"][0]["daily_wage_centavos"], 33_000);
    assert!(g["wage_table"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["below_minimum"] == true));
    assert_eq!(g["revisions"].as_array().unwrap().len(), 1);
    assert!(g["public_text"].as_str().unwrap().contains("[CURP ELIMINADA]"));
    let v = a
        .get(&format!("/api/v1/public/votes/{}", s.legitimization_vote_id))
        .await;
    assert_eq!(v.status, StatusCode::OK);
    assert_no_personal_data(&s, "the vote API", &v.text());
    let v: Value = v.json();
    assert_eq!(v["vote"]["votes_for"], 75);
    assert_eq!(v["vote"]["turnout_bp"], 9100);
    assert_eq!(v["stations"].as_array().unwrap().len(), 2);
    assert_eq!(v["stations"][1]["votes"], serde_json::json!([35, 10]));
}

#[tokio::test]
async fn unknown_records_are_404_and_bad_input_is_400_in_the_users_language() {
    let f = Fixture::new();
    let mut a = f.agent();
    for uri in [
        "/union-registry/unions/999999",
        "/union-registry/agreements/999999",
        "/union-registry/votes/999999",
        "/api/v1/public/unions/999999",
        "/api/v1/public/agreements/999999",
        "/api/v1/public/votes/999999",
    ] {
        assert_eq!(a.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    for uri in [
        "/union-registry/unions/abc",
        "/union-registry/agreements/0",
        "/union-registry/votes/-4",
        "/api/v1/public/unions/x1",
        "/union-registry/statistics?state=77",
        "/union-registry/compliance?state=zz",
        "/union-registry/compliance?page=0",
        "/api/v1/public/union-registry/statistics?state=abc",
    ] {
        assert_eq!(a.get(uri).await.status, StatusCode::BAD_REQUEST, "{uri}");
    }
    let r = a.get("/union-registry/unions/abc").await;
    assert!(r.text().contains("no es válido"), "{}", r.text());
    let mut en = f.agent().with_language("en");
    let r = en.get("/api/v1/public/unions/abc").await;
    assert!(r.text().contains("is not valid"), "{}", r.text());
}
