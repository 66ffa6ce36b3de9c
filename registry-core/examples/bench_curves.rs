//! Times `curves::response_curve` (Kaplan–Meier 1 − S with its Greenwood log(−log) interval and
//! the Aalen–Johansen incidences of both events) on a CSV of `time,event` (1 response,
//! 2 competing, 0 censored), as written by `scripts/lifelines_reference.py bench-data`.
//!
//! ```sh
//! cargo run --release -p registry-core --no-default-features --example bench_curves -- FILE [REPEATS]
//! ```
//!
//! Reading the file is not timed (nor is it on the lifelines side). Prints one JSON line: the
//! best of REPEATS (default 5) runs and the last row, which `scripts/bench_curves.sh` checks
//! against lifelines.

use std::error::Error;
use std::hint::black_box;
use std::time::Instant;

use registry_core::curves::{Event, Observation, response_curve};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: bench_curves FILE [REPEATS]")?;
    let repeats: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let observations = parse(&std::fs::read_to_string(&path)?)?;

    let mut best = f64::INFINITY;
    let mut rows = Vec::new();
    for _ in 0..repeats.max(1) {
        let start = Instant::now();
        rows = black_box(response_curve(black_box(&observations)));
        best = best.min(start.elapsed().as_secs_f64());
    }
    let last = rows
        .last()
        .ok_or("no response or competing event in the file")?;
    let report = serde_json::json!({
        "seconds": best,
        "repeats": repeats.max(1),
        "episodes": observations.len(),
        "rows": rows.len(),
        "last": {
            "t": last.t,
            "km_1_minus_s": last.km_1_minus_s,
            "aj_cif_response": last.aj_cif_response,
            "aj_cif_competing": last.aj_cif_competing,
        },
    });
    println!("{report}");
    Ok(())
}

/// `time,event` lines after a header.
fn parse(text: &str) -> Result<Vec<Observation>, Box<dyn Error>> {
    text.lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (time, code) = line.split_once(',').ok_or("expected time,event")?;
            let event = match code.trim() {
                "0" => Event::Censored,
                "1" => Event::Response,
                "2" => Event::Competing,
                other => return Err(format!("unknown event code {other}").into()),
            };
            Ok(Observation::new(time.trim().parse()?, event))
        })
        .collect()
}
