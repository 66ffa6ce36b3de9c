//! The published figures the report puts the cohort next to: what, the report's key (outcome |
//! group), the nominal week, the figure and its source; one per line, fields separated by `;`.
//! `calibration.rs` lists where each comes from; `docs/demo-data.md` records a measured run.

/// One published figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure<'a> {
    /// What is measured, in words.
    pub what: &'a str,
    /// Key of the proportion in the report (`EASI-75 | dupilumab`).
    pub key: &'a str,
    /// Nominal week.
    pub week: u32,
    /// The published figure.
    pub published: &'a str,
    /// Where it comes from.
    pub source: &'a str,
}

const TABLE: &str = "\
AA baricitinib 4 mg; SALT ≤ 20 | baricitinib 4 mg; 24; —; BRAVE-AA1/2
AA baricitinib 4 mg; SALT ≤ 20 | baricitinib 4 mg; 36; 38.8 % (35.9 %); BRAVE-AA1 (AA2), seed 003
AA baricitinib 4 mg; SALT ≤ 20 | baricitinib 4 mg; 52; rising, ≈ 40 %; BRAVE-AA1/2
  baseline SALT 50–94; SALT ≤ 20 | baricitinib 4 mg, baseline SALT 50–94; 52; higher; BRAVE-AA subgroups
  baseline SALT ≥ 95; SALT ≤ 20 | baricitinib 4 mg, baseline SALT ≥ 95; 52; lower, slower; BRAVE-AA subgroups
AA baricitinib 2 mg; SALT ≤ 20 | baricitinib 2 mg; 36; 22.8 %; BRAVE-AA1
AA ritlecitinib 50 mg; SALT ≤ 20 | ritlecitinib; 24; 23 % (23–31 %); ALLEGRO-2b/3, seed 003
AA ritlecitinib 50 mg; SALT ≤ 20 | ritlecitinib; 52; ≈ 40 % (W48); ALLEGRO, seed 003
AA ciclosporin; SALT ≤ 20 | ciclosporin; 52; assumption ≈ 25 %; project
AA methotrexate; SALT ≤ 20 | methotrexate; 52; assumption ≈ 22 %; project
AD dupilumab; EASI-75 | dupilumab; 16; ≈ 60 %; issue brief
AD dupilumab; EASI-75 | dupilumab; 52; ≈ 70 %; issue brief
AD tralokinumab; EASI-75 | tralokinumab; 16; ≈ 56 %; ECZTRA 3
AD lebrikizumab 12–17 y; EASI-75 | lebrikizumab, 12–17 y; 52; 81.9 %; ADore, seed 000
AD lebrikizumab; EASI-75 | lebrikizumab; 52; 81.9 %; ADore, seed 000
AD lebrikizumab; vIGA 0/1 | lebrikizumab; 52; 62.6 % (IGA); ADore, seed 000
AD upadacitinib 15 mg; EASI-75 | upadacitinib 15 mg; 16; ≈ 70 %; Measure Up 1
AD upadacitinib 30 mg; EASI-75 | upadacitinib 30 mg; 16; ≈ 80 %; Measure Up 1
AD abrocitinib 200 mg 12–17 y; EASI-75 | abrocitinib 200 mg, 12–17 y; 16; 72.0 % (W12); JADE TEEN, seed 000
AD abrocitinib 100 mg 12–17 y; EASI-75 | abrocitinib 100 mg, 12–17 y; 16; 68.5 % (W12); JADE TEEN, seed 000
AD abrocitinib 200 mg; PP-NRS4 | abrocitinib 200 mg; 16; 55.4 % (W12, teens); JADE TEEN, seed 000
AD abrocitinib 100 mg; PP-NRS4 | abrocitinib 100 mg; 16; 52.6 % (W12, teens); JADE TEEN, seed 000
AD baricitinib 4 mg 2–17 y; EASI-75 | baricitinib 4 mg, 2–17 y; 16; 52.5 %; BREEZE-AD-PEDS, seed 000
AD baricitinib 4 mg 2–17 y; EASI-75 | baricitinib 4 mg, 2–17 y; 52; 71.6 %; BREEZE-AD-PEDS, seed 000
AD baricitinib 2 mg 2–17 y; EASI-75 | baricitinib 2 mg, 2–17 y; 16; 40.0 %; BREEZE-AD-PEDS, seed 000
AD baricitinib 2 mg 2–17 y; EASI-75 | baricitinib 2 mg, 2–17 y; 52; 60.9 %; BREEZE-AD-PEDS, seed 000
AD baricitinib 4 mg; PP-NRS4 | baricitinib 4 mg; 16; 35.5 % (children); BREEZE-AD-PEDS, seed 000";

/// Every figure, in report order.
pub fn figures() -> impl Iterator<Item = Figure<'static>> {
    TABLE.lines().filter_map(|line| {
        let mut f = line.split("; ");
        let (what, key, week, published, source) =
            (f.next()?, f.next()?, f.next()?, f.next()?, f.next()?);
        Some(Figure {
            what,
            key,
            week: week.parse().ok()?,
            published,
            source,
        })
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_a_figure() {
        assert_eq!(figures().count(), TABLE.lines().count());
        let first = figures().next().unwrap();
        assert_eq!(
            (first.key, first.week),
            ("SALT ≤ 20 | baricitinib 4 mg", 24)
        );
    }
}
