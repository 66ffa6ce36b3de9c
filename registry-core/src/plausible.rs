//! Plausible ranges *(project convention)*: values the entry rules accept (a weight up to 400 kg,
//! any lab value of 0 or more) but that are biologically unlikely enough to ask the center
//! whether they were entered right — a typo, a wrong unit, a value of another patient. The
//! data-quality report lists every stored value outside them; nothing is refused.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

use crate::labs::Analyte;

/// A plausible range, both ends inclusive, in the value's canonical unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlausibleRange {
    /// Lowest plausible value.
    pub low: Decimal,
    /// Highest plausible value.
    pub high: Decimal,
}

impl PlausibleRange {
    /// True when `value` lies in the range.
    pub fn contains(self, value: Decimal) -> bool {
        (self.low..=self.high).contains(&value)
    }
}

const fn range(low: Decimal, high: Decimal) -> PlausibleRange {
    PlausibleRange { low, high }
}

/// Body weight, kg: 1.5 to 250 (a newborn to a very heavy adult).
pub const WEIGHT_KG: PlausibleRange = range(dec!(1.5), dec!(250));

/// The plausible range of a numeric analyte in its canonical unit (`None` for qualitative tests):
/// Hb 3–12 mmol/L; leukocytes 0.5–100, lymphocytes 0.05–50, neutrophils 0.1–80, platelets
/// 5–1500 ×10⁹/L; ALAT 2–3000 U/L; CK 10–50000 U/L; creatinine 15–1500 µmol/L; total cholesterol
/// 1.5–20, HDL 0.2–5, LDL 0.3–15, triglycerides 0.2–50 mmol/L.
pub fn lab(analyte: Analyte) -> Option<PlausibleRange> {
    use Analyte as A;
    Some(match analyte {
        A::Hb => range(dec!(3), dec!(12)),
        A::Leukocytes => range(dec!(0.5), dec!(100)),
        A::Lymphocytes => range(dec!(0.05), dec!(50)),
        A::Neutrophils => range(dec!(0.1), dec!(80)),
        A::Platelets => range(dec!(5), dec!(1500)),
        A::Alat => range(dec!(2), dec!(3000)),
        A::Ck => range(dec!(10), dec!(50000)),
        A::Creatinine => range(dec!(15), dec!(1500)),
        A::CholesterolTotal => range(dec!(1.5), dec!(20)),
        A::Hdl => range(dec!(0.2), dec!(5)),
        A::Ldl => range(dec!(0.3), dec!(15)),
        A::Triglycerides => range(dec!(0.2), dec!(50)),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bounds_are_inclusive_and_qualitative_tests_have_none() {
        assert!(WEIGHT_KG.contains(dec!(250)) && !WEIGHT_KG.contains(dec!(250.1)));
        let platelets =
            lab(Analyte::Platelets).map(|r| (r.contains(dec!(5)), r.contains(dec!(4.9))));
        assert_eq!(platelets, Some((true, false)));
        assert_eq!(lab(Analyte::Hiv), None);
        // Every numeric analyte has a range.
        for a in Analyte::ALL {
            assert_eq!(
                lab(a).is_some(),
                crate::labs::canonical_unit(a).is_some(),
                "{a:?}"
            );
        }
    }
}
