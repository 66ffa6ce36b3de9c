//! The report as text: each calibration figure with what the cohort shows (observed cases and
//! non-responder imputation), then the make-up, classes, safety and completeness tables.

use std::fmt::Write as _;

use super::report::{Counts, Prop, Report};

fn cell(p: Option<&Prop>) -> String {
    p.map_or("—".into(), |p| {
        format!("{:5.1} % (n={})", p.percent(), p.n)
    })
}

fn counts(out: &mut String, title: &str, c: &Counts) {
    let _ = writeln!(out, "\n{title}");
    for (k, v) in c {
        let _ = writeln!(out, "  {k:<52} {v:>9}");
    }
}

/// The report as text.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Calibration (first episode of each drug; AA with baseline SALT ≥ 50)"
    );
    let _ = writeln!(
        out,
        "  {:<31} {:>4}  {:<20} {:<19} {:<19} source",
        "figure", "week", "published", "observed", "NRI"
    );
    for super::figures::Figure {
        what,
        key,
        week,
        published: target,
        source,
    } in super::figures::figures()
    {
        let k = (key.to_owned(), week);
        let (oc, nri) = (cell(r.observed.get(&k)), cell(r.imputed.get(&k)));
        let _ = writeln!(
            out,
            "  {what:<31} W{week:<3}  {target:<20} {oc:<19} {nri:<19} {source}"
        );
    }
    for week in [4u32, 16, 52] {
        if let Some((sum, n)) = r.improvement.get(&("lebrikizumab".to_owned(), week)) {
            let mean = if *n > 0 { sum / *n as f64 } else { 0.0 };
            let target = match week {
                4 => "54.1 %",
                16 => "81.0 %",
                _ => "86.0 %",
            };
            let _ = writeln!(
                out,
                "  lebrikizumab mean EASI improvement W{week}: {mean:.1} % (n={n}); ADore {target}"
            );
        }
    }
    let complete: u64 = r
        .trajectories
        .iter()
        .filter(|(k, _)| !k.starts_with("not classified"))
        .map(|(_, v)| v)
        .sum();
    let due: u64 = r.trajectories.values().sum();
    let _ = writeln!(
        out,
        "\nRitlecitinib trajectory classes, SALT at W24/M12/M24, LOCF (ALLEGRO: early 18 %, middle 17 %, late 11 %)\n  {:<40} {:>7}  {:>9}  {:>9}",
        "class", "n", "of due", "of classified"
    );
    for (k, v) in &r.trajectories {
        let share = |of: u64| {
            if of > 0 {
                100.0 * *v as f64 / of as f64
            } else {
                0.0
            }
        };
        let of_complete = if k.starts_with("not classified") {
            String::new()
        } else {
            format!("{:7.1} %", share(complete))
        };
        let _ = writeln!(out, "  {k:<40} {v:>7}  {:7.1} %  {of_complete}", share(due));
    }
    counts(
        &mut out,
        "AA JAK-inhibitor episodes by first SALT ≤ 20 (cut-off W24, horizon W52)",
        &r.late,
    );
    let _ = writeln!(
        out,
        "\nRe-treatment of an earlier responder (≥ 1 year before the cut) responding again: {} (seed 003: 57 %)",
        cell(Some(&r.retreatment))
    );
    let _ = writeln!(
        out,
        "\nAdverse events of special interest: share of episodes with at least one"
    );
    for ((drug, category), p) in &r.ae_episodes {
        if p.yes > 0 {
            let _ = writeln!(out, "  {drug:<14} {category:<28} {}", cell(Some(p)));
        }
    }
    let _ = writeln!(out, "\nAdverse events per 100 patient-years");
    for (key, n) in &r.ae_events {
        let drug = key.split(" | ").next().unwrap_or_default();
        let years = r.exposure.get(drug).copied().unwrap_or(0.0);
        let rate = if years > 0.0 {
            100.0 * *n as f64 / years
        } else {
            0.0
        };
        let _ = writeln!(out, "  {key:<60} {n:>7}  {rate:7.2}");
    }
    let results = r.lab_flags.get("results").copied().unwrap_or(0).max(1) as f64;
    let _ = writeln!(
        out,
        "\nLab results flagged by the safety rules (share of all results)"
    );
    for (k, v) in &r.lab_flags {
        let _ = writeln!(
            out,
            "  {k:<40} {v:>9}  {:6.2} %",
            100.0 * *v as f64 / results
        );
    }
    let _ = writeln!(
        out,
        "  JAK episodes with an 'interrupt' breach: {}",
        cell(Some(&r.interrupt_breaches))
    );
    counts(&mut out, "Make-up", &r.make_up);
    counts(&mut out, "Episodes by drug", &r.episodes);
    counts(&mut out, "Stops by reason", &r.stops);
    counts(&mut out, "Records", &r.records);
    let _ = writeln!(
        out,
        "\nCenters: patients, visits, visits per patient, % with a QoL score, % SALT/EASI as chart total"
    );
    for (code, [patients, visits, qol, chart]) in &r.centers {
        let per = |x: u64, of: u64| if of == 0 { 0.0 } else { x as f64 / of as f64 };
        let _ = writeln!(
            out,
            "  {code:<8} {patients:>6} {visits:>8} {:6.1} {:6.1} % {:6.1} %",
            per(*visits, *patients),
            100.0 * per(*qol, *visits),
            100.0 * per(*chart, *visits)
        );
    }
    out
}
