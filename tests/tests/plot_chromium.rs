//! A response-curve plot opens in a real browser: Debian's Chromium renders the SVG a release
//! and the analyses endpoint serve (headless, to a PNG), and the picture holds the curves' ink —
//! the axes, both series' colours and the band — not an empty page or an error page.
//!
//! Chromium is installed by `.ci/run`; with `CI` set its absence fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::process::Command;

use registry_export::analyses::Outcome;
use registry_export::analyses::curves::{CurvePoint, Method, plot};
use registry_export::analyses::plot::svg;

fn chromium() -> Option<&'static str> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .find(|p| Path::new(p).exists())
}

fn point(method: Method, week: i64, at_risk: usize, estimate: f64) -> CurvePoint {
    CurvePoint {
        outcome: Outcome::SaltLe20,
        drug: "baricitinib",
        method,
        day: week * 7,
        at_risk,
        events: None,
        estimate,
        ci_low: (method == Method::Km).then_some(estimate * 0.7),
        ci_high: (method == Method::Km).then_some((estimate * 1.3).min(1.0)),
    }
}

/// Decodes an RGB(A) PNG into pixels.
fn pixels(png_file: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::fs::File::open(png_file).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = info.color_type.samples();
    assert!(step >= 3, "a colour picture: {:?}", info.color_type);
    let px = buf[..info.buffer_size()]
        .chunks(step)
        .map(|c| [c[0], c[1], c[2]])
        .collect();
    (info.width, info.height, px)
}

#[test]
fn a_curve_plot_renders_in_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is not installed (.ci/run installs Debian's chromium)"
        );
        eprintln!("not run: Chromium is not installed");
        return;
    };
    let mut rows = Vec::new();
    for (week, at_risk, km, aj) in [
        (12, 40, 0.125, 0.125),
        (24, 25, 0.4, 0.375),
        (36, 15, 0.6, 0.54),
    ] {
        rows.push(point(Method::Km, week, at_risk, km));
        rows.push(point(Method::Aj, week, at_risk, aj));
    }
    let plot = plot(Outcome::SaltLe20, "baricitinib", &rows).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("salt_le20_baricitinib.svg");
    std::fs::write(&file, svg(&plot)).unwrap();
    let shot = dir.path().join("shot.png");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=720,520",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (width, height, px) = pixels(&shot);
    assert_eq!((width, height), (720, 520));
    let near = |p: &[u8; 3], c: [u8; 3]| p.iter().zip(c).all(|(a, b)| a.abs_diff(b) <= 40);
    let count = |c: [u8; 3]| px.iter().filter(|p| near(p, c)).count();
    let ink = px.iter().filter(|p| p.iter().any(|&v| v < 200)).count();
    // The first series (#1f5f8b) and the second (#b5482a) are drawn, with the axes and text.
    assert!(
        count([0x1f, 0x5f, 0x8b]) > 200,
        "the Kaplan–Meier curve is not drawn"
    );
    assert!(
        count([0xb5, 0x48, 0x2a]) > 200,
        "the Aalen–Johansen curve is not drawn"
    );
    assert!(
        ink > 2_000 && ink < px.len() / 2,
        "{ink} dark pixels of {}",
        px.len()
    );
}
