//! A synthetic inspection history with a known logistic ground truth, written as CSV.

#![allow(dead_code)]

use chrono::{Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// State names, one of them hostile markup to check escaping.
pub const STATES: [&str; 5] = ["Jalisco", "CDMX", "Nuevo León", "<script>alert(1)</script>", "Sonora"];
/// Log-odds effect of each state.
pub const STATE_EFFECT: [f64; 5] = [0.0, 0.8, -0.6, 1.2, -1.0];

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.gen_range(1e-12..1.0);
    let u2: f64 = rng.gen_range(0.0..1.0);
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// One generated unit.
pub struct Unit {
    pub line: String,
    pub probability: f64,
}

/// `rows` units as CSV (header first) and their true probabilities.
///
/// Columns: rfc (unique id), inspected_on (time), opened_on (date feature), employees (size),
/// x (strong numeric), noise (pure noise), state (5 levels), origin (random / complaint),
/// violation (1/0). True log-odds: -1 + 1.4 x + state effect + 0.5 (years open < 5) +
/// 0.25 ln(employees).
pub fn synthetic_csv(rows: usize, seed: u64) -> (String, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap_or_default();
    let mut text = String::from("rfc,inspected_on,opened_on,employees,x,noise,state,origin,violation\n");
    let mut truth = Vec::with_capacity(rows);
    for i in 0..rows {
        let inspected = start + Duration::days(rng.gen_range(0..730));
        let years_open: i64 = rng.gen_range(0..30);
        let opened = inspected - Duration::days(years_open * 365 + rng.gen_range(0..365));
        let employees: u32 = (normal(&mut rng) * 1.2 + 2.5).exp().round().max(1.0) as u32;
        let x = normal(&mut rng);
        let noise = normal(&mut rng);
        let s = rng.gen_range(0..5);
        let origin = if rng.gen_bool(0.3) { "random" } else { "complaint" };
        let z = -1.0
            + 1.4 * x
            + STATE_EFFECT[s]
            + if years_open < 5 { 0.5 } else { 0.0 }
            + 0.25 * f64::from(employees).ln();
        let p = 1.0 / (1.0 + (-z).exp());
        let y = rng.gen_bool(p);
        let x_text = if i % 37 == 0 { String::new() } else { format!("{x:.4}") };
        text.push_str(&format!(
            "RFC{i:06},{inspected},{opened},{employees},{x_text},{noise:.4},\"{}\",{origin},{}\n",
            STATES[s],
            u8::from(y)
        ));
        truth.push(p);
    }
    (text, truth)
}
