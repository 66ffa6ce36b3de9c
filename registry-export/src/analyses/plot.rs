//! Step curves as SVG: each series a Kaplan–Meier or Aalen–Johansen step function with its 95 %
//! band, the time axis in weeks, and the number at risk under the axis at every tick. The file is
//! written by hand (a few dozen elements) so it is byte-for-byte the same for the same curves —
//! releases are reproducible — and opens in any browser without scripts or fonts.

use std::fmt::Write as _;

/// One point of a step curve: from `day` on the curve is at `estimate`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Study day the value holds from.
    pub day: i64,
    /// The estimate (0–1).
    pub estimate: f64,
    /// The band, when known.
    pub band: Option<(f64, f64)>,
}

/// One curve of a plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend text (`Kaplan–Meier 1 − S`).
    pub label: String,
    /// The steps in day order (the curve starts at 0 on day 0).
    pub steps: Vec<Step>,
    /// Number at risk at each tick day (`None` where it is not shown: fewer than 5).
    pub at_risk: Vec<(i64, Option<usize>)>,
}

/// A plot: a title, a y-axis label and its curves, up to `max_day`.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    /// Title (`SALT ≤ 20 — baricitinib`).
    pub title: String,
    /// What the y axis shows.
    pub y_label: String,
    /// The curves.
    pub series: Vec<Series>,
    /// The last day shown.
    pub max_day: i64,
}

const WIDTH: f64 = 720.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 50.0;
const PLOT_HEIGHT: f64 = 300.0;
const ROW: f64 = 18.0;
const COLOURS: [&str; 4] = ["#1f5f8b", "#b5482a", "#4b7f2a", "#6b4c9a"];

/// The ticks of the time axis in weeks: every 4, 12, 26 or 52 weeks, whichever gives at most
/// ten ticks.
pub fn tick_weeks(max_day: i64) -> Vec<i64> {
    let weeks = (max_day.max(7) + 6) / 7;
    let every = [4, 12, 26, 52, 104]
        .into_iter()
        .find(|e| weeks / e <= 10)
        .unwrap_or(104);
    (0..=weeks / every).map(|k| k * every).collect()
}

/// The number at risk under each tick of the time axis up to `max_day` (ticks in days, from
/// [`tick_weeks`]): that of the first step on or after the tick (a step carries the number at
/// risk just before its day), or `None` past the curve's end, where no number is shown.
pub fn at_risk_at_ticks(max_day: i64, steps: &[(i64, usize)]) -> Vec<(i64, Option<usize>)> {
    tick_weeks(max_day)
        .into_iter()
        .map(|week| {
            let day = week * 7;
            (day, steps.iter().find(|(d, _)| *d >= day).map(|(_, n)| *n))
        })
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The plot as an SVG document.
pub fn svg(plot: &Plot) -> String {
    let ticks = tick_weeks(plot.max_day);
    let last_week = ticks.last().copied().unwrap_or(4).max(1);
    let span = (last_week * 7).max(plot.max_day).max(1) as f64;
    let plot_width = WIDTH - LEFT - RIGHT;
    let x = |day: i64| LEFT + plot_width * (day as f64 / span).clamp(0.0, 1.0);
    let y = |v: f64| TOP + PLOT_HEIGHT * (1.0 - v.clamp(0.0, 1.0));
    let table_top = TOP + PLOT_HEIGHT + 48.0;
    let height = table_top + ROW * (plot.series.len() as f64 + 1.0) + 10.0;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = write!(
        out,
        r#"<title>{t}</title><text x="{LEFT}" y="24" font-size="16">{t}</text>"#,
        t = escape(&plot.title)
    );
    axes(&mut out, &ticks, plot, &x, &y);
    for (i, series) in plot.series.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        band(&mut out, series, plot.max_day, colour, &x, &y);
        line(&mut out, series, plot.max_day, colour, &x, &y);
        let _ = write!(
            out,
            r#"<text x="{lx:.1}" y="{ly:.1}" fill="{colour}">{label}</text>"#,
            lx = LEFT + 10.0,
            ly = TOP + 16.0 + 16.0 * i as f64,
            label = escape(&series.label)
        );
    }
    at_risk_table(&mut out, plot, &ticks, table_top, &x);
    out.push_str("</svg>\n");
    out
}

fn axes(
    out: &mut String,
    ticks: &[i64],
    plot: &Plot,
    x: &dyn Fn(i64) -> f64,
    y: &dyn Fn(f64) -> f64,
) {
    let (x0, x1, y0, y1) = (x(0), WIDTH - RIGHT, y(0.0), y(1.0));
    let _ = write!(
        out,
        r##"<path d="M{x0:.1},{y1:.1}V{y0:.1}H{x1:.1}" fill="none" stroke="#333"/>"##
    );
    for k in 0..=4 {
        let v = f64::from(k) / 4.0;
        let _ = write!(
            out,
            r##"<path d="M{a:.1},{b:.1}H{x0:.1}" stroke="#333"/><text x="{t:.1}" y="{ty:.1}" text-anchor="end">{p}%</text>"##,
            a = x0 - 4.0,
            b = y(v),
            t = x0 - 7.0,
            ty = y(v) + 4.0,
            p = k * 25
        );
    }
    for week in ticks {
        let tx = x(week * 7);
        let _ = write!(
            out,
            r##"<path d="M{tx:.1},{y0:.1}v4" stroke="#333"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="middle">{week}</text>"##,
            ty = y0 + 17.0
        );
    }
    let _ = write!(
        out,
        r#"<text x="{cx:.1}" y="{ly:.1}" text-anchor="middle">weeks since start</text><text transform="translate(16,{my:.1}) rotate(-90)" text-anchor="middle">{label}</text>"#,
        cx = (x0 + x1) / 2.0,
        ly = y0 + 34.0,
        my = (y0 + y1) / 2.0,
        label = escape(&plot.y_label)
    );
}

/// The step path through `points` (day, value) from day 0 to `end`.
fn step_path(
    points: &[(i64, f64)],
    end: i64,
    x: &dyn Fn(i64) -> f64,
    y: &dyn Fn(f64) -> f64,
) -> String {
    let mut d = String::new();
    let _ = write!(d, "M{:.1},{:.1}", x(0), y(0.0));
    for &(day, value) in points {
        let _ = write!(d, "H{:.1}V{:.1}", x(day), y(value));
    }
    let _ = write!(d, "H{:.1}", x(end));
    d
}

fn line(
    out: &mut String,
    s: &Series,
    end: i64,
    colour: &str,
    x: &dyn Fn(i64) -> f64,
    y: &dyn Fn(f64) -> f64,
) {
    let points: Vec<(i64, f64)> = s.steps.iter().map(|p| (p.day, p.estimate)).collect();
    let _ = write!(
        out,
        r#"<path d="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
        step_path(&points, end, x, y)
    );
}

/// The band as one polygon: along the upper limits, back along the lower ones.
fn band(
    out: &mut String,
    s: &Series,
    end: i64,
    colour: &str,
    x: &dyn Fn(i64) -> f64,
    y: &dyn Fn(f64) -> f64,
) {
    let banded: Vec<(i64, f64, f64)> = s
        .steps
        .iter()
        .filter_map(|p| p.band.map(|(lo, hi)| (p.day, lo, hi)))
        .collect();
    if banded.is_empty() {
        return;
    }
    let mut d = String::new();
    for (i, (day, _, hi)) in banded.iter().enumerate() {
        let next = banded.get(i + 1).map_or(end, |n| n.0);
        let _ = write!(
            d,
            "{}{:.1},{:.1}H{:.1}",
            if i == 0 { "M" } else { "L" },
            x(*day),
            y(*hi),
            x(next)
        );
    }
    for (i, (day, lo, _)) in banded.iter().enumerate().rev() {
        let next = banded.get(i + 1).map_or(end, |n| n.0);
        let _ = write!(d, "L{:.1},{:.1}H{:.1}", x(next), y(*lo), x(*day));
    }
    d.push('Z');
    let _ = write!(
        out,
        r#"<path d="{d}" fill="{colour}" fill-opacity="0.15" stroke="none"/>"#
    );
}

fn at_risk_table(out: &mut String, plot: &Plot, ticks: &[i64], top: f64, x: &dyn Fn(i64) -> f64) {
    let _ = write!(
        out,
        r#"<text x="{LEFT}" y="{top:.1}" font-weight="bold">Number at risk</text>"#
    );
    for (i, series) in plot.series.iter().enumerate() {
        let row_y = top + ROW * (i as f64 + 1.0);
        for week in ticks {
            let day = week * 7;
            let shown = series.at_risk.iter().find(|(d, _)| *d == day).map_or_else(
                || "".to_owned(),
                |(_, n)| n.map_or_else(|| "<5".to_owned(), |n| n.to_string()),
            );
            let _ = write!(
                out,
                r#"<text x="{tx:.1}" y="{row_y:.1}" text-anchor="middle" fill="{c}">{shown}</text>"#,
                shown = escape(&shown),
                tx = x(day),
                c = COLOURS[i % COLOURS.len()]
            );
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn plot() -> Plot {
        Plot {
            title: "SALT ≤ 20 — baricitinib".into(),
            y_label: "responded".into(),
            series: vec![Series {
                label: "Kaplan–Meier 1 − S".into(),
                steps: vec![
                    Step {
                        day: 84,
                        estimate: 0.125,
                        band: Some((0.02, 0.5)),
                    },
                    Step {
                        day: 168,
                        estimate: 0.4,
                        band: Some((0.15, 0.7)),
                    },
                ],
                at_risk: vec![(0, Some(8)), (84, Some(8)), (168, Some(5)), (252, None)],
            }],
            max_day: 364,
        }
    }

    #[test]
    fn ticks_stay_few_whatever_the_follow_up() {
        assert_eq!(tick_weeks(364), vec![0, 12, 24, 36, 48]);
        assert_eq!(tick_weeks(60), vec![0, 4, 8]);
        assert!(tick_weeks(3650).len() <= 11);
    }

    #[test]
    fn the_svg_has_the_curve_its_band_and_the_numbers_at_risk() {
        let s = svg(&plot());
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(s.ends_with("</svg>\n"));
        assert!(s.contains("SALT ≤ 20 — baricitinib"));
        assert!(s.contains("fill-opacity=\"0.15\""), "the band");
        assert!(
            s.contains(">8</text>") && s.contains(">&lt;5</text>"),
            "at risk: {s}"
        );
        assert_eq!(s, svg(&plot()), "the same curves give the same bytes");
    }
}
