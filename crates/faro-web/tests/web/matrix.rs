//! Case 1: the authorization matrix, generated from `faro_web::routes::ROUTES` so that a new route
//! cannot be forgotten: every route, as the public, as each role with federal jurisdiction, and as
//! a state inspector acting on a record of another state, against ONE table of expectations
//! written here (not derived from `faro_core::policy`).

use std::collections::HashSet;

use axum::http::StatusCode;
use faro_core::policy::Action;
use faro_core::{Jurisdiction, Role};
use faro_web::routes::{self, RouteSpec, Surface};
use serde_json::json;

use crate::support::{page_contains, text, Agent, Fixture, PASSWORD};

/// Who may use a route, as the product is specified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Everyone, without an account.
    Public,
    /// Any logged-in staff member.
    Staff,
    /// Those who edit the registry (administration, inspection, its supervision, the registrar);
    /// the record is national, so any jurisdiction may.
    Editors,
    /// Those who edit the registry, over a record of their own jurisdiction only.
    EditorsInRecordState,
    /// Administration only.
    Admins,
    /// Administration and analysis.
    Auditors,
    /// Case work (inspections, referrals, sanctions): the roles that may, and whether the route
    /// acts on one case (then a state user is refused a case of another state).
    Cases(&'static [Role], Scope),
    /// Those who manage: administration, analysis, inspection supervision, sanctions.
    Managers,
}

/// Whether a case route lists (for the user's jurisdiction) or acts on one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    List,
    Case,
}

/// Who reads inspections: all but conciliation and the registry.
const INSPECTION_READERS: &[Role] = &[
    Role::Administrator,
    Role::Inspector,
    Role::InspectionSupervisor,
    Role::SanctionsOfficer,
    Role::Analyst,
];
/// Who visits: inspectors and their supervisors.
const CONDUCTORS: &[Role] = &[Role::Inspector, Role::InspectionSupervisor];
/// Who programs, orders and cancels: supervisors and administration.
const PLANNERS: &[Role] = &[Role::Administrator, Role::InspectionSupervisor];
/// Who sees child- and forced-labor cases and works their referrals.
const PROTECTORS: &[Role] = &[Role::Administrator, Role::Inspector, Role::InspectionSupervisor];
/// Who reads sanction procedures and the fines ledger.
const SANCTION_READERS: &[Role] = &[
    Role::Administrator,
    Role::InspectionSupervisor,
    Role::SanctionsOfficer,
    Role::Analyst,
];
/// Who conducts the sanction procedure.
const SANCTION_OFFICERS: &[Role] = &[Role::SanctionsOfficer];

/// Who reads conciliation cases: their conciliators, administration and analysis.
const CONC_READERS: &[Role] = &[Role::Administrator, Role::Conciliator, Role::Analyst];
/// Who conducts conciliation: conciliators and administration.
const CONC_CONDUCTORS: &[Role] = &[Role::Administrator, Role::Conciliator];
/// Who manages a centre's rooms: administration.
const CONC_MANAGERS: &[Role] = &[Role::Administrator];

/// Who keeps the registry of unions and agreements and reads its confidential files.
const REGISTRARS: &[Role] = &[Role::Administrator, Role::Registrar];

/// Who reads risk scores, rankings and model reports: inspection, its supervision, analysis and
/// administration (never the public).
const RISK_READERS: &[Role] = &[
    Role::Administrator,
    Role::Inspector,
    Role::InspectionSupervisor,
    Role::Analyst,
];

/// The roles the specification gives each case action (checked against each route's action).
fn case_roles(action: Action) -> Option<&'static [Role]> {
    match action {
        Action::ViewInspections => Some(INSPECTION_READERS),
        Action::ConductInspections => Some(CONDUCTORS),
        Action::PlanInspections => Some(PLANNERS),
        Action::ViewProtectedCases | Action::ManageReferrals => Some(PROTECTORS),
        Action::ViewSanctions => Some(SANCTION_READERS),
        Action::ManageSanctions => Some(SANCTION_OFFICERS),
        Action::ViewConciliation => Some(CONC_READERS),
        Action::ConductConciliation => Some(CONC_CONDUCTORS),
        Action::ManageConciliation => Some(CONC_MANAGERS),
        // The courts' lookup: the same roles as those who conduct conciliation.
        Action::LookupCertificates => Some(CONC_CONDUCTORS),
        Action::ViewRisk => Some(RISK_READERS),
        Action::ManageUnionRegistry | Action::ViewUnionFiles => Some(REGISTRARS),
        _ => None,
    }
}

/// THE table. A route missing here fails the test until someone decides who may use it.
fn access(method: &str, path: &str) -> Option<Access> {
    use Access::*;
    Some(match (method, path) {
        ("get", "/") => Public,
        ("get", "/login") => Public,
        ("post", "/login") => Public,
        ("post", "/logout") => Staff,
        ("post", "/language") => Public,
        ("get", "/registry") => Staff,
        ("get", "/employers/{id}") => Staff,
        ("get", "/workplaces/{id}") => Staff,
        ("get", "/audit") => Auditors,
        ("get", "/users") => Admins,
        ("get", "/api/docs") => Public,
        ("get", "/health") => Public,
        ("get", "/ready") => Public,
        ("get", "/api/openapi.json") => Public,
        ("get", "/api/v1/me") => Staff,
        ("get", "/api/v1/workplaces") => Staff,
        ("get", "/api/v1/workplaces/{id}") => Staff,
        ("post", "/api/v1/workplaces") => EditorsInRecordState,
        ("get", "/api/v1/employers/{id}") => Staff,
        ("post", "/api/v1/employers") => Editors,
        ("get", "/api/v1/audit/verify") => Auditors,
        ("get", "/api/v1/identifiers/{kind}/{value}") => Public,
        ("get", "/static/faro.css") => Public,
        ("get", "/static/vendor/htmx-2.0.4.min.js") => Public,
        ("get", "/verify") => Public,
        ("post", "/verify") => Public,
        ("get", "/results") => Public,
        ("get", "/results/workplaces/{id}") => Public,
        ("get", "/results/employers/{id}") => Public,
        ("get", "/data") => Public,
        ("get", "/data/inspections.csv") => Public,
        ("get", "/data/inspections.json") => Public,
        ("get", "/data/findings.csv") => Public,
        ("get", "/data/sanctions.csv") => Public,
        ("get", "/data/dictionary.json") => Public,
        ("get", "/api/v1/public/inspections") => Public,
        ("get", "/api/v1/public/workplaces/{id}/results") => Public,
        ("get", "/union-registry/unions/{id}") => Public,
        ("get", "/union-registry/agreements/{id}") => Public,
        ("get", "/union-registry/votes/{id}") => Public,
        ("get", "/union-registry/statistics") => Public,
        ("get", "/union-registry/compliance") => Public,
        ("get", "/union-registry/data") => Public,
        ("get", "/union-registry/data/unions.csv") => Public,
        ("get", "/union-registry/data/unions.json") => Public,
        ("get", "/union-registry/data/agreements.csv") => Public,
        ("get", "/union-registry/data/agreements.json") => Public,
        ("get", "/union-registry/data/revisions.csv") => Public,
        ("get", "/union-registry/data/votes.csv") => Public,
        ("get", "/union-registry/data/dictionary.json") => Public,
        ("get", "/api/v1/public/unions/{id}") => Public,
        ("get", "/api/v1/public/agreements/{id}") => Public,
        ("get", "/api/v1/public/votes/{id}") => Public,
        ("get", "/api/v1/public/union-registry/statistics") => Public,
        ("get", "/union-registry") => Public,
        ("get", "/api/v1/public/union-registry/search") => Public,
        ("get", "/dashboards") => Managers,
        ("get", "/api/v1/dashboards/summary") => Managers,
        ("get", "/inspections") => Cases(INSPECTION_READERS, Scope::List),
        ("get", "/inspections/workload") => Cases(PLANNERS, Scope::List),
        ("get", "/inspections/new") => Cases(PLANNERS, Scope::List),
        ("post", "/inspections") => Cases(PLANNERS, Scope::Case),
        ("get", "/inspections/{id}") => Cases(INSPECTION_READERS, Scope::Case),
        ("post", "/inspections/{id}/order") => Cases(PLANNERS, Scope::Case),
        ("post", "/inspections/{id}/notify") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/start") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/record") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/measures") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/extension") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/verification/begin") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/verification") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/close") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/sanction") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/cancel") => Cases(PLANNERS, Scope::Case),
        ("post", "/inspections/{id}/reassign") => Cases(PLANNERS, Scope::Case),
        ("post", "/inspections/{id}/acta") => Cases(CONDUCTORS, Scope::Case),
        ("get", "/inspections/{id}/protocol/{matter}") => Cases(INSPECTION_READERS, Scope::Case),
        ("post", "/inspections/{id}/protocol/{matter}") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/interviews") => Cases(CONDUCTORS, Scope::Case),
        ("post", "/inspections/{id}/attachments") => Cases(CONDUCTORS, Scope::Case),
        ("get", "/inspections/{id}/attachments/{sha256}") => Cases(INSPECTION_READERS, Scope::Case),
        ("get", "/documents/{file}") => Cases(INSPECTION_READERS, Scope::Case),
        ("get", "/referrals") => Cases(PROTECTORS, Scope::List),
        ("get", "/referrals/{id}") => Cases(PROTECTORS, Scope::Case),
        ("post", "/referrals/{id}/send") => Cases(PROTECTORS, Scope::Case),
        ("post", "/referrals/{id}/measure") => Cases(PROTECTORS, Scope::Case),
        ("post", "/referrals/{id}/acknowledge") => Cases(PROTECTORS, Scope::Case),
        ("post", "/referrals/{id}/follow-up") => Cases(PROTECTORS, Scope::Case),
        ("post", "/referrals/{id}/close") => Cases(PROTECTORS, Scope::Case),
        ("get", "/sanctions") => Cases(SANCTION_READERS, Scope::List),
        ("get", "/sanctions/{id}") => Cases(SANCTION_READERS, Scope::Case),
        ("get", "/sanctions/{id}/resolution.pdf") => Cases(SANCTION_READERS, Scope::Case),
        ("post", "/sanctions/{id}/summon") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("post", "/sanctions/{id}/response") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("post", "/sanctions/{id}/hearing") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("post", "/sanctions/{id}/resolve") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("post", "/sanctions/{id}/notify") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("post", "/sanctions/{id}/appeal") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("post", "/sanctions/{id}/appeal-decision") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("post", "/sanctions/{id}/final") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("post", "/sanctions/{id}/payment") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("post", "/sanctions/{id}/collection") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("post", "/sanctions/{id}/write-off") => Cases(SANCTION_OFFICERS, Scope::Case),
        ("get", "/static/inspection.css") => Public,
        ("get", "/programs") => Cases(INSPECTION_READERS, Scope::List),
        ("post", "/programs") => Cases(PLANNERS, Scope::Case),
        ("get", "/calendar") => Cases(INSPECTION_READERS, Scope::List),
        ("get", "/risk") => Cases(RISK_READERS, Scope::List),
        ("get", "/risk/models/{id}/report") => Cases(RISK_READERS, Scope::List),
        ("get", "/risk/ranking") => Cases(RISK_READERS, Scope::List),
        ("get", "/programs/{id}/plan") => Cases(PLANNERS, Scope::List),
        ("post", "/programs/{id}/plan") => Cases(PLANNERS, Scope::Case),
        ("get", "/plans/{id}") => Cases(INSPECTION_READERS, Scope::Case),
        ("post", "/plans/{id}/accept") => Cases(PLANNERS, Scope::Case),
        ("post", "/plans/{id}/discard") => Cases(PLANNERS, Scope::Case),
        ("get", "/conciliation/calculator") => Public,
        ("post", "/api/v1/conciliation/settlement") => Public,
        ("get", "/conciliation") => Cases(CONC_READERS, Scope::List),
        ("get", "/conciliation/agenda") => Cases(CONC_READERS, Scope::List),
        ("get", "/conciliation/deadlines") => Cases(CONC_READERS, Scope::List),
        ("post", "/conciliation/rooms") => Cases(CONC_MANAGERS, Scope::List),
        ("get", "/conciliation/{id}") => Cases(CONC_READERS, Scope::Case),
        ("get", "/conciliation/{id}/documents/{file}") => Cases(CONC_READERS, Scope::Case),
        ("post", "/conciliation/{id}/schedule") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("post", "/conciliation/{id}/reschedule") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("post", "/conciliation/{id}/service") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("post", "/conciliation/{id}/service-failed") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("post", "/conciliation/{id}/hearing") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("post", "/conciliation/{id}/payment") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("post", "/conciliation/{id}/penalty-payment") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("post", "/conciliation/{id}/compliance") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("post", "/conciliation/{id}/non-compliance") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("post", "/conciliation/{id}/forward") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("post", "/conciliation/{id}/exempt") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("get", "/conciliation/request") => Public,
        ("post", "/conciliation/request") => Public,
        ("get", "/conciliation/receipt/{folio}") => Public,
        ("get", "/conciliation/stats") => Public,
        ("get", "/conciliation/new") => Cases(CONC_CONDUCTORS, Scope::List),
        ("post", "/conciliation/new") => Cases(CONC_CONDUCTORS, Scope::Case),
        ("get", "/api/v1/conciliation/certificates") => Cases(CONC_CONDUCTORS, Scope::List),
        ("get", "/registrar") => Cases(REGISTRARS, Scope::List),
        ("get", "/registrar/unions/{id}") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/unions/{id}/defects") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/unions/{id}/register") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/unions/{id}/refuse") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/unions/{id}/deemed") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/unions/{id}/certificate") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/unions/{id}/leadership/certify") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/unions/{id}/leadership/reject") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/unions/{id}/financial-report") => Cases(REGISTRARS, Scope::List),
        ("get", "/registrar/agreements/{id}") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/agreements/{id}/register") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/agreements/{id}/refuse") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/agreements/{id}/public-version") => Cases(REGISTRARS, Scope::List),
        ("get", "/registrar/votes/{id}") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/votes/{id}/hold") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/votes/{id}/results") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/votes/{id}/publish") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/votes/{id}/apply") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/votes/{id}/annul") => Cases(REGISTRARS, Scope::List),
        ("get", "/registrar/anomalies") => Cases(REGISTRARS, Scope::List),
        ("post", "/registrar/anomalies/{id}/review") => Cases(REGISTRARS, Scope::List),
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Federal(Role),
    /// The inspector of Jalisco (14), on a record of another state.
    StateInspectorElsewhere,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allow,
    NeedsLogin,
    Forbidden(&'static str),
}

fn is_editor(role: Role) -> bool {
    matches!(
        role,
        Role::Administrator | Role::Inspector | Role::InspectionSupervisor | Role::Registrar
    )
}

fn expected(access: Access, who: Who) -> Outcome {
    use Outcome::*;
    const ROLE: &str = "policy.role_not_allowed";
    let role = match who {
        _ if access == Access::Public => return Allow,
        Who::Anonymous => return NeedsLogin,
        Who::Federal(r) => r,
        Who::StateInspectorElsewhere => Role::Inspector,
    };
    let elsewhere = who == Who::StateInspectorElsewhere;
    match access {
        Access::Public | Access::Staff => Allow,
        Access::Editors => {
            if is_editor(role) {
                Allow
            } else {
                Forbidden(ROLE)
            }
        }
        Access::EditorsInRecordState => {
            if !is_editor(role) {
                Forbidden(ROLE)
            } else if elsewhere {
                Forbidden("policy.other_jurisdiction")
            } else {
                Allow
            }
        }
        Access::Admins => {
            if role == Role::Administrator {
                Allow
            } else {
                Forbidden(ROLE)
            }
        }
        Access::Cases(roles, scope) => {
            if !roles.contains(&role) {
                Forbidden(ROLE)
            } else if elsewhere && scope == Scope::Case {
                Forbidden("policy.other_jurisdiction")
            } else {
                Allow
            }
        }
        Access::Auditors => {
            if matches!(role, Role::Administrator | Role::Analyst) {
                Allow
            } else {
                Forbidden(ROLE)
            }
        }
        Access::Managers => {
            if matches!(
                role,
                Role::Administrator | Role::Analyst | Role::InspectionSupervisor | Role::SanctionsOfficer
            ) {
                Allow
            } else {
                Forbidden(ROLE)
            }
        }
    }
}

fn short(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.chars().take(300).collect()
}

fn username(who: Who) -> Option<&'static str> {
    match who {
        Who::Anonymous => None,
        Who::StateInspectorElsewhere => Some("inspector.jal"),
        Who::Federal(r) => Some(match r {
            Role::Administrator => "admin",
            Role::Inspector => "inspector",
            Role::InspectionSupervisor => "supervisor",
            Role::SanctionsOfficer => "sanciones",
            Role::Conciliator => "conciliador",
            Role::Registrar => "registrador",
            Role::Analyst => "analista",
        }),
    }
}

#[test]
fn routes_are_unique_and_all_classified() {
    let mut seen = HashSet::new();
    for r in routes::all() {
        assert!(
            seen.insert((r.method, r.path)),
            "duplicate route {} {}",
            r.method,
            r.path
        );
        let a = access(r.method, r.path).unwrap_or_else(|| {
            panic!(
                "route {} {} is not in the authorization table of tests/web/matrix.rs: decide who may use it",
                r.method, r.path
            )
        });
        // The action each route declares must agree with who may use it.
        let fits = match a {
            Access::Public => r.action == Action::ViewPublic,
            Access::Staff => matches!(
                r.action,
                Action::ViewRegistry | Action::ManageOwnAccount | Action::ViewStaffHome
            ),
            Access::Editors | Access::EditorsInRecordState => r.action == Action::EditRegistry,
            Access::Admins => r.action == Action::ManageUsers,
            Access::Auditors => r.action == Action::ViewAudit,
            Access::Cases(roles, _) => case_roles(r.action) == Some(roles),
            Access::Managers => r.action == Action::ViewDashboards,
        };
        assert!(
            fits,
            "{} {} declares {:?} but the table says {a:?}",
            r.method, r.path, r.action
        );
        assert_eq!(
            r.jurisdictional,
            matches!(
                a,
                Access::Editors | Access::EditorsInRecordState | Access::Cases(_, Scope::Case)
            ),
            "{} {}: jurisdictional flag",
            r.method,
            r.path
        );
        if r.surface == Surface::Asset {
            assert_eq!(
                a,
                Access::Public,
                "{} {}: assets and probes must be public",
                r.method,
                r.path
            );
        }
    }
    assert!(
        routes::all().count() >= 20,
        "the route table looks truncated: {}",
        routes::all().count()
    );
}

struct Ids {
    workplace: i64,
    employer: i64,
    /// A municipality outside Jalisco, where the workplace-creating request puts its workplace.
    municipality: String,
    scian: String,
    /// An inspection, a referral and a sanction procedure of the target's state (see
    /// `inspections::seed_cases`).
    cases: crate::inspections::Cases,
    /// A conciliation case of the federal centre and the code of one of its documents.
    conciliation: (i64, String),
    /// A risk model, and a program with a proposed plan in the target's state.
    risk: crate::risk::RiskIds,
    /// The union registry of `union_seed::seed`.
    union_registry: crate::union_seed::Seeded,
    /// The registrar's small registry of unions, agreements, a vote and its flag.
    ureg: crate::union_registrar_seed::Seeded,
}

fn concrete_path(r: &RouteSpec, ids: &Ids) -> String {
    if let Some(p) = crate::inspections::matrix_path(r.path, &ids.cases) {
        return p;
    }
    // Conciliation intake: a receipt without its code asks for it; the lookup needs a key.
    match r.path {
        "/conciliation/receipt/{folio}" => return "/conciliation/receipt/SC-FED-2026-0000001".to_string(),
        "/api/v1/conciliation/certificates" => return format!("{}?q=SC-FED-2026-0000001", r.path),
        _ => {}
    }
    if let Some(p) = crate::conciliation_staff::matrix_path(r.path, ids.conciliation.0, &ids.conciliation.1) {
        return p;
    }
    if let Some(p) = crate::risk::matrix_path(r.path, &ids.risk) {
        return p;
    }
    if let Some(p) = crate::union_public::matrix_path(r.path, &ids.union_registry) {
        return p;
    }
    if let Some(p) = crate::union_registrar_seed::matrix_path(r.path, &ids.ureg) {
        return p;
    }
    let path = if r.path.contains("/employers/{id}") {
        r.path.replace("{id}", &ids.employer.to_string())
    } else {
        r.path.replace("{id}", &ids.workplace.to_string())
    };
    path.replace("{kind}", "rfc").replace("{value}", "XAXX010101000")
}

/// Sends the request of route `r` as `agent` would, with valid input and a valid CSRF token.
async fn send(f: &Fixture, agent: &mut Agent, r: &RouteSpec, ids: &Ids, n: usize) -> crate::support::Resp {
    let path = concrete_path(r, ids);
    match r.method {
        "get" => agent.get(&path).await,
        "post" => {
            let csrf = agent.csrf().await;
            match (r.surface, r.path) {
                (Surface::Page, "/login") => {
                    f.add_user(&format!("matrix.login.{n}"), Role::Analyst, Jurisdiction::Federal);
                    let user = format!("matrix.login.{n}");
                    agent
                        .post_form(
                            "/login",
                            &[
                                ("csrf", &csrf),
                                ("username", &user),
                                ("password", PASSWORD),
                                ("next", "/"),
                            ],
                        )
                        .await
                }
                (Surface::Page, "/language") => {
                    agent
                        .post_form("/language", &[("csrf", &csrf), ("lang", "es"), ("next", "/")])
                        .await
                }
                (Surface::Page, "/conciliation/request") => {
                    agent
                        .post_form(&path, &crate::conciliation_intake::matrix_request(&csrf))
                        .await
                }
                (Surface::Page, _) => agent.post_form(&path, &[("csrf", &csrf)]).await,
                (_, "/api/v1/workplaces") => {
                    let body = json!({
                        "employer_id": ids.employer, "name": format!("Centro de prueba {n}"),
                        "postal_code": "06000", "municipality": ids.municipality, "scian_class": ids.scian,
                        "headcount": 3
                    });
                    agent.post_json(&path, &body.to_string(), Some(&csrf)).await
                }
                (_, "/api/v1/employers") => {
                    let body = json!({ "name": format!("Patrón de prueba número {n}"), "legal_form": "SA de CV" });
                    agent.post_json(&path, &body.to_string(), Some(&csrf)).await
                }
                (_, "/api/v1/conciliation/settlement") => {
                    let body = json!({
                        "start_date": "2022-03-01", "end_date": "2025-06-30", "calculated_on": "2025-06-30",
                        "daily_wage": 50000, "zone": "general", "termination": "unjustified_dismissal"
                    });
                    agent.post_json(&path, &body.to_string(), Some(&csrf)).await
                }
                (_, other) => panic!("the matrix does not know how to POST to {other}: add a body for it"),
            }
        }
        m => panic!("the matrix does not know method {m}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix() {
    let f = Fixture::new();
    let target = f.workplace_outside_jalisco();
    let ids = Ids {
        workplace: target.id,
        employer: target.employer_id,
        municipality: f.municipality_of(target.state.parse().expect("state number")),
        scian: target.scian_class.clone(),
        cases: crate::inspections::seed_cases(&f, &target).await,
        conciliation: crate::conciliation_staff::seed_for_matrix(&f),
        risk: crate::risk::seed_for_matrix(&f, &target),
        union_registry: crate::union_seed::seed(&f.store),
        ureg: crate::union_registrar_seed::seed(&f),
    };
    assert_ne!(&ids.municipality[..2], "14");

    let mut principals = vec![Who::Anonymous];
    principals.extend(Role::ALL.iter().map(|&r| Who::Federal(r)));
    principals.push(Who::StateInspectorElsewhere);

    let mut failures = Vec::new();
    let mut n = 0;
    let mut checked = 0;
    for &who in &principals {
        let base = match username(who) {
            None => f.agent(),
            Some(u) => f.login(u).await,
        };
        for r in routes::all() {
            n += 1;
            let a = access(r.method, r.path).expect("classified (see routes_are_unique_and_all_classified)");
            let want = expected(a, who);
            // Logging out ends the session: that request gets a session of its own.
            let mut agent = if r.path == "/logout" {
                match username(who) {
                    None => f.agent(),
                    Some(u) => f.login(u).await,
                }
            } else {
                base.clone()
            };
            let resp = send(&f, &mut agent, r, &ids, n).await;
            let path = concrete_path(r, &ids);
            let label = format!(
                "{who:?} {} {path}: expected {want:?}, got {}",
                r.method.to_uppercase(),
                resp.status
            );
            let s = resp.status;
            checked += 1;
            if s.is_server_error() {
                failures.push(format!("{label} (server error: {})", short(&resp.text())));
                continue;
            }
            match want {
                Outcome::Allow => {
                    let to_login = resp.location().is_some_and(|l| l.starts_with("/login"));
                    // Case forms are sent empty: the law refuses them (422) after the policy allowed,
                    // or the first allowed user did it already (409).
                    let refused_input = r.method == "post"
                        && matches!(a, Access::Cases(..))
                        && matches!(s, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT);
                    if !(s.is_success() || s.is_redirection() || refused_input) || to_login {
                        failures.push(format!("{label} {:?} {}", resp.location(), short(&resp.text())));
                    }
                }
                Outcome::NeedsLogin => match r.surface {
                    Surface::Page => {
                        let want_loc = format!("/login?next={path}");
                        if s != StatusCode::SEE_OTHER || resp.location().as_deref() != Some(want_loc.as_str()) {
                            failures.push(format!("{label}, location {:?} (want {want_loc})", resp.location()));
                        }
                    }
                    _ => {
                        if s != StatusCode::UNAUTHORIZED || !resp.is_json() || resp.api_error().0 != "error.needs_login"
                        {
                            failures.push(format!("{label}: {}", short(&resp.text())));
                        }
                    }
                },
                Outcome::Forbidden(code) => {
                    if s != StatusCode::FORBIDDEN {
                        failures.push(format!("{label}: {}", short(&resp.text())));
                        continue;
                    }
                    match r.surface {
                        Surface::Page => {
                            if !page_contains(&resp.text(), &text("es", code)) {
                                failures.push(format!("{label}: the page does not say {code}"));
                            }
                        }
                        _ => {
                            let (got, message, _) = resp.api_error();
                            if got != code || message != text("es", code) {
                                failures.push(format!("{label}: code {got}, message {message} (want {code})"));
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(checked, routes::all().count() * principals.len());
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_inspector_creates_workplaces_only_in_their_state() {
    let f = Fixture::new();
    let w = f.workplaces().into_iter().next().expect("a workplace");
    let mut jal = f.login("inspector.jal").await;
    let csrf = jal.csrf().await;
    let body = |municipality: &str, name: &str| {
        json!({
            "employer_id": w.employer_id, "name": name, "postal_code": "44100",
            "municipality": municipality, "scian_class": w.scian_class, "headcount": 12
        })
        .to_string()
    };
    let elsewhere = f.municipality_of(9);
    let before = f.counts();
    let r = jal
        .post_json(
            "/api/v1/workplaces",
            &body(&elsewhere, "Sucursal Ciudad de México"),
            Some(&csrf),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text());
    let (code, message, _) = r.api_error();
    assert_eq!(code, "policy.other_jurisdiction");
    assert_eq!(message, text("es", "policy.other_jurisdiction"));
    assert_eq!(f.counts(), before, "a refused write changes nothing");

    let own = f.municipality_of(14);
    let r = jal
        .post_json("/api/v1/workplaces", &body(&own, "Sucursal Guadalajara"), Some(&csrf))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_i64().expect("id");
    let after = f.counts();
    assert_eq!(after.workplaces, before.workplaces + 1);
    assert_eq!(after.events, before.events + 1);
    let created = f.store.workplace(id).expect("read").expect("created");
    assert_eq!(created.state, "14");
    assert_eq!(created.municipality, own);

    // A federal inspector may register in any state.
    let mut fed = f.login("inspector").await;
    let csrf = fed.csrf().await;
    let r = fed
        .post_json("/api/v1/workplaces", &body(&elsewhere, "Sucursal federal"), Some(&csrf))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}
