//! Times the demo generator: `cargo run --release -p faro-demo --example demo_speed -- 100000 42`
//! (workplaces, seed).

use std::time::Instant;

use faro_core::catalog::Catalogs;
use faro_demo::{generate, DemoConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let workplaces: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(100_000);
    let seed: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(2026);

    let start = Instant::now();
    let cat = Catalogs::embedded()?;
    let loaded = start.elapsed();

    let start = Instant::now();
    let (mut batches, mut employers, mut units) = (0usize, 0usize, 0usize);
    let mut first = None;
    for batch in generate(&DemoConfig { seed, workplaces }, &cat) {
        batches += 1;
        employers += batch.employers.len();
        units += batch.workplaces.len();
        if first.is_none() {
            first = batch
                .workplaces
                .first()
                .map(|(_, w)| format!("{} ({}, {})", w.name, w.locality, w.municipality));
        }
    }
    let generated = start.elapsed();
    println!("catalogs loaded in {loaded:?}");
    println!("{units} workplaces, {employers} employers, {batches} batches in {generated:?}");
    if let Some(f) = first {
        println!("first workplace: {f}");
    }
    Ok(())
}
