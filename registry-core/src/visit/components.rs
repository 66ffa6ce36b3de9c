//! The totals a visit's components give, computed again by the instruments: SALT from its four
//! views, EASI from its regions (with the multipliers for the age on the visit date), each
//! questionnaire from its items. Entry refuses a total that disagrees with its components, but
//! rows stored before (legacy data, older rules) may hold one: the data-quality report compares.

use rust_decimal::Decimal;

use super::VisitInput;
use crate::instruments::easi::{Easi, EasiInput};
use crate::instruments::pro::{Cdlqi, Dlqi, Idqol, ItemsInput, Poem};
use crate::instruments::salt::{Salt, SaltInput};

/// The total of every instrument of `input` entered with components (`salt`, `easi`, `poem`,
/// `dlqi`, `cdlqi`, `idqol`), ignoring any total sent beside them; instruments whose
/// components do not parse, or do not give a total (two items missing), are left out.
pub fn totals_from_components(input: &VisitInput, age_years: u32) -> Vec<(&'static str, Decimal)> {
    let mut out = Vec::new();
    if let Some(s) = &input.salt
        && s.top.is_some()
        && s.back.is_some()
        && s.right.is_some()
        && s.left.is_some()
    {
        let views = SaltInput {
            total: None,
            ..s.clone()
        };
        if let Ok(salt) = Salt::from_input(&views) {
            out.push(("salt", salt.total()));
        }
    }
    if let Some(regions) = input.easi.as_ref().and_then(|e| e.regions.clone()) {
        let e = EasiInput {
            regions: Some(regions),
            total: None,
        };
        if let Ok(checked) = Easi::from_input(&e, age_years) {
            out.push(("easi", checked.value.total()));
        }
    }
    let items = |q: &Option<ItemsInput>| {
        q.as_ref()
            .and_then(|q| q.items.clone())
            .map(|items| ItemsInput {
                items: Some(items),
                total: None,
            })
    };
    if let Some(t) = items(&input.poem).and_then(|q| Poem::from_input(&q).ok()?.total()) {
        out.push(("poem", Decimal::from(t)));
    }
    if let Some(t) = items(&input.dlqi).and_then(|q| Dlqi::from_input(&q).ok()?.total()) {
        out.push(("dlqi", Decimal::from(t)));
    }
    if let Some(t) = items(&input.cdlqi).and_then(|q| Cdlqi::from_input(&q).ok()?.total()) {
        out.push(("cdlqi", Decimal::from(t)));
    }
    if let Some(t) = items(&input.idqol).and_then(|q| Idqol::from_input(&q).ok()?.total()) {
        out.push(("idqol", Decimal::from(t)));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    #[test]
    fn components_give_their_totals_whatever_total_is_sent() {
        let input: VisitInput = serde_json::from_str(
            r#"{"salt": {"top": 100, "back": 50, "right": 0, "left": 0, "total": 60},
                "poem": {"items": [1, 1, 1, 1, 1, 1, 1]}, "dlqi": {"total": 4}}"#,
        )
        .unwrap();
        assert_eq!(
            totals_from_components(&input, 30),
            vec![("salt", dec!(52.0)), ("poem", dec!(7))]
        );
    }
}
